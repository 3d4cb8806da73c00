"""Documents from a real vault: what is printed, what is logged, what reaches the disk."""

from __future__ import annotations

import io
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from mensenhandel_desk.domain.enums import (
    EnrichmentResult,
    EnrichmentSource,
    LocationKind,
    NameMode,
    Outcome,
    PartyKind,
    PartyRole,
    SharedDataKind,
    SignalStatus,
)
from mensenhandel_desk.domain.errors import NotFound, RouteError, ValidationError
from mensenhandel_desk.domain.models import (
    EnrichmentNote,
    Location,
    Meeting,
    MeetingItem,
    Party,
)
from mensenhandel_desk.services import documents as docsvc
from mensenhandel_desk.services import files
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.files import WriteFailed
from mensenhandel_desk.services.session import Services
from tests.conftest import make_reporter, make_signal

REPORTER = make_reporter()
REPORTER_STRINGS = ["Wilhelmina", "Zuidervaart", "Testmelder", REPORTER.department,
                    REPORTER.contact, "Coördinatorsma"]
PARTY_NAMES = ["Małgorzata Wiśniewska", "Ionuț Popescu", "Стоян Колев", "Ayşe Yılmaz"]


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(pdf)).pages)


def populate(services: Services, **signal_overrides) -> str:
    """A signal with a reporter, parties from several scripts, a location, enrichment
    and an indicator; the description mentions the reporter by name."""
    overrides = dict(description=(
        "Wilhelmina Zuidervaart-Testmelder zag dat Małgorzata Wiśniewska en Ionuț Popescu "
        "om vijf uur worden opgehaald bij Voorbeeldstraat 12. Team Handhaving Noord "
        "belde w.zuidervaart@example.invalid terug. Gerrit Coördinatorsma weet ervan."))
    overrides.update(signal_overrides)
    signal = services.signals.create(make_signal(**overrides), make_reporter())
    for name, role in zip(PARTY_NAMES, [PartyRole.POSSIBLE_VICTIM, PartyRole.POSSIBLE_VICTIM,
                                         PartyRole.POSSIBLE_PERPETRATOR, PartyRole.WITNESS],
                          strict=True):
        services.signals.add_party(Party(signal_id=signal.id, kind=PartyKind.PERSON, role=role,
                                         name=name, date_of_birth=date(1990, 4, 3)))
    services.signals.add_party(Party(signal_id=signal.id, kind=PartyKind.ORGANISATION,
                                     role=PartyRole.FACILITATOR, name="Snelwerk Uitzend B.V."))
    services.signals.add_location(Location(signal_id=signal.id, kind=LocationKind.HOME,
                                           street="Voorbeeldstraat", house_number="12",
                                           postcode="1234 AB", town="Voorbeeld"))
    services.signals.add_note(EnrichmentNote(signal_id=signal.id, noted_on=date(2026, 10, 2),
                                             source=EnrichmentSource.BRP,
                                             result=EnrichmentResult.FOUND,
                                             text="Negen personen ingeschreven."))
    indicator = services.reference.checklist(signal.checklist_version).indicators[0]
    services.signals.set_indicator(signal.id, indicator.id, note="Gezien door collega.")
    return signal.reference


@pytest.fixture
def reference(services: Services) -> str:
    return populate(services)


def test_handover_sheet_returns_bytes_and_writes_nothing(services: Services, reference: str,
                                                         tmp_path: Path) -> None:
    before = sorted(p for p in tmp_path.rglob("*"))
    doc = services.documents.handover_sheet(reference, "zorgcoordinator", "full")
    assert doc.pdf.startswith(b"%PDF") and doc.path is None
    assert sorted(p for p in tmp_path.rglob("*") if "-wal" not in p.name
                  and "-shm" not in p.name and "-journal" not in p.name) == [
        p for p in before if "-wal" not in p.name and "-shm" not in p.name
        and "-journal" not in p.name]
    text = text_of(doc.pdf)
    indicator = services.reference.checklist(1).indicators[0]
    assert indicator.label.split()[0] in text
    assert "Negen personen ingeschreven" in text and "BRP" in text
    assert "Exemplaar 1 — voor: Zorgcoördinator mensenhandel" in text
    assert "Terugkoppeling gevraagd vóór 22 december 2026" in text  # 28 days default
    for name in PARTY_NAMES:
        assert name in text


@pytest.mark.parametrize("mode", list(NameMode))
def test_reporter_is_absent_from_every_document_in_every_mode(services: Services,
                                                              reference: str,
                                                              mode: NameMode) -> None:
    meeting = services.meetings.create(Meeting(held_on=date(2026, 12, 1)))
    signal = services.signals.by_reference(reference)
    item = services.meetings.add_item(MeetingItem(
        meeting_id=meeting.id, signal_id=signal.id,
        summary="Besproken na melding van Wilhelmina Zuidervaart-Testmelder"))
    services.meetings.record_decision(item.id, "Gerrit Coördinatorsma informeren",
                                      "Zuidervaart", date(2026, 12, 15))
    pdfs = [services.documents.handover_sheet(reference, "politie_avim", mode).pdf,
            services.documents.agenda(meeting.id, mode).pdf,
            services.documents.minutes(meeting.id, mode).pdf]
    for pdf in pdfs:
        text = text_of(pdf)
        for secret in REPORTER_STRINGS:
            assert secret not in text, secret
        assert "[weggelaten]" in text


@pytest.mark.parametrize("mode", [NameMode.INITIALS, NameMode.PSEUDONYM])
def test_reduced_modes_hold_no_party_names(services: Services, reference: str,
                                           mode: NameMode) -> None:
    # the parties table is on the sheet only when their identity is shared (in the mode)
    text = text_of(services.documents.handover_sheet(reference, "nla", mode,
                                                     shared=set(SharedDataKind)).pdf)
    for name in [*PARTY_NAMES, "Snelwerk"]:
        for part in name.split():
            assert part not in text, part
    assert "Voorbeeldstraat" not in text and "1234 AB" not in text
    assert "3 april 1990" not in text and "1990" in text
    if mode is NameMode.PSEUDONYM:
        assert "Persoon A en Persoon B om vijf uur" in text
    else:
        assert "M.W. en I.P. om vijf uur" in text


def test_each_copy_is_numbered_logged_and_audited(services: Services, reference: str) -> None:
    first = services.documents.handover_sheet(reference, "zorgcoordinator", "pseudonym")
    second = services.documents.handover_sheet(reference, "politie_avim", "pseudonym",
                                               printing=True)
    assert (first.copy_number, second.copy_number) == (1, 2)
    assert "Exemplaar 2 — voor: Politie" in text_of(second.pdf)
    with services.vault.unit_of_work() as uow:
        prints = uow.prints.for_object(reference)
        events = [e for e in uow.audit.query() if e.action in (Action.DOCUMENT, Action.PRINT)]
    assert [(p.copy_number, p.document_kind) for p in prints] == [(1, "handover_sheet"),
                                                                  (2, "handover_sheet")]
    assert prints[0].recipient.startswith("Zorgcoördinator")
    assert [e.action for e in events] == [Action.DOCUMENT, Action.PRINT]
    assert events[1].detail == "handover_sheet to=politie_avim copy=2 names=pseudonym"
    for event in events:  # no personal data in the audit trail
        assert not any(s in event.detail for s in PARTY_NAMES + REPORTER_STRINGS)


def test_writing_a_file_is_atomic_and_complete(services: Services, reference: str,
                                               tmp_path: Path) -> None:
    out = tmp_path / "uit" / "overdracht.pdf"
    out.parent.mkdir()
    doc = services.documents.handover_sheet(reference, "nla", "initials", out=out)
    assert out.read_bytes() == doc.pdf and doc.path == out
    assert [p.name for p in out.parent.iterdir()] == ["overdracht.pdf"]
    # Overwriting an existing file replaces it whole.
    services.documents.handover_sheet(reference, "nla", "full", out=out)
    assert "Exemplaar 2" in text_of(out.read_bytes())
    assert [p.name for p in out.parent.iterdir()] == ["overdracht.pdf"]


def _prints(services: Services) -> int:
    with services.vault.unit_of_work() as uow:
        return len(uow.prints.all())


def test_unwritable_target_leaves_nothing_and_logs_nothing(services: Services, reference: str,
                                                           tmp_path: Path) -> None:
    with pytest.raises(WriteFailed) as info:
        services.documents.handover_sheet(reference, "nla", out=tmp_path / "nope" / "x.pdf")
    assert "map bestaat niet" in info.value.message and "nope" not in info.value.message
    folder = tmp_path / "map"
    folder.mkdir()
    with pytest.raises(WriteFailed):
        services.documents.handover_sheet(reference, "nla", out=folder)
    assert list(folder.iterdir()) == []
    assert _prints(services) == 0


def test_failure_while_writing_removes_the_temporary_file(services: Services, reference: str,
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "overdracht.pdf"

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(WriteFailed) as info:
        services.documents.handover_sheet(reference, "nla", out=out)
    assert "schijf is vol" in info.value.message
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mhd-")]
    assert _prints(services) == 0


def test_failure_while_rendering_writes_nothing(services: Services, reference: str,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "overdracht.pdf"

    def broken_render(*args):
        raise RuntimeError("layout bug")

    monkeypatch.setattr(docsvc.documents, "render_handover_sheet", broken_render)
    with pytest.raises(RuntimeError):
        services.documents.handover_sheet(reference, "nla", out=out)
    assert list(tmp_path.glob("*.pdf")) == [] and not list(tmp_path.glob(".mhd-*"))
    assert _prints(services) == 0


def test_failed_commit_removes_the_written_file(services: Services, reference: str,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "overdracht.pdf"
    real_write = docsvc.write_atomic

    def write_then_fail(path, data):
        real_write(path, data)
        raise RuntimeError("vault went away after the write")

    monkeypatch.setattr(docsvc, "write_atomic", write_then_fail)
    with pytest.raises(RuntimeError):
        services.documents.handover_sheet(reference, "nla", out=out)
    assert not out.exists() and _prints(services) == 0


def test_bad_input_gives_known_errors(services: Services, reference: str) -> None:
    with pytest.raises(ValidationError) as info:
        services.documents.handover_sheet(reference, "geen_partner")
    assert info.value.code == "unknown_partner"
    with pytest.raises(ValidationError) as info:
        services.documents.handover_sheet(reference, "nla", "anoniem")
    assert info.value.code == "name_mode"
    with pytest.raises(NotFound):
        services.documents.handover_sheet("2026-9999", "nla")
    with pytest.raises(NotFound):
        services.documents.agenda(42)


def test_sheet_for_the_meeting(services: Services, reference: str) -> None:
    doc = services.documents.handover_sheet(reference, "overleg", "pseudonym")
    assert "Aan Lokaal ondermijningsoverleg" in text_of(doc.pdf)
    with pytest.raises(RouteError):
        services.documents.confirm_handover_sent(reference, "overleg")


def test_confirm_handover_sent_records_the_handover(services: Services, reference: str) -> None:
    handover = services.documents.confirm_handover_sent(
        reference, "zorgcoordinator", "initials", legal_ground="art. 6 lid 1 sub e AVG",
        requested_action="Contact leggen", feedback_due_on=date(2026, 12, 10))
    assert handover.id and handover.name_mode is NameMode.INITIALS
    assert SharedDataKind.IDENTITY not in handover.shared_data
    assert SharedDataKind.DESCRIPTION in handover.shared_data
    signal = services.signals.by_reference(reference)
    assert signal.status is SignalStatus.HANDED_OVER
    assert services.handovers.for_signal(signal.id)[0].feedback_due_on == date(2026, 12, 10)
    with pytest.raises(ValidationError):  # no legal ground named
        services.documents.confirm_handover_sent(reference, "nla")


def test_agenda_and_minutes(services: Services, reference: str) -> None:
    other = populate(services, summary="Tweede signaal over hetzelfde adres")
    meeting = services.meetings.create(Meeting(held_on=date(2026, 12, 1), place="Stadhuis"))
    for ref in (reference, other):
        signal = services.signals.by_reference(ref)
        item = services.meetings.add_item(MeetingItem(meeting_id=meeting.id,
                                                      signal_id=signal.id))
        services.meetings.record_decision(item.id, f"Besluit over {ref}", "Politie (wijkagent)",
                                          date(2026, 12, 15))
    agenda = text_of(services.documents.agenda(meeting.id, "pseudonym").pdf)
    assert reference in agenda and other in agenda and "Stadhuis" in agenda
    assert "Aantal signalen 2" in agenda
    # One masker for the whole agenda: the same people keep their pseudonyms.
    assert agenda.count("Persoon A (mogelijk slachtoffer)") == 2
    minutes = services.documents.minutes(meeting.id, "pseudonym")
    text = text_of(minutes.pdf)
    assert f"Besluit over {reference}" in text and "Politie (wijkagent)" in text
    assert "15 december 2026" in text and "Actielijst" in text
    assert minutes.reference == f"OVERLEG-{meeting.id}"
    assert PdfReader(io.BytesIO(minutes.pdf)).metadata.title == f"Verslag OVERLEG-{meeting.id}"


def test_feedback_letter_is_addressed_to_the_reporter(services: Services,
                                                      reference: str) -> None:
    doc = services.documents.feedback_letter(reference)
    text = text_of(doc.pdf)
    assert REPORTER.name in text and REPORTER.department in text
    assert REPORTER.contact not in text and "Coördinatorsma" not in text
    for expected in ["Ons kenmerk", reference, "Datum", "24 november 2026", "Betreft",
                     "Terugkoppeling op uw melding van 1 oktober 2026",
                     f"Beste {REPORTER.name},", "Met vriendelijke groet",
                     "Aandachtsfunctionaris mensenhandel", "in behandeling"]:
        assert expected in text, expected
    assert doc.recipient == "geadresseerde"
    with services.vault.unit_of_work() as uow:
        details = [e.detail for e in uow.audit.query() if e.action == Action.DOCUMENT]
    assert details == ["feedback_letter to=reporter copy=1 template=default"]


def test_no_template_discloses_partners_or_investigations(services: Services,
                                                          reference: str) -> None:
    partners = services.reference.partners()
    forbidden = ["Politie", "AVIM", "Arbeidsinspectie", "NLA", "Openbaar Ministerie",
                 "opsporing", "strafrechtelijk", "Wiśniewska"] + [p.name for p in partners]
    for key in docsvc.template_keys():
        text = text_of(services.documents.feedback_letter(reference, template_key=key).pdf)
        for word in forbidden:
            assert word not in text, (key, word)
        assert "{" not in text  # every placeholder filled


def test_feedback_letter_template_follows_the_outcome(services: Services, reference: str) -> None:
    assert services.documents.default_template_key(reference) == "in_behandeling"
    services.documents.confirm_handover_sent(reference, "zorgcoordinator",
                                             legal_ground="art. 6 lid 1 sub e AVG")
    assert services.documents.default_template_key(reference) == "overgedragen"
    signal = services.signals.by_reference(reference)
    services.signals.close(signal.id, Outcome.CARE_ONLY)
    assert services.documents.default_template_key(reference) == "care_only"
    assert "hulpverlening" in text_of(services.documents.feedback_letter(reference).pdf)
    edited = "Beste collega, dank voor {kenmerk}.\n\nTweede alinea {onbekend}."
    text = text_of(services.documents.feedback_letter(reference, body=edited).pdf)
    assert f"dank voor {reference}." in text and "{onbekend}" in text
    with pytest.raises(ValidationError) as info:
        services.documents.feedback_letter(reference, template_key="bestaat_niet")
    assert info.value.code == "unknown_template"


def test_feedback_letter_needs_a_known_reporter(services: Services) -> None:
    signal = services.signals.create(make_signal())
    with pytest.raises(RouteError) as info:
        services.documents.feedback_letter(signal.reference)
    assert info.value.code == "no_reporter"


def test_confirm_letter_sent_records_step_six(services: Services, reference: str) -> None:
    text = services.documents.feedback_template(reference)
    services.documents.confirm_letter_sent(reference, text)
    signal = services.signals.by_reference(reference)
    assert services.signals.dossier(signal.id).reporter_feedback[0].text == text.strip()


def test_logo_from_settings_is_embedded_and_a_broken_one_is_refused(
        services: Services, reference: str, tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 80), (20, 60, 140)).save(logo)
    settings = services.settings.get()
    settings.letterhead_logo = str(logo)
    services.settings.save(settings)
    pdf = services.documents.feedback_letter(reference).pdf
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert any(x.get_object()["/Subtype"] == "/Image"
               for x in page["/Resources"]["/XObject"].values())
    settings.letterhead_logo = str(tmp_path / "weg.png")
    services.settings.save(settings)
    with pytest.raises(ValidationError) as info:
        services.documents.feedback_letter(reference)
    assert info.value.code == "logo_unreadable"


def test_write_atomic_refuses_a_folder_and_cleans_up(tmp_path: Path) -> None:
    with pytest.raises(WriteFailed):
        docsvc.write_atomic(tmp_path, b"x")
    target = tmp_path / "a.pdf"
    docsvc.write_atomic(target, b"%PDF-1.4 test")
    assert target.read_bytes() == b"%PDF-1.4 test"
    assert os.listdir(tmp_path) == ["a.pdf"]


def test_several_numbered_copies_in_one_file(services: Services, reference: str) -> None:
    services.documents.handover_sheet(reference, "nla")  # copy 1 went out earlier
    doc = services.documents.agenda(_meeting_with(services, reference), "pseudonym", copies=3)
    reader = PdfReader(io.BytesIO(doc.pdf))
    per_page = [" ".join(p.extract_text().split()) for p in reader.pages]
    per_copy = len(per_page) // 3
    assert doc.copy_numbers == (1, 2, 3) and len(per_page) == 3 * per_copy
    for index, text in enumerate(per_page):
        copy, page = divmod(index, per_copy)
        assert f"Exemplaar {copy + 1} — voor: Lokaal ondermijningsoverleg" in text
        assert f"Pagina {page + 1} van {per_copy}" in text
    sheet = services.documents.handover_sheet(reference, "nla", copies=2)
    assert sheet.copy_numbers == (2, 3)
    with services.vault.unit_of_work() as uow:
        numbers = [(p.document_kind, p.copy_number) for p in uow.prints.all()]
        details = [e.detail for e in uow.audit.query() if e.action == Action.DOCUMENT]
    assert numbers == [("handover_sheet", 1), ("agenda", 1), ("agenda", 2), ("agenda", 3),
                       ("handover_sheet", 2), ("handover_sheet", 3)]
    assert details[-1] == "handover_sheet to=nla copy=2-3 names=pseudonym"
    with pytest.raises(ValidationError) as info:
        services.documents.handover_sheet(reference, "nla", copies=0)
    assert info.value.code == "copies_range"


def _meeting_with(services: Services, reference: str) -> int:
    meeting = services.meetings.create(Meeting(held_on=date(2026, 12, 1)))
    signal = services.signals.by_reference(reference)
    services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=signal.id))
    return meeting.id


def test_missing_officer_contact_is_reported(services: Services, reference: str) -> None:
    """A sheet without the officer's name or a way to reach them is flagged, so the CLI
    (and later the client) can warn before it goes to a partner."""
    assert services.documents.handover_sheet(reference, "nla").contact_missing
    settings = services.settings.get()
    services.settings.save(replace(settings, officer_name="Anna Voorbeeld",
                                   officer_email="mensenhandel@voorbeeld.example"))
    doc = services.documents.handover_sheet(reference, "nla", NameMode.FULL)
    assert not doc.contact_missing
    assert "Anna Voorbeeld" in text_of(doc.pdf)
    assert not services.documents.feedback_letter(reference).contact_missing
