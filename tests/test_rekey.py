"""Changing the passphrase: the new one works, the old one no longer does, nothing is
lost, and a kill at any moment leaves exactly one of the two working."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from mensenhandel_desk.domain.errors import DomainError, ValidationError, WrongPassphrase
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.passphrase import change_passphrase
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.store.engine import raw_connect
from tests.conftest import PASSPHRASE, make_signal
from tests.test_crash_safety import Zygote, child_env

NEW = "a brand new passphrase for the vault"


def _works(path: Path, passphrase: str) -> bool:
    try:
        conn = raw_connect(path, passphrase)
    except WrongPassphrase:
        return False
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    return True


def test_rekey_switches_passphrase_and_keeps_everything(services, vault_path):
    created = services.signals.create(make_signal(summary="Blijft bewaard"))
    change_passphrase(services, PASSPHRASE, NEW)
    # the same bundle keeps working on the re-keyed vault
    assert services.signals.get(created.id).summary == "Blijft bewaard"
    services.signals.create(make_signal(summary="Na het wijzigen"))
    services.close()
    assert not _works(vault_path, PASSPHRASE)
    with open_vault(vault_path, NEW) as reopened:
        assert reopened.signals.count() == 2
        with reopened.vault.unit_of_work() as uow:
            assert Action.REKEY in [e.action for e in uow.audit.query()]
    assert sorted(p.name for p in vault_path.parent.iterdir()) == [vault_path.name]


def test_rekey_needs_the_current_passphrase(services, vault_path):
    with pytest.raises(WrongPassphrase):
        change_passphrase(services, "not the current passphrase", NEW)
    services.signals.create(make_signal())  # still open and usable
    services.close()
    assert _works(vault_path, PASSPHRASE) and not _works(vault_path, NEW)


@pytest.mark.parametrize("new", ["short", PASSPHRASE, "x\x00" * 10])
def test_rekey_refuses_bad_new_passphrases(services, vault_path, new):
    with pytest.raises(ValidationError):
        change_passphrase(services, PASSPHRASE, new)
    services.close()
    assert _works(vault_path, PASSPHRASE)


def test_rekey_respects_the_policy_minimum(services, vault_path, tmp_path):
    policy = tmp_path / "policy" / "policy.json"
    policy.parent.mkdir()
    policy.write_text('{"min_passphrase_length": 40}', encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        change_passphrase(services, PASSPHRASE, NEW)  # 36 characters
    assert "40" in caught.value.message
    change_passphrase(services, PASSPHRASE, NEW + " and then some")


def test_rekey_handles_quotes_and_unicode(services, vault_path):
    odd = "it's a 'quoted' pässfräse – ключ 🔑"
    change_passphrase(services, PASSPHRASE, odd)
    services.close()
    assert _works(vault_path, odd)


def test_stale_temp_files_of_an_interrupted_rekey_are_removed(services, vault_path):
    stale = vault_path.parent / ".mhd-rekey-deadbeef0000.part"
    stale.write_bytes(b"half a rekey")
    change_passphrase(services, PASSPHRASE, NEW)
    assert not stale.exists()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")
def test_sigkill_during_rekey_leaves_exactly_one_passphrase_working(vault_path, tmp_path):
    with create_vault(vault_path, PASSPHRASE) as services:
        for n in range(5):
            services.signals.create(make_signal(summary=f"Signaal {n}"))
    zygote = Zygote(vault_path, tmp_path / "unused.log", PASSPHRASE, NEW,
                    child_env(tmp_path))
    rng = random.Random(7)
    seen = []
    try:
        for _ in range(16):
            # Where a kill lands depends on the machine's speed; the invariant does not.
            zygote.round("rekey", rng.uniform(0.05, 1.1))
            old_ok, new_ok = _works(vault_path, PASSPHRASE), _works(vault_path, NEW)
            assert old_ok != new_ok, "exactly one passphrase must open the vault"
            seen.append(new_ok)
        # After whatever the kills left, one complete rekey flips the working passphrase.
        assert zygote.round("once", 0) == 0
        flipped = _works(vault_path, NEW)
        assert flipped != seen[-1] and _works(vault_path, PASSPHRASE) != flipped
    finally:
        zygote.close()
    final = NEW if flipped else PASSPHRASE
    with open_vault(vault_path, final) as services:
        assert services.signals.count() == 5
        assert services.vault.integrity_problems() == []


def test_wrong_current_passphrase_is_not_a_domain_leak(services):
    with pytest.raises(DomainError) as caught:
        change_passphrase(services, "a wrong current passphrase", NEW)
    assert NEW not in caught.value.message and "wrong current" not in caught.value.message
