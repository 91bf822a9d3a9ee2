#!/usr/bin/env bash
# Builds TEST STAND-INS for two catalog items' images without any registry, so the tests have real
# databases to talk to on a machine that cannot pull:
#   redis:7      Debian bookworm's Redis 7.0 (redis-server, redis-cli, sh) under the official image's tag
#   postgres:17  Debian bookworm's PostgreSQL 15 under the official image's tag, with an entrypoint of our own
#                that honours the official image's interface the catalog item uses (POSTGRES_PASSWORD,
#                POSTGRES_USER, POSTGRES_DB, PGDATA, /docker-entrypoint-initdb.d, password auth for remote hosts,
#                listen on all addresses, the server run as the postgres user; psql and pg_isready on PATH)
# They are built here, stay on this engine and are never pushed anywhere. An image that already holds the official
# tag (pulled on a machine that can) is kept: the stand-in only fills the gap. docs/catalog-images.md says more.
#
# How: one `debootstrap --variant=minbase bookworm` (a few minutes, from the machine's Debian mirror), copied once per
# image, the image's packages installed in a chroot with services kept from starting, docs/caches/JIT removed, then
# `docker import` with ENV/ENTRYPOINT/CMD/WORKDIR. Idempotent; needs root (debootstrap, chroot).
#   scripts/build-service-images.sh              # both
#   scripts/build-service-images.sh redis:7      # only the images named
# Environment: CODEMASON_REDIS_IMAGE, CODEMASON_POSTGRES_IMAGE (tags), MIRROR, SUITE.
set -euo pipefail
cd "$(dirname "$0")/.."

REDIS_IMAGE=${CODEMASON_REDIS_IMAGE:-redis:7}
POSTGRES_IMAGE=${CODEMASON_POSTGRES_IMAGE:-postgres:17}
SUITE=${SUITE:-bookworm}
MIRROR=${MIRROR:-$(grep -h '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1 | awk '{print $2}')}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
PG_MAJOR=15
LABEL=codemason.standin

log() { printf 'build-service-images: %s\n' "$*" >&2; }
fail() { printf 'build-service-images: error: %s\n' "$*" >&2; exit 1; }

# Which build of this script made a stand-in: a stand-in made by another version of the script is rebuilt.
STAMP=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)

wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=("$REDIS_IMAGE" "$POSTGRES_IMAGE")
missing=()
for image in "${wanted[@]}"; do
  case "$image" in "$REDIS_IMAGE" | "$POSTGRES_IMAGE") ;; *) fail "unknown image $image (this script builds $REDIS_IMAGE and $POSTGRES_IMAGE)" ;; esac
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    missing+=("$image")
    continue
  fi
  labels=$(docker image inspect -f "{{json .Config.Labels}}" "$image")
  stamp=$(printf '%s' "$labels" | grep -o "\"$LABEL.build\":\"[^\"]*\"" | cut -d'"' -f4 || true)
  if ! printf '%s' "$labels" | grep -q "\"$LABEL\":"; then
    log "$image present and not a stand-in (pulled?): kept"
  elif [ "$stamp" = "$STAMP" ]; then
    log "$image present (stand-in $STAMP)"
  else
    log "$image is a stand-in from another version of this script ($stamp): rebuilding"
    missing+=("$image")
  fi
done
[ ${#missing[@]} -gt 0 ] || exit 0

[ "$(id -u)" -eq 0 ] || fail "building ${missing[*]} needs root (debootstrap and chroot)"
command -v docker >/dev/null || fail "docker not found (run scripts/ensure-docker.sh first)"
if ! command -v debootstrap >/dev/null; then
  log "installing debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq debootstrap >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq debootstrap >/dev/null; } \
    || fail "apt-get install debootstrap failed"
fi

work=$(mktemp -d /var/tmp/codemason-service-images.XXXXXX)
cleanup() {
  # A chroot step that failed half-way may leave /proc mounted in a rootfs: unmount before removing.
  local mount
  while read -r mount; do
    umount -l "$mount" 2>/dev/null || true
  done < <(awk -v w="$work" '$2 ~ "^"w {print $2}' /proc/mounts | sort -r)
  rm -rf "$work"
}
trap cleanup EXIT
# Interrupted or stopped: exit through the EXIT trap, so nothing stays mounted or behind in /var/tmp.
trap 'exit 130' INT
trap 'exit 143' TERM

started=$SECONDS
log "debootstrap $SUITE (minbase) from $MIRROR into $work/base — a few minutes"
debootstrap --variant=minbase "$SUITE" "$work/base" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap $SUITE from $MIRROR failed (log above)"; }
log "debootstrap done in $((SECONDS - started)) s"

# Runs a command in a rootfs with /proc mounted, services kept from starting and no questions asked.
in_root() {
  local root=$1; shift
  mount -t proc proc "$root/proc"
  local status=0
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@" || status=$?
  umount "$root/proc"
  return $status
}

# A fresh copy of the bootstrapped base with the packages installed.
prepare_root() {
  local root=$1; shift
  cp -a "$work/base" "$root"
  printf '#!/bin/sh\n# No service starts while the image is built.\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  log "installing $* in the image's rootfs"
  in_root "$root" apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" >"$root.apt.log" 2>&1 \
    || { tail -20 "$root.apt.log" >&2; fail "apt-get install $* failed (log above)"; }
}

# What no container needs: package lists and caches, docs, man pages, translations, logs, the build-time policy.
slim_root() {
  local root=$1
  in_root "$root" apt-get clean
  rm -f "$root/usr/sbin/policy-rc.d"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/* "$root"/var/log/* "$root"/usr/share/doc/* \
         "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* "$root"/usr/share/lintian \
         "$root"/tmp/* "$root"/root/.cache
  chmod 1777 "$root/tmp"
}

import_root() {
  local root=$1 image=$2; shift 2
  local changes=() change previous
  for change in "$@"; do changes+=(--change "$change"); done
  previous=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  tar --numeric-owner -C "$root" -c . | docker import "${changes[@]}" \
    --change "LABEL $LABEL=\"Debian $SUITE packages under the official image's tag; test use only, never pushed\"" \
    --change "LABEL $LABEL.build=$STAMP" \
    - "$image" >/dev/null || fail "docker import $image failed"
  # The stand-in this one replaces, now untagged (a container that still uses it keeps it).
  if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "$image")" ]; then
    docker rmi "$previous" >/dev/null 2>&1 || log "kept the previous $image ($previous): a container uses it"
  fi
  log "built $image in $((SECONDS - image_started)) s ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
}

build_redis() {
  local root="$work/redis"
  image_started=$SECONDS
  prepare_root "$root" redis-server redis-tools
  # Debian's package starts it with its own config from systemd; the image starts it from the entrypoint with none.
  mkdir -p "$root/data"
  in_root "$root" chown redis:redis /data
  install -m 755 /dev/stdin "$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# Codemason's test stand-in for the official redis image's entrypoint. What it honours:
# - arguments starting with "-" or naming a *.conf file are given to redis-server;
# - `redis-server ...` started as root runs as the redis user, after /data (the working directory) is given to it;
# - a bare `redis-server` (or one with options only) accepts remote clients like the official image, whose build
#   turns protected mode off; Debian's default keeps it on;
# - anything else (`sh -c ...`, `redis-cli ...`) runs as given.
set -eu
case "${1:-}" in
  -*|*.conf) set -- redis-server "$@" ;;
esac
if [ "${1:-}" = redis-server ]; then
  case "${2:-}" in
    ''|-*) shift; set -- redis-server --protected-mode no "$@" ;;
  esac
  if [ "$(id -u)" = 0 ]; then
    chown -R redis:redis .
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
EOF
  slim_root "$root"
  import_root "$root" "$REDIS_IMAGE" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'WORKDIR /data' \
    'VOLUME /data' \
    'EXPOSE 6379' \
    'ENTRYPOINT ["docker-entrypoint.sh"]' \
    'CMD ["redis-server"]'
}

build_postgres() {
  local root="$work/postgres"
  image_started=$SECONDS
  # The package's postinst would create and start a "main" cluster; the entrypoint makes the one the image uses.
  mkdir -p "$work/base/etc/postgresql-common"
  printf 'create_main_cluster = false\n' > "$work/base/etc/postgresql-common/createcluster.conf"
  prepare_root "$root" "postgresql-$PG_MAJOR"
  rm -rf "$work/base/etc/postgresql-common"
  # LLVM (with z3) is for JIT only: without it the server runs queries interpreted (jit_provider does not load).
  # Perl is for postgresql-common's cluster tools (pg_ctlcluster ...), which the entrypoint does not use.
  # Together about 170 MB of the 315 the packages install.
  in_root "$root" dpkg --purge --force-depends libllvm14 libz3-4 perl perl-modules-5.36 libperl5.36 >"$root.purge.log" 2>&1 \
    || { tail -20 "$root.purge.log" >&2; fail "removing LLVM and Perl failed (log above)"; }
  rm -rf "$root/usr/lib/postgresql/$PG_MAJOR/lib/llvmjit"* "$root/usr/lib/postgresql/$PG_MAJOR/lib/bitcode"
  # The locale definitions are only for locale-gen; the server uses C.UTF-8, which glibc has built in.
  rm -rf "$root/usr/share/i18n"
  mkdir -p "$root/var/lib/postgresql/data" "$root/var/run/postgresql" "$root/docker-entrypoint-initdb.d"
  in_root "$root" chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
  chmod 700 "$root/var/lib/postgresql/data"
  chmod 2777 "$root/var/run/postgresql"
  install -m 755 /dev/stdin "$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# Codemason's test stand-in for the official postgres image's entrypoint, written for Debian's PostgreSQL. It honours
# what the catalog item uses:
# - POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_USER (default postgres),
#   POSTGRES_DB (default the user's name), POSTGRES_INITDB_ARGS, PGDATA (default /var/lib/postgresql/data);
# - an empty data directory is initialised once: the superuser with that password, local socket connections
#   trusted, every remote host with a password (scram-sha-256), listening on all addresses, the database created,
#   then *.sh / *.sql / *.sql.gz in /docker-entrypoint-initdb.d run in name order against it;
# - arguments starting with "-" are given to postgres; `postgres ...` started as root runs as the postgres user;
#   anything else runs as given.
set -eu
PGDATA=${PGDATA:-/var/lib/postgresql/data}
export PGDATA

say() { printf 'entrypoint: %s\n' "$*" >&2; }

initialise() {
  user=${POSTGRES_USER:-postgres}
  database=${POSTGRES_DB:-$user}
  method=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$method" != trust ]; then
    say "error: the data directory $PGDATA is empty and POSTGRES_PASSWORD is not set."
    say "Set POSTGRES_PASSWORD to the superuser's password (or POSTGRES_HOST_AUTH_METHOD=trust, for tests only)."
    exit 1
  fi
  say "initialising $PGDATA for user $user, database $database"
  set -- --username="$user" --auth-local=trust --auth-host="$method" --encoding=UTF8 --locale=C.UTF-8
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then
    passwords=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" > "$passwords"
    set -- "$@" --pwfile="$passwords"
  fi
  # POSTGRES_INITDB_ARGS is split on blanks on purpose, as a list of options.
  # shellcheck disable=SC2086
  initdb "$@" ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "${passwords:-}"
  # initdb lets remote hosts in only from loopback: a container is reached from other containers.
  printf 'host all all all %s\n' "$method" >> "$PGDATA/pg_hba.conf"
  printf "listen_addresses = '*'\n" >> "$PGDATA/postgresql.conf"

  # A server on the socket only, so nobody connects before the database and the scripts are in place.
  pg_ctl --pgdata="$PGDATA" --wait --silent --options="-c listen_addresses=''" start >/dev/null
  if [ "$database" != postgres ]; then
    printf 'CREATE DATABASE :"name";\n' | psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 -v name="$database" \
      --username="$user" --dbname=postgres
  fi
  for script in /docker-entrypoint-initdb.d/*; do
    [ -e "$script" ] || continue
    say "running $script"
    case "$script" in
      *.sh) PGUSER=$user PGDATABASE=$database sh "$script" ;;
      *.sql) psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 --username="$user" --dbname="$database" --file="$script" ;;
      *.sql.gz) gzip -dc "$script" | psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 --username="$user" --dbname="$database" ;;
      *) say "ignoring $script" ;;
    esac
  done
  pg_ctl --pgdata="$PGDATA" --wait --silent --mode=fast stop >/dev/null
  say "initialised; starting the server"
}

case "${1:-}" in
  -*) set -- postgres "$@" ;;
esac
if [ "${1:-}" = postgres ]; then
  if [ "$(id -u)" = 0 ]; then
    # A new named volume belongs to root: hand it (and the socket directory) to the server's user.
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
  fi
  [ -s "$PGDATA/PG_VERSION" ] || initialise
fi
exec "$@"
EOF
  slim_root "$root"
  import_root "$root" "$POSTGRES_IMAGE" \
    "ENV PATH=/usr/lib/postgresql/$PG_MAJOR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    'ENV LANG=C.UTF-8' \
    'ENV PGDATA=/var/lib/postgresql/data' \
    'VOLUME /var/lib/postgresql/data' \
    'EXPOSE 5432' \
    'ENTRYPOINT ["docker-entrypoint.sh"]' \
    'CMD ["postgres"]'
}

for image in "${missing[@]}"; do
  case "$image" in
    "$REDIS_IMAGE") build_redis ;;
    "$POSTGRES_IMAGE") build_postgres ;;
  esac
done
log "done in $((SECONDS - started)) s"
