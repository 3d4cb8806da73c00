"""Kluis → Kluis controleren…: the CLI's ``check`` in a window, with the repairs it offers.

Opening the window starts the check (``services.maintenance.check_vault``) on the worker,
with progress and Stop (it only reads, so stopping leaves everything as it was). The
result is listed in Dutch, one line per part (pages, integrity, schema, search index,
audit trail, settings), each "in orde" or what is damaged, then what to do, worded for
the desktop (menu paths, no commands). Two repairs are offered where they apply:

- "Zoekindex herstellen" when the full-text index is damaged:
  ``maintenance.rebuild_search_index(services, passphrase)`` rebuilds it in a copy and puts
  the copy in place like a rekey; it needs the passphrase, typed in a password field and
  taken out of it (``clear()``) before the work goes to the worker.
- "Breuk in audittrail bevestigen" when the audit trail is broken or shortened: only
  after a separate confirmation checkbox; ``maintenance.acknowledge_audit_break`` records
  the acknowledgement in the audit trail (``audit_acknowledged``).

After a repair the check runs again, so the list shows the result. Damaged stored
settings (``SettingsService.damaged()``, reported by the check) are listed by name.
GUI thread only; emptied and closed on lock (``ToolDialog``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.errors import Cancelled, WrongPassphrase
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.tools.common import (
    ERROR_STYLE,
    OK_STYLE,
    ProgressPanel,
    ToolDialog,
    button_row,
    error_label,
    result_label,
    show_text,
)
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.worker import describe

DAMAGED_COLOUR = "#b00020"
# Notes check_vault adds to ``integrity`` when a step could not read the file at all
AUDIT_UNREADABLE = "audit trail could not be read"
INTEGRITY_NOT_RUN = "integrity check could not run"


def finding_lines(report: Any) -> list[tuple[bool, str]]:
    """(sound, Dutch line) for each part of a ``maintenance.CheckReport``."""
    audit_unreadable = any(p.startswith(AUDIT_UNREADABLE) for p in report.integrity)
    integrity = [p for p in report.integrity if not p.startswith(AUDIT_UNREADABLE)]
    lines: list[tuple[bool, str]] = [
        (False, _("Signals in the vault: could not be counted (the file could not be "
                  "read)")) if audit_unreadable else
        (True, _("Signals in the vault: {count}").format(count=report.signals))]
    if report.damaged_pages:
        lines.append((False, _("Encryption check of every page: DAMAGED. {count} pages of "
                               "the vault file fail it (changed outside the app, or the "
                               "disk is failing).").format(count=len(report.damaged_pages))))
    else:
        lines.append((True, _("Encryption check of every page: sound")))
    if any(p.startswith(INTEGRITY_NOT_RUN) for p in integrity):
        lines.append((False, _("Integrity of the vault file: the check could not run, the "
                               "file is damaged")))
    elif integrity:
        lines.append((False, _("Integrity of the vault file: DAMAGED ({count} problems "
                               "found)").format(count=len(integrity))))
    else:
        lines.append((True, _("Integrity of the vault file: sound")))
    if report.schema_problems:
        lines.append((False, _("Structure of the vault (schema {revision}): NOT sound, "
                               "missing or unexpected: {what}").format(
                                   revision=report.schema_revision or "-",
                                   what=", ".join(report.schema_problems))))
    else:
        lines.append((True, _("Structure of the vault (schema {revision}): sound").format(
            revision=report.schema_revision or "-")))
    if report.search_index_ok:
        lines.append((True, _("Search index: sound")))
    else:
        lines.append((False, _("Search index: DAMAGED. Searching does not work; the "
                               "signals themselves are not affected.")))
    if audit_unreadable:
        lines.append((False, _("Audit trail: could not be read (the file is damaged)")))
    elif report.audit_first_broken is not None:
        lines.append((False, _("Audit trail: BROKEN from entry {id} (entries were changed "
                               "or removed)").format(id=report.audit_first_broken)))
    else:
        lines.append((True, _("Audit trail: sound ({count} entries)").format(
            count=report.audit_entries)))
    if report.audit_shortened_from is not None:
        lines.append((False, _("Audit trail: entries were removed or replaced since the "
                               "vault was last closed (it then had {count} entries)").format(
                                   count=report.audit_shortened_from)))
    if report.audit_acknowledged:
        lines.append((True, _("Audit trail: earlier breaks acknowledged by the officer "
                              "(entries {ids})").format(
                                  ids=", ".join(map(str, report.audit_acknowledged)))))
    if not audit_unreadable:  # (the settings are read after the audit trail)
        if report.settings_damaged:
            lines.append((False, _("Settings: damaged values, the defaults are used "
                                   "instead ({names}). Open Settings, check them and save "
                                   "them again.").format(
                                       names=", ".join(report.settings_damaged))))
        else:
            lines.append((True, _("Settings: sound")))
    return lines


def advice_lines(report: Any) -> list[str]:
    """What to do (``CheckReport.remedies``), in the desktop's words (menu paths, no
    commands)."""
    from mensenhandel_desk.services.maintenance import (  # the heavy stack: loaded late
        REBUILD_IF_ONLY_INDEX,
        REBUILD_SEARCH_INDEX,
        REPORT_AUDIT_BREAK,
        RESTORE_BACKUP,
    )

    words = {
        REBUILD_SEARCH_INDEX: _("What to do: rebuild the search index below. The signals "
                                "themselves are intact."),
        RESTORE_BACKUP: _("What to do: restore the most recent backup (Vault > Restore a "
                          "backup…). Make a backup of this vault first if you still need "
                          "something from it."),
        REBUILD_IF_ONLY_INDEX: _("Rebuilding the search index below only helps when the "
                                 "search index is the only damage."),
        REPORT_AUDIT_BREAK: _("What to do: report the broken audit trail to the privacy "
                              "officer. It is reported at every check until you acknowledge "
                              "it below; the acknowledgement is recorded in the audit "
                              "trail."),
    }
    return [words[remedy] for remedy in report.remedies()]


class CheckDialog(ToolDialog):
    """Kluis → Kluis controleren…"""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None, *,
                 start: bool = True) -> None:
        super().__init__(ctx, parent, _("Check the vault"))
        self.report: Any = None
        self.read_only = False
        intro = QLabel(_("Checks every page of the vault file, its integrity and structure, "
                         "the search index, the audit trail and the stored settings. The "
                         "check only reads: nothing is changed."), self)
        intro.setWordWrap(True)
        self.progress = ProgressPanel(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.summary.font())
        bold.setBold(True)
        self.summary.setFont(bold)
        self.summary.setAccessibleName(_("Result of the check"))
        self.findings = QListWidget(self)
        self.findings.setAccessibleName(_("What the check found"))
        self.findings.setWordWrap(True)
        self.findings.setMinimumHeight(160)
        self.advice = QLabel(self)
        self.advice.setWordWrap(True)
        self.advice.setTextFormat(Qt.TextFormat.PlainText)
        self.advice.setAccessibleName(_("What to do"))
        self.message = error_label(self, _("Check message"))
        self.result = result_label(self, _("Repair result"))
        self.result.hide()

        # Repair: the search index
        self.repair_box = QGroupBox(_("Repair the search index"), self)
        repair = QVBoxLayout(self.repair_box)
        repair_text = QLabel(_("The vault is copied without its search index, the index is "
                               "rebuilt from the signals, the copy is checked and then "
                               "replaces the vault. This needs the vault's passphrase."),
                             self.repair_box)
        repair_text.setWordWrap(True)
        repair.addWidget(repair_text)
        form = QFormLayout()
        self.passphrase = QLineEdit(self.repair_box)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase of the vault"))
        self.passphrase.returnPressed.connect(self.repair_search_index)
        passphrase_label = QLabel(_("&Passphrase"), self.repair_box)
        passphrase_label.setBuddy(self.passphrase)
        form.addRow(passphrase_label, self.passphrase)
        repair.addLayout(form)
        self.passphrase_error = error_label(self.repair_box, _("Passphrase message"))
        repair.addWidget(self.passphrase_error)
        self.repair_button = named_button(self.repair_box, _("Rebuild the &search index"),
                                          _("Rebuild the damaged search index"),
                                          self.repair_search_index)
        repair.addLayout(button_row(None, self.repair_button))
        self.repair_box.hide()

        # Repair: acknowledge a broken audit trail
        self.audit_box = QGroupBox(_("Acknowledge the break in the audit trail"), self)
        audit = QVBoxLayout(self.audit_box)
        audit_text = QLabel(_("Acknowledge the break only after you have reported it. The "
                              "acknowledgement is recorded in the audit trail; later "
                              "checks list this break as acknowledged and report only new "
                              "ones. Nothing in the audit trail is repaired or removed."),
                            self.audit_box)
        audit_text.setWordWrap(True)
        audit.addWidget(audit_text)
        self.audit_confirm = QCheckBox(_("I have reported the break and &acknowledge it"),
                                       self.audit_box)
        self.audit_confirm.setAccessibleName(_("Confirm acknowledging the break in the "
                                               "audit trail"))
        self.audit_confirm.toggled.connect(self._audit_confirmed)
        audit.addWidget(self.audit_confirm)
        self.acknowledge_button = named_button(
            self.audit_box, _("Ac&knowledge the break in the audit trail"),
            _("Record that you acknowledge the break in the audit trail"),
            self.acknowledge_audit_break)
        self.acknowledge_button.setEnabled(False)
        audit.addLayout(button_row(None, self.acknowledge_button))
        self.audit_box.hide()

        self.check_button = named_button(self, _("Check &again"),
                                         _("Check the vault again"), self.start)
        self.close_button = self.make_close_button()
        buttons = button_row(self.check_button, None, self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.findings, 1)
        layout.addWidget(self.advice)
        layout.addWidget(self.message)
        layout.addWidget(self.result)
        layout.addWidget(self.repair_box)
        layout.addWidget(self.audit_box)
        layout.addLayout(buttons)
        self.resize(640, 600)
        if start:
            self.start()

    # --- the check ---------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        show_text(self.message, text)

    def _busy(self, busy: bool) -> None:
        for widget in (self.check_button, self.repair_button, self.acknowledge_button):
            widget.setEnabled(not busy)
        self.repair_button.setEnabled(not busy and not self.read_only)
        if not busy:
            self._audit_confirmed()

    def start(self) -> None:
        """Run the check on the worker (progress, Stop)."""
        if self.progress.running or not self.ctx.is_unlocked:
            return
        show_text(self.message, "")
        token = self.progress.start(_("Checking the vault"))
        self._busy(True)

        def work(services: Any, progress: Any, _task: Any) -> Any:
            from mensenhandel_desk.services import maintenance

            report = maintenance.check_vault(services, progress=progress, cancel=token)
            return report, bool(getattr(services, "read_only", False))

        self.run(work, self._checked, self._failed, self.progress.report)

    def _checked(self, outcome: tuple[Any, bool]) -> None:
        self.progress.finish()
        report, self.read_only = outcome
        self.report = report
        self.findings.clear()
        for sound, text in finding_lines(report):
            item = QListWidgetItem(text, self.findings)
            if not sound:
                item.setForeground(QBrush(QColor(DAMAGED_COLOUR)))
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
        self.summary.setText(_("The vault is sound.") if report.ok
                             else _("The vault is NOT sound."))
        self.summary.setStyleSheet(OK_STYLE if report.ok else ERROR_STYLE)
        advice = advice_lines(report)
        self.advice.setText("\n".join(advice))
        self.advice.setVisible(bool(advice))
        self.repair_box.setVisible(not report.search_index_ok)
        self.audit_box.setVisible(report.audit_first_broken is not None
                                  or report.audit_shortened_from is not None)
        if self.read_only:
            self.show_error(_("This vault is read-only: it can be checked, but not "
                              "repaired here. Copy it to a folder where you may write, or "
                              "ask for write access."))
        self._busy(False)

    def _failed(self, error: BaseException) -> None:
        self.progress.finish()
        self._busy(False)
        if isinstance(error, Cancelled):
            self.show_error(_("The check was stopped; nothing was changed."))
            return
        self.show_error(describe(error))

    # --- repairs -----------------------------------------------------------------------------
    def _audit_confirmed(self, *_args: Any) -> None:
        self.acknowledge_button.setEnabled(self.audit_confirm.isChecked()
                                           and not self.progress.running
                                           and not self.read_only)

    def repair_search_index(self) -> None:
        """Rebuild the search index with the typed passphrase (taken out of the field
        first), then check again."""
        if self.progress.running or not self.ctx.is_unlocked or self.read_only:
            return
        passphrase = self.passphrase.text()
        self.passphrase.clear()
        show_text(self.passphrase_error, "")
        if not passphrase:
            show_text(self.passphrase_error, _("Type the passphrase of the vault first."))
            self.passphrase.setFocus()
            return
        show_text(self.message, "")
        self.result.hide()
        self.progress.start(_("Rebuilding the search index"))
        self.progress.stop.setEnabled(False)  # the repair runs to its end or fails whole
        self._busy(True)

        def work(services: Any, progress: Any, _task: Any) -> int:
            from mensenhandel_desk.services import maintenance

            return maintenance.rebuild_search_index(services, passphrase, progress=progress)

        self.run(work, self._repaired, self._repair_failed, self.progress.report)

    def _repaired(self, count: int) -> None:
        self.progress.finish()
        self._busy(False)
        self._say_done(_("Search index rebuilt ({count} signals). Searching works "
                         "again.").format(count=count))
        self.start()

    def _repair_failed(self, error: BaseException) -> None:
        self.progress.finish()
        self._busy(False)
        if isinstance(error, WrongPassphrase):
            show_text(self.passphrase_error, _("Wrong passphrase: the search index was not "
                                               "rebuilt. Nothing has been changed."))
            self.passphrase.setFocus()
            return
        if getattr(error, "code", "") == "vault_corrupt":
            self.show_error(_("The damage is not only in the search index, so it was not "
                              "rebuilt; the vault is unchanged. Restore the most recent "
                              "backup (Vault > Restore a backup…)."))
            return
        self.show_error(describe(error))

    def acknowledge_audit_break(self) -> None:
        """Record the acknowledgement of the reported break(s), then check again."""
        if (self.progress.running or not self.ctx.is_unlocked or self.report is None
                or not self.audit_confirm.isChecked()):
            return
        report = self.report
        show_text(self.message, "")
        self.result.hide()
        self._busy(True)
        self.progress.start(_("Recording the acknowledgement"))

        def work(services: Any) -> bool:
            from mensenhandel_desk.services import maintenance

            return maintenance.acknowledge_audit_break(services, report)

        self.run(work, self._acknowledged, self._acknowledge_failed)

    def _acknowledged(self, done: bool) -> None:
        self.progress.finish()
        self.audit_confirm.setChecked(False)
        self._busy(False)
        self._say_done(_("The break in the audit trail is acknowledged; that is recorded "
                         "in the audit trail.") if done else
                       _("There was no new break to acknowledge."))
        self.start()

    def _acknowledge_failed(self, error: BaseException) -> None:
        self.progress.finish()
        self._busy(False)
        self.show_error(describe(error))

    def _say_done(self, text: str) -> None:
        self.result.setText(text)
        self.result.setVisible(bool(text))

    def drop_data(self) -> None:
        self.report = None
        self.passphrase.clear()
        self.findings.clear()
        self.summary.clear()
        self.advice.clear()
        self.result.clear()
