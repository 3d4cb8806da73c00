"""All fonts, colours, sizes and paragraph styles of the documents, in one module.

The shipped DejaVu Sans (``resources/fonts``, Bitstream Vera licence) covers Latin
Extended, Greek, Cyrillic, Turkish and the Arabic presentation forms, so names of labour
migrants print without missing-glyph boxes; reportlab embeds a subset in every PDF.
Fonts are registered once per process, on first use (never at import).

Characters DejaVu lacks (Chinese, Japanese kana, Korean Hangul) are set per run in the
fallback font Droid Sans Fallback (Apache-2.0, ``resources/fonts``): see ``font_runs``,
``draw_string`` and ``text.markup``. Parsing that 3.4 MB file costs about 50 ms, so it is
registered only when a document actually holds such a character; a PDF without one
references and embeds DejaVu only. The fallback has one weight: in bold text (headings,
labels, the copy line) those characters print in its regular weight (no synthetic bold:
smeared strokes make dense ideographs harder to read, not bolder).
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
from reportlab.pdfgen.canvas import Canvas

from mensenhandel_desk import paths

# Deterministic PDFs: no creation date or random document id, so the same input gives
# the same bytes (tests compare; nothing about the moment of printing leaks either).
rl_config.invariant = 1

PAGE_SIZE = A4
PAGE_WIDTH, PAGE_HEIGHT = A4

FONT = "MHDSans"
FONT_BOLD = "MHDSans-Bold"
FONT_ITALIC = "MHDSans-Oblique"

FONT_FALLBACK = "MHDFallback"  # CJK and Hangul; used per run, only where DejaVu has no glyph

_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf",
               FONT_ITALIC: "DejaVuSans-Oblique.ttf"}
_FALLBACK_FILE = "DroidSansFallback.ttf"

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
_main_cmap: dict[int, int] = {}
_fallback_cmap: dict[int, int] | None = None


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
        _main_cmap.update(pdfmetrics.getFont(FONT).face.charToGlyph)
        _registered = True


def fallback_cmap() -> dict[int, int]:
    """The fallback font's character map, registering the font on first use (lazily:
    only documents with characters DejaVu lacks pay for loading it)."""
    global _fallback_cmap
    register_fonts()
    with _lock:
        if _fallback_cmap is None:
            path = paths.resources_dir() / "fonts" / _FALLBACK_FILE
            pdfmetrics.registerFont(TTFont(FONT_FALLBACK, str(path)))
            # one weight only: bold and italic text map to the same glyphs
            pdfmetrics.registerFontFamily(FONT_FALLBACK, normal=FONT_FALLBACK,
                                          bold=FONT_FALLBACK, italic=FONT_FALLBACK,
                                          boldItalic=FONT_FALLBACK)
            _fallback_cmap = pdfmetrics.getFont(FONT_FALLBACK).face.charToGlyph
        return _fallback_cmap


def _needs_fallback(text: str) -> bool:
    if text.isascii():  # DejaVu has every printable ASCII character
        return False
    register_fonts()
    return any(ord(ch) not in _main_cmap and not ch.isspace() for ch in text)


def font_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into runs ``(run, in_fallback)``: characters DejaVu lacks but the
    fallback has form fallback runs; everything else (also what neither font has, which
    ``unprintable`` reports) stays in the main font."""
    if not _needs_fallback(text):
        return [(text, False)]
    extra = fallback_cmap()
    runs: list[tuple[str, bool]] = []
    current: list[str] = []
    in_fallback = False
    for ch in text:
        code = ord(ch)
        wanted = code not in _main_cmap and code in extra
        if ch.isspace() and code not in _main_cmap:
            wanted = in_fallback  # e.g. an ideographic space: stay in the current font
        if wanted != in_fallback and current:
            runs.append(("".join(current), in_fallback))
            current = []
        in_fallback = wanted
        current.append(ch)
    if current:
        runs.append(("".join(current), in_fallback))
    return runs


def font_has(text: str, font_name: str = FONT) -> set[str]:
    """Characters of ``text`` the font has no glyph for (would print as boxes in it)."""
    register_fonts()
    cmap = fallback_cmap() if font_name == FONT_FALLBACK else (
        pdfmetrics.getFont(font_name).face.charToGlyph)
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}


def unprintable(text: str) -> set[str]:
    """Characters of ``text`` that neither DejaVu nor the fallback has: they still print
    as empty boxes, and the officer is warned (``text.glyph_check``)."""
    if not _needs_fallback(text):
        return set()
    extra = fallback_cmap()
    return {ch for ch in text
            if not ch.isspace() and ord(ch) not in _main_cmap and ord(ch) not in extra}


def string_width(text: str, font_name: str, size: float) -> float:
    """Width of ``text`` as ``draw_string`` sets it (fallback runs measured in the
    fallback font)."""
    return sum(pdfmetrics.stringWidth(run, FONT_FALLBACK if extra else font_name, size)
               for run, extra in font_runs(text))


def draw_string(canvas: Canvas, x: float, y: float, text: str, align: str = "left") -> None:
    """``canvas.drawString`` in the canvas's current font, with the characters that font
    lacks set in the fallback font (``align``: left, right or centre on ``x``)."""
    font_name, size = canvas._fontname, canvas._fontsize
    runs = font_runs(text)
    if len(runs) == 1 and not runs[0][1]:
        draw = {"left": canvas.drawString, "right": canvas.drawRightString,
                "centre": canvas.drawCentredString}[align]
        draw(x, y, text)
        return
    width = string_width(text, font_name, size)
    x -= {"left": 0.0, "right": width, "centre": width / 2}[align]
    for run, extra in runs:
        name = FONT_FALLBACK if extra else font_name
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, name, size)
    canvas.setFont(font_name, size)


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
