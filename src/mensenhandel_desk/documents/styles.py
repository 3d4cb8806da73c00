"""All fonts, colours, sizes and paragraph styles of the documents, in one module.

The shipped DejaVu Sans (``resources/fonts``, Bitstream Vera licence) covers Latin
Extended, Greek, Cyrillic, Turkish and the Arabic presentation forms, so names of labour
migrants print without missing-glyph boxes; reportlab embeds a subset in every PDF.
Fonts are registered once per process, on first use (never at import).
"""

from __future__ import annotations

import threading

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from mensenhandel_desk import paths

# Deterministic PDFs: no creation date or random document id, so the same input gives
# the same bytes (tests compare; nothing about the moment of printing leaks either).
rl_config.invariant = 1

PAGE_SIZE = A4
PAGE_WIDTH, PAGE_HEIGHT = A4

FONT = "MHDSans"
FONT_BOLD = "MHDSans-Bold"
FONT_ITALIC = "MHDSans-Oblique"

_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf",
               FONT_ITALIC: "DejaVuSans-Oblique.ttf"}

MARGIN_LEFT = 22 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 24 * mm

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
MARK = colors.HexColor("#9b1c1c")  # classification marking
RULE = colors.HexColor("#8a8a8a")
HEAD_FILL = colors.HexColor("#e8ecef")

BODY_SIZE = 9.5
SMALL_SIZE = 7.5

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the shipped fonts with reportlab (idempotent, thread-safe)."""
    global _registered
    with _lock:
        if _registered:
            return
        folder = paths.resources_dir() / "fonts"
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                      boldItalic=FONT_BOLD)
        _registered = True


def font_has(text: str, font_name: str = FONT) -> set[str]:
    """Characters of ``text`` the font has no glyph for (would print as boxes)."""
    register_fonts()
    cmap = pdfmetrics.getFont(font_name).face.charToGlyph
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}


_styles: dict[str, ParagraphStyle] | None = None


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles by name (built once, after the fonts are registered)."""
    global _styles
    register_fonts()
    if _styles is not None:
        return _styles
    body = ParagraphStyle("body", fontName=FONT, fontSize=BODY_SIZE, leading=13,
                          textColor=INK, alignment=TA_LEFT, spaceAfter=4)
    _styles = {
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=FONT_BOLD,
                                    fontSize=8.5, leading=11, spaceAfter=0),
        "label": ParagraphStyle("label", parent=body, fontName=FONT_BOLD, fontSize=8.5,
                                leading=11, spaceAfter=0, textColor=MUTED),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=16,
                                leading=20, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=10, leading=13,
                                   textColor=MUTED, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=11.5,
                             leading=15, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=body, fontName=FONT_BOLD, fontSize=9.5,
                             leading=13, spaceBefore=6, spaceAfter=2),
        "note": ParagraphStyle("note", parent=body, fontSize=8, leading=10.5,
                               textColor=MUTED),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=10, bulletIndent=0,
                                 spaceAfter=2),
        "notice": ParagraphStyle("notice", parent=body, fontName=FONT_BOLD, fontSize=10,
                                 leading=13, alignment=TA_CENTER, textColor=MARK),
        "letter": ParagraphStyle("letter", parent=body, fontSize=10.5, leading=15,
                                 spaceAfter=8),
        "small": ParagraphStyle("small", parent=body, fontSize=SMALL_SIZE, leading=9.5,
                                textColor=MUTED, spaceAfter=0),
    }
    return _styles


def table_style(header: bool = True) -> list[tuple]:
    """Grid style shared by every table; the header row repeats on each page."""
    cmds: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),  # else reportlab references Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header:
        cmds += [("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                 ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK)]
    return cmds
