#!/usr/bin/env bash
# scripts/lock.sh [--upgrade]: writes the lock files from pyproject.toml, every package pinned
# with its hashes: requirements/serve.txt (the widget) and requirements/dev.txt (the widget and
# its test tools). One universal resolution (uv) for every Python that requires-python admits:
# a dependency needed on some of them only (async-timeout below 3.11.3, Debian 12's 3.11.2)
# is pinned with its environment marker. Existing pins are kept unless --upgrade.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

oldest="$(sed -n 's/^requires-python = ">=\([0-9.]*\).*/\1/p' pyproject.toml)"
common=(--quiet --universal --python-version "$oldest" --generate-hashes
  --custom-compile-command "make lock" "$@")
uv pip compile "${common[@]}" --output-file requirements/serve.txt pyproject.toml
uv pip compile "${common[@]}" --extra dev --output-file requirements/dev.txt pyproject.toml
echo "requirements/serve.txt and requirements/dev.txt written (Python $oldest and newer)"
