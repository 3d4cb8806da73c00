"""Fixed Dutch phrases of the printed documents, Dutch dates and Dutch enum labels.

Documents are always Dutch, whatever language the user interface runs in, so the
wording lives here as plain Dutch text (not ``_()`` source strings): one module to read
when a municipality asks for a different phrase. Enum labels come from the Dutch
catalogue of the one translation path (``resources/i18n/nl``), so a label reads the same
on screen and on paper.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from mensenhandel_desk.domain.labels import label

MARKING = "VERTROUWELIJK"

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")

# Document kinds: stable keys (print log, audit trail) and their Dutch titles.
HANDOVER_SHEET = "handover_sheet"
AGENDA = "agenda"
MINUTES = "minutes"
FEEDBACK_LETTER = "feedback_letter"

TITLES = {
    HANDOVER_SHEET: "Overdrachtsformulier",
    AGENDA: "Agenda",
    MINUTES: "Verslag",
    FEEDBACK_LETTER: "Terugkoppelingsbrief",
}

MEETING_RECIPIENT = "Lokaal ondermijningsoverleg"
LETTER_RECIPIENT = "geadresseerde"
WITHHELD = "[weggelaten]"

NAME_MODE_NOTES = {
    "full": "Namen zijn voluit vermeld.",
    "initials": ("Namen zijn teruggebracht tot initialen; van geboortedata staat alleen het "
                 "jaar vermeld en adressen alleen met postcodegebied en plaats."),
    "pseudonym": ("Namen zijn vervangen door pseudoniemen (Persoon A, Organisatie A, ...); "
                  "de sleutel blijft bij de gemeente. Van geboortedata staat alleen het jaar "
                  "vermeld en adressen alleen met postcodegebied en plaats."),
}


def long_date(value: date | None) -> str:
    """``24 november 2026``: written out, no locale involved (Windows locales vary)."""
    if value is None:
        return "-"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def copy_line(number: int, recipient: str) -> str:
    """The trace line on every page: ``Exemplaar 2 — voor: Zorgcoördinator``."""
    return f"Exemplaar {number} — voor: {recipient}"


def page_line(page: int, total: int) -> str:
    return f"Pagina {page} van {total}"


def nl_label(value: StrEnum | None) -> str:
    """The Dutch label of an enum value (with its enum type as context), independent of
    the interface language."""
    if value is None:
        return "-"
    return label(value, language="nl")


def nl_labels(values) -> str:
    """Several labels, sorted for a stable order, or a dash."""
    return ", ".join(nl_label(v) for v in sorted(values)) or "-"
