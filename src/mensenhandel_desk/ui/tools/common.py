"""What the officer tools share: a progress panel with a Stop button, field-error labels,
file dialogs (patched in tests), and the dialog base that empties itself on lock.

Threading: GUI thread only. Work goes through ``ctx.run`` (with ``on_progress`` for long
operations); a ``CancelToken`` (services/progress.py) is what the Stop button cancels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.progress import CancelToken
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.widgets import file_dialogs
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.worker import describe

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"


def error_label(parent: QWidget, name: str = "") -> QLabel:
    """A red message line, hidden while empty (put it next to its field)."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(ERROR_STYLE)
    label.setAccessibleName(name or _("Message"))
    label.hide()
    return label


def result_label(parent: QWidget, name: str) -> QLabel:
    """A green line saying what a finished operation did."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(OK_STYLE)
    label.setAccessibleName(name)
    return label


def button_row(*widgets: QWidget | None) -> QHBoxLayout:
    """The buttons of a tool window in a row; ``None`` is the stretch that parts them."""
    row = QHBoxLayout()
    for widget in widgets:
        if widget is None:
            row.addStretch(1)
        else:
            row.addWidget(widget)
    return row


def column(parent: QWidget, *items: QWidget | QLayout | None) -> QVBoxLayout:
    """The window's layout, top to bottom; ``None`` is a stretch."""
    layout = QVBoxLayout(parent)
    for item in items:
        if item is None:
            layout.addStretch(1)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return layout


def show_text(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
    if text:
        label.setAccessibleDescription(text)


def lock_pixmap(size: int = 16) -> QPixmap:
    """A small padlock, drawn (no icon theme or emoji font needed on a locked-down PC)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor("#5f6368")
    painter.setPen(QPen(colour, max(1.5, size / 9)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    arc = size * 0.5
    painter.drawArc(int(size * 0.25), int(size * 0.08), int(arc), int(arc), 0, 180 * 16)
    painter.drawLine(int(size * 0.25), int(size * 0.33), int(size * 0.25), int(size * 0.45))
    painter.drawLine(int(size * 0.75), int(size * 0.33), int(size * 0.75), int(size * 0.45))
    painter.setBrush(colour)
    painter.drawRoundedRect(int(size * 0.12), int(size * 0.45), int(size * 0.76),
                            int(size * 0.5), 2, 2)
    painter.end()
    return pixmap


def policy_text() -> str:
    return _("Set by your organisation")


def lock_badge(parent: QWidget, detail: str = "") -> QLabel:
    """The padlock shown beside a setting the policy file fixes; tooltip says why."""
    badge = QLabel(parent)
    badge.setPixmap(lock_pixmap())
    text = policy_text() if not detail else _("{policy}: {detail}").format(
        policy=policy_text(), detail=detail)
    badge.setToolTip(text)
    badge.setAccessibleName(text)
    return badge


class ProgressPanel(QWidget):
    """Progress of one long operation: bar (busy while the total is unknown), what is
    being done, and Stop (``stop_requested``; cancels the current ``CancelToken``)."""

    def __init__(self, parent: QWidget | None = None, *, can_stop: bool = True) -> None:
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(_("Progress"))
        self.bar.setTextVisible(False)
        self.label = QLabel(self)
        self.label.setAccessibleName(_("What is being done"))
        self.stop = QPushButton(_("&Stop"), self)
        self.stop.setAccessibleName(_("Stop this operation"))
        self.stop.setToolTip(_("Stops at the next safe point; nothing is half done."))
        self.stop.setVisible(can_stop)
        self.stop.clicked.connect(self.cancel)
        self.token: CancelToken | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.label, 2)
        row.addWidget(self.stop)
        self.hide()

    def start(self, label: str = "") -> CancelToken:
        """Show the panel for a new operation; returns the token to pass as ``cancel=``."""
        self.token = CancelToken()
        self.bar.setRange(0, 0)
        self.label.setText(label or _("Working…"))
        self.stop.setEnabled(True)
        self.show()
        return self.token

    def report(self, done: int, total: int, label: str) -> None:
        """``on_progress`` for ``ctx.run`` (GUI thread)."""
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
        if label:
            self.label.setText(label)

    def cancel(self) -> None:
        if self.token is not None:
            self.token.cancel()
        self.stop.setEnabled(False)
        self.label.setText(_("Stopping…"))

    def finish(self) -> None:
        self.token = None
        self.hide()

    @property
    def running(self) -> bool:
        return self.token is not None


class ToolDialog(QDialog):
    """A tool window: modeless, deleted on close, emptied when the vault locks. While an
    operation runs, closing only asks it to stop (the result never lands in a dead
    window: its task is dropped)."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._tasks: list[Any] = []
        self.progress: ProgressPanel | None = None  # set by tools with long operations
        ctx.locking.connect(self._locking)

    def run(self, fn: Any, on_success: Any, on_failure: Any = None,
            on_progress: Any = None) -> Any:
        task = self.ctx.run(fn, on_success=on_success, on_failure=on_failure or self.failed,
                            on_progress=on_progress)
        self._tasks.append(task)
        return task

    def make_close_button(self, text: str = "") -> QPushButton:
        """Close (``reject``: asks a running operation to stop first)."""
        return named_button(self, text or _("&Close"), _("Close this window"), self.reject)

    def failed(self, error: BaseException) -> None:  # overridden where a field is named
        self.show_error(describe(error))

    def show_error(self, text: str) -> None:
        raise NotImplementedError

    def _locking(self, _reason: str) -> None:
        """Stop what runs (at its next safe point: the lock's own work waits behind it on
        the worker), forget its result, empty the window and close it."""
        if self.progress is not None and self.progress.token is not None:
            self.progress.token.cancel()
        for task in self._tasks:
            task.drop()
        self._tasks.clear()
        self.drop_data()
        QDialog.done(self, QDialog.DialogCode.Rejected)

    def drop_data(self) -> None:
        """Forget every piece of vault data shown (called on lock)."""

    def reject(self) -> None:
        """Escape/close while an operation runs asks it to stop; the window stays until
        the worker says it stopped (or finished past its point of no return)."""
        if self.progress is not None and self.progress.running:
            self.progress.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        try:
            self.ctx.locking.disconnect(self._locking)
        except (RuntimeError, TypeError):
            pass
        for task in self._tasks:
            task.drop()
        super().done(result)


# --- file dialogs (static: tests patch them) -----------------------------------------------
def documents_folder() -> str:
    return file_dialogs.documents_folder()


def ask_save_file(parent: QWidget | None, caption: str, suggested: str,
                  filters: str) -> Path | None:
    return file_dialogs.ask_save_file(parent, caption, suggested, filters)


def ask_open_file(parent: QWidget | None, caption: str, filters: str,
                  start: str = "") -> Path | None:
    return file_dialogs.ask_open_file(parent, caption, filters, start or None)
