"""Preparing a meeting and the officer's settings from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf

from mensenhandel_desk.cli.main import run
from mensenhandel_desk.services.session import open_vault
from tests.conftest import PASSPHRASE, make_signal


def test_plan_meeting_agenda_decision_and_minutes(tmp_path: Path, monkeypatch, capsys,
                                                  clock) -> None:
    vault = tmp_path / "k.mhd"
    monkeypatch.setenv("MHD_PASSPHRASE", PASSPHRASE)
    assert run(["init", "--vault", str(vault)]) == 0
    with open_vault(vault, PASSPHRASE, clock=clock) as services:
        ref = services.signals.create(make_signal()).reference
    attendees = tmp_path / "aanwezig.txt"
    attendees.write_text("Wijkagent Noord, politie\nOndermijningsspecialist, politie\n",
                         encoding="utf-8")
    assert run(["meeting", "new", "--vault", str(vault), "--date", "2026-12-01",
                "--place", "Stadhuis", "--attendees-file", str(attendees)]) == 0
    assert run(["meeting", "add", "--vault", str(vault), "1", ref.lower()]) == 0
    assert run(["meeting", "decide", "--vault", str(vault), "1", ref, "--decision",
                "Wijkagent gaat op huisbezoek", "--holder", "Wijkagent Noord",
                "--due", "2026-12-15"]) == 0
    assert run(["meeting", "list", "--vault", str(vault)]) == 0
    out = capsys.readouterr().out
    assert "Overleg 1 gepland op 2026-12-01." in out and "(1 signalen)" in out
    minutes = tmp_path / "verslag.pdf"
    assert run(["minutes", "1", "--vault", str(vault), "--out", str(minutes)]) == 0
    text = "\n".join(p.extract_text() for p in
                     pypdf.PdfReader(io.BytesIO(minutes.read_bytes())).pages)
    assert "Wijkagent gaat op huisbezoek" in text and "15 december 2026" in text
    assert "Wijkagent Noord, politie" in text
    assert run(["meeting", "decide", "--vault", str(vault), "1", "MH-2026-0999",
                "--decision", "x"]) == 1


def test_settings_show_and_set(tmp_path: Path, monkeypatch, capsys, clock) -> None:
    vault = tmp_path / "k.mhd"
    monkeypatch.setenv("MHD_PASSPHRASE", PASSPHRASE)
    assert run(["init", "--vault", str(vault)]) == 0
    assert run(["settings", "--vault", str(vault), "--set", "officer_name", "F. Fictief",
                "--set", "address_block_top_mm", "48", "--set", "backup_on_close", "nee"]) == 0
    with open_vault(vault, PASSPHRASE, clock=clock) as services:
        settings = services.settings.get()
    assert (settings.officer_name, settings.address_block_top_mm,
            settings.backup_on_close) == ("F. Fictief", 48.0, False)
    capsys.readouterr()
    assert run(["settings", "--vault", str(vault)]) == 0
    assert "officer_name = F. Fictief" in capsys.readouterr().out
    assert run(["settings", "--vault", str(vault), "--set", "no_such", "x"]) == 1
    assert "Onbekende instelling" in capsys.readouterr().err
    assert run(["settings", "--vault", str(vault), "--set", "auto_lock_minutes", "vijf"]) == 1
