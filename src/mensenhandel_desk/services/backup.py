"""Encrypted backups, rotating automatic backups on close, and verified restores.

The promise: nothing is lost. Every file this module writes appears under its final
name only when it is complete (services/files.py: temp name in the target folder,
``fsync``, ``os.replace``), and a restore never removes the current vault before a
safety copy of it (vault file and its ``-wal``) is on disk. At every instant either
the old or the new vault is present, never neither.

Backups are SQLCipher files themselves (a consistent snapshot taken with
``sqlcipher_export`` while the vault is open), keyed with the vault's passphrase or a
separate backup passphrase. They contain no plaintext part and their names carry no
personal data: automatic backups are named by a hash of the vault path and a sequence
number.

Automatic backups happen on close/lock only when something changed since the last one
(``changed_since_automatic_backup``): locking an unchanged 100k-signal vault is instant
instead of an 18 s export.

Long operations take ``progress=`` and ``cancel=`` (services/progress.py). A cancelled
backup leaves no file; a restore can be cancelled until it starts replacing the vault.

Threading: call from the app's database worker, like every other service.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mensenhandel_desk import paths
from mensenhandel_desk.domain.errors import (
    DiskFull,
    DomainError,
    ValidationError,
    VaultCorrupt,
    VaultInUse,
)
from mensenhandel_desk.domain.validation import check_passphrase
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action, anchor
from mensenhandel_desk.services.base import VaultUser
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.services.files import (
    SIDE_FILES,
    WriteFailed,
    fsync_dir,
    fsync_file,
    reason_for,
    remove_quietly,
    remove_side_files,
    temp_name,
    translate_os_error,
    vault_key,
)
from mensenhandel_desk.services.policy import load_policy
from mensenhandel_desk.services.progress import CancelToken, Progress, Tracker, check
from mensenhandel_desk.store.vault import Vault, safety_copy

BACKUP_SUFFIX = ".mhdbak"
AUTO_PREFIX = "auto-"
AUTOMATIC_DETAIL = "automatic backup"  # audit detail of an automatic backup: the marker
# Audit actions that record looking, not changing: alone they do not call for a new
# automatic backup (an unlock writes one on every open).
READ_ONLY_ACTIONS = frozenset({Action.UNLOCK, Action.UNLOCK_FAILED, Action.OPEN_SIGNAL,
                               Action.VIEW_REPORTER, Action.EXPORT, Action.BACKUP,
                               Action.ACCESS_REQUEST})
LABEL_BACKUP = N_("Writing the encrypted backup")


class ConfirmationRequired(DomainError):
    code = "confirmation_required"

    def __init__(self) -> None:
        super().__init__("This replaces the current vault. Confirm explicitly (for example "
                         "with --yes); nothing has been changed.")


class BrokenAuditConfirmationRequired(DomainError):
    code = "backup_audit_broken"

    def __init__(self) -> None:
        super().__init__("The audit trail in this backup does not verify: entries were "
                         "changed or removed. Restore it only if you know why, and confirm "
                         "that separately (for example with --accept-broken-audit); nothing "
                         "has been changed.")


class BackupAfterSaveFailed(DomainError):
    """The officer's change is committed; only the automatic backup at close failed.
    Never reported as "not saved" (repeating the command would save it twice)."""

    code = "backup_after_save_failed"
    exit_code = 3

    def __init__(self, cause: DomainError) -> None:
        self.cause = cause
        super().__init__("Your change has been saved. Only the automatic backup afterwards "
                         "failed: {reason} Do not repeat the command (that would save the "
                         "change twice). {remedy}", reason=_(_backup_reason(cause)),
                         remedy=_(_backup_remedy(cause)))


def _backup_reason(cause: DomainError) -> str:
    if isinstance(cause, DiskFull):
        return N_("the disk is full.")
    if isinstance(cause, VaultCorrupt):
        return N_("part of the vault file could not be read (damage).")
    if isinstance(cause, WriteFailed):
        return N_("the backup folder cannot be written.")
    return N_("the backup could not be written.")


def _backup_remedy(cause: DomainError) -> str:
    if isinstance(cause, VaultCorrupt):
        return N_("Run 'check' to see what is damaged, and keep your most recent backup.")
    return N_("Free up disk space, then make a backup ('backup --out FILE'); the next "
              "change will also make the automatic backup again.")


class BackupDamaged(DomainError):
    code = "backup_damaged"

    def __init__(self) -> None:
        super().__init__("The backup failed its integrity check and was not restored. The "
                         "current vault has not been changed.")


class BackupMissing(DomainError):
    code = "backup_missing"

    def __init__(self) -> None:
        super().__init__("The backup file does not exist or cannot be read.")


@contextlib.contextmanager
def _staged(target: Path, kind: str) -> Iterator[Path]:
    """Yield a temp path next to ``target``; on success it replaces ``target``."""
    if not target.parent.is_dir():
        raise WriteFailed(reason_for(FileNotFoundError(2, "")))
    tmp = temp_name(target.parent, kind)
    try:
        yield tmp
        fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        remove_quietly(tmp)
        raise translate_os_error(exc) from None
    except BaseException:
        remove_quietly(tmp)
        raise


# --- backups -----------------------------------------------------------------------
@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    automatic: bool


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def backup_to(services: VaultUser, out: Path, passphrase: str | None = None, *,
              automatic: bool = False, progress: Progress | None = None,
              cancel: CancelToken | None = None) -> BackupResult:
    """An encrypted snapshot of the open vault at ``out`` (replaced atomically).

    ``passphrase=None`` keys the backup with the vault's own passphrase (the app does not
    keep it in memory; SQLCipher reuses the open vault's key). A separate backup
    passphrase must meet the same minimum length as a vault passphrase.

    ``progress`` gets ``(n, 0, label)`` while the export runs (its length is not known in
    advance: a busy indicator) and ``(n, n, label)`` at the end. ``cancel`` is honoured
    until the snapshot is complete: a cancelled backup removes its half-written temp file,
    leaves ``out`` as it was and writes no audit entry (``Cancelled``).
    """
    out = Path(out)
    if _same_file(out, services.vault.path) or out.is_dir():
        raise ValidationError("Choose a new file for the backup, not the vault itself or a "
                              "folder.", code="backup_target", field="out")
    if passphrase is not None:
        check_passphrase(passphrase, load_policy().passphrase_minimum())
    check(cancel)
    report = Tracker(progress)
    label = _(LABEL_BACKUP)
    report(0, label)

    def step() -> bool:
        report.advance(label)
        return cancel is not None and cancel.cancelled

    with _staged(out, "backup") as tmp:
        services.vault.export_encrypted(tmp, passphrase, step=step)
        check(cancel)  # last moment at which nothing has been written under ``out``
    if automatic:
        with services.vault.unit_of_work() as uow:
            audit.record(uow, services.clock, Action.BACKUP, "vault", AUTOMATIC_DETAIL)
    else:
        with services.vault.unit_of_work() as uow:
            audit.record(uow, services.clock, Action.BACKUP, "vault", "backup")
    report.finish(label)
    return BackupResult(path=out, size=out.stat().st_size, automatic=automatic)


def _auto_prefix(vault_path: Path) -> str:
    """Separates rotations of different vaults without putting the vault's (possibly
    personal) file name into backup names: a short ``files.vault_key``."""
    return f"{AUTO_PREFIX}{vault_key(vault_path)[:12]}-"


def automatic_backups(vault_path: Path, folder: Path | None = None) -> list[Path]:
    """This vault's automatic backups, oldest first."""
    folder = folder or paths.backups_dir()
    prefix = _auto_prefix(vault_path)
    found = []
    for item in folder.glob(f"{prefix}*{BACKUP_SUFFIX}") if folder.is_dir() else []:
        try:
            found.append((int(item.name[len(prefix):].split("-")[0]), item))
        except ValueError:
            continue
    return [item for _, item in sorted(found)]


SAFETY_LABELS = ("voor-herstel", "voor-migratie")  # before a restore, a migration


def safety_copies(vault_path: Path) -> list[Path]:
    """The safety copies next to the vault (made before a restore or a migration).

    They hold what the vault held at that moment, so after a purge the officer must be
    told they still contain the destroyed signals (they are kept deliberately: they are
    the way back from a bad restore)."""
    vault_path = Path(vault_path)
    if not vault_path.parent.is_dir():
        return []
    stem, suffix = glob.escape(vault_path.stem), glob.escape(vault_path.suffix)
    found: set[Path] = set()
    for label in SAFETY_LABELS:
        found |= {item for item in vault_path.parent.glob(f"{stem}.{label}-*{suffix}")
                  if item.is_file()}
    return sorted(found)


def automatic_backup(services: VaultUser, keep: int, *, progress: Progress | None = None,
                     cancel: CancelToken | None = None) -> BackupResult:
    """One rotating backup in the user data folder; the oldest beyond ``keep`` go. Its
    audit entry (detail ``AUTOMATIC_DETAIL``) is the marker ``changed_since_automatic_backup``
    compares against."""
    folder = paths.backups_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise translate_os_error(exc) from None
    existing = automatic_backups(services.vault.path, folder)
    prefix = _auto_prefix(services.vault.path)
    seq = int(existing[-1].name[len(prefix):].split("-")[0]) + 1 if existing else 1
    stamp = services.clock.now().strftime("%Y%m%d-%H%M%S")
    result = backup_to(services, folder / f"{prefix}{seq:06d}-{stamp}{BACKUP_SUFFIX}",
                       automatic=True, progress=progress, cancel=cancel)
    for old in automatic_backups(services.vault.path, folder)[:-max(1, keep)]:
        remove_quietly(old)
    return result


def changed_since_automatic_backup(services: VaultUser) -> bool:
    """Has anything changed since this vault's last automatic backup?

    Every change writes an audit entry, and every automatic backup writes one with detail
    ``AUTOMATIC_DETAIL`` right after its snapshot: that entry is the marker. The vault
    changed when an entry after the marker records more than looking
    (``READ_ONLY_ACTIONS``: unlocks, opening a signal, exports, manual backups...; such
    entries reach the next backup together with the next real change). Conservative:
    no marker, no automatic backup file on disk any more, or entries after the marker
    that cannot all be found by time (the clock went back) count as changed. Kept in the
    audit trail rather than in settings so that an interchange export (which carries
    settings) never takes a marker to another vault.
    """
    if not automatic_backups(services.vault.path):
        return True
    with services.vault.unit_of_work() as uow:
        head = uow.audit.last()
        marks = [e for e in uow.audit.query(action=Action.BACKUP)
                 if e.detail == AUTOMATIC_DETAIL]
        if head is None or not marks:
            return True
        mark = marks[-1]
        if head.id == mark.id:
            return False
        later = [e for e in uow.audit.query(since=mark.at) if e.id > mark.id]
    if len(later) != head.id - mark.id:
        return True
    return any(e.action not in READ_ONLY_ACTIONS for e in later)


def replace_automatic_backups(services: VaultUser) -> int:
    """Replace this vault's automatic backups by one fresh backup of the vault as it is
    now; returns how many were replaced. Used after a passphrase change: the rotating
    backups in the user data folder would otherwise keep opening with the old passphrase
    (often changed because someone saw it). Backups the officer made by hand are the
    officer's to replace. If the fresh backup cannot be written, the old ones stay and
    0 is returned (the caller's own change has already succeeded)."""
    older = automatic_backups(services.vault.path)
    if not older:
        return 0
    try:
        automatic_backup(services, keep=1)
    except DomainError:
        return 0
    for path in older:
        remove_quietly(path)
    return len(older)


# --- restore -------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupInfo:
    schema_revision: str | None
    signals: int
    last_activity: datetime | None
    audit_ok: bool
    migrated: bool


@dataclass(frozen=True)
class RestoreResult:
    info: BackupInfo
    safety_copy: Path | None


def _open_copy(backup: Path, passphrase: str, folder: Path) -> tuple[Vault, Path, bool]:
    """Copy the backup next to the vault and open the copy (the user's backup file stays
    untouched, even when it needs a migration)."""
    if not backup.is_file():
        raise BackupMissing()
    tmp = temp_name(folder, "restore")
    try:
        shutil.copyfile(backup, tmp)
    except OSError as exc:
        remove_quietly(tmp)
        raise translate_os_error(exc) from None
    try:
        probe = Vault.open(tmp, passphrase)
    except VaultCorrupt:
        # It is the backup that is damaged, not the vault: say so (the vault's own
        # "damaged, restore a backup" message would send the officer in a circle).
        _remove_restore_leftovers(tmp)
        raise BackupDamaged() from None
    except BaseException:
        _remove_restore_leftovers(tmp)
        raise
    # Vault.open migrated an older copy after a safety copy of the *temp* file.
    migrated = bool(list(folder.glob(f"{tmp.stem}.voor-migratie-*")))
    return probe, tmp, migrated


def _remove_restore_leftovers(tmp: Path) -> None:
    remove_quietly(tmp)
    for extra in tmp.parent.glob(f"{tmp.stem}.voor-migratie-*"):
        remove_quietly(extra)


def _describe(probe: Vault, migrated: bool) -> BackupInfo:
    try:
        if probe.integrity_problems():
            raise BackupDamaged()
        with probe.unit_of_work() as uow:
            events = uow.audit.query()
            signals = uow.signals.count()
    except VaultCorrupt:
        raise BackupDamaged() from None
    return BackupInfo(schema_revision=probe.schema_revision(), signals=signals,
                      last_activity=events[-1].at if events else None,
                      audit_ok=audit.verify(events).ok, migrated=migrated)


def inspect_backup(backup: Path, passphrase: str, vault_path: Path) -> BackupInfo:
    """Open and check a backup without changing anything (what a restore would bring)."""
    folder = Path(vault_path).parent
    folder.mkdir(parents=True, exist_ok=True)
    probe, tmp, migrated = _open_copy(Path(backup), passphrase, folder)
    try:
        return _describe(probe, migrated)
    finally:
        probe.close()
        _remove_restore_leftovers(tmp)


def drop_empty_side_files(path: Path) -> None:
    """Remove the ``-wal``/``-journal`` a closed temp vault left, but only when empty: a
    non-empty one means the closing checkpoint failed (full disk) and holds data."""
    for suffix in SIDE_FILES:
        side = Path(str(path) + suffix)
        if side.exists():
            if side.stat().st_size > 0:
                raise DiskFull()
            side.unlink()


LABEL_RESTORE_COPY = N_("Copying the backup")
LABEL_RESTORE_CHECK = N_("Checking the backup")
LABEL_RESTORE_SAFETY = N_("Making a safety copy of the current vault")
LABEL_RESTORE_SWAP = N_("Putting the backup in place")
RESTORE_STEPS = 4


def restore(backup: Path, vault_path: Path, passphrase: str, *, confirm: bool = False,
            accept_broken_audit: bool = False,
            clock: Clock | None = None, progress: Progress | None = None,
            cancel: CancelToken | None = None) -> RestoreResult:
    """Replace the vault at ``vault_path`` with a verified backup.

    Checks, in this order, before anything is touched: the passphrase opens the backup,
    SQLite's integrity check passes, the schema is not newer than this build (older is
    migrated on the copy). Without ``confirm=True`` it stops there
    (``ConfirmationRequired``) when a vault exists at ``vault_path`` (restoring where
    there is none replaces nothing and needs no confirmation). A backup whose audit chain
    does not verify is restored only with ``accept_broken_audit=True`` as well
    (``BrokenAuditConfirmationRequired``); the restore's audit entry then says so. The
    current vault must not be open anywhere (close it first); a safety copy of it is
    made before it is replaced. Afterwards the vault opens
    with the *backup's* passphrase.

    ``progress`` reports the four steps (copy, check, safety copy, swap). ``cancel`` is
    honoured until the backup has been checked (``Cancelled``, the temp copy removed);
    from the safety copy on the restore completes.
    """
    clock = clock or Clock()
    report = Tracker(progress, RESTORE_STEPS)
    check(cancel)
    vault_path = Path(vault_path)
    folder = vault_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if vault_path.exists() and Vault.in_use(vault_path):
        raise VaultInUse()
    report(0, _(LABEL_RESTORE_COPY))
    probe, tmp, migrated = _open_copy(Path(backup), passphrase, folder)
    try:
        try:
            check(cancel)
            report(1, _(LABEL_RESTORE_CHECK))
            info = _describe(probe, migrated)
            if not confirm and vault_path.exists():
                raise ConfirmationRequired()
            if not info.audit_ok and not accept_broken_audit:
                raise BrokenAuditConfirmationRequired()
            check(cancel)  # the last point at which nothing has been touched
            detail = ("restored from backup" if info.audit_ok else
                      "restored from backup; its broken audit trail was accepted")
            with probe.unit_of_work() as uow:
                audit.record(uow, clock, Action.RESTORE, "vault", detail)
        finally:
            probe.close()
        drop_empty_side_files(tmp)
        fsync_file(tmp)
        safety = None
        report(2, _(LABEL_RESTORE_SAFETY))
        if vault_path.exists():
            safety = safety_copy(vault_path, SAFETY_LABELS[0], clock.now())
            # A stale -wal of the old key must never meet the new file (SQLite would
            # replay its frames into it); the safety copy holds it.
            remove_side_files(vault_path)
        report(3, _(LABEL_RESTORE_SWAP))
        os.replace(tmp, vault_path)
        fsync_dir(folder)
        anchor.forget(vault_path)  # another chain now lives at this path
    except OSError as exc:
        _remove_restore_leftovers(tmp)
        raise translate_os_error(exc) from None
    except BaseException:
        _remove_restore_leftovers(tmp)
        raise
    _remove_restore_leftovers(tmp)
    report.finish(_(LABEL_RESTORE_SWAP))
    return RestoreResult(info=info, safety_copy=safety)
