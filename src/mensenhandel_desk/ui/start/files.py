"""The file dialogs the start screens use, in one place so tests can patch them.

Each returns a ``Path`` or ``None`` (cancelled). GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.widgets import file_dialogs

VAULT_SUFFIX = ".mhd"


def _filter() -> str:
    return _("Vault files (*.mhd);;All files (*)")


def ask_open_vault(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """Ask for an existing vault file."""
    return file_dialogs.ask_open_file(parent, _("Open a vault"), _filter(),
                                      start.parent if start else None)


def ask_new_vault(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """Ask where a new vault file goes (``.mhd`` added when no suffix was typed)."""
    path = file_dialogs.ask_save_file(parent, _("Where should the new vault go?"),
                                      start=start, filters=_filter())
    if path is None:
        return None
    return path if path.suffix else path.with_suffix(VAULT_SUFFIX)
