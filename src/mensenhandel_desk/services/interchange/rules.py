"""Every signal of an interchange file passes the checks typed input passes
(``domain/record_rules.py``): a handover not before the signal was received, partner
feedback not before the handover, reporter feedback only with a reporter, closed not
before received, a named legal ground, postcode "3441ab  7" split into postcode and house
number, no dates in the future. A failure raises ``ImportFormatError`` whose message is
the app's own Dutch message, prefixed with the place in the file
(``signals[3].handovers[0].handed_over_on: Een overdracht kan niet ...``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from mensenhandel_desk.domain import record_rules as rules
from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.services.interchange import fields as f
from mensenhandel_desk.services.interchange.plan import ImportPlan, SignalBundle


def _run(place: str, prefix: str, check: Callable[[], Any]) -> Any:
    try:
        return check()
    except DomainError as exc:
        field = exc.field or ""
        if prefix and field.startswith(prefix):
            field = field[len(prefix):]
        where = f"{place}.{field}" if field and field != prefix.rstrip(".") else place
        raise f.FieldError("{place}: {reason}", where, reason=exc.message) from None


def check_signal(bundle: SignalBundle, place: str, today: date | None) -> None:
    """Clean and check one signal with its records in place (idempotent)."""
    signal = bundle.signal
    _run(place, "", lambda: rules.clean_signal(signal, today))
    if signal.closed_on is not None:
        _run(place, "", lambda: rules.check_closed(signal.closed_on, signal.received_on,
                                                   today))
    if bundle.reporter is not None:
        _run(f"{place}.reporter", "reporter.", lambda: rules.clean_reporter(bundle.reporter))
    for i, party in enumerate(bundle.parties):
        _run(f"{place}.parties[{i}]", "party.",
             lambda party=party: rules.clean_party(party, today))
    for i, location in enumerate(bundle.locations):
        _run(f"{place}.locations[{i}]", "location.",
             lambda location=location: rules.clean_location(location))
    for i, note in enumerate(bundle.notes):
        _run(f"{place}.notes[{i}]", "note.", lambda note=note: rules.clean_note(note, today))
    for i, handover in enumerate(bundle.handovers):
        _run(f"{place}.handovers[{i}]", "",
             lambda handover=handover: rules.clean_handover(handover, signal.received_on,
                                                            today))
    for i, feedback in enumerate(bundle.reporter_feedback):
        _run(f"{place}.reporter_feedback[{i}]", "",
             lambda feedback=feedback: rules.clean_reporter_feedback(
                 feedback, signal.received_on, bundle.reporter is not None, today))


def check_plan(plan: ImportPlan, today: date | None) -> None:
    """Every signal of the plan, in file order (the first problem is raised)."""
    for i, bundle in enumerate(plan.signals):
        check_signal(bundle, f"signals[{i}]", today)
