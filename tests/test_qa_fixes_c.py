"""QA fixes (helper fix-C): the wheel leaves unfocused fields alone on a real screen,
unlock returns to the screen that was shown, lifting a legal hold asks first,
partner contacts are validated, the monitoring report has an in-app preview, the party
form's mnemonics are unique, the first window fits its screen and the sidebar returns
to the current section when leaving is cancelled."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


def test_a_real_wheel_over_an_unfocused_field_scrolls_the_page(qtbot, guarded) -> None:
    scroll = QScrollArea()
    qtbot.addWidget(scroll)
    page = QWidget()
    layout = QVBoxLayout(page)
    other = QLineEdit(page)
    partner = QComboBox(page)
    partner.addItems(["Zorgcoördinator", "Politie", "NLA"])
    day = QDateEdit(QDate(2026, 11, 24), page)
    count = QSpinBox(page)
    for widget in (other, partner, day, count):
        layout.addWidget(widget)
    layout.addSpacing(2000)  # a long form
    scroll.setWidget(page)
    scroll.resize(300, 200)
    scroll.show()
    qtbot.waitExposed(scroll)
    # Qt would give a WheelFocus field the focus before any filter sees the wheel
    for field in (partner, day, count):
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    bar = scroll.verticalScrollBar()
    window = scroll.windowHandle()
    # a spontaneous wheel event, delivered like one from the screen
    at = QPointF(partner.mapTo(scroll, partner.rect().center()))
    QTest.wheelEvent(window, at, QPoint(0, -120))
    QApplication.processEvents()
    assert partner.currentIndex() == 0 and not partner.hasFocus()
    assert bar.value() > 0  # the page scrolled instead
    # clicked into, the field still takes the wheel
    QTest.mouseClick(count, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(count.hasFocus)
    count.setValue(5)
    QTest.wheelEvent(window, QPointF(count.mapTo(scroll, count.rect().center())),
                     QPoint(0, 120))
    QApplication.processEvents()
    assert count.value() == 6


# --- main window: unlock returns to the screen shown; the sidebar while asking ---------------

@pytest.fixture(scope="module")
def _one_signal(tmp_path_factory):
    from tests.helpers import build_vault, with_signals

    return build_vault(tmp_path_factory.mktemp("fixc"), with_signals("Fictieve melding"))


@pytest.fixture
def window(qtbot, _one_signal, vault_path, clock):
    from tests.helpers import window_on_copy

    yield from window_on_copy(qtbot, _one_signal, vault_path, clock)


def _section(key: str) -> int:
    from mensenhandel_desk.ui.main_window import SECTIONS

    return [k for k, _title in SECTIONS].index(key)


def test_unlock_returns_to_the_section_left_to_not_the_signal(qtbot, window, clock) -> None:
    from tests.helpers import open_desk

    register = window.register
    with qtbot.waitSignal(window.editor.loaded, timeout=20_000):
        window.open_signal(register.model.signal_id(0))
    assert window.signals_stack.currentWidget() is window.editor
    settings = _section("settings")
    window.sidebar.setCurrentRow(settings)  # the sidebar, not Terug
    assert window.pages.currentWidget() is window.settings_view
    with qtbot.waitSignal(window.ctx.locked, timeout=20_000):
        window.lock_action.trigger()
    open_desk(qtbot, window.ctx, clock)
    assert window.sidebar.currentRow() == settings
    assert window.pages.currentWidget() is window.settings_view
    window.sidebar.setCurrentRow(_section("signals"))
    assert window.signals_stack.currentWidget() is window.register


def test_the_sidebar_stays_on_the_screen_while_leaving_is_asked(qtbot, window,
                                                               monkeypatch) -> None:
    from mensenhandel_desk.ui.widgets.questions import CANCEL

    settings = _section("settings")
    window.sidebar.setCurrentRow(settings)
    view = window.settings_view
    monkeypatch.setattr(view, "has_unsaved", lambda: True)
    seen: list[int] = []

    def ask(_parent) -> str:
        seen.append(window.sidebar.currentRow())
        return CANCEL

    monkeypatch.setattr(view, "ask_unsaved", ask)
    window.sidebar.setCurrentRow(_section("partners"))
    assert seen == [settings]  # the highlight did not run ahead of the question
    assert window.sidebar.currentRow() == settings
    assert window.pages.currentWidget() is view


# --- partner contacts: phone and e-mail are checked -------------------------------------------

@pytest.mark.parametrize(("phone", "email", "field"), [
    ("abc", "", "phone"), ("12 34", "", "phone"), ("030 123 45 67 of 06", "", "phone"),
    ("", "foo@", "email"), ("", "foo@partner", "email"), ("", "@partner.nl", "email"),
])
def test_a_contact_with_a_wrong_phone_or_email_is_refused(services, phone, email,
                                                           field) -> None:
    from mensenhandel_desk.domain.errors import ValidationError
    from mensenhandel_desk.domain.models import Contact

    with pytest.raises(ValidationError) as raised:
        services.reference.save_contact(Contact(partner_key="nla", name="Fictief Inspecteur",
                                                phone=phone, email=email))
    assert raised.value.field == field
    assert services.reference.contacts("nla") == []


def test_usual_phone_numbers_and_addresses_are_kept(services) -> None:
    from mensenhandel_desk.domain.models import Contact

    saved = services.reference.save_contact(Contact(
        partner_key="nla", name="Fictief Inspecteur", phone="+31 (0)30-123 45 67",
        email="f.inspecteur@politie.example.nl"))
    assert services.reference.contacts("nla")[0].phone == saved.phone == "+31 (0)30-123 45 67"


@pytest.fixture
def desk(qtbot, _one_signal, vault_path, clock):
    from tests.helpers import desk_on_copy

    yield from desk_on_copy(qtbot, _one_signal, vault_path, clock)


def test_the_contact_dialog_shows_the_problem_next_to_phone_and_email(qtbot, desk) -> None:
    from mensenhandel_desk.ui.partners.contact_dialog import ContactDialog

    dialog = ContactDialog(desk, "nla", "Arbeidsinspectie", None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Fenna Fictief-Inspecteur")
    dialog.phone.setText("abc")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors["phone"].isVisible(), timeout=20_000)
    assert "6 cijfers" in dialog.errors["phone"].text() and dialog.isVisible()
    dialog.phone.setText("030 123 45 67")
    dialog.email.setText("foo@")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors["email"].isVisible(), timeout=20_000)
    assert not dialog.errors["phone"].isVisible()
    assert "naam@organisatie.nl" in dialog.errors["email"].text() and dialog.isVisible()


# --- monitoring: the report in the in-app preview ------------------------------------------

def test_the_monitoring_report_opens_in_the_preview_and_logs_no_copy(qtbot, window) -> None:
    from tests.helpers import WAIT_MS

    view = window.monitoring
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        window.show_section(_section("monitoring"))
    assert view.view_report_button.isEnabled()
    assert view.view_report_button.text() == "Rapport bekijken en &afdrukken…"
    view.view_report_button.click()
    dialog = view.report_dialog  # (deletes itself on close)
    qtbot.waitUntil(lambda: dialog.page_count > 0 or bool(dialog.error), timeout=WAIT_MS)
    assert dialog.error == ""
    assert dialog.isVisible() and dialog.request.title.startswith("Monitoringsrapport")

    def logged(services):
        with services.vault.unit_of_work() as uow:
            return (len(uow.prints.all()),
                    [e for e in uow.audit.query() if e.object_ref.startswith("monitoring:")])

    with qtbot.waitCallback(timeout=WAIT_MS) as done:
        window.ctx.run(logged, on_success=done)
    assert done.args[0] == (0, [])  # a preview: no numbered copy, nothing in the log
    dialog.close()


# --- party form: unique mnemonics; Save/Cancel stay in sight with hits ------------------------

def _mnemonics(root) -> dict[str, list[str]]:
    """Alt+letter -> the visible texts under ``root`` that use it."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    found: dict[str, list[str]] = {}
    widgets = [w for w in root.findChildren(QWidget) if w.isVisible()]
    for widget in widgets:
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        if isinstance(widget, (QAbstractButton, QLabel)):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match:
            found.setdefault(match.group(1).lower(), []).append(text)
    return found


def test_the_party_form_has_one_widget_per_mnemonic(qtbot, window) -> None:
    from tests.helpers import WAIT_MS

    with qtbot.waitSignal(window.editor.loaded, timeout=WAIT_MS):
        window.open_signal(window.register.model.signal_id(0))
    window.editor.show_part("parties")
    for pane in (window.editor.parties.party_pane, window.editor.parties.location_pane):
        pane.start_new()
        qtbot.waitUntil(pane.form_box.isVisible, timeout=WAIT_MS)
        found = _mnemonics(pane)
        doubles = {letter: texts for letter, texts in found.items() if len(texts) > 1}
        assert not doubles
        assert "a" in found  # (Annuleren keeps its Alt+A)
        pane.cancel()


def test_save_and_cancel_stay_in_sight_when_hits_appear(qtbot, window) -> None:
    from datetime import date

    from PySide6.QtCore import QPoint, QRect

    from mensenhandel_desk.domain.models import KnownMatch
    from tests.helpers import WAIT_MS

    window.resize(1024, 560)
    qtbot.waitUntil(lambda: window.height() == 560)
    with qtbot.waitSignal(window.editor.loaded, timeout=WAIT_MS):
        window.open_signal(window.register.model.signal_id(0))
    window.editor.show_part("parties")
    pane = window.editor.parties.party_pane
    pane.start_new()
    qtbot.waitUntil(pane.form_box.isVisible, timeout=WAIT_MS)
    pane.name.setFocus()
    area = pane.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()

    def in_sight(widget) -> bool:
        shown = QRect(widget.mapTo(area.viewport(), QPoint(0, 0)), widget.size())
        return area.viewport().rect().contains(shown)

    qtbot.waitUntil(lambda: in_sight(pane.cancel_button))  # the form laid out
    area.verticalScrollBar().setValue(0)
    hits = [KnownMatch(signal_id=90 + n, reference=f"MH-2026-00{n}9", received_on=date(
        2026, 3, n + 1), matched_on="person", match_label="Fictief") for n in range(4)]
    pane._show_hits(hits)

    qtbot.waitUntil(lambda: in_sight(pane.cancel_button) and in_sight(pane.save_button),
                    timeout=WAIT_MS)
    assert pane.hits.isVisible() and in_sight(pane.name)


# --- the first window lies inside its screen, frame included ---------------------------------

def test_the_first_window_fits_its_screen_frame_included(qtbot) -> None:
    from PySide6.QtCore import QMargins, QRect
    from PySide6.QtWidgets import QMainWindow

    from mensenhandel_desk.ui.widgets.screen_fit import keep_in_screen, place_in_screen

    window = QMainWindow()
    qtbot.addWidget(window)
    free = window.screen().availableGeometry()
    frame = QMargins(4, 30, 4, 4)  # a title bar and borders, as a window manager adds
    place_in_screen(window, free.width() + 200, free.height() + 200, frame)
    outer = QRect(window.pos().x(), window.pos().y(), window.width() + 8,
                  window.height() + 34)
    assert free.contains(outer)  # the title bar on screen, the bottom edge too
    assert window.height() == free.height() - 34
    place_in_screen(window, 640, 400, frame)  # smaller than the screen: centred
    assert window.size().toTuple() == (640, 400)
    assert window.pos().y() == free.y() + (free.height() - 434) // 2
    window.show()
    qtbot.waitExposed(window)
    window.move(free.x() + 10, free.bottom() - 100)  # partly below the screen
    qtbot.waitUntil(lambda: window.pos().y() == free.bottom() - 100)
    keep_in_screen(window)
    qtbot.waitUntil(lambda: free.contains(window.frameGeometry()))


def test_every_retention_tab_has_its_own_mnemonic(qtbot, desk) -> None:
    import re

    from mensenhandel_desk.ui.tools.retention import RetentionDialog

    dialog = RetentionDialog(desk, None)
    qtbot.addWidget(dialog)
    dialog.show()
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    letters = [re.search(r"&(\w)", text) for text in tabs]
    assert all(letters), tabs
    taken = _mnemonics(dialog)
    for match in letters:
        assert match.group(1).lower() not in taken, (tabs, taken)
