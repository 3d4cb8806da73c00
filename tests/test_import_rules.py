"""Every import validates like the app: the interchange import refuses what the services
refuse, with the same Dutch message, prefixed with the place in the file; and the shared
rules (domain/record_rules.py) parse postcodes and house numbers leniently."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from mensenhandel_desk.domain import record_rules as rules
from mensenhandel_desk.domain.enums import LocationKind
from mensenhandel_desk.domain.errors import ImportFormatError, ValidationError
from mensenhandel_desk.domain.models import Location
from mensenhandel_desk.services import interchange
from mensenhandel_desk.services.session import Services
from tests.conftest import make_signal

BASE = {"format": "mensenhandel-desk", "version": 1,
        "checklist_versions": [{"version": 1, "created_on": "2026-01-01", "indicators": []}],
        "signals": [{"id": 1, "reference": "MH-2026-0500", "received_on": "2026-05-01",
                     "source": "internal", "summary": "Handgeschreven",
                     "checklist_version": 1, "created_at": "2026-05-01T09:00:00",
                     "updated_at": "2026-05-01T09:00:00"}]}
HANDOVER = {"partner_key": "zorgcoordinator", "handed_over_on": "2026-05-10",
            "channel": "secure_email", "basis": "consent"}


def _doc(**signal_fields) -> dict:
    doc = copy.deepcopy(BASE)
    doc["signals"][0].update(signal_fields)
    return doc


def _import(services: Services, tmp_path: Path, doc: dict):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return interchange.import_file(services, path)


REFUSED = [
    ("handover before received",
     {"handovers": [{**HANDOVER, "handed_over_on": "2026-04-30"}]},
     "signals[0].handovers[0].handed_over_on: Een overdracht kan niet gedateerd zijn vóór "
     "de ontvangst van het signaal."),
    ("feedback before handover",
     {"handovers": [{**HANDOVER, "feedback_received_on": "2026-05-09"}]},
     "signals[0].handovers[0].feedback_received_on: "),
    ("feedback letter on an anonymous signal",
     {"reporter_feedback": [{"given_on": "2026-06-01", "text": "Bedankt"}]},
     "signals[0].reporter_feedback[0].reporter: "),
    ("closed before received",
     {"outcome": "other", "closed_on": "2026-04-01"},
     "signals[0].closed_on: "),
    ("legal ground without a ground",
     {"handovers": [{**HANDOVER, "basis": "legal_ground", "legal_ground": "  "}]},
     "signals[0].handovers[0].legal_ground: "),
    ("received in the future",
     {"received_on": "2027-01-01"}, "signals[0].received_on: "),
]


@pytest.mark.parametrize(("name", "fields", "expected"), REFUSED, ids=[r[0] for r in REFUSED])
def test_interchange_refuses_what_the_services_refuse(services: Services, tmp_path: Path,
                                                      name: str, fields: dict,
                                                      expected: str) -> None:
    before = services.signals.count()
    with pytest.raises(ImportFormatError) as caught:
        _import(services, tmp_path, _doc(**fields))
    assert caught.value.message.startswith(expected), caught.value.message
    assert services.signals.count() == before


def test_the_message_is_the_services_own(services: Services) -> None:
    from mensenhandel_desk.domain.enums import HandoverChannel, SharingBasis
    from mensenhandel_desk.domain.models import Handover

    signal = services.signals.create(make_signal(received_on=date(2026, 5, 1)))
    with pytest.raises(ValidationError) as typed:
        services.handovers.record(Handover(
            signal_id=signal.id, partner_key="zorgcoordinator",
            handed_over_on=date(2026, 4, 30), channel=HandoverChannel.PHONE,
            basis=SharingBasis.CONSENT))
    assert REFUSED[0][2].endswith(typed.value.message)


def test_interchange_splits_postcode_with_house_number(services: Services,
                                                       tmp_path: Path) -> None:
    _import(services, tmp_path, _doc(locations=[
        {"kind": "home", "street": "Kerkstraat", "postcode": "3441ab  7 a", "town": "Woerden"}]))
    signal = services.signals.by_reference("MH-2026-0500")
    location = services.signals.dossier(signal.id).locations[0]
    assert (location.postcode, location.house_number) == ("3441AB", "7A")


@pytest.mark.parametrize(("typed", "expected"), [
    ("7 a", "7A"), ("7-A", "7A"), ("7A", "7A"), ("7a", "7A"), (" 12  bis ", "12BIS"),
    ("7 - 2", "7-2"), ("7", "7"), ("", ""), ("achterhuis", "achterhuis"),
])
def test_lenient_house_numbers(typed: str, expected: str) -> None:
    assert rules.clean_house_number(typed) == expected


@pytest.mark.parametrize(("postcode", "number", "expected"), [
    ("3441ab  7", "", ("3441AB", "7")),
    ("3441 AB 7-a", "", ("3441AB", "7A")),
    ("3441AB", "7 a", ("3441AB", "7A")),
    ("3441ab 7", "7", ("3441AB", "7")),
    ("B-2000", "5", ("B-2000", "5")),  # foreign: kept as typed
])
def test_postcode_field_with_house_number(postcode: str, number: str, expected) -> None:
    location = rules.clean_location(Location(signal_id=1, kind=LocationKind.HOME,
                                             postcode=postcode, house_number=number))
    assert (location.postcode, location.house_number) == expected


def test_postcode_number_conflicting_with_house_number_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        rules.clean_location(Location(signal_id=1, kind=LocationKind.HOME,
                                      postcode="3441ab 7", house_number="9"))
    assert caught.value.field == "location.postcode"


def test_services_store_the_split_postcode(services: Services) -> None:
    signal = services.signals.create(make_signal())
    location, _ = services.signals.add_location(Location(
        signal_id=signal.id, kind=LocationKind.HOME, street="Kerkstraat",
        postcode="3441ab  7"))
    assert (location.postcode, location.house_number) == ("3441AB", "7")
