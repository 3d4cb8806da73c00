"""Inzageverzoek: every record about the person, found by name variants and date of
birth; never the reporter; other people withheld; audited without the name."""

from __future__ import annotations

import io
import json
from datetime import date

import pypdf
import pytest

from mensenhandel_desk.domain.enums import (
    EnrichmentResult,
    EnrichmentSource,
    HandoverChannel,
    PartyKind,
    PartyRole,
    SharingBasis,
)
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.models import (
    EnrichmentNote,
    Handover,
    Meeting,
    MeetingItem,
    Party,
)
from mensenhandel_desk.services.access_request import AccessRequestService
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.session import create_vault
from tests.conftest import PASSPHRASE, make_reporter, make_signal, run_cli

SUBJECT = "Łukasz Wąchocki-Brzęczyk"
DOB = date(1988, 7, 14)
OTHER = "Doortje Pimpelmeesch"
REPORTER = make_reporter(name="Wilhelmina Zuidervaart-Testmelder")
REPORTER_BITS = ["Zuidervaart", "Wilhelmina", "Team Handhaving Noord",
                 "w.zuidervaart@example.invalid", "Coördinatorsma"]


@pytest.fixture
def filled(services):
    s = services.signals
    one = s.create(make_signal(summary="Arbeidsmigranten in loods",
                               description=f"{SUBJECT} en {OTHER} wonen in de loods. "
                                           "Zuidervaart zag het als eerste."), REPORTER)
    s.add_party(Party(signal_id=one.id, kind=PartyKind.PERSON, role=PartyRole.POSSIBLE_VICTIM,
                      name=SUBJECT, date_of_birth=DOB, nationality="Pools",
                      notes="Spreekt weinig Nederlands"))
    s.add_party(Party(signal_id=one.id, kind=PartyKind.PERSON,
                      role=PartyRole.POSSIBLE_PERPETRATOR, name=OTHER,
                      date_of_birth=date(1970, 1, 1), notes="Regelt het vervoer"))
    s.add_note(EnrichmentNote(signal_id=one.id, noted_on=date(2026, 10, 2),
                              source=EnrichmentSource.BRP, result=EnrichmentResult.FOUND,
                              text=f"{OTHER} staat ingeschreven op het adres."))
    with services.vault.unit_of_work() as uow:
        partner = uow.partners.all()[0]
    services.handovers.record(Handover(signal_id=one.id, partner_key=partner.key,
                                       handed_over_on=date(2026, 10, 3),
                                       channel=HandoverChannel.SECURE_EMAIL,
                                       basis=SharingBasis.CONSENT,
                                       requested_action="Gesprek met slachtoffer"))
    # same name order reversed, no date of birth recorded: included, flagged
    two = s.create(make_signal(summary="Tweede melding", received_on=date(2026, 11, 1)))
    s.add_party(Party(signal_id=two.id, kind=PartyKind.PERSON, role=PartyRole.WITNESS,
                      name="wachocki-brzeczyk lukasz"))
    # same name, other date of birth: another person, left out
    three = s.create(make_signal(summary="Naamgenoot", received_on=date(2026, 11, 2)))
    s.add_party(Party(signal_id=three.id, kind=PartyKind.PERSON, role=PartyRole.WITNESS,
                      name=SUBJECT, date_of_birth=date(2001, 1, 1)))
    # only mentioned in free text of a meeting decision
    four = s.create(make_signal(summary="Hotelcontrole", received_on=date(2026, 11, 3)))
    meeting = services.meetings.create(Meeting(held_on=date(2026, 11, 10)))
    item = services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=four.id))
    services.meetings.record_decision(item.id, f"Politie spreekt {SUBJECT} aan, samen met "
                                               f"{OTHER}.", action_holder="Henk Actiehoudersma")
    return {"one": one, "two": two, "three": three, "four": four, "partner": partner}


def _everything(result, service) -> str:
    return json.dumps(service.to_json(result), ensure_ascii=False)


def test_finds_the_person_by_name_variants_and_date_of_birth(services, filled):
    service = AccessRequestService(services)
    result = service.find("brzeczyk lukasz WACHOCKI", DOB)
    refs = [f.signal.reference for f in result.findings]
    assert refs == [filled["one"].reference, filled["two"].reference]
    assert filled["three"].reference not in _everything(result, service)
    flagged = {f.signal.reference: f.dob_unconfirmed for f in result.findings}
    assert flagged == {filled["one"].reference: False, filled["two"].reference: True}
    assert [m.reference for m in result.mentions] == [filled["four"].reference]
    first = result.findings[0]
    assert first.party.nationality == "Pools" and first.party.notes
    assert first.recipients and first.recipients[0][1] == filled["partner"].name

    without_dob = service.find(SUBJECT)
    assert filled["three"].reference in [f.signal.reference for f in without_dob.findings]


def test_never_the_reporter_and_other_people_are_withheld(services, filled, tmp_path):
    service = AccessRequestService(services)
    result = service.find(SUBJECT, DOB)
    pdf, js = tmp_path / "inzage.pdf", tmp_path / "inzage.json"
    service.write(result, pdf, js)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    data = js.read_text(encoding="utf-8")
    for output in (text, data):
        assert "Wąchocki-Brzęczyk" in output  # the person's own data is there
        others = [*REPORTER_BITS, "Pimpelmeesch", "Doortje", "Actiehoudersma",
                  "Regelt het vervoer"]
        leaked = [bit for bit in others if bit in output]
        assert leaked == []
        assert "[weggelaten]" in output
    assert "Pimpelmeesch" not in json.dumps(json.loads(data)["withheld"])
    assert len(json.loads(data)["withheld"]) == 3
    meta = pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).metadata
    assert "Wąchocki" not in str(meta) and "Brzęczyk" not in str(meta)


def test_an_unknown_person_gives_an_empty_report(services, filled, tmp_path):
    service = AccessRequestService(services)
    result = service.find("Łukasz Pimpelmeesch-Onbekend")
    assert result.findings == [] and result.mentions == []
    service.write(result, tmp_path / "leeg.pdf")
    assert (tmp_path / "leeg.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("name", ["", "   ", "!!!", "x" * 400])
def test_nonsense_names_are_refused(services, name):
    with pytest.raises(ValidationError):
        AccessRequestService(services).find(name)


def test_the_request_is_audited_without_the_name(services, filled):
    AccessRequestService(services).find(SUBJECT, DOB)
    with services.vault.unit_of_work() as uow:
        last = uow.audit.last()
    assert last.action == Action.ACCESS_REQUEST
    assert last.detail == "2 records, 1 mentions"
    assert "Brz" not in last.detail + last.object_ref


def test_cli_access_request(vault_path, clock, tmp_path):
    with create_vault(vault_path, PASSPHRASE, clock=clock) as services:
        signal = services.signals.create(make_signal(), REPORTER)
        services.signals.add_party(Party(signal_id=signal.id, kind=PartyKind.PERSON,
                                         role=PartyRole.POSSIBLE_VICTIM, name=SUBJECT,
                                         date_of_birth=DOB))
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    pdf, js = tmp_path / "out.pdf", tmp_path / "out.json"
    done = run_cli("access-request", "--vault", str(vault_path), "--passphrase-file",
                   str(secret), "--name", "Lukasz Wachocki-Brzeczyk", "--dob", "1988-07-14",
                   "--out", str(pdf), "--json-out", str(js))
    assert done.returncode == 0, done.stderr
    assert "1 signalen" in done.stdout
    assert json.loads(js.read_text(encoding="utf-8"))["records"][0]["person"]["name"] == SUBJECT
    assert pdf.read_bytes().startswith(b"%PDF")
    bad = run_cli("access-request", "--vault", str(vault_path), "--passphrase-file",
                  str(secret), "--out", str(tmp_path / "x.pdf"))
    assert bad.returncode == 1 and "--name" in bad.stderr
