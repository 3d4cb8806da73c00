"""The preview stamp: a document rendered for the screen, not a numbered copy.

A preview carries no copy number and is not in the print log, so every page says so
twice: a large diagonal "VOORBEELD" drawn over the content (it cannot hide behind an
image or a table) and, in place of the copy line, "VOORBEELD — geen genummerd exemplaar —
voor: <recipient>".
Someone who prints a screenshot or a saved preview still sees it is not a logged copy.

The service turns the stamp on around one render (``with stamped():``); the page frames
(``layout.draw_running`` and the simple frame of the declaration and the access report)
ask ``active()`` when they draw the running elements. A context variable, so a render on
one thread never stamps a render on another.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from mensenhandel_desk.documents import styles as st

WATERMARK = "VOORBEELD"
PREVIEW_LINE = "VOORBEELD — geen genummerd exemplaar"
STAMP_COLOR = colors.HexColor("#9b1c1c")

_active: ContextVar[bool] = ContextVar("mhd_preview_stamp", default=False)


@contextmanager
def stamped() -> Iterator[None]:
    """Render previews inside this block."""
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)


def active() -> bool:
    return _active.get()


def preview_line(recipient: str) -> str:
    """What replaces "Exemplaar n — voor: ..." on a preview."""
    return f"{PREVIEW_LINE} — voor: {recipient}" if recipient else PREVIEW_LINE


def draw_watermark(canvas: Canvas) -> None:
    """The diagonal "VOORBEELD" over the whole page, translucent so the text stays
    readable underneath."""
    width, height = st.PAGE_SIZE
    canvas.saveState()
    canvas.setFillColor(STAMP_COLOR)
    canvas.setFillAlpha(0.13)
    canvas.setFont(st.FONT_BOLD, 96)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(54)
    canvas.drawCentredString(0, -34, WATERMARK)
    canvas.restoreState()


def warm_up() -> None:
    """Load what the first document needs (reportlab's layout modules, the fonts and the
    fallback font's cmap: ~1 s) by rendering the fictitious example sheet in memory, so
    the officer's first preview is as quick as the later ones. Pure: no vault, no file;
    safe on any thread (font registration is locked)."""
    from mensenhandel_desk.documents import examples, handover_sheet

    with stamped():
        handover_sheet.render(examples.handover_sheet())
