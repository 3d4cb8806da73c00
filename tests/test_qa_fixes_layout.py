"""QA fixes 9 and 10 (helper fix-A): the window fits a small laptop screen (every page
at 1024×700), the print preview fits its screen, and the mouse wheel scrolls a page
instead of changing a combo box or date field that does not have the focus."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.main_window import SECTIONS, MainWindow
from mensenhandel_desk.ui.worker import Worker

LAPTOP = (1024, 700)


@pytest.fixture
def window(qtbot, tmp_path: Path):
    ctx = DeskContext(Worker(), tmp_path / "kluis.mhd")
    made = MainWindow(ctx, QLabel("vergrendeld"))
    qtbot.addWidget(made)
    made.faces.setCurrentWidget(made.workspace)
    yield made
    ctx.worker.shutdown()


def test_every_page_fits_a_1024_by_700_window(qtbot, window) -> None:
    for number, (key, *_rest) in enumerate(SECTIONS):
        window.pages.setCurrentIndex(number)
        hint = window.minimumSizeHint()
        assert hint.width() <= LAPTOP[0] and hint.height() <= LAPTOP[1], (key, hint)
        assert window.pages.currentWidget() is window.section_widgets[key]
    window.show()
    window.resize(*LAPTOP)
    qtbot.waitUntil(lambda: window.size().toTuple() == LAPTOP)
    keys = [key for key, *_r in SECTIONS]
    # the tallest page (Overleggen) scrolls inside the window instead of growing it
    window.pages.setCurrentIndex(keys.index("meetings"))  # (locked: no sidebar switch)
    tall = window.meetings.parentWidget().parentWidget()
    qtbot.waitUntil(lambda: tall.isVisible() and tall.viewport().height() < LAPTOP[1])
    assert tall.verticalScrollBar().maximum() > 0  # scrolls; the window stays 700 high
    # the widest (Monitoring) fits the width: no sideways scrolling
    window.pages.setCurrentIndex(keys.index("monitoring"))
    holder = window.monitoring.parentWidget().parentWidget()  # viewport, scroll area
    qtbot.waitUntil(lambda: window.monitoring.width() <= holder.viewport().width())
    assert holder.horizontalScrollBar().maximum() == 0


def test_the_print_preview_fits_the_screen(qtbot, tmp_path) -> None:
    from mensenhandel_desk.ui.printing.dialog import PreviewDialog
    from mensenhandel_desk.ui.printing.request import DocumentRequest

    ctx = DeskContext(Worker(), tmp_path / "kluis.mhd")
    try:
        dialog = PreviewDialog(ctx, None, DocumentRequest("Voorbeeld", lambda s, p: None))
        qtbot.addWidget(dialog)
        free = dialog.screen().availableGeometry()
        assert dialog.width() <= free.width() and dialog.height() <= free.height()
    finally:
        ctx.worker.shutdown()


def _wheel(widget: QWidget, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_page_not_an_unfocused_combo_or_date(qtbot, guarded) -> None:
    scroll = QScrollArea()
    qtbot.addWidget(scroll)
    page = QWidget()
    layout = QVBoxLayout(page)
    other = QLineEdit(page)
    partner = QComboBox(page)
    partner.addItems(["Zorgcoördinator", "Politie", "NLA"])
    day = QDateEdit(QDate(2026, 11, 24), page)
    layout.addWidget(other)
    layout.addWidget(partner)
    layout.addWidget(day)
    layout.addSpacing(2000)  # a long form
    scroll.setWidget(page)
    scroll.resize(300, 200)
    scroll.show()
    qtbot.waitExposed(scroll)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    bar = scroll.verticalScrollBar()
    assert bar.value() == 0
    _wheel(partner)
    _wheel(day)
    assert partner.currentIndex() == 0 and day.date() == QDate(2026, 11, 24)
    assert bar.value() > 0  # the page scrolled instead
    partner.setFocus()
    qtbot.waitUntil(partner.hasFocus)
    _wheel(partner)
    assert partner.currentIndex() == 1  # in the field: the wheel still works there
