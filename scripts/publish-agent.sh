#!/usr/bin/env bash
# Publishes the agent as it ships: compiled ahead of time (NativeAOT, linux-x64, self-contained, one executable plus
# libe_sqlite3.so) into .codemason/native/agent (or $1). Incremental: an up-to-date publish rewrites nothing, so agents
# started from that folder keep running while it is called again.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-$(pwd)/.codemason/native/agent}
dotnet publish agent/Codemason.Agent.csproj -c Release -r linux-x64 -nologo -v quiet -clp:ErrorsOnly -o "$OUT" >&2
echo "$OUT/codemason-agent"
