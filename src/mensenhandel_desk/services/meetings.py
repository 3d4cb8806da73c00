"""The local undermining meeting: agenda items per signal, decisions and action holders."""

from __future__ import annotations

from dataclasses import replace

from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.errors import NotFound, ValidationError
from mensenhandel_desk.domain.models import Meeting, MeetingItem
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.base import ServiceContext, VaultUser, signal_or_raise
from mensenhandel_desk.services.route_state import refresh


def meeting_ref(meeting_id: int) -> str:
    return f"OVERLEG-{meeting_id}"


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
            self._meeting(uow, meeting.id)
            uow.meetings.update(meeting)
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
                        due_on=None) -> MeetingItem:
        with self.vault.unit_of_work() as uow:
            item = uow.meeting_items.get(item_id)
            if item is None:
                raise NotFound("This agenda item no longer exists.", code="item_not_found")
            item.decision = v.clean_text(decision, "decision", long=True)
            item.action_holder = v.clean_text(action_holder, "action_holder")
            v.check_date(due_on, "due_on", allow_future=True)
            item.due_on = due_on
            uow.meeting_items.update(item)
            signal = signal_or_raise(uow, item.signal_id)
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "meeting decision")
            return item

    def remove_item(self, item_id: int) -> None:
        with self.vault.unit_of_work() as uow:
            item = uow.meeting_items.get(item_id)
            if item is None:
                return
            uow.meeting_items.delete(item_id)
            refresh(uow, item.signal_id, self.clock.today(), self.clock.now())
