"""Composition root: arguments, language, logging, crash handling, then CLI or GUI.

Logging is deliberately thin: levels, event names and error ids only. A bug never
prints a traceback with values in it; it gets an error id, and the log keeps only the
exception type and the code locations (file, line, function), never messages or
locals, which may hold personal data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mensenhandel_desk import i18n
from mensenhandel_desk.crash import log, report_bug, setup_logging  # noqa: F401


def gui_request(argv: list[str]) -> Path | bool | None:
    """Does ``argv`` ask for the desktop window? No command at all, or only
    ``--vault PATH``: returns the path (or None for "the usual vault"); else False."""
    if not argv:
        return None
    if len(argv) == 2 and argv[0] == "--vault":
        return Path(argv[1])
    if len(argv) == 1 and argv[0].startswith("--vault="):
        return Path(argv[0].split("=", 1)[1])
    return False


def run_gui(vault: Path | None = None, *, demo: bool = False) -> int:
    """The desktop client (imports Qt only now, so CLI commands never pay for it)."""
    try:
        from mensenhandel_desk.ui.app import run
    except ImportError as exc:  # e.g. Qt's system libraries missing on a bare machine
        print(i18n._("The desktop window cannot start: {problem}. The command line still "
                     "works (mensenhandel-desk --help).").format(problem=type(exc).__name__),
              file=sys.stderr)
        return 1
    return run(vault, demo=demo)


def run_check(args: list[str]) -> int:
    """``--self-test`` / ``--startup-time`` of the desktop client (packaging/build.sh runs
    them on the built app; see ui/self_test.py). They set up their own logging."""
    try:
        from mensenhandel_desk.ui.self_test import main as check
    except ImportError as exc:
        print(i18n._("The desktop window cannot start: {problem}. The command line still "
                     "works (mensenhandel-desk --help).").format(problem=type(exc).__name__),
              file=sys.stderr)
        return 1
    return check(args)


def main(argv: list[str] | None = None) -> int:
    i18n.set_language(os.environ.get("MHD_LANGUAGE", i18n.DEFAULT_LANGUAGE))
    args = argv if argv is not None else sys.argv[1:]
    if args and args[0] in ("--self-test", "--startup-time"):
        return run_check(args)
    setup_logging()
    gui = gui_request(args)
    try:
        if gui is not False:
            return run_gui(gui if isinstance(gui, Path) else None)
        from mensenhandel_desk.cli.main import run

        return run(args)
    except Exception as exc:
        print(i18n._("Something went wrong (error id {id}). Nothing half-saved was kept. "
                     "Pass the error id on to the IT service desk.").format(
                         id=report_bug(exc)), file=sys.stderr)
        return 1
