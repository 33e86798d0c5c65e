#!/usr/bin/env bash
# Benchmark: the same analysis in the embedded engine, PostgreSQL, Spark local[2] and DuckDB, on
# the same generated files in time order (customers interleaved, as real logs come).
# Usage: scripts/bench-engines.sh [customers]   (default 1000000)
#
# Load and analysis are timed apart (wall time and peak memory of the client process; the
# PostgreSQL server's and the Spark JVM's own memory are not in the client's):
#   embedded   strata analyze (reading the files is its load)
#   PostgreSQL strata load --engine postgres (read + COPY + ANALYZE), then strata analyze --engine postgres
#   Spark      strata analyze --engine spark: staging the tables, then the PySpark job and the fits
#   DuckDB     read_csv into typed tables, then the plain and the equivalent-work jobs of scripts/bench_duckdb.py
# Every strata run fits pareto-nbd and gamma-gamma (no holdout choice), so each does the same work.
# PostgreSQL is a private server started here (scripts/install-postgres.sh), PySpark from scripts/install-spark.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
WORK=.bench
mkdir -p "$WORK"
swift build -c release --product strata >/dev/null
STRATA=$PWD/.build/release/strata
if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet duckdb
fi
PY=$WORK/venv/bin/python
PGBIN=$(scripts/install-postgres.sh)
export STRATA_SPARK_PYTHON=$(scripts/install-spark.sh)

measure() { # name, command... → "seconds maxKB"
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.$name" "$@" > "$WORK/stdout.$name" 2> "$WORK/stderr.$name"
  cat "$WORK/time.$name"
}
stamp() { sed -n "s/^strata \[ *\([0-9.]*\)s\] $2.*/\1/p" "$1" | head -1; }

# A private PostgreSQL server on loopback (as the postgres user when run as root).
PGDIR=$(mktemp -d /tmp/strata-bench-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDIR"
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U strata --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
PORT=$((30000 + RANDOM % 20000))
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c shared_buffers=2GB -c work_mem=256MB -c max_wal_size=8GB" start >/dev/null
trap 'as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1; rm -rf "$PGDIR" "$WORK/spark-staging"' EXIT
URL="postgres://strata@127.0.0.1:$PORT/postgres"

DATA=$WORK/time-$N
if [ ! -f "$DATA/events.csv" ]; then
  "$STRATA" generate --customers "$N" --seed 7 --row-order time --out "$DATA" 2>/dev/null
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), PySpark $("$STRATA_SPARK_PYTHON" -c 'import pyspark; print(pyspark.__version__)'), DuckDB $($PY -c 'import duckdb; print(duckdb.__version__)')"
echo "data: $N customers, $(($(wc -l < "$DATA/orders.csv") - 1)) orders, $(($(wc -l < "$DATA/events.csv") - 1)) events in time order, $(du -ch "$DATA"/{customers,orders,events}.csv | tail -1 | cut -f1) of CSV"
cat "$DATA"/*.csv > /dev/null

read -r e_sec e_kb <<< "$(measure embedded "$STRATA" analyze "$DATA" --model pareto-nbd --out "$WORK/out-embedded" --force)"
e_read=$(stamp "$WORK/stderr.embedded" "computing features")
read -r pl_sec pl_kb <<< "$(measure pg-load "$STRATA" load "$DATA" --engine postgres --url "$URL")"
read -r pa_sec pa_kb <<< "$(measure pg-analyze "$STRATA" analyze --engine postgres --url "$URL" --model pareto-nbd --out "$WORK/out-postgres" --force)"
read -r s_sec s_kb <<< "$(measure spark "$STRATA" analyze "$DATA" --engine spark --master 'local[2]' --staging "$WORK/spark-staging" --model pareto-nbd --out "$WORK/out-spark" --force)"
s_staged=$(stamp "$WORK/stderr.spark" "reading what Spark holds")
s_read=$(stamp "$WORK/stderr.spark" "loading")
read -r dr_sec dr_kb <<< "$(measure duck-read "$PY" scripts/bench_duckdb.py read "$DATA" "$WORK/out-duckdb")"
read -r dp_sec dp_kb <<< "$(measure duck-plain "$PY" scripts/bench_duckdb.py plain "$DATA" "$WORK/out-duckdb")"
read -r de_sec de_kb <<< "$(measure duck-equivalent "$PY" scripts/bench_duckdb.py equivalent "$DATA" "$WORK/out-duckdb")"

sub() { python3 -c "print(f'{$1 - $2:.1f}')"; }
printf "%-46s %9s %9s %9s\n" "" "load s" "analysis s" "client MB"
printf "%-46s %9s %9s %9d\n" "embedded (strata analyze)" "$e_read" "$(sub "$e_sec" "$e_read")" $((e_kb / 1024))
printf "%-46s %9s %9s %9d\n" "PostgreSQL (strata load; analyze --engine)" "$pl_sec" "$pa_sec" $(((pl_kb > pa_kb ? pl_kb : pa_kb) / 1024))
printf "%-46s %9s %9s %9d\n" "Spark local[2] (stage; job and fits)" "$s_staged" "$(sub "$s_sec" "$s_staged")" $((s_kb / 1024))
printf "%-46s %9s %9s %9d\n" "DuckDB plain (read_csv; RFM, segments, counts)" "$dr_sec" "$(sub "$dp_sec" "$dr_sec")" $((dp_kb / 1024))
printf "%-46s %9s %9s %9d\n" "DuckDB equivalent work" "$dr_sec" "$(sub "$de_sec" "$dr_sec")" $((de_kb / 1024))
echo "(Spark's load includes reading the files in Swift: ${s_read}s of it is before staging starts.)"
python3 /dev/stdin "$WORK/out-embedded/customers.csv" "$WORK/out-postgres/customers.csv" "$WORK/out-spark/customers.csv" <<'PY'
import csv, sys
def table(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]
head, rows = table(sys.argv[1])
for path in sys.argv[2:]:
    other_head, other = table(path)
    shared = [c for c in other_head if c in head]
    a = [head.index(c) for c in shared]; b = [other_head.index(c) for c in shared]
    differing = sum(1 for x, y in zip(rows, other) for i, j in zip(a, b) if x[i] != y[j])
    print(f"{path}: {len(other)} rows, {len(shared)} columns shared with the embedded run, {differing} values differ")
PY
