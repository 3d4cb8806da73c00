"""Regional merge: several municipalities' exports into one picture (no vault needed).

Refuses files that are not exports or of an unknown version, and two files of the same
municipality whose periods overlap (Dutch messages naming both files). Counts are added
as ranges (``disclosure.Cell``): exact + exact stays exact, "<5" adds 1 .. 4, "x" adds
at least 1. Overlap: a keyed hash present in the exports of several municipalities is
reported by kind and municipalities only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mensenhandel_desk.domain.disclosure import (
    Cell,
    OverlapHit,
    PublishedFigures,
    percentage,
    with_text,
)
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.monitoring import DIMENSIONS, Duration
from mensenhandel_desk.services.files import write_atomic
from mensenhandel_desk.services.monitoring import export as mx


class MergeRefused(ValidationError):
    code = "regional_merge_refused"


def read_export(path: Path) -> mx.RegionalExport:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        raise MergeRefused("{name} cannot be read.", name=path.name) from None
    return mx.parse(data, path.name)


def _sum(cells: list[Cell], threshold: int) -> Cell:
    total = Cell(0, 0, "")
    for cell in cells:
        total = total + cell
    return with_text(total, threshold)


def _rate(numerator: Cell, denominator: Cell, threshold: int) -> int | None:
    if not (numerator.exact and denominator.exact):
        return None
    return percentage(numerator.low, denominator.low, threshold)


def _duration(parts: list[Duration]) -> Duration:
    """Medians cannot be added up; the slowest is the largest published slowest."""
    slowest = [d.slowest_days for d in parts if d.slowest_days is not None]
    return Duration(count=0, median_days=None, slowest_days=max(slowest) if slowest else None)


def check_overlapping_periods(exports: Sequence[mx.RegionalExport]) -> None:
    for i, first in enumerate(exports):
        for second in exports[i + 1:]:
            a, b = first.figures, second.figures
            same = a.municipality.strip().casefold() == b.municipality.strip().casefold()
            if same and a.since <= b.until and b.since <= a.until:
                raise MergeRefused(
                    "{first} and {second} are both from {municipality} and their periods "
                    "overlap: the signals would be counted twice. Leave one of them out.",
                    code="regional_merge_overlap", first=first.name, second=second.name,
                    municipality=a.municipality)


def merge_exports(exports: Sequence[mx.RegionalExport]) -> PublishedFigures:
    if len(exports) < 1:
        raise MergeRefused("Choose at least one export to merge.", code="regional_merge_empty")
    check_overlapping_periods(exports)
    parts = [x.figures for x in exports]
    threshold = max(p.threshold for p in parts)

    def total(attr: str) -> Cell:
        return _sum([getattr(p, attr) for p in parts], threshold)

    tables: dict[str, dict[str, Cell]] = {}
    for dim in DIMENSIONS:
        keys: list[str] = []
        for p in parts:
            keys += [k for k in p.table(dim) if k not in keys]
        if dim == "month":
            keys.sort()
        tables[dim] = {k: _sum([p.table(dim).get(k, Cell(0, 0, "0")) for p in parts],
                               threshold) for k in keys}
    activity_totals: dict[str, tuple[int, int]] = {}
    for p in parts:
        for kind, (n, reached) in p.activity_totals.items():
            old = activity_totals.get(kind, (0, 0))
            activity_totals[kind] = (old[0] + n, old[1] + reached)
    handed, feedback = total("handed_over"), total("feedback_received")
    with_reporter, informed = total("with_reporter"), total("reporter_informed")
    municipalities = tuple(p.municipality for p in parts)
    return PublishedFigures(
        since=min(p.since for p in parts), until=max(p.until for p in parts),
        threshold=threshold, municipality=", ".join(dict.fromkeys(municipalities)),
        total=total("total"), parties=total("parties"), persons=total("persons"),
        tables=tables, handed_over=handed, feedback_received=feedback,
        with_reporter=with_reporter, reporter_informed=informed,
        feedback_rate_pct=_rate(feedback, handed, threshold),
        reporter_informed_rate_pct=_rate(informed, with_reporter, threshold),
        to_handover=_duration([p.to_handover for p in parts]),
        to_feedback=_duration([p.to_feedback for p in parts]),
        activity_totals=dict(sorted(activity_totals.items())),
        overlap=overlap_hits(exports), sources=municipalities)


def overlap_hits(exports: Sequence[mx.RegionalExport]) -> tuple[OverlapHit, ...]:
    """Hashes found in the exports of two or more municipalities, by kind; the hash
    itself is not kept (it would only be a handle for a value)."""
    seen: dict[tuple[str, str], set[str]] = {}
    for export in exports:
        for kind, hashes in export.overlap.items():
            for digest in hashes:
                seen.setdefault((kind, digest), set()).add(export.figures.municipality)
    hits = [OverlapHit(kind=kind, municipalities=tuple(sorted(places)))
            for (kind, _digest), places in seen.items() if len(places) > 1]
    return tuple(sorted(hits, key=lambda h: (mx.OVERLAP_KINDS.index(h.kind),
                                             -len(h.municipalities), h.municipalities)))


def key_mismatch(exports: Sequence[mx.RegionalExport]) -> list[str]:
    """Names of files with overlap hashes made under another secret than the first."""
    checks = [x for x in exports if x.key_check]
    if not checks:
        return []
    first = checks[0].key_check
    return [x.name for x in checks if x.key_check != first]


def merge(paths: Sequence[Path]) -> PublishedFigures:
    """Read and merge regional exports (JSON or CSV); raises ``MergeRefused`` or
    ``ExportUnreadable`` with a Dutch message naming the file(s)."""
    exports = [read_export(Path(p)) for p in paths]
    mismatch = key_mismatch(exports)
    if mismatch:
        raise MergeRefused("{names}: the overlap codes were made with a different regional "
                           "secret than the other files, so they cannot be compared. Agree "
                           "on one secret and export again.", code="regional_secret_mismatch",
                           names=", ".join(mismatch))
    return merge_exports(exports)


def render_regional_report(merged: PublishedFigures, out: Path | None = None) -> bytes:
    """The regional report PDF (Dutch); written atomically when ``out`` is given."""
    from mensenhandel_desk.documents import monitoring_report

    pdf = monitoring_report.render(monitoring_report.ReportData(figures=merged, regional=True))
    if out is not None:
        write_atomic(Path(out), pdf)
    return pdf
