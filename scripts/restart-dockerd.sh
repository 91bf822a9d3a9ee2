#!/usr/bin/env bash
# Restarts the Docker engine that scripts/ensure-docker.sh started (its pid is in
# $CODEMASON_STATE_DIR/dockerd.pid): used by the engine-restart fault test. Exit 3 when this
# project did not start the engine (then it is not ours to restart).
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=${CODEMASON_STATE_DIR:-$(pwd)/.codemason}
pidfile="$STATE/dockerd.pid"
[ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "restart-dockerd: the engine was not started by this project" >&2; exit 3; }
pid=$(cat "$pidfile")
kill -TERM "$pid"
for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && { echo "restart-dockerd: dockerd $pid did not stop" >&2; exit 1; }
CODEMASON_STATE_DIR="$STATE" scripts/ensure-docker.sh
