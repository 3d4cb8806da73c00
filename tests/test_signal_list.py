"""The signal list: filter, search, sort and page in SQL, consistently across plans."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mensenhandel_desk.domain.enums import ExploitationForm, Outcome, SignalStatus, Urgency
from mensenhandel_desk.domain.models import SignalFilter
from tests.conftest import make_signal, vault_from_template


@pytest.fixture
def listed(vault_path, clock):
    """30 signals on varied dates; every third is about 'kwekerij', every fifth closed
    (a copy of a vault built once per test process)."""
    services = vault_from_template(vault_path, clock, "signal-list-30", _fill)
    yield services
    services.close()


def _fill(services) -> None:
    base = date(2026, 1, 1)
    for i in range(30):
        summary = f"Signaal {i:02d} " + ("kwekerij" if i % 3 == 0 else "woning")
        s = services.signals.create(make_signal(
            received_on=base + timedelta(days=(i * 7) % 60), summary=summary,
            forms={ExploitationForm.SEXUAL} if i % 2 else {ExploitationForm.LABOUR},
            urgency=Urgency.HIGH if i % 4 == 0 else Urgency.NORMAL))
        if i % 5 == 0:
            services.signals.close(s.id, Outcome.NO_TRAFFICKING, date(2026, 3, 31))


def _expected(services, predicate, key, reverse=True):
    everything = services.signals.page(SignalFilter(), limit=1000).rows
    return [r.reference for r in sorted((r for r in everything if predicate(r)), key=key,
                                        reverse=reverse)]


def test_search_newest_first_matches_plain_sort(listed) -> None:
    page = listed.signals.page(SignalFilter(text="kwekerij"), limit=1000, with_total=True)
    expected = _expected(listed, lambda r: "kwekerij" in r.summary,
                         key=lambda r: (r.received_on, r.id))
    assert [r.reference for r in page.rows] == expected
    assert page.total == 10


def test_search_with_filters_and_paging(listed) -> None:
    flt = SignalFilter(text="signaal", open_only=True, forms={ExploitationForm.LABOUR})
    expected = _expected(listed, lambda r: r.status is not SignalStatus.CLOSED and
                         ExploitationForm.LABOUR in r.forms, key=lambda r: (r.received_on, r.id))
    first = listed.signals.page(flt, limit=5, with_total=True)
    second = listed.signals.page(flt, offset=5, limit=5)
    assert [r.reference for r in first.rows + second.rows] == expected[:10]
    assert first.total == len(expected)


def test_search_sorted_by_other_column(listed) -> None:
    page = listed.signals.page(SignalFilter(text="kwekerij"), sort="reference",
                               descending=False, limit=1000)
    assert [r.reference for r in page.rows] == sorted(r.reference for r in page.rows)
    assert len(page.rows) == 10


def test_filters_without_search(listed) -> None:
    page = listed.signals.page(SignalFilter(urgencies={Urgency.HIGH}), sort="received_on",
                               descending=False, limit=1000)
    assert len(page.rows) == 8
    assert all(r.urgency is Urgency.HIGH for r in page.rows)
    dates = [r.received_on for r in page.rows]
    assert dates == sorted(dates)
    window = listed.signals.page(SignalFilter(received_from=date(2026, 1, 10),
                                              received_to=date(2026, 1, 20)), limit=1000)
    assert all(date(2026, 1, 10) <= r.received_on <= date(2026, 1, 20) for r in window.rows)
    closed = listed.signals.page(SignalFilter(statuses={SignalStatus.CLOSED}), limit=1000,
                                  with_total=True)
    assert closed.total == 6


def test_search_follows_edits(listed) -> None:
    row = listed.signals.page(SignalFilter(text="woning"), limit=1).rows[0]
    signal = listed.signals.get(row.id)
    signal.summary = "Massagesalon aan de rand van het dorp"
    signal.received_on = date(2025, 6, 1)  # re-keys the full-text entry
    listed.signals.update(signal)
    hits = listed.signals.page(SignalFilter(text="massagesalon"), limit=10).rows
    assert [h.id for h in hits] == [row.id]
    assert row.id not in [h.id for h in listed.signals.page(SignalFilter(text="woning"),
                                                            limit=1000).rows]
    with listed.vault.unit_of_work() as uow:
        assert uow.signals.fts_entries(row.id) == 1


def test_monitoring_counts(listed) -> None:
    figures = listed.monitoring.figures(date(2026, 1, 1), date(2026, 12, 31))
    assert figures.total == 30
    # every form is listed (a zero is a figure too in the monitoring report)
    assert figures.by_form == {"labour": 15, "sexual": 15, "criminal": 0, "other": 0}
    assert figures.by_status["closed"] == 6
    assert {k: n for k, n in figures.by_outcome.items() if n} == {"no_trafficking": 6}
    assert sum(figures.by_month_and_form.values()) == 30
    assert {k for k, n in figures.by_source.items() if n} == {"internal"}


@pytest.mark.parametrize("typed", ["3441AB", "3441 AB", "3441 ab", "3441ab", "3441 a",
                                   "Kerkstraat 3441 AB"])
def test_a_postcode_is_found_with_or_without_the_space(services, typed) -> None:
    from mensenhandel_desk.domain.enums import LocationKind
    from mensenhandel_desk.domain.models import Location

    signal = services.signals.create(make_signal(summary="Adres als sleutel"))
    services.signals.add_location(Location(signal_id=signal.id, kind=LocationKind.HOME,
                                           street="Kerkstraat", house_number="7",
                                           postcode="3441 AB", town="Woerden"))
    services.signals.create(make_signal(summary="Ander adres"))
    assert services.signals.ids(SignalFilter(text=typed)) == [signal.id]


def test_first_ids_and_rows_arrive_before_the_rest_from_one_query(listed) -> None:
    seen = []
    all_ids = listed.signals.ids(SignalFilter(), first=7,
                                 on_first=lambda ids, rows: seen.append((ids, rows)))
    assert all_ids == listed.signals.ids(SignalFilter())
    [(head, rows)] = seen
    assert head == all_ids[:7] and [r.id for r in rows] == head
    nothing = []
    assert listed.signals.ids(SignalFilter(text="zzzqqq"), on_first=lambda i, r: nothing
                              .append(i)) == [] and nothing == [[]]
