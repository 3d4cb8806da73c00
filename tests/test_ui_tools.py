"""The officer tools on a real vault, driven like the officer does: backup now, change the
passphrase (then open with the new one), restore a backup, the retention dry run, purge
and legal holds, the audit trail viewer's filters, and an access request."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from mensenhandel_desk.domain.enums import Outcome, PartyKind, PartyRole
from mensenhandel_desk.domain.errors import WrongPassphrase
from mensenhandel_desk.domain.models import Party
from mensenhandel_desk.services.clock import fixed_clock
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.ui.tools import open_tool
from mensenhandel_desk.ui.tools.access_request import AccessRequestDialog
from mensenhandel_desk.ui.tools.audit import AuditDialog
from mensenhandel_desk.ui.tools.backup import BackupDialog, RestoreDialog, RestoreRunner
from mensenhandel_desk.ui.tools.passphrase import PassphraseDialog
from mensenhandel_desk.ui.tools.retention import RetentionDialog
from tests.conftest import PASSPHRASE, make_signal
from tests.helpers import desk_on_copy

PERSON = "Oksana Verzonnenko-Testpersoon"
NEW_PASSPHRASE = "nieuwe wachtwoordzin voor de testkluis 2026"


@pytest.fixture(scope="module")
def _template(tmp_path_factory) -> dict:
    """Signals: one closed in January 2025 as 'no trafficking' (12 months: due), one
    open with a fictitious person on it, one closed recently (not due)."""
    path = tmp_path_factory.mktemp("tools") / "kluis.mhd"
    with create_vault(path, PASSPHRASE, clock=fixed_clock(datetime(2026, 11, 24, 9))) as s:
        old = s.signals.create(make_signal(received_on=date(2024, 12, 1),
                                           summary="Oud signaal"))
        s.signals.close(old.id, Outcome.NO_TRAFFICKING, date(2025, 1, 10))
        person = s.signals.create(make_signal(summary="Signaal met persoon"))
        s.signals.add_party(Party(signal_id=person.id, kind=PartyKind.PERSON,
                                  role=PartyRole.POSSIBLE_VICTIM, name=PERSON))
        recent = s.signals.create(make_signal(summary="Recent gesloten"))
        s.signals.close(recent.id, Outcome.NO_TRAFFICKING, date(2026, 11, 1))
        refs = {"old": old.reference, "person": person.reference,
                "recent": recent.reference}
    return {"path": path, "refs": refs}


@pytest.fixture
def refs(_template) -> dict:
    return dict(_template["refs"])


@pytest.fixture
def ctx(qtbot, _template, vault_path, clock):
    yield from desk_on_copy(qtbot, _template["path"], vault_path, clock)


def _on_worker(ctx, fn):
    return ctx.worker.call(lambda: fn(ctx._services), timeout=30)


def _dialog(qtbot, cls, ctx, *, closes: bool = False):
    """A tool window; ``closes``: it closes (and deletes itself) during the test."""
    dialog = cls(ctx, None)
    if not closes:
        qtbot.addWidget(dialog)
    return dialog


# --- backup, passphrase, restore ----------------------------------------------------------
def test_backup_now_writes_an_encrypted_backup_that_opens(qtbot, ctx, tmp_path, clock):
    dialog = _dialog(qtbot, BackupDialog, ctx)
    target = tmp_path / "backups" / "back-up.mhdbak"
    target.parent.mkdir()
    dialog.target.setText(str(target))
    reports: list[tuple[int, int, str]] = []
    dialog.progress.bar.valueChanged.connect(lambda v: reports.append(v))
    with qtbot.waitSignal(dialog.backed_up, timeout=30_000):
        dialog.start()
    assert target.is_file()
    assert target.read_bytes()[:16] != b"SQLite format 3\x00"  # encrypted
    assert "Back-up geschreven" in dialog.result.text()
    assert not dialog.progress.isVisible()
    with open_vault(target, PASSPHRASE, clock=clock) as copy:
        assert copy.signals.count() == 3


def test_a_stopped_backup_leaves_no_file(qtbot, ctx, tmp_path):
    dialog = _dialog(qtbot, BackupDialog, ctx)
    target = tmp_path / "gestopt.mhdbak"
    dialog.target.setText(str(target))
    dialog.start()
    dialog.progress.cancel()  # Stop at once: honoured before anything is written
    qtbot.waitUntil(lambda: not dialog.progress.running, timeout=30_000)
    assert not target.exists()
    assert not list(tmp_path.glob(".mhd-*"))
    assert "gestopt" in dialog.message.text().lower() or dialog.result.text()


def test_change_passphrase_then_the_new_one_opens_the_vault(qtbot, ctx, vault_path, clock):
    dialog = _dialog(qtbot, PassphraseDialog, ctx)
    dialog.current.setText(PASSPHRASE)
    dialog.new.setText("kort")
    assert not dialog.change_button.isEnabled()
    assert "Te kort" in dialog.strength.text()
    dialog.new.setText(NEW_PASSPHRASE)
    dialog.repeat.setText(NEW_PASSPHRASE + "x")
    assert not dialog.change_button.isEnabled()
    assert "niet gelijk" in dialog.new_error.text()
    dialog.repeat.setText(NEW_PASSPHRASE)
    assert dialog.change_button.isEnabled()
    dialog.change()
    # the passphrases left the fields the moment they went to the worker
    assert (dialog.current.text(), dialog.new.text(), dialog.repeat.text()) == ("", "", "")
    qtbot.waitUntil(lambda: "gewijzigd" in dialog.result.text(), timeout=30_000)
    # the open session works on the re-keyed vault
    assert _on_worker(ctx, lambda s: s.signals.count()) == 3
    with qtbot.waitSignal(ctx.locked, timeout=20_000):
        ctx.lock("manual")
    with pytest.raises(WrongPassphrase):
        open_vault(vault_path, PASSPHRASE, clock=clock).close()
    with open_vault(vault_path, NEW_PASSPHRASE, clock=clock) as reopened:
        assert reopened.signals.count() == 3


def test_a_wrong_current_passphrase_is_shown_next_to_its_field(qtbot, ctx):
    dialog = _dialog(qtbot, PassphraseDialog, ctx)
    dialog.current.setText("dit is niet de goede wachtwoordzin")
    dialog.new.setText(NEW_PASSPHRASE)
    dialog.repeat.setText(NEW_PASSPHRASE)
    dialog.change()
    qtbot.waitUntil(lambda: dialog.current_error.text() != "", timeout=30_000)
    assert "niet de huidige" in dialog.current_error.text()


def test_restore_checks_the_backup_then_replaces_the_vault_after_locking(
        qtbot, ctx, vault_path, tmp_path, clock, refs, monkeypatch):
    backup_file = tmp_path / "voor-herstel.mhdbak"
    _on_worker(ctx, lambda s: __import__("mensenhandel_desk.services.backup", fromlist=["x"])
               .backup_to(s, backup_file))
    _on_worker(ctx, lambda s: s.signals.create(make_signal(summary="Na de back-up")))
    dialog = _dialog(qtbot, RestoreDialog, ctx, closes=True)
    monkeypatch.setattr(RestoreDialog, "ask_file", staticmethod(lambda parent: backup_file))
    dialog.choose()
    dialog.secret.setText(PASSPHRASE)
    assert not dialog.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.checked, timeout=30_000):
        dialog.check()
    assert "3 signalen" in dialog.info.text()
    dialog.confirm.setChecked(True)
    assert dialog.restore_button.isEnabled()
    runner = RestoreRunner(ctx)
    monkeypatch.setattr("mensenhandel_desk.ui.tools.backup.restore_runner",
                        lambda c, w: runner)
    with qtbot.waitSignal(runner.finished, timeout=60_000) as finished:
        dialog.restore()
    assert finished.args[0] is True
    assert "teruggezet" in finished.args[1]
    assert not ctx.is_unlocked
    with open_vault(vault_path, PASSPHRASE, clock=clock) as restored:
        assert restored.signals.count() == 3  # the signal made after the backup is gone
    assert list(vault_path.parent.glob("kluis.voor-herstel-*.mhd"))  # the safety copy


def test_a_wrong_backup_passphrase_changes_nothing(qtbot, ctx, tmp_path, monkeypatch):
    backup_file = tmp_path / "b.mhdbak"
    _on_worker(ctx, lambda s: __import__("mensenhandel_desk.services.backup", fromlist=["x"])
               .backup_to(s, backup_file))
    dialog = _dialog(qtbot, RestoreDialog, ctx, closes=True)
    dialog.source.setText(str(backup_file))
    dialog.secret.setText("verkeerde wachtwoordzin voor de back-up")
    dialog.check()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=30_000)
    assert "wachtwoord" in dialog.message.text().lower()
    assert not dialog.confirm.isEnabled()
    assert ctx.is_unlocked


# --- retention -------------------------------------------------------------------------------
def test_retention_dry_run_lists_the_due_signal_only(qtbot, ctx, refs):
    dialog = _dialog(qtbot, RetentionDialog, ctx)
    qtbot.waitUntil(lambda: dialog.due_count.text() != "", timeout=30_000)
    assert [d.reference for d in dialog.due] == [refs["old"]]
    assert dialog.due_table.item(0, 0).text() == refs["old"]
    assert dialog.due_table.item(0, 3).text() != "no_trafficking"  # a Dutch label
    assert dialog.purge_button.isEnabled()
    assert _on_worker(ctx, lambda s: s.signals.count()) == 3  # a dry run changes nothing


def test_purge_asks_then_destroys_and_prints_the_declaration(qtbot, ctx, refs, monkeypatch,
                                                            tmp_path):
    import io

    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    dialog = _dialog(qtbot, RetentionDialog, ctx)
    qtbot.waitUntil(lambda: bool(dialog.due), timeout=30_000)
    monkeypatch.setattr(RetentionDialog, "ask_confirm", staticmethod(lambda p, n: False))
    dialog.purge()
    assert _on_worker(ctx, lambda s: s.signals.count()) == 3  # declined: nothing destroyed
    monkeypatch.setattr(RetentionDialog, "ask_confirm", staticmethod(lambda p, n: True))
    with qtbot.waitSignal(dialog.purged, timeout=60_000):
        dialog.purge()
    assert [d.reference for d in dialog.last_purge.purged] == [refs["old"]]
    assert "Vernietigd: 1 signaal." in dialog.purge_result.text()
    assert _on_worker(ctx, lambda s: s.signals.count()) == 2
    qtbot.waitUntil(lambda: not dialog.due, timeout=30_000)
    # the declaration opens in the preview at once; print it to a PDF "printer"
    preview = dialog.declaration_dialog
    qtbot.waitUntil(lambda: preview.page_count and preview.pages_shown == preview.page_count,
                    timeout=30_000)
    out = tmp_path / "verklaring.pdf"

    def pdf_printer() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(100)
        return printer

    monkeypatch.setattr(preview, "ask_printer", pdf_printer)
    preview.print_document()
    qtbot.waitUntil(lambda: not preview.busy, timeout=30_000)
    assert out.is_file()
    def printed(services):
        with services.vault.unit_of_work() as uow:
            return [(p.document_kind, p.copy_number) for p in uow.prints.all()]

    assert len(_on_worker(ctx, printed)) == 1  # the numbered copy is in the print log
    text = _on_worker(ctx, lambda s: "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(
            s.documents.destruction_declaration(dialog.last_purge.purged,
                                                dialog.last_purge.purged_on,
                                                preview=True).pdf)).pages))
    assert refs["old"] in text
    preview.reject()


def test_a_legal_hold_keeps_a_signal_out_of_the_purge_until_lifted(qtbot, ctx, refs,
                                                                   monkeypatch):
    dialog = _dialog(qtbot, RetentionDialog, ctx)
    qtbot.waitUntil(lambda: bool(dialog.due), timeout=30_000)
    dialog.hold_reference.setText(refs["old"])
    dialog.hold_reason.setText("Lopend onderzoek")
    with qtbot.waitSignal(dialog.holds_changed, timeout=30_000):
        dialog.place_hold()
    qtbot.waitUntil(lambda: dialog.holds_table.rowCount() == 1 and not dialog.due,
                    timeout=30_000)
    assert dialog.holds_table.item(0, 1).text() == "Lopend onderzoek"
    assert refs["old"] in dialog.hold_status.text() and not dialog.hold_status.isHidden()
    dialog.holds_table.selectRow(0)
    asked: list[str] = []
    answers = iter([False, True])  # first Cancel: the hold stays
    monkeypatch.setattr(RetentionDialog, "ask_lift",
                        staticmethod(lambda _p, ref: asked.append(ref) or next(answers)))
    dialog.lift_hold()
    assert asked == [refs["old"]] and dialog.holds_table.rowCount() == 1
    with qtbot.waitSignal(dialog.holds_changed, timeout=30_000):
        dialog.lift_hold()
    qtbot.waitUntil(lambda: dialog.holds_table.rowCount() == 0 and bool(dialog.due),
                    timeout=30_000)
    assert dialog.hold_status.text() == f"Bewaarplicht op {refs['old']} opgeheven."


def test_a_hold_without_a_reason_is_refused_next_to_the_reason(qtbot, ctx, refs):
    dialog = _dialog(qtbot, RetentionDialog, ctx)
    dialog.hold_reference.setText(refs["old"])
    dialog.place_hold()
    qtbot.waitUntil(lambda: dialog.hold_reason_error.text() != "", timeout=30_000)


def test_a_policy_floor_is_the_minimum_of_its_period(qtbot, ctx, tmp_path):
    import json

    policy = tmp_path / "policy" / "policy.json"
    policy.parent.mkdir(parents=True)
    policy.write_text(json.dumps({"retention_floor_months": {"handed_to_police": 84}}))
    dialog = _dialog(qtbot, RetentionDialog, ctx)
    spin = dialog.period_spins[Outcome.HANDED_TO_POLICE]
    qtbot.waitUntil(lambda: spin.value() == 84, timeout=30_000)
    assert spin.minimum() == 84
    assert not dialog.period_badges[Outcome.HANDED_TO_POLICE].isHidden()
    dialog.period_spins[Outcome.NO_TRAFFICKING].setValue(36)
    with qtbot.waitSignal(dialog.periods_saved, timeout=30_000):
        dialog.save_periods()
    qtbot.waitUntil(lambda: dialog.due_count.text().startswith("Er zijn geen") or
                    not dialog.due, timeout=30_000)


# --- audit trail -----------------------------------------------------------------------------
def test_audit_viewer_filters_by_action_and_object_and_verifies_the_chain(qtbot, ctx, refs):
    dialog = _dialog(qtbot, AuditDialog, ctx)
    with qtbot.waitSignal(dialog.verified, timeout=30_000) as verified:
        pass
    assert verified.args == [True]
    assert "ongebroken" in dialog.status.text()
    qtbot.waitUntil(lambda: dialog.total > 0, timeout=30_000)
    everything = dialog.total
    dialog.object_ref.setText(refs["old"].lower())
    with qtbot.waitSignal(dialog.page_shown, timeout=30_000):
        dialog.apply()
    assert 0 < dialog.total < everything
    assert {e.object_ref for e in dialog.events} == {refs["old"]}
    dialog.object_ref.clear()
    dialog.action.setCurrentIndex(dialog.action.findData("unlock"))
    with qtbot.waitSignal(dialog.page_shown, timeout=30_000):
        dialog.apply()
    assert {e.action for e in dialog.events} == {"unlock"}
    assert dialog.table.item(0, 2).text() == "Ontgrendeld"
    dialog.action.setCurrentIndex(0)
    dialog.use_until.setChecked(True)
    from PySide6.QtCore import QDate

    dialog.until.setDate(QDate(2020, 1, 1))
    with qtbot.waitSignal(dialog.page_shown, timeout=30_000):
        dialog.apply()
    assert dialog.total == 0
    assert dialog.page_label.text() == "Geen regels gevonden."


def test_audit_viewer_pages_newest_first(qtbot, ctx, monkeypatch):
    monkeypatch.setattr("mensenhandel_desk.ui.tools.audit.PAGE_SIZE", 3)
    dialog = _dialog(qtbot, AuditDialog, ctx)
    qtbot.waitUntil(lambda: dialog.total > 3, timeout=30_000)
    first = [e.id for e in dialog.events]
    assert first == sorted(first, reverse=True) and len(first) == 3
    assert dialog.next_button.isEnabled() and not dialog.previous_button.isEnabled()
    with qtbot.waitSignal(dialog.page_shown, timeout=30_000):
        dialog.next_button.click()
    assert max(e.id for e in dialog.events) < min(first)
    assert dialog.previous_button.isEnabled()


# --- access request --------------------------------------------------------------------------
def test_access_request_finds_the_fictitious_person(qtbot, ctx, refs):
    dialog = _dialog(qtbot, AccessRequestDialog, ctx)
    assert not dialog.report_button.isEnabled()
    dialog.name.setText("testpersoon oksana verzonnenko")  # order and case do not matter
    with qtbot.waitSignal(dialog.found, timeout=30_000):
        dialog.search()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == refs["person"]
    assert dialog.table.item(0, 2).text() == PERSON
    assert dialog.summary.text().startswith("Gevonden: 1 signaal en 0 andere")
    assert dialog.report_button.isEnabled()
    preview = dialog.show_report()  # the report in the in-app preview (nothing logged)
    qtbot.waitUntil(lambda: preview.page_count and preview.pages_shown == preview.page_count,
                    timeout=30_000)
    assert preview.print_button.isEnabled()
    preview.reject()


def test_access_request_without_a_name_is_refused_next_to_the_name(qtbot, ctx):
    dialog = _dialog(qtbot, AccessRequestDialog, ctx)
    dialog.search()
    qtbot.waitUntil(lambda: dialog.name_error.text() != "", timeout=30_000)


# --- lock and windows ------------------------------------------------------------------------
def test_lock_closes_the_tools_and_drops_what_they_showed(qtbot, ctx, refs):
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    dialog = open_tool("access", ctx, window)
    assert open_tool("access", ctx, window) is dialog  # one window per tool
    dialog.name.setText(PERSON)
    with qtbot.waitSignal(dialog.found, timeout=30_000):
        dialog.search()
    seen: list[tuple[str, int, bool]] = []
    ctx.locking.connect(lambda _r: seen.append(
        (dialog.name.text(), dialog.table.rowCount(), dialog.isVisible())))
    with qtbot.waitSignals([ctx.locked, dialog.destroyed], timeout=20_000):
        ctx.lock("manual")
    assert seen == [("", 0, False)]  # emptied and closed while the screen locked
    assert dialog.result is None
    assert open_tool("access", ctx, window) is None  # locked: no tool opens


def test_every_control_of_every_tool_has_a_dutch_accessible_name(qtbot, ctx):
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QLineEdit,
        QTabBar,
        QWidget,
    )

    from mensenhandel_desk import i18n
    from mensenhandel_desk.ui.tools import TOOLS, tool_class

    english = {msgid for msgid, msgstr in i18n._catalog("nl").items()
               if msgid != msgstr and len(msgid) > 3}
    interactive = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView,
                   QAbstractSpinBox)
    problems = []
    for key in TOOLS:
        dialog = tool_class(key)(ctx, None)  # deletes itself on close
        dialog.show()
        for widget in dialog.findChildren(QWidget):
            if (not widget.isVisible() or isinstance(widget, QTabBar | QHeaderView)
                    or isinstance(widget.parent(), QAbstractSpinBox)):
                continue  # parts of a named table, tab widget or date field
            if isinstance(widget, interactive):
                face = QAccessible.queryAccessibleInterface(widget)
                name = face.text(QAccessible.Text.Name) if face else ""
                if not name:
                    problems.append(f"{key}: {type(widget).__name__} without a name")
                elif name in english:
                    problems.append(f"{key}: untranslated {name!r}")
        if dialog.windowTitle() in english:
            problems.append(f"{key}: untranslated title")
        dialog.progress = None  # nothing runs: close at once
        dialog.reject()
    assert not problems


def test_a_lock_during_a_backup_stops_it_and_leaves_no_file(qtbot, ctx, tmp_path):
    dialog = _dialog(qtbot, BackupDialog, ctx, closes=True)
    target = tmp_path / "tijdens-vergrendelen.mhdbak"
    dialog.target.setText(str(target))
    dialog.start()
    with qtbot.waitSignal(ctx.locked, timeout=30_000):
        ctx.lock("manual")
    assert not target.exists()
    assert not list(tmp_path.glob(".mhd-*"))


def test_audit_details_read_in_dutch_where_the_wording_is_known():
    from mensenhandel_desk.ui.tools.audit import detail_label, object_label

    assert detail_label("automatic backup") == "automatische back-up"
    assert detail_label("3 records, 1 mentions") == "3 signalen, 1 andere vermeldingen"
    assert detail_label("purge of 2 signals") == "2 signalen vernietigd"
    assert detail_label("names=pseudonym copy=2") == "names=pseudonym copy=2"  # as written
    assert object_label("vault") == "kluis"
    assert object_label("MH-2026-0001") == "MH-2026-0001"


def test_a_backup_whose_audit_trail_is_broken_needs_its_own_acceptance(
        qtbot, ctx, tmp_path, clock, monkeypatch):
    from mensenhandel_desk.services import backup

    backup_file = tmp_path / "gebroken.mhdbak"
    _on_worker(ctx, lambda s: backup.backup_to(s, backup_file))
    copy = open_vault(backup_file, PASSPHRASE, clock=clock)  # tamper with the copy
    with copy, copy.vault.unit_of_work() as uow:
        event = uow.audit.query()[1]
        event.hash = "0" * 64
        uow.audit.rewrite([event])
    dialog = _dialog(qtbot, RestoreDialog, ctx, closes=True)
    dialog.source.setText(str(backup_file))
    dialog.secret.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.checked, timeout=30_000):
        dialog.check()
    assert "audittrail" in dialog.info.text().lower()
    assert dialog.accept_broken.isVisibleTo(dialog)
    dialog.confirm.setChecked(True)
    assert not dialog.restore_button.isEnabled()  # confirming alone is not enough
    dialog.accept_broken.setChecked(True)
    assert dialog.restore_button.isEnabled()
    started: list[tuple] = []
    monkeypatch.setattr(RestoreRunner, "start",
                        lambda self, path, secret, **kw: started.append((path, kw)))
    dialog.restore()
    assert started == [(backup_file, {"accept_broken_audit": True})]
