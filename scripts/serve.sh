#!/usr/bin/env bash
# Production: several workers sharing state in Redis and requests in PostgreSQL.
#   REFLEX_DB_URL=postgresql+psycopg://... REFLEX_REDIS_URL=redis://... make serve
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

missing=()
[ -n "${REFLEX_DB_URL:-}" ] || missing+=(REFLEX_DB_URL)
[ -n "${REFLEX_REDIS_URL:-}" ] || missing+=(REFLEX_REDIS_URL)
# The same on every worker and kept across restarts: the back office's links are signed with it.
[ -n "${ALMA_LINK_SECRET:-}" ] || missing+=(ALMA_LINK_SECRET)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "make serve needs ${missing[*]} (see README, Production)." >&2
  exit 2
fi
export GRANIAN_WORKERS="${ALMA_WORKERS:-3}"
export ALMA_LOG_FORMAT="${ALMA_LOG_FORMAT:-json}"
# Rate-limit counters shared by the workers.
export ALMA_RATE_LIMIT_STORAGE="${ALMA_RATE_LIMIT_STORAGE:-$REFLEX_REDIS_URL}"
port="${PORT:-3000}"

alma-widget-check-content >/dev/null
# The attachments' folder or bucket must answer and accept files: said in one line if not.
alma-widget-check-storage
echo "==> Migrating the database"
reflex db migrate
echo "==> Serving on port $port with $GRANIAN_WORKERS workers; health: http://localhost:$port/health"
exec reflex run --env prod --single-port --frontend-port "$port" --backend-host "${HOST:-0.0.0.0}" --loglevel warning
