"""Logging without personal data, and error ids for bugs. Every layer may use it.

Logging is deliberately thin: levels, event names and error ids only. A bug never
prints a traceback with values in it; it gets an error id, and the log keeps only the
exception type and the code locations (file, line, function), never messages or
locals, which may hold personal data.
"""

from __future__ import annotations

import logging
import os
import secrets
import traceback

from mensenhandel_desk import paths

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
