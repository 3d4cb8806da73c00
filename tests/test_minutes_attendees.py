"""Minutes say who attended; the agenda lists who is invited (schema revision 0002)."""

from __future__ import annotations

import io
from datetime import date

import pypdf

from mensenhandel_desk.domain.models import Meeting, MeetingItem
from tests.conftest import make_signal


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_attendees_on_minutes_and_agenda(services) -> None:
    signal = services.signals.create(make_signal())
    meeting = services.meetings.create(Meeting(
        held_on=date(2026, 12, 1), place="Stadhuis",
        attendees="Wijkagent Noord, politie\n\nOndermijningsspecialist, politie\n"))
    services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=signal.id))
    minutes = _text(services.documents.minutes(meeting.id).pdf)
    assert "Aanwezig" in minutes
    assert "Wijkagent Noord, politie; Ondermijningsspecialist, politie" in minutes
    agenda = _text(services.documents.agenda(meeting.id).pdf)
    assert "Genodigden" in agenda and "Aanwezig" not in agenda


def test_meeting_without_attendees_has_no_empty_row(services) -> None:
    meeting = services.meetings.create(Meeting(held_on=date(2026, 12, 1)))
    assert "Aanwezig" not in _text(services.documents.minutes(meeting.id).pdf)
