"""The regional monitoring export, format version 1 (docs/monitoring.md, "Export format").

JSON or CSV (``;``, UTF-8 with BOM, for Excel) holding only published (masked) counts,
the municipality name and the period; optionally keyed hashes for overlap (HMAC-SHA256
under a key derived from the region's shared secret; docs/SECURITY.md). Reading back
(``parse``) is what the regional merge uses; it refuses unknown formats and versions.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mensenhandel_desk.documents.monitoring_labels import (
    ACTIVITY_PART_LABELS,
    DIMENSION_TITLES,
    DURATION_LABELS,
    DURATION_PART_LABELS,
    RATE_LABELS,
    TOTAL_LABELS,
    label,
)
from mensenhandel_desk.domain.disclosure import Cell, PublishedFigures, range_text
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.monitoring import DIMENSIONS, Duration

FORMAT = "mensenhandel-desk/regionale-monitoring"
VERSION = 1
OVERLAP_KINDS = ("address", "organisation", "person")
KEY_SALT = b"mensenhandel-desk/regional-overlap/v1"
KEY_ITERATIONS = 600_000  # PBKDF2-HMAC-SHA256: a guessed secret costs ~0.3 s to try
TOTALS = ("signals", "parties", "persons", "handed_over", "feedback_received",
          "with_reporter", "reporter_informed")
_TOTAL_FIELDS = {"signals": "total", "parties": "parties", "persons": "persons",
                 "handed_over": "handed_over", "feedback_received": "feedback_received",
                 "with_reporter": "with_reporter", "reporter_informed": "reporter_informed"}
CSV_HEADER = ("onderdeel", "sleutel", "omschrijving", "waarde")


class ExportUnreadable(ValidationError):
    code = "regional_export_unreadable"


@dataclass(frozen=True, slots=True)
class RegionalExport:
    """One municipality's export as read back."""

    name: str  # file name (for messages)
    figures: PublishedFigures
    created_on: date | None = None
    overlap: dict[str, frozenset[str]] = field(default_factory=dict)
    key_check: str = ""


def format_for(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in (".json", ".csv"):
        raise ValidationError("Export to a .json or .csv file.", code="export_suffix",
                              field="path")
    return suffix[1:]


# --- overlap hashes ------------------------------------------------------------------------
def derive_key(secret: str) -> bytes:
    """The HMAC key: slow to derive, so guessing a weak secret stays expensive."""
    return hashlib.pbkdf2_hmac("sha256", secret.encode("utf-8"), KEY_SALT, KEY_ITERATIONS)


def keyed_hash(key: bytes, kind: str, match_key: str) -> str:
    return hmac.new(key, f"{kind}:{match_key}".encode(), hashlib.sha256).hexdigest()


def key_check(key: bytes) -> str:
    """A fingerprint of the key (not of any value): the merge warns when files were made
    with different secrets."""
    return hmac.new(key, b"key-check", hashlib.sha256).hexdigest()[:16]


def overlap_hashes(secret: str, keys: list[tuple[str, str]]) -> tuple[dict[str, list[str]], str]:
    """Sorted keyed hashes per kind (sorted: the order says nothing about the signals)."""
    key = derive_key(secret)
    found: dict[str, set[str]] = {kind: set() for kind in OVERLAP_KINDS}
    for kind, match_key in keys:
        found[kind].add(keyed_hash(key, kind, match_key))
    return {kind: sorted(hashes) for kind, hashes in found.items()}, key_check(key)


# --- writing -----------------------------------------------------------------------------
def _duration(d: Duration) -> dict:
    return {"count": d.count, "median_days": d.median_days, "slowest_days": d.slowest_days}


def to_document(published: PublishedFigures, created_on: date,
                overlap: dict[str, list[str]] | None = None, check: str = "") -> dict:
    document = {
        "format": FORMAT, "version": VERSION,
        "municipality": published.municipality,
        "period": {"from": published.since.isoformat(), "to": published.until.isoformat()},
        "threshold": published.threshold,
        "created_on": created_on.isoformat(),
        "totals": {name: getattr(published, _TOTAL_FIELDS[name]).text for name in TOTALS},
        "tables": {dim: {key: cell.text for key, cell in published.table(dim).items()}
                   for dim in DIMENSIONS},
        "rates": {"feedback_pct": published.feedback_rate_pct,
                  "reporter_informed_pct": published.reporter_informed_rate_pct},
        "durations": {"to_handover": _duration(published.to_handover),
                      "to_feedback": _duration(published.to_feedback)},
        "activities": {kind: {"count": n, "reached": reached}
                       for kind, (n, reached) in sorted(published.activity_totals.items())},
    }
    if overlap:
        document["overlap"] = {"key_check": check, **overlap}
    return document


def _csv_rows(document: dict, partner_names: Mapping[str, str] | None = None
              ) -> list[tuple[str, str, str, str]]:
    rows = [("meta", "format", "formaat", document["format"]),
            ("meta", "version", "versie", str(document["version"])),
            ("meta", "municipality", "gemeente", document["municipality"]),
            ("meta", "from", "van", document["period"]["from"]),
            ("meta", "to", "tot en met", document["period"]["to"]),
            ("meta", "threshold", "drempel kleine aantallen", str(document["threshold"])),
            ("meta", "created_on", "gemaakt op", document["created_on"])]
    rows += [("totaal", name, TOTAL_LABELS.get(name, name), value)
             for name, value in document["totals"].items()]
    for dim, cells in document["tables"].items():
        rows += [(dim, key, f"{DIMENSION_TITLES[dim]}: {label(dim, key, partner_names)}",
                  value)
                 for key, value in cells.items()]
    rows += [("percentage", name, RATE_LABELS.get(name, name),
              "" if value is None else str(value))
             for name, value in document["rates"].items()]
    for name, values in document["durations"].items():
        title = DURATION_LABELS.get(name, name)
        rows += [("doorlooptijd", f"{name}.{part}",
                  f"{title}: {DURATION_PART_LABELS.get(part, part)}",
                  "" if value is None else str(value)) for part, value in values.items()]
    for kind, values in document["activities"].items():
        rows += [("activiteit", f"{kind}.{part}",
                  f"{label('activity', kind)}: {ACTIVITY_PART_LABELS.get(part, part)}",
                  str(value)) for part, value in values.items()]
    overlap = document.get("overlap")
    if overlap:
        rows.append(("overlap", "key_check", "sleutelcontrole", overlap["key_check"]))
        rows += [("overlap", kind, "", digest) for kind in OVERLAP_KINDS
                 for digest in overlap.get(kind, [])]
    return rows


def serialise(published: PublishedFigures, fmt: str, created_on: date,
              overlap: dict[str, list[str]] | None = None, check: str = "",
              partner_names: Mapping[str, str] | None = None) -> bytes:
    """The export file's bytes; ``partner_names`` (key -> name) describe the partner rows
    of the CSV in words (the key stays the machine-readable part)."""
    document = to_document(published, created_on, overlap, check)
    if fmt == "json":
        return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(_csv_rows(document, partner_names))
    return buffer.getvalue().encode("utf-8-sig")


# --- reading -----------------------------------------------------------------------------
def _from_csv(text: str) -> dict:
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not rows or tuple(rows[0][:4]) != CSV_HEADER:
        raise ValueError("header")
    meta: dict[str, str] = {}
    document: dict = {"totals": {}, "tables": {}, "rates": {}, "durations": {},
                      "activities": {}}
    overlap: dict[str, list[str]] = {}
    for row in rows[1:]:
        if not row:
            continue
        part, key, _label, value = [*row, "", "", "", ""][:4]
        if part == "meta":
            meta[key] = value
        elif part == "totaal":
            document["totals"][key] = value
        elif part in DIMENSIONS:
            document["tables"].setdefault(part, {})[key] = value
        elif part == "percentage":
            document["rates"][key] = int(value) if value else None
        elif part == "doorlooptijd":
            name, field_ = key.split(".")
            number = None if value == "" else (float(value) if "." in value else int(value))
            document["durations"].setdefault(name, {})[field_] = number
        elif part == "activiteit":
            kind, field_ = key.split(".")
            document["activities"].setdefault(kind, {})[field_] = int(value)
        elif part == "overlap":
            if key == "key_check":
                overlap["key_check"] = value  # type: ignore[assignment]
            else:
                overlap.setdefault(key, []).append(value)
    document.update({"format": meta.get("format"), "version": int(meta.get("version", "0")),
                     "municipality": meta.get("municipality", ""),
                     "period": {"from": meta.get("from"), "to": meta.get("to")},
                     "threshold": int(meta.get("threshold", "0")),
                     "created_on": meta.get("created_on")})
    if overlap:
        document["overlap"] = overlap
    return document


def parse_cell(text: str, threshold: int) -> Cell:
    text = str(text).strip()
    if text.isdigit():
        return Cell(int(text), int(text), text)
    if text == f"<{threshold}":
        return Cell(1, threshold - 1, text)
    if text == "x":
        return Cell(1, None, text)
    raise ValueError(text)


def _duration_from(values: dict) -> Duration:
    median = values.get("median_days")
    slowest = values.get("slowest_days")
    return Duration(count=int(values.get("count") or 0),
                    median_days=None if median is None else float(median),
                    slowest_days=None if slowest is None else int(slowest))


def parse(data: bytes, name: str) -> RegionalExport:
    """Read an export (JSON or CSV, recognised by content); refuse anything else."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportUnreadable("{name} is not a regional monitoring export (not UTF-8 "
                               "text).", name=name) from None
    try:
        document = json.loads(text) if text.lstrip().startswith("{") else _from_csv(text)
    except (ValueError, KeyError):
        raise ExportUnreadable("{name} is not a regional monitoring export.",
                               name=name) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExportUnreadable("{name} is not a regional monitoring export.", name=name)
    if document.get("version") != VERSION:
        raise ExportUnreadable("{name} has export version {version}, which this version of "
                               "the app does not know (it reads version {known}). Update "
                               "the app, or ask for an export in version {known}.",
                               code="regional_export_version", name=name,
                               version=document.get("version"), known=VERSION)
    try:
        threshold = int(document["threshold"])
        since = date.fromisoformat(document["period"]["from"])
        until = date.fromisoformat(document["period"]["to"])
        cells = {n: parse_cell(document["totals"][n], threshold) for n in TOTALS}
        tables = {dim: {key: parse_cell(value, threshold) for key, value in
                        document["tables"].get(dim, {}).items()} for dim in DIMENSIONS}
        rates = document.get("rates", {})
        durations = document.get("durations", {})
        totals = {kind: (int(v["count"]), int(v["reached"]))
                  for kind, v in document.get("activities", {}).items()}
        created = document.get("created_on")
        overlap_doc = document.get("overlap") or {}
        figures = PublishedFigures(
            since=since, until=until, threshold=threshold,
            municipality=str(document.get("municipality", "")),
            total=cells["signals"], parties=cells["parties"], persons=cells["persons"],
            tables=tables, handed_over=cells["handed_over"],
            feedback_received=cells["feedback_received"],
            with_reporter=cells["with_reporter"],
            reporter_informed=cells["reporter_informed"],
            feedback_rate_pct=rates.get("feedback_pct"),
            reporter_informed_rate_pct=rates.get("reporter_informed_pct"),
            to_handover=_duration_from(durations.get("to_handover", {})),
            to_feedback=_duration_from(durations.get("to_feedback", {})),
            activity_totals=totals,
            sources=(str(document.get("municipality", "")),))
        overlap = {kind: frozenset(overlap_doc.get(kind, [])) for kind in OVERLAP_KINDS
                   if overlap_doc.get(kind)}
        return RegionalExport(name=name, figures=figures,
                              created_on=date.fromisoformat(created) if created else None,
                              overlap=overlap, key_check=str(overlap_doc.get("key_check", "")))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ExportUnreadable("{name} is damaged or incomplete: it cannot be merged.",
                               name=name) from None


def cell_text(cell: Cell, threshold: int) -> str:
    return cell.text or range_text(cell.low, cell.high, threshold)
