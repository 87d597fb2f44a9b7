#!/usr/bin/env bash
# Makes a Chromium available to the end-to-end tests and prints its path (empty: Playwright's).
# Order: /usr/bin/chromium; else Debian's chromium when root; else `playwright install`.
set -euo pipefail
source "$(dirname "$0")/env.sh"

if [ -x /usr/bin/chromium ]; then
  echo /usr/bin/chromium
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "==> Installing Debian's chromium" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  echo /usr/bin/chromium
  exit 0
fi
echo "==> Installing Playwright's chromium" >&2
playwright install chromium >&2
echo ""
