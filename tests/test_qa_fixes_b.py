"""Fixes after the QA walk-through (helper fix-B), on real vaults: the party form (kind,
role, already known while typing), the register kept current, a destroyed signal opened
from a stale row, typing a received date, focus after a lock with a dialog open, the same
address twice, wording, "discussed" only once the meeting was held, the meeting just
planned pre-selected, the register's header widths and the known-check read ahead."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from mensenhandel_desk.domain.enums import (
    LocationKind,
    Outcome,
    PartyKind,
    PartyRole,
    SignalSource,
    SignalStatus,
)
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.labels import label, outcome_short
from mensenhandel_desk.domain.models import Location, Meeting, Party
from mensenhandel_desk.services.clock import fixed_clock
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.register.model import COL_STATUS, COL_SUMMARY
from mensenhandel_desk.ui.worker import Worker
from tests.conftest import NOW, PASSPHRASE, TODAY, make_reporter, make_signal
from tests.helpers import (
    editor_window,
    new_in_editor,
    open_in_editor,
    run_on_worker,
    save_in_editor,
)

WAIT = 20_000
IRIS = "Iris Smit-Testpersoon"
IRIS_BORN = date(1991, 3, 12)
FILLERS = 80


@pytest.fixture(scope="module")
def _template(tmp_path_factory):
    path = tmp_path_factory.mktemp("fixb") / "kluis.mhd"
    with create_vault(path, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        earlier = services.signals.create(make_signal(summary="Eerder signaal Iris",
                                                      received_on=date(2025, 3, 1)))
        services.signals.add_party(Party(signal_id=earlier.id, kind=PartyKind.PERSON,
                                         role=PartyRole.POSSIBLE_VICTIM, name=IRIS,
                                         date_of_birth=IRIS_BORN))
        current = services.signals.create(make_signal(summary="Huidig signaal"),
                                          make_reporter())
        old = services.signals.create(make_signal(summary="Oud afgesloten signaal",
                                                  received_on=date(2018, 5, 1)))
        services.signals.close(old.id, Outcome.NO_TRAFFICKING, closed_on=date(2018, 6, 1))
        today_meeting = services.meetings.create(Meeting(held_on=TODAY, title="Overleg vandaag"))
        for n in range(FILLERS):  # enough rows to scroll
            services.signals.create(make_signal(summary=f"Vulsignaal {n}",
                                                received_on=date(2026, 1, 1)
                                                + timedelta(days=n)))
    return {"path": path, "earlier": earlier.id, "current": current.id, "old": old.id,
            "old_ref": old.reference, "earlier_ref": earlier.reference,
            "current_ref": current.reference, "today_meeting": today_meeting.id}


@pytest.fixture
def window(qtbot, _template, vault_path, clock):
    yield from editor_window(qtbot, _template["path"], vault_path, clock)


_run, _open, _new, _save = run_on_worker, open_in_editor, new_in_editor, save_in_editor


def _cell(window, signal_id, column):
    model = window.register.model
    row = model.row_of(signal_id)
    return None if row is None else model.index(row, column).data()


# --- 1. the party form: a person can be "already known"; an organisation's fields -------
def test_new_signal_person_is_already_known_while_typing(qtbot, window, _template):
    editor = _new(qtbot, window)
    qtbot.keyClicks(editor.general.summary, "Nieuw signaal met bekende persoon")
    _save(qtbot, editor)
    editor.show_part("parties")
    pane = editor.parties.party_pane
    pane.add_button.click()
    assert pane.kind.currentData() == PartyKind.PERSON
    assert pane.role.currentData() == PartyRole.POSSIBLE_VICTIM
    assert pane.birth.isEnabled() and pane.gender.isEnabled() and pane.nationality.isEnabled()
    assert not pane.kvk.isEnabled()
    qtbot.keyClicks(pane.name, IRIS)
    qtbot.keyClicks(pane.birth, "12-03-1991")  # typed: the field is enabled for a person
    assert pane.birth.text() == "12-03-1991"
    qtbot.waitUntil(lambda: pane.hits.count() == 1, timeout=WAIT)
    assert _template["earlier_ref"] in pane.hits.item(0).text()
    assert "zelfde persoon" in pane.hits.item(0).text()
    assert pane.hits.accessibleName() == "Al bekend uit andere signalen"
    # an organisation: no birth date, gender or nationality; KvK; not a "possible victim"
    pane.kind.setCurrentIndex(pane.kind.findData(PartyKind.ORGANISATION))
    assert not pane.birth.isEnabled() and not pane.gender.isEnabled()
    assert not pane.nationality.isEnabled() and pane.kvk.isEnabled()
    assert pane.role.currentData() == PartyRole.OTHER
    assert pane.record(editor.signal_id).nationality == ""
    pane.kind.setCurrentIndex(pane.kind.findData(PartyKind.PERSON))
    assert pane.role.currentData() == PartyRole.POSSIBLE_VICTIM
    pane.role.setCurrentIndex(pane.role.findData(PartyRole.POSSIBLE_PERPETRATOR))
    pane.kind.setCurrentIndex(pane.kind.findData(PartyKind.ORGANISATION))
    assert pane.role.currentData() == PartyRole.POSSIBLE_PERPETRATOR  # chosen: kept
    pane.cancel()


# --- 2. the register follows saves and agendas, keeping the selection ------------------
def test_register_shows_saved_changes_and_agenda_status_without_f5(qtbot, window,
                                                                  _template):
    current = _template["current"]
    window.register.select_signal(current)
    editor = _open(qtbot, window, current)
    qtbot.keyClicks(editor.general.summary, " (bijgewerkt)")
    _save(qtbot, editor)
    # on a meeting's agenda (held today: discussed)
    from mensenhandel_desk.ui.meetings.add_to_meeting import AddToMeetingDialog

    editor.meeting_button.click()
    dialog = editor.findChild(AddToMeetingDialog)
    qtbot.waitUntil(lambda: dialog.meetings.count() == 2, timeout=WAIT)
    assert dialog.chosen() == _template["today_meeting"]
    with qtbot.waitSignal(dialog.added, timeout=WAIT):
        dialog.ok_button.click()
    with qtbot.waitSignal(window.register.model.query_finished, timeout=WAIT):
        window.request_back()
    assert window.signals_stack.currentWidget() is window.register
    assert _cell(window, current, COL_SUMMARY) == "Huidig signaal (bijgewerkt)"
    assert _cell(window, current, COL_STATUS) == label(SignalStatus.DISCUSSED)
    assert window.register.selected_signal_id() == current


def test_f5_keeps_the_selected_rows_and_the_scroll_position(qtbot, window, _template):
    register = window.register
    window.resize(1000, 500)
    register.select_signal(_template["earlier"])  # near the bottom (received in 2025)
    qtbot.waitUntil(lambda: register.table.verticalScrollBar().value() > 0, timeout=WAIT)
    scrolled = register.table.verticalScrollBar().value()
    assert register.selected_signal_id() == _template["earlier"]
    with qtbot.waitSignal(register.model.query_finished, timeout=WAIT):
        window.refresh_action.trigger()
    assert register.selected_signal_id() == _template["earlier"]
    assert register.selected_signal_ids() == [_template["earlier"]]
    assert register.table.verticalScrollBar().value() == scrolled


def test_a_purge_in_the_retention_tool_refreshes_the_register(qtbot, window, _template):
    from mensenhandel_desk.services.retention import RetentionService
    from mensenhandel_desk.ui.tools.retention import RetentionDialog

    register = window.register
    count = register.model.rowCount()
    window.open_tool("retention")
    dialog = window.findChild(RetentionDialog)
    result = _run(qtbot, window.ctx, lambda s: RetentionService(s).purge(
        confirm=True, references=[_template["old_ref"]]))
    with qtbot.waitSignal(register.model.query_finished, timeout=WAIT):
        dialog.purged.emit(result)  # what the dialog emits after its purge
    assert register.model.rowCount() == count - 1
    assert register.count_label.text() == f"{count - 1} signalen"
    dialog.close()


# --- 3. a destroyed signal opened from a stale row ---------------------------------------
def test_opening_a_destroyed_signal_returns_to_the_refreshed_register(qtbot, window,
                                                                      _template):
    ctx, register = window.ctx, window.register
    old, reference = _template["old"], _template["old_ref"]
    assert register.model.row_of(old) is not None
    count = register.model.rowCount()
    from mensenhandel_desk.services.retention import RetentionService

    result = _run(qtbot, ctx, lambda s: RetentionService(s).purge(confirm=True,
                                                                  references=[reference]))
    assert [getattr(x, "reference", x) for x in result.purged] == [reference]
    assert register.model.row_of(old) is not None  # the stale row
    with qtbot.waitSignal(register.model.query_finished, timeout=WAIT):
        window.open_signal(old)
    assert window.signals_stack.currentWidget() is register
    message = window.statusBar().currentMessage()
    assert reference in message and "bestaat niet meer" in message
    assert str(old) not in message.replace(reference, "")
    assert register.model.rowCount() == count - 1 and register.model.row_of(old) is None
    editor = window.editor
    assert editor.signal_id is None and editor.title.text() == ""
    assert not editor.nav.item(1).flags() & Qt.ItemFlag.ItemIsEnabled
    editor.save_all()  # Ctrl+S: nothing to save, no "Signaal None"
    assert "None" not in editor.message.text()


def test_the_service_message_names_no_internal_id(services) -> None:
    from mensenhandel_desk.domain.errors import NotFound

    with pytest.raises(NotFound) as info:
        services.signals.dossier(987654)
    assert "987654" not in info.value.message
    assert "bestaat niet" in info.value.message


# --- 4. a received date typed in one go ---------------------------------------------------
def test_received_date_can_be_typed_in_one_go_and_the_future_is_refused(qtbot, window):
    editor = _new(qtbot, window)
    field = editor.general.received
    field.setFocus()
    for typed, expected in (("30-10-2026", QDate(2026, 10, 30)),
                            ("14102025", QDate(2025, 10, 14)),
                            ("2-3-2025", QDate(2025, 3, 2))):
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(field, typed)
        assert field.date() == expected, typed
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "14-12-2026")  # after today (24-11-2026)
    assert field.date() == QDate(2026, 12, 14)
    field.editingFinished.emit()  # leaving the field
    assert "ligt in de toekomst" in editor.general.errors.message("received_on")
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "14-11-2026")
    assert editor.general.errors.message("received_on") == ""
    editor.discard_unsaved()


# --- 5. the unlock field has the focus after a lock with a dialog open -------------------
def test_lock_with_a_dialog_open_focuses_the_passphrase(qtbot, _template, vault_path):
    from mensenhandel_desk.ui.app import Desk

    vault_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_template["path"], vault_path)
    desk = Desk(DeskContext(Worker(), vault_path))
    qtbot.addWidget(desk.window)
    desk.show()
    try:
        desk.unlock.passphrase.setFocus()
        qtbot.keyClicks(desk.unlock.passphrase, PASSPHRASE)
        with qtbot.waitSignals([desk.ctx.unlocked,
                                desk.window.register.model.query_finished], timeout=WAIT):
            qtbot.keyClick(desk.unlock.passphrase, Qt.Key.Key_Return)
        box = QMessageBox(QMessageBox.Icon.Question, "Vraag", "Doorgaan?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          desk.window)
        box.open()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=WAIT)
        with qtbot.waitSignal(desk.ctx.locked, timeout=WAIT):
            desk.window.lock_now()
        assert not box.isVisible()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is desk.unlock.passphrase,
                        timeout=WAIT)
        assert QApplication.activeWindow() is desk.window
    finally:
        if desk.ctx.is_unlocked:
            with qtbot.waitSignal(desk.ctx.locked, timeout=WAIT):
                desk.ctx.lock("quit")
        desk.shutdown()


# --- 6. the same address twice on one signal ---------------------------------------------
def test_the_same_address_twice_on_one_signal_is_refused(services) -> None:
    signal = services.signals.create(make_signal(summary="Adres dubbel"))
    first = Location(signal_id=signal.id, kind=LocationKind.HOME, street="Kerkstraat",
                     house_number="7a", postcode="3441 AB", town="Woerden")
    services.signals.add_location(first)
    again = Location(signal_id=signal.id, kind=LocationKind.WORKPLACE,
                     street="Kerkstraat", house_number="7 A", postcode="3441ab",
                     town="Woerden")
    with pytest.raises(ValidationError) as info:
        services.signals.add_location(again)
    assert info.value.field == "location"
    assert info.value.message.startswith("Dit adres staat al bij dit signaal.")
    # without a postcode: street, number and town
    services.signals.add_location(Location(signal_id=signal.id, kind=LocationKind.HOTEL,
                                           street="Dorpsweg", house_number="3",
                                           town="Harmelen"))
    with pytest.raises(ValidationError):
        services.signals.add_location(Location(signal_id=signal.id,
                                               kind=LocationKind.HOTEL,
                                               street="dorpsweg ", house_number="3",
                                               town="HARMELEN"))
    # another number in the same street is another address; the same one changed is fine
    services.signals.add_location(replace_number(first, "9"))
    stored = services.signals.dossier(signal.id, audited=False).locations[0]
    services.signals.update_location(replace_number(stored, "7A"))


def replace_number(location: Location, number: str) -> Location:
    from dataclasses import replace

    return replace(location, house_number=number)


def test_already_known_names_a_signal_once_however_often_it_holds_the_address(
        services) -> None:
    from mensenhandel_desk.domain.matching import address_key

    other = services.signals.create(make_signal(summary="Oud dubbel adres"))
    # an older vault may hold the address twice on one signal (before the refusal)
    with services.signals.vault.unit_of_work() as uow:
        for number in ("12", "12 "):
            loc = Location(signal_id=other.id, kind=LocationKind.HOME, street="Laan",
                           house_number=number, postcode="3441AB", town="Woerden")
            uow.locations.add_keyed(loc, address_key(loc.postcode, loc.house_number))
    new = services.signals.create(make_signal(summary="Nieuw"))
    candidate = Location(signal_id=new.id, kind=LocationKind.HOME, street="Laan",
                         house_number="12", postcode="3441 AB", town="Woerden")
    hits = services.signals.known_for(candidate, exclude_signal_id=new.id)
    assert [h.signal_id for h in hits] == [other.id]
    _location, saved_hits = services.signals.add_location(candidate)
    assert [h.signal_id for h in saved_hits] == [other.id]


# --- 7. wording ----------------------------------------------------------------------------
def test_outcome_short_form_leaves_out_closed() -> None:
    assert label(Outcome.CARE_ONLY) == "Afgesloten: opgepakt door zorg"
    assert outcome_short(Outcome.CARE_ONLY) == "opgepakt door zorg"
    for outcome in Outcome:
        assert not outcome_short(outcome).lower().startswith("afgesloten")


def test_closed_line_and_step_6_without_reporter(qtbot, window, _template):
    ctx = window.ctx
    signal = _run(qtbot, ctx, lambda s: s.signals.create(make_signal(
        summary="Anonieme tip", source=SignalSource.ANONYMOUS_LINE)))
    editor = _open(qtbot, window, signal.id)
    step6 = editor.stepper.boxes[5].text()
    assert "n.v.t. (geen melder)" in step6 and "nog niet" not in step6
    _run(qtbot, ctx, lambda s: s.signals.close(signal.id, Outcome.CARE_ONLY))
    with qtbot.waitSignal(editor.loaded, timeout=WAIT):
        editor.reload()
    assert editor.stepper.next_label.text() == "Afgesloten op 24-11-2026: opgepakt door zorg"


# --- 8. discussed only once the meeting was held (or decided) ----------------------------
def test_a_future_meeting_does_not_make_the_signal_discussed(vault_path, clock) -> None:
    vault_path.parent.mkdir(parents=True, exist_ok=True)
    later = TODAY + timedelta(days=7)
    with create_vault(vault_path, PASSPHRASE, clock=clock) as services:
        planned = services.signals.create(make_signal(summary="Gepland"))
        decided = services.signals.create(make_signal(summary="Besloten"))
        meeting = services.meetings.plan(Meeting(held_on=later, title="Overleg"),
                                         [planned.id, decided.id])
        assert services.signals.get(planned.id).status is SignalStatus.RECEIVED
        item = services.meetings.item_for(meeting.meeting_id, decided.reference)
        services.meetings.record_decision(item.id, "Doorzetten naar de zorg")
        assert services.signals.get(decided.id).status is SignalStatus.DISCUSSED
        touched = services.signals.get(planned.id).updated_at
        assert services.signals.next_actions(planned.id)[0].code == "enrich"
    # the meeting's day: on unlock the status catches up (not counted as touched)
    with open_vault(vault_path, PASSPHRASE,
                    clock=fixed_clock(NOW + timedelta(days=7))) as services:
        signal = services.signals.get(planned.id)
        assert signal.status is SignalStatus.DISCUSSED
        assert signal.updated_at == touched
        rows = services.signals.rows([planned.id])
        assert rows[0].status is SignalStatus.DISCUSSED
        # a meeting moved to a later date: no longer discussed
        moved = services.meetings.get(meeting.meeting_id)
        moved.held_on = TODAY + timedelta(days=30)
        services.meetings.update(moved)
        assert services.signals.get(planned.id).status is SignalStatus.RECEIVED
        assert services.signals.get(decided.id).status is SignalStatus.DISCUSSED


# --- 9. the meeting just planned is pre-selected next time --------------------------------
def test_the_meeting_just_planned_is_preselected(qtbot, window, _template):
    from mensenhandel_desk.ui.meetings.add_to_meeting import (
        AddToMeetingDialog,
        add_signals_to_meeting,
    )

    add_signals_to_meeting(window.ctx, window, [_template["earlier"]])
    dialog = window.findChild(AddToMeetingDialog)
    qtbot.waitUntil(lambda: dialog.meetings.count() == 2, timeout=WAIT)
    dialog.choose_new()
    with qtbot.waitSignal(dialog.added, timeout=WAIT) as added:
        dialog.ok_button.click()
    planned = added.args[0].meeting_id
    assert planned != _template["today_meeting"]
    qtbot.waitUntil(lambda: window.findChild(AddToMeetingDialog) is None
                    or not window.findChild(AddToMeetingDialog).isVisible(), timeout=WAIT)
    add_signals_to_meeting(window.ctx, window, [_template["current"]])
    dialog = next(d for d in window.findChildren(AddToMeetingDialog) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.meetings.count() == 3, timeout=WAIT)
    assert dialog.chosen() == planned
    dialog.reject()


# --- 10. header texts are not cut off by the sort arrow ---------------------------------
def test_register_headers_fit_their_text_and_sort_arrow(qtbot, window):
    header = window.register.table.horizontalHeader()
    assert header.isSortIndicatorShown()
    for column in range(header.count() - 1):  # the last one stretches
        assert header.sectionSize(column) >= header.sectionSizeHint(column), column


# --- 11. the known-check is read ahead when the editor opens -----------------------------
def test_opening_the_editor_reads_the_known_check_ahead(qtbot, window, _template,
                                                       monkeypatch):
    from mensenhandel_desk.services.signals import SignalService

    calls = []
    original = SignalService.prepare_known_for
    monkeypatch.setattr(SignalService, "prepare_known_for",
                        lambda self: calls.append(1) or original(self))
    _open(qtbot, window, _template["current"])
    qtbot.waitUntil(lambda: calls == [1], timeout=WAIT)
    _open(qtbot, window, _template["earlier"])  # once a session
    _new(qtbot, window)
    _run(qtbot, window.ctx, lambda s: None)
    assert calls == [1]
