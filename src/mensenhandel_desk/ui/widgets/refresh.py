"""Views that load their data on the worker when it is wanted, not while hidden.

Mix in before the Qt class (``class View(RefreshWhenShown, QWidget)``), set ``_stale =
True`` when the data is gone (created, locked) and connect ``ctx.unlocked`` to
``_on_unlocked``: the view reloads at once when visible, else the next time it is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent


class RefreshWhenShown:
    _stale: bool

    def refresh(self) -> None:
        raise NotImplementedError

    def _on_unlocked(self) -> None:
        self._stale = True
        if self.isVisible():  # type: ignore[attr-defined]
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[misc]
        ctx: Any = self.ctx  # type: ignore[attr-defined]
        if self._stale and ctx.is_unlocked:
            self.refresh()
