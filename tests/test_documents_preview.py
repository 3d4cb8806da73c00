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
from tests.conftest import make_signal
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


def test_destruction_declaration_is_issued_logged_and_audited_like_any_document(
        services: Services, tmp_path: Path) -> None:
    from mensenhandel_desk.domain.enums import Outcome
    from mensenhandel_desk.domain.errors import RouteError
    from mensenhandel_desk.services.retention import RetentionService

    signal = services.signals.create(make_signal(received_on=date(2020, 1, 5)))
    services.signals.close(signal.id, Outcome.NO_TRAFFICKING, date(2021, 1, 1))
    retention = RetentionService(services)
    due = retention.due()
    assert [d.reference for d in due] == [signal.reference]
    d = services.documents
    # Before the purge: the officer can read it, but no numbered copy declares an
    # untruth.
    shown = d.destruction_declaration(due, date(2026, 11, 24), preview=True)
    assert signal.reference in text_of(shown.pdf) and "VOORBEELD" in text_of(shown.pdf)
    with pytest.raises(RouteError):
        d.destruction_declaration(due, date(2026, 11, 24))
    assert _log(services)[0] == 0

    result = retention.purge(confirm=True, references=[signal.reference])
    out = tmp_path / "verklaring.pdf"
    copy = d.destruction_declaration(result.purged, result.purged_on, out=out)
    text = text_of(out.read_bytes())
    assert signal.reference in text and "Exemplaar 1 — voor: archief" in text
    assert "VOORBEELD" not in text
    with services.vault.unit_of_work() as uow:
        prints = uow.prints.all()
        last = uow.audit.last()
    assert [(p.document_kind, p.object_ref, p.copy_number, p.recipient) for p in prints] == [
        ("destruction_declaration", "vernietiging:2026-11-24", 1, "archief")]
    assert last.action == Action.DOCUMENT and last.object_ref == "vernietiging:2026-11-24"
    assert signal.reference not in last.detail  # the trail names no purged signal
    assert copy.copy_number == 1


def test_access_report_is_issued_logged_and_audited_without_the_name(
        services: Services, tmp_path: Path) -> None:
    from mensenhandel_desk.services.access_request import AccessRequestService

    populate(services)
    result = AccessRequestService(services).find("Ionuț Popescu")
    assert result.findings
    shown = services.documents.access_request_report(result, preview=True)
    assert "VOORBEELD" in text_of(shown.pdf) and _log(services)[0] == 0
    AccessRequestService(services).write(result, tmp_path / "inzage.pdf")
    text = text_of((tmp_path / "inzage.pdf").read_bytes())
    assert "Popescu" in text and "Exemplaar 1 — voor: betrokkene" in text
    with services.vault.unit_of_work() as uow:
        prints = uow.prints.all()
        last = uow.audit.last()
    assert [(p.document_kind, p.copy_number) for p in prints] == [("access_report", 1)]
    assert "Popescu" not in prints[0].recipient + prints[0].object_ref
    assert last.action == Action.DOCUMENT and "Popescu" not in last.detail + last.object_ref
