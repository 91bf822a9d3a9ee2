#!/usr/bin/env bash
# The peer comparison of `make bench` on its own: Codemason (controller + agent + mason) vs
# docker-compose, Docker Swarm and the raw engine API. Installs the peers first.
#   scripts/bench-peers.sh [--quick] [--repetitions N] [--output DIR]
#   scripts/bench-peers.sh --leave-swarm      only leave a swarm an interrupted bench left on
# CODEMASON_BENCH_PEERS_SIZES=10,50 picks the sizes (default 10,50,100).
# CODEMASON_BENCH_PEERS_PARTS=crash,kill runs only those parts (sizes, web+db, kill, crash, footprint, rollout; default all).
# Swarm mode is left on exit, however the bench ends, when the bench turned it on (marker file).
set -uo pipefail
cd "$(dirname "$0")/.."
CONFIGURATION=${CONFIGURATION:-Release}
MARKER=/tmp/codemason-bench-peers.swarm

leave_swarm() {
  if [ -f "$MARKER" ]; then
    docker swarm leave --force >/dev/null 2>&1
    [ "$(docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)" = inactive ] && rm -f "$MARKER"
  fi
  return 0
}
if [ "${1:-}" = "--leave-swarm" ]; then leave_swarm; exit 0; fi
trap leave_swarm EXIT
trap 'exit 130' INT TERM

scripts/ensure-bench-peers.sh || echo "bench-peers: docker-compose could not be installed; its figures are skipped" >&2
args=("$@")
has_output=0
for a in "$@"; do [ "$a" = --output ] && has_output=1; done
[ $has_output -eq 1 ] || args+=(--output bench)
dotnet run --no-build --project bench/Codemason.Bench.csproj -c "$CONFIGURATION" -- --only peers "${args[@]}"
