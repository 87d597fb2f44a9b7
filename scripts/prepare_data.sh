#!/usr/bin/env bash
# What `make run` does to the data before it starts the widget (scripts/run.sh): the content
# checked, the database migrated, the retention periods applied. Production schedules the
# purge instead (README, Personal data).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

mkdir -p data
alma-widget-check-content >/dev/null
echo "==> Migrating the database"
reflex db migrate
# Retention applied at every start here.
alma-widget-purge
