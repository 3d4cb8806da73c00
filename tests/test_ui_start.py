"""The start of the desktop client: unlock screen, recent vault, single instance, flow.

Real vaults in tmp_path, a real serial Worker (the vault binds to the worker thread that
opens it), pytest-qt offscreen, no sleeps and no timing assertions.
"""

from __future__ import annotations

import re
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QSettings
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from mensenhandel_desk import launch
from mensenhandel_desk.domain.errors import WrongPassphrase
from mensenhandel_desk.services.session import create_vault
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.start import (
    DEMO_PASSPHRASE,
    SingleInstance,
    UnlockScreen,
    delay_after,
    last_vault,
    remember_vault,
    server_name,
)
from mensenhandel_desk.ui.start.recent import settings_file
from mensenhandel_desk.ui.start.unlock import wait_text, wrong_passphrase_text
from mensenhandel_desk.ui.start.wizard import FirstStartWizard
from mensenhandel_desk.ui.worker import Worker
from tests.conftest import PASSPHRASE

WAIT_MS = 30_000  # generous: the first unlock imports the engine


@pytest.fixture
def worker(qapp) -> Iterator[Worker]:
    w = Worker()
    yield w
    w.shutdown()


def close_on_worker(ctx: DeskContext) -> None:
    """Test teardown: close the vault on the thread that opened it."""

    def close() -> None:
        services = ctx._services
        ctx._services = None
        if services is not None:
            services.close()

    ctx.worker.call(close, timeout=30)


@pytest.fixture
def real_vault(tmp_path: Path) -> Path:
    path = tmp_path / "kluizen" / "kluis.mhd"
    create_vault(path, PASSPHRASE).close()
    return path


@pytest.fixture
def ctx(worker: Worker, real_vault: Path) -> Iterator[DeskContext]:
    context = DeskContext(worker, real_vault)
    yield context
    close_on_worker(context)


@pytest.fixture
def screen(qtbot, ctx: DeskContext) -> UnlockScreen:
    widget = UnlockScreen(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def accessible_name(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def texts(widget) -> str:
    return " ".join(label.text() for label in widget.findChildren(QLabel))


# --- unlock ------------------------------------------------------------------------------
def test_right_passphrase_unlocks_on_the_worker(qtbot, screen: UnlockScreen,
                                                ctx: DeskContext) -> None:
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    with qtbot.waitSignal(screen.unlocked, timeout=WAIT_MS):
        screen.unlock_button.click()
        assert screen.passphrase.text() == ""  # dropped as soon as it went to the worker
        assert screen.is_busy and screen.busy.isVisible()
    assert ctx.is_unlocked
    assert not screen.is_busy
    assert ctx.worker.call(lambda: ctx._services.settings.get().auto_lock_minutes) >= 1


def test_enter_in_the_field_unlocks(qtbot, screen: UnlockScreen) -> None:
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    with qtbot.waitSignal(screen.unlocked, timeout=WAIT_MS):
        qtbot.keyClick(screen.passphrase, "\r")


def test_wrong_passphrase_message_clears_field_then_delay(qtbot, screen: UnlockScreen,
                                                          ctx: DeskContext) -> None:
    qtbot.keyClicks(screen.passphrase, "dit is niet de goede zin")
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: screen.failures == 1 and not screen.is_busy, timeout=WAIT_MS)
    assert screen.message.text() == wrong_passphrase_text()
    assert screen.message.text().startswith("Onjuiste wachtwoordzin")
    assert not re.search(r"wachtwoord(?!zin)", screen.message.text())
    assert not screen.message.isHidden()
    assert screen.passphrase.text() == ""
    assert screen.unlock_button.isEnabled()  # no delay after the first failure
    assert not ctx.is_unlocked

    qtbot.keyClicks(screen.passphrase, "ook niet de goede zin")
    screen.unlock_button.click()
    qtbot.waitUntil(lambda: screen.failures == 2, timeout=WAIT_MS)
    assert screen.waiting
    assert not screen.unlock_button.isEnabled()
    assert not screen.passphrase.isEnabled()
    assert screen.message.text() == wrong_passphrase_text()
    # two attempts are not "te vaak" yet; one second is singular
    assert screen.status.text() == "Wacht 1 seconde voordat u het opnieuw probeert."
    # the delay ends by itself and the screen is usable again
    qtbot.waitUntil(lambda: screen.unlock_button.isEnabled(), timeout=WAIT_MS)
    assert screen.unlock_button.text() == "&Ontgrendelen"


def test_delay_grows_and_is_capped() -> None:
    delays = [delay_after(n) for n in range(1, 10)]
    assert delays[:4] == [0, 1, 2, 4]
    assert delays == sorted(delays)
    assert delay_after(50) == 30


def test_empty_passphrase_gives_a_message_and_no_worker_call(qtbot, ctx: DeskContext) -> None:
    calls: list[Path] = []
    widget = UnlockScreen(ctx, opener=lambda path, pw: calls.append(path))
    qtbot.addWidget(widget)
    widget.show()
    widget.unlock_button.click()
    assert widget.message.text() == "Typ eerst de wachtwoordzin van deze kluis."
    assert not widget.message.isHidden()
    assert not widget.is_busy and not ctx.worker.busy
    assert ctx.worker.call(lambda: len(calls)) == 0  # nothing was queued before this


def test_known_error_shows_its_message(qtbot, tmp_path: Path, worker: Worker) -> None:
    context = DeskContext(worker, tmp_path / "weg" / "kluis.mhd")
    widget = UnlockScreen(context)
    qtbot.addWidget(widget)
    qtbot.keyClicks(widget.passphrase, PASSPHRASE)
    widget.unlock_button.click()
    qtbot.waitUntil(lambda: not widget.is_busy and bool(widget.message.text()),
                    timeout=WAIT_MS)
    assert widget.message.text().startswith("Geen kluis gevonden")
    assert "Andere kluis openen" in widget.message.text()
    assert widget.failures == 0 and widget.unlock_button.isEnabled()


def test_opener_gets_path_and_passphrase_on_the_worker(qtbot, ctx: DeskContext) -> None:
    seen: list[tuple[Path, str, bool]] = []

    def opener(path: Path, passphrase: str) -> object:
        seen.append((path, passphrase, ctx.worker.on_worker_thread()))
        return None

    widget = UnlockScreen(ctx, opener=opener)
    qtbot.addWidget(widget)
    qtbot.keyClicks(widget.passphrase, "een zin")
    with qtbot.waitSignal(widget.unlocked, timeout=WAIT_MS):
        widget.unlock_button.click()
    assert seen == [(ctx.vault_path, "een zin", True)]


def test_demo_passphrase_only_for_the_demo_vault(qtbot, screen: UnlockScreen,
                                                 tmp_path: Path) -> None:
    assert DEMO_PASSPHRASE == launch.DEMO_PASSPHRASE
    assert DEMO_PASSPHRASE not in texts(screen)
    assert screen.demo_banner.isHidden() and screen.fill_demo.isHidden()

    demo = tmp_path / "demo" / "demo-kluis.mhd"
    create_vault(demo, DEMO_PASSPHRASE).close()
    screen.set_vault(demo, is_demo=True)
    assert not screen.demo_banner.isHidden()
    assert screen.demo_banner.text() == "DEMO — fictieve gegevens"
    assert DEMO_PASSPHRASE in screen.demo_hint.text()
    screen.fill_demo.click()
    assert screen.passphrase.text() == DEMO_PASSPHRASE
    with qtbot.waitSignal(screen.unlocked, timeout=WAIT_MS):
        screen.unlock_button.click()

    screen.ctx.worker.call(lambda: screen.ctx._services.close())
    screen.set_vault(tmp_path / "kluizen" / "kluis.mhd", is_demo=False)
    assert DEMO_PASSPHRASE not in texts(screen)
    assert screen.demo_banner.isHidden()


def test_screen_shows_the_file_and_has_accessible_names(screen: UnlockScreen,
                                                        real_vault: Path) -> None:
    assert screen.vault_name.text() == "kluis.mhd"
    assert str(real_vault.parent) in screen.vault_folder.text()
    assert screen.passphrase_label.buddy() is screen.passphrase
    assert accessible_name(screen.passphrase) == "Wachtwoordzin"
    assert accessible_name(screen.unlock_button) == "Ontgrendelen"
    assert screen.open_other.text() == "Andere kluis openen…"
    assert screen.create_new.text() == "Nieuwe kluis maken…"
    assert screen.passphrase.echoMode() == screen.passphrase.EchoMode.Password


def test_open_another_vault_switches(qtbot, screen: UnlockScreen, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "ander" / "tweede.mhd"
    create_vault(other, PASSPHRASE).close()
    monkeypatch.setattr(UnlockScreen, "ask_open_file", staticmethod(lambda *a: other))
    with qtbot.waitSignal(screen.vault_changed) as blocker:
        screen.open_other.click()
    assert blocker.args == [other]
    assert screen.ctx.vault_path == other and screen.vault_name.text() == "tweede.mhd"


# --- recent vault ------------------------------------------------------------------------
def test_recent_vault_stores_only_the_path(qapp, real_vault: Path) -> None:
    assert last_vault() is None
    remember_vault(real_vault)
    assert last_vault() == real_vault
    ini = settings_file()
    assert ini is not None and ini.is_file()
    stored = QSettings(str(ini), QSettings.Format.IniFormat)
    assert stored.allKeys() == ["vault/last"]
    assert PASSPHRASE not in ini.read_text(encoding="utf-8")
    from mensenhandel_desk.ui.app import choose_vault

    assert choose_vault(None, demo=True) == (real_vault, False)
    real_vault.unlink()
    assert last_vault() is None  # a vanished file is not offered


# --- single instance ---------------------------------------------------------------------
def test_second_instance_knocks_and_the_first_is_raised(qtbot, real_vault: Path) -> None:
    first = SingleInstance(real_vault)
    second = SingleInstance(real_vault)
    try:
        assert first.acquire()
        with qtbot.waitSignal(first.raise_requested, timeout=5000):
            assert not second.acquire()
        other = SingleInstance(real_vault.with_name("ander.mhd"))
        assert other.acquire()  # another vault is another instance
        other.release()
    finally:
        first.release()
    third = SingleInstance(real_vault)
    assert third.acquire()  # released: the next start is first again
    third.release()


def test_server_name_reveals_no_path_or_user(real_vault: Path) -> None:
    name = server_name(real_vault)
    assert name == server_name(real_vault.parent / "." / real_vault.name)
    assert real_vault.name not in name and "kluizen" not in name
    assert len(name) < 40


@pytest.mark.skipif(sys.platform == "win32", reason="Unix socket files")
def test_stale_socket_of_a_crashed_instance_is_replaced(qapp, real_vault: Path) -> None:
    stale = Path(QDir.tempPath()) / server_name(real_vault)
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(stale))  # a socket file nobody listens on, like after a crash
    leftover.close()
    try:
        instance = SingleInstance(real_vault)
        assert instance.acquire()
        instance.release()
    finally:
        stale.unlink(missing_ok=True)


# --- the desk: one instance, unlock screen first ------------------------------------------
def test_desk_shows_unlock_and_a_second_start_raises_the_first(qtbot, ctx: DeskContext,
                                                               worker: Worker) -> None:
    from mensenhandel_desk.ui.app import Desk

    desk = Desk(ctx)
    qtbot.addWidget(desk.window)
    assert desk.acquire()
    try:
        desk.show()
        assert desk.window.faces.currentWidget() is desk.unlock
        twin = Desk(DeskContext(worker, ctx.vault_path))
        qtbot.addWidget(twin.window)
        with qtbot.waitSignal(desk.instance.raise_requested, timeout=5000):
            assert not twin.acquire()
        qtbot.keyClicks(desk.unlock.passphrase, PASSPHRASE)
        with qtbot.waitSignal(ctx.unlocked, timeout=WAIT_MS):
            desk.unlock.unlock_button.click()
        assert last_vault() == ctx.vault_path
        assert desk.window.faces.currentWidget() is desk.window.workspace
        with qtbot.waitSignal(ctx.locked, timeout=WAIT_MS):
            ctx.lock("quit")
    finally:
        desk.instance.release()


def test_the_start_screens_do_not_import_the_heavy_stack() -> None:
    """The unlock screen paints before SQLAlchemy, Alembic and reportlab are loaded;
    preload_heavy_stack/the opener load them on the worker."""
    import subprocess

    code = ("import sys, mensenhandel_desk.ui.start\n"
            "heavy = [m for m in ('sqlalchemy', 'alembic', 'reportlab', 'sqlcipher3',\n"
            "         'mensenhandel_desk.services.session', 'mensenhandel_desk.cli')\n"
            "         if m in sys.modules]\n"
            "print(heavy)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stdout.strip() == "[]"


def test_preload_runs_on_the_worker(qtbot, ctx: DeskContext) -> None:
    from mensenhandel_desk.ui.start import preload_heavy_stack

    task = preload_heavy_stack(ctx)
    qtbot.waitUntil(task.done.is_set, timeout=WAIT_MS)
    assert "mensenhandel_desk.services.session" in sys.modules


# --- tester's findings: focus, grammar, errors, notice ------------------------------------
def test_wait_text_grammar() -> None:
    assert wait_text(2, 1) == "Wacht 1 seconde voordat u het opnieuw probeert."
    assert wait_text(2, 2) == "Wacht 2 seconden voordat u het opnieuw probeert."
    assert wait_text(3, 1) == ("Te vaak een onjuiste wachtwoordzin. Wacht 1 seconde voordat "
                               "u het opnieuw probeert.")
    assert wait_text(4, 4).startswith("Te vaak een onjuiste wachtwoordzin. Wacht 4 seconden")


def test_third_failure_says_too_often(qtbot, ctx: DeskContext) -> None:
    def opener(path: Path, passphrase: str) -> object:
        raise WrongPassphrase()

    widget = UnlockScreen(ctx, opener=opener)
    qtbot.addWidget(widget)
    widget.show()
    for attempt in (1, 2, 3):
        qtbot.waitUntil(lambda: widget.unlock_button.isEnabled(), timeout=WAIT_MS)
        qtbot.keyClicks(widget.passphrase, "fout")
        widget.unlock_button.click()
        qtbot.waitUntil(lambda n=attempt: widget.failures == n, timeout=WAIT_MS)
        if attempt < 3:
            assert "Te vaak" not in texts(widget)
    assert widget.status.text().startswith("Te vaak een onjuiste wachtwoordzin. Wacht 2 ")


def test_passphrase_field_has_focus_when_the_main_window_shows_the_screen(
        qtbot, ctx: DeskContext) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    faces = QStackedWidget(window)
    QVBoxLayout(window).addWidget(faces)
    work = QLineEdit()
    unlock = UnlockScreen(ctx)
    faces.addWidget(work)
    faces.addWidget(unlock)
    faces.setCurrentWidget(work)
    window.show()
    work.setFocus()
    assert window.focusWidget() is work
    # what the main window does on a lock:
    faces.setCurrentWidget(unlock)
    unlock.setFocus()
    assert window.focusWidget() is unlock.passphrase
    assert unlock.focusProxy() is unlock.passphrase


def test_focus_returns_to_the_field_after_the_file_dialog_and_the_wizard(
        qtbot, screen: UnlockScreen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(UnlockScreen, "ask_open_file", staticmethod(lambda *a: None))
    screen.open_other.setFocus()
    screen.open_other.click()  # Esc in the file dialog: nothing chosen
    assert screen.focusWidget() is screen.passphrase

    screen.create_new.setFocus()
    screen.create_new.click()
    wizard = screen._wizard
    assert isinstance(wizard, FirstStartWizard) and wizard.isVisible()
    wizard.reject()  # "Annuleren"
    assert screen.focusWidget() is screen.passphrase
    # a space typed now goes into the field, never into a button
    qtbot.keyClicks(screen.passphrase, "een zin met spaties")
    assert screen.passphrase.text() == "een zin met spaties"


def test_link_buttons_show_keyboard_focus(qtbot, screen: UnlockScreen) -> None:
    for button in (screen.open_other, screen.create_new):
        assert not button.isFlat()
        assert ":focus" in button.styleSheet()
        assert button.focusPolicy() & screen.passphrase.focusPolicy().TabFocus
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.passphrase.setFocus()
    plain = screen.open_other.grab().toImage()
    screen.open_other.setFocus()
    qtbot.waitUntil(screen.open_other.hasFocus)
    focused = screen.open_other.grab().toImage()
    assert plain != focused  # the outline is drawn


def test_empty_passphrase_message_is_really_visible(qtbot, screen: UnlockScreen) -> None:
    screen.resize(640, 520)
    qtbot.keyClick(screen.passphrase, "\r")
    assert screen.message.text() == "Typ eerst de wachtwoordzin van deze kluis."
    assert screen.message.isVisible()
    assert screen.message.height() > 0 and not screen.message.visibleRegion().isEmpty()
    assert screen.focusWidget() is screen.passphrase


def test_a_new_attempt_clears_the_old_error(qtbot, ctx: DeskContext, tmp_path: Path) -> None:
    release = threading.Event()
    outcomes = iter(["wrong", "wait"])

    def opener(path: Path, passphrase: str) -> object:
        if next(outcomes) == "wrong":
            raise WrongPassphrase()
        release.wait(30)
        return None

    demo = tmp_path / "demo" / "demo-kluis.mhd"
    widget = UnlockScreen(ctx, opener=opener)
    qtbot.addWidget(widget)
    widget.show()
    widget.set_vault(demo, is_demo=True)
    qtbot.keyClicks(widget.passphrase, "fout")
    widget.unlock_button.click()
    qtbot.waitUntil(lambda: widget.failures == 1, timeout=WAIT_MS)
    assert widget.message.isVisible()
    widget.fill_demo.click()
    assert widget.message.isHidden()  # the fill-in button starts a new attempt
    widget._show_message("oude fout")
    with qtbot.waitSignal(widget.unlocked, timeout=WAIT_MS):
        widget.unlock_button.click()
        assert widget.is_busy and widget.message.isHidden()  # gone before the result
        release.set()


def test_notice_is_shown_and_cleared_by_an_unlock(qtbot, screen: UnlockScreen) -> None:
    assert screen.notice.isHidden()
    screen.show_notice("Automatisch vergrendeld na 5 minuten zonder activiteit.")
    assert screen.notice.isVisible()
    assert screen.notice_text == "Automatisch vergrendeld na 5 minuten zonder activiteit."
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    with qtbot.waitSignal(screen.unlocked, timeout=WAIT_MS):
        screen.unlock_button.click()
    assert screen.notice.isHidden() and screen.notice_text == ""
