"""The file dialogs the start screens use, in one place so tests can patch them.

Each returns a ``Path`` or ``None`` (cancelled). GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from mensenhandel_desk.i18n import _

VAULT_SUFFIX = ".mhd"


def _filter() -> str:
    return _("Vault files (*.mhd);;All files (*)")


def ask_open_vault(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """Ask for an existing vault file."""
    name, _selected = QFileDialog.getOpenFileName(
        parent, _("Open a vault"), str(start.parent if start else ""), _filter())
    return Path(name) if name else None


def ask_new_vault(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """Ask where a new vault file goes (``.mhd`` added when no suffix was typed)."""
    name, _selected = QFileDialog.getSaveFileName(
        parent, _("Where should the new vault go?"), str(start or ""), _filter())
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(VAULT_SUFFIX)
