"""What a validated interchange file becomes: an ``ImportPlan`` of domain records with
file-local ids. ``read`` builds it, ``refs`` and ``rules`` check it, ``write`` stores it;
this module depends on none of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from mensenhandel_desk.domain.models import (
    ChecklistVersion,
    Contact,
    EnrichmentNote,
    Handover,
    Location,
    Meeting,
    MeetingItem,
    Partner,
    Party,
    PrintRecord,
    Reporter,
    ReporterFeedback,
    Signal,
    SignalIndicator,
)
from mensenhandel_desk.domain.monitoring import AwarenessActivity


@dataclass
class SignalBundle:
    """One signal with everything recorded on it; ids of children are not kept."""

    file_id: int
    signal: Signal
    reporter: Reporter | None = None
    parties: list[Party] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    notes: list[EnrichmentNote] = field(default_factory=list)
    indicators: list[SignalIndicator] = field(default_factory=list)  # file indicator ids
    handovers: list[Handover] = field(default_factory=list)  # file contact ids
    reporter_feedback: list[ReporterFeedback] = field(default_factory=list)


@dataclass
class MeetingBundle:
    file_id: int
    meeting: Meeting
    items: list[MeetingItem] = field(default_factory=list)  # file signal ids


@dataclass
class ImportPlan:
    """A whole interchange document, validated, as domain records with file-local ids."""

    checklists: list[ChecklistVersion] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    signals: list[SignalBundle] = field(default_factory=list)
    meetings: list[MeetingBundle] = field(default_factory=list)
    print_records: list[PrintRecord] = field(default_factory=list)
    activities: list[AwarenessActivity] = field(default_factory=list)
