#!/usr/bin/env bash
# Checks that a change left the results unchanged: builds revision REV (default: HEAD) and the
# working tree in release mode, runs `strata analyze` with both on the same generated data (with
# the example custom segments) and on the CDNOW log, and compares customers.csv, segments.json
# and insights.json byte for byte. Exits non-zero on the first difference.
#   scripts/same-outputs.sh 8e84e13
set -euo pipefail
cd "$(dirname "$0")/.."
REV=$(git rev-parse --short "${1:-HEAD}")
WORK=.bench/same-outputs
REF=.bench/ref-$REV   # kept between runs: the reference is built once
rm -rf "$WORK" && mkdir -p "$WORK"
[ -d "$REF" ] || git worktree add --detach "$REF" "$REV" >/dev/null

echo "building $REV and the working tree (release)…"
(cd "$REF" && swift build -c release --product strata >/dev/null)
swift build -c release --product strata >/dev/null
BEFORE="$REF/.build/release/strata"
AFTER=.build/release/strata

"$AFTER" generate --customers 20000 --seed 7 --out "$WORK/data" >/dev/null
status=0
compare() { # name, then the analyze arguments
  local name=$1; shift
  "$BEFORE" analyze "$@" --out "$WORK/$name-before" >/dev/null 2>&1
  "$AFTER" analyze "$@" --out "$WORK/$name-after" >/dev/null 2>&1
  for file in customers.csv segments.json insights.json; do
    if cmp -s "$WORK/$name-before/$file" "$WORK/$name-after/$file"; then
      echo "same      $name/$file"
    else
      echo "DIFFERENT $name/$file"; status=1
    fi
  done
}
compare demo "$WORK/data" --segments examples/segments/campaigns.strata
compare cdnow --orders Tests/Fixtures/cdnow/CDNOW_master.txt --config examples/cdnow/cdnow.yaml --as-of 1998-06-30
exit $status
