"""Window sizes that fit the screen the window is on (a 1366×768 laptop included)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint
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


# A window manager's frame before the window is shown (title bar and borders); the real
# one replaces it once the window is on screen.
FRAME_GUESS = QMargins(8, 34, 8, 8)


def _frame(widget: QWidget) -> QMargins:
    if widget.isVisible():
        outer, inner = widget.frameGeometry(), widget.geometry()
        if outer != inner:
            return QMargins(inner.left() - outer.left(), inner.top() - outer.top(),
                            outer.right() - inner.right(), outer.bottom() - inner.bottom())
    return FRAME_GUESS


def place_in_screen(widget: QWidget, width: int, height: int,
                    frame: QMargins | None = None) -> None:
    """Size a top-level window to ``width``×``height`` at most and centre it so that it
    lies, frame included, inside the available part of its screen (no title bar above
    and no edge below the screen or under the task bar)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    free = screen.availableGeometry()
    frame = frame if frame is not None else _frame(widget)
    extra_w, extra_h = frame.left() + frame.right(), frame.top() + frame.bottom()
    minimum = widget.minimumSize()
    width = max(min(width, free.width() - extra_w), min(minimum.width(), free.width()))
    height = max(min(height, free.height() - extra_h), min(minimum.height(), free.height()))
    widget.resize(width, height)
    x = free.x() + max(0, (free.width() - width - extra_w) // 2)
    y = free.y() + max(0, (free.height() - height - extra_h) // 2)
    widget.move(QPoint(x, y))  # a window's position is its frame's top-left


def keep_in_screen(widget: QWidget) -> None:
    """Once shown (the real frame known): pull the window back inside its screen."""
    screen = widget.screen()
    if screen is None or not widget.isVisible() or widget.isMaximized():
        return
    if not screen.availableGeometry().contains(widget.frameGeometry()):
        place_in_screen(widget, widget.width(), widget.height())
