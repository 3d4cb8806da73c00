"""CLI basics: init/list/show/check, exit codes, passphrase handling, bug reports."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mensenhandel_desk import app
from mensenhandel_desk.cli.main import build_parser, run
from mensenhandel_desk.domain.enums import PartyKind, PartyRole
from mensenhandel_desk.domain.models import Party
from tests.conftest import PASSPHRASE, make_reporter, make_signal

ROOT = Path(__file__).resolve().parents[1]


def _all_option_strings(parser: argparse.ArgumentParser) -> set[str]:
    found: set[str] = set()
    for action in parser._actions:
        found.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _all_option_strings(sub)
    return found


def test_no_command_takes_a_passphrase_as_an_argument() -> None:
    options = _all_option_strings(build_parser())
    assert "--passphrase-file" in options
    assert not {o for o in options if "passphrase" in o and not o.endswith("-file")}


def test_init_list_show_check(tmp_path: Path, monkeypatch, capsys, clock) -> None:
    vault = tmp_path / "k.mhd"
    monkeypatch.setenv("MHD_PASSPHRASE", PASSPHRASE)
    assert run(["init", "--vault", str(vault)]) == 0
    from mensenhandel_desk.services.session import open_vault

    with open_vault(vault, PASSPHRASE, clock=clock) as services:
        s = services.signals.create(make_signal(summary="Busje bij de kassen"),
                                    make_reporter(name="Geheime Melder Pietersma"))
        services.signals.add_party(Party(signal_id=s.id, kind=PartyKind.PERSON,
                                         role=PartyRole.POSSIBLE_VICTIM, name="Ana Popescu"))
    capsys.readouterr()
    assert run(["list", "--vault", str(vault)]) == 0
    listing = capsys.readouterr().out
    assert listing.startswith("MH-2026-0001 ")
    assert "Busje bij de kassen" in listing
    assert run(["show", "MH-2026-0001", "--vault", str(vault)]) == 0
    shown = capsys.readouterr().out
    assert "Ana Popescu" in shown and "Arbeidsuitbuiting" in shown
    assert "Pietersma" not in shown  # the reporter stays out of the dossier view
    assert "Melder vastgelegd: ja" in shown
    assert run(["check", "--vault", str(vault)]) == 0
    assert "De kluis is in orde." in capsys.readouterr().out
    assert run(["show", "MH-1999-0001", "--vault", str(vault)]) == 1
    assert "Geen signaal met kenmerk" in capsys.readouterr().err


def test_passphrase_file_and_missing_passphrase(tmp_path: Path, monkeypatch, capsys) -> None:
    vault = tmp_path / "k.mhd"
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    assert run(["init", "--vault", str(vault), "--passphrase-file", str(secret)]) == 0
    assert run(["list", "--vault", str(vault), "--passphrase-file", str(secret)]) == 0
    monkeypatch.setattr(sys, "stdin", None)
    assert run(["list", "--vault", str(vault)]) == 1
    assert "Geen wachtwoordzin opgegeven" in capsys.readouterr().err


def test_exit_codes_in_a_real_process(tmp_path: Path) -> None:
    vault = tmp_path / "k.mhd"
    env = dict(os.environ, MHD_PASSPHRASE=PASSPHRASE, MHD_DATA_DIR=str(tmp_path / "d"))
    cmd = [sys.executable, "-m", "mensenhandel_desk"]
    ok = subprocess.run([*cmd, "init", "--vault", str(vault)], env=env, capture_output=True,
                        text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert ok.returncode == 0, ok.stderr
    env["MHD_PASSPHRASE"] = "definitely the wrong one"
    wrong = subprocess.run([*cmd, "list", "--vault", str(vault)], env=env, capture_output=True,
                           text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert wrong.returncode == 2
    assert "Onjuiste wachtwoordzin of geen kluisbestand" in wrong.stderr
    assert "definitely the wrong one" not in wrong.stderr + wrong.stdout
    assert "hmac check failed" not in wrong.stderr  # SQLCipher's own log is silenced


def test_a_bug_gets_an_error_id_and_a_scrubbed_log(tmp_path: Path, monkeypatch,
                                                   capsys) -> None:
    def explode(_argv):
        raise RuntimeError("Personal detail: Xanthippe Vandervliet, geboren 1990")

    monkeypatch.setattr("mensenhandel_desk.cli.main.run", explode)
    app.log.handlers.clear()
    try:
        assert app.main(["list"]) == 1
    finally:
        for handler in app.log.handlers:
            handler.close()
        app.log.handlers.clear()
    err = capsys.readouterr().err
    assert "foutcode" in err and "Xanthippe" not in err
    log_text = (tmp_path / "data" / "logs" / "mensenhandel-desk.log").read_text(encoding="utf-8")
    assert "RuntimeError" in log_text and "test_cli_core.py" in log_text
    assert "Xanthippe" not in log_text and "1990" not in log_text


def test_database_errors_do_not_carry_values(services) -> None:
    """SQLAlchemy's hide_parameters keeps personal data out of exception texts."""
    import sqlalchemy

    with (pytest.raises(sqlalchemy.exc.IntegrityError) as info,
          services.vault.unit_of_work() as uow):
        uow.session.execute(sqlalchemy.text(
            "INSERT INTO party (signal_id, kind, role, name, nationality, gender, "
            "kvk_number, sector, notes, match_key) VALUES (:sid, 'person', 'witness', "
            ":name, '', 'unknown', '', '', '', '')"),
            {"sid": 424242, "name": "Xanthippe Vandervliet"})
    assert "Xanthippe" not in str(info.value)
    logging.getLogger("sqlalchemy").info("noop")


def test_usage_is_dutch_and_usage_errors_exit_1(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        run(["list", "--bogus"])
    assert info.value.code == 1  # 2 is reserved for a wrong passphrase
    err = capsys.readouterr().err
    assert "gebruik:" in err and "fout: onbekende argumenten: --bogus" in err
    with pytest.raises(SystemExit) as info:
        run(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "opties:" in out and "toon deze hulp en stop" in out
