"""Small pieces the import wizard's pages share: how a sheet cell is shown, message
labels, read-only tables. GUI thread only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui import formatting as fmt

ERROR_STYLE = "color: #b00020;"
SAMPLE_VALUES = 3
SAMPLE_CHARS = 60


def cell_text(cell: Any) -> str:
    """A sheet cell as the officer typed it: dates as 24-11-2026, whole numbers without
    ".0"; a formula Excel never calculated says so."""
    if getattr(cell, "formula_without_value", False):
        return _("(formula without a value)")
    value = getattr(cell, "value", cell)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        text = fmt.short_date(value.date())
        return text if (value.hour, value.minute) == (0, 0) else \
            f"{text} {value:%H:%M}"
    if isinstance(value, date):
        return fmt.short_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def samples(rows: list[Any], column: int) -> str:
    """The first few non-empty values of a column, for the mapping table."""
    seen: list[str] = []
    for row in rows:
        text = cell_text(row.cell(column)).replace("\n", " ").strip()
        if text and text not in seen:
            seen.append(text if len(text) <= SAMPLE_CHARS else text[:SAMPLE_CHARS] + "…")
        if len(seen) == SAMPLE_VALUES:
            break
    return "; ".join(seen)


def message_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(ERROR_STYLE)
    label.setAccessibleName(name)
    label.hide()
    return label


def show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def read_only_table(parent: QWidget, name: str) -> QTableWidget:
    table = QTableWidget(parent)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
    table.setWordWrap(False)
    table.horizontalHeader().setAccessibleName(
        _("Column headers of {table}").format(table=name))
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    return table


def item(text: str, *, editable: bool = False) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    cell.setFlags(flags)
    return cell


def empty_table(table: QTableWidget, *, keep_columns: bool = False) -> None:
    """Rows (and columns) and cell widgets gone: nothing of the sheet stays in the
    widget."""
    table.clearContents()
    table.setRowCount(0)
    if not keep_columns:
        table.setColumnCount(0)
