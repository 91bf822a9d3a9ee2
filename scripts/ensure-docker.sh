#!/usr/bin/env bash
# Makes sure a Docker engine answers on the local socket: installs Debian's docker.io
# (and the packages the tests need) when missing, starts dockerd when it is not running,
# and waits until GET /_ping answers. Idempotent; safe to run before every test run.
set -euo pipefail

SOCKET=${DOCKER_SOCKET:-/var/run/docker.sock}
LOG_DIR=${CODEMASON_STATE_DIR:-$(pwd)/.codemason}
PACKAGES=(docker.io busybox-static curl)

log() { printf 'ensure-docker: %s\n' "$*" >&2; }
fail() { printf 'ensure-docker: error: %s\n' "$*" >&2; exit 1; }

ping_engine() {
  curl -sf --max-time 2 --unix-socket "$SOCKET" http://localhost/_ping >/dev/null 2>&1
}

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || fail "missing packages: ${missing[*]} (run as root or install them: apt-get install ${missing[*]})"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed"
}

start_dockerd() {
  command -v dockerd >/dev/null || fail "dockerd not found after installing docker.io"
  [ "$(id -u)" -eq 0 ] || fail "the Docker engine is not answering on $SOCKET and starting dockerd needs root"
  mkdir -p "$LOG_DIR"
  log "starting dockerd (log: $LOG_DIR/dockerd.log)"
  # setsid: dockerd must outlive this script and the make process that ran it.
  setsid dockerd >"$LOG_DIR/dockerd.log" 2>&1 < /dev/null &
  echo $! > "$LOG_DIR/dockerd.pid"
}

wait_for_engine() {
  local deadline=$((SECONDS + ${DOCKER_WAIT_SECONDS:-60}))
  until ping_engine; do
    [ $SECONDS -lt $deadline ] || fail "the Docker engine did not answer GET /_ping on $SOCKET within ${DOCKER_WAIT_SECONDS:-60}s (see $LOG_DIR/dockerd.log)"
    sleep 0.5
  done
}

install_packages
if ! ping_engine; then
  start_dockerd
  wait_for_engine
fi
api=$(curl -s --unix-socket "$SOCKET" http://localhost/version | grep -o '"ApiVersion":"[^"]*"' | head -1 | cut -d'"' -f4)
log "engine answers on $SOCKET (API $api)"
