#!/usr/bin/env bash
# Benchmark: lifetime-model fits and predictions, strata vs the Python `lifetimes` package,
# on the same simulated customer summaries (CDNOW's published parameters, weeks, whole days).
# Usage: scripts/bench-models.sh [sizes...]      (default: 100000 1000000)
# Pareto/NBD is fitted by lifetimes at sizes up to PARETO_MAX (default 100000): it takes about
# 45 s per 100k customers there. Prints seconds, the ratio lifetimes/strata, and the largest
# relative difference between the two tools' parameter estimates.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-100000 1000000}
PARETO_MAX=${PARETO_MAX:-100000}
WORK=.bench/models
mkdir -p "$WORK"

swift build -c release --product strata >/dev/null
STRATA=.build/release/strata
if [ ! -x .bench/venv/bin/python ]; then python3 -m venv .bench/venv; fi
.bench/venv/bin/python -c "import lifetimes" 2>/dev/null || .bench/venv/bin/pip install --quiet lifetimes
PY=.bench/venv/bin/python
HORIZON=52.14   # one year in weeks: 12 monthly CLV periods in both tools

# seconds of a `--timing` step: strata_step STEP COMMAND...
strata_step() {
  local step=$1; shift
  "$@" --timing 2>&1 >/dev/null | sed -n "s/.*$step \([0-9.]*\) s.*/\1/p"
}

printf "%-10s %-12s %-8s %10s %10s %8s %12s\n" customers model step strata lifetimes ratio "max Δparam"
for N in $SIZES; do
  SUMMARY=$WORK/days-$N.csv
  [ -f "$SUMMARY" ] || "$STRATA" simulate --customers "$N" --resolution 0.142857142857 --seed 1 --out "$SUMMARY" >/dev/null
  for MODEL in bg-nbd mbg-nbd gamma-gamma pareto-nbd; do
    ours=$(strata_step fit "$STRATA" fit "$SUMMARY" --model "$MODEL")
    ourParams=$("$STRATA" fit "$SUMMARY" --model "$MODEL" --format json)
    if [ "$MODEL" = pareto-nbd ] && [ "$N" -gt "$PARETO_MAX" ]; then
      printf "%-10s %-12s %-8s %10s %10s %8s %12s\n" "$N" "$MODEL" fit "$ours" "-" "-" "-"
      continue
    fi
    theirs=$($PY scripts/lifetimes_job.py "$SUMMARY" "$MODEL" "$HORIZON")
    $PY - "$N" "$MODEL" "$ours" "$theirs" "$ourParams" <<'PY'
import json, sys
n, model, ours, theirs, our_params = sys.argv[1], sys.argv[2], float(sys.argv[3]), json.loads(sys.argv[4]), json.loads(sys.argv[5])
names = {"v": "gamma"}
delta = max(abs(our_params["params"][names.get(k, k)] / v - 1) for k, v in theirs["params"].items())
print(f"{n:<10} {model:<12} {'fit':<8} {ours:10.3f} {theirs['fit_seconds']:10.3f} {theirs['fit_seconds'] / ours:7.1f}x {delta:12.2e}")
if "predict_seconds" in theirs:
    print(json.dumps(theirs), file=open(f".bench/models/lifetimes-predict-{n}.json", "w"))
PY
  done
  ours=$(strata_step predict "$STRATA" predict "$SUMMARY" --horizon "$HORIZON" --out "$WORK/predictions-$N.csv")
  theirs=$($PY -c "import json; print(json.load(open('$WORK/lifetimes-predict-$N.json'))['predict_seconds'])")
  $PY -c "print(f\"{'$N':<10} {'bg-nbd+gg':<12} {'predict':<8} {$ours:10.3f} {$theirs:10.3f} {$theirs / $ours:7.1f}x {'-':>12}\")"
done
echo "strata: fit = optimisation + standard errors; predict = P(alive), expected purchases, next order,"
echo "expected order value and 12-period CLV for every customer. lifetimes: the same quantities."
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); times exclude reading the CSV."
