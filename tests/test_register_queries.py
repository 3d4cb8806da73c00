"""The queries behind the desktop register and "Te doen" (issue 7): ordered ids, rows by
id, counts, the next action per signal, the attention list and legal holds, all in SQL
that stays set-based and indexed at 100,000 signals. Real SQLCipher vaults, no mocks."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from mensenhandel_desk.domain.enums import (
    Assessment,
    EnrichmentResult,
    EnrichmentSource,
    ExploitationForm,
    HandoverChannel,
    Outcome,
    SharingBasis,
    SignalStatus,
    Urgency,
)
from mensenhandel_desk.domain.models import (
    EnrichmentNote,
    Handover,
    Meeting,
    MeetingItem,
    ReporterFeedback,
    SignalFilter,
)
from mensenhandel_desk.services.clock import fixed_clock
from mensenhandel_desk.services.retention import RetentionService
from mensenhandel_desk.services.session import Services, create_vault, open_vault
from mensenhandel_desk.services.signals import SORT_KEYS
from mensenhandel_desk.store import migrate
from tests.conftest import NOW, PASSPHRASE, TODAY, make_reporter, make_signal, vault_from_template

STATUS_ORDER = [str(s) for s in SignalStatus]  # received … closed: the route order
URGENCY_ORDER = [str(u) for u in Urgency]
ASSESSMENT_ORDER = [str(a) for a in Assessment]
FORMS = list(ExploitationForm)


@contextlib.contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement any engine runs inside the block."""
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", count)


def handover(signal_id: int, partner: str = "zorgcoordinator", **kw) -> Handover:
    values = dict(signal_id=signal_id, partner_key=partner, handed_over_on=date(2026, 10, 10),
                  channel=HandoverChannel.SECURE_EMAIL, basis=SharingBasis.CONSENT)
    values.update(kw)
    return Handover(**values)


def build_route_mix(services: Services) -> dict[str, int]:
    """One signal in each route situation; returns their ids by name."""
    sig = services.signals
    ids: dict[str, int] = {}

    def new(name: str, **kw) -> int:
        ids[name] = sig.create(make_signal(summary=f"Situatie {name}", **kw)).id
        return ids[name]

    new("received")
    enriched = new("enriched", received_on=date(2026, 9, 3), assessment=Assessment.POSSIBLE)
    sig.add_note(EnrichmentNote(signal_id=enriched, noted_on=date(2026, 10, 2),
                                source=EnrichmentSource.BRP,
                                result=EnrichmentResult.NOTHING_FOUND))
    police = new("immediate", urgency=Urgency.IMMEDIATE, received_on=date(2026, 11, 20))
    overdue_police = new("immediate_overdue", urgency=Urgency.IMMEDIATE)
    services.handovers.record(handover(overdue_police, "nla",
                                       feedback_due_on=date(2026, 11, 1)))
    assert police
    chase = new("chase", forms={ExploitationForm.SEXUAL})
    services.handovers.record(handover(chase, feedback_due_on=date(2026, 11, 10)))
    services.handovers.record(handover(chase, "politie_avim",
                                       feedback_due_on=date(2026, 12, 10)))
    waiting = new("await", forms={ExploitationForm.SEXUAL})
    services.handovers.record(handover(waiting, feedback_due_on=date(2026, 12, 24)))
    care = new("no_care")
    services.handovers.record(handover(care, "nla", feedback_due_on=date(2026, 12, 1)))
    inform = sig.create(make_signal(summary="Situatie inform"), make_reporter()).id
    ids["inform"] = inform
    h = services.handovers.record(handover(inform, feedback_due_on=date(2026, 12, 24)))
    services.handovers.record_partner_feedback(h.id, date(2026, 11, 20), "Opgepakt.")
    informed = sig.create(make_signal(summary="Situatie informed"), make_reporter()).id
    ids["informed"] = informed
    h = services.handovers.record(handover(informed, feedback_due_on=date(2026, 12, 24)))
    services.handovers.record_partner_feedback(h.id, date(2026, 11, 20), "Opgepakt.")
    services.handovers.inform_reporter(ReporterFeedback(signal_id=informed,
                                                        given_on=date(2026, 11, 21)))
    closed = new("closed")
    sig.close(closed, Outcome.NO_TRAFFICKING, date(2026, 11, 2))
    discussed = new("discussed", received_on=date(2026, 8, 1))
    meeting = services.meetings.create(Meeting(held_on=date(2026, 11, 5)))
    item = services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=discussed))
    services.meetings.record_decision(item.id, "Wijkagent gaat langs.", "wijkagent",
                                      date(2026, 11, 20))
    return ids


def _next(services: Services, signal_id: int) -> tuple[str, bool]:
    actions = services.signals.next_actions(signal_id)
    return (actions[0].code, actions[0].overdue) if actions else ("", False)


# --- next action per signal ----------------------------------------------------------
def test_rows_carry_the_route_rules_first_next_action(services) -> None:
    ids = build_route_mix(services)
    rows = {row.id: row for row in services.signals.rows(list(ids.values()))}
    for name, signal_id in ids.items():
        row = rows[signal_id]
        assert (row.next_action, row.overdue) == _next(services, signal_id), name
    assert rows[ids["chase"]].next_action == "chase_feedback"
    assert rows[ids["chase"]].next_due_on == date(2026, 11, 10)
    assert rows[ids["chase"]].next_action_text.startswith("Terugkoppeling van de partner is")
    assert rows[ids["immediate"]].next_due_on == date(2026, 11, 20)
    assert rows[ids["immediate_overdue"]].next_action == "handover_police"
    assert (rows[ids["no_care"]].next_action, rows[ids["no_care"]].next_due_on) == (
        "handover_care", date(2026, 12, 1))
    assert (rows[ids["closed"]].next_action, rows[ids["closed"]].next_action_text) == ("", "")


def test_waiting_turns_into_chasing_when_the_due_date_passes_without_a_write(
        vault_path: Path) -> None:
    with create_vault(vault_path, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        s = services.signals.create(make_signal())
        services.handovers.record(handover(s.id, feedback_due_on=date(2026, 12, 1)))
        row = services.signals.rows([s.id])[0]
        assert (row.next_action, row.overdue) == ("await_feedback", False)
    later = fixed_clock(datetime(2026, 12, 2, 9, 0))
    with open_vault(vault_path, PASSPHRASE, clock=later) as services:
        row = services.signals.rows([s.id])[0]
        assert (row.next_action, row.next_due_on, row.overdue) == (
            "chase_feedback", date(2026, 12, 1), True)
        assert _next(services, s.id) == ("chase_feedback", True)
        assert [a.code for a in services.signals.attention_list()] == ["chase_feedback"]


def test_backfill_sql_of_migration_0003_matches_the_route_rules(services) -> None:
    """The migration's frozen SQL copy of the rules gives what refresh() stores."""
    ids = build_route_mix(services)
    m0003 = importlib.import_module(
        "mensenhandel_desk.store.migrations.versions.0003_register_queries")
    query = text("SELECT id, next_action, next_due_on FROM signal ORDER BY id")
    with services.vault.unit_of_work() as uow:
        stored = [tuple(row) for row in uow.session.execute(query)]
        uow.session.execute(text("UPDATE signal SET next_action = 'x', next_due_on = NULL"))
        uow.session.execute(text(m0003.BACKFILL_SQL))
        assert [tuple(row) for row in uow.session.execute(query)] == stored
    assert len(stored) == len(ids)
    assert len({code for _, code, _ in stored}) >= 6  # the mix really covers the rules


# --- ids, sort keys, counts ----------------------------------------------------------
def build_varied(services: Services) -> None:
    """40 signals with every sort column varied (and ties), some with next actions due."""
    summaries = ["appel", "Banaan", "citroen", "Appel", "druif"]
    for i in range(40):
        s = services.signals.create(make_signal(
            received_on=date(2026, 1, 1) + timedelta(days=(i * 11) % 50),
            summary=f"{summaries[i % 5]} {'kwekerij' if i % 3 == 0 else 'woning'}",
            urgency=list(Urgency)[i % 4], assessment=list(Assessment)[i % 5],
            forms={FORMS[i % 3]} | ({FORMS[(i + 1) % 3]} if i % 4 == 0 else set())))
        if i % 6 == 1:
            services.handovers.record(handover(s.id, feedback_due_on=date(2026, 11, 1)
                                               + timedelta(days=i % 5)))
        if i % 7 == 2:
            services.signals.close(s.id, Outcome.NO_TRAFFICKING, date(2026, 3, 31))


@pytest.fixture
def varied(vault_path: Path, clock) -> Iterator[Services]:
    svc = vault_from_template(vault_path, clock, "register-varied", build_varied)
    yield svc
    svc.close()


def _expected_order(services: Services, sort: str, descending: bool,
                    keep=lambda row: True) -> list[int]:
    everything = services.signals.rows(services.signals.ids(sort="reference"))
    keys = {
        "reference": lambda r: (r.reference,),
        "received_on": lambda r: (r.received_on,),
        "status": lambda r: (STATUS_ORDER.index(str(r.status)),),
        "forms": lambda r: (",".join(sorted(str(f) for f in r.forms)),),
        "urgency": lambda r: (URGENCY_ORDER.index(str(r.urgency)),),
        "assessment": lambda r: (ASSESSMENT_ORDER.index(str(r.assessment)),),
        "next_action": lambda r: (r.next_due_on is None, r.next_due_on or date.min,
                                  r.received_on),
        "summary": lambda r: (r.summary.lower(),),
    }[sort]
    return [r.id for r in sorted((r for r in everything if keep(r)),
                                 key=lambda r: (*keys(r), r.id), reverse=descending)]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", SORT_KEYS)
def test_ids_in_display_order_for_every_sort_key(varied, sort: str, descending: bool) -> None:
    ids = varied.signals.ids(None, sort=sort, descending=descending)
    assert ids == _expected_order(varied, sort, descending)
    assert len(ids) == varied.signals.count() == 40
    # a search keeps the same order, restricted to the hits
    hits = varied.signals.ids(SignalFilter(text="kwekerij"), sort=sort, descending=descending)
    assert hits == _expected_order(varied, sort, descending, lambda r: "kwekerij" in r.summary)
    # and so does a search with a filter
    flt = SignalFilter(text="kwekerij", open_only=True)
    assert varied.signals.ids(flt, sort, descending) == _expected_order(
        varied, sort, descending,
        lambda r: "kwekerij" in r.summary and r.status is not SignalStatus.CLOSED)


def test_status_urgency_and_summary_sort_in_route_order_not_alphabetically(varied) -> None:
    rows = varied.signals.rows(varied.signals.ids(sort="urgency", descending=False))
    assert [r.urgency for r in rows][::10] == list(Urgency)  # low, normal, high, immediate
    rows = varied.signals.rows(varied.signals.ids(sort="summary", descending=False))
    assert {r.summary.split()[0] for r in rows[:16]} == {"appel", "Appel"}


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_every_sort_key_is_an_indexed_order(varied, sort: str) -> None:
    """No "USE TEMP B-TREE FOR ORDER BY" for the unfiltered register, either direction."""
    with varied.vault.unit_of_work() as uow:
        uow.session.execute(text("ANALYZE"))
    for descending in (False, True):
        with varied.vault.unit_of_work() as uow:
            plan = uow.signals.ids_plan(SignalFilter(), sort, descending)
        assert plan and not any("TEMP B-TREE" in step for step in plan), (sort, plan)


def test_unknown_sort_key_is_a_loud_bug(varied) -> None:
    with pytest.raises(ValueError):
        varied.signals.ids(sort="source")


def test_ids_and_count_are_one_query_each(varied) -> None:
    for flt in (None, SignalFilter(text="kwekerij"), SignalFilter(open_only=True),
                SignalFilter(text="kwek", forms={ExploitationForm.LABOUR})):
        with statements() as seen:
            ids = varied.signals.ids(flt)
        assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) == 1
        with statements() as seen:
            assert varied.signals.count(flt) == len(ids)
        assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) == 1
    assert varied.signals.count(SignalFilter(text="zzzqqq")) == 0
    assert varied.signals.ids(SignalFilter(text="\"*)(")) == []


def test_rows_keep_the_given_order_in_few_queries(varied) -> None:
    ids = varied.signals.ids(sort="summary")
    wanted = [*ids[::-1][:25], 999_999]  # any order; a purged id is left out
    with statements() as seen:
        rows = varied.signals.rows(wanted)
    assert [r.id for r in rows] == wanted[:-1]
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) == 1
    page = varied.signals.page(sort="summary", limit=25)
    assert [(r.id, r.next_action, r.overdue) for r in page.rows] == [
        (r.id, r.next_action, r.overdue) for r in varied.signals.rows(ids[:25])]


def test_page_counts_only_when_asked(varied) -> None:
    assert varied.signals.page(limit=5).total == 5
    assert varied.signals.page(limit=5, with_total=True).total == 40
    assert varied.signals.page(SignalFilter(text="kwekerij"), limit=5,
                               with_total=True).total == varied.signals.count(
        SignalFilter(text="kwekerij"))


# --- attention list ("Te doen") and legal holds ---------------------------------------
ROUTE_CODES = {"chase_feedback", "inform_reporter", "handover_police", "handover_care"}


def test_attention_list_matches_the_route_rules_and_adds_meetings(services) -> None:
    ids = build_route_mix(services)
    found = services.signals.attention_list(limit=1000)
    by_signal: dict[int, set[str]] = {}
    for action in found:
        by_signal.setdefault(action.signal_id, set()).add(action.code)
    for name, signal_id in ids.items():
        rules = {a.code for a in services.signals.next_actions(signal_id)} & ROUTE_CODES
        assert by_signal.get(signal_id, set()) - {"meeting_action"} == rules, name
    assert by_signal[ids["discussed"]] == {"meeting_action"}
    meeting = next(a for a in found if a.code == "meeting_action")
    assert (meeting.due_on, meeting.overdue) == (date(2026, 11, 20), True)
    assert meeting.message == "Een in het overleg afgesproken actie is aan de beurt"
    chase = next(a for a in found if a.code == "chase_feedback"
                 and a.signal_id == ids["chase"])
    assert (chase.due_on, chase.overdue) == (date(2026, 11, 10), True)
    # overdue first, then due date (none last), then reference
    keys = [(not a.overdue, a.due_on or date.max, a.reference) for a in found]
    assert keys == sorted(keys)
    assert services.signals.attention_list(limit=2) == found[:2]
    # decision recorded again without a due date: the meeting action is done
    item = services.meetings.items(services.meetings.all()[0].id)[0]
    services.meetings.record_decision(item.id, "Wijkagent is langs geweest.", "wijkagent")
    assert "meeting_action" not in {a.code for a in services.signals.attention_list()}


def test_untouched_signals_after_stale_weeks(vault_path: Path) -> None:
    old = fixed_clock(NOW - timedelta(weeks=8))
    with create_vault(vault_path, PASSPHRASE, clock=old) as services:
        quiet = services.signals.create(make_signal(received_on=date(2026, 9, 1)))
        done = services.signals.create(make_signal(received_on=date(2026, 9, 1)))
        services.signals.close(done.id, Outcome.NO_TRAFFICKING)
    with open_vault(vault_path, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        busy = services.signals.create(make_signal())
        found = [(a.signal_id, a.code, a.due_on, a.overdue)
                 for a in services.signals.attention_list()]
        became_stale = (NOW - timedelta(weeks=2)).date()
        assert found == [(quiet.id, "untouched", became_stale, False)]
        assert services.signals.attention_list(stale_weeks=10) == []
        assert busy.id not in [a.signal_id for a in services.signals.attention_list(
            stale_weeks=0)]
        # any change touches the signal (route_state.refresh runs after every change)
        services.signals.add_note(EnrichmentNote(signal_id=quiet.id, noted_on=TODAY,
                                                 source=EnrichmentSource.BRP,
                                                 result=EnrichmentResult.NOTHING_FOUND))
        assert services.signals.attention_list() == []


def test_attention_list_is_set_based(services) -> None:
    """A handful of queries whatever the number of candidates (was ~8 per candidate)."""
    for i in range(30):
        s = services.signals.create(make_signal(urgency=Urgency.IMMEDIATE, summary=f"S{i}"))
        services.handovers.record(handover(s.id, "nla", feedback_due_on=date(2026, 11, 1)))
    with statements() as seen:
        found = services.signals.attention_list(limit=1000)
    assert len(found) == 90  # police, chase and care for each
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) <= 8


def test_held_is_one_query(services) -> None:
    refs = [services.signals.create(make_signal(summary=f"S{i}")).reference
            for i in range(20)]
    retention = RetentionService(services)
    retention.place_hold(refs[3], "Lopend onderzoek")
    retention.place_hold(refs[11], "Bezwaarprocedure")
    with statements() as seen:
        held = retention.held()
    assert [(h.reference, h.reason) for h in held] == [
        (refs[3], "Lopend onderzoek"), (refs[11], "Bezwaarprocedure")]
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) == 1
    retention.lift_hold(refs[3])
    assert [h.reference for h in retention.held()] == [refs[11]]


def test_head_schema_is_0003_or_later() -> None:
    assert migrate.head_revision() >= "0003"
