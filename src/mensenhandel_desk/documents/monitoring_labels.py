"""Dutch labels for monitoring dimensions and keys (report, charts, CSV export).

Enum values use the Dutch catalogue (``phrases.nl_label``), independent of the interface
language: documents and exports are Dutch.
"""

from __future__ import annotations

from collections.abc import Mapping

from mensenhandel_desk.documents.phrases import MONTHS, nl_label
from mensenhandel_desk.domain import enums as e

DIMENSION_TITLES = {
    "form": "Vorm van uitbuiting",
    "source": "Bron van het signaal",
    "status": "Bereikte stap van de meldroute",
    "outcome": "Afloop (afgesloten signalen)",
    "assessment": "Beoordeling",
    "partner": "Overgedragen aan",
    "urgency": "Urgentie",
    "month": "Per maand",
    "party_role": "Betrokkenen naar rol",
    "age_group": "Personen naar leeftijd (bij ontvangst)",
    "gender": "Personen naar geslacht",
    "nationality": "Personen naar nationaliteit",
}

_ENUMS: dict[str, type] = {
    "form": e.ExploitationForm, "source": e.SignalSource, "status": e.SignalStatus,
    "outcome": e.Outcome, "assessment": e.Assessment, "urgency": e.Urgency,
    "party_role": e.PartyRole, "gender": e.Gender,
}

AGE_LABELS = {"<18": "Jonger dan 18", "18-23": "18 tot en met 23", "24-34": "24 tot en met 34",
              "35-49": "35 tot en met 49", "50+": "50 of ouder", "unknown": "Onbekend"}
NATIONALITY_LABELS = {"nl": "Nederlands", "eu": "Andere EU-lidstaat",
                      "non_eu": "Buiten de EU", "unknown": "Onbekend"}
FUNNEL_LABELS = {"signals": "Signalen", "handed_over": "Overgedragen",
                 "feedback": "Terugkoppeling van partner"}
ACTIVITY_LABELS = {"training": "Training", "e_learning": "E-learning",
                   "team_meeting": "Teamoverleg", "campaign": "Campagne",
                   "other": "Andere activiteit"}
# The regional export's descriptions (CSV "omschrijving") of its fixed keys.
TOTAL_LABELS = {"signals": "Signalen", "parties": "Betrokkenen", "persons": "Personen",
                "handed_over": "Overgedragen aan een ketenpartner",
                "feedback_received": "Terugkoppeling van de partner ontvangen",
                "with_reporter": "Signalen met een bekende melder",
                "reporter_informed": "Melder geïnformeerd"}
RATE_LABELS = {"feedback_pct": "Terugkoppelpercentage partners",
               "reporter_informed_pct": "Melder geïnformeerd (percentage)"}
DURATION_LABELS = {"to_handover": "Van ontvangst tot eerste overdracht",
                   "to_feedback": "Van overdracht tot terugkoppeling"}
DURATION_PART_LABELS = {"count": "aantal signalen", "median_days": "mediaan in dagen",
                        "slowest_days": "langzaamste in dagen"}
ACTIVITY_PART_LABELS = {"count": "aantal", "reached": "bereikt"}


def month_label(key: str, short: bool = False) -> str:
    """"2026-03" -> "maart 2026" (short: "mrt")."""
    try:
        year, month = (int(part) for part in key.split("-"))
        name = MONTHS[month - 1]
    except (ValueError, IndexError):
        return key
    return name[:3] if short else f"{name} {year}"


def label(dimension: str, key: str, partner_names: Mapping[str, str] | None = None) -> str:
    """The Dutch label of one key of a dimension."""
    if dimension in _ENUMS:
        try:
            return nl_label(_ENUMS[dimension](key))
        except ValueError:
            return key
    if dimension == "age_group":
        return AGE_LABELS.get(key, key)
    if dimension == "nationality":
        return NATIONALITY_LABELS.get(key, key)
    if dimension == "month":
        return month_label(key)
    if dimension == "partner":
        return (partner_names or {}).get(key, key)
    if dimension == "funnel":
        return FUNNEL_LABELS.get(key, key)
    if dimension == "activity":
        return ACTIVITY_LABELS.get(key, key)
    return key
