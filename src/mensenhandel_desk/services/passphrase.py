"""Change the vault passphrase so that an interruption never locks the officer out.

Why not ``PRAGMA rekey``: it re-encrypts the pages inside the live file. Under WAL the
new-key pages pass through the WAL and a checkpoint; SQLCipher does not document what a
kill between those steps leaves behind, and a half-rekeyed file would open with neither
passphrase. (Measured with SQLCipher 4.19: 25 kills during an in-place rekey all left
exactly one passphrase working, because the pages commit through the WAL atomically; but
that rests on internals, and the new key is never verified before it goes live.) So the
rekey here is built from steps whose crash behaviour is known:

1. verify the current passphrase (on a probe file keyed like the vault);
2. ``sqlcipher_export`` the vault into a temp file in the same folder, keyed with the
   new passphrase; open it with the new passphrase and run the integrity check;
   ``fsync`` it;
3. close the vault (checkpoint: its ``-wal`` is folded in and removed);
4. remove any ``-wal`` left (its frames belong to the old key and SQLite would replay
   them into the new file), then ``os.replace`` the temp file over the vault and sync
   the folder;
5. reopen with the new passphrase and audit the change.

A kill before step 4's rename leaves the old file (old passphrase); after it, the new
file (new passphrase). ``tests/test_rekey.py`` kills a rekeying process at random
moments and checks that exactly one of the two passphrases opens the vault.

Progress and cancel (services/progress.py): ``change_passphrase`` reports its steps;
a cancel is honoured until the new copy is verified (step 2; the temp copy is removed and
the old passphrase stays). From step 3 on (closing the vault for the swap) it completes.
"""

from __future__ import annotations

from pathlib import Path

from mensenhandel_desk.domain.errors import (
    DomainError,
    ValidationError,
    VaultCorrupt,
    WrongPassphrase,
)
from mensenhandel_desk.domain.validation import check_passphrase
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.backup import drop_empty_side_files, replace_automatic_backups
from mensenhandel_desk.services.files import (
    fsync_file,
    put_in_place,
    remove_quietly,
    removed_on_failure,
    temp_name,
    translate_os_error,
)
from mensenhandel_desk.services.policy import load_policy
from mensenhandel_desk.services.progress import CancelToken, Progress, Tracker, check
from mensenhandel_desk.services.session import Services
from mensenhandel_desk.store.vault import Vault

REKEY_KIND = "rekey"
LABEL_VERIFY = N_("Checking the current passphrase")
LABEL_COPY = N_("Encrypting a copy under the new passphrase")
LABEL_CHECK_COPY = N_("Checking the new copy")
LABEL_SWAP = N_("Putting the new copy in place")
LABEL_BACKUPS = N_("Replacing the automatic backups")
REKEY_STEPS = 5


class RekeyIncomplete(DomainError):
    code = "rekey_incomplete"

    def __init__(self) -> None:
        super().__init__("The passphrase could not be changed; the current passphrase still "
                         "works. Free up disk space and try again.")


def remove_stale_temp_files(folder: Path) -> int:
    """Temp files of an interrupted rekey or restore hold an encrypted copy; remove them."""
    removed = 0
    for kind in (REKEY_KIND, "restore", "backup", "probe", "repair"):
        for leftover in folder.glob(f".mhd-{kind}-*.part"):
            remove_quietly(leftover)
            removed += 1
    return removed


def _rebind(services: Services, vault: Vault) -> None:
    """Point the existing bundle (held by the GUI or CLI) at the reopened vault: the
    services reach the vault through the context per call, so this is all it takes."""
    services.ctx.vault = vault


def change_passphrase(services: Services, current: str, new: str, *,
                      progress: Progress | None = None,
                      cancel: CancelToken | None = None) -> int:
    """Re-encrypt the vault under ``new``; see the module docstring for the steps.
    Returns how many automatic backups (still under the old passphrase) were replaced by
    one fresh backup under the new one.

    ``current`` must be the passphrase in use (someone at an unlocked, unattended laptop
    must not be able to lock the officer out). On return ``services`` works on the
    re-keyed vault.

    ``progress`` reports five steps; ``cancel`` is honoured until the new copy has been
    verified (``Cancelled``: nothing changed, the old passphrase works). From the swap on
    the change completes.
    """
    report = Tracker(progress, REKEY_STEPS)
    check_passphrase(new, load_policy().passphrase_minimum())
    if new == current:
        raise ValidationError("The new passphrase is the same as the current one.",
                              code="passphrase_unchanged", field="new_passphrase")
    vault = services.vault
    check(cancel)
    report(0, _(LABEL_VERIFY))
    if not vault.verify_passphrase(current):
        raise WrongPassphrase()
    path = Path(vault.path)
    folder = path.parent
    remove_stale_temp_files(folder)
    tmp = temp_name(folder, REKEY_KIND)
    with removed_on_failure(tmp):
        check(cancel)
        report(1, _(LABEL_COPY))
        vault.export_encrypted(
            tmp, new, step=lambda: cancel is not None and cancel.cancelled)
        report(2, _(LABEL_CHECK_COPY))
        copy = Vault.open(tmp, new)
        try:
            if copy.integrity_problems():
                raise VaultCorrupt()
        finally:
            copy.close()
        drop_empty_side_files(tmp)
        fsync_file(tmp)
        check(cancel)  # the last point at which stopping changes nothing
    report(3, _(LABEL_SWAP))
    vault.close()
    wal = Path(str(path) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # The checkpoint did not finish (disk full?): the WAL still holds committed
        # changes, so the old file stays and the new one goes.
        remove_quietly(tmp)
        _rebind(services, Vault.open(path, current))
        raise RekeyIncomplete()
    try:
        put_in_place(tmp, path)
    except OSError as exc:
        _rebind(services, Vault.open(path, current))
        raise translate_os_error(exc) from None
    _rebind(services, Vault.open(path, new))
    with services.vault.unit_of_work() as uow:
        audit.record(uow, services.clock, Action.REKEY, "vault", "passphrase changed")
    # The old passphrase must not keep opening the rotating automatic backups.
    report(4, _(LABEL_BACKUPS))
    replaced = replace_automatic_backups(services)
    report.finish(_(LABEL_BACKUPS))
    return replaced
