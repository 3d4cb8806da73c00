#!/usr/bin/env bash
# Install (first time) and run the whole test suite headless, plus lint and layer rules.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  # System packages the tests use: pdftoppm (render checks) and Qt's xcb/EGL libraries.
  need=()
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  ldconfig -p | grep -q libEGL.so.1 || need+=(libegl1)
  ldconfig -p | grep -q libxkbcommon.so.0 || need+=(libxkbcommon0)
  ldconfig -p | grep -q libfontconfig.so.1 || need+=(libfontconfig1)
  ldconfig -p | grep -q libGL.so.1 || need+=(libgl1)
  ldconfig -p | grep -q libdbus-1.so.3 || need+=(libdbus-1-3)
  if [ ${#need[@]} -gt 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null 2>&1 \
      || echo "warning: could not install ${need[*]}" >&2
  fi
fi
bash scripts/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check src tests bench
.venv/bin/lint-imports
# Two workers (pytest-xdist): the suite is dominated by key derivations, subprocesses and
# waits, so it halves on two cores. MHD_TEST_WORKERS=0 runs it in one process.
# --dist worksteal: each worker starts on one contiguous half of the tests (a module's
# tests stay together, so its module-scoped vault is built once, not once per worker) and
# an idle worker takes over half of the other's queue, so no long tail is left on one.
exec .venv/bin/python -m pytest -n "${MHD_TEST_WORKERS:-2}" --dist worksteal "$@"
