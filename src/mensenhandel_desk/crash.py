"""Logging without personal data, and error ids for bugs. Every layer may use it.

Logging is deliberately thin: levels, event names and error ids only. A bug never
prints a traceback with values in it; it gets an error id, and the log keeps only the
exception type and the code locations (file, line, function), never messages or
locals, which may hold personal data.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import traceback

from mensenhandel_desk import paths

log = logging.getLogger("mensenhandel_desk")
LOG_NAME = "mensenhandel-desk.log"


def setup_logging() -> None:
    """Log to the user data folder; failures to log never stop the app."""
    if log.handlers:
        return
    log.setLevel(logging.INFO)
    try:
        folder = paths.data_dir() / "logs"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        file = folder / LOG_NAME
        # owner-only: the folder 0700, the file 0600 (also when they already existed)
        os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        for path, mode in ((folder, 0o700), (file, 0o600)):
            with contextlib.suppress(OSError):  # (Windows: the profile's ACL applies)
                os.chmod(path, mode)
        handler: logging.Handler = logging.FileHandler(file, encoding="utf-8")
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
