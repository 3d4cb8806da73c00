"""A full disk during a write: a clear Dutch message, the vault intact with all earlier
data, and no half-written backup or export.

The disk is made "full" with ``RLIMIT_FSIZE`` in a subprocess (no mount rights needed):
any write past the limit fails with EFBIG, which SQLite reports as an I/O error, just as
it does for ENOSPC on a really full disk.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from mensenhandel_desk.domain.errors import DiskFull
from mensenhandel_desk.services.session import create_vault, open_vault
from tests.conftest import PASSPHRASE, make_signal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")

CHILD = textwrap.dedent(r"""
    import json, os, resource, signal, sys
    from pathlib import Path
    from mensenhandel_desk.domain.errors import DomainError
    from mensenhandel_desk.domain.models import Signal
    from mensenhandel_desk.domain.enums import SignalSource
    from mensenhandel_desk.services.session import open_vault
    from mensenhandel_desk.services import backup, files
    from datetime import date

    vault, limit, passphrase = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    existing = Path(sys.argv[4])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    report = {"created": [], "error": None, "backup_error": None, "write_error": None}
    services = open_vault(vault, passphrase)
    try:
        for n in range(200):
            s = services.signals.create(Signal(received_on=date(2026, 1, 1),
                                               source=SignalSource.POLICE,
                                               summary=f"Vol {n}",
                                               description="Ruimte " * 25000))
            report["created"].append(s.reference)
    except DomainError as exc:
        report["error"] = [exc.code, exc.message]
    try:
        backup.backup_to(services, vault.parent / "groot.mhdbak")
    except DomainError as exc:
        report["backup_error"] = [exc.code, exc.message]
    try:
        files.write_atomic(existing, b"N" * (limit + 10))
    except DomainError as exc:
        report["write_error"] = [exc.code, exc.message]
    services.close()
    print(json.dumps(report))
""")


def test_disk_full_during_writes_keeps_the_vault_intact(vault_path, clock, tmp_path):
    with create_vault(vault_path, PASSPHRASE, clock=clock) as services:
        earlier = [services.signals.create(make_signal(summary=f"Eerder {n}")).reference
                   for n in range(5)]
    existing = tmp_path / "export.json"
    existing.write_text('{"old": true}', encoding="utf-8")
    limit = vault_path.stat().st_size + 400_000
    done = subprocess.run([sys.executable, "-c", CHILD, str(vault_path), str(limit),
                           PASSPHRASE, str(existing)], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, TMPDIR=str(tmp_path)))
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])

    assert report["error"] == [DiskFull.code, DiskFull().message]
    assert report["error"][1].startswith("De schijf is vol")
    assert 0 < len(report["created"]) < 200  # some writes fit, then the disk was full
    assert report["backup_error"][0] == DiskFull.code
    assert report["write_error"][0] == "write_failed"  # a file, not the vault: no DiskFull
    assert "de schijf is vol" in report["write_error"][1]
    assert json.loads(existing.read_text(encoding="utf-8")) == {"old": True}
    assert not (vault_path.parent / "groot.mhdbak").exists()
    leftovers = [p.name for p in list(vault_path.parent.iterdir()) + list(tmp_path.iterdir())
                 if p.name.endswith(".part")]
    assert leftovers == []

    with open_vault(vault_path, PASSPHRASE) as services:
        assert services.vault.integrity_problems() == []
        present = {row.reference for row in services.signals.page(limit=1000).rows}
    assert set(earlier) | set(report["created"]) == present
