"""Building blocks shared by the documents: fact tables, party and location tables,
paragraph helpers. All user text goes through ``NameMasker.scrub`` and ``text.markup``
before it reaches reportlab."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from mensenhandel_desk.documents import styles as st
from mensenhandel_desk.documents.data import OfficerContact
from mensenhandel_desk.documents.names import NameMasker
from mensenhandel_desk.documents.phrases import nl_label
from mensenhandel_desk.documents.text import blocks, markup
from mensenhandel_desk.domain.enums import Gender, PartyKind
from mensenhandel_desk.domain.models import Location, Party

CONTENT_WIDTH = st.PAGE_WIDTH - st.MARGIN_LEFT - st.MARGIN_RIGHT


class Heading(Paragraph):
    """A heading that starts a new page when less than ``MIN_SPACE`` is left below it, so
    it is never orphaned at the foot of a page. (reportlab's keepWithNext would instead
    push a following long table to the next page as a whole, leaving half a page blank.)"""

    MIN_SPACE = 28 * st.mm
    guard = True  # off inside a KeepTogether (see ``keep``)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = super().wrap(avail_width, avail_height)
        if self.guard and avail_height < height + self.MIN_SPACE:
            return width, avail_height + 1  # does not fit: the frame moves on
        return width, height

    def split(self, avail_width: float, avail_height: float) -> list:
        return []


def p(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain (unescaped) text; h2/h3 are kept off the foot of a page."""
    if style in ("h2", "h3"):
        return Heading(markup(text), st.styles()[style])
    return Paragraph(markup(text), st.styles()[style])


def keep(flowables: list[Flowable]) -> KeepTogether:
    """Flowables kept on one page. Their headings drop the orphan guard: the block itself
    keeps a heading with what follows, and KeepTogether measures its content without the
    guard's extra space, so a guarded heading as first item of a block that just fits
    would refuse its place and stop the layout (reportlab LayoutError)."""
    for flowable in flowables:
        if isinstance(flowable, Heading):
            flowable.guard = False
    return KeepTogether(flowables)


def raw(markup_text: str, style: str = "body") -> Paragraph:
    """A paragraph of markup built by this package (already escaped)."""
    return Paragraph(markup_text, st.styles()[style])


def text_blocks(text: str, style: str = "body", empty: str = "-") -> list[Flowable]:
    """Long user text as separate paragraphs so it flows over pages without clipping."""
    found = blocks(text)
    if not found:
        return [p(empty, style)]
    return [Paragraph(b, st.styles()[style]) for b in found]


def facts_table(rows: Iterable[tuple[str, str]], label_width: float = 48 * st.mm) -> Table:
    """Two columns: bold label, value."""
    data = [[p(label, "label"), p(value or "-", "cell")] for label, value in rows]
    table = Table(data, colWidths=[label_width, CONTENT_WIDTH - label_width], hAlign="LEFT",
                  splitInRow=1)
    table.setStyle(TableStyle(st.table_style(header=False)))
    table.spaceAfter = 2
    return table


def grid(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    """A table with a repeating header row; rows split cleanly over pages and a row
    taller than a page splits inside the row instead of failing."""
    total = sum(widths)
    widths = [w * CONTENT_WIDTH / total for w in widths]
    data = [[p(h, "cell_bold") for h in header]]
    data += [[p(cell or "-", "cell") for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle(st.table_style(header=True)))
    return table


LONG_NOTE = 1200  # characters; longer party notes go below the table, not in a cell


def party_rows(parties: list[Party], masker: NameMasker) -> list[list[str]]:
    rows = []
    for party in parties:
        kind = nl_label(party.kind)
        details = []
        if party.kind is PartyKind.PERSON:
            if party.gender is not Gender.UNKNOWN:
                details.append(nl_label(party.gender).lower())
            if party.nationality:
                details.append(party.nationality)
        else:
            if party.sector:
                details.append(party.sector)
            kvk = masker.kvk(party)
            if kvk:
                details.append(f"KvK {kvk}")
        note = masker.scrub(party.notes)
        if len(note) > LONG_NOTE:
            note = "Zie de toelichting onder de tabel."
        rows.append([
            masker.name(party), f"{kind}, {nl_label(party.role).lower()}",
            masker.birth(party) if party.kind is PartyKind.PERSON else "-",
            ", ".join(details), note,
        ])
    return rows


def parties_table(parties: list[Party], masker: NameMasker) -> list[Flowable]:
    """The parties table; very long notes follow it as ordinary paragraphs, so a table row
    never has to be split over pages."""
    if not parties:
        return [p("Geen betrokkenen vastgelegd.", "note")]
    out: list[Flowable] = [grid(["Betrokkene", "Soort en rol", "Geboren", "Kenmerken",
                                 "Toelichting"], party_rows(parties, masker),
                                [28, 25, 25, 24, 38])]
    for party in parties:
        note = masker.scrub(party.notes)
        if len(note) > LONG_NOTE:
            out += [p(f"Toelichting bij {masker.name(party)}", "h3"), *text_blocks(note)]
    return out


def locations_table(locations: list[Location], masker: NameMasker) -> Flowable:
    if not locations:
        return p("Geen locaties vastgelegd.", "note")
    rows = [[masker.add_location(loc), masker.scrub(loc.notes)] for loc in locations]
    return grid(["Locatie", "Toelichting"], rows, [55, 45])


def officer_block(officer: OfficerContact) -> list[Flowable]:
    rows = [("Naam", officer.name), ("Functie", officer.function),
            ("Afdeling", ", ".join(x for x in (officer.department, officer.municipality) if x)),
            ("Telefoon", officer.phone), ("E-mail", officer.email)]
    return [facts_table([(k, v) for k, v in rows if v] or [("Naam", "-")])]


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * st.mm)
