"""Fixes after the second QA pass (helper fix-D): each test failed before its fix."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from mensenhandel_desk import documents
from mensenhandel_desk.documents import examples as ex
from mensenhandel_desk.domain.enums import HandoverChannel, NameMode, SharingBasis
from mensenhandel_desk.domain.models import Handover
from mensenhandel_desk.services.session import Services
from tests.test_documents_render import pages
from tests.test_documents_service import populate, text_of


# --- 3. the handover sheet's date, the contact block never alone ---------------------------
def test_sheet_of_a_recorded_handover_carries_the_handover_date(services: Services) -> None:
    reference = populate(services)
    signal = services.signals.by_reference(reference)
    handover = services.handovers.record(Handover(
        signal_id=signal.id, partner_key="nla", handed_over_on=date(2026, 11, 21),
        channel=HandoverChannel.SECURE_EMAIL, basis=SharingBasis.LEGAL_GROUND,
        legal_ground="art. 6 lid 1 sub e AVG", name_mode=NameMode.PSEUDONYM))
    recorded = text_of(services.documents.handover_sheet(
        reference, "nla", handover_id=handover.id, preview=True).pdf)
    assert "Datum overdracht 21 november 2026" in recorded
    assert "Afgedrukt op 24 november 2026" in recorded  # today (the test clock)
    before = text_of(services.documents.handover_sheet(reference, "nla", preview=True).pdf)
    assert "Datum 24 november 2026" in before and "Datum overdracht" not in before


def test_the_contact_block_never_stands_alone_on_the_last_page() -> None:
    data = ex.handover_sheet(NameMode.PSEUDONYM)
    for lines in range(0, 48):
        description = "\n\n".join(f"Regel {i}." for i in range(lines))
        texts = pages(documents.render_handover_sheet(
            replace(data, signal=replace(data.signal, description=description))))
        last = next(t for t in texts if "Dit formulier is vertrouwelijk" in t)
        assert "Gevraagde actie" in last, lines
