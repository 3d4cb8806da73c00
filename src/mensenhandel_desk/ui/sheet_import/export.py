"""Signaal → "Register exporteren naar Excel…": the register as filtered on screen, to an
``.xlsx`` file for the officer's own use.

First a message that the file is not encrypted (the engine's ``register_export.WARNING``
through ``_()``), then a save dialog, then ``register_export.to_xlsx`` on the worker
(never the reporter; written atomically; audited). Both dialogs are static methods the
tests patch. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.worker import describe


class RegisterExport:
    """One export: ``RegisterExport(ctx, parent).start(flt, on_message)``."""

    def __init__(self, ctx: DeskContext, parent: QWidget) -> None:
        self.ctx = ctx
        self.parent = parent

    # --- dialogs (patched in tests) ----------------------------------------------------------
    @staticmethod
    def confirm_unencrypted(parent: QWidget, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Export the register to Excel"), text,
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                          parent)
        box.setAccessibleName(_("Export the register to Excel"))
        box.button(QMessageBox.StandardButton.Ok).setText(_("&Continue"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Ok

    @staticmethod
    def ask_save_file(parent: QWidget, suggested: str) -> Path | None:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        if not folder or not Path(folder).is_dir():
            folder = QDir.homePath()
        name, _chosen = QFileDialog.getSaveFileName(
            parent, _("Save the register — the file is NOT encrypted"),
            str(Path(folder) / suggested), _("Excel workbook (*.xlsx)"))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    # --- flow --------------------------------------------------------------------------------
    @staticmethod
    def warning_text() -> str:
        from mensenhandel_desk.services.sheets import export as register_export

        return _(register_export.WARNING)

    def start(self, flt: Any, on_message: Callable[[str], None],
              on_done: Callable[[Any], None] | None = None, *, sort: str | None = None,
              descending: bool | None = None) -> bool:
        """Warn, ask where, write on the worker; ``on_message`` gets the status line.
        ``sort``/``descending``: the register's current order (default: newest first, as
        the register opens). Returns ``False`` when the officer stopped at a dialog (or
        the vault locked)."""
        order = {"sort": sort or "received_on",
                 "descending": True if descending is None else descending}
        if not self.ctx.is_unlocked:
            return False
        if not self.confirm_unencrypted(self.parent, self.warning_text()):
            return False
        suggested = _("register_{date}.xlsx").format(date=Clock().today().isoformat())
        path = self.ask_save_file(self.parent, suggested)
        if path is None or not self.ctx.is_unlocked:  # a lock while the dialog was open
            return False

        def work(services: Any) -> Any:
            from mensenhandel_desk.services.sheets import export as register_export

            return register_export.to_xlsx(services, flt, path, overwrite=True, **order)

        def done(export: Any) -> None:
            rows = int(export.rows)
            text = (_("Register exported: 1 signal to {file}. The file is not encrypted.")
                    if rows == 1 else
                    _("Register exported: {count} signals to {file}. The file is not "
                      "encrypted.")).format(count=fmt.number(rows), file=Path(export.path).name)
            on_message(text)
            if on_done is not None:
                on_done(export)

        def failed(error: BaseException) -> None:
            on_message(_("The register was not exported: {reason}").format(
                reason=describe(error)))

        on_message(_("Exporting the register…"))
        self.ctx.run(work, on_success=done, on_failure=failed)
        return True
