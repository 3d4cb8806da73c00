"""Child processes of ``bench_gui.py``; not meant to be run by hand.

Kept small, with only the standard library imported at the top, so that the bare PySide6
window and the desk pay the same interpreter start-up. Every timestamp is
``CLOCK_MONOTONIC`` in nanoseconds (one clock for the whole machine), so the parent can
subtract the moment it called ``Popen``. Output lines: ``<key> <value>``.

Modes:
  bare                  a plain QWidget (1280x800): first paint, end of that frame, RSS
  desk VAULT            the real entry (``mensenhandel_desk.app.main(["--vault", VAULT])``,
                        i.e. ui/app.py's ``run``: Desk(ctx), acquire, show) up to the first
                        paint of the unlock screen
  rss VAULT PASSPHRASE  Desk on the vault, unlock, first page painted, drag the scroll bar
                        to the end and back; peak RSS (ru_maxrss)
"""

from __future__ import annotations

import os
import sys
import time


def now_ns() -> int:
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def report(key: str, value: object) -> None:
    sys.stdout.write(f"{key} {value}\n")
    sys.stdout.flush()


def peak_rss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def hwm_kb() -> int:
    """VmHWM: the peak RSS of this process image only (ru_maxrss also carries the peak of
    the process that exec'ed us, e.g. a big parent that started us with vfork)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def current_rss_kb() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return 0


def first_paint_reporter(done: object) -> object:
    """An event filter that reports the first Paint it sees, then the end of that frame
    (the next turn of the event loop), then calls ``done``."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, obj: object, event: QEvent) -> bool:  # noqa: N802
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                report("paint_ns", now_ns())

                def frame_done() -> None:
                    report("frame_ns", now_ns())
                    report("rss_kb", peak_rss_kb())
                    report("hwm_kb", hwm_kb())
                    done()  # type: ignore[operator]

                QTimer.singleShot(0, frame_done)
            return False

    return FirstPaint()


def hard_exit() -> None:
    """Leave at once: no waiting for the worker's preload of the engine."""
    sys.stdout.flush()
    os._exit(0)


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1280, 800)
    watcher = first_paint_reporter(hard_exit)
    window.installEventFilter(watcher)  # type: ignore[arg-type]
    window.show()
    app.exec()


def desk(vault: str) -> None:
    """The app's own start (``python -m mensenhandel_desk --vault VAULT``), with one hook:
    an event filter on the unlock screen, installed just before ``Desk.show``."""
    from mensenhandel_desk import app as entry
    from mensenhandel_desk.ui import app as ui_app

    original_show = ui_app.Desk.show
    keep: list[object] = []

    def show(self: object) -> None:
        watcher = first_paint_reporter(hard_exit)
        keep.append(watcher)
        self.unlock.installEventFilter(watcher)  # type: ignore[attr-defined]
        original_show(self)  # type: ignore[arg-type]

    ui_app.Desk.show = show  # type: ignore[method-assign]
    entry.main(["--vault", vault])
    hard_exit()  # only reached if the window never painted


def rss(vault: str, passphrase: str) -> None:
    from pathlib import Path

    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    from mensenhandel_desk.ui.app import Desk, application
    from mensenhandel_desk.ui.context import DeskContext
    from mensenhandel_desk.ui.worker import Worker

    app = application(sys.argv[:1])
    ctx = DeskContext(Worker(), Path(vault))
    desk = Desk(ctx)
    desk.show()
    view = desk.window.register
    model, table = view.model, view.table
    state = {"paints": 0, "pages": 0}

    class Paints(QObject):
        def eventFilter(self, obj: object, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                state["paints"] += 1
            return False

    paints = Paints()
    table.viewport().installEventFilter(paints)
    model.page_loaded.connect(lambda _page: state.__setitem__("pages", state["pages"] + 1))
    ticker = QTimer()
    ticker.start(100)  # wakes the waiting loop for the deadline check

    def wait(condition: object, what: str, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():  # type: ignore[operator]
            if time.monotonic() > deadline:
                report("error", f"timeout waiting for {what}")
                hard_exit()
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    wait(lambda: not ctx.worker.busy, "preload")
    report("rss_unlock_screen_kb", peak_rss_kb())
    desk.unlock.passphrase.setText(passphrase)
    desk.unlock.submit()
    wait(lambda: state["pages"] >= 1 and model.rowCount() > 0, "first page")
    mark = state["paints"]
    wait(lambda: state["paints"] > mark, "first page painted")
    report("rows", model.rowCount())
    report("rss_first_page_kb", peak_rss_kb())
    report("rss_first_page_now_kb", current_rss_kb())
    bar = table.verticalScrollBar()
    steps = 100

    def placeholders_visible() -> bool:
        top = max(table.rowAt(0), 0)
        bottom = table.rowAt(table.viewport().height() - 1)
        bottom = model.rowCount() - 1 if bottom < 0 else bottom
        return any(model.index(row, 0).data() == "…" for row in (top, bottom))

    def scroll_to(value: int) -> None:
        if value == bar.value():
            return
        mark = state["paints"]
        bar.setValue(value)
        wait(lambda: state["paints"] > mark, f"scroll paint at {value}/{bar.maximum()}")
        while placeholders_visible():  # the page was asked for: wait for it and its paint
            seen = state["paints"]
            wait(lambda seen=seen: state["paints"] > seen, "scroll page painted")

    maximum = bar.maximum()
    for step in range(1, steps + 1):
        scroll_to(maximum * step // steps)
    report("rss_at_end_kb", peak_rss_kb())
    for step in range(steps - 1, -1, -1):
        scroll_to(maximum * step // steps)
    report("pages_loaded", state["pages"])
    report("rows_cached", model.loaded_row_count())
    report("rss_peak_kb", peak_rss_kb())
    report("hwm_peak_kb", hwm_kb())
    report("rss_now_kb", current_rss_kb())
    hard_exit()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "bare":
        bare()
    elif mode == "desk":
        desk(sys.argv[2])
    elif mode == "rss":
        rss(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(f"unknown mode {mode}")
