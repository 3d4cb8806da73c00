"""Overleggen: the local undermining meetings, their agenda, decisions and documents.

Left the meetings (upcoming soonest first, then past ones); right the chosen meeting:
its details (date, title, place, attendees, general notes), the warnings of the service
(an attendee who is the reporter of a signal on the agenda), the agenda, the decision of
the chosen item, and printing the agenda and minutes in a chosen name mode.

Everything is read and saved on the worker (``ctx.run``); results that arrive for a
meeting the officer has left are dropped. On lock every list, field and warning is
emptied (meeting text is vault data); the chosen meeting id stays so unlocking returns
there.

Unsaved edits are never dropped silently: Ctrl+S or the Save buttons save them, and edits
the officer leaves (another agenda item, another meeting, a new meeting, or the lock) are
saved for them on the worker, through the same service calls. The lock never asks: its
save is queued on the worker before the vault closes; one that fails validation (an
empty title) is reported in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.enums import NameMode
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import Meeting, SignalFilter
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.services.meetings import meeting_ref
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.meetings.add_to_meeting import result_message
from mensenhandel_desk.ui.meetings.common import (
    DEFAULT_TITLE,
    date_edit,
    from_qdate,
    meeting_two_lines,
    name_clear_button,
    to_qdate,
)
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.widgets.form_dialog import error_label
from mensenhandel_desk.ui.worker import describe

ROLE_ID = Qt.ItemDataRole.UserRole
SEARCH_LIMIT = 12
DEFAULT_DAYS_AHEAD = 7


def _text_edit(parent: QWidget, name: str, lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)  # Tab moves on: no keyboard trap
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


class MeetingsView(QWidget):
    """The "Overleggen" screen. ``open_signal(id)`` when the officer opens an item's
    signal (the main window shows it)."""

    open_signal = Signal(int)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: int | None = None  # the meeting shown (None: a new one)
        self.detail: Any = None  # services.meetings.MeetingDetail of the meeting shown
        self._generation = 0  # results for an older choice are dropped
        self._dirty_meeting = False
        self._dirty_item = False
        self._shown_item_id: int | None = None  # the agenda item in the decision fields
        self._build()
        ctx.unlocked.connect(self._on_unlocked)
        ctx.locking.connect(self._on_locking)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_current,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._show_nothing()

    # --- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel(f"<h2>{_('Meetings')}</h2>", self)
        heading.setAccessibleName(_("Meetings"))
        self.meetings = QListWidget(self)
        self.meetings.setAccessibleName(_("Meetings, upcoming first"))
        self.meetings.setAccessibleDescription(_("Upcoming meetings, soonest first, then "
                                                 "past meetings, latest first."))
        self.meetings.currentItemChanged.connect(lambda *_a: self._meeting_chosen())
        self.meetings.setWordWrap(True)
        self.meetings.setSpacing(2)
        self.new_button = named_button(self, _("&Plan meeting"),
                                       _("Plan a new meeting"), self.new_meeting)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        list_label = QLabel(_("&Meetings:"), left)
        list_label.setBuddy(self.meetings)
        left_layout.addWidget(list_label)
        left_layout.addWidget(self.meetings, 1)
        left_layout.addWidget(self.new_button)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self._build_meeting_box(right))
        self.warnings = QLabel(right)
        self.warnings.setWordWrap(True)
        self.warnings.setObjectName("meetingWarnings")
        self.warnings.setStyleSheet("#meetingWarnings { background: #fff3cd; color: #000; "
                                    "border: 1px solid #e0a800; padding: 4px; }")
        self.warnings.setAccessibleName(_("Warnings about this meeting"))
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setVisible(False)
        right_layout.addWidget(self.warnings)
        right_layout.addWidget(self._build_agenda_box(right), 1)
        right_layout.addWidget(self._build_print_box(right))

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        char = self.fontMetrics().horizontalAdvance("n")
        left.setMinimumWidth(char * 24)
        splitter.setSizes([char * 36, char * 120])
        self.status = QLabel(self)
        self.status.setAccessibleName(_("Meeting status"))
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.setTabOrder(self.meetings, self.new_button)
        self.setTabOrder(self.new_button, self.held_on)

    def _build_meeting_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Meeting"), parent)
        self.meeting_box = box
        self.held_on = date_edit(box, _("Date of the meeting"), Clock().today())
        self.title_edit = QLineEdit(box)
        self.title_edit.setAccessibleName(_("Title of the meeting"))
        self.place = QLineEdit(box)
        self.place.setAccessibleName(_("Place of the meeting"))
        self.attendees = _text_edit(box, _("Attendees, one per line"), 4)
        self.attendees.setPlaceholderText(_("One per line: function and organisation, "
                                            "e.g. \"Community police officer, police\""))
        self.notes = _text_edit(box, _("General notes of the meeting"), 2)
        self.field_error = error_label(box)
        self.save_meeting_button = named_button(box, _("&Save meeting"),
                                                _("Save the meeting details (Ctrl+S)"),
                                                self.save_meeting)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for text, widget in ((_("&Date:"), self.held_on), (_("&Title:"), self.title_edit),
                             (_("P&lace:"), self.place), (_("&Attendees:"), self.attendees),
                             (_("General &notes:"), self.notes)):
            form.addRow(text, widget)
        form.addRow(self.field_error)
        form.addRow(self.save_meeting_button)
        self.held_on.dateChanged.connect(lambda *_a: self._meeting_edited())
        for line in (self.title_edit, self.place):
            line.textEdited.connect(lambda *_a: self._meeting_edited())
        for edit in (self.attendees, self.notes):
            edit.textChanged.connect(self._meeting_edited)
        return box

    def _build_agenda_box(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Agenda"), parent)
        self.agenda_box = box
        self.items = QListWidget(box)
        self.items.setAccessibleName(_("Signals on the agenda"))
        self.items.setAccessibleDescription(_("Choose an item to record its decision. Enter "
                                              "opens the signal."))
        self.items.currentItemChanged.connect(lambda *_a: self._item_chosen())
        self.items.itemActivated.connect(lambda _item: self.open_item_signal())
        self.open_item_button = named_button(box, _("&Open signal"),
                                             _("Open the signal of this agenda item"),
                                             self.open_item_signal)
        self.remove_item_button = named_button(box, _("&Remove from agenda"),
                                               _("Remove this signal from the agenda"),
                                               self.remove_item)
        item_buttons = QHBoxLayout()
        item_buttons.addWidget(self.open_item_button)
        item_buttons.addWidget(self.remove_item_button)
        item_buttons.addStretch(1)

        self.search = QLineEdit(box)
        self.search.setAccessibleName(_("Find a signal to put on the agenda"))
        self.search.setPlaceholderText(_("Reference or search term, then Enter"))
        self.search.setClearButtonEnabled(True)
        name_clear_button(self.search)
        self.search.returnPressed.connect(self.find_signals)
        search_label = QLabel(_("Add si&gnal:"), box)
        search_label.setBuddy(self.search)
        self.find_button = named_button(box, _("&Find"), _("Find signals"), self.find_signals)
        self.results = QListWidget(box)
        self.results.setAccessibleName(_("Signals found"))
        self.results.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 8)
        self.results.itemActivated.connect(lambda _item: self.add_found())
        self.add_button = named_button(box, _("Put on &agenda"),
                                       _("Put the signal found on the agenda"),
                                       self.add_found)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.find_button)
        self.results_row = QWidget(box)
        results_row = QHBoxLayout(self.results_row)
        results_row.setContentsMargins(0, 0, 0, 0)
        self.results.setParent(self.results_row)
        self.add_button.setParent(self.results_row)
        results_row.addWidget(self.results, 1)
        results_row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        self.results_row.setVisible(False)  # until a search finds something

        self.item_box = QGroupBox(_("Decision on this item"), box)
        self.item_note = _text_edit(self.item_box, _("Note for the agenda"), 2)
        self.decision = _text_edit(self.item_box, _("Decision"), 2)
        self.action_holder = QLineEdit(self.item_box)
        self.action_holder.setAccessibleName(_("Action holder"))
        self.action_holder.setPlaceholderText(_("Function and organisation"))
        self.has_due = QCheckBox(_("&Due by:"), self.item_box)
        self.has_due.setAccessibleName(_("The action has a due date"))
        self.due_on = date_edit(self.item_box, _("Due date of the action"),
                                Clock().today() + timedelta(days=14))
        self.due_on.setEnabled(False)
        self.has_due.toggled.connect(self.due_on.setEnabled)
        self.item_error = error_label(self.item_box)
        self.save_item_button = named_button(self.item_box, _("Save &decision"),
                                             _("Save the decision of this item (Ctrl+S)"),
                                             self.save_item)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due_on)
        due_row.addStretch(1)
        item_form = QFormLayout(self.item_box)
        item_form.addRow(_("No&te:"), self.item_note)
        item_form.addRow(_("D&ecision:"), self.decision)
        item_form.addRow(_("Action &holder:"), self.action_holder)
        item_form.addRow(due_row)
        item_form.addRow(self.item_error)
        item_form.addRow(self.save_item_button)
        for edit in (self.item_note, self.decision):
            edit.textChanged.connect(self._item_edited)
        self.action_holder.textEdited.connect(lambda *_a: self._item_edited())
        self.has_due.toggled.connect(lambda *_a: self._item_edited())
        self.due_on.dateChanged.connect(lambda *_a: self._item_edited())

        layout = QVBoxLayout(box)
        layout.addWidget(self.items, 1)
        layout.addLayout(item_buttons)
        layout.addLayout(search_row)
        layout.addWidget(self.results_row)
        layout.addWidget(self.item_box)
        return box

    def _build_print_box(self, parent: QWidget) -> QWidget:
        row = QWidget(parent)
        self.print_row = row
        self.name_mode = QComboBox(row)
        self.name_mode.setAccessibleName(_("Names on the documents"))
        for mode, text in ((NameMode.PSEUDONYM, _("Pseudonyms (Person A)")),
                           (NameMode.INITIALS, _("Initials (P.K.)")),
                           (NameMode.FULL, _("Full names"))):
            self.name_mode.addItem(text, str(mode))
        mode_label = QLabel(_("Na&mes:"), row)
        mode_label.setBuddy(self.name_mode)
        self.agenda_button = named_button(row, _("Print a&genda…"),
                                          _("Preview and print the agenda"),
                                          lambda: self.print_document("agenda"))
        self.minutes_button = named_button(row, _("Print min&utes…"),
                                           _("Preview and print the minutes"),
                                           lambda: self.print_document("minutes"))
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(mode_label)
        layout.addWidget(self.name_mode)
        layout.addStretch(1)
        layout.addWidget(self.agenda_button)
        layout.addWidget(self.minutes_button)
        return row

    # --- the list ------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh(reload_shown=True)  # signals may have been added from elsewhere

    def _on_unlocked(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self, reload_shown: bool = False) -> None:
        """Reload the meetings list from the vault; with ``reload_shown`` also the
        meeting shown (unless it has unsaved edits)."""
        if not self.ctx.is_unlocked:
            return
        generation = self._generation
        self.ctx.run(lambda services: services.meetings.overview(),
                     on_success=lambda overview: self._listed(overview, generation,
                                                              reload_shown),
                     on_failure=self._failed)

    def _listed(self, overview: list[Any], generation: int,
                reload_shown: bool = False) -> None:
        if generation != self._generation:
            return
        keep = self.meeting_id
        self.meetings.blockSignals(True)
        self.meetings.clear()
        groups = ((_("Upcoming"), [x for x in overview if x.upcoming]),
                  (_("Past"), [x for x in overview if not x.upcoming]))
        for title, lines in groups:
            if not lines:
                continue
            head = QListWidgetItem(title)
            head.setFlags(Qt.ItemFlag.NoItemFlags)
            head.setForeground(self.palette().windowText())
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self.meetings.addItem(head)
            for line in lines:
                item = QListWidgetItem(meeting_two_lines(line.meeting, line.item_count))
                item.setData(ROLE_ID, line.meeting.id)
                self.meetings.addItem(item)
                if line.meeting.id == keep:
                    self.meetings.setCurrentItem(item)
        self.meetings.blockSignals(False)
        if not overview:
            self.status.setText(_("No meetings yet. Plan one with \"Plan meeting\"."))
        if keep is not None and (self.detail is None
                                 or (reload_shown and not self.has_unsaved_edits())):
            self.load_meeting(keep)

    def _row_of(self, meeting_id: int) -> QListWidgetItem | None:
        for row in range(self.meetings.count()):
            item = self.meetings.item(row)
            if item.data(ROLE_ID) == meeting_id:
                return item
        return None

    def _meeting_chosen(self) -> None:
        item = self.meetings.currentItem()
        if item is None or item.data(ROLE_ID) is None:
            return
        meeting_id = int(item.data(ROLE_ID))
        if meeting_id != self.meeting_id or self.detail is None:
            self._save_left_edits()
            self.load_meeting(meeting_id)

    # --- one meeting ---------------------------------------------------------------------
    def load_meeting(self, meeting_id: int, item_id: int | None = None) -> None:
        self._generation += 1
        generation = self._generation
        self.meeting_id = meeting_id
        self.ctx.run(lambda services: services.meetings.detail(meeting_id),
                     on_success=lambda detail: self._show_detail(detail, generation,
                                                                 item_id),
                     on_failure=self._failed)

    def _show_detail(self, detail: Any, generation: int, item_id: int | None = None) -> None:
        if generation != self._generation or not self.ctx.is_unlocked:
            return
        self.detail = detail
        meeting = detail.meeting
        self._set_meeting_fields(meeting)
        self._show_warnings(detail.warnings)
        self.items.blockSignals(True)
        self.items.clear()
        for number, line in enumerate(detail.lines, 1):
            mark = " ✓" if line.item.decision else ""
            item = QListWidgetItem(f"{number}. {line.reference} · {line.signal_summary}"
                                   f" · {label(line.status)}{mark}")
            item.setData(ROLE_ID, line.item.id)
            item.setToolTip(_("Decision recorded") if mark else _("No decision yet"))
            self.items.addItem(item)
        self.items.blockSignals(False)
        for widget in (self.agenda_box, self.print_row):
            widget.setEnabled(True)
        self.meeting_box.setTitle(_("Meeting {reference}").format(
            reference=meeting_ref(meeting.id)))
        if item_id is None:
            item_id = self._shown_item_id  # stay on the item the officer was on
        row = next((n for n, line in enumerate(detail.lines) if line.item.id == item_id), 0)
        if detail.lines:
            self.items.setCurrentRow(row)
        self._item_chosen()
        count = len(detail.lines)
        self.status.setText(_("1 signal on the agenda.") if count == 1 else
                            _("{count} signals on the agenda.").format(count=count))

    def _set_meeting_fields(self, meeting: Meeting) -> None:
        widgets = (self.held_on, self.title_edit, self.place, self.attendees, self.notes)
        for widget in widgets:
            widget.blockSignals(True)
        self.held_on.setDate(to_qdate(meeting.held_on))
        self.title_edit.setText(meeting.title)
        self.place.setText(meeting.place)
        self.attendees.setPlainText(meeting.attendees)
        self.notes.setPlainText(meeting.notes)
        for widget in widgets:
            widget.blockSignals(False)
        self._dirty_meeting = False
        self.field_error.setVisible(False)
        self.meeting_box.setEnabled(True)

    def _show_warnings(self, warnings: list[str]) -> None:
        self.warnings.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warnings.setVisible(bool(warnings))

    def new_meeting(self) -> None:
        """An empty form for a new meeting; saving it creates the meeting."""
        if not self.ctx.is_unlocked:
            return
        self._save_left_edits()
        self._generation += 1
        self.meeting_id = None
        self.detail = None
        self.meetings.blockSignals(True)
        self.meetings.setCurrentRow(-1)
        self.meetings.blockSignals(False)
        today = Clock().today()
        self._set_meeting_fields(Meeting(held_on=today + timedelta(days=DEFAULT_DAYS_AHEAD),
                                         title=DEFAULT_TITLE))
        self.meeting_box.setTitle(_("New meeting"))
        self._clear_agenda()
        self._show_warnings([])
        for widget in (self.agenda_box, self.print_row):
            widget.setEnabled(False)
        self.status.setText(_("Fill in the meeting and save it; then put signals on its "
                              "agenda."))
        self.held_on.setFocus()

    def _meeting_edited(self) -> None:
        self._dirty_meeting = True
        self.status.setText(_("Meeting details not saved yet (Ctrl+S)."))

    def current_meeting(self) -> Meeting:
        return Meeting(held_on=from_qdate(self.held_on.date()), title=self.title_edit.text(),
                       place=self.place.text(), attendees=self.attendees.toPlainText(),
                       notes=self.notes.toPlainText(), id=self.meeting_id)

    def save_meeting(self) -> None:
        if not self.ctx.is_unlocked or not self.meeting_box.isEnabled():
            return
        meeting = self.current_meeting()
        self.field_error.setVisible(False)
        self._dirty_meeting = False
        if meeting.id is None:
            def work(services: Any) -> Any:
                created = services.meetings.create(meeting)
                return services.meetings.detail(created.id)
        else:
            def work(services: Any) -> Any:
                services.meetings.update(meeting)
                return services.meetings.detail(meeting.id)
        self._generation += 1
        generation = self._generation
        self.ctx.run(work, on_success=lambda detail: self._saved_meeting(detail, generation),
                     on_failure=self._meeting_failed)

    def _saved_meeting(self, detail: Any, generation: int) -> None:
        self.meeting_id = detail.meeting.id
        self._show_detail(detail, generation)
        self.ctx.message.emit(_("Meeting saved."))
        self.ctx.signals_changed.emit()  # a new date may make its signals discussed
        self.refresh()

    def _meeting_failed(self, error: BaseException) -> None:
        self._dirty_meeting = True
        self.field_error.setText(describe(error))
        self.field_error.setVisible(True)
        field = getattr(error, "field", None) if isinstance(error, ValidationError) else None
        target = {"title": self.title_edit, "place": self.place, "attendees": self.attendees,
                  "notes": self.notes, "held_on": self.held_on}.get(field or "")
        if target is not None:
            target.setFocus()

    # --- agenda --------------------------------------------------------------------------
    def _clear_agenda(self) -> None:
        self.items.clear()
        self.results.clear()
        self.results_row.setVisible(False)
        self.search.setText("")
        self._clear_item_fields()

    def current_line(self) -> Any:
        item = self.items.currentItem()
        if item is None or self.detail is None:
            return None
        item_id = item.data(ROLE_ID)
        return next((line for line in self.detail.lines if line.item.id == item_id), None)

    def _item_chosen(self) -> None:
        line = self.current_line()
        if self._dirty_item and (line is None or line.item.id != self._shown_item_id):
            self._save_left_edits(item_only=True)
        self.open_item_button.setEnabled(line is not None)
        self.remove_item_button.setEnabled(line is not None)
        self.item_box.setEnabled(line is not None)
        if line is None:
            self._shown_item_id = None
            self._clear_item_fields()
            return
        if self._dirty_item and line.item.id == self._shown_item_id:
            return  # the agenda was reloaded: the officer's unsaved edits stay
        self._shown_item_id = line.item.id
        item = line.item
        widgets = (self.item_note, self.decision, self.action_holder, self.has_due,
                   self.due_on)
        for widget in widgets:
            widget.blockSignals(True)
        self.item_box.setTitle(_("Decision on {reference}").format(reference=line.reference))
        self.item_note.setPlainText(item.summary)
        self.decision.setPlainText(item.decision)
        self.action_holder.setText(item.action_holder)
        self.has_due.setChecked(item.due_on is not None)
        self.due_on.setEnabled(item.due_on is not None)
        if item.due_on is not None:
            self.due_on.setDate(to_qdate(item.due_on))
        for widget in widgets:
            widget.blockSignals(False)
        self._dirty_item = False
        self.item_error.setVisible(False)

    def _clear_item_fields(self) -> None:
        for widget in (self.item_note, self.decision, self.action_holder, self.has_due):
            widget.blockSignals(True)
        self.item_note.clear()
        self.decision.clear()
        self.action_holder.setText("")
        self.has_due.setChecked(False)
        for widget in (self.item_note, self.decision, self.action_holder, self.has_due):
            widget.blockSignals(False)
        self.item_box.setTitle(_("Decision on this item"))
        self.item_error.setVisible(False)
        self._dirty_item = False

    def _item_edited(self) -> None:
        self._dirty_item = True
        self.status.setText(_("Decision not saved yet (Ctrl+S)."))

    def save_item(self) -> None:
        line = self.current_line()
        if line is None or not self.ctx.is_unlocked:
            return
        item_id, meeting_id = line.item.id, self.meeting_id
        note, decision = self.item_note.toPlainText(), self.decision.toPlainText()
        holder = self.action_holder.text()
        due = from_qdate(self.due_on.date()) if self.has_due.isChecked() else None
        self.item_error.setVisible(False)
        self._dirty_item = False
        self._generation += 1
        generation = self._generation

        def work(services: Any) -> Any:
            services.meetings.record_decision(item_id, decision, holder, due, summary=note)
            return services.meetings.detail(meeting_id)

        def done(detail: Any) -> None:
            self._show_detail(detail, generation, item_id)
            self.ctx.message.emit(_("Decision saved."))
            self.ctx.signals_changed.emit()  # a decision: the signal was discussed
            self.items.setFocus()

        self.ctx.run(work, on_success=done, on_failure=self._item_failed)

    def _item_failed(self, error: BaseException) -> None:
        self._dirty_item = True
        self.item_error.setText(describe(error))
        self.item_error.setVisible(True)

    def save_current(self) -> None:
        """Ctrl+S: save what has unsaved edits (the decision first)."""
        if self._dirty_item and self.current_line() is not None:
            self.save_item()
        elif self._dirty_meeting or self.meeting_id is None:
            self.save_meeting()

    def remove_item(self) -> None:
        line = self.current_line()
        if line is None or not self.ctx.is_unlocked:
            return
        item_id, meeting_id = line.item.id, self.meeting_id
        self._generation += 1
        generation = self._generation

        def work(services: Any) -> Any:
            services.meetings.remove_item(item_id)
            return services.meetings.detail(meeting_id)

        def done(detail: Any) -> None:
            self._show_detail(detail, generation)
            self.ctx.message.emit(_("Signal {reference} removed from the agenda.").format(
                reference=line.reference))
            self.ctx.signals_changed.emit()
            self.refresh()
            self.items.setFocus()

        self.ctx.run(work, on_success=done, on_failure=self._failed)

    def open_item_signal(self) -> None:
        line = self.current_line()
        if line is not None:
            self.open_signal.emit(line.item.signal_id)

    def find_signals(self) -> None:
        text = self.search.text().strip()
        if not text or not self.ctx.is_unlocked:
            return
        flt = SignalFilter(text=text)
        self.ctx.run(lambda services: services.signals.page(flt, limit=SEARCH_LIMIT).rows,
                     on_success=self._found, on_failure=self._failed)

    def _found(self, rows: list[Any]) -> None:
        if not self.ctx.is_unlocked:
            return
        self.results.clear()
        on_agenda = ({line.item.signal_id for line in self.detail.lines}
                     if self.detail is not None else set())
        for row in rows:
            text = f"{row.reference} · {fmt.short_date(row.received_on)} · {row.summary}"
            if row.id in on_agenda:
                text += " " + _("(already on the agenda)")
            item = QListWidgetItem(text)
            item.setData(ROLE_ID, row.id)
            self.results.addItem(item)
        self.results_row.setVisible(bool(rows))
        if rows:
            self.results.setCurrentRow(0)
            self.results.setFocus()
            self.status.setText(_("1 signal found.") if len(rows) == 1 else
                                _("{count} signals found.").format(count=len(rows)))
        else:
            self.status.setText(_("No signal found."))

    def add_found(self) -> None:
        item = self.results.currentItem()
        if item is None or self.meeting_id is None or not self.ctx.is_unlocked:
            return
        signal_id, meeting_id = int(item.data(ROLE_ID)), self.meeting_id
        self._generation += 1
        generation = self._generation

        def work(services: Any) -> Any:
            result = services.meetings.add_signals(meeting_id, [signal_id])
            return result, services.meetings.detail(meeting_id)

        def done(value: Any) -> None:
            result, detail = value
            new = next((line.item.id for line in detail.lines
                        if line.item.signal_id == signal_id), None)
            self._show_detail(detail, generation, new)
            self.ctx.message.emit(result_message(result))
            self.status.setText(result_message(result))
            self.results.clear()
            self.results_row.setVisible(False)
            self.search.setText("")
            self.ctx.signals_changed.emit()
            self.refresh()
            self.items.setFocus()

        self.ctx.run(work, on_success=done, on_failure=self._failed)

    # --- documents -----------------------------------------------------------------------
    def chosen_name_mode(self) -> NameMode:
        return NameMode(self.name_mode.currentData())

    def print_document(self, kind: str) -> None:
        """Preview and print the agenda or minutes (``kind``) in the chosen name mode,
        through the app's print preview."""
        if self.meeting_id is None or not self.ctx.is_unlocked:
            return
        from mensenhandel_desk.ui.printing import DocumentRequest, show_document

        meeting_id, mode = self.meeting_id, self.chosen_name_mode()
        # the reference, never the meeting's title: that is free text (see printing)
        reference = meeting_ref(meeting_id)
        title = (_("Agenda {reference}") if kind == "agenda"
                 else _("Minutes {reference}")).format(reference=reference)

        def render(services: Any, preview: bool) -> Any:
            return getattr(services.documents, kind)(meeting_id, mode, preview=preview)

        show_document(self.ctx, self, DocumentRequest(title, render))

    # --- edits the officer leaves ----------------------------------------------------------
    def _item_save_work(self) -> Callable[[Any], Any] | None:
        if not self._dirty_item or self._shown_item_id is None:
            return None
        item_id = self._shown_item_id
        note, decision = self.item_note.toPlainText(), self.decision.toPlainText()
        holder = self.action_holder.text()
        due = from_qdate(self.due_on.date()) if self.has_due.isChecked() else None
        return lambda services: services.meetings.record_decision(
            item_id, decision, holder, due, summary=note)

    def _meeting_save_work(self) -> Callable[[Any], Any] | None:
        if not self._dirty_meeting:
            return None
        meeting = self.current_meeting()
        if meeting.id is None:
            return lambda services: services.meetings.create(meeting)
        return lambda services: services.meetings.update(meeting)

    def has_unsaved_edits(self) -> bool:
        return self._dirty_item or self._dirty_meeting

    def _save_left_edits(self, *, item_only: bool = False, locking: bool = False) -> None:
        """Save, on the worker, the edits the officer is leaving (read from the fields
        now, before they change). Never asks; a failure goes to the status bar."""
        works = [self._item_save_work()] + ([] if item_only else [self._meeting_save_work()])
        works = [work for work in works if work is not None]
        self._dirty_item = False
        if not item_only:
            self._dirty_meeting = False
        if not works:
            return

        def work(services: Any) -> list[Any]:
            return [each(services) for each in works]

        def saved(results: list[Any]) -> None:
            if locking or not self.ctx.is_unlocked:
                return
            for result in results:
                self._saved_item(result)
            self.refresh()

        def failed(error: BaseException) -> None:
            self.ctx.message.emit(_("Changes to the meeting were not saved: {reason}").format(
                reason=describe(error)))

        self.ctx.run(work, on_success=saved, on_failure=failed)

    def _saved_item(self, item: Any) -> None:
        """An item saved in the background: the agenda shown gets its new decision."""
        if self.detail is None or not hasattr(item, "decision"):
            return
        for index, line in enumerate(self.detail.lines):
            if line.item.id == item.id:
                self.detail.lines[index] = replace(line, item=item)
                row = self.items.item(index)
                if row is not None and item.decision and not row.text().endswith("✓"):
                    row.setText(row.text() + " ✓")

    # --- errors and lock -----------------------------------------------------------------
    def _failed(self, error: BaseException) -> None:
        if self.ctx.is_unlocked:
            self.status.setText(describe(error))

    def _show_nothing(self) -> None:
        for widget in (self.meeting_box, self.agenda_box, self.print_row):
            widget.setEnabled(False)
        self.meeting_box.setTitle(_("Meeting"))
        self.item_box.setEnabled(False)

    def _on_locking(self, _reason: str) -> None:
        """Save what the officer typed (queued before the vault closes), then drop every
        trace of meeting text from the screen."""
        self._save_left_edits(locking=True)
        self._generation += 1
        self.detail = None
        self.meetings.clear()
        widgets = (self.held_on, self.title_edit, self.place, self.attendees, self.notes)
        for widget in widgets:
            widget.blockSignals(True)
        # setText("") and clear() of the text edits also empty the undo history: no
        # Ctrl+Z brings meeting text back after a lock
        self.title_edit.setText("")
        self.place.setText("")
        self.attendees.clear()
        self.notes.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self._clear_agenda()
        self._show_warnings([])
        self.field_error.clear()
        self.item_error.clear()
        self.status.clear()
        self._dirty_meeting = False
        self._shown_item_id = None
        self._show_nothing()
