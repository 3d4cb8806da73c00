"""Ketenpartners on a real vault: "who do I call for labour exploitation" at one glance
(the form filter narrows to the Labour Inspectorate-type partners, contact and phone in
the row), contacts added, changed and removed persist, phone copied, lock empties all."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from mensenhandel_desk.domain.enums import ExploitationForm
from mensenhandel_desk.domain.models import Contact, Partner
from mensenhandel_desk.services.reference_data import DirectoryEntry
from mensenhandel_desk.ui.partners.model import COL_CONTACT, COL_PARTNER, COL_PHONE
from mensenhandel_desk.ui.partners.view import PartnersView, filtered
from tests.helpers import build_vault, desk_on_copy, show_view

INSPECTOR = Contact(partner_key="nla", name="Fenna Fictief-Inspecteur",
                    function="Rechercheur arbeidsuitbuiting", phone="088 000 11 22",
                    email="f.inspecteur@example.invalid")


def _fill(services) -> None:
    services.reference.save_contact(INSPECTOR)
    services.reference.save_contact(Contact(partner_key="zorgcoordinator",
                                            name="Sem Verzonnen-Zorg", phone="030 000 99 88"))


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> Path:
    return build_vault(tmp_path_factory.mktemp("partners"), _fill)


@pytest.fixture
def ctx(qtbot, _template, vault_path, clock):
    yield from desk_on_copy(qtbot, _template, vault_path)


@pytest.fixture
def view(qtbot, ctx, clock) -> PartnersView:
    return show_view(qtbot, PartnersView(ctx), ctx, clock)


def _keys(view: PartnersView) -> list[str]:
    return [e.partner.key for e in view.model.entries]


def _cell(view: PartnersView, key: str, column: int) -> str:
    return view.model.index(view.model.row_of(key), column).data()


def test_labour_filter_answers_who_to_call_at_one_glance(qtbot, view):
    assert len(_keys(view)) == 20  # every seeded partner
    view.set_form(ExploitationForm.LABOUR)
    keys = _keys(view)
    assert "nla" in keys and "fairwork" in keys and "omgevingsdienst" in keys
    assert "belle" not in keys and "riec" not in keys  # sexual only / not form-specific
    # partners with their own step in the report route come first
    assert set(keys[:3]) == {"nla", "politie_avim", "zorgcoordinator"}
    assert "Arbeidsinspectie" in _cell(view, "nla", COL_PARTNER)
    assert _cell(view, "nla", COL_CONTACT).startswith("Fenna Fictief-Inspecteur")
    assert _cell(view, "nla", COL_PHONE) == "088 000 11 22"
    assert "arbeidsuitbuiting" in view.hint.text()

    view.select_partner("nla")
    assert view.contacts.item(0, 0).text() == "Fenna Fictief-Inspecteur"
    assert "opsporing en onderzoek arbeidsuitbuiting" in view.partner_facts.text()
    view.copy_phone_button.click()
    assert QGuiApplication.clipboard().text() == "088 000 11 22"

    view.search.setText("inspecteur")  # a contact's name finds the partner too
    assert _keys(view) == ["nla"]
    view.set_form(ExploitationForm.SEXUAL)
    assert _keys(view) == []
    assert view.hint.text() == "Geen partner noemt deze vorm."


def test_editing_a_contact_persists(qtbot, view, ctx):
    view.select_partner("nla")
    dialog = view.edit_contact()
    assert dialog is not None and dialog.name.text() == INSPECTOR.name
    dialog.phone.setText("088 000 33 44")
    dialog.function.setText("Teamleider opsporing")
    with qtbot.waitSignals([view.contact_saved, view.loaded], timeout=20_000):
        dialog.buttons.accepted.emit()
    assert _cell(view, "nla", COL_PHONE) == "088 000 33 44"
    with qtbot.waitCallback(timeout=20_000) as done:
        ctx.run(lambda s: s.reference.contacts("nla"), on_success=done)
    stored = done.args[0]
    assert [(c.name, c.phone, c.function) for c in stored] == [
        (INSPECTOR.name, "088 000 33 44", "Teamleider opsporing")]


def test_a_contact_is_added_validated_and_removed(qtbot, view, ctx, monkeypatch):
    view.select_partner("fairwork")
    assert view.contacts.rowCount() == 0
    assert not view.edit_button.isEnabled()
    dialog = view.add_contact()
    dialog.save()  # no name: the service's message appears next to the name field
    qtbot.waitUntil(lambda: dialog.errors["name"].isVisible(), timeout=20_000)
    assert dialog.isVisible() and dialog.errors["name"].text()
    dialog.name.setText("Kees Bedacht-Voorlichter")
    dialog.email.setText("k.bedacht@example.invalid")
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        dialog.save()
    assert view.selected_key() == "fairwork"
    assert view.contacts.item(0, 3).text() == "k.bedacht@example.invalid"
    view.copy_email_button.click()
    assert QGuiApplication.clipboard().text() == "k.bedacht@example.invalid"

    monkeypatch.setattr(PartnersView, "confirm_remove", staticmethod(lambda *_a: True))
    with qtbot.waitSignals([view.contact_removed, view.loaded], timeout=20_000):
        view.remove_button.click()
    assert view.contacts.rowCount() == 0


def test_lock_empties_the_directory_and_closes_the_dialog(qtbot, view, ctx):
    view.select_partner("nla")
    dialog = view.edit_contact()
    dialog.notes.setPlainText("Bereikbaar op dinsdag")
    with qtbot.waitSignal(ctx.locked, timeout=20_000):
        ctx.lock("idle")
    assert view._dialog is None  # closed, typed text cleared, then deleted
    assert not isValid(dialog) or (not dialog.isVisible() and not dialog.notes.toPlainText())
    assert view.model.rowCount() == 0 and view.contacts.rowCount() == 0
    assert view.entries == [] and view.partner_name.text() == ""


def test_filter_is_pure_and_keeps_general_partners_out_of_a_form():
    general = DirectoryEntry(Partner(key="om", name="Openbaar Ministerie"))
    labour = DirectoryEntry(Partner(key="x", name="Arbeid BV", forms=["arbeid"],
                                    tasks=["inspecties"]), [INSPECTOR])
    assert filtered([general, labour], None, "") == [general, labour]
    assert filtered([general, labour], ExploitationForm.LABOUR, "") == [labour]
    assert filtered([general, labour], None, "inspectie fenna") == [labour]


def test_a_partner_gets_a_form_and_a_new_partner_is_added(qtbot, view):
    view.set_form(ExploitationForm.LABOUR)
    assert "riec" not in _keys(view)
    view.set_form(None)
    view.select_partner("riec")
    dialog = view.edit_partner()
    dialog.forms[ExploitationForm.LABOUR].setChecked(True)
    dialog.tasks.setPlainText(dialog.tasks.toPlainText() + "\n\ncasusoverleg arbeidsuitbuiting")
    with qtbot.waitSignals([view.partner_saved, view.loaded], timeout=20_000):
        dialog.save()
    view.set_form(ExploitationForm.LABOUR)
    assert "riec" in _keys(view)
    assert "casusoverleg arbeidsuitbuiting" in view.partner_facts.text()

    dialog = view.add_partner()
    dialog.name.setText("Stichting Fictief Werkt")
    dialog.forms[ExploitationForm.SEXUAL].setChecked(True)
    with qtbot.waitSignals([view.partner_saved, view.loaded], timeout=20_000):
        dialog.save()
    # not a labour partner: the filter is lifted so the new partner is in view
    assert view.current_form() is None
    assert view.selected_key() == "stichting_fictief_werkt"
    assert "Stichting Fictief Werkt" in view.partner_name.text()


def test_tab_walks_filter_table_and_contacts_without_a_trap(qtbot, view):
    view.activateWindow()
    view.form.setFocus()
    qtbot.waitUntil(view.form.hasFocus, timeout=5000)
    order = []
    for _ in range(8):
        order.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert order[:3] == [view.form, view.search, view.table]
    assert order[3] is not view.table  # Tab leaves the table
    assert view.contacts in order and view.add_button in order
