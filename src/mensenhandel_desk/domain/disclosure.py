"""Small-number protection: what of the monitoring figures may leave the vault.

The rule (docs/monitoring.md, "Small-number protection"), threshold T (default 5):

1. Primary: a count 1 .. T-1 is published as "<T"; 0 and counts >= T exactly.
2. Secondary: in a table whose cells add up to a published total, every "<T" cell must
   keep at least two possible values given the total and the other cells (exact cells;
   "<T" = 1 .. T-1; "x" = T .. the smallest visible cell). Otherwise the smallest visible
   non-zero cell is hidden as "x" and the check repeats; if hiding every cell does not
   help, every non-zero cell of the table becomes "x".
3. Derived figures: a percentage only when numerator and denominator are both exact and
   >= T; medians and slowest durations only over at least T signals (whole days).

A published cell is a range ``[low, high]`` (``high`` None: no upper bound), so exports
of several municipalities add up as ranges in the regional merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from mensenhandel_desk.domain.monitoring import (
    DIMENSIONS,
    PARTY_PARTITIONS,
    PERSON_PARTITIONS,
    SIGNAL_PARTITIONS,
    AwarenessActivity,
    Duration,
    MonitoringFigures,
)

DEFAULT_THRESHOLD = 5
HIDDEN = "x"  # CBS convention: "geheim", hidden to protect a small number elsewhere


@dataclass(frozen=True, slots=True)
class Cell:
    """A published count: exact (``low == high``), "<T" (1 .. T-1), "x" (>= T, hidden)
    or, after a regional merge, a range."""

    low: int
    high: int | None
    text: str

    @property
    def exact(self) -> bool:
        return self.high is not None and self.low == self.high

    @property
    def value(self) -> int | None:
        """The count when exact, else None (charts draw no bar for it)."""
        return self.low if self.exact else None

    def __add__(self, other: Cell) -> Cell:
        high = None if self.high is None or other.high is None else self.high + other.high
        return Cell(self.low + other.low, high, "")


def exact_cell(count: int, threshold: int) -> Cell:
    """Rule 1 applied to one count."""
    if 1 <= count < threshold:
        return Cell(1, threshold - 1, f"<{threshold}")
    return Cell(count, count, str(count))


def hidden_cell(threshold: int) -> Cell:
    return Cell(threshold, None, HIDDEN)


def range_text(low: int, high: int | None, threshold: int) -> str:
    """How a (merged) range reads: "12", "<5", "6-12", "≥ 12"."""
    if high is not None and low == high:
        return exact_cell(low, threshold).text
    if high is not None and low >= 1 and high < threshold:
        return f"<{threshold}"
    if high is None:
        return f"≥ {low}"
    return f"{low}-{high}"


def with_text(cell: Cell, threshold: int) -> Cell:
    return Cell(cell.low, cell.high, range_text(cell.low, cell.high, threshold))


@dataclass(frozen=True, slots=True)
class OverlapHit:
    """A party or location (kind: address, organisation or person) that appears in the
    signals of several municipalities; what it is stays unknown."""

    kind: str
    municipalities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PublishedFigures:
    """Masked figures: the only form in which monitoring leaves the vault."""

    since: date
    until: date
    threshold: int
    municipality: str
    total: Cell
    parties: Cell
    persons: Cell
    tables: dict[str, dict[str, Cell]]
    handed_over: Cell
    feedback_received: Cell
    with_reporter: Cell
    reporter_informed: Cell
    feedback_rate_pct: int | None = None
    reporter_informed_rate_pct: int | None = None
    to_handover: Duration = field(default_factory=Duration)
    to_feedback: Duration = field(default_factory=Duration)
    activities: tuple[AwarenessActivity, ...] = ()
    activity_totals: dict[str, tuple[int, int]] = field(default_factory=dict)
    overlap: tuple[OverlapHit, ...] = ()
    sources: tuple[str, ...] = ()

    def table(self, dimension: str) -> dict[str, Cell]:
        return self.tables.get(dimension, {})

    @property
    def funnel(self) -> tuple[tuple[str, Cell], ...]:
        return (("signals", self.total), ("handed_over", self.handed_over),
                ("feedback", self.feedback_received))


def _bounds(state: str, value: int, threshold: int, smallest: int | None) -> tuple[int, int]:
    big = 10**9
    if state == "v":
        return value, value
    if state == "p":
        return 1, threshold - 1
    return threshold, smallest if smallest is not None else big


def _safe(values: list[int], states: list[str], total: Cell, threshold: int) -> bool:
    """Whether every primary cell keeps at least two feasible values (one sum constraint
    with a box per cell: the projection is an interval, so this is exact)."""
    visible = [v for v, s in zip(values, states, strict=True) if s == "v" and v > 0]
    smallest = min(visible) if visible else None
    bounds = [_bounds(s, v, threshold, smallest) for v, s in zip(values, states, strict=True)]
    total_low = total.low
    total_high = total.high if total.high is not None else 10**9
    lo_all = sum(b[0] for b in bounds)
    hi_all = sum(b[1] for b in bounds)
    for (lo, hi), state in zip(bounds, states, strict=True):
        if state != "p":
            continue
        others_lo, others_hi = lo_all - lo, hi_all - hi
        low = max(lo, total_low - others_hi)
        high = min(hi, total_high - others_lo)
        if high - low < 1:
            return False
    return True


def protect_table(counts: dict[str, int], total: Cell, threshold: int,
                  partition: bool) -> dict[str, Cell]:
    """Rules 1 and 2 for one table (keys keep their order)."""
    keys = list(counts)
    values = [counts[k] for k in keys]
    states = ["p" if 1 <= v < threshold else "v" for v in values]
    if partition and "p" in states:
        while not _safe(values, states, total, threshold):
            candidates = [i for i, s in enumerate(states) if s == "v" and values[i] > 0]
            if not candidates:
                states = ["h" if v > 0 else "v" for v in values]
                break
            states[min(candidates, key=lambda i: (values[i], i))] = "s"
    cells = {}
    for key, value, state in zip(keys, values, states, strict=True):
        if state == "s":
            cells[key] = hidden_cell(threshold)
        elif state == "h":
            cells[key] = Cell(1, None, HIDDEN)
        else:
            cells[key] = exact_cell(value, threshold)
    return cells


def percentage(numerator: int, denominator: int, threshold: int) -> int | None:
    """Rule 3: whole per cent, only when both counts are published exactly."""
    if (numerator < threshold and numerator != 0) or denominator < threshold:
        return None
    return round(100 * numerator / denominator)


def published_duration(duration: Duration, threshold: int) -> Duration:
    """Rule 3: median and slowest over at least T signals, in days (a median of an even
    number of durations may fall on a half day: kept, so paper and screen agree)."""
    if duration.count < threshold or duration.median_days is None:
        return Duration(count=0)
    return Duration(count=duration.count, median_days=round(duration.median_days * 2) / 2,
                    slowest_days=duration.slowest_days)


def publish(figures: MonitoringFigures, threshold: int = DEFAULT_THRESHOLD,
            municipality: str = "") -> PublishedFigures:
    """The masked form of ``figures`` (what a report, export or merge may show)."""
    total = exact_cell(figures.total, threshold)
    parties = exact_cell(figures.parties, threshold)
    persons = exact_cell(figures.persons, threshold)
    tables: dict[str, dict[str, Cell]] = {}
    for dimension in DIMENSIONS:
        counts = figures.table(dimension)
        if dimension in SIGNAL_PARTITIONS:
            tables[dimension] = protect_table(counts, total, threshold, True)
        elif dimension in PARTY_PARTITIONS:
            tables[dimension] = protect_table(counts, parties, threshold, True)
        elif dimension in PERSON_PARTITIONS:
            tables[dimension] = protect_table(counts, persons, threshold, True)
        else:
            tables[dimension] = protect_table(counts, total, threshold, False)
    totals: dict[str, tuple[int, int]] = {}
    for activity in figures.activities:
        count, reached = totals.get(str(activity.kind), (0, 0))
        totals[str(activity.kind)] = (count + 1, reached + activity.reached)
    return PublishedFigures(
        since=figures.since, until=figures.until, threshold=threshold,
        municipality=municipality, total=total, parties=parties, persons=persons,
        tables=tables, handed_over=exact_cell(figures.handed_over, threshold),
        feedback_received=exact_cell(figures.feedback_received, threshold),
        with_reporter=exact_cell(figures.with_reporter, threshold),
        reporter_informed=exact_cell(figures.reporter_informed, threshold),
        feedback_rate_pct=percentage(figures.feedback_received, figures.handed_over,
                                     threshold),
        reporter_informed_rate_pct=percentage(figures.reporter_informed,
                                              figures.with_reporter, threshold),
        to_handover=published_duration(figures.to_handover, threshold),
        to_feedback=published_duration(figures.to_feedback, threshold),
        activities=figures.activities, activity_totals=totals,
        sources=(municipality,) if municipality else ())
