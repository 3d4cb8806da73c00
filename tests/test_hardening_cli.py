"""Issue 12, item 6: CLI conventions. Global options before and after the command, an
empty file is "not a vault" (exit 2), a restore where no vault exists needs no
confirmation, ``--version`` loads no vault code."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mensenhandel_desk.cli import main as cli_main
from mensenhandel_desk.cli.main import run
from mensenhandel_desk.services import backup
from tests.conftest import PASSPHRASE
from tests.helpers import build_vault, copy_of, with_signals


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory) -> Path:
    """One vault with one signal, built once; tests copy it."""
    return build_vault(tmp_path_factory.mktemp("prebuilt"),
                       with_signals("Busje bij de kassen"))


def test_global_options_work_before_and_after_the_command(prebuilt, tmp_path, monkeypatch,
                                                          capsys) -> None:
    vault = copy_of(prebuilt, tmp_path / "a" / "kluis.mhd")
    secret = tmp_path / "wachtwoord.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    for argv in (["--vault", str(vault), "list"],
                 [f"--vault={vault}", "--passphrase-file", str(secret), "list"],
                 ["--passphrase-file", str(secret), "list", "--vault", str(vault)],
                 ["list", "--vault", str(vault), "--passphrase-file", str(secret)]):
        if "--passphrase-file" not in argv:
            monkeypatch.setenv("MHD_PASSPHRASE", PASSPHRASE)
        else:
            monkeypatch.delenv("MHD_PASSPHRASE", raising=False)
        assert run(argv) == 0, argv
        assert "Busje bij de kassen" in capsys.readouterr().out, argv
    # Never silently the default vault: it does not exist, and was not created.
    from mensenhandel_desk import paths

    assert not paths.default_vault_path().exists()


def test_an_empty_file_is_not_a_vault_exit_2(tmp_path, monkeypatch, capsys) -> None:
    empty = tmp_path / "leeg.mhd"
    empty.touch()
    monkeypatch.setenv("MHD_PASSPHRASE", PASSPHRASE)
    assert run(["list", "--vault", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "is leeg: het is geen kluisbestand" in err
    assert empty.stat().st_size == 0
    from mensenhandel_desk.services.audit import trail as audit_trail

    assert audit_trail.pending_failures(empty) == []  # not a failed unlock


def test_restore_into_a_path_without_a_vault_needs_no_confirmation(prebuilt, tmp_path,
                                                                   monkeypatch,
                                                                   capsys) -> None:
    monkeypatch.setattr(sys, "stdin", None)  # no terminal, no --yes
    monkeypatch.setenv("MHD_PASSPHRASE", PASSPHRASE)
    target = tmp_path / "nieuw" / "kluis.mhd"
    assert run(["restore", str(prebuilt), "--vault", str(target)]) == 0
    assert "Kluis teruggezet" in capsys.readouterr().out
    assert run(["list", "--vault", str(target)]) == 0
    assert "Busje bij de kassen" in capsys.readouterr().out
    # The service agrees; where a vault exists, confirmation is still required.
    other = tmp_path / "elders" / "kluis.mhd"
    backup.restore(prebuilt, other, PASSPHRASE)
    with pytest.raises(backup.ConfirmationRequired):
        backup.restore(prebuilt, other, PASSPHRASE)
    assert run(["restore", str(prebuilt), "--vault", str(other)]) == 1


def test_the_command_table_names_every_command() -> None:
    found = {}
    for name in cli_main.command_modules():
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(name).register(sub)
        found |= {command: name.rsplit(".", 1)[1] for command in sub.choices}
    assert found == cli_main.COMMANDS


def test_version_and_list_load_no_document_or_migration_code() -> None:
    script = (
        "import json, sys\n"
        "from mensenhandel_desk.cli.main import run, build_parser, command_word\n"
        "heavy = ('reportlab', 'alembic', 'sqlalchemy', 'sqlcipher3')\n"
        "code = run(['--version'])\n"
        "after_version = sorted(m for m in heavy if m in sys.modules)\n"
        "build_parser(command_word(['--vault', 'x', 'list']))\n"
        "after_list = sorted(m for m in ('reportlab', 'alembic') if m in sys.modules)\n"
        "print(json.dumps([code, after_version, after_list]))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "0.1.0"
    assert json.loads(lines[-1]) == [0, [], []]
