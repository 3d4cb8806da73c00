"""The six-step route: status follows from what is recorded; only nonsense is refused."""

from __future__ import annotations

from datetime import date

import pytest

from mensenhandel_desk.domain.enums import (
    EnrichmentResult,
    EnrichmentSource,
    HandoverChannel,
    Outcome,
    SharingBasis,
    SignalStatus,
    Urgency,
)
from mensenhandel_desk.domain.errors import RouteError, ValidationError
from mensenhandel_desk.domain.models import (
    EnrichmentNote,
    Handover,
    Meeting,
    MeetingItem,
    ReporterFeedback,
)
from tests.conftest import make_reporter, make_signal


def handover(signal_id: int, partner: str = "zorgcoordinator", **kw) -> Handover:
    values = dict(signal_id=signal_id, partner_key=partner, handed_over_on=date(2026, 10, 10),
                  channel=HandoverChannel.SECURE_EMAIL, basis=SharingBasis.CONSENT)
    values.update(kw)
    return Handover(**values)


def test_full_route_in_order(services) -> None:
    s = services.signals.create(make_signal(), make_reporter())
    assert s.status is SignalStatus.RECEIVED and s.reference == "MH-2026-0001"
    assert [a.code for a in services.signals.next_actions(s.id)] == ["enrich"]

    services.signals.add_note(EnrichmentNote(signal_id=s.id, noted_on=date(2026, 10, 2),
                                             source=EnrichmentSource.BRP,
                                             result=EnrichmentResult.NOTHING_FOUND))
    assert services.signals.get(s.id).status is SignalStatus.ENRICHED

    meeting = services.meetings.create(Meeting(held_on=date(2026, 10, 5)))
    services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=s.id))
    assert services.signals.get(s.id).status is SignalStatus.DISCUSSED

    h = services.handovers.record(handover(s.id, feedback_due_on=date(2026, 12, 1)))
    assert services.signals.get(s.id).status is SignalStatus.HANDED_OVER
    assert "await_feedback" in [a.code for a in services.signals.next_actions(s.id)]

    services.handovers.record_partner_feedback(h.id, date(2026, 11, 1), "Casus opgepakt.")
    assert services.signals.get(s.id).status is SignalStatus.FEEDBACK_RECEIVED
    assert services.signals.next_actions(s.id)[0].code == "inform_reporter"

    services.handovers.inform_reporter(ReporterFeedback(signal_id=s.id,
                                                        given_on=date(2026, 11, 2),
                                                        text="Signaal is opgepakt."))
    assert services.signals.get(s.id).status is SignalStatus.REPORTER_INFORMED
    assert services.signals.next_actions(s.id)[0].code == "close"

    closed = services.signals.close(s.id, Outcome.CARE_ONLY, date(2026, 11, 3))
    assert closed.status is SignalStatus.CLOSED and closed.outcome is Outcome.CARE_ONLY
    assert services.signals.next_actions(s.id) == []
    assert services.signals.reopen(s.id).status is SignalStatus.REPORTER_INFORMED


def test_very_serious_signal_goes_straight_to_police(services) -> None:
    s = services.signals.create(make_signal(urgency=Urgency.IMMEDIATE))
    first = services.signals.next_actions(s.id)[0]
    assert first.code == "handover_police" and first.overdue
    services.handovers.record(handover(s.id, "politie_avim"))
    assert services.signals.get(s.id).status is SignalStatus.HANDED_OVER
    codes = [a.code for a in services.signals.next_actions(s.id)]
    assert "handover_police" not in codes
    assert "handover_care" in codes  # the care coordinator always gets a report
    assert "handover_nla" in codes  # labour exploitation: Labour Inspectorate


def test_several_handovers_on_one_signal(services) -> None:
    s = services.signals.create(make_signal())
    for partner in ("politie_avim", "zorgcoordinator", "nla"):
        services.handovers.record(handover(s.id, partner))
    assert {h.partner_key for h in services.handovers.for_signal(s.id)} == {
        "politie_avim", "zorgcoordinator", "nla"}


def test_closing_without_outcome_is_refused(services) -> None:
    s = services.signals.create(make_signal())
    with pytest.raises(RouteError) as info:
        services.signals.close(s.id, None)
    assert info.value.code == "close_without_outcome"
    assert "uitkomst" in info.value.message
    assert services.signals.get(s.id).status is SignalStatus.RECEIVED


def test_partner_feedback_without_handover_is_refused(services) -> None:
    services.signals.create(make_signal())
    with pytest.raises(RouteError) as info:
        services.handovers.record_partner_feedback(999, date(2026, 11, 1), "x")
    assert info.value.code == "feedback_without_handover"


def test_handover_to_no_partner_or_unknown_partner_is_refused(services) -> None:
    s = services.signals.create(make_signal())
    with pytest.raises(RouteError) as info:
        services.handovers.record(handover(s.id, ""))
    assert info.value.code == "handover_without_partner"
    with pytest.raises(ValidationError) as info:
        services.handovers.record(handover(s.id, "no_such_partner"))
    assert info.value.code == "unknown_partner"
    assert services.handovers.for_signal(s.id) == []


def test_legal_ground_needs_a_name(services) -> None:
    s = services.signals.create(make_signal())
    with pytest.raises(ValidationError):
        services.handovers.record(handover(s.id, basis=SharingBasis.LEGAL_GROUND))
    h = services.handovers.record(handover(s.id, basis=SharingBasis.LEGAL_GROUND,
                                           legal_ground="Convenant RIEC Midden-Nederland"))
    assert h.feedback_due_on == date(2026, 11, 7)  # default: four weeks after handover


def test_reporter_feedback_needs_a_reporter(services) -> None:
    s = services.signals.create(make_signal())  # e.g. an anonymous report
    with pytest.raises(RouteError):
        services.handovers.inform_reporter(ReporterFeedback(signal_id=s.id,
                                                            given_on=date(2026, 11, 1)))


def test_overdue_feedback_shows_in_attention_list(services) -> None:
    s = services.signals.create(make_signal())
    services.handovers.record(handover(s.id, feedback_due_on=date(2026, 11, 1)))
    attention = services.signals.attention_list()
    first = attention[0]
    assert (first.reference, first.code, first.overdue) == (s.reference, "chase_feedback", True)
    assert services.handovers.overdue()[0][1] == s.reference


def test_references_number_per_year(services) -> None:
    a = services.signals.create(make_signal(received_on=date(2025, 12, 31)))
    b = services.signals.create(make_signal(received_on=date(2026, 1, 1)))
    c = services.signals.create(make_signal(received_on=date(2025, 6, 1)))
    assert (a.reference, b.reference, c.reference) == ("MH-2025-0001", "MH-2026-0001",
                                                       "MH-2025-0002")


def test_closed_signal_cannot_be_handed_over(services) -> None:
    s = services.signals.create(make_signal())
    services.signals.close(s.id, Outcome.NO_TRAFFICKING)
    with pytest.raises(RouteError):
        services.handovers.record(handover(s.id))


def test_attention_list_covers_each_situation_and_skips_calm_signals(services) -> None:
    immediate = services.signals.create(make_signal(urgency=Urgency.IMMEDIATE, summary="A"))
    overdue = services.signals.create(make_signal(summary="B"))
    services.handovers.record(handover(overdue.id, feedback_due_on=date(2026, 11, 1)))
    informed = services.signals.create(make_signal(summary="C"), make_reporter())
    h = services.handovers.record(handover(informed.id, feedback_due_on=date(2026, 12, 24)))
    services.handovers.record_partner_feedback(h.id, date(2026, 11, 20), "Opgepakt.")
    no_care = services.signals.create(make_signal(summary="D"))
    services.handovers.record(handover(no_care.id, "nla", feedback_due_on=date(2026, 12, 24)))
    calm = services.signals.create(make_signal(summary="E"))
    services.handovers.record(handover(calm.id, feedback_due_on=date(2026, 12, 24)))

    found = {(a.reference, a.code) for a in services.signals.attention_list()}
    assert (immediate.reference, "handover_police") in found
    assert (overdue.reference, "chase_feedback") in found
    assert (informed.reference, "inform_reporter") in found
    assert (no_care.reference, "handover_care") in found
    assert calm.reference not in {ref for ref, _ in found}
