"""Monitoring figures: what the twice-yearly picture holds, as frozen dataclasses.

``MonitoringFigures`` holds exact counts (the officer's own screen). Everything that leaves
the vault goes through ``domain.disclosure.publish`` first (small-number protection).
Pure Python: the store computes the counts in SQL, documents and the UI read these.

Groupings defined here as data (documented in docs/monitoring.md):

- age group on the signal's received date: <18, 18-23, 24-34, 35-49, 50+, unknown;
- nationality group of the free-text nationality: nl, eu (the 26 other member states),
  non_eu, unknown (empty or "onbekend").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from mensenhandel_desk.domain.enums import ActivityKind
from mensenhandel_desk.domain.matching import fold

AGE_GROUPS: tuple[str, ...] = ("<18", "18-23", "24-34", "35-49", "50+", "unknown")
NATIONALITY_GROUPS: tuple[str, ...] = ("nl", "eu", "non_eu", "unknown")

# Signal dimensions (a chart bar or table cell can open the register on them) and party
# dimensions (counts of parties / persons, no click-through: a party is not a signal).
SIGNAL_DIMENSIONS: tuple[str, ...] = ("form", "source", "status", "outcome", "assessment",
                                      "partner", "urgency", "month")
PARTY_DIMENSIONS: tuple[str, ...] = ("party_role", "age_group", "gender", "nationality")
DIMENSIONS: tuple[str, ...] = SIGNAL_DIMENSIONS + PARTY_DIMENSIONS

# Tables whose cells add up to a total: signals (each signal has one value), parties
# (one role each) and persons (one age group / gender / nationality group each).
SIGNAL_PARTITIONS = ("source", "status", "assessment", "urgency", "month")
PARTY_PARTITIONS = ("party_role",)
PERSON_PARTITIONS = ("age_group", "gender", "nationality")

NL_NAMES = ("nl", "nld", "nederland", "nederlands", "nederlandse", "netherlands", "dutch",
            "the netherlands", "holland", "hollands", "hollandse")

# The 26 other EU member states (2026): ISO 3166 alpha-2 and alpha-3, Dutch country name
# and adjective (also with -e), English country name and adjective. Folded (lower case,
# no accents), as ``fold()`` makes of the typed text.
EU_MEMBERS: tuple[tuple[str, ...], ...] = (
    ("at", "aut", "oostenrijk", "oostenrijks", "austria", "austrian"),
    ("be", "bel", "belgie", "belgisch", "belgium", "belgian"),
    ("bg", "bgr", "bulgarije", "bulgaars", "bulgaria", "bulgarian"),
    ("hr", "hrv", "kroatie", "kroatisch", "croatia", "croatian"),
    ("cy", "cyp", "cyprus", "cypriotisch", "cypriot"),
    ("cz", "cze", "tsjechie", "tsjechisch", "czechia", "czech republic", "czech"),
    ("dk", "dnk", "denemarken", "deens", "denmark", "danish"),
    ("ee", "est", "estland", "ests", "estonia", "estonian"),
    ("fi", "fin", "finland", "fins", "finnish"),
    ("fr", "fra", "frankrijk", "frans", "france", "french"),
    ("de", "deu", "duitsland", "duits", "germany", "german"),
    ("gr", "grc", "griekenland", "grieks", "greece", "greek"),
    ("hu", "hun", "hongarije", "hongaars", "hungary", "hungarian"),
    ("ie", "irl", "ierland", "iers", "ireland", "irish"),
    ("it", "ita", "italie", "italiaans", "italy", "italian"),
    ("lv", "lva", "letland", "lets", "latvia", "latvian"),
    ("lt", "ltu", "litouwen", "litouws", "lithuania", "lithuanian"),
    ("lu", "lux", "luxemburg", "luxemburgs", "luxembourg", "luxembourgish"),
    ("mt", "mlt", "malta", "maltees", "maltese"),
    ("pl", "pol", "polen", "pools", "poland", "polish"),
    ("pt", "prt", "portugal", "portugees", "portuguese"),
    ("ro", "rou", "roemenie", "roemeens", "romania", "romanian"),
    ("sk", "svk", "slowakije", "slowaaks", "slovakia", "slovak"),
    ("si", "svn", "slovenie", "sloveens", "slovenia", "slovenian"),
    ("es", "esp", "spanje", "spaans", "spain", "spanish"),
    ("se", "swe", "zweden", "zweeds", "sweden", "swedish"),
)
UNKNOWN_NAMES = ("", "onbekend", "unknown", "nvt", "n v t", "-", "stateloos onbekend")


def _with_e(names) -> set[str]:
    """Dutch adjectives appear with and without -e ("Pools", "Poolse")."""
    found = set(names)
    found |= {n + "e" for n in names if n.endswith(("s", "sch"))}
    found |= {n + "e" for n in names if n.endswith("ees")}
    return found


_NL = _with_e(NL_NAMES)
_EU = _with_e({name for member in EU_MEMBERS for name in member})
_UNKNOWN = set(UNKNOWN_NAMES)


def nationality_group(text: str) -> str:
    """nl / eu / non_eu / unknown for a typed nationality ("Poolse", "PL", "Polen")."""
    key = fold(text or "")
    if key in _UNKNOWN:
        return "unknown"
    if key in _NL:
        return "nl"
    if key in _EU:
        return "eu"
    return "non_eu"


def age_group(age: int | None) -> str:
    """The age group of an age in whole years (None: no date of birth)."""
    if age is None or age < 0:
        return "unknown"
    if age < 18:
        return "<18"
    if age <= 23:
        return "18-23"
    if age <= 34:
        return "24-34"
    if age <= 49:
        return "35-49"
    return "50+"


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def half_year(today: date) -> tuple[date, date]:
    """The calendar half year that contains ``today`` (the screen's default period)."""
    if today.month <= 6:
        return date(today.year, 1, 1), date(today.year, 6, 30)
    return date(today.year, 7, 1), date(today.year, 12, 31)


def previous_half_year(today: date) -> tuple[date, date]:
    """The half year before the one that contains ``today`` (what a report looks back on)."""
    since, _ = half_year(today)
    return half_year(date.fromordinal(since.toordinal() - 1))


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def _long(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def period_label(since: date, until: date) -> str:
    """Dutch wording of a period: "de eerste helft van 2026", "2026", or dates."""
    if since.year == until.year and (since.month, since.day) == (1, 1):
        if (until.month, until.day) == (6, 30):
            return f"de eerste helft van {since.year}"
        if (until.month, until.day) == (12, 31):
            return f"{since.year}"
    if (since.year == until.year and (since.month, since.day) == (7, 1)
            and (until.month, until.day) == (12, 31)):
        return f"de tweede helft van {since.year}"
    return f"de periode van {_long(since)} tot en met {_long(until)}"


def months_between(since: date, until: date) -> list[str]:
    """Every "YYYY-MM" from ``since`` to ``until`` (the time line shows empty months too)."""
    found, year, month = [], since.year, since.month
    while (year, month) <= (until.year, until.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


@dataclass(slots=True)
class AwarenessActivity:
    """A training, e-learning, team-meeting session or campaign. No personal data: who
    gave it is an organisation, the audience a target group or department."""

    held_on: date
    kind: ActivityKind
    target_group: str
    reached: int = 0
    given_by: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Duration:
    """Days between two route steps over ``count`` signals."""

    count: int = 0
    median_days: float | None = None
    slowest_days: int | None = None

    @classmethod
    def from_histogram(cls, histogram: dict[int, int]) -> Duration:
        """Median and maximum from (days -> how many signals)."""
        count = sum(histogram.values())
        if not count:
            return cls()
        ordered = sorted(histogram.items())

        def nth(index: int) -> int:
            seen = 0
            for days, n in ordered:
                seen += n
                if index < seen:
                    return days
            return ordered[-1][0]

        median = (nth((count - 1) // 2) + nth(count // 2)) / 2
        return cls(count=count, median_days=median, slowest_days=ordered[-1][0])


def days_text(value: float | None, *, decimal: str = ",", none: str = "-",
              whole: Callable[[int], str] = str) -> str:
    """A number of days as screen and report show it: whole days without decimals, a
    median between two days with one decimal (``26,5``). ``decimal``/``whole``: the screen
    passes its locale's; documents keep the Dutch defaults."""
    if value is None:
        return none
    if float(value).is_integer():
        return whole(int(value))
    return f"{float(value):.1f}".replace(".", decimal)


_TABLES = {"form": "by_form", "source": "by_source", "status": "by_status",
           "outcome": "by_outcome", "assessment": "by_assessment",
           "partner": "by_partner", "urgency": "by_urgency", "month": "by_month",
           "party_role": "parties_by_role", "age_group": "persons_by_age_group",
           "gender": "persons_by_gender", "nationality": "persons_by_nationality"}


@dataclass(frozen=True, slots=True)
class MonitoringFigures:
    """Exact counts for a period (both ends inclusive, by received date). For the
    officer's screen only; ``disclosure.publish`` makes what may leave the vault."""

    since: date
    until: date
    total: int = 0
    by_form: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_assessment: dict[str, int] = field(default_factory=dict)
    by_partner: dict[str, int] = field(default_factory=dict)
    by_urgency: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)
    by_month_and_form: dict[tuple[str, str], int] = field(default_factory=dict)
    parties_by_role: dict[str, int] = field(default_factory=dict)
    persons_by_age_group: dict[str, int] = field(default_factory=dict)
    persons_by_gender: dict[str, int] = field(default_factory=dict)
    persons_by_nationality: dict[str, int] = field(default_factory=dict)
    handed_over: int = 0
    feedback_received: int = 0
    with_reporter: int = 0
    reporter_informed: int = 0
    to_handover: Duration = field(default_factory=Duration)
    to_feedback: Duration = field(default_factory=Duration)
    activities: tuple[AwarenessActivity, ...] = ()


    def table(self, dimension: str) -> dict[str, int]:
        """The counts of one dimension (see ``DIMENSIONS``)."""
        return getattr(self, _TABLES[dimension])

    @property
    def parties(self) -> int:
        return sum(self.parties_by_role.values())

    @property
    def persons(self) -> int:
        return sum(self.persons_by_gender.values())

    @property
    def feedback_rate(self) -> float | None:
        return self.feedback_received / self.handed_over if self.handed_over else None

    @property
    def reporter_informed_rate(self) -> float | None:
        return self.reporter_informed / self.with_reporter if self.with_reporter else None

    @property
    def funnel(self) -> tuple[tuple[str, int], ...]:
        return (("signals", self.total), ("handed_over", self.handed_over),
                ("feedback", self.feedback_received))
