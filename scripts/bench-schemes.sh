#!/usr/bin/env bash
# What the behavioural schemes cost: builds revision REV (the last one without them: a1e5fff) and
# the working tree in release mode, generates CUSTOMERS customers in time order (seed 7), and runs
# `strata analyze` with each, alternately, RUNS times. Prints each run's wall time, peak memory
# and phase times (from the progress lines), then the median ratio.
#   scripts/bench-schemes.sh [REV] [CUSTOMERS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
REV=$(git rev-parse --short "${1:-a1e5fff}")
CUSTOMERS=${2:-1000000}
RUNS=${3:-3}
REF=.bench/ref-$REV
DATA=.bench/time-$CUSTOMERS
[ -d "$REF" ] || git worktree add --detach "$REF" "$REV" >/dev/null
echo "building $REV and the working tree (release)…"
(cd "$REF" && swift build -c release --product strata >/dev/null)
swift build -c release --product strata >/dev/null
[ -d "$DATA" ] || .build/release/strata generate --customers "$CUSTOMERS" --seed 7 --row-order time --out "$DATA" --quiet
cat "$DATA"/*.csv > /dev/null   # warm the page cache

run() { # label, binary
  local out=.bench/out-schemes-$1
  rm -rf "$out"
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o .bench/mem-$1 "$2" analyze "$DATA" --out "$out" 2> .bench/progress-$1 > /dev/null
  end=$(date +%s.%N)
  local total
  total=$(echo "$end - $start" | bc)
  # Phase starts: features, model choice, insights, writing.
  local phases
  phases=$(grep -o '\[ *[0-9.]*s\] \(computing\|choosing\|profiling\|writing\)' .bench/progress-$1 | tr -d '[]s' | awk '{print $1}' | tr '\n' ' ')
  echo "$1 total ${total} s, peak $(( $(tail -1 .bench/mem-$1) / 1024 )) MB, phases start at: $phases" >&2
  echo "$total"
}

before=() after=()
for _ in $(seq "$RUNS"); do
  before+=("$(run before "$REF/.build/release/strata")")
  after+=("$(run after .build/release/strata)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
b=$(median "${before[@]}") a=$(median "${after[@]}")
echo "median: $REV ${b} s, working tree ${a} s, ratio $(echo "scale=3; $a / $b" | bc)"
