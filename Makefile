# Codemason — the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
CONFIGURATION ?= Release
SOLUTION := Codemason.Agent.sln

.PHONY: help build test fuzz bench bench-peers run run-clean image engine test-tools cluster cluster-down clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

build: ## build everything (warnings are errors)
	dotnet build $(SOLUTION) -c $(CONFIGURATION) -nologo

engine: ## install and start a Docker engine when none answers, build the local test images (busybox, the redis:7 and postgres:17 stand-ins), the registry and the edge images
	@scripts/ensure-docker.sh
	@scripts/build-test-images.sh
	@scripts/build-service-images.sh
	@packaging/registry-image.sh
	@packaging/edge-image.sh

test-tools: ## install the Debian packages the tests use besides the engine (interop peers)
	@scripts/ensure-test-tools.sh

test: engine test-tools ## unit and integration tests on the real engine; ends with "tests: N passed, M failed"
	@scripts/run-tests.sh

FUZZ_SECONDS ?= 300

fuzz: ## fuzz the mason.json pipeline for FUZZ_SECONDS (make test does 5 s)
	dotnet build $(SOLUTION) -c $(CONFIGURATION) -nologo -v quiet -clp:ErrorsOnly
	CODEMASON_FUZZ_SECONDS=$(FUZZ_SECONDS) dotnet test $(SOLUTION) -c $(CONFIGURATION) --no-build -nologo --filter "Category=Fuzz" --logger "console;verbosity=normal"

bench: engine ## run the benchmarks; writes bench/RESULTS.md and bench/results.json
	@scripts/ensure-bench-peers.sh || echo "bench: a peer is missing (docker-compose, haproxy, caddy); the peers and edge benchmarks skip its figures" >&2
	dotnet build $(SOLUTION) -c $(CONFIGURATION) -nologo -v quiet -clp:ErrorsOnly
	CODEMASON_AGENT_BINARY=$$(scripts/publish-native.sh agent) && CODEMASON_MASON_BINARY=$$(scripts/publish-native.sh mason) && \
	CODEMASON_EDGE_BINARY=$$(scripts/publish-native.sh edge) && \
	export CODEMASON_AGENT_BINARY CODEMASON_MASON_BINARY CODEMASON_EDGE_BINARY && \
	dotnet run --no-build --project bench/Codemason.Bench.csproj -c $(CONFIGURATION) -- --output bench $(BENCH_ARGS); \
	  status=$$?; scripts/bench-peers.sh --leave-swarm; exit $$status

bench-peers: engine ## only the comparison with docker-compose, swarm and the raw engine (docs/benchmarks.md)
	dotnet build $(SOLUTION) -c $(CONFIGURATION) -nologo -v quiet -clp:ErrorsOnly
	CODEMASON_AGENT_BINARY=$$(scripts/publish-native.sh agent) CODEMASON_MASON_BINARY=$$(scripts/publish-native.sh mason) \
	  scripts/bench-peers.sh $(BENCH_ARGS)

run: engine ## the main job: controller + one agent on this machine, deploys examples/shop, runs until Ctrl-C
	@scripts/run.sh

run-clean: ## remove what `make run` left: the example's containers, network, volumes, its edge, the environment's overlay and state
	@f="--filter label=codemason.managed=true --filter label=codemason.environment=dev --filter label=codemason.app=shop"; \
	  ids=$$(docker ps -aq $$f); [ -z "$$ids" ] || docker rm -f $$ids >/dev/null; \
	  ids=$$(docker network ls -q $$f); [ -z "$$ids" ] || docker network rm $$ids >/dev/null; \
	  ids=$$(docker volume ls -q $$f); [ -z "$$ids" ] || docker volume rm $$ids >/dev/null; \
	  e="--filter label=codemason.managed=true --filter label=codemason.edge=dev"; \
	  ids=$$(docker ps -aq $$e); [ -z "$$ids" ] || docker rm -f $$ids >/dev/null; \
	  ids=$$(docker volume ls -q $$e); [ -z "$$ids" ] || docker volume rm $$ids >/dev/null; \
	  for n in $$(docker network ls -q --filter label=codemason.managed=true --filter label=codemason.environment=dev --filter label=codemason.overlay.vni); do \
	    vni=$$(docker network inspect -f '{{index .Labels "codemason.overlay.vni"}}' $$n); docker network rm $$n >/dev/null; \
	    ip link del cmvx$$vni 2>/dev/null || true; \
	    iptables -S | grep -- "cmbr$$vni" | sed 's/^-A /-D /' | while read -r rule; do eval iptables $$rule; done; \
	  done
	rm -rf .codemason/run

NODES ?= 3

cluster: engine ## NODES engines (default 3) in network namespaces on one bridge; prints how to use them
	@scripts/cluster.sh up $(NODES)

cluster-down: ## remove what `make cluster` made (engines, mounts, namespaces, links, bridge)
	@scripts/cluster.sh down

image: engine ## build the agent, controller and edge images (codemason/agent, codemason/controller, codemason/edge) without a registry
	@packaging/build-images.sh

clean: ## remove build output and local state
	@[ "$$(id -u)" -ne 0 ] || { scripts/cluster.sh down-all && CODEMASON_CLUSTER_DIR=$$(pwd)/.codemason/cluster-tests scripts/cluster.sh down-all; }
	dotnet clean $(SOLUTION) -nologo -v quiet
	rm -rf .codemason
