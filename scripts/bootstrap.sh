#!/usr/bin/env bash
# Find Python 3.12, create .venv, install the app with pinned dependencies.
# Used by scripts/start.sh and scripts/test.sh; safe to run again (it is quick then).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/find_python.sh
. scripts/find_python.sh  # the working folder is the repository root here

PY=$(find_python) || {
  echo "Python 3.12 is needed (PySide6 6.12 on 3.11 crashes after ~5,000 Qt calls)." >&2
  echo "Install it (for example: pyenv install 3.12) or set MHD_PYTHON." >&2
  exit 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else 1)'; then
  rm -rf .venv
  "$PY" -m venv .venv
fi

EXTRAS="${1:-}"
stamp=".venv/.installed${EXTRAS:+-$EXTRAS}"
if [ ! -f "$stamp" ] || [ constraints.txt -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt \
    -e ".${EXTRAS:+[$EXTRAS]}"
  touch "$stamp"
fi
