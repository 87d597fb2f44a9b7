# Sourced by every project command: the environment that keeps Reflex on this machine.
# Reflex would otherwise download bun, probe a mirror registry, check PyPI for a newer
# version and send telemetry; here bun comes from the npm registry into .tools/.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.venv/bin:$ROOT/.tools/node_modules/.bin:$PATH"
export REFLEX_USE_SYSTEM_BUN=1
export REFLEX_TELEMETRY_ENABLED=false
export REFLEX_CHECK_LATEST_VERSION=false
export NPM_CONFIG_REGISTRY="${NPM_CONFIG_REGISTRY:-https://registry.npmjs.org}"
export NPM_CONFIG_UPDATE_NOTIFIER=false
export PYTHONUNBUFFERED=1
# Node, bun and uv trust the system's certificate store, as pip and curl do: a company's
# TLS proxy puts its authority there (npm's own cafile setting is lost under --prefix).
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
export UV_SYSTEM_CERTS="${UV_SYSTEM_CERTS:-1}"
