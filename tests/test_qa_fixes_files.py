"""QA fix 8 (helper fix-A): file dialogs start in the officer's Documents folder, never
in the program's folder, and Qt's own file dialog speaks Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton

from mensenhandel_desk.ui import translations
from mensenhandel_desk.ui.monitoring.view import MonitoringView
from mensenhandel_desk.ui.start import files as start_files
from mensenhandel_desk.ui.tools import common
from mensenhandel_desk.ui.widgets import file_dialogs


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The folder (or file) every dialog was started in; each dialog "cancelled"."""
    seen: list[str] = []

    def save(_parent, _caption, start, _filters="", *args):
        seen.append(start)
        return "", ""

    def open_many(_parent, _caption, start, _filters="", *args):
        seen.append(start)
        return [], ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(save))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(open_many))
    return seen


def test_every_file_dialog_starts_in_the_documents_folder(qtbot, asked, tmp_path,
                                                          monkeypatch) -> None:
    program = tmp_path / "programma"
    program.mkdir()
    monkeypatch.chdir(program)  # the folder the program was started from
    common.ask_save_file(None, "Opslaan", "export.xlsx", "Excel (*.xlsx)")
    common.ask_open_file(None, "Openen", "Afbeeldingen (*.png)")
    start_files.ask_open_vault(None, None)
    start_files.ask_new_vault(None, None)
    MonitoringView.ask_save_file(None, "Opslaan", "monitoring.csv", "CSV (*.csv)")
    MonitoringView.ask_open_files(None, "Openen", "CSV (*.csv)")
    documents = Path(file_dialogs.documents_folder())
    assert len(asked) == 6
    for start in asked:
        path = Path(start)
        assert path.is_absolute() and (path == documents or path.parent == documents), start
        assert program not in (path, path.parent)
    assert Path(asked[0]).name == "export.xlsx"


def test_a_typed_name_gets_the_suffix_of_the_chosen_filter(monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *_a: ("/tmp/verslag", "PDF-documenten (*.pdf)")))
    assert file_dialogs.ask_save_file(None, "Opslaan", "x.pdf", "PDF-documenten (*.pdf)") \
        == Path("/tmp/verslag.pdf")


def test_qts_own_file_dialog_is_dutch(qtbot) -> None:
    app = QApplication.instance()
    before = list(translations._installed)
    assert translations.install(app)
    try:
        dialog = QFileDialog(None, "Kies een bestand")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        qtbot.addWidget(dialog)
        labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
        assert "&Zoeken in:" in labels and "Bestands&naam:" in labels
        assert not [text for text in labels if "Look in" in text or "Files of" in text]
        buttons = [button.text() for button in dialog.findChildren(QPushButton)]
        assert "Annuleren" in buttons
    finally:
        for translator in translations._installed[len(before):]:
            app.removeTranslator(translator)
        del translations._installed[len(before):]
