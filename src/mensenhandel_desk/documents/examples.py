"""Fictitious sample data for every document.

Used to preview layout settings (letterhead, window-envelope position) without opening
a real case, for ``docs/examples`` and in tests. All names, addresses and numbers are
invented; the scripts (Polish, Romanian, Bulgarian Cyrillic, Turkish, Arabic) are the
ones the officer meets among labour migrants.
"""

from __future__ import annotations

from datetime import date

from mensenhandel_desk.documents.data import (
    CopyMark,
    FeedbackLetterData,
    HandoverSheetData,
    Letterhead,
    MeetingData,
    MeetingEntry,
    OfficerContact,
    Withheld,
)
from mensenhandel_desk.domain.enums import (
    Assessment,
    EnrichmentResult,
    EnrichmentSource,
    ExploitationForm,
    Gender,
    LocationKind,
    NameMode,
    PartyKind,
    PartyRole,
    SignalSource,
    Urgency,
)
from mensenhandel_desk.domain.models import (
    EnrichmentNote,
    Indicator,
    Location,
    Meeting,
    MeetingItem,
    Party,
    Signal,
    SignalIndicator,
)

ISSUED = date(2026, 11, 24)
REPORTER_NAME = "Wilhelmina Zuidervaart-Testmelder"
REPORTER_WITHHELD = Withheld(names=[REPORTER_NAME, "Gerrit Coördinatorsma"],
                             phrases=["w.zuidervaart@example.invalid"],
                             teams=["Team Handhaving Noord"])
OFFICER = OfficerContact(name="Anna Voorbeeld", function="Aandachtsfunctionaris mensenhandel",
                         department="Team Openbare Orde en Veiligheid",
                         municipality="Gemeente Voorbeeld", phone="030 000 00 00",
                         email="mensenhandel@voorbeeld.example")

PARTY_NAMES = ["Małgorzata Wiśniewska", "Ionuț Popescu", "Стоян Колев", "Ayşe Yılmaz",
               "سمير الحداد"]


def sample_signal() -> Signal:
    return Signal(
        id=1, reference="MH-2026-0042", received_on=date(2026, 10, 6), source=SignalSource.INTERNAL,
        summary="Veel arbeidsmigranten op één adres; busje haalt hen om 5 uur op",
        description=(
            "Bij een controle op de Voorbeeldstraat 12 (1234 AB Voorbeeld) trof de "
            "toezichthouder elf personen aan in een woning voor vier. Małgorzata Wiśniewska "
            "vertelde dat haar paspoort 'in bewaring' is bij de uitzender. Ionuț Popescu "
            "werkt zes dagen per week in de kassen en krijgt contant betaald.\n\n"
            "Volgens Wilhelmina (melder) stond er elke ochtend om 5 uur een busje van "
            "Uitzendbureau Snelwerk voor de deur. Стоян Колев zou de huur "
            "innen. Een bewoner sprak alleen Arabisch: سمير الحداد."),
        urgency=Urgency.HIGH, forms={ExploitationForm.LABOUR},
        assessment=Assessment.POSSIBLE, checklist_version=1)


def sample_parties(signal_id: int = 1) -> list[Party]:
    p = PartyKind.PERSON
    return [
        Party(signal_id=signal_id, id=1, kind=p, role=PartyRole.POSSIBLE_VICTIM,
              name=PARTY_NAMES[0], date_of_birth=date(1994, 5, 17), nationality="Pools",
              gender=Gender.FEMALE, notes="Paspoort ingehouden door werkgever."),
        Party(signal_id=signal_id, id=2, kind=p, role=PartyRole.POSSIBLE_VICTIM,
              name=PARTY_NAMES[1], date_of_birth=date(1988, 11, 2), nationality="Roemeens",
              gender=Gender.MALE),
        Party(signal_id=signal_id, id=3, kind=p, role=PartyRole.POSSIBLE_PERPETRATOR,
              name=PARTY_NAMES[2], date_of_birth=date(1979, 2, 28), nationality="Bulgaars",
              gender=Gender.MALE, notes="Int huur contant, volgens bewoners €400 p.p."),
        Party(signal_id=signal_id, id=4, kind=p, role=PartyRole.WITNESS, name=PARTY_NAMES[3],
              nationality="Turks", gender=Gender.FEMALE, notes="Buurvrouw."),
        Party(signal_id=signal_id, id=5, kind=p, role=PartyRole.POSSIBLE_VICTIM,
              name=PARTY_NAMES[4], nationality="Syrisch", gender=Gender.MALE),
        Party(signal_id=signal_id, id=6, kind=PartyKind.ORGANISATION,
              role=PartyRole.FACILITATOR, name="Uitzendbureau Snelwerk B.V.",
              kvk_number="00000000", sector="uitzendbureau"),
    ]


def sample_locations(signal_id: int = 1) -> list[Location]:
    return [Location(signal_id=signal_id, id=1, kind=LocationKind.HOME,
                     street="Voorbeeldstraat", house_number="12", postcode="1234 AB",
                     town="Voorbeeld", notes="Woning voor vier, elf bewoners."),
            Location(signal_id=signal_id, id=2, kind=LocationKind.WORKPLACE,
                     street="Kassenweg", house_number="3", postcode="1234 CD",
                     town="Voorbeeld")]


def sample_notes(signal_id: int = 1) -> list[EnrichmentNote]:
    return [
        EnrichmentNote(signal_id=signal_id, id=1, noted_on=date(2026, 10, 8),
                       source=EnrichmentSource.BRP, result=EnrichmentResult.FOUND,
                       text="Drie personen ingeschreven op het adres."),
        EnrichmentNote(signal_id=signal_id, id=2, noted_on=date(2026, 10, 9),
                       source=EnrichmentSource.KVK, result=EnrichmentResult.FOUND,
                       text="Uitzendbureau Snelwerk B.V. sinds 2025 ingeschreven, geen "
                            "SNA-keurmerk."),
        EnrichmentNote(signal_id=signal_id, id=3, noted_on=date(2026, 10, 9),
                       source=EnrichmentSource.EARLIER_SIGNALS,
                       result=EnrichmentResult.NOTHING_FOUND),
    ]


def sample_indicators(signal_id: int = 1) -> list[tuple[Indicator, SignalIndicator]]:
    rows = [("algemeen", "Signalen voor alle vormen", "Identiteitspapieren ingehouden", False),
            ("algemeen", "Signalen voor alle vormen", "Woont op de werkplek of via de werkgever",
             False),
            ("arbeid", "Arbeidsuitbuiting", "Werkt buitensporig lange dagen", False),
            ("kwetsbaarheid", "Kwetsbaarheidsfactoren", "Spreekt de taal niet", True)]
    result = []
    for i, (group, group_label, label, factor) in enumerate(rows, 1):
        ind = Indicator(checklist_version=1, key=f"i{i}", group_key=group,
                        group_label=group_label, label=label, is_vulnerability_factor=factor,
                        position=i, id=i)
        note = "Volgens de bewoners." if i == 1 else ""
        result.append((ind, SignalIndicator(signal_id=signal_id, indicator_id=i, note=note)))
    return result


def handover_sheet(mode: NameMode = NameMode.PSEUDONYM) -> HandoverSheetData:
    return HandoverSheetData(
        signal=sample_signal(), parties=sample_parties(), locations=sample_locations(),
        notes=sample_notes(), indicators=sample_indicators(),
        recipient="Zorgcoördinator mensenhandel", name_mode=mode, issued_on=ISSUED,
        copy=CopyMark(2, "Zorgcoördinator mensenhandel"), officer=OFFICER,
        requested_action="Contact leggen met de mogelijke slachtoffers via een "
                         "vertrouwenspersoon en zorg en opvang aanbieden.",
        feedback_due_on=date(2026, 12, 22), withheld=REPORTER_WITHHELD)


def meeting(mode: NameMode = NameMode.PSEUDONYM, decided: bool = False) -> MeetingData:
    second = Signal(id=2, reference="MH-2026-0043", received_on=date(2026, 10, 20),
                    source=SignalSource.HOTEL_CHECK,
                    summary="Jonge vrouw in hotel, kamer betaald door oudere man",
                    urgency=Urgency.IMMEDIATE, forms={ExploitationForm.SEXUAL})
    entries = [
        MeetingEntry(item=MeetingItem(meeting_id=1, signal_id=1, position=1, id=1,
                                      decision="Zorgcoördinator legt contact via "
                                               "vertrouwenspersoon; politie volgt adres."
                                      if decided else "",
                                      action_holder="Zorgcoördinator" if decided else "",
                                      due_on=date(2026, 12, 8) if decided else None),
                     signal=sample_signal(), parties=sample_parties(),
                     locations=sample_locations(), withheld=REPORTER_WITHHELD),
        MeetingEntry(item=MeetingItem(meeting_id=1, signal_id=2, position=2, id=2,
                                      decision="Direct overgedragen aan politie AVIM."
                                      if decided else "",
                                      action_holder="Politie (wijkagent)" if decided else "",
                                      due_on=date(2026, 11, 27) if decided else None),
                     signal=second,
                     parties=[Party(signal_id=2, id=7, kind=PartyKind.PERSON,
                                    role=PartyRole.POSSIBLE_PERPETRATOR,
                                    name=PARTY_NAMES[2])]),
    ]
    return MeetingData(meeting=Meeting(id=1, held_on=date(2026, 12, 1),
                                       place="Stadhuis, kamer 2.14"),
                       reference="OVERLEG-1", entries=entries, name_mode=mode,
                       issued_on=ISSUED, copy=CopyMark(1, "Lokaal ondermijningsoverleg"),
                       officer=OFFICER)


def feedback_letter(left_mm: float = 20.0, top_mm: float = 50.0) -> FeedbackLetterData:
    return FeedbackLetterData(
        letterhead=Letterhead(municipality="Gemeente Voorbeeld",
                              department="Team Openbare Orde en Veiligheid",
                              address="Postbus 1\n1000 AA Voorbeeld", phone=OFFICER.phone,
                              email=OFFICER.email,
                              return_address="Retouradres: Postbus 1, 1000 AA Voorbeeld"),
        reference="MH-2026-0042", issued_on=ISSUED,
        subject="Terugkoppeling op uw melding van 6 oktober 2026",
        address_lines=[REPORTER_NAME, "Team Handhaving Noord", "Gemeente Voorbeeld",
                       "Postbus 1", "1000 AA Voorbeeld"],
        salutation=f"Beste {REPORTER_NAME},",
        body=("Op 6 oktober 2026 heeft u een signaal gemeld over mogelijke mensenhandel. "
              "Dank u wel dat u dit heeft gedaan.\n\nIk heb uw melding bekeken, aangevuld en "
              "overgedragen aan de organisatie die hiervoor verantwoordelijk is. Om redenen "
              "van vertrouwelijkheid kan ik u daarover geen details geven.\n\nZiet of hoort "
              "u opnieuw iets dat u zorgen baart, meld het dan gerust weer bij mij."),
        signer_name=OFFICER.name, signer_function=OFFICER.function,
        copy=CopyMark(1, "geadresseerde"), address_left_mm=left_mm, address_top_mm=top_mm)
