"""Make ``tests/fixtures/vault-v1.mhd``: a small vault at schema revision 0001.

Run from the repository root with the code AT revision 0001 (the fixture must stay a
revision-0001 file even after later migrations exist; re-make it only from a checkout
where 0001 is the head):

    python tests/make_fixture_v1.py

Everything in it is fictitious. The passphrase is ``FIXTURE_PASSPHRASE`` below (also in
tests/fixtures/README.md); ``tests/test_migrations.py`` checks the data listed in
``EXPECTED``.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from mensenhandel_desk.domain.enums import (
    EnrichmentResult,
    EnrichmentSource,
    ExploitationForm,
    HandoverChannel,
    LocationKind,
    Outcome,
    PartyKind,
    PartyRole,
    SharingBasis,
    SignalSource,
    Urgency,
)
from mensenhandel_desk.domain.models import (
    Contact,
    EnrichmentNote,
    Handover,
    Location,
    Meeting,
    MeetingItem,
    Party,
    Reporter,
    ReporterFeedback,
    Signal,
)
from mensenhandel_desk.services.clock import fixed_clock
from mensenhandel_desk.services.session import create_vault

FIXTURE_PASSPHRASE = "fixture-v1 passphrase, fictitious data only"
FIXTURE = Path(__file__).parent / "fixtures" / "vault-v1.mhd"
REVISION = "0001"
EXPECTED = {
    "references": ["MH-2026-0001", "MH-2026-0002"],
    "reporter": "Femke Fixtuurmaker",
    "person": "Łukasz Fikcyjny",
    "postcode": "3456AB",
    "officer": "A. Fictief",
}


def make(target: Path = FIXTURE) -> None:
    if target.exists():
        target.unlink()
    clock = fixed_clock(datetime(2026, 11, 24, 10, 0, 0))
    with create_vault(target, FIXTURE_PASSPHRASE, clock=clock) as services:
        revision = services.vault.schema_revision()
        if revision != REVISION:
            raise SystemExit(f"head revision is {revision}, not {REVISION}: check out the "
                             "commit where 0001 is the head to re-make this fixture")
        settings = services.settings.get()
        settings.officer_name = EXPECTED["officer"]
        services.settings.save(settings)
        contact = services.reference.save_contact(Contact(
            partner_key="zorgcoordinator", name="Z. Fictief", function="zorgcoördinator"))
        first = services.signals.create(
            Signal(received_on=date(2026, 9, 1), source=SignalSource.INTERNAL,
                   summary="Arbeidsmigranten op bedrijfsterrein",
                   description="Fictief: mensen slapen in een loods.",
                   forms={ExploitationForm.LABOUR}, urgency=Urgency.HIGH),
            Reporter(signal_id=0, name=EXPECTED["reporter"], department="Team Handhaving"))
        services.signals.add_party(Party(signal_id=first.id, kind=PartyKind.PERSON,
                                         role=PartyRole.POSSIBLE_VICTIM,
                                         name=EXPECTED["person"],
                                         date_of_birth=date(1990, 5, 17),
                                         nationality="Poolse"))
        services.signals.add_party(Party(signal_id=first.id, kind=PartyKind.ORGANISATION,
                                         role=PartyRole.POSSIBLE_PERPETRATOR,
                                         name="Fictief Uitzendbureau B.V.",
                                         kvk_number="99999999"))
        services.signals.add_location(Location(signal_id=first.id, kind=LocationKind.WORKPLACE,
                                               street="Proefweg", house_number="1",
                                               postcode=EXPECTED["postcode"], town="Voorbeeld"))
        services.signals.add_note(EnrichmentNote(signal_id=first.id, noted_on=date(2026, 9, 2),
                                                 source=EnrichmentSource.KVK,
                                                 result=EnrichmentResult.FOUND,
                                                 text="Fictief: ingeschreven sinds 2020."))
        indicator = services.reference.checklist().indicators[0]
        services.signals.set_indicator(first.id, indicator.id, note="fictief")
        handover = services.handovers.record(Handover(
            signal_id=first.id, partner_key="zorgcoordinator",
            handed_over_on=date(2026, 9, 10), channel=HandoverChannel.SECURE_EMAIL,
            basis=SharingBasis.LEGAL_GROUND, legal_ground="art. 6 lid 1 sub e AVG",
            contact_id=contact.id))
        services.handovers.record_partner_feedback(handover.id, date(2026, 9, 20),
                                                   "Fictief: opgepakt.")
        services.handovers.inform_reporter(ReporterFeedback(
            signal_id=first.id, given_on=date(2026, 9, 25), text="Fictief: teruggekoppeld."))
        services.signals.close(first.id, Outcome.CARE_ONLY, date(2026, 10, 1))
        second = services.signals.create(Signal(
            received_on=date(2026, 11, 2), source=SignalSource.ANONYMOUS_LINE,
            summary="Fictief: vakantiepark", forms={ExploitationForm.SEXUAL}))
        meeting = services.meetings.create(Meeting(held_on=date(2026, 11, 10)))
        item = services.meetings.add_item(MeetingItem(meeting_id=meeting.id,
                                                      signal_id=second.id))
        services.meetings.record_decision(item.id, "Fictief: wijkagent gaat langs.",
                                          "wijkagent")
    for suffix in ("-wal", "-shm", "-journal"):
        if Path(str(target) + suffix).exists():
            raise SystemExit(f"left-over {suffix} file: the fixture is not self-contained")


if __name__ == "__main__":
    written = Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURE
    make(written)
    print(f"written: {written}")
