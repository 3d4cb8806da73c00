"""Entry point of both packaged executables (PyInstaller needs a script, not ``-m``).

``mensenhandel-desk`` (windowed): no command opens the desktop window, ``--self-test`` and
``--startup-time`` check the build. ``mensenhandel-desk-cli`` (console): the command line
only; without a command it prints the help instead of opening a window.
"""

import sys
from pathlib import Path

from mensenhandel_desk.app import gui_request, main

args = sys.argv[1:]
if Path(sys.executable).stem.lower().endswith("-cli") and gui_request(args) is not False:
    args = ["--help"]
raise SystemExit(main(args))
