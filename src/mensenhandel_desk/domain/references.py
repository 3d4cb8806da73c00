"""Signal references: ``MH-YYYY-NNNN`` (per year of receipt, four digits, wider past 9999)."""

from __future__ import annotations

import re

REFERENCE_RE = re.compile(r"^MH-(\d{4})-(\d{4,})$")


def format_reference(year: int, number: int) -> str:
    return f"MH-{year:04d}-{number:04d}"


def parse_reference(reference: str) -> tuple[int, int] | None:
    match = REFERENCE_RE.match(reference.strip().upper())
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))
