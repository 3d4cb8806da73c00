"""Normalisation for "already known" (route step 3).

Match keys are compared, never shown: they fold case, diacritics, punctuation and
spacing, so "Łukasz  Nowák" finds "lukasz nowak" and "1234 ab" finds "1234AB".
Stored keys (``person_key``, ``organisation_key``, ``address_key``) are looked up by
index; the service then applies the finer rules (an organisation's KvK number against
its name, a house number's addition) to the few rows found.
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
    if not text.isascii():  # (plain ASCII has nothing to decompose: the common case)
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text.casefold()).strip()


def person_key(name: str, date_of_birth: date | None) -> str:
    """Name tokens sorted (so "Nowak Lukasz" = "Lukasz Nowak") plus the date of birth."""
    tokens = sorted(fold(name).split())
    if not tokens:
        return ""
    dob = date_of_birth.isoformat() if date_of_birth else ""
    return " ".join(tokens) + "|" + dob


def organisation_name_key(name: str) -> str:
    """The folded name without legal forms: "Kas & Co Teelt B.V." = "KAS & CO TEELT BV"."""
    return " ".join(_LEGAL_FORMS.sub(" ", fold(name)).split())


def organisation_key(name: str, kvk_number: str) -> str:
    """"kvk:<8 digits>" when the KvK number is known, else "name:<folded name>".

    The stored key; matching also compares an organisation with a KvK number with the
    name-only records of the same folded name, and vice versa (``organisation_name_key``).
    """
    digits = re.sub(r"\D", "", kvk_number or "")
    if digits:
        return "kvk:" + digits.zfill(8)
    folded = organisation_name_key(name)
    return "name:" + folded if folded else ""


def normalise_postcode(postcode: str) -> str:
    return re.sub(r"\s+", "", postcode or "").upper()


def address_key(postcode: str, house_number: str) -> str:
    """Postcode + house number (with addition), the Dutch address match key as stored.

    Spaces, dashes and leading zeros are dropped, so it is a bucket: "7-2" and "72" share
    it; matching compares the candidates in a bucket with ``house_number_key``.
    """
    pc = normalise_postcode(postcode)
    number = house_number_key(house_number).replace("-", "")
    if not pc or not number:
        return ""
    return f"{pc}|{number}"


def legacy_address_key(postcode: str, house_number: str) -> str:
    """The key as stored before house numbers were read leniently ("07a", "7\u2013a"
    kept their zero and dash): looked up as well, so older records are still found."""
    pc = normalise_postcode(postcode)
    number = re.sub(r"[\s\-]+", "", (house_number or "")).upper()
    if not pc or not number:
        return ""
    return f"{pc}|{number}"


_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                         "\u2014": "-", "\u2212": "-"})
_NUMBER_LETTERS = re.compile(r"^0*(\d{1,6})\s*[-/.\s]?\s*([A-Z]{0,4})$")
_NUMBER_NUMBER = re.compile(r"^0*(\d{1,6})\s*[-/.\s]\s*0*(\d{1,4})$")


def house_number_key(house_number: str) -> str:
    """A house number with its addition, read leniently: "7 a", "7A", "7-a", "7/A" and
    "07a" are "7A"; "7-2", "7 2" and "7/2" are "7-2" (number 7, addition 2), which is
    not "72"."""
    text = " ".join((house_number or "").translate(_DASHES).upper().split())
    match = _NUMBER_LETTERS.match(text)
    if match:
        return match.group(1) + match.group(2)
    match = _NUMBER_NUMBER.match(text)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    return re.sub(r"[\s\-]+", "", text)
