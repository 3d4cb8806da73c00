"""``demo``, ``import``, ``export`` on the command line, and the start command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mensenhandel_desk import launch, paths
from mensenhandel_desk.cli.main import run
from mensenhandel_desk.services.session import create_vault, open_vault
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MHD_PASSPHRASE", PASSPHRASE)


def _count(vault: Path) -> int:
    with open_vault(vault, PASSPHRASE) as services:
        return services.signals.count()


def test_demo_creates_the_vault_and_fills_it(env, tmp_path: Path, capsys) -> None:
    vault = tmp_path / "demo.mhd"
    assert run(["demo", "--vault", str(vault), "--count", "25", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "Kluis aangemaakt" in out and "25 fictieve demosignalen" in out
    assert _count(vault) == 25
    assert run(["demo", "--vault", str(vault), "--count", "5"]) == 0
    assert _count(vault) == 30


def test_demo_refuses_a_real_vault(env, tmp_path: Path, capsys) -> None:
    vault = tmp_path / "echt.mhd"
    assert run(["init", "--vault", str(vault)]) == 0
    with open_vault(vault, PASSPHRASE) as services:
        from tests.conftest import make_signal
        services.signals.create(make_signal())
    assert run(["demo", "--vault", str(vault), "--count", "5"]) == 1
    assert "echte signalen" in capsys.readouterr().err
    assert _count(vault) == 1


def test_export_warns_and_import_restores(env, tmp_path: Path, capsys) -> None:
    source, target = tmp_path / "a.mhd", tmp_path / "b.mhd"
    out = tmp_path / "export.json"
    assert run(["demo", "--vault", str(source), "--count", "20"]) == 0
    capsys.readouterr()
    assert run(["export", "--vault", str(source), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "20 signalen" in captured.out
    assert "NIET versleuteld" in captured.err and "melders" in captured.err
    assert json.loads(out.read_text("utf-8"))["format"] == "mensenhandel-desk"
    assert run(["export", "--vault", str(source), "--out", str(out)]) == 1  # no overwrite
    assert run(["export", "--vault", str(source), "--out", str(out), "--overwrite"]) == 0
    assert run(["init", "--vault", str(target)]) == 0
    assert run(["import", str(out), "--vault", str(target)]) == 0
    assert "Geïmporteerd: 20 signalen" in capsys.readouterr().out
    assert _count(target) == 20
    assert run(["list", "--vault", str(target), "--limit", "3"]) == 0
    assert capsys.readouterr().out.count("MH-") == 3


def test_malformed_import_changes_nothing(env, tmp_path: Path, capsys) -> None:
    vault = tmp_path / "a.mhd"
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    assert run(["demo", "--vault", str(vault), "--count", "10"]) == 0
    assert run(["export", "--vault", str(vault), "--out", str(good)]) == 0
    doc = json.loads(good.read_text("utf-8"))
    for signal in doc["signals"]:
        signal["reference"] = signal["reference"].replace("MH-20", "MH-19")  # no conflicts
    doc["signals"][3]["received_on"] = "gisteren"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    before = tmp_path / "before.json"
    assert run(["export", "--vault", str(vault), "--out", str(before)]) == 0
    capsys.readouterr()
    assert run(["import", str(bad), "--vault", str(vault)]) == 1
    err = capsys.readouterr().err
    assert "signals[3].received_on" in err and "niets geïmporteerd" in err
    after = tmp_path / "after.json"
    assert run(["export", "--vault", str(vault), "--out", str(after)]) == 0
    strip = ("exported_at", "audit_trail")
    docs = [{k: v for k, v in json.loads(p.read_text("utf-8")).items() if k not in strip}
            for p in (before, after)]
    assert docs[0] == docs[1] and len(docs[0]["signals"]) == 10


def test_import_refuses_before_asking_the_vault(tmp_path: Path, capsys) -> None:
    """A malformed file is refused even without a passphrase: validation comes first."""
    bad = tmp_path / "bad.json"
    bad.write_text("{niet: json}", encoding="utf-8")
    assert run(["import", str(bad), "--vault", str(tmp_path / "geen.mhd")]) == 1
    assert "regel 1, kolom 2" in capsys.readouterr().err


def test_exit_codes_in_a_real_process(tmp_path: Path) -> None:
    vault = tmp_path / "p.mhd"
    create_vault(vault, PASSPHRASE).close()
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "mensenhandel-desk", "version": 1, "signals": [{}]}',
                   encoding="utf-8")
    env = {**os.environ, "MHD_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(ROOT / "src")}

    def call(*args: str, passphrase: str = PASSPHRASE) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "mensenhandel_desk", *args],
                              env={**env, "MHD_PASSPHRASE": passphrase}, capture_output=True,
                              text=True, encoding="utf-8", timeout=60, stdin=subprocess.DEVNULL)

    ok = call("export", "--vault", str(vault), "--out", str(tmp_path / "x.json"))
    assert ok.returncode == 0, ok.stderr
    wrong = call("export", "--vault", str(vault), "--out", str(tmp_path / "y.json"),
                 passphrase="dit is de verkeerde zin")
    assert wrong.returncode == 2 and not (tmp_path / "y.json").exists()
    malformed = call("import", str(bad), "--vault", str(vault))
    assert malformed.returncode == 1
    assert "signals[0].id" in malformed.stderr or "signals[0]" in malformed.stderr


def test_start_without_a_vault_picks_the_demo_and_fills_it_once(capsys) -> None:
    from mensenhandel_desk.ui import app as desk
    from mensenhandel_desk.ui.start import demo

    assert demo.DEMO_PASSPHRASE == launch.DEMO_PASSPHRASE
    path, is_demo = desk.choose_vault(None, demo=True)
    assert is_demo and path == paths.data_dir() / launch.DEMO_VAULT_NAME
    demo.make_demo_vault(path)
    assert path.exists() and not paths.default_vault_path().exists()
    with open_vault(path, launch.DEMO_PASSPHRASE) as services:
        assert services.signals.count() == 200
    # without the start script (plain ``mensenhandel-desk``) there is no demo: the wizard
    assert desk.choose_vault(None, demo=False) == (None, False)
    assert os.environ.get("MHD_PASSPHRASE") is None  # the demo passphrase did not leak


def test_start_with_a_real_vault_never_picks_the_demo() -> None:
    from mensenhandel_desk.ui import app as desk

    create_vault(paths.default_vault_path(), PASSPHRASE).close()
    assert desk.choose_vault(None, demo=True) == (paths.default_vault_path(), False)
    assert not (paths.data_dir() / launch.DEMO_VAULT_NAME).exists()


def test_no_command_means_the_desktop_window() -> None:
    from mensenhandel_desk import app

    assert app.gui_request([]) is None
    assert app.gui_request(["--vault", "x.mhd"]) == Path("x.mhd")
    assert app.gui_request(["list"]) is False
    assert app.gui_request(["--vault", "x.mhd", "list"]) is False
