"""Monitoringrapportage: the twice-yearly report (or the regional one after a merge).

Renders ``PublishedFigures`` only (small-number protection applied): tables, the three
charts of ``charts.py`` as vectors, the awareness activities and a short Dutch summary
written from the numbers. No personal data and no signal references: the input has
none. PDF metadata carries the document kind only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from reportlab.platypus import Flowable

from mensenhandel_desk.documents import charts
from mensenhandel_desk.documents import parts as pt
from mensenhandel_desk.documents.layout import PageDecor, build_copies
from mensenhandel_desk.documents.monitoring_labels import DIMENSION_TITLES, label
from mensenhandel_desk.documents.phrases import long_date
from mensenhandel_desk.domain.disclosure import Cell, OverlapHit, PublishedFigures
from mensenhandel_desk.domain.monitoring import (
    DIMENSIONS,
    AwarenessActivity,
    Duration,
    days_text,
    period_label,
)

MONITORING_REPORT = "monitoring_report"
REGIONAL_REPORT = "regional_report"
TITLE = "Monitoringrapportage mensenhandel"
REGIONAL_TITLE = "Regionale monitoringrapportage mensenhandel"
MARKING = "INTERN"
KIND_LABELS = {"address": "Dit adres", "organisation": "Deze organisatie",
               "person": "Deze persoon"}


@dataclass(frozen=True)
class ReportData:
    figures: PublishedFigures
    regional: bool = False
    partner_names: Mapping[str, str] = field(default_factory=dict)
    activities: Sequence[AwarenessActivity] = ()
    issued_on: date | None = None
    copy_number: int = 1
    recipient: str = "intern gebruik"


def _n(cell: Cell) -> str:
    return cell.text


def _signals(cell: Cell) -> str:
    return f"{cell.text} {'signaal' if cell.exact and cell.low == 1 else 'signalen'}"


def summary(data: ReportData) -> str:
    """The Dutch summary, written from the (published) numbers."""
    f = data.figures
    period = period_label(f.since, f.until)
    where = f"in de gemeenten {f.municipality}" if data.regional else (
        f"bij {f.municipality}" if f.municipality else "")
    opening = f"In {period} kwamen {where + ' ' if where else ''}{_signals(f.total)} binnen"
    if f.total.exact and f.total.low == 0:
        return opening + "."
    forms = [(label("form", k), c) for k, c in f.table("form").items() if c.low > 0]
    forms.sort(key=lambda item: -(item[1].value or 0))
    parts = []
    if forms:
        parts.append("waarvan " + ", ".join(f"{c.text} over {lb.lower()}" for lb, c in forms[:3]))
    text = opening + (", " + parts[0] if parts else "") + ". "
    text += f"{_n(f.handed_over).capitalize()} signalen zijn overgedragen aan een ketenpartner"
    if f.feedback_rate_pct is not None:
        text += (f"; bij {f.feedback_rate_pct}% daarvan kwam terugkoppeling van de partner "
                 "binnen")
    else:
        text += f"; bij {_n(f.feedback_received)} kwam terugkoppeling van de partner binnen"
    text += ". "
    if f.to_handover.median_days is not None:
        text += ("Van ontvangst tot overdracht duurde het mediaan "
                 f"{days_text(f.to_handover.median_days)} dagen. ")
    if f.reporter_informed_rate_pct is not None:
        text += (f"Van de signalen met een bekende melder is {f.reporter_informed_rate_pct}% "
                 "teruggekoppeld aan de melder. ")
    count = sum(n for n, _ in f.activity_totals.values())
    if count:
        reached = sum(r for _, r in f.activity_totals.values())
        text += (f"Er waren {count} bewustwordingsactiviteiten, waarmee {reached} mensen "
                 "werden bereikt.")
    return text.strip()


def _table(dimension: str, data: ReportData) -> list[Flowable]:
    cells = data.figures.table(dimension)
    rows = [[label(dimension, k, data.partner_names), c.text] for k, c in cells.items()
            if c.text != "0" or dimension in ("month", "form")]
    if not rows:
        rows = [["Geen", "0"]]
    return [pt.p(DIMENSION_TITLES[dimension], "h3"),
            pt.grid(["", "Aantal"], rows, [5, 1]), pt.gap(2)]


def _duration(name: str, d: Duration) -> tuple[str, str]:
    if d.median_days is None:
        return name, "niet gepubliceerd (te weinig signalen)" if not d.slowest_days else (
            f"mediaan niet samen te voegen; langzaamste {d.slowest_days} dagen")
    return name, (f"mediaan {days_text(d.median_days)} dagen, "
                  f"langzaamste {days_text(d.slowest_days)} dagen")


def _overlap(hits: Sequence[OverlapHit]) -> list[Flowable]:
    story: list[Flowable] = [pt.p("Overlap tussen gemeenten", "h2")]
    if not hits:
        return [*story, pt.p("Geen adres, organisatie of persoon komt in signalen van meer "
                             "dan één gemeente voor (voor zover de bestanden dat laten "
                             "zien).")]
    story.append(pt.p("De volgende overlap is gevonden zonder dat de bestanden zeggen wie of "
                      "wat het betreft. Neem contact op met de aandachtsfunctionaris van de "
                      "genoemde gemeenten om dit te bespreken."))
    rows = [[f"{KIND_LABELS[h.kind]} komt voor in signalen van {len(h.municipalities)} "
             f"gemeenten", ", ".join(h.municipalities)] for h in hits]
    return [*story, pt.grid(["Overlap", "Gemeenten"], rows, [3, 2])]


def story(data: ReportData) -> list[Flowable]:
    f = data.figures
    title = REGIONAL_TITLE if data.regional else TITLE
    items: list[Flowable] = [
        pt.p(title, "title"),
        pt.p(f"{f.municipality} · {period_label(f.since, f.until)} "
             f"({long_date(f.since)} tot en met {long_date(f.until)})", "subtitle"),
        pt.p("Samenvatting", "h2"), pt.p(summary(data)),
        pt.p(f"Kleine aantallen (1 tot en met {f.threshold - 1}) staan als "
             f"\"<{f.threshold}\"; \"x\" is weggelaten om een klein aantal elders in de tabel "
             "te beschermen. Percentages en doorlooptijden staan er alleen bij genoeg "
             "signalen. Dit rapport bevat geen persoonsgegevens en geen kenmerken van "
             "signalen.", "small"),
        pt.p("Kerncijfers", "h2"),
        pt.facts_table([
            ("Signalen", _n(f.total)),
            ("Overgedragen aan een ketenpartner", _n(f.handed_over)),
            ("Terugkoppeling van de partner ontvangen", _n(f.feedback_received)),
            ("Terugkoppelpercentage partners", "-" if f.feedback_rate_pct is None
             else f"{f.feedback_rate_pct}%"),
            ("Signalen met een bekende melder", _n(f.with_reporter)),
            ("Melder geïnformeerd", _n(f.reporter_informed)),
            ("Melder geïnformeerd (percentage)", "-" if f.reporter_informed_rate_pct is None
             else f"{f.reporter_informed_rate_pct}%"),
            _duration("Van ontvangst tot eerste overdracht", f.to_handover),
            _duration("Van overdracht tot terugkoppeling", f.to_feedback),
            ("Betrokkenen", _n(f.parties)),
        ]),
    ]
    for kind in charts.CHART_KINDS:
        items += [pt.gap(3), charts.chart_drawing(kind, f, width=pt.CONTENT_WIDTH, height=190)]
    items.append(pt.p("Tabellen", "h2"))
    for dimension in DIMENSIONS:
        items += _table(dimension, data)
    items.append(pt.p("Bewustwording", "h2"))
    if data.activities:
        rows = [[long_date(a.held_on), label("activity", str(a.kind)), a.target_group,
                 str(a.reached), a.given_by] for a in data.activities]
        items.append(pt.grid(["Datum", "Soort", "Doelgroep", "Bereikt", "Gegeven door"],
                             rows, [2, 1.6, 3, 1, 2.4]))
    elif f.activity_totals:
        rows = [[label("activity", k), str(n), str(r)]
                for k, (n, r) in f.activity_totals.items()]
        items.append(pt.grid(["Soort", "Aantal activiteiten", "Bereikt"], rows, [3, 2, 2]))
    else:
        items.append(pt.p("Geen bewustwordingsactiviteiten vastgelegd in deze periode."))
    if data.regional:
        items += _overlap(f.overlap)
    return items


def render(data: ReportData) -> bytes:
    """PDF bytes (nothing touches the disk); metadata: the document kind only."""
    title = REGIONAL_TITLE if data.regional else TITLE
    decor = PageDecor(title=title, reference=f"{data.figures.since.isoformat()} t/m "
                      f"{data.figures.until.isoformat()}", copy_number=data.copy_number,
                      recipient=data.recipient, marking=MARKING)
    return build_copies([(story(data), decor)], meta_title=title)
