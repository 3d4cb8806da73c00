"""The contract every part of the signal editor keeps (``SignalEditor`` hosts them).

The editor loads a ``SignalDossier`` on the worker and hands it to each section on the GUI
thread; a section never queries the vault to paint. A section saves its own changes
through ``ctx.run(lambda services: ...)`` (services validate; a ``ValidationError`` with a
``field`` is shown next to that field, in Dutch) and emits ``changed`` after a successful
save, so the editor reloads the dossier and the route stepper.

Unsaved input is never lost silently: ``unsaved()`` returns a JSON-able snapshot of what
the officer typed but did not save (or ``None``); the editor asks on navigation and close,
and stores the snapshot as a draft in the vault on lock (no question: the officer may be
away). ``restore()`` puts such a snapshot back. ``clear()`` drops every personal datum
from the widgets (lock), including undo stacks.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from mensenhandel_desk.domain.models import SignalDossier
from mensenhandel_desk.ui.context import DeskContext


class Section(QWidget):
    """Base class; subclasses set ``title`` (an ``N_()`` source string) and override the
    four methods."""

    changed = Signal()  # a change was saved in the vault: reload dossier and route
    open_signal = Signal(int)  # e.g. an "already known" hit was clicked
    title: str = ""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier: SignalDossier | None = None

    def load(self, dossier: SignalDossier) -> None:
        """Fill the widgets from ``dossier`` (GUI thread, no vault calls)."""
        self.dossier = dossier

    def clear(self) -> None:
        """Forget everything shown (lock, or another signal is opened)."""
        self.dossier = None

    def unsaved(self) -> dict[str, Any] | None:
        """A JSON-able snapshot of unsaved input, or ``None`` when nothing is pending."""
        return None

    def restore(self, draft: dict[str, Any]) -> None:
        """Put a snapshot from ``unsaved()`` back into the widgets (not saved yet)."""

    def save(self) -> bool:
        """Optional (Ctrl+S, and "Save" when the editor asks before leaving): start saving
        the pending input through the services; return True when a save was started.
        On success ``unsaved()`` returns ``None`` and ``changed`` is emitted; on a
        validation error the error stays next to its field. Default: nothing to save."""
        return False
