#!/usr/bin/env bash
# Benchmark: strata analyze against DuckDB on the same generated files, in both row layouts.
# Usage: scripts/bench.sh [customers] [layouts] [runs]   (defaults: 1000000, "time customer", 3)
#
# Layouts: `time` writes orders and events in time order with customers interleaved (as real logs
# come); `customer` writes every customer's rows together. Per layout, in one run, it prints wall
# time, CPU time (user + system) and peak memory (max RSS) of:
#   strata analyze, and its read phase and feature pass (from its progress lines);
#   DuckDB plain: RFM scores, the 11 named segments and event counts per customer into a CSV;
#   DuckDB read: read_csv of the three files into typed tables (the read phase's reference);
#   DuckDB equivalent: strata's per-customer features (ASOF joins) and RFM scores into a CSV.
# `analyze` and the plain job run `runs` times, alternated (one machine's noise moves both); the
# ratios are of their medians, and each pair's ratio is printed too. The jobs are in
# scripts/bench_duckdb.py.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
LAYOUTS=${2:-time customer}
RUNS=${3:-3}
WORK=.bench
mkdir -p "$WORK"

swift build -c release --product strata >/dev/null
STRATA=.build/release/strata
if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet duckdb
fi
PY=$WORK/venv/bin/python

measure() { # name, command... → "seconds maxKB cpuSeconds"
  local name=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/time.$name" "$@" > "$WORK/stdout.$name" 2> "$WORK/stderr.$name"
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$WORK/time.$name"
}
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
median() { python3 -c "import statistics, sys; m = statistics.median(float(v) for v in sys.argv[1:]); print(int(m) if m == int(m) else round(m, 3))" "$@"; }
# The elapsed time printed on the progress line that starts with $2, from strata's stderr in $1.
stamp() { sed -n "s/^strata \[ *\([0-9.]*\)s\] $2.*/\1/p" "$1" | head -1; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); DuckDB $($PY -c 'import duckdb; print(duckdb.__version__)')"
for layout in $LAYOUTS; do
  DATA=$WORK/$layout-$N
  if [ ! -f "$DATA/events.csv" ]; then
    "$STRATA" generate --customers "$N" --seed 7 --row-order "$layout" --out "$DATA" 2>/dev/null
  fi
  echo
  echo "== rows in $layout order: $N customers, $(($(wc -l < "$DATA/orders.csv") - 1)) orders, $(($(wc -l < "$DATA/events.csv") - 1)) events, $(du -ch "$DATA"/{customers,orders,events}.csv | tail -1 | cut -f1) of CSV"
  cat "$DATA"/*.csv > /dev/null  # warm the page cache: every tool reads from memory
  mkdir -p "$WORK/out-strata" "$WORK/out-duckdb"
  s_secs=(); s_kbs=(); s_cpus=(); p_secs=(); p_kbs=(); p_cpus=(); reads=(); passes=()
  for run in $(seq "$RUNS"); do
    read -r s_sec s_kb s_cpu <<< "$(measure strata "$STRATA" analyze "$DATA" --out "$WORK/out-strata" --force)"
    read -r p_sec p_kb p_cpu <<< "$(measure plain "$PY" scripts/bench_duckdb.py plain "$DATA" "$WORK/out-duckdb")"
    features_at=$(stamp "$WORK/stderr.strata" "computing features")
    after_features=$(sed -n '/computing features/{n;s/^strata \[ *\([0-9.]*\)s\].*/\1/p}' "$WORK/stderr.strata")
    s_secs+=("$s_sec"); s_kbs+=("$s_kb"); s_cpus+=("$s_cpu"); p_secs+=("$p_sec"); p_kbs+=("$p_kb"); p_cpus+=("$p_cpu")
    reads+=("$features_at"); passes+=("$(python3 -c "print(f'{$after_features - $features_at:.1f}')")")
    echo "run $run: analyze $s_sec s ($s_cpu CPU-s, $((s_kb / 1024)) MB), plain $p_sec s ($p_cpu CPU-s, $((p_kb / 1024)) MB): ratio $(ratio "$s_sec" "$p_sec")"
  done
  s_sec=$(median "${s_secs[@]}"); s_kb=$(median "${s_kbs[@]}"); s_cpu=$(median "${s_cpus[@]}")
  p_sec=$(median "${p_secs[@]}"); p_kb=$(median "${p_kbs[@]}"); p_cpu=$(median "${p_cpus[@]}")
  read -r r_sec r_kb r_cpu <<< "$(measure read "$PY" scripts/bench_duckdb.py read "$DATA" "$WORK/out-duckdb")"
  read -r e_sec e_kb e_cpu <<< "$(measure equivalent "$PY" scripts/bench_duckdb.py equivalent "$DATA" "$WORK/out-duckdb")"
  features_at=$(median "${reads[@]}")
  printf "%-36s %8s %10s %10s\n" "median of $RUNS runs, or one run" "wall s" "CPU s" "memory MB"
  printf "%-36s %8s %10s %10d\n" "strata analyze" "$s_sec" "$s_cpu" $((s_kb / 1024)) \
    "DuckDB plain (RFM, segments, counts)" "$p_sec" "$p_cpu" $((p_kb / 1024)) \
    "DuckDB equivalent work" "$e_sec" "$e_cpu" $((e_kb / 1024)) \
    "DuckDB read_csv (typed tables)" "$r_sec" "$r_cpu" $((r_kb / 1024))
  printf "%-36s %8s s\n" "strata read phase" "$features_at" "strata feature pass" "$(median "${passes[@]}")"
  echo "ratio analyze / plain:      time $(ratio "$s_sec" "$p_sec"), CPU $(ratio "$s_cpu" "$p_cpu"), memory $(ratio "$s_kb" "$p_kb")"
  echo "ratio analyze / equivalent: time $(ratio "$s_sec" "$e_sec"), CPU $(ratio "$s_cpu" "$e_cpu"), memory $(ratio "$s_kb" "$e_kb")"
  echo "ratio read phase / read_csv: $(ratio "$features_at" "$r_sec")"
done
