"""Acceptance review of the privacy promises (issues 2 and 4): gaps found by trying to
break them, each pinned by a test that fails when the gap comes back.

- plaintext files the app writes on request (access-request report, audit export,
  destruction declaration) are readable by their owner only, like the interchange export;
- the reporter's contact details and department typed into a free text do not reach an
  access-request report (the name tokens already did not);
- a purge tells the officer which safety copies next to the vault still hold the
  destroyed signals;
- ``list | head`` (the reader of the output goes away) is not reported as a bug.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdf
import pytest

from mensenhandel_desk.domain.enums import Outcome, PartyKind, PartyRole
from mensenhandel_desk.domain.models import Party
from mensenhandel_desk.services.access_request import AccessRequestService
from mensenhandel_desk.services.audit import trail as audit_trail
from mensenhandel_desk.services.backup import safety_copies
from mensenhandel_desk.services.files import write_atomic
from mensenhandel_desk.services.retention import RetentionService
from mensenhandel_desk.services.session import create_vault
from tests.conftest import PASSPHRASE, CliResult, make_reporter, make_signal, run_cli

SUBJECT = "Quirina Boterbloemsma"
CONTACT = "q.melderstra@afdeling.example.invalid"
PHONE = "06-98765432"
DEPARTMENT = "Team Kwelderbeheer Zuid"
REPORTER = make_reporter(name="Harmke Melderstra", department=DEPARTMENT, contact=CONTACT,
                         team_coordinator="Ype Coördinatorsma")
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def _cli(tmp_path: Path, vault: Path, *args: str) -> CliResult:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MHD_PASSPHRASE", PASSPHRASE)
        mp.setenv("MHD_DATA_DIR", str(tmp_path / "data"))
        mp.setenv("MHD_CONFIG_DIR", str(tmp_path / "config"))
        return run_cli(*args, "--vault", str(vault))


def _only_owner(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


# --- file permissions ----------------------------------------------------------------
@POSIX
def test_plaintext_exports_are_readable_by_the_owner_only(services, tmp_path):
    signal = services.signals.create(make_signal(description=f"{SUBJECT} in de loods."))
    services.signals.add_party(Party(signal_id=signal.id, kind=PartyKind.PERSON,
                                     role=PartyRole.POSSIBLE_VICTIM, name=SUBJECT))
    old = os.umask(0o022)  # the usual umask: files would be world-readable
    try:
        ars = AccessRequestService(services)
        pdf, js = tmp_path / "inzage.pdf", tmp_path / "inzage.json"
        ars.write(ars.find(SUBJECT), pdf, js)
        audit_csv = tmp_path / "audit.csv"
        audit_trail.export(services, audit_csv, audit_trail.AuditFilter())
        plain = write_atomic(tmp_path / "verklaring.pdf", b"%PDF-1.4 test")
    finally:
        os.umask(old)
    for path in (pdf, js, audit_csv, plain):
        assert _only_owner(path), f"{path.name} is readable by others"
    assert SUBJECT in js.read_text(encoding="utf-8")  # it really is the personal report


# --- access request: the reporter's contact details and department ----------------------
def test_access_request_withholds_reporter_contact_and_department_in_free_text(services,
                                                                                tmp_path):
    signal = services.signals.create(make_signal(
        description=f"{SUBJECT} slaapt in de loods. Gemeld door {CONTACT.upper()} "
                    f"(tel. {PHONE}) van {DEPARTMENT.lower()}."),
        make_reporter(name="Harmke Melderstra", department=DEPARTMENT,
                      contact=f"{CONTACT}, {PHONE}", team_coordinator="Ype Coördinatorsma"))
    services.signals.add_party(Party(signal_id=signal.id, kind=PartyKind.PERSON,
                                     role=PartyRole.POSSIBLE_VICTIM, name=SUBJECT,
                                     notes=f"Vragen via {CONTACT}"))
    other = services.signals.create(make_signal(
        received_on=date(2026, 10, 5), summary="Tweede",
        description=f"{DEPARTMENT} zag {SUBJECT} bij de bus."), REPORTER)
    assert other.reference

    service = AccessRequestService(services)
    result = service.find(SUBJECT)
    pdf, js = tmp_path / "inzage.pdf", tmp_path / "inzage.json"
    service.write(result, pdf, js)

    text = js.read_text(encoding="utf-8") + "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    folded = text.lower()
    assert SUBJECT in text  # the person's own data is there
    assert len(result.findings) == 1 and len(result.mentions) == 1
    for bit in (CONTACT, PHONE, DEPARTMENT, "melderstra", "kwelderbeheer"):
        assert bit.lower() not in folded, bit
    assert "[weggelaten]" in text
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["records"][0]["person"]["notes"] == "Vragen via [weggelaten]"


def test_short_or_empty_reporter_details_do_not_blank_ordinary_words(services):
    signal = services.signals.create(
        make_signal(description=f"{SUBJECT} werkt bij de bakker."),
        make_reporter(department="", contact="a", team_coordinator=""))
    services.signals.add_party(Party(signal_id=signal.id, kind=PartyKind.PERSON,
                                     role=PartyRole.POSSIBLE_VICTIM, name=SUBJECT))
    passages = AccessRequestService(services).find(SUBJECT).findings[0].passages
    assert any("werkt bij de bakker." in p.text for p in passages)


# --- purge: safety copies still hold the destroyed signals ----------------------------
def _closed_signal(services):
    signal = services.signals.create(
        make_signal(received_on=date(2020, 1, 5), description=f"{SUBJECT} gezien."), REPORTER)
    services.signals.close(signal.id, Outcome.NO_TRAFFICKING, date(2021, 1, 1))
    return signal


def test_purge_names_the_safety_copies_that_still_hold_the_signals(services, vault_path):
    signal = _closed_signal(services)
    assert safety_copies(vault_path) == []
    copy = services.vault.safety_copy("voor-migratie")
    unrelated = vault_path.with_name("andere-kluis.voor-herstel-20260101-000000-ab12.mhd")
    unrelated.write_bytes(b"x")

    result = RetentionService(services).purge(confirm=True, references=[signal.reference])

    assert [d.reference for d in result.purged] == [signal.reference]
    assert result.safety_copies == (copy,)  # not the other vault's copy
    assert copy.exists()  # kept: it is the way back; the officer decides


def test_cli_purge_tells_the_officer_about_safety_copies(vault_path, clock, tmp_path):
    from mensenhandel_desk.services.backup import restore

    with create_vault(vault_path, PASSPHRASE, clock=clock) as services:
        signal = _closed_signal(services)
        backup_file = tmp_path / "b.mhdbak"
        from mensenhandel_desk.services.backup import backup_to

        backup_to(services, backup_file)
    restored = restore(backup_file, vault_path, PASSPHRASE, confirm=True, clock=clock)
    assert restored.safety_copy is not None

    done = _cli(tmp_path, vault_path, "purge", "--yes")

    assert done.returncode == 0, done.stderr
    assert signal.reference in done.stdout
    assert "veiligheidskopieën" in done.stdout
    assert str(restored.safety_copy) in done.stdout


# --- a closed pipe is not a bug --------------------------------------------------------
def test_list_into_a_closed_pipe_is_not_reported_as_a_bug(vault_path, clock, tmp_path):
    with create_vault(vault_path, PASSPHRASE, clock=clock) as services:
        services.signals.create(make_signal())
    env = dict(os.environ, MHD_PASSPHRASE=PASSPHRASE, MHD_DATA_DIR=str(tmp_path / "data"),
               MHD_CONFIG_DIR=str(tmp_path / "config"))
    proc = subprocess.Popen([sys.executable, "-m", "mensenhandel_desk", "list", "--vault",
                             str(vault_path)], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # like `| head -0`: the reader is gone before anything is written
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=120)
    proc.stderr.close()

    assert proc.returncode in (0, 1)
    assert "foutcode" not in stderr and "Traceback" not in stderr
    log = tmp_path / "data" / "logs" / "mensenhandel-desk.log"
    assert not log.exists() or "bug id" not in log.read_text(encoding="utf-8")


# --- restore of a damaged backup says the backup is damaged -----------------------------
def test_restoring_a_truncated_backup_blames_the_backup_not_the_vault(vault_path, clock,
                                                                      tmp_path):
    from mensenhandel_desk.services.backup import BackupDamaged, backup_to, restore

    with create_vault(vault_path, PASSPHRASE, clock=clock) as services:
        services.signals.create(make_signal())
        kopie = tmp_path / "kopie.mhdbak"
        backup_to(services, kopie)
    kopie.write_bytes(kopie.read_bytes()[:300_000 if kopie.stat().st_size > 300_000
                                          else kopie.stat().st_size // 2])
    before = vault_path.read_bytes()
    with pytest.raises(BackupDamaged):
        restore(kopie, vault_path, PASSPHRASE, confirm=True, clock=clock)
    assert vault_path.read_bytes() == before
    assert sorted(p.name for p in vault_path.parent.iterdir()) == [vault_path.name]

    done = _cli(tmp_path, vault_path, "restore", str(kopie), "--yes")
    assert done.returncode == 1
    assert "back-up" in done.stderr.lower() and "kluisbestand is beschadigd" not in done.stderr


# --- rekey: the old passphrase no longer opens the automatic backups -------------------
def test_rekey_replaces_automatic_backups_under_the_old_passphrase(services, vault_path):
    from mensenhandel_desk.domain.errors import WrongPassphrase
    from mensenhandel_desk.services.backup import automatic_backup, automatic_backups
    from mensenhandel_desk.services.passphrase import change_passphrase
    from mensenhandel_desk.store.vault import Vault

    services.signals.create(make_signal(summary="Blijft bewaard"))
    automatic_backup(services, keep=5)
    automatic_backup(services, keep=5)
    new = "een heel ander wachtwoord 2026"

    assert change_passphrase(services, PASSPHRASE, new) == 2

    remaining = automatic_backups(vault_path)
    assert len(remaining) == 1
    with pytest.raises(WrongPassphrase):
        Vault.open(remaining[0], PASSPHRASE)
    with Vault.open(remaining[0], new) as copy, copy.unit_of_work() as uow:
        assert uow.signals.count() == 1


def test_cli_rekey_reports_the_replaced_automatic_backups(vault_path, clock, tmp_path):
    with create_vault(vault_path, PASSPHRASE, clock=clock) as services:
        services.signals.create(make_signal())
    assert _cli(tmp_path, vault_path, "hold", "MH-2026-0001", "--reason",
                "onderzoek").returncode == 0  # a changing command: one automatic backup
    new_file = tmp_path / "nieuw.txt"
    new_file.write_text("een heel ander wachtwoord 2026\n", encoding="utf-8")

    done = _cli(tmp_path, vault_path, "rekey", "--new-passphrase-file", str(new_file))

    assert done.returncode == 0, done.stderr
    assert "1 automatische back-ups met de oude wachtwoordzin zijn vervangen" in done.stdout
    assert "een heel ander wachtwoord" not in done.stdout + done.stderr


# --- the vault, its backups and safety copies are private to the officer's account -------
@POSIX
def test_vault_backups_and_restored_vault_are_owner_only(vault_path, clock, tmp_path):
    import shutil

    from mensenhandel_desk.services.backup import automatic_backups, backup_to, restore
    from mensenhandel_desk.services.passphrase import change_passphrase

    old = os.umask(0o022)
    try:
        with create_vault(vault_path, PASSPHRASE, clock=clock) as services:
            services.signals.create(make_signal())
            assert _only_owner(vault_path)
            assert _only_owner(Path(f"{vault_path}-wal"))
            manual = backup_to(services, tmp_path / "hand.mhdbak").path
            from mensenhandel_desk.services.backup import automatic_backup

            automatic_backup(services, keep=3)
            new = "een heel ander wachtwoord 2026"
            change_passphrase(services, PASSPHRASE, new)
            assert _only_owner(vault_path)
        # a backup copied in by hand (world-readable) becomes private once restored
        copied = tmp_path / "gekopieerd.mhdbak"
        shutil.copyfile(manual, copied)
        os.chmod(copied, 0o644)
        result = restore(copied, vault_path, PASSPHRASE, confirm=True, clock=clock)
    finally:
        os.umask(old)
    for path in (manual, *automatic_backups(vault_path), vault_path, result.safety_copy):
        assert _only_owner(path), path.name
