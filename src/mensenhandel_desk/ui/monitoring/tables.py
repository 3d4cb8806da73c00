"""The small tables of the monitoring screen: the numbers of a chart or a dimension, as a
real table a screen reader can walk (row label, value), sized to its rows so the page
scrolls as one. Enter or double-click on a row of a clickable table emits ``chosen``."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from mensenhandel_desk.i18n import _

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class FigureTable(QTableWidget):
    """Rows of (key, cells...); column 0 is the label, the others right-aligned numbers."""

    chosen = Signal(str, str)  # key, label

    def __init__(self, name: str, headers: list[str], parent: QWidget | None = None, *,
                 numeric: frozenset[int] | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.name = name
        self.numeric = (frozenset(range(1, len(headers))) if numeric is None else numeric)
        self.clickable = False
        self.setHorizontalHeaderLabels(headers)
        self.setAccessibleName(name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
        self.setWordWrap(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setAccessibleName(_("Column headers of {table}").format(table=name))
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents
                                        if column in self.numeric else
                                        QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.doubleClicked.connect(lambda index: self._choose(index.row()))
        self.set_clickable(False)
        self._fit()

    def set_clickable(self, clickable: bool) -> None:
        self.clickable = clickable
        self.setAccessibleDescription(
            _("Enter or double-click opens the register with these signals.")
            if clickable else "")
        self.setToolTip(_("Double-click a row to see these signals in the register.")
                        if clickable else "")

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        """``rows``: (key, label, value text, ...)."""
        self.clearContents()
        self.setRowCount(len(rows))
        for number, (key, *cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(KEY_ROLE, key)
                if column == 0:
                    item.setToolTip(text)  # the full label where the column cuts it
                if column in self.numeric:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(number, column, item)
        self._fit()

    def clear_rows(self) -> None:
        self.clearContents()
        self.setRowCount(0)
        self._fit()

    def texts(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row (tests, and copying)."""
        return [tuple(self.item(r, c).text() if self.item(r, c) else ""
                      for c in range(self.columnCount())) for r in range(self.rowCount())]

    def key_of(self, row: int) -> str | None:
        item = self.item(row, 0)
        return None if item is None else item.data(KEY_ROLE)

    def _fit(self) -> None:
        """As high as its rows: the page scrolls, not each table."""
        rows = self.verticalHeader().length() if self.rowCount() else 0
        height = self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
        self.setFixedHeight(max(height, self.horizontalHeader().sizeHint().height() + 8))

    def _choose(self, row: int) -> None:
        key = self.key_of(row)
        if self.clickable and key is not None:
            self.chosen.emit(key, self.item(row, 0).text())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.clickable
                and self.currentIndex().isValid()):
            self._choose(self.currentIndex().row())
            return
        super().keyPressEvent(event)
