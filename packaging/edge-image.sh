#!/usr/bin/env bash
# Builds the edge proxy's image, local/edge:latest (or $CODEMASON_EDGE_IMAGE), from the codemason-edge binary
# compiled ahead of time, without pulling anything: scripts/publish-native.sh edge → a rootfs with the binary, the
# shared libraries `ldd` lists, OpenSSL (which .NET opens at run time, so ldd does not list it), CA certificates
# → `docker import`. The agent runs it with host networking on every edge node (docs/edge.md, "The edge process").
#   packaging/edge-image.sh                       # publish, then build the image
#   CODEMASON_EDGE_BINARY=path packaging/edge-image.sh   # build from an already published binary
# Idempotent: an image labelled with the same binary and the same script is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${CODEMASON_EDGE_IMAGE:-local/edge:latest}
SCRIPT_HASH=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)

log() { printf 'edge-image: %s\n' "$*" >&2; }
fail() { printf 'edge-image: error: %s\n' "$*" >&2; exit 1; }

binary=${CODEMASON_EDGE_BINARY:-$(scripts/publish-native.sh edge)}
[ -x "$binary" ] || fail "$binary is not an executable (scripts/publish-native.sh edge)"

stamp="$(sha256sum "$binary" | cut -c1-16) $SCRIPT_HASH"
current=$(docker image inspect -f '{{index .Config.Labels "codemason.edge.build"}}' "$IMAGE" 2>/dev/null || true)
if [ "$current" = "$stamp" ]; then
  log "$IMAGE present ($stamp)"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"/{usr/local/bin,etc/ssl/certs,etc/codemason/edge,tmp}
cp "$binary" "$root/usr/local/bin/codemason-edge"

copy_library() {
  local library=$1
  [ -f "$root$library" ] && return 0
  mkdir -p "$root$(dirname "$library")"
  cp -L "$library" "$root$library"
}
# The loader and every library ldd lists, for the binary and for OpenSSL's two libraries.
openssl_libraries=$(ldconfig -p | awk '/(libssl|libcrypto)\.so\.3 .*x86-64/ {print $NF}' | sort -u)
[ -n "$openssl_libraries" ] || fail "no libssl.so.3 / libcrypto.so.3 on this machine (apt-get install libssl3)"
for file in "$binary" $openssl_libraries; do
  case "$file" in "$binary") ;; *) copy_library "$file" ;; esac
  while read -r library; do
    [ -n "$library" ] && copy_library "$library"
  done < <(ldd "$file" | awk '/=> \// {print $3} /^\t\// {print $1}')
done
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
fi
chmod 1777 "$root/tmp"
echo 'root:x:0:0:root:/root:/bin/false' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
echo 'hosts: files dns' > "$root/etc/nsswitch.conf"

# The agent passes its own arguments (its config directory, ports); the default CMD serves /etc/codemason/edge.
tar -C "$root" -c . | docker import \
  --change 'ENTRYPOINT ["/usr/local/bin/codemason-edge"]' \
  --change 'CMD ["--config-dir", "/etc/codemason/edge"]' \
  --change "LABEL codemason.edge.build=\"$stamp\"" \
  - "$IMAGE" >/dev/null
log "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
