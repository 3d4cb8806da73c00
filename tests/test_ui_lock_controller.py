"""Lock controller (ui/lock/controller.py): closes dialogs and popups, clears our clipboard,
then locks the context; idle timer follows unlock/lock; policy clamps the timeout."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QMessageBox, QWidget

from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.lock.clipboard import SecureClipboard
from mensenhandel_desk.ui.lock.controller import LockController, clamp_minutes
from mensenhandel_desk.ui.lock.listeners import ScreenLockListener
from mensenhandel_desk.ui.worker import Worker
from tests.conftest import PASSPHRASE


class FakeServices:
    """Stands in for the unlocked Services bundle: only ``lock()`` is needed here."""

    def __init__(self) -> None:
        self.locked_on: int | None = None

    def lock(self, progress=None) -> None:
        self.locked_on = threading.get_ident()


@pytest.fixture
def worker(qapp) -> Iterator[Worker]:
    worker = Worker()
    yield worker
    worker.shutdown()


@pytest.fixture
def ctx(worker: Worker, tmp_path: Path) -> DeskContext:
    return DeskContext(worker, tmp_path / "kluis.mhd")


@pytest.fixture
def window(qtbot) -> QWidget:
    window = QWidget()
    window.setAccessibleName("Hoofdvenster")
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def clipboard(qapp) -> Iterator[SecureClipboard]:
    QGuiApplication.clipboard().clear()
    guard = SecureClipboard(clear_after_ms=0)
    yield guard
    QGuiApplication.clipboard().clear()


def _unlock(qtbot, ctx: DeskContext, opener=FakeServices) -> None:
    with qtbot.waitSignal(ctx.unlocked, timeout=30_000):
        ctx.open(opener)


def _reasons(ctx: DeskContext) -> list[str]:
    reasons: list[str] = []
    ctx.locking.connect(reasons.append)
    return reasons


def test_idle_lock_ends_a_modal_message_box_waiting_in_exec(qtbot, ctx, window,
                                                            clipboard) -> None:
    controller = LockController(ctx, window, clipboard, 300)
    reasons = _reasons(ctx)
    locked: list[bool] = []
    ctx.locked.connect(lambda: locked.append(True))
    _unlock(qtbot, ctx)
    assert controller.idle.active

    box = QMessageBox(QMessageBox.Icon.Question, "Verwijderen",
                      "Weet u zeker dat u dit signaal wilt verwijderen?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    box.setAccessibleName("Bevestiging verwijderen")
    failsafe: list[bool] = []

    def rescue() -> None:  # only if the lock failed to end the box (keeps the test finite)
        if box.isVisible():
            failsafe.append(True)
            box.done(0)

    QTimer.singleShot(20_000, box, rescue)
    result = box.exec()  # the idle timer fires inside this modal loop
    assert not failsafe, "the lock did not close the modal message box"
    assert result != QMessageBox.StandardButton.Yes
    assert not box.isVisible()
    qtbot.waitUntil(lambda: bool(locked), timeout=10_000)
    assert reasons == ["idle"]
    assert not ctx.is_unlocked
    assert not controller.idle.active  # stopped on locking, until the next unlock


def test_lock_from_a_listener_closes_dialogs_popups_and_our_clipboard(qtbot, ctx, window,
                                                                      clipboard) -> None:
    listener = ScreenLockListener()
    controller = LockController(ctx, window, clipboard, 60_000, listener=listener)
    reasons = _reasons(ctx)
    services = FakeServices()
    _unlock(qtbot, ctx, lambda: services)

    dialog = QDialog(window)
    dialog.setAccessibleName("Signaal bewerken")
    dialog.show()
    menu = QMenu(window)
    menu.setAccessibleName("Acties")
    menu.addAction("Kopiëren")
    menu.popup(window.mapToGlobal(QPoint(5, 5)))
    qtbot.waitUntil(menu.isVisible)
    clipboard.copy("Dorpsstraat 1, Ergens")

    with qtbot.waitSignal(ctx.locked, timeout=10_000):
        listener._on_prepare_for_sleep(True)
    assert reasons == ["suspend"]
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert not menu.isVisible()
    assert QGuiApplication.clipboard().text() == ""
    assert window.isVisible()  # the main window itself stays
    assert services.locked_on is not None and services.locked_on != threading.get_ident()

    # A repeated event (KDE sends two) while locked does nothing.
    with qtbot.assertNotEmitted(ctx.locking, wait=50):
        listener._on_active_changed(True)
    assert controller.idle.active is False


def test_a_lock_started_elsewhere_still_tidies_up(qtbot, ctx, window, clipboard) -> None:
    controller = LockController(ctx, window, clipboard, 60_000)
    _unlock(qtbot, ctx)
    dialog = QDialog(window)
    dialog.setAccessibleName("Overleg plannen")
    dialog.show()
    QGuiApplication.clipboard().setText("tekst van de medewerker zelf")
    with qtbot.waitSignal(ctx.locked, timeout=10_000):
        ctx.lock("manual")  # e.g. the menu action calls the context directly
    assert not dialog.isVisible()
    assert not controller.idle.active
    assert QGuiApplication.clipboard().text() == "tekst van de medewerker zelf"  # not ours


def test_idle_timer_follows_unlock_and_lock(qtbot, ctx, window, clipboard) -> None:
    controller = LockController(ctx, window, clipboard, 60_000)
    assert not controller.idle.active  # locked at start: nothing to time
    _unlock(qtbot, ctx)
    assert controller.idle.active
    controller.idle._on_warn()  # a warning is showing ...
    assert controller.warning.isVisible()
    with qtbot.waitSignal(ctx.locked, timeout=10_000):
        controller.lock("manual")
    assert not controller.idle.active
    assert not controller.warning.isVisible()  # ... and goes with the lock
    _unlock(qtbot, ctx)
    assert controller.idle.active and not controller.warning.isVisible()


def test_warning_button_extends_the_controllers_timer(qtbot, ctx, window, clipboard) -> None:
    controller = LockController(ctx, window, clipboard, 60_000)
    _unlock(qtbot, ctx)
    controller.idle._on_warn()
    assert controller.idle.warning
    controller.warning.button.click()
    assert not controller.idle.warning and controller.idle.active
    assert not controller.warning.isVisible()
    assert ctx.is_unlocked


@pytest.mark.parametrize(("minutes", "policy_max", "effective"), [
    (10, 5, 5), (3, 5, 3), (0, None, 1), (500, None, 240), (15, None, 15), (15, 0, 1),
])
def test_timeout_minutes_clamped_to_the_policy(qtbot, ctx, window, clipboard, minutes,
                                               policy_max, effective) -> None:
    controller = LockController(ctx, window, clipboard, 60_000)
    assert controller.set_timeout_minutes(minutes, policy_max) == effective
    assert controller.timeout_ms == effective * 60_000
    assert clamp_minutes(minutes, policy_max) == effective


def test_real_vault_locks_through_the_controller(qtbot, ctx, window, clipboard,
                                                 tmp_path: Path) -> None:
    from mensenhandel_desk.services.session import create_vault

    path = tmp_path / "vault" / "kluis.mhd"
    controller = LockController(ctx, window, clipboard, 60_000)
    _unlock(qtbot, ctx, lambda: create_vault(path, PASSPHRASE))
    with qtbot.waitSignal(ctx.locked, timeout=60_000):
        controller.lock("manual")
    assert not ctx.is_unlocked
    assert path.exists()


def test_unlock_screen_says_why_the_desk_locked(qtbot, ctx, window, clipboard) -> None:
    from mensenhandel_desk.ui.start import UnlockScreen

    window.unlock_widget = UnlockScreen(ctx, opener=lambda path, pw: FakeServices(),
                                        parent=window)  # as the main window has it
    controller = LockController(ctx, window, clipboard, 60_000)
    screen = window.unlock_widget
    controller.set_timeout_minutes(5)
    _unlock(qtbot, ctx)
    with qtbot.waitSignal(ctx.locked, timeout=10_000):
        controller.idle.expired.emit()  # what the timer does after 5 idle minutes
    assert screen.notice_text == "Automatisch vergrendeld na 5 minuten zonder activiteit."
    assert not screen.notice.isHidden()

    controller.set_timeout_minutes(1)
    _unlock(qtbot, ctx)
    with qtbot.waitSignal(ctx.locked, timeout=10_000):
        controller.lock("idle")
    assert screen.notice_text == "Automatisch vergrendeld na 1 minuut zonder activiteit."

    _unlock(qtbot, ctx)
    with qtbot.waitSignal(ctx.locked, timeout=10_000):
        controller.lock("screen")
    assert screen.notice_text == "Vergrendeld omdat het scherm werd vergrendeld."

    # a successful unlock through the screen clears it
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    with qtbot.waitSignal(screen.unlocked, timeout=30_000):
        screen.unlock_button.click()
    assert screen.notice_text == "" and screen.notice.isHidden()

    with qtbot.waitSignal(ctx.locked, timeout=10_000):
        controller.lock("manual")
    assert screen.notice_text == ""


def test_idle_warning_appears_over_an_open_message_box(qtbot, ctx, window,
                                                       clipboard) -> None:
    controller = LockController(ctx, window, clipboard, 60_000)
    _unlock(qtbot, ctx)
    box = QMessageBox(QMessageBox.Icon.Question, "Verwijderen", "Weet u het zeker?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    seen: list[bool] = []

    def warn_then_lock() -> None:
        controller.idle._on_warn()  # the warning period starts while the box is open
        seen.append(controller.warning.isVisible())
        seen.append(QApplication.activeModalWidget() is controller.warning)
        controller.lock("idle")  # the lock still ends the box

    def failsafe() -> None:
        if box.isVisible():
            box.done(0)

    QTimer.singleShot(0, box, warn_then_lock)
    QTimer.singleShot(20_000, box, failsafe)
    box.exec()
    assert seen == [True, True]
    assert not controller.warning.isVisible() and not box.isVisible()
    qtbot.waitUntil(lambda: not ctx.is_unlocked, timeout=10_000)
