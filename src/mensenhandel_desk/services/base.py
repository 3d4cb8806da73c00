"""Shared plumbing for services: the vault, the clock and the audit hook."""

from __future__ import annotations

from dataclasses import dataclass, field

from mensenhandel_desk.domain.errors import NotFound
from mensenhandel_desk.domain.models import Signal
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.store.vault import UnitOfWork, Vault


@dataclass
class ServiceContext:
    vault: Vault
    clock: Clock = field(default_factory=Clock)


def signal_or_raise(uow: UnitOfWork, signal_id: int) -> Signal:
    signal = uow.signals.get(signal_id)
    if signal is None:
        raise NotFound("Signal {id} does not exist (any more).", code="signal_not_found",
                       id=signal_id)
    return signal


def signal_by_reference(uow: UnitOfWork, reference: str) -> Signal:
    signal = uow.signals.by_reference(reference.strip().upper())
    if signal is None:
        raise NotFound("No signal with reference {reference}.", code="signal_not_found",
                       reference=reference)
    return signal
