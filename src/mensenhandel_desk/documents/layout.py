"""The shared page frame: classification marking at top and bottom, reference, copy
line and "Pagina x van y" on every page, and PDF metadata without personal data.

"x van y" needs the page count before the pages are written, so the canvas keeps each
finished page's state and draws the running elements when the document is saved (the
usual reportlab two-stage canvas; one layout pass, no rebuild).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from mensenhandel_desk.documents import preview as pv
from mensenhandel_desk.documents import styles as st
from mensenhandel_desk.documents.phrases import MARKING, copy_line, page_line
from mensenhandel_desk.documents.text import visual

CREATOR = "Mensenhandel Desk"


@dataclass(slots=True, frozen=True)
class PageDecor:
    """What every page carries besides its content."""

    title: str  # document kind, e.g. "Overdrachtsformulier"
    reference: str  # signal reference or meeting reference
    copy_number: int
    recipient: str
    marking: str = MARKING


class CopyStart(Flowable):
    """Zero-size marker at the start of each copy: tells the canvas which copy the
    following pages belong to (copy number, recipient, page count restart)."""

    def __init__(self, decor: PageDecor) -> None:
        super().__init__()
        self.decor = decor
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._mhd_decor = self.decor


def _decorated_canvas(first: PageDecor) -> type[Canvas]:
    class DecoratedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []
            self._mhd_decor = first

        def showPage(self) -> None:  # noqa: N802 (reportlab API)
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            decors = [state["_mhd_decor"] for state in self._saved_pages]
            totals: dict[int, int] = {}
            for decor in decors:
                totals[id(decor)] = totals.get(id(decor), 0) + 1
            seen: dict[int, int] = {}
            for state, decor in zip(self._saved_pages, decors, strict=True):
                seen[id(decor)] = seen.get(id(decor), 0) + 1
                self.__dict__.update(state)
                draw_running(self, decor, seen[id(decor)], totals[id(decor)])
                Canvas.showPage(self)
            Canvas.save(self)

    return DecoratedCanvas


FOOTER_RULE_MM = 20.4
FOOTER_FIRST_MM = 17.2  # baseline: document kind and reference, page x of y on the right
FOOTER_COPY_MM = 13.6  # baseline: "Exemplaar n — voor: ..." on a line of its own
MIN_FOOTER_SIZE = 5.5


def fit_line(text: str, font: str, size: float, width: float) -> tuple[str, float]:
    """``text`` at ``size`` or smaller (down to 5.5 pt) so it fits ``width``; a text too
    long even then is cut with "…" (the print log keeps the full recipient)."""
    needed = st.string_width(text, font, size)
    if needed <= width:
        return text, size
    size = max(MIN_FOOTER_SIZE, size * width / needed)
    while text and st.string_width(text, font, size) > width:
        text = text[:-2].rstrip() + "…"
    return text, size


def draw_running(canvas: Canvas, decor: PageDecor, page: int, total: int) -> None:
    """Marking top and bottom; above the bottom marking two footer lines: kind and
    reference left with "Pagina x van y" right, then the copy line on its own, so a long
    recipient ("Politie – AVIM (Vreemdelingenpolitie, ...)") never runs into the page
    number. A preview (``preview.stamped()``) says so instead of the copy line and gets
    the diagonal "VOORBEELD"."""
    width, height = st.PAGE_SIZE
    canvas.saveState()
    canvas.setFillColor(st.MARK)
    canvas.setFont(st.FONT_BOLD, 9)
    canvas.drawCentredString(width / 2, height - 11 * st.mm, decor.marking)
    canvas.drawCentredString(width / 2, 8 * st.mm, decor.marking)
    canvas.setFillColor(st.MUTED)
    left = st.MARGIN_LEFT
    right = width - st.MARGIN_RIGHT
    canvas.setStrokeColor(st.RULE)
    canvas.setLineWidth(0.4)
    canvas.line(left, FOOTER_RULE_MM * st.mm, right, FOOTER_RULE_MM * st.mm)
    page_text = page_line(page, total)
    page_width = stringWidth(page_text, st.FONT, st.SMALL_SIZE)
    canvas.setFont(st.FONT, st.SMALL_SIZE)
    canvas.drawRightString(right, FOOTER_FIRST_MM * st.mm, page_text)
    head, size = fit_line(visual(f"{decor.title} · Kenmerk {decor.reference}"), st.FONT,
                          st.SMALL_SIZE, right - left - page_width - 6 * st.mm)
    canvas.setFont(st.FONT, size)
    st.draw_string(canvas, left, FOOTER_FIRST_MM * st.mm, head)
    stamped = pv.active()
    line = (pv.preview_line(decor.recipient) if stamped
            else copy_line(decor.copy_number, decor.recipient))
    copy, size = fit_line(visual(line), st.FONT_BOLD, st.SMALL_SIZE, right - left)
    canvas.setFont(st.FONT_BOLD, size)
    if stamped:
        canvas.setFillColor(pv.STAMP_COLOR)
    st.draw_string(canvas, left, FOOTER_COPY_MM * st.mm, copy)
    canvas.restoreState()
    if stamped:
        pv.draw_watermark(canvas)


def build_pdf(story: list[Flowable], decor: PageDecor, *,
              first_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
              first_frame: Frame | None = None, later_frame: Frame | None = None) -> bytes:
    """Lay out ``story`` on A4 with the running elements and return the PDF bytes."""
    return build_copies([(story, decor)], first_page=first_page, first_frame=first_frame,
                        later_frame=later_frame)


def build_copies(copies: list[tuple[list[Flowable], PageDecor]], *,
                 first_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
                 first_frame: Frame | None = None,
                 later_frame: Frame | None = None, meta_title: str | None = None) -> bytes:
    """One PDF holding one or more numbered copies, each starting on a new page with its
    own "Exemplaar n — voor: ..." and its own "Pagina x van y".

    Nothing touches the disk. Metadata: title = kind + reference, no author, subject or
    keywords (they would end up in file properties and search indexes). ``meta_title``
    replaces the title (the monitoring report: the kind only).
    """
    st.register_fonts()
    decor = copies[0][1]
    buffer = io.BytesIO()
    width, height = st.PAGE_SIZE
    body = Frame(st.MARGIN_LEFT, st.MARGIN_BOTTOM, width - st.MARGIN_LEFT - st.MARGIN_RIGHT,
                 height - st.MARGIN_TOP - st.MARGIN_BOTTOM, id="body",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    title = meta_title or f"{decor.title} {decor.reference}"
    doc = BaseDocTemplate(buffer, pagesize=st.PAGE_SIZE, title=title,
                          author="", subject="", creator=CREATOR, producer=CREATOR,
                          keywords=[], invariant=1, leftMargin=st.MARGIN_LEFT,
                          rightMargin=st.MARGIN_RIGHT, topMargin=st.MARGIN_TOP,
                          bottomMargin=st.MARGIN_BOTTOM, lang="nl-NL",
                          initialFontName=st.FONT, initialFontSize=st.BODY_SIZE)
    later = PageTemplate(id="later", frames=[later_frame or body])
    has_first = first_page is not None or first_frame is not None
    if has_first:
        first = PageTemplate(id="first", frames=[first_frame or body],
                             onPage=first_page or (lambda c, d: None), autoNextPageTemplate="later")
        doc.addPageTemplates([first, later])
    else:
        doc.addPageTemplates([later])
    flowables: list[Flowable] = []
    for index, (story, copy_decor) in enumerate(copies):
        if index:
            if has_first:
                flowables.append(NextPageTemplate("first"))
            flowables.append(PageBreak())
        flowables += [CopyStart(copy_decor), *story]
    doc.build(flowables, canvasmaker=_decorated_canvas(decor))
    return buffer.getvalue()
