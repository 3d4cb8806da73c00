"""Lock discipline for the desktop client (modelled on KeePassXC).

Reusable parts the main window wires up:

- ``idle.InactivityTimer`` / ``idle.IdleWarning``: an application-wide event filter that
  restarts a timer on user input, warns before it fires, and any key extends it;
- ``listeners.ScreenLockListener`` / ``listeners.install_listeners``: lock when the
  operating system locks the screen, suspends or disconnects the session;
- ``clipboard.SecureClipboard``: copies with clipboard-manager exclusion hints and
  clears only its own text, after a delay, on lock and on quit;
- ``controller.LockController``: ties them to ``DeskContext`` (closes dialogs and popups,
  clears the clipboard, then ``ctx.lock(reason)``).

Everything here runs on the GUI thread.
"""

from mensenhandel_desk.ui.lock.clipboard import SecureClipboard
from mensenhandel_desk.ui.lock.controller import LockController
from mensenhandel_desk.ui.lock.idle import IdleWarning, InactivityTimer
from mensenhandel_desk.ui.lock.listeners import (
    ScreenLockListener,
    decode_windows_message,
    install_listeners,
)

__all__ = ["IdleWarning", "InactivityTimer", "LockController", "ScreenLockListener",
           "SecureClipboard", "decode_windows_message", "install_listeners"]
