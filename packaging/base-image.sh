#!/usr/bin/env bash
# Builds a local Debian base image without any registry: debootstrap minbase → docker import.
# It stands in for mcr.microsoft.com/dotnet/runtime-deps where no registry is reachable: the
# libraries a self-contained .NET program needs (libc, libstdc++, libssl3, zlib, CA certificates), and the
# network tools the agent runs for the overlay (iproute2's ip and bridge, iptables; docs/networking.md).
# Idempotent: an existing image is kept.
set -euo pipefail

IMAGE=${CODEMASON_BASE_IMAGE:-codemason/base:bookworm}
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-$(grep -h '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1 | awk '{print $2}')}
MIRROR=${MIRROR:-http://deb.debian.org/debian}

log() { printf 'base-image: %s\n' "$*" >&2; }

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE present"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { log "error: debootstrap needs root"; exit 1; }
command -v debootstrap >/dev/null || {
  log "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
}

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
log "debootstrap $SUITE (minbase) from $MIRROR — a few minutes"
debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >/dev/null
chroot "$root" /bin/sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libssl3 ca-certificates iproute2 iptables >/dev/null && apt-get clean'
rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
       "$root"/usr/share/locale/* "$root"/var/cache/* "$root"/var/log/*
tar -C "$root" -c . | docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$IMAGE" >/dev/null
log "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
