"""Quality bar of the desktop client, checked on every screen of the real window:
Dutch only (no English source string on screen), an accessible name on every interactive
widget, Tab reaches the table and leaves it again (no keyboard trap), and the pseudo-
translation shows every static text came through the one translation path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QWidget,
)

from mensenhandel_desk import i18n
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.ui.app import Desk
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.main_window import SECTIONS
from mensenhandel_desk.ui.worker import Worker
from tests.conftest import PASSPHRASE, make_signal

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox,
               QTextEdit, QPlainTextEdit)


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> Path:
    from mensenhandel_desk.services.clock import fixed_clock
    from tests.conftest import NOW

    path = tmp_path_factory.mktemp("quality") / "kluis.mhd"
    with create_vault(path, PASSPHRASE, clock=fixed_clock(NOW)) as services:
        for n in range(12):
            services.signals.create(make_signal(summary=f"Signaal {n}"))
    return path


@pytest.fixture
def desk(qtbot, _template, vault_path, clock):
    vault_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_template, vault_path)
    ctx = DeskContext(Worker(), vault_path)
    made = Desk(ctx)
    qtbot.addWidget(made.window)
    made.window.show()
    yield made
    if ctx.is_unlocked:
        with qtbot.waitSignal(ctx.locked, timeout=20_000):
            ctx.lock("quit")
    ctx.worker.shutdown()


def _unlock(qtbot, desk, clock) -> None:
    with qtbot.waitSignal(desk.window.register.model.query_finished, timeout=20_000):
        desk.ctx.open(lambda: open_vault(desk.ctx.vault_path, PASSPHRASE, clock=clock))


def _visible(widget: QWidget) -> list[QWidget]:
    return [w for w in widget.findChildren(QWidget) if w.isVisible()]


def _accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _static_texts(widget: QWidget) -> list[str]:
    texts = [widget.windowTitle()]
    for child in _visible(widget):
        if isinstance(child, QLabel | QAbstractButton):
            texts.append(child.text())
        if isinstance(child, QLineEdit):
            texts.append(child.placeholderText())
        texts += [child.toolTip(), child.accessibleName(), child.accessibleDescription()]
        if isinstance(child, QTableView) and child.model() is not None:
            model = child.model()
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                      for c in range(child.horizontalHeader().count())]
        if isinstance(child, QComboBox):
            texts += [child.itemText(i) for i in range(child.count())]
    for action in widget.findChildren(QAction):
        texts.append(action.text())
    return [t for t in texts if t]


def _each_screen(qtbot, desk):
    window = desk.window
    yield "unlock", window
    for number, (key, _title) in enumerate(SECTIONS):
        window.show_section(number)
        qtbot.waitUntil(lambda key=key: window.current_section() == key, timeout=5000)
        yield key, window


def test_every_screen_is_dutch_and_every_control_has_an_accessible_name(qtbot, desk, clock):
    catalog = i18n._catalog("nl")
    english = {msgid for msgid, msgstr in catalog.items() if msgid != msgstr and
               len(msgid) > 3}
    problems = []
    seen = 0
    for step in range(2):
        if step == 1:
            _unlock(qtbot, desk, clock)
        for name, window in _each_screen(qtbot, desk) if step else [("unlock", desk.window)]:
            for text in _static_texts(window):
                if text in english:
                    problems.append(f"{name}: untranslated {text!r}")
            for widget in _visible(window):
                if isinstance(widget, INTERACTIVE) and widget.isEnabled():
                    seen += 1
                    if not _accessible_name(widget).strip():
                        problems.append(f"{name}: {type(widget).__name__} "
                                        f"{widget.objectName()!r} has no accessible name")
    assert seen > 20
    assert not problems, "\n".join(sorted(set(problems)))


def test_tab_walks_the_register_and_leaves_the_table(qtbot, desk, clock):
    _unlock(qtbot, desk, clock)
    register = desk.window.register
    register.focus_search()
    order = []
    for _ in range(12):
        order.append(QWidgetName.of(desk.window.focusWidget()))
        qtbot.keyClick(desk.window.focusWidget(), Qt.Key.Key_Tab)
    assert order[0] == QWidgetName.of(register.search)
    table_at = order.index(QWidgetName.of(register.table))
    assert order.index(QWidgetName.of(register.status)) < table_at
    assert order[table_at + 1] != QWidgetName.of(register.table)  # Tab leaves the table


class QWidgetName:
    @staticmethod
    def of(widget: QWidget | None) -> str:
        if widget is None:
            return "<none>"
        return f"{type(widget).__name__}:{widget.accessibleName()}:{id(widget)}"


def test_pseudo_translation_reaches_every_static_text(qtbot, desk, clock):
    """In the pseudo language every text from our code is bracketed and longer; a text
    without the brackets did not come through ``_()``."""
    i18n.set_language(i18n.PSEUDO_LANGUAGE)
    try:
        ctx = DeskContext(Worker(), desk.ctx.vault_path)
        pseudo = Desk(ctx)
        qtbot.addWidget(pseudo.window)
        pseudo.window.show()
        allowed = {"Mensenhandel Desk", desk.ctx.vault_path.name, str(desk.ctx.vault_path),
                   str(desk.ctx.vault_path.parent), "…"}
        plain = [t for t in _static_texts(pseudo.window)
                 if t not in allowed and any(c.isalpha() for c in t)
                 and not t.startswith("[") and "[" not in t]
        ctx.worker.shutdown()
    finally:
        i18n.set_language("nl")
    assert not plain, plain
