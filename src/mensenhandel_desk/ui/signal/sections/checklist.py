"""Signal editor: the checklist panel (the indicators of the signal's own checklist version).

The signal keeps the checklist version it was recorded against: the panel fetches that
version (``reference.checklist(version)``, cached per version: a version never changes)
and shows its groups in order, each indicator with a checkbox and a note; the
vulnerability factors stand apart, as the VNG signalenkaart puts them. A tick saves at
once (``signals.set_indicator``); a note saves when the officer leaves its field (or on
``save()``, Ctrl+S). A note typed but not saved yet is what ``unsaved()`` reports; ``load``
shows the saved state (the editor does not reload a section with pending input).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.models import ChecklistVersion, Indicator, SignalDossier
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.ui.signal.section import Section
from mensenhandel_desk.ui.signal.sections import common


class _ClickLabel(QLabel):
    """The indicator's (wrapping) text; a click on it toggles its checkbox."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mouseReleaseEvent(self, event: Any) -> None:  # noqa: N802 (Qt name)
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.click()
        super().mouseReleaseEvent(event)


@dataclass
class _Row:
    indicator: Indicator
    box: QCheckBox
    note: QLineEdit
    error: QLabel
    saved_observed: bool = False
    saved_note: str = ""


class ChecklistSection(Section):
    title = N_("Checklist")

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.call = common.SectionCall(ctx, self._signal_id)
        self._versions: dict[int, ChecklistVersion] = {}
        self._built_version: int | None = None
        self._draft: dict[str, Any] | None = None
        self.rows: dict[int, _Row] = {}
        self.version_label = QLabel(self)
        self.version_label.setAccessibleName(_("Checklist version"))
        self.summary = QLabel(self)
        self.summary.setAccessibleName(_("Indicators observed"))
        self.hint = QLabel(_("Tick what was observed; a note says what exactly. A tick is "
                             "saved at once, a note when you leave its field."), self)
        self.hint.setWordWrap(True)
        self.error = common.error_label(self)
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.version_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.body)
        layout.addStretch(1)

    def _signal_id(self) -> int | None:
        return self.dossier.signal.id if self.dossier is not None else None

    # --- the contract ---------------------------------------------------------------
    def load(self, dossier: SignalDossier) -> None:
        same = (self.dossier is not None and self.dossier.signal.id == dossier.signal.id)
        if not same:
            self._draft = None
            self.call.bump()
        self.dossier = dossier
        version = dossier.signal.checklist_version
        self.version_label.setText(_("Checklist version {version}").format(
            version=version))
        if self._built_version == version:  # the widgets of this version are built
            self._fill(dossier)
            return
        if version in self._versions:
            self._build(self._versions[version])
            self._fill(dossier)
            return
        self._drop_rows()
        self.summary.setText(_("Loading…"))
        self.call(lambda services: services.reference.checklist(version),
                  self._version_loaded, self._show_error)

    def clear(self) -> None:
        """Empty every note and tick; the rows themselves (the checklist's own wording,
        no personal data) stay built, so the next signal of this version paints at once."""
        self.call.bump()
        self.dossier = None
        self._draft = None
        for row in self.rows.values():
            common.wipe(row.note)
            row.box.setChecked(False)
            row.saved_observed, row.saved_note = False, ""
            row.error.clear()
            row.error.setVisible(False)
        self.version_label.clear()
        self.summary.clear()
        self.error.clear()
        self.error.setVisible(False)

    def unsaved(self) -> dict[str, Any] | None:
        notes = {str(ind_id): row.note.text() for ind_id, row in self.rows.items()
                 if row.note.text().strip() != row.saved_note}
        if not notes and self._draft:
            return self._draft  # restored before the checklist arrived: still pending
        return {"notes": notes} if notes else None

    def restore(self, draft: dict[str, Any]) -> None:
        version = self.dossier.signal.checklist_version if self.dossier else None
        if not self.rows or self._built_version != version:
            self._draft = draft  # applied when the checklist version has arrived
            return
        for key, text in (draft.get("notes") or {}).items():
            row = self.rows.get(int(key))
            if row is not None:
                row.note.setText(str(text))
        self._draft = None

    # --- building -------------------------------------------------------------------
    def _version_loaded(self, checklist: ChecklistVersion) -> None:
        self._versions[checklist.version] = checklist
        if self.dossier is None or self.dossier.signal.checklist_version != checklist.version:
            return
        self._build(checklist)
        self._fill(self.dossier)
        if self._draft:
            self.restore(self._draft)

    def _drop_rows(self) -> None:
        for row in self.rows.values():
            common.wipe(row.note)
        self.rows = {}
        self._built_version = None
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def _build(self, checklist: ChecklistVersion) -> None:
        self._drop_rows()
        groups: dict[str, tuple[str, bool, list[Indicator]]] = {}
        for indicator in sorted(checklist.indicators, key=lambda i: (i.position, i.id or 0)):
            entry = groups.setdefault(indicator.group_key, (
                indicator.group_label, indicator.is_vulnerability_factor, []))
            entry[2].append(indicator)
        ordered = ([g for g in groups.values() if not g[1]]
                   + [g for g in groups.values() if g[1]])
        for group_label, vulnerability, indicators in ordered:
            title = group_label
            if vulnerability:
                title = _("{group} (vulnerability factors: not indicators on their "
                          "own)").format(group=group_label)
            box = QGroupBox(title, self.body)
            box.setAccessibleName(title)
            grid = QGridLayout(box)
            grid.setColumnStretch(1, 3)
            grid.setColumnStretch(2, 2)
            for number, indicator in enumerate(indicators):
                self._add_row(box, grid, number, indicator)
            self.body_layout.addWidget(box)
        self._built_version = checklist.version

    def _add_row(self, box: QGroupBox, grid: QGridLayout, number: int,
                 indicator: Indicator) -> None:
        check = QCheckBox(box)
        check.setAccessibleName(indicator.label)
        text = _ClickLabel(indicator.label, check, box)
        note = common.line_edit(box, _("Note on: {indicator}").format(
            indicator=indicator.label), _("Note (optional)"))
        error = common.error_label(box)
        row = _Row(indicator, check, note, error)
        check.clicked.connect(lambda checked, r=row: self._save(r, bool(checked)))
        note.editingFinished.connect(lambda r=row: self._note_done(r))
        grid.addWidget(check, 2 * number, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(text, 2 * number, 1)
        grid.addWidget(note, 2 * number, 2)
        grid.addWidget(error, 2 * number + 1, 1, 1, 2)
        self.rows[indicator.id] = row

    def _fill(self, dossier: SignalDossier) -> None:
        marks = {ind.id: mark for ind, mark in dossier.indicators}
        for ind_id, row in self.rows.items():
            mark = marks.get(ind_id)
            observed, note = (mark.observed, mark.note) if mark else (False, "")
            row.saved_observed, row.saved_note = observed, note
            row.box.setChecked(observed)
            row.note.setText(note)
            row.error.setVisible(False)
        self._count()

    def _count(self) -> None:
        observed = sum(1 for row in self.rows.values()
                       if row.saved_observed and not row.indicator.is_vulnerability_factor)
        factors = sum(1 for row in self.rows.values()
                      if row.saved_observed and row.indicator.is_vulnerability_factor)
        self.summary.setText(_("Observed: {observed} indicators · {factors} vulnerability "
                               "factors").format(observed=observed, factors=factors))

    # --- saving ---------------------------------------------------------------------
    def save(self) -> bool:
        """Save every note typed but not saved yet (Ctrl+S, "Save" on leaving)."""
        dirty = [row for row in self.rows.values()
                 if row.note.text().strip() != row.saved_note]
        for row in dirty:
            self._save(row, row.box.isChecked())
        return bool(dirty)

    def _note_done(self, row: _Row) -> None:
        if row.note.text().strip() != row.saved_note:
            self._save(row, row.box.isChecked())

    def _save(self, row: _Row, observed: bool) -> None:
        if self.dossier is None:
            return
        signal_id, ind_id, note = self.dossier.signal.id, row.indicator.id, row.note.text()
        row.error.setVisible(False)
        self.error.setVisible(False)

        def saved(mark: Any) -> None:
            row.saved_observed = bool(mark.observed) if mark is not None else False
            row.saved_note = mark.note if mark is not None else ""
            if row.note.text().strip() == note.strip():
                row.note.setText(row.saved_note)
            self._count()
            self.changed.emit()

        def failed(error: BaseException) -> None:
            row.box.setChecked(row.saved_observed)
            from mensenhandel_desk.ui.worker import describe

            row.error.setText(describe(error))
            row.error.setVisible(True)

        self.call(lambda services: services.signals.set_indicator(signal_id, ind_id,
                                                                   observed, note),
                  saved, failed)

    def _show_error(self, error: BaseException) -> None:
        from mensenhandel_desk.ui.worker import describe

        self.summary.clear()
        self.error.setText(describe(error))
        self.error.setVisible(True)
