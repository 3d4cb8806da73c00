"""Reading an interchange file: JSON -> a validated ``ImportPlan`` of domain records.

Everything is checked here, before the vault is touched: JSON syntax (line and
column), format and version, every field's presence and type, dates, enum values,
text limits (``validation.clean_text``), duplicate ids and references, and that every
id cross-reference (``handovers[].contact_id``, ``indicators[].indicator_id``,
``meetings[].items[].signal_id``) points at a record in the same file. Each problem
raises ``ImportFormatError`` naming the place, e.g. ``signals[3].received_on``.

Ids in the file are file-local: ``write`` gives every record a new id and
remaps the cross-references. Checks that need the vault (references already in use,
partner keys neither in the file nor in the vault) run in ``write`` inside
the unit of work, still before anything is written.
"""

from __future__ import annotations

import json
import re
from typing import Any

from mensenhandel_desk.domain import enums as e
from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.errors import ImportFormatError
from mensenhandel_desk.domain.models import (
    ChecklistVersion,
    Contact,
    EnrichmentNote,
    Handover,
    Indicator,
    Location,
    Meeting,
    MeetingItem,
    Partner,
    Party,
    PrintRecord,
    Reporter,
    ReporterFeedback,
    Signal,
    SignalIndicator,
)
from mensenhandel_desk.domain.monitoring import ActivityKind, AwarenessActivity
from mensenhandel_desk.domain.references import REFERENCE_RE
from mensenhandel_desk.services.interchange import fields as f
from mensenhandel_desk.services.interchange.plan import ImportPlan, MeetingBundle, SignalBundle
from mensenhandel_desk.services.interchange.refs import check_cross_references
from mensenhandel_desk.services.interchange.rules import check_plan

FORMAT_NAME = "mensenhandel-desk"
FORMAT_VERSION = 1
_SETTING_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_PARTNER_KEY = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,59}$")


def parse_document(doc: Any) -> ImportPlan:
    """Validate a whole interchange document (already JSON-decoded) into an ``ImportPlan``."""
    root = f.obj(doc, "document")
    if root.get("format") != FORMAT_NAME:
        raise ImportFormatError(
            "This is not a Mensenhandel Desk export: field 'format' must be '{expected}'.",
            code="import_not_export",
            field="format",
            expected=FORMAT_NAME,
        )
    version = root.get("version")
    if version != FORMAT_VERSION:
        shown = json.dumps(version)[:20]
        raise ImportFormatError(
            "Interchange version {version} is not supported; this version "
            "of the app reads version {supported}.",
            code="import_version",
            field="version",
            version=shown,
            supported=FORMAT_VERSION,
        )
    plan = ImportPlan()
    plan.checklists = [
        _checklist(obj, f"checklist_versions[{i}]")
        for i, obj in enumerate(f.opt_list(root, "checklist_versions", ""))
    ]
    plan.partners = [
        _partner(item, f"partners[{i}]") for i, item in enumerate(f.opt_list(root, "partners", ""))
    ]
    plan.contacts = [
        _contact(item, f"contacts[{i}]") for i, item in enumerate(f.opt_list(root, "contacts", ""))
    ]
    plan.settings = _settings(root.get("settings", {}))
    plan.signals = [
        _signal(item, f"signals[{i}]") for i, item in enumerate(f.opt_list(root, "signals", ""))
    ]
    plan.meetings = [
        _meeting(item, f"meetings[{i}]") for i, item in enumerate(f.opt_list(root, "meetings", ""))
    ]
    plan.print_records = [
        _print_record(item, f"print_records[{i}]")
        for i, item in enumerate(f.opt_list(root, "print_records", ""))
    ]
    plan.activities = [  # absent in files from before awareness activities: none
        _activity(item, f"awareness_activities[{i}]")
        for i, item in enumerate(f.opt_list(root, "awareness_activities", ""))
    ]
    # "audit_trail" is read-only history of the exporting vault: never imported.
    check_cross_references(plan)
    # The app's own record rules (dates in the future are checked again on import,
    # when the vault's clock is known: see write.write_plan).
    check_plan(plan, None)
    return plan


def _checklist(value: Any, place: str) -> ChecklistVersion:
    d = f.obj(value, place)
    checklist = ChecklistVersion(
        version=f.integer(d, "version", place),
        created_on=f.day(d, "created_on", place),
        note=f.text(d, "note", place, long=True),
    )
    if checklist.version < 1:
        raise f.FieldError("{place} must be a whole number of at least 1.", f"{place}.version")
    keys: set[str] = set()
    for i, item in enumerate(f.opt_list(d, "indicators", place)):
        where = f"{place}.indicators[{i}]"
        di = f.obj(item, where)
        ind = Indicator(
            checklist_version=checklist.version,
            key=f.text(di, "key", where, required=True),
            group_key=f.text(di, "group_key", where, required=True),
            group_label=f.text(di, "group_label", where, required=True),
            label=f.text(di, "label", where, required=True),
            is_vulnerability_factor=f.boolean(di, "is_vulnerability_factor", where, False),
            position=f.integer(di, "position", where, required=False, default=i),
            id=f.integer(di, "id", where),
        )
        if ind.key in keys:
            raise f.FieldError(
                "{place}: indicator key '{key}' appears twice in this version.",
                f"{where}.key",
                key=ind.key[:60],
            )
        keys.add(ind.key)
        checklist.indicators.append(ind)
    return checklist


def _partner(value: Any, place: str) -> Partner:
    d = f.obj(value, place)
    key = f.text(d, "key", place, required=True)
    if not _PARTNER_KEY.match(key):
        raise f.FieldError(
            "{place} is not a valid partner key (lower-case letters, digits, _ and -).",
            f"{place}.key",
        )
    tasks = [
        f.text({"t": t}, "t", f"{place}.tasks[{i}]")
        for i, t in enumerate(f.opt_list(d, "tasks", place))
    ]
    forms = [
        f.text({"t": t}, "t", f"{place}.forms[{i}]")
        for i, t in enumerate(f.opt_list(d, "forms", place))
    ]
    return Partner(
        key=key,
        name=f.text(d, "name", place, required=True),
        tasks=tasks,
        forms=forms,
        route=f.text(d, "route", place, long=True),
        active=f.boolean(d, "active", place, True),
    )


def _contact(value: Any, place: str) -> Contact:
    d = f.obj(value, place)
    return Contact(
        id=f.integer(d, "id", place),
        partner_key=f.text(d, "partner_key", place, required=True),
        name=f.text(d, "name", place, required=True),
        function=f.text(d, "function", place),
        phone=f.text(d, "phone", place),
        email=f.text(d, "email", place),
        notes=f.text(d, "notes", place, long=True),
    )


def _settings(value: Any) -> dict[str, str]:
    d = f.obj(value, "settings")
    result: dict[str, str] = {}
    for key in d:
        if not _SETTING_KEY.match(key):
            raise f.FieldError("{place} is not a valid settings name.", "settings")
        result[key] = f.text(d, key, "settings", long=True)
    return result


def _signal(value: Any, place: str) -> SignalBundle:
    d = f.obj(value, place)
    reference = f.text(d, "reference", place, required=True).upper()
    if not REFERENCE_RE.match(reference):
        raise f.FieldError(
            "{place} is not a valid signal reference (MH-YYYY-NNNN).", f"{place}.reference"
        )
    signal = Signal(
        reference=reference,
        received_on=f.day(d, "received_on", place),
        source=f.choice(d, "source", place, e.SignalSource),
        summary=f.text(d, "summary", place, required=True),
        description=f.text(d, "description", place, long=True),
        urgency=f.choice(d, "urgency", place, e.Urgency, required=False, default=e.Urgency.NORMAL),
        forms=f.choices(d, "forms", place, e.ExploitationForm),
        assessment=f.choice(
            d, "assessment", place, e.Assessment, required=False, default=e.Assessment.NOT_ASSESSED
        ),
        status=f.choice(
            d, "status", place, e.SignalStatus, required=False, default=e.SignalStatus.RECEIVED
        ),
        outcome=(
            f.choice(d, "outcome", place, e.Outcome) if d.get("outcome") is not None else None
        ),
        closed_on=f.day(d, "closed_on", place, required=False),
        checklist_version=f.integer(d, "checklist_version", place),
        trusted_person_considered=f.boolean(d, "trusted_person_considered", place, False),
        legal_hold_reason=(
            f.text(d, "legal_hold_reason", place, long=True) or None
            if d.get("legal_hold_reason") is not None
            else None
        ),
        is_demo=f.boolean(d, "is_demo", place, False),
        created_at=f.moment(d, "created_at", place),
        updated_at=f.moment(d, "updated_at", place),
    )
    if (signal.outcome is None) != (signal.closed_on is None):
        raise f.FieldError(
            "{place}: 'outcome' and 'closed_on' go together (both or neither).",
            f"{place}.closed_on",
        )
    bundle = SignalBundle(file_id=f.integer(d, "id", place), signal=signal)
    if d.get("reporter") is not None:
        where = f"{place}.reporter"
        dr = f.obj(d["reporter"], where)
        bundle.reporter = Reporter(
            signal_id=0,
            name=f.text(dr, "name", where, required=True),
            department=f.text(dr, "department", where),
            contact=f.text(dr, "contact", where),
            team_coordinator=f.text(dr, "team_coordinator", where),
        )
    for i, item in enumerate(f.opt_list(d, "parties", place)):
        bundle.parties.append(_party(item, f"{place}.parties[{i}]"))
    for i, item in enumerate(f.opt_list(d, "locations", place)):
        bundle.locations.append(_location(item, f"{place}.locations[{i}]"))
    for i, item in enumerate(f.opt_list(d, "notes", place)):
        where = f"{place}.notes[{i}]"
        dn = f.obj(item, where)
        bundle.notes.append(
            EnrichmentNote(
                signal_id=0,
                noted_on=f.day(dn, "noted_on", where),
                source=f.choice(dn, "source", where, e.EnrichmentSource),
                result=f.choice(dn, "result", where, e.EnrichmentResult),
                text=f.text(dn, "text", where, long=True),
            )
        )
    seen: set[int] = set()
    for i, item in enumerate(f.opt_list(d, "indicators", place)):
        where = f"{place}.indicators[{i}]"
        di = f.obj(item, where)
        mark = SignalIndicator(
            signal_id=0,
            indicator_id=f.integer(di, "indicator_id", where),
            observed=f.boolean(di, "observed", where, True),
            note=f.text(di, "note", where, long=True),
        )
        if mark.indicator_id in seen:
            raise f.FieldError(
                "{place}: indicator id {id} is marked twice on this signal.",
                f"{where}.indicator_id",
                id=mark.indicator_id,
            )
        seen.add(mark.indicator_id)
        bundle.indicators.append(mark)
    for i, item in enumerate(f.opt_list(d, "handovers", place)):
        bundle.handovers.append(_handover(item, f"{place}.handovers[{i}]"))
    for i, item in enumerate(f.opt_list(d, "reporter_feedback", place)):
        where = f"{place}.reporter_feedback[{i}]"
        df = f.obj(item, where)
        bundle.reporter_feedback.append(
            ReporterFeedback(
                signal_id=0,
                given_on=f.day(df, "given_on", where),
                text=f.text(df, "text", where, long=True),
            )
        )
    return bundle


def _party(value: Any, place: str) -> Party:
    d = f.obj(value, place)
    party = Party(
        signal_id=0,
        kind=f.choice(d, "kind", place, e.PartyKind),
        role=f.choice(d, "role", place, e.PartyRole),
        name=f.text(d, "name", place, required=True),
        date_of_birth=f.day(d, "date_of_birth", place, required=False),
        nationality=f.text(d, "nationality", place),
        gender=f.choice(d, "gender", place, e.Gender, required=False, default=e.Gender.UNKNOWN),
        kvk_number=f.text(d, "kvk_number", place),
        sector=f.text(d, "sector", place),
        notes=f.text(d, "notes", place, long=True),
    )
    party.kvk_number = f.checked(v.clean_kvk, party.kvk_number, f"{place}.kvk_number")
    return party


def _location(value: Any, place: str) -> Location:
    d = f.obj(value, place)
    location = Location(
        signal_id=0,
        kind=f.choice(d, "kind", place, e.LocationKind),
        street=f.text(d, "street", place),
        house_number=f.text(d, "house_number", place),
        postcode=f.text(d, "postcode", place),
        town=f.text(d, "town", place),
        notes=f.text(d, "notes", place, long=True),
    )
    return location  # postcode and house number: record_rules.clean_location


def _handover(value: Any, place: str) -> Handover:
    d = f.obj(value, place)
    return Handover(
        signal_id=0,
        partner_key=f.text(d, "partner_key", place, required=True),
        handed_over_on=f.day(d, "handed_over_on", place),
        channel=f.choice(d, "channel", place, e.HandoverChannel),
        basis=f.choice(d, "basis", place, e.SharingBasis),
        legal_ground=f.text(d, "legal_ground", place, long=True),
        shared_data=f.choices(d, "shared_data", place, e.SharedDataKind),
        name_mode=f.choice(
            d, "name_mode", place, e.NameMode, required=False, default=e.NameMode.FULL
        ),
        requested_action=f.text(d, "requested_action", place, long=True),
        feedback_due_on=f.day(d, "feedback_due_on", place, required=False),
        feedback_received_on=f.day(d, "feedback_received_on", place, required=False),
        feedback_text=f.text(d, "feedback_text", place, long=True),
        contact_id=f.optional_int(d, "contact_id", place),
    )


def _activity(value: Any, place: str) -> AwarenessActivity:
    d = f.obj(value, place)
    reached = f.integer(d, "reached", place, required=False, default=0)
    if not 0 <= reached <= 1_000_000:
        raise f.FieldError("{place} must be a whole number from 0.", f.join(place, "reached"))
    return AwarenessActivity(
        held_on=f.day(d, "held_on", place),
        kind=f.choice(d, "kind", place, ActivityKind),
        target_group=f.text(d, "target_group", place, required=True),
        reached=reached,
        given_by=f.text(d, "given_by", place),
    )


def _meeting(value: Any, place: str) -> MeetingBundle:
    d = f.obj(value, place)
    bundle = MeetingBundle(
        file_id=f.integer(d, "id", place),
        meeting=Meeting(
            held_on=f.day(d, "held_on", place),
            title=f.text(d, "title", place, required=True),
            place=f.text(d, "place", place),
            notes=f.text(d, "notes", place, long=True),
            attendees=f.text(d, "attendees", place, long=True),
        ),
    )
    for i, item in enumerate(f.opt_list(d, "items", place)):
        where = f"{place}.items[{i}]"
        di = f.obj(item, where)
        bundle.items.append(
            MeetingItem(
                meeting_id=0,
                signal_id=f.integer(di, "signal_id", where),
                position=f.integer(di, "position", where, required=False, default=i + 1),
                summary=f.text(di, "summary", where, long=True),
                decision=f.text(di, "decision", where, long=True),
                action_holder=f.text(di, "action_holder", where),
                due_on=f.day(di, "due_on", where, required=False),
            )
        )
    return bundle


def _print_record(value: Any, place: str) -> PrintRecord:
    d = f.obj(value, place)
    return PrintRecord(
        at=f.moment(d, "at", place),
        document_kind=f.text(d, "document_kind", place, required=True),
        object_ref=f.text(d, "object_ref", place, required=True),
        copy_number=f.integer(d, "copy_number", place),
        recipient=f.text(d, "recipient", place),
    )
