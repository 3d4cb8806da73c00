"""Name modes: display names, pseudonyms and scrubbing of free text."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mensenhandel_desk.documents.names import PARTICLES, NameMasker, initials, letters
from mensenhandel_desk.domain.enums import LocationKind, NameMode, PartyKind, PartyRole
from mensenhandel_desk.domain.models import Location, Party


def person(name: str, dob: date | None = None) -> Party:
    return Party(signal_id=1, kind=PartyKind.PERSON, role=PartyRole.POSSIBLE_VICTIM, name=name,
                 date_of_birth=dob)


def organisation(name: str, kvk: str = "") -> Party:
    return Party(signal_id=1, kind=PartyKind.ORGANISATION, role=PartyRole.FACILITATOR,
                 name=name, kvk_number=kvk)


def test_pseudonym_letters_continue_after_z() -> None:
    assert [letters(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("Piotr Kowalski", PartyKind.PERSON, "P.K."),
    ("Jan de Vries", PartyKind.PERSON, "J. de V."),
    ("Ayşe Yılmaz", PartyKind.PERSON, "A.Y."),
    ("Стоян Колев", PartyKind.PERSON, "С.К."),
    ("Nowak Bouw B.V.", PartyKind.ORGANISATION, "N.B. B.V."),
    ("Cher", PartyKind.PERSON, "C."),
])
def test_initials(name: str, kind: PartyKind, expected: str) -> None:
    assert initials(name, kind) == expected


def test_pseudonyms_are_stable_and_counted_per_kind() -> None:
    masker = NameMasker(NameMode.PSEUDONYM)
    a = masker.add_party(person("Piotr Kowalski"))
    org = masker.add_party(organisation("Nowak Bouw B.V."))
    b = masker.add_party(person("Anna Nowak"))
    again = masker.add_party(person("piotr  KOWALSKI"))  # same person, typed differently
    assert (a, org, b, again) == ("Persoon A", "Organisatie A", "Persoon B", "Persoon A")


def test_scrub_replaces_names_parts_and_case_variants() -> None:
    masker = NameMasker(NameMode.PSEUDONYM)
    masker.add_party(person("Piotr Kowalski"))
    masker.add_party(organisation("Nowak Bouw B.V.", kvk="12345678"))
    text = ("Piotr Kowalski werkt voor Nowak Bouw. KOWALSKI zegt dat piotr ziek is. "
            "KvK 12345678. De bouw ligt stil.")
    assert masker.scrub(text) == (
        "Persoon A werkt voor Organisatie A. Persoon A zegt dat Persoon A ziek is. "
        "KvK [KvK-nummer]. De bouw ligt stil.")


def test_shared_surname_names_neither() -> None:
    masker = NameMasker(NameMode.PSEUDONYM)
    masker.add_party(person("Piotr Kowalski"))
    masker.add_party(person("Anna Kowalski"))
    assert masker.scrub("Kowalski belde; Anna Kowalski ook.") == (
        "[naam] belde; Persoon B ook.")


def test_name_parts_inside_other_words_are_left_alone() -> None:
    masker = NameMasker(NameMode.PSEUDONYM)
    masker.add_party(person("Jan de Bruin"))
    assert masker.scrub("De bruine bus van Bruin, de Janssens.") == (
        "De bruine bus van Persoon A, de Janssens.")


def test_withheld_strings_go_in_every_mode() -> None:
    for mode in NameMode:
        masker = NameMasker(mode, withheld_names=["Wilhelmina Zuidervaart-Testmelder"],
                            withheld_phrases=["Team Handhaving Noord", "w.z@example.invalid"])
        out = masker.scrub("Wilhelmina (Team Handhaving Noord, w.z@example.invalid) zag "
                           "mevrouw Zuidervaart en Testmelder in Noord.")
        assert out == ("[weggelaten] ([weggelaten], [weggelaten]) zag mevrouw [weggelaten] "
                       "en [weggelaten] in Noord.")


def test_full_mode_keeps_names_and_dates() -> None:
    masker = NameMasker(NameMode.FULL)
    party = person("Piotr Kowalski", date(1990, 3, 12))
    assert masker.add_party(party) == "Piotr Kowalski"
    assert masker.birth(party) == "12 maart 1990"
    assert masker.scrub("Piotr Kowalski op 3521 AB") == "Piotr Kowalski op 3521 AB"


def test_reduced_modes_reduce_birth_dates_addresses_and_postcodes() -> None:
    masker = NameMasker(NameMode.INITIALS)
    party = person("Piotr Kowalski", date(1990, 3, 12))
    masker.add_party(party)
    location = Location(signal_id=1, kind=LocationKind.HOME, street="Kerkstraat",
                        house_number="12a", postcode="3521 AB", town="Utrecht")
    assert masker.add_location(location) == "Locatie 1 (woning), 3521 Utrecht"
    assert masker.birth(party) == "1990"
    assert masker.scrub("P. woont Kerkstraat 12a, 3521AB Utrecht; in de Kerkstraat staat een "
                        "busje.") == ("P. woont Locatie 1, 3521 Utrecht; in de Locatie 1 staat "
                                      "een busje.")


def test_initials_collide_get_a_number() -> None:
    masker = NameMasker(NameMode.INITIALS)
    assert masker.add_party(person("Jan Kok")) == "J.K."
    assert masker.add_party(person("Johan Klaassen")) == "J.K. (2)"


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzłśżćńąęșțşğıäöüéèАБВГДЕЖЗ",
                        min_size=3, max_size=10), min_size=2, max_size=3, unique=True))
def test_no_registered_name_part_survives_scrubbing(parts: list[str]) -> None:
    assume(not any(part in PARTICLES for part in parts))  # "van", "de" stay, by design
    name = " ".join(p.capitalize() for p in parts)
    masker = NameMasker(NameMode.PSEUDONYM)
    masker.add_party(person(name))
    text = f"Vandaag zagen wij {name}. Later {parts[-1].upper()} en ook {parts[0]}."
    words = re.findall(r"\w+", masker.scrub(text).casefold())
    for part in parts:
        assert part.casefold() not in words or part.casefold() == "persoon"
