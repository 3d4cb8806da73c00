"""The register search finds an address however the officer types it: a Dutch postcode
with or without its space, a house number with its addition apart or joined."""

from __future__ import annotations

from datetime import date

import pytest

from mensenhandel_desk.domain.enums import LocationKind
from mensenhandel_desk.domain.models import Location, SignalFilter
from mensenhandel_desk.services.session import create_vault
from tests.conftest import NOW, PASSPHRASE, fixed_clock, make_signal

ADDRESSES = {"7a": ("Dorpsweg", "7 a", "3441 AB"), "72": ("Dorpsweg", "72", "3441AB"),
             "other": ("Dorpsweg", "7", "3441AC")}


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "kluis.mhd"
    services = create_vault(path, PASSPHRASE, clock=fixed_clock(NOW))
    refs = {}
    for day, (name, (street, number, postcode)) in enumerate(ADDRESSES.items(), start=1):
        signal = services.signals.create(make_signal(received_on=date(2026, 5, day)))
        services.signals.add_location(Location(signal_id=signal.id, kind=LocationKind.HOME,
                                               street=street, house_number=number,
                                               postcode=postcode, town="Woerden"))
        refs[name] = signal.reference
    yield services, refs
    services.close()


def found(services, typed: str) -> dict[str, set[str]]:
    """What each way the register asks finds: the page, the ids (date order and another
    order) and the count must agree."""
    flt = SignalFilter(text=typed)
    page = {r.reference for r in services.signals.page(flt).rows}
    by_date = services.signals.rows(services.signals.ids(flt))
    by_urgency = services.signals.rows(services.signals.ids(flt, sort="urgency"))
    assert {r.reference for r in by_date} == {r.reference for r in by_urgency} == page
    assert services.signals.count(flt) == len(page)
    return page


@pytest.mark.parametrize("typed", ["3441AB", "3441 AB", "3441 ab", "3441ab",
                                   " 3441  AB ", "Dorpsweg 3441 AB"])
def test_a_postcode_is_one_word_with_or_without_its_space(vault, typed) -> None:
    services, refs = vault
    assert found(services, typed) == {refs["7a"], refs["72"]}


def test_half_a_postcode_finds_what_starts_with_it(vault) -> None:
    services, refs = vault
    assert found(services, "3441 a") == found(services, "3441a") == set(refs.values())


@pytest.mark.parametrize("typed", ["3441 AB 7 a", "3441AB 7A", "3441AB7A", "3441 ab 7-a",
                                   "Dorpsweg 7 A", "dorpsweg 7-a", "Dorpsweg 7a"])
def test_a_house_number_addition_typed_apart_is_the_same_address(vault, typed) -> None:
    services, refs = vault
    assert found(services, typed) == {refs["7a"]}


def test_a_longer_house_number_is_another_address(vault) -> None:
    services, refs = vault
    assert found(services, "3441 AB 72") == {refs["72"]}
    assert found(services, "3441AC 7") == {refs["other"]}


def test_already_known_reads_the_address_the_same_way(vault) -> None:
    services, refs = vault
    for postcode, number in (("3441 ab", "7 A"), ("3441AB", "7-a"), ("3441ab 7a", "")):
        hits = services.signals.known_for(Location(signal_id=0, kind=LocationKind.WORKPLACE,
                                                   house_number=number, postcode=postcode))
        assert [m.reference for m in hits] == [refs["7a"]], (postcode, number)
