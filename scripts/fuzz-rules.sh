#!/usr/bin/env bash
# Long fuzz run of the segment language: random token streams and mutations of a valid file.
# Usage: scripts/fuzz-rules.sh [cases per test]   (default 200000; the normal suite runs 3,000)
set -euo pipefail
cd "$(dirname "$0")/.."
STRATA_FUZZ_CASES=${1:-200000} swift test -c release --filter RuleFuzzTests
