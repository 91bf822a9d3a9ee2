#!/usr/bin/env bash
# make run: the whole product on one machine. Builds, starts the controller (SQLite under
# ./.codemason/) and one agent, deploys examples/shop, waits until it runs, prints where it
# answers and what to try, and keeps running until Ctrl-C, which stops the controller and the
# agent it started. The deployed containers keep running (as they would when an agent restarts);
# a second `make run` adopts them and changes nothing. `make run-clean` removes the example.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE=${CODEMASON_RUN_STATE:-$(pwd)/.codemason/run}
LISTEN=${CODEMASON_RUN_LISTEN:-http://127.0.0.1:7400}
ENVIRONMENT=${CODEMASON_RUN_ENV:-dev}
EXAMPLE=${CODEMASON_RUN_EXAMPLE:-examples/shop/mason.json}
BIN_CONTROLLER=controller/bin/Release/net10.0/codemason-controller
BIN_AGENT=.codemason/native/agent/codemason-agent
BIN_MASON=.codemason/native/mason/mason

say() { printf '\033[1mrun:\033[0m %s\n' "$*"; }
fail() { printf 'run: error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$STATE"
export XDG_CONFIG_HOME="$STATE/config"
mason() { "$BIN_MASON" "$@"; }

say "building (Release)"
dotnet build Codemason.Agent.sln -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || fail "the build failed; run 'make build' to see why"
say "publishing the agent and mason as they ship (ahead-of-time compiled; a few minutes the first time)"
for program in agent mason; do
  scripts/publish-native.sh $program >/dev/null || fail "publishing $program failed; run scripts/publish-native.sh $program to see why"
done

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
# which need root and may be taken; its image is the one `make engine` built.
"$BIN_CONTROLLER" --data "$STATE/controller" --listen "$LISTEN" \
  --Edge:Image=local/edge:latest --Edge:HttpPort=8088 --Edge:HttpsPort=8443 --Edge:MetricsPort=9188 >"$STATE/controller.log" 2>&1 &
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

  The example answers through the edge at  https://shop.localhost:8443/
    (curl -k: a self-signed certificate until you add one; https://shop.localhost:8443/cgi-bin/db asks the
    database; http://shop.localhost:8088/ redirects there). A new version starts beside the old one: no request lost.

  Try, in another terminal:
    export XDG_CONFIG_HOME=$XDG_CONFIG_HOME
    $BIN_MASON status
    $BIN_MASON logs shop
    $BIN_MASON scale shop/db=2 --wait
    $BIN_MASON routes                     # shop.localhost → shop/web and the replica behind it
    $BIN_MASON history shop
    docker kill \$(docker ps -q --filter label=codemason.service=db | head -1)   # the agent restarts it
    $BIN_MASON nodes

  Ctrl-C stops the controller and the agent.
MSG
wait "${pids[@]}"
