"""Lock when the operating system locks the screen, suspends or disconnects the session.

Modelled on KeePassXC's ``ScreenLockListenerDBus.cpp`` and ``ScreenLockListenerWin.cpp``.
These listeners *back up* the inactivity timer; they are never the only trigger, so every
part is guarded: no D-Bus, no logind, no wtsapi32, an unknown desktop -> silently nothing.

Linux and other D-Bus desktops (``watch_dbus``):

- session bus ``ActiveChanged(bool)`` of ``org.freedesktop.ScreenSaver``,
  ``org.gnome.ScreenSaver`` and ``org.kde.screensaver`` -> ``"screen"`` when true;
  ``com.canonical.Unity.Session.Locked`` -> ``"screen"``;
- system bus ``org.freedesktop.login1.Manager.PrepareForSleep(bool)`` -> ``"suspend"`` when
  true, and ``org.freedesktop.login1.Session.Lock`` on our own session (looked up
  asynchronously: ``GetSession($XDG_SESSION_ID or "auto")``) -> ``"session"``.

Windows (``watch_windows``): ``WTSRegisterSessionNotification`` on the main window's HWND and
a native event filter: ``WM_WTSSESSION_CHANGE`` with ``WTS_SESSION_LOCK`` -> ``"screen"``,
``WTS_CONSOLE_DISCONNECT``/``WTS_REMOTE_DISCONNECT`` -> ``"session"``; ``WM_POWERBROADCAST``
with ``PBT_APMSUSPEND`` -> ``"suspend"``.

A desktop may deliver the same event more than once (KDE emits ``ActiveChanged`` on two
paths): ``lock_requested`` can repeat, and locking must be idempotent (``DeskContext.lock``
is). Threading: GUI thread only; D-Bus signals and native messages arrive there.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QCoreApplication,
    QObject,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QWidget

try:  # QtDBus is part of PySide6-Essentials, but keep a missing module harmless
    from PySide6.QtDBus import (
        QDBusConnection,
        QDBusMessage,
        QDBusPendingCallWatcher,
    )
except ImportError:  # pragma: no cover - depends on the Qt build
    QDBusConnection = None  # type: ignore[assignment,misc]

log = logging.getLogger(__name__)

# --- Windows message numbers (WinUser.h, WtsApi32.h) ----------------------------------------
WM_WTSSESSION_CHANGE = 0x02B1
WM_POWERBROADCAST = 0x0218
WTS_CONSOLE_DISCONNECT = 0x2
WTS_REMOTE_DISCONNECT = 0x4
WTS_SESSION_LOCK = 0x7
PBT_APMSUSPEND = 0x4
NOTIFY_FOR_THIS_SESSION = 0
WINDOWS_EVENT_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")

# --- D-Bus names ------------------------------------------------------------------------------
SCREENSAVERS = (  # (service, path, interface): each emits ActiveChanged(bool)
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
     "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
    ("org.kde.screensaver", "/ScreenSaver", "org.freedesktop.ScreenSaver"),
)
UNITY = ("com.canonical.Unity", "/com/canonical/Unity/Session", "com.canonical.Unity.Session")
LOGIN1 = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
LOGIN1_MANAGER = "org.freedesktop.login1.Manager"
LOGIN1_SESSION = "org.freedesktop.login1.Session"

REASONS = ("screen", "suspend", "session")


def decode_windows_message(message_id: int, wparam: int) -> str | None:
    """The lock reason a Windows message asks for, or ``None`` (pure; testable anywhere)."""
    if message_id == WM_WTSSESSION_CHANGE:
        if wparam == WTS_SESSION_LOCK:
            return "screen"
        if wparam in (WTS_CONSOLE_DISCONNECT, WTS_REMOTE_DISCONNECT):
            return "session"
    elif message_id == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND:
        return "suspend"
    return None


class _MSG(ctypes.Structure):
    """The leading fields of the Win32 ``MSG`` struct (all we read)."""

    _fields_ = [("hwnd", ctypes.c_void_p), ("message", ctypes.c_uint),
                ("wParam", ctypes.c_size_t), ("lParam", ctypes.c_ssize_t)]


class WindowsSessionFilter(QAbstractNativeEventFilter):
    """Native event filter passing decoded lock reasons to ``report`` (never consumes)."""

    def __init__(self, report: Callable[[str], None]) -> None:
        super().__init__()
        self._report = report

    def nativeEventFilter(self, event_type: Any, message: Any) -> Any:  # noqa: N802 (Qt)
        try:
            if bytes(event_type) in WINDOWS_EVENT_TYPES and message:
                msg = _MSG.from_address(int(message))
                reason = decode_windows_message(msg.message, msg.wParam)
                if reason is not None:
                    self._report(reason)
        except Exception:  # a filter must never break the event loop
            log.debug("native event not decoded", exc_info=True)
        return False, 0


class ScreenLockListener(QObject):
    """Reports operating-system lock events as ``lock_requested(reason)``.

    Build one with ``install_listeners(app, window)``; ``watch_dbus``/``watch_windows`` are
    public for tests and for callers with their own buses. Call ``close()`` before the
    window goes away (``install_listeners`` does it on ``aboutToQuit``).

    Signals:
        lock_requested(str): "screen", "suspend" or "session". Queued: emitted from the
            event loop, never from inside a native event or D-Bus dispatch.
    """

    lock_requested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dbus: list[tuple[Any, tuple[str, str, str, str], str]] = []
        self._native_filter: WindowsSessionFilter | None = None
        self._hwnd: int | None = None
        self._watchers: list[Any] = []
        self._system_bus: Any = None

    # --- what is being watched -----------------------------------------------------------
    @property
    def subscriptions(self) -> list[str]:
        """Human-readable list of what is watched (diagnostics, tests)."""
        watched = [f"dbus:{interface}.{name}@{path}"
                   for _, (_service, path, interface, name), _ in self._dbus]
        if self._native_filter is not None:
            watched.append("windows:native-filter")
        if self._hwnd is not None:
            watched.append("windows:wts-session")
        return watched

    # --- D-Bus -----------------------------------------------------------------------------
    def watch_dbus(self, session_bus: Any = None, system_bus: Any = None, *,
                   session_path: str | None = None) -> int:
        """Subscribe to screensaver signals on ``session_bus`` and to logind on
        ``system_bus`` (``QDBusConnection``s; ``None`` or unconnected = skipped). The
        logind session is looked up asynchronously unless ``session_path`` is given.
        Returns the number of subscriptions made now."""
        if QDBusConnection is None:
            return 0
        made = 0
        if _connected(session_bus):
            for service, path, interface in SCREENSAVERS:
                made += self._subscribe(session_bus, service, path, interface,
                                        "ActiveChanged", "_on_active_changed(bool)")
            made += self._subscribe(session_bus, *UNITY, "Locked", "_on_screen_locked()")
        if _connected(system_bus):
            self._system_bus = system_bus
            made += self._subscribe(system_bus, LOGIN1, LOGIN1_PATH, LOGIN1_MANAGER,
                                    "PrepareForSleep", "_on_prepare_for_sleep(bool)")
            if session_path:
                made += self._subscribe_session(session_path)
            else:
                self._look_up_session(system_bus)
        return made

    def _subscribe(self, bus: Any, service: str, path: str, interface: str, name: str,
                   slot: str) -> int:
        try:
            ok = bus.connect(service, path, interface, name, self, SLOT(slot))
        except Exception:
            log.debug("D-Bus subscription failed: %s.%s", interface, name, exc_info=True)
            return 0
        if ok:
            self._dbus.append((bus, (service, path, interface, name), slot))
        return 1 if ok else 0

    def _subscribe_session(self, session_path: str) -> int:
        return self._subscribe(self._system_bus, LOGIN1, session_path, LOGIN1_SESSION, "Lock",
                               "_on_session_lock()")

    def _look_up_session(self, bus: Any) -> None:
        # "auto" makes logind pick the caller's own (graphical) session; the reply is the
        # real object path, which is where the Lock signal is emitted.
        call = QDBusMessage.createMethodCall(LOGIN1, LOGIN1_PATH, LOGIN1_MANAGER, "GetSession")
        call.setArguments([os.environ.get("XDG_SESSION_ID") or "auto"])
        try:
            watcher = QDBusPendingCallWatcher(bus.asyncCall(call, 5_000), self)
        except Exception:
            log.debug("logind session look-up failed", exc_info=True)
            return
        watcher.finished.connect(self._on_session_found)
        self._watchers.append(watcher)

    def _on_session_found(self, watcher: Any) -> None:
        with contextlib.suppress(ValueError):
            self._watchers.remove(watcher)
        try:
            reply = watcher.reply()
            arguments = reply.arguments() if not watcher.isError() else []
            path = _object_path(arguments[0]) if arguments else ""
        except Exception:
            log.debug("logind session reply not understood", exc_info=True)
            path = ""
        finally:
            watcher.deleteLater()
        if path and self._system_bus is not None:
            self._subscribe_session(path)

    @Slot(bool)
    def _on_active_changed(self, active: bool) -> None:
        if active:
            self._request("screen")

    @Slot()
    def _on_screen_locked(self) -> None:
        self._request("screen")

    @Slot(bool)
    def _on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self._request("suspend")

    @Slot()
    def _on_session_lock(self) -> None:
        self._request("session")

    # --- Windows -------------------------------------------------------------------------
    def watch_windows(self, app: QCoreApplication, window: QWidget | None) -> bool:
        """Install the native event filter on ``app`` and register ``window``'s HWND for
        session notifications. Returns whether the filter is installed."""
        if self._native_filter is None:
            self._native_filter = WindowsSessionFilter(self._request)
            app.installNativeEventFilter(self._native_filter)
        if window is not None and sys.platform == "win32" and self._hwnd is None:
            try:
                hwnd = int(window.winId())
                wtsapi32 = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined]
                register = wtsapi32.WTSRegisterSessionNotification
                register.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
                register.restype = ctypes.c_int
                if register(hwnd, NOTIFY_FOR_THIS_SESSION):
                    self._hwnd = hwnd
            except Exception:
                log.debug("WTSRegisterSessionNotification failed", exc_info=True)
        return True

    # --- reporting and teardown ------------------------------------------------------------
    def _request(self, reason: str) -> None:
        # Queued: never lock (close dialogs, spin event loops) inside a native event or a
        # D-Bus dispatch.
        QTimer.singleShot(0, self, lambda: self.lock_requested.emit(reason))

    @Slot()
    def close(self) -> None:
        """Undo every subscription (idempotent)."""
        for bus, (service, path, interface, name), slot in self._dbus:
            with contextlib.suppress(Exception):
                bus.disconnect(service, path, interface, name, self, SLOT(slot))
        self._dbus = []
        for watcher in self._watchers:
            with contextlib.suppress(Exception):
                watcher.finished.disconnect(self._on_session_found)
        self._watchers = []
        self._system_bus = None
        if self._native_filter is not None:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeNativeEventFilter(self._native_filter)
            self._native_filter = None
        if self._hwnd is not None:
            with contextlib.suppress(Exception):
                wtsapi32 = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined]
                unregister = wtsapi32.WTSUnRegisterSessionNotification
                unregister.argtypes = [ctypes.c_void_p]
                unregister(self._hwnd)
            self._hwnd = None


def install_listeners(app: QCoreApplication, window: QWidget | None) -> ScreenLockListener:
    """Create the listener for this platform, parented to ``window`` (or ``app``), closed on
    ``aboutToQuit``. Never raises: where nothing can be watched, the listener simply never
    emits."""
    listener = ScreenLockListener(window if window is not None else app)
    try:
        if sys.platform == "win32":
            listener.watch_windows(app, window)
        elif sys.platform != "darwin" and QDBusConnection is not None:
            listener.watch_dbus(QDBusConnection.sessionBus(), QDBusConnection.systemBus())
    except Exception:
        log.debug("screen-lock listeners unavailable", exc_info=True)
    app.aboutToQuit.connect(listener.close)
    return listener


def _connected(bus: Any) -> bool:
    try:
        return bus is not None and bool(bus.isConnected())
    except Exception:
        return False


def _object_path(argument: Any) -> str:
    """``QDBusObjectPath`` (or a plain string) -> its path text."""
    path = getattr(argument, "path", None)
    if callable(path):
        return str(path())
    return str(argument or "")
