#!/usr/bin/env bash
# Saves the dashboard's pages at 1280 and 390 px into docs/img/ (dashboard-<page>-<width>.png),
# by running its browser test (DashboardBrowserTests) with STRATA_SCREENSHOTS set.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-chromium.sh >/dev/null
scripts/install-playwright.sh >/dev/null
mkdir -p docs/img
STRATA_SCREENSHOTS="$PWD/docs/img" swift test --filter DashboardBrowserTests
ls -la docs/img/dashboard-*.png
