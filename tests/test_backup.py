"""Backups and restores: encrypted, consistent, atomic, rotating, verified, confirmed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mensenhandel_desk.domain.errors import (
    DomainError,
    ValidationError,
    VaultInUse,
    VaultTooNew,
    WrongPassphrase,
)
from mensenhandel_desk.services import backup
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.backup import ConfirmationRequired
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.store.engine import raw_connect
from tests.conftest import PASSPHRASE, make_signal, vault_from_template

OTHER = "a separate backup passphrase"
FIXTURE = Path(__file__).parent / "fixtures" / "vault-v1.mhd"
FIXTURE_PASSPHRASE = "fixture-v1 passphrase, fictitious data only"


def _summaries(path: Path, passphrase: str) -> list[str]:
    with open_vault(path, passphrase) as services:
        return [row.summary for row in services.signals.page(sort="reference",
                                                              descending=False).rows]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_backup_is_a_consistent_encrypted_snapshot_of_the_open_vault(services, tmp_path):
    services.signals.create(make_signal(summary="Voor de back-up"))
    out = tmp_path / "out" / "kopie.mhdbak"
    out.parent.mkdir()
    result = backup.backup_to(services, out)
    services.signals.create(make_signal(summary="Na de back-up"))

    assert result.path == out and out.stat().st_size == result.size > 0
    assert _summaries(out, PASSPHRASE) == ["Voor de back-up"]
    assert b"Voor de back-up" not in out.read_bytes()  # encrypted, no plaintext header
    assert not out.read_bytes().startswith(b"SQLite format 3")
    assert _leftovers(out.parent) == []
    with services.vault.unit_of_work() as uow:
        actions = [e.action for e in uow.audit.query()]
    assert actions[-2:] == [Action.BACKUP, Action.CREATE]


def test_backup_with_a_separate_passphrase_opens_only_with_that_one(services, tmp_path):
    services.signals.create(make_signal(summary="Apart versleuteld"))
    out = tmp_path / "apart.mhdbak"
    backup.backup_to(services, out, OTHER)
    assert _summaries(out, OTHER) == ["Apart versleuteld"]
    with pytest.raises(WrongPassphrase):
        raw_connect(out, PASSPHRASE)


def test_backup_refuses_the_vault_itself_and_short_passphrases(services, tmp_path):
    with pytest.raises(ValidationError):
        backup.backup_to(services, services.vault.path)
    old = tmp_path / "oud.mhdbak"
    old.write_bytes(b"previous backup")
    with pytest.raises(ValidationError):
        backup.backup_to(services, old, "short")
    assert old.read_bytes() == b"previous backup"
    assert _leftovers(tmp_path) == []


def test_backup_replaces_an_existing_file_only_when_complete(services, tmp_path):
    out = tmp_path / "kopie.mhdbak"
    backup.backup_to(services, out)
    first = out.read_bytes()
    services.signals.create(make_signal(summary="Tweede stand"))
    backup.backup_to(services, out)
    assert out.read_bytes() != first
    assert _summaries(out, PASSPHRASE) == ["Tweede stand"]


def test_automatic_backups_rotate_and_carry_no_vault_name(tmp_path, clock):
    vault = tmp_path / "kluis-Qvintijn-Zwartkruid.mhd"
    with create_vault(vault, PASSPHRASE, clock=clock) as services:
        made = [backup.automatic_backup(services, keep=3).path for _ in range(5)]
        kept = backup.automatic_backups(services.vault.path)
    assert kept == made[-3:]
    assert all(p.exists() for p in kept) and not any(p.exists() for p in made[:2])
    assert all("Zwartkruid" not in p.name and "Qvintijn" not in p.name for p in kept)
    assert _summaries(kept[-1], PASSPHRASE) == []


def test_lock_honours_the_backup_setting_and_always_closes(vault_path, clock):
    services = create_vault(vault_path, PASSPHRASE, clock=clock)
    settings = services.settings.get()
    settings.backup_on_close = False
    services.settings.save(settings)
    assert services.lock() is None
    assert backup.automatic_backups(vault_path) == []
    # closed: the vault can be opened again (EXCLUSIVE lock released)
    services = open_vault(vault_path, PASSPHRASE, clock=clock)
    settings = services.settings.get()
    settings.backup_on_close = True
    services.settings.save(settings)
    result = services.lock()
    assert result is not None and result.path.exists()
    assert backup.automatic_backups(vault_path) == [result.path]
    open_vault(vault_path, PASSPHRASE).close()


def test_policy_forces_backup_on_close(vault_path, clock, tmp_path):
    services = create_vault(vault_path, PASSPHRASE, clock=clock)
    settings = services.settings.get()
    settings.backup_on_close = False
    services.settings.save(settings)
    policy = tmp_path / "policy" / "policy.json"
    policy.parent.mkdir()
    policy.write_text('{"backup_on_close": true}', encoding="utf-8")
    assert services.lock() is not None


def test_restore_verifies_asks_and_keeps_a_safety_copy(vault_path, clock, tmp_path):
    with create_vault(vault_path, PASSPHRASE, clock=clock) as services:
        services.signals.create(make_signal(summary="In de back-up"))
        kopie = tmp_path / "kopie.mhdbak"
        backup.backup_to(services, kopie, OTHER)
        services.signals.create(make_signal(summary="Alleen in de kluis"))
    before = vault_path.read_bytes()

    info = backup.inspect_backup(kopie, OTHER, vault_path)
    assert (info.signals, info.audit_ok, info.schema_revision is not None) == (1, True, True)
    with pytest.raises(ConfirmationRequired):
        backup.restore(kopie, vault_path, OTHER)
    assert vault_path.read_bytes() == before  # untouched without confirmation

    result = backup.restore(kopie, vault_path, OTHER, confirm=True, clock=clock)
    assert _summaries(vault_path, OTHER) == ["In de back-up"]
    assert result.safety_copy is not None
    assert _summaries(result.safety_copy, PASSPHRASE) == ["In de back-up",
                                                          "Alleen in de kluis"]
    with open_vault(vault_path, OTHER) as services, services.vault.unit_of_work() as uow:
        assert Action.RESTORE in [e.action for e in uow.audit.query()]
    assert _leftovers(vault_path.parent) == []
    assert kopie.exists()  # the user's backup file is never consumed


def test_restore_keeps_the_committed_wal_in_the_safety_copy(vault_path, clock, tmp_path):
    services = create_vault(vault_path, PASSPHRASE, clock=clock)
    kopie = tmp_path / "kopie.mhdbak"
    backup.backup_to(services, kopie)
    services.signals.create(make_signal(summary="Alleen in de WAL"))
    # simulate a crash: copy the open vault's file pair as a crashed process leaves it
    crashed = tmp_path / "crashed" / "kluis.mhd"
    crashed.parent.mkdir()
    shutil.copy(vault_path, crashed)
    wal = Path(str(vault_path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    shutil.copy(wal, Path(str(crashed) + "-wal"))
    services.close()

    result = backup.restore(kopie, crashed, PASSPHRASE, confirm=True, clock=clock)
    assert _summaries(crashed, PASSPHRASE) == []
    assert _summaries(result.safety_copy, PASSPHRASE) == ["Alleen in de WAL"]


def _blijft_staan(services) -> None:
    services.signals.create(make_signal(summary="Blijft staan"))


@pytest.mark.parametrize("damage", ["wrong_passphrase", "truncated", "garbage", "newer"])
def test_a_bad_backup_never_touches_the_vault(vault_path, clock, tmp_path, damage):
    with vault_from_template(vault_path, clock, "backup-blijft-staan",
                             _blijft_staan) as services:
        kopie = tmp_path / "kopie.mhdbak"
        backup.backup_to(services, kopie)
    secret = PASSPHRASE
    if damage == "wrong_passphrase":
        secret = "not the right passphrase"
    elif damage == "truncated":
        kopie.write_bytes(kopie.read_bytes()[:10000])
    elif damage == "garbage":
        data = bytearray(kopie.read_bytes())
        data[20000:20100] = bytes(100)
        kopie.write_bytes(bytes(data))
    elif damage == "newer":
        conn = raw_connect(kopie, PASSPHRASE)
        conn.execute("UPDATE alembic_version SET version_num = 'zzzz_future'")
        conn.close()
    before = vault_path.read_bytes()
    with pytest.raises(DomainError) as caught:
        backup.restore(kopie, vault_path, secret, confirm=True, clock=clock)
    if damage == "wrong_passphrase":
        assert isinstance(caught.value, WrongPassphrase)
    if damage == "newer":
        assert isinstance(caught.value, VaultTooNew)
    assert vault_path.read_bytes() == before
    assert _summaries(vault_path, PASSPHRASE) == ["Blijft staan"]
    assert sorted(p.name for p in vault_path.parent.iterdir()) == [vault_path.name]


def test_restore_migrates_an_old_backup_and_leaves_the_backup_file_alone(vault_path, clock,
                                                                        tmp_path):
    old = tmp_path / "v1.mhdbak"
    shutil.copy(FIXTURE, old)
    before = old.read_bytes()
    result = backup.restore(old, vault_path, FIXTURE_PASSPHRASE, confirm=True, clock=clock)
    assert result.info.signals == 2 and result.safety_copy is None
    with open_vault(vault_path, FIXTURE_PASSPHRASE) as services:
        assert services.signals.by_reference("MH-2026-0001").reference == "MH-2026-0001"
    assert old.read_bytes() == before
    assert sorted(p.name for p in vault_path.parent.iterdir()) == [vault_path.name]


def test_restore_refuses_while_the_vault_is_open(services, tmp_path):
    kopie = tmp_path / "kopie.mhdbak"
    backup.backup_to(services, kopie)
    with pytest.raises(VaultInUse):
        backup.restore(kopie, services.vault.path, PASSPHRASE, confirm=True)
    assert services.signals.count() == 0  # still working on the open vault
