#!/usr/bin/env bash
# A multi-node harness on this one machine: N Docker engines, each in its own network namespace, joined by
# veth pairs to a bridge in the root namespace on a private /24 that exists only inside this machine.
#
#   scripts/cluster.sh up [N]       start N nodes (default 3); prints where they are
#   scripts/cluster.sh down         remove everything `up` made, even after a half-failed `up` (idempotent)
#   scripts/cluster.sh stop-node K  SIGKILL node K's engine, containers and every process in its namespace (its agent
#                                   too) and take its eth0 down, as when the server dies; the rest stays until `down`
#   scripts/cluster.sh cut K        cut node K off from the other nodes and the host side (a partition); idempotent
#   scripts/cluster.sh heal K       join node K again; idempotent
#   scripts/cluster.sh status       print the nodes of a running cluster and how to use them
#   scripts/cluster.sh env          print the cluster's state file (KEY=VALUE lines, read by the test fixture)
#   scripts/cluster.sh list         the clusters under the state root (e.g. left by a test process that was killed)
#   scripts/cluster.sh down-all     down every cluster under the state root
#
# Options (flags before the command, or environment):
#   --name NAME    CODEMASON_CLUSTER_NAME    prefix of every namespace and link, [a-z][a-z0-9]{0,7} (default cm)
#   --subnet I     CODEMASON_CLUSTER_SUBNET  third octet of 10.213.I.0/24, or auto: the first one no link uses (default auto)
#   --dir DIR      CODEMASON_CLUSTER_DIR     state root; the cluster lives in DIR/NAME (default <repo>/.codemason/cluster)
#   --data-size S  CODEMASON_CLUSTER_DATA_SIZE  each engine's data root on its own ext4 file system of size S (e.g. 400M,
#                                            a loop mount under the node's directory), so a test can fill a node's disk
#                                            (default: none, the data root is a directory)
#   CODEMASON_CLUSTER_IMAGES                 images copied into every engine (default $CODEMASON_TEST_IMAGE or local/busybox:1,
#                                            and the registry and edge images, local/registry:2.8 and local/edge:latest,
#                                            when the main engine has them)
#   CODEMASON_CLUSTER_SOURCE                 engine the images are saved from (default unix:///var/run/docker.sock)
#
# Layout, for cluster NAME on subnet I: bridge NAME-br at 10.213.I.1 (the host side: a controller listens here);
# node k is namespace NAME-nk with eth0 at 10.213.I.(10+k) (default route via the bridge), host-side veth NAME-nkh,
# and its own dockerd (started with nsenter --net: `ip netns exec` remounts /sys and dockerd then fails with
# "Devices cgroup isn't mounted") with data root, exec root, pidfile, socket and log under DIR/NAME/nk and
# --bip 10.(213+k).I.1/24.
#
# cut K takes node K's host-side veth NAME-nKh down: the bridge port is disabled, so no frame passes between the
# node and the bridge either way: neither its agent's traffic to a controller on the host side nor the VXLAN
# (UDP 4789) frames between its overlay and the other nodes', nor anything its engine publishes. The node's own
# eth0 stays up with its address and default route (only its carrier goes), so heal K (the veth up again) restores
# everything without touching the namespace, and the TCP connections inside it resume where they were. down
# removes a cut node like any other.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
NAME=${CODEMASON_CLUSTER_NAME:-cm}
SUBNET=${CODEMASON_CLUSTER_SUBNET:-auto}
STATE_ROOT=${CODEMASON_CLUSTER_DIR:-$REPO/.codemason/cluster}
DATA_SIZE=${CODEMASON_CLUSTER_DATA_SIZE:-}
IMAGES=${CODEMASON_CLUSTER_IMAGES:-${CODEMASON_TEST_IMAGE:-local/busybox:1}}
SOURCE=${CODEMASON_CLUSTER_SOURCE:-unix:///var/run/docker.sock}
NET_PREFIX=10.213
MAX_NODES=40
LOCK=/run/lock/codemason-cluster.lock

log() { printf 'cluster: %s\n' "$*" >&2; }
fail() { printf 'cluster: error: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '2,/^set -euo pipefail$/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --name) NAME=$2; shift 2 ;;
    --subnet) SUBNET=$2; shift 2 ;;
    --dir) STATE_ROOT=$2; shift 2 ;;
    --data-size) DATA_SIZE=$2; shift 2 ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage
COMMAND=$1; shift

[[ $NAME =~ ^[a-z][a-z0-9]{0,7}$ ]] || fail "cluster name '$NAME' must match [a-z][a-z0-9]{0,7} (link names are at most 15 characters)"
STATE_ROOT=$(realpath -m "$STATE_ROOT")
DIR=$STATE_ROOT/$NAME
ENV_FILE=$DIR/cluster.env
BRIDGE=$NAME-br

node_namespace() { echo "$NAME-n$1"; }
node_link() { echo "$NAME-n$1h"; }
node_dir() { echo "$DIR/n$1"; }
# A value of node k from the state file (after it was sourced): node_var k ADDRESS.
node_var() { local v="NODE_$1_$2"; echo "${!v}"; }
# How to call this script again for the same cluster.
self() { echo "scripts/cluster.sh$([ "$NAME" = cm ] || echo " --name $NAME")"; }

ns_exists() { ip netns list | awk '{print $1}' | grep -qx "$1"; }
link_exists() { ip link show dev "$1" >/dev/null 2>&1; }

# --- down ------------------------------------------------------------------------------------------------------

# Pid from a pidfile when that process is still the dockerd of this directory; empty otherwise (a stale pidfile
# whose pid was reused names some other process, which is never signalled).
dockerd_pid() {
  local pidfile=$1/dockerd.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(tr -dc '0-9' < "$pidfile")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 0
  { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "--pidfile $1/dockerd.pid" && echo "$pid"
  return 0
}

# Waits up to $2 seconds for pid $1 to end.
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while [ -d "/proc/$pid" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  [ ! -d "/proc/$pid" ]
}

# Pids of the processes that belong to node directory $1 whatever happened to its dockerd: every process in the
# node's namespace (dockerd, its containerd, shims, docker-proxy) and every process naming the node's exec
# root on its command line (a containerd or shim left behind by a killed dockerd).
node_processes() {
  local nd=$1 ns=$2 pid
  { ns_exists "$ns" && ip netns pids "$ns" 2>/dev/null || true
    # "[e]xec": the pattern does not match grep's own command line.
    grep -laE -- "$(printf '%s' "$nd" | sed 's/[].[^$*+?(){}|\\]/\\&/g')/[e]xec/" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3 || true
  } | sort -un
}

# The cgroup directories of the node's containers (their ids are the names of the data root's containers/
# entries): a container whose shim died keeps running in them otherwise.
container_cgroups() {
  local nd=$1 ids
  ids=$(ls "$nd/data/containers" 2>/dev/null) || return 0
  [ -n "$ids" ] || return 0
  find /sys/fs/cgroup -maxdepth 4 -type d \( -path '*/docker/*' -o -name 'docker-*.scope' \) 2>/dev/null \
    | grep -F -f <(echo "$ids") || true
}

stop_node() {
  local nd=$1 ns=$2 pid sock=$1/docker.sock cg
  pid=$(dockerd_pid "$nd")
  if [ -n "$pid" ]; then
    # Remove the containers first (SIGKILL, no grace), so dockerd's shutdown does not wait on them.
    if [ -S "$sock" ]; then
      local ids
      ids=$(timeout 10 docker -H "unix://$sock" ps -aq 2>/dev/null || true)
      [ -z "$ids" ] || timeout 20 docker -H "unix://$sock" rm -f $ids >/dev/null 2>&1 || true
    fi
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" 15 || { log "dockerd $pid of $ns did not stop in 15 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; wait_gone "$pid" 5 || true; }
  fi
  local rest deadline=$((SECONDS + 3))
  rest=$(node_processes "$nd" "$ns")
  [ -z "$rest" ] || kill -TERM $rest 2>/dev/null || true
  while [ -n "$rest" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; rest=$(node_processes "$nd" "$ns"); done
  [ -z "$rest" ] || kill -KILL $rest 2>/dev/null || true
  for cg in $(container_cgroups "$nd"); do
    for pid in $(cat "$cg/cgroup.procs" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  done
  for cg in $(container_cgroups "$nd"); do rmdir "$cg" 2>/dev/null || true; done
}

# Everything mounted under the cluster's directory (overlay layers, container netns files, shm), deepest first.
mounts_under() {
  findmnt -rn -o TARGET | awk -v dir="$1/" 'index($0, dir) == 1' | awk '{print length, $0}' | sort -rn | cut -d' ' -f2-
}

# The root namespace's FORWARD rules of the bridge, one a line: traffic between its nodes passes (with br_netfilter
# it crosses this chain, whose policy the main engine sets to DROP); traffic between the bridge and anything
# else routed through this machine (another cluster's bridge, the main engine's networks, eth0) is dropped
# whatever the policy. The nodes still reach the host side itself (INPUT, not FORWARD).
forward_rules() {
  echo "FORWARD -i $BRIDGE -o $BRIDGE -j ACCEPT"
  echo "FORWARD -i $BRIDGE ! -o $BRIDGE -j DROP"
  echo "FORWARD ! -i $BRIDGE -o $BRIDGE -j DROP"
}

cmd_down() {
  [ "$(id -u)" -eq 0 ] || fail "down needs root"
  local nd k ns m link leftovers=()
  # Nodes by their directories and by their namespaces: a half-failed up may have made one without the other.
  local nodes
  nodes=$( { ls -d "$DIR"/n[0-9]* 2>/dev/null | sed 's|.*/n||'
             ip netns list | awk '{print $1}' | sed -n "s/^$NAME-n\([0-9]\+\)$/\1/p"
             ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sed -n "s/^$NAME-n\([0-9]\+\)h$/\1/p"
           } | sort -un)
  for k in $nodes; do stop_node "$(node_dir "$k")" "$(node_namespace "$k")" & done
  wait
  if [ -d "$DIR" ]; then
    for m in $(mounts_under "$DIR"); do umount -l "$m" 2>/dev/null || log "cannot unmount $m"; done
  fi
  for k in $nodes; do
    ns=$(node_namespace "$k"); link=$(node_link "$k")
    ! ns_exists "$ns" || ip netns del "$ns" || log "cannot delete namespace $ns"
    ! link_exists "$link" || ip link del "$link" || log "cannot delete link $link"
  done
  local rule
  while read -r rule; do
    while iptables -w -C $rule 2>/dev/null; do iptables -w -D $rule || break; done
  done < <(forward_rules)
  ! link_exists "$BRIDGE" || ip link del "$BRIDGE" || log "cannot delete bridge $BRIDGE"

  # What is still there is reported, and the state directory is kept so that a second down can try again.
  [ -z "$( [ -d "$DIR" ] && mounts_under "$DIR")" ] || leftovers+=("mounts under $DIR")
  for k in $nodes; do
    ns_exists "$(node_namespace "$k")" && leftovers+=("namespace $(node_namespace "$k")")
    link_exists "$(node_link "$k")" && leftovers+=("link $(node_link "$k")")
    [ -z "$(node_processes "$(node_dir "$k")" "$(node_namespace "$k")")" ] || leftovers+=("processes of node $k")
  done
  link_exists "$BRIDGE" && leftovers+=("bridge $BRIDGE")
  if [ ${#leftovers[@]} -gt 0 ]; then
    fail "left behind: ${leftovers[*]}"
  fi
  [ ! -d "$DIR" ] || rm -rf --one-file-system "$DIR"
  log "cluster $NAME is down"
}

# A node that dies, as at a power cut: its engine, containerd, shims, containers and every other process in its
# namespace (an agent started there with `ip netns exec` included) get SIGKILL at once, with no shutdown, and its
# eth0 goes down. The namespace, its link, the mounts and the state directory stay, so the other nodes see a silent
# server; a later `down` removes the rest as after any killed engine.
# Every process of node directory $1 (namespace $2): its dockerd, what node_processes finds, and the processes of
# its containers' cgroups.
node_pids() {
  local nd=$1 ns=$2 cg
  { dockerd_pid "$nd"
    node_processes "$nd" "$ns"
    for cg in $(container_cgroups "$nd"); do cat "$cg/cgroup.procs" 2>/dev/null || true; done
  } | sort -un
}

cmd_stop_node() {
  [ "$(id -u)" -eq 0 ] || fail "stop-node needs root"
  local k=${1:-} nd ns pids deadline=$((SECONDS + 10))
  [[ $k =~ ^[0-9]+$ ]] && [ -d "$(node_dir "$k")" ] || fail "no node '$k' in cluster $NAME ($DIR)"
  nd=$(node_dir "$k"); ns=$(node_namespace "$k")
  pids=$(node_pids "$nd" "$ns")
  while [ -n "$pids" ] && [ $SECONDS -lt $deadline ]; do
    kill -KILL $pids 2>/dev/null || true
    sleep 0.1
    pids=$(node_pids "$nd" "$ns")
  done
  [ -z "$pids" ] || fail "processes of node $k are still running: $pids"
  # Its link goes down too: the kernel state the killed engine leaves (its containers' network namespaces, still
  # bind-mounted under its exec root, with their addresses; its bridge and VXLAN device) would otherwise answer
  # ARP and TCP (RST) for replicas that moved, which a dead server never does.
  ip -n "$ns" link set eth0 down
  log "node $k of cluster $NAME is stopped"
}

# --- up --------------------------------------------------------------------------------------------------------

ping_engine() { curl -sf --max-time 2 --unix-socket "$1" http://localhost/_ping >/dev/null 2>&1; }

all_answer() {
  local k
  for k in $(seq 1 "$1"); do ping_engine "$(node_dir "$k")/docker.sock" || return 1; done
}

# The first 10.213.I.0/24 no address of this machine uses (under the lock, with the bridge made before it is released).
pick_subnet() {
  local i used
  used=$(ip -o -4 addr show | awk '{print $4}')
  for i in $(seq 0 254); do
    grep -q "^$NET_PREFIX\.$i\." <<< "$used" || { echo "$i"; return 0; }
  done
  fail "no free subnet in $NET_PREFIX.0.0/16"
}

start_node() {
  local k=$1 ns nd link address bip
  ns=$(node_namespace "$k"); nd=$(node_dir "$k"); link=$(node_link "$k")
  address=$NET_PREFIX.$SUBNET.$((10 + k))
  bip=10.$((213 + k)).$SUBNET.1/24
  mkdir -p "$nd/data" "$nd/exec"
  if [ -n "$DATA_SIZE" ]; then
    # A small disk of its own: `down` unmounts everything under the cluster's directory (the loop device goes with it).
    truncate -s "$DATA_SIZE" "$nd/data.img"
    mkfs.ext4 -q -F "$nd/data.img"
    mount -o loop "$nd/data.img" "$nd/data"
  fi
  echo '{}' > "$nd/daemon.json"
  ip netns add "$ns"
  ip link add "$link" type veth peer name "$NAME-n${k}c"
  ip link set "$NAME-n${k}c" netns "$ns"
  ip -n "$ns" link set "$NAME-n${k}c" name eth0
  ip -n "$ns" addr add "$address/24" dev eth0
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$NET_PREFIX.$SUBNET.1"
  ip link set "$link" master "$BRIDGE" up
  # setsid: the engine outlives this script (and the make or test process that ran it); nsenter execs dockerd,
  # so the pidfile names the engine itself. Its own config file: nothing from /etc/docker/daemon.json applies.
  setsid nsenter --net="/var/run/netns/$ns" dockerd \
    --data-root "$nd/data" --exec-root "$nd/exec" --pidfile "$nd/dockerd.pid" \
    -H "unix://$nd/docker.sock" --bip "$bip" --config-file "$nd/daemon.json" \
    --shutdown-timeout 2 --label "codemason.cluster=$NAME" --label "codemason.cluster.node=$ns" \
    > "$nd/dockerd.log" 2>&1 < /dev/null &
  cat >> "$ENV_FILE" <<EOF
NODE_${k}_NAME=n$k
NODE_${k}_NAMESPACE=$ns
NODE_${k}_ADDRESS=$address
NODE_${k}_DOCKER_HOST=unix://$nd/docker.sock
NODE_${k}_LOG=$nd/dockerd.log
EOF
}

wait_node() {
  local k=$1 nd deadline=$((SECONDS + ${CODEMASON_CLUSTER_WAIT_SECONDS:-60}))
  nd=$(node_dir "$k")
  until ping_engine "$nd/docker.sock"; do
    [ $SECONDS -lt $deadline ] || { tail -n 20 "$nd/dockerd.log" >&2; fail "the engine of node $k did not answer on $nd/docker.sock within ${CODEMASON_CLUSTER_WAIT_SECONDS:-60}s (log: $nd/dockerd.log)"; }
    sleep 0.2
  done
}

# One `docker save` from the main engine, one `docker load` per node; when the main engine lacks the images
# (or does not answer), scripts/build-test-images.sh builds the test image in each node's engine instead.
load_images() {
  local n=$1 k tar=$DIR/images.tar pids=()
  # Environments' registries run local/registry:2.8 (packaging/registry-image.sh): a node without it would try to pull it.
  # And edges run local/edge:latest (packaging/edge-image.sh).
  local extra
  for extra in local/registry:2.8 local/edge:latest; do
    if [ -z "${CODEMASON_CLUSTER_IMAGES:-}" ] && docker -H "$SOURCE" image inspect "$extra" >/dev/null 2>&1; then
      IMAGES="$IMAGES $extra"
    fi
  done
  if docker -H "$SOURCE" image inspect $IMAGES >/dev/null 2>&1; then
    docker -H "$SOURCE" save -o "$tar" $IMAGES
    for k in $(seq 1 "$n"); do docker -H "unix://$(node_dir "$k")/docker.sock" load -q -i "$tar" >/dev/null & pids+=($!); done
  else
    log "$SOURCE lacks $IMAGES: building the test image in each node"
    for k in $(seq 1 "$n"); do DOCKER_HOST="unix://$(node_dir "$k")/docker.sock" "$REPO/scripts/build-test-images.sh" & pids+=($!); done
  fi
  local failed=0 pid
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  rm -f "$tar"
  [ $failed -eq 0 ] || fail "copying $IMAGES into the nodes failed"
}

on_up_exit() {
  local status=$?
  [ $status -eq 0 ] && return 0
  log "up failed: removing what it made"
  cmd_down || true
}

cmd_up() {
  local n=${1:-3} k
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le $MAX_NODES ] || fail "node count must be 1..$MAX_NODES (is '$n')"
  [ "$(id -u)" -eq 0 ] || fail "up needs root (network namespaces, a bridge and dockerd)"
  # A Unix socket path holds at most 107 bytes; containerd's longest lives in each node's exec root.
  local longest="$DIR/n$n/exec/containerd/containerd-debug.sock"
  [ ${#longest} -le 107 ] || fail "the state directory is too deep for Unix sockets ($longest is ${#longest} bytes, at most 107); choose a shorter --dir"
  local tool
  for tool in dockerd docker nsenter ip iptables curl findmnt flock; do
    command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install docker.io iproute2 iptables curl util-linux)"
  done
  if [ -e "$ENV_FILE" ]; then
    if grep -qx "CLUSTER_NODES=$n" "$ENV_FILE" && grep -qx CLUSTER_READY=1 "$ENV_FILE" && all_answer "$n"; then
      log "cluster $NAME is already up"
      cmd_status
      return 0
    fi
    fail "cluster $NAME is already there, but not with $n answering engines ($ENV_FILE); $(self) down first"
  fi
  ! link_exists "$BRIDGE" || fail "link $BRIDGE exists but $ENV_FILE does not: a cluster named $NAME from another state directory? (down it there)"

  # Whatever fails from here on, everything made so far is removed.
  trap on_up_exit EXIT
  local started=$SECONDS
  mkdir -p "$DIR" "$(dirname "$LOCK")"
  {
    flock 9
    [ "$SUBNET" != auto ] || SUBNET=$(pick_subnet)
    [[ $SUBNET =~ ^[0-9]+$ ]] && [ "$SUBNET" -le 254 ] || fail "subnet must be 0..254 or auto (is '$SUBNET')"
    ! ip -o -4 addr show | awk '{print $4}' | grep -q "^$NET_PREFIX\.$SUBNET\." || fail "$NET_PREFIX.$SUBNET.0/24 is in use on this machine"
    cat > "$ENV_FILE" <<EOF
CLUSTER_NAME=$NAME
CLUSTER_DIR=$DIR
CLUSTER_SUBNET=$NET_PREFIX.$SUBNET.0/24
CLUSTER_BRIDGE=$BRIDGE
CLUSTER_GATEWAY=$NET_PREFIX.$SUBNET.1
CLUSTER_NODES=$n
EOF
    ip link add "$BRIDGE" type bridge
    ip addr add "$NET_PREFIX.$SUBNET.1/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
  } 9> "$LOCK"
  local rule
  while read -r rule; do
    iptables -w -C $rule 2>/dev/null || iptables -w -I $rule
  done < <(forward_rules)
  for k in $(seq 1 "$n"); do start_node "$k"; done
  for k in $(seq 1 "$n"); do wait_node "$k"; done
  log "$n engines answer ($((SECONDS - started)) s); copying $IMAGES"
  load_images "$n"
  echo "CLUSTER_READY=1" >> "$ENV_FILE"
  trap - EXIT
  log "cluster $NAME is up in $((SECONDS - started)) s"
  cmd_status
}

# --- cut / heal ------------------------------------------------------------------------------------------------

# Node K's host-side veth, after checking that the cluster is up and K one of its nodes.
cut_link() {
  local k=$1
  [ -f "$ENV_FILE" ] || fail "cluster $NAME is not up ($(self) up [N])"
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  [[ $k =~ ^[0-9]+$ ]] && [ "$k" -ge 1 ] && [ "$k" -le "$CLUSTER_NODES" ] || fail "node must be 1..$CLUSTER_NODES (is '$k')"
  link_exists "$(node_link "$k")" || fail "link $(node_link "$k") of node $k is missing"
  node_link "$k"
}

cmd_cut() {
  [ "$(id -u)" -eq 0 ] || fail "cut needs root"
  local link
  link=$(cut_link "${1:-}")
  ip link set "$link" down
  log "node $1 is cut off (link $link down)"
}

cmd_heal() {
  [ "$(id -u)" -eq 0 ] || fail "heal needs root"
  local link
  link=$(cut_link "${1:-}")
  ip link set "$link" up
  log "node $1 is joined again (link $link up)"
}

# --- status ----------------------------------------------------------------------------------------------------

cmd_status() {
  [ -f "$ENV_FILE" ] || fail "cluster $NAME is not up ($(self) up [N])"
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  local k
  echo "cluster $CLUSTER_NAME: $CLUSTER_NODES nodes on $CLUSTER_SUBNET, bridge $CLUSTER_BRIDGE; the host side is $CLUSTER_GATEWAY"
  echo
  printf '  %-4s %-10s %-14s %s\n' node namespace address DOCKER_HOST
  for k in $(seq 1 "$CLUSTER_NODES"); do
    printf '  %-4s %-10s %-14s %s%s\n' "$(node_var "$k" NAME)" "$(node_var "$k" NAMESPACE)" "$(node_var "$k" ADDRESS)" "$(node_var "$k" DOCKER_HOST)" \
      "$(ip link show dev "$(node_link "$k")" 2>/dev/null | grep -q 'state DOWN' && echo '  (cut: heal '"$k"')')"
  done
  cat <<EOF

Talk to a node's engine:   DOCKER_HOST=$NODE_1_DOCKER_HOST docker ps
A shell inside a node:     ip netns exec $NODE_1_NAMESPACE sh
A controller for the cluster listens on the host side (make build first; cleartext, as the bridge exists only here):
  dotnet controller/bin/Release/net10.0/codemason-controller.dll --data .codemason/cluster-controller --listen http://$CLUSTER_GATEWAY:7400 --tls off
  export CODEMASON_CONTROLLER=http://$CLUSTER_GATEWAY:7400 CODEMASON_TOKEN=\$(cat .codemason/cluster-controller/admin-token)
  cli/bin/Release/net10.0/mason env create dev        # prints the join token
One agent per node, in its namespace, on its engine:
EOF
  for k in $(seq 1 "$CLUSTER_NODES"); do
    echo "  CODEMASON_TOKEN=<join token> ip netns exec $(node_var "$k" NAMESPACE) agent/bin/Release/net10.0/codemason-agent --controller http://$CLUSTER_GATEWAY:7400 --docker-host $(node_var "$k" DOCKER_HOST) --node-name $(node_var "$k" NAME) --state .codemason/cluster-$(node_var "$k" NAME).db"
  done
  echo
  echo "Remove it: make cluster-down (or $(self) down)"
}

clusters() {
  local dir
  for dir in "$STATE_ROOT"/*/; do
    dir=$(basename "$dir")
    [[ $dir =~ ^[a-z][a-z0-9]{0,7}$ ]] && echo "$dir"
  done
  return 0
}

cmd_down_all() {
  local name failed=0
  for name in $(clusters); do "$0" --name "$name" --dir "$STATE_ROOT" down || failed=1; done
  return $failed
}

case "$COMMAND" in
  up) cmd_up "$@" ;;
  down) cmd_down ;;
  stop-node) cmd_stop_node "$@" ;;
  down-all) cmd_down_all ;;
  cut) cmd_cut "$@" ;;
  heal) cmd_heal "$@" ;;
  list) clusters ;;
  status) cmd_status ;;
  env) [ -f "$ENV_FILE" ] || fail "cluster $NAME is not up"; cat "$ENV_FILE" ;;
  *) usage ;;
esac
