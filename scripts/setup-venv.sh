#!/usr/bin/env bash
# Make .venv (Python 3.12 or newer) and install REDI Desktop in it with its test tools, when needed:
# no venv yet, a venv of an older Python, or pyproject.toml changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(bash scripts/find-python.sh) || {
  echo "REDI Desktop needs Python 3.12 or newer: install python3.12 (or python3.13) and run this again." >&2
  exit 1
}
if [ -x .venv/bin/python ] && ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
  echo "The virtual environment has an older Python: making it again with $python."
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[dev]'
  touch .venv/.installed
fi
