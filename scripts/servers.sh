#!/usr/bin/env bash
# The servers the tests and benches start themselves on loopback (harness/redis_server.py,
# harness/postgres.py): Debian's redis-server and PostgreSQL, installed when missing (as
# root, like the browsers), so that `make test` works on a fresh machine on its own.
set -euo pipefail
# dpkg runs ldconfig and friends from the sbin folders, missing from a plain shell's PATH.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

packages=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  packages+=(postgresql)
fi
command -v redis-server >/dev/null || packages+=(redis-server)
[ "${#packages[@]}" -gt 0 ] || exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "The tests need ${packages[*]}: install them (Debian: apt-get install ${packages[*]})." >&2
  exit 1
fi
echo "==> Installing Debian's ${packages[*]} (the tests start their own servers on loopback)" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
# Debian starts the packaged services; the tests use their own, on other ports.
for service in redis-server postgresql; do
  service "$service" stop >/dev/null 2>&1 || true
done
