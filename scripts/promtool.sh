#!/usr/bin/env bash
# Prints the path of a promtool that checks deploy/prometheus/ (the tests call it).
# Order: one on PATH; else the one in .tools/, taken from Debian's `prometheus` package: the
# package is downloaded and only its promtool extracted (installing it would start a
# Prometheus server on this machine).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

if command -v promtool >/dev/null; then
  command -v promtool
  exit 0
fi
tool=.tools/prometheus/usr/bin/promtool
if [ ! -x "$tool" ]; then
  echo "==> Extracting promtool from Debian's prometheus package into .tools/" >&2
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  if ! (cd "$work" && apt-get download prometheus >&2 2>/dev/null); then
    apt-get update -qq >&2
    (cd "$work" && apt-get download prometheus >&2)
  fi
  dpkg-deb -x "$work"/prometheus_*.deb .tools/prometheus
fi
echo "$ROOT/$tool"
