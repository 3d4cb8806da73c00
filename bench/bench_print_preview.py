"""Benchmark (issue 8): the print preview of a handover sheet, click to first page painted.

Run: ``.venv/bin/python bench/bench_print_preview.py [--runs 15] [--warm-up] [--verbose]``.
Prints medians (all measurements interleaved, so they see the same machine load):

* app: ``show_document`` -> the preview rendered on the vault worker (load the signal,
  reportlab with embedded fonts, the VOORBEELD stamp) -> page 1 rasterised by pdfium on
  the raster thread -> scaled into its label -> the label's first paint; target <= 300 ms;
* the same steps timed apart (no Qt event loop in between);
* baseline, measured in the same run: raw reportlab building a comparable one-page sheet
  (Helvetica, no vault) -> pdfium page 1 at the same resolution -> ``QPixmap`` into a
  bare ``QLabel`` -> its first paint; the ratio app / baseline;
* the first (cold) preview of the process apart: it loads the fonts and pdfium
  (``--warm-up``: after ``ui.printing.warm_up()`` ran, as the app should call it after
  unlock).

A throwaway vault with fictitious data in a temporary folder. Qt platform:
``$QT_QPA_PLATFORM`` if set, else ``xcb`` when ``$DISPLAY`` is set, else ``offscreen``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
if "QT_QPA_PLATFORM" not in os.environ:
    os.environ["QT_QPA_PLATFORM"] = "xcb" if os.environ.get("DISPLAY") else "offscreen"

from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtGui import QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

PASSPHRASE = "benchmark passphrase 123"
TARGET_MS = 300


class FirstPaint(QObject):
    """Notes the moment a widget has painted."""

    def __init__(self) -> None:
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = time.perf_counter()
        return False


def wait(app: QApplication, done, limit_s: float = 30.0) -> None:
    end = time.perf_counter() + limit_s
    while not done():
        app.processEvents()
        if time.perf_counter() > end:
            raise TimeoutError("the preview did not appear")
        time.sleep(0.0005)


def app_preview_ms(app: QApplication, ctx, request) -> tuple[float, int]:
    """``show_document`` -> first page label painted, in ms, and the page count."""
    from mensenhandel_desk.ui.printing import show_document

    start = time.perf_counter()
    dialog = show_document(ctx, None, request)
    wait(app, lambda: dialog._page_labels)
    painted = FirstPaint()
    label = dialog._page_labels[0]
    label.installEventFilter(painted)
    label.update()
    wait(app, lambda: painted.at is not None)
    elapsed = (painted.at - start) * 1000
    wait(app, lambda: dialog.pages_shown == dialog.page_count)
    count = dialog.page_count
    label.removeEventFilter(painted)
    dialog.reject()
    app.processEvents()
    return elapsed, count


def baseline_ms(app: QApplication, label: QLabel, dpi: float) -> float:
    """Raw reportlab one page -> pdfium page 1 -> pixmap -> painted."""
    from bench_documents import raw_one_page

    from mensenhandel_desk.ui.printing import pages

    start = time.perf_counter()
    pdf = raw_one_page()
    with pages.opened(pdf) as document:
        image = pages.rasterise(document, 0, dpi)
    width = label.width()
    label.setPixmap(QPixmap.fromImage(image.scaledToWidth(
        width, Qt.TransformationMode.SmoothTransformation)))
    painted = FirstPaint()
    label.installEventFilter(painted)
    label.update()
    wait(app, lambda: painted.at is not None)
    label.removeEventFilter(painted)
    return (painted.at - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--verbose", action="store_true", help="print every run")
    parser.add_argument("--warm-up", action="store_true",
                        help="call ui.printing.warm_up() after unlock, as the app should, "
                             "and let it finish before the first preview")
    args = parser.parse_args()

    from bench_documents import populate

    from mensenhandel_desk.services.clock import fixed_clock
    from mensenhandel_desk.services.session import create_vault
    from mensenhandel_desk.ui.context import DeskContext
    from mensenhandel_desk.ui.printing import DocumentRequest, pages
    from mensenhandel_desk.ui.printing.dialog import SCREEN_DPI
    from mensenhandel_desk.ui.worker import Worker

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        os.environ["MHD_DATA_DIR"] = str(Path(folder) / "data")
        os.environ["MHD_CONFIG_DIR"] = str(Path(folder) / "config")
        os.environ["MHD_POLICY_FILE"] = str(Path(folder) / "policy.json")
        worker = Worker()
        ctx = DeskContext(worker, Path(folder) / "bench.mhd")
        opened = []
        ctx.open(lambda: create_vault(Path(folder) / "bench.mhd", PASSPHRASE,
                                      clock=fixed_clock(datetime(2026, 11, 24, 10, 0))),
                 on_success=lambda: opened.append(True))
        wait(app, lambda: opened)
        reference = worker.call(lambda: populate(ctx._services, 1)[0])
        request = DocumentRequest(f"Overdrachtsformulier {reference}",
                                  lambda services, preview: services.documents.handover_sheet(
                                      reference, "zorgcoordinator", preview=preview))
        try:
            if args.warm_up:
                from mensenhandel_desk.ui.printing import warm_up

                warm_up()
                finished = []
                pages.raster_thread().submit(lambda: None, finished.append,
                                             finished.append)  # queued behind it
                wait(app, lambda: finished)
            cold, count = app_preview_ms(app, ctx, request)

            # The steps apart (the service on its thread, the worker), and the baseline;
            # all interleaved with the app's runs so they see the same machine load.
            def step_render() -> bytes:
                return worker.call(lambda: request.render(ctx._services, True).pdf)

            pdf = step_render()

            def step_raster():
                with pages.opened(pdf) as document:
                    return pages.rasterise(document, 0, SCREEN_DPI)

            label = QLabel()
            label.resize(896, 1267)
            label.show()
            app.processEvents()
            baseline_ms(app, label, SCREEN_DPI)  # warm reportlab's Helvetica path
            runs, renders, rasters, bases = [], [], [], []
            for _ in range(args.runs):
                runs.append(app_preview_ms(app, ctx, request)[0])
                renders.append(_timed(step_render))
                rasters.append(_timed(step_raster))
                bases.append(baseline_ms(app, label, SCREEN_DPI))
            label.close()
            if args.verbose:
                print("app runs (ms):", [round(x) for x in runs])
                print("renders (ms): ", [round(x) for x in renders])
            app_ms, render_ms = statistics.median(runs), statistics.median(renders)
            raster_ms, base = statistics.median(rasters), statistics.median(bases)
        finally:
            done = []
            ctx.lock("quit")
            ctx.locked.connect(lambda: done.append(True))
            wait(app, lambda: done)
            worker.shutdown()

    platform = QApplication.platformName()
    print(f"print preview of a handover sheet ({count} pages), platform {platform}, "
          f"median of {args.runs}:")
    print(f"  app: show_document -> page 1 painted: {app_ms:7.1f} ms   target <= "
          f"{TARGET_MS} ms: {'OK' if app_ms <= TARGET_MS else 'MISSED'}")
    print(f"    of which: preview rendered on the worker {render_ms:6.1f} ms, page 1 "
          f"rasterised at {SCREEN_DPI} dpi {raster_ms:6.1f} ms")
    first = ("after ui.printing.warm_up()" if args.warm_up
             else "without warm-up: fonts and pdfium loaded on demand")
    print(f"  first preview of the process ({first}): {cold:7.1f} ms")
    print(f"  baseline: raw reportlab page -> pdfium -> QLabel painted: {base:7.1f} ms   "
          f"ratio {app_ms / base:4.2f}x")


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()
