#!/usr/bin/env bash
# Benchmark: the embedded store on generated data (default 1M customers: ~8.9M orders, ~22.7M events).
# Prints wall time and peak memory of: import, a re-import (nothing new), two snapshots, movement.
# Usage: scripts/bench-store.sh [customers]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
DATA=.bench/data-$N
DB=.bench/store-$N.db
swift build -c release --product strata >/dev/null
STRATA=.build/release/strata
[ -f "$DATA/events.csv" ] || "$STRATA" generate --customers "$N" --seed 7 --out "$DATA"
rm -f "$DB" "$DB-wal" "$DB-shm"
cat "$DATA"/*.csv > /dev/null
measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o .bench/time.store "$@" > .bench/stdout.store 2>/dev/null
  read -r secs kb < .bench/time.store
  printf "%-28s %8s s %8s MB\n" "$name" "$secs" "$((kb / 1024))"
}
measure "import" "$STRATA" import "$DATA" --db "$DB"
tail -1 .bench/stdout.store
measure "import again (no new rows)" "$STRATA" import "$DATA" --db "$DB"
measure "snapshot 2024-05-31" "$STRATA" snapshot --db "$DB" --as-of 2024-05-31
measure "snapshot 2024-06-30" "$STRATA" snapshot --db "$DB" --as-of 2024-06-30
measure "movement (rfm)" "$STRATA" movement --db "$DB" --from 2024-05-31 --to 2024-06-30
ls -la "$DB" | awk '{printf "store size: %.0f MB\n", $5 / 1048576}'
