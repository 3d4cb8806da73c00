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

from PySide6.QtWidgets import QApplication

from mensenhandel_desk import paths
from mensenhandel_desk.ui import translations
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.worker import Worker


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationDisplayName("Mensenhandel Desk")
    translations.install(app)
    return app


def default_opener(path: Path, passphrase: str) -> Any:
    """Runs on the worker: the heavy stack is imported here, not before the screen paints."""
    from mensenhandel_desk.services.session import open_vault

    return open_vault(path, passphrase)


class Desk:
    """The running client: context, worker, window and lock controller, wired once."""

    def __init__(self, vault_path: Path, *, is_demo: bool = False) -> None:
        from mensenhandel_desk.ui.main_window import MainWindow
        from mensenhandel_desk.ui.start.unlock import UnlockScreen

        self.worker = Worker()
        self.ctx = DeskContext(self.worker, vault_path, is_demo=is_demo)
        self.unlock = UnlockScreen(self.ctx, default_opener)
        self.window = MainWindow(self.ctx, self.unlock)
        self.lock_controller = _lock_controller(self.ctx, self.window)

    def show(self) -> None:
        from mensenhandel_desk.ui.start.unlock import preload_heavy_stack

        self.window.resize(1280, 800)
        self.window.show()
        preload_heavy_stack(self.ctx)

    def shutdown(self) -> None:
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

    def read_timeout(services: Any) -> tuple[int, int | None]:
        from mensenhandel_desk.services.policy import load_policy

        return services.settings.get().auto_lock_minutes, load_policy().max_auto_lock_minutes

    ctx.unlocked.connect(lambda: ctx.run(
        read_timeout, on_success=lambda pair: controller.set_timeout_minutes(*pair)))
    return controller


def choose_vault(requested: Path | None, demo: bool) -> tuple[Path | None, bool]:
    """(vault path, is demo); (None, False) means: run the first-start wizard."""
    if requested is not None:
        return Path(requested), False
    from mensenhandel_desk.ui.start.recent import last_vault

    last = last_vault()
    if last is not None and last.exists():
        return last, last.name == DEMO_VAULT_NAME
    if paths.default_vault_path().exists():
        return paths.default_vault_path(), False
    demo_path = paths.data_dir() / DEMO_VAULT_NAME
    if demo:
        return demo_path, True
    return None, False


DEMO_VAULT_NAME = "demo-kluis.mhd"
DEMO_PASSPHRASE = "demo-alleen-fictieve-gegevens"  # public on purpose: demo only


def make_demo_vault(path: Path) -> None:
    """The demo vault with 200 fictitious signals (first start from scripts/start.sh only).
    Made before the window opens, on this thread, and closed again: the worker opens it
    when the officer unlocks."""
    from mensenhandel_desk.i18n import _
    from mensenhandel_desk.services import demo
    from mensenhandel_desk.services.session import create_vault

    print(_("Making the demo vault with 200 fictitious signals..."), flush=True)
    with create_vault(path, DEMO_PASSPHRASE) as services:
        demo.generate(services)


def run(vault: Path | None = None, *, demo: bool = False, argv: list[str] | None = None) -> int:
    """The desktop client's main loop; returns the exit code."""
    app = application(argv)
    path, is_demo = choose_vault(vault, demo)
    if path is None:
        from mensenhandel_desk.ui.start.wizard import FirstStartWizard

        wizard_worker = Worker()
        wizard_ctx = DeskContext(wizard_worker, paths.default_vault_path())
        wizard = FirstStartWizard(wizard_ctx)
        accepted = wizard.exec()
        chosen = getattr(wizard, "vault_path", None)
        services_ctx = wizard_ctx
        if not accepted or chosen is None:
            wizard_worker.shutdown()
            return 0
        path = Path(chosen)
        # The wizard unlocked the vault it made; lock it so the officer starts as always.
        services_ctx.lock("manual")
        wizard_worker.shutdown(wait=True)
    if is_demo and not path.exists():
        make_demo_vault(path)
    from mensenhandel_desk.ui.start.single_instance import SingleInstance

    instance = SingleInstance(path)
    if not instance.acquire():
        return 0
    from mensenhandel_desk.ui.start.recent import remember_vault

    remember_vault(path)
    desk = Desk(path, is_demo=is_demo)
    instance.raise_requested.connect(lambda: (desk.window.showNormal(), desk.window.raise_(),
                                              desk.window.activateWindow()))
    desk.show()
    code = app.exec()
    desk.shutdown()
    return code
