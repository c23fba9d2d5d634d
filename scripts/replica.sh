#!/usr/bin/env bash
# A PostgreSQL streaming replica of the primary on 127.0.0.1:5432, on a second loopback
# port, for the replica tests (tests/scale/) and for trying reports on a replica locally.
#
#   bash scripts/replica.sh start    # base backup on first use, then start (idempotent)
#   bash scripts/replica.sh stop | status | rebuild | pause | resume
#
# REPLICA_PORT (5433) and REPLICA_DIR (/tmp/vch-replica-<port>) choose where it runs. The
# primary is set up for it idempotently: a `replication` trust line for 127.0.0.1 in its
# pg_hba.conf (loopback only, as the primary's own lines), and wal_level must be replica
# or logical (PostgreSQL's default). Run as root or as the postgres user.
set -euo pipefail

PRIMARY_HOST=127.0.0.1
PRIMARY_PORT=${PRIMARY_PORT:-5432}
PORT=${REPLICA_PORT:-5433}
DIR=${REPLICA_DIR:-/tmp/vch-replica-$PORT}
BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
psql_primary() { "$BIN/psql" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -XAtq "$@"; }
psql_replica() { "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -XAtq "$@"; }
running() { [ -f "$DIR/postmaster.pid" ] && as_postgres "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }

prepare_primary() {
  local level hba
  level=$(psql_primary -c "SHOW wal_level")
  if [ "$level" = minimal ]; then
    echo "The primary runs with wal_level=minimal: set wal_level=replica and restart it" >&2
    exit 1
  fi
  hba=$(psql_primary -c "SHOW hba_file")
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    echo "host replication all 127.0.0.1/32 trust" >>"$hba"
    psql_primary -c "SELECT pg_reload_conf()" >/dev/null
    sleep 1
  fi
}

# Settings a hot standby must have at least as high as the primary's.
standby_conf() {
  cat <<EOF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
hot_standby = on
hot_standby_feedback = on
max_standby_streaming_delay = 30s
shared_buffers = 32MB
max_connections = $(psql_primary -c "SHOW max_connections")
max_worker_processes = $(psql_primary -c "SHOW max_worker_processes")
max_wal_senders = $(psql_primary -c "SHOW max_wal_senders")
max_prepared_transactions = $(psql_primary -c "SHOW max_prepared_transactions")
max_locks_per_transaction = $(psql_primary -c "SHOW max_locks_per_transaction")
logging_collector = off
EOF
}

base_backup() {
  rm -rf "$DIR"
  mkdir -p "$(dirname "$DIR")"
  install -d -o postgres -g postgres -m 700 "$DIR"
  as_postgres "$BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres \
    -D "$DIR" -R -X stream -c fast
  # Debian keeps the primary's configuration in /etc; the replica gets its own.
  standby_conf | as_postgres tee "$DIR/postgresql.conf" >/dev/null
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_postgres tee "$DIR/pg_hba.conf" >/dev/null
  as_postgres touch "$DIR/pg_ident.conf"
}

start() {
  if running; then
    psql_replica -c "SELECT pg_wal_replay_resume()" >/dev/null  # a test left it paused
    echo "replica already running on 127.0.0.1:$PORT ($DIR)"
    return
  fi
  prepare_primary
  [ -f "$DIR/standby.signal" ] || base_backup
  if ! as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 start >/dev/null; then
    echo "the replica did not start; making a fresh base backup" >&2
    base_backup
    as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 start >/dev/null
  fi
  if ! caught_up; then
    # A replica of an older primary (the cluster was recreated) or too far behind to catch
    # up (the primary recycled the WAL it needed): a fresh base backup.
    echo "the replica did not catch up; making a fresh base backup" >&2
    as_postgres "$BIN/pg_ctl" -D "$DIR" -m immediate -w stop >/dev/null 2>&1 || true
    base_backup
    as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 start >/dev/null
    caught_up || { echo "the replica did not catch up with the primary: see $DIR/server.log" >&2; exit 1; }
  fi
  echo "replica streaming on 127.0.0.1:$PORT ($DIR)"
}

# Streaming, and caught up with the primary's position at the time of asking.
caught_up() {
  local target
  target=$(psql_primary -c "SELECT pg_current_wal_lsn()")
  for _ in $(seq 1 60); do
    if [ "$(psql_replica -c "SELECT pg_last_wal_replay_lsn() >= '$target'::pg_lsn" 2>/dev/null)" = t ]; then
      return 0
    fi
    sleep 1
  done
  return 1
}

case "${1:-start}" in
  start) start ;;
  stop) if running; then as_postgres "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null; fi; echo "replica stopped" ;;
  rebuild) if running; then as_postgres "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null; fi; rm -rf "$DIR"; start ;;
  status) if running; then psql_replica -c "SELECT 'in recovery: ' || pg_is_in_recovery() || ', replayed up to ' || coalesce(pg_last_xact_replay_timestamp()::text, 'nothing yet')"; else echo "replica not running"; exit 3; fi ;;
  pause) psql_replica -c "SELECT pg_wal_replay_pause()" >/dev/null ;;
  resume) psql_replica -c "SELECT pg_wal_replay_resume()" >/dev/null ;;
  *) echo "usage: $0 start|stop|status|rebuild|pause|resume" >&2; exit 2 ;;
esac
