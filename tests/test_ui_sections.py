"""The signal editor's sections on a real vault: checklist, enrichment, handovers, reporter
informed, assessment and closing. Each section is driven as the officer would (ticks,
typing, buttons) and the vault is read back through the services to see what was saved;
lock (``clear``) must leave no personal data in the widgets, undo stacks included."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from mensenhandel_desk.domain.enums import (
    Assessment,
    EnrichmentResult,
    EnrichmentSource,
    HandoverChannel,
    Outcome,
    SharingBasis,
    SignalSource,
    SignalStatus,
)
from mensenhandel_desk.domain.models import Handover
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.signal.sections import common
from mensenhandel_desk.ui.signal.sections.checklist import ChecklistSection
from mensenhandel_desk.ui.signal.sections.closing import ClosingSection
from mensenhandel_desk.ui.signal.sections.enrichment import EnrichmentSection
from mensenhandel_desk.ui.signal.sections.handovers import HandoversSection
from mensenhandel_desk.ui.signal.sections.reporter_feedback import ReporterFeedbackSection
from mensenhandel_desk.ui.worker import Worker
from tests.conftest import NOW, PASSPHRASE, make_reporter, make_signal

SECRET = "Geheime notitie over Testpersoon Jansen-Verzonnen"


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> dict:
    """One vault per module: a signal with a reporter, an anonymous one, and one with a
    handover whose feedback is overdue."""
    from mensenhandel_desk.services.clock import fixed_clock

    path = tmp_path_factory.mktemp("sections") / "kluis.mhd"
    with create_vault(path, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        known = services.signals.create(make_signal(summary="Met melder"), make_reporter())
        anonymous = services.signals.create(make_signal(
            summary="Anonieme tip", source=SignalSource.ANONYMOUS_LINE))
        late = services.signals.create(make_signal(summary="Terugkoppeling te laat"))
        services.handovers.record(Handover(
            signal_id=late.id, partner_key="zorgcoordinator", handed_over_on=date(2026, 10, 2),
            channel=HandoverChannel.SECURE_EMAIL, basis=SharingBasis.CONSENT,
            feedback_due_on=date(2026, 11, 1)))
    return {"path": path, "known": known.id, "anonymous": anonymous.id, "late": late.id}


@pytest.fixture
def vault(_template: dict, vault_path: Path) -> dict:
    vault_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_template["path"], vault_path)
    return dict(_template, path=vault_path)


@pytest.fixture
def ctx(qtbot, vault, clock):
    context = DeskContext(Worker(), vault["path"])
    with qtbot.waitSignal(context.unlocked, timeout=20_000):
        context.open(lambda: open_vault(vault["path"], PASSPHRASE, clock=clock))
    yield context
    if context.is_unlocked:
        with qtbot.waitSignal(context.locked, timeout=20_000):
            context.lock("quit")
    context.worker.shutdown()


def on_worker(ctx: DeskContext, fn) -> Any:
    """Run ``fn(services)`` on the worker and wait (tests only)."""
    return ctx.worker.call(lambda: fn(ctx._services), timeout=20)


def dossier(ctx: DeskContext, signal_id: int):
    return on_worker(ctx, lambda s: s.signals.dossier(signal_id, audited=False))


def make(qtbot, ctx, cls, signal_id: int):
    section = cls(ctx)
    qtbot.addWidget(section)
    section.resize(900, 700)
    section.show()
    section.load(dossier(ctx, signal_id))
    return section


def reload(qtbot, ctx, section, signal_id: int) -> None:
    """What the editor does on ``changed``: load the new dossier into the section."""
    section.load(dossier(ctx, signal_id))


def texts_of(widget) -> list[str]:
    found = []
    for child in widget.findChildren(QLineEdit):
        found.append(child.text())
    for child in widget.findChildren(QPlainTextEdit):
        found.append(child.toPlainText())
        child.undo()  # nothing typed may come back through undo after clear()
        found.append(child.toPlainText())
    return found


# --- checklist -----------------------------------------------------------------------
def test_checklist_shows_the_signals_version_grouped_with_factors_apart(qtbot, ctx, vault):
    section = make(qtbot, ctx, ChecklistSection, vault["known"])
    qtbot.waitUntil(lambda: bool(section.rows), timeout=10_000)
    assert section.version_label.text() == "Signalenkaart versie 1"
    from PySide6.QtWidgets import QGroupBox

    titles = [box.title() for box in section.body.findChildren(QGroupBox)]
    assert titles[0] == "Alle vormen van mensenhandel"
    assert "Kwetsbaarheidsfactoren" in titles[-1]  # the factors stand apart, last
    factors = [r for r in section.rows.values() if r.indicator.is_vulnerability_factor]
    assert factors and len(factors) < len(section.rows)


def test_ticking_an_indicator_and_its_note_are_saved(qtbot, ctx, vault):
    section = make(qtbot, ctx, ChecklistSection, vault["known"])
    qtbot.waitUntil(lambda: bool(section.rows), timeout=10_000)
    row = next(iter(section.rows.values()))
    with qtbot.waitSignal(section.changed, timeout=10_000):
        row.box.click()  # as a mouse click or the space bar does
    row.note.setText("Begeleider sprak steeds voor haar")
    assert section.unsaved() == {"notes": {str(row.indicator.id):
                                           "Begeleider sprak steeds voor haar"}}
    with qtbot.waitSignal(section.changed, timeout=10_000):
        row.note.editingFinished.emit()
    assert section.unsaved() is None
    marks = dossier(ctx, vault["known"]).indicators
    assert [(i.id, m.observed, m.note) for i, m in marks] == [
        (row.indicator.id, True, "Begeleider sprak steeds voor haar")]
    reload(qtbot, ctx, section, vault["known"])
    assert row.box.isChecked()
    assert "1 indicatoren" in section.summary.text()


def test_checklist_notes_save_on_ctrl_s_and_clear_forgets_a_draft(qtbot, ctx, vault):
    section = make(qtbot, ctx, ChecklistSection, vault["known"])
    qtbot.waitUntil(lambda: bool(section.rows), timeout=10_000)
    first, row = list(section.rows.values())[1:3]
    first.note.setText("Niet gezien")  # a note without a tick: checked, not observed
    with qtbot.waitSignal(section.changed, timeout=10_000):
        assert section.save()
    assert [(m.observed, m.note) for _i, m in dossier(ctx, vault["known"]).indicators] == [
        (False, "Niet gezien")]
    row.note.setText(SECRET)
    draft = section.unsaved()
    section.clear()
    assert SECRET not in texts_of(section)
    assert section.unsaved() is None
    section.load(dossier(ctx, vault["known"]))
    assert section.rows  # the version's rows stay built: the next signal paints at once
    section.restore(draft)
    assert section.unsaved() == draft
    fresh = ChecklistSection(ctx)  # a section that has not fetched the version yet
    qtbot.addWidget(fresh)
    fresh.load(dossier(ctx, vault["known"]))
    fresh.restore(draft)  # applied when the checklist version has arrived
    qtbot.waitUntil(lambda: bool(fresh.rows), timeout=10_000)
    assert fresh.unsaved() == draft


# --- enrichment ----------------------------------------------------------------------
def test_nothing_found_is_a_note_of_its_own_and_notes_can_be_changed_and_removed(
        qtbot, ctx, vault, monkeypatch):
    section = make(qtbot, ctx, EnrichmentSection, vault["known"])
    assert section.empty.isVisible()
    common.select_data(section.source, EnrichmentSource.BRP)
    section.result_buttons[EnrichmentResult.NOTHING_FOUND].setChecked(True)
    assert "Optioneel" in section.text.placeholderText()  # no text needed
    section.noted_on.setDate(common.to_qdate(date(2026, 11, 20)))  # backdated
    with qtbot.waitSignal(section.changed, timeout=10_000):
        qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    reload(qtbot, ctx, section, vault["known"])
    item = section.timeline.topLevelItem(0)
    assert [item.text(c) for c in range(3)] == ["20-11-2026", "BRP (basisregistratie "
                                                "personen)", "Niets gevonden"]
    note = dossier(ctx, vault["known"]).notes[0]
    assert (note.source, note.result, note.text) == (EnrichmentSource.BRP,
                                                     EnrichmentResult.NOTHING_FOUND, "")
    item.setSelected(True)
    section.edit_selected()
    assert section.form_box.title() == "Notitie van 20-11-2026 wijzigen"
    section.result_buttons[EnrichmentResult.FOUND].setChecked(True)
    section.text.setPlainText("Twee inschrijvingen op het adres")
    with qtbot.waitSignal(section.changed, timeout=10_000):
        section.save()
    note = dossier(ctx, vault["known"]).notes[0]
    assert (note.result, note.text) == (EnrichmentResult.FOUND,
                                        "Twee inschrijvingen op het adres")
    reload(qtbot, ctx, section, vault["known"])
    asked = []
    monkeypatch.setattr(common, "ask", lambda *args: asked.append(args) or True)
    section.timeline.topLevelItem(0).setSelected(True)
    with qtbot.waitSignal(section.changed, timeout=10_000):
        section.remove_selected()
    assert asked and dossier(ctx, vault["known"]).notes == []


def test_a_refused_note_shows_the_reason_next_to_the_text(qtbot, ctx, vault):
    section = make(qtbot, ctx, EnrichmentSection, vault["known"])
    section.text.setPlainText("x" * 200_001)
    section.save()
    qtbot.waitUntil(lambda: section.errors.labels["note.text"].isVisible(), timeout=10_000)
    assert "te lang" in section.errors.labels["note.text"].text()
    assert dossier(ctx, vault["known"]).notes == []


def test_a_typed_future_date_is_refused_next_to_the_field(qtbot, ctx, vault):
    """Date fields take a whole typed date (no maximum that refuses digits mid-typing);
    the service refuses a future date and the section says so next to the date."""
    section = make(qtbot, ctx, EnrichmentSection, vault["known"])
    section.text.setPlainText("Navraag bij de woningcorporatie")
    section.noted_on.lineEdit().selectAll()
    qtbot.keyClicks(section.noted_on, "14-12-2026")
    assert section.noted_on.date().toString("dd-MM-yyyy") == "14-12-2026"
    section.save()
    label = next(lbl for key, lbl in section.errors.labels.items() if "noted_on" in key)
    qtbot.waitUntil(label.isVisible, timeout=10_000)
    assert "toekomst" in label.text()
    assert dossier(ctx, vault["known"]).notes == []


def test_a_half_typed_note_is_a_draft_and_clear_leaves_nothing(qtbot, ctx, vault):
    section = make(qtbot, ctx, EnrichmentSection, vault["known"])
    assert section.unsaved() is None
    section.result_buttons[EnrichmentResult.INCONCLUSIVE].setChecked(True)
    qtbot.keyClicks(section.text, SECRET)
    draft = section.unsaved()
    assert draft["text"] == SECRET and draft["result"] == "inconclusive"
    section.clear()
    assert SECRET not in texts_of(section)
    section.load(dossier(ctx, vault["known"]))
    section.restore(draft)
    assert section.unsaved() == draft


# --- handovers -----------------------------------------------------------------------
def _choose_partner(qtbot, section, key: str) -> None:
    qtbot.waitUntil(lambda: bool(section.form.directory), timeout=10_000)
    common.select_data(section.form.partner, key)


def test_a_handover_needs_a_named_legal_ground_and_asks_feedback_in_four_weeks(
        qtbot, ctx, vault):
    section = make(qtbot, ctx, HandoversSection, vault["known"])
    _choose_partner(qtbot, section, "zorgcoordinator")
    assert "Seksuele uitbuiting" in section.form.partner_info.text()  # forms it covers
    section.form.handed_over_on.setDate(common.to_qdate(date(2026, 11, 2)))  # in the past
    assert common.from_qdate(section.form.feedback_due_on.date()) == date(2026, 11, 30)
    section.save()
    error = section.form.errors.labels["legal_ground"]
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert "RIEC" in error.text()  # Dutch, next to the field
    section.form.legal_ground.setText("art. 6 lid 1 sub e AVG, RIEC-convenant")
    with qtbot.waitSignal(section.changed, timeout=10_000):
        section.save()
    (handover,) = dossier(ctx, vault["known"]).handovers
    assert (handover.partner_key, handover.handed_over_on, handover.feedback_due_on,
            handover.legal_ground) == ("zorgcoordinator", date(2026, 11, 2),
                                       date(2026, 11, 30),
                                       "art. 6 lid 1 sub e AVG, RIEC-convenant")
    assert section.unsaved() is None  # the form was reset


def test_overdue_feedback_is_marked_on_the_signal_and_listed_in_te_doen(qtbot, ctx, vault):
    section = make(qtbot, ctx, HandoversSection, vault["late"])
    qtbot.waitUntil(section.overdue_banner.isVisible, timeout=10_000)
    assert "te laat" in section.overdue_banner.text()
    assert "01-11-2026" in section.overdue_banner.text()
    item = section.list.topLevelItem(0)
    assert item.text(4) == "TE LAAT: uiterlijk 01-11-2026" and item.font(4).bold()
    todo = on_worker(ctx, lambda s: s.signals.attention_list())
    assert any(a.code == "chase_feedback" and a.signal_id == vault["late"] and a.overdue
               for a in todo)
    # feedback received: recorded on the selected handover, the marker goes
    item.setSelected(True)
    assert section.feedback_box.isVisible() and not section.select_hint.isVisible()
    section.feedback_on.setDate(common.to_qdate(date(2026, 11, 23)))
    section.feedback_text.setPlainText("Zorgcoördinator heeft contact gelegd")
    with qtbot.waitSignal(section.changed, timeout=10_000):
        qtbot.mouseClick(section.feedback_button, Qt.MouseButton.LeftButton)
    reload(qtbot, ctx, section, vault["late"])
    assert not section.overdue_banner.isVisible()
    assert section.list.topLevelItem(0).text(4) == "ontvangen 23-11-2026"
    signal = dossier(ctx, vault["late"]).signal
    assert signal.status is SignalStatus.FEEDBACK_RECEIVED


def _save_pdf_and_confirm(qtbot, monkeypatch, section, start, pdf) -> None:
    """``start()`` the section's printing with its question answered yes, save the
    preview as the PDF ``pdf`` and confirm it was printed (the section then changes)."""
    from mensenhandel_desk.ui.printing.dialog import PreviewDialog

    monkeypatch.setattr(common, "ask", lambda *args: True)
    monkeypatch.setattr(PreviewDialog, "confirm_unencrypted", lambda self: True)
    monkeypatch.setattr(PreviewDialog, "ask_save_path", lambda self: pdf)
    start()
    preview = section.preview
    qtbot.waitUntil(lambda: preview.page_count > 0, timeout=20_000)
    preview.save_pdf()
    qtbot.waitUntil(lambda: preview.issued and not preview.busy, timeout=20_000)
    with qtbot.waitSignal(section.changed, timeout=10_000):
        preview.accept()


def test_printing_the_sheet_then_confirming_records_the_handover(
        qtbot, ctx, vault, monkeypatch, tmp_path):
    section = make(qtbot, ctx, HandoversSection, vault["known"])
    _choose_partner(qtbot, section, "nla")
    section.form.legal_ground.setText("art. 6 lid 1 sub e AVG, RIEC-convenant")
    _save_pdf_and_confirm(qtbot, monkeypatch, section, section.print_sheet,
                          tmp_path / "sheet.pdf")
    (handover,) = dossier(ctx, vault["known"]).handovers
    assert handover.partner_key == "nla"
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")


def test_handover_draft_and_clear(qtbot, ctx, vault):
    section = make(qtbot, ctx, HandoversSection, vault["late"])
    _choose_partner(qtbot, section, "riec")
    section.form.requested_action.setPlainText(SECRET)
    section.list.topLevelItem(0).setSelected(True)
    section.feedback_text.setPlainText(SECRET + " terugkoppeling")
    draft = section.unsaved()
    assert draft["form"]["partner_key"] == "riec"
    assert draft["feedback"]["text"] == SECRET + " terugkoppeling"
    section.clear()
    assert not any(SECRET in text for text in texts_of(section))
    assert section.form.partner.count() == 0  # the directory went too
    section.load(dossier(ctx, vault["late"]))
    section.restore(draft)
    qtbot.waitUntil(lambda: bool(section.form.directory), timeout=10_000)
    assert section.unsaved() == draft


# --- reporter informed ---------------------------------------------------------------
def test_an_anonymous_signal_has_no_reporter_to_inform(qtbot, ctx, vault):
    section = make(qtbot, ctx, ReporterFeedbackSection, vault["anonymous"])
    assert section.not_applicable.isVisible()
    assert "Niet van toepassing" in section.not_applicable.text()
    assert not section.body.isVisible()
    assert section.unsaved() is None


def test_the_letter_starts_from_its_template_and_recording_informs_the_reporter(
        qtbot, ctx, vault):
    section = make(qtbot, ctx, ReporterFeedbackSection, vault["known"])
    qtbot.waitUntil(lambda: bool(section.text.toPlainText()), timeout=10_000)
    reference = dossier(ctx, vault["known"]).signal.reference
    assert reference in section.text.toPlainText()  # placeholders filled
    assert section.template.currentData() == "in_behandeling"
    assert section.state.text() == "De melder is nog niet geïnformeerd."
    assert section.unsaved() is None  # the untouched template is not a draft
    section.text.appendPlainText("Extra zin van de functionaris.")
    assert section.unsaved()["text"].endswith("Extra zin van de functionaris.")
    with qtbot.waitSignal(section.changed, timeout=10_000):
        qtbot.mouseClick(section.record_button, Qt.MouseButton.LeftButton)
    reload(qtbot, ctx, section, vault["known"])
    (feedback,) = dossier(ctx, vault["known"]).reporter_feedback
    assert feedback.given_on == NOW.date()
    assert feedback.text.endswith("Extra zin van de functionaris.")
    assert section.state.text().startswith("De melder is geïnformeerd op 24 ")
    assert section.unsaved() is None


def test_the_printed_letter_is_recorded_when_the_officer_confirms(
        qtbot, ctx, vault, monkeypatch, tmp_path):
    section = make(qtbot, ctx, ReporterFeedbackSection, vault["known"])
    qtbot.waitUntil(lambda: bool(section.text.toPlainText()), timeout=10_000)
    _save_pdf_and_confirm(qtbot, monkeypatch, section, section.print_letter,
                          tmp_path / "brief.pdf")
    assert len(dossier(ctx, vault["known"]).reporter_feedback) == 1
    assert (tmp_path / "brief.pdf").read_bytes().startswith(b"%PDF")


# --- assessment, closing, legal hold -------------------------------------------------
def test_assessment_is_saved_on_the_veilig_thuis_scale(qtbot, ctx, vault):
    section = make(qtbot, ctx, ClosingSection, vault["known"])
    common.select_data(section.assessment, Assessment.POSSIBLE)
    assert section.unsaved() == {"assessment": "possible"}
    with qtbot.waitSignal(section.changed, timeout=10_000):
        section.save_assessment()
    assert dossier(ctx, vault["known"]).signal.assessment is Assessment.POSSIBLE
    reload(qtbot, ctx, section, vault["known"])
    assert section.unsaved() is None


def test_close_needs_an_outcome_warns_about_open_steps_and_can_be_undone(
        qtbot, ctx, vault, monkeypatch):
    section = make(qtbot, ctx, ClosingSection, vault["known"])
    assert "melder is nog niet geïnformeerd" in section.advice.text()
    section.close_signal()
    assert section.close_errors.labels["outcome"].isVisible()
    assert "uitkomst" in section.close_errors.labels["outcome"].text()
    questions = []
    monkeypatch.setattr(common, "ask", lambda parent, title, text: questions.append(text)
                        or True)
    common.select_data(section.outcome, Outcome.INSUFFICIENT_INFORMATION)
    section.closed_on.setDate(common.to_qdate(date(2026, 11, 20)))
    with qtbot.waitSignal(section.changed, timeout=10_000):
        qtbot.mouseClick(section.close_button, Qt.MouseButton.LeftButton)
    assert "melder is nog niet geïnformeerd" in questions[0]
    signal = dossier(ctx, vault["known"]).signal
    assert (signal.status, signal.outcome, signal.closed_on) == (
        SignalStatus.CLOSED, Outcome.INSUFFICIENT_INFORMATION, date(2026, 11, 20))
    reload(qtbot, ctx, section, vault["known"])
    assert section.status.text().startswith("Afgesloten op 20 ")
    assert "onvoldoende informatie" in section.status.text()
    assert section.status.text().count("Afgesloten") == 1  # no "Afloop: Afgesloten: …"
    assert section.reopen_button.isVisible() and not section.close_button.isVisible()
    with qtbot.waitSignal(section.changed, timeout=10_000):
        section.reopen()
    assert dossier(ctx, vault["known"]).signal.status is not SignalStatus.CLOSED


def test_legal_hold_needs_a_reason_and_can_be_lifted(qtbot, ctx, vault, monkeypatch):
    section = make(qtbot, ctx, ClosingSection, vault["known"])
    section.place_hold()
    qtbot.waitUntil(section.hold_errors.labels["reason"].isVisible, timeout=10_000)
    section.hold_reason.setPlainText("Lopend onderzoek politie")
    with qtbot.waitSignal(section.changed, timeout=10_000):
        section.place_hold()
    assert dossier(ctx, vault["known"]).signal.legal_hold_reason == "Lopend onderzoek politie"
    reload(qtbot, ctx, section, vault["known"])
    assert section.hold_state.text() == "Bewaarplicht: Lopend onderzoek politie"
    monkeypatch.setattr(common, "ask", lambda *args: True)
    with qtbot.waitSignal(section.changed, timeout=10_000):
        section.lift_hold()
    assert dossier(ctx, vault["known"]).signal.legal_hold_reason is None


def test_closing_draft_and_clear(qtbot, ctx, vault):
    section = make(qtbot, ctx, ClosingSection, vault["known"])
    common.select_data(section.outcome, Outcome.CARE_ONLY)
    section.hold_reason.setPlainText(SECRET)
    common.select_data(section.assessment, Assessment.RISK_FACTORS)
    draft = section.unsaved()
    # an outcome chosen is not pending input: closing is never implied by "Save"
    assert draft == {"assessment": "risk_factors", "hold_reason": SECRET}
    section.clear()
    assert SECRET not in texts_of(section)
    assert section.unsaved() is None
    section.load(dossier(ctx, vault["known"]))
    section.restore(draft)
    assert section.unsaved() == draft
    with qtbot.waitSignals([section.changed, section.changed], timeout=10_000):
        assert section.save()  # Ctrl+S: the assessment and the hold, nothing closed
    signal = dossier(ctx, vault["known"]).signal
    assert (signal.assessment, signal.legal_hold_reason, signal.status) == (
        Assessment.RISK_FACTORS, SECRET, SignalStatus.RECEIVED)


def test_a_saved_change_shows_at_once_while_another_form_keeps_its_input(
        qtbot, ctx, vault):
    """The editor does not reload a section with pending input: the section shows what
    it saved itself and keeps what is typed elsewhere in it."""
    section = make(qtbot, ctx, HandoversSection, vault["late"])
    _choose_partner(qtbot, section, "riec")
    section.form.requested_action.setPlainText("Bespreken aan de signalentafel")
    section.list.topLevelItem(0).setSelected(True)
    section.feedback_text.setPlainText("Ontvangen per beveiligde mail")
    with qtbot.waitSignal(section.changed, timeout=10_000):
        section.record_feedback()
    assert section.list.topLevelItem(0).text(4) == "ontvangen 24-11-2026"
    assert not section.overdue_banner.isVisible()
    assert section.unsaved()["form"]["requested_action"] == "Bespreken aan de signalentafel"


def test_the_letter_is_never_recorded_by_save(qtbot, ctx, vault):
    section = make(qtbot, ctx, ReporterFeedbackSection, vault["known"])
    qtbot.waitUntil(lambda: bool(section.text.toPlainText()), timeout=10_000)
    section.text.appendPlainText("Aangepast.")
    assert section.save() is False
    assert "niet apart bewaard" in section.errors.labels["body"].text()
    assert dossier(ctx, vault["known"]).reporter_feedback == []


def test_every_control_of_every_section_has_a_dutch_accessible_name(qtbot, ctx, vault):
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QWidget,
    )

    from mensenhandel_desk import i18n

    english = {m for m, t in i18n._catalog("nl").items() if m != t and len(m) > 3}
    problems = []
    ready = {ChecklistSection: lambda s: bool(s.rows),
             HandoversSection: lambda s: bool(s.form.directory),
             ReporterFeedbackSection: lambda s: s.template.count() > 0}
    for cls in (ChecklistSection, EnrichmentSection, HandoversSection,
                ReporterFeedbackSection, ClosingSection):
        section = make(qtbot, ctx, cls, vault["known"])
        # reference data (checklist, directory, template) arrives from the worker
        qtbot.waitUntil(lambda s=section, c=cls: ready.get(c, bool)(s), timeout=10_000)
        section.resize(1000, 3000)
        for widget in section.findChildren(QWidget):
            if not widget.isVisibleTo(section):
                continue
            if isinstance(widget, QAbstractButton | QLineEdit | QComboBox | QAbstractItemView
                          | QAbstractSpinBox | QPlainTextEdit):
                face = QAccessible.queryAccessibleInterface(widget)
                name = face.text(QAccessible.Text.Name) if face else ""
                if not name.strip():
                    problems.append(f"{cls.__name__}: {type(widget).__name__}")
            for text in (getattr(widget, "text", lambda: "")(), widget.toolTip(),
                         widget.accessibleName()):
                if isinstance(text, str) and text in english:
                    problems.append(f"{cls.__name__}: untranslated {text!r}")
    assert not problems, "\n".join(sorted(set(problems)))
