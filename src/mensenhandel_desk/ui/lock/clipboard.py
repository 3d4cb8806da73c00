"""The clipboard guard: copy with "do not keep" hints, clear only our own text.

Modelled on KeePassXC's ``src/gui/Clipboard.cpp``:

- the copy carries ``text/plain`` plus the hints clipboard managers honour:
  ``x-kde-passwordManagerHint = secret`` (Klipper, wl-clip-persist, CopyQ) and the Windows
  formats ``ExcludeClipboardContentFromMonitorProcessing``, ``CanIncludeInClipboardHistory``
  = DWORD 0 (kept out of Win+V history) and ``CanUploadToCloudClipboard`` = DWORD 0 (not
  synced to other devices). Qt registers a custom MIME name as a Windows clipboard format
  of the same name, and the names are inert elsewhere, so every platform gets them all;
- it is cleared ``clear_after_ms`` after the copy, on lock and on quit, but only when the
  clipboard (or the X11 selection) still holds exactly what we put there: something the
  officer copied from another program afterwards is never touched.

We keep a salted hash of the copied text, not the text itself.

Threading: GUI thread only (``QClipboard`` is a GUI-thread object).
"""

from __future__ import annotations

import hashlib
import os

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

DEFAULT_CLEAR_AFTER_MS = 30_000
_DWORD_ZERO = b"\x00\x00\x00\x00"

#: MIME format -> bytes added to every copy (see the module docstring).
EXCLUSION_HINTS: dict[str, bytes] = {
    "x-kde-passwordManagerHint": b"secret",
    "ExcludeClipboardContentFromMonitorProcessing": _DWORD_ZERO,
    "CanIncludeInClipboardHistory": _DWORD_ZERO,
    "CanUploadToCloudClipboard": _DWORD_ZERO,
}


class SecureClipboard(QObject):
    """Copies text for the officer and takes it away again.

    Args:
        clear_after_ms: clear this long after a copy (0 = only on lock and quit).
        parent: Qt parent.

    Signals:
        cleared(): our text was removed from the clipboard (by the timer, a lock or quit).
    """

    cleared = Signal()

    def __init__(self, clear_after_ms: int = DEFAULT_CLEAR_AFTER_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clear_after_ms = max(0, int(clear_after_ms))
        self._salt = os.urandom(16)
        self._digest: bytes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)
        app = QGuiApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.clear_if_ours)

    @property
    def clear_after_ms(self) -> int:
        return self._clear_after_ms

    def set_clear_after_ms(self, milliseconds: int) -> None:
        """Change the delay for later copies (a pending clear keeps its time)."""
        self._clear_after_ms = max(0, int(milliseconds))

    @property
    def clear_pending(self) -> bool:
        """True while a timed clear is scheduled."""
        return self._timer.isActive()

    @property
    def holds_ours(self) -> bool:
        """True while the clipboard (or selection) still holds our last copy."""
        if self._digest is None:
            return False
        return any(self._is_ours(mode) for mode in self._modes())

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard (and the X11 selection) with the exclusion hints;
        schedule the clear."""
        clipboard = QGuiApplication.clipboard()
        for mode in self._modes():
            clipboard.setMimeData(self._mime(text), mode)  # the clipboard takes ownership
        self._digest = self._hash(text)
        if self._clear_after_ms > 0:
            self._timer.start(self._clear_after_ms)

    @Slot()
    def clear_if_ours(self) -> bool:
        """Clear the clipboard only if it still holds exactly our text. Returns whether
        something was cleared. Safe to call at any time (lock, quit, timer)."""
        self._timer.stop()
        if self._digest is None:
            return False
        clipboard = QGuiApplication.clipboard()
        cleared = False
        for mode in self._modes():
            if self._is_ours(mode):
                clipboard.clear(mode)
                cleared = True
        self._digest = None
        if cleared:
            self.cleared.emit()
        return cleared

    # --- internals -----------------------------------------------------------------------
    @staticmethod
    def _mime(text: str) -> QMimeData:
        mime = QMimeData()
        mime.setText(text)
        for fmt, value in EXCLUSION_HINTS.items():
            mime.setData(fmt, value)
        return mime

    @staticmethod
    def _modes() -> list[QClipboard.Mode]:
        clipboard = QGuiApplication.clipboard()
        modes = [QClipboard.Mode.Clipboard]
        if clipboard.supportsSelection():
            modes.append(QClipboard.Mode.Selection)
        return modes

    def _hash(self, text: str) -> bytes:
        # Line endings are normalised: Windows stores CR LF and may hand back either form.
        data = text.replace("\r\n", "\n").encode("utf-8")
        return hashlib.blake2b(data, key=self._salt, digest_size=32).digest()

    def _is_ours(self, mode: QClipboard.Mode) -> bool:
        current = QGuiApplication.clipboard().text(mode)
        return bool(current) and self._hash(current) == self._digest
