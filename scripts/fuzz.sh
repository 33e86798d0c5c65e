#!/usr/bin/env bash
# Mutation fuzzing for a fixed time budget (release build): CSV/TSV/NDJSON inputs, config YAML,
# segment definitions and playbooks, seeded from Tests/Fixtures/hostile and the export fixtures.
# Usage: scripts/fuzz.sh [SECONDS=600] [SEED=1]. The suite runs 3,000 mutations on every `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_BUDGET=${1:-600}
SEED=${2:-1}
echo "machine: $(nproc) cores, $(uname -sr); budget ${SECONDS_BUDGET} s, seed ${SEED}"
STRATA_FUZZ_SECONDS=$SECONDS_BUDGET STRATA_FUZZ_SEED=$SEED swift test -c release --filter FuzzTests 2>&1 \
  | grep -E "fuzz:|✘|error|passed|failed"
