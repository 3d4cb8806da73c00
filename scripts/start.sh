#!/usr/bin/env bash
# Install (first time) and start Mensenhandel Desk. With no vault configured it opens a
# demo vault with fictitious data (passphrase shown on screen; demo only).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python -m mensenhandel_desk.launch "$@"
