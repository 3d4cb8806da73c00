"""The signal editor on a real vault (issue 8): a new signal, a backlog entry, an
anonymous source, errors next to their field, already-known while typing, the question
on leaving, drafts on lock, and nothing personal left after a lock or in the title."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from mensenhandel_desk.domain.enums import PartyKind, PartyRole, SignalSource
from mensenhandel_desk.domain.models import Party
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.ui.signal import editor as editor_module
from tests.conftest import PASSPHRASE, make_reporter, make_signal
from tests.helpers import (
    editor_window,
    new_in_editor,
    open_in_editor,
    run_on_worker,
    save_in_editor,
)

WAIT = 20_000
KNOWN = "Olena Kovalenko-Testpersoon"
REPORTER = "Wilhelmina Zuidervaart-Testmelder"


@pytest.fixture(scope="module")
def _template(tmp_path_factory):
    from mensenhandel_desk.services.clock import fixed_clock
    from tests.conftest import NOW

    path = tmp_path_factory.mktemp("editor") / "kluis.mhd"
    with create_vault(path, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        earlier = services.signals.create(make_signal(summary="Eerder signaal",
                                                      received_on=date(2025, 3, 1)))
        services.signals.add_party(Party(signal_id=earlier.id, kind=PartyKind.PERSON,
                                         role=PartyRole.POSSIBLE_VICTIM, name=KNOWN,
                                         date_of_birth=date(1990, 5, 17)))
        current = services.signals.create(make_signal(summary="Huidig signaal"),
                                          make_reporter(name=REPORTER))
    return {"path": path, "earlier": earlier.id, "current": current.id,
            "earlier_ref": earlier.reference}


@pytest.fixture
def window(qtbot, _template, vault_path, clock):
    yield from editor_window(qtbot, _template["path"], vault_path, clock)


_run, _open, _new, _save = run_on_worker, open_in_editor, new_in_editor, save_in_editor


def test_new_backdated_signal_is_created_and_shown(qtbot, window):
    editor = _new(qtbot, window)
    form = editor.general
    assert editor.title.text() == "Nieuw signaal"
    assert not editor.nav.item(1).flags() & Qt.ItemFlag.ItemIsEnabled  # save first
    assert form.reporter.body.isHidden()  # collapsed by default
    form.received.setDate(QDate(2025, 1, 15))  # a backlog entry
    qtbot.keyClicks(form.summary, "Achterstand: busje bij kas")
    form.source.setCurrentIndex(form.source.findData(SignalSource.PARTNER))
    form.forms[next(iter(form.forms))].setChecked(True)
    form.reporter.toggle.click()
    qtbot.keyClicks(form.reporter.name, REPORTER)
    _save(qtbot, editor)
    assert editor.reference.startswith("MH-2025-")  # numbered in the year received
    assert editor.general.summary.text() == "Achterstand: busje bij kas"
    assert editor.general.received.date() == QDate(2025, 1, 15)
    assert editor.dossier.has_reporter and not editor.has_unsaved()
    assert editor.general.reporter.name.text() == ""  # shown only on request
    assert REPORTER not in window.windowTitle() and editor.reference not in window.windowTitle()
    states = editor.stepper.states
    assert states[1] == "current" and states[2] == "next"  # the engine: enrich next
    window.request_back()
    assert window.signals_stack.currentWidget() is window.register
    qtbot.waitUntil(lambda: window.register.model.rowCount() == 3, timeout=WAIT)


def test_anonymous_source_has_no_reporter_and_is_allowed(qtbot, window):
    editor = _new(qtbot, window)
    form = editor.general
    form.source.setCurrentIndex(form.source.findData(SignalSource.ANONYMOUS_LINE))
    assert form.reporter.isHidden() and form.anonymous_note.isVisible()
    qtbot.keyClicks(form.summary, "Tip via Meld Misdaad Anoniem")
    _save(qtbot, editor)
    assert not editor.dossier.has_reporter
    assert editor.general.reporter.isHidden()
    assert "geen melder" in editor.stepper.boxes[5].text()  # step 6 not applicable


def test_validation_error_appears_next_to_the_field(qtbot, window):
    editor = _new(qtbot, window)
    form = editor.general
    qtbot.keyClick(form.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.errors.message("summary") != "", timeout=WAIT)
    assert form.errors.message("summary") == "Veld 'Samenvatting' is verplicht."
    assert form.summary.accessibleDescription() == "Veld 'Samenvatting' is verplicht."
    assert editor.is_new and window.register.model.rowCount() == 2  # nothing saved


def test_known_person_shows_while_typing_and_opens_the_earlier_signal(qtbot, window,
                                                                        _template,
                                                                        monkeypatch):
    editor = _open(qtbot, window, _template["current"])
    editor.show_part("parties")
    pane = editor.parties.party_pane
    pane.add_button.click()
    qtbot.keyClicks(pane.name, KNOWN)
    qtbot.keyClicks(pane.birth, "17-05-1990")
    qtbot.waitUntil(lambda: pane.hits.count() == 1, timeout=WAIT)
    assert _template["earlier_ref"] in pane.hits.item(0).text()
    assert "zelfde persoon" in pane.hits.item(0).text()
    assert pane.hits_title.isVisible()
    # leaving with the typed party asks; Cancel stays
    asked = []
    monkeypatch.setattr(editor_module.SignalEditor, "ask_unsaved", staticmethod(
        lambda parent: asked.append(1) or editor_module.DISCARD))
    with qtbot.waitSignal(editor.loaded, timeout=WAIT):
        pane.hits.itemClicked.emit(pane.hits.item(0))
    assert asked == [1]
    assert editor.signal_id == _template["earlier"]
    assert any(KNOWN in name for name in editor.parties.shown_names())


def test_unsaved_edit_and_navigation_asks_save_discard_cancel(qtbot, window, _template,
                                                               monkeypatch):
    editor = _open(qtbot, window, _template["current"])
    answers = [editor_module.CANCEL, editor_module.SAVE]
    asked: list[str] = []

    def ask(_parent):
        asked.append("?")
        return answers.pop(0)

    monkeypatch.setattr(editor_module.SignalEditor, "ask_unsaved", staticmethod(ask))
    qtbot.keyClicks(editor.general.summary, " (bijgewerkt)")
    window.request_back()  # Cancel: still here, input kept
    assert window.signals_stack.currentWidget() is editor
    assert editor.general.summary.text().endswith("(bijgewerkt)")
    window.show_section(1)  # the sidebar asks too: Save, then stays to show the result
    qtbot.waitUntil(lambda: not editor.has_unsaved(), timeout=WAIT)
    assert asked == ["?", "?"]
    summary = _run(qtbot, window.ctx,
                   lambda s: s.signals.get(_template["current"]).summary)
    assert summary == "Huidig signaal (bijgewerkt)"
    window.request_back()  # nothing unsaved: no question
    assert len(asked) == 2 and window.signals_stack.currentWidget() is window.register


def test_lock_keeps_a_draft_without_asking_and_unlock_offers_it(qtbot, window, _template,
                                                                monkeypatch, clock):
    ctx = window.ctx
    monkeypatch.setattr(editor_module.SignalEditor, "ask_unsaved",
                        staticmethod(lambda parent: pytest.fail("the lock asked")))
    editor = _open(qtbot, window, _template["current"])
    qtbot.keyClicks(editor.general.summary, " met nieuwe feiten")
    editor.show_part("parties")
    editor.parties.party_pane.add_button.click()
    qtbot.keyClicks(editor.parties.party_pane.name, "Piotr Nowak-Verzonnen")
    with qtbot.waitSignal(ctx.locked, timeout=WAIT):
        ctx.lock("idle")
    # nothing personal left in the widgets, the title or undo stacks
    assert editor.general.summary.text() == "" and editor.parties.shown_names() == []
    assert editor.parties.party_pane.name.text() == ""
    assert editor.general.description.document().isUndoAvailable() is False
    assert "Piotr" not in window.windowTitle() and "Huidig" not in window.windowTitle()
    with qtbot.waitSignals([ctx.unlocked, editor.loaded], timeout=WAIT):
        ctx.open(lambda: open_vault(ctx.vault_path, PASSPHRASE, clock=clock))
    assert editor.banner.isVisible() and "10:00" in editor.banner.text.text()
    assert editor.general.summary.text() == "Huidig signaal"  # the saved text first
    editor.banner.restore_button.click()
    assert editor.general.summary.text() == "Huidig signaal met nieuwe feiten"
    assert editor.parties.party_pane.name.text() == "Piotr Nowak-Verzonnen"
    assert editor.has_unsaved()
    qtbot.waitUntil(lambda: _run(qtbot, ctx, lambda s: s.drafts.keys()) == [], timeout=WAIT)
    editor.discard_unsaved()  # closing the window would ask otherwise


def test_new_signal_draft_comes_back_on_ctrl_n(qtbot, window, clock):
    ctx = window.ctx
    editor = _new(qtbot, window)
    qtbot.keyClicks(editor.general.summary, "Half ingevuld")
    editor.general.reporter.toggle.click()
    qtbot.keyClicks(editor.general.reporter.name, REPORTER)
    with qtbot.waitSignal(ctx.locked, timeout=WAIT):
        ctx.lock("screen")
    assert editor.general.reporter.name.text() == ""
    with qtbot.waitSignals([ctx.unlocked, editor.loaded], timeout=WAIT):
        ctx.open(lambda: open_vault(ctx.vault_path, PASSPHRASE, clock=clock))
    assert editor.is_new and editor.banner.isVisible()
    editor.banner.restore_button.click()
    assert editor.general.summary.text() == "Half ingevuld"
    assert editor.general.reporter.name.text() == REPORTER
    editor.discard_unsaved()  # closing the window would ask otherwise


def test_show_reporter_only_on_request(qtbot, window, _template):
    editor = _open(qtbot, window, _template["current"])
    reporter = editor.general.reporter
    assert reporter.name.text() == "" and "alleen zichtbaar op verzoek" in reporter.state.text()
    reporter.toggle.click()
    assert reporter.reveal_button.isVisible()
    reporter.reveal_button.click()
    qtbot.waitUntil(lambda: reporter.name.text() == REPORTER, timeout=WAIT)
    assert REPORTER not in window.windowTitle()


def test_every_control_of_the_editor_has_an_accessible_name(qtbot, window, _template):
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QWidget,
    )

    interactive = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView,
                   QAbstractSpinBox, QPlainTextEdit)
    editor = _open(qtbot, window, _template["current"])
    editor.general.reporter.toggle.click()
    editor.parties.party_pane.add_button.click()
    editor.parties.location_pane.add_button.click()
    nameless = []
    for part in ("general", "parties"):
        editor.show_part(part)
        for widget in editor.findChildren(QWidget):
            if isinstance(widget, interactive) and widget.isVisible() and (
                    widget is editor.general or editor.general.isAncestorOf(widget)
                    or editor.parties.isAncestorOf(widget) or editor.stepper.isAncestorOf(
                        widget) or widget.parent() is editor):
                interface = QAccessible.queryAccessibleInterface(widget)
                if not interface.text(QAccessible.Text.Name).strip():
                    nameless.append(f"{part}: {type(widget).__name__}")
    assert not nameless
    editor.discard_unsaved()


def test_closing_the_window_with_unsaved_edits_asks_first(qtbot, window, _template,
                                                         monkeypatch):
    editor = _open(qtbot, window, _template["current"])
    answers = [editor_module.CANCEL, editor_module.DISCARD]
    monkeypatch.setattr(editor_module.SignalEditor, "ask_unsaved",
                        staticmethod(lambda parent: answers.pop(0)))
    qtbot.keyClicks(editor.general.summary, " gewijzigd")
    window.close()  # Cancel: the window, the vault and the input stay
    assert window.isVisible() and window.ctx.is_unlocked
    assert editor.general.summary.text().endswith("gewijzigd")
    with qtbot.waitSignal(window.ctx.locked, timeout=WAIT):
        window.close()  # Discard: locks (nothing kept as a draft) and closes
    assert answers == []
    with open_vault(window.ctx.vault_path, PASSPHRASE) as services:
        assert services.drafts.keys() == []
        assert services.signals.get(_template["current"]).summary == "Huidig signaal"
