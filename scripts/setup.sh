#!/usr/bin/env bash
# Creates .venv, installs the Python dependencies and bun. Reruns only what changed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment (.venv)"
  "$PYTHON" -m venv .venv
fi

# Reinstall when pyproject.toml changed since the last install.
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "==> Installing Python dependencies"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# bun: the one on PATH if it runs, else from the npm registry (Reflex's own download
# reaches a host this machine cannot).
if ! bun --version >/dev/null 2>&1; then
  echo "==> Installing bun from the npm registry into .tools/"
  npm install --prefix .tools --no-audit --no-fund --silent bun@1
  bun --version >/dev/null
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
