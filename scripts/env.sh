# Shared by build.sh and test.sh: create .venv and install the pinned environment.
# Usage: source scripts/env.sh REQUIREMENTS_FILE
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  # Install Debian packages only when something is missing.
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv 2>/dev/null || {
    rm -rf .venv
    apt_install python3-venv
    python3 -m venv .venv
  }
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r "$1" -c constraints.txt
# No install of the analysis package: the book loads it from its own root (_config.yml),
# and an editable install left by an older version of this script is removed.
.venv/bin/python -m pip uninstall --quiet --yes ai-factory-tested 2>/dev/null || true
