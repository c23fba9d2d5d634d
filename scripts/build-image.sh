#!/usr/bin/env bash
# Builds the hub's image with podman where no image registry can be reached: the Debian
# base is made from Debian's packages (mmdebstrap) and imported as a local image, then the
# Containerfile builds on it (--isolation=chroot: no user namespaces needed). Then a smoke
# test of what this machine allows without `podman run`: Django's deployment checks and an
# HTTP request to gunicorn, both run from the image's own file system (podman mount + chroot).
set -euo pipefail
cd "$(dirname "$0")/.."
TAG=${TAG:-localhost/victimcare:latest}
BASE=${BASE:-localhost/vch-debian:bookworm}
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

for tool in podman mmdebstrap; do
  command -v "$tool" >/dev/null || { as_root apt-get update -qq; as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman mmdebstrap >/dev/null; break; }
done

if ! podman image exists "$BASE"; then
  echo "Making the Debian base image $BASE from Debian's packages"
  tarball=$(mktemp --suffix=.tar)
  mmdebstrap --variant=minbase --quiet bookworm "$tarball"
  podman import "$tarball" "$BASE" >/dev/null
  rm -f "$tarball"
fi

echo "Building the front-end assets"
[ -f build/static/.built ] || { npm ci --no-audit --no-fund && npm run --silent build && touch build/static/.built; }

echo "Building $TAG"
podman build --isolation=chroot --format docker --build-arg BASE_IMAGE="$BASE" \
  --secret id=ca,src="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}" -f Containerfile -t "$TAG" .

echo "Smoke test from the image's file system"
container=$(podman create "$TAG")
root=$(podman mount "$container")
cleanup() { [ -s "$root/tmp/smoke-gunicorn.pid" ] && kill "$(cat "$root/tmp/smoke-gunicorn.pid")" 2>/dev/null; sleep 1; podman umount "$container" >/dev/null || true; podman rm "$container" >/dev/null || true; }
trap cleanup EXIT
secret=$(python3 -c "import secrets; print(secrets.token_urlsafe(60))")
in_image() { chroot --userspec=10001:10001 "$root" env -i PATH=/opt/venv/bin:/usr/bin:/bin HOME=/app \
  PYTHONPATH=/app/src DJANGO_SETTINGS_MODULE=victimcare.config.settings.base DJANGO_DOT_ENV=/nonexistent \
  SECRET_KEY="$secret" ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/smoke.sqlite3 \
  SECURE_SSL_REDIRECT=false PORT=18080 WEB_CONCURRENCY=1 "$@"; }
mkdir -p "$root/tmp" && chmod 1777 "$root/tmp"
in_image env SECURE_SSL_REDIRECT=true sh -c 'cd /app && python3 manage.py check --deploy --fail-level WARNING'
in_image sh -c 'cd /app && python3 manage.py migrate --noinput -v0'
in_image sh -c 'cd /app && python3 manage.py scheduler --once && python3 manage.py worker --batch' >/dev/null
in_image sh -c 'cd /app && exec gunicorn --pid /tmp/smoke-gunicorn.pid victimcare.config.wsgi' &
for _ in $(seq 1 30); do curl -fsS -H 'Host: localhost' http://127.0.0.1:18080/health/live >/dev/null 2>&1 && break; sleep 1; done
curl -fsS -H 'Host: localhost' http://127.0.0.1:18080/health/live
curl -fsS -H 'Host: localhost' http://127.0.0.1:18080/health/ready; echo "  (ready: database, migrations, worker and scheduler heartbeats)"
curl -fsS -o /dev/null -w 'portal home page: %{http_code}\n' -H 'Host: localhost' -H 'X-Forwarded-Proto: https' http://127.0.0.1:18080/
podman image inspect --format 'image size: {{.Size}} bytes, user {{.Config.User}}' "$TAG"
echo "Image $TAG built; deployment checks and HTTP smoke test passed."
