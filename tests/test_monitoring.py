"""Monitoring (issue 9): exact figures on a hand-made vault, small-number protection,
no personal data in the report and exports, regional export/merge and overlap hashes.

The vaults are built once per module and copied per test that changes them.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import itertools
import json
import random
import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from mensenhandel_desk.documents import charts
from mensenhandel_desk.domain import disclosure
from mensenhandel_desk.domain.disclosure import Cell, protect_table, publish
from mensenhandel_desk.domain.enums import (
    ActivityKind,
    ExploitationForm,
    Gender,
    HandoverChannel,
    LocationKind,
    Outcome,
    PartyKind,
    PartyRole,
    SharingBasis,
    SignalSource,
    Urgency,
)
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.models import Handover, Location, Party, ReporterFeedback
from mensenhandel_desk.domain.monitoring import (
    AwarenessActivity,
    half_year,
    nationality_group,
    previous_half_year,
)
from mensenhandel_desk.services.clock import fixed_clock
from mensenhandel_desk.services.monitoring import export as mx
from mensenhandel_desk.services.monitoring.merge import MergeRefused, merge
from mensenhandel_desk.services.session import create_vault, open_vault
from tests.conftest import NOW, PASSPHRASE, make_reporter, make_signal

H1 = (date(2026, 1, 1), date(2026, 6, 30))
SECRET = "regio-utrecht-west geheim 2026"
NAMES = ["Łukasz Nowakowski-Proef", "Ioana Popescu-Proef", "Sanne de Vries-Proef",
         "Wei Zhang-Proef", "Proefbedrijf Uitzend B.V."]
KVK = "87654321"
STREETS = ["Proefstraat", "Testlaan"]
POSTCODES = ["3511 AB", "3511AB", "3512 CD", "3512CD"]
ADDRESSES = [("3511 AB", "10"), ("3512 CD", "7")]


def _env(tmp: Path, mp: pytest.MonkeyPatch) -> None:
    mp.setenv("MHD_DATA_DIR", str(tmp / "data"))
    mp.setenv("MHD_CONFIG_DIR", str(tmp / "config"))
    mp.setenv("MHD_POLICY_FILE", str(tmp / "policy" / "policy.json"))


def _person(services, signal_id, name, nationality, gender, born, role=PartyRole.POSSIBLE_VICTIM):
    services.signals.add_party(Party(signal_id=signal_id, kind=PartyKind.PERSON, role=role,
                                     name=name, nationality=nationality, gender=gender,
                                     date_of_birth=born))


def _handover(services, signal_id, partner, on, feedback=None):
    h = services.handovers.record(Handover(
        signal_id=signal_id, partner_key=partner, handed_over_on=on,
        channel=HandoverChannel.SECURE_EMAIL, basis=SharingBasis.LEGAL_GROUND,
        legal_ground="art. 20 Wpg"))
    if feedback:
        services.handovers.record_partner_feedback(h.id, feedback, "Opgepakt.")


def build_handmade(path: Path) -> dict:
    """Five signals in the first half of 2026, two outside it. Returns the references."""
    services = create_vault(path, PASSPHRASE, clock=fixed_clock(NOW))
    try:
        settings = services.settings.get()
        settings.municipality = "Gemeente Proefdorp"
        services.settings.save(settings)
        s = services.signals
        s1 = s.create(make_signal(received_on=date(2026, 1, 10), source=SignalSource.INTERNAL,
                                  forms={ExploitationForm.LABOUR}), make_reporter())
        _person(services, s1.id, NAMES[0], "Poolse", Gender.MALE, date(1990, 5, 1))
        services.signals.add_party(Party(signal_id=s1.id, kind=PartyKind.ORGANISATION,
                                         role=PartyRole.POSSIBLE_PERPETRATOR, name=NAMES[4],
                                         kvk_number=KVK))
        services.signals.add_location(Location(signal_id=s1.id, kind=LocationKind.HOME,
                                               street=STREETS[0], house_number="10",
                                               postcode="3511 AB", town="Proefdorp"))
        _handover(services, s1.id, "politie_avim", date(2026, 1, 20), date(2026, 2, 19))
        services.handovers.inform_reporter(ReporterFeedback(
            signal_id=s1.id, given_on=date(2026, 2, 25), text="Overgedragen."))
        s2 = s.create(make_signal(received_on=date(2026, 2, 5), source=SignalSource.POLICE,
                                  forms={ExploitationForm.SEXUAL}, urgency=Urgency.HIGH))
        _person(services, s2.id, NAMES[1], "Roemeense", Gender.FEMALE, date(2009, 3, 1))
        services.signals.add_location(Location(signal_id=s2.id, kind=LocationKind.HOTEL,
                                               street=STREETS[1], house_number="7",
                                               postcode="3512 CD", town="Proefdorp"))
        _handover(services, s2.id, "zorgcoordinator", date(2026, 2, 7))
        s3 = s.create(make_signal(received_on=date(2026, 2, 20),
                                  source=SignalSource.ANONYMOUS_LINE,
                                  forms={ExploitationForm.LABOUR, ExploitationForm.CRIMINAL}))
        s.close(s3.id, Outcome.NO_TRAFFICKING, date(2026, 3, 1))
        s4 = s.create(make_signal(received_on=date(2026, 3, 15), source=SignalSource.INTERNAL,
                                  forms={ExploitationForm.SEXUAL}, urgency=Urgency.IMMEDIATE),
                      make_reporter(name="Tweede Melder-Proef"))
        _person(services, s4.id, NAMES[2], "Nederlandse", Gender.FEMALE, None)
        _handover(services, s4.id, "politie_avim", date(2026, 3, 16), date(2026, 3, 30))
        s5 = s.create(make_signal(received_on=date(2026, 5, 2), source=SignalSource.RESIDENT,
                                  forms={ExploitationForm.CRIMINAL}, urgency=Urgency.LOW))
        _person(services, s5.id, NAMES[3], "Chinees", Gender.MALE, date(2000, 5, 3))
        s6 = s.create(make_signal(received_on=date(2026, 7, 1)))
        s7 = s.create(make_signal(received_on=date(2025, 12, 31)))
        services.monitoring.add_activity(AwarenessActivity(
            held_on=date(2026, 4, 14), kind=ActivityKind.TRAINING,
            target_group="Team Handhaving", reached=18, given_by="CoMensha"))
        services.monitoring.add_activity(AwarenessActivity(
            held_on=date(2026, 8, 1), kind=ActivityKind.CAMPAIGN,
            target_group="Horeca", reached=40, given_by="RIEC"))
        services.monitoring.set_regional_secret(SECRET)
        refs = [x.reference for x in (s1, s2, s3, s4, s5, s6, s7)]
        ids = {"s1": s1.id, "s2": s2.id, "s3": s3.id, "s4": s4.id, "s5": s5.id}
    finally:
        services.close()
    return {"refs": refs, "ids": ids}


def build_region(path: Path) -> None:
    """Three blocks whose every count is 0 or >= 5 (no masking): January (5 labour
    signals, police handover), March (5 sexual), May (6 criminal). Block A and C share an
    address and a person (overlap)."""
    services = create_vault(path, PASSPHRASE, clock=fixed_clock(NOW))
    try:
        services.monitoring.set_regional_secret(SECRET)
        blocks = [(date(2026, 1, 12), ExploitationForm.LABOUR, SignalSource.INSPECTION, 5),
                  (date(2026, 3, 9), ExploitationForm.SEXUAL, SignalSource.HOTEL_CHECK, 5),
                  (date(2026, 5, 4), ExploitationForm.CRIMINAL, SignalSource.POLICE, 6)]
        for block, (day, form, source, count) in enumerate(blocks):
            for i in range(count):
                sig = services.signals.create(make_signal(received_on=day, source=source,
                                                          forms={form}))
                shared = i == 0 and block in (0, 2)
                _person(services, sig.id, "Gedeelde Persoon-Proef" if shared
                        else f"Persoon{block}{i} Proef", "Bulgaarse", Gender.FEMALE,
                        date(1980, 1, 1) if shared else date(1981, 1, 1 + i))
                services.signals.add_location(Location(
                    signal_id=sig.id, kind=LocationKind.HOME, street="Gedeeldestraat",
                    house_number="1" if shared else str(10 + i + 10 * block),
                    postcode="3511 AB", town="Proefdorp"))
                if block == 0:
                    _handover(services, sig.id, "politie_avim", date(2026, 1, 14),
                              date(2026, 1, 30))
    finally:
        services.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("monitoring")
    with pytest.MonkeyPatch.context() as mp:
        _env(tmp, mp)
        info = build_handmade(tmp / "handmade.mhd")
        build_region(tmp / "region.mhd")
    return {"dir": tmp, **info}


@pytest.fixture
def handmade(built, tmp_path: Path):
    target = tmp_path / "v" / "handmade.mhd"
    target.parent.mkdir()
    shutil.copy2(built["dir"] / "handmade.mhd", target)
    with open_vault(target, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        yield services


@pytest.fixture
def region(built, tmp_path: Path):
    target = tmp_path / "r" / "region.mhd"
    target.parent.mkdir()
    shutil.copy2(built["dir"] / "region.mhd", target)
    with open_vault(target, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        yield services


# --- exact figures --------------------------------------------------------------------------
def test_exact_counts_of_the_handmade_vault(handmade) -> None:
    f = handmade.monitoring.figures(*H1)
    assert f.total == 5
    assert f.by_form == {"sexual": 2, "labour": 2, "criminal": 2, "other": 0}
    assert {k: n for k, n in f.by_source.items() if n} == {
        "internal": 2, "police": 1, "anonymous_line": 1, "resident": 1}
    assert f.by_month == {"2026-01": 1, "2026-02": 2, "2026-03": 1, "2026-04": 0,
                          "2026-05": 1, "2026-06": 0}
    assert {k: n for k, n in f.by_urgency.items() if n} == {
        "normal": 2, "high": 1, "immediate": 1, "low": 1}
    assert f.by_partner == {"politie_avim": 2, "zorgcoordinator": 1}
    assert f.by_status["closed"] == 1 and sum(f.by_status.values()) == 5
    assert f.by_status["reporter_informed"] == 1
    assert {k: n for k, n in f.by_outcome.items() if n} == {"no_trafficking": 1}
    assert f.by_assessment["not_assessed"] == 5
    assert (f.handed_over, f.feedback_received) == (3, 2)
    assert (f.with_reporter, f.reporter_informed) == (2, 1)
    assert (f.to_handover.count, f.to_handover.median_days, f.to_handover.slowest_days) == (
        3, 2, 10)
    assert (f.to_feedback.median_days, f.to_feedback.slowest_days) == (22, 30)
    assert f.feedback_rate == pytest.approx(2 / 3)
    assert f.reporter_informed_rate == 0.5
    assert f.funnel == (("signals", 5), ("handed_over", 3), ("feedback", 2))
    assert {k: n for k, n in f.parties_by_role.items() if n} == {
        "possible_victim": 4, "possible_perpetrator": 1}
    assert f.persons_by_age_group == {"<18": 1, "18-23": 0, "24-34": 1, "35-49": 1, "50+": 0,
                                      "unknown": 1}
    assert {k: n for k, n in f.persons_by_gender.items() if n} == {"male": 2, "female": 2}
    assert f.persons_by_nationality == {"nl": 1, "eu": 2, "non_eu": 1, "unknown": 0}
    assert [a.target_group for a in f.activities] == ["Team Handhaving"]  # August is out


def test_click_through_filters_match_the_counts(handmade) -> None:
    f = handmade.monitoring.figures(*H1)
    for dimension, key in [("source", "internal"), ("partner", "politie_avim"),
                           ("outcome", "no_trafficking"), ("assessment", "not_assessed"),
                           ("form", "labour"), ("month", "2026-02"), ("urgency", "high"),
                           ("status", "closed")]:
        flt = handmade.monitoring.filter_for(*H1, dimension, key)
        ids = handmade.signals.ids(flt, "received_on", False)
        assert len(ids) == f.table(dimension)[key], (dimension, key)
    with pytest.raises(ValidationError):
        handmade.monitoring.filter_for(*H1, "age_group", "<18")


def test_groupings_and_periods() -> None:
    assert [nationality_group(x) for x in ("Poolse", "PL", "polen", "Nederlandse", "",
                                           "Onbekend", "Chinees", "Roemeens", "Belgische")] == [
        "eu", "eu", "eu", "nl", "unknown", "unknown", "non_eu", "eu", "eu"]
    assert half_year(date(2026, 11, 24)) == (date(2026, 7, 1), date(2026, 12, 31))
    assert previous_half_year(date(2026, 3, 1)) == (date(2025, 7, 1), date(2025, 12, 31))


def test_awareness_activities_crud_and_validation(handmade) -> None:
    added = handmade.monitoring.add_activity(AwarenessActivity(
        held_on=date(2026, 5, 1), kind=ActivityKind.E_LEARNING, target_group="Wijkteams",
        reached=25, given_by="CoMensha"))
    assert [a.id for a in handmade.monitoring.activities(*H1)][-1] == added.id
    handmade.monitoring.remove_activity(added.id)
    assert added.id not in [a.id for a in handmade.monitoring.activities()]
    with pytest.raises(ValidationError):
        handmade.monitoring.add_activity(AwarenessActivity(
            held_on=date(2026, 5, 1), kind=ActivityKind.TRAINING, target_group="x",
            reached=-1))


# --- small-number protection ---------------------------------------------------------------
def _feasible(cells: list[Cell], total: Cell, threshold: int, cap: int = 40) -> list[set]:
    """Brute force: every assignment of the hidden cells consistent with what is shown
    (reader's knowledge: "<T" = 1..T-1, "x" = T..cap or 1..cap), the possible values."""
    ranges = []
    for c in cells:
        if c.exact:
            ranges.append([c.low])
        else:
            ranges.append(list(range(c.low, (c.high if c.high is not None else cap) + 1)))
    possible = [set() for _ in cells]
    top = total.high if total.high is not None else cap * len(cells)
    for combo in itertools.product(*ranges):
        if total.low <= sum(combo) <= top:
            for i, v in enumerate(combo):
                possible[i].add(v)
    return possible


def test_masked_cells_cannot_be_recomputed_from_the_total() -> None:
    rng = random.Random(9)
    for _ in range(400):
        values = [rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 9, 12]) for _ in range(rng.randint(2, 4))]
        total = sum(values)
        total_cell = disclosure.exact_cell(total, 5)
        cells = protect_table(dict(enumerate(map(str, values))) and
                              {str(i): v for i, v in enumerate(values)}, total_cell, 5, True)
        shown = list(cells.values())
        possible = _feasible(shown, total_cell, 5)
        for value, cell, options in zip(values, shown, possible, strict=True):
            if 1 <= value < 5:
                assert cell.text in ("<5", "x"), (values, shown)
                assert len(options) >= 2, (values, [c.text for c in shown])
            assert value in options


def test_published_figures_mask_every_small_count(handmade) -> None:
    f = handmade.monitoring.figures(*H1)
    p = handmade.monitoring.published(f)
    assert p.total.text == "5" and p.threshold == 5
    for dimension, cells in p.tables.items():
        for key, cell in cells.items():
            exact = f.table(dimension)[key]
            assert cell.text in ("0", "<5", "x") or int(cell.text) >= 5, (dimension, key)
            if 1 <= exact < 5:
                assert cell.text in ("<5", "x")
    assert p.handed_over.text == "<5"
    assert p.feedback_rate_pct is None and p.reporter_informed_rate_pct is None
    assert p.to_handover.median_days is None and p.to_feedback.slowest_days is None


def test_threshold_setting_and_policy_minimum(handmade, tmp_path: Path) -> None:
    settings = handmade.settings.get()
    settings.small_number_threshold = 3
    with pytest.raises(ValidationError):
        handmade.settings.save(settings)  # below the default minimum of 5
    settings.small_number_threshold = 10
    handmade.settings.save(settings)
    assert handmade.monitoring.threshold() == 10
    policy = tmp_path / "policy" / "policy.json"
    policy.parent.mkdir(exist_ok=True)
    policy.write_text('{"min_small_number_threshold": 12}', encoding="utf-8")
    assert handmade.monitoring.threshold() == 12
    assert handmade.monitoring.published(handmade.monitoring.figures(*H1)).total.text == "<12"


# --- no personal data leaves the vault -----------------------------------------------------
def _forbidden(built) -> list[str]:
    words = NAMES + [KVK] + STREETS + POSTCODES + built["refs"] + [
        "Wilhelmina", "Zuidervaart", "Tweede Melder", "Nowakowski", "Popescu-Proef", "Zhang",
        "3511", "3512", "Proefbedrijf"]
    return words


def test_report_and_exports_contain_no_personal_data(handmade, built, tmp_path: Path) -> None:
    doc = handmade.documents.monitoring_report(*H1, out=tmp_path / "rapport.pdf")
    reader = PdfReader(io.BytesIO(doc.pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "In de eerste helft van 2026 kwamen bij Gemeente Proefdorp 5 signalen binnen" in (
        " ".join(text.split()))
    assert "<5" in text and "Bewustwording" in text and "Team Handhaving" in text
    assert reader.metadata.title == "Monitoringrapportage mensenhandel"
    assert not reader.metadata.get("/Author") and not reader.metadata.get("/Subject")
    json_path = handmade.monitoring.export_regional(*H1, tmp_path / "export.json",
                                                    with_overlap=True)
    csv_path = handmade.monitoring.export_regional(*H1, tmp_path / "export.csv",
                                                   with_overlap=True)
    blobs = {"pdf-text": text.encode("utf-8"), "pdf": doc.pdf,
             "json": json_path.read_bytes(), "csv": csv_path.read_bytes()}
    for word in _forbidden(built):
        for name, blob in blobs.items():
            assert word.encode("utf-8") not in blob, (word, name)
            assert word.lower().encode("utf-8") not in blob.lower(), (word, name)
    assert SECRET.encode() not in blobs["json"] + blobs["csv"]
    # the print log and audit trail have the copy; no names in the audit detail
    with handmade.documents.settings.ctx.vault.unit_of_work() as uow:
        prints = [r for r in uow.prints.all() if r.document_kind == "monitoring_report"]
    assert len(prints) == 1


def test_every_exported_cell_is_masked(handmade, tmp_path: Path) -> None:
    path = handmade.monitoring.export_regional(*H1, tmp_path / "e.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == mx.FORMAT and document["version"] == 1
    values = list(document["totals"].values()) + [
        v for table in document["tables"].values() for v in table.values()]
    for value in values:
        assert value in ("0", "<5", "x") or int(value) >= 5, value
    assert document["rates"] == {"feedback_pct": None, "reporter_informed_pct": None}
    assert "overlap" not in document  # off by default
    raw = path.read_bytes()
    csv_bytes = handmade.monitoring.export_regional(*H1, tmp_path / "e.csv").read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and b";" in csv_bytes
    assert mx.parse(raw, "e.json").figures == mx.parse(csv_bytes, "e.csv").figures


# --- regional merge -------------------------------------------------------------------------
def _export_as(services, municipality, since, until, path, overlap=True) -> Path:
    settings = services.settings.get()
    settings.municipality = municipality
    services.settings.save(settings)
    return services.monitoring.export_regional(since, until, path, with_overlap=overlap)


def test_merging_three_exports_equals_the_export_of_the_combined_data(region,
                                                                     tmp_path: Path) -> None:
    a = _export_as(region, "Gemeente A", date(2026, 1, 1), date(2026, 2, 28),
                   tmp_path / "a.json")
    b = _export_as(region, "Gemeente B", date(2026, 3, 1), date(2026, 4, 30),
                   tmp_path / "b.csv")
    c = _export_as(region, "Gemeente C", date(2026, 5, 1), date(2026, 6, 30),
                   tmp_path / "c.json")
    merged = merge([a, b, c])
    combined = publish(region.monitoring.figures(*H1), 5, "Regio")
    assert combined.total.text == "16"
    assert merged.tables == combined.tables
    for name in ("total", "parties", "persons", "handed_over", "feedback_received",
                 "with_reporter", "reporter_informed"):
        assert getattr(merged, name) == getattr(combined, name), name
    assert merged.feedback_rate_pct == combined.feedback_rate_pct == 100
    assert merged.sources == ("Gemeente A", "Gemeente B", "Gemeente C")
    kinds = sorted((h.kind, h.municipalities) for h in merged.overlap)
    assert kinds == [("address", ("Gemeente A", "Gemeente C")),
                     ("person", ("Gemeente A", "Gemeente C"))]
    pdf = merge_report_text(merged, tmp_path)
    assert "komt voor in signalen van 2 gemeenten" in pdf


def merge_report_text(merged, tmp_path: Path) -> str:
    from mensenhandel_desk.services.monitoring.merge import render_regional_report

    pdf = render_regional_report(merged, tmp_path / "regio.pdf")
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                    .split())


def test_merge_of_masked_exports_gives_ranges_that_hold_the_truth(handmade,
                                                                  tmp_path: Path) -> None:
    parts = [(date(2026, 1, 1), date(2026, 2, 28)), (date(2026, 3, 1), date(2026, 4, 30)),
             (date(2026, 5, 1), date(2026, 6, 30))]
    paths = [_export_as(handmade, f"Gemeente {i}", s, u, tmp_path / f"{i}.json", False)
             for i, (s, u) in enumerate(parts)]
    merged = merge(paths)
    exact = handmade.monitoring.figures(*H1)
    for dimension, cells in merged.tables.items():
        for key, cell in cells.items():
            truth = exact.table(dimension).get(key, 0)
            assert cell.low <= truth and (cell.high is None or truth <= cell.high)


def test_merge_refuses_unknown_versions_and_overlapping_periods(handmade,
                                                                tmp_path: Path) -> None:
    a = handmade.monitoring.export_regional(*H1, tmp_path / "eerste.json")
    b = handmade.monitoring.export_regional(date(2026, 6, 1), date(2026, 12, 31),
                                            tmp_path / "tweede.csv")
    with pytest.raises(MergeRefused) as caught:
        merge([a, b])
    assert "eerste.json" in caught.value.message and "tweede.csv" in caught.value.message
    assert "Gemeente Proefdorp" in caught.value.message
    document = json.loads(a.read_text(encoding="utf-8"))
    document["version"] = 2
    future = tmp_path / "toekomst.json"
    future.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        merge([future])
    assert "toekomst.json" in caught.value.message and "versie" in caught.value.message
    junk = tmp_path / "rommel.csv"
    junk.write_bytes(b"a;b;c\n")
    with pytest.raises(ValidationError) as caught:
        merge([junk])
    assert "rommel.csv" in caught.value.message


# --- overlap hashes ---------------------------------------------------------------------------
def _postcodes(prefixes: range):
    letters = "ABCDEFGHJKLMNPRSTVWXZ"
    for number in prefixes:
        for a in letters:
            for b in letters:
                yield f"{number}{a}{b}"


def test_overlap_hashes_are_useless_without_the_secret(handmade, tmp_path: Path) -> None:
    path = handmade.monitoring.export_regional(*H1, tmp_path / "o.json", with_overlap=True)
    overlap = json.loads(path.read_text(encoding="utf-8"))["overlap"]
    published = set(overlap["address"])
    assert len(published) == 2
    # An attacker hashes every address of the area (postcodes 3500-3519, numbers 1-40:
    # 352,800 addresses) without the secret: plain SHA-256, HMAC with an empty key, and
    # HMAC under a wrong secret's key. Nothing matches. With the right key, both do.
    wrong = mx.derive_key("een ander geheim van de regio")
    right = mx.derive_key(SECRET)
    empty_hmac = hmac.HMAC(b"", digestmod=hashlib.sha256)
    wrong_hmac = hmac.HMAC(wrong, digestmod=hashlib.sha256)
    right_hmac = hmac.HMAC(right, digestmod=hashlib.sha256)
    found_without, found_with = set(), set()
    for postcode in _postcodes(range(3500, 3520)):
        for number in range(1, 41):
            message = f"address:{postcode}|{number}".encode()
            for h in (empty_hmac.copy(), wrong_hmac.copy()):
                h.update(message)
                if h.hexdigest() in published:
                    found_without.add(postcode)
            if hashlib.sha256(message).hexdigest() in published:
                found_without.add(postcode)
            if number in (7, 10):
                h = right_hmac.copy()
                h.update(message)
                if h.hexdigest() in published:
                    found_with.add(f"{postcode}|{number}")
    assert found_without == set()
    assert found_with == {"3511AB|10", "3512CD|7"}


def test_overlap_needs_the_secret_and_secrets_must_agree(handmade, region,
                                                         tmp_path: Path) -> None:
    handmade.monitoring.clear_regional_secret()
    with pytest.raises(ValidationError):
        handmade.monitoring.export_regional(*H1, tmp_path / "x.json", with_overlap=True)
    handmade.monitoring.set_regional_secret("een heel ander regiogeheim")
    a = handmade.monitoring.export_regional(*H1, tmp_path / "a.json", with_overlap=True)
    b = _export_as(region, "Gemeente B", *H1, tmp_path / "b.json")
    with pytest.raises(MergeRefused) as caught:
        merge([a, b])
    assert "a.json" in caught.value.message or "b.json" in caught.value.message
    with pytest.raises(ValidationError):
        handmade.monitoring.set_regional_secret("kort")


# --- charts ------------------------------------------------------------------------------------
def test_charts_render_as_svg_with_the_same_numbers_as_the_table(handmade) -> None:
    f = handmade.monitoring.figures(*H1)
    p = handmade.monitoring.published(f)
    for kind in charts.CHART_KINDS:
        svg = charts.chart_svg(kind, f)
        assert svg.startswith(b"<?xml") and b"<svg" in svg
        for _key, _label, text in charts.chart_rows(kind, p):
            assert text in ("0", "<5", "x") or int(text) >= 5
    rows = charts.chart_rows("funnel", f)
    assert [r[2] for r in rows] == ["5", "3", "2"]
    assert b"&lt;5" in charts.chart_svg("funnel", p)


def test_the_regional_secret_is_never_exported(handmade, tmp_path: Path) -> None:
    from mensenhandel_desk.services.interchange import export_vault

    assert handmade.monitoring.has_regional_secret()
    path = tmp_path / "kopie.json"
    export_vault(handmade, path)
    assert SECRET.encode() not in path.read_bytes()


def test_cli_monitor_and_merge_smoke(built, tmp_path: Path, monkeypatch) -> None:
    """Monitor on a copy of the hand-made vault writes a report and an export; merge
    reads it back without a vault (the CLI called in this process)."""
    from tests.conftest import run_cli

    vault = tmp_path / "cli.mhd"
    shutil.copy2(built["dir"] / "handmade.mhd", vault)
    monkeypatch.setenv("MHD_PASSPHRASE", PASSPHRASE)
    result = run_cli("monitor", "--vault", str(vault), "--from", "2026-01-01",
                     "--to", "2026-06-30", "--out", str(tmp_path / "r.pdf"), "--export",
                     str(tmp_path / "e.csv"))
    assert result.returncode == 0, result.stderr
    merged = run_cli("merge", str(tmp_path / "e.csv"), "--out", str(tmp_path / "regio.pdf"))
    assert merged.returncode == 0, merged.stderr
    both = result.stdout + merged.stdout
    assert "5 signalen" in both and "Gemeente Proefdorp" in both
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "regio.pdf").read_bytes().startswith(b"%PDF")
