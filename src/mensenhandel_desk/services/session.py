"""Opening and creating vaults, and the bundle of services over an open vault.

This is what the CLI and the desktop client hold while the vault is unlocked;
``close()`` drops the decrypted connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mensenhandel_desk.domain.errors import WrongPassphrase
from mensenhandel_desk.domain.validation import check_passphrase
from mensenhandel_desk.services import audit, audit_trail
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.base import ServiceContext
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.services.documents import DocumentService
from mensenhandel_desk.services.handovers import HandoverService
from mensenhandel_desk.services.meetings import MeetingService
from mensenhandel_desk.services.monitoring import MonitoringService
from mensenhandel_desk.services.policy import load_policy
from mensenhandel_desk.services.reference_data import ReferenceDataService, seed
from mensenhandel_desk.services.settings import SettingsService
from mensenhandel_desk.services.signals import SignalService
from mensenhandel_desk.store.vault import Vault


@dataclass
class Services:
    ctx: ServiceContext

    def __post_init__(self) -> None:
        self.signals = SignalService(self.ctx)
        self.handovers = HandoverService(self.ctx)
        self.meetings = MeetingService(self.ctx)
        self.reference = ReferenceDataService(self.ctx)
        self.settings = SettingsService(self.ctx)
        self.documents = DocumentService(self.ctx)
        self.monitoring = MonitoringService(self.ctx)

    @property
    def vault(self) -> Vault:
        return self.ctx.vault

    @property
    def clock(self) -> Clock:
        return self.ctx.clock

    def record(self, action: str, object_ref: str = "", detail: str = "") -> None:
        """Append an audit entry on its own (for actions outside a service call)."""
        with self.vault.unit_of_work() as uow:
            audit.record(uow, self.clock, action, object_ref, detail)

    @property
    def locked(self) -> bool:
        return self.ctx.locked

    def close(self) -> None:
        """Close the vault; first remember the audit head outside it (audit_anchor).
        Afterwards every service call raises ``VaultLocked``. Closing twice is harmless."""
        if self.ctx.locked:
            return
        try:
            from mensenhandel_desk.services import audit_anchor

            audit_anchor.remember_vault(self)
        except Exception:  # closing must never fail on the anchor
            pass
        vault = self.ctx.drop()
        if vault is not None:
            vault.close()

    lock = close  # the desktop's word for it: the session is locked, not ended

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def create_vault(path: Path, passphrase: str, clock: Clock | None = None,
                 min_length: int | None = None) -> Services:
    """A new vault with the checklist and partners seeded."""
    policy = load_policy()  # issue 4: IT's minimum length applies to new vaults too
    if min_length is None:
        check_passphrase(passphrase, policy.passphrase_minimum())
    else:
        check_passphrase(passphrase, max(min_length, policy.passphrase_minimum()))
    clock = clock or Clock()
    vault = Vault.create(Path(path), passphrase)
    with vault.unit_of_work() as uow:
        seed(uow, clock.today())
        audit.record(uow, clock, Action.VAULT_CREATED, "vault")
    return Services(ServiceContext(vault=vault, clock=clock))


def open_vault(path: Path, passphrase: str, clock: Clock | None = None) -> Services:
    clock = clock or Clock()
    load_policy()  # a malformed policy file refuses the unlock (fail safe, issue 4)
    try:
        vault = Vault.open(Path(path), passphrase, now=clock.now)
    except WrongPassphrase:
        audit_trail.note_failed_unlock(Path(path), clock.now())
        raise
    with vault.unit_of_work() as uow:
        seed(uow, clock.today())  # no-op unless an older vault lacks reference data
        audit.record(uow, clock, Action.UNLOCK, "vault")
        failures = audit_trail.record_pending_failures(uow, clock, Path(path))
    if failures:
        audit_trail.clear_failures(Path(path))
    return Services(ServiceContext(vault=vault, clock=clock))
