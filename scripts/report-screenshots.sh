#!/usr/bin/env bash
# Renders the demo report and validate's model check (CDNOW) and takes the screenshots shown in
# README.md and docs/report.md (docs/img/).
# Usage: scripts/report-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BROWSER=$(scripts/install-chromium.sh)
swift build -c release --product strata >/dev/null
STRATA=.build/release/strata
"$STRATA" generate --customers 20000 --seed 7 --out .bench/demo-data --force >/dev/null
"$STRATA" analyze .bench/demo-data --segments examples/segments/campaigns.strata --out .bench/demo-out --force \
  --report .bench/report-report.html >/dev/null
"$STRATA" validate --orders Tests/Fixtures/cdnow/CDNOW_master.txt --config examples/cdnow/cdnow.yaml \
  --holdout-from 1997-10-01 --unit weeks --report .bench/validate-report.html --quiet >/dev/null
mkdir -p docs/img
for spec in "report desktop 1280 5200" "report phone 390 3000" "validate desktop 1280 1500" "validate phone 390 2600"; do
  set -- $spec
  "$BROWSER" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size="$3,$4" \
    --screenshot="docs/img/$1-$2.png" "file://$PWD/.bench/$1-report.html" 2>/dev/null
done
ls -la docs/img
