#!/usr/bin/env bash
# Builds the private registry's image, local/registry:2.8, from Debian's docker-registry package (distribution
# 2.8) without pulling anything: `apt-get download` → extract → a rootfs with the binary, the shared libraries
# `ldd` lists, CA certificates and a default config → `docker import`. docs/registry.md says how it is run.
# Idempotent: an image labelled with the same package version and the same script is kept.
set -euo pipefail

IMAGE=${CODEMASON_REGISTRY_IMAGE:-local/registry:2.8}
PACKAGE=docker-registry
SCRIPT_HASH=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)

log() { printf 'registry-image: %s\n' "$*" >&2; }
fail() { printf 'registry-image: error: %s\n' "$*" >&2; exit 1; }

candidate() { apt-cache policy "$PACKAGE" 2>/dev/null | awk '/Candidate:/ {print $2}'; }

version=$(candidate)
if [ -z "$version" ] || [ "$version" = "(none)" ]; then
  # A fresh machine has no package lists yet.
  log "apt-get update ($PACKAGE is not known)"
  apt-get update -qq >/dev/null
  version=$(candidate)
fi
[ -n "$version" ] && [ "$version" != "(none)" ] || fail "no $PACKAGE package in the configured Debian sources"
major_minor=$(printf '%s' "$version" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
[ "$major_minor" = "2.8" ] || log "warning: $PACKAGE $version is not distribution 2.8; building $IMAGE from it anyway"

stamp="$version $SCRIPT_HASH"
current=$(docker image inspect -f '{{index .Config.Labels "codemason.registry.build"}}' "$IMAGE" 2>/dev/null || true)
if [ "$current" = "$stamp" ]; then
  log "$IMAGE present ($PACKAGE $version)"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -qq "$PACKAGE=$version" >/dev/null 2>&1) || fail "apt-get download $PACKAGE=$version failed"
deb=$(ls "$work"/*.deb)
dpkg-deb -x "$deb" "$work/pkg"
binary="$work/pkg/usr/bin/docker-registry"
[ -x "$binary" ] || fail "$deb holds no usr/bin/docker-registry"

root="$work/rootfs"
mkdir -p "$root"/{usr/bin,etc/docker/registry,etc/ssl/certs,var/lib/docker-registry,tmp}
cp "$binary" "$root/usr/bin/docker-registry"
# Debian builds it with cgo: copy the loader and every library ldd lists (none when the binary is static).
if ! file -b "$binary" | grep -q 'statically linked'; then
  while read -r library; do
    [ -n "$library" ] || continue
    mkdir -p "$root$(dirname "$library")"
    cp -L "$library" "$root$library"
  done < <(ldd "$binary" | awk '/=> \// {print $3} /^\t\// {print $1}')
fi
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
fi
chmod 1777 "$root/tmp"
echo 'root:x:0:0:root:/root:/bin/false' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
# Without nsswitch.conf Go's resolver would guess; with it, it reads /etc/hosts then DNS itself.
echo 'hosts: files dns' > "$root/etc/nsswitch.conf"
# A default that serves without auth on :5000; the controller mounts its own config over it (docs/registry.md).
cat > "$root/etc/docker/registry/config.yml" <<'EOF'
version: 0.1
log:
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: /var/lib/docker-registry
  delete:
    enabled: true
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
EOF

tar -C "$root" -c . | docker import \
  --change 'ENTRYPOINT ["/usr/bin/docker-registry", "serve"]' \
  --change 'CMD ["/etc/docker/registry/config.yml"]' \
  --change 'EXPOSE 5000' \
  --change 'VOLUME ["/var/lib/docker-registry"]' \
  --change "LABEL codemason.registry.build=\"$stamp\"" \
  - "$IMAGE" >/dev/null
log "built $IMAGE from $PACKAGE $version ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
