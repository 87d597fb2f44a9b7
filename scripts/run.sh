#!/usr/bin/env bash
# Starts the widget (production build, one port) on the embedded SQLite database, and the
# demo host pages on a second origin. `scripts/run.sh dev` runs Reflex's hot-reload server.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

mkdir -p data
alma-widget-check-content >/dev/null
echo "==> Migrating the database"
reflex db migrate
if [ -z "${ALMA_SMTP_HOST:-}" ]; then
  echo "    No ALMA_SMTP_HOST: requests are stored and wait in the outbox (see README)."
fi

if [ "${1:-}" = "dev" ]; then
  echo "==> Starting the widget in development mode: http://localhost:3000"
  exec reflex run --frontend-port 3000 --backend-port 8000
fi

python scripts/demo_server.py --port 3001 --widget-origin http://localhost:3000 &
demo_pid=$!
trap 'kill "$demo_pid" 2>/dev/null || true' EXIT INT TERM
cat <<'URLS'
==> Starting the widget (production build):
      widget                       http://localhost:3000
      demo merchant checkout page  http://127.0.0.1:3001/checkout.html
      demo customer dashboard      http://127.0.0.1:3001/dashboard.html
    Ctrl+C to stop.
URLS
reflex run --env prod --single-port --frontend-port 3000
