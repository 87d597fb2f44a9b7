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
TERSER_VERSION=5.51.2

# The Python: PYTHON=… when given, else the newest supported python3.X on the PATH (python3
# last). The supported range is pyproject.toml's requires-python, read by the candidate itself.
python_fits() {
  "$1" - pyproject.toml 2>/dev/null <<'PY'
import re, sys, tomllib
wanted = tomllib.load(open(sys.argv[1], "rb"))["project"]["requires-python"]
low = re.search(r">=\s*([\d.]+)", wanted)
high = re.search(r"<\s*([\d.]+)", wanted)
version = sys.version_info[:3]
as_tuple = lambda text: tuple(int(part) for part in text.split("."))
sys.exit(0 if (not low or version >= as_tuple(low[1])) and (not high or version < as_tuple(high[1])) else 1)
PY
}
# Looked up on the caller's PATH: env.sh put this project's own .venv in front of it.
outside_path="${PATH//$ROOT\/.venv\/bin:/}"
find_python() { PATH="$outside_path" command -v "$1" || true; }
supported="$(sed -n 's/^requires-python = "\(.*\)"/\1/p' pyproject.toml)"
if [ -n "${PYTHON:-}" ]; then
  chosen="$(find_python "$PYTHON")"
  if [ -z "$chosen" ] || ! python_fits "$chosen"; then
    found="$(PATH="$outside_path" "$PYTHON" -c 'import sys; print("Python", sys.version.split()[0])' 2>/dev/null || echo "no working Python")"
    echo "setup: PYTHON=$PYTHON is $found; alma_widget needs Python $supported: name another, e.g. make run PYTHON=python3.12" >&2
    exit 2
  fi
else
  chosen=""
  for candidate in python3.13 python3.12 python3.11 python3; do
    path="$(find_python "$candidate")"
    if [ -n "$path" ] && python_fits "$path"; then chosen="$path"; break; fi
  done
  if [ -z "$chosen" ]; then
    found="$(PATH="$outside_path" python3 -c 'import sys; print(sys.version.split()[0])' 2>/dev/null || echo "none")"
    echo "setup: no supported Python on the PATH (python3 is $found); alma_widget needs Python $supported: install one, or name it with make run PYTHON=/path/to/python3.X" >&2
    exit 2
  fi
fi
# An existing .venv is kept unless it was made by an unsupported Python or PYTHON names another.
if [ -x .venv/bin/python ]; then
  made_by="$(.venv/bin/python -c 'import os, sys; print(os.path.realpath(sys._base_executable))' 2>/dev/null || true)"
  wanted_by="$("$chosen" -c 'import os, sys; print(os.path.realpath(sys.executable))')"
  if ! python_fits .venv/bin/python || { [ -n "${PYTHON:-}" ] && [ "$made_by" != "$wanted_by" ]; }; then
    echo "==> Removing .venv: made by another Python than $chosen"
    rm -rf .venv
  fi
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment (.venv) with $chosen ($("$chosen" -c 'import sys; print(sys.version.split()[0])'))"
  "$chosen" -m venv .venv
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

# terser, exactly: the scripts sent before the first touch are minified by it (web/minify.py),
# and their sizes in make bench were measured with this one.
if [ "$(cat .tools/node_modules/terser/package.json 2>/dev/null | grep -o '"version": "[^"]*"')" != "\"version\": \"$TERSER_VERSION\"" ]; then
  echo "==> Installing terser $TERSER_VERSION from the npm registry into .tools/"
  npm install --prefix .tools --no-audit --no-fund --silent --save-exact "terser@$TERSER_VERSION"
fi

# The help search (search/): its npm packages, pinned by search/package-lock.json, bundled
# with bun into assets/search.js, which the page loads, with the stemmer and stop words of
# each content file's language (search/build.js): a new content file rebuilds it.
lock_stamp=search/node_modules/.installed-$(sha256sum search/package-lock.json | cut -c1-16)
if [ ! -f "$lock_stamp" ]; then
  echo "==> Installing the search's npm packages (search/node_modules)"
  npm ci --prefix search --no-audit --no-fund --silent
  touch "$lock_stamp"
fi
if [ ! -f assets/search.js ] || [ -n "$(find search/*.js alma_widget/content "$lock_stamp" -newer assets/search.js)" ]; then
  bun search/build.js alma_widget/content assets/search.js
fi
