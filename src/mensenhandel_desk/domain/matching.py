"""Normalisation for "already known" (route step 3).

Match keys are compared, never shown: they fold case, diacritics, punctuation and
spacing, so "Łukasz  Nowák" finds "lukasz nowak" and "1234 ab" finds "1234AB".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_SPECIAL_FOLDS = str.maketrans({
    "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae",
    "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "ð": "d", "þ": "th",
})
_NON_ALNUM = re.compile(r"[^0-9a-z\u0400-\u04ff\u0600-\u06ff]+")
_LEGAL_FORMS = re.compile(r"\b(b ?v|v ?o ?f|n ?v|holding|s ?r ?l|sp z o ?o|gmbh|ltd|eenmanszaak)\b")


def fold(text: str) -> str:
    """Lower case, strip diacritics, collapse everything that is not a letter or digit."""
    text = text.translate(_SPECIAL_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped.casefold()).strip()


def person_key(name: str, date_of_birth: date | None) -> str:
    """Name tokens sorted (so "Nowak Lukasz" = "Lukasz Nowak") plus the date of birth."""
    tokens = sorted(fold(name).split())
    if not tokens:
        return ""
    dob = date_of_birth.isoformat() if date_of_birth else ""
    return " ".join(tokens) + "|" + dob


def organisation_key(name: str, kvk_number: str) -> str:
    digits = re.sub(r"\D", "", kvk_number or "")
    if digits:
        return "kvk:" + digits.zfill(8)
    folded = _LEGAL_FORMS.sub(" ", fold(name))
    folded = " ".join(folded.split())
    return "name:" + folded if folded else ""


def normalise_postcode(postcode: str) -> str:
    return re.sub(r"\s+", "", postcode or "").upper()


def address_key(postcode: str, house_number: str) -> str:
    """Postcode + house number (with addition), the Dutch address match key."""
    pc = normalise_postcode(postcode)
    number = re.sub(r"[\s\-]+", "", (house_number or "")).upper()
    if not pc or not number:
        return ""
    return f"{pc}|{number}"
