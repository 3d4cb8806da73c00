"""PDF bytes to page images and onto a printer, in memory, with pdfium (pypdfium2).

No vault here: this runs on its own thread (``RasterThread``), never on the vault
worker, so a long print job neither freezes the window nor holds up the officer's next
search. pdfium is not thread-safe, so every pdfium call takes ``PDFIUM_LOCK`` and the
raster thread is a single thread.

Nothing touches the disk: ``pypdfium2.PdfDocument`` reads the bytes from memory, pages
become ``QImage`` objects, and those are painted onto the ``QPrinter`` (a real printer,
or in tests Qt's PDF engine writing the "printer's" output file).

Printing rasterises at the printer's resolution (capped at ``MAX_PRINT_DPI``), in
horizontal bands of at most ``BAND_BYTES`` so a 600 dpi A4 page never needs 140 MB at
once; grey (8 bits a pixel, and about ten times faster in pdfium) when the printer is set
to grey scale.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from mensenhandel_desk.domain.errors import DomainError

PDFIUM_LOCK = threading.Lock()
POINTS_PER_INCH = 72.0
MAX_PRINT_DPI = 600
BAND_BYTES = 32 * 1024 * 1024


class PrintCancelled(Exception):
    """The officer stopped the print job (pages already sent stay sent)."""


class PrinterUnavailable(DomainError):
    """The printer cannot start a job (none installed, switched off, not reachable);
    found before a numbered copy is issued."""

    code = "printer_unavailable"

    def __init__(self) -> None:
        super().__init__("No printer is available. Check that a printer is installed and "
                         "switched on, then try again. No copy was issued.")


def begin_print(printer: QPrinter) -> QPainter:
    """Start the print job: name it and open a painter on ``printer``; raises
    ``PrinterUnavailable`` when the printer cannot start. Call on the raster thread,
    before numbered copies are issued."""
    name_job(printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterUnavailable()
    return painter


def abort_print(painter: QPainter, printer: QPrinter) -> None:
    """Drop a job started by ``begin_print`` without sending a page."""
    printer.abort()
    if painter.isActive():
        painter.end()


@contextmanager
def opened(pdf: bytes) -> Iterator[Any]:
    """A pdfium document over ``pdf`` in memory, closed afterwards."""
    import pypdfium2 as pdfium  # ~40 ms: loaded on the first preview, not at start-up

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
    try:
        yield document
    finally:
        with PDFIUM_LOCK:
            document.close()


def page_count(pdf: bytes) -> int:
    with opened(pdf) as document, PDFIUM_LOCK:
        return len(document)


def page_size_pt(document: Any, index: int) -> tuple[float, float]:
    with PDFIUM_LOCK:
        return tuple(document.get_page_size(index))


def _image(bitmap: Any) -> QImage:
    """A deep copy (pdfium frees its buffer with the bitmap)."""
    fmt = (QImage.Format.Format_Grayscale8 if bitmap.mode == "L"
           else QImage.Format.Format_RGB32)  # BGRx in memory = 0xffRRGGBB little-endian
    return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()


def rasterise(document: Any, index: int, dpi: float, *, grey: bool = False,
              crop: tuple[float, float, float, float] = (0, 0, 0, 0)) -> QImage:
    """Page ``index`` (0-based) at ``dpi`` as a ``QImage`` on white. ``crop``: points cut
    off (left, bottom, right, top)."""
    with PDFIUM_LOCK:
        page = document[index]
        try:
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, crop=crop, grayscale=grey,
                                 prefer_bgrx=True, fill_color=(255, 255, 255, 255),
                                 may_draw_forms=False)
            try:
                return _image(bitmap)
            finally:
                bitmap.close()
        finally:
            page.close()


def rasterise_pages(pdf: bytes, dpi: float, each: Callable[[int, int, QImage], None],
                    cancelled: Callable[[], bool] | None = None) -> int:
    """Every page of ``pdf`` at ``dpi``, one at a time: ``each(index, count, image)`` as
    soon as a page is ready (the preview shows page 1 while page 2 renders). Stops before
    the next page once ``cancelled()`` (the dialog closed or the session locked: no page
    of personal data is made for nobody). Returns the pages made."""
    done = 0
    with opened(pdf) as document:
        with PDFIUM_LOCK:
            count = len(document)
        for index in range(count):
            if cancelled is not None and cancelled():
                break
            each(index, count, rasterise(document, index, dpi))
            done += 1
    return done


JOB_NAME = "Mensenhandel Desk"


def prepare_printer(printer: QPrinter) -> None:
    """Before the print dialog: A4 portrait (the documents are A4)."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    name_job(printer)


def name_job(printer: QPrinter) -> None:
    """The whole sheet (the PDF carries its own margins), and the job's name is the app's
    only: print queues, spooler logs (CUPS ``page_log``, the Windows event log) and a PDF
    printer's title show it, so never a reference or a name."""
    printer.setDocName(JOB_NAME)
    printer.setCreator(JOB_NAME)
    printer.setFullPage(True)


def print_dpi(printer: QPrinter) -> int:
    return max(72, min(int(printer.resolution()), MAX_PRINT_DPI))


def print_documents(pdfs: list[bytes], printer: QPrinter, *,
                    first_page: int = 0, last_page: int = 0,
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None,
                    painter: QPainter | None = None) -> int:
    """Paint every page of every PDF in ``pdfs`` onto ``printer`` (one job); each PDF is
    one numbered copy. ``first_page``/``last_page`` (1-based, 0 = all): the print
    dialog's page range, applied to each copy. ``painter``: the job ``begin_print``
    already started (else it is started here). Returns the number of sheets sent."""
    dpi = print_dpi(printer)
    grey = printer.colorMode() == QPrinter.ColorMode.GrayScale
    if painter is None:
        painter = begin_print(printer)  # names the job before the painter starts
    sent = 0
    try:
        plan: list[tuple[int, int]] = []
        with_counts = []
        for number, pdf in enumerate(pdfs):
            with opened(pdf) as document, PDFIUM_LOCK:
                count = len(document)
            with_counts.append(count)
            low = max(1, first_page or 1)
            high = min(count, last_page or count)
            plan += [(number, index) for index in range(low - 1, high)]
        for done, (number, index) in enumerate(plan):
            if cancelled is not None and cancelled():
                raise PrintCancelled()
            if done:
                printer.newPage()
            with opened(pdfs[number]) as document:
                _paint_page(painter, printer, document, index, dpi, grey)
            sent += 1
            if progress is not None:
                progress(done + 1, len(plan))
    finally:
        painter.end()
    return sent


def _paint_page(painter: QPainter, printer: QPrinter, document: Any, index: int,
                dpi: int, grey: bool) -> None:
    """One page in bands: each band rasterised at ``dpi`` and drawn into its share of
    the sheet (the paper rectangle in device pixels). Bands start on whole pixel rows and
    are placed by the rows pdfium actually returned, so no seam or overlap shows."""
    width_pt, height_pt = page_size_pt(document, index)
    target = fitted(printer.paperRect(QPrinter.Unit.DevicePixel), width_pt, height_pt)
    scale = dpi / POINTS_PER_INCH
    rows = max(1, math.ceil(height_pt * scale))  # as pypdfium2 sizes the page
    bytes_per_row = math.ceil(width_pt * scale) * (1 if grey else 4)
    bands = max(1, math.ceil(bytes_per_row * rows / BAND_BYTES))
    band_rows = math.ceil(rows / bands)
    per_row = target.height() / rows
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    first = 0
    while first < rows:
        last = min(rows, first + band_rows)
        image = rasterise(document, index, dpi, grey=grey,
                          crop=(0, _points(rows - last, scale), 0, _points(first, scale)))
        rect = QRectF(target.x(), target.y() + first * per_row, target.width(),
                      image.height() * per_row)
        painter.drawImage(rect, image)
        first = last


def fitted(paper: QRectF, width_pt: float, height_pt: float) -> QRectF:
    """The page on the sheet: its own proportions, as large as fits, centred across and
    from the top (A4 on A4 fills the sheet; on Letter nothing is stretched or cut)."""
    factor = min(paper.width() / width_pt, paper.height() / height_pt)
    width, height = width_pt * factor, height_pt * factor
    return QRectF(paper.x() + (paper.width() - width) / 2, paper.y(), width, height)


def _points(pixels: int, scale: float) -> float:
    """A crop of exactly ``pixels`` rows: pypdfium2 turns points back into pixels with
    ``ceil(points * scale)``, so a float error must never push it to the next row."""
    return max(0.0, (pixels - 1e-4) / scale) if pixels else 0.0


class RasterThread(QObject):
    """The one thread that runs pdfium for the desktop (preview pages and print jobs);
    results come back on the GUI thread like the vault worker's."""

    _deliver = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mhd-pdf")
        self._deliver.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def _run(closure: Callable[[], None]) -> None:
        closure()

    def submit(self, fn: Callable[[], Any], on_success: Callable[[Any], None],
               on_failure: Callable[[BaseException], None]) -> None:
        def run() -> None:
            try:
                result = fn()
            except BaseException as error:  # delivered, never lost on the thread
                failure = error
                self.post(lambda: on_failure(failure))
            else:
                self.post(lambda: on_success(result))

        self._executor.submit(run)

    def post(self, closure: Callable[[], None]) -> None:
        """Run ``closure`` on the GUI thread (safe to call from the raster thread)."""
        self._deliver.emit(closure)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


_shared: RasterThread | None = None


def raster_thread() -> RasterThread:
    """The app-wide raster thread (created on first use, on the GUI thread)."""
    global _shared
    if _shared is None:
        _shared = RasterThread()
    return _shared
