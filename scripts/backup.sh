#!/usr/bin/env bash
# A backup of the hub's database: pg_dump in custom format, with its SHA-256 beside it.
# Keep the keys (SECRET_KEY, SECRET_KEY_FALLBACKS, FIELD_ENCRYPTION_SALTS) in the secret store,
# never with the dump: the dump without them cannot be read, and the two together are the data.
# Usage: DATABASE_URL=postgres://... scripts/backup.sh [DIRECTORY]
# Then prove it: python manage.py restore_drill --dump DIRECTORY/victimcare-<time>.dump
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the hub's PostgreSQL database}"
dir=${1:-var/backups}
mkdir -p "$dir"
umask 077   # the dump holds personal data (contact details encrypted, the rest not)
file="$dir/victimcare-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --no-privileges --file="$file" "$DATABASE_URL"
sha256sum "$file" > "$file.sha256"
echo "$file"
