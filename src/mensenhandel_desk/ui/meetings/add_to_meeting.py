"""Put signals on the agenda of a meeting: choose an upcoming meeting or plan a new one.

``add_signals_to_meeting(ctx, parent, signal_ids)`` is the one entry point: the register
(context menu and toolbar), the signal editor and the meetings screen call it. The
dialog is window-modal (``open()``), loads the upcoming meetings on the worker, saves on
the worker and closes itself on lock like every dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.models import Meeting
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.meetings.common import (
    DEFAULT_TITLE,
    date_edit,
    from_qdate,
    meeting_line,
)
from mensenhandel_desk.ui.worker import describe

NEW_MEETING = -1  # list data of the "plan a new meeting" line
DEFAULT_DAYS_AHEAD = 7
# The meeting the officer last put signals on (or just planned), by context: the next
# time the dialog opens it is the one pre-selected (not the soonest one). Forgotten on
# lock. Only an id, no vault content.
_last_meeting: dict[int, int] = {}


def result_message(result: Any) -> str:
    """Dutch status line for a ``services.meetings.AddResult``."""
    added, already = len(result.added), len(result.already)
    parts = []
    if added == 1:
        parts.append(_("1 signal put on the agenda."))
    elif added:
        parts.append(_("{count} signals put on the agenda.").format(count=added))
    if already == 1:
        parts.append(_("1 signal was already on it."))
    elif already:
        parts.append(_("{count} signals were already on it.").format(count=already))
    return " ".join(parts) or _("Nothing was added.")


class AddToMeetingDialog(QDialog):
    """Choose an upcoming meeting (or plan one) for ``signal_ids``; emits ``added`` with
    the service's ``AddResult`` after the save."""

    added = Signal(object)

    def __init__(self, ctx: DeskContext, signal_ids: list[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.signal_ids = [int(x) for x in signal_ids]
        self.setWindowTitle(_("Put on the agenda of a meeting"))
        self.setAccessibleName(self.windowTitle())
        count = len(self.signal_ids)
        intro = QLabel(_("Put 1 signal on the agenda of:") if count == 1 else
                       _("Put {count} signals on the agenda of:").format(count=count), self)
        intro.setWordWrap(True)
        self.meetings = QListWidget(self)
        self.meetings.setAccessibleName(_("Upcoming meetings"))
        self.meetings.setAccessibleDescription(_("Choose a meeting, or the last line to "
                                                 "plan a new one."))
        intro.setBuddy(self.meetings)
        today = Clock().today()
        self.held_on = date_edit(self, _("Date of the new meeting"),
                                 today + timedelta(days=DEFAULT_DAYS_AHEAD))
        self.title_edit = QLineEdit(DEFAULT_TITLE, self)
        self.title_edit.setAccessibleName(_("Title of the new meeting"))
        self.place = QLineEdit(self)
        self.place.setAccessibleName(_("Place of the new meeting"))
        self.new_form = QWidget(self)
        form = QFormLayout(self.new_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("&Date:"), self.held_on)
        form.addRow(_("&Title:"), self.title_edit)
        form.addRow(_("&Place:"), self.place)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setAccessibleName(_("Error"))
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Put on agenda"))
        self.ok_button.setAccessibleName(_("Put the signals on the agenda"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.meetings, 1)
        layout.addWidget(self.new_form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.meetings.currentItemChanged.connect(lambda *_a: self._choice_changed())
        self.meetings.itemActivated.connect(lambda _item: self.save())
        self.ok_button.setEnabled(False)
        self.new_form.setEnabled(False)
        ctx.locking.connect(self._on_locking)
        self.meetings.setWordWrap(True)
        self.resize(self.fontMetrics().horizontalAdvance("n") * 82, 400)
        self._load()

    # --- loading -------------------------------------------------------------------------
    def _load(self) -> None:
        self.ctx.run(lambda services: services.meetings.overview(),
                     on_success=self._loaded, on_failure=self._failed)

    def _loaded(self, overview: list[Any]) -> None:
        self.meetings.clear()
        for line in overview:
            if not line.upcoming:
                continue
            item = QListWidgetItem(meeting_line(line.meeting, line.item_count))
            item.setData(Qt.ItemDataRole.UserRole, line.meeting.id)
            self.meetings.addItem(item)
        new = QListWidgetItem(_("Plan a new meeting…"))
        new.setData(Qt.ItemDataRole.UserRole, NEW_MEETING)
        self.meetings.addItem(new)
        last = _last_meeting.get(id(self.ctx))
        rows = [row for row in range(self.meetings.count() - 1)
                if self.meetings.item(row).data(Qt.ItemDataRole.UserRole) == last]
        self.meetings.setCurrentRow(rows[0] if rows else 0)
        self.meetings.setFocus()

    def _choice_changed(self) -> None:
        choice = self.chosen()
        self.ok_button.setEnabled(choice is not None)
        self.new_form.setEnabled(choice == NEW_MEETING)

    def chosen(self) -> int | None:
        item = self.meetings.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def choose_new(self) -> None:
        """Select the "plan a new meeting" line (keyboard: End)."""
        self.meetings.setCurrentRow(self.meetings.count() - 1)

    # --- saving --------------------------------------------------------------------------
    def save(self) -> None:
        choice = self.chosen()
        if choice is None or not self.ok_button.isEnabled():
            return
        ids = list(self.signal_ids)
        work: Callable[[Any], Any]
        if choice == NEW_MEETING:
            meeting = Meeting(held_on=from_qdate(self.held_on.date()),
                              title=self.title_edit.text(), place=self.place.text())

            def work(services: Any) -> Any:
                return services.meetings.plan(meeting, ids)
        else:
            def work(services: Any) -> Any:
                return services.meetings.add_signals(choice, ids)
        self.ok_button.setEnabled(False)
        self.error.setVisible(False)
        self.ctx.run(work, on_success=self._saved, on_failure=self._failed)

    def _saved(self, result: Any) -> None:
        _last_meeting[id(self.ctx)] = int(result.meeting_id)
        self.ctx.message.emit(result_message(result))
        if result.added:
            self.ctx.signals_changed.emit()  # "Besproken in overleg" in the lists
        self.added.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.error.setText(describe(error))
        self.error.setVisible(True)
        self._choice_changed()

    def _on_locking(self, _reason: str) -> None:
        _last_meeting.pop(id(self.ctx), None)
        self.meetings.clear()
        self.place.setText("")
        self.title_edit.setText("")
        QDialog.done(self, QDialog.DialogCode.Rejected)


def add_signals_to_meeting(ctx: DeskContext, parent: QWidget | None,
                           signal_ids: list[int],
                           on_added: Callable[[Any], None] | None = None) -> None:
    """Choose or plan a meeting and put ``signal_ids`` on its agenda (window-modal,
    returns at once). ``on_added(result)`` after the save; the status bar says what
    happened (``ctx.message``)."""
    if not signal_ids or not ctx.is_unlocked:
        return
    dialog = AddToMeetingDialog(ctx, list(signal_ids), parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_added is not None:
        dialog.added.connect(on_added)
    dialog.open()
