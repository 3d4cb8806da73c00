"""The "Monitoring" screen (issue 9): the twice-yearly picture of a chosen period.

- Period: this half year (default), the previous one, or any range (two date fields).
- Figures come from ``services.monitoring.figures`` on the worker; the charts are the
  engine's own (``documents.charts.chart_svg``: the same drawing as in the PDF), rendered
  to SVG bytes on the worker and shown in a ``QSvgWidget``. Beside every chart a table
  with the same numbers (screen readers), below it a table per dimension, durations and
  rates. The screen shows exact counts; "Show as published" shows what the report and
  exports show (small numbers masked).
- A row of a signal dimension opens the register filtered to those signals
  (``open_register(filter, description)``; Enter or double-click).
- Awareness activities: add, change, remove.
- Files: the report PDF and the regional export are rendered and written (atomically) on
  the worker, only to a place chosen in a save dialog that says the file is not
  encrypted. The regional merge reads several exports and shows the merged figures here
  ("regional" mode, overlap hits included) and saves the regional report.

Nothing of this is kept over a lock: ``ctx.locking`` empties every table and chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.models import SignalFilter
from mensenhandel_desk.domain.monitoring import half_year, previous_half_year
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.monitoring import labels as lb
from mensenhandel_desk.ui.monitoring.activity_dialog import (
    DATE_FORMAT,
    ActivityDialog,
    from_qdate,
    to_qdate,
)
from mensenhandel_desk.ui.monitoring.tables import FigureTable
from mensenhandel_desk.ui.widgets import file_dialogs
from mensenhandel_desk.ui.widgets.buttons import named_button

CHART_KINDS = ("forms", "timeline", "funnel")  # documents.charts.CHART_KINDS
CHART_SIZE = (440, 200)  # points: the drawing's size in the PDF
CHART_SCALE = 1.3
PERIOD_DEBOUNCE_MS = 400
BLANK_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'
ERROR_STYLE = "color: #b00020;"


@dataclass
class Loaded:
    """What one load brings from the worker (GUI thread after that: plain data)."""

    figures: Any  # MonitoringFigures (exact)
    published: Any  # PublishedFigures (masked, as in the report)
    svgs: dict[tuple[str, str], bytes]  # (mode "exact"/"published", chart kind) -> SVG
    chart_rows: dict[tuple[str, str], list[tuple[str, str, str]]]
    partner_names: dict[str, str]
    has_secret: bool
    threshold: int


@dataclass
class Regional:
    merged: Any  # PublishedFigures of several municipalities
    svgs: dict[str, bytes]
    chart_rows: dict[str, list[tuple[str, str, str]]]
    files: tuple[str, ...] = field(default_factory=tuple)


_CLIP = re.compile(rb"<clipPath\b.*?</clipPath>", re.DOTALL)
_CLIP_USE = re.compile(rb'\s*style="clip-path:\s*url\(#clip\)"')


def for_screen(svg: bytes) -> bytes:
    """reportlab's SVG as QtSvg draws it. QtSvg (SVG Tiny) paints the drawing's
    ``<clipPath>`` rectangle as a black box, reads reportlab's "fill: None" (CSS keywords
    are case-insensitive, QtSvg's are not) as black fill under the time line, and does
    not know the PDF's embedded font names: the clip (the drawing's own bounds) goes,
    "None" becomes "none", and the fonts become the system sans."""
    svg = _CLIP_USE.sub(b"", _CLIP.sub(b"", svg))
    svg = svg.replace(b"fill: None", b"fill: none").replace(b"stroke: None", b"stroke: none")
    svg = svg.replace(b"font-family: MHDSans-Bold;", b"font-family: sans-serif; "
                                                     b"font-weight: bold;")
    return re.sub(rb"font-family: MHDSans[\w-]*;", b"font-family: sans-serif;", svg)


def _svg(kind: str, figures: Any) -> bytes:
    from mensenhandel_desk.documents import charts

    return for_screen(charts.chart_svg(kind, figures, *CHART_SIZE))


def _load(services: Any, since: date, until: date) -> Loaded:
    """Worker thread: figures, the published view, and every chart rendered."""
    from mensenhandel_desk.documents import charts

    figures = services.monitoring.figures(since, until)
    published = services.monitoring.published(figures)
    svgs, rows = {}, {}
    for mode, figs in (("exact", figures), ("published", published)):
        for kind in CHART_KINDS:
            svgs[(mode, kind)] = _svg(kind, figs)
            rows[(mode, kind)] = charts.chart_rows(kind, figs)
    names = {p.key: p.name for p in services.reference.partners()}
    return Loaded(figures=figures, published=published, svgs=svgs, chart_rows=rows,
                  partner_names=names, has_secret=services.monitoring.has_regional_secret(),
                  threshold=services.monitoring.threshold())


def _merge(paths: list[Path]) -> Regional:
    """Worker thread: read and merge the exports (no vault needed), charts rendered."""
    from mensenhandel_desk.documents import charts
    from mensenhandel_desk.services.monitoring.merge import merge

    merged = merge(paths)
    return Regional(merged=merged,
                    svgs={k: _svg(k, merged) for k in CHART_KINDS},
                    chart_rows={k: charts.chart_rows(k, merged) for k in CHART_KINDS},
                    files=tuple(p.name for p in paths))


def _describe(error: BaseException) -> str:
    from mensenhandel_desk.ui.worker import describe

    return describe(error)


class ChartView(QSvgWidget):
    """One chart, scaled with its aspect ratio kept; the numbers are in the table beside."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        # The drawing has no background of its own: paper white, as in the PDF.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setAccessibleName(title)
        self.setAccessibleDescription(_("A chart; the table beside it has the same numbers."))
        width, height = (round(v * CHART_SCALE) for v in CHART_SIZE)
        self.setFixedSize(width, height)
        self.clear_chart()

    def show_svg(self, data: bytes) -> None:
        self.load(QByteArray(data))
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)

    def clear_chart(self) -> None:
        self.load(QByteArray(BLANK_SVG))


class MonitoringView(QWidget):
    """Emits ``open_register(SignalFilter, description)`` for a click-through."""

    open_register = Signal(object, str)
    loaded = Signal()  # own figures shown
    regional_loaded = Signal()  # merged figures shown
    file_saved = Signal(object)  # Path of a report or export written
    activities_changed = Signal()
    failed = Signal(str)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._today = Clock().today()
        self._data: Loaded | None = None
        self._regional: Regional | None = None
        self._task: Any = None
        self._dialog: QDialog | None = None
        self._shown_period: tuple[date, date] | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(PERIOD_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._build()
        self._period_chosen()
        ctx.locking.connect(lambda _reason: self.clear())
        ctx.unlocked.connect(self._on_unlocked)

    # --- file dialogs (patched in tests) ---------------------------------------------------
    @staticmethod
    def ask_save_file(parent: QWidget, caption: str, suggested: str,
                      filters: str) -> Path | None:
        """Where to write a file; the suffix of the chosen filter when none was typed."""
        return file_dialogs.ask_save_file(parent, caption, suggested, filters)

    @staticmethod
    def ask_open_files(parent: QWidget, caption: str, filters: str) -> list[Path]:
        return file_dialogs.ask_open_files(parent, caption, filters)

    @staticmethod
    def ask_secret(parent: QWidget) -> str | None:
        text, ok = QInputDialog.getText(
            parent, _("Regional secret"),
            _("The secret the municipalities of the region agreed on (at least 16 "
              "characters). It is kept in the vault only and never exported."),
            QLineEdit.EchoMode.Password)
        return text if ok and text else None

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.period = QComboBox(self)
        self.period.setAccessibleName(_("Period"))
        self.period.addItem(_("This half year"), "half")
        self.period.addItem(_("Previous half year"), "previous")
        self.period.addItem(_("Other period"), "custom")
        period_label = QLabel(_("&Period:"), self)
        period_label.setBuddy(self.period)
        self.since = self._date_edit(_("Start of the period"))
        self.until = self._date_edit(_("End of the period (inclusive)"))
        since_label = QLabel(_("&From:"), self)
        since_label.setBuddy(self.since)
        until_label = QLabel(_("&To:"), self)
        until_label.setBuddy(self.until)
        self.refresh_button = QPushButton(_("S&how"), self)
        self.refresh_button.setAccessibleName(_("Show the figures of this period"))
        self.refresh_button.clicked.connect(self.refresh)
        self.masked = QCheckBox(_("As &published (small numbers masked)"), self)
        self.masked.setAccessibleName(_("Show the figures as the report and exports show "
                                        "them, small numbers masked"))
        self.masked.toggled.connect(lambda _on: self._render())
        self.period.currentIndexChanged.connect(lambda _i: self._period_chosen())
        self.since.dateChanged.connect(self._dates_edited)
        self.until.dateChanged.connect(self._dates_edited)

        self.own_bar = QWidget(self)
        own_rows = QVBoxLayout(self.own_bar)  # two rows: the page fits a 1024 px window
        own_rows.setContentsMargins(0, 0, 0, 0)
        period_row = QHBoxLayout()
        own_rows.addLayout(period_row)
        for widget in (period_label, self.period, since_label, self.since, until_label,
                       self.until, self.refresh_button):
            period_row.addWidget(widget)
        period_row.addStretch(1)
        own_rows.addWidget(self.masked)

        self.view_report_button = self._button(_("&View and print report…"), _(
            "Show the monitoring report of this period in the application, to print or "
            "save (small numbers masked)"), self.show_report)
        self.report_button = self._button(_("Save &report…"), _(
            "Save the monitoring report of this period as a PDF (small numbers masked)"),
            self.save_report)
        self.export_button = self._button(_("Regional &export…"), _(
            "Save the regional export of this period as JSON or CSV (small numbers "
            "masked)"), self.export_regional)
        self.overlap = QCheckBox(_("With &overlap codes (shared secret)"), self)
        self.overlap.setAccessibleName(_("Add overlap codes made with the regional secret "
                                         "to the export"))
        self.secret_button = self._button(_("Regional se&cret…"), _(
            "Enter the secret the municipalities of the region agreed on"), self.set_secret)
        self.merge_button = self._button(_("Regional &merge…"), _(
            "Merge the regional exports of several municipalities"), self.merge_exports)
        self.actions_bar = QWidget(self)
        action_rows = QVBoxLayout(self.actions_bar)  # two rows: fits a 1024 px window
        action_rows.setContentsMargins(0, 0, 0, 0)
        report_row = QHBoxLayout()
        for widget in (self.view_report_button, self.report_button):
            report_row.addWidget(widget)
        report_row.addStretch(1)
        actions = QHBoxLayout()
        for widget in (self.export_button, self.overlap, self.secret_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.merge_button)
        action_rows.addLayout(report_row)
        action_rows.addLayout(actions)

        self.regional_bar = QWidget(self)
        self.regional_title = QLabel(self.regional_bar)
        self.regional_title.setAccessibleName(_("Regional picture"))
        self.regional_title.setWordWrap(True)
        self.regional_report_button = self._button(_("Save regional re&port…"), _(
            "Save the report of the merged regional figures as a PDF"),
            self.save_regional_report)
        self.merge_again_button = self._button(_("Merge other &files…"), _(
            "Merge another set of regional exports"), self.merge_exports)
        self.back_button = self._button(_("&Back to own figures"), _(
            "Leave the regional picture and show this municipality's figures"),
            self.leave_regional)
        regional_row = QHBoxLayout(self.regional_bar)
        regional_row.setContentsMargins(0, 0, 0, 0)
        regional_row.addWidget(self.regional_title, 1)
        for button in (self.regional_report_button, self.merge_again_button,
                       self.back_button):
            regional_row.addWidget(button)
        self.regional_bar.setVisible(False)

        self.notice = QLabel(_("Reports and exports are ordinary files: they are not "
                               "encrypted. They hold masked figures only, no names or "
                               "references."), self)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(_("Note on saved files"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setAccessibleName(_("Error"))
        self.error.setVisible(False)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Result"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Summary of the period"))
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)

        content = QWidget(self)
        body = QVBoxLayout(content)
        self.key_table = FigureTable(_("Key figures"), [_("Figure"), _("Value")], content)
        self.key_table.chosen.connect(lambda key, text: self._chosen("key", key, text))
        self.durations = FigureTable(_("Durations in days"), [
            _("Step"), _("Signals"), _("Median"), _("Slowest")], content)
        top = QHBoxLayout()
        top.addWidget(self._box(_("Key figures"), self.key_table), 1)
        top.addWidget(self._box(_("Durations in days"), self.durations), 1)
        body.addLayout(top)

        self.charts: dict[str, ChartView] = {}
        self.chart_tables: dict[str, FigureTable] = {}
        for kind in CHART_KINDS:
            title = _(lb.CHART_TITLES[kind])
            chart = ChartView(title, content)
            table = FigureTable(_("{chart}: the numbers").format(chart=title),
                                [_("Category"), _("Number")], content)
            dimension = lb.CHART_DIMENSION[kind]
            table.chosen.connect(lambda key, text, d=dimension: self._chosen(d, key, text))
            self.charts[kind] = chart
            self.chart_tables[kind] = table
            box = QGroupBox(content)  # no caption: the chart draws its own title
            row = QHBoxLayout(box)
            row.addWidget(chart, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(table, 1, Qt.AlignmentFlag.AlignTop)
            body.addWidget(box)

        self.tables: dict[str, FigureTable] = {}
        grid = QGridLayout()
        for number, dimension in enumerate(lb.TABLE_DIMENSIONS):
            title = _(lb.DIMENSION_TITLES[dimension])
            table = FigureTable(title, [_("Category"), _("Number")], content)
            table.chosen.connect(lambda key, text, d=dimension: self._chosen(d, key, text))
            self.tables[dimension] = table
            grid.addWidget(self._box(title, table), number // 2, number % 2,
                           Qt.AlignmentFlag.AlignTop)
        body.addLayout(grid)

        self.activities = FigureTable(_("Awareness activities"), [
            _("Date"), _("Kind"), _("Target group"), _("Reached"), _("Given by")], content,
            numeric=frozenset({3}))
        self.activities.doubleClicked.connect(lambda _index: self.edit_activity())
        self.activities.setAccessibleDescription(_(
            "One row per training, e-learning, team meeting or campaign of the period."))
        self.add_button = self._button(_("&Add activity…"), _(
            "Record a new awareness activity"), self.add_activity)
        self.edit_button = self._button(_("C&hange…"), _(
            "Change the selected awareness activity"), self.edit_activity)
        self.remove_button = self._button(_("Remo&ve"), _(
            "Remove the selected awareness activity"), self.remove_activity)
        activity_box = QGroupBox(_("Awareness activities"), content)
        activity_layout = QVBoxLayout(activity_box)
        activity_layout.addWidget(self.activities)
        self.activity_buttons = QWidget(activity_box)
        buttons = QHBoxLayout(self.activity_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        activity_layout.addWidget(self.activity_buttons)
        body.addWidget(activity_box)

        self.overlap_table = FigureTable(_("Overlap between municipalities"), [
            _("What"), _("Municipalities")], content, numeric=frozenset())
        self.overlap_table.setAccessibleDescription(_(
            "Addresses, organisations or persons found in the signals of several "
            "municipalities; what or who it is stays unknown."))
        self.overlap_box = self._box(_("Overlap between municipalities"), self.overlap_table)
        self.overlap_note = QLabel(self.overlap_box)
        self.overlap_note.setWordWrap(True)
        self.overlap_note.setAccessibleName(_("Overlap"))
        self.overlap_box.layout().addWidget(self.overlap_note)
        self.overlap_box.setVisible(False)
        body.addWidget(self.overlap_box)
        body.addStretch(1)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        self.scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        layout = QVBoxLayout(self)
        layout.addWidget(self.own_bar)
        layout.addWidget(self.actions_bar)
        layout.addWidget(self.regional_bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.summary)
        layout.addWidget(self.scroll, 1)
        self._set_enabled(False)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.setAccessibleName(name)
        inner = edit.findChild(QLineEdit)
        if inner is not None:
            inner.setAccessibleName(name)
        return edit

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        return named_button(self, text, name, slot)

    @staticmethod
    def _box(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title, widget.parentWidget())
        layout = QVBoxLayout(box)
        layout.addWidget(widget)
        layout.addStretch(1)  # the table at the top when its neighbour is higher
        return box

    # --- period ------------------------------------------------------------------------------
    def period_range(self) -> tuple[date, date]:
        return from_qdate(self.since.date()), from_qdate(self.until.date())

    def set_period(self, since: date, until: date) -> None:
        """Show this period (the picker switches to "other period" unless it is one of
        the half years) and load it."""
        self._set_dates(since, until)
        choice = {half_year(self._today): "half",
                  previous_half_year(self._today): "previous"}.get((since, until), "custom")
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData(choice))
        self.period.blockSignals(False)
        self.refresh()

    def _set_dates(self, since: date, until: date) -> None:
        for edit, value in ((self.since, since), (self.until, until)):
            edit.blockSignals(True)
            edit.setDate(to_qdate(value))
            edit.blockSignals(False)

    def _period_chosen(self) -> None:
        choice = self.period.currentData()
        if choice == "half":
            self._set_dates(*half_year(self._today))
        elif choice == "previous":
            self._set_dates(*previous_half_year(self._today))
        else:
            self.since.setFocus()
            return
        self.refresh()

    def _dates_edited(self) -> None:
        if self.period.currentData() != "custom":
            self.period.blockSignals(True)
            self.period.setCurrentIndex(self.period.findData("custom"))
            self.period.blockSignals(False)
        self._debounce.start()

    # --- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the figures of the chosen period (on entering the section, F5, Show)."""
        self._debounce.stop()
        if not self.ctx.is_unlocked:
            return
        since, until = self.period_range()
        if self._task is not None:
            self._task.drop()
        self._task = self.ctx.run(lambda services: _load(services, since, until),
                                  on_success=self._loaded, on_failure=self._load_failed)

    def _loaded(self, data: Loaded) -> None:
        self._task = None
        self._data = data
        self._shown_period = (data.figures.since, data.figures.until)
        self._show_error("")
        self.overlap.setEnabled(data.has_secret)
        self.overlap.setToolTip("" if data.has_secret else _(
            "Enter the regional secret first (Regional secret…)."))
        if not data.has_secret:
            self.overlap.setChecked(False)
        self.masked.setToolTip(_("Counts from 1 to {below} are shown as \"<{threshold}\", "
                                 "as in the report.").format(below=data.threshold - 1,
                                                             threshold=data.threshold))
        self._set_enabled(True)
        self._render()
        self.loaded.emit()

    def _load_failed(self, error: BaseException) -> None:
        self._task = None
        self._show_error(_describe(error))

    # --- showing -----------------------------------------------------------------------------
    def showing_regional(self) -> bool:
        return self._regional is not None

    def _render(self) -> None:
        regional = self._regional
        self.own_bar.setVisible(regional is None)
        self.actions_bar.setVisible(regional is None)
        self.regional_bar.setVisible(regional is not None)
        self.overlap_box.setVisible(regional is not None)
        self.activity_buttons.setVisible(regional is None)
        if regional is not None:
            self._render_figures(regional.merged, regional.svgs, regional.chart_rows,
                                 exact=False, clickable=False)
            self._render_regional(regional)
            return
        data = self._data
        if data is None:
            return
        mode = "published" if self.masked.isChecked() else "exact"
        figures = data.published if mode == "published" else data.figures
        self._render_figures(figures, {k: data.svgs[(mode, k)] for k in CHART_KINDS},
                             {k: data.chart_rows[(mode, k)] for k in CHART_KINDS},
                             exact=mode == "exact", clickable=True)
        self._render_activities(data.figures.activities)

    def _render_figures(self, figs: Any, svgs: dict[str, bytes],
                        chart_rows: dict[str, list[tuple[str, str, str]]], *, exact: bool,
                        clickable: bool) -> None:
        names = self._data.partner_names if self._data is not None else {}
        since, until = figs.since, figs.until
        period = lb.period_text(since, until)
        if exact:
            rates = (lb.percent_text(rate=figs.feedback_rate),
                     lb.percent_text(rate=figs.reporter_informed_rate))
        else:
            rates = (lb.percent_text(pct=figs.feedback_rate_pct),
                     lb.percent_text(pct=figs.reporter_informed_rate_pct))
        count = lb.count_text
        self.summary.setText(_(
            "{period}: {total} signals received, {handed} handed over, partner feedback on "
            "{feedback}.").format(period=period, total=count(figs.total),
                                  handed=count(figs.handed_over),
                                  feedback=count(figs.feedback_received)))
        self.key_table.set_rows([
            ("signals", _("Signals received"), count(figs.total)),
            ("handed_over", _("Handed over to a partner"), count(figs.handed_over)),
            ("feedback", _("Partner feedback received"), count(figs.feedback_received)),
            ("feedback_rate", _("Partner feedback rate"), rates[0]),
            ("with_reporter", _("Signals with a known reporter"), count(figs.with_reporter)),
            ("informed", _("Reporter informed"), count(figs.reporter_informed)),
            ("informed_rate", _("Reporters informed rate"), rates[1]),
        ])
        self.key_table.set_clickable(clickable)
        self.durations.set_rows([
            ("to_handover", _("Received to handover"),
             count(figs.to_handover.count) if exact or figs.to_handover.count else "–",
             lb.days_text(figs.to_handover.median_days),
             lb.days_text(figs.to_handover.slowest_days)),
            ("to_feedback", _("Handover to feedback"),
             count(figs.to_feedback.count) if exact or figs.to_feedback.count else "–",
             lb.days_text(figs.to_feedback.median_days),
             lb.days_text(figs.to_feedback.slowest_days)),
        ])
        for kind in CHART_KINDS:
            self.charts[kind].show_svg(svgs[kind])
            dimension = lb.CHART_DIMENSION[kind]
            self.chart_tables[kind].set_rows(
                [(key, lb.key_label(dimension, key, names), text)
                 for key, _dutch, text in chart_rows[kind]])
            self.chart_tables[kind].set_clickable(clickable and (
                dimension in lb.CLICKABLE or dimension == "funnel"))
        for dimension, table in self.tables.items():
            table.set_rows(lb.dimension_rows(figs, dimension, names))
            table.set_clickable(clickable and dimension in lb.CLICKABLE)

    def _render_activities(self, activities: Any) -> None:
        self.activities.setHorizontalHeaderLabels(
            [_("Date"), _("Kind"), _("Target group"), _("Reached"), _("Given by")])
        self.activities.set_rows([
            (str(a.id), fmt.short_date(a.held_on), lb.key_label("activity", str(a.kind)),
             a.target_group, fmt.number(a.reached), a.given_by) for a in activities])
        self._activities = {str(a.id): a for a in activities}

    def _render_regional(self, regional: Regional) -> None:
        merged = regional.merged
        self.regional_title.setText(_(
            "Regional picture of {municipalities} ({period}), from {files} files. Small "
            "numbers are masked; ranges are sums of masked counts.").format(
                municipalities=", ".join(merged.sources) or merged.municipality,
                period=lb.period_text(merged.since, merged.until),
                files=fmt.number(len(regional.files))))
        totals = getattr(merged, "activity_totals", {}) or {}
        self.activities.setHorizontalHeaderLabels(
            [_("Date"), _("Kind"), _("Activities"), _("Reached"), _("Given by")])
        self.activities.set_rows([
            (kind, "", lb.key_label("activity", kind), fmt.number(n), fmt.number(reached), "")
            for kind, (n, reached) in totals.items()])
        self._activities = {}
        hits = list(merged.overlap)
        self.overlap_table.set_rows([
            (str(i), _(lb.OVERLAP_KINDS[hit.kind]) if hit.kind in lb.OVERLAP_KINDS
             else hit.kind, ", ".join(hit.municipalities))
            for i, hit in enumerate(hits)])
        self.overlap_note.setText(
            _("{count} addresses, organisations or persons appear in the signals of more "
              "than one municipality: talk to each other.").format(
                  count=fmt.number(len(hits))) if hits else
            _("No overlap found (or the exports carry no overlap codes)."))

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.view_report_button, self.report_button, self.export_button,
                       self.add_button, self.edit_button, self.remove_button, self.masked):
            widget.setEnabled(enabled)
        if not enabled:
            self.overlap.setEnabled(False)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if text:
            self.failed.emit(text)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.ctx.message.emit(text)

    # --- click-through -----------------------------------------------------------------------
    def _chosen(self, dimension: str, key: str, text: str) -> None:
        if self._regional is not None or self._data is None or not self.ctx.is_unlocked:
            return
        since, until = self._shown_period or self.period_range()
        title = (_(lb.DIMENSION_TITLES[dimension]) if dimension in lb.DIMENSION_TITLES
                 else _("Period"))
        description = _("{what}: {value}, received {period}").format(
            what=title, value=text, period=lb.period_text(since, until))
        if dimension == "key":
            if key != "signals":
                return
            self.open_register.emit(SignalFilter(received_from=since, received_to=until),
                                    _("all signals received {period}").format(
                                        period=lb.period_text(since, until)))
            return
        if dimension not in lb.CLICKABLE:
            return
        self.ctx.run(lambda services: services.monitoring.filter_for(since, until,
                                                                     dimension, key),
                     on_success=lambda flt: self.open_register.emit(flt, description),
                     on_failure=lambda error: self._show_error(_describe(error)))

    # --- awareness activities ----------------------------------------------------------------
    def selected_activity(self) -> Any:
        row = self.activities.currentRow()
        key = self.activities.key_of(row) if row >= 0 else None
        return getattr(self, "_activities", {}).get(key) if key is not None else None

    def add_activity(self) -> ActivityDialog | None:
        return self._open_dialog(None)

    def edit_activity(self) -> ActivityDialog | None:
        activity = self.selected_activity()
        if activity is None:
            self._say(_("Select an activity first."))
            return None
        return self._open_dialog(activity)

    def _open_dialog(self, activity: Any) -> ActivityDialog | None:
        if not self.ctx.is_unlocked or self._regional is not None:
            return None
        dialog = ActivityDialog(self.ctx, activity, self._today, self)
        dialog.saved.connect(self._activity_saved)
        dialog.finished.connect(lambda _code: self._forget_dialog(dialog))
        self._dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self, dialog: QDialog) -> None:
        if self._dialog is dialog:
            self._dialog = None
        dialog.deleteLater()

    def _activity_saved(self, activity: Any) -> None:
        since, until = self._shown_period or self.period_range()
        if since <= activity.held_on <= until:
            self._say(_("Activity saved."))
        else:
            self._say(_("Activity saved; its date lies outside the period shown."))
        self.activities_changed.emit()
        self.refresh()

    def remove_activity(self) -> None:
        activity = self.selected_activity()
        if activity is None:
            self._say(_("Select an activity first."))
            return
        activity_id = activity.id

        def done(_result: object) -> None:
            self._say(_("Activity removed."))
            self.activities_changed.emit()
            self.refresh()

        self.ctx.run(lambda services: services.monitoring.remove_activity(activity_id),
                     on_success=done,
                     on_failure=lambda error: self._show_error(_describe(error)))

    # --- files -------------------------------------------------------------------------------
    def _file_stem(self) -> str:
        since, until = self._shown_period or self.period_range()
        return f"{since.isoformat()}_{until.isoformat()}"

    def show_report(self) -> Any:
        """The report of the period shown in the in-app preview (ui/printing): printed or
        saved from there; only a printed or saved copy is numbered and logged."""
        if self._data is None or not self.ctx.is_unlocked:
            return None
        from mensenhandel_desk.ui.printing import DocumentRequest, show_document

        since, until = self._shown_period or self.period_range()

        def render(services: Any, preview: bool) -> Any:
            return services.documents.monitoring_report(since, until, preview=preview)

        title = _("Monitoring report {since} to {until}").format(
            since=fmt.short_date(since), until=fmt.short_date(until))
        self.report_dialog = show_document(self.ctx, self, DocumentRequest(title, render))
        return self.report_dialog

    def save_report(self) -> None:
        if self._data is None or not self.ctx.is_unlocked:
            return
        since, until = self._shown_period or self.period_range()
        path = self.ask_save_file(
            self, _("Save the monitoring report — the file is NOT encrypted"),
            _("monitoring-report_{period}.pdf").format(period=self._file_stem()),
            _("PDF documents (*.pdf)"))
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.ctx.run(lambda services: services.documents.monitoring_report(
            since, until, out=path), on_success=lambda _doc: self._written(path),
            on_failure=lambda error: self._show_error(_describe(error)))

    def export_regional(self) -> None:
        if self._data is None or not self.ctx.is_unlocked:
            return
        since, until = self._shown_period or self.period_range()
        with_overlap = self.overlap.isEnabled() and self.overlap.isChecked()
        path = self.ask_save_file(
            self, _("Save the regional export — the file is NOT encrypted"),
            _("regional-export_{period}.json").format(period=self._file_stem()),
            _("JSON (*.json);;CSV for Excel (*.csv)"))
        if path is None:
            return
        if path.suffix.lower() not in (".json", ".csv"):
            path = path.with_name(path.name + ".json")
        self.ctx.run(lambda services: services.monitoring.export_regional(
            since, until, path, with_overlap=with_overlap),
            on_success=lambda written: self._written(Path(written)),
            on_failure=lambda error: self._show_error(_describe(error)))

    def _written(self, path: Path) -> None:
        self._show_error("")
        self._say(_("Saved as {name}. The file is not encrypted: keep it on a safe "
                    "drive.").format(name=path.name))
        self.file_saved.emit(path)

    def set_secret(self) -> None:
        if not self.ctx.is_unlocked:
            return
        secret = self.ask_secret(self)
        if not secret:
            return

        def done(_result: object) -> None:
            self._show_error("")
            self.overlap.setEnabled(True)
            self.overlap.setToolTip("")
            if self._data is not None:
                self._data.has_secret = True
            self._say(_("Regional secret saved in the vault."))

        self.ctx.run(lambda services: services.monitoring.set_regional_secret(secret),
                     on_success=done,
                     on_failure=lambda error: self._show_error(_describe(error)))

    def merge_exports(self, paths: list[Path] | None = None) -> None:
        if not self.ctx.is_unlocked:
            return
        if paths is None:
            paths = self.ask_open_files(self, _("Choose the regional exports to merge"),
                                        _("Regional exports (*.json *.csv)"))
        if not paths:
            return
        chosen = [Path(p) for p in paths]
        self.ctx.run(lambda _services: _merge(chosen), on_success=self._merged,
                     on_failure=lambda error: self._show_error(_describe(error)))

    def _merged(self, regional: Regional) -> None:
        self._regional = regional
        self._show_error("")
        self.status.clear()
        self._render()
        self.regional_loaded.emit()

    def save_regional_report(self) -> None:
        regional = self._regional
        if regional is None or not self.ctx.is_unlocked:
            return
        merged = regional.merged
        path = self.ask_save_file(
            self, _("Save the regional report — the file is NOT encrypted"),
            _("regional-report_{period}.pdf").format(
                period=f"{merged.since.isoformat()}_{merged.until.isoformat()}"),
            _("PDF documents (*.pdf)"))
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")

        def work(_services: Any) -> Path:
            from mensenhandel_desk.services.monitoring.merge import render_regional_report

            render_regional_report(merged, out=path)
            return path

        self.ctx.run(work, on_success=self._written,
                     on_failure=lambda error: self._show_error(_describe(error)))

    def leave_regional(self) -> None:
        self._regional = None
        self.overlap_table.clear_rows()
        self.status.clear()
        self._render()
        if self._data is None:
            self.refresh()

    # --- lock --------------------------------------------------------------------------------
    def clear(self) -> None:
        """Lock: drop every figure, chart and pending result; close the dialog."""
        self._debounce.stop()
        if self._task is not None:
            self._task.drop()
            self._task = None
        if self._dialog is not None:
            QDialog.done(self._dialog, QDialog.DialogCode.Rejected)
            self._dialog = None
        self._data = None
        self._regional = None
        self._activities = {}
        self._shown_period = None
        for table in (self.key_table, self.durations, self.activities, self.overlap_table,
                      *self.chart_tables.values(), *self.tables.values()):
            table.clear_rows()
        for chart in self.charts.values():
            chart.clear_chart()
        for text in (self.summary, self.status, self.regional_title, self.overlap_note):
            text.clear()
        self._show_error("")
        self.overlap.setChecked(False)
        self._set_enabled(False)
        self.own_bar.setVisible(True)
        self.actions_bar.setVisible(True)
        self.regional_bar.setVisible(False)
        self.overlap_box.setVisible(False)

    def _on_unlocked(self) -> None:
        self._today = Clock().today()
        if self.period.currentData() in ("half", "previous"):
            self._period_chosen_quietly()

    def _period_chosen_quietly(self) -> None:
        """The half years follow today's date (after a night locked); no load here: the
        main window loads when the section is shown."""
        if self.period.currentData() == "half":
            self._set_dates(*half_year(self._today))
        else:
            self._set_dates(*previous_half_year(self._today))
