"""Validation rules shared by the services and the import.

Every failure raises ``ValidationError`` naming the field, with a Dutch message.
Texts are capped so a pasted 10 MB blob cannot bloat the vault or a PDF.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.matching import normalise_postcode

MIN_PASSPHRASE_LENGTH = 12
MAX_PASSPHRASE_LENGTH = 1024
MAX_SHORT_TEXT = 300
MAX_LONG_TEXT = 200_000  # about 60 printed pages
EARLIEST_DATE = date(1900, 1, 1)

_POSTCODE_NL = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_passphrase(passphrase: str, minimum: int = MIN_PASSPHRASE_LENGTH) -> None:
    """Length in characters (any Unicode). The passphrase itself never enters a message."""
    if not isinstance(passphrase, str) or len(passphrase) < minimum:
        raise ValidationError("The passphrase must be at least {minimum} characters long.",
                              code="passphrase_too_short", field="passphrase", minimum=minimum)
    if len(passphrase) > MAX_PASSPHRASE_LENGTH:
        raise ValidationError("The passphrase may be at most {maximum} characters long.",
                              code="passphrase_too_long", field="passphrase",
                              maximum=MAX_PASSPHRASE_LENGTH)
    if "\x00" in passphrase:
        raise ValidationError("The passphrase contains a character that cannot be used.",
                              code="passphrase_invalid", field="passphrase")


def clean_text(value: object, field: str, *, required: bool = False, long: bool = False) -> str:
    """Normalise to NFC, drop control characters (keep newlines and tabs), enforce length."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError("Field '{field}' must be text.", code="not_text", field=field,
                              field_name=field)
    text = _CONTROL.sub("", unicodedata.normalize("NFC", value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not long:
        text = " ".join(text.split())
    else:
        text = text.strip()
    limit = MAX_LONG_TEXT if long else MAX_SHORT_TEXT
    if len(text) > limit:
        raise ValidationError("Field '{field}' is too long ({length} characters, at most "
                              "{limit}).", code="too_long", field=field, length=len(text),
                              limit=limit)
    if required and not text:
        raise ValidationError("Field '{field}' is required.", code="required", field=field)
    return text


def check_date(value: date | None, field: str, *, today: date | None = None,
               allow_future: bool = False) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date):
        raise ValidationError("Field '{field}' must be a date.", code="not_date", field=field)
    if value < EARLIEST_DATE:
        raise ValidationError("Field '{field}' has an impossible date ({value}).",
                              code="date_range", field=field, value=value.isoformat())
    if not allow_future and today is not None and value > today:
        raise ValidationError("Field '{field}' lies in the future ({value}).",
                              code="date_future", field=field, value=value.isoformat())
    return value


def parse_date(text: str, field: str) -> date:
    """ISO dates (2026-11-24) and Dutch notation (24-11-2026)."""
    raw = (text or "").strip()
    try:
        if re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}", raw):
            day, month, year = (int(p) for p in raw.split("-"))
            return date(year, month, day)
        return date.fromisoformat(raw)
    except (ValueError, TypeError):
        raise ValidationError("Field '{field}' is not a valid date: use YYYY-MM-DD or "
                              "DD-MM-YYYY.", code="bad_date", field=field) from None


def clean_postcode(postcode: str, field: str = "postcode") -> str:
    """Dutch postcodes are normalised to ``1234AB``; foreign ones are kept as typed."""
    pc = normalise_postcode(clean_text(postcode, field))
    if re.fullmatch(r"\d{4}[A-Z]{2}", pc) and not _POSTCODE_NL.match(pc):
        raise ValidationError("Postcode '{postcode}' is not a valid Dutch postcode.",
                              code="bad_postcode", field=field, postcode=pc)
    return pc


def clean_kvk(kvk: str, field: str = "kvk_number") -> str:
    digits = re.sub(r"[\s.]", "", clean_text(kvk, field))
    if digits and not re.fullmatch(r"\d{8}", digits):
        raise ValidationError("A KvK number has 8 digits.", code="bad_kvk", field=field)
    return digits
