"""Screen-lock listeners (ui/lock/listeners.py): message decoding, slot logic, a missing
bus, and (when dbus-daemon exists) real D-Bus signals on a private bus."""

from __future__ import annotations

import ctypes
import itertools
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtCore import ClassInfo, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusObjectPath
from PySide6.QtWidgets import QApplication, QWidget

from mensenhandel_desk.ui.lock import listeners
from mensenhandel_desk.ui.lock.listeners import (
    ScreenLockListener,
    WindowsSessionFilter,
    decode_windows_message,
    install_listeners,
)

_names = itertools.count(1)


@pytest.mark.parametrize(("message", "wparam", "reason"), [
    (0x02B1, 0x7, "screen"),    # WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK
    (0x02B1, 0x2, "session"),   # WTS_CONSOLE_DISCONNECT
    (0x02B1, 0x4, "session"),   # WTS_REMOTE_DISCONNECT
    (0x02B1, 0x8, None),        # WTS_SESSION_UNLOCK
    (0x02B1, 0x1, None),        # WTS_CONSOLE_CONNECT
    (0x0218, 0x4, "suspend"),   # WM_POWERBROADCAST, PBT_APMSUSPEND
    (0x0218, 0x7, None),        # PBT_APMRESUMESUSPEND
    (0x0010, 0x7, None),        # WM_CLOSE
])
def test_windows_messages_decode(message: int, wparam: int, reason: str | None) -> None:
    assert decode_windows_message(message, wparam) == reason


def test_native_filter_reads_a_msg_struct_and_never_consumes() -> None:
    reported: list[str] = []
    native = WindowsSessionFilter(reported.append)
    msg = listeners._MSG(None, 0x02B1, 0x7, 0)
    assert native.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(msg)) == (False, 0)
    assert reported == ["screen"]
    assert native.nativeEventFilter(b"xcb_generic_event_t", ctypes.addressof(msg)) == (False, 0)
    assert native.nativeEventFilter(b"windows_generic_MSG", 0) == (False, 0)
    assert reported == ["screen"]


@pytest.mark.parametrize(("slot", "argument", "reason"), [
    ("_on_active_changed", True, "screen"),
    ("_on_prepare_for_sleep", True, "suspend"),
    ("_on_session_lock", None, "session"),
    ("_on_screen_locked", None, "screen"),
])
def test_slots_request_a_lock(qtbot, slot: str, argument, reason: str) -> None:
    listener = ScreenLockListener()
    method = getattr(listener, slot)
    with qtbot.waitSignal(listener.lock_requested) as blocker:
        method() if argument is None else method(argument)
    assert blocker.args == [reason]


def test_screensaver_off_and_resume_do_not_lock(qtbot) -> None:
    listener = ScreenLockListener()
    with qtbot.assertNotEmitted(listener.lock_requested, wait=50):
        listener._on_active_changed(False)
        listener._on_prepare_for_sleep(False)


def test_a_missing_bus_is_silently_nothing(qtbot) -> None:
    name = f"mhd-missing-{next(_names)}"
    bus = QDBusConnection.connectToBus("unix:path=/nonexistent/mhd/bus", name)
    try:
        listener = ScreenLockListener()
        assert listener.watch_dbus(bus, bus) == 0
        assert listener.watch_dbus(None, None) == 0
        assert listener.subscriptions == []
        listener.close()
    finally:
        QDBusConnection.disconnectFromBus(name)


def test_install_listeners_never_raises(qtbot, monkeypatch) -> None:
    # No desktop here: whatever the buses do, the factory returns a quiet listener.
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/mhd/system")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/mhd/session")
    window = QWidget()
    window.setAccessibleName("Hoofdvenster")
    qtbot.addWidget(window)
    listener = install_listeners(QApplication.instance(), window)
    assert isinstance(listener, ScreenLockListener)
    listener.close()
    listener.close()  # idempotent


def test_windows_filter_installs_and_closes_anywhere(qtbot) -> None:
    listener = ScreenLockListener()
    assert listener.watch_windows(QApplication.instance(), None)
    assert "windows:native-filter" in listener.subscriptions
    listener.close()
    assert listener.subscriptions == []


# --- a real (private) D-Bus ------------------------------------------------------------------
@pytest.fixture
def private_bus() -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    process = subprocess.Popen([daemon, "--session", "--print-address", "--nofork",
                                "--nopidfile"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        address = process.stdout.readline().strip()
        if not address:
            pytest.skip("dbus-daemon did not start")
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture
def buses(private_bus: str) -> Iterator[tuple[QDBusConnection, QDBusConnection]]:
    """(listening connection, sending connection) on the private bus."""
    number = next(_names)
    names = (f"mhd-listen-{number}", f"mhd-send-{number}")
    listen = QDBusConnection.connectToBus(private_bus, names[0])
    send = QDBusConnection.connectToBus(private_bus, names[1])
    assert listen.isConnected() and send.isConnected()
    try:
        yield listen, send
    finally:
        for name in names:
            QDBusConnection.disconnectFromBus(name)


def _signal(bus: QDBusConnection, path: str, interface: str, name: str, *args) -> None:
    message = QDBusMessage.createSignal(path, interface, name)
    if args:
        message.setArguments(list(args))
    assert bus.send(message)


def test_real_screensaver_signal_requests_a_lock(qtbot, buses) -> None:
    listen, send = buses
    assert send.registerService("org.freedesktop.ScreenSaver")
    listener = ScreenLockListener()
    assert listener.watch_dbus(listen, None) >= 3
    try:
        with qtbot.waitSignal(listener.lock_requested, timeout=10_000) as blocker:
            _signal(send, "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver",
                    "ActiveChanged", True)
        assert blocker.args == ["screen"]
    finally:
        listener.close()


def test_real_logind_sleep_and_session_lock(qtbot, buses) -> None:
    listen, send = buses  # the private bus stands in for the system bus
    assert send.registerService("org.freedesktop.login1")
    session = "/org/freedesktop/login1/session/_31"
    listener = ScreenLockListener()
    assert listener.watch_dbus(None, listen, session_path=session) == 2
    try:
        with qtbot.waitSignal(listener.lock_requested, timeout=10_000) as blocker:
            _signal(send, "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
                    "PrepareForSleep", True)
        assert blocker.args == ["suspend"]
        with qtbot.waitSignal(listener.lock_requested, timeout=10_000) as blocker:
            _signal(send, session, "org.freedesktop.login1.Session", "Lock")
        assert blocker.args == ["session"]
    finally:
        listener.close()


def test_session_look_up_without_logind_is_harmless(qtbot, buses) -> None:
    listen, _send = buses  # nobody answers GetSession on this bus
    listener = ScreenLockListener()
    assert listener.watch_dbus(None, listen) == 1  # PrepareForSleep only, for now
    qtbot.waitUntil(lambda: not listener._watchers, timeout=10_000)  # error reply handled
    assert not any("Session.Lock" in s for s in listener.subscriptions)
    listener.close()


@ClassInfo({"D-Bus Interface": "org.freedesktop.login1.Manager"})
class _FakeLogind(QObject):
    """Answers GetSession like logind does: with the session's object path."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    @Slot(str, result=QDBusObjectPath)
    def GetSession(self, session_id: str) -> QDBusObjectPath:  # noqa: N802 (D-Bus name)
        self.asked.append(session_id)
        return QDBusObjectPath("/org/freedesktop/login1/session/c2")


def test_session_found_through_logind_then_its_lock_signal_locks(qtbot, buses,
                                                                 monkeypatch) -> None:
    monkeypatch.setenv("XDG_SESSION_ID", "c2")
    listen, send = buses
    logind = _FakeLogind()
    assert send.registerService("org.freedesktop.login1")
    assert send.registerObject("/org/freedesktop/login1", logind,
                               QDBusConnection.RegisterOption.ExportAllSlots)
    listener = ScreenLockListener()
    listener.watch_dbus(None, listen)
    try:
        qtbot.waitUntil(lambda: any("Session.Lock" in s for s in listener.subscriptions),
                        timeout=10_000)
        assert logind.asked == ["c2"]
        with qtbot.waitSignal(listener.lock_requested, timeout=10_000) as blocker:
            _signal(send, "/org/freedesktop/login1/session/c2",
                    "org.freedesktop.login1.Session", "Lock")
        assert blocker.args == ["session"]
    finally:
        listener.close()
        send.unregisterObject("/org/freedesktop/login1")
