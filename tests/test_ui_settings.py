"""The Instellingen screen on a real vault: load, save through the services (errors next
to the field), a policy-locked setting disabled with its padlock, and lock empties it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.settings import SettingsView
from mensenhandel_desk.ui.worker import Worker
from tests.helpers import build_vault, desk_on_copy, open_desk


def _fill(services) -> None:
    settings = services.settings.get()
    settings.officer_name = "Fenna Verzonnen-Testambtenaar"
    services.settings.save(settings)


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> Path:
    return build_vault(tmp_path_factory.mktemp("settings"), _fill)


@pytest.fixture
def ctx(qtbot, _template, vault_path, clock):
    yield from desk_on_copy(qtbot, _template, vault_path)


def _view(qtbot, ctx, clock) -> SettingsView:
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    open_desk(qtbot, ctx, clock)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.show()
    return view


def _stored(qtbot, ctx):
    return ctx.worker.call(lambda: ctx._services.settings.get(), timeout=20)


def test_settings_are_loaded_edited_and_saved_in_the_vault(qtbot, ctx, clock):
    view = _view(qtbot, ctx, clock)
    assert view.officer_name.text() == "Fenna Verzonnen-Testambtenaar"
    view.officer_phone.setText("06-00000000")
    view.officer_phone.textEdited.emit("06-00000000")
    view.feedback_days.setValue(21)
    view.auto_lock_minutes.setValue(3)
    assert view.dirty
    with qtbot.waitSignal(view.saved, timeout=20_000):
        view.save()
    stored = _stored(qtbot, ctx)
    assert (stored.officer_phone, stored.feedback_days, stored.auto_lock_minutes) == (
        "06-00000000", 21, 3)
    assert view.status.text() == "Instellingen opgeslagen."
    assert not view.dirty


def test_an_envelope_window_over_the_letterhead_is_refused_next_to_the_field(qtbot, ctx,
                                                                              clock):
    view = _view(qtbot, ctx, clock)
    view.address_block_left_mm.setValue(60.0)  # would cover the letterhead's side column
    view.save()
    qtbot.waitUntil(lambda: view.field_error("address_block_left_mm") != "", timeout=20_000)
    assert "vensterenvelop" in view.field_error("address_block_left_mm")
    assert _stored(qtbot, ctx).address_block_left_mm == 20.0  # nothing saved


def test_a_missing_logo_is_refused_at_save_and_a_chosen_image_is_stored(qtbot, ctx, clock,
                                                                        tmp_path,
                                                                        monkeypatch):
    from PySide6.QtGui import QImage

    view = _view(qtbot, ctx, clock)
    logo = tmp_path / "logo.png"
    image = QImage(200, 80, QImage.Format.Format_RGB32)
    image.fill(0x1E3C8C)
    image.save(str(logo))
    monkeypatch.setattr(SettingsView, "ask_image", staticmethod(lambda parent: logo))
    view.address_block_top_mm.setValue(45.0)  # below the logo, as a letter needs
    view.pick_logo()
    assert view.logo_path.text() == str(logo)
    assert not view.logo_preview.pixmap().isNull()
    with qtbot.waitSignal(view.saved, timeout=20_000):
        view.save()
    assert _stored(qtbot, ctx).letterhead_logo == str(logo)
    logo.unlink()
    view.save()
    qtbot.waitUntil(lambda: view.field_error("letterhead_logo") != "", timeout=20_000)


def test_policy_locked_settings_are_disabled_with_the_padlock(qtbot, ctx, clock, tmp_path):
    policy = tmp_path / "policy" / "policy.json"
    policy.parent.mkdir(parents=True)
    policy.write_text(json.dumps({"backup_on_close": True, "max_auto_lock_minutes": 5}))
    view = _view(qtbot, ctx, clock)
    assert not view.backup_on_close.isEnabled()
    assert view.backup_on_close.isChecked()
    assert view.policy_locked("backup_on_close")
    assert "Vastgelegd door uw organisatie" in view.badges["backup_on_close"].toolTip()
    assert view.auto_lock_minutes.maximum() == 5  # within policy: never above 5
    assert view.policy_locked("auto_lock_minutes")
    assert not view.policy_locked("feedback_days")


def test_lock_empties_the_screen(qtbot, ctx, clock):
    view = _view(qtbot, ctx, clock)
    with qtbot.waitSignal(ctx.locked, timeout=20_000):
        ctx.lock("manual")
    assert view.officer_name.text() == ""
    assert not view.save_button.isEnabled()


def test_the_window_shows_the_settings_section_and_the_kluis_menu_opens_the_tools(
        qtbot, _template, vault_path, clock):
    from mensenhandel_desk.ui.app import Desk
    from mensenhandel_desk.ui.main_window import SECTIONS
    from mensenhandel_desk.ui.tools import MENU_TEXTS, _open

    vault_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_template, vault_path)
    ctx = DeskContext(Worker(), vault_path)
    desk = Desk(ctx)
    qtbot.addWidget(desk.window)
    window = desk.window
    try:
        assert len(window.tool_actions) == len(MENU_TEXTS)
        assert not any(action.isEnabled() for action in window.tool_actions)  # locked
        open_desk(qtbot, ctx, clock)
        assert all(action.isEnabled() for action in window.tool_actions)
        number = [key for key, _t in SECTIONS].index("settings")
        with qtbot.waitSignal(window.settings_view.loaded, timeout=20_000):
            window.show()
            window.show_section(number)
        assert window.pages.currentWidget() is window.settings_view
        assert window.settings_view.officer_name.text() == "Fenna Verzonnen-Testambtenaar"
        window.tool_actions[list(MENU_TEXTS).index("audit")].trigger()
        assert _open["audit"].isVisible()
        window.settings_view.tool_buttons["backup"].click()
        assert _open["backup"].isVisible()
        with qtbot.waitSignal(ctx.locked, timeout=20_000):
            window.lock_now()
        assert not any(action.isEnabled() for action in window.tool_actions)
        assert window.settings_view.officer_name.text() == ""
        qtbot.waitUntil(lambda: not _open, timeout=5_000)  # the tool windows are gone
    finally:
        if ctx.is_unlocked:
            with qtbot.waitSignal(ctx.locked, timeout=20_000):
                ctx.lock("quit")
        ctx.worker.shutdown()
