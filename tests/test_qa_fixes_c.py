"""QA fixes (helper fix-C): the wheel leaves unfocused fields alone on a real screen,
unlock returns to the screen that was shown, lifting a legal hold asks first,
partner contacts are validated, the monitoring report has an in-app preview, the party
form's mnemonics are unique, the first window fits its screen and the sidebar returns
to the current section when leaving is cancelled."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.ui.widgets import wheel_guard


@pytest.fixture
def guarded(qtbot):
    app = QApplication.instance()
    guard = wheel_guard.install(app)
    yield guard
    app.removeEventFilter(guard)
    wheel_guard._guard.clear()


def test_a_real_wheel_over_an_unfocused_field_scrolls_the_page(qtbot, guarded) -> None:
    scroll = QScrollArea()
    qtbot.addWidget(scroll)
    page = QWidget()
    layout = QVBoxLayout(page)
    other = QLineEdit(page)
    partner = QComboBox(page)
    partner.addItems(["Zorgcoördinator", "Politie", "NLA"])
    day = QDateEdit(QDate(2026, 11, 24), page)
    count = QSpinBox(page)
    for widget in (other, partner, day, count):
        layout.addWidget(widget)
    layout.addSpacing(2000)  # a long form
    scroll.setWidget(page)
    scroll.resize(300, 200)
    scroll.show()
    qtbot.waitExposed(scroll)
    # Qt would give a WheelFocus field the focus before any filter sees the wheel
    for field in (partner, day, count):
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    bar = scroll.verticalScrollBar()
    window = scroll.windowHandle()
    # a spontaneous wheel event, delivered like one from the screen
    at = QPointF(partner.mapTo(scroll, partner.rect().center()))
    QTest.wheelEvent(window, at, QPoint(0, -120))
    QApplication.processEvents()
    assert partner.currentIndex() == 0 and not partner.hasFocus()
    assert bar.value() > 0  # the page scrolled instead
    # clicked into, the field still takes the wheel
    QTest.mouseClick(count, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(count.hasFocus)
    count.setValue(5)
    QTest.wheelEvent(window, QPointF(count.mapTo(scroll, count.rect().center())),
                     QPoint(0, 120))
    QApplication.processEvents()
    assert count.value() == 6
