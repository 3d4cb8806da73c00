"""Previews: every document can be rendered for the screen, stamped "VOORBEELD", without a
copy number, a print record, an audit entry or a file; the numbered copy afterwards is
logged as always. The destruction declaration and the access-request report are issued,
logged and audited by the document service like every other document."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.models import Meeting, MeetingItem
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.session import Services
from tests.test_documents_service import populate, text_of


def _log(services: Services) -> tuple[int, list]:
    with services.vault.unit_of_work() as uow:
        return len(uow.prints.all()), [(e.action, e.object_ref, e.detail)
                                       for e in uow.audit.query()]


def _renders(services: Services, reference: str) -> dict:
    meeting = services.meetings.create(Meeting(held_on=date(2026, 12, 1), place="Stadhuis"))
    signal = services.signals.by_reference(reference)
    services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=signal.id))
    d = services.documents
    return {
        "handover_sheet": lambda p: d.handover_sheet(reference, "zorgcoordinator", preview=p),
        "agenda": lambda p: d.agenda(meeting.id, preview=p),
        "minutes": lambda p: d.minutes(meeting.id, preview=p),
        "feedback_letter": lambda p: d.feedback_letter(reference, preview=p),
        "monitoring_report": lambda p: d.monitoring_report(date(2026, 1, 1),
                                                           date(2026, 11, 30), preview=p),
    }


def test_every_document_previews_without_a_trace_and_prints_numbered(
        services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = populate(services)
    renders = _renders(services, reference)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    for kind, render in renders.items():
        prints, trail = _log(services)
        shown = render(True)
        assert shown.preview and shown.copy_number == 0 and shown.path is None, kind
        text = text_of(shown.pdf)
        assert "VOORBEELD" in text and "geen genummerd exemplaar" in text, kind
        assert "Exemplaar" not in text, kind  # no number a reader could quote
        after_prints, after_trail = _log(services)
        assert after_prints == prints, kind  # nothing in the print log
        # Only the feedback letter's reporter read is audited, as on every letter.
        new = after_trail[len(trail):]
        assert all(action == Action.VIEW_REPORTER for action, _, _ in new), (kind, new)
        # Every page carries the stamp.
        pages = PdfReader(io.BytesIO(shown.pdf)).pages
        assert all("VOORBEELD" in (page.extract_text() or "") for page in pages), kind

        copy = render(False)
        assert not copy.preview and copy.copy_number == 1, kind
        text = text_of(copy.pdf)
        assert "VOORBEELD" not in text and "Exemplaar 1" in text, kind
        assert _log(services)[0] == prints + 1, kind
        assert _log(services)[1][-1][0] in (Action.DOCUMENT, Action.PRINT), kind
    assert list(work.iterdir()) == []  # no file was written


def test_a_preview_is_never_written(services: Services, tmp_path: Path) -> None:
    reference = populate(services)
    with pytest.raises(ValidationError):
        services.documents.handover_sheet(reference, "zorgcoordinator", preview=True,
                                          out=tmp_path / "voorbeeld.pdf")
    assert list(tmp_path.glob("*.pdf")) == [] and _log(services)[0] == 0
