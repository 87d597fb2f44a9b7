#!/usr/bin/env bash
# scripts/test.sh unit|e2e [pytest args]: one of the two test runs.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

suite="$1"
shift
# Test paths given on the command line replace the suite's folder.
paths=("tests/${suite%-production}")
for arg in "$@"; do
  case "$arg" in tests/*) paths=() ;; esac
done
# Redis and PostgreSQL, which both runs start on loopback (installed here when missing).
scripts/servers.sh
case "$suite" in
  unit)
    exec python -m pytest "${paths[@]}" "$@"
    ;;
  e2e | e2e-production | network | network-production)
    # The production pass: the same suite on Redis, PostgreSQL and three workers.
    case "$suite" in *-production) export ALMA_E2E_STACK=production ;; esac
    ALMA_TEST_CHROMIUM="$(scripts/browser.sh)"
    export ALMA_TEST_CHROMIUM
    # Firefox and WebKitGTK for tests/e2e/test_other_browsers.py (the embedded pass).
    [ "$suite" != e2e ] || scripts/other_browsers.sh
    # In file order: the browser runs share one server and build, and read best that way.
    exec python -m pytest -p no:randomly "${paths[@]}" "$@"
    ;;
  *)
    echo "usage: scripts/test.sh unit|e2e|e2e-production|network|network-production" >&2
    exit 2
    ;;
esac
