"""QA fix 5 (helper fix-A): after the demo vault's passphrase was changed, the unlock
screen no longer offers the public demo passphrase for that vault."""

from __future__ import annotations

from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.start import recent
from mensenhandel_desk.ui.start.demo import DEMO_PASSPHRASE
from mensenhandel_desk.ui.start.unlock import UnlockScreen
from mensenhandel_desk.ui.tools.passphrase import PassphraseDialog
from mensenhandel_desk.ui.worker import Worker
from tests.test_ui_tools import NEW_PASSPHRASE, _dialog


def test_after_a_rekey_the_demo_passphrase_is_no_longer_offered(qtbot, tmp_path,
                                                                clock) -> None:
    demo = tmp_path / "demo" / "demo-kluis.mhd"
    other_demo = tmp_path / "elders" / "demo-kluis.mhd"
    create_vault(demo, DEMO_PASSPHRASE, clock=clock).close()
    ctx = DeskContext(Worker(), demo, is_demo=True)
    try:
        screen = UnlockScreen(ctx)
        qtbot.addWidget(screen)
        screen.set_vault(demo, is_demo=True)
        assert not screen.fill_demo.isHidden() and DEMO_PASSPHRASE in screen.demo_hint.text()
        with qtbot.waitSignal(ctx.unlocked, timeout=20_000):
            ctx.open(lambda: open_vault(demo, DEMO_PASSPHRASE, clock=clock))
        dialog = _dialog(qtbot, PassphraseDialog, ctx)
        dialog.current.setText(DEMO_PASSPHRASE)
        dialog.new.setText(NEW_PASSPHRASE)
        dialog.repeat.setText(NEW_PASSPHRASE)
        dialog.change()
        qtbot.waitUntil(lambda: "gewijzigd" in dialog.result.text(), timeout=30_000)
        with qtbot.waitSignal(ctx.locked, timeout=20_000):
            ctx.lock("manual")
        screen.set_vault(demo, is_demo=True)
        assert not screen.demo_banner.isHidden()  # still the demo vault, fictitious data
        assert screen.fill_demo.isHidden() and screen.demo_hint.isHidden()
        assert DEMO_PASSPHRASE not in screen.demo_hint.text()
        screen._fill_demo()
        assert screen.passphrase.text() == ""
        # only a flag for that path, nothing else; another demo vault is still offered
        stored = recent.settings_file().read_text(encoding="utf-8")
        assert str(demo) not in stored and NEW_PASSPHRASE not in stored
        screen.set_vault(other_demo, is_demo=True)
        assert not screen.fill_demo.isHidden()
        # a new demo vault at the same path starts with the public passphrase again
        recent.set_demo_passphrase_changed(demo, False)
        screen.set_vault(demo, is_demo=True)
        assert not screen.fill_demo.isHidden()
    finally:
        ctx.worker.shutdown()
