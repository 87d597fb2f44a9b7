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
# The workers' metrics meet in one folder, emptied before they start (alma_widget/metrics.py).
export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-$ROOT/data/metrics}"
rm -rf "$PROMETHEUS_MULTIPROC_DIR"
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"

alma-widget-check-content >/dev/null
# The attachments' folder or bucket must answer and accept files: said in one line if not.
alma-widget-check-storage
echo "==> Migrating the database"
reflex db migrate
echo "==> Serving on port $port with $GRANIAN_WORKERS workers; health: http://localhost:$port/health"
if [ -n "${ALMA_METRICS_TOKEN:-}" ]; then
  echo "==> Metrics: http://localhost:$port/metrics (bearer ALMA_METRICS_TOKEN; docs/operations.md)"
else
  echo "==> Metrics: off (set ALMA_METRICS_TOKEN to serve /metrics; docs/operations.md)"
fi
exec reflex run --env prod --single-port --frontend-port "$port" --backend-host "${HOST:-0.0.0.0}" --loglevel warning
