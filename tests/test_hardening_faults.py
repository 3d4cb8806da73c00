"""Issue 12, faults: a full disk, damage, a cut audit trail, read-only vaults, a damaged
header, leftovers of a killed rekey. Each test failed before its fix."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mensenhandel_desk.cli.main import run
from mensenhandel_desk.domain.errors import DiskFull
from mensenhandel_desk.services import backup
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.clock import fixed_clock
from mensenhandel_desk.services.session import create_vault, open_vault
from tests.conftest import NOW, PASSPHRASE, make_signal

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX limits and modes")


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory) -> Path:
    """One vault with two signals, built once; tests copy it (``copy_of``)."""
    folder = tmp_path_factory.mktemp("prebuilt")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MHD_CONFIG_DIR", str(folder / "config"))
        mp.setenv("MHD_DATA_DIR", str(folder / "data"))
        with create_vault(folder / "bron.mhd", PASSPHRASE, clock=fixed_clock(NOW)) as svc:
            svc.signals.create(make_signal(summary="Busje bij de kassen"))
            svc.signals.create(make_signal(summary="Nagelstudio laat open"))
    return folder / "bron.mhd"


def copy_of(prebuilt: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(prebuilt, target)
    return target


# --- 1. a full disk -------------------------------------------------------------------
def test_a_failed_backup_at_close_reports_the_change_as_saved(prebuilt, tmp_path,
                                                              monkeypatch, capsys) -> None:
    vault = copy_of(prebuilt, tmp_path / "v" / "kluis.mhd")
    monkeypatch.setenv("MHD_PASSPHRASE", PASSPHRASE)

    def disk_full(*_args, **_kwargs):
        raise DiskFull()

    monkeypatch.setattr(backup, "automatic_backup", disk_full)
    assert run(["hold", "MH-2026-0001", "--reason", "Lopend onderzoek", "--vault",
                str(vault)]) == 3
    out, err = capsys.readouterr()
    assert "MH-2026-0001" in out  # the command's own report of what it did
    assert "Uw wijziging is opgeslagen" in err and "de schijf is vol" in err
    assert "niet opgeslagen" not in err and "niets veranderd" not in err
    assert "Herhaal de opdracht niet" in err
    with open_vault(vault, PASSPHRASE) as services, services.vault.unit_of_work() as uow:
        holds = [e for e in uow.audit.query() if e.action == Action.LEGAL_HOLD]
    assert len(holds) == 1


DISK_FULL_CHILD = textwrap.dedent(r"""
    import json, resource, signal, sys
    from mensenhandel_desk.cli.main import run
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))  # no file can grow: "full"
    codes = [run(["list", "--vault", sys.argv[1]]), run(["check", "--vault", sys.argv[1]]),
             # shows the dossier only if its opening can be audited
             run(["show", "MH-2026-0002", "--vault", sys.argv[1]])]
    print(json.dumps(codes))
""")


@posix_only
def test_reading_works_while_the_disk_is_full(prebuilt, tmp_path) -> None:
    vault = copy_of(prebuilt, tmp_path / "v" / "kluis.mhd")
    done = subprocess.run([sys.executable, "-c", DISK_FULL_CHILD, str(vault)],
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, MHD_PASSPHRASE=PASSPHRASE),
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    # ``show`` opens a dossier, an access that must be audited: without room for that
    # entry it refuses (docs/faults.md); listing and checking only read.
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [0, 0, 1], done.stderr
    assert "Busje bij de kassen" in done.stdout and "Nagelstudio" in done.stdout
    assert "De kluis is in orde." in done.stdout
    assert "foutcode" not in done.stderr
    with open_vault(vault, PASSPHRASE) as services:
        assert services.vault.integrity_problems() == []


def test_an_unlock_the_full_disk_held_back_is_audited_at_close(prebuilt, tmp_path,
                                                               monkeypatch) -> None:
    from mensenhandel_desk.services import audit, session

    vault = copy_of(prebuilt, tmp_path / "v" / "kluis.mhd")
    real_record = audit.record
    calls = {"unlock": 0}

    def record(uow, clock, action, *rest, **kw):
        if action == Action.UNLOCK and calls["unlock"] == 0:
            calls["unlock"] += 1
            raise DiskFull()
        return real_record(uow, clock, action, *rest, **kw)

    monkeypatch.setattr(session.audit, "record", record)
    services = open_vault(vault, PASSPHRASE, clock=fixed_clock(NOW))
    assert services.signals.page(limit=10).total == 2  # reading works meanwhile
    services.close()
    monkeypatch.setattr(session.audit, "record", real_record)
    with open_vault(vault, PASSPHRASE) as services, services.vault.unit_of_work() as uow:
        unlocks = [e.detail for e in uow.audit.query(action=Action.UNLOCK)]
    assert any("recorded at close" in detail for detail in unlocks)
