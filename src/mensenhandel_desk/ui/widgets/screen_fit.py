"""Window sizes that fit the screen the window is on (a 1366×768 laptop included)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN = 0.95  # leave room for the window frame and the task bar


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, but never larger than the available part of its
    screen (``screen().availableGeometry()``, less a margin for the frame)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width = min(width, int(free.width() * MARGIN))
        height = min(height, int(free.height() * MARGIN))
    widget.resize(max(1, width), max(1, height))
