#!/usr/bin/env bash
# Installs the peers `make bench` compares Codemason with, from Debian's packages:
# docker-compose (1.29); haproxy (2.6) and caddy (2.6) for the edge proxy's benchmark (`--only edge`).
# Swarm mode needs nothing: it is part of the engine.
# Idempotent; needs root only when something is missing.
set -euo pipefail

PACKAGES=(docker-compose haproxy caddy)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" -eq 0 ] || { echo "ensure-bench-peers: missing ${missing[*]}; install them as root" >&2; exit 1; }
echo "ensure-bench-peers: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
