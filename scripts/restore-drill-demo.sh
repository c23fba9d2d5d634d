#!/usr/bin/env bash
# The restore drill as CI runs it (`make drill-demo`): a scratch PostgreSQL database with the
# demo's data (people, cases, contact details encrypted with this checkout's keys, access
# and audit logs), then `restore_drill`: dump, restore into another scratch database, counts,
# decryption, append-only logs. Both databases are dropped afterwards.
#   scripts/restore-drill-demo.sh postgres://postgres@127.0.0.1:5432/NAME   (uses NAME_drill)
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: $0 POSTGRES_URL}
url="${base%%\?*}_drill"
name=${url##*/}
admin="${url%/*}/postgres"
# A key of its own (the drill decrypts with the key that encrypted the seed).
SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(60))")
export DATABASE_URL=$url SECRET_KEY LOG_LEVEL=WARNING
manage() { .venv/bin/python manage.py "$@"; }
export PGOPTIONS="-c client_min_messages=warning"
psql -q -d "$admin" -c "DROP DATABASE IF EXISTS \"$name\"" -c "CREATE DATABASE \"$name\"" >/dev/null \
  || { echo "drill: PostgreSQL at ${admin%%@*}@… refused to make $name (is it running?)" >&2; exit 1; }
trap 'psql -q -d "$admin" -c "DROP DATABASE IF EXISTS \"$name\"" >/dev/null 2>&1 || true' EXIT
started=$SECONDS
manage migrate --noinput -v0
DJANGO_DEBUG=true VCH_DEMO_SKIP_TWO_FACTOR=true manage seed_demo --referrals 30 >/dev/null
echo "drill: $name migrated and seeded with the demo in $((SECONDS - started)) s"
manage restore_drill
echo "drill: passed in $((SECONDS - started)) s"
