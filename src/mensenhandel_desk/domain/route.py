"""The six-step report route, derived from what has been recorded.

The route is explicit but no straitjacket: the officer may hand a very serious signal
straight to the police without enrichment, or hand one signal to several partners.
The status is the furthest step reached; the service only refuses what makes no sense
(see ``check_close`` and the handover/feedback checks in the services).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    # Earliest due date of partner feedback not yet received (overdue or not).
    feedback_due_on: date | None = None
    reporter_informed: bool = False
    has_reporter: bool = False
    closed: bool = False
    urgency: Urgency = Urgency.NORMAL
    labour: bool = False
    received_on: date | None = None


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
    codes: list[tuple[str, bool]] = []
    if facts.urgency is Urgency.IMMEDIATE and POLICE_AVIM_KEY not in facts.partners:
        codes.append(("handover_police", True))
    if facts.feedback_overdue_since is not None:
        codes.append(("chase_feedback", True))
    if not facts.enriched and not facts.handovers:
        codes.append(("enrich", False))
    if facts.handovers and CARE_COORDINATOR_KEY not in facts.partners:
        codes.append(("handover_care", False))
    if not facts.handovers and (facts.enriched or facts.discussed):
        codes.append(("handover", False))
    if facts.handovers and facts.feedback_received == 0 and facts.feedback_overdue_since is None:
        codes.append(("await_feedback", False))
    if facts.feedback_received and facts.has_reporter and not facts.reporter_informed:
        codes.append(("inform_reporter", False))
    if (facts.labour and facts.handovers and not facts.feedback_received
            and LABOUR_INSPECTORATE_KEY not in facts.partners):
        codes.append(("handover_nla", False))
    if facts.feedback_received and (facts.reporter_informed or not facts.has_reporter):
        codes.append(("close", False))
    return [(code, ACTION_MESSAGES[code], overdue) for code, overdue in codes]


# The English source message of every action code (translated where shown, via ``_()``).
ACTION_MESSAGES: dict[str, str] = {
    "handover_police": N_("Very serious: hand over to police AVIM now"),
    "chase_feedback": N_("Partner feedback is overdue: ask the partner"),
    "enrich": N_("Check whether parties and addresses are already known and enrich the "
                 "signal"),
    "handover_care": N_("Report to the care coordinator as well (always)"),
    "handover": N_("Hand the signal over to the right partner"),
    "await_feedback": N_("Wait for partner feedback"),
    "inform_reporter": N_("Tell the reporting employee what was done"),
    "handover_nla": N_("Labour exploitation: consider the Labour Inspectorate"),
    "close": N_("Close the signal with an outcome"),
    # Attention list only (not route steps):
    "meeting_action": N_("An action agreed in the meeting is due"),
    "untouched": N_("Nobody has worked on this signal for weeks: check where it stands"),
}


def stored_next_action(facts: RouteFacts) -> tuple[str, date | None]:
    """What the signal table keeps per signal (columns ``next_action``, ``next_due_on``),
    computed without "today", so nothing goes stale between writes.

    The code is the first of ``next_actions`` with overdue feedback ignored ("" when
    closed). The due date is the signal's next deadline: the day it was received for
    ``handover_police`` (it is due at once); otherwise the earliest due date of partner
    feedback not yet received, whatever the code (so a read can tell, by comparing it
    with today, that chasing the partner has become the first action); otherwise NULL
    (enriching, handing over, informing the reporter and closing have no deadline of
    their own in the route).
    """
    calm = replace(facts, feedback_overdue_since=None)
    actions = next_actions(calm, date.min)
    if not actions:
        return "", None
    code = actions[0][0]
    if code == "handover_police":
        return code, facts.received_on
    return code, facts.feedback_due_on


def current_next_action(code: str, due_on: date | None, today: date) -> tuple[str, bool]:
    """The first next action as of ``today`` from the stored pair: (code, overdue).

    Equals ``next_actions(facts, today)[0]``: only partner feedback can become overdue
    by the passing of time, and chasing it outranks everything but ``handover_police``.
    """
    if code == "handover_police":
        return code, True
    if code and due_on is not None and due_on < today:
        return "chase_feedback", True
    return code, False
