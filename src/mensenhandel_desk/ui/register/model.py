"""The register's table model: a window over SQL-ordered ids, filled page by page.

Never a ``QSortFilterProxyModel`` over every row (250–420 ms per keystroke at 100k rows).
Instead, as Anki's browser and DB Browser for SQLite do:

- the worker returns the ordered ids of the current filter and sort (``signals.ids``);
  ``rowCount`` is their number;
- ``data()`` reads a small page cache (``PAGE`` rows a page, at most ``MAX_PAGES`` kept);
  on a miss it shows a placeholder and asks the worker for that page (``signals.rows``);
  ``dataChanged`` repaints the rows when they arrive;
- every query carries a generation number: results of a superseded query are dropped,
  and a still-running superseded ids query is interrupted (sqlite3_interrupt).

Sorting is a new query with another indexed SQL order (``sort`` below), not a re-sort in
Python. ``clear()`` forgets everything (lock).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont

from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import SignalFilter
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.worker import Task

PAGE = 200
FIRST_IDS = 2 * PAGE  # the first screen's ids (and page 0's rows) come first; the rest after
REST_DELAY_MS = 30  # the rest of the ids is asked for once the first frame is out
MAX_PAGES = 12
PLACEHOLDER = "…"

# (header source string, SQL sort key); order is the column order.
COLUMNS: list[tuple[str, str]] = [
    (N_("Reference"), "reference"),
    (N_("Received"), "received_on"),
    (N_("Summary"), "summary"),
    (N_("Status"), "status"),
    (N_("Forms"), "forms"),
    (N_("Urgency"), "urgency"),
    (N_("Assessment"), "assessment"),
    (N_("Next action"), "next_action"),
    (N_("Due"), "next_action"),
]
COL_REFERENCE, COL_RECEIVED, COL_SUMMARY, COL_STATUS, COL_FORMS, COL_URGENCY, \
    COL_ASSESSMENT, COL_NEXT, COL_DUE = range(len(COLUMNS))

SIGNAL_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2

_TEXT = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.AccessibleTextRole)})
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ID = int(SIGNAL_ID_ROLE)
_OVERDUE = int(OVERDUE_ROLE)
_ANSWERED = _TEXT | {_TOOLTIP, _FONT, _ID, _OVERDUE}


class RegisterModel(QAbstractTableModel):
    """Rows of the signal register. GUI thread only; all vault work goes through ``ctx``."""

    count_changed = Signal(int)  # number of rows of the current query
    first_screen = Signal()  # the first ids are there, the complete list is on its way
    query_finished = Signal()  # every id arrived (tests and the benchmark wait for it)
    page_loaded = Signal(int)  # page number filled
    failed = Signal(str)

    def __init__(self, ctx: DeskContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._requested: dict[int, Task] = {}
        self._generation = 0
        self._ids_task: Task | None = None
        self.filter = SignalFilter()
        self.sort_key = "received_on"
        self.descending = True
        self.sort_column = COL_RECEIVED
        self._today: date | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # --- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _(COLUMNS[section][0])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A repaint asks every visible cell for ~10 roles; answer the unused ones first
        # and cheaply (this method is the hot path of scrolling and of a search repaint).
        role = int(role)
        if role not in _ANSWERED:
            return None
        row_number = index.row()
        if not 0 <= row_number < len(self._ids):
            return None
        if role == _ID:
            return self._ids[row_number]
        column = index.column()
        rows = self._pages.get(row_number // PAGE)
        row = None
        if rows is not None:
            offset = row_number % PAGE
            row = rows[offset] if offset < len(rows) else None
        else:
            self._request(row_number // PAGE)
        if row is None:
            if role in _TEXT:
                return PLACEHOLDER if column == COL_REFERENCE else ""
            return None
        cells, overdue = row
        if role in _TEXT:
            return cells[column]
        if role == _TOOLTIP:
            if column in (COL_NEXT, COL_DUE) and overdue:
                return _("Overdue: {action}").format(action=cells[COL_NEXT].lstrip("⚠ "))
            return cells[column] or None  # a cut-off cell can be read whole
        if role == _OVERDUE:
            return overdue
        if role == _FONT and overdue and column in (COL_NEXT, COL_DUE):
            return self._bold
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_column = column
        self.set_query(self.filter, COLUMNS[column][1],
                       order == Qt.SortOrder.DescendingOrder)

    # --- queries ---------------------------------------------------------------------------
    def set_query(self, flt: SignalFilter | None = None, sort: str | None = None,
                  descending: bool | None = None) -> None:
        """Ask the worker for the ids of a new filter/sort: a capped query brings the
        first ``FIRST_IDS`` ids with the first page's rows in one round trip (the first
        screen paints from those); once that has painted, a second query brings all ids,
        appended as rows. Older results are dropped and a running older ids query is
        interrupted."""
        self.filter = flt if flt is not None else self.filter
        self.sort_key = sort or self.sort_key
        self.descending = self.descending if descending is None else descending
        self._generation += 1
        generation = self._generation
        self._drop_requests()
        if not self.ctx.is_unlocked:
            return  # remembered; the view runs the query on unlock (Qt sorts on setup)
        flt_now, sort_now, desc_now = self.filter, self.sort_key, self.descending

        def first(services: Any, partial: Any) -> list[int]:
            partial(("today", services.clock.today()))
            return services.signals.ids(
                flt_now, sort=sort_now, descending=desc_now, limit=FIRST_IDS,
                first=FIRST_IDS, on_first=lambda ids, rows: partial(("first", ids, rows)))

        def rest(services: Any) -> list[int]:
            return services.signals.ids(flt_now, sort=sort_now, descending=desc_now)

        def first_done(message: tuple) -> None:
            if generation != self._generation:
                return
            if message[0] == "today":
                self._today = message[1]
                return
            _kind, ids, rows = message
            self.beginResetModel()
            self._ids = list(ids)
            self._pages.clear()
            self._requested.clear()
            if rows:
                self._pages[0] = [self._cells(row) for row in rows[:PAGE]]
            self.endResetModel()
            self.first_screen.emit()
            if rows:
                self.page_loaded.emit(0)

        def after_first(ids: list[int]) -> None:
            if generation != self._generation:
                return
            if len(ids) < FIRST_IDS:  # that was all of it
                rest_done(ids)
                return
            # The rest after the first screen has painted and flushed: the worker's
            # Python work would otherwise hold the interpreter
            # lock the GUI thread needs to finish the frame.
            QTimer.singleShot(REST_DELAY_MS, lambda: generation == self._generation and setattr(
                self, "_ids_task", self.ctx.run(rest, on_success=rest_done,
                                                on_failure=failed)))

        def rest_done(ids: list[int]) -> None:
            if generation != self._generation:
                return
            self._ids_task = None
            shown = len(self._ids)
            if ids[:shown] != self._ids:  # changed meanwhile: show the complete answer
                self.beginResetModel()
                self._ids = ids
                self._pages.clear()
                self._requested.clear()
                self.endResetModel()
            elif len(ids) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
            self.count_changed.emit(len(self._ids))
            self.query_finished.emit()

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self._ids_task = None
            from mensenhandel_desk.domain.errors import DomainError
            if isinstance(error, DomainError) and error.code == "interrupted":
                return
            from mensenhandel_desk.ui.worker import describe
            self.failed.emit(describe(error))

        self._ids_task = self.ctx.run(first, on_success=after_first, on_failure=failed,
                                      on_partial=first_done)

    def refresh(self) -> None:
        """Run the current query again (after a change, or after unlock)."""
        self.set_query()

    def clear(self) -> None:
        """Forget every row (lock): nothing of the vault stays in this model."""
        self._generation += 1
        self._drop_requests()
        self.beginResetModel()
        self._ids = []
        self._pages.clear()
        self._requested.clear()
        self.endResetModel()
        self.count_changed.emit(0)

    def signal_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, signal_id: int) -> int | None:
        try:
            return self._ids.index(signal_id)
        except ValueError:
            return None

    def reference_of(self, signal_id: int) -> str | None:
        """The reference shown for ``signal_id``, when its row is loaded (else None)."""
        row = self.row_of(signal_id)
        rows = self._pages.get(row // PAGE) if row is not None else None
        if row is None or rows is None or row % PAGE >= len(rows):
            return None
        return rows[row % PAGE][0][COL_REFERENCE] or None

    def loaded_row_count(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    # --- pages -----------------------------------------------------------------------------
    def _drop_requests(self) -> None:
        for task in self._requested.values():
            task.drop()
        self._requested.clear()
        if self._ids_task is not None:
            self._ids_task.drop()
            self.ctx.interrupt(self._ids_task)
            self._ids_task = None

    def _row(self, row_number: int) -> Any:
        page = row_number // PAGE
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        offset = row_number - page * PAGE
        return rows[offset] if offset < len(rows) else None

    def _request(self, page: int) -> None:
        if page in self._requested:
            return
        generation = self._generation
        ids = self._ids[page * PAGE:(page + 1) * PAGE]

        def done(rows: list[Any]) -> None:
            self._requested.pop(page, None)
            if generation != self._generation:
                return
            self._pages[page] = [self._cells(row) for row in rows]
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
            first = page * PAGE
            last = min(first + len(rows), len(self._ids)) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0),
                                      self.index(last, len(COLUMNS) - 1))
            self.page_loaded.emit(page)

        def failed(error: BaseException) -> None:
            self._requested.pop(page, None)
            if generation == self._generation:
                from mensenhandel_desk.ui.worker import describe
                self.failed.emit(describe(error))

        self._requested[page] = self.ctx.run(lambda services: services.signals.rows(ids),
                                             on_success=done, on_failure=failed)

    # --- cells -----------------------------------------------------------------------------
    def _cells(self, row: Any) -> tuple[tuple[str, ...], bool]:
        """Every column's text, made once when the page arrives: ``data()`` is then a
        tuple lookup (a repaint asks ~2,000 times)."""
        return tuple(self._display(row, c) for c in range(len(COLUMNS))), bool(row.overdue)

    def _display(self, row: Any, column: int) -> str:
        if column == COL_REFERENCE:
            return row.reference
        if column == COL_RECEIVED:
            return fmt.short_date(row.received_on)
        if column == COL_SUMMARY:
            return row.summary
        if column == COL_STATUS:
            return label(row.status)
        if column == COL_FORMS:
            return ", ".join(sorted(fmt.short_form(form) for form in row.forms))
        if column == COL_URGENCY:
            return label(row.urgency)
        if column == COL_ASSESSMENT:
            return label(row.assessment)
        if column == COL_NEXT:
            text = row.next_action_text or ""
            # Marked in words and a sign, not by colour alone (the due column says
            # "(te laat)" as well); the action text may already say it is late.
            return f"⚠ {text}" if row.overdue else text
        if column == COL_DUE:
            due = fmt.short_date(row.next_due_on) if row.next_due_on else ""
            return _("{date} (overdue)").format(date=due) if row.overdue and due else due
        return ""
