"""The one serial worker that owns the vault connection, and the bridge back to the GUI.

Modelled on Anki's ``taskman.py``: a ``ThreadPoolExecutor(max_workers=1)`` keeps exactly one
thread for the life of the app (a ``QThreadPool`` thread expires after 30 s idle and would
lose the SQLCipher connection, which the vault binds to the thread that opened it). Work
is a plain function run on that thread; its result, error or progress reaches the GUI
thread through a queued Qt signal, where the callbacks run. Rules:

- a worker function never touches a widget or a Qt model;
- callbacks never touch the vault (they run on the GUI thread);
- a ``Task`` can be made stale (``task.drop()``): its callbacks are then not called, which
  is how a superseded search or a lock discards late results.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from mensenhandel_desk.crash import report_bug
from mensenhandel_desk.domain.errors import DomainError

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]
ProgressCallback = Callable[[int, int, str], None]


@dataclass
class Task:
    """Handle for one submitted piece of work (GUI thread side)."""

    number: int
    on_success: Success | None = None
    on_failure: Failure | None = None
    on_progress: ProgressCallback | None = None
    on_partial: Callable[[Any], None] | None = None
    dropped: bool = False
    done: threading.Event = field(default_factory=threading.Event)
    cancel_requested: bool = False

    def drop(self) -> None:
        """Forget the result: no callback runs for this task any more."""
        self.dropped = True

    def cancel(self) -> None:
        """Ask the work to stop (honoured by long operations that check ``cancelled``)."""
        self.cancel_requested = True

    @property
    def cancelled(self) -> bool:
        return self.cancel_requested


class _Bridge(QObject):
    """Lives on the GUI thread; the queued signal carries closures to run there."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def _run(closure: Callable[[], None]) -> None:
        closure()


class Worker(QObject):
    """The serial worker. Create it on the GUI thread after the QApplication."""

    failed = Signal(str)  # a Dutch message for a failure nobody handled (error id for bugs)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mhd-vault")
        self._bridge = _Bridge()
        self._numbers = itertools.count(1)
        self._pending = 0
        self._thread_id: int | None = None
        self._closed = False
        self._running: Task | None = None
        self._running_lock = threading.Lock()

    # --- submitting --------------------------------------------------------------------
    def submit(self, fn: Callable[..., Any], *, on_success: Success | None = None,
               on_failure: Failure | None = None,
               on_progress: ProgressCallback | None = None,
               on_partial: Callable[[Any], None] | None = None) -> Task:
        """Run ``fn`` on the worker thread. When ``on_progress`` is given, ``fn`` is called
        as ``fn(progress, task)`` with a thread-safe progress callback and the task (for
        ``task.cancelled``); when ``on_partial`` is given, as ``fn(partial)``, where
        ``partial(value)`` delivers an early part of the result to ``on_partial`` on the GUI
        thread; otherwise as ``fn()``."""
        task = Task(next(self._numbers), on_success, on_failure, on_progress, on_partial)
        if self._closed:
            task.done.set()
            return task
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._executor.submit(self._execute, fn, task)
        return task

    def _execute(self, fn: Callable[..., Any], task: Task) -> None:
        self._thread_id = threading.get_ident()
        with self._running_lock:
            self._running = task
        try:
            if task.on_progress is not None:
                result = fn(self._progress_for(task), task)
            elif task.on_partial is not None:
                result = fn(self._partial_for(task))
            else:
                result = fn()
        except BaseException as exc:  # delivered, never lost on the worker thread
            error = exc
            self._post(lambda: self._finish(task, None, error))
        else:
            self._post(lambda: self._finish(task, result, None))
        finally:
            with self._running_lock:
                self._running = None
            task.done.set()

    def _progress_for(self, task: Task) -> ProgressCallback:
        def report(done: int, total: int, label: str = "") -> None:
            if not task.dropped and task.on_progress is not None:
                callback = task.on_progress
                self._post(lambda: None if task.dropped else callback(done, total, label))
        return report

    def _partial_for(self, task: Task) -> Callable[[Any], None]:
        def deliver(value: Any) -> None:
            callback = task.on_partial
            if not task.dropped and callback is not None:
                self._post(lambda: None if task.dropped else callback(value))
        return deliver

    def _post(self, closure: Callable[[], None]) -> None:
        if QCoreApplication.instance() is None:
            return
        self._bridge.deliver.emit(closure)

    def _finish(self, task: Task, result: Any, error: BaseException | None) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if task.dropped:
            return
        if error is None:
            if task.on_success is not None:
                task.on_success(result)
            return
        if task.on_failure is not None:
            task.on_failure(error)
        else:
            self.failed.emit(describe(error))

    # --- state -------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._pending > 0

    def interrupt_if_running(self, task: Task, interrupt: Callable[[], None]) -> bool:
        """Call ``interrupt`` (sqlite3_interrupt) only while ``task`` itself is running, so
        a superseded search is stopped but a save queued behind it never is."""
        with self._running_lock:
            if self._running is task:
                interrupt()
                return True
        return False

    def on_worker_thread(self) -> bool:
        return threading.get_ident() == self._thread_id

    def call(self, fn: Callable[[], Any], timeout: float | None = None) -> Any:
        """Run ``fn`` on the worker and wait for it (tests, shutdown only: the GUI never
        blocks on the worker in normal use)."""
        if self._closed:
            raise RuntimeError("worker is shut down")
        return self._executor.submit(fn).result(timeout)

    def shutdown(self, wait: bool = True) -> None:
        self._closed = True
        self._executor.shutdown(wait=wait, cancel_futures=False)


def describe(error: BaseException) -> str:
    """The Dutch sentence for an error: the known error's message, or an error id. A
    failed automatic backup after a saved change gets the desktop's own wording
    (``backup_failed_text``: no command-line advice)."""
    if getattr(error, "code", "") == "backup_after_save_failed":
        return backup_failed_text(error)
    if isinstance(error, DomainError):
        return error.message
    from mensenhandel_desk.i18n import _

    return _("Something went wrong (error id {id}). Nothing half-saved was kept. Pass the "
             "error id on to the IT service desk.").format(id=report_bug(error))


def backup_failed_text(error: BaseException) -> str:
    """What the desktop says when ``Services.lock()`` raised ``BackupAfterSaveFailed``
    (services/backup.py; its ``.cause`` is the backup's own error): everything is saved in
    the vault, only the automatic backup failed, and what to do in the app."""
    from mensenhandel_desk.domain.errors import DiskFull, VaultCorrupt
    from mensenhandel_desk.i18n import _

    cause = getattr(error, "cause", None)
    saved = _("Everything is saved in the vault. Only the automatic backup when locking "
              "failed.")
    if isinstance(cause, DiskFull):
        return " ".join([saved, _("The disk is full. Free up space on the disk, unlock the "
                                  "vault and choose Vault > Backup now.")])
    if isinstance(cause, VaultCorrupt):
        return " ".join([saved, _("Part of the vault file could not be read (damage). "
                                  "Unlock the vault and choose Vault > Check the vault; "
                                  "restore the most recent backup if it finds damage.")])
    # Not the cause's own message: it may say "not saved", which is wrong here.
    return " ".join([saved, _("Unlock the vault and make a backup with Vault > Backup "
                              "now.")])
