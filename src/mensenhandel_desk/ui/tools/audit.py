"""Kluis → Audittrail…: the audit trail, read-only, newest first, one page at a time,
with the CLI's filters (action, period, object reference) and its export; above it the
verification of the whole chain (``audit_trail.chain_status``: hashes and the anchor
remembered at the last close).

Entries hold references, never names (services/audit/), yet what is shown is dropped
on lock like everything else.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.i18n import NP_, _, pgettext
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.tools.common import (
    ERROR_STYLE,
    OK_STYLE,
    ToolDialog,
    ask_save_file,
    error_label,
    show_text,
)
from mensenhandel_desk.ui.tools.retention import _fill, _table
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.worker import describe

PAGE_SIZE = 200
DATE_FORMAT = "dd-MM-yyyy"
ACTION_LABELS: dict[str, str] = {
    "unlock": NP_("AuditAction", "Unlocked"),
    "unlock_failed": NP_("AuditAction", "Wrong passphrase"),
    "vault_created": NP_("AuditAction", "Vault created"),
    "open_signal": NP_("AuditAction", "Signal opened"),
    "create": NP_("AuditAction", "Created"),
    "update": NP_("AuditAction", "Changed"),
    "delete": NP_("AuditAction", "Removed"),
    "view_reporter": NP_("AuditAction", "Reporter viewed"),
    "document": NP_("AuditAction", "Document made"),
    "print": NP_("AuditAction", "Printed"),
    "export": NP_("AuditAction", "Exported"),
    "import": NP_("AuditAction", "Imported"),
    "backup": NP_("AuditAction", "Backup"),
    "restore": NP_("AuditAction", "Restored"),
    "rekey": NP_("AuditAction", "Passphrase changed"),
    "purge": NP_("AuditAction", "Destroyed (retention)"),
    "legal_hold": NP_("AuditAction", "Legal hold"),
    "access_request": NP_("AuditAction", "Access request"),
    "demo": NP_("AuditAction", "Demo data"),
    "settings": NP_("AuditAction", "Settings changed"),
    "audit_acknowledged": NP_("AuditAction", "Break in the audit trail acknowledged"),
}


# Objects that are not a reference (services write these keys)
OBJECT_LABELS: dict[str, str] = {
    "vault": NP_("AuditObject", "vault"),
    "settings": NP_("AuditObject", "settings"),
    "retention": NP_("AuditObject", "retention"),
    "audit": NP_("AuditObject", "audit trail"),
    "inzage": NP_("AuditObject", "access request"),
    "regional_secret": NP_("AuditObject", "regional key for the monitoring"),
    "monitoring": NP_("AuditObject", "monitoring"),
    "register": NP_("AuditObject", "register"),
    "sheet": NP_("AuditObject", "imported sheet"),
}

# Objects with a number or key the services write: pattern -> Dutch template
OBJECT_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^activity:(?P<id>\d+)$"), NP_("AuditObject", "activity {id}")),
    (re.compile(r"^partner:(?P<key>.+)$"), NP_("AuditObject", "partner {key}")),
    (re.compile(r"^checklist:(?P<version>\d+)$"),
     NP_("AuditObject", "checklist version {version}")),
]


# Fixed details the services write (English keys in the trail; shown in Dutch). Details
# with numbers or names of files stay as written.
DETAIL_LABELS: dict[str, str] = {
    "automatic backup": NP_("AuditDetail", "automatic backup"),
    "backup": NP_("AuditDetail", "backup made by hand"),
    "restored from backup": NP_("AuditDetail", "restored from a backup"),
    "restored from backup; its broken audit trail was accepted": NP_(
        "AuditDetail", "restored from a backup; its broken audit trail was accepted"),
    "passphrase changed": NP_("AuditDetail", "passphrase changed"),
    "placed": NP_("AuditDetail", "placed"),
    "lifted": NP_("AuditDetail", "lifted"),
    "closed": NP_("AuditDetail", "closed"),
    "reopened": NP_("AuditDetail", "reopened"),
    "cleared": NP_("AuditDetail", "cleared"),
    "set": NP_("AuditDetail", "set"),
    "draft saved": NP_("AuditDetail", "draft saved"),
    "party added": NP_("AuditDetail", "person or organisation added"),
    "party changed": NP_("AuditDetail", "person or organisation changed"),
    "party removed": NP_("AuditDetail", "person or organisation removed"),
    "location added": NP_("AuditDetail", "location added"),
    "location changed": NP_("AuditDetail", "location changed"),
    "location removed": NP_("AuditDetail", "location removed"),
    "enrichment added": NP_("AuditDetail", "enrichment added"),
    "enrichment changed": NP_("AuditDetail", "enrichment changed"),
    "enrichment removed": NP_("AuditDetail", "enrichment removed"),
    "handover": NP_("AuditDetail", "handover"),
    "partner feedback": NP_("AuditDetail", "feedback from the partner"),
    "reporter informed": NP_("AuditDetail", "reporter informed"),
    "meeting decision": NP_("AuditDetail", "meeting decision"),
    "indicator": NP_("AuditDetail", "indicator"),
    "meeting": NP_("AuditDetail", "meeting"),
    "signal": NP_("AuditDetail", "signal"),
    "reporter": NP_("AuditDetail", "reporter"),
    "contact": NP_("AuditDetail", "contact person saved"),
    "contact removed": NP_("AuditDetail", "contact person removed"),
    "draft restored": NP_("AuditDetail", "draft restored"),
    "draft discarded": NP_("AuditDetail", "draft discarded"),
}


# Details with numbers the services write: pattern -> Dutch template (same groups)
DETAIL_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?P<records>\d+) records, (?P<mentions>\d+) mentions$"),
     NP_("AuditDetail", "{records} signals, {mentions} other mentions")),
    (re.compile(r"^(?P<count>\d+) demo signals$"),
     NP_("AuditDetail", "{count} demo signals")),
    (re.compile(r"^purge of (?P<count>\d+) signals$"),
     NP_("AuditDetail", "{count} signals destroyed")),
    (re.compile(r"^purge of (?P<count>\d+) signals; audit chain re-anchored from entry "
                r"(?P<entry>\d+), previous head (?P<head>\w+)$"),
     NP_("AuditDetail", "{count} signals destroyed; chain re-anchored from entry {entry}, "
                        "previous head {head}")),
    (re.compile(r"^audit trail \((?P<count>\d+) entries, (?P<format>\w+)\)$"),
     NP_("AuditDetail", "audit trail ({count} entries, {format})")),
    (re.compile(r"^attempt at (?P<moment>.+)$"), NP_("AuditDetail", "attempt at {moment}")),
    (re.compile(r"^search index rebuilt \((?P<count>\d+) signals\)$"),
     NP_("AuditDetail", "search index rebuilt ({count} signals)")),
    (re.compile(r"^acknowledged by the officer: (?P<what>.+)$"),
     NP_("AuditDetail", "acknowledged by the officer: {what}")),
    (re.compile(r"^awareness (?P<kind>\w+)$"), NP_("AuditDetail", "awareness activity")),
    (re.compile(r"^handover to (?P<partner>\S+)$"),
     NP_("AuditDetail", "handover to {partner}")),
    (re.compile(r"^on agenda (?P<meeting>\S+)$"),
     NP_("AuditDetail", "on the agenda of {meeting}")),
    (re.compile(r"^off agenda (?P<meeting>\S+)$"),
     NP_("AuditDetail", "taken off the agenda of {meeting}")),
    (re.compile(r"^(?P<outcome>\w+): (?P<months>\d+) months$"),
     NP_("AuditDetail", "retention period {outcome}: {months} months")),
    (re.compile(r"^xlsx: (?P<count>\d+) signals$"),
     NP_("AuditDetail", "register exported (xlsx): {count} signals")),
    (re.compile(r"^sheet (?P<file>.+): (?P<rows>\d+) rows, (?P<signals>\d+) signals, "
                r"(?P<skipped>\d+) skipped$"),
     NP_("AuditDetail", "sheet {file}: {rows} rows, {signals} signals, {skipped} skipped")),
    (re.compile(r"^interchange v(?P<version>\d+): (?P<signals>\d+) signals, "
                r"(?P<meetings>\d+) meetings$"),
     NP_("AuditDetail", "exchange file version {version}: {signals} signals, "
                        "{meetings} meetings")),
    (re.compile(r"^regional (?P<format>\w+) (?P<since>[\d-]+)\.\.(?P<until>[\d-]+) "
                r"overlap=(?:yes|no)$"),
     NP_("AuditDetail", "regional monitoring ({format}) {since} to {until}")),
    (re.compile(r"^(?P<kind>[a-z_]+) to=(?P<to>\S+) copy=(?P<copy>[\d-]+)"
                r"(?: names=(?P<names>\w+))?(?: signals=(?P<signals>\d+))?$"),
     NP_("AuditDetail", "{kind} for {to}, copy {copy}{names}")),
]


# Document kinds in the print log and audit details (keys of documents/)
DOCUMENT_LABELS: dict[str, str] = {
    "handover_sheet": NP_("AuditDocument", "handover sheet"),
    "agenda": NP_("AuditDocument", "agenda"),
    "minutes": NP_("AuditDocument", "minutes"),
    "feedback_letter": NP_("AuditDocument", "feedback letter"),
    "access_report": NP_("AuditDocument", "access request report"),
    "destruction_declaration": NP_("AuditDocument", "destruction declaration"),
    "monitoring_report": NP_("AuditDocument", "monitoring report"),
    "regional_report": NP_("AuditDocument", "regional monitoring report"),
}


def _document_fields(groups: dict[str, str | None]) -> dict[str, str]:
    """The parts of a document detail in Dutch (kind and name mode through the labels)."""
    from mensenhandel_desk.domain.enums import NameMode
    from mensenhandel_desk.domain.labels import label

    kind = groups.get("kind") or ""
    names = groups.get("names")
    mode = ""
    if names in {m.value for m in NameMode}:
        mode = ", " + pgettext("AuditDetail", "names: {mode}").format(
            mode=label(NameMode(names)).lower())
    title = DOCUMENT_LABELS.get(kind)
    return {"kind": pgettext("AuditDocument", title) if title else kind,
            "to": groups.get("to") or "",
            "copy": groups.get("copy") or "", "names": mode}


def detail_label(detail: str) -> str:
    """The detail in Dutch where the services' wording is known; else as written."""
    source = DETAIL_LABELS.get(detail)
    if source:
        return pgettext("AuditDetail", source)
    for pattern, template in DETAIL_PATTERNS:
        match = pattern.match(detail)
        if match:
            groups = match.groupdict()
            if "copy" in groups:
                groups = _document_fields(groups)
            elif "outcome" in groups:
                groups["outcome"] = _outcome(groups["outcome"] or "")
            return pgettext("AuditDetail", template).format(**groups)
    return detail


def _outcome(value: str) -> str:
    from mensenhandel_desk.domain.enums import Outcome
    from mensenhandel_desk.domain.labels import label

    try:
        return label(Outcome(value)).lower()
    except ValueError:
        return value


def object_label(object_ref: str) -> str:
    source = OBJECT_LABELS.get(object_ref)
    if source:
        return pgettext("AuditObject", source)
    for pattern, template in OBJECT_PATTERNS:
        match = pattern.match(object_ref)
        if match:
            return pgettext("AuditObject", template).format(**match.groupdict())
    return object_ref


def action_label(action: str) -> str:
    source = ACTION_LABELS.get(action)
    return pgettext("AuditAction", source) if source else action


def _status_text(status: Any) -> str:
    if status.first_broken_id is not None:
        return _("The audit trail does NOT verify: broken from entry {id}. Tell your privacy "
                 "officer.").format(id=status.first_broken_id)
    if status.shortened_from is not None:
        return _("The audit trail does NOT verify: entries were removed or replaced since "
                 "the vault was last closed (it then had {count} entries). Tell your privacy "
                 "officer.").format(count=status.shortened_from)
    return _("Audit trail verified: {count} entries, the chain is unbroken.").format(
        count=status.entries)


class AuditDialog(ToolDialog):
    """``page_shown(total)`` after every page; ``verified(ok)`` after the chain check."""

    page_shown = Signal(int)
    verified = Signal(bool)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, _("Audit trail"))
        self.status = QLabel(_("Verifying the audit trail…"), self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Verification of the audit trail"))
        self.action = QComboBox(self)
        self.action.setAccessibleName(_("Action"))
        self.action.addItem(_("All actions"), "")
        from mensenhandel_desk.services.audit.trail import KNOWN_ACTIONS

        for action in sorted(KNOWN_ACTIONS, key=action_label):
            self.action.addItem(action_label(action), action)
        today = Clock().today()
        self.use_since = QCheckBox(_("&From"), self)
        self.use_since.setAccessibleName(_("Filter from a date"))
        self.since = self._date(_("From date"), QDate(today.year, today.month, 1))
        self.use_until = QCheckBox(_("&Until"), self)
        self.use_until.setAccessibleName(_("Filter until a date"))
        self.until = self._date(_("Until date"), QDate(today.year, today.month, today.day))
        self.use_since.toggled.connect(self.since.setEnabled)
        self.use_until.toggled.connect(self.until.setEnabled)
        self.object_ref = QLineEdit(self)
        self.object_ref.setAccessibleName(_("Object reference"))
        self.object_ref.setPlaceholderText(_("for example MH-2026-0001"))
        self.object_ref.returnPressed.connect(self.apply)
        action_label_ = QLabel(_("&Action"), self)
        action_label_.setBuddy(self.action)
        object_label = QLabel(_("&Object"), self)
        object_label.setBuddy(self.object_ref)
        self.apply_button = named_button(self, _("&Show"), _("Show the entries that match"),
                                         self.apply)
        self.apply_button.setDefault(True)
        filters = QGridLayout()
        filters.addWidget(action_label_, 0, 0)
        filters.addWidget(self.action, 0, 1)
        filters.addWidget(self.use_since, 0, 2)
        filters.addWidget(self.since, 0, 3)
        filters.addWidget(self.use_until, 0, 4)
        filters.addWidget(self.until, 0, 5)
        filters.addWidget(object_label, 1, 0)
        filters.addWidget(self.object_ref, 1, 1, 1, 3)
        filters.addWidget(self.apply_button, 1, 5)
        self.message = error_label(self, _("Audit trail message"))
        self.table = _table(self, [_("No."), _("Time"), _("Action"), _("Object"),
                                   _("Detail")], _("Audit trail entries"))
        self.page_label = QLabel(self)
        self.page_label.setAccessibleName(_("Which entries are shown"))
        self.previous_button = named_button(self, _("&Newer"), _("Show newer entries"),
                                            lambda: self.show_page(self.offset - PAGE_SIZE))
        self.next_button = named_button(self, _("Ol&der"), _("Show older entries"),
                                        lambda: self.show_page(self.offset + PAGE_SIZE))
        self.export_button = named_button(self, _("&Export…"),
                                          _("Export the entries that match to a file"),
                                          self.export)
        self.close_button = self.make_close_button()
        pager = QHBoxLayout()
        pager.addWidget(self.page_label, 1)
        pager.addWidget(self.previous_button)
        pager.addWidget(self.next_button)
        pager.addWidget(self.export_button)
        pager.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(pager)
        self.offset = 0
        self.total = 0
        self.events: list[Any] = []
        self._filter: Any = None
        self.resize(900, 560)
        self.apply()  # the first page before the whole-chain check (seconds at 100k)
        self.verify()

    def _date(self, name: str, value: QDate) -> QDateEdit:
        edit = QDateEdit(value, self)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.setAccessibleName(name)
        edit.setEnabled(False)
        return edit

    def show_error(self, text: str) -> None:
        show_text(self.message, text)

    # --- chain ----------------------------------------------------------------------------
    def verify(self) -> None:
        from mensenhandel_desk.services.audit.trail import chain_status

        self.run(chain_status, self._verified)

    def _verified(self, status: Any) -> None:
        self.status.setText(_status_text(status))
        self.status.setStyleSheet(OK_STYLE if status.ok else ERROR_STYLE)
        self.verified.emit(status.ok)

    # --- filter and pages -----------------------------------------------------------------
    def current_filter(self) -> Any:
        from mensenhandel_desk.services.audit.trail import AuditFilter

        since = until = None
        if self.use_since.isChecked():
            since = datetime.combine(self.since.date().toPython(), time.min)
        if self.use_until.isChecked():
            until = datetime.combine(self.until.date().toPython(), time.max)
        return AuditFilter(since=since, until=until, action=self.action.currentData() or None,
                           object_ref=self.object_ref.text().strip() or None)

    def apply(self) -> None:
        self._filter = self.current_filter()
        self.show_page(0)

    def show_page(self, offset: int) -> None:
        if self._filter is None:
            return
        flt = self._filter
        show_text(self.message, "")

        def work(services: Any) -> Any:
            from mensenhandel_desk.services.audit.trail import page_events

            return page_events(services, flt, max(0, offset), PAGE_SIZE)

        self.run(work, self._shown)

    def _shown(self, page: Any) -> None:
        self.events, self.total, self.offset = list(page.events), page.total, page.offset
        _fill(self.table, [[str(e.id), e.at.strftime("%d-%m-%Y %H:%M:%S"),
                            action_label(e.action), object_label(e.object_ref),
                            detail_label(e.detail)]
                           for e in self.events])
        if not self.total:
            self.page_label.setText(_("No entries match."))
        else:
            self.page_label.setText(_("Entries {first}–{last} of {total} (newest "
                                      "first)").format(first=self.offset + 1,
                                                       last=self.offset + len(self.events),
                                                       total=self.total))
        self.previous_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + len(self.events) < self.total)
        self.page_shown.emit(self.total)

    def failed(self, error: BaseException) -> None:
        field = error.field if isinstance(error, DomainError) else None
        if field == "since":
            self.since.setFocus()
        self.show_error(describe(error))

    # --- export ---------------------------------------------------------------------------
    @staticmethod
    def ask_file(parent: QWidget) -> Path | None:
        if QMessageBox.information(
                parent, _("Export the audit trail"),
                _("The export is not encrypted. It holds references and times, no names."),
                QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        ) != QMessageBox.StandardButton.Ok:
            return None
        return ask_save_file(parent, _("Export the audit trail"), _("audit-trail.csv"),
                             _("CSV (*.csv);;JSON (*.json)"))

    def export(self) -> None:
        path = self.ask_file(self)
        if path is None or self._filter is None:
            return
        flt = self._filter

        def work(services: Any) -> int:
            from mensenhandel_desk.services.audit import trail as audit_trail

            return audit_trail.export(services, path, flt)

        self.run(work, lambda count: self.ctx.message.emit(
            _("Audit trail exported: {count} entries.").format(count=count)))

    def drop_data(self) -> None:
        self.events = []
        self.table.setRowCount(0)
        self.status.clear()
        self.page_label.clear()
