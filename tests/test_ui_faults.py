"""Issue 12 in the desktop: what the officer sees for a wrong passphrase or damaged file
start, a failed backup at lock, a damaged search index (and its repair), a broken audit
trail (and its acknowledgement) and a read-only vault. Real SQLCipher vaults."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from mensenhandel_desk.domain.enums import SignalSource
from mensenhandel_desk.domain.errors import DiskFull, VaultCorrupt
from mensenhandel_desk.domain.models import SignalFilter
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.session import open_vault
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.main_window import MainWindow
from mensenhandel_desk.ui.start.unlock import UnlockScreen
from mensenhandel_desk.ui.tools import MENU_TEXTS, TOOLS
from mensenhandel_desk.ui.tools.audit import action_label, detail_label
from mensenhandel_desk.ui.tools.check import CheckDialog
from mensenhandel_desk.ui.worker import Worker, describe
from tests.conftest import PASSPHRASE, make_signal
from tests.helpers import (
    build_vault,
    close_desk,
    copy_of,
    flip_byte,
    open_desk,
    raw_connection,
    with_signals,
)

WAIT_MS = 30_000
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory) -> Path:
    """One vault with two signals, built once; each test works on a copy."""
    return build_vault(tmp_path_factory.mktemp("faults-ui"),
                       with_signals("Busje bij de kassen", "Nagelstudio laat open"))


@pytest.fixture
def vault(prebuilt, tmp_path) -> Path:
    return copy_of(prebuilt, tmp_path / "kluis" / "kluis.mhd")


@pytest.fixture
def ctx(qtbot, vault):
    context = DeskContext(Worker(), vault)
    yield context
    close_desk(qtbot, context, WAIT_MS)


def unlock(qtbot, ctx: DeskContext, clock) -> None:
    open_desk(qtbot, ctx, clock, timeout=WAIT_MS)


def on_worker(ctx: DeskContext, fn):
    return ctx.worker.call(lambda: fn(ctx._services), timeout=30)


def _damage_search_index(path: Path) -> None:
    conn = raw_connection(path)
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'signal_fts_data'"
                        ).fetchone()[0]
    conn.close()
    flip_byte(path, page)


# --- unlock ------------------------------------------------------------------------------
def _attempt(qtbot, screen: UnlockScreen, text: str, failures: int) -> str:
    qtbot.waitUntil(lambda: screen.unlock_button.isEnabled(), timeout=WAIT_MS)
    qtbot.keyClicks(screen.passphrase, text)
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: screen.failures == failures and not screen.is_busy,
                    timeout=WAIT_MS)
    return screen.message.text()


def test_a_wrong_passphrase_names_both_causes_and_a_non_vault_says_so(qtbot, ctx, tmp_path):
    screen = UnlockScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    text = _attempt(qtbot, screen, "dit is niet de goede zin", 1)
    assert text.startswith("Onjuiste wachtwoordzin")
    assert "begin van het kluisbestand is beschadigd" in text
    assert "meest recente back-up terug" in text
    assert "restore" not in text and "'" not in text  # no command to type
    assert not ctx.is_unlocked

    text = _attempt(qtbot, screen, "ook niet goed", 2)
    assert "beschadigd" in text
    assert screen.waiting  # the growing delay still applies

    not_a_vault = tmp_path / "notities.mhd"
    not_a_vault.write_text("boodschappenlijst, geen kluis\n", encoding="utf-8")
    screen.set_vault(not_a_vault)
    text = _attempt(qtbot, screen, "wat dan ook", 3)
    assert "geen kluis van Mensenhandel Desk" in text and "beschadigd" not in text

    empty = tmp_path / "leeg.mhd"
    empty.write_bytes(b"")
    screen.set_vault(empty)
    qtbot.waitUntil(lambda: screen.unlock_button.isEnabled(), timeout=WAIT_MS)
    qtbot.keyClicks(screen.passphrase, "wat dan ook")
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: "leeg" in screen.message.text(), timeout=WAIT_MS)
    assert "geen kluis" in screen.message.text()


# --- lock with a failing backup -----------------------------------------------------------
def test_a_lock_whose_backup_fails_says_everything_is_saved(qtbot, ctx, clock, vault,
                                                           monkeypatch):
    from mensenhandel_desk.services import backup

    def disk_full(*_args, **_kwargs):
        raise DiskFull()

    monkeypatch.setattr(backup, "automatic_backup", disk_full)
    unlock_face = UnlockScreen(ctx)
    window = MainWindow(ctx, unlock_face)
    qtbot.addWidget(window)
    unlock(qtbot, ctx, clock)
    on_worker(ctx, lambda s: s.signals.create(make_signal(summary="Na de lock bewaard")))
    with qtbot.waitSignal(ctx.locked, timeout=WAIT_MS):
        window.lock_now()
    text = unlock_face.notice_text
    assert text.startswith("Alles is opgeslagen in de kluis.")
    assert "automatische back-up" in text and "mislukt" in text
    assert "schijf is vol" in text
    assert "Kluis > Nu back-up maken" in text
    assert "niet opgeslagen" not in text and "opdracht" not in text and "'" not in text
    assert window.statusBar().currentMessage() == text
    damaged = describe(backup.BackupAfterSaveFailed(VaultCorrupt()))
    assert damaged.startswith("Alles is opgeslagen") and "Kluis controleren" in damaged
    with open_vault(vault, PASSPHRASE) as services:
        assert services.signals.count() == 3  # the change really is in the vault


# --- Kluis controleren --------------------------------------------------------------------
def _checked(qtbot, dialog: CheckDialog) -> None:
    qtbot.waitUntil(lambda: dialog.report is not None and not dialog.progress.running,
                    timeout=WAIT_MS)


def _findings(dialog: CheckDialog) -> list[str]:
    return [dialog.findings.item(n).text() for n in range(dialog.findings.count())]


def test_the_check_window_finds_a_damaged_search_index_and_rebuilds_it(qtbot, ctx, clock,
                                                                       vault):
    assert "check" in MENU_TEXTS and "check" in TOOLS  # Kluis menu and settings screen
    _damage_search_index(vault)
    unlock(qtbot, ctx, clock)
    dialog = CheckDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    _checked(qtbot, dialog)
    lines = _findings(dialog)
    assert any(line.startswith("Zoekindex: BESCHADIGD") for line in lines), lines
    assert "Audittrail: in orde (0 regels)" not in lines  # unread is never called sound
    assert dialog.summary.text() == "De kluis is NIET in orde."
    # The engine's check now also reports the rest as unreadable after it met the damaged
    # index page (so it advises a restore too); the rebuild is offered either way.
    assert "zoekindex" in dialog.advice.text().lower()
    assert dialog.repair_box.isVisible() and dialog.audit_box.isHidden()

    qtbot.keyClicks(dialog.passphrase, "niet de goede wachtwoordzin")
    dialog.repair_button.click()
    assert dialog.passphrase.text() == ""  # out of the field before the work starts
    qtbot.waitUntil(lambda: dialog.passphrase_error.isVisible(), timeout=WAIT_MS)
    assert "Onjuiste wachtwoordzin" in dialog.passphrase_error.text()

    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    dialog.repair_button.click()
    assert dialog.passphrase.text() == ""
    qtbot.waitUntil(lambda: dialog.result.isVisible(), timeout=WAIT_MS)
    assert dialog.result.text().startswith("Zoekindex opnieuw opgebouwd (2 signalen)")
    _checked(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.report.search_index_ok, timeout=WAIT_MS)
    assert dialog.summary.text() == "De kluis is in orde."
    assert "Zoekindex: in orde" in _findings(dialog)
    assert dialog.repair_box.isHidden()
    hits = on_worker(ctx, lambda s: s.signals.count(SignalFilter(text="nagelstudio")))
    assert hits == 1  # searching works again
    assert not list(vault.parent.glob(".mhd-*"))


def test_a_broken_audit_trail_is_acknowledged_only_after_confirming(qtbot, ctx, clock, vault):
    conn = raw_connection(vault)
    conn.execute("UPDATE audit_event SET detail = 'weggepoetst' WHERE id = 2")
    conn.close()
    unlock(qtbot, ctx, clock)
    dialog = CheckDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    _checked(qtbot, dialog)
    assert any(line.startswith("Audittrail: GEBROKEN vanaf regel 2") for line in
               _findings(dialog)), _findings(dialog)
    assert "privacyfunctionaris" in dialog.advice.text()
    assert dialog.audit_box.isVisible()
    assert not dialog.acknowledge_button.isEnabled()  # not without the confirmation
    dialog.audit_confirm.setChecked(True)
    assert dialog.acknowledge_button.isEnabled()
    dialog.acknowledge_button.click()
    qtbot.waitUntil(lambda: dialog.result.isVisible(), timeout=WAIT_MS)
    _checked(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.report.audit_first_broken is None, timeout=WAIT_MS)
    assert dialog.summary.text() == "De kluis is in orde."
    assert any("eerdere breuken erkend" in line for line in _findings(dialog))
    events = on_worker(ctx, lambda s: _audit(s))
    acknowledged = [e for e in events if e.action == Action.AUDIT_ACKNOWLEDGED]
    assert len(acknowledged) == 1
    assert action_label(Action.AUDIT_ACKNOWLEDGED) == "Breuk in audittrail bevestigd"
    assert detail_label(acknowledged[0].detail).startswith("bevestigd door de medewerker")


def _audit(services):
    with services.vault.unit_of_work() as uow:
        return uow.audit.query()


# --- read-only vault ------------------------------------------------------------------------
@posix_only
def test_a_read_only_vault_shows_the_banner_and_refuses_a_new_signal(qtbot, ctx, clock,
                                                                    vault):
    os.chmod(vault, 0o444)
    before = vault.read_bytes()
    window = MainWindow(ctx, QLabel("vergrendeld"))
    qtbot.addWidget(window)
    window.show()
    unlock(qtbot, ctx, clock)
    qtbot.waitUntil(lambda: window.read_only_banner.isVisible(), timeout=WAIT_MS)
    assert window.read_only_banner.text() == ("Deze kluis is alleen-lezen: u kunt lezen "
                                              "maar niets wijzigen")
    assert not window.new_action.isEnabled() and not window.import_action.isEnabled()
    window.new_signal()
    assert "alleen-lezen" in window.statusBar().currentMessage()
    assert window.signals_stack.currentWidget() is window.register
    # The editor's save goes to the service, which refuses with its Dutch message.
    failures: list[str] = []
    with qtbot.waitCallback(timeout=WAIT_MS) as done:
        ctx.run(lambda s: s.signals.create(make_signal(summary="Mag niet")),
                on_failure=lambda e: (failures.append(describe(e)), done()))
    assert failures and "alleen-lezen" in failures[0] and "foutcode" not in failures[0]
    # The editor's own save (of a new signal opened past the menu): the service refuses
    # and the editor shows its Dutch message.
    editor = window.editor
    window.signals_stack.setCurrentWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=WAIT_MS):
        editor.new_signal()
    form = editor.general
    qtbot.keyClicks(form.summary, "Mag niet worden opgeslagen")
    form.source.setCurrentIndex(form.source.findData(SignalSource.PARTNER))
    form.forms[next(iter(form.forms))].setChecked(True)
    qtbot.keyClick(form.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "alleen-lezen" in editor.message.text(), timeout=WAIT_MS)
    assert editor.message.isVisible() and "foutcode" not in editor.message.text()
    assert editor.is_new  # nothing was recorded
    form.summary.clear()
    editor.clear()  # nothing left to keep as a draft at the lock
    with qtbot.waitSignal(ctx.locked, timeout=WAIT_MS):
        window.lock_now()
    assert window.read_only_banner.isHidden()
    assert vault.read_bytes() == before
    assert vault.stat().st_mode & 0o777 == 0o444
