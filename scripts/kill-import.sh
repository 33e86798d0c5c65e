#!/usr/bin/env bash
# Kills `strata import` with SIGKILL at random moments, RUNS times, and checks after each kill
# that the store is consistent (integrity check, whole batches only) and that importing again
# completes it exactly (the same row counts as an import that was never interrupted).
# Usage: scripts/kill-import.sh [RUNS=50] [CUSTOMERS=8000]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-50}
CUSTOMERS=${2:-8000}
swift build -c release --product strata >/dev/null
STRATA=$PWD/.build/release/strata
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$STRATA" generate --customers "$CUSTOMERS" --seed 3 --out "$WORK/data" >/dev/null
"$STRATA" import "$WORK/data" --db "$WORK/reference.db" --batch-size 2000 >/dev/null 2>&1
counts() {
  python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ok = db.execute("PRAGMA integrity_check").fetchone()[0]
c = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("customers", "orders", "events")]
print(ok, *c)
PY
}
reference=$(counts "$WORK/reference.db")
echo "reference: $reference (integrity, customers, orders, events)"
consistent=0; exact=0; midway=0
for run in $(seq 1 "$RUNS"); do
  rm -f "$WORK"/s.db*
  "$STRATA" import "$WORK/data" --db "$WORK/s.db" --batch-size 2000 >/dev/null 2>&1 &
  pid=$!
  sleep "$(python3 -c "import random; print(round(random.uniform(0.05, 1.2), 2))")"
  if kill -9 "$pid" 2>/dev/null; then midway=$((midway + 1)); fi
  wait "$pid" 2>/dev/null || true
  after_kill=$(counts "$WORK/s.db" 2>/dev/null || echo "missing")
  if [[ "$after_kill" == missing || "$after_kill" == ok* ]]; then consistent=$((consistent + 1)); fi
  "$STRATA" import "$WORK/data" --db "$WORK/s.db" --batch-size 2000 >/dev/null 2>&1
  final=$(counts "$WORK/s.db")
  if [[ "$final" == "$reference" ]]; then exact=$((exact + 1)); else echo "run $run: after the kill $after_kill, after the re-run $final"; fi
done
echo "kill -9 at random moments: $RUNS runs ($midway killed while importing), $consistent consistent after the kill, $exact exact after a re-run"
[[ $consistent -eq $RUNS && $exact -eq $RUNS ]]
