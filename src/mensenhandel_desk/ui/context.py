"""What every screen of the desktop client holds: the worker, the vault and the lock.

``DeskContext`` is created once by ``ui/app.py`` and handed to every screen through its
constructor. The unlocked ``Services`` bundle lives here but is only ever touched on the
worker thread (``run`` hands it to the function it runs there). Screens connect to:

- ``unlocked``: the vault is open; load what you show;
- ``locking``: emitted on the GUI thread *first* when the session locks; empty every model,
  close every dialog, forget every selection detail that holds vault data;
- ``locked``: the worker has closed the vault (and made a backup if something changed);
- ``signals_changed``: a screen changed signals (saved, agenda, purge): lists refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from mensenhandel_desk.domain.errors import VaultLocked
from mensenhandel_desk.ui.worker import Failure, ProgressCallback, Success, Task, Worker

# Returns the unsaved input of a screen as (signal id or None for a new signal, JSON-able
# snapshot) pairs; called on the GUI thread when the desk locks.
DraftProvider = Callable[[], list[tuple[int | None, dict[str, Any]]]]


class DeskContext(QObject):
    unlocked = Signal()
    locking = Signal(str)  # reason: "manual", "idle", "screen", "suspend", "quit"
    locked = Signal()
    message = Signal(str)  # a short Dutch status message (no personal data)
    progress = Signal(int, int, str)  # done, total (0: unknown), label: long work on lock
    lock_failed = Signal(str)  # the lock completed, but its work failed (e.g. the backup)
    open_signal_requested = Signal(int)  # signal id: show it in the dossier/editor
    # Signals were created, changed, put on an agenda or destroyed somewhere: lists of
    # signals (the register) refresh, keeping their selection and scroll position.
    # Emitted on the GUI thread by the screen that made the change, after it succeeded.
    signals_changed = Signal()

    def __init__(self, worker: Worker, vault_path: Path, *, is_demo: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.vault_path = Path(vault_path)
        self.is_demo = is_demo
        self._services: Any = None  # services.session.Services; worker thread only
        self._is_unlocked = False
        self._tasks: list[Task] = []
        self._draft_providers: list[DraftProvider] = []
        self.clipboard: Any = None  # ui.lock.SecureClipboard (set by ui/app.py)

    # --- state (GUI thread) ----------------------------------------------------------------
    @property
    def is_unlocked(self) -> bool:
        return self._is_unlocked

    # --- running work ----------------------------------------------------------------------
    def run(self, fn: Callable[..., Any], *, on_success: Success | None = None,
            on_failure: Failure | None = None,
            on_progress: ProgressCallback | None = None,
            on_partial: Callable[[Any], None] | None = None) -> Task:
        """Run ``fn(services)`` on the worker (``fn(services, progress, task)`` with
        ``on_progress``; ``fn(services, partial)`` with ``on_partial``). Raises
        ``VaultLocked`` there when the session is locked."""

        def work(*extra: Any) -> Any:
            services = self._services
            if services is None:
                raise VaultLocked()
            return fn(services, *extra)

        task = self.worker.submit(work, on_success=on_success, on_failure=on_failure,
                                  on_progress=on_progress, on_partial=on_partial)
        self._tasks = [t for t in self._tasks if not t.done.is_set()] + [task]
        return task

    def interrupt(self, task: Task | None = None) -> None:
        """Stop the query running on the worker now (a superseded search): only while
        ``task`` is the one running, when given. The one vault call that is allowed from
        the GUI thread."""
        services = self._services
        if services is None or not hasattr(services, "interrupt"):
            return
        if task is None:
            services.interrupt()
        else:
            self.worker.interrupt_if_running(task, services.interrupt)

    def copy_text(self, text: str) -> None:
        """Copy vault text the safe way (clipboard-manager hints, cleared after 30 s and
        on lock); plain Qt clipboard only when no guard is installed (tests)."""
        if self.clipboard is not None:
            self.clipboard.copy(text)
        else:
            from PySide6.QtGui import QGuiApplication

            QGuiApplication.clipboard().setText(text)

    # --- unlock and lock -------------------------------------------------------------------
    def add_draft_provider(self, provider: DraftProvider) -> None:
        """``provider()`` is called on every lock, on the GUI thread, *before* ``locking``
        (while the screen still holds the input); what it returns is saved as drafts in
        the vault (``services.drafts``) by the lock work, before the vault closes. The
        lock never asks the officer anything."""
        self._draft_providers.append(provider)

    def _collect_drafts(self) -> list[tuple[int | None, dict[str, Any]]]:
        drafts: list[tuple[int | None, dict[str, Any]]] = []
        for provider in self._draft_providers:
            try:
                drafts += provider() or []
            except Exception as exc:  # a broken provider must never stop the lock
                from mensenhandel_desk.crash import report_bug

                report_bug(exc)
        return drafts

    def open(self, opener: Callable[[], Any], *, on_success: Callable[[], None] | None = None,
             on_failure: Failure | None = None) -> Task:
        """Unlock: ``opener()`` runs on the worker and returns the ``Services`` bundle."""

        def work() -> None:
            self._services = opener()

        def done(_: object) -> None:
            self._is_unlocked = True
            if on_success is not None:
                on_success()
            self.unlocked.emit()

        return self.worker.submit(work, on_success=done, on_failure=on_failure)

    def lock(self, reason: str = "manual") -> None:
        """Lock now. Nothing on the GUI thread waits for the worker: screens drop their
        data in ``locking`` slots, pending results are discarded, and the worker closes
        the vault (backing up first only when something changed)."""
        if not self._is_unlocked:
            return
        self._is_unlocked = False
        dropped, self._tasks = self._tasks, []
        for task in dropped:
            task.drop()
        drafts = self._collect_drafts()  # unsaved input, before the screens drop it
        self.locking.emit(reason)  # the screen is empty before the worker is asked

        def work(progress: ProgressCallback, _task: Task) -> None:
            services, self._services = self._services, None
            if services is None:
                return
            problem: BaseException | None = None
            for signal_id, content in drafts:  # into the vault before it closes
                try:
                    services.drafts.save(signal_id, content)
                except Exception as exc:  # the lock goes on; the officer is told
                    problem = problem or exc
            services.lock(progress=progress)  # backs up first only if something changed
            if problem is not None:
                raise problem

        def failed(error: BaseException) -> None:
            from mensenhandel_desk.ui.worker import describe

            text = describe(error)  # e.g. the backup failed (all saved); still locked
            self.message.emit(text)
            self.lock_failed.emit(text)
            self.locked.emit()

        self.worker.submit(work, on_success=lambda _: self.locked.emit(), on_failure=failed,
                           on_progress=self.progress.emit)
