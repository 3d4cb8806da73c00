"""Scaffolding the test modules share: a vault built once per module and copied per test,
and a ``DeskContext`` (with its worker) on such a copy, locked and shut down afterwards.

Real SQLCipher vaults; "now" is ``NOW`` from conftest. Qt is imported only by the
desk helpers' callers (the CLI tests import this module too).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mensenhandel_desk.services.clock import fixed_clock
from mensenhandel_desk.services.session import Services, create_vault, open_vault
from tests.conftest import NOW, PASSPHRASE, make_signal

WAIT_MS = 20_000


def build_vault(folder: Path, fill: Callable[[Services], object] | None = None, *,
                name: str = "bron.mhd") -> Path:
    """A closed vault ``folder/name`` created at ``NOW`` and ``fill``ed; the config and
    data folders it touches lie inside ``folder`` (module fixtures run before the
    per-test folder isolation)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MHD_CONFIG_DIR", str(folder / "config"))
        mp.setenv("MHD_DATA_DIR", str(folder / "data"))
        with create_vault(folder / name, PASSPHRASE, clock=fixed_clock(NOW)) as services:
            if fill is not None:
                fill(services)
    return folder / name


def with_signals(*summaries: str) -> Callable[[Services], None]:
    """A ``fill`` that records one signal per summary."""
    def fill(services: Services) -> None:
        for summary in summaries:
            services.signals.create(make_signal(summary=summary))

    return fill


def copy_of(prebuilt: Path, target: Path) -> Path:
    """A copy of the vault file ``prebuilt`` at ``target`` (its folder made)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(prebuilt, target)
    return target


def raw_connection(path: Path) -> Any:
    """The vault file opened with SQLCipher directly (to damage it on purpose)."""
    from mensenhandel_desk.store.engine import sqlcipher_dbapi

    conn = sqlcipher_dbapi.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    return conn


def flip_byte(path: Path, page: int, offset: int = 2000) -> None:
    """Flip one bit at ``offset`` in page ``page`` (1-based, 4096 bytes) of ``path``."""
    with open(path, "r+b") as fh:
        fh.seek((page - 1) * 4096 + offset)
        byte = fh.read(1)
        fh.seek((page - 1) * 4096 + offset)
        fh.write(bytes([byte[0] ^ 0x01]))


def show_view(qtbot: Any, view: Any, ctx: Any, clock: Any) -> Any:
    """``view`` (with a ``loaded`` signal) shown at 1200×800, then ``ctx`` unlocked
    until the view has loaded."""
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    open_desk(qtbot, ctx, clock, view.loaded)
    return view


def open_desk(qtbot: Any, ctx: Any, clock: Any, *signals: Any, timeout: int = WAIT_MS) -> None:
    """Unlock ``ctx`` with the test passphrase; wait for ``signals`` (default: unlocked)."""
    with qtbot.waitSignals(list(signals) or [ctx.unlocked], timeout=timeout):
        ctx.open(lambda: open_vault(ctx.vault_path, PASSPHRASE, clock=clock))


def close_desk(qtbot: Any, ctx: Any, timeout: int = WAIT_MS) -> None:
    """Lock ``ctx`` if it is unlocked (waiting for it), then stop its worker."""
    if ctx.is_unlocked:
        with qtbot.waitSignal(ctx.locked, timeout=timeout):
            ctx.lock("quit")
    ctx.worker.shutdown()


def desk_on_copy(qtbot: Any, template: Path, vault_path: Path, clock: Any = None, *,
                 timeout: int = WAIT_MS) -> Iterator[Any]:
    """For ``yield from`` in a fixture: a ``DeskContext`` on a copy of ``template`` at
    ``vault_path`` (unlocked first when ``clock`` is given), closed at teardown."""
    from mensenhandel_desk.ui.context import DeskContext
    from mensenhandel_desk.ui.worker import Worker

    context = DeskContext(Worker(), _copy_template(template, vault_path))
    if clock is not None:
        open_desk(qtbot, context, clock, timeout=timeout)
    yield context
    close_desk(qtbot, context, timeout=timeout)


def window_on_copy(qtbot: Any, template: Path, vault_path: Path, clock: Any, *,
                   timeout: int = WAIT_MS) -> Iterator[Any]:
    """For ``yield from`` in a fixture: the main window on a copy of ``template``, shown,
    unlocked and with the register loaded; its context closed at teardown."""
    from PySide6.QtWidgets import QLabel

    from mensenhandel_desk.ui.context import DeskContext
    from mensenhandel_desk.ui.main_window import MainWindow
    from mensenhandel_desk.ui.worker import Worker

    ctx = DeskContext(Worker(), _copy_template(template, vault_path))
    made = MainWindow(ctx, QLabel("vergrendeld"))
    qtbot.addWidget(made)
    made.show()
    open_desk(qtbot, ctx, clock, ctx.unlocked, made.register.model.query_finished,
              timeout=timeout)
    yield made
    close_desk(qtbot, ctx, timeout=timeout)


def _copy_template(template: Path, vault_path: Path) -> Path:
    vault_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(template, vault_path)
    return vault_path


# --- the signal editor in a real main window ------------------------------------------
def editor_window(qtbot: Any, template: Path, vault_path: Path, clock: Any) -> Iterator[Any]:
    """``window_on_copy`` for editor tests: at teardown unsaved input is dropped first (no
    question, no draft) before the desk locks."""
    windows = window_on_copy(qtbot, template, vault_path, clock)
    window = next(windows)
    yield window
    if window.ctx.is_unlocked:
        window.editor.discard_unsaved()
    next(windows, None)


def run_on_worker(qtbot: Any, ctx: Any, fn: Callable[[Any], Any]) -> Any:
    """``fn(services)`` on the desk's worker; its result."""
    with qtbot.waitCallback(timeout=WAIT_MS) as done:
        ctx.run(fn, on_success=done)
    return done.args[0]


def open_in_editor(qtbot: Any, window: Any, signal_id: int) -> Any:
    with qtbot.waitSignal(window.editor.loaded, timeout=WAIT_MS):
        window.open_signal(signal_id)
    return window.editor


def new_in_editor(qtbot: Any, window: Any) -> Any:
    with qtbot.waitSignal(window.editor.loaded, timeout=WAIT_MS):
        window.new_action.trigger()
    return window.editor


def save_in_editor(qtbot: Any, editor: Any) -> None:
    """Ctrl+S in the editor; waits until the saved signal is shown again."""
    from PySide6.QtCore import Qt

    with qtbot.waitSignal(editor.loaded, timeout=WAIT_MS):
        qtbot.keyClick(editor.general.summary, Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier)
