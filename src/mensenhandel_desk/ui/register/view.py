"""The "Signalen" screen: filter bar, search as you type, and the windowed register table."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.enums import ExploitationForm, SignalStatus, Urgency
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import SignalFilter
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.register.model import (
    COL_ASSESSMENT,
    COL_DUE,
    COL_FORMS,
    COL_NEXT,
    COL_RECEIVED,
    COL_REFERENCE,
    COL_STATUS,
    COL_SUMMARY,
    COL_URGENCY,
    COLUMNS,
    RegisterModel,
)

SEARCH_DEBOUNCE_MS = 150
ROW_HEIGHT_EXTRA = 8

PERIODS = ("all", "30d", "12m", "this_year", "last_year")


def period_range(key: str, today: date) -> tuple[date | None, date | None]:
    """The received-date range a period choice means, counted from ``today``."""
    if key == "30d":
        return today - timedelta(days=30), today
    if key == "12m":
        return date(today.year - 1, today.month, 1), today
    if key == "this_year":
        return date(today.year, 1, 1), today
    if key == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None, None


class RegisterTable(QTableView):
    """Fixed row height (never ResizeToContents on 100k rows); Enter opens the signal."""

    activated_signal = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.currentIndex()
            if index.isValid():
                model = self.model()
                assert isinstance(model, RegisterModel)
                signal_id = model.signal_id(index.row())
                if signal_id is not None:
                    self.activated_signal.emit(signal_id)
                    return
        super().keyPressEvent(event)


class SearchField(QLineEdit):
    """Down or Enter moves to the results; Esc clears the search."""

    to_results = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.to_results.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class RegisterView(QWidget):
    """Filters and the register. Emits ``open_signal(id)`` on Enter or double-click."""

    open_signal = Signal(int)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RegisterModel(ctx, self)
        self._pending_select: int | None = None
        self._stale = False  # signals changed while this screen was hidden
        self._keeping = False  # a refresh that keeps the selection and scroll position
        self._kept: tuple[list[int], int | None, int, int] | None = None
        self._today = Clock().today()  # replaced by the vault's clock on unlock
        self._build()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        for combo in (self.status, self.form, self.urgency, self.period):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.open_only.toggled.connect(self.apply_filter)
        self.model.count_changed.connect(self._show_count)
        self.model.query_finished.connect(self._after_query)
        self.model.modelAboutToBeReset.connect(self._keep_view)
        self.model.first_screen.connect(self._restore_view)
        self.model.query_finished.connect(self._refreshed)
        self.model.failed.connect(self.ctx.message.emit)
        ctx.unlocked.connect(self._on_unlocked)
        ctx.locking.connect(self._on_locking)
        ctx.signals_changed.connect(self._signals_changed)

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = SearchField(self)
        self.search.setPlaceholderText(_("Search reference, summary, names, addresses… (F6)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search signals"))
        search_label = QLabel(_("&Search:"), self)
        search_label.setBuddy(self.search)

        self.status = self._combo(_("Status"), [(None, _("All statuses"))]
                                  + [(s, label(s)) for s in SignalStatus])
        self.form = self._combo(_("Form of exploitation"), [(None, _("All forms"))]
                                + [(f, label(f)) for f in ExploitationForm])
        self.urgency = self._combo(_("Urgency"), [(None, _("Any urgency"))]
                                   + [(u, label(u)) for u in Urgency])
        self.period = self._combo(_("Period received"), [
            ("all", _("Any period")), ("30d", _("Last 30 days")),
            ("12m", _("Last 12 months")), ("this_year", _("This year")),
            ("last_year", _("Last year"))])
        self.open_only = QCheckBox(_("&Open only"), self)
        self.open_only.setAccessibleName(_("Show open signals only"))
        self.reset_button = QPushButton(_("Clear &filters"), self)
        self.reset_button.setAccessibleName(_("Clear the search and every filter"))
        self.reset_button.clicked.connect(self.reset_filters)

        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        filters = QHBoxLayout()
        for widget in (self.status, self.form, self.urgency, self.period):
            filters.addWidget(widget, 1)
        filters.addWidget(self.open_only)
        filters.addWidget(self.reset_button)

        self.table = RegisterTable(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Signal register"))
        self.table.setAccessibleDescription(_("One row per signal. Enter opens the signal."))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # several rows (Shift/Ctrl) can go on a meeting's agenda at once
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
        self.table.horizontalHeader().setSortIndicator(COL_RECEIVED,
                                                       Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + ROW_HEIGHT_EXTRA)
        vertical.setVisible(False)
        header = self.table.horizontalHeader()
        header.setAccessibleName(_("Column headers: click to sort"))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        widths = {COL_REFERENCE: 13, COL_RECEIVED: 10, COL_SUMMARY: 26, COL_STATUS: 15,
                  COL_FORMS: 11, COL_URGENCY: 9, COL_ASSESSMENT: 14, COL_NEXT: 24,
                  COL_DUE: 19}
        char = self.fontMetrics().horizontalAdvance("n")
        for column in range(len(COLUMNS)):
            # never narrower than the header's own text with the sort arrow beside it
            # (sectionSizeHint counts the indicator while it is shown)
            header.resizeSection(column, max(widths.get(column, 12) * char,
                                             header.sectionSizeHint(column)))
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.activated_signal.connect(self.open_signal.emit)

        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(_("Number of signals shown"))
        self.agenda_action = QAction(_("Put on the agenda of a meeting…"), self.table)
        self.agenda_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.agenda_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.agenda_action.triggered.connect(self.put_on_agenda)
        self.table.addAction(self.agenda_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.agenda_button = QPushButton(_("Put on the agenda of a meeting…"), self)
        self.agenda_button.setAccessibleName(_("Put the selected signals on the agenda of "
                                               "a meeting (Ctrl+Shift+M)"))
        self.agenda_button.setToolTip(self.agenda_button.accessibleName())
        self.agenda_button.clicked.connect(self.put_on_agenda)

        self.filter_banner = QWidget(self)
        self.filter_banner.setObjectName("monitoringFilterBanner")
        self.filter_banner.setStyleSheet("#monitoringFilterBanner { background: #e3f2fd; "
                                         "border: 1px solid #90caf9; }")
        self.banner_label = QLabel(self.filter_banner)
        self.banner_label.setWordWrap(True)
        self.banner_label.setAccessibleName(_("Filter from Monitoring"))
        self.clear_banner_button = QPushButton(_("Remove filter"), self.filter_banner)
        self.clear_banner_button.setAccessibleName(_("Remove the filter from Monitoring and "
                                                     "show the register as before"))
        self.clear_banner_button.clicked.connect(self.clear_monitoring_filter)
        banner_row = QHBoxLayout(self.filter_banner)
        banner_row.setContentsMargins(6, 3, 6, 3)
        banner_row.addWidget(self.banner_label, 1)
        banner_row.addWidget(self.clear_banner_button)
        self.filter_banner.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addWidget(self.filter_banner)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.agenda_button)
        layout.addLayout(bottom)
        self.setTabOrder(self.search, self.status)
        self.setTabOrder(self.status, self.form)
        self.setTabOrder(self.form, self.urgency)
        self.setTabOrder(self.urgency, self.period)
        self.setTabOrder(self.period, self.open_only)
        self.setTabOrder(self.open_only, self.reset_button)
        self.setTabOrder(self.reset_button, self.table)
        self.search.to_results.connect(self._to_results)

    def _combo(self, name: str, items: list[tuple[Any, str]]) -> QComboBox:
        combo = QComboBox(self)
        # Shrinks with the window (long pseudo-translated or Dutch items do not force a
        # wide window); the full text is in the drop-down.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        for value, text in items:
            combo.addItem(text, value)
        return combo

    # --- behaviour ---------------------------------------------------------------------------
    def current_filter(self) -> SignalFilter:
        flt = SignalFilter(text=self.search.text().strip(), open_only=self.open_only.isChecked())
        if self.status.currentData() is not None:
            flt.statuses = {self.status.currentData()}
        if self.form.currentData() is not None:
            flt.forms = {self.form.currentData()}
        if self.urgency.currentData() is not None:
            flt.urgencies = {self.urgency.currentData()}
        flt.received_from, flt.received_to = period_range(self.period.currentData() or "all",
                                                          self._today)
        return flt

    def apply_filter(self) -> None:
        self._debounce.stop()
        self._keeping, self._kept = False, None  # another query: nothing to keep
        self.filter_banner.setVisible(False)  # the officer's own filter replaces it
        if self.ctx.is_unlocked:
            self.model.set_query(self.current_filter())

    def reset_filters(self) -> None:
        for widget in (self.status, self.form, self.urgency, self.period, self.open_only):
            widget.blockSignals(True)
        for combo in (self.status, self.form, self.urgency, self.period):
            combo.setCurrentIndex(0)
        self.open_only.setChecked(False)
        for widget in (self.status, self.form, self.urgency, self.period, self.open_only):
            widget.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filter()

    def _to_results(self) -> None:
        """From the search field to the first result (Enter opens it from there)."""
        if self._debounce.isActive():
            self.apply_filter()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_signal_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.signal_id(index.row()) if index.isValid() else None

    def selected_signal_ids(self) -> list[int]:
        """The selected signals in display order (the current one when none is)."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        ids = [x for x in (self.model.signal_id(row) for row in rows) if x is not None]
        current = self.selected_signal_id()
        return ids or ([current] if current is not None else [])

    def put_on_agenda(self) -> None:
        """"Op agenda van overleg zetten…": choose or plan a meeting for the selection."""
        from mensenhandel_desk.ui.meetings.add_to_meeting import add_signals_to_meeting

        add_signals_to_meeting(self.ctx, self, self.selected_signal_ids())

    def select_signal(self, signal_id: int | None) -> None:
        """Select this signal once the rows are there (used after unlock)."""
        self._pending_select = signal_id
        self._after_query()

    def _after_query(self) -> None:
        if self._pending_select is None:
            return
        row = self.model.row_of(self._pending_select)
        if row is None:
            return
        self._pending_select = None
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    # --- refreshing after changes elsewhere -----------------------------------------------
    def refresh(self) -> None:
        """The same query again (signals changed): the selected rows, the current row and
        the scroll position stay where they were (F5 and ``ctx.signals_changed``)."""
        self._stale = False
        if not self.ctx.is_unlocked:
            return
        self._keeping = True
        self._kept = None
        self.model.refresh()

    def _signals_changed(self) -> None:
        """Another screen changed signals: refresh now when shown, else when shown next."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _keep_view(self) -> None:
        if not self._keeping or self._kept is not None:
            return
        self._kept = (self.selected_signal_ids() if self.table.currentIndex().isValid()
                      else [], self.selected_signal_id(),
                      self.table.verticalScrollBar().value(),
                      self.table.horizontalScrollBar().value())

    def _restore_view(self) -> None:
        if not self._keeping or self._kept is None:
            return
        selected, current, vertical, horizontal = self._kept
        selection = self.table.selectionModel()
        rows = [row for row in (self.model.row_of(x) for x in selected) if row is not None]
        current_row = self.model.row_of(current) if current is not None else None
        if current_row is not None:
            selection.setCurrentIndex(self.model.index(current_row, 0),
                                      QItemSelectionModel.SelectionFlag.NoUpdate)
        for row in rows:
            selection.select(self.model.index(row, 0),
                             QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)
        self.table.verticalScrollBar().setValue(vertical)
        self.table.horizontalScrollBar().setValue(horizontal)

    def _refreshed(self) -> None:
        """Every id is there: the kept view once more (rows past the first screen)."""
        self._restore_view()
        self._keeping = False
        self._kept = None

    def _double_clicked(self, index: Any) -> None:
        signal_id = self.model.signal_id(index.row())
        if signal_id is not None:
            self.open_signal.emit(signal_id)

    def _show_count(self, count: int) -> None:
        if count == 1:
            self.count_label.setText(_("1 signal"))
        else:
            self.count_label.setText(_("{count} signals").format(count=fmt.number(count)))

    def _on_unlocked(self) -> None:
        self._today = Clock().today()  # the services' clock too (one seam, MHD_CLOCK)
        self.apply_filter()

    # --- click-through from Monitoring ------------------------------------------------------
    def show_filter(self, flt: SignalFilter, description: str) -> None:
        """Show exactly the signals of ``flt`` (a chart bar or table row of Monitoring),
        with a banner saying so; "Remove filter" or any own filter choice ends it."""
        self._debounce.stop()
        self._keeping, self._kept = False, None
        widgets = (self.search, self.status, self.form, self.urgency, self.period,
                   self.open_only)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.status, self.form, self.urgency, self.period):
            combo.setCurrentIndex(0)
        self.open_only.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.banner_label.setText(_("Filtered from Monitoring: {description}").format(
            description=description))
        self.filter_banner.setVisible(True)
        if self.ctx.is_unlocked:
            self.model.set_query(flt)

    def monitoring_filter_shown(self) -> bool:
        return not self.filter_banner.isHidden()

    def clear_monitoring_filter(self) -> None:
        self.apply_filter()
        self.table.setFocus()

    def _on_locking(self, _reason: str) -> None:
        self._debounce.stop()
        self._keeping, self._kept, self._stale = False, None, False
        self.filter_banner.setVisible(False)
        self.banner_label.clear()
        self.model.clear()
        self.search.clear()  # a typed name is vault data too
