"""Terugkoppelingsbrief: the letter to the reporting colleague (route step 6).

Municipal letter layout on A4: letterhead (logo or municipality name, side column with
the sender's address and contact), the addressee placed for a window envelope at the
municipality's configured spot (``address_left_mm`` / ``address_top_mm`` from the top
left corner of the sheet, field 90 × 35 mm, small return-address line at its top),
then Datum / Ons kenmerk / Betreft, salutation, body, signature.

This is the one document that names the reporter: it goes to them. The body comes from
an outcome template the officer edits; it says in general terms what happened and never
discloses a partner's investigation.
"""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Table, TableStyle

from mensenhandel_desk.documents import parts
from mensenhandel_desk.documents import styles as st
from mensenhandel_desk.documents.data import FeedbackLetterData
from mensenhandel_desk.documents.layout import PageDecor, build_pdf
from mensenhandel_desk.documents.phrases import FEEDBACK_LETTER, TITLES, long_date
from mensenhandel_desk.documents.text import visual

TITLE = TITLES[FEEDBACK_LETTER]
mm = st.mm

ADDRESS_WIDTH_MM = 90.0
ADDRESS_HEIGHT_MM = 35.0
RETURN_LINE_MM = 3.5  # baseline of the return-address line below the field's top
FIRST_LINE_MM = 10.0  # baseline of the first address line below the field's top
ADDRESS_LEADING_MM = 4.6
ADDRESS_SIZE = 10
MIN_ADDRESS_SIZE = 7
# Window-envelope positions that leave room for the letterhead above and the reference
# block below (which starts at BODY_TOP_MM). A window on the left (the Dutch standard)
# keeps the side column on the right; a window on the right moves the side column to
# the left margin; in between the field would cover the side column, so it is refused.
LEFT_RANGE_MM = (10.0, 110.0)
TOP_RANGE_MM = (25.0, 60.0)
ADDRESS_MAX_LINES = 5
SIDE_LEFT_MM = 138.0
SIDE_WIDTH_MM = 52.0
SIDE_TOP_MM = 45.0
SIDE_GAP_MM = 2.0
BODY_TOP_MM = 100.0  # where the reference block starts on page 1
LOGO_BOX_MM = (50.0, 22.0)
LOGO_TOP_MM = 15.0
LEFT_WINDOW_MAX_MM = SIDE_LEFT_MM - SIDE_GAP_MM - ADDRESS_WIDTH_MM  # 46 mm
RIGHT_WINDOW_MIN_MM = 22.0 + SIDE_WIDTH_MM + SIDE_GAP_MM  # 76 mm (side column at the margin)
LOGO_CLEAR_TOP_MM = LOGO_TOP_MM + LOGO_BOX_MM[1] + SIDE_GAP_MM  # 39 mm


def side_column_left_mm(address_left_mm: float) -> float | None:
    """Where the letterhead's side column goes for a window at ``address_left_mm``:
    right (138 mm) for a window on the left, the left margin for a window on the right,
    None when the address field would cover it either way."""
    if address_left_mm <= LEFT_WINDOW_MAX_MM:
        return SIDE_LEFT_MM
    if address_left_mm >= RIGHT_WINDOW_MIN_MM:
        return st.MARGIN_LEFT / mm
    return None


def position_fits(left_mm: float, top_mm: float, has_logo: bool) -> bool:
    """Whether a window position leaves the letterhead readable and out of the window:
    within the ranges, clear of the side column, and below the logo when the field
    lies under it."""
    if not (LEFT_RANGE_MM[0] <= left_mm <= LEFT_RANGE_MM[1]
            and TOP_RANGE_MM[0] <= top_mm <= TOP_RANGE_MM[1]):
        return False
    if side_column_left_mm(left_mm) is None:
        return False
    logo_right = st.MARGIN_LEFT / mm + LOGO_BOX_MM[0]
    under_logo = left_mm < logo_right
    return not (has_logo and under_logo and top_mm < LOGO_CLEAR_TOP_MM)


def _y(top_mm: float) -> float:
    """Distance from the top edge in mm -> reportlab's y (from the bottom, in points)."""
    return st.PAGE_HEIGHT - top_mm * mm


def fitting_size(line: str) -> float:
    """The address size, smaller (down to 7 pt) for a line that would run out of the
    window; the service refuses lines that do not fit even then."""
    width = st.string_width(line, st.FONT, ADDRESS_SIZE)
    limit = ADDRESS_WIDTH_MM * mm
    if width <= limit:
        return ADDRESS_SIZE
    return max(MIN_ADDRESS_SIZE, ADDRESS_SIZE * limit / width)


def address_fits(lines: list[str]) -> bool:
    """Whether the addressee fits the window: at most five lines, each within 90 mm."""
    st.register_fonts()
    return len(lines) <= ADDRESS_MAX_LINES and all(
        st.string_width(visual(line), st.FONT, fitting_size(visual(line)))
        <= ADDRESS_WIDTH_MM * mm
        for line in lines)


def draw_letterhead(canvas: Canvas, data: FeedbackLetterData) -> None:
    head = data.letterhead
    canvas.saveState()
    left = st.MARGIN_LEFT
    drew_logo = False
    if head.logo:
        try:
            image = ImageReader(io.BytesIO(head.logo))
            box_w, box_h = LOGO_BOX_MM[0] * mm, LOGO_BOX_MM[1] * mm
            canvas.drawImage(image, left, _y(LOGO_TOP_MM) - box_h, box_w, box_h,
                             preserveAspectRatio=True, anchor="nw", mask="auto")
            drew_logo = True
        except Exception:  # an unreadable logo must not stop the letter: name instead
            drew_logo = False
    if not drew_logo:
        canvas.setFont(st.FONT_BOLD, 16)
        canvas.setFillColor(st.INK)
        st.draw_string(canvas, left, _y(LOGO_TOP_MM + 8), visual(head.municipality))

    # Side column: sender, address, contact (beside the window, see side_column_left_mm).
    x = (side_column_left_mm(data.address_left_mm) or SIDE_LEFT_MM) * mm
    y = _y(SIDE_TOP_MM)
    canvas.setFillColor(st.INK)
    canvas.setFont(st.FONT_BOLD, 8.5)
    st.draw_string(canvas, x, y, visual(head.municipality))
    canvas.setFont(st.FONT, 8)
    lines = [head.department, *head.address.splitlines()]
    contact = [c for c in (head.phone and f"T {head.phone}", head.email) if c]
    if contact:
        lines += ["", *contact]
    for line in lines:
        y -= 3.8 * mm
        if line:
            st.draw_string(canvas, x, y, visual(line))

    # Window-envelope address field.
    ax, atop = data.address_left_mm * mm, data.address_top_mm
    if head.return_address:
        canvas.setFont(st.FONT, 6.5)
        canvas.setFillColor(st.MUTED)
        st.draw_string(canvas, ax, _y(atop + RETURN_LINE_MM), visual(head.return_address))
    canvas.setFillColor(st.INK)
    for i, line in enumerate(data.address_lines[:ADDRESS_MAX_LINES]):
        shown = visual(line)
        canvas.setFont(st.FONT, fitting_size(shown))
        st.draw_string(canvas, ax, _y(atop + FIRST_LINE_MM + i * ADDRESS_LEADING_MM), shown)
    canvas.restoreState()


def reference_block(data: FeedbackLetterData) -> Table:
    rows = [("Datum", long_date(data.issued_on)), ("Ons kenmerk", data.reference),
            ("Betreft", data.subject)]
    table = Table([[parts.p(k, "label"), parts.p(v, "cell")] for k, v in rows],
                  colWidths=[28 * mm, parts.CONTENT_WIDTH - 28 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), st.FONT, 9),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def story(data: FeedbackLetterData) -> list[Flowable]:
    out: list[Flowable] = [reference_block(data), parts.gap(12),
                           parts.p(data.salutation, "letter")]
    out += parts.text_blocks(data.body, "letter", empty="")
    out.append(parts.keep([
        parts.gap(2), parts.p("Met vriendelijke groet,", "letter"), parts.gap(12),
        parts.p(data.signer_name or "", "letter"),
        parts.p(data.signer_function or "", "body"),
        parts.p(" · ".join(x for x in (data.letterhead.department,
                                       data.letterhead.municipality) if x), "body"),
    ]))
    return out


def render(data: FeedbackLetterData) -> bytes:
    decor = PageDecor(title=TITLE, reference=data.reference, copy_number=data.copy.number,
                      recipient=data.copy.recipient)
    width = st.PAGE_WIDTH - st.MARGIN_LEFT - st.MARGIN_RIGHT
    top = BODY_TOP_MM * mm
    first = Frame(st.MARGIN_LEFT, st.MARGIN_BOTTOM, width,
                  st.PAGE_HEIGHT - top - st.MARGIN_BOTTOM, id="letter-first",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    return build_pdf(story(data), decor, first_frame=first,
                     first_page=lambda canvas, doc: draw_letterhead(canvas, data))
