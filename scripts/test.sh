#!/usr/bin/env bash
# Install everything (Python packages into .venv, Debian's Chromium for the browser test,
# axe-core from the npm registry for its accessibility audit) and run the whole test suite,
# including full builds of the book.
source "$(dirname "$0")/env.sh" requirements-test.txt
command -v chromium >/dev/null 2>&1 || apt_install chromium fonts-liberation
AXE_VERSION=4.14.1
if [ ! -f ".cache/npm/node_modules/axe-core/package.json" ] ||
   ! grep -q "\"version\": \"$AXE_VERSION\"" .cache/npm/node_modules/axe-core/package.json; then
  command -v npm >/dev/null 2>&1 || apt_install npm
  npm install --prefix .cache/npm --no-save --no-audit --no-fund --loglevel=error \
    "axe-core@$AXE_VERSION" >/dev/null
fi
# The slowest tests are listed at the end so a slower suite shows where the time went.
.venv/bin/python -m pytest --durations=20 "$@"
