"""Screen wording of the monitoring figures: dimension titles, key labels, cell texts.

Everything through ``_()`` (the screen follows the interface language; the PDF report
and the exports are Dutch through ``documents/monitoring_labels.py``). Works on exact
figures (``MonitoringFigures``: ints) and published or merged ones (``Cell``s).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QDate

from mensenhandel_desk.domain import enums as e
from mensenhandel_desk.domain import monitoring
from mensenhandel_desk.domain.labels import label as enum_label
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.ui import formatting as fmt

DIMENSION_TITLES: dict[str, str] = {
    "form": N_("Form of exploitation"),
    "source": N_("Source of the signal"),
    "status": N_("Route step reached"),
    "outcome": N_("Outcome (closed signals)"),
    "assessment": N_("Assessment"),
    "partner": N_("Handed over to"),
    "urgency": N_("Urgency"),
    "month": N_("Signals per month"),
    "party_role": N_("Parties by role"),
    "age_group": N_("Persons by age (on receipt)"),
    "gender": N_("Persons by gender"),
    "nationality": N_("Persons by nationality"),
}

# The tables below the charts (form and month have their chart's table).
TABLE_DIMENSIONS = ("source", "status", "outcome", "assessment", "partner", "urgency",
                    "party_role", "age_group", "gender", "nationality")
# Dimensions ``services.monitoring.filter_for`` turns into a register filter.
CLICKABLE = frozenset({"form", "source", "status", "outcome", "assessment", "partner",
                       "urgency", "month", "funnel"})

CHART_TITLES: dict[str, str] = {
    "forms": N_("Signals per form of exploitation"),
    "timeline": N_("Signals per month"),
    "funnel": N_("From signal to handover to feedback"),
}
CHART_DIMENSION = {"forms": "form", "timeline": "month", "funnel": "funnel"}

_ENUMS: dict[str, type] = {
    "form": e.ExploitationForm, "source": e.SignalSource, "status": e.SignalStatus,
    "outcome": e.Outcome, "assessment": e.Assessment, "urgency": e.Urgency,
    "party_role": e.PartyRole, "gender": e.Gender,
}
_AGE = {"<18": N_("Under 18"), "18-23": N_("18 to 23"), "24-34": N_("24 to 34"),
        "35-49": N_("35 to 49"), "50+": N_("50 or older"), "unknown": N_("Age unknown")}
_NATIONALITY = {"nl": N_("Dutch"), "eu": N_("Other EU member state"),
                "non_eu": N_("Outside the EU"), "unknown": N_("Nationality unknown")}
_FUNNEL = {"signals": N_("Signals received"), "handed_over": N_("Handed over"),
           "feedback": N_("Partner feedback received")}
OVERLAP_KINDS = {"address": N_("Address"), "organisation": N_("Organisation"),
                 "person": N_("Person")}


def month_label(key: str) -> str:
    """"2026-03" -> "maart 2026" (the locale's month names)."""
    try:
        year, month = (int(part) for part in key.split("-"))
        return fmt.locale().toString(QDate(year, month, 1), "MMMM yyyy")
    except ValueError:
        return key


def key_label(dimension: str, key: str, partner_names: Mapping[str, str] | None = None) -> str:
    if dimension in _ENUMS:
        try:
            return enum_label(_ENUMS[dimension](key))
        except ValueError:
            return key
    if dimension == "age_group":
        return _(_AGE[key]) if key in _AGE else key
    if dimension == "nationality":
        return _(_NATIONALITY[key]) if key in _NATIONALITY else key
    if dimension == "funnel":
        return _(_FUNNEL[key]) if key in _FUNNEL else key
    if dimension == "month":
        return month_label(key)
    if dimension == "partner":
        return (partner_names or {}).get(key, key)
    if dimension == "activity":
        try:
            return enum_label(e.ActivityKind(key))
        except ValueError:
            return key
    return key


def count_text(value: Any) -> str:
    """An exact count (int) in Dutch digits, or a published/merged cell's own text."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return fmt.number(value)
    return str(getattr(value, "text", value))


def days_text(value: float | int | None) -> str:
    """Days, one decimal only where a median falls between two whole days (the rule the
    report uses too: ``domain.monitoring.days_text``)."""
    return monitoring.days_text(value, decimal=fmt.locale().decimalPoint(), none="–",
                                whole=fmt.number)


def percent_text(rate: float | None = None, pct: int | None = None) -> str:
    if rate is not None:
        return _("{percent}%").format(percent=round(rate * 100))
    if pct is not None:
        return _("{percent}%").format(percent=pct)
    return "–"


def dimension_rows(figures: Any, dimension: str,
                   partner_names: Mapping[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(key, label, value text) of one dimension, in the engine's order."""
    if dimension == "funnel":
        items = list(figures.funnel)
    else:
        items = list(figures.table(dimension).items())
    return [(key, key_label(dimension, key, partner_names), count_text(value))
            for key, value in items]


def period_text(since: date, until: date) -> str:
    return _("{since} to {until}").format(since=fmt.short_date(since),
                                          until=fmt.short_date(until))
