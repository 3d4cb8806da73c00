"""The lock controller: one place that decides *how* the desk locks.

Like KeePassXC's ``DatabaseWidget::lock()``: close every dialog and popup, clear the
clipboard if it still holds our text, then lock (``DeskContext.lock(reason)``: ``locking``
-> screens drop their data -> the worker closes the vault). Triggers: the inactivity timer
(``"idle"``), an operating-system listener (``"screen"``, ``"suspend"``, ``"session"``) and
the main window's own lock action (``controller.lock("manual")``).

Wiring in the main window::

    clipboard = SecureClipboard(parent=self)
    self.lock_controller = LockController(
        ctx, self, clipboard, minutes * 60_000,
        listener=install_listeners(QApplication.instance(), self))
    # settings loaded / changed:
    self.lock_controller.set_timeout_minutes(settings.auto_lock_minutes,
                                             policy.max_auto_lock_minutes)

The idle timer runs only while the vault is unlocked: it starts on ``ctx.unlocked`` and
stops on ``ctx.locking`` (whoever locked). A lock that starts elsewhere (``ctx.lock``
directly) still gets dialogs closed and the clipboard cleared through ``ctx.locking``.

After an automatic lock the unlock screen (``window.unlock_widget``, or the
``unlock_screen`` keyword) shows why: ``show_notice("Automatisch vergrendeld na 5 minuten
zonder activiteit.")``; a manual lock clears the notice. The unlock screen clears it on
a successful unlock.

Threading: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget

from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.lock.clipboard import SecureClipboard
from mensenhandel_desk.ui.lock.idle import DEFAULT_WARNING_MS, IdleWarning, InactivityTimer
from mensenhandel_desk.ui.lock.listeners import ScreenLockListener

MIN_AUTO_LOCK_MINUTES = 1
MAX_AUTO_LOCK_MINUTES = 240  # the settings service's own range
_POPUP_GUARD = 50  # never loop forever on a popup that refuses to close


def clamp_minutes(minutes: int, policy_max: int | None = None) -> int:
    """Auto-lock minutes within 1..240 and at most the policy's maximum (if any)."""
    value = max(MIN_AUTO_LOCK_MINUTES, min(MAX_AUTO_LOCK_MINUTES, int(minutes)))
    if policy_max is not None:
        value = min(value, max(MIN_AUTO_LOCK_MINUTES, int(policy_max)))
    return value


def lock_notice(reason: str, timeout_ms: int) -> str:
    """The line the unlock screen shows after a lock for ``reason`` ("" for a manual
    lock or an unknown reason)."""
    if reason == "idle":
        minutes = max(1, round(timeout_ms / 60_000))
        if minutes == 1:
            return _("Automatically locked after 1 minute without activity.")
        return _("Automatically locked after {n} minutes without activity.").format(
            n=minutes)
    if reason == "screen":
        return _("Locked because the screen was locked.")
    if reason == "suspend":
        return _("Locked because the computer went to sleep.")
    if reason == "session":
        return _("Locked because the session was locked or disconnected.")
    return ""


def close_dialogs_and_popups(keep: tuple[QWidget, ...] = ()) -> int:
    """Close every visible popup (menus, combo lists, completers) and dialog of the app,
    except the widgets in ``keep``. Returns how many were closed.

    Dialogs are ended with the base ``QDialog.done(Rejected)``, not ``reject()``/``close()``:
    an override that asks "discard changes?" would open a new modal loop and hold the
    lock up. A dialog waiting in ``exec()`` returns ``Rejected`` once control goes back to
    its event loop, so a modal box never blocks the lock.
    """
    closed = 0
    for _attempt in range(_POPUP_GUARD):
        popup = QApplication.activePopupWidget()
        if popup is None:
            break
        popup.close()
        closed += 1
    for widget in QApplication.topLevelWidgets():
        if any(widget is kept for kept in keep) or not widget.isVisible():
            continue
        if isinstance(widget, QDialog):
            QDialog.done(widget, QDialog.DialogCode.Rejected)
            if widget.isVisible():  # pragma: no cover - defensive
                widget.hide()
            closed += 1
        elif isinstance(widget, QMenu) or widget.windowType() in (
                Qt.WindowType.Popup, Qt.WindowType.ToolTip):
            widget.close()
            closed += 1
    return closed


class LockController(QObject):
    """Locks the desk on idle, on operating-system events and on request.

    Args:
        ctx: the desk context (its ``lock``, ``is_unlocked``, ``unlocked``, ``locking``).
        window: the main window (parent of the warning; never closed by a lock).
        clipboard: the app's clipboard guard, cleared (if ours) on every lock.
        timeout_ms: idle time before the lock.
        warning_ms: keyword; warning period before an idle lock (default 30 s).
        listener: keyword; a ``ScreenLockListener`` whose ``lock_requested`` locks.
        unlock_screen: keyword; the widget whose ``show_notice(text)`` says why the desk
            locked (default: ``window.unlock_widget``, looked up at each lock).
        parent: keyword; Qt parent (default ``window``).

    Attributes:
        idle: the ``InactivityTimer``.
        warning: the ``IdleWarning`` dialog.
    """

    def __init__(self, ctx: DeskContext, window: QWidget, clipboard: SecureClipboard,
                 timeout_ms: int, *, warning_ms: int = DEFAULT_WARNING_MS,
                 listener: ScreenLockListener | None = None,
                 unlock_screen: QWidget | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self._ctx = ctx
        self._window = window
        self._clipboard = clipboard
        self._keep: list[QWidget] = []
        self._unlock_screen = unlock_screen
        self._tidied = False
        self.idle = InactivityTimer(timeout_ms, warning_ms, self)
        self.warning = IdleWarning(window)

        self.idle.warn.connect(self.warning.show_countdown)
        self.idle.extended.connect(self.warning.dismiss)
        self.idle.expired.connect(self._on_idle)
        self.warning.extend_requested.connect(self.idle.extend)
        ctx.unlocked.connect(self._on_unlocked)
        ctx.locking.connect(self._on_locking)
        if listener is not None:
            self.attach_listener(listener)
        if ctx.is_unlocked:
            self.idle.start()

    # --- configuration -------------------------------------------------------------------
    @property
    def timeout_ms(self) -> int:
        return self.idle.timeout_ms

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """Set the idle timeout directly (tests; the app uses ``set_timeout_minutes``)."""
        self.idle.set_timeout_ms(timeout_ms)

    def set_timeout_minutes(self, minutes: int, policy_max: int | None = None) -> int:
        """Use ``minutes`` (the officer's setting), clamped to 1..240 and to the policy's
        ``max_auto_lock_minutes``. Returns the minutes in effect; a running timer
        restarts with them."""
        effective = clamp_minutes(minutes, policy_max)
        self.idle.set_timeout_ms(effective * 60_000)
        return effective

    def attach_listener(self, listener: ScreenLockListener) -> None:
        """Lock whenever ``listener`` reports a screen lock, suspend or disconnect."""
        listener.lock_requested.connect(self.lock)

    def keep_open(self, *widgets: QWidget) -> None:
        """Never close these windows on a lock (e.g. an unlock dialog, if the main window
        shows one as a separate window instead of a page)."""
        self._keep.extend(widgets)

    # --- locking -------------------------------------------------------------------------
    @Slot(str)
    def lock(self, reason: str = "manual") -> None:
        """Close dialogs and popups, clear our clipboard text, then ``ctx.lock(reason)``.
        Does nothing when already locked (listeners may repeat themselves)."""
        if not self._ctx.is_unlocked:
            return
        self._tidy_up()
        self._tidied = True  # the locking slot below need not do it again
        try:
            self._ctx.lock(reason)
        finally:
            self._tidied = False

    @Slot()
    def _on_idle(self) -> None:
        self.lock("idle")

    @Slot()
    def _on_unlocked(self) -> None:
        self.warning.dismiss()
        self.idle.start()

    @Slot(str)
    def _on_locking(self, reason: str) -> None:
        # A lock started elsewhere (``ctx.lock`` directly) gets the same tidy-up.
        if not self._tidied:
            self._tidy_up()
        self._tell_unlock_screen(lock_notice(reason, self.idle.timeout_ms))

    def _tell_unlock_screen(self, text: str) -> None:
        screen = self._unlock_screen
        if screen is None:
            screen = getattr(self._window, "unlock_widget", None)
        show_notice = getattr(screen, "show_notice", None)
        if callable(show_notice):
            show_notice(text)

    def _tidy_up(self) -> None:
        self.idle.stop()
        self.warning.dismiss()
        close_dialogs_and_popups(keep=(self._window, self.warning, *self._keep))
        self._clipboard.clear_if_ours()
