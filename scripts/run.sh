#!/usr/bin/env bash
# Starts the widget on the embedded SQLite database: http://localhost:3000
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

mkdir -p data
alma-widget-check-content >/dev/null
if [ -f alembic.ini ]; then
  echo "==> Migrating the database"
  reflex db migrate
fi
if [ -z "${ALMA_SMTP_HOST:-}" ]; then
  echo "    No ALMA_SMTP_HOST: requests are stored and wait in the outbox (see README)."
fi
echo "==> Starting the widget: http://localhost:3000 (Ctrl+C to stop)"
exec reflex run --frontend-port 3000 --backend-port 8000
