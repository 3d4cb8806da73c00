# Sourced by scripts/bootstrap.sh and packaging/build.sh: find Python 3.12 (MHD_PYTHON, PATH,
# pyenv, the usual places). Python 3.12 is deliberate: PySide6 6.12.0 on Python 3.11 aborts
# after ~5,000 void Qt calls (tests/test_pyside_trap.py).
find_python() {
  local candidate
  for candidate in "${MHD_PYTHON:-}" python3.12 \
      "$HOME/.pyenv/versions/"3.12*/bin/python3.12 /root/.pyenv/versions/3.12*/bin/python3.12 \
      /usr/bin/python3.12 /usr/local/bin/python3.12; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ]; then
      if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else 1)' 2>/dev/null; then
        echo "$candidate"; return 0
      fi
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for candidate in "$(pyenv root)/versions/"3.12*/bin/python3.12; do
      [ -x "$candidate" ] && { echo "$candidate"; return 0; }
    done
  fi
  return 1
}
