"""Composition root: arguments, language, logging, crash handling, then CLI or GUI.

Logging is deliberately thin: levels, event names and error ids only. A bug never
prints a traceback with values in it; it gets an error id, and the log keeps only the
exception type and the code locations (file, line, function), never messages or
locals, which may hold personal data.
"""

from __future__ import annotations

import os
import sys

from mensenhandel_desk import i18n
from mensenhandel_desk.crash import log, report_bug, setup_logging  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    i18n.set_language(os.environ.get("MHD_LANGUAGE", i18n.DEFAULT_LANGUAGE))
    setup_logging()
    from mensenhandel_desk.cli.main import run

    try:
        return run(argv if argv is not None else sys.argv[1:])
    except Exception as exc:
        error_id = report_bug(exc)
        print(i18n._("Something went wrong (error id {id}). Nothing half-saved was kept. "
                     "Pass the error id on to the IT service desk.").format(id=error_id),
              file=sys.stderr)
        return 1
