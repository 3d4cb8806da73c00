"""Inactivity timer and idle warning (ui/lock/idle.py): offscreen, no sleeps, no timings."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QAccessible, QKeyEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from mensenhandel_desk.ui.lock.idle import IdleWarning, InactivityTimer, effective_warning_ms


def _key(key: Qt.Key = Qt.Key.Key_Shift) -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier)


def _name(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_expires_without_input_and_warns_first(qtbot) -> None:
    timer = InactivityTimer(300)
    seen: list[tuple] = []
    timer.warn.connect(lambda n: seen.append(("warn", n)))
    timer.expired.connect(lambda: seen.append(("expired",)))
    with qtbot.waitSignal(timer.expired, timeout=10_000):
        timer.start()
    assert seen[0] == ("warn", 1)  # 150 ms left, shown as "1 second"
    assert seen[-1] == ("expired",)
    assert seen.count(("expired",)) == 1
    assert not timer.active  # once per start(); the controller restarts it on unlock


def test_a_key_press_posted_to_the_app_extends_it(qtbot) -> None:
    edit = QLineEdit()
    edit.setAccessibleName("Zoeken")
    qtbot.addWidget(edit)
    edit.show()
    timer = InactivityTimer(4_000, warning_ms=2_000)
    expired: list[bool] = []
    timer.expired.connect(lambda: expired.append(True))
    with qtbot.waitSignal(timer.warn, timeout=10_000):
        timer.start()
    assert timer.warning
    with qtbot.waitSignal(timer.extended, timeout=10_000):
        QApplication.postEvent(edit, _key())
    assert not expired
    assert timer.active and not timer.warning
    assert timer.seconds_left() > 2  # the full timeout again, not the warning period
    # and it still locks afterwards when nothing more happens
    timer.set_timeout_ms(200)
    with qtbot.waitSignal(timer.expired, timeout=10_000):
        pass
    timer.stop()


def test_paint_timer_and_unmoved_mouse_events_do_not_extend(qtbot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    timer = InactivityTimer(60_000, warning_ms=30_000)
    timer.start()
    try:
        timer._on_warn()  # enter the warning period without waiting 30 s
        assert timer.warning
        for kind in (QEvent.Type.Paint, QEvent.Type.Timer, QEvent.Type.UpdateRequest,
                     QEvent.Type.HoverMove, QEvent.Type.Enter):
            assert timer.eventFilter(edit, QEvent(kind)) is False
        assert timer.warning

        def move(x: float) -> QMouseEvent:
            return QMouseEvent(QEvent.Type.MouseMove, QPointF(x, 5), QPointF(x, 5),
                               Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                               Qt.KeyboardModifier.NoModifier)

        with qtbot.waitSignal(timer.extended):
            timer.eventFilter(edit, move(10))  # a real move
        timer._on_warn()
        timer.eventFilter(edit, move(10))  # same place: synthesised, not the officer
        assert timer.warning
        with qtbot.waitSignal(timer.extended):
            timer.eventFilter(edit, _key())  # the filter never swallows: returns False
    finally:
        timer.stop()


def test_warning_is_clamped_for_short_timeouts() -> None:
    assert InactivityTimer(300).warning_ms == 150
    assert InactivityTimer(5 * 60_000).warning_ms == 30_000
    assert InactivityTimer(60_000, warning_ms=0).warning_ms == 0
    assert effective_warning_ms(40_000, 30_000) == 20_000


def test_stop_removes_the_filter_and_nothing_fires(qtbot) -> None:
    timer = InactivityTimer(200)
    timer.start()
    timer.stop()
    assert not timer.active
    with qtbot.assertNotEmitted(timer.expired, wait=400):
        pass
    timer.extend()  # inactive: no effect
    assert not timer.active


def test_warning_dialog_text_names_and_extend(qtbot) -> None:
    warning = IdleWarning()
    qtbot.addWidget(warning)
    warning.show_countdown(12)
    assert warning.isVisible()
    assert not warning.isModal()
    assert warning.text == ("De kluis wordt over 12 seconden vergrendeld. Druk op een toets "
                            "om door te werken.")
    warning.set_seconds_left(1)
    assert warning.text.startswith("De kluis wordt over 1 seconde vergrendeld.")
    assert _name(warning) == "Waarschuwing vergrendeling"
    assert _name(warning.button) == "Doorwerken"
    assert warning.button.text() == "Doorwerken"
    with qtbot.waitSignal(warning.extend_requested):
        qtbot.mouseClick(warning.button, Qt.MouseButton.LeftButton)
    assert not warning.isVisible()
    warning.show_countdown(5)
    with qtbot.waitSignal(warning.extend_requested):
        qtbot.keyClick(warning, Qt.Key.Key_Escape)  # any key, Escape included
    assert not warning.isVisible()


def test_countdown_updates_every_second_and_a_key_hides_it(qtbot) -> None:
    warning = IdleWarning()
    qtbot.addWidget(warning)
    timer = InactivityTimer(6_000, warning_ms=3_000)
    timer.warn.connect(warning.show_countdown)
    timer.extended.connect(warning.dismiss)
    warning.extend_requested.connect(timer.extend)
    counts: list[int] = []
    timer.warn.connect(counts.append)
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(counts) >= 2, timeout=10_000)
        assert counts[0] == 3 and counts[1] == 2
        assert warning.isVisible() and "2 seconden" in warning.text
        qtbot.keyClick(warning, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: not warning.isVisible())
        assert timer.active and not timer.warning
    finally:
        timer.stop()


def test_warning_has_a_short_title_that_fits(qtbot) -> None:
    warning = IdleWarning()
    qtbot.addWidget(warning)
    warning.show_countdown(30)
    assert warning.windowTitle() == "Vergrendelen"
    assert warning.minimumWidth() >= 400
    assert warning.width() >= warning.fontMetrics().horizontalAdvance(
        warning.windowTitle()) * 3


def test_warning_shows_on_top_of_an_open_modal_message_box(qtbot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    warning = IdleWarning(window)
    box = QMessageBox(QMessageBox.Icon.Question, "Verwijderen", "Weet u het zeker?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    seen: dict[str, object] = {}
    extended: list[bool] = []
    warning.extend_requested.connect(lambda: extended.append(True))

    def while_the_box_is_open() -> None:
        seen["box_modal"] = QApplication.activeModalWidget() is box
        warning.show_countdown(20)
        seen["visible"] = warning.isVisible()
        seen["on_top"] = QApplication.activeModalWidget() is warning
        QTest.keyClick(warning, Qt.Key.Key_Return)  # "Doorwerken" is reachable
        seen["hidden_after_key"] = not warning.isVisible()
        seen["non_modal_again"] = not warning.isModal() and \
            warning.windowModality() == Qt.WindowModality.NonModal
        seen["box_back_on_top"] = QApplication.activeModalWidget() is box
        box.done(0)

    def failsafe() -> None:
        if box.isVisible():
            box.done(0)

    QTimer.singleShot(0, box, while_the_box_is_open)
    QTimer.singleShot(20_000, box, failsafe)
    box.exec()
    assert seen == {"box_modal": True, "visible": True, "on_top": True,
                    "hidden_after_key": True, "non_modal_again": True,
                    "box_back_on_top": True}
    assert extended == [True]
    warning.show_countdown(5)  # without another modal dialog: non-modal as before
    assert warning.isVisible() and not warning.isModal()
    warning.dismiss()
