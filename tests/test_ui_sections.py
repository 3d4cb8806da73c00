"""The signal editor's sections on a real vault: checklist, enrichment, handovers, reporter
informed, assessment and closing. Each section is driven as the officer would (ticks,
typing, buttons) and the vault is read back through the services to see what was saved;
lock (``clear``) must leave no personal data in the widgets, undo stacks included."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
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
from tests.conftest import NOW, PASSPHRASE, TODAY, make_reporter, make_signal

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
        qtbot.mouseClick(row.box, Qt.MouseButton.LeftButton)
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


def test_checklist_draft_survives_a_reload_and_clear_forgets_it(qtbot, ctx, vault):
    section = make(qtbot, ctx, ChecklistSection, vault["known"])
    qtbot.waitUntil(lambda: bool(section.rows), timeout=10_000)
    row = list(section.rows.values())[2]
    row.note.setText(SECRET)
    draft = section.unsaved()
    reload(qtbot, ctx, section, vault["known"])  # another section saved something
    assert row.note.text() == SECRET
    section.clear()
    assert SECRET not in texts_of(section)
    assert section.unsaved() is None
    section.load(dossier(ctx, vault["known"]))
    section.restore(draft)  # before the checklist arrived: applied when it does
    qtbot.waitUntil(lambda: bool(section.rows), timeout=10_000)
    assert section.unsaved() == draft
