"""Clipboard guard (ui/lock/clipboard.py) with the real offscreen QClipboard."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QClipboard, QGuiApplication

from mensenhandel_desk.ui.lock.clipboard import EXCLUSION_HINTS, SecureClipboard


@pytest.fixture
def system_clipboard(qapp) -> QClipboard:
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    yield clipboard
    clipboard.clear()


def test_copy_carries_text_and_the_exclusion_hints(qtbot, system_clipboard) -> None:
    guard = SecureClipboard(clear_after_ms=0)
    guard.copy("Kamer 12, Stationsstraat 4")
    mime = system_clipboard.mimeData()
    assert mime.text() == "Kamer 12, Stationsstraat 4"
    assert bytes(mime.data("x-kde-passwordManagerHint")) == b"secret"
    for fmt in ("ExcludeClipboardContentFromMonitorProcessing", "CanIncludeInClipboardHistory",
                "CanUploadToCloudClipboard"):
        assert bytes(mime.data(fmt)) == b"\x00\x00\x00\x00"
    assert set(EXCLUSION_HINTS) <= set(mime.formats())
    assert guard.holds_ours and not guard.clear_pending


def test_cleared_after_the_delay(qtbot, system_clipboard) -> None:
    guard = SecureClipboard(clear_after_ms=150)
    with qtbot.waitSignal(guard.cleared, timeout=10_000):
        guard.copy("geheim adres")
        assert system_clipboard.text() == "geheim adres"
    assert system_clipboard.text() == ""
    assert not guard.holds_ours


def test_never_clears_what_the_officer_copied_elsewhere(qtbot, system_clipboard) -> None:
    guard = SecureClipboard(clear_after_ms=150)
    guard.copy("geheim adres")
    system_clipboard.setText("notitie uit een ander programma")
    with qtbot.assertNotEmitted(guard.cleared):
        qtbot.waitUntil(lambda: not guard.clear_pending, timeout=10_000)
    assert system_clipboard.text() == "notitie uit een ander programma"
    assert guard.clear_if_ours() is False  # on lock or quit: still not ours
    assert system_clipboard.text() == "notitie uit een ander programma"


def test_clear_if_ours_on_lock(qtbot, system_clipboard) -> None:
    guard = SecureClipboard()  # default 30 s: the lock comes first
    assert guard.clear_after_ms == 30_000
    guard.copy("regel 1\r\nregel 2")
    assert guard.clear_pending
    with qtbot.waitSignal(guard.cleared):
        assert guard.clear_if_ours() is True
    assert system_clipboard.text() == ""
    assert not guard.clear_pending
    assert guard.clear_if_ours() is False  # nothing of ours any more


def test_the_same_text_copied_again_later_is_still_ours(qtbot, system_clipboard) -> None:
    guard = SecureClipboard(clear_after_ms=0)
    guard.copy("eerste")
    guard.copy("tweede")
    assert system_clipboard.text() == "tweede"
    assert guard.clear_if_ours() is True
    assert system_clipboard.text() == ""
