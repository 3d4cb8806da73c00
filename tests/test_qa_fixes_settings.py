"""QA fix 3 (helper fix-A): edits in Instellingen are never lost silently: leaving asks
Save / Discard / Cancel, a lock saves them through the services first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from mensenhandel_desk.ui.main_window import SECTIONS, MainWindow
from mensenhandel_desk.ui.settings import view as settings_view
from tests import test_ui_settings as base
from tests.helpers import open_desk
from tests.test_ui_settings import _stored

_template, ctx = base._template, base.ctx
SETTINGS = [key for key, *_rest in SECTIONS].index("settings")
WAIT = 20_000


def _window(qtbot, ctx, clock) -> MainWindow:
    window = MainWindow(ctx, QLabel("vergrendeld"))
    qtbot.addWidget(window)
    window.show()
    open_desk(qtbot, ctx, clock)
    view = window.settings_view
    with qtbot.waitSignal(view.loaded, timeout=WAIT):
        window.show_section(SETTINGS)
    return window


def _type_name(qtbot, view, text: str) -> None:
    view.officer_name.clear()
    qtbot.keyClicks(view.officer_name, text)


def test_leaving_settings_with_edits_asks_and_cancel_stays(qtbot, ctx, clock,
                                                           monkeypatch) -> None:
    window = _window(qtbot, ctx, clock)
    view = window.settings_view
    asked: list[str] = []
    monkeypatch.setattr(settings_view.SettingsView, "ask_unsaved",
                        staticmethod(lambda _p: asked.append("?") or settings_view.CANCEL))
    _type_name(qtbot, view, "Bram Bedacht")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["?"]
    assert window.current_section() == "settings" and view.officer_name.text() == "Bram Bedacht"

    monkeypatch.setattr(settings_view.SettingsView, "ask_unsaved",
                        staticmethod(lambda _p: settings_view.SAVE))
    with qtbot.waitSignal(view.saved, timeout=WAIT):
        window.show_section(0)
    assert window.current_section() != "settings"
    assert _stored(qtbot, ctx).officer_name == "Bram Bedacht"


def test_discard_restores_the_stored_settings(qtbot, ctx, clock, monkeypatch) -> None:
    window = _window(qtbot, ctx, clock)
    view = window.settings_view
    monkeypatch.setattr(settings_view.SettingsView, "ask_unsaved",
                        staticmethod(lambda _p: settings_view.DISCARD))
    _type_name(qtbot, view, "Bram Bedacht")
    window.show_section(0)
    assert view.officer_name.text() == "Fenna Verzonnen-Testambtenaar" and not view.dirty
    assert _stored(qtbot, ctx).officer_name == "Fenna Verzonnen-Testambtenaar"


def test_lock_saves_the_edits_before_the_vault_closes(qtbot, ctx, clock,
                                                      monkeypatch) -> None:
    window = _window(qtbot, ctx, clock)
    view = window.settings_view
    monkeypatch.setattr(settings_view.SettingsView, "ask_unsaved",
                        staticmethod(lambda _p: pytest_fail()))
    _type_name(qtbot, view, "Bram Bedacht")
    with qtbot.waitSignal(ctx.locked, timeout=WAIT):
        ctx.lock("manual")
    assert view.officer_name.text() == ""  # nothing left on screen
    open_desk(qtbot, ctx, clock)
    assert _stored(qtbot, ctx).officer_name == "Bram Bedacht"


def pytest_fail() -> str:
    raise AssertionError("a lock must not ask")
