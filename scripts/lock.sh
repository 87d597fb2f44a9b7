#!/usr/bin/env bash
# scripts/lock.sh [--upgrade]: writes the lock files from pyproject.toml (pip-tools), every
# package pinned with its hashes: requirements/serve.txt (the widget) and requirements/dev.txt
# (the widget and its test tools). Existing pins are kept unless --upgrade.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

export CUSTOM_COMPILE_COMMAND="make lock"
common=(--quiet --strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links "$@")
pip-compile "${common[@]}" --output-file requirements/serve.txt pyproject.toml
pip-compile "${common[@]}" --extra dev --output-file requirements/dev.txt pyproject.toml
echo "requirements/serve.txt and requirements/dev.txt written"
