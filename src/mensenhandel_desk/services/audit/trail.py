"""The audit trail for the officer and the privacy officer: list, filter, export; and
failed unlock attempts, which happen before there is an open vault to write to.

Entries hold an action, a time, an object reference and a short detail; never personal
data (see audit/entries.py). The chain itself is verified by ``check``
(services/maintenance.py).

Failed unlocks: a wrong passphrase cannot be written into a vault that did not open.
They are counted in ``unlock-failures.json`` in the config folder: per vault a SHA-256
of its path (the path may contain a name) and the attempt times, nothing else. On the
next successful unlock they become ``unlock_failed`` audit entries and the counter is
cleared.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mensenhandel_desk import paths
from mensenhandel_desk.crash import log
from mensenhandel_desk.domain.errors import DomainError, ValidationError
from mensenhandel_desk.domain.models import AuditEvent
from mensenhandel_desk.services.audit import anchor, entries
from mensenhandel_desk.services.audit.entries import Action
from mensenhandel_desk.services.base import VaultUser
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.services.files import vault_key, write_atomic

FAILURES_FILE = "unlock-failures.json"
MAX_FAILURES_KEPT = 500  # per vault; an attacker must not be able to fill the disk
EXPORT_FORMATS = ("csv", "json")
KNOWN_ACTIONS = sorted(value for name, value in vars(Action).items()
                       if not name.startswith("_") and isinstance(value, str))


@dataclass(frozen=True)
class AuditFilter:
    since: datetime | None = None
    until: datetime | None = None
    action: str | None = None
    object_ref: str | None = None


def _checked(flt: AuditFilter | None) -> AuditFilter:
    flt = flt or AuditFilter()
    if flt.action and flt.action not in KNOWN_ACTIONS:
        raise ValidationError("Unknown action '{action}'. Known: {known}.",
                              code="unknown_action", field="action", action=flt.action,
                              known=", ".join(KNOWN_ACTIONS))
    if flt.since and flt.until and flt.since > flt.until:
        raise ValidationError("The start of the period lies after its end.",
                              code="period_reversed", field="since")
    return flt


def list_events(services: VaultUser, flt: AuditFilter | None = None) -> list[AuditEvent]:
    """Entries matching the filter, oldest first. Reading the trail is not itself audited
    (it would grow on every look); exporting it is."""
    flt = _checked(flt)
    ref = flt.object_ref.strip().upper() if flt.object_ref else None
    with services.vault.unit_of_work() as uow:
        events = uow.audit.query(since=flt.since, until=flt.until, action=flt.action)
    if ref:
        events = [e for e in events if e.object_ref.upper() == ref]
    return events


@dataclass(frozen=True)
class Page:
    """One page of a filtered trail, newest first, and how many entries match."""

    events: list[AuditEvent]
    total: int
    offset: int


def page_events(services: VaultUser, flt: AuditFilter | None = None, offset: int = 0,
                limit: int = 200) -> Page:
    """``list_events`` newest first, one page (the desktop viewer): the filter, the count
    and the page are SQL, so only the page is read, whatever the length of the trail."""
    flt = _checked(flt)
    ref = flt.object_ref.strip() if flt.object_ref else None
    with services.vault.unit_of_work() as uow:
        events, total = uow.audit.page(since=flt.since, until=flt.until, action=flt.action,
                                       object_ref=ref or None, offset=max(0, offset),
                                       limit=limit)
    return Page(events=events, total=total, offset=max(0, offset))


@dataclass(frozen=True)
class ChainStatus:
    entries: int
    first_broken_id: int | None
    shortened_from: int | None  # entries the chain had when the vault was last closed

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None and self.shortened_from is None


def broken_entries(events: list[AuditEvent]) -> list[int]:
    """Ids of every entry whose hash does not follow (``entries.verify`` stops at the first;
    an acknowledged break must not hide a later one)."""
    broken, prev = [], entries.GENESIS
    for event in events:
        expected = entries.entry_hash(prev, event.at, event.action, event.object_ref,
                                    event.detail)
        if event.prev_hash != prev or event.hash != expected:
            broken.append(event.id)
        prev = event.hash
    return broken


def chain_status(services: VaultUser) -> ChainStatus:
    """Verify the whole chain and its anchor (the audit half of ``check``, without the
    integrity check of the file)."""
    with services.vault.unit_of_work() as uow:
        events = uow.audit.query()
    chain = entries.verify(events)
    cut = anchor.problem(services.vault.path, events)
    return ChainStatus(entries=chain.entries, first_broken_id=chain.first_broken_id,
                       shortened_from=cut.count if cut else None)


def _rows(events: list[AuditEvent]) -> list[dict[str, str]]:
    # Microseconds kept: the hash covers them, so the export can be re-verified.
    return [{"id": str(e.id), "at": e.at.isoformat(timespec="microseconds"),
             "action": e.action,
             "object": e.object_ref, "detail": e.detail, "prev_hash": e.prev_hash,
             "hash": e.hash} for e in events]


def render(events: list[AuditEvent], fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"format": "mensenhandel-desk-audit", "version": 1,
                           "entries": _rows(events)}, ensure_ascii=False,
                          indent=1).encode("utf-8")
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=["id", "at", "action", "object", "detail",
                                                "prev_hash", "hash"])
    writer.writeheader()
    writer.writerows(_rows(events))
    return buffer.getvalue().encode("utf-8-sig")  # BOM: Excel opens it as UTF-8


def export(services: VaultUser, target: Path, flt: AuditFilter | None = None,
           fmt: str | None = None) -> int:
    """Write the (filtered) trail to ``target`` atomically; CSV or JSON by suffix.

    The hashes are included so the privacy officer can re-verify the chain outside the
    app. Returns the number of entries written.
    """
    target = Path(target)
    fmt = (fmt or target.suffix.lstrip(".") or "csv").lower()
    if fmt not in EXPORT_FORMATS:
        raise ValidationError("Export as .csv or .json.", code="export_format", field="export")
    events = list_events(services, flt)
    write_atomic(target, render(events, fmt))
    with services.vault.unit_of_work() as uow:
        entries.record(uow, services.clock, Action.EXPORT, "audit",
                       f"audit trail ({len(events)} entries, {fmt})")
    return len(events)


# --- failed unlocks -------------------------------------------------------------------
def _failures_path() -> Path:
    return paths.config_dir() / FAILURES_FILE


def _read_failures() -> dict[str, list[str]]:
    try:
        data = json.loads(_failures_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: [t for t in v if isinstance(t, str)][-MAX_FAILURES_KEPT:]
            for k, v in data.items() if isinstance(v, list)}


def _write_failures(data: dict[str, list[str]]) -> None:
    _failures_path().parent.mkdir(parents=True, exist_ok=True)
    write_atomic(_failures_path(), json.dumps(data, indent=1).encode("utf-8"))


def looks_like_vault(path: Path) -> bool:
    """Could this be an encrypted vault (whole 4 KiB pages, no plaintext SQLite header)?
    Choosing a file that is no vault at all is a mistake, not an unlock attempt."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return size >= 4096 and size % 4096 == 0 and head != b"SQLite format 3\x00"


def header_print(vault_path: Path) -> str | None:
    """A fingerprint of the vault file's first page (encrypted bytes: no personal data),
    taken before an unlock. A failed attempt is only counted as a wrong passphrase when
    the next successful unlock finds the same first page: a damaged first page looks
    exactly like a wrong passphrase to SQLCipher (issue 12.7), and once the file is
    repaired or restored its first page differs."""
    try:
        with open(vault_path, "rb") as fh:
            return hashlib.sha256(fh.read(4096)).hexdigest()[:16]
    except OSError:
        return None


def note_failed_unlock(vault_path: Path, at: datetime, header: str | None = None) -> None:
    """Count a wrong passphrase for this vault (tentatively: see ``header_print``). A
    failing counter (disk full, config folder not writable) must not hide the "wrong
    passphrase" message from the officer: that known failure is logged; anything else
    is a bug and raised."""
    if not looks_like_vault(Path(vault_path)):
        return
    try:
        data = _read_failures()
        times = data.setdefault(vault_key(vault_path), [])
        times.append(at.isoformat(timespec="seconds") + (f" h={header}" if header else ""))
        data[vault_key(vault_path)] = times[-MAX_FAILURES_KEPT:]
        _write_failures(data)
    except (OSError, DomainError) as exc:
        log.warning("unlock counter not written: %s", type(exc).__name__)


def _pending(vault_path: Path) -> list[tuple[str, str | None]]:
    found = []
    for entry in _read_failures().get(vault_key(vault_path), []):
        moment, _sep, rest = entry.partition(" h=")
        found.append((moment, rest or None))
    return found


def pending_failures(vault_path: Path) -> list[str]:
    """The times of the failed attempts not yet in the vault's audit trail."""
    return [moment for moment, _header in _pending(vault_path)]


def record_pending_failures(uow, clock: Clock, vault_path: Path,
                            header: str | None = None) -> int:
    """Inside the unlock's unit of work: one ``unlock_failed`` entry per attempt made on
    this same file (first page unchanged, ``header``: the print taken before this
    unlock). Attempts on a first page that differs now (damaged then, or the file was
    restored since) were not wrong passphrases and are not recorded. Returns how many
    attempts were dealt with (recorded or dropped)."""
    pending = _pending(vault_path)
    for moment, seen in pending:
        if seen is None or header is None or seen == header:
            entries.record(uow, clock, Action.UNLOCK_FAILED, "vault", f"attempt at {moment}")
    return len(pending)


def clear_failures(vault_path: Path) -> None:
    try:
        data = _read_failures()
        if data.pop(vault_key(vault_path), None) is not None:
            _write_failures(data)
    except (OSError, DomainError) as exc:  # worst case the entries are recorded twice
        log.warning("unlock counter not cleared: %s", type(exc).__name__)
