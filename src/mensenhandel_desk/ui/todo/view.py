"""The "Te doen" screen: what needs the officer today, across all open signals.

Filled by one set-based service call (``signals.attention_list``) on the worker; a row
opens its signal. Overdue items say so in words (not by colour alone).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.context import DeskContext

HEADERS = (N_("Reference"), N_("What to do"), N_("Due"), N_("Overdue"))
SIGNAL_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class TodoView(QWidget):
    open_signal = Signal(int)
    loaded = Signal(int)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = QStandardItemModel(0, len(HEADERS), self)
        self.model.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Things to do"))
        self.table.setAccessibleDescription(_("One row per action. Enter opens the signal."))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setAccessibleName(_("Column headers"))
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        self.summary = QLabel(self)
        self.summary.setAccessibleName(_("Summary of things to do"))
        self.refresh_button = QPushButton(_("&Refresh"), self)
        self.refresh_button.setAccessibleName(_("Refresh the list of things to do"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        # Loaded when shown (the main window refreshes it on entering the section), not on
        # every unlock: at 100k signals it would queue ~1 s of work before the register.
        ctx.locking.connect(lambda _reason: self.clear())

    def refresh(self) -> None:
        if not self.ctx.is_unlocked:
            return
        self.ctx.run(lambda services: services.signals.attention_list(limit=500),
                     on_success=self._show, on_failure=lambda e: self.ctx.message.emit(
                         _describe(e)))

    def clear(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        self.summary.clear()

    def _show(self, actions: list[Any]) -> None:
        self.clear()
        overdue = 0
        for action in actions:
            overdue += bool(action.overdue)
            cells = [QStandardItem(action.reference), QStandardItem(action.message),
                     QStandardItem(fmt.short_date(action.due_on)),
                     QStandardItem(_("overdue") if action.overdue else "")]
            for cell in cells:
                cell.setData(action.signal_id, SIGNAL_ID_ROLE)
                cell.setToolTip(action.message)
            if action.overdue:
                font = cells[1].font()
                font.setBold(True)
                for cell in cells:
                    cell.setFont(font)
            self.model.appendRow(cells)
        self.summary.setText(_("{count} things to do, {overdue} overdue").format(
            count=fmt.number(len(actions)), overdue=fmt.number(overdue)))
        self.table.resizeColumnToContents(0)
        self.loaded.emit(len(actions))

    def _activated(self, index: Any) -> None:
        signal_id = index.data(SIGNAL_ID_ROLE)
        if signal_id is not None:
            self.open_signal.emit(int(signal_id))


def _describe(error: BaseException) -> str:
    from mensenhandel_desk.ui.worker import describe

    return describe(error)
