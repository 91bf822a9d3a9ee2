#!/usr/bin/env bash
# Installs the Debian packages the tests use besides the engine (interop peers and tools).
# Idempotent; needs root only when something is missing.
set -euo pipefail

PACKAGES=(python3-grpcio python3-protobuf iproute2 tmux prometheus)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" -eq 0 ] || { echo "ensure-test-tools: missing ${missing[*]}; install them as root" >&2; exit 1; }
echo "ensure-test-tools: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# The engine script ran apt-get update already when it installed anything; update again only if install fails.
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
