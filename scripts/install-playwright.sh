#!/usr/bin/env bash
# Makes .build/browser-venv with Playwright from PyPI, for the dashboard's browser test
# (Tests/Browser/dashboard.py). Playwright drives Debian's Chromium (scripts/install-chromium.sh);
# it downloads no browser of its own. Prints the venv's python. Exits non-zero when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/browser-venv
if ! "$venv/bin/python" -c "import playwright" >/dev/null 2>&1; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "playwright==1.65.2"
fi
echo "$PWD/$venv/bin/python"
