"""Adding many new signals with their records in a few statements, inside the caller's
unit of work (the sheet import: 5,000 rows in one transaction). The caller has validated
every record and derived each signal's route state; this only writes, batched: one
multi-row INSERT per table (SQLAlchemy "insertmanyvalues"), one executemany for the
search index."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from mensenhandel_desk.domain import enums as e
from mensenhandel_desk.domain import models as m
from mensenhandel_desk.domain.matching import fold
from mensenhandel_desk.store import rows as r
from mensenhandel_desk.store.mapping import signal_to_row, to_row
from mensenhandel_desk.store.repositories import search_key


@dataclass
class NewSignal:
    signal: m.Signal  # reference, checklist version set; id filled in here
    status: e.SignalStatus
    next_action: str
    next_due_on: date | None
    reporter: m.Reporter | None = None
    parties: list[tuple[m.Party, str]] = field(default_factory=list)  # (party, match key)
    locations: list[tuple[m.Location, str]] = field(default_factory=list)
    notes: list[m.EnrichmentNote] = field(default_factory=list)
    handovers: list[m.Handover] = field(default_factory=list)
    reporter_feedback: list[m.ReporterFeedback] = field(default_factory=list)
    search_parties: str = ""  # the text the search index holds for parties / locations
    search_locations: str = ""


def _insert(session: Session, rows: list) -> None:
    """One executemany per table and set of columns (no RETURNING: ids are known)."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        values = {k: v for k, v in vars(row).items() if not k.startswith("_")}
        groups.setdefault((type(row), tuple(sorted(values))), []).append(values)
    for (row_cls, _), values in groups.items():
        session.execute(insert(row_cls.__table__), values)


def _next_id(session: Session, row_cls: type) -> int:
    table = row_cls.__table__.name
    return int(session.execute(text(f'SELECT coalesce(max(id), 0) FROM "{table}"'))
               .scalar_one()) + 1


def add_signals(session: Session, items: list[NewSignal], now: datetime) -> None:
    """Insert ``items`` (ids are given here: the vault is opened exclusively, and this
    runs inside the caller's transaction, so max(id) + n cannot collide)."""
    session.flush()
    first = _next_id(session, r.SignalRecord)
    rows = []
    for n, item in enumerate(items):
        row = signal_to_row(item.signal, r.SignalRecord())
        row.id = first + n
        row.created_at = row.updated_at = now
        row.status, row.next_action = str(item.status), item.next_action
        row.next_due_on = item.next_due_on
        row.search_key = search_key(row.received_on, row.id)
        rows.append(row)
    _insert(session, rows)
    children = []
    for item, row in zip(items, rows, strict=True):
        sid = row.id
        item.signal.id, item.signal.created_at, item.signal.updated_at = sid, now, now
        item.signal.status = item.status
        if item.reporter is not None:
            item.reporter.signal_id = sid
            children.append(r.ReporterRow(
                signal_id=sid, name=item.reporter.name, department=item.reporter.department,
                contact=item.reporter.contact, team_coordinator=item.reporter.team_coordinator))
        for party, key in item.parties:
            party.signal_id = sid
            child = to_row(party, r.PartyRow())
            child.match_key = key
            children.append(child)
        for location, key in item.locations:
            location.signal_id = sid
            child = to_row(location, r.LocationRow())
            child.match_key = key
            children.append(child)
        for record, row_cls in ([(n, r.EnrichmentNoteRow) for n in item.notes]
                                + [(h, r.HandoverRow) for h in item.handovers]
                                + [(f, r.ReporterFeedbackRow) for f in item.reporter_feedback]):
            record.signal_id = sid
            children.append(to_row(record, row_cls()))
    _insert(session, children)
    session.execute(
        text("INSERT INTO signal_fts(rowid, reference, summary, description, parties, "
             "locations) VALUES (:id, :ref, :summary, :description, :parties, :locations)"),
        [{"id": row.search_key, "ref": fold(row.reference), "summary": fold(row.summary),
          "description": fold(row.description), "parties": fold(item.search_parties),
          "locations": fold(item.search_locations)} for item, row in zip(items, rows,
                                                                          strict=True)])
