"""Step 2 of the import wizard: which sheet column goes into which field, and what the
values of the form, source, partner and outcome columns mean.

- One row per sheet column: its header, a few sample values from the preview, and a
  combo of the fields (``sheet_mapping.FIELD_LABELS``) with "Niet importeren" first;
  prefilled by ``suggest_mapping(headers)`` the first time a sheet is shown (going Back
  and Next keeps the officer's choices).
- The value maps as editable tables (value → combo), one tab each; values from the
  preview that no map knows yet are added at the top with "— kies —".
- "Koppeling laden…"/"Koppeling opslaan…": the versioned JSON of ``sheet_mapping``, read
  and written on the worker, through file dialogs the tests patch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from mensenhandel_desk.domain.enums import ExploitationForm, Outcome, SignalSource, Urgency
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.matching import fold
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.sheets import mapping as sm
from mensenhandel_desk.ui.sheet_import.common import (
    empty_table,
    item,
    message_label,
    read_only_table,
    samples,
    show,
)
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.worker import describe

if TYPE_CHECKING:
    from mensenhandel_desk.ui.sheet_import.wizard import SheetImportWizard

UNCHOSEN = ""  # combo data of "— kies —" / "Niet importeren"
FORMS, SOURCES, PARTNERS, OUTCOMES = "forms", "sources", "partners", "outcomes"
URGENCIES = "urgencies"
VALUE_FIELDS = {FORMS: sm.SheetField.FORMS, SOURCES: sm.SheetField.SOURCE,
                URGENCIES: sm.SheetField.URGENCY, PARTNERS: sm.SheetField.PARTNER,
                OUTCOMES: sm.SheetField.OUTCOME}
SPLIT_KINDS = (FORMS, PARTNERS)  # a cell may name several ("AU/SU", "politie, zc")


def _forms_key(forms: list[ExploitationForm] | tuple[ExploitationForm, ...]) -> str:
    return "+".join(sorted(str(f) for f in forms))


class ValueMapTable(QTableWidget):
    """Value (as in the sheet; editable) → what it means (a combo per row)."""

    def __init__(self, name: str, choices: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.name = name
        self.choices = list(choices)  # (data, label); data "" = not chosen
        self.setAccessibleName(name)
        self.setHorizontalHeaderLabels([_("Value in the sheet"), _("Means")])
        self.horizontalHeader().setAccessibleName(
            _("Column headers of {table}").format(table=name))
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.itemChanged.connect(self._renamed)

    def set_entries(self, entries: dict[str, str]) -> None:
        empty_table(self, keep_columns=True)
        for value, data in sorted(entries.items()):
            self.add_value(value, data)

    def add_value(self, value: str = "", data: str = UNCHOSEN, *, at: int | None = None) -> int:
        row = self.rowCount() if at is None else at
        self.insertRow(row)
        self.blockSignals(True)
        self.setItem(row, 0, item(value, editable=True))
        self.blockSignals(False)
        combo = QComboBox(self)
        combo.addItem(_("— choose —"), UNCHOSEN)
        for choice, text in self.choices:
            combo.addItem(text, choice)
        index = combo.findData(data)
        if index < 0 and data:  # a combination of forms, or a partner key we do not know
            combo.addItem(self._label_for(data), data)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))
        combo.setAccessibleName(_("Meaning of the value '{value}'").format(value=value))
        self.setCellWidget(row, 1, combo)
        return row

    def _label_for(self, data: str) -> str:
        labels = dict(self.choices)
        return " + ".join(labels.get(part, part) for part in data.split("+"))

    def _renamed(self, changed: Any) -> None:
        if changed.column() == 0:
            combo = self.cellWidget(changed.row(), 1)
            if isinstance(combo, QComboBox):
                combo.setAccessibleName(_("Meaning of the value '{value}'").format(
                    value=changed.text()))

    def entries(self) -> dict[str, str]:
        """Folded value → chosen data; rows without a value or a choice are left out."""
        result: dict[str, str] = {}
        for row in range(self.rowCount()):
            cell = self.item(row, 0)
            combo = self.cellWidget(row, 1)
            key = fold(cell.text()) if cell is not None else ""
            data = combo.currentData() if isinstance(combo, QComboBox) else UNCHOSEN
            if key and data:
                result[key] = data
        return result

    def known(self) -> set[str]:
        return {fold(cell.text()) for row in range(self.rowCount())
                if (cell := self.item(row, 0)) is not None and cell.text().strip()}

    def remove_current(self) -> None:
        row = self.currentRow()
        if row >= 0:
            self.removeRow(row)


class MappingPage(QWizardPage):
    def __init__(self, wizard: SheetImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self._filled_for: tuple[str, str] | None = None
        self._base = sm.Mapping()  # channel and legal ground of a loaded mapping
        self.setTitle(_("Which column is what?"))
        self.setSubTitle(_("Choose a field for each column of the sheet, or 'Do not "
                           "import'. The suggestions come from the column headers. Below: "
                           "what the values of the form, source, partner and outcome "
                           "columns mean."))
        self.columns = read_only_table(self, _("Columns of the sheet and their fields"))
        self.columns.setColumnCount(3)
        self.columns.setHorizontalHeaderLabels([_("Column in the sheet"), _("Examples"),
                                                _("Field")])
        header = self.columns.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.columns.verticalHeader().setVisible(False)
        self.load_button = self._button(_("&Load mapping…"), _("Load a saved mapping"),
                                        self.load_mapping)
        self.save_button = self._button(_("&Save mapping…"), _(
            "Save this mapping for the next import"), self.save_mapping)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(_("Value tables"))
        self.values: dict[str, ValueMapTable] = {}
        titles = {FORMS: _("Forms of exploitation"), SOURCES: _("Sources"),
                  URGENCIES: _("Urgencies"), PARTNERS: _("Partners"),
                  OUTCOMES: _("Outcomes")}
        for kind in (FORMS, SOURCES, URGENCIES, PARTNERS, OUTCOMES):
            table = ValueMapTable(_("Value table: {name}").format(name=titles[kind]),
                                  self._choices(kind), self.tabs)
            self.values[kind] = table
            self.tabs.addTab(table, titles[kind])
        self.add_value_button = self._button(_("&Add value"), _(
            "Add a value to the table shown"), self.add_value)
        self.remove_value_button = self._button(_("Re&move value"), _(
            "Remove the selected value from the table shown"), self.remove_value)
        self.note = QLabel(_("A value that is in no table becomes a problem row in the "
                             "dry run; nothing is guessed."), self)
        self.note.setWordWrap(True)
        self.message = message_label(self, _("Message"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        value_buttons = QHBoxLayout()
        value_buttons.addWidget(self.add_value_button)
        value_buttons.addWidget(self.remove_value_button)
        value_buttons.addWidget(self.note, 1)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.tabs, 1)
        lower_layout.addLayout(value_buttons)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.columns)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

    # --- building --------------------------------------------------------------------------
    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        return named_button(self, text, name, slot)

    def _choices(self, kind: str) -> list[tuple[str, str]]:
        if kind == FORMS:
            return [(str(f), label(f)) for f in ExploitationForm]
        if kind == SOURCES:
            return [(str(s), label(s)) for s in SignalSource]
        if kind == OUTCOMES:
            return [(str(o), label(o)) for o in Outcome]
        if kind == URGENCIES:
            return [(str(u), label(u)) for u in Urgency]
        return list(self._wizard.partners)

    def field_combo(self, row: int) -> QComboBox:
        combo = self.columns.cellWidget(row, 2)
        assert isinstance(combo, QComboBox)
        return combo

    def headers(self) -> list[str]:
        sheet = self._wizard.sheet
        return list(sheet.headers) if sheet is not None else []

    # --- QWizardPage ------------------------------------------------------------------------
    def initializePage(self) -> None:  # noqa: N802 - Qt override
        sheet = self._wizard.sheet
        if sheet is None:
            return
        key = (str(sheet.path), sheet.sheet)
        self.values[PARTNERS].choices = list(self._wizard.partners)
        if key != self._filled_for:
            self._filled_for = key
            self.apply(sm.suggest_mapping(list(sheet.headers)))
        self._add_unknown_values()

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        problem = self.problem()
        show(self.message, problem)
        if problem:
            return False
        self._wizard.mapping = self.mapping()
        return True

    # --- mapping in and out -------------------------------------------------------------------
    def apply(self, mapping: sm.Mapping) -> list[str]:
        """Show ``mapping``; returns the mapped columns this sheet does not have."""
        sheet = self._wizard.sheet
        headers = self.headers()
        self._base = mapping
        empty_table(self.columns, keep_columns=True)
        self.columns.setRowCount(len(headers))
        rows = sheet.preview if sheet is not None else []
        for row, header in enumerate(headers):
            self.columns.setItem(row, 0, item(header))
            self.columns.setItem(row, 1, item(samples(rows, row)))
            combo = QComboBox(self.columns)
            combo.addItem(_("Do not import"), UNCHOSEN)
            for target, text in sm.FIELD_LABELS.items():
                combo.addItem(_(text), str(target))
            target = mapping.columns.get(header)
            combo.setCurrentIndex(max(combo.findData(str(target)) if target else 0, 0))
            combo.setAccessibleName(_("Field for column '{column}'").format(column=header))
            combo.currentIndexChanged.connect(lambda _i: show(self.message, ""))
            self.columns.setCellWidget(row, 2, combo)
        self.values[FORMS].set_entries({k: _forms_key(v) for k, v in mapping.forms.items()})
        self.values[SOURCES].set_entries({k: str(v) for k, v in mapping.sources.items()})
        self.values[PARTNERS].set_entries(dict(mapping.partners))
        self.values[OUTCOMES].set_entries({k: str(v) for k, v in mapping.outcomes.items()})
        self.values[URGENCIES].set_entries({k: str(v) for k, v in mapping.urgencies.items()})
        return [h for h in mapping.columns if h not in headers]

    def mapping(self) -> sm.Mapping:
        """The mapping as shown (value keys folded, unchosen rows left out)."""
        columns = {}
        for row, header in enumerate(self.headers()):
            data = self.field_combo(row).currentData()
            if data:
                columns[header] = sm.SheetField(data)
        values = {kind: table.entries() for kind, table in self.values.items()}
        return sm.Mapping(
            columns=columns,
            forms={k: [ExploitationForm(f) for f in v.split("+")]
                   for k, v in values[FORMS].items()},
            sources={k: SignalSource(v) for k, v in values[SOURCES].items()},
            partners=dict(values[PARTNERS]),
            outcomes={k: Outcome(v) for k, v in values[OUTCOMES].items()},
            urgencies={k: Urgency(v) for k, v in values[URGENCIES].items()},
            handover_channel=self._base.handover_channel,
            legal_ground=self._base.legal_ground,
        )

    def problem(self) -> str:
        """Why this mapping cannot work ("" when it can): the checks the engine makes too,
        said before the dry run starts."""
        chosen: dict[str, list[str]] = {}
        for row, header in enumerate(self.headers()):
            data = self.field_combo(row).currentData()
            if data:
                chosen.setdefault(data, []).append(header)
        for data, headers in chosen.items():
            if len(headers) > 1 and sm.SheetField(data) not in sm.MULTI_FIELDS:
                return _("'{field}' is chosen for more than one column: {columns}.").format(
                    field=_(sm.FIELD_LABELS[sm.SheetField(data)]),
                    columns=", ".join(f"'{h}'" for h in headers))
        if str(sm.SheetField.RECEIVED_ON) not in chosen:
            return _("Choose the column that holds the date each signal was received "
                     "('{field}').").format(field=_(sm.FIELD_LABELS[sm.SheetField.RECEIVED_ON]))
        return ""

    def _add_unknown_values(self) -> None:
        """Values in the preview that no table knows yet, at the top with "— kies —"."""
        sheet = self._wizard.sheet
        if sheet is None:
            return
        headers = self.headers()
        for kind, target in VALUE_FIELDS.items():
            table = self.values[kind]
            known = table.known()
            for row in range(len(headers)):
                if self.field_combo(row).currentData() != str(target):
                    continue
                for data_row in sheet.preview:
                    text = str(data_row.cell(row).value or "").strip()
                    whole = fold(text)
                    if not whole or whole in known:
                        continue
                    parts = sm.split_values(text) if kind in SPLIT_KINDS else [whole]
                    for part in parts or [whole]:
                        if part not in known:
                            table.add_value(part, at=0)
                            known.add(part)

    # --- buttons ------------------------------------------------------------------------------
    def add_value(self) -> None:
        table = self.values[list(self.values)[self.tabs.currentIndex()]]
        row = table.add_value()
        table.setCurrentCell(row, 0)
        table.editItem(table.item(row, 0))

    def remove_value(self) -> None:
        self.values[list(self.values)[self.tabs.currentIndex()]].remove_current()

    def load_mapping(self) -> None:
        path = self._wizard.ask_mapping_open(self)
        if path is None:
            return
        show(self.message, "")
        self._wizard.run_file_work(lambda: sm.load_mapping(path), self._loaded,
                                   self._failed)

    def _loaded(self, mapping: sm.Mapping) -> None:
        missing = self.apply(mapping)
        self._add_unknown_values()
        if missing:
            show(self.message, _("The mapping names columns this sheet does not have; they "
                                 "were left out: {columns}.").format(
                columns=", ".join(f"'{h}'" for h in missing)))
        self._wizard.mapping_loaded.emit()

    def save_mapping(self) -> None:
        path = self._wizard.ask_mapping_save(self)
        if path is None:
            return
        mapping = self.mapping()
        show(self.message, "")
        self._wizard.run_file_work(lambda: sm.save_mapping(mapping, path),
                                   lambda _r: self._wizard.mapping_saved.emit(str(path)),
                                   self._failed)

    def _failed(self, error: BaseException) -> None:
        show(self.message, describe(error))

    def forget(self) -> None:
        self._filled_for = None
        self._base = sm.Mapping()
        empty_table(self.columns, keep_columns=True)
        for table in self.values.values():
            empty_table(table, keep_columns=True)
        show(self.message, "")
