"""The whole report route through the real main window, headless (issue 8): create the
vault in the first-start wizard → an earlier signal with a person → a new signal → the
same person again (the already-known hit shows) → tick indicators → an enrichment note →
handover to the care coordinator with feedback due → partner feedback received → the
feedback letter printed (saved as PDF through the preview) → reporter informed → close.
Plus an anonymous signal that closes without a reporter. Only the file and yes/no
dialogs are answered by the test; everything else is the officer's clicks and typing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel, QWizard

from mensenhandel_desk.domain.enums import (
    EnrichmentResult,
    EnrichmentSource,
    Outcome,
    SignalSource,
    SignalStatus,
)
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.main_window import MainWindow
from mensenhandel_desk.ui.printing.dialog import PreviewDialog
from mensenhandel_desk.ui.signal import editor as editor_module
from mensenhandel_desk.ui.signal.sections import common
from mensenhandel_desk.ui.start.wizard import FirstStartWizard
from mensenhandel_desk.ui.worker import Worker
from tests.conftest import PASSPHRASE

WAIT = 30_000
KNOWN = "Olena Kovalenko-Testpersoon"
REPORTER = "Wilhelmina Zuidervaart-Testmelder"


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch):
    ctx = DeskContext(Worker(), tmp_path / "data" / "kluis.mhd")
    made = MainWindow(ctx, QLabel("vergrendeld"))
    qtbot.addWidget(made)
    made.resize(1300, 900)
    made.show()
    # the officer's answers to dialogs: yes, and this file for "Save as PDF"
    monkeypatch.setattr(common, "ask", lambda *args: True)
    monkeypatch.setattr(PreviewDialog, "confirm_unencrypted", lambda self: True)
    monkeypatch.setattr(PreviewDialog, "ask_save_path", lambda self: tmp_path / "brief.pdf")
    # leaving with unsaved input must not happen on this route; if a step fails, the
    # window closes without a question that nobody would answer
    monkeypatch.setattr(editor_module.SignalEditor, "ask_unsaved",
                        staticmethod(lambda parent: editor_module.DISCARD))
    yield made
    if ctx.is_unlocked:
        with qtbot.waitSignal(ctx.locked, timeout=WAIT):
            ctx.lock("quit")
    ctx.worker.shutdown()


def create_vault_in_wizard(qtbot, window: MainWindow) -> None:
    wizard = FirstStartWizard(window.ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()  # "Nieuwe kluis maken"
    qtbot.keyClicks(wizard.new_page.passphrase, PASSPHRASE)
    qtbot.keyClicks(wizard.new_page.repeat, PASSPHRASE)
    wizard.next()
    page = wizard.officer_page
    qtbot.keyClicks(page.municipality, "Gemeente Testdam")
    qtbot.keyClicks(page.officer_name, "A. Testfunctionaris")
    qtbot.keyClicks(page.officer_phone, "0123-456789")
    with qtbot.waitSignals([wizard.accepted, window.register.model.query_finished],
                           timeout=WAIT):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert window.ctx.is_unlocked


def changed(qtbot, editor):
    """Wait for the editor to reload after a section saved."""
    return qtbot.waitSignal(editor.loaded, timeout=WAIT)


def new_signal(qtbot, window: MainWindow, summary: str, source: SignalSource,
               reporter: str | None = None, received: QDate | None = None):
    with qtbot.waitSignal(window.editor.loaded, timeout=WAIT):
        window.new_action.trigger()
    editor = window.editor
    form = editor.general
    if received is not None:
        form.received.setDate(received)
    form.source.setCurrentIndex(form.source.findData(source))
    qtbot.keyClicks(form.summary, summary)
    form.forms[next(iter(form.forms))].setChecked(True)
    if reporter:
        form.reporter.toggle.click()
        qtbot.keyClicks(form.reporter.name, reporter)
    with changed(qtbot, editor):
        editor.save_button.click()  # "Opslaan (Ctrl+S)"
    assert not editor.is_new and editor.dossier.signal.summary == summary
    return editor


def add_person(qtbot, editor, name: str, birth: str) -> None:
    editor.show_part("parties")
    pane = editor.parties.party_pane
    pane.add_button.click()
    qtbot.keyClicks(pane.name, name)
    qtbot.keyClicks(pane.birth, birth)
    with changed(qtbot, editor):
        pane.save_button.click()


def status(editor) -> SignalStatus:
    return editor.dossier.signal.status


def test_the_whole_route_and_an_anonymous_signal(qtbot, window, tmp_path):
    create_vault_in_wizard(qtbot, window)

    # an earlier signal mentions the person
    editor = new_signal(qtbot, window, "Eerder signaal over de kas", SignalSource.INSPECTION)
    earlier = editor.reference
    add_person(qtbot, editor, KNOWN, "17-05-1990")

    # step 2: the new signal, from a colleague (the reporter stays confidential)
    editor = new_signal(qtbot, window, "Busje haalt mensen om 5 uur op",
                        SignalSource.INTERNAL, REPORTER, received=QDate(2026, 11, 10))
    reference = editor.reference
    assert editor.dossier.has_reporter
    assert REPORTER not in window.windowTitle()

    # step 3: the same person again: already known from the earlier signal
    editor.show_part("parties")
    pane = editor.parties.party_pane
    pane.add_button.click()
    qtbot.keyClicks(pane.name, KNOWN)
    qtbot.keyClicks(pane.birth, "17-05-1990")
    qtbot.waitUntil(lambda: pane.hits.count() == 1, timeout=WAIT)
    assert earlier in pane.hits.item(0).text()
    with changed(qtbot, editor):
        pane.save_button.click()

    # the checklist of the signal's version: tick two indicators
    editor.show_part("checklist")
    checklist = editor.sections["checklist"]
    qtbot.waitUntil(lambda: bool(checklist.rows), timeout=WAIT)
    assert checklist.version_label.text() == "Signalenkaart versie 1"
    for row in list(checklist.rows.values())[:2]:
        with changed(qtbot, editor):
            row.box.click()
    assert len(editor.dossier.indicators) == 2

    # enrichment: a BRP search that found something
    editor.show_part("enrichment")
    enrichment = editor.sections["enrichment"]
    common.select_data(enrichment.source, EnrichmentSource.BRP)
    enrichment.result_buttons[EnrichmentResult.FOUND].setChecked(True)
    qtbot.keyClicks(enrichment.text, "Zes inschrijvingen op het adres")
    with changed(qtbot, editor):
        enrichment.save_button.click()
    assert enrichment.timeline.topLevelItemCount() == 1
    assert status(editor) is SignalStatus.ENRICHED

    # step 4 and 5: handover to the care coordinator, feedback asked in four weeks
    editor.show_part("handovers")
    handovers = editor.sections["handovers"]
    qtbot.waitUntil(lambda: bool(handovers.form.directory), timeout=WAIT)
    common.select_data(handovers.form.partner, "zorgcoordinator")
    handovers.form.handed_over_on.setDate(QDate(2026, 11, 20))
    assert handovers.form.feedback_due_on.date() == QDate(2026, 12, 18)
    qtbot.keyClicks(handovers.form.legal_ground, "art. 6 lid 1 sub e AVG, RIEC-convenant")
    with changed(qtbot, editor):
        handovers.save_button.click()
    assert status(editor) is SignalStatus.HANDED_OVER
    assert handovers.list.topLevelItem(0).text(4) == "uiterlijk 18-12-2026"
    assert editor.dossier.handovers[0].feedback_due_on == date(2026, 12, 18)

    handovers.list.topLevelItem(0).setSelected(True)
    qtbot.keyClicks(handovers.feedback_text, "Casemanagement gestart")
    with changed(qtbot, editor):
        handovers.feedback_button.click()
    assert status(editor) is SignalStatus.FEEDBACK_RECEIVED

    # step 6: the feedback letter from its template, printed (saved as PDF), recorded
    editor.show_part("reporter_feedback")
    letter = editor.sections["reporter_feedback"]
    qtbot.waitUntil(lambda: reference in letter.text.toPlainText(), timeout=WAIT)
    assert letter.template.currentData() == "overgedragen"
    letter.print_button.click()
    preview = letter.preview
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=WAIT)
    preview.save_pdf()
    qtbot.waitUntil(lambda: preview.issued and not preview.busy, timeout=WAIT)
    with changed(qtbot, editor):
        preview.accept()  # "Record that the reporter was informed?" - yes
    assert (tmp_path / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert status(editor) is SignalStatus.REPORTER_INFORMED
    assert len(editor.dossier.reporter_feedback) == 1

    # close: nothing left open on the route, so no question
    editor.show_part("closing")
    closing = editor.sections["closing"]
    assert not closing.advice.isVisible()
    common.select_data(closing.outcome, Outcome.CARE_ONLY)
    with changed(qtbot, editor):
        closing.close_button.click()
    assert status(editor) is SignalStatus.CLOSED
    assert editor.dossier.signal.outcome is Outcome.CARE_ONLY
    assert REPORTER not in window.windowTitle() and reference not in window.windowTitle()

    # an anonymous tip: no reporter to inform, and the route still closes
    editor = new_signal(qtbot, window, "Tip via Meld Misdaad Anoniem",
                        SignalSource.ANONYMOUS_LINE)
    assert not editor.dossier.has_reporter
    editor.show_part("reporter_feedback")
    assert editor.sections["reporter_feedback"].not_applicable.isVisible()
    editor.show_part("closing")
    closing = editor.sections["closing"]
    assert "melder" not in closing.advice.text()  # nobody to inform
    common.select_data(closing.outcome, Outcome.INSUFFICIENT_INFORMATION)
    with changed(qtbot, editor):
        closing.close_button.click()
    assert status(editor) is SignalStatus.CLOSED


def test_lock_keeps_half_typed_section_input_as_a_draft_without_asking(
        qtbot, window, tmp_path, monkeypatch, clock):
    from mensenhandel_desk.services.session import create_vault, open_vault
    from tests.conftest import make_reporter, make_signal

    ctx = window.ctx
    with create_vault(ctx.vault_path, PASSPHRASE, clock=clock) as services:
        signal_id = services.signals.create(make_signal(), make_reporter()).id
    with qtbot.waitSignals([ctx.unlocked, window.register.model.query_finished],
                           timeout=WAIT):
        ctx.open(lambda: open_vault(ctx.vault_path, PASSPHRASE, clock=clock))
    monkeypatch.setattr(editor_module.SignalEditor, "ask_unsaved",
                        staticmethod(lambda parent: pytest.fail("the lock asked")))
    with qtbot.waitSignal(window.editor.loaded, timeout=WAIT):
        window.open_signal(signal_id)
    editor = window.editor
    enrichment = editor.sections["enrichment"]
    enrichment.result_buttons[EnrichmentResult.NOTHING_FOUND].setChecked(True)
    qtbot.keyClicks(enrichment.text, "Gezocht in BRP op Testpersoon")
    closing = editor.sections["closing"]
    closing.hold_reason.setPlainText("Lopend onderzoek")
    with qtbot.waitSignal(ctx.locked, timeout=WAIT):
        ctx.lock("idle")
    assert enrichment.text.toPlainText() == "" and closing.hold_reason.toPlainText() == ""
    enrichment.text.undo()
    assert enrichment.text.toPlainText() == ""  # not even through undo
    with qtbot.waitSignals([ctx.unlocked, editor.loaded], timeout=WAIT):
        ctx.open(lambda: open_vault(ctx.vault_path, PASSPHRASE, clock=clock))
    assert editor.banner.isVisible()
    editor.banner.restore_button.click()
    assert enrichment.text.toPlainText() == "Gezocht in BRP op Testpersoon"
    assert enrichment.result_buttons[EnrichmentResult.NOTHING_FOUND].isChecked()
    assert closing.hold_reason.toPlainText() == "Lopend onderzoek"
    with changed(qtbot, editor):
        enrichment.save_button.click()  # the restored note is saved as typed
    assert editor.dossier.notes[0].result is EnrichmentResult.NOTHING_FOUND
    editor.discard_unsaved()  # closing the window would ask otherwise
