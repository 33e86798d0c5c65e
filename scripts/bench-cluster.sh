#!/usr/bin/env bash
# Benchmark: k-means on the standardised feature matrix of the generated customers (default 1M),
# strata against scikit-learn's KMeans on the same matrix (same k, k-means++ seeding, 4 restarts).
# Usage: scripts/bench-cluster.sh [customers] [k]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
K=${2:-6}
DATA=.bench/data-$N
swift build -c release --product strata >/dev/null
STRATA=.build/release/strata
[ -f "$DATA/events.csv" ] || "$STRATA" generate --customers "$N" --seed 7 --out "$DATA"
[ -x .bench/venv/bin/python ] || python3 -m venv .bench/venv
.bench/venv/bin/python -c "import sklearn, pandas" 2>/dev/null || .bench/venv/bin/pip install --quiet scikit-learn pandas
"$STRATA" cluster "$DATA" --model none --k "$K" --out .bench/out-cluster --force --matrix-out .bench/cluster-matrix.csv --timing \
  2>.bench/cluster-timing.txt >/dev/null
ours=$(sed -n 's/timing: cluster \([0-9.]*\) s/\1/p' .bench/cluster-timing.txt)
"$STRATA" cluster "$DATA" --model none --k auto --out .bench/out-cluster-auto --force --timing 2>.bench/cluster-timing-auto.txt >/dev/null
auto=$(sed -n 's/timing: cluster \([0-9.]*\) s/\1/p' .bench/cluster-timing-auto.txt)
.bench/venv/bin/python - "$ours" "$auto" "$K" <<'PY'
import sys, time, pandas as pd
from sklearn.cluster import KMeans
ours, auto, k = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
x = pd.read_csv(".bench/cluster-matrix.csv").to_numpy()
start = time.perf_counter()
model = KMeans(n_clusters=k, init="k-means++", n_init=4, random_state=1).fit(x)
theirs = time.perf_counter() - start
print(f"matrix: {x.shape[0]:,} customers x {x.shape[1]} features, k = {k}")
print(f"strata k-means (4 restarts): {ours:.2f} s   scikit-learn KMeans (n_init=4): {theirs:.2f} s   ratio strata/sklearn: {ours / theirs:.2f}")
print(f"strata with k chosen automatically (k = 2..8, silhouette on 3,000 customers): {auto:.2f} s")
PY
