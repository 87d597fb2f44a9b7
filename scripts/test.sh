#!/usr/bin/env bash
# scripts/test.sh unit|e2e [pytest args]: one of the two test runs.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

suite="$1"
shift
case "$suite" in
  unit)
    exec python -m pytest tests/unit "$@"
    ;;
  e2e)
    ALMA_TEST_CHROMIUM="$(scripts/browser.sh)"
    export ALMA_TEST_CHROMIUM
    exec python -m pytest tests/e2e "$@"
    ;;
  *)
    echo "usage: scripts/test.sh unit|e2e" >&2
    exit 2
    ;;
esac
