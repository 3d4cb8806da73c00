"""The audit trail: filtering, export for the privacy officer, failed unlocks, and no
personal data in any entry."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from mensenhandel_desk import paths
from mensenhandel_desk.domain.enums import PartyKind, PartyRole
from mensenhandel_desk.domain.errors import ValidationError, WrongPassphrase
from mensenhandel_desk.domain.models import AuditEvent, Party
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.audit import trail as audit_trail
from mensenhandel_desk.services.audit.trail import AuditFilter
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.services.session import create_vault, open_vault
from tests.conftest import (
    PASSPHRASE,
    CliResult,
    make_reporter,
    make_signal,
    run_cli,
    ticking_clock,
)

NAME = "Ysolde Brakkeveldhuizen"


class TickingClock(Clock):
    """A clock that moves one hour per reading, so periods can be filtered."""

    def __init__(self, start: datetime) -> None:
        self.moment = start
        super().__init__(now=self._tick)

    def _tick(self) -> datetime:
        self.moment = self.moment.replace(hour=(self.moment.hour + 1) % 24) \
            if self.moment.hour < 23 else self.moment.replace(day=self.moment.day + 1, hour=0)
        return self.moment


def _session(services) -> str:
    signal = services.signals.create(make_signal(description=f"{NAME} zegt weinig"),
                                     make_reporter())
    services.signals.add_party(Party(signal_id=signal.id, kind=PartyKind.PERSON,
                                     role=PartyRole.POSSIBLE_VICTIM, name=NAME,
                                     date_of_birth=date(1990, 1, 2)))
    services.signals.dossier(signal.id)
    services.signals.reporter(signal.id)
    return signal.reference


def test_filter_by_action_object_and_period(vault_path):
    clock = TickingClock(datetime(2026, 11, 1, 8, 0))
    with create_vault(vault_path, PASSPHRASE, clock=clock) as services:
        ref = _session(services)
        everything = audit_trail.list_events(services)
        opened = audit_trail.list_events(services, AuditFilter(action=Action.OPEN_SIGNAL))
        assert [e.object_ref for e in opened] == [ref]
        on_signal = audit_trail.list_events(services, AuditFilter(object_ref=ref.lower()))
        assert {e.action for e in on_signal} >= {Action.CREATE, Action.UPDATE,
                                                 Action.OPEN_SIGNAL, Action.VIEW_REPORTER}
        middle = everything[2].at
        later = audit_trail.list_events(services, AuditFilter(since=middle))
        assert later == everything[2:]
        earlier = audit_trail.list_events(services, AuditFilter(until=middle))
        assert earlier == everything[:3]
        with pytest.raises(ValidationError):
            audit_trail.list_events(services, AuditFilter(action="steal"))
        with pytest.raises(ValidationError):
            audit_trail.list_events(services, AuditFilter(since=middle,
                                                          until=datetime(2020, 1, 1)))


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_export_is_complete_verifiable_audited_and_free_of_personal_data(vault_path, tmp_path,
                                                                         suffix):
    services = create_vault(vault_path, PASSPHRASE, clock=ticking_clock())  # microseconds
    ref = _session(services)
    target = tmp_path / f"audit.{suffix}"
    count = audit_trail.export(services, target)
    raw = target.read_bytes()
    assert NAME.encode() not in raw and b"Brakkeveldhuizen" not in raw
    assert b"Zuidervaart" not in raw and PASSPHRASE.encode() not in raw
    if suffix == "json":
        rows = json.loads(raw)["entries"]
    else:
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == count >= 5 and ref in {r["object"] for r in rows}
    # the privacy officer can re-verify the chain from the export alone
    events = [AuditEvent(at=datetime.fromisoformat(r["at"]), action=r["action"],
                         object_ref=r["object"], detail=r["detail"], prev_hash=r["prev_hash"],
                         hash=r["hash"], id=int(r["id"])) for r in rows]
    assert audit.verify(events).ok
    events[1].detail = "changed afterwards"
    assert audit.verify(events).first_broken_id == events[1].id
    last = audit_trail.list_events(services)[-1]
    assert (last.action, last.object_ref) == (Action.EXPORT, "audit")
    services.close()
    assert [p for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_export_refuses_unknown_formats(services, tmp_path):
    with pytest.raises(ValidationError):
        audit_trail.export(services, tmp_path / "audit.xlsx")
    # (config/ may hold the anchor of the shared template vault built in this test)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "config") == ["vault"]


def test_failed_unlocks_are_counted_outside_and_recorded_on_next_unlock(vault_path, clock):
    create_vault(vault_path, PASSPHRASE, clock=clock).close()
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            open_vault(vault_path, "guessing the passphrase", clock=clock)
    counter = paths.config_dir() / audit_trail.FAILURES_FILE
    stored = counter.read_text(encoding="utf-8")
    assert str(vault_path) not in stored and "kluis" not in stored
    assert "guessing" not in stored and PASSPHRASE not in stored
    assert audit_trail.pending_failures(vault_path) == ["2026-11-24T10:00:00"] * 2

    with open_vault(vault_path, PASSPHRASE, clock=clock) as services:
        failed = audit_trail.list_events(services, AuditFilter(action=Action.UNLOCK_FAILED))
    assert [e.detail for e in failed] == ["attempt at 2026-11-24T10:00:00"] * 2
    assert audit_trail.pending_failures(vault_path) == []
    with open_vault(vault_path, PASSPHRASE, clock=clock) as services:  # not twice
        assert len(audit_trail.list_events(
            services, AuditFilter(action=Action.UNLOCK_FAILED))) == 2


def test_failed_unlocks_of_two_vaults_are_kept_apart(tmp_path, clock):
    a, b = tmp_path / "a" / "kluis.mhd", tmp_path / "b" / "kluis.mhd"
    create_vault(a, PASSPHRASE, clock=clock).close()
    create_vault(b, PASSPHRASE, clock=clock).close()
    with pytest.raises(WrongPassphrase):
        open_vault(a, "wrong wrong wrong", clock=clock)
    with open_vault(b, PASSPHRASE, clock=clock) as services:
        assert audit_trail.list_events(services, AuditFilter(action=Action.UNLOCK_FAILED)) == []
    assert len(audit_trail.pending_failures(a)) == 1


def _cli(tmp_path: Path, vault: Path, *args: str) -> CliResult:
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    return run_cli(*args, "--vault", str(vault), "--passphrase-file", str(secret))


def test_cli_audit_lists_filters_exports_and_check_names_broken_entry(vault_path, tmp_path,
                                                                     clock):
    with create_vault(vault_path, PASSPHRASE, clock=clock) as services:
        ref = _session(services)
    listed = _cli(tmp_path, vault_path, "audit", "--action", "open_signal")
    assert listed.returncode == 0 and ref in listed.stdout
    assert "vault_created" not in listed.stdout
    out = tmp_path / "spoor.json"
    assert _cli(tmp_path, vault_path, "audit", "--export", str(out),
                "--since", "2026-11-24").returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["entries"]
    assert _cli(tmp_path, vault_path, "audit", "--since", "gisteren").returncode == 1

    with open_vault(vault_path, PASSPHRASE, clock=clock) as services, \
            services.vault.unit_of_work() as uow:
        victim = uow.audit.query()[2].id
        uow.session.execute(text("UPDATE audit_event SET object_ref = 'X' WHERE id = :i"),
                            {"i": victim})
    check = _cli(tmp_path, vault_path, "check")
    assert check.returncode == 1 and str(victim) in check.stdout
