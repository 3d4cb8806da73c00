"""Retention: periods per outcome, legal hold, dry run, confirmed purge without
remnants, an audit trail that still verifies, and the destruction declaration."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pypdf
import pytest

from mensenhandel_desk.domain.enums import (
    EnrichmentResult,
    EnrichmentSource,
    HandoverChannel,
    LocationKind,
    Outcome,
    PartyKind,
    PartyRole,
    SharingBasis,
)
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.models import (
    EnrichmentNote,
    Handover,
    Location,
    Meeting,
    MeetingItem,
    Party,
    PrintRecord,
    ReporterFeedback,
    SignalFilter,
)
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.backup import ConfirmationRequired
from mensenhandel_desk.services.maintenance import check_vault
from mensenhandel_desk.services.retention import (
    DEFAULT_RETENTION_MONTHS,
    PURGED_REF,
    RetentionService,
    add_months,
)
from mensenhandel_desk.store.engine import quote_passphrase
from tests.conftest import PASSPHRASE, CliResult, make_reporter, make_signal, run_cli

VICTIM = "Qvintijn Zwartkruidenier"
SECRETS = [VICTIM, "Zwartkruidenier", "zwartkruidenier", "Wilhelmina Zuidervaart-Testmelder",
           "Kwelderpad", "Ooievaarsbeet"]


def _full_signal(services, *, received: date, closed: date | None, outcome=Outcome.NO_TRAFFICKING):
    signal = services.signals.create(
        make_signal(received_on=received, summary="Ooievaarsbeet signaal",
                    description=f"{VICTIM} woont aan het Kwelderpad."), make_reporter())
    sid = signal.id
    services.signals.add_party(Party(signal_id=sid, kind=PartyKind.PERSON,
                                     role=PartyRole.POSSIBLE_VICTIM, name=VICTIM,
                                     date_of_birth=date(1991, 5, 6)))
    services.signals.add_location(Location(signal_id=sid, kind=LocationKind.HOME,
                                           street="Kwelderpad", house_number="3",
                                           postcode="1234AB", town="Voorbeeld"))
    services.signals.add_note(EnrichmentNote(signal_id=sid, noted_on=received,
                                             source=EnrichmentSource.BRP,
                                             result=EnrichmentResult.FOUND,
                                             text=f"{VICTIM} ingeschreven"))
    with services.vault.unit_of_work() as uow:
        partner = uow.partners.all()[0].key
        uow.prints.add(PrintRecord(at=datetime(2026, 1, 1), document_kind="handover_sheet",
                                   object_ref=signal.reference, copy_number=1,
                                   recipient="Zorgcoördinator"))
    services.handovers.record(Handover(signal_id=sid, partner_key=partner,
                                       handed_over_on=received, channel=HandoverChannel.PHONE,
                                       basis=SharingBasis.CONSENT,
                                       requested_action=f"Zorg voor {VICTIM}"))
    meeting = services.meetings.create(Meeting(held_on=received))
    services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=sid))
    services.handovers.inform_reporter(ReporterFeedback(signal_id=sid, given_on=received,
                                                        text="Opgepakt"))
    if closed:
        services.signals.close(sid, outcome, closed)
    return services.signals.get(sid)


def _plaintext(services, tmp_path: Path) -> bytes:
    """Test-only decrypted copy of everything live in the vault (sqlcipher_export to a
    plaintext file), to look for remnants in tables and the FTS index."""
    target = tmp_path / "plain.db"
    target.unlink(missing_ok=True)
    raw = services.vault._handle.engine.raw_connection()
    try:
        conn = raw.driver_connection
        conn.execute(f"ATTACH DATABASE '{target}' AS plain KEY ''")
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        raw.close()
    return target.read_bytes()


def test_default_periods_and_changes(services):
    retention = RetentionService(services)
    assert retention.periods() == DEFAULT_RETENTION_MONTHS
    assert DEFAULT_RETENTION_MONTHS[Outcome.NO_TRAFFICKING] < \
        DEFAULT_RETENTION_MONTHS[Outcome.HANDED_TO_POLICE]
    retention.set_period(Outcome.NO_TRAFFICKING, 6)
    assert retention.periods()[Outcome.NO_TRAFFICKING] == 6
    for bad in (0, -3, 5000, True, "12"):
        with pytest.raises(ValidationError):
            retention.set_period(Outcome.NO_TRAFFICKING, bad)


def test_policy_floor_raises_periods_and_refuses_shorter(services, tmp_path):
    retention = RetentionService(services)
    retention.set_period(Outcome.HANDED_TO_POLICE, 24)
    policy = tmp_path / "policy" / "policy.json"
    policy.parent.mkdir()
    policy.write_text('{"retention_floor_months": {"handed_to_police": 84}}', encoding="utf-8")
    assert retention.periods()[Outcome.HANDED_TO_POLICE] == 84
    with pytest.raises(ValidationError) as caught:
        retention.set_period(Outcome.HANDED_TO_POLICE, 60)
    assert "84" in caught.value.message


def test_due_list_respects_outcome_periods_open_signals_and_legal_hold(services):
    old = _full_signal(services, received=date(2020, 1, 5), closed=date(2021, 1, 1))
    police = _full_signal(services, received=date(2020, 1, 5), closed=date(2023, 1, 1),
                          outcome=Outcome.HANDED_TO_POLICE)
    recent = _full_signal(services, received=date(2026, 1, 5), closed=date(2026, 2, 1))
    still_open = _full_signal(services, received=date(2019, 1, 5), closed=None)
    retention = RetentionService(services)
    due = retention.due()
    assert [d.reference for d in due] == [old.reference]
    assert due[0].due_on == add_months(old.closed_on, 12)
    assert recent.reference not in [d.reference for d in due]
    assert still_open.reference not in [d.reference for d in due]
    assert police.reference not in [d.reference for d in due]  # 60 months: 2028

    retention.place_hold(old.reference, "Lopend strafrechtelijk onderzoek")
    assert retention.due() == []
    with pytest.raises(ConfirmationRequired):
        retention.purge()
    assert retention.purge(confirm=True).purged == []
    assert services.signals.by_reference(old.reference).legal_hold_reason
    with services.vault.unit_of_work() as uow:
        hold_entries = [e for e in uow.audit.query() if e.action == Action.LEGAL_HOLD]
    assert [e.detail for e in hold_entries] == ["placed"]  # the reason stays off the audit
    retention.lift_hold(old.reference)
    assert [d.reference for d in retention.due()] == [old.reference]


def test_purge_removes_everything_and_leaves_no_remnants(services, tmp_path):
    gone = _full_signal(services, received=date(2020, 1, 5), closed=date(2021, 1, 1))
    kept = services.signals.create(make_signal(summary="Blijft"))
    before = _plaintext(services, tmp_path)
    assert all(s.encode() in before for s in ("Zwartkruidenier", "zwartkruidenier",
                                              "Kwelderpad"))  # the check can see data

    result = RetentionService(services).purge(confirm=True, references=[gone.reference])

    assert [d.reference for d in result.purged] == [gone.reference]
    with services.vault.unit_of_work() as uow:
        assert uow.signals.by_reference(gone.reference) is None
        assert uow.reporters.all() == [] and uow.parties.all() == []
        assert uow.locations.all() == [] and uow.notes.all() == []
        assert uow.handovers.all() == [] and uow.meeting_items.all() == []
        assert uow.reporter_feedback.all() == [] and uow.prints.all() == []
        events = uow.audit.query()
    assert services.signals.page(SignalFilter(text="zwartkruidenier")).total == 0
    assert services.signals.get(kept.id).summary == "Blijft"

    after = _plaintext(services, tmp_path)
    leaks = [s for s in [*SECRETS, gone.reference] if s.encode() in after]
    assert leaks == []
    assert int(services.vault.execute_pragma("freelist_count")[0][0]) == 0
    wal = Path(str(services.vault.path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    page_size = int(services.vault.execute_pragma("page_size")[0][0])
    page_count = int(services.vault.execute_pragma("page_count")[0][0])
    assert services.vault.path.stat().st_size == page_size * page_count

    # audit: the chain still verifies; only "a purge of N signals" is said about it
    assert check_vault(services).ok
    purge = [e for e in events if e.action == Action.PURGE]
    assert len(purge) == 1 and purge[0].detail.startswith("purge of 1 signals")
    assert gone.reference not in purge[0].detail
    assert all(e.object_ref != gone.reference for e in events)
    assert any(e.object_ref == PURGED_REF for e in events)


def test_reanchoring_records_the_previous_head(services):
    signal = _full_signal(services, received=date(2020, 1, 5), closed=date(2021, 1, 1))
    with services.vault.unit_of_work() as uow:
        head_before = uow.audit.last().hash
    result = RetentionService(services).purge(confirm=True)
    assert result.reanchored_from is not None
    with services.vault.unit_of_work() as uow:
        last = uow.audit.last()
    assert head_before in last.detail and signal.reference not in last.detail


def test_tampering_after_a_purge_is_still_detected(services):
    _full_signal(services, received=date(2020, 1, 5), closed=date(2021, 1, 1))
    RetentionService(services).purge(confirm=True)
    services.signals.create(make_signal())
    with services.vault.unit_of_work() as uow:
        victim = uow.audit.query()[3]
        uow.session.execute(
            __import__("sqlalchemy").text("UPDATE audit_event SET detail = 'x' WHERE id = :i"),
            {"i": victim.id})
    report = check_vault(services)
    assert not report.ok and report.audit_first_broken == victim.id


def _cli(tmp_path: Path, vault: Path, *args: str) -> CliResult:
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return run_cli(*args, "--vault", str(vault), "--passphrase-file", str(secret))


def test_cli_dry_run_confirmation_hold_and_declaration(vault_path, clock, tmp_path):
    from mensenhandel_desk.services.session import create_vault

    with create_vault(vault_path, PASSPHRASE, clock=clock) as services:
        a = _full_signal(services, received=date(2020, 1, 5), closed=date(2021, 1, 1))
        b = _full_signal(services, received=date(2020, 2, 5), closed=date(2021, 2, 1))

    dry = _cli(tmp_path, vault_path, "purge", "--dry-run")
    assert dry.returncode == 0 and a.reference in dry.stdout and b.reference in dry.stdout
    refused = _cli(tmp_path, vault_path, "purge")  # no terminal, no --yes
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert _cli(tmp_path, vault_path, "hold", b.reference, "--reason",
                "onderzoek").returncode == 0

    pdf = tmp_path / "verklaring.pdf"
    done = _cli(tmp_path, vault_path, "purge", "--yes", "--declaration-out", str(pdf))
    assert done.returncode == 0, done.stderr
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(
        pdf.read_bytes())).pages)
    assert a.reference in text and b.reference not in text
    assert "5 januari 2020" in text and "1 januari 2021" in text and "24 november 2026" in text
    assert not [s for s in SECRETS if s in text]
    assert "Ooievaarsbeet" not in text  # no summary either: references and dates only
    dry = _cli(tmp_path, vault_path, "purge", "--dry-run")
    assert b.reference not in dry.stdout  # held
    assert _cli(tmp_path, vault_path, "release", b.reference).returncode == 0
    assert b.reference in _cli(tmp_path, vault_path, "purge", "--dry-run").stdout


def test_quote_in_plaintext_helper_is_not_needed():
    # the plaintext helper uses KEY '' (empty key = plaintext): make sure quoting agrees
    assert quote_passphrase("") == "''"


def test_purge_is_not_undone_by_an_old_automatic_backup(services, vault_path, tmp_path):
    from mensenhandel_desk.services.backup import automatic_backup, automatic_backups
    from mensenhandel_desk.store.vault import Vault

    gone = _full_signal(services, received=date(2020, 1, 5), closed=date(2021, 1, 1))
    automatic_backup(services, keep=5)
    automatic_backup(services, keep=5)
    assert len(automatic_backups(vault_path)) == 2

    result = RetentionService(services).purge(confirm=True, references=[gone.reference])

    assert result.backups_replaced == 2
    remaining = automatic_backups(vault_path)
    assert len(remaining) == 1
    with Vault.open(remaining[0], PASSPHRASE) as copy, copy.unit_of_work() as uow:
        assert uow.signals.by_reference(gone.reference) is None
        assert uow.reporters.all() == []
