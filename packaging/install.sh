#!/usr/bin/env bash
# Installs the Codemason controller on this server as a container (default) or a systemd service.
# Read it before piping it to a shell. Needs root and a Docker engine (for the container and for
# the agent that `mason agent install-command` prints afterwards).
#
#   packaging/install.sh                 # controller container codemason-controller on port 7400
#   packaging/install.sh --systemd DIR   # DIR = a published controller (dotnet publish controller -r linux-x64 --self-contained)
set -euo pipefail

IMAGE=${CODEMASON_CONTROLLER_IMAGE:-codemason/controller:latest}
PORT=${CODEMASON_PORT:-7400}
# Extra names/IPs for the controller's TLS certificate, e.g. CODEMASON_TLS_SAN=mason.example.com,203.0.113.7
TLS_SAN=${CODEMASON_TLS_SAN:-}

fail() { printf 'install: error: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run as root"

if [ "${1:-}" = "--systemd" ]; then
  src=${2:-}
  [ -x "$src/codemason-controller" ] || fail "--systemd needs a published controller directory holding codemason-controller"
  install -d /opt/codemason/controller
  cp -a "$src/." /opt/codemason/controller/
  install -m 0644 "$(dirname "$0")/codemason-controller.service" /etc/systemd/system/codemason-controller.service
  systemctl daemon-reload
  systemctl enable --now codemason-controller
  for _ in $(seq 1 50); do [ -s /var/lib/codemason/admin-token ] && break; sleep 0.2; done
  echo "controller running (systemd); admin token: /var/lib/codemason/admin-token"
  echo "next: sudo cat /var/lib/codemason/admin-token | mason login --controller http://127.0.0.1:7400 --token-stdin"
  exit 0
fi

command -v docker >/dev/null || fail "docker is not installed (Debian: apt-get install docker.io)"
docker image inspect "$IMAGE" >/dev/null 2>&1 || fail "image $IMAGE is missing; build it with 'make image' or pull it"
if docker ps -aq --filter name=^codemason-controller$ | grep -q .; then
  echo "codemason-controller is already installed; leaving it as it is"
else
  docker run -d --name codemason-controller --restart=always -p "$PORT:7400" \
    -v codemason-controller:/var/lib/codemason "$IMAGE" ${TLS_SAN:+--tls-san "$TLS_SAN"} >/dev/null
fi
for _ in $(seq 1 50); do
  token=$(docker exec codemason-controller cat /var/lib/codemason/admin-token 2>/dev/null || true)
  [ -n "$token" ] && break
  sleep 0.2
done
[ -n "${token:-}" ] || fail "the controller did not start; see: docker logs codemason-controller"
# The container listens on 0.0.0.0, so the port serves TLS with the controller's own CA; clients pin it.
fingerprint=$(docker logs codemason-controller 2>/dev/null | grep -o 'CA fingerprint sha256:[0-9a-f]\{64\}' | tail -n 1 | cut -d' ' -f3)
[ -n "$fingerprint" ] || fail "the controller printed no CA fingerprint; see: docker logs codemason-controller"
echo "controller running on port $PORT (TLS, CA fingerprint $fingerprint)"
# The token itself is not printed (terminal scrollback, CI logs): it is read from the container when logging in.
echo "next: docker exec codemason-controller cat /var/lib/codemason/admin-token | mason login --controller https://<this-server>:$PORT --ca-fingerprint $fingerprint --token-stdin"
echo "then: mason env create production && mason agent install-command --env production --controller-url https://<this-server>:$PORT"
