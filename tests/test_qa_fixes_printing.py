"""QA fix 2 (helper fix-A): a failed print is never recorded as a printed copy without
saying so; a printer that cannot start leaves nothing in the print log."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinter

from mensenhandel_desk.ui.printing import pages
from tests import test_ui_printing as base
from tests.test_ui_printing import WAIT, _log, _open, _sheet

# the fixtures of the printing tests: a vault with a populated signal, a context over it
_template, ctx, reference = base._template, base.ctx, base.reference


def test_a_printer_that_cannot_start_issues_no_numbered_copy(qtbot, ctx, reference,
                                                             monkeypatch) -> None:
    dialog = _open(qtbot, ctx, _sheet(reference))
    before = _log(qtbot, ctx)

    def missing_printer() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPrinterName("bestaat-niet")  # no such printer: painting cannot begin
        return printer

    monkeypatch.setattr(dialog, "ask_printer", missing_printer)
    dialog.print_document()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.status.text().startswith("Geen printer beschikbaar")
    assert "Foutcode" not in dialog.status.text() and "fout-id" not in dialog.status.text()
    assert _log(qtbot, ctx) == before  # no print record, no audit entry
    assert not dialog.issued and dialog.print_button.isEnabled()
    dialog.reject()


def test_a_print_failing_after_the_copy_was_issued_says_so(qtbot, ctx, reference, tmp_path,
                                                           monkeypatch) -> None:
    dialog = _open(qtbot, ctx, _sheet(reference))
    before, _audit = _log(qtbot, ctx)

    def pdf_printer() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "uit.pdf"))
        return printer

    def broken(*_args, **kwargs) -> int:
        kwargs["painter"].end()
        raise OSError("printer")

    monkeypatch.setattr(dialog, "ask_printer", pdf_printer)
    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda: True)
    monkeypatch.setattr(pages, "print_documents", broken)
    dialog.print_document()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    prints, _audit = _log(qtbot, ctx)
    assert len(prints) == len(before) + 1  # the copy was issued before the printer failed
    text = dialog.status.text()
    assert text.startswith("Afdrukken mislukt: exemplaar 1 voor Zorgcoördinator"), text
    assert "is in het afdruklogboek genoteerd maar niet afgedrukt" in text
    dialog.reject()
