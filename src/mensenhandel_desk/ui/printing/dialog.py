"""The in-app print preview: pages of a stamped preview, Print… and Save as PDF….

Flow (no plaintext file anywhere, no copy logged until the officer commits):

1. open: ``request.render(services, True)`` on the vault worker: the stamped preview,
   nothing reserved or logged; its bytes stay in this dialog's memory;
2. the raster thread (``pages.RasterThread``, not the vault worker) turns the bytes into
   page images, page 1 first, so the page is on screen while the rest renders;
3. Print…: ``QPrintDialog`` first; only when the officer accepts does the worker render
   the numbered copies (``preview=False``: copy number, print record, audit entry), one
   per copy asked for in the print dialog (each its own number, the printer told to
   print each once); the raster thread paints them at the printer's resolution;
4. Save as PDF…: a warning that the file is NOT encrypted, which the officer must
   confirm, then the save dialog; the numbered copy is rendered and written atomically
   on the worker and the export audited.

Cancelling the print or save dialog logs nothing. A lock closes the dialog at once and
drops the bytes and pages; a print job still running stops at the next page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.printing import pages
from mensenhandel_desk.ui.printing.request import DocumentRequest
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.widgets.screen_fit import resize_to_fit
from mensenhandel_desk.ui.worker import describe

SCREEN_DPI = 150  # page images for the screen (times the device pixel ratio)
MAX_COPIES = 50  # as services.documents.MAX_COPIES
PAGE_GAP = 12


class PreviewDialog(QDialog):
    """One document's preview. Create through ``show_document``.

    ``pages_ready(count)``: every page is on screen; ``preview_failed(message)``: the
    document could not be rendered (the Dutch message is shown in the dialog);
    ``copies_issued(copy_numbers)``: numbered copies were rendered for printing or
    saving (logged)."""

    pages_ready = Signal(int)
    preview_failed = Signal(str)
    copies_issued = Signal(list)

    def __init__(self, ctx: Any, parent: QWidget | None, request: DocumentRequest,
                 on_done: Callable[[bool], None] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request = request
        self.on_done = on_done
        self.raster = pages.raster_thread()
        self._generation = 0  # bumped on lock/close: late results are dropped
        self._pdf: bytes | None = None
        self.error = ""  # the Dutch message when the preview failed
        self._images: list[QImage] = []
        self._page_count = 0
        self._issued = False
        self._busy = False
        self._closed = False
        self._fit_width = True
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(_("Print preview"))  # no reference or name in a window title
        self.setAccessibleName(_("Print preview"))
        resize_to_fit(self, 920, 860)  # never taller than the screen (1366×768)
        self._build()
        ctx.locking.connect(self._on_locking)

    # --- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(self.request.title, self)
        self.title.setObjectName("previewTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.notice = QLabel(_("Preview: not a numbered copy and not in the print log. "
                               "Print or save to make a numbered copy."), self)
        self.notice.setWordWrap(True)
        self.status = QLabel(_("Preparing the preview…"), self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Status of the preview"))

        self.page_label = QLabel("", self)
        self.page_label.setAccessibleName(_("Current page"))
        self.fit_button = QPushButton(_("Page &width"), self)
        self.fit_button.setAccessibleName(_("Zoom the pages to the width of the window"))
        self.actual_button = QPushButton(_("&100%"), self)
        self.actual_button.setAccessibleName(_("Show the pages at their real size"))
        zoom = QButtonGroup(self)
        for button in (self.fit_button, self.actual_button):
            button.setCheckable(True)
            button.setToolTip(button.accessibleName())
            zoom.addButton(button)
        self.fit_button.setChecked(True)
        self.fit_button.clicked.connect(lambda _checked=False: self.set_fit_width(True))
        self.actual_button.clicked.connect(lambda _checked=False: self.set_fit_width(False))

        self.print_button = named_button(self, _("&Print…"), _(
            "Print a numbered copy (it is logged with its copy number and recipient)"),
            self.print_document)
        self.save_button = named_button(self, _("&Save as PDF…"), _(
            "Save a numbered copy as a PDF file that is NOT encrypted"), self.save_pdf)
        self.close_button = named_button(self, _("&Close"), _("Close the preview"),
                                         self.reject)
        self.print_button.setDefault(True)

        self.pages_widget = QWidget(self)
        self.pages_widget.setObjectName("previewPages")
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setSpacing(PAGE_GAP)
        self.pages_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea(self)
        self.scroll.setAccessibleName(_("Pages of the document"))
        self.scroll.setWidget(self.pages_widget)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setStyleSheet("QScrollArea { background: #8a8f96; } "
                                  "#previewPages { background: #8a8f96; }")
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.verticalScrollBar().valueChanged.connect(self._update_page_label)
        self._page_labels: list[QLabel] = []
        self.scroll.viewport().installEventFilter(self)  # the scroll bar comes and goes

        bar = QHBoxLayout()
        bar.addWidget(self.fit_button)
        bar.addWidget(self.actual_button)
        bar.addSpacing(16)
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.notice)
        layout.addWidget(self.status)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bar)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_pdf)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(60)
        self._resize_timer.timeout.connect(self._show_pages)
        self._set_actions_enabled(False)

    def _set_actions_enabled(self, enabled: bool) -> None:
        for button in (self.print_button, self.save_button):
            button.setEnabled(enabled and not self._busy)
        self.close_button.setEnabled(not self._busy)

    # --- preview -----------------------------------------------------------------------
    def start(self) -> None:
        """Render the preview on the worker, then its pages on the raster thread."""
        generation = self._generation
        render = self.request.render
        self.ctx.run(lambda services: render(services, True),
                     on_success=lambda doc: self._rendered(generation, doc),
                     on_failure=lambda error: self._failed(generation, error))

    def _rendered(self, generation: int, doc: Any) -> None:
        if generation != self._generation:
            return
        self._pdf = doc.pdf
        notes = []
        if getattr(doc, "unprintable", ()):
            notes.append(_("Some characters cannot be printed in the document font and "
                           "show as a box: {chars}").format(chars=" ".join(doc.unprintable)))
        if getattr(doc, "contact_missing", False):
            notes.append(_("Your name, phone or e-mail address is missing in the settings: "
                           "the recipient cannot reach you."))
        self.status.setText("\n".join(notes))
        self.status.setVisible(bool(notes))
        dpi = SCREEN_DPI * min(2.0, max(1.0, self.devicePixelRatioF()))
        pdf = doc.pdf

        def each(index: int, count: int, image: QImage) -> None:
            self.raster.post(lambda: self._page_ready(generation, index, count, image))

        self.raster.submit(lambda: pages.rasterise_pages(
            pdf, dpi, each, cancelled=lambda: generation != self._generation),
                           on_success=lambda _count: None,
                           on_failure=lambda error: self._failed(generation, error))

    def _page_ready(self, generation: int, index: int, count: int, image: QImage) -> None:
        if generation != self._generation:
            return
        if not self._images:
            self._page_count = count
            self._set_actions_enabled(True)
        self._images.append(image)
        label = QLabel(self.pages_widget)
        label.setAccessibleName(_("Page {page} of {count}").format(page=index + 1,
                                                                   count=count))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("background: white;")
        self._page_labels.append(label)
        self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self._show_page(index)
        self._update_page_label()
        if len(self._images) == count:
            self.pages_ready.emit(count)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.error = describe(error)
        self.status.setText(self.error)
        self.status.setVisible(True)
        self._set_actions_enabled(False)
        self.preview_failed.emit(self.error)

    @property
    def page_count(self) -> int:
        return self._page_count

    @property
    def pages_shown(self) -> int:
        return len(self._images)

    # --- zoom and page number ----------------------------------------------------------
    def set_fit_width(self, fit: bool) -> None:
        self._fit_width = fit
        self.scroll.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fit else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        (self.fit_button if fit else self.actual_button).setChecked(True)
        self._show_pages()

    def _display_width(self, image: QImage) -> int:
        """Logical pixels for a page: the viewport's width, or the paper's real width."""
        if self._fit_width:  # the vertical scroll bar is outside the viewport already
            return max(200, self.scroll.viewport().width() - 2 * PAGE_GAP)
        ratio = max(1.0, min(2.0, self.devicePixelRatioF()))
        inches = image.width() / (SCREEN_DPI * ratio)
        return round(inches * self.logicalDpiX())

    def _show_page(self, index: int) -> None:
        image = self._images[index]
        width = self._display_width(image)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap.fromImage(image.scaledToWidth(
            round(width * ratio), Qt.TransformationMode.SmoothTransformation))
        pixmap.setDevicePixelRatio(ratio)
        self._page_labels[index].setPixmap(pixmap)
        self._page_labels[index].setFixedSize(pixmap.deviceIndependentSize().toSize())

    def _show_pages(self) -> None:
        for index in range(len(self._images)):
            self._show_page(index)
        self._update_page_label()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (event.type() == QEvent.Type.Resize and watched is self.scroll.viewport()
                and self._fit_width and self._images):
            self._resize_timer.start()  # refit once the resizing settles
        return super().eventFilter(watched, event)

    def current_page(self) -> int:
        """1-based: the page at the top third of the viewport."""
        if not self._page_labels:
            return 0
        probe = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 3
        for index, label in enumerate(self._page_labels):
            if label.geometry().bottom() + PAGE_GAP >= probe:
                return index + 1
        return len(self._page_labels)

    def _update_page_label(self, *_args: Any) -> None:
        if self._page_count:
            self.page_label.setText(_("Page {page} of {count}").format(
                page=self.current_page(), count=self._page_count))

    # --- print -------------------------------------------------------------------------
    def ask_printer(self) -> QPrinter | None:
        """The print dialog; None when cancelled. (Tests replace this.)"""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        pages.prepare_printer(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
        dialog.setMinMax(1, max(1, self._page_count))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if printer.outputFileName() and not self.confirm_unencrypted():
            return None  # a "print to file" printer writes a plaintext PDF
        return printer

    def print_document(self) -> None:
        if self._busy or not self._images or not self.ctx.is_unlocked:
            return
        printer = self.ask_printer()
        if printer is None:
            return  # cancelled: no copy number reserved, nothing logged
        pages.name_job(printer)  # the paper the officer chose stays
        copies = max(1, min(MAX_COPIES, printer.copyCount()))
        printer.setCopyCount(1)  # every physical copy is its own numbered copy
        first, last = printer.fromPage(), printer.toPage()
        if not printer.isValid():
            self._action_failed(self._generation, pages.PrinterUnavailable())
            return
        generation = self._generation
        self._start_busy(_("Printing…"))
        # the job starts before a copy number is reserved: a printer that cannot print
        # leaves nothing in the print log
        self.raster.submit(lambda: pages.begin_print(printer),
                           on_success=lambda painter: self._issue_copies(
                               generation, painter, printer, copies, first, last),
                           on_failure=lambda error: self._action_failed(generation, error))

    def _abort_job(self, painter: Any, printer: QPrinter) -> None:
        self.raster.submit(lambda: pages.abort_print(painter, printer),
                           on_success=lambda _r: None, on_failure=lambda _e: None)

    def _issue_copies(self, generation: int, painter: Any, printer: QPrinter, copies: int,
                      first: int, last: int) -> None:
        if generation != self._generation or not self.ctx.is_unlocked:
            self._abort_job(painter, printer)
            return
        render = self.request.render

        def failed(error: BaseException) -> None:
            self._abort_job(painter, printer)
            self._action_failed(generation, error)

        self.ctx.run(lambda services: [render(services, False) for _i in range(copies)],
                     on_success=lambda docs: self._print_copies(generation, docs, printer,
                                                                first, last, painter),
                     on_failure=failed)

    def _print_copies(self, generation: int, docs: list[Any], printer: QPrinter,
                      first: int, last: int, painter: Any = None) -> None:
        if generation != self._generation:
            if painter is not None:
                self._abort_job(painter, printer)
            return
        self._issued = True
        self.copies_issued.emit([n for doc in docs for n in (doc.copy_numbers or
                                                              (doc.copy_number,))])
        pdfs = [doc.pdf for doc in docs]

        def progress(done: int, total: int) -> None:
            self.raster.post(lambda: self._progress(generation, done, total))

        self.raster.submit(
            lambda: pages.print_documents(pdfs, printer, first_page=first, last_page=last,
                                          progress=progress, painter=painter,
                                          cancelled=lambda: generation != self._generation),
            on_success=lambda _sent: self._done(generation, _(
                "Printed: {copies}.").format(copies=_copies_text(docs))),
            on_failure=lambda error: self._print_failed(generation, error, docs))

    def _print_failed(self, generation: int, error: BaseException, docs: list[Any]) -> None:
        """The copies were issued (numbered, logged) but the printer failed: say so."""
        if isinstance(error, (pages.PrintCancelled, DomainError)):
            self._action_failed(generation, error)
            return
        self._action_failed(generation, PrintFailed(copies=_copies_text(docs)))

    def _progress(self, generation: int, done: int, total: int) -> None:
        if generation == self._generation:
            self.status.setText(_("Printing page {done} of {total}…").format(done=done,
                                                                         total=total))

    # --- save --------------------------------------------------------------------------
    def confirm_unencrypted(self) -> bool:
        """The officer must confirm that the file will not be encrypted. (Tests replace
        this.)"""
        box = QMessageBox(QMessageBox.Icon.Warning, _("The file is NOT encrypted"), _(
            "A saved PDF is NOT encrypted: anyone with access to the folder can read it, "
            "and a backup or sync of that folder copies it. Save it only to a place your "
            "organisation approved, and delete it when it is no longer needed. The copy "
            "is numbered and logged."), QMessageBox.StandardButton.NoButton, self)
        save = box.addButton(_("Save unencrypted"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        save.setAccessibleName(_("Save the PDF unencrypted"))
        cancel.setAccessibleName(_("Do not save"))
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is save

    def ask_save_path(self) -> Path | None:
        """The save dialog; None when cancelled. (Tests replace this.)"""
        from mensenhandel_desk.ui.widgets.file_dialogs import ask_save_file

        path = ask_save_file(self, _("Save as PDF — the file is NOT encrypted"),
                             _safe_stem(self.request.title) + ".pdf",
                             _("PDF documents (*.pdf)"))
        if path is None:
            return None
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def save_pdf(self) -> None:
        if self._busy or not self._images or not self.ctx.is_unlocked:
            return
        if not self.confirm_unencrypted():
            return
        path = self.ask_save_path()
        if path is None:
            return
        generation = self._generation
        render = self.request.render
        self._start_busy(_("Saving…"))
        self.ctx.run(lambda services: _save_copy(services, render, path),
                     on_success=lambda doc: self._saved(generation, doc, path),
                     on_failure=lambda error: self._action_failed(generation, error))

    def _saved(self, generation: int, doc: Any, path: Path) -> None:
        if generation != self._generation:
            return
        self._issued = True
        self.copies_issued.emit(list(doc.copy_numbers or (doc.copy_number,)))
        self._done(generation, _("Saved: {copies}, in {file} (not encrypted).").format(
            copies=_copies_text([doc]), file=path.name))

    # --- busy, done, errors ------------------------------------------------------------
    def _start_busy(self, text: str) -> None:
        self._busy = True
        self.status.setText(text)
        self.status.setVisible(True)
        self._set_actions_enabled(True)

    def _done(self, generation: int, text: str) -> None:
        if generation != self._generation:
            return
        self._busy = False
        self.status.setText(text)
        self.status.setVisible(True)
        self._set_actions_enabled(True)

    def _action_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._busy = False
        self.status.setText(describe(error))
        self.status.setVisible(True)
        self._set_actions_enabled(True)

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def issued(self) -> bool:
        """Whether a numbered copy was printed or saved from this preview."""
        return self._issued

    # --- closing and lock --------------------------------------------------------------
    def _drop(self) -> None:
        self._generation += 1
        self._pdf = None
        self._images = []
        for label in self._page_labels:
            label.clear()
        self._page_labels = []

    def _on_locking(self, _reason: str = "") -> None:
        """Lock: the pages go at once, the dialog closes; no callback (the screen that
        asked is emptying itself too)."""
        self.on_done = None
        self._busy = False
        self._finish()
        super().done(QDialog.DialogCode.Rejected)

    def reject(self) -> None:
        """Close, Esc and the window's close box; not while printing or saving."""
        if self._busy:
            return
        super().reject()

    def done(self, result: int) -> None:
        self._finish()
        super().done(result)

    def _finish(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._drop()
        try:
            self.ctx.locking.disconnect(self._on_locking)
        except (RuntimeError, TypeError):
            pass
        callback, self.on_done = self.on_done, None
        if callback is not None:
            callback(self._issued)


def _save_copy(services: Any, render: Callable[[Any, bool], Any], path: Path) -> Any:
    """On the worker: the numbered copy, written atomically, the export audited (the
    file is plaintext outside the vault; the detail names no path: a file name may hold
    a name)."""
    from mensenhandel_desk.services.audit import Action
    from mensenhandel_desk.services.files import write_atomic

    doc = render(services, False)
    write_atomic(path, doc.pdf)
    services.record(Action.EXPORT, doc.reference,
                    f"{doc.kind} copy={doc.copy_number} saved as unencrypted PDF")
    return doc


class PrintFailed(DomainError):
    """The printer failed after the numbered copies were issued and logged."""

    code = "print_failed"

    def __init__(self, *, copies: str) -> None:
        super().__init__("Printing failed: {copies} is recorded in the print log but was "
                         "not printed. Check the printer and print again; the new copy gets "
                         "a new number.", copies=copies)


def _copies_text(docs: list[Any]) -> str:
    numbers = ", ".join(str(n) for doc in docs for n in (doc.copy_numbers or
                                                          (doc.copy_number,)))
    recipient = docs[0].recipient if docs else ""
    if len(docs) == 1 and len(docs[0].copy_numbers or (1,)) == 1:
        return _("copy {number} for {recipient}").format(number=numbers, recipient=recipient)
    return _("copies {numbers} for {recipient}").format(numbers=numbers, recipient=recipient)


def _safe_stem(title: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in " -_." else "_" for ch in title).strip()
    return keep or "document"
