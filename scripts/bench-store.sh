#!/usr/bin/env bash
# Benchmark: the embedded store on generated data in time order (as real logs come).
# Prints wall time and peak memory of: analyze on the same files (the yardstick), import,
# importing the unchanged files again, two snapshots and movement, and importing the events log
# after it grew by 1% (restored afterwards) and a snapshot after that; and import's rows per second.
# Usage: scripts/bench-store.sh [customers] [layout]   (defaults: 1000000, time; layout customer groups rows by customer)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
LAYOUT=${2:-time}
DATA=.bench/$LAYOUT-$N
DB=.bench/store-$LAYOUT-$N.db
swift build -c release --product strata >/dev/null
STRATA=.build/release/strata
[ -f "$DATA/events.csv" ] || "$STRATA" generate --customers "$N" --seed 7 --row-order "$LAYOUT" --out "$DATA" >/dev/null 2>&1
rm -f "$DB" "$DB-wal" "$DB-shm"
cat "$DATA"/*.csv > /dev/null
measure() { # name, command... → prints the line, leaves the seconds in $SECS
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o .bench/time.store "$@" > .bench/stdout.store 2>/dev/null
  read -r SECS kb < .bench/time.store
  printf "%-28s %8s s %8s MB\n" "$name" "$SECS" "$((kb / 1024))"
}
ROWS=$(( $(wc -l < "$DATA/customers.csv") + $(wc -l < "$DATA/orders.csv") + $(wc -l < "$DATA/events.csv") - 3 ))
echo "$N customers, rows in $LAYOUT order: $ROWS rows in all"
measure "analyze (same files)" "$STRATA" analyze "$DATA" --out .bench/out-store-analyze --force
measure "import" "$STRATA" import "$DATA" --db "$DB"
echo "import: $(python3 -c "print(f'{$ROWS / $SECS:,.0f}')") rows/s"
measure "import again (unchanged)" "$STRATA" import "$DATA" --db "$DB"
tail -3 .bench/stdout.store
measure "snapshot 2024-05-31" "$STRATA" snapshot --db "$DB" --as-of 2024-05-31
measure "snapshot 2024-06-30" "$STRATA" snapshot --db "$DB" --as-of 2024-06-30
measure "movement (rfm)" "$STRATA" movement --db "$DB" --from 2024-05-31 --to 2024-06-30
ls -la "$DB" | awk '{printf "store size: %.0f MB\n", $5 / 1048576}'
# The events log grows by 1% (its last lines again, under new ids), is imported, then cut back.
SIZE=$(stat -c %s "$DATA/events.csv")
trap 'truncate -s "$SIZE" "$DATA/events.csv"' EXIT
GROWN=$(( $(wc -l < "$DATA/events.csv") / 100 ))
tail -n "$GROWN" "$DATA/events.csv" | sed 's/^/G/' >> "$DATA/events.csv"
measure "import (events grew by 1%)" "$STRATA" import "$DATA" --db "$DB"
tail -4 .bench/stdout.store
measure "snapshot after it (2024-06-30)" "$STRATA" snapshot --db "$DB" --as-of 2024-06-30
