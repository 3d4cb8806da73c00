"""Old vaults open with the current code; unknown newer vaults are refused untouched.

Every migration in store/migrations/versions needs a test here whose name contains its
revision id (``test_all_migrations_have_tests`` enforces that, Picard-style).
"""

from __future__ import annotations

import importlib
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import text

from mensenhandel_desk.domain.errors import VaultTooNew
from mensenhandel_desk.domain.models import SignalFilter
from mensenhandel_desk.services.maintenance import check_vault
from mensenhandel_desk.services.session import open_vault
from mensenhandel_desk.store import migrate
from tests.make_fixture_v1 import EXPECTED, FIXTURE, FIXTURE_PASSPHRASE

VERSIONS = Path(migrate.MIGRATIONS_DIR) / "versions"


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "old" / "vault-v1.mhd"
    target.parent.mkdir()
    shutil.copy2(FIXTURE, target)
    return target


def test_migration_0001_fixture_opens_with_current_code(v1_copy: Path, clock) -> None:
    with open_vault(v1_copy, FIXTURE_PASSPHRASE, clock=clock) as services:
        assert services.vault.schema_revision() == migrate.head_revision()
        rows = services.signals.page(sort="reference", descending=False).rows
        assert [r.reference for r in rows] == EXPECTED["references"]
        first = services.signals.by_reference("MH-2026-0001")
        dossier = services.signals.dossier(first.id)
        assert dossier.parties[0].name == EXPECTED["person"]
        assert dossier.locations[0].postcode == EXPECTED["postcode"]
        assert dossier.handovers[0].feedback_received_on is not None
        assert dossier.handovers[0].contact_id is not None
        assert len(dossier.indicators) == 1 and dossier.reporter_feedback
        assert str(dossier.signal.status) == "closed"
        assert services.signals.reporter(first.id).name == EXPECTED["reporter"]
        assert services.settings.get().officer_name == EXPECTED["officer"]
        meeting = services.meetings.all()[0]
        assert services.meetings.items(meeting.id)[0].decision
        # the search index came along: the folded name finds the signal
        hits = services.signals.page(SignalFilter(text="lukasz")).rows
        assert [h.reference for h in hits] == ["MH-2026-0001"]
        report = check_vault(services)
        assert report.ok, report.lines()
    assert FIXTURE.read_bytes() != b""  # the original fixture was only copied


def _set_revision(path: Path, revision: str) -> None:
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute("PRAGMA key = '" + FIXTURE_PASSPHRASE.replace("'", "''") + "'")
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def test_unknown_newer_revision_is_refused_and_file_unchanged(v1_copy: Path, clock) -> None:
    _set_revision(v1_copy, "9999_from_the_future")
    before = v1_copy.read_bytes()
    siblings = sorted(p.name for p in v1_copy.parent.iterdir())
    with pytest.raises(VaultTooNew) as caught:
        open_vault(v1_copy, FIXTURE_PASSPHRASE, clock=clock)
    assert "nieuwere versie" in caught.value.message
    assert v1_copy.read_bytes() == before
    # no safety copy or stray journal either: the refusal touched nothing
    assert sorted(p.name for p in v1_copy.parent.iterdir()) == siblings


def test_all_migrations_have_tests() -> None:
    revisions = []
    for path in VERSIONS.glob("*.py"):
        match = re.search(r'^revision\s*=\s*["\']([^"\']+)["\']', path.read_text("utf-8"),
                          re.MULTILINE)
        if match:
            revisions.append(match.group(1))
    assert revisions, "no migrations found"
    names = [name for name in globals() if name.startswith("test_migration_")]
    untested = [rev for rev in revisions if not any(f"_{rev}_" in name for name in names)]
    assert not untested, f"migrations without a test_migration_<rev>_ test: {untested}"


def test_migration_0002_adds_meeting_attendees_to_a_v1_vault(v1_copy: Path, clock) -> None:
    """A real revision-0001 vault gains the attendees column, keeps its meetings, and a
    safety copy of the old file is made before the migration runs."""
    from mensenhandel_desk.domain.models import Meeting

    before = {p.name for p in v1_copy.parent.iterdir()}
    with open_vault(v1_copy, FIXTURE_PASSPHRASE, clock=clock) as services:
        assert services.vault.schema_revision() == "0002" or migrate.head_revision() != "0002"
        meeting = services.meetings.all()[0]
        assert meeting.attendees == ""
        assert services.meetings.items(meeting.id)[0].decision  # data survived
        updated = services.meetings.update(Meeting(
            id=meeting.id, held_on=meeting.held_on, title=meeting.title, place=meeting.place,
            notes=meeting.notes, attendees="Wijkagent Noord, politie\nOndermijningsspecialist"))
        assert services.meetings.get(meeting.id).attendees == updated.attendees
    safety = {p.name for p in v1_copy.parent.iterdir()} - before
    assert any("voor-migratie" in name for name in safety)
    with open_vault(next(v1_copy.parent.glob("*voor-migratie*.mhd")), FIXTURE_PASSPHRASE,
                    clock=clock) as old:
        assert old.meetings.all()  # the safety copy opens (and is itself migrated)


def _migration(revision: str):
    """A migration module by revision id (file names start with a digit)."""
    path = next(VERSIONS.glob(f"{revision}_*.py"))
    return importlib.import_module(f"mensenhandel_desk.store.migrations.versions.{path.stem}")


def test_migration_0003_backfills_next_action_on_a_v1_vault(v1_copy: Path, clock) -> None:
    """A real revision-0001 vault gains next_action/next_due_on, backfilled by the route
    rules (closed: nothing; discussed but not enriched: enrich), and the sort indexes."""
    from mensenhandel_desk.domain.enums import HandoverChannel, SharingBasis
    from mensenhandel_desk.domain.models import Handover

    m0003 = _migration("0003")
    with open_vault(v1_copy, FIXTURE_PASSPHRASE, clock=clock) as services:
        assert services.vault.schema_revision() == migrate.head_revision()
        with services.vault.unit_of_work() as uow:
            stored = [tuple(row) for row in uow.session.execute(text(
                "SELECT reference, next_action, next_due_on FROM signal ORDER BY reference"))]
            indexes = set(uow.session.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'signal'")).scalars())
        assert stored == [("MH-2026-0001", "", None), ("MH-2026-0002", "enrich", None)]
        assert set(m0003.INDEXES) <= indexes
        rows = services.signals.rows(services.signals.ids(sort="next_action",
                                                          descending=False))
        assert [(r.reference, r.next_action, r.overdue) for r in rows] == [
            ("MH-2026-0001", "", False), ("MH-2026-0002", "enrich", False)]
        assert rows[1].next_action_text.startswith("Ga na of betrokkenen en adressen")
        # after the migration the services keep the columns up to date
        second = services.signals.by_reference("MH-2026-0002")
        services.handovers.record(Handover(
            signal_id=second.id, partner_key="politie_avim", handed_over_on=date(2026, 11, 3),
            channel=HandoverChannel.SECURE_EMAIL, basis=SharingBasis.CONSENT,
            feedback_due_on=date(2026, 11, 20)))
        row = services.signals.rows([second.id])[0]
        assert (row.next_action, row.next_due_on, row.overdue) == (
            "chase_feedback", date(2026, 11, 20), True)


def test_rank_expressions_in_rows_match_migration_0003() -> None:
    """The ORDER BY text must equal the expression index text, or SQLite sorts."""
    from mensenhandel_desk.store import rows

    m0003 = _migration("0003")
    for name in ("STATUS_RANK", "URGENCY_RANK", "ASSESSMENT_RANK"):
        assert getattr(rows, name) == getattr(m0003, name), name


def test_rows_module_matches_the_migrated_schema(v1_copy: Path, clock) -> None:
    """store/rows.py (what the ORM maps) and the migrations (what a vault holds) agree on
    every table's columns and index names, for an old vault brought up to head."""
    from mensenhandel_desk.store.rows import Base

    with open_vault(v1_copy, FIXTURE_PASSPHRASE, clock=clock) as services, \
            services.vault.unit_of_work() as uow:
        for table in Base.metadata.sorted_tables:
            columns = {row[1] for row in uow.session.execute(
                text(f"PRAGMA table_info('{table.name}')"))}
            assert columns == {c.name for c in table.columns}, table.name
            indexes = set(uow.session.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = :t AND name NOT LIKE 'sqlite_autoindex%'"),
                {"t": table.name}).scalars())
            assert indexes == {i.name for i in table.indexes}, table.name


def test_migration_0004_adds_awareness_activities_to_a_v1_vault(v1_copy: Path, clock) -> None:
    """A real revision-0001 vault gains the empty awareness_activity table (with its date
    index); activities can then be recorded and count in the monitoring figures, and the
    signals of the old vault are counted in SQL like new ones."""
    from mensenhandel_desk.domain.enums import ActivityKind
    from mensenhandel_desk.domain.monitoring import AwarenessActivity

    with open_vault(v1_copy, FIXTURE_PASSPHRASE, clock=clock) as services:
        assert migrate.head_revision() >= "0004"
        with services.vault.unit_of_work() as uow:
            indexes = set(uow.session.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'awareness_activity'")).scalars())
            covering = set(uow.session.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())
        assert "ix_awareness_activity_held_on" in indexes
        assert {"ix_party_monitoring", "ix_handover_monitoring"} <= covering
        assert services.monitoring.activities() == []
        services.monitoring.add_activity(AwarenessActivity(
            held_on=date(2026, 3, 3), kind=ActivityKind.TRAINING, target_group="Wijkteams",
            reached=12, given_by="CoMensha"))
        figures = services.monitoring.figures(date(2020, 1, 1), date(2026, 12, 31))
        assert figures.total == len(EXPECTED["references"])
        assert [a.reached for a in figures.activities] == [12]


def test_revisions_read_without_alembic_agree_with_alembic() -> None:
    """The unlock reads head and known revisions from the files (no Alembic import);
    Alembic itself must agree, or a vault could be wrongly refused or not migrated."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate._config())
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_unlocking_a_current_vault_does_not_load_alembic(vault_path) -> None:
    import subprocess
    import sys

    from mensenhandel_desk.services.session import create_vault
    from tests.conftest import PASSPHRASE

    create_vault(vault_path, PASSPHRASE).close()
    code = ("import sys\nfrom mensenhandel_desk.services.session import open_vault\n"
            f"open_vault({str(vault_path)!r}, {PASSPHRASE!r}).close()\n"
            "print('alembic' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "False"


def test_migration_0005_adds_editor_drafts_to_a_v1_vault(v1_copy: Path, clock) -> None:
    """A real revision-0001 vault gains the empty draft table; a draft can be kept for an
    old signal and goes with it when the signal is removed (cascade)."""
    with open_vault(v1_copy, FIXTURE_PASSPHRASE, clock=clock) as services:
        assert migrate.head_revision() >= "0005"
        assert services.drafts.keys() == []
        signal_id = services.signals.page().rows[0].id
        services.drafts.save(signal_id, {"general": {"summary": "Nog niet opgeslagen"}})
        assert services.drafts.load(signal_id).content["general"]["summary"] == \
            "Nog niet opgeslagen"
        with services.vault.unit_of_work() as uow:
            uow.signals.delete(signal_id)
        assert services.drafts.keys() == []
