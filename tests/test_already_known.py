"""Route step 3: is the person, organisation or address already known?"""

from __future__ import annotations

from datetime import date

from mensenhandel_desk.domain.enums import LocationKind, PartyKind, PartyRole
from mensenhandel_desk.domain.matching import address_key, fold, organisation_key, person_key
from mensenhandel_desk.domain.models import Location, Party
from tests.conftest import make_signal


def person(signal_id: int, name: str, dob: date | None = date(1991, 4, 3)) -> Party:
    return Party(signal_id=signal_id, kind=PartyKind.PERSON, role=PartyRole.POSSIBLE_VICTIM,
                 name=name, date_of_birth=dob)


def test_fold_handles_case_diacritics_and_spaces() -> None:
    assert fold("  Łukasz   NOWÁK ") == "lukasz nowak"
    assert fold("Ștefan Ionuț Popescu") == "stefan ionut popescu"
    assert fold("Şükrü Öztürk") == "sukru ozturk"
    assert person_key("Nowák, Łukasz", None) == person_key("lukasz nowak", None)
    assert address_key("1234 ab", "12 a") == address_key("1234AB", "12A") == "1234AB|12A"
    assert organisation_key("Schoonmaak Snel B.V.", "") == organisation_key(
        "schoonmaak snel bv", "")
    assert organisation_key("Other name", "1234 5678") == organisation_key("x", "12345678")


def test_person_known_from_earlier_signal(services) -> None:
    first = services.signals.create(make_signal(received_on=date(2025, 3, 1)))
    services.signals.add_party(person(first.id, "Łukasz Nowák"))
    second = services.signals.create(make_signal())
    _, matches = services.signals.add_party(person(second.id, "NOWAK  lukasz"))
    assert [(m.reference, m.matched_on) for m in matches] == [(first.reference, "person")]
    # Same name, different date of birth: a different person.
    third = services.signals.create(make_signal())
    _, matches = services.signals.add_party(person(third.id, "Lukasz Nowak", date(1970, 1, 1)))
    assert matches == []


def test_organisation_by_kvk_else_name(services) -> None:
    first = services.signals.create(make_signal())
    services.signals.add_party(Party(signal_id=first.id, kind=PartyKind.ORGANISATION,
                                     role=PartyRole.POSSIBLE_PERPETRATOR,
                                     name="Uitzendbureau Snelwerk B.V.", kvk_number="87654321"))
    services.signals.add_party(Party(signal_id=first.id, kind=PartyKind.ORGANISATION,
                                     role=PartyRole.FACILITATOR, name="Pension De Zonnebloem"))
    second = services.signals.create(make_signal())
    _, by_kvk = services.signals.add_party(Party(
        signal_id=second.id, kind=PartyKind.ORGANISATION, role=PartyRole.OTHER,
        name="Snelwerk Flex", kvk_number="8765 4321"))
    _, by_name = services.signals.add_party(Party(
        signal_id=second.id, kind=PartyKind.ORGANISATION, role=PartyRole.OTHER,
        name="pension de zonnebloem"))
    assert [m.matched_on for m in by_kvk] == ["organisation"]
    assert [m.reference for m in by_name] == [first.reference]


def test_address_by_postcode_and_house_number(services) -> None:
    first = services.signals.create(make_signal(received_on=date(2025, 5, 5)))
    services.signals.add_location(Location(signal_id=first.id, kind=LocationKind.HOME,
                                           street="Kerkstraat", house_number="12a",
                                           postcode="3445 ab", town="Voorbeeld"))
    second = services.signals.create(make_signal())
    _, matches = services.signals.add_location(Location(
        signal_id=second.id, kind=LocationKind.WORKPLACE, street="Kerkstr.",
        house_number="12 A", postcode="3445AB"))
    assert [(m.reference, m.matched_on) for m in matches] == [(first.reference, "address")]
    _, none = services.signals.add_location(Location(
        signal_id=second.id, kind=LocationKind.HOME, street="Kerkstraat", house_number="14",
        postcode="3445AB"))
    assert none == []
    overview = services.signals.known_matches(second.id)
    assert {m.reference for m in overview} == {first.reference}


def test_full_text_search_finds_folded_names(services) -> None:
    s = services.signals.create(make_signal(summary="Uitbuiting in kwekerij"))
    services.signals.add_party(person(s.id, "Łukasz Nowák"))
    services.signals.add_party(person(s.id, "Иван Петров"))
    services.signals.create(make_signal(summary="Iets anders"))
    for query in ("luk", "NOWAK", "Łukasz", "Иван", "kweker", "MH-2026-0001"):
        page = services.signals.page(_flt(query))
        assert [r.reference for r in page.rows] == [s.reference], query
    assert services.signals.page(_flt("zzzqqq")).rows == []
    assert services.signals.page(_flt("\"*)(")).rows == []  # FTS syntax is neutralised


def _flt(text: str):
    from mensenhandel_desk.domain.models import SignalFilter

    return SignalFilter(text=text)


def organisation(signal_id: int, name: str, kvk: str = "") -> Party:
    return Party(signal_id=signal_id, kind=PartyKind.ORGANISATION,
                 role=PartyRole.POSSIBLE_PERPETRATOR, name=name, kvk_number=kvk)


def test_organisation_with_kvk_meets_its_name_only_record_both_ways(services) -> None:
    with_kvk = services.signals.create(make_signal(received_on=date(2025, 6, 1)))
    services.signals.add_party(organisation(with_kvk.id, "Kas & Co Teelt B.V.", "12345678"))
    name_only = services.signals.create(make_signal(received_on=date(2025, 9, 1)))
    # Recorded later by name only: the earlier record with the KvK number is found ...
    _, hits = services.signals.add_party(organisation(name_only.id, "KAS & CO TEELT BV"))
    assert [(m.reference, m.matched_on) for m in hits] == [(with_kvk.reference,
                                                             "organisation")]
    # ... and a new record with the KvK number finds both earlier ones.
    third = services.signals.create(make_signal())
    _, hits = services.signals.add_party(organisation(third.id, "kas en co teelt",
                                                      "1234 5678"))
    assert [m.reference for m in hits] == [with_kvk.reference]  # by KvK number
    _, hits = services.signals.add_party(organisation(third.id, "Kas & Co Teelt", "12345678"))
    assert [m.reference for m in hits] == [with_kvk.reference, name_only.reference]
    assert {m.reference for m in services.signals.known_matches(name_only.id)} == {
        with_kvk.reference, third.reference}


def test_two_kvk_numbers_are_two_organisations_whatever_the_name(services) -> None:
    first = services.signals.create(make_signal(received_on=date(2025, 6, 1)))
    services.signals.add_party(organisation(first.id, "Schoonmaak Glans B.V.", "11111111"))
    second = services.signals.create(make_signal())
    _, hits = services.signals.add_party(organisation(second.id, "Schoonmaak Glans BV",
                                                      "22222222"))
    assert hits == []
    # A name that merely contains the other one's words is another organisation.
    _, hits = services.signals.add_party(organisation(second.id, "Schoonmaak Glans Noord"))
    assert hits == []


def test_house_number_and_addition_read_leniently(services) -> None:
    first = services.signals.create(make_signal(received_on=date(2025, 5, 5)))
    for number in ("7a", "7-2", "9"):
        services.signals.add_location(Location(signal_id=first.id, kind=LocationKind.HOME,
                                               street="Kerkstraat", house_number=number,
                                               postcode="3445AB", town="Voorbeeld"))
    second = services.signals.create(make_signal())
    for typed, expected in (("7 a", "7a"), ("7A", "7a"), ("7-a", "7a"), ("7 / A", "7a"),
                            ("07a", "7a"), ("7\u2013a", "7a"),
                            ("7 2", "7-2"), ("7/2", "7-2"), ("72", None), ("7", None),
                            ("09", "9")):
        hits = services.signals.known_for(Location(
            signal_id=second.id, kind=LocationKind.HOME, house_number=typed,
            postcode="3445 ab"), exclude_signal_id=second.id)
        labels = [m.match_label.split(",")[0] for m in hits]
        assert labels == ([f"Kerkstraat {expected.upper()}"] if expected else []), typed
    # What is saved is found the same way.
    _, hits = services.signals.add_location(Location(
        signal_id=second.id, kind=LocationKind.WORKPLACE, house_number="7 - 2",
        postcode="3445AB"))
    assert [m.match_label for m in hits] == ["Kerkstraat 7-2, 3445AB Voorbeeld"]


def test_cli_show_lists_the_already_known_hits_in_dutch(vault_path, services, capsys,
                                                         monkeypatch) -> None:
    from mensenhandel_desk.cli.main import run
    from tests.conftest import PASSPHRASE

    first = services.signals.create(make_signal(received_on=date(2025, 3, 1)))
    services.signals.add_party(person(first.id, "Łukasz Nowák"))
    services.signals.add_party(organisation(first.id, "Kas & Co Teelt B.V.", "12345678"))
    second = services.signals.create(make_signal())
    services.signals.add_party(person(second.id, "Lukasz Nowak"))
    services.signals.add_party(organisation(second.id, "KAS & CO TEELT BV"))
    services.signals.add_location(Location(signal_id=second.id, kind=LocationKind.HOME,
                                           street="Kerkstraat", house_number="1",
                                           postcode="3445AB"))
    services.close()
    monkeypatch.setenv("MHD_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    assert run(["show", second.reference, "--vault", str(vault_path)]) == 0
    shown = capsys.readouterr().out
    known = shown[shown.index("Al bekend uit andere signalen:"):].splitlines()[1:3]
    assert known == [
        f"  - {first.reference} (ontvangen 2025-03-01): zelfde persoon: Łukasz Nowák",
        f"  - {first.reference} (ontvangen 2025-03-01): zelfde organisatie: "
        "Kas & Co Teelt B.V."]


def test_name_only_lookups_follow_later_changes_to_kvk_organisations(services) -> None:
    """The names of organisations with a KvK number are kept in a cache after the first
    name-only check: what is added, renamed or removed later must still be answered."""
    from mensenhandel_desk.services.signals import party_match_key

    first = services.signals.create(make_signal(received_on=date(2025, 1, 1)))
    editing = services.signals.create(make_signal())

    def known(name: str) -> list[str]:
        return [m.match_label for m in services.signals.known_for(
            organisation(editing.id, name), exclude_signal_id=editing.id)]

    assert known("Bloemenkwekerij Zonneveld") == []  # the cache is built here
    added, _ = services.signals.add_party(organisation(first.id, "Bloemenkwekerij Zonneveld "
                                                       "B.V.", "55667788"))
    assert known("bloemenkwekerij zonneveld") == ["Bloemenkwekerij Zonneveld B.V."]
    added.name = "Kwekerij Zonneveld Noord B.V."
    services.signals.update_party(added)
    assert known("Bloemenkwekerij Zonneveld") == []
    assert known("Kwekerij Zonneveld Noord") == ["Kwekerij Zonneveld Noord B.V."]
    added.kvk_number = ""  # recorded without the number after all: found by its own key
    services.signals.update_party(added)
    assert known("Kwekerij Zonneveld Noord") == ["Kwekerij Zonneveld Noord B.V."]
    services.signals.remove_party(added.id)
    assert known("Kwekerij Zonneveld Noord") == []
    # Written by another path than the signal service (an import): found as well.
    imported = organisation(first.id, "Champignonkwekerij De Kelder", "99887766")
    with services.vault.unit_of_work() as uow:
        uow.parties.add_keyed(imported, party_match_key(imported))
    assert known("CHAMPIGNONKWEKERIJ DE KELDER bv") == ["Champignonkwekerij De Kelder"]


def test_regional_overlap_includes_organisations_by_kvk_number(services) -> None:
    """The regional export hashes the keys of persons with a date of birth, organisations
    with a KvK number and addresses; organisations were never included (stored keys start
    with "o:kvk:")."""
    signal = services.signals.create(make_signal())
    services.signals.add_party(organisation(signal.id, "Kas & Co Teelt B.V.", "12345678"))
    services.signals.add_party(organisation(signal.id, "Naamloos Bedrijfje"))
    services.signals.add_party(person(signal.id, "Lukasz Nowak"))
    with services.vault.unit_of_work() as uow:
        kinds = sorted(uow.signals.overlap_keys(date(2026, 1, 1), date(2026, 12, 31)))
    assert kinds == [("organisation", "o:kvk:12345678"),
                     ("person", "p:" + person_key("Lukasz Nowak", date(1991, 4, 3)))]
