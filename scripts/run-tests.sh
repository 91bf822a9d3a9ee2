#!/usr/bin/env bash
# Runs every test project of the solution (unit and [Category("Integration")] tests),
# removes whatever the tests left on the engine, and prints one summary line:
#   tests: N passed, M failed, K skipped
# Exit code: 0 when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."

RESULTS=${TEST_RESULTS_DIR:-$(pwd)/.codemason/test-results}
CONFIGURATION=${CONFIGURATION:-Release}
rm -rf "$RESULTS"; mkdir -p "$RESULTS"

# The test label every container, network and volume made by a test carries.
TEST_LABEL=codemason.test

cleanup_engine() {
  local ids
  ids=$(docker ps -aq --filter "label=$TEST_LABEL" 2>/dev/null)
  [ -n "$ids" ] && docker rm -f $ids >/dev/null 2>&1
  ids=$(docker network ls -q --filter "label=$TEST_LABEL" 2>/dev/null)
  [ -n "$ids" ] && docker network rm $ids >/dev/null 2>&1
  ids=$(docker volume ls -q --filter "label=$TEST_LABEL" 2>/dev/null)
  [ -n "$ids" ] && docker volume rm -f $ids >/dev/null 2>&1
  # Multi-node harnesses a killed test process left (tests/Codemason.Testing/Cluster keeps them apart from make cluster's).
  [ "$(id -u)" -ne 0 ] || CODEMASON_CLUSTER_DIR="$(pwd)/.codemason/cluster-tests" scripts/cluster.sh down-all >/dev/null 2>&1
  return 0
}
trap cleanup_engine EXIT

dotnet build Codemason.Agent.sln -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly
build_rc=$?
if [ $build_rc -ne 0 ]; then
  echo "build failed"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

# The agent and mason as they ship (NativeAOT): the process tests, the CLI binary tests, the faults suite and
# the bench smoke run these binaries.
if ! CODEMASON_AGENT_BINARY=$(scripts/publish-native.sh agent) || ! CODEMASON_MASON_BINARY=$(scripts/publish-native.sh mason) \
   || ! CODEMASON_EDGE_BINARY=$(scripts/publish-native.sh edge); then
  echo "publishing the agent, mason or the edge (NativeAOT) failed"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi
export CODEMASON_AGENT_BINARY CODEMASON_MASON_BINARY CODEMASON_EDGE_BINARY
echo "under test: $CODEMASON_AGENT_BINARY, $CODEMASON_MASON_BINARY and $CODEMASON_EDGE_BINARY (ahead-of-time builds)"

# Everything but the disruptive tests and those that need the machine alone runs in parallel (one process per test
# project)...
dotnet test Codemason.Agent.sln -c "$CONFIGURATION" --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$RESULTS" --filter "${TEST_FILTER:-Category!=Disruptive&Category!=Alone}"
test_rc=$?
# ...then the tests that restart the engine run alone, since they would break the others, with those that count failed
# requests under load (category Alone), which the others running beside them would disturb — one project at a time
# (-m:1), since several projects hold such tests.
if [ -z "${TEST_FILTER:-}" ]; then
  dotnet test Codemason.Agent.sln -c "$CONFIGURATION" --no-build -nologo -m:1 \
    --logger "trx" --logger "console;verbosity=normal" \
    --results-directory "$RESULTS/disruptive" --filter "Category=Disruptive|Category=Alone"
  [ $? -eq 0 ] || test_rc=1
fi

# The peers benchmark at N = 3 (docs/benchmarks.md), so the bench code cannot rot. It counts as one test and fails
# only when the bench code or a tool breaks (codemason-bench exits 1 on a "failed:" note), never on speed.
bench_passed=0; bench_failed=0
if [ -z "${TEST_FILTER:-}" ] && [ "${SKIP_BENCH_SMOKE:-0}" != 1 ]; then
  echo "bench smoke: scripts/bench-peers.sh --quick (log: $RESULTS/bench-peers.log)"
  if timeout 900 scripts/bench-peers.sh --quick --output "$RESULTS/bench-peers" >"$RESULTS/bench-peers.log" 2>&1; then
    bench_passed=1; echo "bench smoke: passed"
  else
    bench_failed=1; echo "bench smoke: FAILED"; tail -n 20 "$RESULTS/bench-peers.log"
  fi
fi

passed=$bench_passed; failed=$bench_failed; skipped=0; files=0
for trx in "$RESULTS"/*.trx "$RESULTS"/disruptive/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

# A test process that crashed leaves no report: count it as a failure, never as silence.
if [ $test_rc -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
if [ $files -eq 0 ]; then failed=$((failed + 1)); fi

# The names of the failed tests, last, so that the tail of a CI log says what failed.
if [ $failed -gt 0 ]; then
  echo
  echo "failed tests:"
  for trx in "$RESULTS"/*.trx "$RESULTS"/disruptive/*.trx; do
    [ -f "$trx" ] || continue
    grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\)"[^>]*>' "$trx" \
      | grep -o 'testName="[^"]*"' | sed 's/^testName="\(.*\)"$/  \1/'
  done
fi

echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
