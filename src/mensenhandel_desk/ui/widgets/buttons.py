"""A push button that says what it does to a screen reader (EN 301 549): its accessible
name doubles as the tooltip, and the slot is called without Qt's ``checked`` argument."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QPushButton, QWidget


def named_button(parent: QWidget, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(name)
    button.setToolTip(name)
    button.clicked.connect(lambda _checked=False: slot())
    return button
