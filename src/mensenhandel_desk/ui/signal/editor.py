"""The signal editor: one signal along the report route, or a new one (issue 8).

Layout: a top bar (back, reference, copy, agenda, save), a banner offering a draft kept
over a lock, the route stepper, and below it the parts of the signal: a list on the
left (Signaal, Partijen en locaties, Checklist, Verrijking, Overdrachten, Melder
geïnformeerd, Beoordeling en afsluiting) and the chosen part on the right.

Threading: ``show_signal`` loads the dossier, the next actions, the already-known hits,
the partner names and any draft in one worker call (``signals.dossier`` audits the
opening); painting never calls the vault. Every part saves through the services on the
worker; a part that saved emits ``changed`` and the editor reloads (not audited again).

Unsaved input is never lost silently (docs/signal-editor.md):

- leaving (Back, another signal, another section of the sidebar, closing the window)
  asks Save / Discard / Cancel (``confirm_leave``; ``ask_unsaved`` is the one question,
  patched in tests);
- a lock asks nothing: ``draft_snapshot`` (a ``DeskContext`` draft provider, called on
  the GUI thread before ``locking``) hands the input to the lock work, which stores it
  in the vault (``services.drafts``) before the vault closes. Reopening that signal (or
  Ctrl+N for a new one) offers it back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.errors import NotFound
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import KnownMatch, NextAction, SignalDossier
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.signal.drafts import DraftBanner
from mensenhandel_desk.ui.signal.general import GeneralForm
from mensenhandel_desk.ui.signal.parties import PartiesSection
from mensenhandel_desk.ui.signal.route_stepper import RouteStepper
from mensenhandel_desk.ui.signal.section import Section
from mensenhandel_desk.ui.signal.sections.checklist import ChecklistSection
from mensenhandel_desk.ui.signal.sections.closing import ClosingSection
from mensenhandel_desk.ui.signal.sections.enrichment import EnrichmentSection
from mensenhandel_desk.ui.signal.sections.handovers import HandoversSection
from mensenhandel_desk.ui.signal.sections.reporter_feedback import ReporterFeedbackSection
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.worker import Task, describe

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
GENERAL = "general"
SECTION_CLASSES: list[tuple[str, type[Section]]] = [
    ("parties", PartiesSection),
    ("checklist", ChecklistSection),
    ("enrichment", EnrichmentSection),
    ("handovers", HandoversSection),
    ("reporter_feedback", ReporterFeedbackSection),
    ("closing", ClosingSection),
]


class SignalsStack(QStackedWidget):
    """The "Signalen" page: the register or the editor. Leaving the page (the sidebar,
    closing the window) asks the editor first when it is the one shown."""

    def confirm_leave(self, proceed: Callable[[], None] | None = None) -> bool:
        confirm = getattr(self.currentWidget(), "confirm_leave", None)
        if confirm is None:
            if proceed is not None:
                proceed()
            return True
        return bool(confirm(proceed))


class Loaded:
    """What one worker call brings for painting."""

    def __init__(self, dossier: SignalDossier, actions: list[NextAction],
                 known: list[KnownMatch], partners: dict[str, str], draft: Any,
                 today: date) -> None:
        self.dossier, self.actions, self.known = dossier, actions, known
        self.partners, self.draft, self.today = partners, draft, today


def load_signal(services: Any, signal_id: int, *, audited: bool = True,
                with_draft: bool = True) -> Loaded:
    """Worker side of opening a signal (also used by bench/bench_editor.py)."""
    dossier = services.signals.dossier(signal_id, audited=audited)
    return Loaded(dossier, services.signals.next_actions(signal_id),
                  services.signals.known_matches(signal_id),
                  {p.key: p.name for p in services.reference.partners()},
                  services.drafts.load(signal_id) if with_draft else None,
                  services.clock.today())


class SignalEditor(QWidget):
    """Edits one signal (``show_signal``) or records a new one (``new_signal``)."""

    back = Signal()  # the officer wants to go back (the window asks ``confirm_leave``)
    open_signal = Signal(int)  # e.g. an "already known" hit
    loaded = Signal(int)  # a signal was painted
    created = Signal(int)  # a new signal was saved (register and Te doen refresh)
    saved = Signal()  # something was saved

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.signal_id: int | None = None
        self.is_new = False
        self.reference = ""
        self.dossier: SignalDossier | None = None
        self.draft: Any = None
        self._task: Task | None = None
        self._today = Clock().today()  # replaced by the services' clock on load
        self._known_prepared = False  # services.signals.prepare_known_for ran this session
        # The reference of a signal id as a list shows it (set by the main window): named
        # when that signal turns out not to exist any more.
        self.reference_hint: Callable[[int], str | None] | None = None
        self._build()
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.back.emit)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save_all)
        ctx.locking.connect(self._on_locking)
        ctx.add_draft_provider(self.draft_snapshot)

    # --- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.back_button = named_button(self, _("← &Back to the list"),
                                        _("Back to the list"), self.back.emit)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 120%; font-weight: bold;")
        self.title.setAccessibleName(_("Signal"))
        self.copy_button = named_button(self, _("&Copy reference"),
                                        _("Copy the reference to the clipboard"),
                                        self.copy_reference)
        self.copy_button.setToolTip(_("The clipboard is cleared after 30 seconds and on "
                                      "lock."))
        self.meeting_button = named_button(self, _("On a meeting's a&genda…"),
                                           _("Put this signal on the agenda of a meeting"),
                                           self.add_to_meeting)
        self.save_button = named_button(self, _("&Save (Ctrl+S)"),
                                        _("Save every change on this signal"), self.save_all)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        top.addWidget(self.copy_button)
        top.addWidget(self.meeting_button)
        top.addWidget(self.save_button)
        self.banner = DraftBanner(self)
        self.banner.restore_requested.connect(self.restore_draft)
        self.banner.discard_requested.connect(self.discard_draft)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Message"))
        self.message.setVisible(False)
        self.stepper = RouteStepper(self)
        self.stepper.go_to.connect(self.show_part)

        self.nav = QListWidget(self)
        self.nav.setAccessibleName(_("Parts of the signal"))
        self.nav.setAccessibleDescription(_("Choose a part; its fields are shown on the "
                                            "right."))
        self.pages = QStackedWidget(self)
        self.general = GeneralForm(self)
        self.general.edited.connect(self._edited)
        self.general.reporter.reveal_requested.connect(self.reveal_reporter)
        self.sections: dict[str, Section] = {}
        self._keys: list[str] = []
        self._add_page(GENERAL, N_("Signal and reporter"), self.general)
        for key, cls in SECTION_CLASSES:
            section = cls(self.ctx, self)
            section.changed.connect(self.reload)
            section.open_signal.connect(self.open_signal.emit)
            self.sections[key] = section
            self._add_page(key, section.title, section)
        self.parties = self.sections["parties"]
        assert isinstance(self.parties, PartiesSection)
        char = self.fontMetrics().horizontalAdvance("n")
        self.nav.setFixedWidth(char * 24)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.message)
        layout.addWidget(self.stepper)
        layout.addWidget(line)
        layout.addLayout(body, 1)
        self.setTabOrder(self.back_button, self.save_button)
        self.setTabOrder(self.save_button, self.nav)
        self.nav.setCurrentRow(0)

    def _add_page(self, key: str, title: str, widget: QWidget) -> None:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(widget)
        scroll.setAccessibleName(_(title))
        self.pages.addWidget(scroll)
        QListWidgetItem(_(title), self.nav)
        self._keys.append(key)

    def show_part(self, key: str) -> None:
        if key in self._keys:
            self.nav.setCurrentRow(self._keys.index(key))
            page = self.pages.currentWidget()
            if isinstance(page, QScrollArea) and page.widget() is not None:
                page.widget().setFocus()

    def current_part(self) -> str:
        return self._keys[max(self.nav.currentRow(), 0)]

    def _enable_sections(self, enabled: bool) -> None:
        for row in range(1, self.nav.count()):
            item = self.nav.item(row)
            flags = item.flags()
            item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if enabled
                          else flags & ~Qt.ItemFlag.ItemIsEnabled)
        for key in ("copy", "meeting"):
            getattr(self, f"{key}_button").setEnabled(enabled)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setVisible(bool(text))

    def _edited(self) -> None:
        if self.message.isVisible() and not self.message.styleSheet().startswith("color: #b"):
            self._say("")

    # --- opening ----------------------------------------------------------------------------
    def _start(self) -> None:
        if self._task is not None:
            self._task.drop()
            self._task = None
        self.banner.dismiss()
        self._say("")
        self.draft = None

    def _on_locking(self, _reason: str) -> None:
        self._known_prepared = False
        self.clear(keep_id=True)

    def _prepare_known(self) -> None:
        """Read ahead, once per session, what the first "already known" check needs (on
        the worker, after the signal is loaded): the first keystroke answers fast."""
        if self._known_prepared or not self.ctx.is_unlocked:
            return
        self._known_prepared = True
        self.ctx.run(lambda services: services.signals.prepare_known_for(),
                     on_failure=lambda _error: None)

    def show_signal(self, signal_id: int, *, audited: bool = True) -> None:
        """Load and paint ``signal_id`` (any draft of it is offered back)."""
        first = signal_id != self.signal_id or self.dossier is None
        known_reference = self.reference if not first else ""
        if first:
            self.clear()
            self.title.setText(_("Loading…"))
            self._enable_sections(False)  # until the signal is there
        self._start()
        self.signal_id, self.is_new = signal_id, False

        def work(services: Any) -> Loaded:
            return load_signal(services, signal_id, audited=audited, with_draft=first)

        def done(result: Loaded) -> None:
            self._task = None
            if self.signal_id == signal_id:
                self._enable_sections(True)
                self.paint(result, first=first)

        def failed(error: BaseException) -> None:
            self._task = None
            if self.signal_id != signal_id:
                return
            if first or isinstance(error, NotFound):
                self._open_failed(signal_id, error, known_reference)
                return
            self._say(describe(error), error=True)

        self._task = self.ctx.run(work, on_success=done, on_failure=failed)
        self._prepare_known()

    def _open_failed(self, signal_id: int, error: BaseException, reference: str) -> None:
        """The signal could not be opened (e.g. destroyed meanwhile: a stale row): the
        editor empties and disables itself and goes back to the (refreshed) list, with a
        Dutch message that names the reference when known, never the internal id."""
        if not reference and self.reference_hint is not None:
            reference = self.reference_hint(signal_id) or ""
        if isinstance(error, NotFound):
            text = (_("Signal {reference} does not exist any more (it may have been "
                      "destroyed). The list has been refreshed.").format(reference=reference)
                    if reference else
                    _("This signal does not exist any more (it may have been destroyed). "
                      "The list has been refreshed."))
        else:
            text = describe(error)
        self.clear()
        self._enable_sections(False)
        self.ctx.signals_changed.emit()
        self.ctx.message.emit(text)
        self.back.emit()

    def reload(self) -> None:
        """After a part saved: the dossier and the route again (not audited again)."""
        if self.signal_id is not None and self.ctx.is_unlocked:
            self.saved.emit()
            self.ctx.signals_changed.emit()
            self.show_signal(self.signal_id, audited=False)

    def paint(self, result: Loaded, first: bool = True) -> None:
        """GUI thread, no vault calls: every part from ``result``."""
        dossier = result.dossier
        self.dossier = dossier
        self._today = result.today
        signal = dossier.signal
        self.reference = signal.reference
        self.title.setText(_("{reference} · {status}").format(reference=signal.reference,
                                                              status=label(signal.status)))
        if first or not self.general.general_changed():
            self.general.load(signal, dossier.has_reporter, result.today)
        else:  # keep what is typed; save it onto the fresh record
            self.general.signal = signal
        self.stepper.show_route(dossier, result.actions, result.partners)
        self.parties.load(dossier, result.known)
        for key, section in self.sections.items():
            if key != "parties" and (first or section.unsaved() is None):
                section.load(dossier)
        if result.draft is not None:
            self.draft = result.draft
            self.banner.offer(result.draft.saved_at)
        self.loaded.emit(signal.id)

    def new_signal(self) -> None:
        """An empty form for a new signal (a draft of an earlier one is offered back)."""
        self.clear()
        self._start()
        self.is_new = True
        self.title.setText(_("New signal"))
        self._enable_sections(False)
        self.show_part(GENERAL)

        def work(services: Any) -> tuple[Any, date]:
            return services.drafts.load(None), services.clock.today()

        def done(result: tuple[Any, date]) -> None:
            self._task = None
            if not self.is_new:
                return
            draft, today = result
            self._today = today
            if not self.general.general_changed():
                self.general.new(today)
            if draft is not None:
                self.draft = draft
                self.banner.offer(draft.saved_at)
            self.loaded.emit(0)

        self.general.new(self._today)
        self._task = self.ctx.run(work, on_success=done,
                                  on_failure=lambda e: self._say(describe(e), error=True))
        self._prepare_known()
        self.general.summary.setFocus()

    # --- drafts -----------------------------------------------------------------------------
    def unsaved_parts(self) -> dict[str, Any]:
        """Everything typed and not saved, as one JSON-able snapshot ({} when none)."""
        if not self.is_new and self.signal_id is None:
            return {}
        content: dict[str, Any] = dict(self.general.unsaved() or {})
        sections = {key: snap for key, section in self.sections.items()
                    if (snap := section.unsaved()) is not None}
        if sections:
            content["sections"] = sections
        return content

    def has_unsaved(self) -> bool:
        return bool(self.unsaved_parts())

    def draft_snapshot(self) -> list[tuple[int | None, dict[str, Any]]]:
        """The lock's draft provider (GUI thread, before ``locking``)."""
        content = self.unsaved_parts()
        if not content:
            return []
        return [(None if self.is_new else self.signal_id, content)]

    def restore_draft(self) -> None:
        draft, self.draft = self.draft, None
        self.banner.dismiss()
        if draft is None:
            return
        content = draft.content
        self.general.restore(content)
        for key, snapshot in (content.get("sections") or {}).items():
            if key in self.sections and isinstance(snapshot, dict):
                self.sections[key].restore(snapshot)
        first = next((k for k in (GENERAL, *self.sections) if
                      (k == GENERAL and ("general" in content or "reporter" in content))
                      or k in (content.get("sections") or {})), GENERAL)
        self.show_part(first)
        self._say(_("The unsaved changes are back. Save them to keep them."))
        signal_id = None if self.is_new else self.signal_id
        self.ctx.run(lambda services: services.drafts.discard(signal_id, restored=True))

    def discard_draft(self) -> None:
        self.draft = None
        self.banner.dismiss()
        signal_id = None if self.is_new else self.signal_id
        self.ctx.run(lambda services: services.drafts.discard(signal_id))

    # --- saving -----------------------------------------------------------------------------
    def save_all(self, then: Callable[[], None] | None = None) -> None:
        """Ctrl+S: save every part with pending input; ``then()`` once nothing is unsaved
        any more (not called when a save failed: its error is next to its field)."""
        if not self.ctx.is_unlocked or (self.signal_id is None and not self.is_new):
            return
        started = False
        if self.is_new:
            started = self._create()
        elif self.general.unsaved() is not None:
            started = self._save_general()
        if not self.is_new:
            for section in self.sections.values():
                if section.unsaved() is not None:
                    started = section.save() or started

        def check(_result: object = None) -> None:
            if not self.has_unsaved() and not self.is_new:
                if then is not None:
                    then()
                return
            pending = self.unsaved_parts()
            for key in (GENERAL, *self.sections):
                if (key == GENERAL and ("general" in pending or "reporter" in pending)) or \
                        key in pending.get("sections", {}):
                    self.show_part(key)
                    break
            if not self.message.isVisible():
                self._say(_("Not everything could be saved: see the marked fields."), True)

        if started:
            self.ctx.run(lambda _services: None, on_success=check)  # after the saves
        elif self.has_unsaved() or self.is_new:
            check()
        elif then is not None:
            then()

    def _failed(self, error: BaseException) -> None:
        if self.general.show_error(error):
            self.show_part(GENERAL)
            self._say(_("Not saved: see the marked field."), error=True)
        else:
            self._say(describe(error), error=True)

    def _create(self) -> bool:
        record = self.general.record()
        reporter = self.general.reporter_record(0)

        def work(services: Any) -> Any:
            return services.signals.create(record, reporter)

        def done(signal: Any) -> None:
            self.general.accept_saved()
            self.is_new = False
            self.signal_id = None
            self._say(_("Signal {reference} recorded.").format(reference=signal.reference))
            message = self.message.text()
            self.created.emit(signal.id)
            self.ctx.signals_changed.emit()
            self.show_signal(signal.id, audited=False)
            self._say(message)

        self.ctx.run(work, on_success=done, on_failure=self._failed)
        return True

    def _save_general(self) -> bool:
        assert self.signal_id is not None
        signal_id = self.signal_id
        changed = self.general.general_changed()
        record = self.general.record()
        reporter = self.general.reporter_record(signal_id)

        def work(services: Any) -> None:
            if changed:
                services.signals.update(record)
            if reporter is not None:
                services.signals.set_reporter(signal_id, reporter)

        def done(_result: None) -> None:
            self.general.accept_saved()
            self._say(_("Saved."))
            self.reload()

        self.ctx.run(work, on_success=done, on_failure=self._failed)
        return True

    # --- leaving ----------------------------------------------------------------------------
    @staticmethod
    def ask_unsaved(parent: QWidget) -> str:
        """Save / Discard / Cancel (patched in tests). A lock closes the box: Cancel."""
        box = QMessageBox(QMessageBox.Icon.Question, _("Unsaved changes"),
                          _("This signal has changes that are not saved yet. Save them "
                            "first?"),
                          QMessageBox.StandardButton.Save
                          | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, parent)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.standardButton(box.clickedButton()) if box.clickedButton() else None
        if clicked == QMessageBox.StandardButton.Save:
            return SAVE
        if clicked == QMessageBox.StandardButton.Discard:
            return DISCARD
        return CANCEL

    def confirm_leave(self, proceed: Callable[[], None] | None = None) -> bool:
        """May the officer leave this signal? Nothing unsaved: yes (``proceed()`` is
        called). Else the question Save / Discard / Cancel: Discard drops the input and
        leaves; Save saves and leaves (``proceed()``) once everything is saved, or stays
        on the first error; Cancel stays. Returns True only when leaving right now."""
        if not self.has_unsaved():
            if proceed is not None:
                proceed()
            return True
        choice = self.ask_unsaved(self)
        if not self.ctx.is_unlocked:  # locked while the question was open: kept as draft
            return False
        if choice == DISCARD:
            self.discard_unsaved()
            if proceed is not None:
                proceed()
            return True
        if choice == SAVE:
            self.save_all(then=proceed)
        return False

    def discard_unsaved(self) -> None:
        """Forget what was typed: every part shows the saved signal again."""
        if self.dossier is not None and not self.is_new:
            self.general.load(self.dossier.signal, self.dossier.has_reporter, self._today)
            for section in self.sections.values():
                section.load(self.dossier)
            self.parties.party_pane.cancel()
            self.parties.location_pane.cancel()
        else:
            self.general.new(self._today)
        self._say("")

    # --- other actions ----------------------------------------------------------------------
    def copy_reference(self) -> None:
        if self.reference:
            self.ctx.copy_text(self.reference)

    def add_to_meeting(self) -> None:
        if self.signal_id is None or not self.ctx.is_unlocked:
            return
        try:
            from mensenhandel_desk.ui.meetings.add_to_meeting import add_signals_to_meeting
        except ImportError:
            self._say(_("Meetings are not available in this version."), error=True)
            return
        add_signals_to_meeting(self.ctx, self, [self.signal_id])

    def reveal_reporter(self) -> None:
        """"Toon melder": the stored reporter, fetched on request (audited)."""
        signal_id = self.signal_id
        if signal_id is None or not self.ctx.is_unlocked:
            return

        def done(reporter: Any) -> None:
            if self.signal_id == signal_id:
                self.general.reporter.show_reporter(reporter)

        self.ctx.run(lambda services: services.signals.reporter(signal_id), on_success=done,
                     on_failure=lambda e: self._say(describe(e), error=True))

    def clear(self, keep_id: bool = False) -> None:
        """Forget every datum shown (lock, or leaving): fields, undo stacks, lists."""
        if self._task is not None:
            self._task.drop()
            self._task = None
        self.reference = ""
        self.dossier = None
        self.draft = None
        self.title.clear()
        self.banner.dismiss()
        self._say("")
        self.general.clear()
        self.stepper.clear()
        for section in self.sections.values():
            section.clear()
        if not keep_id:
            self.signal_id = None
            self.is_new = False
