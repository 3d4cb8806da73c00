"""Files outside the vault: the one atomic writer, temp files, and the vault-path key.

Every file the app writes (exports, documents, audit exports, the anchor and
failed-unlock records, backups, rekeyed and repaired vaults) appears under its final
name only when it is complete: a temp name in the target folder (same file system, so
``os.replace`` is atomic; random, so it never carries personal data from the target's
name), ``fsync``, ``os.replace``, ``fsync`` of the folder. On any failure the temp file
is removed. Plain files are created readable and writable by their owner only (0600 on
POSIX): exports and documents are plaintext.

Errors: ``write_atomic`` raises one ``WriteFailed`` with a short Dutch reason and never
the path (a file name may hold a name). Vault-file operations (backup, rekey, repair)
use ``translate_os_error``, where a full disk is the known ``DiskFull``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

from mensenhandel_desk.domain.errors import DiskFull, DomainError
from mensenhandel_desk.i18n import _

PART_SUFFIX = ".part"
SIDE_FILES = ("-wal", "-shm", "-journal")
STALE_TEMP_SECONDS = 3600  # a temp file this old belongs to no running operation
DISK_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class WriteFailed(DomainError):
    """A file could not be written; nothing half-written was left behind."""

    code = "write_failed"

    def __init__(self, reason: str) -> None:
        super().__init__("The file could not be written ({reason}). Nothing half-written "
                         "was left behind; choose another folder or file name.",
                         reason=reason)


def reason_for(error: OSError | None) -> str:
    """A short Dutch reason, without the path (a file name may contain a name)."""
    number = getattr(error, "errno", None)
    if error is None or number in (errno.EISDIR, errno.ENOTDIR):
        return _("the target is a folder")
    if number == errno.ENOENT:
        return _("the folder does not exist")
    if number in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("no permission to write there")
    if number in DISK_FULL_ERRNOS:
        return _("the disk is full")
    return _("system error {number}").format(number=number)


def translate_os_error(exc: OSError) -> DomainError:
    """For operations on vault files (backup, rekey, repair, restore)."""
    if exc.errno in DISK_FULL_ERRNOS:
        return DiskFull()
    return WriteFailed(reason_for(exc))


def temp_name(folder: Path, kind: str) -> Path:
    """A random temp name in ``folder`` (see the module docstring)."""
    return folder / f".mhd-{kind}-{secrets.token_hex(6)}{PART_SUFFIX}"


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_quietly(path: Path) -> None:
    """Remove ``path`` and its SQLite side files, if there."""
    for candidate in (path, *(Path(str(path) + s) for s in SIDE_FILES)):
        with contextlib.suppress(OSError):
            candidate.unlink()


def remove_side_files(path: Path) -> None:
    """Remove the SQLite side files of ``path`` (a stale ``-wal`` must never meet another
    file put at that path: SQLite would replay its frames into it)."""
    for suffix in SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


@contextlib.contextmanager
def removed_on_failure(*paths: Path) -> Iterator[None]:
    """Remove ``paths`` (with their side files) when the block fails; an ``OSError``
    comes out as its ``DomainError`` (``translate_os_error``)."""
    try:
        yield
    except OSError as exc:
        for path in paths:
            remove_quietly(path)
        raise translate_os_error(exc) from None
    except BaseException:
        for path in paths:
            remove_quietly(path)
        raise


def put_in_place(copy: Path, path: Path) -> None:
    """Replace the closed vault file ``path`` by the verified ``copy``: its side files go
    first, then the atomic rename and the synced folder. On an ``OSError`` the copy is
    removed and the error raised (the caller reopens the old file)."""
    try:
        remove_side_files(path)
        os.replace(copy, path)
        fsync_dir(path.parent)
    except OSError:
        remove_quietly(copy)
        raise


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> Path:
    """Write ``data`` so ``path`` is either the old content or all of the new (see the
    module docstring). Raises ``WriteFailed`` (with its reason: a folder, a missing
    folder, no permission, a full disk); the temp file is gone afterwards."""
    path = Path(path)
    if path.is_dir():
        raise WriteFailed(reason_for(None))
    tmp = temp_name(path.parent, "write")
    try:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                               | getattr(os, "O_BINARY", 0), mode), "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        remove_quietly(tmp)
        raise WriteFailed(reason_for(exc)) from None
    except BaseException:
        remove_quietly(tmp)
        raise
    return path


def remove_orphaned_temp_files(folder: Path) -> int:
    """After a successful unlock: remove what a killed rekey, restore, repair or backup
    left in the vault's folder (issue 12.8): side files (``-journal``, ``-wal``,
    ``-shm``) of temp files that no longer exist, and temp files older than an hour
    (encrypted copies, some under a new passphrase). A temp file of an operation running
    right now in another window is younger and stays. Returns how many were removed."""
    removed = 0
    cutoff = time.time() - STALE_TEMP_SECONDS
    for item in folder.glob(f".mhd-*{PART_SUFFIX}*"):
        name = item.name
        try:
            if name.endswith(PART_SUFFIX):
                if item.stat().st_mtime < cutoff:
                    remove_quietly(item)
                    removed += 1
            elif any(name.endswith(PART_SUFFIX + side) for side in SIDE_FILES):
                base = Path(str(item)[:name.rindex(PART_SUFFIX) - len(name)]
                            + PART_SUFFIX)
                if not base.exists():
                    item.unlink()
                    removed += 1
        except OSError:
            continue  # gone meanwhile, or not ours to remove
    return removed


def vault_key(vault_path: Path) -> str:
    """SHA-256 of the vault's resolved path: keys what is kept per vault outside it (the
    audit anchor, failed unlocks, the names of automatic backups) without the path,
    which may contain a name."""
    return hashlib.sha256(str(Path(vault_path).resolve()).encode("utf-8")).hexdigest()
