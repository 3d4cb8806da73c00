"""Verklaring van vernietiging: the printable proof of a retention purge.

It lists references and dates only (received, closed, destroyed): nothing about the
people or the content, which no longer exist. The municipality's archive keeps it as
evidence that the retention periods were applied (Archiefwet, AVG art. 5(1)(e)).

Self-contained on purpose: it renders from the plain dataclasses below and shares only
the fonts and paragraph styles of ``documents/styles.py``. ``build_simple_pdf`` is
reused by the access-request report.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from mensenhandel_desk.documents import preview
from mensenhandel_desk.documents import styles as st
from mensenhandel_desk.documents.data import CopyMark
from mensenhandel_desk.documents.phrases import copy_line
from mensenhandel_desk.documents.text import markup

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
CREATOR = "Mensenhandel Desk"


def dutch_date(day: date | None) -> str:
    """24 november 2026 (Dutch document convention)."""
    if day is None:
        return "-"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph from plain text (escaped; newlines kept; Arabic shaped and characters
    DejaVu lacks, e.g. a Chinese name in an access report, set in the fallback font)."""
    return Paragraph(markup(text), st.styles()[style])


def _numbered_canvas(title: str, marking: str, copy: str) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Two-stage canvas: draws "Pagina x van y" once the page count is known."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            width, height = st.PAGE_SIZE
            stamped = preview.active()
            line = preview.preview_line(copy) if stamped else copy
            first = 17.2 * mm if line else 14 * mm  # the copy line goes below
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.saveState()
                if marking:
                    self.setFont(st.FONT_BOLD, 9)
                    self.setFillColor(st.MARK)
                    self.drawCentredString(width / 2, height - 11 * mm, marking)
                    self.drawCentredString(width / 2, 8 * mm, marking)
                self.setFont(st.FONT, st.SMALL_SIZE)
                self.setFillColor(st.MUTED)
                self.drawString(st.MARGIN_LEFT, first, title)
                self.drawRightString(width - st.MARGIN_RIGHT, first,
                                     f"Pagina {number} van {total}")
                if line:
                    self.setFont(st.FONT_BOLD, st.SMALL_SIZE)
                    if stamped:
                        self.setFillColor(preview.STAMP_COLOR)
                    st.draw_string(self, st.MARGIN_LEFT, 13.6 * mm, line)
                self.restoreState()
                if stamped:
                    preview.draw_watermark(self)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def build_simple_pdf(story: list, title: str, marking: str = "", copy: str = "") -> bytes:
    """A4 with margins, title and "Pagina x van y" in the footer; ``copy`` (the
    "Exemplaar n — voor: ..." line of a logged copy, or the recipient of a preview) below
    them. Metadata carries the document kind only (no author, subject or keywords: no
    personal data in file properties). Deterministic (``invariant``)."""
    st.register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=st.PAGE_SIZE, title=title, author="",
                            subject="", creator=CREATOR, producer=CREATOR, keywords=[],
                            invariant=1, leftMargin=st.MARGIN_LEFT,
                            rightMargin=st.MARGIN_RIGHT, topMargin=st.MARGIN_TOP,
                            bottomMargin=st.MARGIN_BOTTOM, lang="nl-NL")
    doc.build(story, canvasmaker=_numbered_canvas(title, marking, copy))
    return buffer.getvalue()


def table(rows: list[list], widths: list[float]) -> Table:
    result = Table(rows, colWidths=widths, repeatRows=1)
    result.setStyle(TableStyle(st.table_style(header=True)))
    return result


@dataclass(frozen=True)
class DestroyedSignal:
    reference: str
    received_on: date
    closed_on: date


@dataclass(frozen=True)
class DestructionDeclaration:
    municipality: str
    department: str
    officer_name: str
    officer_function: str
    destroyed_on: date
    signals: list[DestroyedSignal] = field(default_factory=list)


TITLE = "Verklaring van vernietiging"
KIND = "destruction_declaration"  # print log and audit trail


def copy_text(mark: CopyMark | None) -> str:
    """The copy line for ``build_simple_pdf``: empty without a mark, the recipient alone
    for a preview (the stamp supplies the rest)."""
    if mark is None:
        return ""
    return mark.recipient if preview.active() else copy_line(mark.number, mark.recipient)


def render(data: DestructionDeclaration, copy: CopyMark | None = None) -> bytes:
    """The declaration as PDF bytes (nothing touches the disk); ``copy``: which numbered
    copy, for whom (printed on every page)."""
    count = len(data.signals)
    noun, verb = ("signaal", "is") if count == 1 else ("signalen", "zijn")
    story: list = [
        para(TITLE, "title"),
        para(f"{data.municipality} · {data.department}", "subtitle"),
        para(f"Hierbij wordt verklaard dat op {dutch_date(data.destroyed_on)} de hieronder "
             f"genoemde {count} {noun} mensenhandel, met alle bijbehorende gegevens "
             "(betrokkenen, adressen, verrijking, overdrachten, terugkoppelingen en de "
             f"gegevens van de melder), uit Mensenhandel Desk {verb} vernietigd. De "
             "bewaartermijn was verstreken en er gold geen bewaarplicht. De "
             "gegevens zijn onherstelbaar uit het bestand verwijderd; de vernietiging is "
             "vastgelegd in de audittrail."),
        Spacer(1, 4 * mm),
    ]
    rows: list[list] = [[para("Kenmerk", "cell_bold"), para("Ontvangen op", "cell_bold"),
                         para("Afgesloten op", "cell_bold"), para("Vernietigd op", "cell_bold")]]
    for item in data.signals:
        rows.append([para(item.reference, "cell"), para(dutch_date(item.received_on), "cell"),
                     para(dutch_date(item.closed_on), "cell"),
                     para(dutch_date(data.destroyed_on), "cell")])
    if not data.signals:
        rows.append([para("Geen signalen vernietigd.", "cell"), "", "", ""])
    story.append(table(rows, [40 * mm, 40 * mm, 40 * mm, 40 * mm]))
    story += [
        Spacer(1, 10 * mm),
        para(f"Vernietigd door: {data.officer_name or '........................................'}"
             f", {data.officer_function}"),
        para(f"Datum: {dutch_date(data.destroyed_on)}"),
        Spacer(1, 12 * mm),
        para("Handtekening: ........................................"),
        Spacer(1, 10 * mm),
        para("Gezien door de privacyfunctionaris / archivaris:"),
        Spacer(1, 12 * mm),
        para("Naam en handtekening: ........................................"),
    ]
    return build_simple_pdf(story, TITLE, copy=copy_text(copy))
