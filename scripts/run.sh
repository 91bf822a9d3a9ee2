#!/usr/bin/env bash
# make run: the whole product on one machine. Builds, starts the controller (SQLite under
# ./.codemason/) and one agent, deploys examples/shop, waits until it runs, prints where it
# answers and what to try, and keeps running until Ctrl-C, which stops the controller and the
# agent it started. The deployed containers keep running (as they would when an agent restarts);
# a second `make run` adopts them and changes nothing. `make run-clean` removes the example.
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT=$(pwd)
STATE=${CODEMASON_RUN_STATE:-$ROOT/.codemason/run}
LISTEN=${CODEMASON_RUN_LISTEN:-http://127.0.0.1:7400}
ENVIRONMENT=${CODEMASON_RUN_ENV:-dev}
EXAMPLE=${CODEMASON_RUN_EXAMPLE:-examples/shop/mason.json}
HTTP_PORT=${CODEMASON_RUN_HTTP_PORT:-8088}
HTTPS_PORT=${CODEMASON_RUN_HTTPS_PORT:-8443}
EDGE_METRICS_PORT=${CODEMASON_RUN_EDGE_METRICS_PORT:-9188}
# The ordinary Release build (JIT), which compiles in a fraction of the time of the ahead-of-time one; images, the
# bench and the tests of the shipped binaries keep NativeAOT (scripts/publish-native.sh).
BIN_CONTROLLER=$ROOT/controller/bin/Release/net10.0/codemason-controller
BIN_AGENT=$ROOT/agent/bin/Release/net10.0/codemason-agent
MASON_DIR=$ROOT/cli/bin/Release/net10.0
BIN_MASON=$MASON_DIR/mason

say() { printf '\033[1mrun:\033[0m %s\n' "$*"; }
fail() { printf 'run: error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$STATE"
# mason's settings for this run (controller, token, environment): its own file, which the printed commands name too,
# so they work from any shell and leave the user's own `mason login` alone.
export CODEMASON_CONFIG="$STATE/config/codemason/config.json"
mason() { "$BIN_MASON" "$@"; }

say "building the controller, the agent and mason (Release)"
dotnet build scripts/run.slnf -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null \
  || fail "the build failed; run 'dotnet build scripts/run.slnf -c Release' to see why"

pids=()
stop() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    say "stopping the agent and the controller (the example keeps running; 'make run-clean' removes it)"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop INT TERM EXIT

say "starting the controller on $LISTEN (data: $STATE/controller, log: $STATE/controller.log)"
# The edge proxy (docs/edge.md) serves the example's domain on 8088 (HTTP) and 8443 (HTTPS) rather than 80 and 443,
# which need root and may be taken (CODEMASON_RUN_HTTP_PORT / _HTTPS_PORT change them); its image is the one
# `make engine` built.
"$BIN_CONTROLLER" --data "$STATE/controller" --listen "$LISTEN" \
  --Edge:Image=local/edge:latest --Edge:HttpPort="$HTTP_PORT" --Edge:HttpsPort="$HTTPS_PORT" --Edge:MetricsPort="$EDGE_METRICS_PORT" \
  >"$STATE/controller.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  grep -q "listening on" "$STATE/controller.log" 2>/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || fail "the controller exited: $(tail -5 "$STATE/controller.log")"
  sleep 0.2
done
grep -q "listening on" "$STATE/controller.log" || fail "the controller did not start; see $STATE/controller.log"

mason login --controller "$LISTEN" --token-file "$STATE/controller/admin-token" --env "$ENVIRONMENT" >/dev/null
if ! mason env list -o json | grep -q "\"$ENVIRONMENT\""; then
  mason env create "$ENVIRONMENT" >/dev/null
  say "created environment $ENVIRONMENT"
fi

agent_args=(--controller "$LISTEN" --state "$STATE/agent.db" --stop-timeout 00:00:02)
# The controller is on loopback, so the agent would advertise 127.0.0.1 and give each app a network of its own. It
# advertises the address other servers would reach this one at (the source of the default route; a route lookup, no
# traffic), so the environment is one network and links between apps resolve: a catalog item created for a link
# (mason deploy --create postgres) is an app of its own.
advertise=$(ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p')
if [ -n "$advertise" ]; then
  agent_args+=(--advertise-address "$advertise")
else
  say "no default route: each app gets a network of its own, and links between apps do not resolve"
fi
join_token=""
if [ ! -s "$STATE/agent.db" ]; then
  # First run: the agent joins with a short-lived single-use token, passed in its environment (not its argv, which
  # ps shows); later runs use the credential it saved.
  join_token=$(mason env token "$ENVIRONMENT" --expires 10m --uses 1 2>/dev/null)
fi
say "starting the agent (state: $STATE/agent.db, log: $STATE/agent.log)"
CODEMASON_TOKEN="$join_token" "$BIN_AGENT" "${agent_args[@]}" >"$STATE/agent.log" 2>&1 &
pids+=($!)

say "deploying $EXAMPLE to $ENVIRONMENT"
mason deploy "$EXAMPLE" --env "$ENVIRONMENT" --wait --timeout 3m

cat <<MSG

  The example answers through the edge at  https://shop.localhost:$HTTPS_PORT/
    (curl -k: a self-signed certificate until you add one; https://shop.localhost:$HTTPS_PORT/cgi-bin/db asks the
    database; http://shop.localhost:$HTTP_PORT/ redirects there). A new version starts beside the old one: no request lost.

  Try, in another terminal (the first line puts this build's mason on your PATH and points it at this controller,
  its token and the environment $ENVIRONMENT; your own mason login is untouched):
    export PATH="$MASON_DIR:\$PATH" CODEMASON_CONFIG="$CODEMASON_CONFIG"
    mason status
    mason logs shop
    mason scale shop/db=2 --wait
    mason routes                     # shop.localhost → shop/web and the replica behind it
    mason history shop
    docker kill \$(docker ps -q --filter label=codemason.environment=$ENVIRONMENT --filter label=codemason.service=db | head -1)   # the agent restarts it
    mason nodes
    mason catalog list               # ready-made services: mason add redis --app shop --set REDIS_PASSWORD=...

  Ctrl-C stops the controller and the agent; make run-clean removes what it left.
MSG
wait "${pids[@]}"
