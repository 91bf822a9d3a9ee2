# The agent image. `make image` publishes the agent compiled ahead of time (NativeAOT: one executable plus
# SQLite's native library; the image needs no .NET runtime, only the libraries runtime-deps provides) into
# .codemason/native/agent first (scripts/publish-native.sh agent).
#
#   docker build --build-arg BASE_IMAGE=codemason/base:bookworm -t codemason/agent:latest .
#
# Where no registry is reachable, packaging/base-image.sh builds codemason/base:bookworm
# (debootstrap → docker import), which `make image` uses.
ARG BASE_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0
FROM ${BASE_IMAGE}

# The overlay (docs/networking.md, "The overlay on a node") runs iproute2's ip and bridge and iptables. The local
# base image has them (packaging/base-image.sh); runtime-deps does not, so they are installed when missing.
RUN command -v ip >/dev/null && command -v bridge >/dev/null && command -v iptables >/dev/null \
 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iproute2 iptables >/dev/null \
     && rm -rf /var/lib/apt/lists/*)

COPY .codemason/native/agent/codemason-agent .codemason/native/agent/libe_sqlite3.so /opt/codemason/agent/

# Root, because the agent drives the engine through /var/run/docker.sock, which is root:docker
# with mode 660 and whose docker group id differs from server to server. Anyone who can use that
# socket is root on the server anyway; a non-root user would add no protection.
VOLUME /var/lib/codemason
ENTRYPOINT ["/opt/codemason/agent/codemason-agent", "--state", "/var/lib/codemason/agent.db"]
