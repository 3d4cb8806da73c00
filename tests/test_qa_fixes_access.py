"""QA fix 6 (helper fix-A): an access request by name only that finds different people
says so (screen and report) and lets the officer pick one; the report masks names,
never ordinary words."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest

from mensenhandel_desk.domain.enums import (
    EnrichmentResult,
    EnrichmentSource,
    PartyKind,
    PartyRole,
)
from mensenhandel_desk.domain.models import EnrichmentNote, Meeting, MeetingItem, Party
from mensenhandel_desk.services.access_request import AccessRequestService
from mensenhandel_desk.ui.tools.access_request import AccessRequestDialog
from tests.conftest import make_signal
from tests.helpers import build_vault, desk_on_copy
from tests.test_ui_tools import _dialog

TEXT = ("Sociaal team: betrokkene niet bekend. Bij de controle trof de politie een man aan. "
        "Wijkagent gaat langs. Volgens de bakker op de hoek werkt Iris Smit daar. "
        "Bakker belde later, net als Jan Bakker zelf.")


def _fill(services) -> None:
    s = services.signals
    one = s.create(make_signal(summary="Nagelsalon", received_on=date(2026, 9, 1),
                               description=TEXT))
    s.add_party(Party(signal_id=one.id, kind=PartyKind.PERSON, role=PartyRole.POSSIBLE_VICTIM,
                      name="Iris Smit", date_of_birth=date(1995, 6, 1)))
    s.add_party(Party(signal_id=one.id, kind=PartyKind.PERSON,
                      role=PartyRole.POSSIBLE_PERPETRATOR, name="Jan Bakker"))
    s.add_note(EnrichmentNote(signal_id=one.id, noted_on=date(2026, 9, 2),
                              source=EnrichmentSource.OTHER, result=EnrichmentResult.NOTHING_FOUND,
                              text="Sociaal team: betrokkene niet bekend."))
    meeting = services.meetings.create(Meeting(held_on=date(2026, 9, 10)))
    item = services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=one.id))
    services.meetings.record_decision(item.id, "Wijkagent gaat langs; terugkoppeling in "
                                               "volgend overleg.", action_holder="wijkagent")
    two = s.create(make_signal(summary="Andere Iris", received_on=date(2026, 10, 1)))
    s.add_party(Party(signal_id=two.id, kind=PartyKind.PERSON, role=PartyRole.WITNESS,
                      name="Iris Smit", date_of_birth=date(1988, 3, 3)))


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split())
                    for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_name_only_search_lists_the_different_people_and_the_report_warns(services) -> None:
    _fill(services)
    service = AccessRequestService(services)
    result = service.find("Iris Smit")
    assert result.several_persons
    assert result.persons == [("Iris Smit", date(1988, 3, 3)), ("Iris Smit", date(1995, 6, 1))]
    text = _pdf_text(services.documents.access_request_report(result, preview=True).pdf)
    assert "verschillende personen met dezelfde naam" in text
    assert "geboren 3 maart 1988" in text and "geboren 1 juni 1995" in text
    one = service.find("Iris Smit", date(1995, 6, 1))
    assert not one.several_persons and len(one.findings) == 1
    text = _pdf_text(services.documents.access_request_report(one, preview=True).pdf)
    assert "verschillende personen" not in text


def test_the_report_masks_whole_names_not_ordinary_words(services) -> None:
    _fill(services)
    result = AccessRequestService(services).find("Iris Smit", date(1995, 6, 1))
    texts = " ".join(p.text for f in result.findings for p in f.passages)
    for kept in ("Sociaal team: betrokkene", "trof de politie een man aan",
                 "Wijkagent gaat langs", "Volgens de bakker op de hoek", "Iris Smit"):
        assert kept in texts, kept
    assert "Bakker belde" not in texts and "Jan Bakker" not in texts
    assert "[weggelaten] belde later, net als [weggelaten] zelf" in texts


@pytest.fixture
def ctx(qtbot, tmp_path, vault_path, clock):
    template = build_vault(tmp_path, _fill, name="sjabloon.mhd")
    yield from desk_on_copy(qtbot, template, vault_path, clock)


def test_the_screen_offers_to_pick_one_of_the_people_found(qtbot, ctx) -> None:
    dialog = _dialog(qtbot, AccessRequestDialog, ctx)
    dialog.name.setText("Iris Smit")
    with qtbot.waitSignal(dialog.found, timeout=30_000):
        dialog.search()
    assert dialog.table.rowCount() == 2 and not dialog.persons_box.isHidden()
    assert "verschillende personen" in dialog.persons_label.text()
    choices = [dialog.person_choice.itemText(i) for i in range(dialog.person_choice.count())]
    assert choices == ["Iris Smit, geboren 03-03-1988", "Iris Smit, geboren 01-06-1995"]
    dialog.person_choice.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.found, timeout=30_000):
        dialog.choose_button.click()
    assert dialog.table.rowCount() == 1 and dialog.persons_box.isHidden()
    assert dialog.use_dob.isChecked() and dialog.dob.date().toPython() == date(1995, 6, 1)
