"""Keep each signal's derived route status, next action and search index in step with its
records."""

from __future__ import annotations

from datetime import date

from mensenhandel_desk.domain.enums import EnrichmentSource, ExploitationForm, SignalStatus
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import Handover, Location, Party, Signal
from mensenhandel_desk.domain.route import RouteFacts, derive_status, stored_next_action
from mensenhandel_desk.store.vault import UnitOfWork


def facts_for(uow: UnitOfWork, signal_id: int, today: date) -> RouteFacts:
    return facts_of(uow.signals.get(signal_id), uow.handovers.for_signal(signal_id), today,
                    enriched=any(note.source is not EnrichmentSource.SHEET_IMPORT
                                 for note in uow.notes.for_signal(signal_id)),
                    discussed=uow.meeting_items.discussed(signal_id, today),
                    reporter_informed=bool(uow.reporter_feedback.for_signal(signal_id)),
                    has_reporter=uow.reporters.exists_for_signal(signal_id))


def facts_of(signal: Signal, handovers: list[Handover], today: date, *, enriched: bool,
             discussed: bool, reporter_informed: bool, has_reporter: bool) -> RouteFacts:
    """The route facts of a signal from its records (also for records not yet stored)."""
    open_due = [h.feedback_due_on for h in handovers
                if h.feedback_received_on is None and h.feedback_due_on]
    overdue = [due for due in open_due if due < today]
    return RouteFacts(
        enriched=enriched,
        discussed=discussed,
        handovers=len(handovers),
        partners=frozenset(h.partner_key for h in handovers),
        feedback_received=sum(1 for h in handovers if h.feedback_received_on),
        feedback_overdue_since=min(overdue) if overdue else None,
        feedback_due_on=min(open_due) if open_due else None,
        reporter_informed=reporter_informed,
        has_reporter=has_reporter,
        closed=signal.outcome is not None and signal.closed_on is not None,
        urgency=signal.urgency,
        labour=ExploitationForm.LABOUR in signal.forms,
        received_on=signal.received_on,
    )


def search_texts(parties: list[Party], locations: list[Location]) -> tuple[str, str]:
    """What the search index holds for a signal's parties and locations."""
    return (" ".join(p.name + " " + p.kvk_number for p in parties),
            " ".join(f"{loc.street} {loc.house_number} {loc.postcode} {loc.town} "
                     f"{label(loc.kind, language='nl')}" for loc in locations))


def refresh(uow: UnitOfWork, signal_id: int, today: date, now) -> SignalStatus:
    """Recompute status, next action and the full-text entry; call after any change to a
    signal. Marks the signal as touched at ``now`` (the attention list's "untouched");
    ``now=None``: not touched (a catch-up with the date, ``catch_up``)."""
    facts = facts_for(uow, signal_id, today)
    status = derive_status(facts)
    code, due_on = stored_next_action(facts)
    uow.signals.set_route_state(signal_id, status, code, due_on, now)
    parties, locations = search_texts(uow.parties.for_signal(signal_id),
                                      uow.locations.for_signal(signal_id))
    uow.signals.reindex(signal_id, parties, locations)
    return status


def catch_up(uow: UnitOfWork, today: date) -> list[int]:
    """The one status that changes by the passing of time: a signal on the agenda of a
    meeting counts as discussed from the meeting's day on (docs/route.md). Recomputes the
    signals whose meeting has been held since their last write (on unlock); they do not
    count as touched. Returns their ids."""
    ids = uow.meeting_items.newly_discussed(today)
    for signal_id in ids:
        refresh(uow, signal_id, today, None)
    return ids
