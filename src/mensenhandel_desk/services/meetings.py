"""The local undermining meeting: agenda items per signal, decisions and action holders.

Meeting free text (title, place, attendees, notes, item notes, decisions, action holders)
is scrubbed on the agenda and minutes exactly like a signal's free text (see
``documents.agenda``); ``attendee_warnings`` tells the officer, before anything is
printed, when that text names the reporter of a signal on the agenda.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from mensenhandel_desk.documents.names import NameMasker
from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.enums import SignalStatus
from mensenhandel_desk.domain.errors import NotFound, ValidationError
from mensenhandel_desk.domain.models import Meeting, MeetingItem
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.base import (
    ServiceContext,
    VaultUser,
    signal_by_reference,
    signal_or_raise,
)
from mensenhandel_desk.services.route_state import refresh
from mensenhandel_desk.services.withheld import withheld_for


def meeting_ref(meeting_id: int) -> str:
    return f"OVERLEG-{meeting_id}"


@dataclass(slots=True, frozen=True)
class MeetingOverview:
    """One line of the meetings list."""

    meeting: Meeting
    item_count: int
    upcoming: bool  # held today or later


@dataclass(slots=True, frozen=True)
class AgendaLine:
    """One agenda item with what the screen shows of its signal."""

    item: MeetingItem
    reference: str
    signal_summary: str
    status: SignalStatus


@dataclass(slots=True)
class MeetingDetail:
    meeting: Meeting
    lines: list[AgendaLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class AddResult:
    """What ``add_signals`` did: references put on the agenda and those already on it."""

    meeting_id: int
    added: tuple[str, ...] = ()
    already: tuple[str, ...] = ()


class MeetingService(VaultUser):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def create(self, meeting: Meeting) -> Meeting:
        meeting = replace(meeting)
        meeting.title = v.clean_text(meeting.title, "title", required=True)
        meeting.place = v.clean_text(meeting.place, "place")
        meeting.notes = v.clean_text(meeting.notes, "notes", long=True)
        meeting.attendees = v.clean_text(meeting.attendees, "attendees", long=True)
        v.check_date(meeting.held_on, "held_on", allow_future=True)
        with self.vault.unit_of_work() as uow:
            uow.meetings.add(meeting)
            audit.record(uow, self.clock, Action.CREATE, meeting_ref(meeting.id), "meeting")
            return meeting

    def update(self, meeting: Meeting) -> Meeting:
        meeting = replace(meeting)
        meeting.title = v.clean_text(meeting.title, "title", required=True)
        meeting.place = v.clean_text(meeting.place, "place")
        meeting.notes = v.clean_text(meeting.notes, "notes", long=True)
        meeting.attendees = v.clean_text(meeting.attendees, "attendees", long=True)
        with self.vault.unit_of_work() as uow:
            before = self._meeting(uow, meeting.id)
            uow.meetings.update(meeting)
            if before.held_on != meeting.held_on:  # its signals may (no longer) be discussed
                for item in uow.meeting_items.for_meeting(meeting.id):
                    refresh(uow, item.signal_id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, meeting_ref(meeting.id), "meeting")
            return meeting

    @staticmethod
    def _meeting(uow, meeting_id: int | None) -> Meeting:
        meeting = uow.meetings.get(meeting_id) if meeting_id else None
        if meeting is None:
            raise NotFound("Meeting {id} does not exist.", code="meeting_not_found",
                           id=meeting_id)
        return meeting

    def get(self, meeting_id: int) -> Meeting:
        with self.vault.unit_of_work() as uow:
            return self._meeting(uow, meeting_id)

    def all(self) -> list[Meeting]:
        with self.vault.unit_of_work() as uow:
            return uow.meetings.all()

    def items(self, meeting_id: int) -> list[MeetingItem]:
        with self.vault.unit_of_work() as uow:
            self._meeting(uow, meeting_id)
            return uow.meeting_items.for_meeting(meeting_id)

    def item_for(self, meeting_id: int, reference: str) -> MeetingItem:
        """The agenda item of signal ``reference`` on meeting ``meeting_id``."""
        with self.vault.unit_of_work() as uow:
            self._meeting(uow, meeting_id)
            signal_id = signal_by_reference(uow, reference).id
            for item in uow.meeting_items.for_meeting(meeting_id):
                if item.signal_id == signal_id:
                    return item
        raise NotFound("Signal {reference} is not on the agenda of meeting {id}.",
                       code="not_on_agenda", reference=reference, id=meeting_id)

    def add_item(self, item: MeetingItem) -> MeetingItem:
        """Put a signal on the agenda (route step 3: discussed in the meeting)."""
        item = replace(item)
        item.summary = v.clean_text(item.summary, "summary", long=True)
        with self.vault.unit_of_work() as uow:
            self._meeting(uow, item.meeting_id)
            signal = signal_or_raise(uow, item.signal_id)
            existing = uow.meeting_items.for_meeting(item.meeting_id)
            if any(other.signal_id == item.signal_id for other in existing):
                raise ValidationError("Signal {reference} is already on this agenda.",
                                      code="already_on_agenda", reference=signal.reference)
            if not item.position:
                item.position = len(existing) + 1
            if not item.summary:
                item.summary = signal.summary
            uow.meeting_items.add(item)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference,
                         f"on agenda {meeting_ref(item.meeting_id)}")
            return item

    def record_decision(self, item_id: int, decision: str, action_holder: str = "",
                        due_on: date | None = None, *,
                        summary: str | None = None) -> MeetingItem:
        """The decision, action holder and due date of one agenda item (and, when given,
        its note for the agenda: ``summary``)."""
        with self.vault.unit_of_work() as uow:
            item = uow.meeting_items.get(item_id)
            if item is None:
                raise NotFound("This agenda item no longer exists.", code="item_not_found")
            if summary is not None:
                item.summary = v.clean_text(summary, "summary", long=True)
            item.decision = v.clean_text(decision, "decision", long=True)
            item.action_holder = v.clean_text(action_holder, "action_holder")
            v.check_date(due_on, "due_on", allow_future=True)
            item.due_on = due_on
            uow.meeting_items.update(item)
            signal = signal_or_raise(uow, item.signal_id)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())  # decided: discussed
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "meeting decision")
            return item

    def remove_item(self, item_id: int) -> None:
        with self.vault.unit_of_work() as uow:
            item = uow.meeting_items.get(item_id)
            if item is None:
                return
            uow.meeting_items.delete(item_id)
            refresh(uow, item.signal_id, self.clock.today(), self.clock.now())
            signal = uow.signals.get(item.signal_id)
            if signal is not None:
                audit.record(uow, self.clock, Action.UPDATE, signal.reference,
                             f"off agenda {meeting_ref(item.meeting_id)}")

    # --- screens ---------------------------------------------------------------------------
    def overview(self) -> list[MeetingOverview]:
        """Upcoming meetings first (soonest first), then past ones (latest first)."""
        today = self.clock.today()
        with self.vault.unit_of_work() as uow:
            meetings = uow.meetings.all()
            # one read of every item, not one query per meeting (120 meetings: 8x faster)
            counts = Counter(item.meeting_id for item in uow.meeting_items.all())
        upcoming = sorted((m for m in meetings if m.held_on >= today),
                          key=lambda m: (m.held_on, m.id))
        past = [m for m in meetings if m.held_on < today]  # already latest first
        return [MeetingOverview(m, counts[m.id], m.held_on >= today) for m in upcoming + past]

    def upcoming(self) -> list[Meeting]:
        """Meetings held today or later, soonest first: where new signals go."""
        return [line.meeting for line in self.overview() if line.upcoming]

    def detail(self, meeting_id: int) -> MeetingDetail:
        """The meeting, its agenda with each signal's reference, and the warnings."""
        with self.vault.unit_of_work() as uow:
            meeting = self._meeting(uow, meeting_id)
            lines = []
            for item in uow.meeting_items.for_meeting(meeting_id):
                signal = uow.signals.get(item.signal_id)
                if signal is not None:
                    lines.append(AgendaLine(item, signal.reference, signal.summary,
                                            signal.status))
            warnings = self._warnings(uow, meeting, [line.item for line in lines],
                                      {line.item.signal_id: line.reference for line in lines})
        return MeetingDetail(meeting, lines, warnings)

    def add_signals(self, meeting_id: int, signal_ids: Iterable[int]) -> AddResult:
        """Put each signal on the agenda (in this order); one already there is skipped
        and reported, not an error. All or nothing for the rest."""
        added: list[str] = []
        already: list[str] = []
        with self.vault.unit_of_work() as uow:
            self._meeting(uow, meeting_id)
            existing = uow.meeting_items.for_meeting(meeting_id)
            on_agenda = {item.signal_id for item in existing}
            position = max((item.position for item in existing), default=0)
            for signal_id in dict.fromkeys(int(x) for x in signal_ids):
                signal = signal_or_raise(uow, signal_id)
                if signal.id in on_agenda:
                    already.append(signal.reference)
                    continue
                position += 1
                uow.meeting_items.add(MeetingItem(meeting_id=meeting_id, signal_id=signal.id,
                                                  position=position, summary=signal.summary))
                on_agenda.add(signal.id)
                refresh(uow, signal.id, self.clock.today(), self.clock.now())
                audit.record(uow, self.clock, Action.UPDATE, signal.reference,
                             f"on agenda {meeting_ref(meeting_id)}")
                added.append(signal.reference)
        return AddResult(meeting_id, tuple(added), tuple(already))

    def plan(self, meeting: Meeting, signal_ids: Iterable[int] = ()) -> AddResult:
        """Plan a new meeting and put ``signal_ids`` on its agenda."""
        created = self.create(meeting)
        assert created.id is not None
        return self.add_signals(created.id, signal_ids)

    # --- privacy -----------------------------------------------------------------------------
    def attendee_warnings(self, meeting_id: int) -> list[str]:
        """Dutch warnings when the meeting's title, place or attendee list names the
        reporter of a signal on its agenda. A warning quotes only what the officer typed
        (the attendee line) and the signal's reference, never the recorded reporter."""
        with self.vault.unit_of_work() as uow:
            meeting = self._meeting(uow, meeting_id)
            items = uow.meeting_items.for_meeting(meeting_id)
            refs = {}
            for item in items:
                signal = uow.signals.get(item.signal_id)
                if signal is not None:
                    refs[signal.id] = signal.reference
            return self._warnings(uow, meeting, items, refs)

    @staticmethod
    def _warnings(uow, meeting: Meeting, items: list[MeetingItem],
                  refs: dict[int, str]) -> list[str]:
        # the same matching the documents scrub with: warn exactly where they withhold
        lines = [line.strip() for line in meeting.attendees.splitlines() if line.strip()]
        warnings: list[str] = []
        for item in items:
            reference = refs.get(item.signal_id)
            if reference is None:
                continue
            withheld = withheld_for(uow, item.signal_id)
            if not (withheld.names or withheld.phrases):
                continue
            masker = NameMasker("full", withheld.names, withheld.phrases)

            def names(text: str, masker: NameMasker = masker) -> bool:
                return bool(text) and masker.scrub(text) != text

            for line in lines:
                if names(line):
                    warnings.append(_(
                        "The attendee \"{line}\" names the reporter of signal {reference} "
                        "or the reporter's team coordinator (or someone with the same name). "
                        "The agenda and minutes leave that name out; consider whether this "
                        "person should attend.").format(
                            line=line, reference=reference))
            if names(meeting.title) or names(meeting.place):
                warnings.append(_(
                    "The title or place of this meeting names the reporter of signal "
                    "{reference}. The agenda and minutes leave that name out; better to "
                    "remove it.").format(reference=reference))
        return warnings
