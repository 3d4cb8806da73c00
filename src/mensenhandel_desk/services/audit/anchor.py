"""Detect a shortened audit trail: the chain's head, remembered outside the vault.

A hash chain shows any changed or removed entry except the newest ones: cut off the
tail and what remains is still a valid chain. So at every close the number of entries and
the head hash are written to ``audit-anchors.json`` in the config folder (per vault, keyed
by a hash of its path; no personal data: counts and hashes only). ``check`` then requires
the vault's chain to still hold that entry. Legitimate rewrites update or drop the anchor:
a purge re-anchors the chain (``remember`` right after), a restore replaces the vault
(``forget``). Someone who can delete the anchor file too is not stopped; the exported
audit trail with its head hash (``audit --export``) remains the second line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mensenhandel_desk import paths
from mensenhandel_desk.domain.models import AuditEvent
from mensenhandel_desk.services.files import vault_key, write_atomic
from mensenhandel_desk.store.vault import Vault

ANCHORS_FILE = "audit-anchors.json"


@dataclass(frozen=True)
class Anchor:
    count: int
    head: str
    at: datetime | None = None  # the anchored entry's time: finds it again cheaply


def _path() -> Path:
    return paths.config_dir() / ANCHORS_FILE


def _read() -> dict[str, dict]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(data: dict[str, dict]) -> None:
    _path().parent.mkdir(parents=True, exist_ok=True)
    write_atomic(_path(), json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))


def expected(vault_path: Path) -> Anchor | None:
    entry = _read().get(vault_key(vault_path))
    if not isinstance(entry, dict):
        return None
    try:
        at = datetime.fromisoformat(entry["at"]) if entry.get("at") else None
        return Anchor(count=int(entry["count"]), head=str(entry["head"]), at=at)
    except (KeyError, TypeError, ValueError):
        return None


def remember(vault_path: Path, events_count: int, head: str,
             at: datetime | None = None) -> None:
    data = _read()
    data[vault_key(vault_path)] = {"count": events_count, "head": head,
                                   "at": at.isoformat() if at else None}
    _write(data)


def forget(vault_path: Path) -> None:
    data = _read()
    if data.pop(vault_key(vault_path), None) is not None:
        _write(data)


def remember_vault(vault: Vault) -> None:
    """Anchor the current head of ``vault`` unconditionally (after a purge, which
    re-anchors the chain on purpose, and after an acknowledged break)."""
    with vault.unit_of_work() as uow:
        last, count = uow.audit.last(), uow.audit.count()
    if last is not None:
        remember(vault.path, count, last.hash, last.at)


def anchor_at_close(vault: Vault) -> bool:
    """At close: move the anchor to the current head, but only while the chain still
    holds the anchored entry. When it does not (entries cut off or replaced outside the
    app), the old anchor stays, so every later ``check`` reports the cut until the
    officer acknowledges it (services/maintenance.acknowledge_audit_break). Returns
    whether the anchor moved."""
    old = expected(vault.path)
    with vault.unit_of_work() as uow:
        last, count = uow.audit.last(), uow.audit.count()
        if old is not None and not _holds(uow, old, count):
            return False
    if last is None:
        return False
    remember(vault.path, count, last.hash, last.at)
    return True


def _holds(uow, anchor: Anchor, count: int) -> bool:
    if anchor.count <= 0:
        return True
    if count < anchor.count:
        return False
    if anchor.at is not None:  # one indexed lookup instead of reading the whole trail
        candidates = uow.audit.query(since=anchor.at, until=anchor.at)
    else:
        candidates = uow.audit.query(limit=anchor.count)[-1:]
    return any(event.hash == anchor.head for event in candidates)


def problem(vault_path: Path, events: list[AuditEvent]) -> Anchor | None:
    """The anchor the chain no longer holds (shortened or replaced), else None."""
    anchor = expected(vault_path)
    if anchor is None or anchor.count <= 0:
        return None
    if len(events) < anchor.count or events[anchor.count - 1].hash != anchor.head:
        return anchor
    return None
