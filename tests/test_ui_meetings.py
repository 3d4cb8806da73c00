"""Overleggen on a real vault: plan a meeting, put a signal on it (from the meeting's own
search and from the register through ``add_signals_to_meeting``), record a decision,
see it again after a lock and unlock, the attendee warning on screen, and nothing of
the meeting left on screen after a lock. Real SQLCipher and real widgets, offscreen."""

from __future__ import annotations

import io
import shutil
from datetime import date

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from mensenhandel_desk.domain.models import Meeting
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.main_window import SECTIONS, MainWindow
from mensenhandel_desk.ui.meetings.add_to_meeting import AddToMeetingDialog
from mensenhandel_desk.ui.meetings.view import MeetingsView
from mensenhandel_desk.ui.worker import Worker
from tests.conftest import NOW, PASSPHRASE, make_reporter, make_signal

MEETINGS = [key for key, _title in SECTIONS].index("meetings")
REPORTER = make_reporter()


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> dict:
    from mensenhandel_desk.services.clock import fixed_clock

    path = tmp_path_factory.mktemp("meetings") / "kluis.mhd"
    with create_vault(path, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        first = services.signals.create(make_signal(summary="Kas met arbeidsmigranten"),
                                        reporter=REPORTER)
        second = services.signals.create(make_signal(summary="Nagelstudio laat open"))
        third = services.signals.create(make_signal(summary="Busje om vijf uur"))
        services.meetings.create(Meeting(held_on=date(2026, 10, 6), title="Oud overleg"))
    return {"path": path, "refs": [first.reference, second.reference, third.reference],
            "ids": [first.id, second.id, third.id]}


@pytest.fixture
def desk(qtbot, _template, vault_path, clock):
    vault_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_template["path"], vault_path)
    worker = Worker()
    ctx = DeskContext(worker, vault_path)
    window = MainWindow(ctx, QLabel("locked"))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.register.model.query_finished, timeout=20_000):
        ctx.open(lambda: open_vault(vault_path, PASSPHRASE, clock=clock))
    yield window
    if ctx.is_unlocked:
        with qtbot.waitSignal(ctx.locked, timeout=20_000):
            ctx.lock("quit")
    worker.shutdown()


def _meetings(qtbot, window: MainWindow) -> MeetingsView:
    window.show_section(MEETINGS)
    view = window.meetings
    qtbot.waitUntil(lambda: view.meetings.count() > 0, timeout=10_000)
    return view


def _texts(view: MeetingsView) -> list[str]:
    return [view.meetings.item(n).text() for n in range(view.meetings.count())]


def _plan(qtbot, view: MeetingsView, attendees: str = "Wijkagent Noord, politie") -> None:
    view.new_button.click()
    assert view.meeting_box.isEnabled() and not view.agenda_box.isEnabled()
    view.held_on.setDate(QDate(2026, 12, 1))
    view.place.setText("Stadhuis, kamer 2")
    view.attendees.setPlainText(attendees)
    view.save_meeting_button.click()
    qtbot.waitUntil(lambda: view.detail is not None and view.agenda_box.isEnabled(),
                    timeout=10_000)


def _add_by_search(qtbot, view: MeetingsView, reference: str) -> None:
    view.search.setText(reference)
    view.find_button.click()
    qtbot.waitUntil(lambda: view.results.count() == 1, timeout=10_000)
    count = view.items.count()
    view.add_button.click()
    qtbot.waitUntil(lambda: view.items.count() == count + 1, timeout=10_000)


def test_plan_add_decide_and_see_it_again_after_unlock(qtbot, desk, _template, clock,
                                                       monkeypatch):
    view = _meetings(qtbot, desk)
    assert any("Oud overleg" in t for t in _texts(view))  # a past meeting is listed
    _plan(qtbot, view)
    qtbot.waitUntil(lambda: any("Stadhuis" in t for t in _texts(view)), timeout=10_000)
    texts = _texts(view)
    # upcoming before past
    assert texts.index("Komend") < texts.index(next(t for t in texts if "Stadhuis" in t)) \
        < texts.index("Geweest")

    _add_by_search(qtbot, view, _template["refs"][1])
    assert _template["refs"][1] in view.items.item(0).text()
    assert view.item_box.isEnabled()
    view.decision.setPlainText("Controle met de NLA inplannen.")
    view.action_holder.setText("Toezichthouder, gemeente")
    view.has_due.setChecked(True)
    view.due_on.setDate(QDate(2026, 12, 15))
    view.save_item_button.click()
    qtbot.waitUntil(lambda: "✓" in view.items.item(0).text(), timeout=10_000)
    meeting_id = view.meeting_id

    # lock: nothing of the meeting stays on screen
    with qtbot.waitSignal(desk.ctx.locked, timeout=20_000):
        desk.ctx.lock("manual")
    assert view.meetings.count() == 0 and view.items.count() == 0
    assert view.place.text() == "" and view.attendees.toPlainText() == ""
    assert view.decision.toPlainText() == "" and view.action_holder.text() == ""

    # unlock: back on the same meeting, the decision read from the vault
    desk.ctx.open(lambda: open_vault(desk.ctx.vault_path, PASSPHRASE, clock=clock))
    qtbot.waitUntil(lambda: view.detail is not None and view.items.count() == 1,
                    timeout=20_000)
    assert view.meeting_id == meeting_id
    view.items.setCurrentRow(0)
    assert view.decision.toPlainText() == "Controle met de NLA inplannen."
    assert view.action_holder.text() == "Toezichthouder, gemeente"
    assert view.has_due.isChecked() and view.due_on.date() == QDate(2026, 12, 15)
    assert view.place.text() == "Stadhuis, kamer 2"

    # print the minutes: the preview gets the meeting's minutes in the chosen name mode
    requests = []
    monkeypatch.setattr("mensenhandel_desk.ui.printing.show_document",
                        lambda ctx, parent, request, on_done=None: requests.append(request))
    view.name_mode.setCurrentIndex(view.name_mode.findData("full"))
    view.minutes_button.click()
    assert requests and requests[0].title == f"Verslag OVERLEG-{meeting_id}"
    result = {}
    desk.ctx.run(lambda s: requests[0].render(s, True),
                 on_success=lambda doc: result.setdefault("doc", doc))
    qtbot.waitUntil(lambda: "doc" in result, timeout=20_000)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(result["doc"].pdf)).pages)
    text = " ".join(text.split())
    assert "Controle met de NLA inplannen." in text and "Naamweergave Volledige" in text

    # remove the item
    view.remove_item_button.click()
    qtbot.waitUntil(lambda: view.items.count() == 0, timeout=10_000)
    assert not view.item_box.isEnabled()


def test_attendee_who_is_the_reporter_is_warned_about_on_screen(qtbot, desk, _template):
    view = _meetings(qtbot, desk)
    _plan(qtbot, view, attendees="Wilhelmina Zuidervaart-Testmelder\nWijkagent, politie")
    assert view.warnings.isHidden()  # nothing on the agenda yet
    _add_by_search(qtbot, view, _template["refs"][0])
    qtbot.waitUntil(lambda: view.warnings.isVisible(), timeout=10_000)
    warning = view.warnings.text()
    assert _template["refs"][0] in warning and "melder" in warning
    assert "Coördinatorsma" not in warning  # only what the officer typed is quoted
    # the officer takes the name out: the warning goes
    view.attendees.setPlainText("Wijkagent, politie")
    view.save_meeting_button.click()
    qtbot.waitUntil(lambda: view.warnings.isHidden(), timeout=10_000)


def test_register_puts_selected_signals_on_a_new_meeting(qtbot, desk, _template):
    register = desk.register
    qtbot.waitUntil(lambda: register.model.rowCount() == 3, timeout=10_000)
    register.table.selectAll()
    assert sorted(register.selected_signal_ids()) == sorted(_template["ids"])
    register.agenda_action.trigger()
    dialog = None

    def found() -> bool:
        nonlocal dialog
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, AddToMeetingDialog) and w.isVisible()), None)
        return dialog is not None and dialog.meetings.count() > 0

    qtbot.waitUntil(found, timeout=10_000)
    # no upcoming meeting yet (the old one is past): only "plan a new meeting"
    assert dialog.meetings.count() == 1 and dialog.new_form.isEnabled()
    dialog.held_on.setDate(QDate(2026, 12, 8))
    dialog.place.setText("Politiebureau")
    with qtbot.waitSignal(dialog.added, timeout=10_000) as added:
        dialog.ok_button.click()
    assert len(added.args[0].added) == 3

    view = _meetings(qtbot, desk)
    qtbot.waitUntil(lambda: any("Politiebureau" in t and "3 signalen" in t
                                for t in _texts(view)), timeout=10_000)

    # again for one signal: the meeting is offered, the signal already on it is reported
    register.table.clearSelection()
    register.select_signal(_template["ids"][0])
    qtbot.waitUntil(lambda: register.selected_signal_ids() == [_template["ids"][0]],
                    timeout=10_000)
    messages = []
    desk.ctx.message.connect(messages.append)
    register.put_on_agenda()
    qtbot.waitUntil(found, timeout=10_000)
    assert dialog.meetings.count() == 2 and "Politiebureau" in dialog.meetings.item(0).text()
    assert not dialog.new_form.isEnabled()
    with qtbot.waitSignal(dialog.added, timeout=10_000):
        qtbot.keyClick(dialog.meetings, Qt.Key.Key_Return)
    assert messages[-1] == "1 signaal stond er al op."


def test_add_dialog_closes_on_lock(qtbot, desk, _template):
    from mensenhandel_desk.ui.meetings.add_to_meeting import add_signals_to_meeting

    add_signals_to_meeting(desk.ctx, desk, [_template["ids"][0]])
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, AddToMeetingDialog) and w.isVisible())
    qtbot.waitUntil(lambda: dialog.meetings.count() > 0, timeout=10_000)
    with qtbot.waitSignal(desk.ctx.locked, timeout=20_000):
        desk.ctx.lock("manual")
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_edits_left_behind_are_saved_not_dropped(qtbot, desk, _template, clock):
    """Switching to another item saves the decision typed; a lock saves what is still
    unsaved (without asking) before the vault closes."""
    view = _meetings(qtbot, desk)
    _plan(qtbot, view)
    _add_by_search(qtbot, view, _template["refs"][1])
    _add_by_search(qtbot, view, _template["refs"][2])
    view.items.setCurrentRow(0)
    view.decision.setPlainText("Eerst de NLA bellen.")
    view._item_edited()  # what typing does (textChanged)
    view.items.setCurrentRow(1)  # leave the item: saved on the worker
    assert view.decision.toPlainText() == ""
    qtbot.waitUntil(lambda: view.items.item(0).text().endswith("✓"), timeout=10_000)

    view.action_holder.setText("Zorgcoördinator, gemeente")
    view.action_holder.textEdited.emit("Zorgcoördinator, gemeente")
    view.place.setText("Stadskantoor")
    view.place.textEdited.emit("Stadskantoor")
    assert view.has_unsaved_edits()
    with qtbot.waitSignal(desk.ctx.locked, timeout=20_000):
        desk.ctx.lock("idle")
    assert view.place.text() == "" and view.action_holder.text() == ""

    desk.ctx.open(lambda: open_vault(desk.ctx.vault_path, PASSPHRASE, clock=clock))
    qtbot.waitUntil(lambda: view.detail is not None and view.items.count() == 2,
                    timeout=20_000)
    assert view.place.text() == "Stadskantoor"
    view.items.setCurrentRow(0)
    assert view.decision.toPlainText() == "Eerst de NLA bellen."
    view.items.setCurrentRow(1)
    assert view.action_holder.text() == "Zorgcoördinator, gemeente"


def test_a_loaded_meeting_is_dutch_named_and_keyboard_reachable(qtbot, desk, _template):
    """With a meeting, its agenda, a decision and search results on screen: every
    enabled control has a Dutch accessible name, and Tab from the meetings list reaches
    the meeting form."""
    from mensenhandel_desk import i18n
    from tests.test_ui_quality import INTERACTIVE, _accessible_name, _static_texts

    view = _meetings(qtbot, desk)
    _plan(qtbot, view)
    _add_by_search(qtbot, view, _template["refs"][0])
    view.search.setText(_template["refs"][1])
    view.find_button.click()
    qtbot.waitUntil(lambda: view.results.isVisible(), timeout=10_000)
    catalog = i18n._catalog("nl")
    english = {m for m, t in catalog.items() if m != t and len(m) > 3}
    problems = [f"untranslated {t!r}" for t in _static_texts(view) if t in english]
    for widget in view.findChildren(QWidget):
        shown = isinstance(widget, INTERACTIVE) and widget.isVisible() and widget.isEnabled()
        if shown and not _accessible_name(widget).strip():
            problems.append(f"{type(widget).__name__} in "
                            f"{widget.parent().accessibleName()!r} has no accessible name")
    assert not problems, "\n".join(problems)

    view.meetings.setFocus()
    qtbot.keyClick(view.meetings, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.new_button
    qtbot.keyClick(view.new_button, Qt.Key.Key_Tab)
    assert view.held_on.isAncestorOf(QApplication.focusWidget()) or \
        QApplication.focusWidget() is view.held_on


def test_the_meeting_shown_picks_up_signals_added_from_the_register(qtbot, desk, _template):
    view = _meetings(qtbot, desk)
    _plan(qtbot, view)
    assert view.items.count() == 0
    desk.show_section(0)  # the register
    register = desk.register
    qtbot.waitUntil(lambda: register.model.rowCount() == 3, timeout=10_000)
    register.select_signal(_template["ids"][2])
    qtbot.waitUntil(lambda: register.selected_signal_ids() == [_template["ids"][2]],
                    timeout=10_000)
    register.put_on_agenda()
    dialog = None

    def found() -> bool:
        nonlocal dialog
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, AddToMeetingDialog) and w.isVisible()), None)
        return dialog is not None and dialog.meetings.count() == 2

    qtbot.waitUntil(found, timeout=10_000)
    with qtbot.waitSignal(dialog.added, timeout=10_000):
        dialog.ok_button.click()  # the planned meeting is the first line
    desk.show_section(MEETINGS)
    qtbot.waitUntil(lambda: view.items.count() == 1, timeout=10_000)
    assert _template["refs"][2] in view.items.item(0).text()
