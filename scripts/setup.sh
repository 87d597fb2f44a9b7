#!/usr/bin/env bash
# scripts/setup.sh [dev|serve]: creates .venv, installs the Python dependencies from their
# lock file (requirements/dev.txt for make run and make test, requirements/serve.txt for
# make serve: no test tools in production) and bun. Reruns only what changed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

profile="${1:-dev}"
lock="requirements/$profile.txt"
[ -f "$lock" ] || { echo "setup: no lock file $lock (dev or serve)" >&2; exit 2; }
# bun, exactly: Reflex's build and the search bundle were measured with this one.
BUN_VERSION=1.4.5

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment (.venv)"
  "$PYTHON" -m venv .venv
fi

# Reinstall when the lock file or pyproject.toml changed since the last install. The lock
# pins every package with its hashes (make lock writes it from pyproject.toml's ranges).
stamp=.venv/.installed-$profile-$(cat "$lock" pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "==> Installing Python dependencies ($lock)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lock"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# bun: the one on PATH if it is that version, else from the npm registry (Reflex's own
# download reaches a host this machine cannot).
if [ "$(bun --version 2>/dev/null)" != "$BUN_VERSION" ]; then
  echo "==> Installing bun $BUN_VERSION from the npm registry into .tools/"
  npm install --prefix .tools --no-audit --no-fund --silent --save-exact "bun@$BUN_VERSION"
  [ "$(bun --version)" = "$BUN_VERSION" ]
fi

# The help search (search/): its npm packages, pinned by search/package-lock.json, bundled
# with bun into assets/search.js, which the page loads.
lock_stamp=search/node_modules/.installed-$(sha256sum search/package-lock.json | cut -c1-16)
if [ ! -f "$lock_stamp" ]; then
  echo "==> Installing the search's npm packages (search/node_modules)"
  npm ci --prefix search --no-audit --no-fund --silent
  touch "$lock_stamp"
fi
if [ ! -f assets/search.js ] || [ -n "$(find search/page.js search/search.js "$lock_stamp" -newer assets/search.js)" ]; then
  bun build search/page.js --outfile assets/search.js --format iife --minify --target browser >/dev/null
fi
