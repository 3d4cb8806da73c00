"""The six-step report route, derived from what has been recorded.

The route is explicit but no straitjacket: the officer may hand a very serious signal
straight to the police without enrichment, or hand one signal to several partners.
The status is the furthest step reached; the service only refuses what makes no sense
(see ``check_close`` and the handover/feedback checks in the services).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mensenhandel_desk.domain.enums import Outcome, SignalStatus, Urgency
from mensenhandel_desk.domain.errors import RouteError
from mensenhandel_desk.i18n import N_

ROUTE_STEP: dict[SignalStatus, int] = {
    SignalStatus.RECEIVED: 2,
    SignalStatus.ENRICHED: 3,
    SignalStatus.DISCUSSED: 3,
    SignalStatus.HANDED_OVER: 4,
    SignalStatus.FEEDBACK_RECEIVED: 5,
    SignalStatus.REPORTER_INFORMED: 6,
    SignalStatus.CLOSED: 6,
}

CARE_COORDINATOR_KEY = "zorgcoordinator"
POLICE_AVIM_KEY = "politie_avim"
LABOUR_INSPECTORATE_KEY = "nla"


@dataclass(frozen=True, slots=True)
class RouteFacts:
    """What has been recorded on one signal, reduced to what the route needs."""

    enriched: bool = False
    discussed: bool = False
    handovers: int = 0
    partners: frozenset[str] = frozenset()
    feedback_received: int = 0
    feedback_overdue_since: date | None = None
    reporter_informed: bool = False
    has_reporter: bool = False
    closed: bool = False
    urgency: Urgency = Urgency.NORMAL
    labour: bool = False


def derive_status(facts: RouteFacts) -> SignalStatus:
    if facts.closed:
        return SignalStatus.CLOSED
    if facts.reporter_informed:
        return SignalStatus.REPORTER_INFORMED
    if facts.feedback_received:
        return SignalStatus.FEEDBACK_RECEIVED
    if facts.handovers:
        return SignalStatus.HANDED_OVER
    if facts.discussed:
        return SignalStatus.DISCUSSED
    if facts.enriched:
        return SignalStatus.ENRICHED
    return SignalStatus.RECEIVED


def check_close(outcome: Outcome | None) -> None:
    if outcome is None:
        raise RouteError("A signal can only be closed with an outcome. Choose the outcome "
                         "first.", code="close_without_outcome", field="outcome")


def next_actions(facts: RouteFacts, today: date) -> list[tuple[str, str, bool]]:
    """The sensible next steps as (code, English source message, overdue).

    Ordered by importance; the first one is "the" next action shown in lists.
    """
    if facts.closed:
        return []
    actions: list[tuple[str, str, bool]] = []
    if facts.urgency is Urgency.IMMEDIATE and POLICE_AVIM_KEY not in facts.partners:
        actions.append(("handover_police", N_("Very serious: hand over to police AVIM now"),
                        True))
    if facts.feedback_overdue_since is not None:
        actions.append(("chase_feedback", N_("Partner feedback is overdue: ask the partner"),
                        True))
    if not facts.enriched and not facts.handovers:
        actions.append(("enrich", N_("Check whether parties and addresses are already known "
                                     "and enrich the signal"), False))
    if facts.handovers and CARE_COORDINATOR_KEY not in facts.partners:
        actions.append(("handover_care", N_("Report to the care coordinator as well (always)"),
                        False))
    if not facts.handovers and (facts.enriched or facts.discussed):
        actions.append(("handover", N_("Hand the signal over to the right partner"), False))
    if facts.handovers and facts.feedback_received == 0 and facts.feedback_overdue_since is None:
        actions.append(("await_feedback", N_("Wait for partner feedback"), False))
    if facts.feedback_received and facts.has_reporter and not facts.reporter_informed:
        actions.append(("inform_reporter", N_("Tell the reporting employee what was done"),
                        False))
    if (facts.labour and facts.handovers and not facts.feedback_received
            and LABOUR_INSPECTORATE_KEY not in facts.partners):
        actions.append(("handover_nla", N_("Labour exploitation: consider the Labour "
                                           "Inspectorate"), False))
    if facts.feedback_received and (facts.reporter_informed or not facts.has_reporter):
        actions.append(("close", N_("Close the signal with an outcome"), False))
    return actions
