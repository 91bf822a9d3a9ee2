#!/usr/bin/env bash
# Builds the local images the tests and examples use, without any registry:
# a rootfs holding Debian's busybox-static, imported with `docker import`.
# Idempotent: an image that already exists is left as it is.
set -euo pipefail

IMAGE=${CODEMASON_TEST_IMAGE:-local/busybox:1}
BUSYBOX=${BUSYBOX:-/bin/busybox}

log() { printf 'build-test-images: %s\n' "$*" >&2; }

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE present"
  exit 0
fi

[ -x "$BUSYBOX" ] || { log "error: $BUSYBOX missing (apt-get install busybox-static)"; exit 1; }
file_out=$(file -b "$BUSYBOX" 2>/dev/null || true)
case "$file_out" in *dynamically*) log "error: $BUSYBOX is not static (install busybox-static)"; exit 1;; esac

rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,var/www,root,proc,sys,dev}
cp "$BUSYBOX" "$rootfs/bin/busybox"
# One symlink per applet so `sleep`, `sh`, `httpd`, `nc`, `wget` ... resolve on PATH.
for applet in $("$BUSYBOX" --list); do
  [ "$applet" = busybox ] || ln -sf /bin/busybox "$rootfs/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
echo 'root:x:0:' > "$rootfs/etc/group"
echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> "$rootfs/etc/passwd"
chmod 1777 "$rootfs/tmp"

tar -C "$rootfs" -c . | docker import \
  --change 'CMD ["sh"]' \
  --change 'ENV PATH=/bin:/sbin:/usr/bin:/usr/sbin' \
  - "$IMAGE" >/dev/null
log "built $IMAGE"
