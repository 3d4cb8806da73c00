"""The signal's own fields and its (confidential) reporter, in the signal editor.

``GeneralForm`` edits what ``services.signals.create``/``update`` take: received date (in
the past for a backlog, never in the future), source, summary, description, forms,
urgency and whether a trusted person was considered. ``ReporterBox`` holds the reporter:
visibly confidential, collapsed by default, absent for an anonymous source (Meld Misdaad
Anoniem: there is nobody to inform, and the route closes without it). For a saved signal
the reporter is only fetched on an explicit "Toon melder" (an audited service call).

GUI thread only; the editor does the saving. Unsaved input is compared with what was
loaded: ``unsaved()`` is ``None`` when nothing differs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.enums import ExploitationForm, SignalSource, Urgency
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import Reporter
from mensenhandel_desk.domain.models import Signal as SignalRecord
from mensenhandel_desk.domain.validation import check_date
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.ui.signal.fields import FieldErrors
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.widgets.date_edit import TypedDateEdit

# Sources without a known reporter: nobody to inform in step 6 (Meld Misdaad Anoniem).
ANONYMOUS_SOURCES = frozenset({SignalSource.ANONYMOUS_LINE})
CONFIDENTIAL_STYLE = ("#reporterBox { border: 2px solid #b71c1c; border-radius: 4px; "
                      "background: #fff5f5; }")


def is_anonymous(source: SignalSource | str | None) -> bool:
    return source is not None and SignalSource(source) in ANONYMOUS_SOURCES


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _text_edit(parent: QWidget, name: str, lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)  # no keyboard trap
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


class ReporterBox(QFrame):
    """The reporter: confidential, collapsed until the officer opens it."""

    edited = Signal()
    reveal_requested = Signal()  # "Toon melder": fetch the stored reporter (audited)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reporterBox")
        self.setStyleSheet(CONFIDENTIAL_STYLE)
        self.errors = FieldErrors()
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setText(_("Reporter — CONFIDENTIAL"))
        self.toggle.setAccessibleName(_("Reporter (confidential): show or hide"))
        self.toggle.setToolTip(_("The reporter's name stays with you: never on a handover "
                                 "sheet, in an export or in the figures."))
        self.toggle.toggled.connect(self._toggled)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.reveal_button = named_button(self, _("Show &reporter"),
                                          _("Show the recorded reporter (recorded in the "
                                            "audit trail)"), self.reveal_requested.emit)
        self.body = QWidget(self)
        form = QFormLayout(self.body)
        self.name = QLineEdit(self.body)
        self.name.setAccessibleName(_("Reporter's name"))
        self.department = QLineEdit(self.body)
        self.department.setAccessibleName(_("Reporter's department"))
        self.contact = QLineEdit(self.body)
        self.contact.setAccessibleName(_("Reporter's contact details"))
        self.coordinator = QLineEdit(self.body)
        self.coordinator.setAccessibleName(_("Reporter's team coordinator"))
        self.errors.add_row(form, _("&Name:"), self.name, "reporter.name", _("Name"))
        self.errors.add_row(form, _("&Department:"), self.department, "reporter.department",
                            _("Department"))
        self.errors.add_row(form, _("C&ontact:"), self.contact, "reporter.contact",
                            _("Contact"))
        self.errors.add_row(form, _("Team &coordinator:"), self.coordinator,
                            "reporter.team_coordinator", _("Team coordinator"))
        for edit in self.edits():
            edit.textEdited.connect(lambda _t: self.edited.emit())
        head = QHBoxLayout()
        head.addWidget(self.toggle)
        head.addWidget(self.state, 1)
        head.addWidget(self.reveal_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.body)
        self.has_stored = False  # a reporter is recorded in the vault
        self.revealed = False  # its fields were fetched (or there is none to fetch)
        self._baseline: dict[str, str] = self.values()
        self._toggled(False)

    def edits(self) -> list[QLineEdit]:
        return [self.name, self.department, self.contact, self.coordinator]

    def values(self) -> dict[str, str]:
        return {"name": self.name.text(), "department": self.department.text(),
                "contact": self.contact.text(), "team_coordinator": self.coordinator.text()}

    def set_values(self, values: dict[str, Any]) -> None:
        self.name.setText(str(values.get("name", "")))
        self.department.setText(str(values.get("department", "")))
        self.contact.setText(str(values.get("contact", "")))
        self.coordinator.setText(str(values.get("team_coordinator", "")))

    def _toggled(self, open_: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.body.setVisible(open_ and self.revealed)
        self.reveal_button.setVisible(open_ and not self.revealed)

    def reset(self, has_stored: bool) -> None:
        """A fresh box: collapsed, nothing shown; ``has_stored``: one is recorded."""
        for edit in self.edits():
            edit.setText("")  # setText also empties the undo history (a name after a lock)
        self.errors.clear()
        self.has_stored = has_stored
        self.revealed = not has_stored
        self.state.setText(_("Recorded; shown only on request.") if has_stored
                           else _("No reporter recorded."))
        self._baseline = self.values()
        self.toggle.setChecked(False)
        self._toggled(False)

    def show_reporter(self, reporter: Reporter | None) -> None:
        """The stored reporter, fetched on request: into the fields, box open."""
        self.set_values({"name": reporter.name, "department": reporter.department,
                         "contact": reporter.contact,
                         "team_coordinator": reporter.team_coordinator}
                        if reporter is not None else {})
        self.revealed = True
        self._baseline = self.values()
        self.toggle.setChecked(True)
        self._toggled(True)
        self.name.setFocus()

    def changed(self) -> bool:
        return self.revealed and self.values() != self._baseline

    def accept_saved(self) -> None:
        self._baseline = self.values()
        self.has_stored = self.has_stored or bool(self.name.text().strip())

    def record(self, signal_id: int) -> Reporter | None:
        """What to save: ``None`` when nothing was typed."""
        values = self.values()
        if not any(v.strip() for v in values.values()):
            return None
        return Reporter(signal_id=signal_id, name=values["name"],
                        department=values["department"], contact=values["contact"],
                        team_coordinator=values["team_coordinator"])

    def restore(self, values: dict[str, Any]) -> None:
        self.revealed = True
        self.set_values(values)
        self.toggle.setChecked(True)
        self._toggled(True)


class GeneralForm(QWidget):
    """The signal's own fields plus the reporter box. ``edited`` on every keystroke."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        self.signal: SignalRecord | None = None  # what was loaded (None: a new signal)
        self._today = Clock().today()  # replaced by the services' clock on load
        self._baseline: dict[str, Any] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        holder = QWidget(self)
        holder.setLayout(form)
        self.received = TypedDateEdit(holder)  # no maximum: checked when left and saved
        self.received.setCalendarPopup(True)
        self.received.setAccessibleName(_("Date received"))
        self.received.setToolTip(_("May lie in the past (a backlog), not in the future."))
        inner = self.received.findChild(QLineEdit)
        if inner is not None:  # the spin box's own line edit is a tab stop too
            inner.setAccessibleName(_("Date received"))
        self.source = QComboBox(holder)
        self.source.setAccessibleName(_("Source"))
        for source in SignalSource:
            self.source.addItem(label(source), source)
        self.summary = QLineEdit(holder)
        self.summary.setAccessibleName(_("Summary"))
        self.summary.setPlaceholderText(_("One line: what is going on, without names"))
        self.description = _text_edit(holder, _("Description"), 5)
        forms_row = QWidget(holder)
        row = QHBoxLayout(forms_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.forms: dict[ExploitationForm, QCheckBox] = {}
        for form_value in ExploitationForm:
            box = QCheckBox(label(form_value), forms_row)
            box.setAccessibleName(label(form_value))
            box.toggled.connect(lambda _c: self.edited.emit())
            self.forms[form_value] = box
            row.addWidget(box)
        row.addStretch(1)
        self.urgency = QComboBox(holder)
        self.urgency.setAccessibleName(_("Urgency"))
        for value in Urgency:
            self.urgency.addItem(label(value), value)
        self.trusted = QCheckBox(_("Deploying a trusted person was considered"), holder)
        self.trusted.setAccessibleName(_("Deploying a trusted person was considered"))
        e = self.errors
        e.add_row(form, _("&Received on:"), self.received, "received_on", _("Received on"))
        e.add_row(form, _("S&ource:"), self.source, "source", _("Source"))
        e.add_row(form, _("S&ummary:"), self.summary, "summary", _("Summary"))
        e.add_row(form, _("D&escription:"), self.description, "description",
                  _("Description"))
        first_form = next(iter(self.forms.values()))
        e.add_row(form, _("Forms:"), forms_row, "forms", _("Forms"))
        e.register("forms", first_form, e._fields["forms"].label, _("Forms"))
        e.add_row(form, _("U&rgency:"), self.urgency, "urgency", _("Urgency"))
        form.addRow("", self.trusted)
        self.anonymous_note = QLabel(_("Anonymous source: there is no reporter to record or "
                                       "to inform; the signal can be closed without that "
                                       "step."), self)
        self.anonymous_note.setWordWrap(True)
        self.anonymous_note.setStyleSheet("color: palette(dark); font-style: italic;")
        self.reporter = ReporterBox(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(holder)
        layout.addWidget(self.anonymous_note)
        layout.addWidget(self.reporter)
        layout.addStretch(1)
        self.received.dateChanged.connect(lambda _d: self.edited.emit())
        self.received.dateChanged.connect(lambda _d: self._check_received(when_shown=True))
        self.received.editingFinished.connect(self._check_received)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.summary.textEdited.connect(lambda _t: self.edited.emit())
        self.description.textChanged.connect(self.edited.emit)
        self.urgency.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self.trusted.toggled.connect(lambda _c: self.edited.emit())
        self.reporter.edited.connect(self.edited.emit)
        self._source_changed()

    # --- filling ---------------------------------------------------------------------------
    def _set_source(self, source: SignalSource) -> None:
        self.source.setCurrentIndex(max(0, self.source.findData(source)))

    def _set_urgency(self, urgency: Urgency) -> None:
        self.urgency.setCurrentIndex(max(0, self.urgency.findData(urgency)))

    def _source_changed(self, _index: int = 0) -> None:
        anonymous = is_anonymous(self.source.currentData())
        keep = self.reporter.has_stored  # never hide a reporter that is recorded
        self.reporter.setVisible(not anonymous or keep)
        self.anonymous_note.setVisible(anonymous)
        self.edited.emit()

    def new(self, today: date) -> None:
        """Empty form for a new signal received today."""
        self.signal = None
        self._today = today
        self.received.setDate(_qdate(today))
        self._fill(SignalRecord(received_on=today, source=SignalSource.INTERNAL, summary=""))
        self.reporter.reset(has_stored=False)
        self._source_changed()
        self._baseline = self.values()

    def load(self, signal: SignalRecord, has_reporter: bool, today: date) -> None:
        self.signal = signal
        self._today = today
        self._fill(signal)
        self.reporter.reset(has_stored=has_reporter)
        self._source_changed()
        self._baseline = self.values()

    def _fill(self, signal: SignalRecord) -> None:
        widgets = [self.received, self.source, self.summary, self.description,
                   self.urgency, self.trusted, *self.forms.values()]
        for widget in widgets:
            widget.blockSignals(True)
        self.received.setDate(_qdate(signal.received_on))
        self._set_source(signal.source)
        self.summary.setText(signal.summary)
        self.description.setPlainText(signal.description)
        self._set_urgency(signal.urgency)
        self.trusted.setChecked(signal.trusted_person_considered)
        for value, box in self.forms.items():
            box.setChecked(value in signal.forms)
        for widget in widgets:
            widget.blockSignals(False)
        self.errors.clear()

    def clear(self) -> None:
        """Forget everything shown (lock): fields, undo stacks, the reporter."""
        self.signal = None
        for widget in (self.summary, self.description):
            widget.blockSignals(True)
        self.summary.setText("")  # and its undo history
        self.description.clear()
        self.description.document().clearUndoRedoStacks()
        for widget in (self.summary, self.description):
            widget.blockSignals(False)
        self.reporter.reset(has_stored=False)
        self.errors.clear()
        self._baseline = self.values()

    def _check_received(self, when_shown: bool = False) -> None:
        """A received date in the future is said next to the field when it is left (the
        save refuses it too); a corrected date takes the message away. ``when_shown``:
        only take an earlier message away (while typing)."""
        received = _pydate(self.received.date())
        try:
            check_date(received, "received_on", today=self._today)
        except ValidationError as error:
            if not when_shown:
                self.errors.show(error, focus=False)
            return
        self.errors.hide("received_on")

    # --- reading ---------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The fields as a JSON-able snapshot (reporter apart, only when revealed)."""
        return {
            "received_on": _pydate(self.received.date()).isoformat(),
            "source": str(self.source.currentData()),
            "summary": self.summary.text(),
            "description": self.description.toPlainText(),
            "forms": sorted(str(f) for f, box in self.forms.items() if box.isChecked()),
            "urgency": str(self.urgency.currentData()),
            "trusted_person_considered": self.trusted.isChecked(),
        }

    def record(self) -> SignalRecord:
        """The signal to save: the loaded one with the form's fields (a new one else)."""
        values = self.values()
        fields = dict(received_on=date.fromisoformat(values["received_on"]),
                      source=SignalSource(values["source"]), summary=values["summary"],
                      description=values["description"],
                      forms={ExploitationForm(f) for f in values["forms"]},
                      urgency=Urgency(values["urgency"]),
                      trusted_person_considered=values["trusted_person_considered"])
        if self.signal is None:
            return SignalRecord(**fields)
        return replace(self.signal, **fields)

    def reporter_record(self, signal_id: int) -> Reporter | None:
        """The reporter to save with the signal: only when typed or changed, never for an
        anonymous source without a recorded reporter."""
        if self.reporter.isHidden() and not self.reporter.has_stored:
            return None
        if self.signal is not None and not self.reporter.changed():
            return None
        return self.reporter.record(signal_id)

    def general_changed(self) -> bool:
        return self.values() != self._baseline

    def unsaved(self) -> dict[str, Any] | None:
        snapshot: dict[str, Any] = {}
        if self.general_changed():
            snapshot["general"] = self.values()
        if (self.reporter.changed() if self.signal is not None
                else any(v.strip() for v in self.reporter.values().values())):
            snapshot["reporter"] = self.reporter.values()
        return snapshot or None

    def restore(self, draft: dict[str, Any]) -> None:
        general = draft.get("general")
        if isinstance(general, dict):
            try:
                received = date.fromisoformat(str(general.get("received_on")))
            except ValueError:
                received = _pydate(self.received.date())
            self.received.setDate(_qdate(min(received, self._today)))
            try:
                self._set_source(SignalSource(general.get("source")))
                self._set_urgency(Urgency(general.get("urgency")))
            except ValueError:
                pass
            self.summary.setText(str(general.get("summary", "")))
            self.description.setPlainText(str(general.get("description", "")))
            forms = set(general.get("forms") or [])
            for value, box in self.forms.items():
                box.setChecked(str(value) in forms)
            self.trusted.setChecked(bool(general.get("trusted_person_considered")))
        reporter = draft.get("reporter")
        if isinstance(reporter, dict):
            self.reporter.restore(reporter)
        self.edited.emit()

    def accept_saved(self) -> None:
        """The input was saved: it is the new baseline."""
        self._baseline = self.values()
        self.reporter.accept_saved()

    def show_error(self, error: BaseException) -> bool:
        if getattr(error, "field", "") and str(error.field).startswith("reporter"):  # type: ignore[attr-defined]
            self.errors.clear()
            self.reporter.toggle.setChecked(True)
            return self.reporter.errors.show(error)
        self.reporter.errors.clear()
        return self.errors.show(error)
