#!/usr/bin/env bash
# Where `strata analyze`'s CPU time goes: `perf` samples one run on the benchmark data and prints
# CPU seconds by step (reading each file, the layout, features, segments, models, insights,
# customers.csv) and the functions with the most samples. perf comes from Debian (linux-perf)
# when missing.
# Usage: scripts/profile.sh [customers] [layout]   (defaults: 1000000, time; layout customer groups rows by customer)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
LAYOUT=${2:-time}
DATA=.bench/$LAYOUT-$N
RATE=499
if ! command -v perf >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null
fi
swift build -c release --product strata >/dev/null
STRATA=.build/release/strata
[ -f "$DATA/events.csv" ] || "$STRATA" generate --customers "$N" --seed 7 --row-order "$LAYOUT" --out "$DATA" >/dev/null 2>&1
cat "$DATA"/*.csv > /dev/null  # warm the page cache, as scripts/bench.sh does
perf record -q -e cpu-clock -F "$RATE" -g -o .bench/profile.data "$STRATA" analyze "$DATA" --out .bench/out-profile --force >/dev/null 2>&1
perf script -i .bench/profile.data -F ip,sym 2>/dev/null > .bench/profile.txt
python3 scripts/profile_steps.py .bench/profile.txt "$RATE"
