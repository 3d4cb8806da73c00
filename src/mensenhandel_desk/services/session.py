"""Opening and creating vaults, and the bundle of services over an open vault.

This is what the CLI and the desktop client hold while the vault is unlocked;
``close()`` drops the decrypted connection, ``lock()`` first makes the automatic backup
when something changed since the last one.

Threading rules (see also store/vault.py):

- A ``Services`` bundle and its vault belong to the thread that opened them; in the
  desktop that is the one database worker (``ui/worker.py``), which runs ``open_vault``,
  every service call and ``lock()``. A call from another thread raises ``WrongThread``.
- ``interrupt()`` is the only method the GUI thread may call: it stops the query running
  on the worker (a superseded search), which then raises ``Interrupted``; it is a no-op
  when the session is locked or nothing runs.
- Long operations report through ``progress(done, total, label)`` on the worker thread
  and stop at safe points when their ``CancelToken`` (services/progress.py) is cancelled
  from any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mensenhandel_desk.crash import log
from mensenhandel_desk.domain.errors import DiskFull, DomainError, WrongPassphrase
from mensenhandel_desk.domain.validation import check_passphrase
from mensenhandel_desk.services import audit, backup
from mensenhandel_desk.services.audit import Action, anchor
from mensenhandel_desk.services.audit import trail as audit_trail
from mensenhandel_desk.services.base import ServiceContext, VaultUser
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.services.documents import DocumentService
from mensenhandel_desk.services.drafts import DraftService
from mensenhandel_desk.services.files import remove_orphaned_temp_files
from mensenhandel_desk.services.handovers import HandoverService
from mensenhandel_desk.services.meetings import MeetingService
from mensenhandel_desk.services.monitoring import MonitoringService
from mensenhandel_desk.services.policy import load_policy
from mensenhandel_desk.services.progress import Progress
from mensenhandel_desk.services.reference_data import ReferenceDataService, seed
from mensenhandel_desk.services.route_state import catch_up
from mensenhandel_desk.services.settings import SettingsService
from mensenhandel_desk.services.signals import SignalService
from mensenhandel_desk.store.vault import Vault, VaultReadOnly


class WrongPassphraseOrDamaged(WrongPassphrase):
    """SQLCipher cannot tell a wrong passphrase from a damaged first page (salt, header):
    both possibilities are named, and the attempt only counts as a wrong passphrase once
    a later unlock of the same first page succeeds (audit_trail.header_print)."""

    def __init__(self) -> None:  # (skips WrongPassphrase's fixed message)
        super(WrongPassphrase, self).__init__(
            "Wrong passphrase or not a vault file, or the start of the vault file is "
            "damaged (these cannot be told apart). Check the passphrase; if you are sure "
            "it is right, restore the most recent backup ('restore'). Nothing has been "
            "changed.")


@dataclass
class Services(VaultUser):
    ctx: ServiceContext
    # The unlock could not be audited (disk full): read-only work goes on, and the entry
    # is written at close when there is room again (services.session.open_vault).
    unrecorded_unlock: datetime | None = None

    def __post_init__(self) -> None:
        self.signals = SignalService(self.ctx)
        self.handovers = HandoverService(self.ctx)
        self.meetings = MeetingService(self.ctx)
        self.reference = ReferenceDataService(self.ctx)
        self.settings = SettingsService(self.ctx)
        self.documents = DocumentService(self.ctx)
        self.monitoring = MonitoringService(self.ctx)
        self.drafts = DraftService(self.ctx)

    def record(self, action: str, object_ref: str = "", detail: str = "") -> None:
        """Append an audit entry on its own (for actions outside a service call)."""
        with self.vault.unit_of_work() as uow:
            audit.record(uow, self.clock, action, object_ref, detail)

    @property
    def locked(self) -> bool:
        return self.ctx.locked

    @property
    def read_only(self) -> bool:
        """Opened read-only (the file or its folder may not be changed): every change
        raises ``VaultReadOnly``; a client can grey out its editing actions."""
        return self.vault.read_only

    def close(self) -> None:
        """Close the vault; first write an unlock entry the full disk held back, and
        remember the audit head outside the vault (audit/anchor.py). A known failure there
        (disk full, config folder not writable) is logged and the vault closes anyway;
        anything else is a bug and is raised after the vault is closed. Afterwards every
        service call raises ``VaultLocked``. Closing twice is harmless."""
        if self.ctx.locked:
            return
        try:
            if self.unrecorded_unlock is not None and not self.vault.read_only:
                self.record(Action.UNLOCK, "vault", "unlock at {at}, recorded at close "
                            "(the disk was full)".format(
                                at=self.unrecorded_unlock.isoformat(timespec="seconds")))
                self.unrecorded_unlock = None
            anchor.anchor_at_close(self.vault)
        except DomainError as exc:  # known; the vault must still close
            log.warning("close: %s", exc.code)
        finally:
            vault = self.ctx.drop()
            if vault is not None:
                vault.close()

    def lock(self, progress: Progress | None = None) -> backup.BackupResult | None:
        """What the CLI and the GUI call when the officer closes or locks the vault: the
        automatic backup, then ``close()``.

        Honours ``Settings.backup_on_close`` (forced on by a policy file) and
        ``backups_to_keep``, and backs up only when something changed since the last
        automatic backup (``backup.changed_since_automatic_backup``): locking an
        unchanged vault is instant. Returns the backup made, or None. The vault is
        closed even when the backup fails; the failure is raised afterwards as
        ``BackupAfterSaveFailed`` (the change is saved; only the backup failed: a full
        disk, a damaged page) so the client tells the officer exactly that. Not
        cancellable: the lock must complete. Worker thread only; locking a locked
        session does nothing."""
        if self.ctx.locked:
            return None
        result = None
        failure: DomainError | None = None
        try:
            if not self.vault.read_only:  # nothing can have changed
                settings = self.settings.get()
                if ((settings.backup_on_close or load_policy().backup_on_close)
                        and backup.changed_since_automatic_backup(self)):
                    try:
                        result = backup.automatic_backup(self, settings.backups_to_keep,
                                                  progress=progress)
                    except DomainError as exc:  # known: the committed change stays saved
                        failure = exc
        finally:
            self.close()
        if failure is not None:
            raise backup.BackupAfterSaveFailed(failure) from failure
        return result

    def interrupt(self) -> None:
        """Stop the query running on the worker thread (it raises ``Interrupted``). The one
        call allowed from any thread, e.g. the GUI thread replacing a search; a no-op
        when locked."""
        vault = self.ctx.peek()
        if vault is not None:
            vault.interrupt()

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
    header = audit_trail.header_print(Path(path))  # before anything writes to the file
    try:
        vault = Vault.open(Path(path), passphrase, now=clock.now)
    except WrongPassphrase:
        audit_trail.note_failed_unlock(Path(path), clock.now(), header)
        if audit_trail.looks_like_vault(Path(path)):
            raise WrongPassphraseOrDamaged() from None
        raise
    unrecorded = None
    try:
        with vault.unit_of_work() as uow:
            seed(uow, clock.today())  # no-op unless an older vault lacks reference data
            audit.record(uow, clock, Action.UNLOCK, "vault")
            failures = audit_trail.record_pending_failures(uow, clock, Path(path), header)
    except (DiskFull, VaultReadOnly):
        # Reading must still work on a full disk (list, show, check, a backup elsewhere)
        # and in a read-only vault; the unlock entry is written at close if it can be by
        # then (issue 12.1, 12.4).
        unrecorded, failures = clock.now(), 0
    except BaseException:
        vault.close()
        raise
    if failures:
        audit_trail.clear_failures(Path(path))
    if not vault.read_only:
        remove_orphaned_temp_files(Path(path).parent)  # leftovers of a killed rekey (12.8)
        _catch_up_route(vault, clock)
    return Services(ServiceContext(vault=vault, clock=clock), unrecorded_unlock=unrecorded)


def _catch_up_route(vault: Vault, clock: Clock) -> None:
    """Signals whose meeting has been held since they were last written become
    "discussed" (the one status the passing of time changes; docs/route.md). A full disk
    leaves them as they were until the next unlock."""
    try:
        with vault.unit_of_work() as uow:
            catch_up(uow, clock.today())
    except (DiskFull, VaultReadOnly):
        pass


def warm_up() -> None:
    """Load what the first unlock needs besides the key derivation (the migration
    revisions), so the desktop can do it on the worker while the officer types."""
    from mensenhandel_desk.store import migrate

    migrate.warm_up()
