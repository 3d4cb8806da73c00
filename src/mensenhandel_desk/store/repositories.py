"""Repositories: the services' only door to the tables. They take and return domain
records; no SQLAlchemy object leaves this package."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Date,
    DateTime,
    Integer,
    and_,
    bindparam,
    column,
    delete,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    update,
)
from sqlalchemy.orm import Session

from mensenhandel_desk.domain import enums as e
from mensenhandel_desk.domain import models as m
from mensenhandel_desk.domain.matching import fold
from mensenhandel_desk.domain.monitoring import AwarenessActivity
from mensenhandel_desk.store import rows as r
from mensenhandel_desk.store.mapping import (
    FORM_COLUMNS,
    signal_row_summary,
    signal_to_domain,
    signal_to_row,
    to_domain,
    to_row,
)

T = TypeVar("T")

SEARCH_CAP = 2000
ID_MASK = (1 << 32) - 1


def search_key(received_on: date, signal_id: int) -> int:
    """FTS rowid: date first, so rowid order is (received_on, id) order."""
    return (received_on.toordinal() << 32) | signal_id

# One indexed order per register column (migration 0003): the expressions are written
# exactly as in the expression indexes, so SQLite walks the index instead of sorting.
# Every order ends with the id (the rowid closing every index), so ties are stable.
SORT_ORDERS: dict[str, tuple[str, ...]] = {
    "reference": ("reference",),
    "received_on": ("received_on",),
    "status": (r.STATUS_RANK,),
    "forms": ("forms",),
    "urgency": (r.URGENCY_RANK,),
    "assessment": (r.ASSESSMENT_RANK,),
    # by the next action's due date (none last), then received date
    "next_action": ("next_due_on IS NULL", "next_due_on", "received_on"),
    "summary": ("summary COLLATE NOCASE",),
}
ROWS_CHUNK = 500  # ids per IN (...) when fetching rows by id
# Each situation in the global order of the list (overdue first, due date, reference)
# with the caller's limit: the list's first N are among these, so no query returns more.
ATTENTION_SQL: dict[str, str] = {
    # partner feedback overdue; due: the earliest overdue feedback date
    "chase_feedback": """
        SELECT s.id, s.reference, min(h.feedback_due_on) AS due
        FROM handover h CROSS JOIN signal s
        WHERE s.id = h.signal_id AND h.feedback_received_on IS NULL
          AND h.feedback_due_on < :today AND s.status != 'closed'
        GROUP BY s.id ORDER BY due, s.reference LIMIT :limit""",
    # feedback received, a reporter recorded, not yet informed (that is the status)
    "inform_reporter": """
        SELECT s.id, s.reference, NULL AS due FROM signal s
        WHERE s.status = 'feedback_received'
          AND EXISTS (SELECT 1 FROM reporter r WHERE r.signal_id = s.id)
        ORDER BY s.reference LIMIT :limit""",
    # very serious and not with the police; due since it was received
    "handover_police": """
        SELECT s.id, s.reference, s.received_on AS due FROM signal s
        WHERE s.urgency = 'immediate' AND s.status != 'closed'
          AND NOT EXISTS (SELECT 1 FROM handover h WHERE h.signal_id = s.id
                          AND h.partner_key = 'politie_avim')
        ORDER BY s.received_on, s.reference LIMIT :limit""",
    # handed over, but not (yet) to the care coordinator
    "handover_care": """
        SELECT s.id, s.reference, NULL AS due FROM signal s
        WHERE s.id IN (SELECT h.signal_id FROM handover h) AND s.status != 'closed'
          AND NOT EXISTS (SELECT 1 FROM handover h WHERE h.signal_id = s.id
                          AND h.partner_key = 'zorgcoordinator')
        ORDER BY s.reference LIMIT :limit""",
    # an action agreed in a meeting (an agenda item with a due date) is due
    "meeting_action": """
        SELECT s.id, s.reference, min(mi.due_on) AS due
        FROM meeting_item mi CROSS JOIN signal s
        WHERE s.id = mi.signal_id AND mi.due_on <= :today AND s.status != 'closed'
        GROUP BY s.id ORDER BY due >= :today, due, s.reference LIMIT :limit""",
    # open and not touched since the cut-off; due: the day it became stale
    "untouched": """
        SELECT s.id, s.reference, s.updated_at AS due FROM signal s
        WHERE s.updated_at < :stale_before AND s.status != 'closed'
        ORDER BY date(s.updated_at), s.reference LIMIT :limit""",
}


class RecordRepository(Generic[T]):
    """CRUD for records whose fields map one-to-one onto a row."""

    row_cls: type
    record_cls: type

    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, record: T) -> T:
        row = to_row(record, self.row_cls())
        self.s.add(row)
        self.s.flush()
        record.id = row.id  # type: ignore[attr-defined]
        return record

    def get(self, record_id: int) -> T | None:
        row = self.s.get(self.row_cls, record_id)
        return to_domain(row, self.record_cls) if row else None

    def update(self, record: T) -> T:
        row = self.s.get(self.row_cls, record.id)  # type: ignore[attr-defined]
        to_row(record, row)
        self.s.flush()
        return record

    def delete(self, record_id: int) -> None:
        row = self.s.get(self.row_cls, record_id)
        if row is not None:
            self.s.delete(row)
            self.s.flush()

    def for_signal(self, signal_id: int) -> list[T]:
        stmt = select(self.row_cls).where(self.row_cls.signal_id == signal_id)
        stmt = stmt.order_by(self.row_cls.id)
        return [to_domain(row, self.record_cls) for row in self.s.scalars(stmt)]

    def all(self) -> list[T]:
        return [to_domain(row, self.record_cls)
                for row in self.s.scalars(select(self.row_cls).order_by(self.row_cls.id))]


class PartyRepository(RecordRepository[m.Party]):
    row_cls = r.PartyRow
    record_cls = m.Party

    def add_keyed(self, party: m.Party, match_key: str) -> m.Party:
        self.add(party)
        self.s.get(r.PartyRow, party.id).match_key = match_key
        return party

    def update_keyed(self, party: m.Party, match_key: str) -> m.Party:
        self.update(party)
        self.s.get(r.PartyRow, party.id).match_key = match_key
        return party

    def signals_with_keys(self, match_keys: list[str],
                          exclude_signal: int | None) -> list[tuple[int, str, str]]:
        """(signal id, name, stored key) of the parties with one of these keys."""
        stmt = select(r.PartyRow.signal_id, r.PartyRow.name, r.PartyRow.match_key).where(
            r.PartyRow.match_key.in_(match_keys))
        if exclude_signal is not None:
            stmt = stmt.where(r.PartyRow.signal_id != exclude_signal)
        return [(row.signal_id, row.name, row.match_key) for row in self.s.execute(stmt)]

    KVK_KEYS = (r.PartyRow.match_key >= "o:kvk:", r.PartyRow.match_key < "o:kvk;")

    def kvk_organisations_state(self) -> tuple[int, int]:
        """(how many, highest id) of the organisations recorded with a KvK number (from
        the key index alone): tells a cache of their names what changed."""
        row = self.s.execute(select(func.count(), func.max(r.PartyRow.id))
                             .where(*self.KVK_KEYS)).one()
        return int(row[0]), int(row[1] or 0)

    def kvk_organisation_names(self, after_id: int = 0) -> list[tuple[int, str]]:
        """(party id, name) of the organisations with a KvK number, ids above ``after_id``."""
        stmt = select(r.PartyRow.id, r.PartyRow.name).where(*self.KVK_KEYS,
                                                              r.PartyRow.id > after_id)
        return [(row.id, row.name) for row in self.s.execute(stmt)]

    def keyed(self, ids: list[int]) -> list[tuple[int, int, str, str]]:
        """(party id, signal id, name, stored key) of these parties, as they are now."""
        if not ids:
            return []
        stmt = select(r.PartyRow.id, r.PartyRow.signal_id, r.PartyRow.name,
                      r.PartyRow.match_key).where(r.PartyRow.id.in_(ids))
        return [(row.id, row.signal_id, row.name, row.match_key)
                for row in self.s.execute(stmt)]

    def persons_named_like(self, folded_tokens: list[str]) -> list[m.Party]:
        """Candidates for a subject-access search; the caller folds and filters exactly."""
        stmt = select(r.PartyRow).where(r.PartyRow.kind == str(e.PartyKind.PERSON))
        for token in folded_tokens:
            stmt = stmt.where(r.PartyRow.match_key.contains(token))
        return [to_domain(row, m.Party) for row in self.s.scalars(stmt)]


class LocationRepository(RecordRepository[m.Location]):
    row_cls = r.LocationRow
    record_cls = m.Location

    def add_keyed(self, location: m.Location, match_key: str) -> m.Location:
        self.add(location)
        self.s.get(r.LocationRow, location.id).match_key = match_key
        return location

    def update_keyed(self, location: m.Location, match_key: str) -> m.Location:
        self.update(location)
        self.s.get(r.LocationRow, location.id).match_key = match_key
        return location

    def with_keys(self, match_keys: list[str], exclude_signal: int | None) -> list[m.Location]:
        """The locations stored under one of these keys, other signals than ``exclude``."""
        stmt = select(r.LocationRow).where(r.LocationRow.match_key.in_(match_keys))
        if exclude_signal is not None:
            stmt = stmt.where(r.LocationRow.signal_id != exclude_signal)
        return [to_domain(row, m.Location) for row in self.s.scalars(stmt)]


class NoteRepository(RecordRepository[m.EnrichmentNote]):
    row_cls = r.EnrichmentNoteRow
    record_cls = m.EnrichmentNote


class HandoverRepository(RecordRepository[m.Handover]):
    row_cls = r.HandoverRow
    record_cls = m.Handover

    def overdue(self, today: date) -> list[tuple[m.Handover, str]]:
        stmt = (select(r.HandoverRow, r.SignalRecord.reference)
                .join(r.SignalRecord, r.SignalRecord.id == r.HandoverRow.signal_id)
                .where(r.HandoverRow.feedback_received_on.is_(None),
                       r.HandoverRow.feedback_due_on < today,
                       r.SignalRecord.status != str(e.SignalStatus.CLOSED))
                .order_by(r.HandoverRow.feedback_due_on))
        return [(to_domain(h, m.Handover), ref) for h, ref in self.s.execute(stmt)]


class ReporterFeedbackRepository(RecordRepository[m.ReporterFeedback]):
    row_cls = r.ReporterFeedbackRow
    record_cls = m.ReporterFeedback


class ContactRepository(RecordRepository[m.Contact]):
    row_cls = r.ContactRow
    record_cls = m.Contact

    def for_partner(self, partner_key: str) -> list[m.Contact]:
        stmt = select(r.ContactRow).where(r.ContactRow.partner_key == partner_key)
        return [to_domain(row, m.Contact) for row in self.s.scalars(stmt.order_by(r.ContactRow.id))]


class MeetingRepository(RecordRepository[m.Meeting]):
    row_cls = r.MeetingRow
    record_cls = m.Meeting

    def all(self) -> list[m.Meeting]:
        stmt = select(r.MeetingRow).order_by(r.MeetingRow.held_on.desc(), r.MeetingRow.id)
        return [to_domain(row, m.Meeting) for row in self.s.scalars(stmt)]


class MeetingItemRepository(RecordRepository[m.MeetingItem]):
    row_cls = r.MeetingItemRow
    record_cls = m.MeetingItem

    def for_meeting(self, meeting_id: int) -> list[m.MeetingItem]:
        stmt = (select(r.MeetingItemRow).where(r.MeetingItemRow.meeting_id == meeting_id)
                .order_by(r.MeetingItemRow.position, r.MeetingItemRow.id))
        return [to_domain(row, m.MeetingItem) for row in self.s.scalars(stmt)]

    def discussed(self, signal_id: int, today: date) -> bool:
        """Was the signal discussed in a meeting: on the agenda of a meeting held on or
        before ``today``, or with a decision recorded (route step 3)?"""
        stmt = (select(r.MeetingItemRow.id)
                .join(r.MeetingRow, r.MeetingRow.id == r.MeetingItemRow.meeting_id)
                .where(r.MeetingItemRow.signal_id == signal_id,
                       or_(r.MeetingRow.held_on <= today, r.MeetingItemRow.decision != ""))
                .limit(1))
        return self.s.scalar(stmt) is not None

    def newly_discussed(self, today: date) -> list[int]:
        """Signals whose stored status is still before "discussed" while a meeting with
        them on its agenda has been held by ``today`` (their status is out of date)."""
        early = [str(e.SignalStatus.RECEIVED), str(e.SignalStatus.ENRICHED)]
        stmt = (select(r.MeetingItemRow.signal_id).distinct()
                .join(r.MeetingRow, r.MeetingRow.id == r.MeetingItemRow.meeting_id)
                .join(r.SignalRecord, r.SignalRecord.id == r.MeetingItemRow.signal_id)
                .where(r.MeetingRow.held_on <= today, r.SignalRecord.status.in_(early)))
        return list(self.s.scalars(stmt))


class PartnerRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, partner: m.Partner) -> m.Partner:
        self.s.add(to_row(partner, r.PartnerRow()))
        self.s.flush()
        return partner

    def update(self, partner: m.Partner) -> m.Partner:
        to_row(partner, self.s.get(r.PartnerRow, partner.key))
        self.s.flush()
        return partner

    def get(self, key: str) -> m.Partner | None:
        row = self.s.get(r.PartnerRow, key)
        return to_domain(row, m.Partner) if row else None

    def all(self) -> list[m.Partner]:
        return [to_domain(row, m.Partner)
                for row in self.s.scalars(select(r.PartnerRow).order_by(r.PartnerRow.name))]


class ReporterRepository:
    """The one place that reads the reporter table. Services call it explicitly."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def get_for_signal(self, signal_id: int) -> m.Reporter | None:
        row = self.s.scalar(select(r.ReporterRow).where(r.ReporterRow.signal_id == signal_id))
        if row is None:
            return None
        return m.Reporter(id=row.id, signal_id=row.signal_id, name=row.name,
                          department=row.department, contact=row.contact,
                          team_coordinator=row.team_coordinator)

    def exists_for_signal(self, signal_id: int) -> bool:
        return self.s.scalar(select(func.count()).select_from(r.ReporterRow)
                             .where(r.ReporterRow.signal_id == signal_id)) > 0

    def put(self, reporter: m.Reporter) -> m.Reporter:
        row = self.s.scalar(select(r.ReporterRow)
                            .where(r.ReporterRow.signal_id == reporter.signal_id))
        if row is None:
            row = r.ReporterRow(signal_id=reporter.signal_id)
            self.s.add(row)
        row.name, row.department = reporter.name, reporter.department
        row.contact, row.team_coordinator = reporter.contact, reporter.team_coordinator
        self.s.flush()
        reporter.id = row.id
        return reporter

    def remove_for_signal(self, signal_id: int) -> None:
        self.s.execute(delete(r.ReporterRow).where(r.ReporterRow.signal_id == signal_id))

    def informed_counts(self, since: date, until: date) -> tuple[int, int]:
        """(signals received in the period with a reporter, of those informed): counts
        only, for monitoring."""
        row = self.s.connection().exec_driver_sql(
            "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM reporter_feedback f "
            "WHERE f.signal_id = s.id)), 0) FROM signal s JOIN reporter r "
            "ON r.signal_id = s.id WHERE s.received_on >= ? AND s.received_on <= ?",
            (since.isoformat(), until.isoformat())).one()
        return int(row[0]), int(row[1])

    def all(self) -> list[m.Reporter]:
        return [m.Reporter(id=row.id, signal_id=row.signal_id, name=row.name,
                           department=row.department, contact=row.contact,
                           team_coordinator=row.team_coordinator)
                for row in self.s.scalars(select(r.ReporterRow).order_by(r.ReporterRow.id))]


class ChecklistRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def latest_version(self) -> int | None:
        return self.s.scalar(select(func.max(r.ChecklistVersionRow.version)))

    def versions(self) -> list[int]:
        return list(self.s.scalars(select(r.ChecklistVersionRow.version)
                                   .order_by(r.ChecklistVersionRow.version)))

    def get(self, version: int) -> m.ChecklistVersion | None:
        head = self.s.get(r.ChecklistVersionRow, version)
        if head is None:
            return None
        stmt = (select(r.IndicatorRow).where(r.IndicatorRow.checklist_version == version)
                .order_by(r.IndicatorRow.position, r.IndicatorRow.id))
        indicators = [self._indicator(row) for row in self.s.scalars(stmt)]
        return m.ChecklistVersion(version=head.version, created_on=head.created_on,
                                  note=head.note, indicators=indicators)

    def add(self, checklist: m.ChecklistVersion) -> m.ChecklistVersion:
        self.s.add(r.ChecklistVersionRow(version=checklist.version,
                                         created_on=checklist.created_on, note=checklist.note))
        self.s.flush()
        for position, ind in enumerate(checklist.indicators):
            row = r.IndicatorRow(checklist_version=checklist.version, key=ind.key,
                                 group_key=ind.group_key, group_label=ind.group_label,
                                 label=ind.label,
                                 is_vulnerability_factor=ind.is_vulnerability_factor,
                                 position=position)
            self.s.add(row)
            self.s.flush()
            ind.id, ind.checklist_version, ind.position = row.id, checklist.version, position
        return checklist

    def indicator(self, indicator_id: int) -> m.Indicator | None:
        row = self.s.get(r.IndicatorRow, indicator_id)
        return self._indicator(row) if row else None

    @staticmethod
    def _indicator(row: r.IndicatorRow) -> m.Indicator:
        return m.Indicator(id=row.id, checklist_version=row.checklist_version, key=row.key,
                           group_key=row.group_key, group_label=row.group_label,
                           label=row.label, is_vulnerability_factor=row.is_vulnerability_factor,
                           position=row.position)

    def for_signal(self, signal_id: int) -> list[tuple[m.Indicator, m.SignalIndicator]]:
        stmt = (select(r.IndicatorRow, r.SignalIndicatorRow)
                .join(r.SignalIndicatorRow, r.SignalIndicatorRow.indicator_id == r.IndicatorRow.id)
                .where(r.SignalIndicatorRow.signal_id == signal_id)
                .order_by(r.IndicatorRow.position))
        return [(self._indicator(ind), m.SignalIndicator(id=si.id, signal_id=si.signal_id,
                                                         indicator_id=si.indicator_id,
                                                         observed=si.observed, note=si.note))
                for ind, si in self.s.execute(stmt)]

    def set_for_signal(self, item: m.SignalIndicator) -> m.SignalIndicator:
        row = self.s.scalar(select(r.SignalIndicatorRow).where(
            r.SignalIndicatorRow.signal_id == item.signal_id,
            r.SignalIndicatorRow.indicator_id == item.indicator_id))
        if row is None:
            row = r.SignalIndicatorRow(signal_id=item.signal_id, indicator_id=item.indicator_id)
            self.s.add(row)
        row.observed, row.note = item.observed, item.note
        self.s.flush()
        item.id = row.id
        return item

    def remove_for_signal(self, signal_id: int, indicator_id: int) -> None:
        self.s.execute(delete(r.SignalIndicatorRow).where(
            r.SignalIndicatorRow.signal_id == signal_id,
            r.SignalIndicatorRow.indicator_id == indicator_id))


class SettingsRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get_all(self) -> dict[str, str]:
        return {row.key: row.value for row in self.s.scalars(select(r.SettingRow))}

    def put(self, key: str, value: str) -> None:
        row = self.s.get(r.SettingRow, key)
        if row is None:
            self.s.add(r.SettingRow(key=key, value=value))
        else:
            row.value = value
        self.s.flush()


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def count(self) -> int:
        return self.s.scalar(select(func.count()).select_from(r.AuditEventRow)) or 0

    def last(self) -> m.AuditEvent | None:
        row = self.s.scalar(select(r.AuditEventRow).order_by(r.AuditEventRow.id.desc()).limit(1))
        return self._event(row) if row else None

    def add(self, event: m.AuditEvent) -> m.AuditEvent:
        row = r.AuditEventRow(at=event.at, action=event.action, object_ref=event.object_ref,
                              detail=event.detail, prev_hash=event.prev_hash, hash=event.hash)
        self.s.add(row)
        self.s.flush()
        event.id = row.id
        return event

    def query(self, *, since: datetime | None = None, until: datetime | None = None,
              action: str | None = None, object_ref: str | None = None,
              limit: int | None = None) -> list[m.AuditEvent]:
        stmt = select(r.AuditEventRow)
        if since:
            stmt = stmt.where(r.AuditEventRow.at >= since)
        if until:
            stmt = stmt.where(r.AuditEventRow.at <= until)
        if action:
            stmt = stmt.where(r.AuditEventRow.action == action)
        if object_ref:
            stmt = stmt.where(r.AuditEventRow.object_ref == object_ref)
        stmt = stmt.order_by(r.AuditEventRow.id)
        if limit:
            stmt = stmt.limit(limit)
        return [self._event(row) for row in self.s.scalars(stmt)]

    def page(self, *, since: datetime | None = None, until: datetime | None = None,
             action: str | None = None, object_ref: str | None = None, offset: int = 0,
             limit: int = 200) -> tuple[list[m.AuditEvent], int]:
        """One page newest first and how many entries match (the desktop's audit viewer:
        only the page is read). ``object_ref`` matches as typed, upper or lower case
        (references are stored upper case, keys such as "vault" lower): the index is
        used, where ``upper(object_ref)`` would scan every entry."""
        row = r.AuditEventRow
        refs = {object_ref, object_ref.upper(), object_ref.lower()} if object_ref else set()
        where = [c for c in (row.at >= since if since else None,
                             row.at <= until if until else None,
                             row.action == action if action else None,
                             row.object_ref.in_(sorted(refs)) if refs else None)
                 if c is not None]
        total = self.s.scalar(select(func.count()).select_from(row).where(*where)) or 0
        stmt = (select(row).where(*where).order_by(row.id.desc())
                .offset(max(0, offset)).limit(limit))
        return [self._event(found) for found in self.s.scalars(stmt)], total

    def rewrite(self, events: list[m.AuditEvent]) -> None:
        """Purge support (re-anchoring): store new object_ref/prev_hash/hash by id
        (one executemany: a long trail is rewritten in seconds, not minutes)."""
        if not events:
            return
        self.s.flush()
        self.s.execute(update(r.AuditEventRow), [
            {"id": e.id, "object_ref": e.object_ref, "prev_hash": e.prev_hash, "hash": e.hash}
            for e in events])
        self.s.expire_all()

    @staticmethod
    def _event(row: r.AuditEventRow) -> m.AuditEvent:
        return m.AuditEvent(id=row.id, at=row.at, action=row.action, object_ref=row.object_ref,
                            detail=row.detail, prev_hash=row.prev_hash, hash=row.hash)


class PrintRecordRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, record: m.PrintRecord) -> m.PrintRecord:
        row = r.PrintRecordRow(at=record.at, document_kind=record.document_kind,
                               object_ref=record.object_ref, copy_number=record.copy_number,
                               recipient=record.recipient)
        self.s.add(row)
        self.s.flush()
        record.id = row.id
        return record

    def next_copy_number(self, document_kind: str, object_ref: str) -> int:
        current = self.s.scalar(select(func.max(r.PrintRecordRow.copy_number)).where(
            r.PrintRecordRow.document_kind == document_kind,
            r.PrintRecordRow.object_ref == object_ref))
        return (current or 0) + 1

    def for_object(self, object_ref: str) -> list[m.PrintRecord]:
        stmt = (select(r.PrintRecordRow).where(r.PrintRecordRow.object_ref == object_ref)
                .order_by(r.PrintRecordRow.id))
        return [m.PrintRecord(id=row.id, at=row.at, document_kind=row.document_kind,
                              object_ref=row.object_ref, copy_number=row.copy_number,
                              recipient=row.recipient) for row in self.s.scalars(stmt)]

    def all(self) -> list[m.PrintRecord]:
        return [m.PrintRecord(id=row.id, at=row.at, document_kind=row.document_kind,
                              object_ref=row.object_ref, copy_number=row.copy_number,
                              recipient=row.recipient)
                for row in self.s.scalars(select(r.PrintRecordRow).order_by(r.PrintRecordRow.id))]

    def delete_for_object(self, object_ref: str) -> int:
        """Purge support: a purged signal's print records go with it."""
        result = self.s.execute(delete(r.PrintRecordRow)
                                .where(r.PrintRecordRow.object_ref == object_ref))
        return result.rowcount or 0


_POSTCODE_HALVES = re.compile(r"\b([1-9][0-9]{3}) ([a-z]{1,2})\b")
_POSTCODE_NUMBER = re.compile(r"\b([1-9][0-9]{3}[a-z]{2})([0-9]{1,6}[a-z]{0,4})\b")
_NUMBER_ADDITION = re.compile(r"\b([0-9]{1,6}) ([a-z])\b")


def fts_query(text_: str) -> str:
    """Turn what the officer typed into a safe FTS5 prefix query (every word must match).

    Words are folded like the index (``fold``), so "Łukasz", "lukasz" and "LUKASZ" meet.
    """
    words = []
    # A Dutch postcode is one token in the index ("3441AB" folds to "3441ab"); officers
    # type it with a space ("3441 AB", or "3441 a" while typing): join those halves.
    folded = _POSTCODE_HALVES.sub(r"\1\2", fold(text_))
    # Glued to its house number ("3441AB7A"): two tokens, as the index holds them.
    folded = _POSTCODE_NUMBER.sub(r"\1 \2", folded)
    # A house number's letter addition is one token too ("7A" folds to "7a"): "7 a" and
    # "7-a" (folded "7 a") are joined, so "Dorpsweg 7 a" does not also find number 72.
    folded = _NUMBER_ADDITION.sub(r"\1\2", folded)
    for word in folded.split():
        if word:
            words.append('"' + word + '"*')
    return " ".join(words)


class IdStream:
    """Ids from one executed query, read straight from the DB-API cursor (integers need
    no result processing; 100,000 ids in a few ms instead of ~100 ms through the ORM)."""

    def __init__(self, result: Any) -> None:
        self._cursor = result.cursor

    def fetchmany(self, size: int) -> list[int]:
        return [row[0] for row in self._cursor.fetchmany(size)]

    def __iter__(self) -> Iterator[int]:
        return (row[0] for row in self._cursor.fetchall())


class SignalRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, signal: m.Signal, now: datetime) -> m.Signal:
        row = signal_to_row(signal, r.SignalRecord())
        row.created_at = row.updated_at = now
        self.s.add(row)
        self.s.flush()
        signal.id, signal.created_at, signal.updated_at = row.id, now, now
        return signal

    def update(self, signal: m.Signal, now: datetime) -> m.Signal:
        row = self.s.get(r.SignalRecord, signal.id)
        signal_to_row(signal, row)
        row.updated_at = now
        signal.updated_at = now
        self.s.flush()
        return signal

    def get(self, signal_id: int) -> m.Signal | None:
        row = self.s.get(r.SignalRecord, signal_id)
        return signal_to_domain(row) if row else None

    def by_reference(self, reference: str) -> m.Signal | None:
        row = self.s.scalar(select(r.SignalRecord).where(r.SignalRecord.reference == reference))
        return signal_to_domain(row) if row else None

    def id_by_reference(self, reference: str) -> int | None:
        return self.s.scalar(select(r.SignalRecord.id).where(r.SignalRecord.reference == reference))

    def references(self, ids: list[int]) -> dict[int, tuple[str, date]]:
        if not ids:
            return {}
        stmt = select(r.SignalRecord.id, r.SignalRecord.reference,
                      r.SignalRecord.received_on).where(r.SignalRecord.id.in_(ids))
        return {row.id: (row.reference, row.received_on) for row in self.s.execute(stmt)}

    def max_number_for_year(self, year: int) -> int:
        prefix = f"MH-{year:04d}-"
        refs = self.s.scalars(select(r.SignalRecord.reference)
                              .where(r.SignalRecord.reference.like(prefix + "%")))
        best = 0
        for ref in refs:
            try:
                best = max(best, int(ref[len(prefix):]))
            except ValueError:
                continue
        return best

    def delete(self, signal_id: int) -> None:
        """Remove a signal and its full-text entry (children go by ON DELETE CASCADE)."""
        key = self.s.scalar(select(r.SignalRecord.search_key).where(r.SignalRecord.id == signal_id))
        if key is not None:
            self.s.execute(text("DELETE FROM signal_fts WHERE rowid = :key"), {"key": key})
        self.s.execute(delete(r.SignalRecord).where(r.SignalRecord.id == signal_id))

    def fts_entries(self, signal_id: int) -> int:
        """How many full-text entries point at this signal (0 after a purge)."""
        return self.s.execute(
            text("SELECT count(*) FROM signal_fts WHERE (rowid & :mask) = :id"),
            {"mask": ID_MASK, "id": signal_id}).scalar() or 0

    def count(self, *, demo: bool | None = None) -> int:
        stmt = select(func.count()).select_from(r.SignalRecord)
        if demo is not None:
            stmt = stmt.where(r.SignalRecord.is_demo == demo)
        return self.s.scalar(stmt) or 0

    def all_ids(self) -> list[int]:
        return list(self.s.scalars(select(r.SignalRecord.id).order_by(r.SignalRecord.id)))

    def attention(self, today: date, stale_before: datetime,
                  limit: int) -> list[tuple[str, int, str, date | datetime | None]]:
        """Set-based "Te doen": (code, signal id, reference, due) for the first ``limit``
        open signals of each situation in ``ATTENTION_SQL`` (one query per situation,
        none per signal)."""
        found = []
        for code, sql in ATTENTION_SQL.items():
            stmt, params = text(sql), {"limit": limit}
            if ":today" in sql:
                stmt, params["today"] = stmt.bindparams(bindparam("today", type_=Date)), today
            if ":stale_before" in sql:
                stmt = stmt.bindparams(bindparam("stale_before", type_=DateTime))
                params["stale_before"] = stale_before
            due_type = DateTime if code == "untouched" else Date
            stmt = stmt.columns(column("id", Integer), column("reference"),
                                column("due", due_type))
            found += [(code, row.id, row.reference, row.due)
                      for row in self.s.execute(stmt, params)]
        return found

    def held(self) -> list[tuple[str, str]]:
        """(reference, reason) of every signal under a legal hold, by id (partial index)."""
        stmt = (select(r.SignalRecord.reference, r.SignalRecord.legal_hold_reason)
                .where(r.SignalRecord.legal_hold_reason.is_not(None)).order_by(r.SignalRecord.id))
        return [(ref, reason) for ref, reason in self.s.execute(stmt) if reason]

    def set_route_state(self, signal_id: int, status: e.SignalStatus, next_action: str,
                        next_due_on: date | None, now: datetime | None) -> None:
        """Store what ``route_state.refresh`` derived; the signal counts as touched (not
        when ``now`` is None)."""
        row = self.s.get(r.SignalRecord, signal_id)
        row.status, row.next_action, row.next_due_on = str(status), next_action, next_due_on
        if now is not None:  # None: caught up with the date, nobody touched the signal
            row.updated_at = now
        self.s.flush()

    def closed_before(self, outcome: str, before: date) -> list[m.Signal]:
        stmt = select(r.SignalRecord).where(
            r.SignalRecord.status == str(e.SignalStatus.CLOSED), r.SignalRecord.outcome == outcome,
            r.SignalRecord.closed_on < before).order_by(r.SignalRecord.closed_on)
        return [signal_to_domain(row) for row in self.s.scalars(stmt)]

    # --- full-text index -------------------------------------------------------------
    def reindex(self, signal_id: int, parties: str, locations: str) -> None:
        row = self.s.get(r.SignalRecord, signal_id)
        if row.search_key is not None:
            self.s.execute(text("DELETE FROM signal_fts WHERE rowid = :key"),
                           {"key": row.search_key})
        row.search_key = search_key(row.received_on, signal_id)
        self.s.flush()
        self.s.execute(
            text("INSERT INTO signal_fts(rowid, reference, summary, description, parties, "
                 "locations) VALUES (:id, :ref, :summary, :description, :parties, :locations)"),
            {"id": row.search_key, "ref": fold(row.reference), "summary": fold(row.summary),
             "description": fold(row.description), "parties": fold(parties),
             "locations": fold(locations)})

    def optimise_index(self) -> None:
        self.s.execute(text("INSERT INTO signal_fts(signal_fts) VALUES ('optimize')"))

    # --- list / filter / sort / page -----------------------------------------------------
    LIST_COLUMNS = (r.SignalRecord.id, r.SignalRecord.reference, r.SignalRecord.received_on,
                    r.SignalRecord.summary, r.SignalRecord.status, r.SignalRecord.urgency,
                    r.SignalRecord.forms, r.SignalRecord.assessment, r.SignalRecord.source,
                    r.SignalRecord.next_action, r.SignalRecord.next_due_on)

    @staticmethod
    def _list_row(row: Any) -> m.SignalRow:
        """A list line with the stored next action (the service applies "today")."""
        result = signal_row_summary(row)
        result.next_action, result.next_due_on = row.next_action, row.next_due_on
        return result

    @staticmethod
    def _filters(flt: m.SignalFilter) -> list[Any]:
        """The filter's conditions other than the full-text search."""
        conditions: list[Any] = []
        if flt.statuses:
            conditions.append(r.SignalRecord.status.in_([str(s) for s in flt.statuses]))
        if flt.open_only:
            conditions.append(r.SignalRecord.status != str(e.SignalStatus.CLOSED))
        if flt.urgencies:
            conditions.append(r.SignalRecord.urgency.in_([str(u) for u in flt.urgencies]))
        if flt.forms:
            conditions.append(or_(*[getattr(r.SignalRecord, FORM_COLUMNS[f]).is_(True)
                                    for f in flt.forms]))
        if flt.received_from:
            conditions.append(r.SignalRecord.received_on >= flt.received_from)
        if flt.received_to:
            conditions.append(r.SignalRecord.received_on <= flt.received_to)
        if flt.sources:
            conditions.append(r.SignalRecord.source.in_(sorted(str(s) for s in flt.sources)))
        if flt.assessments:
            conditions.append(r.SignalRecord.assessment.in_(
                sorted(str(a) for a in flt.assessments)))
        if flt.outcomes:
            conditions.append(r.SignalRecord.outcome.in_(sorted(str(o) for o in flt.outcomes)))
        if flt.partners:
            conditions.append(r.SignalRecord.id.in_(
                select(r.HandoverRow.signal_id).where(
                    r.HandoverRow.partner_key.in_(sorted(flt.partners)))))
        if flt.handed_over:
            conditions.append(r.SignalRecord.id.in_(select(r.HandoverRow.signal_id)))
        if flt.feedback_received:
            conditions.append(r.SignalRecord.id.in_(
                select(r.HandoverRow.signal_id).where(
                    r.HandoverRow.feedback_received_on.is_not(None))))
        return conditions

    @staticmethod
    def _fts_ids() -> Any:
        return (select(text(f"rowid & {ID_MASK}")).select_from(text("signal_fts"))
                .where(text("signal_fts MATCH :match")))

    @staticmethod
    def _order_by(sort: str, descending: bool) -> list[Any]:
        if sort not in SORT_ORDERS:
            raise ValueError(f"unknown sort key {sort!r}; known: {', '.join(SORT_ORDERS)}")
        keys = [literal_column(expr) for expr in SORT_ORDERS[sort]] + [r.SignalRecord.id]
        return [key.desc() if descending else key.asc() for key in keys]

    def _ordered(self, flt: m.SignalFilter, sort: str, descending: bool,
                 cols: tuple) -> tuple[Any, dict[str, str]]:
        """The query planning shared by ``page`` and ``ids``: ``cols`` of every matching
        signal in display order (no offset/limit), and its parameters; (None, {}) when
        nothing can match."""
        order = self._order_by(sort, descending)  # unknown keys fail before any query
        match = fts_query(flt.text) if flt.text else ""
        if flt.text and not match:
            return None, {}
        params = {"match": match} if match else {}
        conditions = self._filters(flt)
        if match and sort == "received_on":
            # Newest-first search: the FTS rowid is (received_on, id), so FTS5 streams the
            # hits in the wanted order and SQLite joins each to its signal by primary key:
            # the first 200 hits cost the same for "b" as for a rare surname.
            fts = table("signal_fts", column("rowid"))
            on = r.SignalRecord.id == literal_column(f"signal_fts.rowid & {ID_MASK}")
            stmt = (select(*cols).select_from(fts).join(r.SignalRecord, on)
                    .where(text("signal_fts MATCH :match"))
                    .order_by(literal_column("signal_fts.rowid").desc() if descending
                              else literal_column("signal_fts.rowid").asc()))
            return (stmt.where(and_(*conditions)) if conditions else stmt), params
        if match:
            # Sorted by another column: few matches -> fetch exactly those ids and sort
            # them; many -> walk the sort column's index and test membership
            # ("+signal.id" keeps SQLite from driving the loop by rowid).
            matches = self.s.execute(
                text("SELECT count(*) FROM (SELECT rowid FROM signal_fts WHERE signal_fts "
                     "MATCH :match LIMIT :cap)"), {"match": match, "cap": SEARCH_CAP}).scalar()
            if not matches:
                return None, {}
            target = r.SignalRecord.id if matches < SEARCH_CAP else literal_column("+signal.id")
            conditions.append(target.in_(self._fts_ids()))
        stmt = select(*cols).order_by(*order)
        return (stmt.where(and_(*conditions)) if conditions else stmt), params

    def ids(self, flt: m.SignalFilter, sort: str, descending: bool,
            limit: int | None = None) -> list[int]:
        """Every matching id in display order (what a windowed list needs up front);
        with ``limit``, only the first ones."""
        result = self.ids_result(flt, sort, descending, limit)
        return [] if result is None else list(result)

    def ids_result(self, flt: m.SignalFilter, sort: str, descending: bool,
                   limit: int | None = None) -> IdStream | None:
        """The ids query, executed, as a stream to fetch from (the first screen, then the
        rest: one execution); None when nothing can match."""
        match = fts_query(flt.text) if flt.text else ""
        if match and sort == "received_on" and not self._filters(flt):
            # Search only, newest first: the FTS index alone holds the answer in order.
            self._order_by(sort, descending)
            direction = "DESC" if descending else "ASC"
            cap = f" LIMIT {int(limit)}" if limit is not None else ""
            stmt: Any = text(f"SELECT rowid & {ID_MASK} FROM signal_fts WHERE signal_fts "
                             f"MATCH :match ORDER BY rowid {direction}{cap}")
            params: dict[str, Any] = {"match": match}
        else:
            stmt, params = self._ordered(flt, sort, descending, (r.SignalRecord.id,))
            if stmt is None:
                return None
            if limit is not None:
                stmt = stmt.limit(int(limit))
        # Core execution on the session's connection: the ORM would buffer every row
        # before the first could be read.
        return IdStream(self.s.connection().execute(stmt, params))

    def ids_plan(self, flt: m.SignalFilter, sort: str, descending: bool) -> list[str]:
        """EXPLAIN QUERY PLAN of the ``ids()`` query (diagnostics; tests check that every
        sort key walks an index instead of sorting)."""
        stmt, params = self._ordered(flt, sort, descending, (r.SignalRecord.id,))
        if stmt is None:
            return []
        compiled = stmt.compile(self.s.get_bind())
        values = compiled.construct_params(params)
        args = tuple(values[name] for name in compiled.positiontup or ())
        return [row[-1] for row in self.s.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + str(compiled), args)]

    def rows(self, ids: list[int]) -> list[m.SignalRow]:
        """List lines for these ids, in this order, a chunk of ids per query. Ids that no
        longer exist (purged meanwhile) are left out."""
        found: dict[int, m.SignalRow] = {}
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), ROWS_CHUNK):
            stmt = select(*self.LIST_COLUMNS).where(
                r.SignalRecord.id.in_(unique[start:start + ROWS_CHUNK]))
            for row in self.s.execute(stmt):
                found[row.id] = self._list_row(row)
        return [found[i] for i in ids if i in found]

    def count_matching(self, flt: m.SignalFilter) -> int:
        """How many signals the filter (and search) matches, in one query."""
        match = fts_query(flt.text) if flt.text else ""
        if flt.text and not match:
            return 0
        conditions = self._filters(flt)
        if match and not conditions:
            return self.s.execute(text("SELECT count(*) FROM signal_fts WHERE signal_fts "
                                       "MATCH :match"), {"match": match}).scalar() or 0
        if match:
            conditions.append(r.SignalRecord.id.in_(self._fts_ids()))
        stmt = select(func.count()).select_from(r.SignalRecord)
        if conditions:
            stmt = stmt.where(and_(*conditions))
        return self.s.scalar(stmt, {"match": match} if match else {}) or 0

    def page(self, flt: m.SignalFilter, sort: str, descending: bool, offset: int,
             limit: int, with_total: bool = False) -> m.Page:
        if sort not in SORT_ORDERS:
            sort = "received_on"
        stmt, params = self._ordered(flt, sort, descending, self.LIST_COLUMNS)
        if stmt is None:
            return m.Page(rows=[], total=0, offset=offset, limit=limit)
        rows = [self._list_row(row)
                for row in self.s.execute(stmt.offset(offset).limit(limit), params)]
        total = self.count_matching(flt) if with_total else len(rows) + offset
        return m.Page(rows=rows, total=total, offset=offset, limit=limit)

    # --- monitoring ---------------------------------------------------------------------
    def facet_counts(self, since: date, until: date) -> list[tuple]:
        """One pass over the covering index: counts per month and facet combination.

        Rows: (YYYY-MM, source, status, outcome, assessment, urgency, sexual, labour,
        criminal, other, count) where the form columns hold how many of the counted
        signals have that form. The service folds them into the monitoring figures.
        """
        return [tuple(row) for row in self.s.connection().exec_driver_sql(
            MONITORING_SQL["facets"], (since.isoformat(), until.isoformat()))]

    def monitoring_counts(self, since: date, until: date) -> dict[str, list[tuple]]:
        """The set-based monitoring queries other than the facets (``MONITORING_SQL``):
        partners handed to, days to handover / feedback (histograms), parties."""
        args = (since.isoformat(), until.isoformat())
        conn = self.s.connection()
        return {name: [tuple(row) for row in conn.exec_driver_sql(sql, args)]
                for name, sql in MONITORING_SQL.items() if name != "facets"}

    def overlap_keys(self, since: date, until: date) -> list[tuple[str, str]]:
        """(kind, match key) of the period's parties and locations, distinct: persons with
        a date of birth, organisations with a KvK number, addresses. Only for keyed
        hashing in the regional export; the keys themselves never leave the vault."""
        return [(kind, key) for kind, key in self.s.connection().exec_driver_sql(
            OVERLAP_SQL, (since.isoformat(), until.isoformat()) * 2)]


# Set-based monitoring queries (positional parameters: since, until as ISO dates).
MONITORING_SQL: dict[str, str] = {
    "facets": """
        SELECT substr(received_on, 1, 7) AS month, source, status, outcome, assessment,
               urgency, sum(form_sexual), sum(form_labour), sum(form_criminal),
               sum(form_other), count(*)
        FROM signal WHERE received_on >= ? AND received_on <= ?
        GROUP BY month, source, status, outcome, assessment, urgency""",
    # signals handed to each partner (a signal handed to two partners counts for both)
    "partners": """
        SELECT h.partner_key, count(DISTINCT h.signal_id)
        FROM signal s JOIN handover h ON h.signal_id = s.id
        WHERE s.received_on >= ? AND s.received_on <= ?
        GROUP BY h.partner_key""",
    # ('h', days received -> first handover, n) and ('f', days first handover -> first
    # partner feedback, n): histograms the service takes medians from
    "durations": """
        WITH first AS (
            SELECT s.received_on AS received, min(h.handed_over_on) AS handed,
                   min(h.feedback_received_on) AS feedback
            FROM signal s JOIN handover h ON h.signal_id = s.id
            WHERE s.received_on >= ? AND s.received_on <= ?
            GROUP BY s.id)
        SELECT 'h', max(0, CAST(julianday(handed) - julianday(received) AS INTEGER)) AS d,
               count(*) FROM first GROUP BY d
        UNION ALL
        SELECT 'f', max(0, CAST(julianday(feedback) - julianday(handed) AS INTEGER)) AS d,
               count(*) FROM first WHERE feedback IS NOT NULL GROUP BY d""",
    # parties by kind, role, gender, nationality (as typed) and age on the received date
    "parties": """
        SELECT p.kind, p.role, p.gender, p.nationality,
               CASE WHEN p.date_of_birth IS NULL THEN NULL ELSE
                   CAST(substr(s.received_on, 1, 4) AS INTEGER)
                   - CAST(substr(p.date_of_birth, 1, 4) AS INTEGER)
                   - (substr(s.received_on, 6, 5) < substr(p.date_of_birth, 6, 5)) END AS age,
               count(*)
        FROM signal s JOIN party p ON p.signal_id = s.id
        WHERE s.received_on >= ? AND s.received_on <= ?
        GROUP BY p.kind, p.role, p.gender, p.nationality, age""",
}

OVERLAP_SQL = """
    SELECT DISTINCT CASE p.kind WHEN 'person' THEN 'person' ELSE 'organisation' END,
           p.match_key
    FROM signal s JOIN party p ON p.signal_id = s.id
    WHERE s.received_on >= ? AND s.received_on <= ? AND p.match_key != ''
      AND ((p.kind = 'person' AND p.match_key NOT LIKE '%|')
           OR (p.kind = 'organisation' AND p.match_key LIKE 'o:kvk:%'))
    UNION
    SELECT DISTINCT 'address', l.match_key
    FROM signal s JOIN location l ON l.signal_id = s.id
    WHERE s.received_on >= ? AND s.received_on <= ? AND l.match_key != ''"""


class ActivityRepository(RecordRepository[AwarenessActivity]):
    """Awareness activities (migration 0004)."""

    row_cls = r.AwarenessActivityRow
    record_cls = AwarenessActivity

    def between(self, since: date | None, until: date | None) -> list[AwarenessActivity]:
        stmt = select(r.AwarenessActivityRow)
        if since is not None:
            stmt = stmt.where(r.AwarenessActivityRow.held_on >= since)
        if until is not None:
            stmt = stmt.where(r.AwarenessActivityRow.held_on <= until)
        stmt = stmt.order_by(r.AwarenessActivityRow.held_on, r.AwarenessActivityRow.id)
        return [to_domain(row, AwarenessActivity) for row in self.s.scalars(stmt)]


class DraftRepository:
    """Editor drafts (migration 0005): one JSON text per key, replaced on every save."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def put(self, key: str, signal_id: int | None, saved_at: datetime, content: str) -> None:
        row = self.s.scalars(select(r.DraftRow).where(r.DraftRow.key == key)).first()
        if row is None:
            self.s.add(r.DraftRow(key=key, signal_id=signal_id, saved_at=saved_at,
                                  content=content))
        else:
            row.signal_id, row.saved_at, row.content = signal_id, saved_at, content
        self.s.flush()

    def get(self, key: str) -> tuple[datetime, str] | None:
        row = self.s.scalars(select(r.DraftRow).where(r.DraftRow.key == key)).first()
        return (row.saved_at, row.content) if row is not None else None

    def delete(self, key: str) -> bool:
        result = self.s.execute(delete(r.DraftRow).where(r.DraftRow.key == key))
        return bool(result.rowcount)

    def keys(self) -> list[str]:
        return list(self.s.scalars(select(r.DraftRow.key).order_by(r.DraftRow.key)))
