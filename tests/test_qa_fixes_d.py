"""Fixes after the second QA pass (helper fix-D): each test failed before its fix."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from mensenhandel_desk import documents
from mensenhandel_desk.documents import examples as ex
from mensenhandel_desk.domain.enums import HandoverChannel, NameMode, SharingBasis, Urgency
from mensenhandel_desk.domain.models import Handover
from mensenhandel_desk.services.session import Services
from mensenhandel_desk.services.sheets import importing as sheet_import
from mensenhandel_desk.services.sheets import mapping as sheet_mapping
from mensenhandel_desk.services.sheets.mapping import SheetField
from mensenhandel_desk.services.sheets.read import open_sheet
from tests.test_documents_render import pages
from tests.test_documents_service import populate, text_of


# --- 3. the handover sheet's date, the contact block never alone ---------------------------
def test_sheet_of_a_recorded_handover_carries_the_handover_date(services: Services) -> None:
    reference = populate(services)
    signal = services.signals.by_reference(reference)
    handover = services.handovers.record(Handover(
        signal_id=signal.id, partner_key="nla", handed_over_on=date(2026, 11, 21),
        channel=HandoverChannel.SECURE_EMAIL, basis=SharingBasis.LEGAL_GROUND,
        legal_ground="art. 6 lid 1 sub e AVG", name_mode=NameMode.PSEUDONYM))
    recorded = text_of(services.documents.handover_sheet(
        reference, "nla", handover_id=handover.id, preview=True).pdf)
    assert "Datum overdracht 21 november 2026" in recorded
    assert "Afgedrukt op 24 november 2026" in recorded  # today (the test clock)
    before = text_of(services.documents.handover_sheet(reference, "nla", preview=True).pdf)
    assert "Datum 24 november 2026" in before and "Datum overdracht" not in before


def test_the_contact_block_never_stands_alone_on_the_last_page() -> None:
    data = ex.handover_sheet(NameMode.PSEUDONYM)
    for lines in range(0, 48):
        description = "\n\n".join(f"Regel {i}." for i in range(lines))
        texts = pages(documents.render_handover_sheet(
            replace(data, signal=replace(data.signal, description=description))))
        last = next(t for t in texts if "Dit formulier is vertrouwelijk" in t)
        assert "Gevraagde actie" in last, lines


# --- 4. the import takes urgency -----------------------------------------------------------
def test_a_sheet_with_an_urgentie_column_imports_the_urgency(services: Services,
                                                            tmp_path) -> None:
    text = ("Kenmerk;Datum;Samenvatting;Urgentie\r\n"
            "1;24-11-2025;Busje haalt mensen op;hoog\r\n"
            "2;20-11-2025;Pand met matrassen;Zeer urgent\r\n"
            "3;21-11-2025;Kapsalon laat door;\r\n"
            "4;21-11-2025;Nagelstudio;morgen\r\n")
    path = tmp_path / "register.csv"
    path.write_bytes(text.encode("utf-8"))
    mapping = sheet_mapping.suggest_mapping(open_sheet(path).headers)
    assert mapping.columns["Urgentie"] is SheetField.URGENCY
    checked = sheet_import.plan(services, path, None, mapping)
    assert any("urgentie 'morgen' staat niet in de waardentabel" in p.message.casefold()
               for p in checked.problems)
    result = sheet_import.run(services, path, None, mapping, skip_invalid=True)
    urgency = {row: services.signals.by_reference(ref).urgency
               for row, ref in result.references.items()}
    assert urgency == {2: Urgency.HIGH, 3: Urgency.IMMEDIATE, 4: Urgency.NORMAL}


def test_urgency_value_table_survives_a_saved_mapping(tmp_path) -> None:
    mapping = sheet_mapping.Mapping(urgencies={"prio 1": Urgency.IMMEDIATE})
    sheet_mapping.save_mapping(mapping, tmp_path / "m.json")
    assert sheet_mapping.load_mapping(tmp_path / "m.json").urgencies == {
        "prio 1": Urgency.IMMEDIATE}
    older = sheet_mapping.mapping_to_json(sheet_mapping.Mapping())
    del older["urgencies"]  # a mapping saved before the urgency column existed
    assert sheet_mapping.mapping_from_json(older).urgencies["hoog"] is Urgency.HIGH


# --- 5. the import's result page counts in Dutch and promises nothing the register won't do --
def _result_text(qtbot, signals: int, first: str, last: str) -> str:
    from PySide6.QtWidgets import QWizard

    from mensenhandel_desk.ui.sheet_import.wizard import ResultPage

    wizard = QWizard()
    qtbot.addWidget(wizard)
    plan = sheet_import.SheetImportPlan(file_name="register.xlsx", sheet="Blad1")
    wizard.result = sheet_import.SheetImportResult(plan=plan, signals=signals, skipped=0,
                                                   first_reference=first, last_reference=last)
    page = ResultPage(wizard)
    page.initializePage()
    return page.summary.text()


def test_one_imported_signal_is_counted_and_referenced_in_the_singular(qtbot) -> None:
    one = _result_text(qtbot, 1, "MH-2026-0075", "MH-2026-0075")
    assert "1 signaal geïmporteerd uit register.xlsx." in one
    assert "Kenmerk MH-2026-0075." in one and "tot en met" not in one
    assert "Het register toont" not in one
    three = _result_text(qtbot, 3, "MH-2026-0075", "MH-2026-0077")
    assert "3 signalen geïmporteerd" in three
    assert "Kenmerken MH-2026-0075 tot en met MH-2026-0077." in three


# --- 6. the register export keeps the register's order ---------------------------------------
def test_register_export_is_newest_first_like_the_register_or_in_the_order_asked(
        services: Services, tmp_path) -> None:
    import openpyxl

    from mensenhandel_desk.domain.models import SignalFilter
    from mensenhandel_desk.services.sheets import export as register_export
    from tests.conftest import make_signal

    for day in (date(2026, 3, 1), date(2026, 9, 1), date(2026, 6, 1)):
        services.signals.create(make_signal(received_on=day))

    def received(path) -> list:
        rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))[1:]
        return [r[1].date() if hasattr(r[1], "date") else r[1] for r in rows]

    default = register_export.to_xlsx(services, SignalFilter(), tmp_path / "a.xlsx")
    shown = services.signals.ids(SignalFilter(), sort="received_on", descending=True)
    assert default.rows == len(shown)
    dates = received(tmp_path / "a.xlsx")
    assert dates == sorted(dates, reverse=True) and dates[0] == date(2026, 9, 1)
    register_export.to_xlsx(services, SignalFilter(), tmp_path / "b.xlsx",
                            sort="received_on", descending=False)
    dates = received(tmp_path / "b.xlsx")
    assert dates == sorted(dates)


# --- 7. every Dutch message calls the passphrase "wachtwoordzin" ---------------------------
def test_every_dutch_catalogue_says_wachtwoordzin_never_wachtwoord() -> None:
    import re

    from babel.messages.pofile import read_po

    from mensenhandel_desk import i18n

    bad = []
    for path in i18n.po_files("nl"):
        with path.open("rb") as handle:
            for message in read_po(handle):
                texts = (message.string if isinstance(message.string, (list, tuple))
                         else [message.string])
                bad += [(path.name, text) for text in texts
                        if re.search(r"wachtwoord(?!zin)", (text or "").lower())]
    assert not bad
    assert i18n.translate("Wrong passphrase or not a vault file. Check the passphrase and "
                          "the file you chose; nothing has been changed.", language="nl"
                          ).startswith("Onjuiste wachtwoordzin")


# --- 4b. the import note is the sheet's own record, not an enrichment ------------------------
def test_an_imported_row_is_received_not_enriched_until_an_enrichment_is_noted(
        services: Services, tmp_path) -> None:
    from mensenhandel_desk.domain.enums import (
        CONSULTED_SOURCES,
        EnrichmentResult,
        EnrichmentSource,
        SignalStatus,
    )
    from mensenhandel_desk.domain.models import EnrichmentNote

    path = tmp_path / "register.csv"
    path.write_text("Datum;Samenvatting;Opmerkingen\r\n24-11-2025;Busje;gebeld\r\n",
                    encoding="utf-8", newline="")
    mapping = sheet_mapping.suggest_mapping(open_sheet(path).headers)
    result = sheet_import.run(services, path, None, mapping)
    signal = services.signals.by_reference(result.references[2])
    assert signal.status is SignalStatus.RECEIVED
    note = services.signals.dossier(signal.id).notes[0]
    assert note.source is EnrichmentSource.SHEET_IMPORT and "gebeld" in note.text
    assert EnrichmentSource.SHEET_IMPORT not in CONSULTED_SOURCES  # never offered
    services.signals.update(services.signals.get(signal.id))  # a later refresh agrees
    assert services.signals.get(signal.id).status is SignalStatus.RECEIVED
    services.signals.add_note(EnrichmentNote(
        signal_id=signal.id, noted_on=date(2026, 11, 24), source=EnrichmentSource.BRP,
        result=EnrichmentResult.NOTHING_FOUND, text="Niemand ingeschreven."))
    assert services.signals.get(signal.id).status is SignalStatus.ENRICHED
