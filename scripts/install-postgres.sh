#!/usr/bin/env bash
# Installs PostgreSQL from Debian when missing, for `strata load/analyze --engine postgres` and
# their tests (which start a private server of their own on loopback, speaking TLS with a
# certificate openssl makes). Prints the folder of its
# programs (initdb, pg_ctl). Exits non-zero when it cannot.
set -euo pipefail
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin=$(find_bin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || ! command -v openssl >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql openssl >/dev/null
  bin=$(find_bin)
fi
[ -x "$bin/initdb" ] || { echo "no PostgreSQL programs found" >&2; exit 1; }
echo "$bin"
