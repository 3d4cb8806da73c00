"""Inzageverzoek (AVG art. 15): the report for one data subject, as PDF.

Renders from the plain dataclasses below (built by services/access_request.py); it
never sees the vault. Everything in it was already selected and redacted by the
service: this module only lays it out. Shares the page frame of
``destruction_declaration`` and the styles of ``documents/styles.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from mensenhandel_desk.documents.data import CopyMark
from mensenhandel_desk.documents.destruction_declaration import (
    build_simple_pdf,
    copy_text,
    dutch_date,
    para,
    table,
)

TITLE = "Inzage persoonsgegevens"
KIND = "access_report"  # print log and audit trail
MARKING = "VERTROUWELIJK"


@dataclass(frozen=True)
class Block:
    """One record about the person: a heading, label/value lines and text passages."""

    heading: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    passages: list[tuple[str, str]] = field(default_factory=list)  # (what, text)


@dataclass(frozen=True)
class AccessReport:
    municipality: str
    department: str
    generated_on: date
    subject_name: str
    subject_dob: date | None
    general: list[tuple[str, str]]  # purposes, legal basis, retention, source, rights
    blocks: list[Block]
    withheld: list[str]
    warning: str = ""  # several persons of this name were found (the service says so)


def render(report: AccessReport, copy: CopyMark | None = None) -> bytes:
    """The report as PDF bytes; ``copy``: which numbered copy, for whom."""
    dob = f", geboren {dutch_date(report.subject_dob)}" if report.subject_dob else ""
    story: list = [
        para(TITLE, "title"),
        para(f"{report.municipality} · {report.department} · {dutch_date(report.generated_on)}",
             "subtitle"),
        para(f"Overzicht van de persoonsgegevens van {report.subject_name}{dob}, verwerkt "
             "door de aandachtsfunctionaris mensenhandel, op grond van artikel 15 van de "
             "Algemene verordening gegevensbescherming (AVG)."),
        Spacer(1, 3 * mm),
    ]
    if report.warning:
        story += [para(report.warning, "h3"), Spacer(1, 3 * mm)]
    story += [
        para("Algemeen", "h2"),
    ]
    story.append(table([[para("Onderwerp", "cell_bold"), para("Toelichting", "cell_bold")]]
                       + [[para(k, "cell"), para(v, "cell")] for k, v in report.general],
                       [45 * mm, 123 * mm]))
    story.append(para("Gegevens", "h2"))
    if not report.blocks:
        story.append(para("Er zijn geen gegevens over deze persoon gevonden."))
    for block in report.blocks:
        parts: list = [para(block.heading, "h3")]
        if block.facts:
            parts.append(table([[para("Gegeven", "cell_bold"), para("Inhoud", "cell_bold")]]
                               + [[para(k, "cell"), para(v, "cell")] for k, v in block.facts],
                               [45 * mm, 123 * mm]))
        story.append(KeepTogether(parts))
        for what, text in block.passages:
            story.append(para(what, "label"))
            story.append(para(text))
    story.append(para("Niet verstrekt", "h2"))
    story.append(para("Op grond van artikel 15 lid 4 AVG (rechten en vrijheden van anderen) "
                      "is het volgende niet in dit overzicht opgenomen:"))
    for line in report.withheld:
        story.append(para(f"• {line}", "bullet"))
    return build_simple_pdf(story, TITLE, MARKING, copy_text(copy))
