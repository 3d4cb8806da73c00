"""The session, the worker and lock (issue 7): a vault belongs to one thread, units of work
do not nest, a running query can be interrupted from another thread, and locking backs up
only when something changed since the last automatic backup."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from sqlalchemy import text

from mensenhandel_desk import paths
from mensenhandel_desk.domain.errors import (
    Interrupted,
    NestedUnitOfWork,
    VaultLocked,
    WrongThread,
)
from mensenhandel_desk.services import backup
from mensenhandel_desk.services.session import open_vault
from tests.conftest import PASSPHRASE, make_signal

ENDLESS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
           "SELECT count(*) FROM c")


@pytest.fixture
def worker():
    """One serial worker thread, like the desktop's ``ui/worker.py``."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-worker")
    yield pool
    pool.shutdown(wait=True)


def on_worker(worker, fn):
    return worker.submit(fn).result(timeout=60)


# --- owner thread ----------------------------------------------------------------------
def test_a_vault_refuses_calls_from_another_thread(services, worker):
    services.signals.create(make_signal())
    vault = services.vault
    calls = [lambda: services.signals.count(), lambda: vault.execute_pragma("user_version"),
             vault.checkpoint, vault.schema_revision, vault.close,
             lambda: services.vault.verify_passphrase(PASSPHRASE)]
    for call in calls:
        with pytest.raises(WrongThread, match="thread") as caught:
            on_worker(worker, call)
        assert not isinstance(caught.value, VaultLocked)
    # nothing happened to the vault: the owner goes on
    assert services.signals.count() == 1


def test_adopt_thread_hands_the_vault_to_the_worker(services, worker):
    def on_the_worker():
        services.vault.adopt_thread()
        services.signals.create(make_signal(summary="Op de werker"))
        return services.signals.count()

    assert on_worker(worker, on_the_worker) == 1
    with pytest.raises(WrongThread):  # the opening thread gave it away
        services.signals.count()
    services.vault.adopt_thread()  # and takes it back (the fixture closes it here)
    assert services.signals.count() == 1


def test_open_on_the_worker_lock_on_the_worker(services, vault_path, worker):
    services.close()
    opened = on_worker(worker, lambda: open_vault(vault_path, PASSPHRASE))
    assert on_worker(worker, lambda: opened.signals.count()) == 0
    with pytest.raises(WrongThread):
        opened.signals.count()
    on_worker(worker, opened.lock)
    with pytest.raises(VaultLocked):
        opened.signals.count()


# --- nesting ---------------------------------------------------------------------------
def test_a_nested_unit_of_work_is_a_clear_error(services):
    services.signals.create(make_signal())
    with pytest.raises(NestedUnitOfWork, match="outer `uow`"), \
            services.vault.unit_of_work() as uow:
        uow.signals.count()
        with services.vault.unit_of_work():
            pass
    with pytest.raises(NestedUnitOfWork), services.vault.unit_of_work():
        services.signals.count()  # a service call inside someone's unit of work
    assert services.signals.count() == 1  # the vault is fine afterwards


def test_purge_does_not_nest_units_of_work(services):
    from mensenhandel_desk.services.retention import RetentionService

    retention = RetentionService(services)
    assert retention.due() == []
    assert retention.purge(confirm=True).purged == []


# --- interrupt -------------------------------------------------------------------------
def _interrupt_until_done(services, future, started: threading.Event):
    assert started.wait(30)
    deadline = time.monotonic() + 30
    while not future.done() and time.monotonic() < deadline:
        services.interrupt()  # from the main (GUI) thread
        time.sleep(0.01)
    return future


def test_interrupt_stops_a_long_query_on_the_worker(services, worker):
    services.signals.create(make_signal(summary="Blijft staan"))
    started = threading.Event()

    def long_search():
        services.vault.adopt_thread()
        with services.vault.unit_of_work() as uow:
            started.set()
            return uow.session.execute(text(ENDLESS)).scalar()

    future = _interrupt_until_done(services, worker.submit(long_search), started)
    with pytest.raises(Interrupted) as caught:
        future.result(timeout=30)
    assert caught.value.code == "interrupted"
    assert caught.value.message == ("De zoekopdracht is gestopt omdat een nieuwere haar "
                                    "verving.")
    # the vault stays usable on the worker
    assert on_worker(worker, lambda: services.signals.count()) == 1
    assert on_worker(worker, lambda: services.vault.integrity_problems()) == []
    on_worker(worker, services.vault.adopt_thread)
    services.vault.adopt_thread()


def test_an_interrupted_write_rolls_back(services, worker):
    started = threading.Event()

    def write_then_hang():
        services.vault.adopt_thread()
        with services.vault.unit_of_work() as uow:
            uow.settings.put("officer_name", "Half geschreven")
            started.set()
            uow.session.execute(text(ENDLESS)).scalar()

    future = _interrupt_until_done(services, worker.submit(write_then_hang), started)
    with pytest.raises(Interrupted):
        future.result(timeout=30)
    services.vault.adopt_thread()
    assert services.settings.get().officer_name != "Half geschreven"
    services.signals.create(make_signal())
    assert services.signals.count() == 1


def test_interrupt_when_locked_or_idle_is_harmless(services):
    services.interrupt()  # nothing running: a no-op
    assert services.signals.count() == 0
    services.lock()
    services.interrupt()  # locked: a no-op


# --- lock: back up only when changed -----------------------------------------------------
def _auto(vault_path):
    return backup.automatic_backups(vault_path)


def test_lock_backs_up_only_when_something_changed(services, vault_path):
    made = services.lock()
    assert made is not None and made.automatic  # a new vault has no automatic backup yet
    assert len(_auto(vault_path)) == 1

    # unlock, look, lock: nothing changed, no new backup (an unlock is no change)
    again = open_vault(vault_path, PASSPHRASE)
    again.signals.page(limit=10)
    assert again.lock() is None
    assert len(_auto(vault_path)) == 1
    assert again.locked

    # a change: the next lock backs up
    again = open_vault(vault_path, PASSPHRASE)
    created = again.signals.create(make_signal())
    assert again.lock() is not None
    assert len(_auto(vault_path)) == 2

    # opening a signal's dossier (audited as a view) is no change either
    again = open_vault(vault_path, PASSPHRASE)
    again.signals.dossier(created.id)
    assert again.lock() is None
    assert len(_auto(vault_path)) == 2

    # a manual backup does not count as the automatic one
    again = open_vault(vault_path, PASSPHRASE)
    again.signals.create(make_signal(summary="Tweede"))
    backup.backup_to(again, vault_path.parent / "handmatig.mhdbak")
    assert again.lock() is not None
    assert len(_auto(vault_path)) == 3


def test_lock_backs_up_again_when_the_automatic_backups_are_gone(services, vault_path):
    services.lock()
    for path in _auto(vault_path):
        path.unlink()
    again = open_vault(vault_path, PASSPHRASE)
    assert again.lock() is not None
    assert len(_auto(vault_path)) == 1


def test_lock_closes_even_when_the_backup_fails(services, vault_path):
    services.signals.create(make_signal())
    folder = paths.backups_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("geen map")  # the backups folder cannot be made
    with pytest.raises(backup.DomainError):
        services.lock()
    assert services.locked
    with pytest.raises(VaultLocked):
        services.signals.count()
    assert services.lock() is None  # locking twice is harmless


def test_close_makes_no_backup(services, vault_path):
    services.signals.create(make_signal())
    services.close()
    assert _auto(vault_path) == []


def test_lock_honours_backup_on_close_off(services, vault_path):
    services.settings.save(replace(services.settings.get(), backup_on_close=False))
    assert services.lock() is None
    assert _auto(vault_path) == []
