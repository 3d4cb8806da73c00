"""Overdrachtsformulier: one signal, for one partner or the meeting, in one name mode.

Contents follow the municipal route (step 4): reference, date, marking, forms of
exploitation, facts, indicators of the signal's own checklist version, enrichment with
sources, parties and locations, urgency, requested action, feedback date and the
officer's contact details. The reporter is not in ``HandoverSheetData`` at all; the
reporter's name and team are only passed in to be scrubbed from free text.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from reportlab.platypus import Flowable

from mensenhandel_desk.documents import parts
from mensenhandel_desk.documents.data import CopyMark, HandoverSheetData
from mensenhandel_desk.documents.layout import PageDecor, build_copies
from mensenhandel_desk.documents.names import NameMasker
from mensenhandel_desk.documents.phrases import (
    HANDOVER_SHEET,
    NAME_MODE_NOTES,
    TITLES,
    long_date,
    nl_label,
    nl_labels,
)
from mensenhandel_desk.domain.enums import NameMode, SharedDataKind

TITLE = TITLES[HANDOVER_SHEET]
DEFAULT_REQUEST = ("Graag uw beoordeling van dit signaal en een terugkoppeling over de "
                   "vervolgstappen die u neemt.")


NOT_SHARED = "Niet gedeeld bij deze overdracht."


def shown_mode(data: HandoverSheetData) -> NameMode:
    """The name mode the sheet prints in: without the identity of the parties the names
    in free text become pseudonyms; without addresses, full names become initials
    (the reduced modes replace street addresses and postcodes)."""
    mode = NameMode(data.name_mode)
    if not data.shares(SharedDataKind.IDENTITY):
        return NameMode.PSEUDONYM
    if not data.shares(SharedDataKind.ADDRESSES) and mode is NameMode.FULL:
        return NameMode.INITIALS
    return mode


def masker_for(data: HandoverSheetData) -> NameMasker:
    masker = NameMasker(shown_mode(data), data.withheld.names,
                        [*data.withheld.phrases, *data.withheld.teams])
    for party in data.parties:
        masker.add_party(party)
    for location in data.locations:
        masker.add_location(location)
    return masker


def story(data: HandoverSheetData) -> list[Flowable]:
    s = data.signal
    m = masker_for(data)
    mode = shown_mode(data)
    shares = data.shares
    out: list[Flowable] = [
        parts.p(f"{TITLE} signaal mensenhandel", "title"),
        parts.p(" · ".join(x for x in (data.officer.municipality, data.officer.department)
                           if x), "subtitle"),
        parts.facts_table([
            ("Kenmerk", s.reference),
            *_dates(data),
            ("Aan", data.recipient),
            ("Urgentie", nl_label(s.urgency)),
            ("Vorm(en) van uitbuiting", nl_labels(s.forms)),
            ("Inschatting", nl_label(s.assessment)),
            ("Signaal ontvangen op", long_date(s.received_on)),
            ("Naamweergave", nl_label(mode)),
        ]),
        parts.p(NAME_MODE_NOTES[str(mode)], "note"),
    ]
    if shares(SharedDataKind.DESCRIPTION):
        out += [parts.p("Korte omschrijving", "h2"), parts.p(m.scrub(s.summary)),
                parts.p("Feitelijke omschrijving", "h2"),
                *parts.text_blocks(m.scrub(s.description))]
    else:
        out += [parts.p("Omschrijving", "h2"), parts.p(NOT_SHARED, "note")]
    out.append(parts.p("Waargenomen signalen (indicatoren)", "h2"))
    observed = [(ind, si) for ind, si in data.indicators if si.observed]
    if not shares(SharedDataKind.INDICATORS):
        out.append(parts.p(NOT_SHARED, "note"))
    elif observed:
        out.append(parts.p(f"Volgens de signalenkaart, versie {s.checklist_version}.", "note"))
        observed.sort(key=lambda pair: (pair[0].is_vulnerability_factor, pair[0].group_key,
                                        pair[0].position, pair[0].id or 0))
        for _group, items in groupby(observed, key=lambda pair: pair[0].group_label):
            items = list(items)
            out.append(parts.p(items[0][0].group_label, "h3"))
            for ind, si in items:
                line = ind.label + (f" — {m.scrub(si.note)}" if si.note else "")
                out.append(parts.raw("• " + parts.markup(line), "bullet"))
    else:
        out.append(parts.p("Geen indicatoren aangevinkt.", "note"))
    out.append(parts.p("Verrijking", "h2"))
    if not shares(SharedDataKind.ENRICHMENT):
        out.append(parts.p(NOT_SHARED, "note"))
    elif data.notes:
        rows = [[long_date(n.noted_on), nl_label(n.source), nl_label(n.result), m.scrub(n.text)]
                for n in data.notes]
        out.append(parts.grid(["Datum", "Bron", "Resultaat", "Bevindingen"], rows,
                              [24, 24, 18, 54]))
    else:
        out.append(parts.p("Geen verrijking vastgelegd.", "note"))
    out.append(parts.p("Betrokkenen", "h2"))
    out += (parts.parties_table(data.parties, m) if shares(SharedDataKind.IDENTITY)
            else [parts.p(NOT_SHARED, "note")])
    out.append(parts.p("Locaties", "h2"))
    out.append(_locations(data, m) if shares(SharedDataKind.ADDRESSES)
               else parts.p(NOT_SHARED, "note"))
    request = m.scrub(data.requested_action) or DEFAULT_REQUEST
    due = (f"Terugkoppeling gevraagd vóór {long_date(data.feedback_due_on)}"
           if data.feedback_due_on else "Terugkoppeling gevraagd")
    # One block: the contact never stands alone on a last page (where both fit on a page;
    # a longer block still flows over pages).
    out.append(parts.keep([parts.p("Gevraagde actie", "h2"), *parts.text_blocks(request),
                           parts.p(due, "h3"), parts.gap(2),
                           parts.p("Contact", "h2"), *parts.officer_block(data.officer),
                           parts.gap(2),
                           parts.p("Dit formulier is vertrouwelijk. Deel het niet verder "
                                   "dan nodig voor uw taak en vernietig het na gebruik.",
                                   "note")]))
    return out


def _dates(data: HandoverSheetData) -> list[tuple[str, str]]:
    """The sheet of a recorded handover carries the handover's date (and, when printed
    later, the print date); a sheet made before the handover carries today's date."""
    if data.handed_over_on is None or data.handed_over_on == data.issued_on:
        return [("Datum", long_date(data.issued_on))]
    return [("Datum overdracht", long_date(data.handed_over_on)),
            ("Afgedrukt op", long_date(data.issued_on))]


def _locations(data: HandoverSheetData, m: NameMasker) -> Flowable:
    """Shared addresses print in the handover's own name mode even when the identity of
    the parties is not shared (the notes are scrubbed as all free text is)."""
    if not data.locations:
        return parts.p("Geen locaties vastgelegd.", "note")
    own = NameMasker(data.name_mode)
    rows = [[own.add_location(loc), m.scrub(loc.notes)] for loc in data.locations]
    return parts.grid(["Locatie", "Toelichting"], rows, [55, 45])


def render(data: HandoverSheetData, copies: Sequence[CopyMark] | None = None) -> bytes:
    """The handover sheet as PDF bytes: one copy per mark (default ``data.copy``)."""
    return build_copies([(story(data), PageDecor(title=TITLE, reference=data.signal.reference,
                                                 copy_number=mark.number,
                                                 recipient=mark.recipient))
                         for mark in (list(copies) if copies else [data.copy])])
