"""The interchange format: lossless export, all-or-nothing import, Dutch errors that name
the place in the file, and a vault that is untouched by a refused import."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

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
    Urgency,
)
from mensenhandel_desk.domain.errors import DomainError, ImportFormatError
from mensenhandel_desk.domain.models import (
    Contact,
    EnrichmentNote,
    Handover,
    Indicator,
    Location,
    Meeting,
    MeetingItem,
    Partner,
    Party,
    PrintRecord,
    ReporterFeedback,
    SignalFilter,
)
from mensenhandel_desk.services import audit, files, interchange
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.session import Services, create_vault
from tests.conftest import NOW, PASSPHRASE, make_reporter, make_signal, vault_from_template

PERSON = "Иван Петров"
ORGANISATION = "Flexpool Fictief B.V."


def build_rich_vault(services: Services) -> None:
    """Every kind of record the vault holds, made through the services."""
    s = services
    settings = s.settings.get()
    settings.officer_name, settings.municipality = "A. Fictief", "Gemeente Proefdorp"
    s.settings.save(settings)
    s.reference.save_partner(Partner(key="gemeente_buurdorp", name="Gemeente Buurdorp",
                                     tasks=["buurgemeente"], forms=["arbeid"]))
    riec = s.reference.partner("riec")
    s.reference.save_partner(replace(riec, name="RIEC (hernoemd)"))
    avim = s.reference.save_contact(Contact(partner_key="politie_avim", name="R. Fictief",
                                            function="rechercheur", phone="0000-000000"))
    zorg = s.reference.save_contact(Contact(partner_key="zorgcoordinator", name="Z. Fictief"))
    first = s.signals.create(
        make_signal(received_on=date(2026, 3, 2), urgency=Urgency.IMMEDIATE,
                    description="Regel één.\nRegel twee met محمد en 王芳.",
                    forms={ExploitationForm.LABOUR, ExploitationForm.CRIMINAL},
                    trusted_person_considered=True, assessment=Assessment.POSSIBLE),
        make_reporter())
    s.signals.update(replace(first, legal_hold_reason="Lopend strafrechtelijk onderzoek"))
    s.signals.add_party(Party(signal_id=first.id, kind=PartyKind.PERSON,
                              role=PartyRole.POSSIBLE_VICTIM, name=PERSON,
                              date_of_birth=date(1995, 1, 31), nationality="Bulgaarse",
                              gender=Gender.MALE, notes="spreekt geen Nederlands"))
    s.signals.add_party(Party(signal_id=first.id, kind=PartyKind.ORGANISATION,
                              role=PartyRole.FACILITATOR, name=ORGANISATION,
                              kvk_number="98765432", sector="uitzendbranche"))
    s.signals.add_location(Location(signal_id=first.id, kind=LocationKind.HOME,
                                    street="Proefweg", house_number="12-A",
                                    postcode="3456 ab", town="Voorbeeld"))
    s.signals.add_note(EnrichmentNote(signal_id=first.id, noted_on=date(2026, 3, 3),
                                      source=EnrichmentSource.BRP,
                                      result=EnrichmentResult.FOUND, text="14 personen"))
    s.signals.add_note(EnrichmentNote(signal_id=first.id, noted_on=date(2026, 3, 4),
                                      source=EnrichmentSource.KVK,
                                      result=EnrichmentResult.NOTHING_FOUND))
    v1 = s.reference.checklist(1).indicators
    s.signals.set_indicator(first.id, v1[0].id)
    s.signals.set_indicator(first.id, v1[3].id, observed=False, note="nagevraagd")
    s.handovers.record(Handover(signal_id=first.id, partner_key="politie_avim",
                                handed_over_on=date(2026, 3, 2), channel=HandoverChannel.PHONE,
                                basis=SharingBasis.LEGAL_GROUND, legal_ground="art. 6 AVG",
                                shared_data={SharedDataKind.IDENTITY,
                                             SharedDataKind.CRIMINAL_DATA},
                                name_mode=NameMode.FULL, contact_id=avim.id))
    care = s.handovers.record(Handover(signal_id=first.id, partner_key="zorgcoordinator",
                                       handed_over_on=date(2026, 3, 5),
                                       channel=HandoverChannel.SECURE_EMAIL,
                                       basis=SharingBasis.CONSENT, name_mode=NameMode.INITIALS,
                                       requested_action="Zorg aanbieden", contact_id=zorg.id))
    s.handovers.record_partner_feedback(care.id, date(2026, 3, 20), "Opvang geregeld")
    s.handovers.inform_reporter(ReporterFeedback(signal_id=first.id,
                                                 given_on=date(2026, 3, 25), text="Opgepakt"))
    s.signals.close(first.id, Outcome.HANDED_TO_POLICE, date(2026, 4, 1))
    # an edited checklist: new signals use version 2, the first keeps version 1
    edited = [replace(i, label=i.label + " (herzien)") if n == 0 else i
              for n, i in enumerate(v1[1:])]
    edited.append(Indicator(checklist_version=0, key="nieuw_signaal", group_key="extra",
                            group_label="Extra", label="Nieuw signaal"))
    s.reference.new_checklist_version(edited, "Herziene kaart")
    second = s.signals.create(make_signal(received_on=date(2026, 10, 5),
                                          source=SignalSource.HOTEL_CHECK,
                                          summary="Hotelcontrole", forms=set(),
                                          checklist_version=0))
    v2 = s.reference.checklist(2).indicators
    s.signals.set_indicator(second.id, v2[-1].id, note="gezien")
    meeting = s.meetings.create(Meeting(held_on=date(2026, 10, 13), place="Stadhuis",
                                        notes="Maandelijks"))
    item = s.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=second.id))
    s.meetings.record_decision(item.id, "Wijkagent gaat langs", "wijkagent",
                               date(2026, 11, 10))
    s.meetings.create(Meeting(held_on=date(2026, 12, 8), title="Extra overleg"))
    s.signals.create(make_signal(received_on=date(2026, 11, 1),
                                 source=SignalSource.ANONYMOUS_LINE, summary="Anoniem"))
    with s.vault.unit_of_work() as uow:
        uow.prints.add(PrintRecord(at=NOW, document_kind="handover_sheet",
                                   object_ref="MH-2026-0001", copy_number=1,
                                   recipient="politie_avim"))
        uow.prints.add(PrintRecord(at=NOW, document_kind="agenda",
                                   object_ref=f"OVERLEG-{meeting.id}", copy_number=1,
                                   recipient="overleg"))


def normalise(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with ids replaced by what they stand for (the documented exceptions:
    ``exported_at``, ``audit_trail`` and every id)."""
    doc = copy.deepcopy(doc)
    doc.pop("exported_at")
    doc.pop("audit_trail")
    refs = {s["id"]: s["reference"] for s in doc["signals"]}
    contacts = {c.pop("id"): (c["partner_key"], c["name"]) for c in doc["contacts"]}
    indicators = {}
    for checklist in doc["checklist_versions"]:
        for ind in checklist["indicators"]:
            indicators[ind.pop("id")] = (checklist["version"], ind["key"])
    meetings = {}
    for n, meeting in enumerate(doc["meetings"]):
        meetings[meeting.pop("id")] = n
        for item in meeting["items"]:
            item["signal_id"] = refs[item["signal_id"]]
    for signal in doc["signals"]:
        signal.pop("id")
        for mark in signal["indicators"]:
            mark["indicator_id"] = indicators[mark["indicator_id"]]
        signal["indicators"].sort(key=lambda m: m["indicator_id"])
        for handover in signal["handovers"]:
            if handover["contact_id"] is not None:
                handover["contact_id"] = contacts[handover["contact_id"]]
    for record in doc["print_records"]:
        if record["object_ref"].startswith("OVERLEG-"):
            record["object_ref"] = f"OVERLEG#{meetings[int(record['object_ref'][8:])]}"
    return doc


def export_doc(services: Services, path: Path) -> dict[str, Any]:
    interchange.export_vault(services, path, overwrite=True)
    return json.loads(path.read_text(encoding="utf-8"))


def _strip_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items()
                if k not in ("id", "signal_id", "meeting_id", "indicator_id", "contact_id")}
    if isinstance(value, list | tuple):
        return [_strip_ids(v) for v in value]
    if isinstance(value, set):
        return sorted(str(v) for v in value)
    return value


@pytest.fixture
def rich(vault_path: Path, clock) -> Iterator[Services]:
    svc = vault_from_template(vault_path, clock, "interchange-rich", build_rich_vault)
    yield svc
    svc.close()


@pytest.fixture
def fresh(tmp_path: Path, clock) -> Services:
    svc = create_vault(tmp_path / "fresh" / "kluis.mhd", PASSPHRASE, clock=clock)
    yield svc
    svc.close()


def test_round_trip_is_lossless(rich: Services, fresh: Services, tmp_path: Path) -> None:
    first = export_doc(rich, tmp_path / "a.json")
    assert first["format"] == "mensenhandel-desk" and first["version"] == 1
    summary = interchange.import_file(fresh, tmp_path / "a.json")
    assert summary.restore and summary.signals == 3 and summary.meetings == 2
    second = export_doc(fresh, tmp_path / "b.json")
    assert normalise(first) == normalise(second)
    # the things a user relies on, compared record by record
    for reference in ("MH-2026-0001", "MH-2026-0002", "MH-2026-0003"):
        a = rich.signals.by_reference(reference)
        b = fresh.signals.by_reference(reference)
        da, db = rich.signals.dossier(a.id), fresh.signals.dossier(b.id)
        assert _strip_ids(asdict(da)) == _strip_ids(asdict(db))
        ra, rb = rich.signals.reporter(a.id), fresh.signals.reporter(b.id)
        assert (ra is None) == (rb is None)
        if ra:
            assert replace(ra, id=0, signal_id=0) == replace(rb, id=0, signal_id=0)
    assert fresh.settings.get() == rich.settings.get()
    assert fresh.reference.partner("riec").name == "RIEC (hernoemd)"
    assert len(fresh.reference.checklist(2).indicators) == len(
        rich.reference.checklist(2).indicators)


def test_import_rebuilds_search_and_route_status(rich: Services, fresh: Services,
                                                 tmp_path: Path) -> None:
    export_doc(rich, tmp_path / "a.json")
    interchange.import_file(fresh, tmp_path / "a.json")
    hits = fresh.signals.page(SignalFilter(text="Петров")).rows
    assert [h.reference for h in hits] == ["MH-2026-0001"]
    assert [h.reference for h in fresh.signals.page(SignalFilter(text="3456")).rows] == [
        "MH-2026-0001"]
    assert str(fresh.signals.by_reference("MH-2026-0002").status) == "discussed"


def test_export_is_audited_without_personal_data(rich: Services, tmp_path: Path) -> None:
    interchange.export_vault(rich, tmp_path / "a.json")
    with rich.vault.unit_of_work() as uow:
        events = uow.audit.query(action=Action.EXPORT)
        chain = audit.verify(uow.audit.query())
    assert len(events) == 1 and chain.ok
    detail = events[0].detail + events[0].object_ref
    assert "3 signals" in detail
    for secret in (PERSON, ORGANISATION, "Zuidervaart", "Proefweg"):
        assert secret not in detail


def test_export_holds_reporter_and_audit_trail_read_only(rich: Services,
                                                          tmp_path: Path) -> None:
    doc = export_doc(rich, tmp_path / "a.json")
    first = doc["signals"][0]
    assert first["reporter"]["name"] == "Wilhelmina Zuidervaart-Testmelder"
    assert doc["audit_trail"] and all("hash" in e for e in doc["audit_trail"])


def test_import_does_not_copy_the_audit_trail(rich: Services, fresh: Services,
                                              tmp_path: Path) -> None:
    doc = export_doc(rich, tmp_path / "a.json")
    interchange.import_file(fresh, tmp_path / "a.json")
    with fresh.vault.unit_of_work() as uow:
        events = uow.audit.query()
    assert len(events) < len(doc["audit_trail"])
    assert [e.action for e in events].count(Action.IMPORT) == 1
    assert audit.verify(events).ok


def test_export_refuses_to_overwrite_and_leaves_no_temp_files(rich: Services,
                                                              tmp_path: Path) -> None:
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    target.write_text("van iemand anders", encoding="utf-8")
    with pytest.raises(DomainError):
        interchange.export_vault(rich, target)
    assert target.read_text(encoding="utf-8") == "van iemand anders"
    with pytest.raises(DomainError):
        interchange.export_vault(rich, tmp_path / "missing-folder" / "x.json")
    assert not (tmp_path / "missing-folder").exists()


def test_export_failure_mid_write_leaves_nothing(rich: Services, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(files.os, "fsync", broken_fsync)
    with pytest.raises(DomainError) as caught:
        interchange.export_vault(rich, folder / "export.json")
    monkeypatch.undo()
    assert "niets half geschreven achtergebleven" in caught.value.message
    assert str(folder) not in caught.value.message
    assert list(folder.iterdir()) == []
    with rich.vault.unit_of_work() as uow:
        assert not uow.audit.query(action=Action.EXPORT)


# --- refused imports -------------------------------------------------------------------

def _set(path: list, value: Any):
    def mutate(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _delete(path: list):
    def mutate(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


def _duplicate_reference(doc: dict) -> None:
    doc["signals"][1]["reference"] = doc["signals"][0]["reference"]


BAD_DOCUMENTS = [
    ("format", _set(["format"], "iets-anders"), ["format", "mensenhandel-desk"]),
    ("version", _set(["version"], 2), ["versie 2"]),
    ("missing", _delete(["signals", 1, "summary"]), ["signals[1].summary", "ontbreekt"]),
    ("date", _set(["signals", 2, "received_on"], "2026-02-30"),
     ["signals[2].received_on", "datum"]),
    ("date_format", _set(["signals", 0, "notes", 1, "noted_on"], "4-3-2026"),
     ["signals[0].notes[1].noted_on"]),
    ("enum", _set(["signals", 0, "source"], "telepathie"),
     ["signals[0].source", "telepathie", "anonymous_line"]),
    ("enum_in_list", _set(["signals", 0, "forms"], ["labour", "slavery"]),
     ["signals[0].forms[1]"]),
    ("type", _set(["signals", 0, "forms"], "labour"), ["signals[0].forms", "lijst"]),
    ("partner", _set(["signals", 0, "handovers", 0, "partner_key"], "onbekend"),
     ["signals[0].handovers[0].partner_key", "onbekend"]),
    ("huge", _set(["signals", 0, "description"], "x" * 10_000_000),
     ["signals[0].description", "te lang", "10000000"]),
    ("duplicate_reference", _duplicate_reference, ["signals[1].reference", "signals[0]"]),
    ("contact", _set(["signals", 0, "handovers", 0, "contact_id"], 999),
     ["signals[0].handovers[0].contact_id", "999"]),
    ("indicator", _set(["signals", 0, "indicators", 0, "indicator_id"], 99999),
     ["signals[0].indicators[0].indicator_id"]),
    ("meeting_item", _set(["meetings", 0, "items", 0, "signal_id"], 4242),
     ["meetings[0].items[0].signal_id", "4242"]),
    ("postcode", _set(["signals", 0, "locations", 0, "postcode"], "0123AB"),
     ["signals[0].locations[0].postcode"]),
    ("closed", _delete(["signals", 0, "closed_on"]), ["signals[0].closed_on"]),
]


@pytest.fixture
def target(fresh: Services) -> Services:
    """A vault in use (merge mode) with a signal of its own."""
    fresh.signals.create(make_signal(reference="MH-2025-0099", summary="Eigen signaal"))
    return fresh


def _assert_unchanged(services: Services, before: dict, tmp_path: Path) -> None:
    after = export_doc(services, tmp_path / "after.json")
    assert normalise(after) == normalise(before)
    assert services.signals.count() == len(before["signals"])


@pytest.mark.parametrize(("name", "mutate", "expected"), BAD_DOCUMENTS,
                         ids=[case[0] for case in BAD_DOCUMENTS])
def test_malformed_import_is_refused_naming_the_place(
        name: str, mutate, expected: list[str], rich: Services, target: Services,
        tmp_path: Path) -> None:
    doc = export_doc(rich, tmp_path / "good.json")
    mutate(doc)
    bad = tmp_path / f"bad-{name}.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = export_doc(target, tmp_path / "before.json")
    with pytest.raises(ImportFormatError) as caught:
        interchange.import_file(target, bad)
    message = caught.value.message
    for part in expected:
        assert part in message, message
    _assert_unchanged(target, before, tmp_path)


@pytest.mark.parametrize(("text", "expected"), [
    ('{"format": "mensenhandel-desk",\n "version": 1,\n "signals": [}', "regel 3, kolom"),
    ("", "regel 1, kolom 1"),
    ("[]", "document"),
])
def test_invalid_json_names_line_and_column(text: str, expected: str, target: Services,
                                            tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        interchange.import_file(target, bad)
    assert expected in caught.value.message


def test_not_utf8_is_refused(target: Services, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "mensenhandel-desk", "x": "\xff"}')
    with pytest.raises(ImportFormatError) as caught:
        interchange.import_file(target, bad)
    assert "UTF-8" in caught.value.message


def test_existing_reference_refuses_the_whole_import(rich: Services, target: Services,
                                                     tmp_path: Path) -> None:
    doc = export_doc(rich, tmp_path / "good.json")
    doc["signals"][2]["reference"] = "MH-2025-0099"  # the target's own signal
    path = tmp_path / "conflict.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = export_doc(target, tmp_path / "before.json")
    with pytest.raises(ImportFormatError) as caught:
        interchange.import_file(target, path)
    assert "MH-2025-0099" in caught.value.message
    assert "signals[2]" in caught.value.message
    _assert_unchanged(target, before, tmp_path)
    # importing the same file twice: the second time every reference conflicts
    interchange.import_file(target, tmp_path / "good.json")
    with pytest.raises(ImportFormatError) as caught:
        interchange.import_file(target, tmp_path / "good.json")
    assert "MH-2026-0001" in caught.value.message and "3" in caught.value.message


def test_failure_while_writing_rolls_back_everything(rich: Services, target: Services,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    export_doc(rich, tmp_path / "good.json")
    before = export_doc(target, tmp_path / "before.json")
    from mensenhandel_desk.services.interchange import write as interchange_write

    real = interchange_write.write_meeting

    def fail_on_meetings(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("simulated crash halfway")

    monkeypatch.setattr(interchange_write, "write_meeting", fail_on_meetings)
    with pytest.raises(RuntimeError):
        interchange.import_file(target, tmp_path / "good.json")
    monkeypatch.undo()
    _assert_unchanged(target, before, tmp_path)


def test_merge_keeps_the_vaults_settings_and_partners(rich: Services, target: Services,
                                                      tmp_path: Path) -> None:
    settings = target.settings.get()
    settings.officer_name = "Eigen Ambtenaar"
    target.settings.save(settings)
    export_doc(rich, tmp_path / "good.json")
    summary = interchange.import_file(target, tmp_path / "good.json")
    assert not summary.restore
    assert target.settings.get().officer_name == "Eigen Ambtenaar"
    assert target.reference.partner("riec").name != "RIEC (hernoemd)"
    assert target.reference.partner("gemeente_buurdorp").name == "Gemeente Buurdorp"
    assert summary.partners_added == 1 and target.signals.count() == 4


def test_different_checklist_with_same_number_becomes_a_new_version(
        rich: Services, target: Services, tmp_path: Path) -> None:
    target.reference.new_checklist_version(
        [Indicator(checklist_version=0, key="eigen", group_key="g", group_label="G",
                   label="Eigen indicator")], "Eigen versie 2")
    doc = export_doc(rich, tmp_path / "good.json")
    summary = interchange.import_file(target, tmp_path / "good.json")
    assert summary.checklist_versions_added == 1
    imported = target.signals.by_reference("MH-2026-0002")
    assert imported.checklist_version == 3
    marks = target.signals.dossier(imported.id).indicators
    assert [ind.key for ind, _ in marks] == ["nieuw_signaal"]
    assert [c["version"] for c in doc["checklist_versions"]] == [1, 2]


def test_import_keeps_dates_and_timestamps(rich: Services, fresh: Services,
                                           tmp_path: Path) -> None:
    doc = export_doc(rich, tmp_path / "a.json")
    doc["signals"][0]["created_at"] = "2026-03-02T08:15:00"
    doc["signals"][0]["updated_at"] = "2026-04-01T16:00:00"
    path = tmp_path / "b.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    interchange.import_file(fresh, path)
    signal = fresh.signals.by_reference("MH-2026-0001")
    assert signal.created_at == datetime(2026, 3, 2, 8, 15)
    assert signal.updated_at == datetime(2026, 4, 1, 16, 0)
    assert signal.closed_on == date(2026, 4, 1)


def test_minimal_hand_written_file_uses_the_documented_defaults(target: Services,
                                                                tmp_path: Path) -> None:
    doc = {"format": "mensenhandel-desk", "version": 1,
           "checklist_versions": [{"version": 1, "created_on": "2026-01-01", "indicators": [
               {"id": 1, "key": "k", "group_key": "g", "group_label": "G", "label": "L"}]}],
           "signals": [{"id": 7, "reference": "mh-2026-0500", "received_on": "2026-05-01",
                        "source": "resident", "summary": "Handgeschreven",
                        "checklist_version": 1, "created_at": "2026-05-01T09:00:00",
                        "updated_at": "2026-05-01T09:00:00",
                        "indicators": [{"indicator_id": 1}],
                        "parties": [{"kind": "person", "role": "witness",
                                     "name": "X Fictief", "nationality": None}]}]}
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    summary = interchange.import_file(target, path)
    assert summary.signals == 1 and summary.checklist_versions_added == 1
    signal = target.signals.by_reference("MH-2026-0500")
    assert signal.urgency is Urgency.NORMAL and signal.assessment is Assessment.NOT_ASSESSED
    assert not signal.is_demo and signal.forms == set()
    dossier = target.signals.dossier(signal.id)
    assert dossier.parties[0].gender is Gender.UNKNOWN and dossier.parties[0].nationality == ""
    assert [(ind.key, mark.observed) for ind, mark in dossier.indicators] == [("k", True)]
    assert str(signal.status) == "received"


def test_awareness_activities_travel_with_the_vault(rich: Services, fresh: Services,
                                                    tmp_path: Path) -> None:
    from mensenhandel_desk.domain.monitoring import ActivityKind, AwarenessActivity

    rich.monitoring.add_activity(AwarenessActivity(
        held_on=date(2026, 5, 12), kind=ActivityKind.TRAINING, target_group="Team Handhaving",
        reached=18, given_by="CoMensha"))
    document = export_doc(rich, tmp_path / "a.json")
    assert document["awareness_activities"][0]["target_group"] == "Team Handhaving"
    summary = interchange.import_file(fresh, tmp_path / "a.json")
    assert summary.activities == 1
    [copied] = fresh.monitoring.activities()
    assert (copied.held_on, copied.kind, copied.reached, copied.given_by) == (
        date(2026, 5, 12), ActivityKind.TRAINING, 18, "CoMensha")
    # a malformed one is refused naming the place, nothing is imported
    document["awareness_activities"][0]["reached"] = -3
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        interchange.read_plan(bad)
    assert "awareness_activities[0].reached" in caught.value.message
