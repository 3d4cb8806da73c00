"""The mouse wheel scrolls the page, it does not change a field the officer is not in.

A wheel turned over a combo box, spin box or date field that does not have the keyboard
focus would silently change its value while the officer scrolls a long form (a
handover's partner changed without anyone noticing). ``WheelGuard``, installed on the
application (ui/app.py), passes such a wheel event to the scroll area around the
field instead, and drops it when there is none. A field that has the focus (the
officer clicked or tabbed into it) still reacts to the wheel.

Qt gives a field with ``Qt.WheelFocus`` (the default of combo and spin boxes) the focus
on a real wheel event *before* any event filter sees it, so the guard also lowers the
focus policy of every guarded field to ``Qt.StrongFocus`` (click or Tab) when the field
is polished, just before it is first shown.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox)  # QDateEdit is a QAbstractSpinBox


def _has_focus(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return widget.hasFocus() or (focus is not None and widget.isAncestorOf(focus))


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def strong_focus(widget: QWidget) -> None:
    """No focus from the wheel for a guarded field (click or Tab still focus it)."""
    if isinstance(widget, GUARDED) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if not isinstance(watched, GUARDED):
            return False
        if event.type() == QEvent.Type.Polish:
            strong_focus(watched)
            return False
        if event.type() != QEvent.Type.Wheel:
            return False
        if _has_focus(watched):
            return False
        area = _scroll_area(watched)
        if area is not None:
            QCoreApplication.sendEvent(area.viewport(), event)
        return True  # never to the field itself


_guard: list[WheelGuard] = []


def install(app: QCoreApplication) -> WheelGuard:
    """Install the guard on ``app`` once (returned, so a test can remove it)."""
    if not _guard:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
        _guard.append(guard)
        for widget in QApplication.allWidgets():  # made before the guard
            strong_focus(widget)
    return _guard[0]
