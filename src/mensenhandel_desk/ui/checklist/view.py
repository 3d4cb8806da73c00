"""The "Signalenkaart" screen: the checklist editor and its version history.

- Left, every version with its date and note; the current (newest) one is editable,
  earlier ones are shown read-only: signals recorded against a version keep exactly those
  indicators (the signal editor's panel reads the signal's own version).
- The indicators grouped as in the data, vulnerability factors apart (last); add, reword
  and retire (and bring back) indicators; the "Change" column says what each edit does.
- "Save as new version" (with a note) publishes the edits through
  ``services.reference.revise_checklist``; nothing changes in place.
- Unsaved edits: leaving the screen asks Save / Discard / Cancel (``confirm_leave``, called
  by the main window). On lock the edits are dropped without asking: they are reference
  data (no personal data, nothing a signal depends on yet), and a lock must never wait on
  a question the officer is not there to answer; the officer redoes a few edits at most.
- Loaded on the worker (``services.reference.checklist_history()``) when shown after an
  unlock; ``ctx.locking`` empties everything.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.models import ChecklistVersion
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services.reference_data import checklist_changes
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.checklist.draft import NEW, RETIRED, REWORDED, ChecklistDraft
from mensenhandel_desk.ui.checklist.indicator_dialog import IndicatorDialog
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.widgets.form_dialog import error_label
from mensenhandel_desk.ui.widgets.questions import (  # noqa: F401 (the answers tests give)
    CANCEL,
    DISCARD,
    SAVE,
    ask_save_discard,
    confirm_leave,
)
from mensenhandel_desk.ui.widgets.refresh import RefreshWhenShown

REF_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_TEXT = {NEW: N_("New indicator"), REWORDED: N_("Reworded"), RETIRED: N_("Retired")}


def changes_text(changes: Any) -> str:
    """"2 reworded, 1 retired, 1 new" (Dutch), or "" when nothing changed."""
    parts = []
    if changes.reworded:
        parts.append(_("{count} reworded").format(count=len(changes.reworded)))
    if changes.retired:
        parts.append(_("{count} retired").format(count=len(changes.retired)))
    if changes.added:
        parts.append(_("{count} new").format(count=len(changes.added)))
    return ", ".join(parts)


class ChecklistView(RefreshWhenShown, QWidget):
    loaded = Signal()  # the versions arrived and are shown
    version_saved = Signal(int)  # the new version number
    failed = Signal(str)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.history: list[ChecklistVersion] = []
        self.draft: ChecklistDraft | None = None
        self.shown_version: int | None = None
        self._stale = True
        self._saving = False
        self._build()
        ctx.locking.connect(lambda _reason: self.clear())
        ctx.unlocked.connect(self._on_unlocked)

    # --- questions (patched in tests) ------------------------------------------------------
    @staticmethod
    def ask_unsaved(parent: QWidget) -> str:
        """SAVE, DISCARD or CANCEL for unsaved checklist edits."""
        return ask_save_discard(parent, _("Unsaved checklist changes"),
                                _("The checklist has changes that are not saved as a new "
                                  "version yet."),
                                _("&Save as new version"), _("Save as new version"))

    # --- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel(f"<h2>{_('Signals checklist')}</h2>", self)
        heading.setAccessibleName(_("Signals checklist"))
        self.versions = QListWidget(self)
        self.versions.setAccessibleName(_("Checklist versions"))
        self.versions.currentRowChanged.connect(self._version_chosen)
        versions_label = QLabel(_("&Versions:"), self)
        versions_label.setBuddy(self.versions)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(versions_label)
        column.addWidget(self.versions, 1)

        right = QWidget(self)
        self.info = QLabel(right)
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setAccessibleName(_("About this version"))
        self.tree = self._make_tree(right, _("Indicators"), _("Indicator"))
        self.factors = self._make_tree(right, _("Vulnerability factors"),
                                       _("Vulnerability factor"))
        self.factors.setToolTip(_("Vulnerability factors: no sign of exploitation in "
                                  "themselves, a reason for extra alertness."))
        self._active = self.tree  # the tree whose selection the buttons act on
        self.add_button = named_button(right, _("&Add indicator…"),
                                       _("Add an indicator"), self.add)
        self.reword_button = named_button(right, _("Re&word…"),
                                          _("Reword the selected indicator"), self.reword)
        self.retire_button = named_button(right, _("Re&tire"),
                                          _("Retire the selected indicator"),
                                          self.toggle_retired)
        self.undo_button = named_button(right, _("&Undo all changes"),
                                        _("Undo all unsaved changes"), self.discard)
        edit_row = QHBoxLayout()
        for button in (self.add_button, self.reword_button, self.retire_button):
            edit_row.addWidget(button)
        edit_row.addStretch(1)
        edit_row.addWidget(self.undo_button)
        self.note = QLineEdit(right)
        self.note.setAccessibleName(_("Note on the new version"))
        self.note.setPlaceholderText(_("e.g. yearly review with the care coordinator"))
        note_label = QLabel(_("&Note:"), right)
        note_label.setBuddy(self.note)
        self.save_button = named_button(right, _("&Save as new version"),
                                        _("Save the changes as a new checklist version"),
                                        self.save)
        self.note_error = error_label(right)
        save_row = QHBoxLayout()
        save_row.addWidget(note_label)
        save_row.addWidget(self.note, 1)
        save_row.addWidget(self.save_button)
        self.pending = QLabel(right)
        self.pending.setAccessibleName(_("Unsaved changes"))
        self.editor_controls = QWidget(right)
        controls = QVBoxLayout(self.editor_controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addLayout(edit_row)
        controls.addWidget(self.pending)
        controls.addLayout(save_row)
        controls.addWidget(self.note_error)
        pane = QVBoxLayout(right)
        pane.setContentsMargins(0, 0, 0, 0)
        pane.addWidget(self.info)
        trees = QSplitter(Qt.Orientation.Horizontal, right)
        trees.addWidget(self.tree)
        trees.addWidget(self.factors)
        trees.setStretchFactor(0, 3)
        trees.setStretchFactor(1, 2)
        trees.setSizes([600, 400])
        trees.setChildrenCollapsible(False)
        pane.addWidget(trees, 1)
        pane.addWidget(self.editor_controls)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)
        sample = _("{version} (current)").format(version=_("Version {version} — {date}")
                                                 .format(version=10, date="31-12-2026"))
        left.setMinimumWidth(self.fontMetrics().horizontalAdvance(sample) + 40)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.versions, self.tree)
        self.setTabOrder(self.tree, self.factors)
        self._show(None)

    def _make_tree(self, parent: QWidget, name: str, column: str) -> QTreeWidget:
        tree = QTreeWidget(parent)
        tree.setAccessibleName(name)
        tree.setColumnCount(2)
        tree.setHeaderLabels([column, _("What changes")])
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setUniformRowHeights(True)
        header = tree.header()
        header.setAccessibleName(_("Column headers of {table}").format(table=name))
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        tree.setColumnWidth(1, self.fontMetrics().horizontalAdvance("n") * 13)
        tree.currentItemChanged.connect(
            lambda current, _previous, t=tree: self._current_changed(t, current))
        tree.itemActivated.connect(lambda *_args: self.reword())  # Enter, double-click
        return tree

    def _current_changed(self, tree: QTreeWidget, current: QTreeWidgetItem | None) -> None:
        """One selection over both trees: choosing in one clears the other."""
        if current is not None:
            self._active = tree
            other = self.factors if tree is self.tree else self.tree
            other.blockSignals(True)
            other.setCurrentItem(None)
            other.clearSelection()
            other.blockSignals(False)
        self._buttons()

    def _trees(self) -> tuple[QTreeWidget, QTreeWidget]:
        return self.tree, self.factors

    # --- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load every version on the worker; show the newest unless an older one was open."""
        if not self.ctx.is_unlocked:
            return
        self._stale = False
        self.ctx.run(lambda services: services.reference.checklist_history(),
                     on_success=self._loaded, on_failure=self._failed)

    def _loaded(self, history: list[ChecklistVersion]) -> None:
        self.history = history
        keep = self.shown_version
        if self.draft is None or self.draft.base.version != self.current_version():
            self.draft = ChecklistDraft(history[-1]) if history else None
        self.versions.blockSignals(True)
        self.versions.clear()
        for checklist in reversed(history):
            text = _("Version {version} — {date}").format(
                version=checklist.version, date=fmt.short_date(checklist.created_on))
            if checklist is history[-1]:
                text = _("{version} (current)").format(version=text)
            item = QListWidgetItem(text)
            item.setData(REF_ROLE, checklist.version)
            item.setToolTip(checklist.note)
            self.versions.addItem(item)
        self.versions.blockSignals(False)
        self.show_version(keep if keep in {c.version for c in history}
                          else self.current_version())
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        from mensenhandel_desk.ui.worker import describe

        message = describe(error)
        self.info.setText(html.escape(message))
        self.failed.emit(message)

    # --- which version -------------------------------------------------------------------------
    def current_version(self) -> int | None:
        return self.history[-1].version if self.history else None

    def is_editing(self) -> bool:
        return self.shown_version is not None and self.shown_version == self.current_version()

    def show_version(self, version: int | None) -> None:
        for row in range(self.versions.count()):
            if self.versions.item(row).data(REF_ROLE) == version:
                self.versions.setCurrentRow(row)
                self._version_chosen(row)
                return
        self._show(None)

    def _version_chosen(self, row: int) -> None:
        item = self.versions.item(row) if row >= 0 else None
        version = item.data(REF_ROLE) if item is not None else None
        self._show(next((c for c in self.history if c.version == version), None))

    def _show(self, checklist: ChecklistVersion | None) -> None:
        self.shown_version = checklist.version if checklist else None
        for tree in self._trees():
            tree.clear()
        editing = self.is_editing() and self.draft is not None
        self.editor_controls.setVisible(editing)
        if checklist is None:
            self.info.clear()
            self._buttons()
            return
        previous = next((c for c in reversed(self.history)
                         if c.version < checklist.version), None)
        title = _("Version {version} of {date}").format(
            version=checklist.version, date=fmt.long_date(checklist.created_on))
        about = [f"<b>{html.escape(title)}</b>"]
        if checklist.note:
            about.append(html.escape(checklist.note))
        if previous is not None:
            changed = changes_text(checklist_changes(previous.indicators,
                                                     checklist.indicators))
            if changed:
                about.append(html.escape(_("Against version {version}: {changes}.").format(
                    version=previous.version, changes=changed)))
        if not editing:
            about.append("<i>" + html.escape(_(
                "Read only: signals recorded against this version keep exactly these "
                "indicators.")) + "</i>")
        self.info.setText("<br>".join(about))
        if editing:
            self._fill_from_draft()
        else:
            self._fill_read_only(checklist, previous)
        self._buttons()

    def _group_item(self, label: str, vulnerability: bool) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.factors if vulnerability else self.tree, [label, ""])
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setFirstColumnSpanned(True)
        if vulnerability:
            item.setToolTip(0, _("Vulnerability factors: no sign of exploitation in "
                                 "themselves, a reason for extra alertness."))
        item.setExpanded(True)
        return item

    def _fill_from_draft(self) -> None:
        assert self.draft is not None
        for group in self.draft.view():
            parent = self._group_item(group.label, group.is_vulnerability)
            for row in group.rows:
                item = QTreeWidgetItem(parent, [row.indicator.label,
                                                _(STATE_TEXT[row.state])
                                                if row.state in STATE_TEXT else ""])
                item.setData(0, REF_ROLE, row.ref)
                item.setToolTip(0, row.indicator.label)
                if row.state == RETIRED:
                    font = QFont(item.font(0))
                    font.setStrikeOut(True)
                    item.setFont(0, font)
                    item.setForeground(0, QBrush(QColor("#6b6b6b")))
                elif row.state == REWORDED:
                    item.setToolTip(0, _("{label} (was: {original})").format(
                        label=row.indicator.label, original=row.original_label))
                if row.state in (NEW, REWORDED):
                    font = QFont(item.font(1))
                    font.setBold(True)
                    item.setFont(1, font)
            parent.setExpanded(True)
        self._pending_text()

    def _fill_read_only(self, checklist: ChecklistVersion,
                        previous: ChecklistVersion | None) -> None:
        draft = ChecklistDraft(checklist)
        changes = checklist_changes(previous.indicators, checklist.indicators) \
            if previous is not None else None
        new = {i.key for i in changes.added} if changes else set()
        reworded = {new_.key for _old, new_ in changes.reworded} if changes else set()
        for group in draft.view():
            parent = self._group_item(group.label, group.is_vulnerability)
            for row in group.rows:
                state = NEW if row.ref in new else REWORDED if row.ref in reworded else ""
                item = QTreeWidgetItem(parent, [row.indicator.label,
                                                _(STATE_TEXT[state]) if state else ""])
                item.setData(0, REF_ROLE, row.ref)
                item.setToolTip(0, row.indicator.label)
            parent.setExpanded(True)

    def _pending_text(self) -> None:
        if self.draft is None or not self.draft.has_changes():
            self.pending.setText(_("No unsaved changes."))
            return
        added, reworded, retired = self.draft.counts()
        self.pending.setText(_("Unsaved: {reworded} reworded, {retired} retired, {added} new. "
                               "Saved as a new version; signals keep their own version.")
                             .format(added=added, reworded=reworded, retired=retired))

    def selected_ref(self) -> str | None:
        item = self._active.currentItem()
        return item.data(0, REF_ROLE) if item is not None else None

    def select_ref(self, ref: str) -> None:
        for tree in self._trees():
            for top in range(tree.topLevelItemCount()):
                group = tree.topLevelItem(top)
                for n in range(group.childCount()):
                    if group.child(n).data(0, REF_ROLE) == ref:
                        tree.setCurrentItem(group.child(n))
                        return

    def _buttons(self) -> None:
        editing = self.is_editing() and self.draft is not None
        ref = self.selected_ref()
        self.add_button.setEnabled(editing)
        self.reword_button.setEnabled(editing and ref is not None
                                      and not (self.draft and self.draft.is_retired(ref)))
        self.retire_button.setEnabled(editing and ref is not None)
        retired = bool(editing and ref and self.draft and self.draft.is_retired(ref))
        self.retire_button.setText(_("Bring &back") if retired else _("Re&tire"))
        name = _("Bring the selected indicator back") if retired else _(
            "Retire the selected indicator")
        self.retire_button.setAccessibleName(name)
        self.retire_button.setToolTip(name)
        changed = bool(editing and self.draft and self.draft.has_changes())
        self.undo_button.setEnabled(changed)
        self.save_button.setEnabled(changed and not self._saving)

    # --- edits ---------------------------------------------------------------------------------
    def _redraw(self, select: str | None) -> None:
        self._show(next((c for c in self.history if c.version == self.shown_version), None))
        if select:
            self.select_ref(select)  # also makes its tree the active one
        self._active.setFocus()

    def add(self) -> None:
        if not self.is_editing() or self.draft is None:
            return
        item = self._active.currentItem()
        group_key = None
        ref = self.selected_ref()
        if ref is not None:
            group_key = next((g.key for g in self.draft.view()
                              for r in g.rows if r.ref == ref), None)
        elif item is not None:
            group_key = next((g[0] for g in self.draft.groups() if g[1] == item.text(0)), None)
        answer = IndicatorDialog.ask(self, _("Add indicator"), self.draft.groups(),
                                     group_key=group_key)
        if answer is None or self.draft is None or not self.ctx.is_unlocked:
            return
        self._redraw(self.draft.add(*answer))

    def reword(self) -> None:
        ref = self.selected_ref()
        if not self.is_editing() or self.draft is None or ref is None or \
                self.draft.is_retired(ref):
            return
        original = "" if ref.startswith("new:") else next(
            i.label for i in self.draft.base.indicators if i.key == ref)
        answer = IndicatorDialog.ask(self, _("Reword indicator"), None,
                                     text=self.draft.label_of(ref), original=original)
        if answer is None or self.draft is None or not self.ctx.is_unlocked:
            return
        self.draft.reword(ref, answer[1])
        self._redraw(ref)

    def toggle_retired(self) -> None:
        ref = self.selected_ref()
        if not self.is_editing() or self.draft is None or ref is None:
            return
        self.draft.toggle_retired(ref)
        self._redraw(None if ref.startswith("new:") else ref)

    def discard(self) -> None:
        """Drop every unsaved edit (the current version shows as saved)."""
        if self.history:
            self.draft = ChecklistDraft(self.history[-1])
        self.note.clear()
        self.note_error.setVisible(False)
        self._redraw(None)

    def has_unsaved(self) -> bool:
        return self.draft is not None and self.draft.has_changes()

    # --- saving --------------------------------------------------------------------------------
    def save(self) -> bool:
        """Start saving the edits as a new version; ``False`` when the note is missing
        (shown next to it) or there is nothing to save."""
        draft = self.draft
        if draft is None or not draft.has_changes() or self._saving:
            return False
        note = " ".join(self.note.text().split())
        if not note:
            self._note_error(_("Say in a few words why the checklist changes (the note is "
                               "kept with the version)."))
            return False
        self._note_error("")
        self._saving = True
        self._buttons()
        reworded, retired = dict(draft.reworded), set(draft.retired)
        added, base = list(draft.added.values()), draft.base.version

        def work(services: Any) -> ChecklistVersion:
            return services.reference.revise_checklist(
                note, base_version=base, reworded=reworded, retired=retired, added=added)

        self.ctx.run(work, on_success=self._saved, on_failure=self._save_failed)
        return True

    def _note_error(self, message: str) -> None:
        self.note_error.setText(message)
        self.note_error.setAccessibleDescription(message)
        self.note_error.setVisible(bool(message))
        if message:
            self.note.setFocus()

    def _saved(self, checklist: ChecklistVersion) -> None:
        self._saving = False
        self.draft = None
        self.note.clear()
        self.shown_version = checklist.version
        self.ctx.message.emit(_("Checklist version {version} saved; new signals use it.")
                              .format(version=checklist.version))
        self.version_saved.emit(checklist.version)
        self.refresh()

    def _save_failed(self, error: BaseException) -> None:
        from mensenhandel_desk.ui.worker import describe

        self._saving = False
        self._buttons()
        message = describe(error)
        self._note_error(message)
        self.ctx.message.emit(message)
        self.failed.emit(message)

    # --- navigation and lock ---------------------------------------------------------------------
    def confirm_leave(self, proceed: Callable[[], None] | None = None) -> bool:
        """The main window asks before it shows another section or closes (the same
        contract as the signal editor's): ``True`` (and ``proceed()``) to go on now.

        Save validates the note here (missing: stay, the message next to it), then saves
        on the worker while the officer moves on; should that fail, the edits stay in this
        screen and the status bar says why."""
        return confirm_leave(self, proceed, self.save)  # (a lock drops the edits)

    def clear(self) -> None:
        """Lock: drop versions, edits and note without asking (reference data only)."""
        self.history = []
        self.draft = None
        self.shown_version = None
        self._saving = False
        self.versions.clear()
        self.note.clear()
        self.note.setModified(False)
        self.note_error.setVisible(False)
        self._show(None)
        self._stale = True
