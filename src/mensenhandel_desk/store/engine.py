"""Open an SQLCipher vault through SQLAlchemy, safely.

Decisions, and why:
- The key is set in a ``creator`` of *this* engine, first statement on the connection,
  then verified with a read (SQLCipher only notices a wrong key on first read).
- The passphrase is quoted for the pragma by doubling single quotes; it never reaches
  SQLAlchemy's statement logging (``hide_parameters`` plus the key runs on the raw
  DB-API connection) nor any exception text.
- One connection (``StaticPool``) for the vault's lifetime: the KDF (256,000 PBKDF2
  iterations, ~70 ms) runs once per unlock instead of per checkout, and the page cache
  stays warm. The app uses it from one serial worker thread; locking closes it.
- ``locking_mode=EXCLUSIVE`` with WAL: a second process cannot open the vault while it
  is open here (it gets ``VaultInUse``), and no shared-memory ``-shm`` file is written.
- ``synchronous=FULL`` (committed means durable), ``secure_delete``, ``temp_store=MEMORY``
  (SQLCipher does not encrypt temp files), ``cipher_memory_security`` on.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from mensenhandel_desk.crash import log
from mensenhandel_desk.domain.errors import (
    DiskFull,
    Interrupted,
    VaultCorrupt,
    VaultError,
    VaultInUse,
    WrongPassphrase,
)

try:  # Never a plaintext fallback: without SQLCipher the app refuses to run.
    import sqlcipher3
    from sqlcipher3 import dbapi2 as sqlcipher_dbapi
except ImportError:  # pragma: no cover - exercised by the packaging smoke test
    sqlcipher3 = None
    sqlcipher_dbapi = None

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

PAGE_CACHE_KIB = 64 * 1024  # 64 MiB: holds the working set of a 100k-signal vault
BUSY_TIMEOUT_MS = 2000

# The cipher settings of every vault (SQLCipher 4), set explicitly on every connection
# instead of trusting the wheel's compiled-in defaults, and read back before use. A wheel
# built with other defaults would otherwise make every vault unreadable, or weaker.
# Never lower the KDF: existing vaults were made with exactly these.
KDF_ITERATIONS = 256_000
CIPHER_SETTINGS = {
    "kdf_iter": str(KDF_ITERATIONS),
    "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
    "cipher_hmac_algorithm": "HMAC_SHA512",
    "cipher_page_size": "4096",
}
SALT_BYTES = 16  # SQLCipher 4 keeps the KDF salt in the first 16 bytes of the file
KEY_BYTES = 32

# SQLCipher reads a key of the form x'<hex>' as a raw key (no key derivation at all).
RAW_KEY_FORM = re.compile(r"[xX]'[0-9A-Fa-f]*'")


class SQLCipherMissing(VaultError):
    code = "sqlcipher_missing"

    def __init__(self) -> None:
        super().__init__("SQLCipher encryption is not available. Mensenhandel Desk does not "
                         "run without encryption; reinstall the application.")


def require_sqlcipher() -> None:
    if sqlcipher3 is None:
        raise SQLCipherMissing()


class CipherSettingsWrong(VaultError):
    code = "cipher_settings"

    def __init__(self) -> None:
        super().__init__("The encryption library in this installation does not use the "
                         "settings Mensenhandel Desk requires, so vaults cannot be opened "
                         "safely. Nothing has been changed; reinstall the application or "
                         "contact the IT service desk.")


class VaultReadOnly(VaultError):
    code = "vault_read_only"

    def __init__(self) -> None:
        super().__init__("This vault is read-only (the file or its folder may not be "
                         "changed): you can look things up, but not change anything. Nothing "
                         "has been changed. To work in it, copy it to a folder where you may "
                         "write, or ask for write access.")


class SearchIndexDamaged(VaultError):
    code = "search_index_damaged"

    def __init__(self) -> None:
        super().__init__("The search index of the vault is damaged; searching does not work "
                         "until it is rebuilt. The signals themselves are not affected. Run "
                         "'check --repair-search' (or restore the most recent backup).")


class EmptyPassphrase(VaultError):
    code = "empty_passphrase"

    def __init__(self) -> None:
        super().__init__("The passphrase is empty. Type it at the prompt or check the "
                         "passphrase file; nothing has been changed.")


class RawKeyPassphrase(VaultError):
    code = "raw_key_passphrase"

    def __init__(self) -> None:
        super().__init__("A passphrase of the form x'...' with only hexadecimal characters "
                         "in between is not allowed: the encryption would use it as a key "
                         "directly, without protecting it against guessing. Choose "
                         "another passphrase; nothing has been changed.")


class InvalidText(VaultError):
    code = "invalid_text"

    def __init__(self) -> None:
        super().__init__("The text contains characters that are not valid (for example "
                         "bytes from a wrongly encoded file or argument). Correct the text "
                         "or save the file as UTF-8; nothing has been changed.")


class RawKey(str):
    """A raw SQLCipher key ``x'<hex>'`` built by code on purpose (the crash tests skip the
    KDF with it), never typed: the only way a raw key reaches SQLCipher. A plain ``str``
    of that form is a passphrase and is treated as one (``key_literal``)."""


def is_raw_key_form(passphrase: str) -> bool:
    """Would SQLCipher read ``passphrase`` as a raw key (``x'<hex>'``)?"""
    return not isinstance(passphrase, RawKey) and RAW_KEY_FORM.fullmatch(passphrase) is not None


def refuse_raw_key_form(passphrase: str) -> None:
    """For a passphrase about to key a new file (a vault, a rekey copy, a backup)."""
    if is_raw_key_form(passphrase):
        raise RawKeyPassphrase()


def key_literal(passphrase: str, path: Path) -> str:
    """The value for ``PRAGMA key`` that opens ``path`` with ``passphrase``.

    A normal passphrase is passed as it always was (SQLCipher derives the key: identical
    for every existing vault). A passphrase in SQLCipher's raw-key form is never passed
    as such: the key is derived here exactly as SQLCipher derives it from a passphrase
    (PBKDF2-HMAC-SHA512 over the file's salt), so it is never read as a raw key."""
    if passphrase == "":
        raise EmptyPassphrase()
    if not is_raw_key_form(passphrase):
        return quote_passphrase(passphrase)
    try:
        with open(path, "rb") as fh:
            salt = fh.read(SALT_BYTES)
    except OSError:
        salt = b""
    if len(salt) != SALT_BYTES:
        raise RawKeyPassphrase()  # a new file: refused (created only with a derived key)
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS,
                              KEY_BYTES)
    return f"\"x'{key.hex()}'\""


def apply_cipher_settings(conn, schema: str = "main") -> None:
    """Set the SQLCipher 4 settings explicitly (after the key, before the first read)."""
    for name, value in CIPHER_SETTINGS.items():
        conn.execute(f"PRAGMA {schema}.{name} = {value}")


def check_cipher_settings(conn, schema: str = "main") -> None:
    """Refuse to go on when SQLCipher is absent (empty ``cipher_version``) or a setting
    reads back different from what was set."""
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        raise CipherSettingsWrong()
    for name, value in CIPHER_SETTINGS.items():
        row = conn.execute(f"PRAGMA {schema}.{name}").fetchone()
        if not row or str(row[0]).upper() != value.upper():
            raise CipherSettingsWrong()


def set_cipher_defaults(conn) -> None:
    """The same settings as defaults for files attached with their own KEY (backups, the
    rekey copy): ATTACH takes the defaults, not the main database's settings."""
    for name, value in CIPHER_SETTINGS.items():
        conn.execute(f"PRAGMA cipher_default_{name.removeprefix('cipher_')} = {value}")


def quote_passphrase(passphrase: str) -> str:
    """SQL string literal for PRAGMA key/rekey (a ``'`` in a passphrase must not break it)."""
    return "'" + passphrase.replace("'", "''") + "'"


def _is_not_a_database(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "file is not a database" in text or "not a database" in text


def _is_search_index_damage(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "vtable constructor failed" in text and "signal_fts" in text


def _is_corrupt(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "database corrupt" in text


def _is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text


def _is_read_only(exc: BaseException) -> bool:
    return "readonly database" in str(exc).lower()


def _is_interrupted(exc: BaseException) -> bool:
    return "interrupted" in str(exc).lower()


def is_disk_full(exc: BaseException) -> bool:
    text = str(exc).lower()
    if "database or disk is full" in text or "disk i/o error" in text:
        return True
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def translate_db_error(exc: BaseException) -> BaseException:
    """Map a low-level error to a known error where there is one (else return it)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (VaultError, Interrupted)):
            return seen
        if _is_interrupted(seen):  # sqlite3_interrupt (Vault.interrupt) or a progress abort
            return Interrupted()
        if isinstance(seen, UnicodeEncodeError):  # a lone surrogate in text or passphrase
            return InvalidText()
        if _is_read_only(seen):
            return VaultReadOnly()
        if _is_search_index_damage(seen):
            return SearchIndexDamaged()
        if _is_not_a_database(seen):
            return WrongPassphrase()
        if _is_corrupt(seen):
            return VaultCorrupt()
        if _is_locked(seen):
            return VaultInUse()
        if is_disk_full(seen):
            return DiskFull()
        seen = seen.__cause__ or getattr(seen, "orig", None)
    return exc


def raise_known(exc: BaseException) -> NoReturn:
    """Re-raise ``exc`` as its known error (``translate_db_error``), or as itself when
    there is none. Call it in an ``except`` block. The known error does not chain the
    low-level one (its text may quote SQL or a path)."""
    known = translate_db_error(exc)
    if known is exc:
        raise exc
    raise known from None


def _check_size(conn, path: Path) -> None:
    """A truncated vault can still decrypt page 1; catch it before anything is written."""
    size = path.stat().st_size
    if size == 0:
        return  # a brand-new vault being created
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
    wal = Path(str(path) + "-wal")
    # A checkpoint cut short by a full disk can leave a partial last page; the WAL still
    # holds every committed frame and SQLite rewrites them, so only without a WAL is a
    # ragged or short file damage (issue 4, tests/test_disk_full.py).
    wal_has_frames = wal.exists() and wal.stat().st_size > 32
    if not wal_has_frames and (size % page_size != 0 or page_count * page_size > size):
        raise VaultCorrupt()


def is_read_only(path: Path) -> bool:
    """Is this vault meant to stay unchanged: the file or its folder without write
    permission (by its mode bits, which also counts for an administrator account, or by
    access for this user)? Such a vault is opened read-only and never has its mode
    changed (issue 12.4)."""
    path = Path(path)
    try:
        for item in (path, path.parent):
            if not item.stat().st_mode & 0o200 or not os.access(item, os.W_OK):
                return True
    except OSError:
        return False
    return False


def raw_connect(path: Path, passphrase: str, *, check_same_thread: bool = False,
                read_only: bool = False):
    """A keyed, verified, configured DB-API connection (raises known errors).

    ``read_only``: opened immutable (SQLite neither writes nor locks nor creates a -wal);
    a write raises ``VaultReadOnly``. Refused when a -wal with committed changes lies
    next to it (they would not be seen)."""
    require_sqlcipher()
    if read_only:
        wal = Path(str(path) + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise VaultReadOnly()
        conn = sqlcipher_dbapi.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1",
                                       uri=True, check_same_thread=check_same_thread,
                                       isolation_level=None)
    else:
        conn = sqlcipher_dbapi.connect(str(path), check_same_thread=check_same_thread,
                                       isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        # SQLCipher logs decryption failures to stderr by default; the app reports them.
        conn.execute("PRAGMA cipher_log_level = NONE")
        set_cipher_defaults(conn)
        conn.execute(f"PRAGMA key = {key_literal(passphrase, path)}")
        apply_cipher_settings(conn)
        check_cipher_settings(conn)
        conn.execute("PRAGMA cipher_memory_security = ON")
        # Exclusive before the first read: a WAL vault then needs no shared-memory -shm
        # file, whose creation fails on a full disk and made even reading fail (12.1).
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _check_size(conn, path)
        if read_only:
            conn.execute("PRAGMA query_only = ON")
            return conn
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # In EXCLUSIVE mode the lock is taken on first access; take it now so a second
        # process is refused at open, not at its first write.
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("COMMIT")
    except Exception as exc:
        conn.close()
        raise_known(exc)
    return conn


@dataclass
class VaultHandle:
    """An open vault: the path, its engine and the one DB-API connection under it (kept
    for ``interrupt()``, the only call another thread may make). Close it to drop the
    decrypted connection."""

    path: Path
    engine: Engine
    dbapi: object | None = None
    read_only: bool = False

    def close(self) -> None:
        """Fold the WAL into the file and drop the connection. A checkpoint that fails for
        lack of space is harmless (the WAL keeps every committed change and the next open
        folds it in) and is logged; any other failure is raised, after the connection is
        dropped."""
        if self.read_only:  # nothing to fold in, nothing may be written
            self.engine.dispose()
            return
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except Exception as exc:
            if not isinstance(translate_db_error(exc), DiskFull):
                self.engine.dispose()
                raise_known(exc)
            log.warning("close: checkpoint postponed (%s)", DiskFull.code)
        self.engine.dispose()


def make_engine(path: Path, passphrase: str) -> Engine:
    """Engine over exactly one keyed connection (see module docstring)."""
    return engine_and_connection(path, passphrase)[0]


def engine_and_connection(path: Path, passphrase: str, *, read_only: bool = False):
    """``(engine, dbapi_connection)``: the engine over exactly one keyed connection, and
    that connection itself (for ``interrupt()``)."""
    conn = raw_connect(path, passphrase, read_only=read_only)
    engine = create_engine(
        "sqlite://",
        module=sqlcipher_dbapi,
        creator=lambda: conn,
        poolclass=StaticPool,
        hide_parameters=True,
    )

    # The DB-API connection is in autocommit mode; SQLAlchemy emits BEGIN itself, so
    # transactions (and SAVEPOINTs) are exactly the ones the services open.
    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine, conn
