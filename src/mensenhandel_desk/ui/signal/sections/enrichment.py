"""Signal editor: enrichment (route step 3) as a dated timeline.

Each note has a date, the source that was consulted (BRP, KvK, BAG, ...) and a result;
"nothing found" is a result in its own right (a search that found nothing is worth
recording: the next officer need not repeat it), so the text may stay empty. Notes are
added, changed and removed through ``signals.add_note/update_note/remove_note``; the
form below the timeline is the one place where input can be pending (``unsaved()``);
``load`` shows the saved state, and a saved change is shown at once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.enums import CONSULTED_SOURCES, EnrichmentResult, EnrichmentSource
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import EnrichmentNote, SignalDossier
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.signal.section import Section
from mensenhandel_desk.ui.signal.sections import common
from mensenhandel_desk.ui.widgets.buttons import named_button

HEADERS = (N_("Date"), N_("Source"), N_("Result"), N_("Note"))


class EnrichmentSection(Section):
    title = N_("Enrichment")

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.call = common.SectionCall(ctx, self._signal_id)
        self.today = Clock().today()
        self.editing: EnrichmentNote | None = None
        self._pristine: tuple[Any, ...] = ()
        self.timeline = QTreeWidget(self)
        self.timeline.setAccessibleName(_("Enrichment timeline"))
        self.timeline.setHeaderLabels([_(h) for h in HEADERS])
        self.timeline.setRootIsDecorated(False)
        self.timeline.header().setAccessibleName(_("Column headers"))
        self.timeline.setUniformRowHeights(True)
        self.timeline.setWordWrap(True)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.timeline.setMinimumHeight(120)
        self.timeline.setMaximumHeight(260)
        self.timeline.itemActivated.connect(lambda *_a: self.edit_selected())
        self.empty = QLabel(_("No enrichment recorded yet."), self)
        self.change_button = named_button(self, _("&Change note"),
                                          _("Change the selected enrichment note"),
                                          self.edit_selected)
        self.remove_button = named_button(self, _("&Remove note"),
                                          _("Remove the selected enrichment note"),
                                          self.remove_selected)
        self.form_box = QGroupBox(_("New enrichment note"), self)
        self.noted_on = common.date_edit(self.form_box, _("Date of the enrichment"))
        self.source = common.combo(self.form_box, _("Source consulted"),
                                   [(label(s), s) for s in CONSULTED_SOURCES])
        self.results = QButtonGroup(self)
        result_row = QHBoxLayout()
        self.result_buttons: dict[EnrichmentResult, QRadioButton] = {}
        for result in EnrichmentResult:
            button = QRadioButton(label(result), self.form_box)
            button.setAccessibleName(_("Result: {result}").format(result=label(result)))
            self.results.addButton(button)
            self.result_buttons[result] = button
            result_row.addWidget(button)
            button.toggled.connect(self._result_changed)
        result_row.addStretch(1)
        self.text = common.text_box(self.form_box, _("What was found"))
        self.errors = common.FieldErrors(self.form_box)
        self.save_button = named_button(self.form_box, _("&Add note"),
                                        _("Add the enrichment note"), self.save)
        self.cancel_button = named_button(self.form_box, _("Cancel change"),
                                          _("Cancel changing the note"), self.reset_form)
        form = QFormLayout()
        form.addRow(_("Date:"), self.errors.wrap("note.noted_on", self.noted_on))
        form.addRow(_("Source:"), self.errors.wrap("note.source", self.source))
        result_row.setContentsMargins(0, 0, 0, 0)
        results = QWidget(self.form_box)
        results.setLayout(result_row)
        form.addRow(_("Result:"), self.errors.wrap("note.result", results))
        form.addRow(_("Note:"), self.errors.wrap("note.text", self.text))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        box_layout = QVBoxLayout(self.form_box)
        box_layout.addLayout(form)
        box_layout.addWidget(self.errors.general)
        box_layout.addLayout(buttons)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.change_button)
        list_buttons.addWidget(self.remove_button)
        list_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.empty)
        layout.addLayout(list_buttons)
        layout.addWidget(self.form_box)
        self.timeline.itemSelectionChanged.connect(self._selection_changed)
        self.reset_form()

    def _signal_id(self) -> int | None:
        return self.dossier.signal.id if self.dossier is not None else None

    # --- the contract ---------------------------------------------------------------
    def load(self, dossier: SignalDossier) -> None:
        same = self.dossier is not None and self.dossier.signal.id == dossier.signal.id
        if not same:
            self.call.bump()
        self.dossier = dossier
        self._fill(dossier.notes)
        self.reset_form()  # the saved state: pending input is the editor's to keep
        if not same:
            self.call(lambda services: services.clock.today(), self._set_today,
                      lambda _error: None)
        self.noted_on.setMinimumDate(common.to_qdate(dossier.signal.received_on))

    def clear(self) -> None:
        self.call.bump()
        self.dossier = None
        self.timeline.clear()
        self.reset_form()

    def unsaved(self) -> dict[str, Any] | None:
        if self.dossier is None or self._state() == self._pristine:
            return None
        return {"editing": self.editing.id if self.editing else None,
                "noted_on": common.from_qdate(self.noted_on.date()).isoformat(),
                "source": str(self.source.currentData()), "result": str(self._result()),
                "text": self.text.toPlainText()}

    def restore(self, draft: dict[str, Any]) -> None:
        note_id = draft.get("editing")
        if note_id is not None and self.dossier is not None:
            note = next((n for n in self.dossier.notes if n.id == note_id), None)
            if note is not None:
                self._start_edit(note)
        self.noted_on.setDate(common.to_qdate(date.fromisoformat(draft["noted_on"])))
        common.select_data(self.source, EnrichmentSource(draft["source"]))
        self.result_buttons[EnrichmentResult(draft["result"])].setChecked(True)
        self.text.setPlainText(draft.get("text", ""))

    # --- timeline -------------------------------------------------------------------
    def _set_today(self, today: date) -> None:
        self.today = today
        if self.editing is None and self._state()[1:] == self._pristine[1:]:
            self.noted_on.setDate(common.to_qdate(today))
            self._pristine = self._state()

    def _fill(self, notes: list[EnrichmentNote]) -> None:
        selected = self._selected_id()
        self.timeline.clear()
        for note in notes:
            first_line = note.text.strip().splitlines()[0] if note.text.strip() else ""
            item = QTreeWidgetItem([fmt.short_date(note.noted_on), label(note.source),
                                    label(note.result), first_line])
            item.setToolTip(3, note.text)
            item.setData(0, 256, note.id)
            if note.result is EnrichmentResult.NOTHING_FOUND:
                font = item.font(2)
                font.setItalic(True)
                item.setFont(2, font)
            self.timeline.addTopLevelItem(item)
            if note.id == selected:
                item.setSelected(True)
        for column in range(3):
            self.timeline.resizeColumnToContents(column)
        self.empty.setVisible(not notes)
        self._selection_changed()

    def _selected_id(self) -> int | None:
        items = self.timeline.selectedItems()
        return items[0].data(0, 256) if items else None

    def _selected(self) -> EnrichmentNote | None:
        note_id = self._selected_id()
        if self.dossier is None or note_id is None:
            return None
        return next((n for n in self.dossier.notes if n.id == note_id), None)

    def _selection_changed(self) -> None:
        has = self._selected_id() is not None
        self.change_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    # --- the form -------------------------------------------------------------------
    def _result(self) -> EnrichmentResult:
        for result, button in self.result_buttons.items():
            if button.isChecked():
                return result
        return EnrichmentResult.FOUND

    def _result_changed(self) -> None:
        if self._result() is EnrichmentResult.NOTHING_FOUND:
            self.text.setPlaceholderText(_("Optional: what was searched, e.g. BRP on name "
                                           "and date of birth"))
        else:
            self.text.setPlaceholderText(_("What was found, in facts"))

    def _state(self) -> tuple[Any, ...]:
        return (common.from_qdate(self.noted_on.date()), self.source.currentData(),
                self._result(), self.text.toPlainText().strip())

    def reset_form(self) -> None:
        self.editing = None
        self.form_box.setTitle(_("New enrichment note"))
        self.save_button.setText(_("&Add note"))
        self.save_button.setAccessibleName(_("Add the enrichment note"))
        self.cancel_button.setVisible(False)
        self.noted_on.setDate(common.to_qdate(self.today))
        self.source.setCurrentIndex(0)
        self.result_buttons[EnrichmentResult.FOUND].setChecked(True)
        common.wipe(self.text)
        self.errors.clear()
        self.save_button.setEnabled(True)
        self._pristine = self._state()

    def _start_edit(self, note: EnrichmentNote) -> None:
        self.editing = note
        self.form_box.setTitle(_("Change note of {date}").format(
            date=fmt.short_date(note.noted_on)))
        self.save_button.setText(_("&Save changes"))
        self.save_button.setAccessibleName(_("Save the changed enrichment note"))
        self.cancel_button.setVisible(True)
        self.noted_on.setDate(common.to_qdate(note.noted_on))
        common.select_data(self.source, note.source)
        self.result_buttons[note.result].setChecked(True)
        self.text.setPlainText(note.text)
        self.text.document().clearUndoRedoStacks()
        self.errors.clear()
        self._pristine = self._state()

    def edit_selected(self) -> None:
        note = self._selected()
        if note is not None:
            self._start_edit(note)
            self.text.setFocus()

    def remove_selected(self) -> None:
        note = self._selected()
        if note is None:
            return
        if not common.ask(self, _("Remove note"),
                          _("Remove the enrichment note of {date}? This cannot be "
                            "undone.").format(date=fmt.short_date(note.noted_on))):
            return
        if self.editing is not None and self.editing.id == note.id:
            self.reset_form()
        def removed(_result: None) -> None:
            self._apply(note.id, None)
            self.changed.emit()

        self.call(lambda services: services.signals.remove_note(note.id), removed,
                  self.errors.show)

    def _apply(self, note_id: int | None, saved: EnrichmentNote | None) -> None:
        """Show a saved change at once, whatever the editor reloads."""
        if self.dossier is None:
            return
        notes = [n for n in self.dossier.notes if n.id != note_id]
        if saved is not None:
            notes.append(saved)
        notes.sort(key=lambda n: (n.noted_on, n.id or 0))
        self.dossier = replace(self.dossier, notes=notes)
        self._fill(notes)

    def save(self) -> bool:
        """Add the note in the form, or save the change to the note being changed."""
        if self.dossier is None:
            return False
        noted_on, source, result, _text = self._state()
        note = EnrichmentNote(signal_id=self.dossier.signal.id, noted_on=noted_on,
                              source=source, result=result, text=self.text.toPlainText(),
                              id=self.editing.id if self.editing else None)
        self.errors.clear()
        self.save_button.setEnabled(False)

        def work(services: Any) -> EnrichmentNote:
            if note.id is None:
                return services.signals.add_note(note)
            return services.signals.update_note(note)

        def saved(result: EnrichmentNote) -> None:
            self.save_button.setEnabled(True)
            self.reset_form()
            self._apply(result.id, result)
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            self.errors.show(error)

        self.call(work, saved, failed)
        return True
