"""The one translation path for every layer (domain errors, services, CLI, documents, UI).

Source strings are English; Dutch is shipped in ``resources/i18n/nl/*.po`` (one file per
area of the app, merged at load) and is the default language. Strings are looked up at
call time, so a language switch takes effect for every message created afterwards.

Rules (checked by ``tests/test_i18n.py``): call ``_()`` with a literal only, never an
f-string; put values in ``{name}`` placeholders and ``.format()`` the result, so the
translator sees the whole sentence and placeholders stay intact.
"""

from __future__ import annotations

import ast
import threading
from pathlib import Path

from mensenhandel_desk import paths

DEFAULT_LANGUAGE = "nl"

_lock = threading.Lock()
_catalogs: dict[str, dict[str, str]] = {}
_language = DEFAULT_LANGUAGE


def parse_po(text: str) -> dict[str, str]:
    """Parse the subset of the PO format we write: msgid/msgstr with continuation lines.

    A tiny parser instead of compiled .mo files keeps the build free of gettext tools
    (the Windows build machine has none) while staying editable with Poedit.
    """
    catalog: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key = "".join(msgid)
            value = "".join(msgstr)
            if key and value:
                catalog[key] = value

    def literal(quoted: str) -> str:
        # Most entries have no escapes: skip the (slow) literal_eval for those; the
        # start-up reads every catalogue before the unlock screen paints.
        if "\\" not in quoted and len(quoted) >= 2 and quoted[0] == quoted[-1] == '"':
            return quoted[1:-1]
        return ast.literal_eval(quoted)

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [literal(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [literal(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(literal(line))
    flush()
    return catalog


def _catalog(language: str) -> dict[str, str]:
    with _lock:
        if language not in _catalogs:
            merged: dict[str, str] = {}
            for po in po_files(language):
                merged.update(parse_po(po.read_text(encoding="utf-8")))
            _catalogs[language] = merged
        return _catalogs[language]


def set_language(language: str) -> None:
    """Switch language for messages created from now on ("en" shows the source strings)."""
    global _language
    _language = language


def language() -> str:
    return _language


PSEUDO_LANGUAGE = "pseudo"
_PSEUDO_MAP = str.maketrans("aeiouAEIOUcnsyCNSY", "àéîöûÀÉÎÖÛçñšýÇÑŠÝ")


def pseudo(message: str) -> str:
    """A pseudo-translation: accented and about 40% longer, placeholders kept intact, so
    layouts can be checked for longer (German-length) strings and any text that does not
    come through ``_()`` stands out on screen (Vorta's TRANS_SCALE idea)."""
    out: list[str] = []
    depth = 0
    for char in message:
        if char == "{":
            depth += 1
        if depth:
            out.append(char)
        else:
            out.append(char.translate(_PSEUDO_MAP))
        if char == "}" and depth:
            depth -= 1
    body = "".join(out)
    padding = "~" * max(2, len(message) * 2 // 5)
    return f"[{body}{padding}]"


def gettext(message: str) -> str:
    """Translate ``message`` into the current language; unknown strings pass through."""
    if _language == "en":
        return message
    if _language == PSEUDO_LANGUAGE:
        return pseudo(_catalog(DEFAULT_LANGUAGE).get(message, message))
    return _catalog(_language).get(message, message)


def po_files(language: str = DEFAULT_LANGUAGE) -> list[Path]:
    folder = paths.resources_dir() / "i18n" / language
    return sorted(folder.glob("*.po")) if folder.is_dir() else []


def gettext_noop(message: str) -> str:
    """Mark a string for translation where it is defined; ``_()`` translates it later."""
    return message


_ = gettext
N_ = gettext_noop
