#!/usr/bin/env bash
# Renders the demo report and takes the screenshots shown in README.md (docs/img/).
# Usage: scripts/report-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BROWSER=$(scripts/install-chromium.sh)
swift build -c release --product strata >/dev/null
STRATA=.build/release/strata
"$STRATA" generate --customers 20000 --seed 7 --out .bench/demo-data >/dev/null
"$STRATA" analyze .bench/demo-data --segments examples/segments/campaigns.strata --out .bench/demo-out \
  --report .bench/demo-report.html >/dev/null
mkdir -p docs/img
for spec in "desktop 1280 5200" "phone 390 3000"; do
  set -- $spec
  "$BROWSER" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size="$2,$3" \
    --screenshot="docs/img/report-$1.png" "file://$PWD/.bench/demo-report.html" 2>/dev/null
done
ls -la docs/img
