"""The vault: one encrypted file, opened with a passphrase, used through units of work.

``Vault.unit_of_work()`` is the transaction boundary the services use: it commits on
success and rolls back on any error, so a failing import or a full disk never leaves
half a change behind. Low-level errors become known errors (``WrongPassphrase``,
``DiskFull``, ``VaultInUse``, ``VaultCorrupt``) with Dutch messages.

Threading rules (the desktop runs all vault work on one serial worker thread):

- A ``Vault`` belongs to the thread that created or opened it. Every call that touches
  the connection (``unit_of_work``, ``execute_pragma``, ``checkpoint``, ``vacuum``,
  ``export_encrypted``, ``verify_passphrase``, ``safety_copy``, ``close``...) from any
  other thread raises ``WrongThread`` (a bug, loud in tests) instead of quietly sharing
  the SQLCipher connection between threads.
- ``adopt_thread()`` hands the vault to the calling thread: the desktop unlocks on the
  worker (nothing to hand over), but a vault opened elsewhere (a test, a tool) is adopted
  by calling ``adopt_thread()`` *on the new thread* before its first use there. The old
  thread must be done with it.
- ``interrupt()`` is the one call allowed from any thread (sqlite3_interrupt is
  thread-safe): it stops the statement running on the owner thread, which then raises
  ``Interrupted``; the vault stays usable.
- Units of work do not nest: a second ``unit_of_work()`` (or a raw call such as
  ``execute_pragma``) while one is open raises ``NestedUnitOfWork``; pass the outer
  ``uow`` down instead.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from mensenhandel_desk.domain.errors import (
    Cancelled,
    NestedUnitOfWork,
    VaultCorrupt,
    VaultError,
    VaultInUse,
    VaultMissing,
    WrongPassphrase,
    WrongThread,
)
from mensenhandel_desk.store import migrate
from mensenhandel_desk.store import repositories as repo
from mensenhandel_desk.store.engine import (
    SearchIndexDamaged,
    VaultHandle,
    VaultReadOnly,
    engine_and_connection,
    is_read_only,
    quote_passphrase,
    raise_known,
    raw_connect,
    refuse_raw_key_form,
    require_sqlcipher,
    sqlcipher_dbapi,
    translate_db_error,
)


class NotAFile(VaultError):
    code = "not_a_file"

    def __init__(self, path: str) -> None:
        super().__init__("'{path}' is a folder, not a vault file.", path=path)


class NotAVault(VaultError):
    """An empty file: certainly no vault (exit 2, like a wrong passphrase / not a vault);
    never counted as a failed unlock."""

    code = "not_a_vault"
    exit_code = 2

    def __init__(self, path: str) -> None:
        super().__init__("'{path}' is empty: it is not a vault file. Choose the vault file; "
                         "nothing has been changed.", path=path)


class VaultExists(VaultError):
    code = "vault_exists"

    def __init__(self, path: str) -> None:
        super().__init__("A file already exists at {path}; it has not been touched. Choose "
                         "another name.", path=path)


@dataclass
class UnitOfWork:
    """Repositories sharing one transaction."""

    session: Session

    def __post_init__(self) -> None:
        s = self.session
        self.signals = repo.SignalRepository(s)
        self.reporters = repo.ReporterRepository(s)
        self.parties = repo.PartyRepository(s)
        self.locations = repo.LocationRepository(s)
        self.notes = repo.NoteRepository(s)
        self.checklists = repo.ChecklistRepository(s)
        self.partners = repo.PartnerRepository(s)
        self.contacts = repo.ContactRepository(s)
        self.handovers = repo.HandoverRepository(s)
        self.meetings = repo.MeetingRepository(s)
        self.meeting_items = repo.MeetingItemRepository(s)
        self.reporter_feedback = repo.ReporterFeedbackRepository(s)
        self.audit = repo.AuditRepository(s)
        self.prints = repo.PrintRecordRepository(s)
        self.settings = repo.SettingsRepository(s)
        self.activities = repo.ActivityRepository(s)
        self.drafts = repo.DraftRepository(s)

    def savepoint(self) -> contextlib.AbstractContextManager:
        return self.session.begin_nested()


Step = Callable[[], bool]
"""Called every few thousand SQLite VM steps during a long statement; return True to stop it."""

STEP_INSTRUCTIONS = 20_000  # SQLite VM instructions between two ``Step`` calls


class Vault:
    """An unlocked vault, owned by the thread that opened it (see the module docstring for
    the threading rules). An internal lock serialises the owner's calls as a safety net."""

    def __init__(self, handle: VaultHandle) -> None:
        self._handle = handle
        self._lock = threading.RLock()
        self._owner = threading.current_thread()
        self._in_unit_of_work = False
        self._interrupt_lock = threading.Lock()  # only guards the connection for interrupt()
        self._interruptible = handle.dbapi
        self.path = handle.path
        self.read_only = handle.read_only  # opened read-only: writes raise VaultReadOnly

    # --- threads ----------------------------------------------------------------------
    def adopt_thread(self) -> None:
        """Make the calling thread the vault's owner (call it *on* the new thread, e.g. the
        database worker taking over a vault opened elsewhere). The previous owner must no
        longer use the vault; a unit of work still open there is waited for."""
        with self._lock:
            self._owner = threading.current_thread()

    def _check(self) -> None:
        """Refuse a call from a thread that does not own the vault, or while a unit of work
        is open (nesting)."""
        caller = threading.current_thread()
        if caller is not self._owner:
            raise WrongThread(self._owner.name, caller.name)
        if self._in_unit_of_work:
            raise NestedUnitOfWork()

    def interrupt(self) -> None:
        """Stop the statement running on the owner thread (it raises ``Interrupted``; a
        write in progress rolls back). Safe from ANY thread: the one exception to the
        thread rule. A no-op when nothing runs or the vault is closed."""
        with self._interrupt_lock:
            conn = self._interruptible
            if conn is not None:
                with contextlib.suppress(Exception):  # closed meanwhile: nothing to stop
                    conn.interrupt()

    # --- opening --------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, passphrase: str) -> Vault:
        """A new, empty vault at the head schema. Refuses to touch an existing file."""
        path = Path(path)
        if path.exists():
            raise VaultExists(str(path))
        refuse_raw_key_form(passphrase)
        path.parent.mkdir(parents=True, exist_ok=True)
        vault = None
        try:
            engine, conn = engine_and_connection(path, passphrase)
            owner_only(path)
            vault = cls(VaultHandle(path=path, engine=engine, dbapi=conn))
            migrate.upgrade(engine)
        except BaseException:
            if vault is not None:
                vault._closed = True  # disposed right here
            with contextlib.suppress(Exception):
                engine.dispose()  # type: ignore[possibly-undefined]
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    Path(str(path) + suffix).unlink()
            raise
        return vault

    @classmethod
    def open(cls, path: Path, passphrase: str,
             now: Callable[[], datetime] | None = None) -> Vault:
        """Unlock an existing vault, migrating it (after a safety copy) when it is older.
        ``now`` is the services' clock (it names the safety copy)."""
        path = Path(path)
        if path.is_dir():
            raise NotAFile(str(path))
        if not path.exists():
            raise VaultMissing(str(path))
        if path.stat().st_size == 0:
            raise NotAVault(str(path))  # SQLCipher would treat it as a new database
        read_only = is_read_only(path)
        engine, conn = engine_and_connection(path, passphrase, read_only=read_only)
        if not read_only:
            owner_only(path)  # also a vault restored or copied in with the default mode
        vault = cls(VaultHandle(path=path, engine=engine, dbapi=conn, read_only=read_only))
        try:
            if read_only:
                if migrate.current_revision(engine) != migrate.head_revision():
                    raise VaultReadOnly()  # an older vault needs a migration: a write
            else:
                migrate.upgrade(engine, before=lambda: vault.safety_copy("voor-migratie",
                                                                         now))
        except BaseException as exc:
            vault.close()
            raise_known(exc)
        return vault

    @staticmethod
    def probe(path: Path, passphrase: str) -> None:
        """Check a passphrase against a vault without keeping it open (raises known errors)."""
        conn = raw_connect(Path(path), passphrase)
        conn.close()

    @staticmethod
    def in_use(path: Path) -> bool:
        """True when another connection holds the vault's lock (checked without the key:
        SQLite takes the file lock before it reads, so a held lock shows as "locked")."""
        require_sqlcipher()
        conn = sqlcipher_dbapi.connect(str(path), isolation_level=None, timeout=0)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except Exception as exc:  # only "locked" matters here
            return isinstance(translate_db_error(exc), VaultInUse)
        finally:
            conn.close()
        return False

    def verify_passphrase(self, passphrase: str) -> bool:
        """Does ``passphrase`` unlock this (open, exclusively locked) vault? Checked on a
        tiny probe file keyed like the vault (ATTACH without KEY reuses the vault's key),
        since a second connection to the vault itself would be refused by the lock."""
        probe = self.path.with_name(f".mhd-probe-{secrets.token_hex(6)}.part")
        try:
            with self._attached(probe, "probe") as dbapi:
                dbapi.execute("CREATE TABLE probe.p (x INTEGER)")
            try:
                raw_connect(probe, passphrase).close()
            except WrongPassphrase:
                return False
            return True
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    Path(str(probe) + suffix).unlink()

    # --- working ----------------------------------------------------------------------
    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """One transaction: commits when the block ends, rolls back on any error. Owner
        thread only; does not nest (``NestedUnitOfWork``: pass the outer ``uow`` down)."""
        self._check()
        with self._lock:
            self._in_unit_of_work = True
            session = Session(self._handle.engine, expire_on_commit=False)
            try:
                yield UnitOfWork(session)
                session.commit()
            except BaseException as exc:
                session.rollback()
                raise_known(exc)
            finally:
                session.close()
                self._in_unit_of_work = False

    def execute_pragma(self, pragma: str) -> list[tuple]:
        self._check()
        try:
            with self._lock, self._handle.engine.connect() as conn:
                return [tuple(row) for row in conn.exec_driver_sql(f"PRAGMA {pragma}")]
        except Exception as exc:  # a damaged file surfaces here first: make it known
            raise_known(exc)

    def integrity_problems(self) -> list[str]:
        """Empty when SQLite's integrity check and the foreign keys are sound."""
        problems = [row[0] for row in self.execute_pragma("integrity_check") if row[0] != "ok"]
        problems += [f"foreign key: {row[0]} row {row[1]} -> {row[2]}"
                     for row in self.execute_pragma("foreign_key_check")]
        return problems

    def damaged_pages(self) -> list[str]:
        """Pages whose HMAC does not verify (SQLCipher's ``cipher_integrity_check``): any
        changed byte, also in pages no table uses at the moment. Empty when sound."""
        return [str(row[0]) for row in self.execute_pragma("cipher_integrity_check")]

    def search_index_sound(self) -> bool:
        """Can the full-text index be read, and does it hold one entry per signal?"""
        try:
            with self.unit_of_work() as uow:
                entries = uow.session.execute(
                    text("SELECT count(*) FROM signal_fts")).scalar()
                uow.session.execute(text(
                    "SELECT rowid FROM signal_fts WHERE signal_fts MATCH 'mh*' LIMIT 1")).all()
                signals = uow.session.execute(text(
                    "SELECT count(*) FROM signal WHERE search_key IS NOT NULL")).scalar()
        except (VaultCorrupt, SearchIndexDamaged, WrongPassphrase):
            return False
        return entries == signals

    def schema_problems(self) -> list[str]:
        """Tables this build expects but the vault lacks, and a revision other than the
        newest (English, for the log; the check names them in Dutch)."""
        from mensenhandel_desk.store.rows import Base

        problems = []
        revision = self.schema_revision()
        if revision != migrate.head_revision():
            problems.append(f"revision {revision}")
        present = {row[0] for row in self._autocommit(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        problems += [f"table {name}" for name in sorted(Base.metadata.tables)
                     if name not in present]
        if "signal_fts" not in present:
            problems.append("table signal_fts")
        return problems

    @staticmethod
    def copy_without_search_index(source: Path, target: Path, passphrase: str) -> None:
        """An encrypted copy of the vault file ``source`` at ``target`` with a new, empty
        full-text index: the index's entries are dropped from the schema of ``source``
        (a *copy* the caller made; its pages are not read, so damage there does not
        matter) and ``sqlcipher_export`` copies only what the schema still names."""
        conn = raw_connect(Path(source), passphrase)
        try:
            ddl = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'signal_fts'"
                               ).fetchone()
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute("DELETE FROM sqlite_master WHERE name = 'signal_fts' OR name LIKE "
                         "'signal\\_fts\\_%' ESCAPE '\\'")
            conn.execute("PRAGMA writable_schema = OFF")
        finally:
            conn.close()
        if not ddl:
            raise VaultCorrupt()
        conn = raw_connect(Path(source), passphrase)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"ATTACH DATABASE '{_sql_path(Path(target))}' AS fresh")
            conn.execute("SELECT sqlcipher_export('fresh')")
            conn.execute(f"PRAGMA fresh.user_version = {int(version or 0)}")
            conn.execute("DETACH DATABASE fresh")
        except Exception as exc:
            raise_known(exc)
        finally:
            conn.close()
        conn = raw_connect(Path(target), passphrase)
        try:
            conn.execute(ddl[0])
        finally:
            conn.close()
        owner_only(Path(target))

    def schema_revision(self) -> str | None:
        self._check()
        return migrate.current_revision(self._handle.engine)

    def _autocommit(self, sql: str) -> list[tuple]:
        """Run ``sql`` on the raw connection outside any transaction (VACUUM and a WAL
        checkpoint cannot run inside the BEGIN that SQLAlchemy's connect() opens)."""
        self._check()
        with self._lock:
            raw = self._handle.engine.raw_connection()
            try:
                return [tuple(row) for row in raw.driver_connection.execute(sql).fetchall()]
            except Exception as exc:
                raise_known(exc)
            finally:
                raw.close()

    def checkpoint(self) -> None:
        self._autocommit("PRAGMA wal_checkpoint(TRUNCATE)")

    def vacuum(self) -> None:
        """Rewrite the file so deleted records leave no remnants (after a purge)."""
        self._autocommit("VACUUM")
        self.checkpoint()

    def export_encrypted(self, target: Path, passphrase: str | None, *,
                         step: Step | None = None) -> None:
        """A consistent encrypted snapshot at ``target`` (must not exist), keyed with
        ``passphrase`` (``None``: the vault's own key, so callers need not hold the
        passphrase): ATTACH + ``sqlcipher_export`` on the raw connection in autocommit mode
        (inside a SQLAlchemy transaction DETACH fails with "database is locked"). No other
        write can interleave: this process holds the vault exclusively and ``_lock``.

        ``step`` is called every ``STEP_INSTRUCTIONS`` SQLite instructions while the export
        runs (SQLite's progress handler), to show that work goes on; when it returns True
        the export stops and ``Cancelled`` is raised (the caller removes ``target``)."""
        target = Path(target)
        if passphrase is not None:
            refuse_raw_key_form(passphrase)  # the copy must never be keyed raw
        key = "" if passphrase is None else f" KEY {quote_passphrase(passphrase)}"
        stopped = False

        def handler() -> int:
            nonlocal stopped
            stopped = stopped or bool(step())
            return 1 if stopped else 0

        try:
            with self._attached(target, "snapshot", key) as dbapi:
                if step is not None:
                    dbapi.set_progress_handler(handler, STEP_INSTRUCTIONS)
                try:
                    dbapi.execute("SELECT sqlcipher_export('snapshot')")
                finally:
                    if step is not None:
                        dbapi.set_progress_handler(None, 0)
                owner_only(target)  # a backup or rekey copy: as private as the vault
                version = dbapi.execute("PRAGMA user_version").fetchone()[0]
                dbapi.execute(f"PRAGMA snapshot.user_version = {int(version or 0)}")
        except Exception as exc:
            if stopped:
                raise Cancelled() from None
            raise_known(exc)

    @contextlib.contextmanager
    def _attached(self, path: Path, alias: str, key: str = "") -> Iterator:
        """The raw DB-API connection (autocommit, outside any SQLAlchemy transaction, where
        DETACH would fail) with ``path`` attached as ``alias``; detached afterwards.
        ``key`` is "" (reuse the vault's key) or `` KEY '...'``."""
        self._check()
        with self._lock:
            raw = self._handle.engine.raw_connection()
            try:
                dbapi = raw.driver_connection
                dbapi.execute(f"ATTACH DATABASE '{_sql_path(path)}' AS {alias}{key}")
                try:
                    yield dbapi
                finally:
                    dbapi.execute(f"DETACH DATABASE {alias}")
            finally:
                raw.close()

    def safety_copy(self, label: str, now: Callable[[], datetime] | None = None) -> Path:
        """An encrypted copy next to the vault before risky operations (the passphrase
        is not known here, so the raw encrypted file is copied after a checkpoint; see
        ``safety_copy``). ``now`` comes from the services' clock, so tests and the CLI
        agree on the date."""
        self.checkpoint()
        return safety_copy(self.path, label, (now or datetime.now)())

    def close(self) -> None:
        """Checkpoint and drop the decrypted connection (owner thread only)."""
        self._check()
        with self._lock:
            with self._interrupt_lock:
                self._interruptible = None
            self._closed = True
            self._handle.close()

    _closed = False

    def __del__(self) -> None:
        # A vault dropped without close() keeps the decrypted connection (and the file
        # lock) until the garbage collector runs: a bug. The tests turn this into an error.
        if not self._closed:
            warnings.warn("a vault was never closed (Vault.close)", ResourceWarning,
                          stacklevel=2)

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def safety_copy(path: Path, label: str, now: datetime) -> Path:
    """The one safety copy (before a migration, before a restore replaces the vault):
    the encrypted vault file and its ``-wal`` copied as a pair next to it, so the copy
    opens with the passphrase the vault had and holds every committed change. Named
    ``<stem>.<label>-<time>-<random><suffix>`` (two copies in one second never collide),
    synced to disk; a half-made copy is removed (the vault itself is never touched)."""
    target = path.with_name(f"{path.stem}.{label}-{now.strftime('%Y%m%d-%H%M%S')}"
                            f"-{secrets.token_hex(2)}{path.suffix}")
    pairs = [(path, target)]
    if Path(f"{path}-wal").exists():
        pairs.append((Path(f"{path}-wal"), Path(f"{target}-wal")))
    try:
        for source, copy in pairs:
            shutil.copy2(source, copy)
            with open(copy, "rb+") as fh:
                os.fsync(fh.fileno())
        if os.name == "posix":
            fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    except BaseException:
        for _source, copy in pairs:
            with contextlib.suppress(OSError):
                copy.unlink()
        raise
    return target


def owner_only(path: Path) -> None:
    """Make a vault file (and its -wal/-shm) readable by its owner only (POSIX; SQLite
    creates files 0644). Encrypted or not, another account on a shared machine has no
    business copying it for an offline guessing attack. Only takes permissions away
    (group and others), never adds any: a 0444 vault becomes 0400, not 0600. Best
    effort: a file on a stick or share that cannot be changed is left as it is."""
    if os.name != "posix":
        return
    for candidate in (Path(path), *(Path(f"{path}{s}") for s in ("-wal", "-shm"))):
        with contextlib.suppress(OSError):
            mode = candidate.stat().st_mode & 0o7777
            if mode & 0o077:
                os.chmod(candidate, mode & ~0o077)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
