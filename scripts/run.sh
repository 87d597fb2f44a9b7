#!/usr/bin/env bash
# Starts the widget (production build, one port) on the embedded SQLite database, and the
# demo host pages on a second origin. `scripts/run.sh dev` runs Reflex's hot-reload server.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

"$ROOT/scripts/prepare_data.sh"
if [ -z "${ALMA_SMTP_HOST:-}" ]; then
  echo "    No ALMA_SMTP_HOST: requests are stored and wait in the outbox (see README)."
fi

# Signed-in customers: a secret of this run's own when none is configured, shared with the
# demo server, which plays Alma's account backend for /spa.html (README, Signed-in customers).
if [ -z "${ALMA_IDENTITY_SECRETS:-}" ]; then
  ALMA_IDENTITY_SECRETS="demo-run:$(python -c 'import secrets; print(secrets.token_urlsafe(32))')"
  export ALMA_IDENTITY_SECRETS
fi

if [ "${1:-}" = "dev" ]; then
  echo "==> Starting the widget in development mode: http://localhost:3000"
  exec reflex run --frontend-port 3000 --backend-port 8000
fi

# The back office's download and export links are signed with a secret of this run's own.
if [ -z "${ALMA_LINK_SECRET:-}" ]; then
  ALMA_LINK_SECRET="$(python -c 'import secrets; print(secrets.token_urlsafe(32))')"
  export ALMA_LINK_SECRET
fi

# The back office needs a password: a fresh one for this local run when none is configured.
admin_line="    back office                  http://localhost:3000/admin (ALMA_ADMIN_PASSWORD_HASH)"
if [ -z "${ALMA_ADMIN_PASSWORD_HASH:-}" ]; then
  admin_password="$(python -c 'import secrets; print(secrets.token_urlsafe(12))')"
  ALMA_ADMIN_PASSWORD_HASH="$(printf '%s\n' "$admin_password" | alma-widget-hash-password)"
  export ALMA_ADMIN_PASSWORD_HASH
  admin_line="      back office                  http://localhost:3000/admin  user: ${ALMA_ADMIN_USER:-support}  password: $admin_password (this run only)"
fi

python -m harness.demo_server --port 3001 --widget-origin http://localhost:3000 &
demo_pid=$!
trap 'kill "$demo_pid" 2>/dev/null || true' EXIT INT TERM
cat <<'URLS'
==> Starting the widget (production build):
      widget                       http://localhost:3000
      demo merchant checkout page  http://127.0.0.1:3001/checkout.html
      demo customer dashboard      http://127.0.0.1:3001/dashboard.html
      demo single-page dashboard   http://127.0.0.1:3001/spa.html (sign in as Marie or Hugo)
      demo PCI DSS payment page    http://127.0.0.1:3001/strict.html (strict CSP; ?mode=launcher)
URLS
echo "$admin_line"
echo "    Ctrl+C to stop."
reflex run --env prod --single-port --frontend-port 3000
