"""The Monitoring screen on a real, hand-made vault: the exact counts of the service on
screen, every chart with its table of the same numbers, click-through to the register,
awareness activities, the report and the regional files through patched file dialogs,
and nothing left on screen after a lock. Real SQLCipher and real widgets, offscreen."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from mensenhandel_desk.domain.enums import (
    ActivityKind,
    ExploitationForm,
    Gender,
    HandoverChannel,
    Outcome,
    PartyKind,
    PartyRole,
    SharingBasis,
    SignalSource,
    Urgency,
)
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import Handover, Party, ReporterFeedback
from mensenhandel_desk.domain.monitoring import AwarenessActivity
from mensenhandel_desk.services.session import create_vault
from mensenhandel_desk.ui.main_window import SECTIONS
from mensenhandel_desk.ui.monitoring.view import MonitoringView
from tests.conftest import NOW, PASSPHRASE, make_reporter, make_signal
from tests.helpers import window_on_copy

H1 = (date(2026, 1, 1), date(2026, 6, 30))  # the previous half year of NOW (Nov 2026)
NAMES = ["Łukasz Nowakowski-Schermtest", "Ioana Popescu-Schermtest",
         "Sanne de Vries-Schermtest", "Proefbedrijf Schermtest B.V."]
MONITORING = [key for key, _title in SECTIONS].index("monitoring")
SECRET = "regio proefland west 2026 geheim"


def _person(services, signal_id, name, nationality, gender, born):
    services.signals.add_party(Party(signal_id=signal_id, kind=PartyKind.PERSON,
                                     role=PartyRole.POSSIBLE_VICTIM, name=name,
                                     nationality=nationality, gender=gender,
                                     date_of_birth=born))


def _handover(services, signal_id, partner, on, feedback=None):
    handover = services.handovers.record(Handover(
        signal_id=signal_id, partner_key=partner, handed_over_on=on,
        channel=HandoverChannel.SECURE_EMAIL, basis=SharingBasis.LEGAL_GROUND,
        legal_ground="art. 20 Wpg"))
    if feedback:
        services.handovers.record_partner_feedback(handover.id, feedback, "Opgepakt.")


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> dict:
    """Five signals in the first half of 2026 and two outside it (made once)."""
    from mensenhandel_desk.services.clock import fixed_clock

    path = tmp_path_factory.mktemp("monitoring") / "kluis.mhd"
    with create_vault(path, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        settings = services.settings.get()
        settings.municipality = "Gemeente Schermdorp"
        services.settings.save(settings)
        s = services.signals
        s1 = s.create(make_signal(received_on=date(2026, 1, 10), source=SignalSource.INTERNAL,
                                  forms={ExploitationForm.LABOUR}), make_reporter())
        _person(services, s1.id, NAMES[0], "Poolse", Gender.MALE, date(1990, 5, 1))
        s.add_party(Party(signal_id=s1.id, kind=PartyKind.ORGANISATION,
                          role=PartyRole.POSSIBLE_PERPETRATOR, name=NAMES[3],
                          kvk_number="87654321"))
        _handover(services, s1.id, "politie_avim", date(2026, 1, 20), date(2026, 2, 19))
        services.handovers.inform_reporter(ReporterFeedback(
            signal_id=s1.id, given_on=date(2026, 2, 25), text="Overgedragen."))
        s2 = s.create(make_signal(received_on=date(2026, 2, 5), source=SignalSource.POLICE,
                                  forms={ExploitationForm.SEXUAL}, urgency=Urgency.HIGH))
        _person(services, s2.id, NAMES[1], "Roemeense", Gender.FEMALE, date(2009, 3, 1))
        _handover(services, s2.id, "zorgcoordinator", date(2026, 2, 7))
        s3 = s.create(make_signal(received_on=date(2026, 2, 20),
                                  source=SignalSource.ANONYMOUS_LINE,
                                  forms={ExploitationForm.LABOUR, ExploitationForm.CRIMINAL}))
        s.close(s3.id, Outcome.NO_TRAFFICKING, date(2026, 3, 1))
        s4 = s.create(make_signal(received_on=date(2026, 3, 15), source=SignalSource.INTERNAL,
                                  forms={ExploitationForm.SEXUAL}, urgency=Urgency.IMMEDIATE),
                      make_reporter(name="Tweede Melder-Schermtest"))
        _person(services, s4.id, NAMES[2], "Nederlandse", Gender.FEMALE, None)
        _handover(services, s4.id, "politie_avim", date(2026, 3, 16), date(2026, 3, 30))
        s5 = s.create(make_signal(received_on=date(2026, 5, 2), source=SignalSource.RESIDENT,
                                  forms={ExploitationForm.CRIMINAL}, urgency=Urgency.LOW))
        s6 = s.create(make_signal(received_on=date(2026, 7, 1)))
        s7 = s.create(make_signal(received_on=date(2025, 12, 31)))
        services.monitoring.add_activity(AwarenessActivity(
            held_on=date(2026, 4, 14), kind=ActivityKind.TRAINING,
            target_group="Team Handhaving", reached=18, given_by="CoMensha"))
        services.monitoring.set_regional_secret(SECRET)
        refs = [x.reference for x in (s1, s2, s3, s4, s5, s6, s7)]
    return {"path": path, "refs": refs}


@pytest.fixture
def window(qtbot, _template, vault_path, clock):
    yield from window_on_copy(qtbot, _template["path"], vault_path, clock)


def _service(qtbot, ctx, fn):
    """Run ``fn(services)`` on the worker and return its result."""
    with qtbot.waitCallback(timeout=20_000) as done:
        ctx.run(fn, on_success=done)
    return done.args[0]


def _show_h1(qtbot, window) -> MonitoringView:
    view = window.monitoring
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        window.show_section(MONITORING)  # entering the section loads (this half year)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.period.setCurrentIndex(view.period.findData("previous"))
    assert view.period_range() == H1
    return view


def _number(table, key: str) -> str:
    for row in range(table.rowCount()):
        if table.key_of(row) == key:
            return table.item(row, table.columnCount() - 1).text()
    raise AssertionError(f"{key} not in {table.name}")


def test_the_screen_shows_the_exact_counts_of_the_service(qtbot, window):
    view = _show_h1(qtbot, window)
    figures = _service(qtbot, window.ctx, lambda s: s.monitoring.figures(*H1))
    assert figures.total == 5 and figures.handed_over == 3 and figures.feedback_received == 2
    key = {k: _number(view.key_table, k) for k in ("signals", "handed_over", "feedback",
                                                   "with_reporter", "informed")}
    assert key == {"signals": "5", "handed_over": "3", "feedback": "2", "with_reporter": "2",
                   "informed": "1"}
    assert _number(view.key_table, "feedback_rate") == "67%"  # 2 of 3
    assert _number(view.key_table, "informed_rate") == "50%"
    assert view.durations.texts()[0][1:] == ("3", "2", "10")  # median 2, slowest 10 days
    assert view.durations.texts()[1][1:] == ("2", "22", "30")
    for dimension, table in view.tables.items():
        shown = {table.key_of(r): table.item(r, 1).text() for r in range(table.rowCount())}
        assert shown == {k: str(v) for k, v in figures.table(dimension).items()}, dimension
    assert _number(view.tables["source"], "internal") == "2"
    assert _number(view.tables["nationality"], "eu") == "2"  # Poolse, Roemeense
    assert _number(view.tables["age_group"], "<18") == "1"
    assert _number(view.tables["partner"], "politie_avim") == "2"
    assert "5 signalen ontvangen" in view.summary.text()
    assert [r[:3] for r in view.activities.texts()] == [("14-04-2026", "Training",
                                                        "Team Handhaving")]


def test_every_chart_has_a_table_with_the_same_numbers(qtbot, window):
    view = _show_h1(qtbot, window)
    figures = _service(qtbot, window.ctx, lambda s: s.monitoring.figures(*H1))
    expected = {"forms": figures.by_form, "timeline": figures.by_month,
                "funnel": dict(figures.funnel)}
    for kind, chart in view.charts.items():
        table = view.chart_tables[kind]
        shown = {table.key_of(r): table.item(r, 1).text() for r in range(table.rowCount())}
        assert shown == {k: str(v) for k, v in expected[kind].items()}, kind
        assert table.accessibleName() and chart.accessibleName()
        assert chart.renderer().isValid()
        svg = view._data.svgs[("exact", kind)].decode("utf-8")
        # drawn as QtSvg can: no clip rectangle painted black, no "fill: None" (black)
        assert "<clipPath" not in svg and "fill: None" not in svg
        drawn = re.findall(r">\s*([^<>]+?)\s*</text>", svg)
        assert all(value in drawn for value in shown.values()), (kind, shown, drawn)
    assert _number(view.chart_tables["funnel"], "feedback") == "2"


def test_a_table_row_opens_the_register_with_those_signals(qtbot, window):
    view = _show_h1(qtbot, window)
    register = window.register
    table = view.tables["source"]
    row = next(r for r in range(table.rowCount()) if table.key_of(r) == "internal")
    table.setFocus()
    table.setCurrentCell(row, 0)
    with qtbot.waitSignal(register.model.query_finished, timeout=20_000):
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.current_section() == "signals"
    assert register.model.rowCount() == 2
    assert register.monitoring_filter_shown()
    assert register.banner_label.text().startswith("Gefilterd vanuit Monitoring: ")
    assert label(SignalSource.INTERNAL) in register.banner_label.text()

    with qtbot.waitSignal(view.loaded, timeout=20_000):
        window.show_section(MONITORING)
    month = view.chart_tables["timeline"]
    row = next(r for r in range(month.rowCount()) if month.key_of(r) == "2026-02")
    with qtbot.waitSignal(register.model.query_finished, timeout=20_000):
        month.doubleClicked.emit(month.model().index(row, 1))
    assert register.model.rowCount() == 2

    # the funnel's rows open the signals handed over / with partner feedback
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        window.show_section(MONITORING)
    funnel = view.chart_tables["funnel"]
    row = next(r for r in range(funnel.rowCount()) if funnel.key_of(r) == "feedback")
    with qtbot.waitSignal(register.model.query_finished, timeout=20_000):
        funnel.doubleClicked.emit(funnel.model().index(row, 1))
    assert str(register.model.rowCount()) == _number(view.chart_tables["funnel"], "feedback")

    with qtbot.waitSignal(register.model.query_finished, timeout=20_000):
        qtbot.mouseClick(register.clear_banner_button, Qt.MouseButton.LeftButton)
    assert not register.monitoring_filter_shown()
    assert register.model.rowCount() == 7


def test_add_and_remove_an_awareness_activity(qtbot, window):
    view = _show_h1(qtbot, window)
    dialog = view.add_activity()
    assert dialog is not None and dialog.isVisible()
    dialog.held_on.setDate(dialog.held_on.date().fromString("02-06-2026", "dd-MM-yyyy"))
    dialog.kind.setCurrentIndex(dialog.kind.findData(ActivityKind.E_LEARNING))
    dialog.reached.setValue(25)
    with qtbot.waitSignal(window.ctx.worker.busy_changed, timeout=20_000,
                          check_params_cb=lambda busy: not busy):
        dialog.save()  # no target group: the service refuses, the field says why
    error = dialog.errors["target_group"]
    assert error.isVisibleTo(dialog) and error.text()
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.target_group, "Wijkteams")
    dialog.given_by.setText("CoMensha")
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        dialog.save()
    assert view._dialog is None  # closed (and deleted)
    rows = view.activities.texts()
    assert ("02-06-2026", "E-learning", "Wijkteams", "25", "CoMensha") in rows
    assert len(rows) == 2

    view.activities.setCurrentCell(
        next(r for r, row in enumerate(rows) if row[2] == "Wijkteams"), 0)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.remove_button.click()
    assert [r[2] for r in view.activities.texts()] == ["Team Handhaving"]
    stored = _service(qtbot, window.ctx, lambda s: s.monitoring.activities())
    assert [a.target_group for a in stored] == ["Team Handhaving"]


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_report_is_saved_through_the_dialog_without_names(qtbot, window, tmp_path,
                                                             monkeypatch, _template):
    view = _show_h1(qtbot, window)
    asked = []

    def ask(parent, caption, suggested, filters):
        asked.append((caption, suggested))
        return tmp_path / "uit" / "rapport"

    (tmp_path / "uit").mkdir()
    monkeypatch.setattr(MonitoringView, "ask_save_file", staticmethod(ask))
    with qtbot.waitSignal(view.file_saved, timeout=30_000) as saved:
        view.report_button.click()
    path = saved.args[0]
    assert path == tmp_path / "uit" / "rapport.pdf"
    assert "NIET versleuteld" in asked[0][0]
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "Schermdorp" in text or "signalen" in text.lower()
    for secret in [*NAMES, "Tweede Melder-Schermtest", "87654321", *_template["refs"]]:
        assert secret not in text
    assert not list((tmp_path / "uit").glob(".mhd-*"))  # written atomically, no leftovers
    assert "niet versleuteld" in view.status.text()


def test_regional_export_and_merge_show_the_regional_picture(qtbot, window, tmp_path,
                                                             monkeypatch):
    view = _show_h1(qtbot, window)
    assert view.overlap.isEnabled()  # the regional secret is set
    view.overlap.setChecked(True)
    target = tmp_path / "export-a.json"
    monkeypatch.setattr(MonitoringView, "ask_save_file", staticmethod(lambda *a: target))
    with qtbot.waitSignal(view.file_saved, timeout=30_000):
        view.export_button.click()
    document = json.loads(target.read_text(encoding="utf-8-sig"))
    document["municipality"] = "Gemeente Buurdorp"  # a neighbour with the same signals
    other = tmp_path / "export-b.json"
    other.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(MonitoringView, "ask_open_files",
                        staticmethod(lambda *a: [target, other]))
    with qtbot.waitSignal(view.regional_loaded, timeout=30_000):
        view.merge_button.click()
    assert view.showing_regional()
    assert view.regional_bar.isVisible() and not view.actions_bar.isVisible()
    assert "Gemeente Schermdorp" in view.regional_title.text()
    assert _number(view.key_table, "signals") == "10"
    assert view.overlap_table.rowCount() > 0  # every address/organisation/person twice
    assert all("Gemeente Buurdorp" in row[1] for row in view.overlap_table.texts())
    assert not view.tables["source"].clickable

    report = tmp_path / "regionaal.pdf"
    monkeypatch.setattr(MonitoringView, "ask_save_file", staticmethod(lambda *a: report))
    with qtbot.waitSignal(view.file_saved, timeout=30_000):
        view.regional_report_button.click()
    assert report.read_bytes().startswith(b"%PDF")
    view.back_button.click()
    assert not view.showing_regional() and view.actions_bar.isVisible()
    assert _number(view.key_table, "signals") == "5"


def test_a_refused_merge_is_shown_in_dutch(qtbot, window, tmp_path):
    view = _show_h1(qtbot, window)
    bad = tmp_path / "geen-export.json"
    bad.write_text('{"format": "iets anders", "version": 9}', encoding="utf-8")
    with qtbot.waitSignal(view.failed, timeout=20_000) as failed:
        view.merge_exports([bad])
    assert failed.args[0] and view.error.isVisibleTo(view)
    assert not view.showing_regional()


def test_lock_empties_the_screen_and_closes_the_dialog(qtbot, window):
    view = _show_h1(qtbot, window)
    view.masked.setChecked(True)  # the published view: small numbers masked
    assert _number(view.tables["source"], "internal") == "<5"
    dialog = view.add_activity()
    assert dialog.isVisible()
    window.ctx.lock("manual")
    assert not dialog.isVisible()  # the same call: before the worker closes the vault
    tables = [view.key_table, view.durations, view.activities, view.overlap_table,
              *view.chart_tables.values(), *view.tables.values()]
    assert all(t.rowCount() == 0 for t in tables)
    assert view.summary.text() == "" and view._data is None
    assert not view.report_button.isEnabled()
    qtbot.waitSignal(window.ctx.locked, timeout=20_000).wait()
