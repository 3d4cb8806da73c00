"""Issue 12, items 5 and 9: hostile passphrases and explicit cipher settings."""

from __future__ import annotations

import hashlib
import os
import types
from pathlib import Path

import pytest

from mensenhandel_desk.cli.main import run
from mensenhandel_desk.domain.errors import WrongPassphrase
from mensenhandel_desk.services import passphrase as rekey
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.store import engine
from mensenhandel_desk.store.engine import (
    CipherSettingsWrong,
    EmptyPassphrase,
    InvalidText,
    RawKeyPassphrase,
    sqlcipher_dbapi,
)
from tests.conftest import FIXTURES, PASSPHRASE, make_signal
from tests.helpers import build_vault, copy_of, with_signals

ZERO_KEY = "x'" + "0" * 64 + "'"


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory) -> Path:
    return build_vault(tmp_path_factory.mktemp("prebuilt"),
                       with_signals("Busje bij de kassen"))


def _raw_sqlcipher(path: Path, key_literal: str) -> None:
    conn = sqlcipher_dbapi.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = {key_literal}")
        conn.execute("CREATE TABLE t (x INTEGER)")
    finally:
        conn.close()


# --- 5. passphrases -------------------------------------------------------------------
def test_a_raw_key_passphrase_is_refused_for_new_vaults_rekeys_and_backups(
        prebuilt, tmp_path, clock) -> None:
    with pytest.raises(RawKeyPassphrase) as info:
        create_vault(tmp_path / "nieuw.mhd", ZERO_KEY, clock=clock)
    assert "x'...'" in info.value.message and "niets veranderd" in info.value.message
    assert not (tmp_path / "nieuw.mhd").exists()
    vault = copy_of(prebuilt, tmp_path / "v" / "kluis.mhd")
    with open_vault(vault, PASSPHRASE, clock=clock) as services:
        with pytest.raises(RawKeyPassphrase):
            rekey.change_passphrase(services, PASSPHRASE, "X'" + "ab" * 32 + "'")
        from mensenhandel_desk.services import backup

        with pytest.raises(RawKeyPassphrase):
            backup.backup_to(services, tmp_path / "b.mhdbak", "x'" + "1" * 96 + "'")
    with open_vault(vault, PASSPHRASE, clock=clock) as services:
        assert services.signals.count() == 1  # the old passphrase still opens it


def test_a_raw_key_passphrase_is_never_used_as_a_raw_key(tmp_path, clock) -> None:
    # A file keyed with the all-zero raw key (what SQLCipher makes of ZERO_KEY as a
    # passphrase): the app must not open it with that "passphrase".
    zero = tmp_path / "nul.mhd"
    _raw_sqlcipher(zero, f'"{ZERO_KEY}"')
    with pytest.raises(WrongPassphrase):
        open_vault(zero, ZERO_KEY, clock=clock)
    # The same text is a passphrase like any other: PBKDF2-HMAC-SHA512 over the salt.
    salt = bytes(range(16))
    derived = hashlib.pbkdf2_hmac("sha512", ZERO_KEY.encode(), salt, 256_000, 32)
    derived_vault = tmp_path / "afgeleid.mhd"
    _raw_sqlcipher(derived_vault, f"\"x'{derived.hex()}{salt.hex()}'\"")
    with open_vault(derived_vault, ZERO_KEY, clock=clock) as services:
        assert services.signals.count() == 0


def test_existing_vaults_open_with_the_same_passphrase(tmp_path, clock) -> None:
    """Key derivation for normal passphrases is unchanged: the stored v1 fixture (made
    before this change) opens."""
    old = copy_of(FIXTURES / "vault-v1.mhd", tmp_path / "oud.mhd")
    with open_vault(old, "fixture-v1 passphrase, fictitious data only",
                    clock=clock) as services:
        assert services.signals.count() > 0


def test_empty_passphrase_bom_line_separators_and_lone_surrogates(prebuilt, tmp_path,
                                                                  monkeypatch,
                                                                  capsys) -> None:
    vault = copy_of(prebuilt, tmp_path / "v" / "kluis.mhd")
    secret = tmp_path / "wachtwoord.txt"
    secret.write_bytes(b"")
    assert run(["list", "--vault", str(vault), "--passphrase-file", str(secret)]) == 1
    assert "De wachtwoordzin is leeg" in capsys.readouterr().err
    with pytest.raises(EmptyPassphrase):
        open_vault(vault, "")
    secret.write_bytes(b"\xef\xbb\xbf" + PASSPHRASE.encode() + b"\r\n")  # Notepad
    assert run(["list", "--vault", str(vault), "--passphrase-file", str(secret)]) == 0
    assert "Busje bij de kassen" in capsys.readouterr().out
    # U+2028 inside a passphrase: the same from the file as from the environment.
    odd = "regel een\u2028regel twee\u0085en verder"
    other = tmp_path / "w" / "ander.mhd"
    create_vault(other, odd).close()
    secret.write_text(odd + "\n", encoding="utf-8")
    assert run(["list", "--vault", str(other), "--passphrase-file", str(secret)]) == 0
    monkeypatch.setenv("MHD_PASSPHRASE", odd)
    assert run(["list", "--vault", str(other)]) == 0
    capsys.readouterr()
    # Lone surrogates (undecodable argv bytes, \ud800 in an import file): Dutch messages.
    assert run(["show", "MH-\udcff", "--vault", str(other)]) == 1
    assert "geen geldige tekst" in capsys.readouterr().err
    with open_vault(other, odd) as services, pytest.raises(InvalidText):
        services.signals.create(make_signal(summary="Busje \ud800"))
    with pytest.raises(InvalidText):
        open_vault(vault, PASSPHRASE + "\udcff")


# --- 9. cipher settings ---------------------------------------------------------------
def _set_default_kdf_iter(value: int) -> None:
    conn = sqlcipher_dbapi.connect(":memory:")
    try:
        conn.execute(f"PRAGMA cipher_default_kdf_iter = {value}")
    finally:
        conn.close()


def test_cipher_settings_are_set_explicitly_not_taken_from_the_wheel(tmp_path,
                                                                     clock) -> None:
    _set_default_kdf_iter(64_000)  # a wheel built with weaker defaults
    try:
        path = tmp_path / "k.mhd"
        create_vault(path, PASSPHRASE, clock=clock).close()
        _set_default_kdf_iter(64_000)
        with open_vault(path, PASSPHRASE, clock=clock) as services:
            read = {name: services.vault.execute_pragma(name)[0][0]
                    for name in engine.CIPHER_SETTINGS}
    finally:
        _set_default_kdf_iter(256_000)
    assert read == {"kdf_iter": "256000", "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
                    "cipher_hmac_algorithm": "HMAC_SHA512", "cipher_page_size": "4096"}
    # and a plain SQLCipher 4 connection (its standard settings) opens it
    conn = sqlcipher_dbapi.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = {engine.quote_passphrase(PASSPHRASE)}")
        assert conn.execute("SELECT count(*) FROM signal").fetchone() == (0,)
    finally:
        conn.close()


class _Wheel:
    """A sqlcipher3 stand-in whose connections answer some pragmas differently (a wheel
    built without SQLCipher, or one that does not take the settings)."""

    def __init__(self, answers: dict[str, tuple | None]) -> None:
        self.answers = answers

    def connect(self, *args, **kwargs):
        real = sqlcipher_dbapi.connect(*args, **kwargs)
        wheel = self

        class Conn:
            def execute(self, sql, *rest):
                for pragma, rows in wheel.answers.items():
                    if sql == f"PRAGMA {pragma}":
                        return types.SimpleNamespace(fetchone=lambda r=rows: r)
                return real.execute(sql, *rest)

            def __getattr__(self, name):
                return getattr(real, name)

        return Conn()


def test_refuses_to_start_without_sqlcipher_or_with_other_settings(prebuilt, tmp_path,
                                                                   monkeypatch) -> None:
    vault = copy_of(prebuilt, tmp_path / "v" / "kluis.mhd")
    before = vault.read_bytes()
    for wheel in (_Wheel(answers={"cipher_version": None}),
                  _Wheel(answers={"cipher_version": ("",)}),
                  _Wheel(answers={"main.cipher_hmac_algorithm": ("HMAC_SHA1",)}),
                  _Wheel(answers={"main.kdf_iter": ("64000",)})):
        monkeypatch.setattr(engine, "sqlcipher_dbapi", wheel)
        try:
            with pytest.raises(CipherSettingsWrong) as info:
                open_vault(vault, PASSPHRASE)
        finally:
            monkeypatch.setattr(engine, "sqlcipher_dbapi", sqlcipher_dbapi)
        assert "herinstalleer" in info.value.message.lower()
    assert vault.read_bytes() == before
    assert os.stat(vault).st_size == len(before)
