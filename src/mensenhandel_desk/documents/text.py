"""Turning stored text into reportlab paragraph markup: escaping and right-to-left runs.

reportlab lays glyphs out left to right and does not join Arabic letters unless the
separate ``rlbidi`` package is present (it is not on PyPI). So every run of Arabic or
Hebrew script is shaped here with ``arabic-reshaper`` (contextual letter forms from
the Arabic presentation-form blocks, which DejaVu Sans covers) and put in visual order
with ``python-bidi``. The surrounding Dutch text keeps its left-to-right order.

Known limit: a right-to-left run longer than one line wraps with its last words on the
first line. Names and short notes in Arabic script (the real case) fit on a line.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display

_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_RTL_RUN = re.compile(f"[{_RTL}]+(?:[\\s\\u0640.,'’-]+[{_RTL}]+)*")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_rtl(text: str) -> bool:
    return _RTL_RUN.search(text) is not None


def visual(text: str) -> str:
    """``text`` with each right-to-left run shaped and in visual order."""
    if not text or not has_rtl(text):
        return text
    return _RTL_RUN.sub(lambda m: get_display(arabic_reshaper.reshape(m.group(0)),
                                              base_dir="R"), text)


def markup(text: str | None) -> str:
    """Safe paragraph markup for one block of user text: escaped, line breaks kept."""
    if not text:
        return ""
    text = _CONTROL.sub("", visual(text.replace("\r\n", "\n").replace("\r", "\n")))
    return "<br/>".join(escape(line) for line in text.split("\n"))


def blocks(text: str | None) -> list[str]:
    """Markup per paragraph (split on blank lines), so long texts flow across pages in
    pieces reportlab can split and keep-with-next does not pull huge blocks along."""
    if not text:
        return []
    parts = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [markup(part.strip("\n")) for part in parts if part.strip()]
