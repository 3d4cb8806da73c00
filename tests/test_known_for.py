""""Already known" while the officer types: ``SignalService.known_for`` on an unsaved
party or location, with the same rules as on save, and without a trace in the vault."""

from __future__ import annotations

from datetime import date

import pytest

from mensenhandel_desk.domain.enums import LocationKind, PartyKind, PartyRole
from mensenhandel_desk.domain.models import Location, Party
from mensenhandel_desk.services.session import create_vault
from tests.conftest import NOW, PASSPHRASE, fixed_clock, make_signal

DOB = date(1990, 2, 14)


def person(signal_id: int, name: str, dob: date | None = DOB) -> Party:
    return Party(signal_id=signal_id, kind=PartyKind.PERSON, role=PartyRole.POSSIBLE_VICTIM,
                 name=name, date_of_birth=dob)


def organisation(signal_id: int, name: str, kvk: str = "") -> Party:
    return Party(signal_id=signal_id, kind=PartyKind.ORGANISATION,
                 role=PartyRole.POSSIBLE_PERPETRATOR, name=name, kvk_number=kvk)


def address(signal_id: int, postcode: str, number: str, street: str = "Dorpsweg") -> Location:
    return Location(signal_id=signal_id, kind=LocationKind.HOME, street=street,
                    house_number=number, postcode=postcode, town="Voorbeeld")


@pytest.fixture(scope="module")
def known(tmp_path_factory):
    """A vault with two earlier signals naming a person, an organisation and an address,
    and an open signal the officer is editing (``editing``)."""
    path = tmp_path_factory.mktemp("known") / "kluis.mhd"
    services = create_vault(path, PASSPHRASE, clock=fixed_clock(NOW))
    first = services.signals.create(make_signal(received_on=date(2025, 2, 1)))
    services.signals.add_party(person(first.id, "Dragomir Vasilescu-Testpersoon"))
    services.signals.add_party(organisation(first.id, "Uitzendbureau Vlijtig B.V.",
                                            "11223344"))
    services.signals.add_location(address(first.id, "3441 AB", "7a"))
    second = services.signals.create(make_signal(received_on=date(2026, 3, 1)))
    services.signals.add_party(person(second.id, "vasilescu-testpersoon DRAGOMIR"))
    editing = services.signals.create(make_signal())
    services.signals.add_party(person(editing.id, "Dragomir Vasilescu-Testpersoon"))
    yield services, first, second, editing
    services.close()


def _trace(services, signal_id: int) -> tuple[int, object, object]:
    """What a read could leave behind: audit entries, the edited signal's last change."""
    with services.vault.unit_of_work() as uow:
        return uow.audit.count(), uow.audit.last().hash, uow.signals.get(
            signal_id).updated_at


def test_a_typed_person_is_found_in_earlier_signals_earliest_first(known) -> None:
    services, first, second, editing = known
    hits = services.signals.known_for(person(editing.id, "Dragomir  VASILESCU-testpersoon"),
                                      exclude_signal_id=editing.id)
    assert [(m.reference, m.matched_on) for m in hits] == [
        (first.reference, "person"), (second.reference, "person")]
    assert hits[0].match_label == "Dragomir Vasilescu-Testpersoon"


def test_the_signal_being_edited_is_left_out_only_when_asked(known) -> None:
    services, first, second, editing = known
    candidate = person(0, "Dragomir Vasilescu-Testpersoon")
    assert {m.signal_id for m in services.signals.known_for(candidate)} == {
        first.id, second.id, editing.id}
    assert editing.id not in {m.signal_id for m in services.signals.known_for(
        candidate, exclude_signal_id=editing.id)}


def test_organisation_and_address_while_typing(known) -> None:
    services, first, _, editing = known
    by_kvk = services.signals.known_for(organisation(editing.id, "Vlijtig Flex", "1122 3344"),
                                        exclude_signal_id=editing.id)
    assert [(m.reference, m.matched_on) for m in by_kvk] == [(first.reference, "organisation")]
    # Postcode and house number typed in one field, with spaces and lower case.
    typed = Location(signal_id=editing.id, kind=LocationKind.WORKPLACE, postcode="3441ab 7 A")
    assert [(m.reference, m.matched_on) for m in services.signals.known_for(
        typed, exclude_signal_id=editing.id)] == [(first.reference, "address")]


def test_half_typed_input_matches_nothing_and_raises_nothing(known) -> None:
    services, _, _, editing = known
    for candidate in (person(editing.id, ""), person(editing.id, "   "),
                      organisation(editing.id, "", "1122"),
                      address(editing.id, "3441", "", street=""),
                      address(editing.id, "", "", street=""),
                      address(editing.id, "0000 AA", "7")):  # not a valid postcode (yet)
        assert services.signals.known_for(candidate, exclude_signal_id=editing.id) == []


def test_known_for_answers_as_saving_would(known) -> None:
    services, _, _, editing = known
    candidates = [person(editing.id, "Vasilescu-Testpersoon, Dragomir"),
                  person(editing.id, "Dragomir Vasilescu-Testpersoon", date(1970, 1, 1)),
                  organisation(editing.id, "Vlijtig", "11223344")]
    typed = [services.signals.known_for(c) for c in candidates]
    typed_address = services.signals.known_for(address(editing.id, "3441AB", "7-A"))
    # Save them on a new signal: the answers on save are the answers while typing.
    scratch = services.signals.create(make_signal())
    for candidate, expected in zip(candidates, typed, strict=True):
        candidate.signal_id = scratch.id
        assert services.signals.add_party(candidate)[1] == expected
    assert typed[0] and not typed[1] and typed[2]
    assert services.signals.add_location(address(scratch.id, "3441AB", "7-A"))[1] == (
        typed_address)
    with services.vault.unit_of_work() as uow:
        uow.signals.delete(scratch.id)


def test_asking_leaves_no_trace(known) -> None:
    services, _, _, editing = known
    before = _trace(services, editing.id)
    for _ in range(5):  # one call per keystroke
        services.signals.known_for(person(editing.id, "Dragomir Vasilescu-Testpersoon"),
                                   exclude_signal_id=editing.id)
        services.signals.known_for(address(editing.id, "3441AB", "7A"),
                                   exclude_signal_id=editing.id)
    assert _trace(services, editing.id) == before


def test_reading_ahead_changes_no_answer_and_leaves_no_trace(known) -> None:
    services, first, _, editing = known
    before = _trace(services, editing.id)
    services.signals.prepare_known_for()
    assert _trace(services, editing.id) == before
    hits = services.signals.known_for(organisation(editing.id, "uitzendbureau vlijtig"),
                                      exclude_signal_id=editing.id)
    assert [(m.reference, m.match_label) for m in hits] == [
        (first.reference, "Uitzendbureau Vlijtig B.V.")]
