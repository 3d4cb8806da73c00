"""The print preview on a real vault: pages on screen without a logged copy, printing to
a PDF "printer" with one numbered copy logged and no file in the temp folder, cancelling
logs nothing, saving asks first and writes atomically, a lock closes it all."""

from __future__ import annotations

import io
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from mensenhandel_desk.domain.enums import SharedDataKind
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.printing import DocumentRequest, show_document
from mensenhandel_desk.ui.printing.dialog import PreviewDialog
from mensenhandel_desk.ui.worker import Worker
from tests.conftest import NOW, PASSPHRASE
from tests.test_documents_service import populate

WAIT = 20_000


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> dict:
    from mensenhandel_desk.services.clock import fixed_clock

    path = tmp_path_factory.mktemp("printing") / "kluis.mhd"
    with create_vault(path, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        reference = populate(services)
    return {"path": path, "reference": reference}


@pytest.fixture
def ctx(qtbot, _template, vault_path, clock):
    vault_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_template["path"], vault_path)
    made = DeskContext(Worker(), vault_path)
    with qtbot.waitSignal(made.unlocked, timeout=WAIT):
        made.open(lambda: open_vault(vault_path, PASSPHRASE, clock=clock))
    yield made
    if made.is_unlocked:
        with qtbot.waitSignal(made.locked, timeout=WAIT):
            made.lock("quit")
    made.worker.shutdown()


@pytest.fixture
def reference(_template) -> str:
    return _template["reference"]


def _on_worker(qtbot, ctx, fn):
    with qtbot.waitCallback(timeout=WAIT) as done:
        ctx.run(fn, on_success=done)
    return done.args[0]


def _log(qtbot, ctx) -> tuple[list, list]:
    """(print records, audit actions) as they stand."""
    def read(services):
        with services.vault.unit_of_work() as uow:
            return ([(p.document_kind, p.copy_number, p.recipient) for p in uow.prints.all()],
                    [(e.action, e.detail) for e in uow.audit.query()])
    return _on_worker(qtbot, ctx, read)


def _sheet(reference: str) -> DocumentRequest:
    return DocumentRequest(f"Overdrachtsformulier {reference}",
                           lambda services, preview: services.documents.handover_sheet(
                               reference, "zorgcoordinator", preview=preview,
                               shared=set(SharedDataKind)))  # every section: 2+ pages


def _open(qtbot, ctx, request, done=None) -> PreviewDialog:
    dialog = show_document(ctx, None, request, done)  # deletes itself on close
    qtbot.waitUntil(lambda: dialog.page_count and dialog.pages_shown == dialog.page_count,
                    timeout=WAIT)
    return dialog


@pytest.fixture
def empty_tmp(tmp_path, monkeypatch) -> Path:
    """TMPDIR (Python's and Qt's temp folder) pointed at an empty folder."""
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_preview_shows_every_page_and_logs_no_copy(qtbot, ctx, reference) -> None:
    before = _log(qtbot, ctx)
    dialog = _open(qtbot, ctx, _sheet(reference))
    expected = _on_worker(qtbot, ctx, lambda s: len(PdfReader(io.BytesIO(
        s.documents.handover_sheet(reference, "zorgcoordinator", preview=True,
                                                shared=set(SharedDataKind)).pdf)).pages))
    assert dialog.page_count == expected >= 2
    assert dialog.page_label.text() == f"Pagina 1 van {expected}"
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert dialog.windowTitle() == "Afdrukvoorbeeld"  # no reference, no name
    dialog.set_fit_width(False)
    assert dialog.actual_button.isChecked()
    dialog.set_fit_width(True)
    assert _log(qtbot, ctx) == before  # no print record, no audit entry


def test_print_to_a_pdf_printer_logs_one_copy_and_leaves_no_temp_file(
        qtbot, ctx, reference, tmp_path, empty_tmp, monkeypatch) -> None:
    done: list[bool] = []
    dialog = _open(qtbot, ctx, _sheet(reference), done.append)
    prints_before, audit_before = _log(qtbot, ctx)
    out = tmp_path / "printer" / "uitvoer.pdf"
    out.parent.mkdir()

    def pdf_printer() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(150)  # rasterised at the printer's resolution
        return printer

    monkeypatch.setattr(dialog, "ask_printer", pdf_printer)
    dialog.print_document()
    assert dialog.busy and not dialog.close_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert "Afgedrukt: exemplaar 1" in dialog.status.text()
    prints, audit = _log(qtbot, ctx)
    assert [p[:2] for p in prints[len(prints_before):]] == [("handover_sheet", 1)]
    assert prints[-1][2].startswith("Zorgcoördinator mensenhandel")
    assert [a for a, _d in audit[len(audit_before):]] == [Action.DOCUMENT]
    assert "copy=1" in audit[-1][1]
    printed = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(printed.pages) == dialog.page_count
    assert printed.metadata.title == "Mensenhandel Desk"  # the job name: no reference
    assert list(empty_tmp.iterdir()) == []  # nothing spooled or cached in the temp folder
    dialog.reject()
    assert done == [True]


def test_cancelling_the_print_dialog_logs_nothing(qtbot, ctx, reference, monkeypatch) -> None:
    done: list[bool] = []
    dialog = _open(qtbot, ctx, _sheet(reference), done.append)
    before = _log(qtbot, ctx)
    monkeypatch.setattr(dialog, "ask_printer", lambda: None)
    dialog.print_document()
    assert not dialog.busy
    assert _log(qtbot, ctx) == before
    dialog.reject()
    assert done == [False]


def test_several_printed_copies_are_each_numbered(qtbot, ctx, reference, tmp_path,
                                                  monkeypatch) -> None:
    dialog = _open(qtbot, ctx, _sheet(reference))
    out = tmp_path / "twee.pdf"

    def printer_two() -> QPrinter:
        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(72)
        printer.setCopyCount(2)
        printer.setFromTo(1, 1)  # the first page of each copy only
        return printer

    monkeypatch.setattr(dialog, "ask_printer", printer_two)
    dialog.print_document()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    prints, _audit = _log(qtbot, ctx)
    assert [p[1] for p in prints] == [1, 2]
    assert len(PdfReader(io.BytesIO(out.read_bytes())).pages) == 2  # page 1 of 2 copies
    dialog.reject()


def test_save_asks_first_and_writes_the_numbered_copy_atomically(
        qtbot, ctx, reference, tmp_path, monkeypatch) -> None:
    done: list[bool] = []
    dialog = _open(qtbot, ctx, _sheet(reference), done.append)
    before = _log(qtbot, ctx)
    folder = tmp_path / "gekozen"
    folder.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda: asked.append("warn") or False)
    monkeypatch.setattr(dialog, "ask_save_path", lambda: asked.append("path") or
                        folder / "blad.pdf")
    dialog.save_pdf()  # declined: no file dialog, nothing written or logged
    assert asked == ["warn"] and list(folder.iterdir()) == []
    assert _log(qtbot, ctx) == before

    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda: asked.append("warn") or True)
    dialog.save_pdf()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert asked == ["warn", "warn", "path"]
    assert [p.name for p in folder.iterdir()] == ["blad.pdf"]  # no .part left behind
    text = " ".join(p.extract_text() for p in PdfReader(folder / "blad.pdf").pages)
    assert "Exemplaar 1" in text and "VOORBEELD" not in text
    prints, audit = _log(qtbot, ctx)
    assert len(prints) == len(before[0]) + 1
    assert [a for a, _d in audit[len(before[1]):]] == [Action.DOCUMENT, Action.EXPORT]
    assert "blad" not in audit[-1][1]  # the audit names no file
    dialog.reject()
    assert done == [True]


def test_a_failing_document_shows_the_dutch_error(qtbot, ctx) -> None:
    dialog = show_document(ctx, None, DocumentRequest(
        "Overdrachtsformulier", lambda services, preview: services.documents.handover_sheet(
            "MH-1999-9999", "zorgcoordinator", preview=preview)))
    qtbot.waitUntil(lambda: "MH-1999-9999" in dialog.status.text(), timeout=WAIT)
    assert dialog.status.text() == "Geen signaal met kenmerk MH-1999-9999."
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    dialog.reject()


def test_lock_closes_the_preview_and_drops_its_pages(qtbot, ctx, reference) -> None:
    done: list[bool] = []
    dialog = _open(qtbot, ctx, _sheet(reference), done.append)
    with qtbot.waitSignal(ctx.locked, timeout=WAIT):
        ctx.lock("manual")
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=WAIT)  # gone, pages too
    assert done == []  # no callback into a screen that is emptying itself


def test_a_lock_while_printing_stops_the_job_and_the_dialog_goes(
        qtbot, ctx, reference, tmp_path, monkeypatch) -> None:
    from mensenhandel_desk.ui.printing import pages

    done: list[bool] = []
    dialog = _open(qtbot, ctx, _sheet(reference), done.append)
    out = tmp_path / "half.pdf"
    started: list[bool] = []
    gate = threading.Event()
    real_paint = pages._paint_page

    def gated_paint(*args, **kwargs):  # on the raster thread: holds the first page
        started.append(True)
        gate.wait(WAIT / 1000)
        return real_paint(*args, **kwargs)

    monkeypatch.setattr(pages, "_paint_page", gated_paint)

    def printer() -> QPrinter:
        made = QPrinter()
        made.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        made.setOutputFileName(str(out))
        made.setResolution(72)
        made.setCopyCount(3)  # six pages to go
        return made

    monkeypatch.setattr(dialog, "ask_printer", printer)
    dialog.print_document()
    qtbot.waitUntil(lambda: bool(started), timeout=WAIT)
    with qtbot.waitSignal(ctx.locked, timeout=WAIT):
        ctx.lock("idle")
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=WAIT)
    gate.set()
    with qtbot.waitCallback(timeout=WAIT) as idle:  # queued behind the print job
        pages.raster_thread().submit(lambda: None, idle, idle)
    assert started == [True]  # the page in hand was finished, no further page of six
    assert done == []


def test_every_control_is_named_for_a_screen_reader_in_dutch(qtbot, ctx, reference) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea

    dialog = _open(qtbot, ctx, _sheet(reference))
    controls = dialog.findChildren(QAbstractButton) + dialog.findChildren(QAbstractScrollArea)
    names = {w.accessibleName() for w in controls}
    assert all(w.accessibleName() for w in controls), [w.text() for w in controls
                                                          if not w.accessibleName()]
    assert "Het voorbeeld sluiten" in names and "Pagina's van het document" in names
    texts = {b.text() for b in dialog.findChildren(QAbstractButton)}
    assert {"&Afdrukken…", "Opslaan als &PDF…", "&Sluiten", "Pagina&breedte"} <= texts
    dialog.reject()


def test_a_page_printed_in_bands_is_the_same_page(qtbot, tmp_path, monkeypatch) -> None:
    """A high-resolution page goes to the printer in bands (memory); the sheet must look
    exactly like the page printed in one piece: no seam, no gap, no shift."""
    from PySide6.QtGui import QImage

    from mensenhandel_desk.documents import examples, render_handover_sheet
    from mensenhandel_desk.ui.printing import pages

    pdf = render_handover_sheet(examples.handover_sheet())

    def printed(name: str) -> QImage:
        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / name))
        printer.setResolution(100)
        pages.print_documents([pdf], printer, last_page=1)
        with pages.opened((tmp_path / name).read_bytes()) as document:
            return pages.rasterise(document, 0, 100).convertToFormat(
                QImage.Format.Format_Grayscale8)

    whole = printed("heel.pdf")
    monkeypatch.setattr(pages, "BAND_BYTES", 40_000)  # ~97 bands of 13 rows
    banded = printed("banden.pdf")
    assert whole.size() == banded.size()
    # Each band is scaled onto the sheet on its own, so edges of letters resample a
    # little differently (a few dozen pixels at a quarter of the resolution); a seam, a
    # gap or a band out of place changes thousands.
    small = [image.scaled(whole.width() // 4, whole.height() // 4,
                          mode=Qt.TransformationMode.SmoothTransformation)
             for image in (whole, banded)]
    differing = sum(1 for y in range(small[0].height()) for x in range(small[0].width())
                    if abs(small[0].pixelColor(x, y).value()
                           - small[1].pixelColor(x, y).value()) > 48)
    assert differing <= 150
    ink = sum(1 for y in range(small[0].height()) for x in range(small[0].width())
              if small[1].pixelColor(x, y).value() < 200)
    assert ink > 1000  # the banded page really has the document on it


def test_the_page_keeps_its_proportions_on_other_paper() -> None:
    from PySide6.QtCore import QRectF

    from mensenhandel_desk.ui.printing.pages import fitted

    a4 = fitted(QRectF(0, 0, 2480, 3508), 595.28, 841.89)  # A4 at 300 dpi
    assert round(a4.width()) == 2480 and abs(a4.height() - 3508) < 1.5  # fills the sheet
    assert (a4.x(), a4.y()) == (0, 0)
    letter = fitted(QRectF(0, 0, 2550, 3300), 595.28, 841.89)  # Letter: not stretched
    assert round(letter.height()) == 3300 and letter.y() == 0
    assert abs(letter.width() / letter.height() - 595.28 / 841.89) < 1e-6
    assert round(letter.x()) == round((2550 - letter.width()) / 2)  # centred across
