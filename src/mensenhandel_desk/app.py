"""Composition root: arguments, language, logging, crash handling, then CLI or GUI.

Logging is deliberately thin: levels, event names and error ids only. A bug never
prints a traceback with values in it; it gets an error id, and the log keeps only the
exception type and the code locations (file, line, function), never messages or
locals, which may hold personal data.
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
import traceback

from mensenhandel_desk import i18n, paths

log = logging.getLogger("mensenhandel_desk")


def setup_logging() -> None:
    """Log to the user data folder; failures to log never stop the app."""
    if log.handlers:
        return
    log.setLevel(logging.INFO)
    try:
        folder = paths.data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "mensenhandel-desk.log",
                                                       encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.propagate = False


def report_bug(exc: BaseException) -> str:
    """Log a scrubbed trace and return an error id for the officer to quote."""
    error_id = secrets.token_hex(4).upper()
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{os.path.basename(f.filename)}:{f.lineno}:{f.name}"
                        for f in reversed(frames[-12:]))
    log.error("bug id=%s type=%s at %s", error_id, type(exc).__name__, where)
    return error_id


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
