"""Domain records: plain dataclasses the services hand out and take in.

They carry no database identity beyond ``id`` and know nothing of SQL or Qt.
The reporter is a separate record that no other record embeds: it is only reachable
through an explicit service call, so it cannot leak into documents or exports by
accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from mensenhandel_desk.domain.enums import (
    Assessment,
    EnrichmentResult,
    EnrichmentSource,
    ExploitationForm,
    Gender,
    HandoverChannel,
    LocationKind,
    NameMode,
    Outcome,
    PartyKind,
    PartyRole,
    SharedDataKind,
    SharingBasis,
    SignalSource,
    SignalStatus,
    Urgency,
)


@dataclass(slots=True)
class Signal:
    received_on: date
    source: SignalSource
    summary: str
    description: str = ""
    urgency: Urgency = Urgency.NORMAL
    forms: set[ExploitationForm] = field(default_factory=set)
    assessment: Assessment = Assessment.NOT_ASSESSED
    reference: str = ""
    status: SignalStatus = SignalStatus.RECEIVED
    outcome: Outcome | None = None
    closed_on: date | None = None
    checklist_version: int = 0  # 0: the current version when the signal is recorded
    trusted_person_considered: bool = False
    legal_hold_reason: str | None = None
    is_demo: bool = False
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(slots=True)
class Reporter:
    """Who reported the signal. Confidential: stays with the officer (route step 2)."""

    signal_id: int
    name: str
    department: str = ""
    contact: str = ""
    team_coordinator: str = ""
    id: int | None = None


@dataclass(slots=True)
class Party:
    signal_id: int
    kind: PartyKind
    role: PartyRole
    name: str
    date_of_birth: date | None = None
    nationality: str = ""
    gender: Gender = Gender.UNKNOWN
    kvk_number: str = ""
    sector: str = ""
    notes: str = ""
    id: int | None = None


@dataclass(slots=True)
class Location:
    signal_id: int
    kind: LocationKind
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    town: str = ""
    notes: str = ""
    id: int | None = None


@dataclass(slots=True)
class EnrichmentNote:
    signal_id: int
    noted_on: date
    source: EnrichmentSource
    result: EnrichmentResult
    text: str = ""
    id: int | None = None


@dataclass(slots=True)
class Indicator:
    """One line of a checklist version. Rewording or retiring makes a new version, so a
    signal recorded against version N keeps the meaning it had."""

    checklist_version: int
    key: str
    group_key: str
    group_label: str
    label: str
    is_vulnerability_factor: bool = False
    position: int = 0
    id: int | None = None


@dataclass(slots=True)
class ChecklistVersion:
    version: int
    created_on: date
    note: str = ""
    indicators: list[Indicator] = field(default_factory=list)


@dataclass(slots=True)
class SignalIndicator:
    signal_id: int
    indicator_id: int
    observed: bool = True
    note: str = ""
    id: int | None = None


@dataclass(slots=True)
class Partner:
    key: str
    name: str
    tasks: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    route: str = ""
    active: bool = True


@dataclass(slots=True)
class Contact:
    partner_key: str
    name: str
    function: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""
    id: int | None = None


@dataclass(slots=True)
class Handover:
    signal_id: int
    partner_key: str
    handed_over_on: date
    channel: HandoverChannel
    basis: SharingBasis
    legal_ground: str = ""
    shared_data: set[SharedDataKind] = field(default_factory=set)
    name_mode: NameMode = NameMode.FULL
    requested_action: str = ""
    feedback_due_on: date | None = None
    feedback_received_on: date | None = None
    feedback_text: str = ""
    contact_id: int | None = None
    id: int | None = None


@dataclass(slots=True)
class Meeting:
    held_on: date
    title: str = "Lokaal ondermijningsoverleg"
    place: str = ""
    notes: str = ""
    attendees: str = ""  # one per line: function and organisation ("Wijkagent Noord, politie")
    id: int | None = None


@dataclass(slots=True)
class MeetingItem:
    meeting_id: int
    signal_id: int
    position: int = 0
    summary: str = ""
    decision: str = ""
    action_holder: str = ""
    due_on: date | None = None
    id: int | None = None


@dataclass(slots=True)
class ReporterFeedback:
    """Step 6: what the officer told the reporting employee."""

    signal_id: int
    given_on: date
    text: str = ""
    id: int | None = None


@dataclass(slots=True)
class AuditEvent:
    """No personal data in ``detail``: references, counts and kinds only."""

    at: datetime
    action: str
    object_ref: str = ""
    detail: str = ""
    prev_hash: str = ""
    hash: str = ""
    id: int | None = None


@dataclass(slots=True)
class PrintRecord:
    """One printed or saved copy of a document: which copy went to whom."""

    at: datetime
    document_kind: str
    object_ref: str
    copy_number: int
    recipient: str
    id: int | None = None


@dataclass(slots=True)
class SignalRow:
    """One line of the signal list: what the list view and ``list`` command show."""

    id: int
    reference: str
    received_on: date
    summary: str
    status: SignalStatus
    urgency: Urgency
    forms: set[ExploitationForm]
    assessment: Assessment
    source: SignalSource
    # The first next action as of today (see ``domain.route.current_next_action``):
    next_action: str = ""  # action code, "" for a closed signal
    next_action_text: str = ""  # translated message
    next_due_on: date | None = None  # the signal's next deadline, if it has one
    overdue: bool = False


@dataclass(slots=True)
class Page:
    rows: list[SignalRow]
    total: int
    offset: int
    limit: int


@dataclass(slots=True)
class SignalFilter:
    text: str = ""  # full-text search (FTS5 prefix match)
    statuses: set[SignalStatus] = field(default_factory=set)
    forms: set[ExploitationForm] = field(default_factory=set)
    urgencies: set[Urgency] = field(default_factory=set)
    received_from: date | None = None
    received_to: date | None = None
    open_only: bool = False
    # click-through from monitoring (a chart bar or table cell):
    sources: set[SignalSource] = field(default_factory=set)
    assessments: set[Assessment] = field(default_factory=set)
    outcomes: set[Outcome] = field(default_factory=set)
    partners: set[str] = field(default_factory=set)  # handed over to (partner keys)
    handed_over: bool = False  # at least one handover (monitoring's funnel)
    feedback_received: bool = False  # at least one partner feedback received


@dataclass(slots=True)
class KnownMatch:
    """An earlier signal that mentions the same person, organisation or address."""

    signal_id: int
    reference: str
    received_on: date
    matched_on: str  # "person", "organisation" or "address"
    match_label: str  # what matched, for the officer (stays in the app)


@dataclass(slots=True)
class NextAction:
    signal_id: int
    reference: str
    code: str
    message: str
    due_on: date | None = None
    overdue: bool = False


@dataclass(slots=True)
class SignalDossier:
    """Everything about one signal except the reporter."""

    signal: Signal
    parties: list[Party]
    locations: list[Location]
    notes: list[EnrichmentNote]
    indicators: list[tuple[Indicator, SignalIndicator]]
    handovers: list[Handover]
    meeting_items: list[MeetingItem]
    reporter_feedback: list[ReporterFeedback]
    has_reporter: bool = False
