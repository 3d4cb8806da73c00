"""Kluis → Inzageverzoek…: the CLI's ``access-request``. Search a person by name (and
date of birth, optional) with ``AccessRequestService.find`` on the worker (audited as a
request handled), see what was found, then the report through the printing contract
(``ui.printing.show_document``: preview, print, save as PDF), and optionally the data as
JSON for the officer's review (a save dialog that warns it is not encrypted).

Withheld, as in the CLI: the reporter's identity and other people's details (the
service redacts them). The found data is dropped on lock and when the window closes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.tools.common import (
    ToolDialog,
    ask_save_file,
    button_row,
    error_label,
    show_text,
)
from mensenhandel_desk.ui.tools.retention import _fill, _table
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.worker import describe

DATE = "%d-%m-%Y"


def _service(services: Any) -> Any:
    from mensenhandel_desk.services.access_request import AccessRequestService

    return AccessRequestService(services)


def report_request(result: Any) -> Any:
    """The printing contract's request for the access-request report of ``result``."""
    from mensenhandel_desk.ui.printing import DocumentRequest

    def render(services: Any, preview: bool) -> Any:
        return services.documents.access_request_report(result, preview=preview)

    return DocumentRequest(title=_("Access request report"), render=render)


class AccessRequestDialog(ToolDialog):
    """``found(result)`` after a search."""

    found = Signal(object)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, _("Access request"))
        intro = QLabel(_("Everything the vault holds about one person (AVG art. 15). The "
                         "reporter's identity and other people's details are withheld. Read "
                         "the report before sending it, and ask your privacy officer about "
                         "police information."), self)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setAccessibleName(_("Name of the person"))
        self.name.returnPressed.connect(self.search)
        name_label = QLabel(_("&Name of the person"), self)
        name_label.setBuddy(self.name)
        form.addRow(name_label, self.name)
        self.name_error = error_label(self, _("Problem with the name"))
        form.addRow("", self.name_error)
        self.use_dob = QCheckBox(_("&Date of birth known"), self)
        self.use_dob.setAccessibleName(_("Date of birth known"))
        self.dob = QDateEdit(QDate(1990, 1, 1), self)
        self.dob.setDisplayFormat("dd-MM-yyyy")
        self.dob.setCalendarPopup(True)
        self.dob.setAccessibleName(_("Date of birth"))
        self.dob.setEnabled(False)
        self.use_dob.toggled.connect(self.dob.setEnabled)
        dob_row = QHBoxLayout()
        dob_row.addWidget(self.use_dob)
        dob_row.addWidget(self.dob)
        dob_row.addStretch(1)
        form.addRow("", dob_row)
        self.dob_error = error_label(self, _("Problem with the date of birth"))
        form.addRow("", self.dob_error)
        self.search_button = named_button(self, _("&Search"), _("Search the vault for this "
                                                                "person"), self.search)
        self.search_button.setDefault(True)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_button)
        search_row.addStretch(1)
        form.addRow("", search_row)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("What was found"))
        self.table = _table(self, [_("Signal"), _("Received"), _("Name as recorded"),
                                   _("Role"), _("Date of birth")],
                            _("Signals on which the person is recorded"))
        # several people with this name (different dates of birth): choose one
        self.persons_label = QLabel(self)
        self.persons_label.setWordWrap(True)
        self.persons_label.setAccessibleName(_("Several people with this name"))
        self.person_choice = QComboBox(self)
        self.person_choice.setAccessibleName(_("Person to search for"))
        self.choose_button = named_button(self, _("Search &only this person"),
                                          _("Search again with this date of birth"),
                                          self.choose_person)
        persons_row = QHBoxLayout()
        persons_row.addWidget(self.person_choice, 1)
        persons_row.addWidget(self.choose_button)
        self.persons_box = QWidget(self)
        persons_layout = QVBoxLayout(self.persons_box)
        persons_layout.setContentsMargins(0, 0, 0, 0)
        persons_layout.addWidget(self.persons_label)
        persons_layout.addLayout(persons_row)
        self.message = error_label(self, _("Access request message"))
        self.report_button = named_button(self, _("&Report…"),
                                          _("Show and print the access request report"),
                                          self.show_report)
        self.json_button = named_button(self, _("Save data as &JSON…"),
                                        _("Save the found data as JSON for your review"),
                                        self.save_json)
        self.close_button = self.make_close_button()
        buttons = button_row(None, self.report_button, self.json_button, self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.persons_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.result: Any = None
        self._set_result(None)
        self.resize(760, 540)

    def show_error(self, text: str) -> None:
        show_text(self.message, text)

    def search(self) -> None:
        if not self.ctx.is_unlocked:
            return
        name = self.name.text()
        dob = self.dob.date().toPython() if self.use_dob.isChecked() else None
        for label_ in (self.name_error, self.dob_error, self.message):
            show_text(label_, "")
        self._set_result(None)
        self.search_button.setEnabled(False)
        self.summary.setText(_("Searching…"))
        self.run(lambda services: _service(services).find(name, dob), self._found,
                 self._search_failed)

    def _found(self, result: Any) -> None:
        self.search_button.setEnabled(True)
        self._set_result(result)
        self.found.emit(result)

    def _search_failed(self, error: BaseException) -> None:
        self.search_button.setEnabled(True)
        self.summary.clear()
        field = error.field if isinstance(error, DomainError) else None
        if field == "name":
            show_text(self.name_error, describe(error))
            self.name.setFocus()
        elif field == "date_of_birth":
            show_text(self.dob_error, describe(error))
        else:
            self.show_error(describe(error))

    def _set_result(self, result: Any) -> None:
        self.result = result
        rows = []
        if result is not None:
            for finding in result.findings:
                party, signal = finding.party, finding.signal
                if party.date_of_birth:
                    dob = party.date_of_birth.strftime(DATE)
                elif finding.dob_unconfirmed:
                    dob = _("not recorded: check")
                else:
                    dob = ""
                rows.append([signal.reference, signal.received_on.strftime(DATE), party.name,
                             label(party.role), dob])
            records = (_("1 signal") if len(result.findings) == 1 else
                       _("{count} signals").format(count=len(result.findings)))
            mentions = (_("1 other mention") if len(result.mentions) == 1 else
                        _("{count} other mentions").format(count=len(result.mentions)))
            self.summary.setText(_("Found: {records} and {mentions}. Read the report before "
                                   "sending it.").format(records=records, mentions=mentions))
        else:
            self.summary.clear()
        self._show_persons(result)
        _fill(self.table, rows)
        self.report_button.setEnabled(result is not None)
        self.json_button.setEnabled(result is not None)

    def _show_persons(self, result: Any) -> None:
        """Different dates of birth under one name: different people. Say so, list them,
        and offer a new search for one of them (the report warns as well)."""
        self.person_choice.clear()
        several = result is not None and result.several_persons
        if several:
            for name, dob in result.persons:
                if dob is None:
                    continue
                self.person_choice.addItem(_("{name}, born {date}").format(
                    name=name, date=dob.strftime(DATE)), dob)
            self.persons_label.setText(_(
                "Caution: different people with this name were found (different dates of "
                "birth). The result holds all of them. Choose the person who asked, and "
                "search again with their date of birth."))
        self.persons_box.setVisible(several)

    def choose_person(self) -> None:
        dob = self.person_choice.currentData()
        if dob is None:
            return
        self.use_dob.setChecked(True)
        self.dob.setDate(QDate(dob.year, dob.month, dob.day))
        self.search()

    # --- output ---------------------------------------------------------------------------
    def show_report(self) -> Any:
        """The report in the printing preview (returned; None when there is nothing)."""
        if self.result is None or not self.ctx.is_unlocked:
            return None
        from mensenhandel_desk.ui.printing import show_document

        return show_document(self.ctx, self, report_request(self.result))

    @staticmethod
    def ask_file(parent: QWidget) -> Path | None:
        if QMessageBox.warning(
                parent, _("Save data as JSON"),
                _("The file is NOT encrypted and holds personal data. Save it only where "
                  "your organisation allows, and destroy it after your review."),
                QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel) != QMessageBox.StandardButton.Ok:
            return None
        return ask_save_file(parent, _("Save data as JSON"), _("access-request.json"),
                             _("JSON (*.json)"))

    def save_json(self) -> None:
        if self.result is None:
            return
        path = self.ask_file(self)
        if path is None:
            return
        result = self.result

        def work(services: Any) -> None:
            _service(services).write(result, json_out=path)

        self.run(work, lambda _r: self.ctx.message.emit(_("Data saved as JSON.")))

    def drop_data(self) -> None:
        self.name.clear()
        self._set_result(None)


