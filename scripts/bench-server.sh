#!/usr/bin/env bash
# The live service under load, on this machine's loopback: builds strata and strata-load in
# release mode, starts `strata serve` on a new store, and runs strata-load (open loop, latency
# from each request's scheduled start) at the rates given. Prints each run's figures.
#   scripts/bench-server.sh [SECONDS] [BATCH_RATE ...]     (SERVE_ARGS: more options for strata serve)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-20}
shift || true
RATES=("${@:-300 150}")
swift build -c release --product strata >/dev/null
swift build -c release --product strata-load >/dev/null
dir=$(mktemp -d)
trap 'kill $(cat "$dir/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$dir"' EXIT
key=$(.build/release/strata keys create --db "$dir/live.db" --name load --scope ingest 2>/dev/null)
.build/release/strata serve --db "$dir/live.db" --port 18181 --rate 100000 ${SERVE_ARGS:-} > "$dir/serve.log" 2>&1 &
echo $! > "$dir/pid"
for _ in $(seq 50); do grep -q listening "$dir/serve.log" && break; sleep 0.1; done
echo "machine: $(nproc) cores, $(uname -r); strata serve and strata-load on one machine"
run=0
for rate in ${RATES[@]}; do
  run=$((run + 1))
  echo "== $rate batches/s of 100 events, ${SECONDS_EACH} s"
  .build/release/strata-load --url http://127.0.0.1:18181 --key "$key" --rate "$rate" --batch 100 --seconds "$SECONDS_EACH" --run "b$run"
done
echo "== single events, 1000/s, ${SECONDS_EACH} s"
.build/release/strata-load --url http://127.0.0.1:18181 --key "$key" --rate 1000 --batch 1 --seconds "$SECONDS_EACH" --run single
echo "store: $(ls -la "$dir/live.db" | awk '{print $5}') bytes"
