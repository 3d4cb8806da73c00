"""Shared plumbing for services: the vault, the clock and the audit hook."""

from __future__ import annotations

from mensenhandel_desk.domain.errors import NotFound, VaultLocked
from mensenhandel_desk.domain.models import Signal
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.store.vault import UnitOfWork, Vault


class ServiceContext:
    """The one owner of the open vault for a session (CLI run or desktop unlock).

    Services keep this context, never the vault itself, and reach the vault per call:
    ``lock()`` drops it in one place and every later call raises ``VaultLocked`` (a known
    error with a Dutch message) instead of a raw SQLAlchemy error. A rekey swaps the vault
    here and every service follows.
    """

    def __init__(self, vault: Vault | None, clock: Clock | None = None) -> None:
        self._vault = vault
        self.clock = clock or Clock()

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            raise VaultLocked()
        return self._vault

    @vault.setter
    def vault(self, vault: Vault | None) -> None:
        self._vault = vault

    @property
    def locked(self) -> bool:
        return self._vault is None

    def peek(self) -> Vault | None:
        """The vault or None, without raising (for ``interrupt()`` from another thread:
        one attribute read, no lock)."""
        return self._vault

    def drop(self) -> Vault | None:
        """Forget the vault (the caller closes it); returns what was held."""
        vault, self._vault = self._vault, None
        return vault


class VaultUser:
    """Mixin for services: ``vault`` and ``clock`` come from the context on every call."""

    ctx: ServiceContext

    @property
    def vault(self) -> Vault:
        return self.ctx.vault

    @property
    def clock(self) -> Clock:
        return self.ctx.clock


def signal_or_raise(uow: UnitOfWork, signal_id: int) -> Signal:
    signal = uow.signals.get(signal_id)
    if signal is None:
        # Never the internal id in the message: the officer knows signals by reference.
        raise NotFound("This signal does not exist (any more); it may have been destroyed.",
                       code="signal_not_found", id=signal_id)
    return signal


def signal_by_reference(uow: UnitOfWork, reference: str) -> Signal:
    signal = uow.signals.by_reference(reference.strip().upper())
    if signal is None:
        raise NotFound("No signal with reference {reference}.", code="signal_not_found",
                       reference=reference)
    return signal
