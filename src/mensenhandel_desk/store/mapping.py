"""Conversion between ORM rows and domain records (the only place that knows both)."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from mensenhandel_desk.domain import enums as e
from mensenhandel_desk.domain import models as m
from mensenhandel_desk.domain.monitoring import AwarenessActivity
from mensenhandel_desk.store import rows as r

FORM_COLUMNS = {
    e.ExploitationForm.SEXUAL: "form_sexual",
    e.ExploitationForm.LABOUR: "form_labour",
    e.ExploitationForm.CRIMINAL: "form_criminal",
    e.ExploitationForm.OTHER: "form_other",
}


def join_keys(values: set | list) -> str:
    return ",".join(sorted(str(v) for v in values))


def split_keys(text: str, enum: type) -> set:
    return {enum(part) for part in text.split(",") if part}


def signal_to_domain(row: r.SignalRecord) -> m.Signal:
    return m.Signal(
        id=row.id, reference=row.reference, received_on=row.received_on,
        source=e.SignalSource(row.source), summary=row.summary, description=row.description,
        urgency=e.Urgency(row.urgency), forms=split_keys(row.forms, e.ExploitationForm),
        assessment=e.Assessment(row.assessment), status=e.SignalStatus(row.status),
        outcome=e.Outcome(row.outcome) if row.outcome else None, closed_on=row.closed_on,
        checklist_version=row.checklist_version,
        trusted_person_considered=row.trusted_person_considered,
        legal_hold_reason=row.legal_hold_reason, is_demo=row.is_demo,
        created_at=row.created_at, updated_at=row.updated_at,
    )


def signal_to_row(signal: m.Signal, row: r.SignalRecord) -> r.SignalRecord:
    row.reference = signal.reference
    row.received_on = signal.received_on
    row.source = str(signal.source)
    row.summary = signal.summary
    row.description = signal.description
    row.urgency = str(signal.urgency)
    row.forms = join_keys(signal.forms)
    for form, column in FORM_COLUMNS.items():
        setattr(row, column, form in signal.forms)
    row.assessment = str(signal.assessment)
    row.status = str(signal.status)
    row.outcome = str(signal.outcome) if signal.outcome else None
    row.closed_on = signal.closed_on
    row.checklist_version = signal.checklist_version
    row.trusted_person_considered = signal.trusted_person_considered
    row.legal_hold_reason = signal.legal_hold_reason
    row.is_demo = signal.is_demo
    return row


def signal_row_summary(row: Any) -> m.SignalRow:
    return m.SignalRow(
        id=row.id, reference=row.reference, received_on=row.received_on, summary=row.summary,
        status=e.SignalStatus(row.status), urgency=e.Urgency(row.urgency),
        forms=split_keys(row.forms, e.ExploitationForm),
        assessment=e.Assessment(row.assessment), source=e.SignalSource(row.source),
    )


# Simple records: same field names on both sides; enums and sets converted by type.
_ENUM_FIELDS: dict[type, dict[str, type]] = {
    m.Party: {"kind": e.PartyKind, "role": e.PartyRole, "gender": e.Gender},
    m.Location: {"kind": e.LocationKind},
    AwarenessActivity: {"kind": e.ActivityKind},
    m.EnrichmentNote: {"source": e.EnrichmentSource, "result": e.EnrichmentResult},
    m.Handover: {"channel": e.HandoverChannel, "basis": e.SharingBasis,
                 "name_mode": e.NameMode},
}
_SET_FIELDS: dict[type, dict[str, type]] = {
    m.Handover: {"shared_data": e.SharedDataKind},
}
_JSON_FIELDS: dict[type, set[str]] = {m.Partner: {"tasks"}}
_LIST_FIELDS: dict[type, set[str]] = {m.Partner: {"forms"}}


def to_domain(row: Any, cls: type) -> Any:
    enums = _ENUM_FIELDS.get(cls, {})
    sets = _SET_FIELDS.get(cls, {})
    values: dict[str, Any] = {}
    for f in fields(cls):
        value = getattr(row, f.name)
        if f.name in enums:
            value = enums[f.name](value)
        elif f.name in sets:
            value = split_keys(value, sets[f.name])
        elif f.name in _JSON_FIELDS.get(cls, set()):
            value = json.loads(value or "[]")
        elif f.name in _LIST_FIELDS.get(cls, set()):
            value = [part for part in (value or "").split(",") if part]
        values[f.name] = value
    return cls(**values)


def to_row(record: Any, row: Any) -> Any:
    cls = type(record)
    sets = _SET_FIELDS.get(cls, {})
    for f in fields(cls):
        if f.name == "id" and record.id is None:
            continue
        value = getattr(record, f.name)
        if f.name in sets:
            value = join_keys(value)
        elif f.name in _JSON_FIELDS.get(cls, set()):
            value = json.dumps(value, ensure_ascii=False)
        elif f.name in _LIST_FIELDS.get(cls, set()):
            value = ",".join(value)
        elif hasattr(value, "value") and isinstance(value, str):
            value = str(value)
        setattr(row, f.name, value)
    return row
