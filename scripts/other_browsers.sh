#!/usr/bin/env bash
# Makes Firefox ESR and WebKitGTK (with its WebDriver and a virtual display) available to the
# cross-browser tests (tests/e2e/test_other_browsers.py, harness/other_browsers.py): Debian's
# packages, installed when missing and run as root. Elsewhere those tests say what is missing.
set -euo pipefail

needed=()
command -v firefox-esr >/dev/null || needed+=(firefox-esr)
command -v WebKitWebDriver >/dev/null || needed+=(webkit2gtk-driver)
command -v Xvfb >/dev/null || needed+=(xvfb)
if [ "${#needed[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "==> Installing Debian's ${needed[*]} (the cross-browser tests)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
else
  echo "==> ${needed[*]} missing: the cross-browser tests will be skipped" >&2
fi
