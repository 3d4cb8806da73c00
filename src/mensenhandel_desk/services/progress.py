"""Progress reports and cancellation for long operations (backup, restore, rekey, purge,
interchange export/import, check, demo).

Contract for the client (the desktop worker, the CLI):

- ``Progress`` is any callable ``progress(done, total, label)``. It is called on the
  thread that runs the operation (the database worker), so a GUI forwards it to the GUI
  thread through a signal and never touches a widget inside it. ``done`` never goes down
  within one operation and the last call has ``done == total``; ``total == 0`` means the
  amount of work is not known yet (show a busy indicator). ``label`` is a translated,
  short Dutch phrase saying what is being done; it names no person.
- ``CancelToken`` is made by the client, passed in as ``cancel=``, and ``cancel()`` may be
  called from any thread (the GUI's "Stop" button). The operation looks at it only at
  points where stopping leaves everything as it was, and then raises ``Cancelled``
  ("nothing was changed"). Past its point of no return (the swap of a rekey or restore,
  the commit of a purge) an operation finishes; each one's docstring says where that is.
- Both are optional keyword arguments (``progress=None, cancel=None``) everywhere.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from mensenhandel_desk.domain.errors import Cancelled

MIN_INTERVAL = 0.1  # seconds between two reports passed on (the last one always goes)


class Progress(Protocol):
    def __call__(self, done: int, total: int, label: str) -> None: ...


class CancelToken:
    """A thread-safe "please stop" flag, checked by the operation at safe points."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the operation to stop (any thread; idempotent)."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` when cancelling was asked for (call at safe points only)."""
        if self._event.is_set():
            raise Cancelled()


def check(cancel: CancelToken | None) -> None:
    """``cancel.check()`` for an optional token."""
    if cancel is not None:
        cancel.check()


class Tracker:
    """Wraps an optional ``Progress``: keeps ``done`` monotonic, passes on at most one
    report per ``MIN_INTERVAL`` (a 100k-signal import must not flood the GUI with
    signals), but always the first, every change of label and the final ``done == total``.
    """

    def __init__(self, progress: Progress | None, total: int = 0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._progress = progress
        self.total = total
        self.done = 0
        self._label = ""
        self._clock = clock
        self._last: float | None = None

    def __call__(self, done: int, label: str, total: int | None = None) -> None:
        if total is not None:
            self.total = total
        self.done = max(self.done, done)
        if self.total:
            self.done = min(self.done, self.total)
        if self._progress is None:
            return
        now = self._clock()
        final = self.total and self.done == self.total
        if (final or label != self._label or self._last is None
                or now - self._last >= MIN_INTERVAL):
            self._last, self._label = now, label
            self._progress(self.done, self.total, label)

    def advance(self, label: str, by: int = 1) -> None:
        self(self.done + by, label)

    def finish(self, label: str) -> None:
        """The final report: ``done == total`` (an unknown total becomes ``done``)."""
        if not self.total:
            self.total = max(self.done, 1)
        self(self.total, label)
