#!/usr/bin/env bash
# Install everything (Python packages into .venv, Debian's Chromium) and build the PDF of
# the whole book into _build/pdf/ai-factory-tested.pdf. Works offline once installed.
source "$(dirname "$0")/env.sh" requirements.txt
command -v chromium >/dev/null 2>&1 || apt_install chromium fonts-liberation
.venv/bin/python scripts/pdf.py "$@"
