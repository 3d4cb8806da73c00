"""A second process (or window) opening a vault that is already open is refused with a
clear message; nothing is corrupted and the first session keeps working."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from mensenhandel_desk.domain.errors import VaultInUse
from mensenhandel_desk.services import backup
from mensenhandel_desk.services.audit import trail as audit_trail
from mensenhandel_desk.services.session import open_vault
from tests.conftest import PASSPHRASE, make_signal

SECOND = textwrap.dedent("""
    import sys
    from pathlib import Path
    from mensenhandel_desk.domain.errors import DomainError
    from mensenhandel_desk.services.session import open_vault
    try:
        open_vault(Path(sys.argv[1]), sys.argv[2]).close()
        print("opened")
    except DomainError as exc:
        print(exc.code)
        print(exc.message)
""")


def test_second_process_is_refused_and_nothing_breaks(services, vault_path, tmp_path):
    created = [services.signals.create(make_signal(summary=f"Eerste sessie {n}")).reference
               for n in range(3)]
    done = subprocess.run([sys.executable, "-c", SECOND, str(vault_path), PASSPHRASE],
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, TMPDIR=str(tmp_path)))
    code, message = done.stdout.strip().splitlines()[:2]
    assert code == VaultInUse.code
    assert message.startswith("De kluis is al geopend")

    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    cli = subprocess.run([sys.executable, "-m", "mensenhandel_desk", "list", "--vault",
                          str(vault_path), "--passphrase-file", str(secret)],
                         capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert cli.returncode == 1 and "al geopend" in cli.stderr

    # the first session goes on writing, and a locked vault is no "failed unlock"
    services.signals.create(make_signal(summary="Na de weigering"))
    assert audit_trail.pending_failures(vault_path) == []
    services.close()
    with open_vault(vault_path, PASSPHRASE) as again:
        assert again.vault.integrity_problems() == []
        refs = {row.reference for row in again.signals.page(limit=100).rows}
    assert set(created) < refs and len(refs) == 4


def test_second_open_in_the_same_process_is_refused(services, vault_path):
    with pytest.raises(VaultInUse):
        open_vault(vault_path, PASSPHRASE)
    assert services.signals.count() == 0
    services.signals.create(make_signal())
    assert services.signals.count() == 1


def test_restore_and_backup_while_another_process_holds_the_vault(services, vault_path,
                                                                  tmp_path):
    kopie = tmp_path / "kopie.mhdbak"
    backup.backup_to(services, kopie)  # a backup of the open vault is fine
    with pytest.raises(VaultInUse):
        backup.restore(kopie, vault_path, PASSPHRASE, confirm=True)
    assert services.signals.count() == 0
