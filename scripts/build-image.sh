#!/usr/bin/env bash
# Builds the hub's image with podman where no image registry can be reached, then smoke-tests
# it as far as a machine without `podman run` allows. `make image` runs it; `make test` runs it
# in the background beside the test legs (scripts/image-job.sh).
#
# 1. The Debian base is made from Debian's packages (mmdebstrap, with Python, Pango and the
#    PostgreSQL client already in it) and imported as a local image; the tarball is kept in
#    the cache directory, the image in podman's store, so a later run makes neither again.
# 2. The locked Python packages are made into wheels on this machine (pip's own cache helps)
#    and mounted into the build at /wheels, so the build downloads nothing. podman's layer
#    cache keeps the packages' layer while requirements/base.txt is unchanged.
# 3. podman build --isolation=chroot (no user namespaces needed).
# 4. Smoke test from the image's own file system (podman mount + chroot as uid 10001):
#    `check --deploy`, migrations into a scratch PostgreSQL database (IMAGE_SMOKE_DATABASE_URL;
#    SQLite when unset), `scheduler --once` and `worker --batch`, then gunicorn and HTTP
#    requests to /health/live, /health/ready and the portal's home page.
#
# Each step that something outside the project can stop (a package download, podman, chroot,
# PostgreSQL) says which step failed and what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
TAG=${TAG:-localhost/victimcare:latest}
CACHE=${VCH_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/victimcare-image}
SMOKE_DB=${IMAGE_SMOKE_DATABASE_URL:-}
SMOKE_REDIS=${IMAGE_SMOKE_REDIS_URL:-}
SMOKE_PORT=${IMAGE_SMOKE_PORT:-18080}
# What the base holds: both stages' Debian packages (the Containerfile installs only what a
# base lacks, so with a plain debian:bookworm-slim it still builds).
BASE_PACKAGES="python3,python3-venv,ca-certificates,libpango-1.0-0,libpangoft2-1.0-0,postgresql-client"
BASE_KEY=$(printf 'bookworm minbase %s' "$BASE_PACKAGES" | sha256sum | cut -c1-12)
BASE=${BASE:-localhost/vch-debian:bookworm-$BASE_KEY}
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
started=$SECONDS
say() { printf '[image %3ds] %s\n' "$((SECONDS - started))" "$*"; }
fail() { say "FAILED: $*" >&2; exit 1; }

# --- tools --------------------------------------------------------------------------------
if ! command -v podman >/dev/null || ! command -v mmdebstrap >/dev/null; then
  say "installing podman and mmdebstrap from Debian's packages"
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman mmdebstrap >/dev/null; } \
    || fail "apt-get could not install podman and mmdebstrap (Debian's package archive unreachable, or not root)"
fi
mkdir -p "$CACHE"
# One build at a time on a machine (the base, the wheels, the tag and the smoke test's port).
exec 9>"$CACHE/lock"
flock -n 9 || { say "another image build is running here; waiting for it"; flock 9; }

# --- 1. the base image --------------------------------------------------------------------
if podman image exists "$BASE"; then
  say "base image $BASE: in podman's store"
else
  tarball="$CACHE/debian-bookworm-$BASE_KEY.tar"
  if [ ! -s "$tarball" ]; then
    say "making the Debian base from Debian's packages (mmdebstrap: $BASE_PACKAGES)"
    partial="$CACHE/partial-$BASE_KEY.tar"   # mmdebstrap picks its output format by the .tar suffix
    rm -rf "$partial"
    mmdebstrap --variant=minbase --quiet --include="$BASE_PACKAGES" bookworm "$partial" \
      || fail "mmdebstrap could not make the Debian base (Debian's package archive unreachable?)"
    mv "$partial" "$tarball"
  fi
  podman import "$tarball" "$BASE" >/dev/null || fail "podman import of $tarball refused (podman's storage: podman info)"
  say "base image $BASE imported from $tarball"
fi

# --- 2. the Python packages as wheels -----------------------------------------------------
[ -f build/static/.built ] || { say "building the front-end assets"; npm ci --no-audit --no-fund && npm run --silent build && touch build/static/.built; }
host_python=${IMAGE_WHEEL_PYTHON:-$(command -v python3.11 || true)}
wheels=""
if [ -n "$host_python" ] && "$host_python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  # Same Python minor version and glibc line as Debian bookworm's python3 (3.11): the
  # wheels fit. Keyed by the lock file, so a changed lock makes a new set.
  wheels="$CACHE/wheels-$(sha256sum requirements/base.txt | cut -c1-12)"
  if [ ! -f "$wheels/.complete" ]; then
    say "making wheels of requirements/base.txt in $wheels"
    if ! "$host_python" -m pip wheel --quiet --disable-pip-version-check -r requirements/base.txt \
        -w "$wheels" >"$CACHE/wheels.log" 2>&1; then
      grep -v 'is ignored: it is neither' "$CACHE/wheels.log" | tail -20 >&2
      fail "pip could not fetch or build the locked packages (PyPI unreachable?)"
    fi
    touch "$wheels/.complete"
  fi
  find "$CACHE" -maxdepth 1 -name 'wheels-*' ! -path "$wheels" -exec rm -rf {} +
else
  say "no Python 3.11 here to make wheels with: the build downloads the packages itself"
fi

# --- 3. the image -------------------------------------------------------------------------
say "building $TAG (podman build --isolation=chroot)"
build_args=(--isolation=chroot --format docker --layers --build-arg BASE_IMAGE="$BASE"
  --secret id=ca,src="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}" -f Containerfile)
[ -n "$wheels" ] && build_args+=(--volume "$wheels:/wheels:ro")
# The packages' stage is tagged too, so that pruning the last build's untagged layers keeps
# it as the cache of the next build.
{ podman build "${build_args[@]}" --target python -t "$TAG-python-stage" . \
  && podman build "${build_args[@]}" -t "$TAG" . ; } >"$CACHE/build.log" 2>&1 \
  || { tail -30 "$CACHE/build.log" >&2; fail "podman build failed (above: the end of $CACHE/build.log; a RUN step that downloads needs PyPI or Debian's archive)"; }
podman image prune -f >/dev/null 2>&1 || true   # earlier builds' layers, now untagged
say "built: $(podman image inspect --format '{{.Size}} bytes, user {{.Config.User}}, cmd {{.Config.Cmd}}' "$TAG")"

# --- 4. smoke test from the image's file system -------------------------------------------
container=$(podman create "$TAG") || fail "podman create refused"
root=$(podman mount "$container") || fail "podman mount refused (needs root and podman's storage)"
smoke_dbname=""
cleanup() {
  if [ -s "$root/tmp/smoke-gunicorn.pid" ]; then kill "$(cat "$root/tmp/smoke-gunicorn.pid")" 2>/dev/null || true; sleep 1; fi
  podman umount "$container" >/dev/null 2>&1 || true
  podman rm "$container" >/dev/null 2>&1 || true
  [ -z "$smoke_dbname" ] || psql -q -d "$admin_url" -c "DROP DATABASE IF EXISTS \"$smoke_dbname\"" >/dev/null 2>&1 || true
}
trap cleanup EXIT

database_url=sqlite:////tmp/smoke.sqlite3
export PGOPTIONS="-c client_min_messages=warning"
if [ -n "$SMOKE_DB" ]; then
  smoke_dbname=${SMOKE_DB##*/}; smoke_dbname=${smoke_dbname%%\?*}
  admin_url="${SMOKE_DB%/*}/postgres"
  command -v psql >/dev/null || fail "psql is needed to make the smoke test's database (apt-get install postgresql-client)"
  psql -q -d "$admin_url" -c "DROP DATABASE IF EXISTS \"$smoke_dbname\"" -c "CREATE DATABASE \"$smoke_dbname\"" >/dev/null \
    || fail "PostgreSQL at ${admin_url%%@*}@… refused to make the database $smoke_dbname (is it running? scripts/ensure-services.sh)"
  database_url=$SMOKE_DB
fi
secret=$(python3 -c "import secrets; print(secrets.token_urlsafe(60))")
in_image() {
  chroot --userspec=10001:10001 "$root" env -i PATH=/opt/venv/bin:/usr/bin:/bin HOME=/app \
    PYTHONPATH=/app/src DJANGO_SETTINGS_MODULE=victimcare.config.settings.base DJANGO_DOT_ENV=/nonexistent \
    SECRET_KEY="$secret" ALLOWED_HOSTS=localhost DATABASE_URL="$database_url" REDIS_URL="$SMOKE_REDIS" \
    VCH_OPS_TOKEN=smoke-test-token SECURE_SSL_REDIRECT=false PORT="$SMOKE_PORT" WEB_CONCURRENCY=1 "$@"
}
mkdir -p "$root/tmp" && chmod 1777 "$root/tmp"
in_image true || fail "chroot into the image's files as uid 10001 refused (this sandbox forbids chroot?)"
say "check --deploy --fail-level WARNING (production settings, from the image)"
in_image env SECURE_SSL_REDIRECT=true sh -c 'cd /app && python3 manage.py check --deploy --fail-level WARNING' \
  || fail "Django's deployment checks failed inside the image"
say "migrate into ${database_url%%://*} ($( [ -n "$smoke_dbname" ] && echo "database $smoke_dbname" || echo "a scratch file" )), scheduler --once, worker --batch"
in_image sh -c 'cd /app && python3 manage.py migrate --noinput -v0' || fail "migrate from the image failed"
in_image sh -c 'cd /app && python3 manage.py scheduler --once && python3 manage.py worker --batch' >"$CACHE/smoke-jobs.log" 2>&1 \
  || { tail -20 "$CACHE/smoke-jobs.log" >&2; fail "scheduler --once or worker --batch from the image failed"; }
if (exec 3<>"/dev/tcp/127.0.0.1/$SMOKE_PORT") 2>/dev/null; then fail "port $SMOKE_PORT is taken: set IMAGE_SMOKE_PORT"; fi
say "gunicorn from the image on 127.0.0.1:$SMOKE_PORT"
in_image sh -c 'cd /app && exec gunicorn --pid /tmp/smoke-gunicorn.pid victimcare.config.wsgi' >"$CACHE/smoke-gunicorn.log" 2>&1 &
for _ in $(seq 1 120); do curl -fsS -H 'Host: localhost' "http://127.0.0.1:$SMOKE_PORT/health/live" >/dev/null 2>&1 && break; sleep 1; done
get() { curl -fsS --max-time 20 -H 'Host: localhost' "$@"; }
live=$(get "http://127.0.0.1:$SMOKE_PORT/health/live") \
  || { tail -20 "$CACHE/smoke-gunicorn.log" >&2; fail "gunicorn from the image did not answer /health/live in 120 s"; }
say "/health/live: $live"
ready=$(get -H 'Authorization: Bearer smoke-test-token' "http://127.0.0.1:$SMOKE_PORT/health/ready") \
  || fail "/health/ready is not ready: $(curl -sS -H 'Host: localhost' -H 'Authorization: Bearer smoke-test-token' "http://127.0.0.1:$SMOKE_PORT/health/ready")"
say "/health/ready: $ready"
home=$(curl -sS -o /dev/null -w '%{http_code}' -H 'Host: localhost' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$SMOKE_PORT/")
[ "$home" = 200 ] || fail "the portal's home page answered $home"
metrics=$(get -H 'Authorization: Bearer smoke-test-token' "http://127.0.0.1:$SMOKE_PORT/metrics" | grep -c '^vch_' || true)
[ "$metrics" -gt 0 ] || fail "/metrics gave no vch_ metric"
say "portal home page: 200; /metrics: $metrics samples"
say "image $TAG built and smoke-tested (check --deploy, migrate, scheduler, worker, gunicorn: live, ready, home, metrics)"
