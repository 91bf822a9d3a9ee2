#!/usr/bin/env bash
# Publishes a program as it ships: compiled ahead of time (NativeAOT, linux-x64, self-contained) into
# .codemason/native/<program> (or $2), and prints the executable's path.
#   scripts/publish-native.sh agent   # codemason-agent (plus libe_sqlite3.so)
#   scripts/publish-native.sh mason   # the mason CLI
#   scripts/publish-native.sh edge    # codemason-edge, the edge proxy (docs/edge.md)
# Incremental: an up-to-date publish rewrites nothing, so processes started from that folder keep running.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  agent) project=agent/Codemason.Agent.csproj; executable=codemason-agent ;;
  mason) project=cli/Codemason.Cli.csproj; executable=mason ;;
  edge) project=edge/Codemason.Edge.csproj; executable=codemason-edge ;;
  *) echo "usage: scripts/publish-native.sh agent|mason|edge [output folder]" >&2; exit 2 ;;
esac
OUT=${2:-$(pwd)/.codemason/native/$1}
dotnet publish "$project" -c Release -r linux-x64 -nologo -v quiet -clp:ErrorsOnly -o "$OUT" >&2
echo "$OUT/$executable"
