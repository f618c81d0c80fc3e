#!/usr/bin/env bash
# Install everything (Python packages into .venv, Debian's Chromium for the browser test)
# and run the whole test suite, including full builds of the book.
source "$(dirname "$0")/env.sh" requirements-test.txt
command -v chromium >/dev/null 2>&1 || apt_install chromium fonts-liberation
.venv/bin/python -m pytest "$@"
