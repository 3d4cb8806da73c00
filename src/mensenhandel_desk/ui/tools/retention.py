"""Kluis → Bewaartermijnen en vernietiging…: the CLI's ``purge`` (dry run and purge),
``hold`` and ``release``, and the retention periods per outcome.

- Periods: months after closing per outcome (``RetentionService.periods/set_period``);
  a floor from the policy file is the spin box's minimum, shown with the padlock.
- Due: the dry run (``due()``: what a purge would destroy today), then "Destroy…" asks
  for confirmation and purges exactly the listed references on the worker (progress;
  Stop honoured until the deletions commit). Afterwards the destruction declaration is
  shown through the printing contract (``ui.printing.show_document``: preview, print,
  save as PDF), rendered from the purge result by ``DocumentService``.
- Legal holds: every held signal with its reason; place one (reference + reason, no
  names) or lift the selected one.

Everything shown is dropped on lock.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.tools.common import (
    OK_STYLE,
    ProgressPanel,
    ToolDialog,
    button_row,
    error_label,
    lock_badge,
    result_label,
    show_text,
)
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.worker import describe

DATE = "%d-%m-%Y"


def _retention(services: Any) -> Any:
    from mensenhandel_desk.services.retention import RetentionService

    return RetentionService(services)


def _overview(services: Any) -> dict[str, Any]:
    from mensenhandel_desk.services.policy import load_policy

    service = _retention(services)
    policy = load_policy()
    periods = service.periods()
    return {"periods": periods,
            "floors": {outcome: policy.retention_floor(outcome) for outcome in periods},
            "held": service.held()}


def declaration_request(signals: list[Any], destroyed_on: Any) -> Any:
    """The printing contract's request for the destruction declaration of ``signals``
    (``PurgeResult.purged`` and ``.purged_on``; before a purge the due list and today:
    then only the preview is possible, the service refuses a numbered copy)."""
    from mensenhandel_desk.ui.printing import DocumentRequest

    def render(services: Any, preview: bool) -> Any:
        return services.documents.destruction_declaration(signals, destroyed_on,
                                                          preview=preview)

    return DocumentRequest(title=_("Destruction declaration"), render=render)


def _table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setTabKeyNavigation(False)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


class RetentionDialog(ToolDialog):
    """Signals: ``due_listed(count)``, ``purged(PurgeResult)``, ``holds_changed()``."""

    due_listed = Signal(int)
    purged = Signal(object)
    holds_changed = Signal()
    periods_saved = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, _("Retention and destruction"))
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(_("Retention"))
        self.tabs.addTab(self._build_due(), _("&Due for destruction"))
        self.tabs.addTab(self._build_holds(), _("&Legal holds"))
        self.tabs.addTab(self._build_periods(), _("Retention &periods"))
        self.message = error_label(self, _("Retention message"))
        self.progress = ProgressPanel(self)
        self.close_button = self.make_close_button()
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.due: list[Any] = []
        self.held: list[Any] = []
        self.last_purge: Any = None
        self.declaration_dialog: Any = None
        self.resize(860, 560)
        self.refresh()
        self.list_due()

    # --- building -------------------------------------------------------------------------
    def _build_due(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(_("Closed signals whose retention period has passed. Signals under a "
                         "legal hold and open signals are never destroyed."), page)
        intro.setWordWrap(True)
        self.due_table = _table(page, [_("Reference"), _("Received"), _("Closed"),
                                       _("Outcome"), _("Due since")],
                                _("Signals due for destruction"))
        self.due_count = QLabel(page)
        self.due_count.setAccessibleName(_("Number of signals due"))
        self.list_button = named_button(page, _("List &again"),
                                        _("List the signals due for destruction again"),
                                        self.list_due)
        self.purge_button = named_button(page, _("&Destroy…"),
                                         _("Destroy the listed signals for good"),
                                         self.purge)
        self.purge_button.setEnabled(False)
        self.declaration_button = named_button(page, _("Destruction d&eclaration…"),
                                               _("Show and print the destruction "
                                                 "declaration"), self.show_declaration)
        self.declaration_button.setEnabled(False)
        self.purge_result = QLabel(page)
        self.purge_result.setWordWrap(True)
        self.purge_result.setStyleSheet(OK_STYLE)
        self.purge_result.setAccessibleName(_("Result of the destruction"))
        self.purge_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.due_count, 1)
        buttons.addWidget(self.list_button)
        buttons.addWidget(self.purge_button)
        buttons.addWidget(self.declaration_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.due_table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.purge_result)
        return page

    def _build_holds(self) -> QWidget:
        page = QWidget(self)
        self.holds_table = _table(page, [_("Reference"), _("Reason")], _("Legal holds"))
        self.lift_button = named_button(page, _("L&ift hold"),
                                        _("Lift the legal hold of the selected signal"),
                                        self.lift_hold)
        form = QFormLayout()
        self.hold_reference = QLineEdit(page)
        self.hold_reference.setAccessibleName(_("Reference of the signal to hold"))
        self.hold_reference.setPlaceholderText(_("for example MH-2026-0001"))
        ref_label = QLabel(_("Re&ference"), page)
        ref_label.setBuddy(self.hold_reference)
        form.addRow(ref_label, self.hold_reference)
        self.hold_reference_error = error_label(page, _("Problem with the reference"))
        form.addRow("", self.hold_reference_error)
        self.hold_reason = QLineEdit(page)
        self.hold_reason.setAccessibleName(_("Reason for the legal hold"))
        self.hold_reason.setPlaceholderText(_("for example a running investigation; no "
                                              "names"))
        reason_label = QLabel(_("Rea&son"), page)
        reason_label.setBuddy(self.hold_reason)
        form.addRow(reason_label, self.hold_reason)
        self.hold_reason_error = error_label(page, _("Problem with the reason"))
        form.addRow("", self.hold_reason_error)
        self.place_button = named_button(page, _("&Place hold"),
                                         _("Place a legal hold on this signal"),
                                         self.place_hold)
        place_row = QHBoxLayout()
        place_row.addWidget(self.place_button)
        place_row.addStretch(1)
        form.addRow("", place_row)
        self.hold_status = result_label(page, _("Legal hold status"))
        self.hold_status.hide()
        form.addRow("", self.hold_status)
        layout = QVBoxLayout(page)
        layout.addWidget(self.holds_table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.lift_button)
        layout.addLayout(row)
        layout.addLayout(form)
        return page

    def _build_periods(self) -> QWidget:
        from mensenhandel_desk.services.retention import DEFAULT_RETENTION_MONTHS

        page = QWidget(self)
        intro = QLabel(_("Months after closing, per outcome. Your privacy officer sets these "
                         "with the archivist; a minimum set by your organisation cannot be "
                         "lowered."), page)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.period_spins: dict[Any, QSpinBox] = {}
        self.period_badges: dict[Any, QLabel] = {}
        for outcome in DEFAULT_RETENTION_MONTHS:
            spin = QSpinBox(page)
            spin.setRange(1, 1200)
            spin.setSuffix(_(" months"))
            spin.setAccessibleName(_("Retention for {outcome}").format(outcome=label(outcome)))
            badge = lock_badge(page)
            badge.hide()
            row = QHBoxLayout()
            row.addWidget(spin)
            row.addWidget(badge)
            row.addStretch(1)
            caption = QLabel(label(outcome), page)
            caption.setBuddy(spin)
            form.addRow(caption, row)
            self.period_spins[outcome] = spin
            self.period_badges[outcome] = badge
        self.periods_error = error_label(page, _("Problem with a retention period"))
        self.save_periods_button = named_button(page, _("Save &periods"),
                                                _("Save the retention periods"),
                                                self.save_periods)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.periods_error)
        layout.addLayout(button_row(None, self.save_periods_button))
        layout.addStretch(1)
        return page

    def show_error(self, text: str) -> None:
        show_text(self.message, text)

    # --- overview and periods ---------------------------------------------------------------
    def refresh(self) -> None:
        self.run(_overview, self._overview)

    def _overview(self, data: dict[str, Any]) -> None:
        self._periods = dict(data["periods"])
        for outcome, spin in self.period_spins.items():
            floor = data["floors"].get(outcome, 0)
            spin.setMinimum(max(1, floor))
            spin.setValue(data["periods"][outcome])
            badge = self.period_badges[outcome]
            badge.setVisible(bool(floor))
            if floor:
                text = _("{policy}: at least {months} months").format(
                    policy=_("Set by your organisation"), months=floor)
                badge.setToolTip(text)
                badge.setAccessibleName(text)
                spin.setToolTip(text)
        self.held = list(data["held"])
        _fill(self.holds_table, [[h.reference, h.reason] for h in self.held])
        self.lift_button.setEnabled(bool(self.held))

    def save_periods(self) -> None:
        changed = {outcome: spin.value() for outcome, spin in self.period_spins.items()
                   if spin.value() != getattr(self, "_periods", {}).get(outcome)}
        show_text(self.periods_error, "")
        if not changed:
            return

        def work(services: Any) -> None:
            service = _retention(services)
            for outcome, months in changed.items():
                service.set_period(outcome, months)

        def done(_result: Any) -> None:
            self.periods_saved.emit()
            self.refresh()
            self.list_due()

        self.run(work, done, lambda e: show_text(self.periods_error, describe(e)))

    # --- due and purge ------------------------------------------------------------------------
    def list_due(self) -> None:
        """The dry run: what a purge would destroy today (changes nothing)."""
        show_text(self.message, "")
        self.run(lambda services: _retention(services).due(), self._listed)

    def _listed(self, due: list[Any]) -> None:
        self.due = list(due)
        _fill(self.due_table, [[d.reference, d.received_on.strftime(DATE),
                                d.closed_on.strftime(DATE), label(d.outcome),
                                d.due_on.strftime(DATE)] for d in self.due])
        if not self.due:
            self.due_count.setText(_("No signals are due for destruction."))
        elif len(self.due) == 1:
            self.due_count.setText(_("Due for destruction: 1 signal"))
        else:
            self.due_count.setText(_("Due for destruction: {count} signals").format(
                count=len(self.due)))
        self.purge_button.setEnabled(bool(self.due) and not self.progress.running)
        self.declaration_button.setEnabled(bool(self.due) or self.last_purge is not None)
        self.due_listed.emit(len(self.due))

    @staticmethod
    def ask_confirm(parent: QWidget, count: int) -> bool:
        answer = QMessageBox.warning(
            parent, _("Destroy signals"),
            _("{count} signals and everything recorded on them will be destroyed for good. "
              "This cannot be undone.").format(count=count),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def purge(self) -> None:
        if not self.due or self.progress.running or not self.ctx.is_unlocked:
            return
        references = [d.reference for d in self.due]
        if not self.ask_confirm(self, len(references)):
            return
        token = self.progress.start(_("Destroying signals"))
        self.purge_button.setEnabled(False)
        self.list_button.setEnabled(False)

        def work(services: Any, progress: Any, _task: Any) -> Any:
            return _retention(services).purge(confirm=True, references=references,
                                              progress=progress, cancel=token)

        self.run(work, self._purged, self._purge_failed, self.progress.report)

    def _purged(self, result: Any) -> None:
        self.progress.finish()
        self.list_button.setEnabled(True)
        self.last_purge = result
        lines = [_("Destroyed: 1 signal.") if len(result.purged) == 1 else
                 _("Destroyed: {count} signals.").format(count=len(result.purged))]
        if result.backups_replaced:
            lines.append(_("{count} automatic backups that still held them were replaced by "
                           "a fresh one.").format(count=result.backups_replaced))
        lines.append(_("Backups you made yourself still hold these signals: destroy them "
                       "too."))
        if result.safety_copies:
            lines.append(_("These safety copies next to the vault still hold them as well; "
                           "destroy them once you no longer need them: {names}").format(
                               names=", ".join(p.name for p in result.safety_copies)))
        self.purge_result.setText("\n".join(lines))
        self.declaration_button.setEnabled(bool(result.purged))
        self.purged.emit(result)
        self.list_due()
        if result.purged:
            self.show_declaration()

    def _purge_failed(self, error: BaseException) -> None:
        self.progress.finish()
        self.list_button.setEnabled(True)
        self.show_error(describe(error))
        self.list_due()

    def show_declaration(self) -> None:
        """The declaration of the last purge; before one, a preview of what would be
        declared for the signals listed as due."""
        if not self.ctx.is_unlocked:
            return
        if self.last_purge is not None:
            request = declaration_request(list(self.last_purge.purged),
                                          self.last_purge.purged_on)
        elif self.due:
            from mensenhandel_desk.services.clock import Clock

            request = declaration_request(list(self.due), Clock().today())
        else:
            return
        from mensenhandel_desk.ui.printing import show_document

        self.declaration_dialog = show_document(self.ctx, self, request)

    # --- legal holds ----------------------------------------------------------------------------
    def place_hold(self) -> None:
        reference, reason = self.hold_reference.text().strip(), self.hold_reason.text()
        show_text(self.hold_reference_error, "")
        show_text(self.hold_reason_error, "")
        if not reference:
            show_text(self.hold_reference_error, _("Type the signal's reference."))
            return

        def done(_result: Any) -> None:
            self.hold_reference.clear()
            self.hold_reason.clear()
            show_text(self.hold_status, _("Legal hold placed on {reference}: it will not be "
                                          "destroyed until the hold is lifted.").format(
                reference=reference))
            self._holds_changed()

        self.run(lambda services: _retention(services).place_hold(reference, reason), done,
                 self._hold_failed)

    def _hold_failed(self, error: BaseException) -> None:
        field = error.field if isinstance(error, DomainError) else None
        if field == "reason":
            show_text(self.hold_reason_error, describe(error))
        elif field in ("reference",) or getattr(error, "code", "") in ("not_found",):
            show_text(self.hold_reference_error, describe(error))
        else:
            self.show_error(describe(error))

    def lift_hold(self) -> None:
        row = self.holds_table.currentRow()
        if not 0 <= row < len(self.held):
            self.show_error(_("Select the signal whose legal hold is lifted."))
            return
        reference = self.held[row].reference
        if not self.ask_lift(self, reference):
            return

        def done(_result: Any) -> None:
            show_text(self.hold_status, _("Legal hold on {reference} lifted.").format(
                reference=reference))
            self._holds_changed()

        self.run(lambda services: _retention(services).lift_hold(reference), done)

    @staticmethod
    def ask_lift(parent: QWidget, reference: str) -> bool:
        """Lift the legal hold on ``reference``? (Tests replace this.)"""
        answer = QMessageBox.question(
            parent, _("Lift legal hold"),
            _("Lift the legal hold on {reference}? The signal can then be destroyed "
              "according to its retention period.").format(reference=reference),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _holds_changed(self) -> None:
        self.holds_changed.emit()
        self.refresh()
        self.list_due()

    def drop_data(self) -> None:
        self.due, self.held, self.last_purge = [], [], None
        for table in (self.due_table, self.holds_table):
            table.setRowCount(0)
        self.purge_result.clear()
        self.hold_reference.clear()
        self.hold_reason.clear()
        show_text(self.hold_status, "")
