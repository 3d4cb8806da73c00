"""Turning stored text into reportlab paragraph markup: escaping, right-to-left runs and
runs in the fallback font.

reportlab lays glyphs out left to right and does not join Arabic letters unless the
separate ``rlbidi`` package is present (it is not on PyPI). So every run of Arabic or
Hebrew script is shaped here with ``arabic-reshaper`` (contextual letter forms from
the Arabic presentation-form blocks, which DejaVu Sans covers) and put in visual order
with ``python-bidi``. The surrounding Dutch text keeps its left-to-right order.

Runs of up to 40 characters (names) get no-break spaces, so they never wrap. Known limit:
a longer right-to-left run that wraps shows its last words on the first line.

Characters DejaVu Sans has no glyph for (Chinese, Korean, Japanese kana) are wrapped in
``<font face="MHDFallback">`` by ``markup`` (see ``styles.font_runs``); text drawn on the
canvas goes through ``styles.draw_string``. What neither font has is collected by
``glyph_check`` so the officer is warned.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display

_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_RTL_RUN = re.compile(f"[{_RTL}]+(?:[\\s\\u0640.,'’-]+[{_RTL}]+)*")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_unprintable: ContextVar[set[str] | None] = ContextVar("mhd_unprintable", default=None)


@contextlib.contextmanager
def glyph_check() -> Iterator[set[str]]:
    """Collect, while rendering, the characters of user text that neither shipped font
    has a glyph for (they print as empty boxes, e.g. Thai or Devanagari names): the caller
    warns the officer instead of letting a partner receive an unreadable name."""
    found: set[str] = set()
    token = _unprintable.set(found)
    try:
        yield found
    finally:
        _unprintable.reset(token)


def _note_glyphs(text: str) -> None:
    found = _unprintable.get()
    if found is not None and text and not text.isascii():
        from mensenhandel_desk.documents.styles import unprintable  # imports reportlab

        found |= unprintable(text)


def has_rtl(text: str) -> bool:
    return _RTL_RUN.search(text) is not None


NO_BREAK_RUN = 40  # characters: shorter right-to-left runs are kept on one line


def _shape(run: str) -> str:
    shown = get_display(arabic_reshaper.reshape(run), base_dir="R")
    if len(shown) <= NO_BREAK_RUN:
        # a name wrapped over two lines would read in the wrong order: keep it together
        shown = shown.replace(" ", "\u00a0")
    return shown


def visual(text: str) -> str:
    """``text`` with each right-to-left run shaped and in visual order."""
    if not text:
        return text
    if has_rtl(text):
        text = _RTL_RUN.sub(lambda m: _shape(m.group(0)), text)
    _note_glyphs(text)
    return text


def markup(text: str | None) -> str:
    """Safe paragraph markup for one block of user text: escaped, line breaks kept."""
    if not text:
        return ""
    text = _CONTROL.sub("", visual(text.replace("\r\n", "\n").replace("\r", "\n")))
    return "<br/>".join(_line_markup(line) for line in text.split("\n"))


FALLBACK_TAG = '<font face="MHDFallback">'  # styles.FONT_FALLBACK


def _line_markup(line: str) -> str:
    """One escaped line, runs the main font lacks wrapped in the fallback font."""
    if line.isascii():
        return escape(line)
    from mensenhandel_desk.documents.styles import font_runs  # imports reportlab

    return "".join(f"{FALLBACK_TAG}{escape(run)}</font>" if extra else escape(run)
                   for run, extra in font_runs(line))


def blocks(text: str | None) -> list[str]:
    """Markup per paragraph (split on blank lines), so long texts flow across pages in
    pieces reportlab can split and keep-with-next does not pull huge blocks along."""
    if not text:
        return []
    parts = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [markup(part.strip("\n")) for part in parts if part.strip()]
