"""Start the desktop client: QApplication, Qt's Dutch, one instance per vault, the unlock
screen first (painted before the heavy stack is imported), then the main window.

Which vault: ``--vault PATH`` if given; else the last vault opened (only its path is
remembered); else the default vault in the user data folder; else, started through the
README's ``scripts/start.sh`` (``demo=True``), the demo vault; else the first-start wizard.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from mensenhandel_desk import paths
from mensenhandel_desk.ui import translations
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.worker import Worker

PRELOAD_DELAY_MS = 50


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_AUTHOR)
    icon = paths.resources_dir() / "icons" / "mensenhandel-desk.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    translations.install(app)
    from mensenhandel_desk.ui.widgets import wheel_guard

    wheel_guard.install(app)  # the wheel scrolls the page, not an unfocused field
    return app


def default_opener(path: Path, passphrase: str) -> Any:
    """Runs on the worker: the heavy stack is imported here, not before the screen paints."""
    from mensenhandel_desk.services.session import open_vault

    return open_vault(path, passphrase)


class Desk:
    """The running client: context, worker, window and lock controller, wired once.
    The unlock screen is a page of the main window, so every lock returns to it."""

    def __init__(self, ctx: DeskContext) -> None:
        from mensenhandel_desk.ui.main_window import MainWindow
        from mensenhandel_desk.ui.start.unlock import UnlockScreen

        self.ctx = ctx
        self.worker = ctx.worker
        self.unlock = UnlockScreen(ctx, default_opener)
        self.window = MainWindow(ctx, self.unlock)
        self.lock_controller = _lock_controller(ctx, self.window)
        self.instance: Any = None
        self.unlock.vault_changed.connect(self._vault_changed)
        ctx.unlocked.connect(self._remember)
        ctx.unlocked.connect(self._warm_up_printing)

    @staticmethod
    def _warm_up_printing() -> None:
        """Fonts and pdfium loaded off the GUI thread after unlock: the first preview then
        opens in ~0.2 s instead of ~1 s (ui/printing.warm_up; touches no vault)."""
        from mensenhandel_desk.ui.printing import warm_up

        warm_up()

    def acquire(self) -> bool:
        """One running instance per vault: False when another process has it (that one
        was asked to come to the front)."""
        from mensenhandel_desk.ui.start.single_instance import SingleInstance

        if self.instance is not None:
            self.instance.release()
        self.instance = SingleInstance(self.ctx.vault_path)
        self.instance.raise_requested.connect(self.bring_to_front)
        return bool(self.instance.acquire())

    def bring_to_front(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _vault_changed(self, path: Path) -> None:
        self.acquire()
        self.window.set_vault_label(path)

    def _remember(self) -> None:
        if not self.ctx.is_demo:
            from mensenhandel_desk.ui.start.recent import remember_vault

            remember_vault(self.ctx.vault_path)

    def show(self) -> None:
        from mensenhandel_desk.i18n import _
        from mensenhandel_desk.ui.start.demo import make_demo_vault
        from mensenhandel_desk.ui.start.unlock import preload_heavy_stack
        from mensenhandel_desk.ui.widgets.screen_fit import keep_in_screen, place_in_screen

        place_in_screen(self.window, 1280, 800)  # frame included, inside the screen
        self.window.show()
        for delay in (0, 500):  # the window manager adds its frame after showing
            QTimer.singleShot(delay, self.window, lambda: keep_in_screen(self.window))
        self.unlock.set_vault(self.ctx.vault_path, self.ctx.is_demo)
        path = self.ctx.vault_path
        if self.ctx.is_demo and not path.exists():
            from mensenhandel_desk.ui.start.recent import set_demo_passphrase_changed

            set_demo_passphrase_changed(path, False)  # a new demo vault: the public one
            self.unlock.set_vault(path, True)
            self.unlock.set_busy(True, _("Making the demo vault with fictitious data…"))
            self.worker.submit(lambda: make_demo_vault(path),
                               on_success=lambda _r: self.unlock.set_busy(False),
                               on_failure=self.unlock.show_error)
        else:
            # After the first frame: the imports hold the interpreter lock in long runs
            # and would delay the paint they are meant to hide behind.
            QTimer.singleShot(PRELOAD_DELAY_MS, lambda: preload_heavy_stack(self.ctx))
        self.unlock.focus_passphrase()

    def shutdown(self) -> None:
        if self.instance is not None:
            self.instance.release()
        self.worker.shutdown(wait=True)


def _lock_controller(ctx: DeskContext, window: Any) -> Any:
    """Idle timer, screen-lock listeners and clipboard guard (ui/lock). The auto-lock time
    comes from the vault's settings on every unlock, clamped to the policy's maximum."""
    from mensenhandel_desk.ui.lock import LockController, SecureClipboard, install_listeners

    clipboard = SecureClipboard(parent=window)
    controller = LockController(ctx, window, clipboard, 5 * 60_000,
                                listener=install_listeners(QApplication.instance(), window))
    window.clipboard = clipboard
    window.locker = controller
    ctx.clipboard = clipboard

    def read_timeout(services: Any) -> tuple[int, int | None]:
        from mensenhandel_desk.services.policy import load_policy

        return services.settings.get().auto_lock_minutes, load_policy().max_auto_lock_minutes

    ctx.unlocked.connect(lambda: ctx.run(
        read_timeout, on_success=lambda pair: controller.set_timeout_minutes(*pair)))
    return controller


def choose_vault(requested: Path | None, demo: bool) -> tuple[Path | None, bool]:
    """(vault path, is demo); (None, False) means: run the first-start wizard.
    ``--vault`` wins; then the vault opened last (if still there); then the default vault;
    then, from the README's start script only, the demo vault."""
    from mensenhandel_desk.ui.start.demo import demo_vault_path
    from mensenhandel_desk.ui.start.recent import last_vault

    if requested is not None:
        return Path(requested), Path(requested) == demo_vault_path()
    last = last_vault()
    if last is not None and last.exists():
        return last, False
    if paths.default_vault_path().exists():
        return paths.default_vault_path(), False
    if demo:
        return demo_vault_path(), True
    return None, False


def run(vault: Path | None = None, *, demo: bool = False, argv: list[str] | None = None) -> int:
    """The desktop client's main loop; returns the exit code."""
    app = application(argv)
    path, is_demo = choose_vault(vault, demo)
    ctx = DeskContext(Worker(), path or paths.default_vault_path(), is_demo=is_demo)
    opened_by_wizard = False
    if path is None:
        from mensenhandel_desk.ui.start.wizard import FirstStartWizard

        wizard = FirstStartWizard(ctx)
        if not wizard.exec() or wizard.vault_path is None:
            ctx.worker.shutdown()
            return 0
        ctx.vault_path = Path(wizard.vault_path)
        opened_by_wizard = bool(wizard.created)
    desk = Desk(ctx)
    if not desk.acquire():
        if ctx.is_unlocked:
            ctx.lock("quit")
        ctx.worker.shutdown()
        return 0
    desk.show()
    if opened_by_wizard and ctx.is_unlocked:
        desk.window.show_unlocked()
        desk._remember()
    code = app.exec()
    desk.shutdown()
    return code
