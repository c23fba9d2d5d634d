#!/usr/bin/env bash
# `make test` builds and smoke-tests the image beside the test legs (about as long as they
# are): `image-job.sh start` runs scripts/build-image.sh in the background, its output in
# var/image-job.log; `image-job.sh wait`, at the end, waits for it, prints that log and
# exits with the build's own exit code.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
log=var/image-job.log rc=var/image-job.rc pidfile=var/image-job.pid
case "${1:-}" in
  start)
    if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "image build already running (pid $(cat "$pidfile")); see $log"; exit 0
    fi
    rm -f "$log" "$rc"
    # Its own session, stdin closed, output to the log: nothing ties it to make's terminal.
    setsid bash -c 'bash scripts/build-image.sh >"$1" 2>&1 </dev/null; echo $? >"$2"' _ "$log" "$rc" </dev/null >/dev/null 2>&1 &
    echo $! >"$pidfile"
    echo "image: build and smoke test started in the background (pid $!, log $log); make test checks it at the end"
    ;;
  wait)
    [ -f "$pidfile" ] || { echo "image: no build was started (scripts/image-job.sh start)" >&2; exit 1; }
    waited=$SECONDS
    while [ ! -f "$rc" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; do sleep 2; done
    sleep 1
    echo "----- image build and smoke test (var/image-job.log; waited $((SECONDS - waited)) s for it) -----"
    cat "$log" 2>/dev/null || true
    echo "-----"
    code=$(cat "$rc" 2>/dev/null || echo 1)
    rm -f "$pidfile"
    if [ "$code" != 0 ]; then echo "image: the build or its smoke test FAILED (exit $code); the reason is above" >&2; fi
    exit "$code"
    ;;
  *) echo "usage: $0 start|wait" >&2; exit 2 ;;
esac
