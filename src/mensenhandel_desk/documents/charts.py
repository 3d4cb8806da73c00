"""Monitoring charts, defined once: the PDF draws them as vectors, the desktop shows the
same drawing as SVG in a ``QSvgWidget``.

Why reportlab's own charts (``reportlab.graphics.charts``):

- reportlab is already the document engine, so the charts cost no new dependency; its
  ``Drawing`` is a flowable (vectors in the PDF, crisp on any printer) and
  ``renderSVG`` turns the very same drawing into SVG for the screen: one definition, the
  same numbers on paper and on screen;
- matplotlib would bring numpy (and a large wheel) into a locked-down Windows install;
- QtCharts is deprecated since Qt 6.10 and ships in PySide6-Addons, an extra wheel of
  tens of megabytes, and would only serve the screen, not the PDF;
- ``QSvgWidget`` is in PySide6-Essentials (QtSvg), which the app already has.

Every chart has ``chart_rows``: the same numbers as a table (label, value text) for the
accessible table beside it. Charts take exact figures (screen) or published ones (report):
a masked cell ("<5", "x") draws no bar and its label shows the masked text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from mensenhandel_desk.documents import styles as st
from mensenhandel_desk.documents.monitoring_labels import label, month_label
from mensenhandel_desk.domain.disclosure import Cell, PublishedFigures
from mensenhandel_desk.domain.monitoring import MonitoringFigures
from mensenhandel_desk.i18n import N_, translate

CHART_KINDS = ("forms", "timeline", "funnel")
# English source strings (Dutch in the catalogue): the PDF asks for Dutch, the screen's
# SVG for the interface language.
TITLES = {"forms": N_("Signals per form of exploitation"), "timeline": N_("Signals per month"),
          "funnel": N_("From signal to handover to feedback")}
BAR = colors.HexColor("#2f5d7c")
GRID = colors.HexColor("#d0d5da")


@dataclass(frozen=True, slots=True)
class Series:
    """What a chart shows: keys, Dutch labels, values (None: masked) and value texts."""

    keys: tuple[str, ...]
    labels: tuple[str, ...]
    values: tuple[int | None, ...]
    texts: tuple[str, ...]



def _style_axes(chart: Any, top: float) -> None:
    """One axis style for every chart: the font that is embedded, small labels, a grid."""
    chart.categoryAxis.labels.fontName = st.FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top
    chart.valueAxis.labels.fontName = st.FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID

def _entry(value: int | Cell) -> tuple[int | None, str]:
    if isinstance(value, Cell):
        return value.value, value.text
    return value, str(value)


def series(kind: str, figures: MonitoringFigures | PublishedFigures) -> Series:
    """The numbers of one chart, from exact or published figures."""
    if kind == "forms":
        items = [(k, label("form", k), v) for k, v in figures.table("form").items()]
    elif kind == "timeline":
        items = [(k, month_label(k), v) for k, v in figures.table("month").items()]
    elif kind == "funnel":
        items = [(k, label("funnel", k), v) for k, v in figures.funnel]
    else:
        raise ValueError(f"unknown chart {kind!r}; known: {', '.join(CHART_KINDS)}")
    entries = [_entry(v) for _, _, v in items]
    return Series(keys=tuple(k for k, _, _ in items), labels=tuple(lb for _, lb, _ in items),
                  values=tuple(e[0] for e in entries), texts=tuple(e[1] for e in entries))


def chart_rows(kind: str, figures: MonitoringFigures | PublishedFigures
               ) -> list[tuple[str, str, str]]:
    """(key, label, value text): the accessible table with the chart's numbers."""
    data = series(kind, figures)
    return list(zip(data.keys, data.labels, data.texts, strict=True))


def _value_max(values: tuple[int | None, ...]) -> int:
    top = max([v for v in values if v is not None] + [1])
    step = 1 if top <= 5 else 2 if top <= 10 else 5 if top <= 25 else 10 ** (len(str(top)) - 1)
    return ((top + step - 1) // step) * step


def chart_drawing(kind: str, figures: MonitoringFigures | PublishedFigures,
                  width: float = 440, height: float = 200,
                  language: str | None = "nl") -> Drawing:
    """A reportlab ``Drawing`` (a flowable: place it in a PDF story as it is). The title
    is in ``language`` (documents: Dutch; None: the interface language)."""
    st.register_fonts()
    data = series(kind, figures)
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, translate(TITLES[kind], language=language),
                       fontName=st.FONT_BOLD, fontSize=10,
                       fillColor=st.INK))
    values = [v if v is not None else 0 for v in data.values] or [0]
    top = _value_max(data.values)
    if kind == "timeline":
        chart = HorizontalLineChart()
        chart.x, chart.y = 30, 30
        chart.width, chart.height = width - 45, height - 60
        chart.data = [values]
        chart.lines[0].strokeColor = BAR
        chart.lines[0].strokeWidth = 1.5
        chart.categoryAxis.categoryNames = [month_label(k, short=True) for k in data.keys]
        _style_axes(chart, top)
        chart.lineLabelFormat = None
        drawing.add(chart)
        _masked_notes(drawing, data, chart.x, 8)
        return drawing
    if kind == "funnel":
        chart = HorizontalBarChart()
        chart.x, chart.y = 150, 20
        chart.width, chart.height = width - 190, height - 50
    else:
        chart = VerticalBarChart()
        chart.x, chart.y = 30, 45
        chart.width, chart.height = width - 45, height - 75
    chart.data = [values]
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.categoryAxis.categoryNames = list(data.labels)
    _style_axes(chart, top)
    chart.barLabelFormat = lambda value: ""  # value texts drawn below (masked ones too)
    if kind == "funnel":
        chart.categoryAxis.reverseDirection = True
        chart.categoryAxis.labels.boxAnchor = "e"
    else:
        chart.categoryAxis.labels.boxAnchor = "n"
        chart.categoryAxis.labels.dy = -2
    chart.barLabels.fontName = st.FONT
    drawing.add(chart)
    _value_labels(drawing, kind, data, chart)
    return drawing


def _value_labels(drawing: Drawing, kind: str, data: Series, chart) -> None:
    """The value text at each bar ("<5" where a bar is masked)."""
    n = max(1, len(data.texts))
    top = chart.valueAxis.valueMax or 1
    for index, (value, text) in enumerate(zip(data.values, data.texts, strict=True)):
        v = value or 0
        if kind == "funnel":
            slot = chart.height / n
            y = chart.y + chart.height - (index + 0.5) * slot - 3
            x = chart.x + chart.width * v / top + 4
        else:
            slot = chart.width / n
            x = chart.x + (index + 0.5) * slot
            y = chart.y + chart.height * v / top + 3
        drawing.add(String(x, y, text, fontName=st.FONT, fontSize=7, fillColor=st.INK,
                           textAnchor="start" if kind == "funnel" else "middle"))


def _masked_notes(drawing: Drawing, data: Series, x: float, y: float) -> None:
    masked = [f"{month_label(k, short=True)} {t}" for k, v, t in
              zip(data.keys, data.values, data.texts, strict=True) if v is None]
    if masked:
        drawing.add(String(x, y, "Afgeschermd (kleine aantallen, als 0 getekend): "
                           + ", ".join(masked), fontName=st.FONT, fontSize=6.5,
                           fillColor=st.MUTED))


def chart_svg(kind: str, figures: MonitoringFigures | PublishedFigures,
              width: float = 440, height: float = 200, language: str | None = None) -> bytes:
    """The same chart as SVG bytes (UTF-8), for ``QSvgWidget.load(QByteArray(...))``; the
    title in the interface language unless ``language`` is given."""
    drawing = chart_drawing(kind, figures, width, height, language=language)
    return renderSVG.drawToString(drawing).encode("utf-8")
