"""Backup now, and restore a backup (the CLI's ``backup`` and ``restore``).

Backup: an encrypted snapshot (``services.backup.backup_to``) at a file the officer
chooses, keyed with the vault's passphrase or a separate backup passphrase; progress and
Stop on the worker (a stopped backup leaves no file).

Restore follows the CLI: the backup is opened and checked first (``inspect_backup``:
passphrase, integrity, schema, audit chain), what it holds is shown, the officer
confirms. Then the desk locks (screens emptied, the vault closed on the worker after the
automatic backup-if-changed), ``backup.restore`` replaces the vault on the worker (a
safety copy of the current vault next to it first), and the unlock screen says the vault
now opens with the backup's passphrase. ``RestoreRunner`` lives on the main window, so
the restore finishes and reports even though the lock closed the dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.tools.common import (
    ProgressPanel,
    ToolDialog,
    ask_open_file,
    ask_save_file,
    button_row,
    column,
    error_label,
    result_label,
    show_text,
)
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.worker import describe

BACKUP_FILTER = "*.mhdbak"


def _password(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def _file_row(parent: QWidget, edit: QLineEdit, button: Any) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{size} MB").format(size=f"{size / (1024 * 1024):.1f}".replace(".", ","))
    return _("{size} kB").format(size=max(1, round(size / 1024)))


class BackupDialog(ToolDialog):
    """Kluis → Back-up maken…"""

    backed_up = Signal(object)  # BackupResult

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, _("Backup now"))
        intro = QLabel(_("The backup is encrypted like the vault. Keep it on a drive only "
                         "you and your organisation can reach."), self)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.target = QLineEdit(self)
        self.target.setAccessibleName(_("Backup file"))
        self.browse = named_button(self, _("C&hoose…"), _("Choose where the backup goes"),
                                   self.choose)
        target_label = QLabel(_("&File"), self)
        target_label.setBuddy(self.target)
        form.addRow(target_label, _file_row(self, self.target, self.browse))
        self.separate = QCheckBox(_("Use a &separate backup passphrase"), self)
        self.separate.setAccessibleName(_("Use a separate backup passphrase"))
        self.separate.setToolTip(_("Without it the backup opens with the vault's current "
                                   "passphrase."))
        form.addRow("", self.separate)
        self.secret = _password(self, _("Backup passphrase"))
        self.repeat = _password(self, _("Repeat backup passphrase"))
        self.secret_label = QLabel(_("Backup &passphrase"), self)
        self.secret_label.setBuddy(self.secret)
        self.repeat_label = QLabel(_("&Repeat"), self)
        self.repeat_label.setBuddy(self.repeat)
        form.addRow(self.secret_label, self.secret)
        form.addRow(self.repeat_label, self.repeat)
        self.separate.toggled.connect(self._separate_toggled)
        self._separate_toggled(False)
        self.message = error_label(self, _("Backup message"))
        self.result = result_label(self, _("Backup result"))
        self.progress = ProgressPanel(self)
        self.start_button = named_button(self, _("&Make backup"), _("Make the backup now"),
                                         self.start)
        self.start_button.setDefault(True)
        self.close_button = self.make_close_button()
        column(self, intro, form, self.message, self.progress, self.result, None,
               button_row(None, self.start_button, self.close_button))
        self.resize(560, 320)
        self.target.setText(str(Path(self.suggested_folder()) / self.suggested_name()))

    @staticmethod
    def suggested_name() -> str:
        return _("backup-{date}.mhdbak").format(date=Clock().today().strftime("%Y%m%d"))

    @staticmethod
    def suggested_folder() -> str:
        from mensenhandel_desk.ui.tools.common import documents_folder

        return documents_folder()

    @staticmethod
    def ask_file(parent: QWidget, suggested: str) -> Path | None:
        return ask_save_file(parent, _("Save the backup as"), suggested,
                             _("Backups ({patterns})").format(patterns=BACKUP_FILTER))

    def choose(self) -> None:
        path = self.ask_file(self, Path(self.target.text()).name or self.suggested_name())
        if path is not None:
            if not path.suffix:
                path = path.with_suffix(".mhdbak")
            self.target.setText(str(path))

    def _separate_toggled(self, on: bool) -> None:
        for widget in (self.secret, self.repeat, self.secret_label, self.repeat_label):
            widget.setEnabled(on)
        if not on:
            self.secret.clear()
            self.repeat.clear()

    def show_error(self, text: str) -> None:
        show_text(self.message, text)

    def start(self) -> None:
        if self.progress.running or not self.ctx.is_unlocked:
            return
        show_text(self.message, "")
        self.result.clear()
        text = self.target.text().strip()
        if not text:
            self.show_error(_("Choose a file for the backup first."))
            return
        out = Path(text).expanduser()
        secret: str | None = None
        if self.separate.isChecked():
            if self.secret.text() != self.repeat.text():
                self.show_error(_("The passphrases are not the same."))
                return
            secret = self.secret.text()
        self.secret.clear()
        self.repeat.clear()
        token = self.progress.start(_("Writing the encrypted backup"))
        self.start_button.setEnabled(False)

        def work(services: Any, progress: Any, _task: Any) -> Any:
            from mensenhandel_desk.services import backup

            return backup.backup_to(services, out, secret, progress=progress, cancel=token)

        self.run(work, self._done, self._failed, self.progress.report)

    def _done(self, result: Any) -> None:
        self.progress.finish()
        self.start_button.setEnabled(True)
        self.result.setText(_("Backup written: {path} ({size}).").format(
            path=str(result.path), size=size_text(result.size)))
        self.backed_up.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.progress.finish()
        self.start_button.setEnabled(True)
        self.show_error(describe(error))


class RestoreDialog(ToolDialog):
    """Kluis → Back-up terugzetten…: choose, check, confirm; the restore itself runs in
    ``RestoreRunner`` after the lock."""

    checked = Signal(object)  # BackupInfo

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, _("Restore a backup"))
        self._window = parent
        intro = QLabel(_("Restoring replaces the whole vault with the backup. A safety copy "
                         "of the current vault is made next to it first. Afterwards the "
                         "vault opens with the passphrase the backup was made with."), self)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.source = QLineEdit(self)
        self.source.setAccessibleName(_("Backup file"))
        self.browse = named_button(self, _("C&hoose…"), _("Choose the backup file"),
                                   self.choose)
        source_label = QLabel(_("&Backup"), self)
        source_label.setBuddy(self.source)
        form.addRow(source_label, _file_row(self, self.source, self.browse))
        self.secret = _password(self, _("Passphrase of the backup"))
        self.secret.setToolTip(_("The vault's passphrase when the backup was made, or the "
                                 "separate backup passphrase."))
        secret_label = QLabel(_("&Passphrase of the backup"), self)
        secret_label.setBuddy(self.secret)
        form.addRow(secret_label, self.secret)
        self.check_button = named_button(self, _("Chec&k backup"),
                                         _("Open and check the backup; nothing changes yet"),
                                         self.check)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setAccessibleName(_("What the backup holds"))
        self.confirm = QCheckBox(_("I understand the current vault will be &replaced"), self)
        self.confirm.setAccessibleName(_("Confirm replacing the current vault"))
        self.confirm.setEnabled(False)
        self.accept_broken = QCheckBox(_("I accept that the audit trail of this backup does "
                                         "&not verify"), self)
        self.accept_broken.setAccessibleName(_("Accept the backup's broken audit trail"))
        self.accept_broken.hide()
        self.message = error_label(self, _("Restore message"))
        self.progress = ProgressPanel(self, can_stop=True)
        self.restore_button = named_button(self, _("&Restore"),
                                           _("Replace the vault with this backup"),
                                           self.restore)
        self.restore_button.setEnabled(False)
        self.confirm.toggled.connect(self._confirmations)
        self.accept_broken.toggled.connect(self._confirmations)
        self.close_button = self.make_close_button()
        for edit in (self.source, self.secret):
            edit.textEdited.connect(self._changed)
        column(self, intro, form, self.progress, self.info, self.confirm, self.accept_broken,
               self.message, None,
               button_row(self.check_button, None, self.restore_button, self.close_button))
        self.resize(600, 360)
        self._checked: tuple[Path, str] | None = None
        self._audit_ok = True

    def _confirmations(self, *_args: Any) -> None:
        """Restore only when confirmed, and a broken audit trail separately accepted (as
        the CLI's ``--accept-broken-audit``)."""
        self.restore_button.setEnabled(self._checked is not None and self.confirm.isChecked()
                                       and (self._audit_ok or self.accept_broken.isChecked()))

    @staticmethod
    def ask_file(parent: QWidget) -> Path | None:
        return ask_open_file(parent, _("Choose the backup"),
                             _("Backups ({patterns})").format(patterns=BACKUP_FILTER))

    def choose(self) -> None:
        path = self.ask_file(self)
        if path is not None:
            self.source.setText(str(path))
            self._changed()

    def show_error(self, text: str) -> None:
        show_text(self.message, text)

    def _changed(self, *_args: Any) -> None:
        """Another file or passphrase: the earlier check no longer counts."""
        self._checked = None
        self._audit_ok = True
        self.info.clear()
        self.confirm.setChecked(False)
        self.confirm.setEnabled(False)
        self.accept_broken.setChecked(False)
        self.accept_broken.hide()
        show_text(self.message, "")

    def check(self) -> None:
        if self.progress.running or not self.ctx.is_unlocked:
            return
        self._changed()
        text = self.source.text().strip()
        if not text or not self.secret.text():
            self.show_error(_("Choose the backup file and type its passphrase first."))
            return
        path, secret = Path(text).expanduser(), self.secret.text()
        vault_path = self.ctx.vault_path
        self.progress.start(_("Checking the backup"))
        self.check_button.setEnabled(False)

        def work(_services: Any) -> Any:
            from mensenhandel_desk.services import backup

            return backup.inspect_backup(path, secret, vault_path)

        self.run(work, lambda info: self._checked_ok(info, path, secret), self._failed)

    def _checked_ok(self, info: Any, path: Path, secret: str) -> None:
        self.progress.finish()
        self.check_button.setEnabled(True)
        self._checked = (path, secret)
        when = (info.last_activity.strftime("%d-%m-%Y %H:%M") if info.last_activity
                else "-")
        lines = [_("The backup is sound: {signals} signals, last activity {when}.").format(
            signals=info.signals, when=when)]
        if info.migrated:
            lines.append(_("It was made by an older version and will be brought up to date."))
        if not info.audit_ok:
            lines.append(_("Warning: the audit trail in the backup does not verify."))
        self._audit_ok = bool(info.audit_ok)
        self.accept_broken.setVisible(not info.audit_ok)
        self.info.setText("\n".join(lines))
        self.confirm.setEnabled(True)
        self.checked.emit(info)

    def _failed(self, error: BaseException) -> None:
        self.progress.finish()
        self.check_button.setEnabled(True)
        self.show_error(describe(error))

    def restore(self) -> None:
        if self._checked is None or not self.confirm.isChecked():
            return
        accept_broken = not self._audit_ok
        if accept_broken and not self.accept_broken.isChecked():
            return
        path, secret = self._checked
        self._checked = None
        self.secret.clear()
        runner = restore_runner(self.ctx, self._window)
        self.done(1)
        runner.start(path, secret, accept_broken_audit=accept_broken)


def restore_runner(ctx: DeskContext, window: QWidget | None) -> RestoreRunner:
    """The window's one ``RestoreRunner`` (made on first use)."""
    runner = getattr(window, "_restore_runner", None) if window is not None else None
    if runner is None:
        runner = RestoreRunner(ctx, window)
        if window is not None:
            window._restore_runner = runner  # type: ignore[attr-defined]
    return runner


class RestoreRunner(QObject):
    """Locks the desk, restores on the worker, reports on the unlock screen.

    ``finished(ok, text)``: the restore ended; ``text`` is what the unlock screen shows.
    """

    finished = Signal(bool, str)

    def __init__(self, ctx: DeskContext, window: QWidget | None = None) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.running = False

    def _unlock_screen(self) -> Any:
        return getattr(self.window, "unlock_widget", None)

    def start(self, backup_path: Path, secret: str, *,
              accept_broken_audit: bool = False) -> None:
        if self.running:
            return
        self.running = True
        locker = getattr(self.window, "locker", None)
        if locker is not None:
            locker.lock("restore")
        else:
            self.ctx.lock("restore")
        screen = self._unlock_screen()
        if screen is not None:
            screen.set_busy(True, _("Restoring the backup…"))
        vault_path = self.ctx.vault_path

        def work(progress: Any, _task: Any) -> Any:
            from mensenhandel_desk.services import backup

            return backup.restore(backup_path, vault_path, secret, confirm=True,
                                  accept_broken_audit=accept_broken_audit,
                                  progress=progress)

        # The lock's own work (close, backup-if-changed) is queued first on the one worker.
        self.ctx.worker.submit(work, on_success=self._done, on_failure=self._failed,
                               on_progress=self._progress)

    def _progress(self, done: int, total: int, label: str) -> None:
        screen = self._unlock_screen()
        if screen is not None and total:
            screen.set_busy(True, _("{label} {percent}%").format(
                label=label, percent=done * 100 // total))

    def _done(self, result: Any) -> None:
        self.running = False
        text = _("The backup has been restored. The vault now opens with the passphrase "
                 "of the backup.")
        if result.safety_copy is not None:
            text += " " + _("The previous vault was kept as {name}.").format(
                name=Path(result.safety_copy).name)
        self._report(True, text)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        text = describe(error)
        if isinstance(error, DomainError):
            text += " " + _("The vault was not replaced; it opens with its own passphrase.")
        self._report(False, text)

    def _report(self, ok: bool, text: str) -> None:
        screen = self._unlock_screen()
        if screen is not None:
            screen.set_busy(False)
            screen.show_notice(text)
        self.ctx.message.emit(text)
        self.finished.emit(ok, text)
