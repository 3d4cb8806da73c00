"""The desktop shell end to end on a real vault: unlock on the worker, the register,
search, open a signal, lock (everything emptied, title clean), unlock back to the same
signal. Real SQLCipher, real widgets offscreen; no mocks of the store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from mensenhandel_desk.domain.enums import PartyKind, PartyRole
from mensenhandel_desk.domain.models import Party, SignalFilter
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.main_window import MainWindow
from mensenhandel_desk.ui.register.model import COL_REFERENCE, RegisterModel
from mensenhandel_desk.ui.worker import Worker
from tests.conftest import PASSPHRASE, make_signal

NAMES = ["Jolanta Wiśniewska-Testpersoon", "Radu Popescu-Fictief", "Ayşe Demir-Verzonnen"]


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> dict:
    """One filled vault per module (450 signals: more than two pages of 200), copied per
    test so every test starts from the same file."""
    from mensenhandel_desk.services.clock import fixed_clock
    from tests.conftest import NOW

    path = tmp_path_factory.mktemp("template") / "kluis.mhd"
    refs = []
    with create_vault(path, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        for n in range(450):
            signal = services.signals.create(make_signal(summary=f"Signaal nummer {n}"))
            refs.append(signal.reference)
            if n < len(NAMES):
                services.signals.add_party(Party(signal_id=signal.id, kind=PartyKind.PERSON,
                                                 role=PartyRole.POSSIBLE_VICTIM,
                                                 name=NAMES[n]))
    return {"path": path, "refs": refs}


@pytest.fixture
def filled_vault(_template: dict, vault_path: Path) -> dict:
    vault_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_template["path"], vault_path)
    return {"path": vault_path, "refs": list(_template["refs"])}


@pytest.fixture
def ctx(qtbot, filled_vault, clock):
    worker = Worker()
    context = DeskContext(worker, filled_vault["path"])
    yield context
    if context.is_unlocked:
        with qtbot.waitSignal(context.locked, timeout=20_000):
            context.lock("quit")
    worker.shutdown()


def unlock(qtbot, ctx: DeskContext, clock, window: MainWindow | None = None) -> None:
    """Unlock on the worker; with a window, also wait for the register's first load so a
    later wait for a search is not satisfied by that load."""
    signals = [ctx.unlocked] + ([window.register.model.query_finished] if window else [])
    with qtbot.waitSignals(signals, timeout=20_000):
        ctx.open(lambda: open_vault(ctx.vault_path, PASSPHRASE, clock=clock))


def test_register_model_passes_the_model_tester(qtbot, qtmodeltester, ctx, clock):
    unlock(qtbot, ctx, clock)
    model = RegisterModel(ctx)
    with qtbot.waitSignal(model.query_finished, timeout=20_000):
        model.set_query(SignalFilter())
    assert model.rowCount() == 450
    # the first page came with the first ids; a later one is a placeholder until it arrives
    assert model.index(0, COL_REFERENCE).data().startswith("MH-")
    with qtbot.waitSignal(model.page_loaded, timeout=20_000):
        assert model.index(300, COL_REFERENCE).data() == "…"
    assert model.index(300, COL_REFERENCE).data().startswith("MH-")
    qtmodeltester.check(model, force_py=True)


def test_only_a_window_of_rows_is_ever_loaded(qtbot, ctx, clock):
    unlock(qtbot, ctx, clock)
    model = RegisterModel(ctx)
    with qtbot.waitSignal(model.query_finished, timeout=20_000):
        model.set_query(SignalFilter())
    with qtbot.waitSignal(model.page_loaded, timeout=20_000):
        model.index(449, 0).data()
    assert model.index(449, 0).data().startswith("MH-")
    assert model.loaded_row_count() < 450  # the last page only, not everything


def test_a_superseded_query_never_shows_its_rows(qtbot, ctx, clock):
    unlock(qtbot, ctx, clock)
    model = RegisterModel(ctx)
    counts: list[int] = []
    model.count_changed.connect(counts.append)
    model.set_query(SignalFilter(text="nummer"))
    with qtbot.waitSignal(model.query_finished, timeout=20_000):
        model.set_query(SignalFilter(text="wisniewska"))
    assert model.rowCount() == 1
    assert counts == [1]  # the broad search's 450 rows never reached the view


def test_sorting_is_a_new_sql_query(qtbot, ctx, clock, filled_vault):
    unlock(qtbot, ctx, clock)
    model = RegisterModel(ctx)
    with qtbot.waitSignal(model.query_finished, timeout=20_000):
        model.sort(COL_REFERENCE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, 0).data() == sorted(filled_vault["refs"])[0]
    with qtbot.waitSignal(model.query_finished, timeout=20_000):
        model.sort(COL_REFERENCE, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == sorted(filled_vault["refs"])[-1]


def _texts(widget) -> str:
    parts = [widget.windowTitle()]
    for label in widget.findChildren(QLabel):
        parts.append(label.text())
    return "\n".join(parts)


def test_search_open_lock_unlock_returns_to_the_same_signal(qtbot, ctx, clock):
    unlock_face = QLabel("vergrendeld")
    window = MainWindow(ctx, unlock_face)
    qtbot.addWidget(window)
    window.show()
    unlock(qtbot, ctx, clock, window)
    register = window.register
    with qtbot.waitSignal(register.model.query_finished, timeout=20_000):
        qtbot.keyClicks(register.search, "popescu")
    assert register.model.rowCount() == 1
    reference = register.model.index(0, 0).data()
    register.table.setFocus()
    register.table.selectRow(0)
    with qtbot.waitSignal(window.editor.loaded, timeout=20_000):
        qtbot.keyClick(register.table, Qt.Key.Key_Return)
    assert any("Radu Popescu-Fictief" in n for n in window.editor.parties.shown_names())
    assert reference not in window.windowTitle()

    with qtbot.waitSignal(ctx.locked, timeout=20_000):
        window.lock_action.trigger()
    # nothing of the vault is left on screen or in a model
    assert window.faces.currentWidget() is unlock_face
    assert register.model.rowCount() == 0 and register.search.text() == ""
    assert window.editor.parties.shown_names() == [] and window.editor.reference == ""
    assert window.editor.general.summary.text() == ""
    assert window.todo.model.rowCount() == 0
    assert "vergrendeld" in window.windowTitle()
    assert reference not in _texts(window) and "Popescu" not in _texts(window)
    assert not window.new_action.isEnabled()

    with qtbot.waitSignal(window.editor.loaded, timeout=20_000):
        unlock(qtbot, ctx, clock)
    assert window.faces.currentWidget() is window.workspace
    assert window.signals_stack.currentWidget() is window.editor
    assert window.editor.reference == reference
    assert any("Radu Popescu-Fictief" in n for n in window.editor.parties.shown_names())


def test_lock_does_not_wait_for_the_worker(qtbot, ctx, clock):
    """The screen is emptied in ``locking``, before the worker closes the vault."""
    window = MainWindow(ctx, QLabel("vergrendeld"))
    qtbot.addWidget(window)
    unlock(qtbot, ctx, clock)
    seen: list[str] = []
    ctx.locking.connect(lambda _r: seen.append(window.faces.currentWidget().objectName()))
    ctx.lock("idle")
    assert window.faces.currentWidget() is window.unlock_widget  # immediately, same call
    qtbot.waitSignal(ctx.locked, timeout=20_000).wait()


def test_todo_lists_overdue_feedback_and_opens_the_signal(qtbot, ctx, clock, filled_vault):
    from datetime import date

    from mensenhandel_desk.domain.enums import HandoverChannel, SharingBasis
    from mensenhandel_desk.domain.models import Handover

    unlock(qtbot, ctx, clock)
    ref = filled_vault["refs"][5]

    def hand_over(services):
        signal = services.signals.by_reference(ref)
        services.handovers.record(Handover(
            signal_id=signal.id, partner_key="zorgcoordinator",
            handed_over_on=date(2026, 10, 2), channel=HandoverChannel.SECURE_EMAIL,
            basis=SharingBasis.LEGAL_GROUND, legal_ground="RIEC-convenant",
            feedback_due_on=date(2026, 10, 20)))
        return signal.id

    with qtbot.waitCallback(timeout=20_000) as done:
        ctx.run(hand_over, on_success=done)
    window = MainWindow(ctx, QLabel("vergrendeld"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.todo.loaded, timeout=20_000):
        window.show_section(1)
    texts = [window.todo.model.item(r, 0).text() for r in range(window.todo.model.rowCount())]
    assert ref in texts
    row = texts.index(ref)
    assert window.todo.model.item(row, 3).text() == "te laat"
    with qtbot.waitSignal(window.editor.loaded, timeout=20_000):
        window.todo.table.doubleClicked.emit(window.todo.model.index(row, 0))
    assert window.current_section() == "signals"


def test_a_call_after_lock_is_a_known_error_not_a_crash(qtbot, ctx, clock):
    unlock(qtbot, ctx, clock)
    with qtbot.waitSignal(ctx.locked, timeout=20_000):
        ctx.lock()
    with qtbot.waitCallback(timeout=20_000) as failed:
        ctx.run(lambda services: services.signals.count(), on_failure=failed)
    from mensenhandel_desk.domain.errors import VaultLocked

    assert isinstance(failed.args[0], VaultLocked)
    assert "vergrendeld" in failed.args[0].message


def test_application_loads_qt_dutch(qtbot):
    from mensenhandel_desk.ui import translations

    assert translations.install(QApplication.instance())
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuleren"


def test_keyboard_flow_of_the_search_field(qtbot, ctx, clock):
    window = MainWindow(ctx, QLabel("vergrendeld"))
    qtbot.addWidget(window)
    window.show()
    unlock(qtbot, ctx, clock, window)
    register = window.register
    register.focus_search()
    with qtbot.waitSignal(register.model.query_finished, timeout=20_000):
        qtbot.keyClicks(register.search, "demir")
    qtbot.keyClick(register.search, Qt.Key.Key_Down)
    assert window.focusWidget() is register.table
    assert register.table.currentIndex().row() == 0
    register.focus_search()
    with qtbot.waitSignal(register.model.query_finished, timeout=20_000):
        qtbot.keyClick(register.search, Qt.Key.Key_Escape)  # clears: all signals again
    assert register.search.text() == "" and register.model.rowCount() == 450
    register.open_only.setChecked(True)
    register.status.setCurrentIndex(2)
    with qtbot.waitSignal(register.model.query_finished, timeout=20_000):
        register.reset_button.click()
    assert not register.open_only.isChecked() and register.status.currentIndex() == 0


def test_back_from_a_signal_opened_in_todo_returns_to_todo(qtbot, ctx, clock, filled_vault):
    window = MainWindow(ctx, QLabel("vergrendeld"))
    qtbot.addWidget(window)
    window.show()
    unlock(qtbot, ctx, clock)
    window.show_section(1)
    with qtbot.waitSignal(window.editor.loaded, timeout=20_000):
        window.todo.open_signal.emit(window.register.model.signal_id(0) or 1)
    assert window.current_section() == "signals"
    window.editor.back.emit()
    assert window.current_section() == "todo"


def test_the_demo_vault_says_so_after_unlocking(qtbot, filled_vault, clock):
    worker = Worker()
    demo_ctx = DeskContext(worker, filled_vault["path"], is_demo=True)
    window = MainWindow(demo_ctx, QLabel("vergrendeld"))
    qtbot.addWidget(window)
    window.show()
    unlock(qtbot, demo_ctx, clock)
    assert window.demo_banner.isVisible() and "DEMO" in window.demo_banner.text()
    with qtbot.waitSignal(demo_ctx.locked, timeout=20_000):
        demo_ctx.lock()
    worker.shutdown()


def test_editor_names_partners_and_writes_addresses_the_dutch_way(qtbot, ctx):
    """Painted from service data alone (no vault call): the address as Dutch addresses
    are written, the partner by its name, never its key."""
    from datetime import date

    from mensenhandel_desk.domain.enums import (
        HandoverChannel,
        LocationKind,
        SharingBasis,
        SignalSource,
    )
    from mensenhandel_desk.domain.models import Handover, Location, Signal, SignalDossier
    from mensenhandel_desk.ui.signal.editor import Loaded, SignalEditor

    signal = Signal(received_on=date(2026, 10, 1), source=SignalSource.POLICE,
                    summary="Test", reference="MH-2026-0001", id=1)
    dossier = SignalDossier(
        signal=signal, parties=[], notes=[], indicators=[], meeting_items=[],
        reporter_feedback=[],
        locations=[Location(signal_id=1, kind=LocationKind.HOME, street="Kerkstraat",
                            house_number="7", postcode="3441AB", town="Woerden", id=3)],
        handovers=[Handover(signal_id=1, partner_key="zorgcoordinator",
                            handed_over_on=date(2026, 10, 2),
                            channel=HandoverChannel.PHONE, basis=SharingBasis.CONSENT)])
    editor = SignalEditor(ctx)
    qtbot.addWidget(editor)
    editor.signal_id = 1
    editor.paint(Loaded(dossier, [], [], {"zorgcoordinator": "Zorgcoördinator mensenhandel"},
                        None, date(2026, 11, 24)))
    locations = editor.parties.location_pane.list
    assert locations.item(0).text().startswith("Kerkstraat 7, 3441 AB Woerden")
    route = " ".join(box.text() for box in editor.stepper.boxes)
    assert "Zorgcoördinator mensenhandel" in route and "zorgcoordinator" not in route


def test_a_locked_window_asks_the_worker_nothing(qtbot, ctx):
    """Building the window (Qt sorts the table on setup) must not send vault work to a
    locked session: the officer would see "the vault is locked" before doing anything."""
    submitted: list[object] = []
    original = ctx.worker.submit
    ctx.worker.submit = lambda fn, **kw: submitted.append(fn) or original(fn, **kw)
    window = MainWindow(ctx, QLabel("vergrendeld"))
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(50)
    assert submitted == [] and window.statusBar().currentMessage() == ""
