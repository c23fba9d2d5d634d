#!/usr/bin/env bash
# Debian libraries the hub's Python packages load at run time: Pango (WeasyPrint, the PDF
# returns). Installed from Debian's packages only if missing.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
  echo "Installing Pango for PDF reports (WeasyPrint)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
fi
