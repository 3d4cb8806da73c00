"""Drafts: what the officer typed in the signal editor but had not saved when the desk
locked (issue 8).

The lock never waits on a question (the officer may be away), so the editor hands its
unsaved input to ``DeskContext`` on the GUI thread and the lock work saves it here, on
the worker, *before* ``Services.lock()`` closes the vault. Drafts live only in the vault
(table ``draft``, migration 0005), never in settings or files. One draft per key:
``signal_id`` for a signal being edited, ``None`` for the one new signal not yet saved.
Saving, restoring and discarding are audited without content (the reference, or
"new signal", and what happened).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.base import ServiceContext, VaultUser, signal_or_raise
from mensenhandel_desk.store.vault import UnitOfWork

NEW_SIGNAL = "new"
NEW_SIGNAL_REF = "new signal"


def draft_key(signal_id: int | None) -> str:
    """``signal:<id>``, or ``new`` for a signal not yet saved."""
    return NEW_SIGNAL if signal_id is None else f"signal:{int(signal_id)}"


@dataclass(slots=True)
class Draft:
    signal_id: int | None
    saved_at: datetime
    content: dict[str, Any]


class DraftService(VaultUser):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _ref(self, uow: UnitOfWork, signal_id: int | None) -> str:
        if signal_id is None:
            return NEW_SIGNAL_REF
        return signal_or_raise(uow, signal_id).reference

    def save(self, signal_id: int | None, content: dict[str, Any]) -> Draft:
        """Keep ``content`` (a JSON-able snapshot) as the draft of this signal (or of the
        new signal), replacing an older one."""
        text = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
        now = self.clock.now()
        with self.vault.unit_of_work() as uow:
            ref = self._ref(uow, signal_id)
            uow.drafts.put(draft_key(signal_id), signal_id, now, text)
            audit.record(uow, self.clock, Action.UPDATE, ref, "draft saved")
        return Draft(signal_id=signal_id, saved_at=now, content=json.loads(text))

    def load(self, signal_id: int | None) -> Draft | None:
        """The draft of this signal (or of the new signal), or None. Not audited: reading
        it back is part of opening the signal, which is."""
        with self.vault.unit_of_work() as uow:
            found = uow.drafts.get(draft_key(signal_id))
        if found is None:
            return None
        saved_at, text = found
        try:
            content = json.loads(text)
        except ValueError:
            content = {}
        return Draft(signal_id=signal_id, saved_at=saved_at,
                     content=content if isinstance(content, dict) else {})

    def discard(self, signal_id: int | None, *, restored: bool = False) -> bool:
        """Remove the draft (after the officer restored or discarded it). True when there
        was one."""
        with self.vault.unit_of_work() as uow:
            removed = uow.drafts.delete(draft_key(signal_id))
            if removed:
                ref = NEW_SIGNAL_REF if signal_id is None else (
                    s.reference if (s := uow.signals.get(signal_id)) else str(signal_id))
                audit.record(uow, self.clock, Action.UPDATE, ref,
                             "draft restored" if restored else "draft discarded")
            return removed

    def keys(self) -> list[str]:
        with self.vault.unit_of_work() as uow:
            return uow.drafts.keys()
