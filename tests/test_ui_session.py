"""The officer's session end to end, through the real Desk (unlock screen, main window,
lock controller) on a real vault: unlock → search → open a signal → copy its reference →
a dialog is open → the idle timer locks → nothing of the vault is left anywhere (models,
views, dialog, clipboard, title) → unlock → back on the same signal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from mensenhandel_desk.domain.enums import PartyKind, PartyRole
from mensenhandel_desk.domain.models import Party
from mensenhandel_desk.services.session import create_vault
from mensenhandel_desk.ui.app import Desk
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.worker import Worker
from tests.conftest import PASSPHRASE, make_signal

WAIT = 20_000


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> Path:
    from mensenhandel_desk.services.clock import fixed_clock
    from tests.conftest import NOW

    path = tmp_path_factory.mktemp("session") / "kluis.mhd"
    with create_vault(path, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        for n in range(30):
            signal = services.signals.create(make_signal(summary=f"Signaal {n}"))
            if n == 7:
                services.signals.add_party(Party(
                    signal_id=signal.id, kind=PartyKind.PERSON,
                    role=PartyRole.POSSIBLE_VICTIM, name="Marta Zielińska-Fictief"))
    return path


@pytest.fixture
def desk(qtbot, _template, vault_path):
    vault_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_template, vault_path)
    made = Desk(DeskContext(Worker(), vault_path))
    qtbot.addWidget(made.window)
    made.show()
    yield made
    if made.ctx.is_unlocked:
        with qtbot.waitSignal(made.ctx.locked, timeout=WAIT):
            made.ctx.lock("quit")
    made.shutdown()


def _unlock(qtbot, desk: Desk, passphrase: str = PASSPHRASE) -> None:
    desk.unlock.passphrase.setFocus()
    qtbot.keyClicks(desk.unlock.passphrase, passphrase)
    with qtbot.waitSignals([desk.ctx.unlocked, desk.window.register.model.query_finished],
                           timeout=WAIT):
        qtbot.keyClick(desk.unlock.passphrase, Qt.Key.Key_Return)


def test_idle_lock_leaves_nothing_and_unlock_returns_to_the_signal(qtbot, desk):
    window, ctx = desk.window, desk.ctx
    _unlock(qtbot, desk)
    register = window.register
    with qtbot.waitSignal(register.model.query_finished, timeout=WAIT):
        qtbot.keyClicks(register.search, "zielinska")
    assert register.model.rowCount() == 1
    qtbot.keyClick(register.search, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.editor.loaded, timeout=WAIT):
        qtbot.keyClick(register.table, Qt.Key.Key_Return)
    reference = window.editor.reference
    assert reference.startswith("MH-")
    assert any("Zielińska" in name for name in window.editor.parties.shown_names())
    window.editor.copy_button.click()
    clipboard = QApplication.clipboard()
    assert clipboard.text() == reference
    assert clipboard.mimeData().hasFormat("x-kde-passwordManagerHint")

    # A dialog is open when the officer walks away; the idle timer fires.
    desk.lock_controller.idle.set_timeout_ms(400)
    QTimer.singleShot(0, lambda: QMessageBox.information(window, "Over", "Een venster"))
    with qtbot.waitSignal(ctx.locked, timeout=WAIT):
        pass
    assert window.faces.currentWidget() is desk.unlock
    assert register.model.rowCount() == 0 and register.search.text() == ""
    assert window.editor.parties.shown_names() == [] and window.editor.reference == ""
    assert window.todo.model.rowCount() == 0
    assert window.editor.general.summary.text() == ""
    assert window.editor.general.description.document().isUndoAvailable() is False
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible()]
    assert clipboard.text() == ""
    assert reference not in window.windowTitle()
    assert desk.unlock.passphrase.text() == ""
    assert "Automatisch vergrendeld" in desk.unlock.notice.text()  # the officer learns why

    with qtbot.waitSignal(window.editor.loaded, timeout=WAIT):
        _unlock(qtbot, desk)
    assert window.signals_stack.currentWidget() is window.editor
    assert window.editor.reference == reference


def test_wrong_passphrase_keeps_the_vault_locked(qtbot, desk):
    desk.unlock.passphrase.setFocus()
    qtbot.keyClicks(desk.unlock.passphrase, "dit is niet de wachtwoordzin")
    qtbot.keyClick(desk.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "wachtwoordzin" in desk.unlock.message.text().lower(),
                    timeout=WAIT)
    assert not desk.ctx.is_unlocked and desk.unlock.passphrase.text() == ""
    assert desk.window.faces.currentWidget() is desk.unlock
    assert not desk.window.new_action.isEnabled()
