"""The sheet import wizard and the register export in the real main window: ugly sheets
made here (a merged group header, an empty row, an impossible date, "AU/SU" forms, a
second sheet, a Windows-1252 ";" CSV), a real vault, the engine on the worker, file
dialogs patched. Real SQLCipher and real widgets, offscreen; no sleeps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget, QWizard

from mensenhandel_desk import i18n
from mensenhandel_desk.domain.enums import ExploitationForm
from mensenhandel_desk.domain.models import SignalFilter
from mensenhandel_desk.services.session import create_vault
from mensenhandel_desk.services.sheets import mapping as sm
from mensenhandel_desk.ui.sheet_import import RegisterExport, SheetImportWizard
from mensenhandel_desk.ui.sheet_import import wizard as wz
from tests.conftest import NOW, PASSPHRASE, make_reporter, make_signal
from tests.helpers import window_on_copy
from tests.test_ui_quality import INTERACTIVE, _accessible_name, _static_texts

REPORTER = "Geheime Melder-Importtest"
EXISTING = 4  # signals in the template vault
WAIT = 20_000


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> Path:
    from mensenhandel_desk.services.clock import fixed_clock

    path = tmp_path_factory.mktemp("ui_import") / "kluis.mhd"
    with create_vault(path, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        s = services.signals
        s.create(make_signal(summary="Bestaand arbeid", received_on=date(2026, 3, 1)),
                 make_reporter(name=REPORTER))
        s.create(make_signal(summary="Bestaand seksueel 1", received_on=date(2026, 4, 1),
                             forms={ExploitationForm.SEXUAL}), make_reporter(name=REPORTER))
        s.create(make_signal(summary="=Bestaand seksueel 2", received_on=date(2026, 5, 1),
                             forms={ExploitationForm.SEXUAL}))
        s.create(make_signal(summary="Bestaand crimineel", received_on=date(2026, 6, 1),
                             forms={ExploitationForm.CRIMINAL}))
    return path


@pytest.fixture
def window(qtbot, _template, vault_path, clock):
    yield from window_on_copy(qtbot, _template, vault_path, clock, timeout=WAIT)


def _service(qtbot, ctx, fn):
    with qtbot.waitCallback(timeout=WAIT) as done:
        ctx.run(fn, on_success=done)
    return done.args[0]


@pytest.fixture
def workbook(tmp_path) -> Path:
    """A register as officers keep it: title-less, a group header "Overdracht" merged over
    two sub-headers, an empty row, an impossible date in row 5, "AU/SU" and
    "seksueel/crimineel" forms, a second sheet."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Signalen 2025"
    ws.append(["Nr", "Datum melding", "Bron ", "Omschrijving", "Vorm", "Melder", "Overdracht",
               None, "Opmerkingen"])
    ws.append([None, None, None, None, None, None, "Partner", "Datum", None])
    ws.merge_cells("G1:H1")
    ws.append(["2025-001", "24-11-2025", "intern", "Busje haalt mensen om 5 uur op", "AU",
               REPORTER, "politie", "25-11-2025", "via wijkteam"])  # row 3
    ws.append([None] * 9)  # row 4: empty
    ws.append(["2025-002", "31-02-2025", "intern", "Datum bestaat niet", "AU"])  # row 5
    ws.append(["2025-003", "01-09-2025", "MMA", "Veel mensen op één adres", "AU/SU"])  # 6
    ws.append(["2025-004 ", "24 nov 2025", "politie", "Massagesalon laat open",
               "seksueel/crimineel"])  # row 7
    archive = book.create_sheet("Archief")
    archive.append(["Kenmerk", "Datum"])
    archive.append(["oud-1", "01-01-2020"])
    path = tmp_path / "register gemeente.xlsx"
    book.save(path)
    return path


@pytest.fixture
def csv_file(tmp_path) -> Path:
    path = tmp_path / "signalen.csv"
    text = ("Nummer;Datum;Bron;Samenvatting;Vorm uitbuiting\r\n"
            "1;03-02-2025;bewoner;Zorgen óver één adres, geüpdatet;SU\r\n"
            "2;\"04-02-2025\";politie;\"Tekst met ; erin\";arbeid\r\n")
    path.write_bytes(text.encode("cp1252"))
    return path


def _open_wizard(qtbot, window, path: Path, monkeypatch) -> SheetImportWizard:
    monkeypatch.setattr(SheetImportWizard, "ask_open_file", staticmethod(lambda _p: path))
    window.import_action.trigger()
    wizard = window.import_wizard
    assert isinstance(wizard, SheetImportWizard) and wizard.isVisible()
    with qtbot.waitSignal(wizard.sheet_loaded, timeout=WAIT):
        wizard.file_page.choose_button.click()
    return wizard


def _field_of(wizard, header: str) -> str:
    page = wizard.mapping_page
    row = page.headers().index(header)
    return page.field_combo(row).currentData()


def _to_dry_run(qtbot, wizard) -> None:
    wizard.next()
    assert wizard.currentId() == wz.MAPPING
    with qtbot.waitSignal(wizard.plan_ready, timeout=WAIT):
        wizard.next()
    assert wizard.currentId() == wz.DRY_RUN


def _count(qtbot, window) -> int:
    return _service(qtbot, window.ctx, lambda s: s.signals.count(None))


def test_file_page_shows_the_first_rows_and_suggests_the_mapping(qtbot, window, workbook,
                                                                monkeypatch, tmp_path):
    wizard = _open_wizard(qtbot, window, workbook, monkeypatch)
    page = wizard.file_page
    assert [page.sheet.itemText(i) for i in range(page.sheet.count())] == [
        "Signalen 2025", "Archief"]
    table = page.preview
    titles = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert titles[:3] == ["Nr", "Datum melding", "Bron"]
    assert "Overdracht Partner" in titles and "Overdracht Datum" in titles
    assert table.verticalHeaderItem(0).text() == "3"  # the spreadsheet's own row numbers
    assert table.item(2, 4).text() == "AU/SU"
    assert "Kopregel" in page.info.text()

    wizard.next()
    assert _field_of(wizard, "Datum melding") == sm.SheetField.RECEIVED_ON
    assert _field_of(wizard, "Bron") == sm.SheetField.SOURCE
    assert _field_of(wizard, "Omschrijving") == sm.SheetField.DESCRIPTION
    assert _field_of(wizard, "Vorm") == sm.SheetField.FORMS
    assert _field_of(wizard, "Melder") == sm.SheetField.REPORTER_NAME
    assert _field_of(wizard, "Overdracht Partner") == sm.SheetField.PARTNER
    assert _field_of(wizard, "Overdracht Datum") == sm.SheetField.HANDED_OVER_ON
    assert _field_of(wizard, "Opmerkingen") == sm.SheetField.NOTES
    samples = wizard.mapping_page.columns.item(wizard.mapping_page.headers().index("Vorm"), 1)
    assert "AU/SU" in samples.text()
    combo = wizard.mapping_page.field_combo(0)
    assert combo.itemText(0) == "Niet importeren"
    assert combo.count() == len(sm.FIELD_LABELS) + 1
    assert "au" in wizard.mapping_page.values["forms"].entries()

    # save the mapping, spoil it, load it again
    saved = tmp_path / "koppeling.json"
    monkeypatch.setattr(SheetImportWizard, "ask_mapping_save", staticmethod(lambda _p: saved))
    monkeypatch.setattr(SheetImportWizard, "ask_mapping_open", staticmethod(lambda _p: saved))
    with qtbot.waitSignal(wizard.mapping_saved, timeout=WAIT):
        wizard.mapping_page.save_button.click()
    assert sm.load_mapping(saved).columns["Datum melding"] == sm.SheetField.RECEIVED_ON
    wizard.mapping_page.field_combo(1).setCurrentIndex(0)
    assert not wizard.mapping_page.validatePage()  # no received date: said at once
    assert "datum" in wizard.mapping_page.message.text().lower()
    with qtbot.waitSignal(wizard.mapping_loaded, timeout=WAIT):
        wizard.mapping_page.load_button.click()
    assert _field_of(wizard, "Datum melding") == sm.SheetField.RECEIVED_ON

    # another sheet: other headers, other preview
    with qtbot.waitSignal(wizard.sheet_loaded, timeout=WAIT):
        wizard.back()
        page.sheet.setCurrentIndex(1)
        page.sheet.activated.emit(1)
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == [
        "Kenmerk", "Datum"]


def test_dry_run_lists_the_bad_row_and_import_with_skip_creates_the_signals(
        qtbot, window, workbook, monkeypatch):
    before = _count(qtbot, window)
    wizard = _open_wizard(qtbot, window, workbook, monkeypatch)
    _to_dry_run(qtbot, wizard)
    page = wizard.dry_run_page
    problems = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert len(problems) == 1 and problems[0].startswith("rij 5: ")
    assert "31-02-2025" in problems[0]
    assert "3 signalen" in page.summary.text()
    assert not page.isComplete()  # problems: not without ticking "overslaan"
    assert page.skip.isVisible()
    page.skip.setChecked(True)
    assert page.isComplete()
    assert wizard.button(QWizard.WizardButton.CommitButton).text().replace("&", "") == \
        "Importeren"

    with qtbot.waitSignal(window.register.model.query_finished, timeout=WAIT), \
            qtbot.waitSignal(wizard.import_finished, timeout=WAIT) as blocker:
        wizard.next()
    assert blocker.args == [True]
    qtbot.waitUntil(lambda: wizard.currentId() == wz.RESULT, timeout=WAIT)
    result = wizard.result
    assert result.signals == 3 and result.skipped == 1
    summary = wizard.result_page.summary.text()
    assert result.first_reference in summary and result.last_reference in summary
    assert "3 signalen" in summary
    assert _count(qtbot, window) == before + 3
    register = window.register.model
    assert register.rowCount() == EXISTING + 3
    refs = _service(qtbot, window.ctx, lambda s: sorted(
        r.reference for r in s.signals.rows(s.signals.ids(SignalFilter()))))
    assert result.first_reference in refs and result.last_reference in refs
    assert "3 signalen geïmporteerd" in window.statusBar().currentMessage()

    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: window.import_wizard is None, timeout=WAIT)
    assert wizard.sheet is None and wizard.plan is None and wizard.result is None


def test_stopping_the_import_adds_nothing(qtbot, window, workbook, monkeypatch):
    before = _count(qtbot, window)
    wizard = _open_wizard(qtbot, window, workbook, monkeypatch)
    _to_dry_run(qtbot, wizard)
    wizard.dry_run_page.skip.setChecked(True)
    with qtbot.waitSignal(wizard.import_finished, timeout=WAIT) as blocker:
        wizard.next()  # the import starts on the worker ...
        assert wizard.import_page.stop_button.isVisible()
        wizard.import_page.stop_button.click()  # ... and is asked to stop at once
    assert blocker.args == [False]
    assert "niets" in wizard.import_page.message.text().lower()
    assert wizard.result is None and not wizard.import_page.isComplete()
    assert _count(qtbot, window) == before
    wizard.reject()
    qtbot.waitUntil(lambda: window.import_wizard is None, timeout=WAIT)


def test_a_csv_from_excel_in_windows_1252(qtbot, window, csv_file, monkeypatch):
    wizard = _open_wizard(qtbot, window, csv_file, monkeypatch)
    page = wizard.file_page
    assert page.preview.item(0, 3).text() == "Zorgen óver één adres, geüpdatet"
    assert page.preview.item(1, 3).text() == "Tekst met ; erin"
    assert "';'" in page.info.text()
    assert not page.sheet.isEnabled()  # a CSV has one sheet
    wizard.next()
    assert _field_of(wizard, "Datum") == sm.SheetField.RECEIVED_ON
    assert _field_of(wizard, "Samenvatting") == sm.SheetField.SUMMARY
    assert _field_of(wizard, "Vorm uitbuiting") == sm.SheetField.FORMS
    with qtbot.waitSignal(wizard.plan_ready, timeout=WAIT):
        wizard.next()
    assert wizard.plan.ok and wizard.plan.signals == 2
    assert wizard.dry_run_page.isComplete() and not wizard.dry_run_page.skip.isVisible()


def test_an_unknown_value_is_a_problem_until_the_value_table_knows_it(qtbot, window,
                                                                      tmp_path, monkeypatch):
    path = tmp_path / "bron.csv"
    path.write_text("Datum;Bron;Omschrijving\n01-02-2025;wijkteam;Iets gezien\n",
                    encoding="utf-8")
    wizard = _open_wizard(qtbot, window, path, monkeypatch)
    wizard.next()
    sources = wizard.mapping_page.values["sources"]
    assert sources.item(0, 0).text() == "wijkteam"  # added at the top, not chosen yet
    with qtbot.waitSignal(wizard.plan_ready, timeout=WAIT):
        wizard.next()
    problems = wizard.dry_run_page.problems
    assert problems.count() == 1 and "rij 2: " in problems.item(0).text()
    assert "wijkteam" in problems.item(0).text()
    wizard.back()  # fix the value table
    combo = sources.cellWidget(0, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("partner"))
    with qtbot.waitSignal(wizard.plan_ready, timeout=WAIT):
        wizard.next()
    assert wizard.plan.ok and wizard.dry_run_page.isComplete()


def test_lock_closes_the_wizard_and_drops_the_sheet(qtbot, window, workbook, monkeypatch):
    wizard = _open_wizard(qtbot, window, workbook, monkeypatch)
    wizard.next()
    assert wizard.mapping_page.columns.rowCount() > 0
    window.ctx.lock("manual")
    assert not wizard.isVisible()
    assert window.import_wizard is None
    assert wizard.sheet is None and wizard.path is None and wizard.mapping is None
    assert wizard.mapping_page.columns.rowCount() == 0
    assert wizard.file_page.preview.rowCount() == 0
    assert all(t.rowCount() == 0 for t in wizard.mapping_page.values.values())
    qtbot.waitSignal(window.ctx.locked, timeout=WAIT).wait()
    assert not window.import_action.isEnabled() and not window.export_action.isEnabled()


def test_every_page_is_dutch_and_every_control_has_a_name(qtbot, window, workbook,
                                                          monkeypatch):
    catalog = i18n._catalog("nl")
    english = {msgid for msgid, msgstr in catalog.items() if msgid != msgstr and len(msgid) > 3}
    wizard = _open_wizard(qtbot, window, workbook, monkeypatch)
    problems: list[str] = []

    def check(name: str) -> None:
        for text in _static_texts(wizard):
            if text in english:
                problems.append(f"{name}: untranslated {text!r}")
        for widget in wizard.findChildren(QWidget):
            if widget.isVisible() and isinstance(widget, INTERACTIVE) and \
                    widget.isEnabled() and not _accessible_name(widget).strip():
                problems.append(f"{name}: {type(widget).__name__} has no accessible name")

    check("file")
    wizard.next()
    for index in range(wizard.mapping_page.tabs.count()):
        wizard.mapping_page.tabs.setCurrentIndex(index)
        check(f"mapping {index}")
    with qtbot.waitSignal(wizard.plan_ready, timeout=WAIT):
        wizard.next()
    check("dry run")
    assert not problems, "\n".join(sorted(set(problems)))


def test_export_writes_the_filtered_register_without_reporters(qtbot, window, tmp_path,
                                                              monkeypatch):
    register = window.register
    with qtbot.waitSignal(register.model.query_finished, timeout=WAIT):
        register.form.setCurrentIndex(register.form.findData(ExploitationForm.SEXUAL))
    assert register.model.rowCount() == 2
    target = tmp_path / "uit" / "register.xlsx"
    target.parent.mkdir()
    warned: list[str] = []
    monkeypatch.setattr(RegisterExport, "confirm_unencrypted",
                        staticmethod(lambda _p, text: warned.append(text) or True))
    monkeypatch.setattr(RegisterExport, "ask_save_file", staticmethod(lambda _p, _s: target))
    window.export_action.trigger()
    qtbot.waitUntil(lambda: "geëxporteerd:" in window.statusBar().currentMessage(),
                    timeout=WAIT)
    assert "NIET versleuteld" in warned[0]
    assert "2 signalen" in window.statusBar().currentMessage()
    flt = register.current_filter()
    expected = _service(qtbot, window.ctx, lambda s: sorted(
        r.reference for r in s.signals.rows(s.signals.ids(flt))))
    book = openpyxl.load_workbook(target, read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert sorted(r[0] for r in rows[1:]) == expected
    assert "=Bestaand seksueel 2" in [cell for r in rows for cell in r]  # text, no formula
    assert not any(REPORTER in str(cell) for r in rows for cell in r if cell)


def test_export_stops_when_the_officer_does_not_confirm(qtbot, window, tmp_path,
                                                       monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(RegisterExport, "confirm_unencrypted", staticmethod(lambda *_a: False))
    monkeypatch.setattr(RegisterExport, "ask_save_file",
                        staticmethod(lambda *_a: asked.append("x")))
    window.export_action.trigger()
    assert not asked and not list(tmp_path.rglob("*.xlsx"))


def test_menu_actions_are_dutch(window):
    texts = [window.import_action.text(), window.export_action.text()]
    assert [t.replace("&", "") for t in texts] == ["Importeren uit Excel/CSV…",
                                                   "Register exporteren naar Excel…"]
    assert Qt  # keep the import for readers of the key constants
