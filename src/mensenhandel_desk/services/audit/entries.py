"""Tamper-evident audit trail: each entry carries the hash of the previous one.

Entries hold an action, an object reference (a signal reference, meeting number,
file kind) and a short detail without personal data. ``verify`` recomputes the chain
and names the first entry whose hash does not follow.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from mensenhandel_desk.domain.models import AuditEvent
from mensenhandel_desk.services.clock import Clock

GENESIS = "0" * 64


class Action:
    """Stable action names (English keys; the audit listing translates them)."""

    UNLOCK = "unlock"
    UNLOCK_FAILED = "unlock_failed"
    VAULT_CREATED = "vault_created"
    OPEN_SIGNAL = "open_signal"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    VIEW_REPORTER = "view_reporter"
    DOCUMENT = "document"
    PRINT = "print"
    EXPORT = "export"
    IMPORT = "import"
    BACKUP = "backup"
    RESTORE = "restore"
    REKEY = "rekey"
    PURGE = "purge"
    LEGAL_HOLD = "legal_hold"
    ACCESS_REQUEST = "access_request"
    DEMO = "demo"
    SETTINGS = "settings"
    AUDIT_ACKNOWLEDGED = "audit_acknowledged"  # a reported break acknowledged (maintenance)


def entry_hash(prev_hash: str, at: datetime, action: str, object_ref: str, detail: str) -> str:
    payload = "\x1f".join([prev_hash, at.isoformat(timespec="microseconds"), action,
                           object_ref, detail])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_log = logging.getLogger(__name__)


def record(uow, clock: Clock, action: str, object_ref: str = "", detail: str = "") -> AuditEvent:
    """Append an entry inside the caller's unit of work (so it commits with the change)."""
    last = uow.audit.last()
    prev = last.hash if last else GENESIS
    at = clock.now()
    event = AuditEvent(at=at, action=action, object_ref=object_ref, detail=detail,
                       prev_hash=prev, hash=entry_hash(prev, at, action, object_ref, detail))
    return uow.audit.add(event)


def record_reading(uow, clock: Clock, action: str, object_ref: str, *, read_only: bool,
                   detail: str = "") -> AuditEvent | None:
    """Audit a look at personal data. In a vault opened read-only (docs/faults.md, item 4)
    nothing can be written, and refusing to show what the officer may read would make the
    vault useless: the look is logged by action only (no reference) instead."""
    if read_only:
        _log.info("%s not audited: the vault is read-only", action)
        return None
    return record(uow, clock, action, object_ref, detail)


@dataclass
class ChainReport:
    entries: int
    first_broken_id: int | None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify(events: list[AuditEvent]) -> ChainReport:
    prev = GENESIS
    for event in events:
        expected = entry_hash(prev, event.at, event.action, event.object_ref, event.detail)
        if event.prev_hash != prev or event.hash != expected:
            return ChainReport(entries=len(events), first_broken_id=event.id)
        prev = event.hash
    return ChainReport(entries=len(events), first_broken_id=None)
