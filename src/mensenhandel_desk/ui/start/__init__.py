"""Everything before the main window: which vault, one instance, unlock, first start.

``ui/app.py`` uses it like this (GUI thread, after the QApplication and translators)::

    choice = start.choose_vault(demo=wants_demo)
    ctx = DeskContext(Worker(), choice.path or paths.default_vault_path(),
                      is_demo=choice.is_demo)
    flow = start.start_flow(app, ctx)          # None: another instance was raised instead
    if flow is None:
        return 0
    flow.unlocked.connect(show_main_window)    # the vault is open (ctx.unlocked fired too)
    flow.cancelled.connect(app.quit)           # first-start wizard cancelled
    flow.raise_requested.connect(raise_main_window)
    return app.exec()

``flow.unlock_screen`` is the ``UnlockScreen``; the main window may take it into its stack
for later locks (``flow.unlock_screen.setParent(...)``) or make its own
``UnlockScreen(ctx)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from mensenhandel_desk import paths
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.start.demo import (
    DEMO_PASSPHRASE,
    demo_passphrase,
    demo_vault_path,
    make_demo_vault,
)
from mensenhandel_desk.ui.start.recent import forget_vault, last_vault, remember_vault
from mensenhandel_desk.ui.start.single_instance import SingleInstance, server_name
from mensenhandel_desk.ui.start.unlock import (
    UnlockScreen,
    default_opener,
    delay_after,
    preload_heavy_stack,
)
from mensenhandel_desk.ui.start.wizard import FirstStartWizard

__all__ = [
    "DEMO_PASSPHRASE",
    "FirstStartWizard",
    "SingleInstance",
    "StartFlow",
    "UnlockScreen",
    "VaultChoice",
    "choose_vault",
    "default_opener",
    "delay_after",
    "demo_passphrase",
    "demo_vault_path",
    "forget_vault",
    "last_vault",
    "make_demo_vault",
    "preload_heavy_stack",
    "remember_vault",
    "server_name",
    "start_flow",
]


@dataclass(frozen=True)
class VaultChoice:
    """The vault to start with. ``path is None``: nothing found, show the wizard."""

    path: Path | None
    is_demo: bool = False


def choose_vault(explicit: Path | None = None, *, demo: bool = False) -> VaultChoice:
    """``explicit`` (``--vault``) wins; then the demo vault when asked for; then the vault
    opened last (if the file is still there); then the default vault; else ``None``."""
    if explicit is not None:
        return VaultChoice(Path(explicit))
    if demo:
        return VaultChoice(demo_vault_path(), is_demo=True)
    remembered = last_vault()
    if remembered is not None:
        return VaultChoice(remembered)
    default = paths.default_vault_path()
    return VaultChoice(default if default.is_file() else None)


class StartFlow(QObject):
    """Drives single instance → (first-start wizard | demo creation) → unlock screen."""

    unlocked = Signal()
    cancelled = Signal()
    raise_requested = Signal()

    def __init__(self, ctx: DeskContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.instance: SingleInstance | None = None
        self.unlock_screen: UnlockScreen | None = None
        self.wizard: FirstStartWizard | None = None

    def begin(self) -> bool:
        """Start. ``False``: another instance has this vault and was asked to raise
        itself; quit this process."""
        path = self.ctx.vault_path
        if not path.exists() and not self.ctx.is_demo:
            self._show_wizard()
            return True
        if not self._acquire(path):
            return False
        screen = self._show_unlock()
        if self.ctx.is_demo and not path.exists():
            screen.set_busy(True, _("Making the demo vault with fictitious data…"))
            self.ctx.worker.submit(lambda: make_demo_vault(path),
                                   on_success=lambda _r: screen.set_busy(False),
                                   on_failure=screen.show_error)
        else:
            preload_heavy_stack(self.ctx)
        return True

    # --- steps ----------------------------------------------------------------------------
    def _acquire(self, path: Path) -> bool:
        if self.instance is not None:
            self.instance.release()
        self.instance = SingleInstance(path, self)
        self.instance.raise_requested.connect(self._raise)
        return self.instance.acquire()

    def _raise(self) -> None:
        for widget in (self.unlock_screen, self.wizard):
            if widget is not None and widget.isVisible():
                widget.raise_()
                widget.activateWindow()
        self.raise_requested.emit()

    def _show_wizard(self) -> None:
        wizard = FirstStartWizard(self.ctx)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        wizard.accepted.connect(self._wizard_done)
        wizard.rejected.connect(self.cancelled.emit)
        self.wizard = wizard
        wizard.show()
        preload_heavy_stack(self.ctx)

    def _wizard_done(self) -> None:
        wizard = self.wizard
        assert wizard is not None and wizard.vault_path is not None
        path = wizard.vault_path
        self._acquire(path)  # False is unlikely here; the vault's own lock is the guard
        if wizard.created:
            self._opened(path)
            return
        self.ctx.vault_path = path
        self.ctx.is_demo = False
        self._show_unlock()

    def _show_unlock(self) -> UnlockScreen:
        if self.unlock_screen is None:
            screen = UnlockScreen(self.ctx)
            screen.unlocked.connect(lambda: self._opened(self.ctx.vault_path))
            screen.vault_changed.connect(self._acquire)
            screen.resize(640, 520)
            self.unlock_screen = screen
        else:
            self.unlock_screen.set_vault(self.ctx.vault_path, self.ctx.is_demo)
        self.unlock_screen.show()
        self.unlock_screen.focus_passphrase()
        return self.unlock_screen

    def _opened(self, path: Path) -> None:
        if not self.ctx.is_demo:
            remember_vault(path)
        if self.unlock_screen is not None:
            self.unlock_screen.hide()
        self.unlocked.emit()


def start_flow(app: Any, ctx: DeskContext) -> StartFlow | None:
    """Create and begin the start flow; ``None`` when another instance was raised.
    ``app`` (the QApplication) becomes the flow's parent."""
    flow = StartFlow(ctx, parent=app)
    if not flow.begin():
        flow.deleteLater()
        return None
    return flow
