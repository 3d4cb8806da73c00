"""Fictitious, realistic demo data: a couple of years of signals along the whole route.

Deterministic for a given seed and "today" (the clock). Each run adds another batch
with new references in ONE unit of work, through the same writer the import uses
(``interchange.write``); so 200 signals take a second or two
instead of thousands of single commits, and a run stopped halfway (``cancel``, an error)
leaves nothing. Every demo signal has ``is_demo=True``; a vault that holds any real
signal is refused, so demo data never mixes with casework.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from mensenhandel_desk.domain import enums as e
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.models import (
    Contact,
    EnrichmentNote,
    Handover,
    Location,
    Meeting,
    MeetingItem,
    Party,
    Reporter,
    ReporterFeedback,
    Signal,
    SignalIndicator,
)
from mensenhandel_desk.domain.references import format_reference
from mensenhandel_desk.domain.route import (
    CARE_COORDINATOR_KEY,
    LABOUR_INSPECTORATE_KEY,
    POLICE_AVIM_KEY,
)
from mensenhandel_desk.i18n import N_
from mensenhandel_desk.i18n import _ as tr
from mensenhandel_desk.services import audit
from mensenhandel_desk.services import demo_names as names
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.interchange.plan import SignalBundle
from mensenhandel_desk.services.interchange.write import IdMaps, finish_signal, write_signal
from mensenhandel_desk.services.progress import CancelToken, Progress, Tracker, check
from mensenhandel_desk.services.session import Services
from mensenhandel_desk.store.vault import UnitOfWork

DAYS_BACK = 730  # two years
DEFAULT_COUNT = 200
DEFAULT_SEED = 2026
MEETING_TITLE = "Lokaal ondermijningsoverleg"
LABEL_DEMO = N_("Adding demo signals")
_FORM_KEYS = ["labour", "sexual", "criminal", "other"]
_FORM_WEIGHTS = [45, 30, 20, 5]
_SOURCES = [(e.SignalSource.INTERNAL, 40), (e.SignalSource.ANONYMOUS_LINE, 10),
            (e.SignalSource.POLICE, 10), (e.SignalSource.PARTNER, 8),
            (e.SignalSource.INSPECTION, 10), (e.SignalSource.HOTEL_CHECK, 6),
            (e.SignalSource.CANNABIS_CLOSURE, 4), (e.SignalSource.RESIDENT, 7),
            (e.SignalSource.ENTREPRENEUR, 5)]
_STOPS = ["received", "enriched", "discussed", "handed_over", ""]  # "" = further on
_EMPLOYEE_SOURCES = {e.SignalSource.INTERNAL, e.SignalSource.INSPECTION,
                     e.SignalSource.HOTEL_CHECK, e.SignalSource.CANNABIS_CLOSURE}


class DemoRefusedError(ValidationError):
    code = "demo_refused"

    def __init__(self, count: int) -> None:
        super().__init__("This vault holds {count} real (non-demo) signals. Demo data is only "
                         "added to a demo vault; nothing has been changed.", count=count)


@dataclass
class DemoSummary:
    signals: int
    first_reference: str
    last_reference: str
    meetings: int


class _Generator:
    """One run: random choices from one seeded ``Random``; dates relative to ``today``."""

    def __init__(self, seed: int, today: date) -> None:
        self.rnd = random.Random(seed)
        self.today = today
        self.people: list[tuple[str, date, str, e.Gender]] = []  # recurring persons
        self.addresses: list[Location] = []  # recurring addresses
        self.organisations: list[tuple[str, str, str]] = []  # name, sector, kvk
        self.meeting_dates = _meeting_dates(today - timedelta(days=DAYS_BACK), today)
        self.recent = 0  # recent signals seen: they cycle through _STOPS

    # --- small pieces -------------------------------------------------------------
    def person(self) -> tuple[str, date, str, e.Gender]:
        if self.people and self.rnd.random() < 0.12:  # "already known": same person again
            return self.rnd.choice(self.people)
        nationality, gender, firsts, lasts = self.rnd.choice(names.PEOPLE)
        name = f"{self.rnd.choice(firsts)} {self.rnd.choice(lasts)}".strip()
        born = self.today - timedelta(days=self.rnd.randint(16 * 365, 58 * 365))
        who = (name, born, nationality, e.Gender(gender))
        self.people.append(who)
        return who

    def organisation(self) -> tuple[str, str, str]:
        if self.organisations and self.rnd.random() < 0.3:
            return self.rnd.choice(self.organisations)
        name, sector = self.rnd.choice(names.ORGANISATIONS)
        org = (name, sector, f"{self.rnd.randint(90_000_000, 99_999_999)}")
        self.organisations.append(org)
        return org

    def address(self, kind: e.LocationKind) -> Location:
        if self.addresses and self.rnd.random() < 0.12:  # "already known" address
            known = self.rnd.choice(self.addresses)
            return Location(signal_id=0, kind=known.kind, street=known.street,
                            house_number=known.house_number, postcode=known.postcode,
                            town=known.town)
        town, prefix = self.rnd.choice(names.TOWNS)
        letters = "ABCDEGHJKLMNPRSTVWXZ"
        postcode = (f"{prefix}{self.rnd.randint(10, 99)}"
                    f"{self.rnd.choice(letters)}{self.rnd.choice(letters)}")
        loc = Location(signal_id=0, kind=kind, street=self.rnd.choice(names.STREETS),
                       house_number=str(self.rnd.randint(1, 180))
                       + self.rnd.choice(["", "", "", "A", "-2"]),
                       postcode=postcode, town=town)
        self.addresses.append(loc)
        return loc

    def employee(self) -> Reporter:
        first = self.rnd.choice(names.EMPLOYEE_FIRST)
        last = self.rnd.choice(names.EMPLOYEE_LAST)
        coordinator = (f"{self.rnd.choice(names.EMPLOYEE_FIRST)} "
                       f"{self.rnd.choice(names.EMPLOYEE_LAST)}")
        return Reporter(signal_id=0, name=f"{first} {last}",
                        department=self.rnd.choice(names.DEPARTMENTS),
                        contact=f"{first[0].lower()}.{last.replace(' ', '').lower()}"
                                "@voorbeeld.example",
                        team_coordinator=coordinator)

    def later(self, start: date, low: int, high: int) -> date | None:
        """A date ``low..high`` days after ``start``, or None when it would be in the future."""
        moment = start + timedelta(days=self.rnd.randint(low, high))
        return moment if moment <= self.today else None

    # --- one signal ---------------------------------------------------------------
    def signal(self, reference: str, received_on: date, indicators: list[int],
               contacts: dict[str, int]) -> tuple[SignalBundle, date | None]:
        """A bundle along the route as far as its age allows, and the date of the meeting
        that discusses it (None: not on an agenda)."""
        rnd = self.rnd
        form_key = rnd.choices(_FORM_KEYS, _FORM_WEIGHTS)[0]
        forms = {e.ExploitationForm(form_key)}
        if form_key != "other" and rnd.random() < 0.15:
            forms.add(rnd.choice([e.ExploitationForm.LABOUR, e.ExploitationForm.CRIMINAL,
                                  e.ExploitationForm.SEXUAL]))
        source = rnd.choices([s for s, _ in _SOURCES], [w for _, w in _SOURCES])[0]
        urgency = rnd.choices(list(e.Urgency), [15, 55, 22, 8])[0]
        created = datetime.combine(received_on, time(9, 0)) + timedelta(
            minutes=rnd.randint(0, 480))
        story = rnd.randrange(len(names.SUMMARIES[form_key]))  # summary and text belong
        signal = Signal(received_on=received_on, source=source,
                        summary=names.SUMMARIES[form_key][story],
                        description=names.DESCRIPTIONS[form_key][story],
                        urgency=urgency, forms=forms, reference=reference,
                        assessment=rnd.choice(list(e.Assessment)), checklist_version=0,
                        trusted_person_considered=rnd.random() < 0.4, is_demo=True,
                        created_at=created, updated_at=created)
        bundle = SignalBundle(file_id=0, signal=signal)
        if source in _EMPLOYEE_SOURCES or (source is not e.SignalSource.ANONYMOUS_LINE
                                           and rnd.random() < 0.3):
            bundle.reporter = self.employee()
        self._parties(bundle, form_key)
        bundle.indicators = [SignalIndicator(signal_id=0, indicator_id=i, observed=True)
                             for i in rnd.sample(indicators, k=min(len(indicators),
                                                                   rnd.randint(2, 5)))]
        return bundle, self._route(bundle, form_key, contacts)

    def _parties(self, bundle: SignalBundle, form_key: str) -> None:
        rnd = self.rnd
        for _ in range(rnd.randint(1, 3)):
            name, born, nationality, gender = self.person()
            bundle.parties.append(Party(signal_id=0, kind=e.PartyKind.PERSON,
                                        role=e.PartyRole.POSSIBLE_VICTIM, name=name,
                                        date_of_birth=born, nationality=nationality,
                                        gender=gender))
        if rnd.random() < 0.5:
            name, born, nationality, gender = self.person()
            bundle.parties.append(Party(signal_id=0, kind=e.PartyKind.PERSON,
                                        role=e.PartyRole.POSSIBLE_PERPETRATOR, name=name,
                                        date_of_birth=born, nationality=nationality,
                                        gender=gender))
        if form_key == "labour" or rnd.random() < 0.25:
            org, sector, kvk = self.organisation()
            bundle.parties.append(Party(signal_id=0, kind=e.PartyKind.ORGANISATION,
                                        role=rnd.choice([e.PartyRole.POSSIBLE_PERPETRATOR,
                                                         e.PartyRole.FACILITATOR]),
                                        name=org, kvk_number=kvk, sector=sector))
        kinds = {"labour": e.LocationKind.HOME, "sexual": e.LocationKind.HOLIDAY_PARK}
        bundle.locations.append(self.address(kinds.get(form_key, e.LocationKind.HOME)))
        if rnd.random() < 0.35:
            bundle.locations.append(self.address(rnd.choice([e.LocationKind.WORKPLACE,
                                                             e.LocationKind.HOTEL,
                                                             e.LocationKind.BUSINESS])))

    def _route(self, bundle: SignalBundle, form_key: str,
               contacts: dict[str, int]) -> date | None:
        rnd, s = self.rnd, bundle.signal
        # Recent signals stop early on the route, so every step is on show.
        stop = ""
        if (self.today - s.received_on).days < 60:
            self.recent += 1
            stop = _STOPS[self.recent % len(_STOPS)]
        if s.urgency is e.Urgency.IMMEDIATE:
            # very serious: straight to the police AVIM, and (always) the care coordinator
            handed = self.later(s.received_on, 0, 1)
            keys = [POLICE_AVIM_KEY, CARE_COORDINATOR_KEY]
            if e.ExploitationForm.LABOUR in s.forms:
                keys.append(LABOUR_INSPECTORATE_KEY)
            bundle.handovers += [self._handover(key, handed, contacts)
                                 for key in keys if handed]
        if stop == "received":
            return None
        noted = self.later(s.received_on, 1, 6)
        if noted is None:
            return None
        for _ in range(rnd.randint(1, 3)):
            bundle.notes.append(EnrichmentNote(
                signal_id=0, noted_on=noted, source=rnd.choice(e.CONSULTED_SOURCES),
                result=rnd.choice(list(e.EnrichmentResult)),
                text=rnd.choice(names.NOTE_TEXTS).format(n=rnd.randint(4, 19),
                                                         year=rnd.randint(2012, 2024))))
        if stop == "enriched":
            return None
        agenda = None
        if stop == "discussed" or rnd.random() < 0.55:  # next meeting, handed over after it
            agenda = next((d for d in self.meeting_dates if d > noted),
                          self.today if stop == "discussed" else None)
        handed = self.later(agenda, 1, 20) if agenda else self.later(noted, 3, 40)
        if handed is None or stop == "discussed":
            return agenda
        partners = [CARE_COORDINATOR_KEY]  # always (route step 4)
        if e.ExploitationForm.LABOUR in s.forms:
            partners.append(LABOUR_INSPECTORATE_KEY)
        if e.ExploitationForm.SEXUAL in s.forms and rnd.random() < 0.3:
            partners.append("belle")
        if e.ExploitationForm.CRIMINAL in s.forms and rnd.random() < 0.4:
            partners.append("politie_basisteam")
        already = {h.partner_key for h in bundle.handovers}
        bundle.handovers += [self._handover(key, handed, contacts)
                             for key in partners if key not in already]
        if stop == "handed_over":
            return agenda
        latest = handed
        for handover in bundle.handovers:
            answers = 0.97 if (self.today - handover.handed_over_on).days > 90 else 0.8
            received = (self.later(handover.handed_over_on, 5, 45)
                        if rnd.random() < answers else None)  # a few stay overdue
            if received:
                handover.feedback_received_on = received
                handover.feedback_text = "Terugkoppeling ontvangen; partner pakt het op."
                latest = max(latest, received)
        if any(h.feedback_received_on is None for h in bundle.handovers):
            return agenda
        informed = self.later(latest, 2, 14) if bundle.reporter else latest
        if informed is None:
            return agenda
        if bundle.reporter:
            bundle.reporter_feedback.append(ReporterFeedback(
                signal_id=0, given_on=informed,
                text="In algemene termen teruggekoppeld wat er met het signaal is gedaan."))
        closed = self.later(informed, 3, 30)
        if closed is not None and rnd.random() < 0.9:
            s.outcome = self._outcome(s)
            s.closed_on = closed
            latest = closed
        s.updated_at = datetime.combine(max(latest, s.received_on), time(16, 30))
        return agenda

    def _handover(self, key: str, on: date, contacts: dict[str, int]) -> Handover:
        return Handover(signal_id=0, partner_key=key, handed_over_on=on,
                        channel=self.rnd.choice([e.HandoverChannel.SECURE_EMAIL,
                                                 e.HandoverChannel.PHONE,
                                                 e.HandoverChannel.MEETING]),
                        basis=e.SharingBasis.LEGAL_GROUND,
                        legal_ground="art. 6 lid 1 sub e AVG, convenant RIEC",
                        shared_data={e.SharedDataKind.DESCRIPTION,
                                     e.SharedDataKind.ADDRESSES, e.SharedDataKind.INDICATORS},
                        name_mode=self.rnd.choice(list(e.NameMode)),
                        requested_action="Graag beoordelen en terugkoppelen.",
                        feedback_due_on=on + timedelta(days=28),
                        contact_id=contacts.get(key))

    def _outcome(self, s: Signal) -> e.Outcome:
        if s.urgency is e.Urgency.IMMEDIATE:
            return e.Outcome.HANDED_TO_POLICE
        if e.ExploitationForm.LABOUR in s.forms and self.rnd.random() < 0.5:
            return e.Outcome.HANDED_TO_LABOUR_INSPECTORATE
        return self.rnd.choice([e.Outcome.NO_TRAFFICKING, e.Outcome.CARE_ONLY,
                                e.Outcome.MUNICIPAL_INTERVENTION,
                                e.Outcome.INSUFFICIENT_INFORMATION, e.Outcome.OTHER])


def _meeting_dates(start: date, today: date) -> list[date]:
    """The second Tuesday of every month from ``start`` up to ``today``."""
    result = []
    year, month = start.year, start.month
    while date(year, month, 1) <= today:
        first = date(year, month, 1)
        held = first + timedelta(days=(1 - first.weekday()) % 7 + 7)
        if start <= held <= today:
            result.append(held)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _demo_contacts(uow: UnitOfWork) -> dict[str, int]:
    result: dict[str, int] = {}
    for key, (name, function) in names.CONTACTS.items():
        if uow.partners.get(key) is None:
            continue
        existing = uow.contacts.for_partner(key)
        if not existing:
            existing = [uow.contacts.add(Contact(partner_key=key, name=name, function=function,
                                                 email=f"{key}@partner.example"))]
        result[key] = existing[0].id
    return result


def generate(services: Services, count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED, *,
             progress: Progress | None = None,
             cancel: CancelToken | None = None) -> DemoSummary:
    """Add ``count`` demo signals (plus meetings) to a demo-only vault, in one unit of
    work. ``progress`` counts signals (``total == count``); ``cancel`` is looked at before
    every signal and rolls the whole run back (``Cancelled``: nothing was added)."""
    if count < 1 or count > 100_000:
        raise ValidationError("The number of demo signals must be between 1 and 100000.",
                              code="demo_count", field="count")
    check(cancel)
    clock = services.clock
    today = clock.today()
    gen = _Generator(seed, today)
    report = Tracker(progress, count)
    label = tr(LABEL_DEMO)
    report(0, label)
    with services.vault.unit_of_work() as uow:
        real = uow.signals.count(demo=False)
        if real:
            raise DemoRefusedError(real)
        contacts = _demo_contacts(uow)
        version = uow.checklists.latest_version() or 1
        indicators = [i.id for i in uow.checklists.get(version).indicators]
        meetings = {m.held_on: m.id for m in uow.meetings.all() if m.title == MEETING_TITLE}
        meeting_positions = {meeting_id: len(uow.meeting_items.for_meeting(meeting_id))
                             for meeting_id in meetings.values()}
        dates = sorted(today - timedelta(days=gen.rnd.randint(0, DAYS_BACK))
                       for _ in range(count))
        maps = IdMaps(signals={}, contacts={i: i for i in contacts.values()},
                      indicators={i: i for i in indicators}, checklist_versions={0: version},
                      meetings={})
        references: list[str] = []
        new_meetings = 0
        numbers: dict[int, int] = {}
        for received_on in dates:
            check(cancel)  # raising here rolls the whole run back
            year = received_on.year
            if year not in numbers:
                numbers[year] = uow.signals.max_number_for_year(year)
            numbers[year] += 1
            reference = format_reference(year, numbers[year])
            bundle, agenda = gen.signal(reference, received_on, indicators, contacts)
            signal_id = write_signal(uow, bundle, maps)
            held = agenda
            if held is not None:
                if held not in meetings:
                    meeting = uow.meetings.add(Meeting(
                        held_on=held, title=MEETING_TITLE, place="Stadhuis, kamer 2.14",
                        notes="Demo-overleg (fictief)."))
                    meetings[held] = meeting.id
                    meeting_positions[meeting.id] = 0
                    new_meetings += 1
                meeting_id = meetings[held]
                meeting_positions[meeting_id] += 1
                uow.meeting_items.add(MeetingItem(
                    meeting_id=meeting_id, signal_id=signal_id,
                    position=meeting_positions[meeting_id],
                    summary=bundle.signal.summary,
                    decision=gen.rnd.choice(names.DECISIONS),
                    action_holder=gen.rnd.choice(names.ACTION_HOLDERS),
                    due_on=held + timedelta(days=28)))
            finish_signal(uow, signal_id, today, bundle.signal.updated_at)
            references.append(reference)
            report(len(references), label)
        audit.record(uow, clock, Action.DEMO, "vault", f"{len(references)} demo signals")
        check(cancel)  # the last point before the commit
    report.finish(label)
    return DemoSummary(signals=len(references), first_reference=min(references),
                       last_reference=max(references), meetings=new_meetings)
