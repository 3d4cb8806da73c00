"""The one place the app asks for a file: every save and open dialog goes through here.

- The platform's own dialog where there is one (Windows, macOS, a desktop portal on
  Linux): Qt uses it unless told not to, and nothing here tells it not to.
- Qt's own dialog (no native one) speaks Dutch through ``ui.translations``.
- It starts in the officer's Documents folder (``QStandardPaths.DocumentsLocation``,
  else the home folder), never in the program's folder: a relative or empty start would
  be the working directory, which is where the program was started from.

GUI thread only. Each function returns a ``Path`` (or a list) or ``None`` when cancelled;
screens wrap them in their own static methods so tests can patch them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def documents_folder() -> str:
    """The officer's Documents folder (the home folder when there is none)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def start_in(start: str | Path | None = None, name: str = "") -> str:
    """Where a dialog opens: ``start`` when it is an absolute path (a folder, or a file
    whose folder exists), else the Documents folder; ``name`` is the suggested file name."""
    folder = Path(documents_folder())
    if start:
        given = Path(start)
        if given.is_absolute():
            if given.is_dir():
                folder = given
            elif given.parent.is_dir():
                return str(given if not name else given.parent / name)
    return str(folder / name) if name else str(folder)


def _with_suffix(name: str, chosen_filter: str) -> Path:
    """The suffix of the chosen filter ("PDF (*.pdf)") when the officer typed none."""
    path = Path(name)
    if not path.suffix and "*." in chosen_filter:
        suffix = chosen_filter.split("*.")[1].split(")")[0].split()[0].split(";")[0]
        if suffix and suffix != "*":
            path = path.with_name(path.name + "." + suffix)
    return path


def ask_save_file(parent: QWidget | None, caption: str, suggested: str = "",
                  filters: str = "", start: str | Path | None = None) -> Path | None:
    name, chosen = QFileDialog.getSaveFileName(parent, caption, start_in(start, suggested),
                                               filters)
    return _with_suffix(name, chosen) if name else None


def ask_open_file(parent: QWidget | None, caption: str, filters: str = "",
                  start: str | Path | None = None) -> Path | None:
    name, _chosen = QFileDialog.getOpenFileName(parent, caption, start_in(start), filters)
    return Path(name) if name else None


def ask_open_files(parent: QWidget | None, caption: str, filters: str = "",
                   start: str | Path | None = None) -> list[Path]:
    names, _chosen = QFileDialog.getOpenFileNames(parent, caption, start_in(start), filters)
    return [Path(n) for n in names]
