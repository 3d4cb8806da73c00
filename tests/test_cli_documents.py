"""The document commands: one file at --out, Dutch errors, nothing written on failure."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from mensenhandel_desk.cli.main import run
from mensenhandel_desk.domain.enums import PartyKind, PartyRole
from mensenhandel_desk.domain.models import Meeting, MeetingItem, Party
from mensenhandel_desk.services.session import create_vault, open_vault
from tests.conftest import PASSPHRASE
from tests.test_documents_service import PARTY_NAMES, populate


@pytest.fixture
def setup(vault_path: Path, clock, tmp_path: Path) -> dict:
    services = create_vault(vault_path, PASSPHRASE, clock=clock)
    try:
        reference = populate(services)
        meeting = services.meetings.create(Meeting(held_on=date(2026, 12, 1)))
        signal = services.signals.by_reference(reference)
        item = services.meetings.add_item(MeetingItem(meeting_id=meeting.id,
                                                      signal_id=signal.id))
        services.meetings.record_decision(item.id, "Huisbezoek", "Wijkagent",
                                          date(2026, 12, 10))
    finally:
        services.close()
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return {"ref": reference, "meeting": meeting.id,
            "base": ["--vault", str(vault_path), "--passphrase-file", str(secret)]}


def text_of(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_handover_command_writes_one_pdf(setup: dict, tmp_path: Path, capsys) -> None:
    out = tmp_path / "overdracht.pdf"
    code = run(["handover", setup["ref"], *setup["base"], "--to", "nla", "--names", "initials",
                "--out", str(out), "--requested-action", "Inspectie van de woning",
                "--feedback-by", "2026-12-31"])
    assert code == 0
    text = text_of(out)
    assert "Inspectie van de woning" in text
    assert "Terugkoppeling gevraagd vóór 31 december 2026" in text
    assert "Nederlandse Arbeidsinspectie" in text
    assert not any(name in text for name in PARTY_NAMES)
    assert "exemplaar 1" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == [
        "overdracht.pdf"]


def test_confirm_sent_records_the_handover(setup: dict, tmp_path: Path, vault_path: Path,
                                           clock) -> None:
    out = tmp_path / "overdracht.pdf"
    code = run(["handover", setup["ref"], *setup["base"], "--to", "zorgcoordinator",
                "--out", str(out), "--confirm-sent", "--legal-ground",
                "art. 6 lid 1 sub e AVG"])
    assert code == 0 and out.exists()
    with open_vault(vault_path, PASSPHRASE, clock=clock) as services:
        signal = services.signals.by_reference(setup["ref"])
        handovers = services.handovers.for_signal(signal.id)
    assert [h.partner_key for h in handovers] == ["zorgcoordinator"]


def test_confirm_without_legal_ground_writes_nothing(setup: dict, tmp_path: Path,
                                                     capsys) -> None:
    out = tmp_path / "overdracht.pdf"
    code = run(["handover", setup["ref"], *setup["base"], "--to", "nla", "--out", str(out),
                "--confirm-sent"])
    assert code == 1 and not out.exists()
    assert "grondslag" in capsys.readouterr().err


def test_agenda_and_minutes_commands(setup: dict, tmp_path: Path) -> None:
    agenda, minutes = tmp_path / "agenda.pdf", tmp_path / "verslag.pdf"
    assert run(["agenda", str(setup["meeting"]), *setup["base"], "--out", str(agenda)]) == 0
    assert run(["minutes", str(setup["meeting"]), *setup["base"], "--out", str(minutes),
                "--names", "full"]) == 0
    assert setup["ref"] in text_of(agenda) and "Persoon A" in text_of(agenda)
    text = text_of(minutes)
    assert "Huisbezoek" in text and "Wijkagent" in text and "10 december 2026" in text


def test_feedback_letter_with_edited_text(setup: dict, tmp_path: Path) -> None:
    edited = tmp_path / "brief.txt"
    edited.write_text("Dank voor uw melding {kenmerk}.\n\nWij hebben het opgepakt.",
                      encoding="utf-8")
    out = tmp_path / "brief.pdf"
    assert run(["feedback-letter", setup["ref"], *setup["base"], "--out", str(out),
                "--text-file", str(edited)]) == 0
    text = text_of(out)
    assert f"Dank voor uw melding {setup['ref']}." in text and "Wij hebben het opgepakt" in text


def test_feedback_letter_template_choice_and_show(setup: dict, tmp_path: Path,
                                                  capsys) -> None:
    assert run(["feedback-letter", setup["ref"], *setup["base"], "--show-template",
                "--outcome-template", "no_trafficking"]) == 0
    shown = capsys.readouterr().out
    assert "geen aanwijzingen voor mensenhandel" in shown and "{" not in shown
    out = tmp_path / "brief.pdf"
    assert run(["feedback-letter", setup["ref"], *setup["base"], "--out", str(out),
                "--outcome-template", "onbekend"]) == 1
    assert "Onbekend briefsjabloon" in capsys.readouterr().err and not out.exists()


def test_unknown_reference_and_bad_folder_give_dutch_errors(setup: dict, tmp_path: Path,
                                                            capsys) -> None:
    assert run(["handover", "2026-9999", *setup["base"], "--to", "nla", "--out",
                str(tmp_path / "x.pdf")]) == 1
    assert "2026-9999" in capsys.readouterr().err
    assert run(["agenda", str(setup["meeting"]), *setup["base"], "--out",
                str(tmp_path / "bestaat-niet" / "agenda.pdf")]) == 1
    err = capsys.readouterr().err
    assert "map bestaat niet" in err and "bestaat-niet" not in err
    assert not list(tmp_path.rglob("*.pdf"))


def test_copies_option_numbers_each_copy(setup: dict, tmp_path: Path, capsys) -> None:
    out = tmp_path / "agenda.pdf"
    assert run(["agenda", str(setup["meeting"]), *setup["base"], "--out", str(out),
                "--copies", "3"]) == 0
    assert "exemplaar 1-3" in capsys.readouterr().out
    text = text_of(out)
    assert all(f"Exemplaar {n} — voor: Lokaal ondermijningsoverleg" in text for n in (1, 2, 3))


def test_names_the_font_cannot_print_give_a_warning(setup: dict, tmp_path: Path,
                                                    vault_path: Path, clock, capsys) -> None:
    """A Thai name has no glyphs in the shipped fonts: the officer is warned instead of
    sending a sheet with empty boxes unnoticed. Chinese (the demo has it) prints in the
    fallback font and is not in the warning."""
    with open_vault(vault_path, PASSPHRASE, clock=clock) as services:
        signal = services.signals.by_reference(setup["ref"])
        services.signals.add_party(Party(signal_id=signal.id, kind=PartyKind.PERSON,
                                         role=PartyRole.WITNESS, name="สมชาย 刘洋 Huang"))
    out = tmp_path / "overdracht.pdf"
    code = run(["handover", setup["ref"], *setup["base"], "--to", "nla", "--names", "full",
                "--out", str(out), "--confirm-sent", "--legal-ground", "art. 6 AVG"])
    streams = capsys.readouterr()
    assert code == 0 and out.exists()
    assert "Let op: het lettertype" in streams.err and "ส" in streams.err
    assert "刘" not in streams.err
    assert "niemand om contact" in streams.err  # the test vault has no officer name set
    assert "22 december 2026" in streams.out  # the feedback date written out, in Dutch
    # in pseudonym mode (the default) the name does not print: no warning
    run(["agenda", str(setup["meeting"]), *setup["base"], "--out", str(tmp_path / "a.pdf")])
    assert "Let op" not in capsys.readouterr().err
