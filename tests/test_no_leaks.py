"""No leaks: after a scripted full session through the services and the CLI, no file the
app wrote by itself (settings, failure counter, logs, temp dir, backups, audit export,
the vault and its WAL) contains the personal data used or a passphrase.

Only the files the officer explicitly asked for with personal data in them (a handover
sheet, an access-request report) may contain names; they go to ``uitvoer/`` and are the
only files not scanned. TMPDIR and HOME point into tmp_path for the whole run, so a
temp file or a stray write anywhere would be caught.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest

from mensenhandel_desk import app
from mensenhandel_desk.domain.enums import (
    EnrichmentResult,
    EnrichmentSource,
    HandoverChannel,
    LocationKind,
    NameMode,
    PartyKind,
    PartyRole,
    SharingBasis,
)
from mensenhandel_desk.domain.models import (
    EnrichmentNote,
    Handover,
    Location,
    Meeting,
    MeetingItem,
    Party,
    Reporter,
)
from mensenhandel_desk.services import backup
from mensenhandel_desk.services.access_request import AccessRequestService
from mensenhandel_desk.services.audit import trail as audit_trail
from mensenhandel_desk.services.session import open_vault
from tests.conftest import make_signal

PASS_OLD = "lekvrij wachtwoord nummer een"
PASS_NEW = "lekvrij wachtwoord nummer twee"
VICTIM = "Ysolde Brakkeveldhuizen"
PERPETRATOR = "Maurits Dreppelsteijn"
REPORTER = "Gertruida Knollemaaier"
COORDINATOR = "Sybrand Tuinkabouterink"
CONTACT = "g.knollemaaier@voorbeeld.invalid"
STREET = "Zilverschoonsteeg"
OFFICER = "Aafke Ambtenaarsma"
SECRETS = [VICTIM, PERPETRATOR, REPORTER, COORDINATOR, CONTACT, STREET, OFFICER,
           "Brakkeveldhuizen", "Dreppelsteijn", "Knollemaaier", "Tuinkabouterink",
           "Ambtenaarsma", PASS_OLD, PASS_NEW]


def _variants(secret: str) -> list[bytes]:
    forms = {secret, secret.lower(), secret.upper()}
    out = []
    for form in forms:
        out += [form.encode("utf-8"), form.encode("utf-16-le")]
    return out


def _scan(root: Path, skip: set[Path]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or any(path == s or s in path.parents for s in skip):
            continue
        data = path.read_bytes()
        hits = [s for s in SECRETS if any(v in data for v in _variants(s))]
        if hits:
            found[str(path.relative_to(root))] = hits
    return found


@pytest.fixture
def session_env(tmp_path, monkeypatch):
    tmp = tmp_path / "tmp"
    home = tmp_path / "home"
    tmp.mkdir()
    home.mkdir()
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(tmp))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    return dict(os.environ)


def _cli(env: dict, *args: str, secret: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mensenhandel_desk", *args,
                           "--passphrase-file", str(secret)], capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL, timeout=120)


@pytest.mark.slow
def test_a_full_session_leaves_no_personal_data_outside_the_vault(tmp_path, session_env):
    vault = tmp_path / "data" / "kluis.mhd"
    secrets_dir = tmp_path / "geheim"
    secrets_dir.mkdir()
    old_file, new_file = secrets_dir / "oud.txt", secrets_dir / "nieuw.txt"
    old_file.write_text(PASS_OLD, encoding="utf-8")
    new_file.write_text(PASS_NEW, encoding="utf-8")
    chosen = tmp_path / "uitvoer"
    chosen.mkdir()
    exports = tmp_path / "exports"
    exports.mkdir()

    assert _cli(session_env, "init", "--vault", str(vault), secret=old_file).returncode == 0

    # --- services: create and edit with distinctive fictitious names ------------------
    services = open_vault(vault, PASS_OLD)
    signal = services.signals.create(
        make_signal(summary="Loods aan de steeg",
                    description=f"{VICTIM} slaapt in de loods van {PERPETRATOR}."),
        Reporter(signal_id=0, name=REPORTER, department="Team Wijkzaken", contact=CONTACT,
                 team_coordinator=COORDINATOR))
    sid, ref = signal.id, signal.reference
    services.signals.add_party(Party(signal_id=sid, kind=PartyKind.PERSON,
                                     role=PartyRole.POSSIBLE_VICTIM, name=VICTIM,
                                     date_of_birth=date(1994, 4, 4)))
    services.signals.add_party(Party(signal_id=sid, kind=PartyKind.PERSON,
                                     role=PartyRole.POSSIBLE_PERPETRATOR, name=PERPETRATOR))
    services.signals.add_location(Location(signal_id=sid, kind=LocationKind.WORKPLACE,
                                           street=STREET, house_number="9",
                                           postcode="1234AB", town="Voorbeeld"))
    services.signals.add_note(EnrichmentNote(signal_id=sid, noted_on=date(2026, 10, 2),
                                             source=EnrichmentSource.KVK,
                                             result=EnrichmentResult.FOUND,
                                             text=f"{PERPETRATOR} heeft de loods gehuurd."))
    with services.vault.unit_of_work() as uow:
        partner = uow.partners.all()[0].key
    services.handovers.record(Handover(signal_id=sid, partner_key=partner,
                                       handed_over_on=date(2026, 10, 3),
                                       channel=HandoverChannel.SECURE_EMAIL,
                                       basis=SharingBasis.CONSENT,
                                       requested_action=f"Gesprek met {VICTIM}"))
    meeting = services.meetings.create(Meeting(held_on=date(2026, 11, 10)))
    item = services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=sid))
    services.meetings.record_decision(item.id, f"Politie bezoekt {STREET}")
    settings = services.settings.get()
    settings.officer_name = OFFICER
    services.settings.save(settings)
    services.signals.dossier(sid)
    services.signals.reporter(sid)

    # --- documents the officer asks for (may hold names: written to uitvoer/) ---------
    try:
        from mensenhandel_desk.services import documents
    except ImportError:  # pragma: no cover - documents are built by another issue
        documents = None
    if documents is not None:
        documents.DocumentService(services.ctx).handover_sheet(
            ref, partner, NameMode.FULL, out=chosen / "overdracht.pdf")
    access = AccessRequestService(services)
    access.write(access.find(VICTIM), chosen / "inzage.pdf", chosen / "inzage.json")

    # --- what the app writes by itself or as non-personal exports: scanned -------------
    backup.backup_to(services, exports / "handmatig.mhdbak")
    backup.backup_to(services, exports / "apart.mhdbak", "een apart back-up wachtwoord")
    audit_trail.export(services, exports / "audit.csv")
    audit_trail.export(services, exports / "audit.json")
    assert services.lock() is not None  # rotating backup on close

    # --- the CLI on the same vault ----------------------------------------------------
    v = ("--vault", str(vault))
    assert _cli(session_env, "list", *v, secret=old_file).returncode == 0
    shown = _cli(session_env, "show", ref, *v, secret=old_file)
    assert VICTIM in shown.stdout and REPORTER not in shown.stdout
    assert _cli(session_env, "backup", *v, "--out", str(exports / "cli.mhdbak"),
                secret=old_file).returncode == 0
    assert _cli(session_env, "audit", *v, "--export", str(exports / "cli-audit.json"),
                secret=old_file).returncode == 0
    assert _cli(session_env, "purge", "--dry-run", *v, secret=old_file).returncode == 0
    assert _cli(session_env, "check", *v, secret=new_file).returncode == 2  # failed unlock
    assert _cli(session_env, "rekey", *v, "--new-passphrase-file", str(new_file),
                secret=old_file).returncode == 0
    assert _cli(session_env, "check", *v, secret=new_file).returncode == 0
    assert _cli(session_env, "show", VICTIM, *v, secret=new_file).returncode == 1

    # a bug with personal data in its message: the log keeps type and place only
    had = list(app.log.handlers)
    app.setup_logging()
    try:
        raise RuntimeError(f"kapot bij {VICTIM} met {PASS_NEW}")
    except RuntimeError as exc:
        app.report_bug(exc)
    for handler in list(app.log.handlers):
        handler.flush()
        if handler not in had:  # do not leave a handler into this tmp_path behind
            app.log.removeHandler(handler)
            handler.close()

    # --- the scan -----------------------------------------------------------------------
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert any(w.startswith("config/") for w in written)  # failure counter was written
    assert any(w.startswith("data/backups/") for w in written)  # rotating backup
    assert (tmp_path / "data" / "logs" / "mensenhandel-desk.log").exists()
    leaks = _scan(tmp_path, skip={chosen, secrets_dir})
    assert leaks == {}, f"personal data or passphrase found in: {leaks}"
    # and the chosen outputs really had the data (the scan can see it)
    assert _scan(chosen, set())
    assert list((tmp_path / "tmp").rglob("*")) == []  # nothing lingers in the temp dir
