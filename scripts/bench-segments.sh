#!/usr/bin/env bash
# Benchmark: custom segment evaluation on generated data (default 1M customers).
# Runs `strata analyze` without and with --segments examples/segments/benchmark.strata (20
# segments and a 3-member group) and prints both wall times; the difference is the cost of the
# segments (evaluation, explain-free) plus their 24 extra output columns.
# Usage: scripts/bench-segments.sh [customers]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
DATA=.bench/data-$N
swift build -c release --product strata >/dev/null
STRATA=.build/release/strata
[ -f "$DATA/events.csv" ] || "$STRATA" generate --customers "$N" --seed 7 --out "$DATA"
cat "$DATA"/*.csv > /dev/null
for run in plain segments; do
  extra=()
  [ "$run" = segments ] && extra=(--segments examples/segments/benchmark.strata)
  /usr/bin/time -f "%e %M" -o .bench/time.$run "$STRATA" analyze "$DATA" --out .bench/out-$run --force "${extra[@]}" >/dev/null 2>.bench/progress.$run
  read -r secs kb < .bench/time.$run
  echo "$run: $secs s, $((kb / 1024)) MB"
done
grep -E "evaluating|writing" .bench/progress.segments
