#!/usr/bin/env bash
# Installs what the tests use besides the engine: Debian packages (interop peers and tools), then the Node
# interop peers' npm packages, pinned by tests/Codemason.Controller.Tests/Interop/node/package-lock.json, into
# .codemason/node-interop/node_modules (the tests find them there through NODE_PATH).
# Idempotent; needs root only when a Debian package is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# docker-registry: a real registry for the build push tests (tests/Codemason.Agent.Tests/Builds/LocalRegistry.cs).
# pebble: Let's Encrypt's ACME test server for the ACME client tests (tests/Codemason.Acme.Tests/Pebble/PebbleServer.cs).
PACKAGES=(python3-grpcio python3-protobuf iproute2 tmux prometheus docker-registry pebble)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node: any node on PATH will do (a machine may carry another build, which brings its own npm); Debian's otherwise.
# A node without npm beside it is Debian's nodejs, which ships npm as a package of its own.
if ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "ensure-test-tools: missing ${missing[*]}; install them as root" >&2; exit 1; }
  echo "ensure-test-tools: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # The engine script ran apt-get update already when it installed anything; update again only if install fails.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# npm ci only when the committed lock file differs from the installed one (or nothing is installed).
NODE_PEERS=tests/Codemason.Controller.Tests/Interop/node
NODE_PREFIX=.codemason/node-interop
if [ -d "$NODE_PREFIX/node_modules/@grpc/grpc-js" ] && cmp -s "$NODE_PEERS/package-lock.json" "$NODE_PREFIX/package-lock.json"; then
  exit 0
fi
echo "ensure-test-tools: npm ci of the Node interop peers into $NODE_PREFIX" >&2
mkdir -p "$NODE_PREFIX"
cp "$NODE_PEERS/package.json" "$NODE_PEERS/package-lock.json" "$NODE_PREFIX/"
# No install scripts: the pinned packages need none (protobufjs's only checks its optional CLI).
(cd "$NODE_PREFIX" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
