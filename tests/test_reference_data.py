"""Checklist versions, partners and contacts, meetings, settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.models import Contact, Meeting, MeetingItem
from mensenhandel_desk.services.settings import Settings
from tests.conftest import PASSPHRASE, make_signal


def test_seeded_checklist_and_partners(services) -> None:
    checklist = services.reference.checklist()
    assert checklist.version == 1
    keys = {i.key for i in checklist.indicators}
    assert {"geen_paspoort", "wonen_op_werk", "lange_dagen", "lvb"} <= keys
    assert any(i.is_vulnerability_factor for i in checklist.indicators)
    partners = {p.key: p for p in services.reference.partners()}
    assert {"politie_avim", "nla", "zorgcoordinator", "riec", "veilig_thuis"} <= set(partners)
    assert "Zorgcoördinator" in partners["zorgcoordinator"].name


def test_editing_the_checklist_keeps_old_signals_meaning(services) -> None:
    v1 = services.reference.checklist()
    old_signal = services.signals.create(make_signal())
    passport = next(i for i in v1.indicators if i.key == "geen_paspoort")
    services.signals.set_indicator(old_signal.id, passport.id, True, "Werkgever houdt paspoort")

    reworded = [replace(i, label="Identiteitsbewijs niet in eigen bezit")
                if i.key == "geen_paspoort" else i
                for i in v1.indicators if i.key != "tatoeage"]  # retire one
    reworded.append(replace(v1.indicators[0], key="nieuw_signaal", label="Nieuw signaal"))
    v2 = services.reference.new_checklist_version(reworded, "Herziening 2026")
    assert v2.version == 2
    new_signal = services.signals.create(make_signal())
    assert services.signals.get(new_signal.id).checklist_version == 2

    dossier = services.signals.dossier(old_signal.id)
    (indicator, mark), = dossier.indicators
    assert indicator.label == "Paspoort niet in eigen bezit" and mark.note.startswith("Werkgever")
    assert services.reference.checklist(1).indicators == v1.indicators
    with pytest.raises(ValidationError):  # a v2 indicator on a v1 signal
        services.signals.set_indicator(old_signal.id, v2.indicators[0].id)
    assert "tatoeage" not in {i.key for i in v2.indicators}
    services.signals.set_indicator(old_signal.id, passport.id, False)
    assert services.signals.dossier(old_signal.id).indicators == []


def test_duplicate_indicator_keys_are_refused(services) -> None:
    v1 = services.reference.checklist()
    with pytest.raises(ValidationError) as info:
        services.reference.new_checklist_version([v1.indicators[0], v1.indicators[0]], "x")
    assert info.value.code == "duplicate_indicator"


def test_contacts_belong_to_a_partner(services) -> None:
    contact = services.reference.save_contact(Contact(
        partner_key="nla", name="Fictief Inspecteur", function="Rechercheur", phone="088-0000000",
        email="inspecteur@example.invalid"))
    assert [c.name for c in services.reference.contacts("nla")] == ["Fictief Inspecteur"]
    contact.phone = "088-1111111"
    services.reference.save_contact(contact)
    assert services.reference.contacts("nla")[0].phone == "088-1111111"
    with pytest.raises(ValidationError):
        services.reference.save_contact(Contact(partner_key="nope", name="X"))


def test_meeting_agenda_and_decisions(services) -> None:
    a = services.signals.create(make_signal(summary="Eerste"))
    b = services.signals.create(make_signal(summary="Tweede"))
    meeting = services.meetings.create(Meeting(held_on=date(2026, 12, 3), place="Stadhuis"))
    first = services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=a.id))
    services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=b.id))
    with pytest.raises(ValidationError):
        services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=a.id))
    services.meetings.record_decision(first.id, "Wijkagent gaat langs", "Wijkagent Noord",
                                      date(2026, 12, 17))
    items = services.meetings.items(meeting.id)
    assert [(i.position, i.summary) for i in items] == [(1, "Eerste"), (2, "Tweede")]
    assert items[0].decision == "Wijkagent gaat langs" and items[0].due_on == date(2026, 12, 17)


def test_settings_round_trip_inside_the_vault(services, vault_path, clock) -> None:
    settings = services.settings.get()
    settings.officer_name = "Fictieve Functionaris"
    settings.municipality = "Gemeente Proefdorp"
    settings.address_block_top_mm = 48.5
    services.settings.save(settings)
    services.close()
    from mensenhandel_desk.services.session import open_vault

    with open_vault(vault_path, PASSPHRASE, clock=clock) as again:
        loaded = again.settings.get()
    assert (loaded.officer_name, loaded.municipality, loaded.address_block_top_mm) == (
        "Fictieve Functionaris", "Gemeente Proefdorp", 48.5)
    assert isinstance(loaded, Settings)


def test_short_passphrase_is_refused_with_a_dutch_message(tmp_path, clock) -> None:
    from mensenhandel_desk.services.session import create_vault

    with pytest.raises(ValidationError) as info:
        create_vault(tmp_path / "k.mhd", "te kort", clock=clock)
    assert "minstens 12 tekens" in info.value.message
    assert not (tmp_path / "k.mhd").exists()
    long_unicode = "ŁódźŻółćŚlęΩ日本語🔐" * 50
    create_vault(tmp_path / "u.mhd", long_unicode[:1024], clock=clock).close()
