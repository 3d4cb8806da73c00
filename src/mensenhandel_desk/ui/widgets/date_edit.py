"""A date field that takes a whole typed date in one go (dd-mm-jjjj).

``QDateEdit`` edits section by section: after two digits of the day it jumps to the month
by itself, so the "-" the officer types next skips the month as well ("14-10-2026" ends up
as 14-11-…), and with everything selected (Ctrl+A) the first digit is refused. A maximum
date makes it worse: while the month still reads 12, the day 14 of a later month is
"after the maximum" and refused mid-typing. ``TypedDateEdit``:

- a separator typed right after such an automatic jump is swallowed (it only confirms the
  jump); "/", "." and a space count as "-";
- typing a digit while the whole text is selected starts again at the day;
- callers set no maximum: a date in the future is checked when the field is left or the
  form is saved, and shown next to the field (``GeneralForm``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

SEPARATORS = frozenset({Qt.Key.Key_Minus, Qt.Key.Key_Slash, Qt.Key.Key_Period,
                        Qt.Key.Key_Space})


class TypedDateEdit(QDateEdit):
    """``QDateEdit`` in dd-MM-yyyy that accepts "14-10-2026", "14102026" and "1/2/2024"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd-MM-yyyy")
        self._jumped = False  # the last digit completed a section: Qt moved on by itself

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                          | Qt.KeyboardModifier.AltModifier
                                          | Qt.KeyboardModifier.MetaModifier))
        if plain and event.text().isdigit():
            edit = self.lineEdit()
            if edit.hasSelectedText() and edit.selectedText() == edit.text():
                self.setSelectedSection(QDateTimeEdit.Section.DaySection)
            before = self.currentSection()
            super().keyPressEvent(event)
            self._jumped = self.currentSection() != before
            return
        if plain and key in SEPARATORS:
            if self._jumped:
                self._jumped = False
                return
            if key != Qt.Key.Key_Minus:
                event = QKeyEvent(event.type(), Qt.Key.Key_Minus, event.modifiers(), "-")
        self._jumped = False
        super().keyPressEvent(event)
