#!/usr/bin/env bash
# Mutation testing of analysis/ (issue 14): install the pinned test environment (mutmut
# included) and run scripts/mutation.py with the given options, e.g. `--sample 400`.
# Results stay in mutants/ (ignored by git); tests/mutation/RESULTS.md records the last score.
source "$(dirname "$0")/env.sh" requirements-test.txt
.venv/bin/python scripts/mutation.py "$@"
