#!/usr/bin/env bash
# Build the per-user app folder with PyInstaller, then smoke-test the result.
#
#   bash packaging/build.sh            -> dist/MensenhandelDesk/ (onedir, two executables)
#
# Needs only Python 3.12 (on PATH, under pyenv, or MHD_PYTHON) and the package index: it
# makes its own build venv (build/venv, pinned by constraints.txt + packaging/constraints.txt,
# PyInstaller included) and never installs into or writes to the source tree; only build/
# and dist/ are written (both git-ignored). The app's own .venv is not used.
#
# Environment: MHD_PYTHON (interpreter), MHD_BUILD_VENV (venv folder, default build/venv),
# MHD_SKIP_SMOKE=1 (build only; the smoke test is packaging/smoke_test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
started=$(date +%s)

# shellcheck source=scripts/find_python.sh
. scripts/find_python.sh  # the working folder is the repository root here

PY=$(find_python) || {
  echo "Python 3.12 is needed to build (PySide6 6.12 on 3.11 crashes after ~5,000 Qt calls)." >&2
  echo "Install it (for example: pyenv install 3.12) or set MHD_PYTHON." >&2
  exit 1
}

# The git-ignored files of the source tree (what a build could leave behind: __pycache__,
# egg-info, generated files), before the build: it may add none except under build/ and
# dist/ (checked at the end). New untracked files are not looked at: someone may be editing.
tree_state() {
  if command -v git >/dev/null 2>&1 && git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$ROOT" status --porcelain -z --ignored --untracked-files=all 2>/dev/null \
      | tr '\0' '\n' | grep -E '^!! ' \
      | grep -v -E '^!! (build|dist|\.venv|\.pytest_cache|\.ruff_cache|test-artifacts|bench/out)/' \
      | sort || true
  fi
}
before=$(tree_state)

export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in src/ from the analysis
export PIP_DISABLE_PIP_VERSION_CHECK=1

VENV=${MHD_BUILD_VENV:-build/venv}
stamp="$VENV/.installed"
pins=$(cat constraints.txt packaging/constraints.txt pyproject.toml | sha256sum | cut -c1-16)
if [ ! -x "$VENV/bin/python" ] && [ ! -x "$VENV/Scripts/python.exe" ]; then
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
fi
VPY="$VENV/bin/python"
[ -x "$VPY" ] || VPY="$VENV/Scripts/python.exe"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$pins" ]; then
  echo "== build venv: $VENV (pinned)"
  # The app's runtime dependencies from pyproject.toml (the app itself is not installed:
  # PyInstaller reads it from src/), plus the build tools; every version pinned.
  mapfile -t deps < <("$VPY" -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))')
  "$VPY" -m pip install --quiet -c constraints.txt -c packaging/constraints.txt \
    "${deps[@]}" pyinstaller pyinstaller-hooks-contrib
  echo "$pins" > "$stamp"
fi

# A previous smoke test leaves dist/ read-only only if it was killed; make it removable.
[ -d dist ] && chmod -R u+w dist 2>/dev/null || true

echo "== PyInstaller"
build_start=$(date +%s)
"$VPY" -m PyInstaller packaging/mensenhandel_desk.spec --noconfirm --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller"
build_end=$(date +%s)

APP="$ROOT/dist/MensenhandelDesk"
size=$(du -sm "$APP" | cut -f1)
echo "== built $APP: ${size} MB, PyInstaller $((build_end - build_start)) s"

after=$(tree_state)
if [ "$before" != "$after" ]; then
  echo "The build wrote into the source tree (outside build/ and dist/):" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi

if [ "${MHD_SKIP_SMOKE:-}" != "1" ]; then
  MHD_SMOKE_PYTHON="$VPY" bash packaging/smoke_test.sh "$APP"
fi
echo "== done in $(( $(date +%s) - started )) s (folder ${size} MB)"
