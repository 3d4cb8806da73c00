"""Demo data: realistic, complete along the route, deterministic, and never mixed with
real casework."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from mensenhandel_desk.domain.enums import ExploitationForm, SignalStatus, Urgency
from mensenhandel_desk.services import demo, interchange
from mensenhandel_desk.services.maintenance import check_vault
from mensenhandel_desk.services.session import Services, create_vault
from tests.conftest import PASSPHRASE, TODAY, make_signal, vault_from_template
from tests.test_interchange import normalise

POSTCODE = re.compile(r"^[1-9]\d{3}[A-Z]{2}$")


@pytest.fixture(scope="module")
def demo_doc(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One 200-signal demo vault, exported once for the read-only checks below."""
    from mensenhandel_desk.services.clock import fixed_clock
    from tests.conftest import NOW

    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:  # module scope: isolate like the autouse fixture
        for name in ("MHD_DATA_DIR", "MHD_CONFIG_DIR"):
            mp.setenv(name, str(folder / name.lower()))
        mp.setenv("MHD_POLICY_FILE", str(folder / "policy.json"))
        return _make_demo(folder, fixed_clock(NOW))


def _make_demo(folder: Path, clock) -> dict:
    with create_vault(folder / "demo.mhd", PASSPHRASE, clock=clock) as services:
        started = time.perf_counter()
        summary = demo.generate(services)
        seconds = time.perf_counter() - started
        interchange.export_vault(services, folder / "demo.json")
        overdue = services.handovers.overdue()
        report = check_vault(services)
        first = services.signals.page(sort="received_on", descending=False, limit=300).rows
        matches = sum(bool(services.signals.known_matches(row.id)) for row in first[:120])
    doc = json.loads((folder / "demo.json").read_text(encoding="utf-8"))
    return {"doc": doc, "summary": summary, "seconds": seconds, "overdue": overdue,
            "report": report, "matches": matches}


def test_two_hundred_signals_over_two_years(demo_doc: dict) -> None:
    signals = demo_doc["doc"]["signals"]
    assert len(signals) == 200 and demo_doc["summary"].signals == 200
    dates = sorted(s["received_on"] for s in signals)
    assert dates[0] >= (TODAY - timedelta(days=730)).isoformat()
    assert dates[-1] <= TODAY.isoformat()
    assert dates[0] < (TODAY - timedelta(days=600)).isoformat()  # really spread out
    assert all(s["is_demo"] for s in signals)
    assert demo_doc["report"].ok


def test_every_form_and_every_route_step_occurs(demo_doc: dict) -> None:
    signals = demo_doc["doc"]["signals"]
    forms = Counter(f for s in signals for f in s["forms"])
    assert set(forms) == {str(f) for f in ExploitationForm}
    statuses = Counter(s["status"] for s in signals)
    assert set(statuses) == {str(s) for s in SignalStatus}, statuses
    assert len({s["outcome"] for s in signals if s["outcome"]}) >= 4
    assert all(s["notes"] for s in signals if s["status"] not in ("received",))
    assert sum(1 for s in signals if s["reporter_feedback"]) > 20


def test_handovers_follow_the_policy(demo_doc: dict) -> None:
    for s in demo_doc["doc"]["signals"]:
        partners = {h["partner_key"] for h in s["handovers"]}
        if s["urgency"] == str(Urgency.IMMEDIATE) and s["handovers"]:
            assert "politie_avim" in partners, s["reference"]
        if partners:
            assert "zorgcoordinator" in partners, s["reference"]  # always
        if "labour" in s["forms"] and partners:
            assert "nla" in partners, s["reference"]
    assert demo_doc["overdue"], "some partner feedback should be overdue"
    assert len(demo_doc["overdue"]) < 60


def test_meetings_have_items_and_decisions(demo_doc: dict) -> None:
    meetings = demo_doc["doc"]["meetings"]
    assert len(meetings) >= 12
    items = [i for m in meetings for i in m["items"]]
    assert len(items) >= 40 and all(i["decision"] and i["action_holder"] for i in items)


def test_people_places_and_organisations_look_real(demo_doc: dict) -> None:
    signals = demo_doc["doc"]["signals"]
    names = " ".join(p["name"] for s in signals for p in s["parties"])
    assert re.search(r"[\u0400-\u04ff]", names)  # Bulgarian in Cyrillic
    assert re.search(r"[\u0600-\u06ff]", names)  # Arabic script
    assert re.search(r"[\u4e00-\u9fff]", names)  # Chinese
    assert re.search(r"[łśżąę]", names) and re.search(r"[șț]", names)
    nationalities = {p["nationality"] for s in signals for p in s["parties"] if p["nationality"]}
    for expected in ("Nederlandse", "Poolse", "Roemeense", "Bulgaarse", "Turkse",
                     "Marokkaanse", "Eritrese", "Nigeriaanse", "Chinese"):
        assert expected in nationalities
    kvks = [p["kvk_number"] for s in signals for p in s["parties"] if p["kind"] == "organisation"]
    assert kvks and all(re.fullmatch(r"\d{8}", k) for k in kvks)
    postcodes = [loc["postcode"] for s in signals for loc in s["locations"]]
    assert postcodes and all(POSTCODE.match(pc) for pc in postcodes)
    reporters = [s["reporter"] for s in signals if s["reporter"]]
    assert len(reporters) > 50 and all(r["department"] for r in reporters)


def test_some_people_and_addresses_are_already_known(demo_doc: dict) -> None:
    assert demo_doc["matches"] >= 5


def test_same_seed_same_data(tmp_path: Path, clock) -> None:
    docs = []
    for name in ("a", "b"):
        with vault_from_template(tmp_path / f"{name}.mhd", clock) as services:
            demo.generate(services, count=30, seed=7)
            interchange.export_vault(services, tmp_path / f"{name}.json")
        docs.append(normalise(json.loads((tmp_path / f"{name}.json").read_text("utf-8"))))
    assert docs[0] == docs[1]
    with vault_from_template(tmp_path / "c.mhd", clock) as services:
        demo.generate(services, count=30, seed=8)
        interchange.export_vault(services, tmp_path / "c.json")
    other = normalise(json.loads((tmp_path / "c.json").read_text("utf-8")))
    assert other["signals"] != docs[0]["signals"]


def test_each_run_adds_a_batch_with_new_references(services: Services) -> None:
    demo.generate(services, count=60, seed=1)
    meetings = len(services.meetings.all())
    demo.generate(services, count=60, seed=1)
    assert services.signals.count() == 120
    rows = services.signals.page(limit=1000).rows
    assert len({r.reference for r in rows}) == 120
    assert len(services.meetings.all()) == meetings  # same months reuse their meeting


def test_refuses_a_vault_with_real_signals(services: Services) -> None:
    services.signals.create(make_signal())
    with pytest.raises(demo.DemoRefusedError) as caught:
        demo.generate(services, count=10)
    assert "echte signalen" in caught.value.message
    assert services.signals.count() == 1
    assert not services.meetings.all()
