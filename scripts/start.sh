#!/usr/bin/env bash
# Install (first time) and start Mensenhandel Desk. With no vault configured it opens a
# demo vault with fictitious data (passphrase shown on screen; demo only).
#
# On Linux the window needs a display and Qt's xcb libraries. As root on Debian/Ubuntu the
# missing libraries are installed; otherwise this script names them and the apt command.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(uname -s)" = "Linux" ] && [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
  # package -> a library it provides (checked with ldconfig, like scripts/test.sh)
  libs=(
    "libxcb-cursor0 libxcb-cursor.so.0"
    "libxkbcommon-x11-0 libxkbcommon-x11.so.0"
    "libxcb-icccm4 libxcb-icccm.so.4"
    "libxcb-image0 libxcb-image.so.0"
    "libxcb-keysyms1 libxcb-keysyms.so.1"
    "libxcb-randr0 libxcb-randr.so.0"
    "libxcb-render-util0 libxcb-render-util.so.0"
    "libxcb-shape0 libxcb-shape.so.0"
    "libxcb-xinerama0 libxcb-xinerama.so.0"
    "libxcb-xkb1 libxcb-xkb.so.1"
    "libegl1 libEGL.so.1"
    "libgl1 libGL.so.1"
    "libfontconfig1 libfontconfig.so.1"
    "libdbus-1-3 libdbus-1.so.3"
  )
  known=$( (ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true) )
  missing=()
  for entry in "${libs[@]}"; do
    package=${entry%% *}
    library=${entry#* }
    grep -qF "$(printf '\t')$library " <<<"$known" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
      echo "Installeren van systeembibliotheken voor het venster / installing system libraries for the window: ${missing[*]}"
      if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null; then
        echo "Installeren mislukt / installation failed: ${missing[*]}" >&2
        exit 1
      fi
    else
      echo "Deze systeembibliotheken ontbreken voor het venster / these system libraries are missing for the window:" >&2
      echo "  ${missing[*]}" >&2
      echo "Installeer ze (beheerder) / install them (administrator):" >&2
      echo "  sudo apt-get install ${missing[*]}" >&2
      exit 1
    fi
  elif [ ${#missing[@]} -gt 0 ]; then
    echo "Waarschuwing: deze bibliotheken lijken te ontbreken / warning: these libraries seem to be missing: ${missing[*]}" >&2
  fi
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "Geen beeldscherm gevonden (DISPLAY en WAYLAND_DISPLAY zijn leeg): start dit vanuit een grafische sessie." >&2
    echo "No display found (DISPLAY and WAYLAND_DISPLAY are empty): run this from a graphical session." >&2
    echo "De opdrachtregel werkt wel / the command line works: .venv/bin/python -m mensenhandel_desk --help" >&2
    exit 1
  fi
fi

bash scripts/bootstrap.sh
exec .venv/bin/python -m mensenhandel_desk.launch "$@"
