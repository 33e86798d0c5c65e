#!/usr/bin/env bash
# Regenerates docs/man/strata.1 from the commands' help (swift-argument-parser's generate-manual).
# Usage: scripts/man-page.sh; then: man -l docs/man/strata.1
set -euo pipefail
cd "$(dirname "$0")/.."
swift package --allow-writing-to-package-directory generate-manual --configuration debug \
  --date "$(git log -1 --format=%cs)" --authors "Strata developers" >/dev/null
mkdir -p docs/man
cp .build/plugins/GenerateManual/outputs/strata/strata.1 docs/man/strata.1
echo "wrote docs/man/strata.1"
