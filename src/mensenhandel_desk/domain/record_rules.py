"""The checks every record passes, whichever way it enters the vault.

Typed input (``services/signals.py``, ``services/handovers.py``), the interchange import
(``services/interchange/rules.py``) and the sheet import (``services/sheets/importing.py``)
all call these functions, so the same record is refused the same way, with the same
Dutch message naming the field. Each function cleans its record in place and returns
it, or raises ``ValidationError``/``RouteError``.

``today`` is the clock's today (dates may not lie in the future); ``None`` skips that
one check (only for reading a file before the vault, and so the clock, is known).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.enums import ExploitationForm, PartyKind, SharingBasis
from mensenhandel_desk.domain.errors import RouteError, ValidationError
from mensenhandel_desk.domain.models import (
    EnrichmentNote,
    Handover,
    Location,
    Party,
    Reporter,
    ReporterFeedback,
    Signal,
)

DEFAULT_FEEDBACK_DAYS = 28

# "3441ab  7", "3441 AB 7-a", "3441AB, 12 bis": a Dutch postcode followed by a house number
_POSTCODE_WITH_NUMBER = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})[\s,]+(\d.*)$")
_NUMBER_LETTERS = re.compile(r"^(\d{1,6})\s*[-\s/]?\s*([A-Za-z]{1,4})$")
_NUMBER_NUMBER = re.compile(r"^(\d{1,6})\s*[-/\s]\s*(\d{1,4})$")


def clean_house_number(value: str, field: str = "location.house_number") -> str:
    """Lenient Dutch house numbers: "7 a", "7-A", "7a" -> "7A"; "7 - 2" -> "7-2";
    anything else is kept as typed (cleaned text)."""
    text = v.clean_text(value, field)
    match = _NUMBER_LETTERS.match(text)
    if match:
        return match.group(1) + match.group(2).upper()
    match = _NUMBER_NUMBER.match(text)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    return text


def split_postcode(value: str) -> tuple[str, str]:
    """(postcode, house number) from a postcode field that may hold both ("3441ab  7");
    a field without a house number returns ("3441ab", "")."""
    text = " ".join((value or "").split())
    match = _POSTCODE_WITH_NUMBER.match(text)
    if match:
        return match.group(1) + match.group(2), match.group(3)
    return text, ""


def clean_signal(signal: Signal, today: date | None) -> Signal:
    signal.summary = v.clean_text(signal.summary, "summary", required=True)
    signal.description = v.clean_text(signal.description, "description", long=True)
    if signal.received_on is None:
        raise ValidationError("Field '{field}' is required.", code="required",
                              field="received_on")
    v.check_date(signal.received_on, "received_on", today=today)
    signal.forms = {ExploitationForm(f) for f in signal.forms}
    if signal.legal_hold_reason is not None:
        signal.legal_hold_reason = v.clean_text(signal.legal_hold_reason,
                                                "legal_hold_reason", long=True) or None
    return signal


def check_closed(closed_on: date, received_on: date, today: date | None) -> date:
    """A closing date: a real date, not in the future, not before the signal was received."""
    v.check_date(closed_on, "closed_on", today=today)
    if closed_on < received_on:
        raise ValidationError("A signal cannot be closed before it was received.",
                              code="closed_before_received", field="closed_on")
    return closed_on


def clean_reporter(reporter: Reporter) -> Reporter:
    reporter.name = v.clean_text(reporter.name, "reporter.name", required=True)
    reporter.department = v.clean_text(reporter.department, "reporter.department")
    reporter.contact = v.clean_text(reporter.contact, "reporter.contact")
    reporter.team_coordinator = v.clean_text(reporter.team_coordinator,
                                             "reporter.team_coordinator")
    return reporter


def clean_party(party: Party, today: date | None) -> Party:
    party.name = v.clean_text(party.name, "party.name", required=True)
    party.nationality = v.clean_text(party.nationality, "party.nationality")
    party.sector = v.clean_text(party.sector, "party.sector")
    party.notes = v.clean_text(party.notes, "party.notes", long=True)
    party.kvk_number = v.clean_kvk(party.kvk_number, "party.kvk_number")
    v.check_date(party.date_of_birth, "party.date_of_birth", today=today)
    if party.kind is PartyKind.ORGANISATION:
        party.date_of_birth = None
    return party


def clean_location(location: Location) -> Location:
    """Postcode "3441ab  7" typed in one field becomes postcode 3441AB + house number 7
    (refused when a different house number is given as well)."""
    postcode, number = split_postcode(location.postcode)
    if number:
        number = clean_house_number(number)
        given = clean_house_number(location.house_number)
        if given and given != number:
            raise ValidationError("The postcode field holds house number {number} while the "
                                  "house number field says {given}.",
                                  code="postcode_house_number", field="location.postcode",
                                  number=number, given=given)
        location.postcode, location.house_number = postcode, number
    location.street = v.clean_text(location.street, "location.street")
    location.house_number = clean_house_number(location.house_number)
    location.postcode = v.clean_postcode(location.postcode, "location.postcode")
    location.town = v.clean_text(location.town, "location.town")
    location.notes = v.clean_text(location.notes, "location.notes", long=True)
    if not (location.street or location.postcode or location.town or location.notes):
        raise ValidationError("A location needs at least a street, postcode, town or "
                              "description.", code="empty_location", field="location")
    return location


def clean_note(note: EnrichmentNote, today: date | None) -> EnrichmentNote:
    v.check_date(note.noted_on, "note.noted_on", today=today)
    note.text = v.clean_text(note.text, "note.text", long=True)
    return note


def clean_handover(handover: Handover, received_on: date, today: date | None) -> Handover:
    """Step 4/5: a partner, not before the signal was received, a named legal ground when
    that is the basis, partner feedback not before the handover."""
    if not handover.partner_key:
        raise RouteError("A handover needs a partner. Choose the partner the signal goes "
                         "to.", code="handover_without_partner", field="partner_key")
    v.check_date(handover.handed_over_on, "handed_over_on", today=today)
    if handover.handed_over_on < received_on:
        raise ValidationError("A handover cannot be dated before the signal was received.",
                              code="handover_before_received", field="handed_over_on")
    handover.legal_ground = v.clean_text(handover.legal_ground, "legal_ground", long=True)
    if handover.basis is SharingBasis.LEGAL_GROUND and not handover.legal_ground:
        raise ValidationError("Name the legal ground for sharing (for example art. 6 lid "
                              "1 sub e AVG with the RIEC covenant).",
                              code="legal_ground_missing", field="legal_ground")
    handover.requested_action = v.clean_text(handover.requested_action, "requested_action",
                                             long=True)
    handover.feedback_text = v.clean_text(handover.feedback_text, "feedback_text", long=True)
    if handover.feedback_due_on is None:
        handover.feedback_due_on = handover.handed_over_on + timedelta(
            days=DEFAULT_FEEDBACK_DAYS)
    v.check_date(handover.feedback_due_on, "feedback_due_on", allow_future=True)
    if handover.feedback_received_on is not None:
        v.check_date(handover.feedback_received_on, "feedback_received_on", today=today)
        if handover.feedback_received_on < handover.handed_over_on:
            raise ValidationError("Feedback cannot arrive before the handover.",
                                  code="feedback_before_handover",
                                  field="feedback_received_on")
    return handover


def clean_reporter_feedback(feedback: ReporterFeedback, received_on: date, has_reporter: bool,
                            today: date | None) -> ReporterFeedback:
    """Step 6: only for a signal with a known reporter, not before it was received."""
    if not has_reporter:
        raise RouteError("This signal has no known reporter to inform (for example an "
                         "anonymous report).", code="no_reporter", field="reporter")
    v.check_date(feedback.given_on, "given_on", today=today)
    if feedback.given_on < received_on:
        raise ValidationError("Feedback cannot be dated before the signal was received.",
                              code="feedback_before_received", field="given_on")
    feedback.text = v.clean_text(feedback.text, "text", long=True)
    return feedback
