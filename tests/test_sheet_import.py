"""Sheet import (Excel/CSV -> signals) and the register export, with realistic ugly sheets
made here: merged header cells, empty rows, trailing spaces, mixed date formats, Excel
serials without a date format, formulas with and without a cached value, a 30,000-character
cell, a second sheet, Windows-1252 CSV with ó ü é; expectations asserted row by row."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from mensenhandel_desk.cli.main import run as cli
from mensenhandel_desk.domain.enums import ExploitationForm, Outcome, SignalSource
from mensenhandel_desk.domain.errors import Cancelled
from mensenhandel_desk.domain.models import SignalFilter
from mensenhandel_desk.services.clock import fixed_clock
from mensenhandel_desk.services.progress import CancelToken
from mensenhandel_desk.services.session import Services, create_vault, open_vault
from mensenhandel_desk.services.sheets import export as register_export
from mensenhandel_desk.services.sheets import importing as sheet_import
from mensenhandel_desk.services.sheets import mapping as sheet_mapping
from mensenhandel_desk.services.sheets.mapping import SheetField
from mensenhandel_desk.services.sheets.read import DateProblem, open_sheet, parse_sheet_date
from tests.conftest import NOW, PASSPHRASE

LONG = "Lange beschrijving. " * 1500  # 30,000 characters
HEADERS_TOP = ["Nr ", "Datum melding", " Bron", "Omschrijving", "Vorm", "Melder", "Afdeling",
               "Betrokkene", "Adres", "Postcode", "Plaats", "Overdracht", None,
               "Terugkoppeling ontvangen", "Melder geïnformeerd", "Afgesloten", "Uitkomst",
               "Opmerkingen"]
SUB = [None] * 11 + ["Partner", "Datum"] + [None] * 5


def _row(nr, received, source="intern", text="Busje haalt mensen op", form="AU", reporter="",
         party="", address="", postcode="", town="", partner="", handed=None, feedback=None,
         informed=None, closed=None, outcome="", notes=""):
    return [nr, received, source, text, form, reporter, "Handhaving" if reporter else "", party,
            address, postcode, town, partner, handed, feedback, informed, closed, outcome, notes]


# (spreadsheet row, cells, expected: None = imported, or a fragment of the Dutch problem)
ROWS = [
    (3, _row("2024-001 ", "24-11-2025", reporter="Wil Melder", party="Flexpool B.V. ",
             address="Kerkstraat 7 a", postcode="3441ab", town="Woerden",
             partner="politie, zorgcoördinator", handed="25/11/25", feedback="1 dec 2025",
             informed="2 december 2025"), None),
    # row 4 empty
    (5, _row("2024-002", "31-02-2025"), "rij 5: datum 31-02-2025 bestaat niet (kolom "
                                         "'Datum melding')"),
    (6, _row("2024-003", 45901, source="MMA", form="seksueel/crimineel",
             postcode="3441ab  7"), None),  # serial 45901 = 2025-09-01, General format
    (7, _row("2024-004", "24 nov 2026", source="Hotel", form="AU/SU"), None),
    (8, _row("2024-005", datetime(2025, 3, 4), form="", closed="10-03-2025",
             outcome="geen mensenhandel"), None),
    (9, _row("2024-006", "2025-04-01", notes="=CACHED"), None),  # formula with cached value
    (10, _row("2024-007", "02-04-2025", notes="=NOCACHE"),
     "rij 10: kolom 'Opmerkingen' bevat een formule zonder opgeslagen uitkomst"),
    (11, _row("2024-008", "3-4-2025", text=LONG, form="CU"), None),
    (12, _row("2024-009", "10-05-2025", partner="NLA", handed="01-05-2025"),
     "rij 12: Een overdracht kan niet gedateerd zijn vóór de ontvangst van het signaal "
     "(kolom 'Overdracht Datum')"),
    (13, _row("2024-010", "10-05-2025", informed="20-05-2025"),
     "rij 13: Dit signaal heeft geen bekende melder"),
    (14, _row("2024-011", "10-05-2025", closed="01-05-2025", outcome="overig"),
     "rij 14: Een signaal kan niet worden afgesloten vóór de datum van ontvangst "
     "(kolom 'Afgesloten')"),
    (15, _row("2024-012", "10-05-2025", form="orgaanroof"),
     "rij 15: vorm 'orgaanroof' staat niet in de waardentabel"),
    (16, _row("2024-013", "morgen"), "rij 16: 'morgen' in kolom 'Datum melding' is geen datum"),
    (17, _row("2024-014", "10-05-2025", partner="politie", feedback="01-05-2025",
              handed="10-05-2025"), "rij 17: Terugkoppeling kan niet binnenkomen vóór de "
                                    "overdracht"),
]
VALID = [r for r, _, expected in ROWS if expected is None]


def _patch_formulas(path: Path) -> None:
    """openpyxl writes no cached values: give "=CACHED" one, leave "=NOCACHE" without."""
    with zipfile.ZipFile(path) as zin:
        items = {name: zin.read(name) for name in zin.namelist()}
    for name, data in items.items():
        if name.startswith("xl/worksheets/"):
            data = re.sub(rb"<f>CACHED</f><v>\s*</v>", b"<f>CACHED</f><v>uit formule</v>", data)
            data = re.sub(rb"<f>CACHED</f><v\s*/>", b"<f>CACHED</f><v>uit formule</v>", data)
            data = data.replace(b'<c r="R9"', b'<c r="R9" t="str"')
            items[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items.items():
            zout.writestr(name, data)


def ugly_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Signalen 2025"
    ws.append(HEADERS_TOP)
    ws.append(SUB)
    ws.merge_cells("L1:M1")  # "Overdracht" over "Partner" and "Datum"
    number = 3
    for row, cells, _ in ROWS:
        while number < row:
            ws.append([])
            number += 1
        ws.append(cells)
        number += 1
    ws.append([])
    ws.append([None, "   "])  # a row with only spaces: empty
    other = wb.create_sheet("Archief")
    other.append(["Kenmerk", "Datum", "Samenvatting"])
    other.append(["A-1", "01-01-2024", "Oud signaal"])
    wb.save(path)
    _patch_formulas(path)
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fresh vault per module, copied per test (creating one costs ~1 s)."""
    path = tmp_path_factory.mktemp("template") / "kluis.mhd"
    create_vault(path, PASSPHRASE, clock=fixed_clock(NOW)).close()
    return path


@pytest.fixture
def vault(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kluis.mhd"
    shutil.copy(template, target)
    return target


@pytest.fixture
def svc(vault: Path):
    services = open_vault(vault, PASSPHRASE, clock=fixed_clock(NOW))
    yield services
    services.close()


@pytest.fixture
def ugly(tmp_path: Path) -> Path:
    return ugly_workbook(tmp_path / "Register mensenhandel.xlsx")


def test_open_sheet_lists_sheets_and_combines_merged_headers(ugly: Path) -> None:
    info = open_sheet(ugly)
    assert info.sheet_names == ["Signalen 2025", "Archief"]
    assert info.header_row == 2
    assert info.headers[:3] == ["Nr", "Datum melding", "Bron"]
    assert info.headers[11:13] == ["Overdracht Partner", "Overdracht Datum"]
    assert [r.number for r in info.preview][:3] == [3, 5, 6]
    second = open_sheet(ugly, "archief")
    assert second.sheet == "Archief" and second.headers == ["Kenmerk", "Datum", "Samenvatting"]


def test_suggested_mapping_from_dutch_headers(ugly: Path) -> None:
    mapping = sheet_mapping.suggest_mapping(open_sheet(ugly).headers)
    assert mapping.columns == {
        "Nr": SheetField.REFERENCE, "Datum melding": SheetField.RECEIVED_ON,
        "Bron": SheetField.SOURCE, "Omschrijving": SheetField.DESCRIPTION,
        "Vorm": SheetField.FORMS, "Melder": SheetField.REPORTER_NAME,
        "Afdeling": SheetField.REPORTER_DEPARTMENT, "Betrokkene": SheetField.PARTY_NAME,
        "Adres": SheetField.ADDRESS, "Postcode": SheetField.POSTCODE,
        "Plaats": SheetField.TOWN, "Overdracht Partner": SheetField.PARTNER,
        "Overdracht Datum": SheetField.HANDED_OVER_ON,
        "Terugkoppeling ontvangen": SheetField.FEEDBACK_RECEIVED_ON,
        "Melder geïnformeerd": SheetField.REPORTER_INFORMED_ON,
        "Afgesloten": SheetField.CLOSED_ON, "Uitkomst": SheetField.OUTCOME,
        "Opmerkingen": SheetField.NOTES}


def test_suggested_mapping_from_english_headers() -> None:
    mapping = sheet_mapping.suggest_mapping(
        ["Case number", "Date received", "Source", "Summary", "Type of exploitation",
         "Reported by", "Handed over to", "Handover date", "Feedback due",
         "Feedback received", "Closed on", "Outcome", "Remarks", "Whatever"])
    assert list(mapping.columns.values()) == [
        SheetField.REFERENCE, SheetField.RECEIVED_ON, SheetField.SOURCE, SheetField.SUMMARY,
        SheetField.FORMS, SheetField.REPORTER_NAME, SheetField.PARTNER,
        SheetField.HANDED_OVER_ON, SheetField.FEEDBACK_DUE_ON,
        SheetField.FEEDBACK_RECEIVED_ON, SheetField.CLOSED_ON, SheetField.OUTCOME,
        SheetField.NOTES]


@pytest.mark.parametrize(("value", "expected"), [
    ("24-11-2026", date(2026, 11, 24)), ("24/11/26", date(2026, 11, 24)),
    ("24 nov 2026", date(2026, 11, 24)), ("24 november 2026", date(2026, 11, 24)),
    ("24 nov. 2026", date(2026, 11, 24)), ("3-4-2025", date(2025, 4, 3)),
    ("2025-04-03", date(2025, 4, 3)), ("24.11.2026", date(2026, 11, 24)),
    ("1 mrt 2025", date(2025, 3, 1)), ("  7 okt 2025 ", date(2025, 10, 7)),
    ("24-11-2026 14:30", date(2026, 11, 24)), (45901, date(2025, 9, 1)),
    (45901.75, date(2025, 9, 1)), ("45901", date(2025, 9, 1)),
    (datetime(2025, 1, 2, 13, 0), date(2025, 1, 2)), (None, None), ("", None),
])
def test_dutch_dates(value, expected) -> None:
    assert parse_sheet_date(value) == expected


@pytest.mark.parametrize(("value", "kind"), [
    ("31-02-2025", "impossible"), ("29-02-2025", "impossible"), ("32 jan 2025", "impossible"),
    ("13/13/25", "impossible"), ("morgen", "unreadable"), (2026, "unreadable"),
    ("24 foo 2026", "unreadable"), (True, "unreadable"),
])
def test_impossible_and_unreadable_dates_are_never_guessed(value, kind: str) -> None:
    with pytest.raises(DateProblem) as caught:
        parse_sheet_date(value)
    assert caught.value.kind == kind


def test_dry_run_row_by_row(svc: Services, ugly: Path) -> None:
    mapping = sheet_mapping.suggest_mapping(open_sheet(ugly).headers)
    plan = sheet_import.plan(svc, ugly, None, mapping)
    assert plan.rows_read == len(ROWS) and plan.empty_rows == 1
    assert [r.row for r in plan.rows] == VALID
    problems = {p.row: str(p) for p in plan.problems}
    for row, _, expected in ROWS:
        if expected is None:
            assert row not in problems
        else:
            assert problems[row].startswith(expected), problems[row]
    assert plan.signals == len(VALID) and plan.handovers == 2 and plan.closed == 1
    assert plan.reporters == 1 and plan.reporter_feedback == 1 and plan.locations == 2
    assert svc.signals.count() == 0  # a dry run writes nothing


def test_import_is_all_or_nothing(svc: Services, ugly: Path) -> None:
    mapping = sheet_mapping.suggest_mapping(open_sheet(ugly).headers)
    with pytest.raises(sheet_import.SheetRowsInvalid) as caught:
        sheet_import.run(svc, ugly, None, mapping)
    assert "Er is niets geïmporteerd" in caught.value.message
    assert svc.signals.count() == 0
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        sheet_import.run(svc, ugly, None, mapping, skip_invalid=True, cancel=token)
    assert svc.signals.count() == 0


def test_import_skipping_invalid_rows(svc: Services, ugly: Path) -> None:
    mapping = sheet_mapping.suggest_mapping(open_sheet(ugly).headers)
    result = sheet_import.run(svc, ugly, None, mapping, skip_invalid=True)
    assert result.signals == len(VALID) and result.skipped == len(ROWS) - len(VALID)
    refs = result.references
    assert set(refs) == set(VALID)
    # the vault's own references, per year of receipt, in sheet order
    assert refs[3] == "MH-2025-0001" and refs[6] == "MH-2025-0002"
    assert refs[7] == "MH-2026-0001"

    def dossier(row: int):
        return svc.signals.dossier(svc.signals.by_reference(refs[row]).id)

    d = dossier(3)
    assert d.signal.received_on == date(2025, 11, 24)
    assert d.signal.source is SignalSource.INTERNAL
    assert d.signal.forms == {ExploitationForm.LABOUR}
    assert d.signal.description.endswith("2024-001")  # the sheet's own number, searchable
    assert d.has_reporter
    assert svc.signals.reporter(d.signal.id).name == "Wil Melder"
    assert [(p.name, str(p.kind)) for p in d.parties] == [("Flexpool B.V.", "organisation")]
    loc = d.locations[0]
    assert (loc.street, loc.house_number, loc.postcode, loc.town) == (
        "Kerkstraat", "7A", "3441AB", "Woerden")
    assert sorted(h.partner_key for h in d.handovers) == ["politie_avim", "zorgcoordinator"]
    assert all(h.handed_over_on == date(2025, 11, 25) and
               h.feedback_received_on == date(2025, 12, 1) for h in d.handovers)
    assert [f.given_on for f in d.reporter_feedback] == [date(2025, 12, 2)]
    assert str(d.signal.status) == "reporter_informed"
    note = d.notes[0].text
    assert note.startswith("geïmporteerd uit Register mensenhandel.xlsx, rij 3\n")
    assert "Overdracht Partner: politie, zorgcoördinator" in note
    assert "Melder: Wil Melder" in note  # the original cells, in the vault only
    assert str(d.notes[0].source) == "sheet_import"  # not an enrichment (docs)

    d = dossier(6)
    assert d.signal.received_on == date(2025, 9, 1)
    assert d.signal.source is SignalSource.ANONYMOUS_LINE
    assert d.signal.forms == {ExploitationForm.SEXUAL, ExploitationForm.CRIMINAL}
    assert (d.locations[0].postcode, d.locations[0].house_number) == ("3441AB", "7")
    assert not d.has_reporter
    d = dossier(7)
    assert d.signal.forms == {ExploitationForm.LABOUR, ExploitationForm.SEXUAL}
    assert d.signal.source is SignalSource.HOTEL_CHECK
    d = dossier(8)
    assert (d.signal.outcome, d.signal.closed_on) == (Outcome.NO_TRAFFICKING, date(2025, 3, 10))
    assert str(d.signal.status) == "closed" and d.signal.forms == set()
    assert "Opmerkingen: uit formule" in dossier(9).notes[0].text
    d = dossier(11)
    assert d.signal.description.startswith(LONG.strip()) and len(d.signal.description) > 29_000
    assert d.signal.summary == LONG.strip()[:300].strip()
    # the audit trail: file name and counts, no content
    with svc.vault.unit_of_work() as uow:
        entry = [e for e in uow.audit.query() if e.action == "import"][-1]
    assert entry.object_ref == "sheet"
    assert entry.detail == (f"sheet Register mensenhandel.xlsx: {len(ROWS)} rows, "
                            f"{len(VALID)} signals, {len(ROWS) - len(VALID)} skipped")


def test_csv_windows_1252_semicolons_and_quotes(svc: Services, tmp_path: Path) -> None:
    text = ("Kenmerk;Datum;Bron;Samenvatting;Vorm;Betrokkene\r\n"
            "1;24-11-2025;politie;\"Signaal; café met één vrouw\";arbeid;Zoë Müller\r\n"
            ";;;;;\r\n"
            "2;24/11/25;bewoner;Overlast bij pensión;SU;José Gómez\r\n")
    path = tmp_path / "export excel.csv"
    path.write_bytes(text.encode("cp1252"))
    info = open_sheet(path)
    assert (info.encoding, info.delimiter) == ("cp1252", ";")
    mapping = sheet_mapping.suggest_mapping(info.headers)
    result = sheet_import.run(svc, path, None, mapping)
    assert sorted(result.references) == [2, 4]
    d = svc.signals.dossier(svc.signals.by_reference(result.references[2]).id)
    assert d.signal.summary == "Signaal; café met één vrouw"
    assert d.parties[0].name == "Zoë Müller"
    d = svc.signals.dossier(svc.signals.by_reference(result.references[4]).id)
    assert d.parties[0].name == "José Gómez" and d.signal.received_on == date(2025, 11, 24)


def test_csv_utf8_bom_with_commas(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("\ufeffDatum,Samenvatting\r\n\"1-2-2025\",\"a, b\"\r\n".encode())
    info = open_sheet(path)
    assert (info.encoding, info.delimiter, info.headers) == ("utf-8", ",",
                                                             ["Datum", "Samenvatting"])
    assert info.preview[0].cells[1].value == "a, b"


def test_mapping_json_round_trip_and_version(tmp_path: Path) -> None:
    mapping = sheet_mapping.suggest_mapping(["Datum", "Vorm", "Bron"])
    mapping.forms["mensenhandel arbeid"] = [ExploitationForm.LABOUR]
    mapping.sources["wijkteam"] = SignalSource.INTERNAL
    path = tmp_path / "mapping.json"
    sheet_mapping.save_mapping(mapping, path)
    assert sheet_mapping.load_mapping(path) == mapping
    doc = sheet_mapping.mapping_to_json(mapping)
    doc["version"] = 2
    with pytest.raises(sheet_mapping.MappingError):
        sheet_mapping.mapping_from_json(doc)


def test_mapping_naming_a_missing_column_is_refused(svc: Services, ugly: Path) -> None:
    mapping = sheet_mapping.Mapping(columns={"Datum ontvangst": SheetField.RECEIVED_ON})
    with pytest.raises(sheet_mapping.MappingError) as caught:
        sheet_import.plan(svc, ugly, None, mapping)
    assert "Datum ontvangst" in caught.value.message


def test_5000_rows(svc: Services, tmp_path: Path) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Signalen")
    ws.append(["Nr", "Datum", "Samenvatting", "Vorm", "Postcode"])
    for i in range(5000):
        ws.append([i, f"{1 + i % 28}-{1 + i % 12}-2025", f"Signaal {i}", "AU",
                   f"{3400 + i % 500} AB {i % 90 + 1}"])
    path = tmp_path / "groot.xlsx"
    wb.save(path)
    mapping = sheet_mapping.suggest_mapping(open_sheet(path).headers)
    result = sheet_import.run(svc, path, None, mapping)
    # how long it takes is bench/bench_sheet_import.py's business, not a test's
    assert result.signals == 5000 and svc.signals.count() == 5000


def test_the_import_reuses_the_dry_run_only_while_nothing_changed(svc: Services, ugly: Path,
                                                                   monkeypatch) -> None:
    mapping = sheet_mapping.suggest_mapping(open_sheet(ugly).headers)
    checked = sheet_import.plan(svc, ugly, None, mapping)
    calls: list[object] = []
    real_plan = sheet_import.plan
    monkeypatch.setattr(sheet_import, "plan",
                        lambda *a, **k: calls.append(a) or real_plan(*a, **k))
    first = sheet_import.run(svc, ugly, None, mapping, skip_invalid=True, checked=checked)
    assert calls == [] and first.signals == checked.signals  # the dry run was reused
    # a plan is used once: a second run with it reads and checks the sheet again
    second = sheet_import.run(svc, ugly, None, mapping, skip_invalid=True, checked=checked)
    assert len(calls) == 1 and second.signals == first.signals
    assert set(second.references.values()).isdisjoint(first.references.values())
    # another mapping (or a changed file) is read and checked again
    fresh = sheet_import.plan(svc, ugly, None, mapping)
    other = sheet_mapping.mapping_from_json(sheet_mapping.mapping_to_json(mapping))
    other.legal_ground = "Convenant RIEC, art. 4"
    sheet_import.run(svc, ugly, None, other, skip_invalid=True, checked=fresh)
    assert len(calls) == 3


def test_register_export(svc: Services, ugly: Path, tmp_path: Path) -> None:
    mapping = sheet_mapping.suggest_mapping(open_sheet(ugly).headers)
    sheet_import.run(svc, ugly, None, mapping, skip_invalid=True)
    sig = svc.signals.by_reference("MH-2025-0002")
    sig.summary = "=HYPERLINK(\"http://x\")"
    svc.signals.update(sig)
    out = tmp_path / "register.xlsx"
    result = register_export.to_xlsx(svc, SignalFilter(), out)
    assert result.rows == len(VALID)
    book = openpyxl.load_workbook(out)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Kenmerk", "Ontvangen", "Bron", "Samenvatting")
    assert len(rows) == len(VALID) + 1
    cell = next(c for c in book.active["D"] if c.value == sig.summary)
    assert cell.data_type == "s"  # text, not a formula
    with zipfile.ZipFile(out) as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"Wil Melder" not in everything and b"Flexpool" not in everything  # no reporter
    with pytest.raises(register_export.RegisterExportError):
        register_export.to_xlsx(svc, None, out)  # no overwrite
    only_open = register_export.to_xlsx(svc, SignalFilter(open_only=True), out, overwrite=True)
    assert only_open.rows == len(VALID) - 1


def test_cli_import_sheet_and_export_sheet(vault: Path, ugly: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("MHD_PASSPHRASE", PASSPHRASE)
    saved = tmp_path / "mapping.json"
    assert cli(["import-sheet", str(ugly), "--vault", str(vault), "--dry-run",
                "--save-mapping", str(saved)]) == 1
    captured = capsys.readouterr()
    assert "Datum melding -> Datum ontvangen" in captured.out
    assert "rij 5: datum 31-02-2025 bestaat niet" in captured.err
    assert saved.exists()
    assert cli(["import-sheet", str(ugly), "--vault", str(vault), "--mapping", str(saved)]) == 1
    assert "Er is niets geïmporteerd" in capsys.readouterr().err
    with open_vault(vault, PASSPHRASE) as services:
        assert services.signals.count() == 0
    assert cli(["import-sheet", str(ugly), "--vault", str(vault), "--mapping", str(saved),
                "--skip-invalid"]) == 0
    assert f"{len(VALID)} signalen" in capsys.readouterr().out
    out = tmp_path / "register.xlsx"
    assert cli(["export-sheet", "--vault", str(vault), "--out", str(out), "--open"]) == 0
    captured = capsys.readouterr()
    assert "NIET versleuteld" in captured.err
    assert out.exists()
    assert cli(["import-sheet", str(ugly), "--vault", str(vault), "--sheet", "Bestaat niet",
                "--dry-run"]) == 1
    assert "Archief" in capsys.readouterr().err
