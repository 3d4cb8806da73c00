"""The vault file is really encrypted, and bad vault files fail safely."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import sqlcipher3

from mensenhandel_desk.domain.enums import PartyKind, PartyRole
from mensenhandel_desk.domain.errors import VaultCorrupt, VaultInUse, VaultMissing, WrongPassphrase
from mensenhandel_desk.domain.models import Party
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.store.vault import NotAFile, NotAVault, Vault, VaultExists
from tests.conftest import PASSPHRASE, make_reporter, make_signal

DISTINCTIVE = ["Xanthippe Quarrelsome-Vandervliet", "Ęmiliä Żółtowska-Brzęczyk",
               "Zebulon Teststraat"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _all_vault_bytes(path: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = Path(str(path) + suffix)
        if candidate.exists():
            data += candidate.read_bytes()
    return data


def test_no_plaintext_in_vault_wal_or_shm(vault_path: Path, clock) -> None:
    services = create_vault(vault_path, PASSPHRASE, clock=clock)
    signal = services.signals.create(make_signal(summary=DISTINCTIVE[2],
                                                 description="Beschrijving " + DISTINCTIVE[0]),
                                     make_reporter(name=DISTINCTIVE[1]))
    services.signals.add_party(Party(signal_id=signal.id, kind=PartyKind.PERSON,
                                     role=PartyRole.POSSIBLE_VICTIM, name=DISTINCTIVE[0]))
    # Scan while open (WAL holds the recent pages) and after closing.
    for moment in ("open", "closed"):
        raw = _all_vault_bytes(vault_path)
        assert len(raw) > 4096
        for text in [*DISTINCTIVE, "SQLite format 3"]:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert text.encode(encoding) not in raw, (moment, text)
        if moment == "open":
            services.close()


def test_vault_is_sqlcipher_with_strong_kdf(services, vault_path: Path) -> None:
    services.close()
    conn = sqlcipher3.connect(str(vault_path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    assert int(conn.execute("PRAGMA kdf_iter").fetchone()[0]) >= 256_000
    assert conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA512"
    conn.close()
    plain = sqlcipher3.connect(str(vault_path))
    with pytest.raises(sqlcipher3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()


def test_wrong_passphrase_leaves_file_unchanged(services, vault_path: Path, clock) -> None:
    services.signals.create(make_signal())
    services.close()
    before = _digest(vault_path)
    with pytest.raises(WrongPassphrase) as info:
        open_vault(vault_path, "not the right passphrase", clock=clock)
    assert "Onjuiste wachtwoordzin" in info.value.message
    assert "not the right passphrase" not in str(info.value)
    assert _digest(vault_path) == before
    assert not Path(str(vault_path) + "-wal").exists()
    with open_vault(vault_path, PASSPHRASE, clock=clock) as again:
        assert again.signals.count() == 1


def test_passphrase_with_quotes_and_unicode(tmp_path: Path, clock) -> None:
    tricky = "it's \"quoted\"; DROP TABLE signal; -- ünïcødé 🔐 日本"
    path = tmp_path / "q.mhd"
    create_vault(path, tricky, clock=clock).close()
    with open_vault(path, tricky, clock=clock) as services:
        assert services.signals.count() == 0
    with pytest.raises(WrongPassphrase):
        open_vault(path, tricky[:-1], clock=clock)


@pytest.mark.parametrize("content", [b"", b"hello, not a vault" * 100,
                                     b"SQLite format 3\x00" + b"\x00" * 5000])
def test_files_that_are_not_vaults(tmp_path: Path, content: bytes, clock) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "bad.mhd"
    path.write_bytes(content)
    with pytest.raises((WrongPassphrase, VaultCorrupt, NotAVault)) as info:
        open_vault(path, PASSPHRASE, clock=clock)
    assert info.value.message  # a Dutch sentence for the officer
    assert info.value.exit_code == 2 or content  # an empty file: "not a vault" (12.6)
    assert path.read_bytes() == content
    assert sorted(p.name for p in folder.iterdir()) == ["bad.mhd"]


def test_truncated_vault_is_refused_without_writing(services, vault_path: Path, tmp_path: Path,
                                                    clock) -> None:
    for i in range(30):
        services.signals.create(make_signal(summary=f"Signaal {i}", description="x" * 2000))
    services.close()
    truncated = tmp_path / "truncated.mhd"
    data = vault_path.read_bytes()
    truncated.write_bytes(data[: len(data) // 2 + 100])
    before = truncated.read_bytes()
    with pytest.raises(VaultCorrupt) as info:
        open_vault(truncated, PASSPHRASE, clock=clock)
    assert "beschadigd" in info.value.message
    assert truncated.read_bytes() == before


def test_directory_and_missing_file(tmp_path: Path, clock) -> None:
    with pytest.raises(NotAFile):
        open_vault(tmp_path, PASSPHRASE, clock=clock)
    with pytest.raises(VaultMissing):
        open_vault(tmp_path / "nope.mhd", PASSPHRASE, clock=clock)
    assert not (tmp_path / "nope.mhd").exists()


def test_create_refuses_existing_file(tmp_path: Path, clock) -> None:
    path = tmp_path / "existing.mhd"
    path.write_bytes(b"precious")
    with pytest.raises(VaultExists):
        create_vault(path, PASSPHRASE, clock=clock)
    assert path.read_bytes() == b"precious"


def test_second_opener_is_refused(services, vault_path: Path, clock) -> None:
    services.signals.create(make_signal())
    with pytest.raises(VaultInUse):
        Vault.open(vault_path, PASSPHRASE)
    assert services.signals.count() == 1  # the first session keeps working


def test_vault_pragmas(services) -> None:
    vault = services.vault
    assert vault.execute_pragma("journal_mode")[0][0] == "wal"
    assert int(vault.execute_pragma("foreign_keys")[0][0]) == 1
    assert int(vault.execute_pragma("secure_delete")[0][0]) == 1
    assert int(vault.execute_pragma("temp_store")[0][0]) == 2
    assert int(vault.execute_pragma("synchronous")[0][0]) == 2
    assert vault.execute_pragma("cipher_memory_security")[0][0] in ("1", 1, "ON")


def test_copy_of_vault_needs_the_passphrase(services, vault_path: Path, tmp_path: Path,
                                            clock) -> None:
    services.signals.create(make_signal())
    services.close()
    stolen = tmp_path / "stolen.mhd"
    shutil.copy(vault_path, stolen)
    with pytest.raises(WrongPassphrase):
        open_vault(stolen, "guessing passphrase 123", clock=clock)


def test_without_sqlcipher_the_app_refuses_instead_of_falling_back(tmp_path: Path) -> None:
    """No plaintext fallback: with sqlcipher3 unimportable, `init` fails and writes nothing."""
    import os
    import subprocess
    import sys

    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\nsys.modules['sqlcipher3'] = None\nsys.modules['sqlcipher3.dbapi2'] = None\n",
        encoding="utf-8")
    vault = tmp_path / "plain.mhd"
    env = dict(os.environ, PYTHONPATH=str(blocker), MHD_PASSPHRASE=PASSPHRASE,
               MHD_DATA_DIR=str(tmp_path / "d"))
    result = subprocess.run([sys.executable, "-m", "mensenhandel_desk", "init", "--vault",
                             str(vault)], env=env, capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert "SQLCipher-versleuteling is niet beschikbaar" in result.stderr
    assert not vault.exists()
