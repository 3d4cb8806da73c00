"""Inactivity: an application-wide event filter, a warning before the lock, one key extends.

Modelled on KeePassXC's ``src/core/InactivityTimer.cpp``: the timer is an event filter on
the ``QApplication`` and every *user input* event (keys, mouse buttons, real mouse
movement, wheel, touch, tablet, input method, shortcuts) restarts it. Paint, timer,
hover, enter/leave and other synthetic events do not: a window appearing under a still
mouse pointer must not keep the vault open.

Unlike KeePassXC the officer is warned first (EN 301 549 11.2.2.1, timing adjustable):
``warn(seconds_left)`` is emitted ``warning_ms`` before the lock and then once a second;
any input (or ``extend()``) restarts the full timeout and emits ``extended``; at the end
``expired`` is emitted once and the timer stops until ``start()`` is called again (the
lock controller starts it on every unlock).

Threading: GUI thread only. An application event filter sees only objects living on the
GUI thread, which is where all input arrives.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.i18n import _

DEFAULT_WARNING_MS = 30_000
TICK_MS = 1_000

_T = QEvent.Type
#: Events that mean "a person is at the keyboard or mouse".
INPUT_EVENTS = frozenset({
    _T.KeyPress, _T.KeyRelease, _T.ShortcutOverride, _T.Shortcut, _T.InputMethod,
    _T.MouseButtonPress, _T.MouseButtonRelease, _T.MouseButtonDblClick, _T.MouseMove,
    _T.Wheel,
    _T.TouchBegin, _T.TouchUpdate, _T.TouchEnd,
    _T.TabletPress, _T.TabletMove, _T.TabletRelease,
})


def effective_warning_ms(timeout_ms: int, warning_ms: int) -> int:
    """The warning period actually used: never more than half the timeout."""
    return max(0, min(warning_ms, timeout_ms // 2))


class InactivityTimer(QObject):
    """Emits ``warn`` and then ``expired`` when the officer has not touched the app.

    Args:
        timeout_ms: idle time until ``expired``.
        warning_ms: how long before ``expired`` the first ``warn`` comes (default 30 s;
            clamped to half the timeout, so a short timeout still warns).
        parent: Qt parent.

    Signals:
        warn(int): seconds left until the lock; at the start of the warning period and
            then every second.
        extended(): input (or ``extend()``) restarted the timer while a warning was up;
            hide the warning.
        expired(): the timeout passed without input. Emitted once; the timer is then
            inactive until ``start()``.
    """

    warn = Signal(int)
    extended = Signal()
    expired = Signal()

    def __init__(self, timeout_ms: int, warning_ms: int = DEFAULT_WARNING_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_ms = max(1, int(timeout_ms))
        self._warning_ms = max(0, int(warning_ms))
        self._active = False
        self._warning = False
        self._filter_installed = False
        self._last_mouse: QPointF | None = None

        self._lock_timer = QTimer(self)
        self._lock_timer.setSingleShot(True)
        self._lock_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._lock_timer.timeout.connect(self._on_expired)
        self._warn_timer = QTimer(self)
        self._warn_timer.setSingleShot(True)
        self._warn_timer.setTimerType(Qt.TimerType.PreciseTimer)  # coarse may fire 5% early
        self._warn_timer.timeout.connect(self._on_warn)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick.timeout.connect(self._on_tick)

    # --- configuration -------------------------------------------------------------------
    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    @property
    def warning_ms(self) -> int:
        """The warning period in use (already clamped to the timeout)."""
        return effective_warning_ms(self._timeout_ms, self._warning_ms)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """Change the timeout; a running timer restarts with the new value."""
        self._timeout_ms = max(1, int(timeout_ms))
        if self._active:
            self._restart()

    # --- state ---------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._active

    @property
    def warning(self) -> bool:
        """True between the first ``warn`` and ``extended``/``expired``/``stop``."""
        return self._warning

    def seconds_left(self) -> int:
        """Whole seconds until ``expired`` (rounded up); 0 when inactive."""
        if not self._active:
            return 0
        return max(0, math.ceil(self._lock_timer.remainingTime() / 1000))

    # --- control -------------------------------------------------------------------------
    def start(self) -> None:
        """Watch input app-wide and (re)start the full timeout."""
        app = QApplication.instance()
        if app is not None and not self._filter_installed:
            app.installEventFilter(self)
            self._filter_installed = True
        self._active = True
        self._restart()

    def stop(self) -> None:
        """Stop watching; no ``warn`` or ``expired`` until ``start()``."""
        self._active = False
        self._warning = False
        self._lock_timer.stop()
        self._warn_timer.stop()
        self._tick.stop()
        app = QApplication.instance()
        if app is not None and self._filter_installed:
            app.removeEventFilter(self)
        self._filter_installed = False

    @Slot()
    def extend(self) -> None:
        """Restart the full timeout (the "Doorwerken" button; any input does the same)."""
        if self._active:
            self._restart()

    # --- internals -----------------------------------------------------------------------
    def _restart(self) -> None:
        was_warning = self._warning
        self._warning = False
        self._tick.stop()
        self._lock_timer.start(self._timeout_ms)
        warning = self.warning_ms
        if warning > 0:
            self._warn_timer.start(self._timeout_ms - warning)
        else:
            self._warn_timer.stop()
        if was_warning:
            self.extended.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self._active and event.type() in INPUT_EVENTS and self._is_real_input(event):
            self._restart()
        return False  # never swallow the officer's input

    def _is_real_input(self, event: QEvent) -> bool:
        """Mouse moves count only when the pointer really moved (Qt synthesises moves at
        the same position when widgets appear or scroll under a still pointer)."""
        if event.type() != QEvent.Type.MouseMove or not isinstance(event, QMouseEvent):
            return True
        position = event.globalPosition()
        if self._last_mouse is not None and position == self._last_mouse:
            return False
        self._last_mouse = QPointF(position)
        return True

    @Slot()
    def _on_warn(self) -> None:
        if not self._active:
            return
        self._warning = True
        self._tick.start()
        self.warn.emit(max(1, self.seconds_left()))

    @Slot()
    def _on_tick(self) -> None:
        if self._active and self._warning:
            self.warn.emit(max(1, self.seconds_left()))

    @Slot()
    def _on_expired(self) -> None:
        if not self._active:
            return
        self.stop()  # once per start(), even if a slot below spins an event loop
        self.expired.emit()


WARNING_MIN_WIDTH = 420


class IdleWarning(QDialog):
    """A small warning: "the vault locks in n seconds; press a key".

    Non-modal on purpose: it must not take over an open dialog's event loop, and any key
    anywhere in the app extends the timer (the inactivity filter sees it). Enter or a
    click on "Doorwerken" emits ``extend_requested``; Escape does too (it is a key).

    When another modal dialog is open (a message box in ``exec()``), a non-modal window
    would be blocked by it and could stay hidden behind it; the warning is then shown as
    application-modal (``show()``, no event loop of its own), which puts it on top of the
    modal stack, able to take keys and clicks. It goes back to non-modal when dismissed.

    Signals:
        extend_requested(): the officer wants to keep working; connect to
            ``InactivityTimer.extend``.
    """

    extend_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setWindowTitle(_("Locking"))  # short: a long title is cut off
        self.setMinimumWidth(WARNING_MIN_WIDTH)
        self.setAccessibleName(_("Lock warning"))
        self._seconds = 0
        self._announced = False

        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._button = QPushButton(_("Keep working"), self)
        self._button.setAccessibleName(_("Keep working"))
        self._button.setAccessibleDescription(
            _("Restarts the time until the vault locks."))
        self._button.setDefault(True)
        self._button.setAutoDefault(True)
        self._button.clicked.connect(self._extend)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._label)
        layout.addLayout(buttons)
        self.set_seconds_left(0)

    @property
    def button(self) -> QPushButton:
        return self._button

    @property
    def text(self) -> str:
        return self._label.text()

    @property
    def seconds_left(self) -> int:
        return self._seconds

    def set_seconds_left(self, seconds: int) -> None:
        """Update the countdown text (called every second by ``InactivityTimer.warn``)."""
        self._seconds = max(0, int(seconds))
        if self._seconds == 1:
            text = _("The vault will lock in 1 second. Press any key to keep working.")
        else:
            text = _("The vault will lock in {n} seconds. Press any key to keep "
                     "working.").format(n=self._seconds)
        self._label.setText(text)
        self._label.setAccessibleName(text)
        self.setAccessibleDescription(text)

    @Slot(int)
    def show_countdown(self, seconds: int) -> None:
        """Show (if hidden) with ``seconds`` left; the first show is announced as an alert
        to assistive technology, later ticks only update the text."""
        self.set_seconds_left(seconds)
        if not self.isVisible():
            other_modal = QApplication.activeModalWidget()
            self.setWindowModality(Qt.WindowModality.ApplicationModal
                                   if other_modal is not None and other_modal is not self
                                   else Qt.WindowModality.NonModal)
            self.show()
            self.raise_()
            self.activateWindow()
        if not self._announced:
            self._announced = True
            event = QAccessibleEvent(self, QAccessible.Event.Alert)
            QAccessible.updateAccessibility(event)

    @Slot()
    def dismiss(self) -> None:
        """Hide without emitting anything (the timer was extended or the vault locked)."""
        self._announced = False
        self.hide()
        self.setWindowModality(Qt.WindowModality.NonModal)  # only while hidden

    def reject(self) -> None:  # Escape or the window's close button
        self._extend()

    @Slot()
    def _extend(self) -> None:
        self.dismiss()
        self.extend_requested.emit()
