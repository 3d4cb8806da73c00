"""Monitoring wording (QA): the regional CSV describes every row in Dutch, the report
shows a median as the screen does (26,5) and calls it a median, chart titles go through
the translation path (Dutch in documents, the interface language on screen)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date

from pypdf import PdfReader

from mensenhandel_desk import i18n
from mensenhandel_desk.documents import charts, monitoring_report
from mensenhandel_desk.domain.disclosure import publish
from mensenhandel_desk.domain.monitoring import Duration, MonitoringFigures
from mensenhandel_desk.services.monitoring import export as mx

SINCE, UNTIL = date(2026, 1, 1), date(2026, 6, 30)


def _figures() -> MonitoringFigures:
    figures = MonitoringFigures(since=SINCE, until=UNTIL)
    return replace(figures, total=12, handed_over=8, feedback_received=6,
                   with_reporter=6, reporter_informed=5,
                   to_handover=Duration(count=8, median_days=26.5, slowest_days=40),
                   to_feedback=Duration(count=6, median_days=18.5, slowest_days=31))


def test_csv_export_describes_every_row_in_dutch() -> None:
    published = publish(_figures(), municipality="Gemeente Proefdorp")
    text = mx.serialise(published, "csv", date(2026, 11, 24)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    english = re.compile(r"\b(signals|parties|persons|handed|over|feedback|received|with|"
                         r"reporter|informed|median|slowest|days|count|reached|pct|to)\b")
    for part, key, description, _value in rows:
        if part == "overlap":
            continue
        assert description, key
        assert "_" not in description and not english.search(description), (key, description)
    by_key = {(r[0], r[1]): r[2] for r in rows}
    assert by_key[("totaal", "handed_over")] == "Overgedragen aan een ketenpartner"
    assert by_key[("totaal", "with_reporter")] == "Signalen met een bekende melder"
    assert by_key[("doorlooptijd", "to_handover.median_days")] == (
        "Van ontvangst tot eerste overdracht: mediaan in dagen")


def _report_text(figures: MonitoringFigures) -> str:
    data = monitoring_report.ReportData(figures=publish(figures, municipality="Proefdorp"))
    reader = PdfReader(io.BytesIO(monitoring_report.render(data)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_report_shows_half_day_medians_like_the_screen_and_calls_them_median() -> None:
    text = _report_text(_figures())
    assert "mediaan 26,5 dagen" in text and "mediaan 18,5 dagen" in text
    assert "mediaan 26 dagen" not in text and "gemiddeld" not in text
    assert "duurde het mediaan 26,5 dagen" in text
    whole = replace(_figures(), to_handover=Duration(count=8, median_days=12.0,
                                                     slowest_days=20))
    assert "mediaan 12 dagen" in _report_text(whole)


def test_chart_titles_are_translated_dutch_on_paper_and_interface_language_on_screen(
        ) -> None:
    figures = _figures()
    assert "Signalen per maand" in str(charts.chart_svg("timeline", figures, language="nl"))
    before = i18n.language()
    try:
        i18n.set_language(i18n.PSEUDO_LANGUAGE)
        screen = charts.chart_svg("timeline", figures).decode("utf-8")
        assert i18n.pseudo("Signalen per maand") in screen
        drawing = charts.chart_drawing("timeline", figures)  # documents: Dutch
        titles = [getattr(s, "text", "") for s in drawing.contents]
        assert "Signalen per maand" in titles
        i18n.set_language("en")
        assert b"Signals per month" in charts.chart_svg("timeline", figures)
    finally:
        i18n.set_language(before)


def test_csv_export_names_the_partner_in_words(services, tmp_path) -> None:
    from mensenhandel_desk.domain.enums import HandoverChannel, SharingBasis
    from mensenhandel_desk.domain.models import Handover
    from tests.conftest import make_signal

    signal = services.signals.create(make_signal(received_on=date(2026, 3, 2)))
    services.handovers.record(Handover(
        signal_id=signal.id, partner_key="politie_avim", handed_over_on=date(2026, 3, 4),
        channel=HandoverChannel.SECURE_EMAIL, basis=SharingBasis.LEGAL_GROUND,
        legal_ground="art. 6 lid 1 sub e AVG"))
    path = services.monitoring.export_regional(SINCE, UNTIL, tmp_path / "export.csv")
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))
    partner = {key: description for part, key, description, _v in rows if part == "partner"}
    name = next(p.name for p in services.reference.partners() if p.key == "politie_avim")
    assert partner["politie_avim"] == f"Overgedragen aan: {name}"
    assert not any("_" in d for d in partner.values())


def test_screen_and_report_format_days_with_the_one_shared_rule(qapp) -> None:
    from PySide6.QtCore import QLocale

    from mensenhandel_desk.domain.monitoring import days_text
    from mensenhandel_desk.ui.monitoring import labels as screen

    assert [days_text(v) for v in (26.5, 18.5, 12.0, None)] == ["26,5", "18,5", "12", "-"]
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    try:
        assert screen.days_text(26.5) == days_text(26.5)  # the Dutch interface
        assert screen.days_text(12) == "12" and screen.days_text(None) == "–"
    finally:
        QLocale.setDefault(before)
