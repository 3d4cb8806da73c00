"""Field readers for the interchange import: each one checks a value and, when it is
wrong, raises ``ImportFormatError`` whose Dutch message names the place in the file
(``signals[3].received_on``). Text goes through ``validation.clean_text`` so the same
limits apply as for typed input (a 10 MB description is refused)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.errors import ImportFormatError, ValidationError


class FieldError(ImportFormatError):
    """A problem at one place in the file; ``place`` fills the ``{place}`` placeholder."""

    def __init__(self, template: str, place: str, /, **params: Any) -> None:
        super().__init__(template, field=place, place=place, **params)


def load_json(raw: bytes) -> Any:
    """Bytes -> JSON value, with the line and column of a syntax error."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFormatError(
            "The import file is not UTF-8 text.", code="import_encoding"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            "The import file is not valid JSON (line {line}, column {column}).",
            code="import_json",
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except RecursionError:
        raise ImportFormatError(
            "The import file is nested too deeply to be an export.", code="import_json"
        ) from None


# --- field readers: each names the place of a problem ----------------------------------


def join(place: str, key: str) -> str:
    """``signals[3]`` + ``received_on`` -> ``signals[3].received_on`` (top level: the key)."""
    return f"{place}.{key}" if place else key


def obj(value: Any, place: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FieldError("{place} must be an object.", place)
    return value


def lst(value: Any, place: str) -> list[Any]:
    if not isinstance(value, list):
        raise FieldError("{place} must be a list.", place)
    return value


def req(d: dict[str, Any], key: str, place: str) -> Any:
    if key not in d:
        raise FieldError("{place} is missing.", join(place, key))
    return d[key]


def opt_list(d: dict[str, Any], key: str, place: str) -> list[Any]:
    return lst(d.get(key, []), join(place, key))


def text(
    d: dict[str, Any],
    key: str,
    place: str,
    *,
    required: bool = False,
    long: bool = False,
    default: str = "",
) -> str:
    where = join(place, key)
    value = req(d, key, place) if required else d.get(key, default)
    if value is None and not required:
        value = default  # hand-written files may say null for "nothing"
    if not isinstance(value, str):
        raise FieldError("{place} must be text.", where)
    try:
        return v.clean_text(value, where, required=required, long=long)
    except ValidationError as exc:
        if exc.code == "too_long":
            raise FieldError(
                "{place} is too long ({length} characters, at most {limit}).",
                where,
                length=exc.params["length"],
                limit=exc.params["limit"],
            ) from None
        raise FieldError("{place} must not be empty.", where) from None


def integer(
    d: dict[str, Any], key: str, place: str, *, required: bool = True, default: int = 0
) -> int:
    value = req(d, key, place) if required else d.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError("{place} must be a whole number.", join(place, key))
    return value


def optional_int(d: dict[str, Any], key: str, place: str) -> int | None:
    value = d.get(key)
    if value is None:
        return None
    return integer(d, key, place)


def boolean(d: dict[str, Any], key: str, place: str, default: bool) -> bool:
    value = d.get(key, default)
    if not isinstance(value, bool):
        raise FieldError("{place} must be true or false.", join(place, key))
    return value


def day(d: dict[str, Any], key: str, place: str, *, required: bool = True) -> date | None:
    where = join(place, key)
    value = req(d, key, place) if required else d.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise FieldError("{place} is not a valid date (use YYYY-MM-DD).", where)
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise FieldError("{place} is not a valid date (use YYYY-MM-DD).", where) from None
    if parsed < v.EARLIEST_DATE:
        raise FieldError("{place} is an impossible date.", where)
    return parsed


def moment(d: dict[str, Any], key: str, place: str) -> datetime:
    where = join(place, key)
    value = req(d, key, place)
    try:
        if not isinstance(value, str):
            raise ValueError
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise FieldError(
            "{place} is not a valid date and time (use YYYY-MM-DDTHH:MM:SS).", where
        ) from None
    if parsed.tzinfo is not None or parsed.year < v.EARLIEST_DATE.year:
        raise FieldError("{place} is not a valid date and time (use YYYY-MM-DDTHH:MM:SS).", where)
    return parsed


def choice[E: StrEnum](
    d: dict[str, Any],
    key: str,
    place: str,
    enum: type[E],
    *,
    required: bool = True,
    default: E | None = None,
) -> E:
    value = req(d, key, place) if required else d.get(key, default)
    return _one_choice(value, join(place, key), enum)


def choices[E: StrEnum](d: dict[str, Any], key: str, place: str, enum: type[E]) -> set[E]:
    return {
        _one_choice(value, f"{place}.{key}[{index}]", enum)
        for index, value in enumerate(opt_list(d, key, place))
    }


def _one_choice[E: StrEnum](value: Any, where: str, enum: type[E]) -> E:
    try:
        return enum(value)
    except ValueError:
        shown = value[:40] if isinstance(value, str) else json.dumps(value)[:40]
        raise FieldError(
            "{place} has an unknown value '{value}'; allowed: {allowed}.",
            where,
            value=shown,
            allowed=", ".join(m.value for m in enum),
        ) from None


def checked[T](check: Callable[[T, str], T], value: T, where: str) -> T:
    """Run a domain validation on an already read value; its error names ``where``."""
    try:
        return check(value, where)
    except ValidationError as exc:
        raise FieldError("{place}: {reason}", where, reason=exc.message) from None


def unique_id(seen: dict[int, str], value: int, place: str) -> None:
    if value in seen:
        raise FieldError(
            "{place}: id {id} appears more than once in the file (also at {other}).",
            place,
            id=value,
            other=seen[value],
        )
    seen[value] = place
