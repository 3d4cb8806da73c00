"""Signalenkaart on a real vault: reword, retire and add indicators, save them as a new
version with a note; earlier versions read-only; signals keep the version they were
recorded against; unsaved edits asked about on navigation, dropped on lock."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.models import Indicator
from mensenhandel_desk.services.reference_data import checklist_changes, indicator_key
from mensenhandel_desk.services.session import open_vault
from mensenhandel_desk.ui.checklist import view as checklist_view
from mensenhandel_desk.ui.checklist.indicator_dialog import IndicatorDialog
from mensenhandel_desk.ui.checklist.view import ChecklistView
from mensenhandel_desk.ui.main_window import SECTIONS, MainWindow
from tests.conftest import PASSPHRASE, make_signal
from tests.helpers import build_vault, desk_on_copy, show_view

PASSPORT_V1 = "Paspoort niet in eigen bezit"
PASSPORT_V2 = "Identiteitsbewijs niet in eigen bezit (werkgever of bemiddelaar houdt het)"
NEW_LABEL = "Slaapt in een voertuig of bedrijfsruimte"


# --- the engine: revise = reword + retire + add, as one new version --------------------------
def test_revise_rewords_retires_and_adds_without_touching_old_signals(services):
    v1 = services.reference.checklist()
    old = services.signals.create(make_signal())
    passport = next(i for i in v1.indicators if i.key == "geen_paspoort")
    services.signals.set_indicator(old.id, passport.id, True, "Werkgever houdt paspoort")

    v2 = services.reference.revise_checklist(
        "Herziening 2026", base_version=1, reworded={"geen_paspoort": PASSPORT_V2},
        retired={"tatoeage"},
        added=[Indicator(checklist_version=0, key="", group_key="grensoverschrijdend",
                         group_label="Mensenhandel over grenzen", label=NEW_LABEL)])
    assert v2.version == 2 and v2.note == "Herziening 2026"
    changes = checklist_changes(v1.indicators, v2.indicators)
    assert [i.key for i in changes.retired] == ["tatoeage"]
    assert [(a.label, b.label) for a, b in changes.reworded] == [(PASSPORT_V1, PASSPORT_V2)]
    (added,) = changes.added
    assert added.key == "slaapt_in_een_voertuig_of_bedrijfsruimte"
    # an added indicator sits at the end of its own group, not at the end of the list
    group = [i.key for i in v2.indicators if i.group_key == "grensoverschrijdend"]
    assert group[-1] == added.key
    assert v2.indicators.index(added) < len(v2.indicators) - 1

    (indicator, mark), = services.signals.dossier(old.id).indicators
    assert mark.note == "Werkgever houdt paspoort"
    assert (indicator.label, indicator.checklist_version) == (PASSPORT_V1, 1)
    assert services.signals.get(old.id).checklist_version == 1
    assert "tatoeage" in {i.key for i in services.reference.checklist(1).indicators}
    assert services.signals.create(make_signal()).checklist_version == 2
    assert [c.version for c in services.reference.checklist_history()] == [1, 2]


def test_revise_refuses_stale_edits_reused_keys_and_nothing(services):
    def revise(**kw):
        return services.reference.revise_checklist("x", **kw)

    with pytest.raises(ValidationError) as info:
        revise(base_version=1)
    assert info.value.code == "checklist_unchanged"
    with pytest.raises(ValidationError) as info:
        revise(base_version=1, retired={"bestaat_niet"})
    assert info.value.code == "unknown_indicator"
    revise(base_version=1, retired={"tatoeage"})
    with pytest.raises(ValidationError) as info:  # edited version 1 while 2 was saved
        revise(base_version=1, retired={"wees"})
    assert info.value.code == "checklist_stale"
    v2 = services.reference.checklist()
    template = replace(v2.indicators[0], key="tatoeage", label="Iets anders")
    with pytest.raises(ValidationError) as info:  # a retired key never gets a new meaning
        revise(base_version=2, added=[template])
    assert info.value.code == "indicator_key_used"
    assert indicator_key("Wonen op de werkplek!", {"wonen_op_de_werkplek"}) == \
        "wonen_op_de_werkplek_2"


# --- the screen -----------------------------------------------------------------------------
def _fill(services) -> None:
    signal = services.signals.create(make_signal(summary="Vastgelegd op versie 1"))
    passport = next(i for i in services.reference.checklist().indicators
                    if i.key == "geen_paspoort")
    services.signals.set_indicator(signal.id, passport.id, True, "Gezien bij controle")


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> Path:
    return build_vault(tmp_path_factory.mktemp("checklist"), _fill)


@pytest.fixture
def ctx(qtbot, _template, vault_path, clock):
    yield from desk_on_copy(qtbot, _template, vault_path)


@pytest.fixture
def view(qtbot, ctx, clock) -> ChecklistView:
    return show_view(qtbot, ChecklistView(ctx), ctx, clock)


def _rows(view: ChecklistView) -> dict[str, tuple[str, str]]:
    """ref -> (text, change column) of every indicator line on screen."""
    rows = {}
    for tree in (view.tree, view.factors):
        for top in range(tree.topLevelItemCount()):
            group = tree.topLevelItem(top)
            for n in range(group.childCount()):
                item = group.child(n)
                rows[item.data(0, checklist_view.REF_ROLE)] = (item.text(0), item.text(1))
    return rows


def _edit(view: ChecklistView, monkeypatch) -> None:
    """Reword the passport indicator, retire the tattoo one, add one to its group."""
    answers = iter([("", PASSPORT_V2), ("grensoverschrijdend", NEW_LABEL)])
    monkeypatch.setattr(IndicatorDialog, "ask", classmethod(lambda *_a, **_k: next(answers)))
    view.select_ref("geen_paspoort")
    view.reword_button.click()
    view.select_ref("tatoeage")
    view.retire_button.click()
    view.select_ref("wonen_op_werk")
    view.add_button.click()


def test_groups_as_in_the_data_with_vulnerability_factors_apart(view):
    groups = [view.tree.topLevelItem(n).text(0) for n in range(view.tree.topLevelItemCount())]
    assert groups[:3] == ["Alle vormen van mensenhandel", "Mensenhandel binnen Nederland",
                          "Mensenhandel over grenzen"]
    assert not any(g.startswith("Kwetsbaarheid") for g in groups)
    (factors,) = [view.factors.topLevelItem(n) for n in range(view.factors.topLevelItemCount())]
    assert factors.text(0).startswith("Kwetsbaarheidsfactoren") and factors.childCount() == 13
    assert view.versions.count() == 1 and "(huidig)" in view.versions.item(0).text()
    assert view.editor_controls.isVisible() and not view.save_button.isEnabled()
    view.select_ref("wees")  # one selection over both lists: the buttons act on it
    assert view.selected_ref() == "wees" and view.tree.currentItem() is None
    view.retire_button.click()
    assert _rows(view)["wees"][1] == "Vervalt"
    view.select_ref("geen_paspoort")
    assert view.selected_ref() == "geen_paspoort" and view.factors.currentItem() is None


def test_a_new_version_with_a_reworded_retired_and_added_indicator(qtbot, view, ctx,
                                                                    monkeypatch):
    _edit(view, monkeypatch)
    rows = _rows(view)
    assert rows["geen_paspoort"] == (PASSPORT_V2, "Herschreven")
    assert rows["tatoeage"][1] == "Vervalt"
    (new_ref,) = [ref for ref in rows if ref.startswith("new:")]
    assert rows[new_ref] == (NEW_LABEL, "Nieuw")
    assert view.draft.counts() == (1, 1, 1)

    view.save_button.click()  # no note yet: refused next to the note field
    assert view.note_error.isVisible() and view.draft.has_changes()
    view.note.setText("Herziening met de zorgcoördinator")
    with qtbot.waitSignals([view.version_saved, view.loaded], timeout=20_000):
        view.save_button.click()
    assert view.current_version() == 2 and not view.has_unsaved()
    assert "(huidig)" in view.versions.item(0).text() and view.versions.count() == 2
    rows = _rows(view)
    assert "tatoeage" not in rows and rows["geen_paspoort"][0] == PASSPORT_V2
    assert NEW_LABEL in {text for text, _change in rows.values()}
    assert "1 herschreven, 1 vervallen, 1 nieuw" in view.info.text()

    # version 1 stays readable, read-only, with its own wording
    view.versions.setCurrentRow(1)
    assert view.shown_version == 1 and not view.editor_controls.isVisible()
    assert _rows(view)["geen_paspoort"][0] == PASSPORT_V1 and "tatoeage" in _rows(view)
    assert "Alleen lezen" in view.info.text()

    # the signal recorded on version 1 keeps version 1 and its indicator's wording
    with qtbot.waitCallback(timeout=20_000) as done:
        def work(services):
            dossier = services.signals.dossier(1, audited=False)  # the template's signal
            version = services.reference.checklist(dossier.signal.checklist_version)
            return dossier, version

        ctx.run(work, on_success=done)
    dossier, version = done.args[0]
    assert dossier.signal.checklist_version == 1
    (indicator, mark), = dossier.indicators
    assert indicator.label == PASSPORT_V1 and mark.note == "Gezien bij controle"
    assert "tatoeage" in {i.key for i in version.indicators}


def test_bring_back_and_undo(view, monkeypatch):
    view.select_ref("tatoeage")
    view.retire_button.click()
    view.select_ref("tatoeage")
    assert view.retire_button.text() == "Terug&zetten"
    view.retire_button.click()
    assert not view.has_unsaved()
    _edit(view, monkeypatch)
    assert view.has_unsaved()
    view.undo_button.click()
    assert not view.has_unsaved() and {c for _t, c in _rows(view).values()} == {""}


@pytest.fixture
def window(qtbot, ctx, clock):
    made = MainWindow(ctx, QLabel("vergrendeld"))
    qtbot.addWidget(made)
    made.show()
    with qtbot.waitSignal(ctx.unlocked, timeout=20_000):
        ctx.open(lambda: open_vault(ctx.vault_path, PASSPHRASE, clock=clock))
    number = [key for key, _t in SECTIONS].index("checklist")
    with qtbot.waitSignal(made.checklist.loaded, timeout=20_000):
        made.show_section(number)
    return made


def test_leaving_with_unsaved_edits_asks(qtbot, window, monkeypatch):
    checklist = window.checklist
    _edit(checklist, monkeypatch)
    answers: list[str] = []

    def ask(_parent):
        return answers.pop(0)

    monkeypatch.setattr(ChecklistView, "ask_unsaved", staticmethod(ask))
    todo = [key for key, _t in SECTIONS].index("todo")
    answers.append(checklist_view.CANCEL)
    window.show_section(todo)
    assert window.current_section() == "checklist" and checklist.has_unsaved()
    assert window.pages.currentWidget() is checklist
    answers.append(checklist_view.SAVE)  # no note: stays, the note field says why
    window.show_section(todo)
    assert window.current_section() == "checklist" and checklist.note_error.isVisible()
    answers.append(checklist_view.DISCARD)
    window.show_section(todo)
    assert window.current_section() == "todo" and not checklist.has_unsaved()
    assert not answers


def test_lock_drops_unsaved_edits_without_asking(qtbot, window, ctx, monkeypatch):
    checklist = window.checklist
    _edit(checklist, monkeypatch)
    checklist.note.setText("Nog niet opgeslagen")

    def never(_parent):
        raise AssertionError("a lock must not ask")

    monkeypatch.setattr(ChecklistView, "ask_unsaved", staticmethod(never))
    with qtbot.waitSignal(ctx.locked, timeout=20_000):
        ctx.lock("idle")
    assert checklist.draft is None and checklist.history == []
    assert checklist.tree.topLevelItemCount() == 0 and checklist.versions.count() == 0
    assert checklist.note.text() == ""



def test_tab_walks_versions_lists_and_buttons(qtbot, view):
    view.activateWindow()
    view.versions.setFocus()
    qtbot.waitUntil(view.versions.hasFocus, timeout=5000)
    order = []
    for _ in range(5):
        order.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert order[:4] == [view.versions, view.tree, view.factors, view.add_button]
