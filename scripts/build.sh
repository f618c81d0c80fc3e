#!/usr/bin/env bash
# Install everything into .venv and build the book into _build/html (strict: warnings fail).
source "$(dirname "$0")/env.sh" requirements.txt
.venv/bin/jupyter-book build . -W -n --keep-going "$@"
