"""Checks of a built (or source) desktop client: ``--self-test`` and ``--startup-time``.

``mensenhandel-desk --self-test`` (the packaging build runs it after every build): in a
throwaway data, config and policy folder it opens the real main window offscreen on a new
demo vault (fictitious data), unlocks it through the unlock screen, waits for the register's
first screen, paints the window, renders one handover sheet in memory through the services
(so the fonts really are in the bundle), locks, and removes the folder again. Also checked:
Qt's own Dutch (``qtbase_nl``) is installed. Prints one line, Dutch / English; exit 0 only
when every step passed.

``mensenhandel-desk --startup-time --vault PATH``: the normal start (``ui.app.run``) on an
existing vault; when the unlock screen has painted its first frame it prints
``startup_ms=<ms since the process started> paint_monotonic_ns=<CLOCK_MONOTONIC>`` and
quits. ``startup_ms`` is -1 where the process start time cannot be read.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMEOUT_S = 120.0


class SelfTestFailed(Exception):
    pass


def main(args: list[str]) -> int:
    if args and args[0] == "--startup-time":
        if len(args) == 3 and args[1] == "--vault":
            return startup_time(Path(args[2]))
        _say("Gebruik / usage: --startup-time --vault PAD")
        return 2
    return self_test()


def _say(line: str) -> None:
    """Print where a console exists (a windowed Windows build has no stdout)."""
    stream = sys.stdout
    if stream is None:
        return
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


# --- --self-test ------------------------------------------------------------------------------
def self_test() -> int:
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="mhd-self-test-"))
    saved = {k: os.environ.get(k) for k in ("MHD_DATA_DIR", "MHD_CONFIG_DIR",
                                            "MHD_POLICY_FILE", "QT_QPA_PLATFORM")}
    os.environ["MHD_DATA_DIR"] = str(folder / "data")
    os.environ["MHD_CONFIG_DIR"] = str(folder / "config")
    os.environ["MHD_POLICY_FILE"] = str(folder / "policy" / "policy.json")  # none: defaults
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    step = "start"
    steps: _SelfTest | None = None
    try:
        from mensenhandel_desk.crash import setup_logging

        setup_logging()  # the log goes into the throwaway folder
        steps = _SelfTest()
        for name, action in steps.plan():
            step = name
            action()
        seconds = time.perf_counter() - started
        _say(f"Zelftest geslaagd / self-test passed: {steps.summary()} ({seconds:.1f} s)")
        return 0
    except Exception as exc:
        _say(f"Zelftest mislukt / self-test failed at '{step}': {type(exc).__name__}: {exc}")
        return 1
    finally:
        if steps is not None:
            steps.close()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(folder, ignore_errors=True)


class _SelfTest:
    def __init__(self) -> None:
        self.app: Any = None
        self.desk: Any = None
        self.ticker: Any = None
        self.result: dict[str, Any] = {}
        self.previous_handler: Any = None

    def close(self) -> None:
        """Give Qt's message handler back (the self-test may run inside a test process)."""
        if self.app is not None:
            from PySide6.QtCore import qInstallMessageHandler

            qInstallMessageHandler(self.previous_handler)

    def plan(self) -> list[tuple[str, Callable[[], None]]]:
        return [("Qt", self.start_qt), ("window", self.open_window),
                ("demo vault", self.wait_demo_vault), ("unlock", self.unlock),
                ("register", self.wait_register), ("paint", self.paint),
                ("handover sheet", self.render_document),
                ("print preview", self.print_preview), ("lock", self.lock)]

    def summary(self) -> str:
        return (f"{self.result['rows']} demo signals, handover sheet "
                f"{self.result['pdf_kb']} KB with embedded fonts, print preview "
                f"{self.result['preview_pages']} pages and printed to a PDF printer, "
                f"window painted, locked")

    def wait(self, condition: Callable[[], bool], what: str) -> None:
        from PySide6.QtCore import QEventLoop

        deadline = time.monotonic() + TIMEOUT_S
        while not condition():
            if time.monotonic() > deadline:
                raise SelfTestFailed(f"timed out waiting for {what}")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    def start_qt(self) -> None:
        from PySide6.QtCore import QCoreApplication, QTimer, qInstallMessageHandler

        def quiet(_kind: Any, _context: Any, message: str) -> None:
            if "propagateSizeHints" not in message and sys.stderr is not None:
                sys.stderr.write(message + "\n")  # (the offscreen plugin's chatter is not)

        self.previous_handler = qInstallMessageHandler(quiet)

        from mensenhandel_desk import i18n
        from mensenhandel_desk.ui.app import application

        self.app = application()
        self.ticker = QTimer()
        self.ticker.start(100)  # wakes the waiting loop for its deadline check
        if i18n.language() == "nl":
            cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
            if cancel != "Annuleren":
                raise SelfTestFailed(f"Qt's Dutch (qtbase_nl) is not loaded: {cancel!r}")
            if i18n._("Type the passphrase of this vault first.") == (
                    "Type the passphrase of this vault first."):
                raise SelfTestFailed("our Dutch translations (resources/i18n) are missing")

    def open_window(self) -> None:
        from mensenhandel_desk.ui.app import Desk
        from mensenhandel_desk.ui.context import DeskContext
        from mensenhandel_desk.ui.start.demo import demo_vault_path
        from mensenhandel_desk.ui.worker import Worker

        ctx = DeskContext(Worker(), demo_vault_path(), is_demo=True)
        self.desk = Desk(ctx)
        if not self.desk.acquire():
            raise SelfTestFailed("another instance holds the throwaway vault")
        self.desk.show()  # makes the demo vault on the worker

    def wait_demo_vault(self) -> None:
        desk = self.desk
        self.wait(lambda: desk.ctx.vault_path.exists() and not desk.ctx.worker.busy
                  and not desk.unlock.is_busy, "the demo vault")

    def unlock(self) -> None:
        from mensenhandel_desk.ui.start.demo import demo_passphrase

        desk = self.desk
        desk.unlock.passphrase.setText(demo_passphrase())
        desk.unlock.submit()
        self.wait(lambda: desk.ctx.is_unlocked or (not desk.unlock.is_busy
                                                   and desk.unlock.failures > 0), "unlock")
        if not desk.ctx.is_unlocked:
            raise SelfTestFailed("the demo passphrase did not unlock the demo vault")

    def wait_register(self) -> None:
        model = self.desk.window.register.model
        self.wait(lambda: model.rowCount() > 0, "the register's first screen")
        self.wait(lambda: not self.desk.ctx.worker.busy, "the register's rows")
        self.result["rows"] = model.rowCount()

    def paint(self) -> None:
        image = self.desk.window.grab()
        if image.isNull() or image.width() < 100:
            raise SelfTestFailed("the main window did not paint")

    def render_document(self) -> None:
        def render(services: Any) -> tuple[bytes, int]:
            reference = services.signals.page(limit=1).rows[0].reference
            partner = services.reference.partners()[0].key
            document = services.documents.handover_sheet(reference, partner)
            return document.pdf, len(document.unprintable)

        box: dict[str, Any] = {}
        self.desk.ctx.run(render, on_success=lambda r: box.setdefault("ok", r),
                          on_failure=lambda e: box.setdefault("error", e))
        self.wait(lambda: bool(box), "the handover sheet")
        if "error" in box:
            raise box["error"]
        pdf, unprintable = box["ok"]
        if not pdf.startswith(b"%PDF-") or b"DejaVu" not in pdf:
            raise SelfTestFailed("the handover sheet is not a PDF with the DejaVu fonts")
        if unprintable:
            raise SelfTestFailed("the handover sheet has characters its fonts lack")
        self.result["pdf_kb"] = len(pdf) // 1024

    def print_preview(self) -> None:
        """The preview dialog (pdfium in the bundle) and one print through QPrinter (Qt's
        print support in the bundle), to a PDF "printer" in the throwaway folder; the
        preview's bytes, so no copy is logged."""
        from PySide6.QtPrintSupport import QPrinter

        from mensenhandel_desk.ui.printing import DocumentRequest, pages, show_document

        box: dict[str, Any] = {}
        self.desk.ctx.run(lambda services: services.signals.page(limit=1).rows[0].reference,
                          on_success=lambda r: box.setdefault("ok", r),
                          on_failure=lambda e: box.setdefault("error", e))
        self.wait(lambda: bool(box), "a reference")
        if "error" in box:
            raise box["error"]
        reference = box["ok"]
        dialog = show_document(self.desk.ctx, self.desk.window, DocumentRequest(
            reference, lambda services, preview: services.documents.handover_sheet(
                reference, "zorgcoordinator", preview=preview)))
        self.wait(lambda: bool(dialog.error) or (
            dialog.page_count > 0 and dialog.pages_shown == dialog.page_count),
            "the print preview")
        if dialog.error:
            raise SelfTestFailed(f"the print preview failed: {dialog.error}")
        self.result["preview_pages"] = dialog.page_count
        pdf = dialog._pdf or b""
        dialog.reject()
        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        target = Path(os.environ["MHD_DATA_DIR"]) / "self-test-printer.pdf"
        printer.setOutputFileName(str(target))
        printer.setResolution(72)
        if pages.print_documents([pdf], printer) < 1 or not target.read_bytes().startswith(
                b"%PDF-"):
            raise SelfTestFailed("printing to a PDF printer failed")

    def lock(self) -> None:
        ctx = self.desk.ctx
        done: list[bool] = []
        ctx.locked.connect(lambda: done.append(True))
        ctx.lock("quit")
        self.wait(lambda: bool(done) and not ctx.worker.busy, "the lock")
        self.desk.window.hide()
        self.desk.shutdown()
        self.ticker.stop()


# --- --startup-time ---------------------------------------------------------------------------
def process_age_ms() -> float:
    """Milliseconds since this process was created; -1 where the OS does not say."""
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/self/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            started_s = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime
            return (time.clock_gettime(time.CLOCK_BOOTTIME) - started_s) * 1000
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
            times = [wintypes.FILETIME() for _ in range(4)]
            kernel.GetProcessTimes(kernel.GetCurrentProcess(), *[ctypes.byref(t) for t in times])
            now = wintypes.FILETIME()
            kernel.GetSystemTimePreciseAsFileTime(ctypes.byref(now))

            def ticks(ft: Any) -> int:
                return (ft.dwHighDateTime << 32) | ft.dwLowDateTime

            return (ticks(now) - ticks(times[0])) / 10_000
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    return -1.0


def startup_time(vault: Path) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer

    from mensenhandel_desk.crash import setup_logging
    from mensenhandel_desk.ui.app import application, run

    if not vault.exists():
        _say(f"Geen kluis / no vault: {vault}")
        return 2
    setup_logging()
    app = application()

    class FirstUnlockPaint(QObject):
        seen = False

        def eventFilter(self, obj: object, event: QEvent) -> bool:  # noqa: N802 - Qt override
            # by class name: importing the unlock screen here would change what is measured
            if (not self.seen and event.type() == QEvent.Type.Paint
                    and type(obj).__name__ == "UnlockScreen"):
                self.seen = True
                QTimer.singleShot(0, self.frame_done)  # the end of that frame
            return False

        def frame_done(self) -> None:
            _say(f"startup_ms={process_age_ms():.0f} "
                 f"paint_monotonic_ns={time.monotonic_ns()}")
            app.quit()

    watcher = FirstUnlockPaint()
    app.installEventFilter(watcher)
    return run(vault)
