"""Agenda of a local undermining meeting: one short block per signal on the agenda.

One ``NameMasker`` spans the whole agenda, so a person who appears in two signals keeps
one pseudonym throughout the document.

Every piece of text the officer typed into the meeting is scrubbed like a signal's free
text (the reporter never prints; parties per name mode): the title, place and general
notes with ``meeting_scrub`` (they belong to no one signal, so every reporter's team is
withheld too), the attendee list with the masker alone (it lists functions and
organisations: a team that attends says nothing about who reported), and the text of
each item (note, decision, action holder) with ``entry_scrub``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable

from mensenhandel_desk.documents import parts
from mensenhandel_desk.documents.data import CopyMark, MeetingData, MeetingEntry
from mensenhandel_desk.documents.layout import PageDecor, build_copies
from mensenhandel_desk.documents.names import NameMasker
from mensenhandel_desk.documents.phrases import (
    AGENDA,
    MINUTES,
    NAME_MODE_NOTES,
    TITLES,
    long_date,
    nl_label,
    nl_labels,
)
from mensenhandel_desk.domain.enums import NameMode

TITLE = TITLES[AGENDA]
SUMMARY_LIMIT = 600  # characters of the summary in the short block


def meeting_masker(data: MeetingData) -> NameMasker:
    """A masker that knows every party, location and withheld string of every entry."""
    names: list[str] = []
    phrases: list[str] = []
    for entry in data.entries:
        names += entry.withheld.names
        phrases += entry.withheld.phrases
    masker = NameMasker(data.name_mode, names, phrases)
    for entry in data.entries:
        for party in entry.parties:
            masker.add_party(party)
        for location in entry.locations:
            masker.add_location(location)
    return masker


def entry_scrub(masker: NameMasker, entry: MeetingEntry) -> Callable[[str | None], str]:
    """Scrub for the text of one entry: the shared masker (names, pseudonyms, contacts of
    every reporter on the agenda), then the reporter's team of this entry's own signal."""
    if not entry.withheld.teams:
        return masker.scrub
    teams = NameMasker(NameMode.FULL, (), entry.withheld.teams)
    return lambda text: teams.scrub(masker.scrub(text))


def meeting_scrub(masker: NameMasker, data: MeetingData) -> Callable[[str | None], str]:
    """Scrub for meeting text that belongs to no one signal (title, place, general notes):
    the shared masker, then the team of every reporter on the agenda."""
    teams = [team for entry in data.entries for team in entry.withheld.teams]
    if not teams:
        return masker.scrub
    team_masker = NameMasker(NameMode.FULL, (), teams)
    return lambda text: team_masker.scrub(masker.scrub(text))


def header(data: MeetingData, title: str, masker: NameMasker) -> list[Flowable]:
    meeting = data.meeting
    scrub = meeting_scrub(masker, data)
    rows = [("Datum", long_date(meeting.held_on))]
    if meeting.place:
        rows.append(("Plaats", scrub(meeting.place)))
    attendees = [masker.scrub(line.strip()) for line in meeting.attendees.splitlines()
                 if line.strip()]
    if attendees:
        # functions and organisations, not private persons; the agenda lists who is invited
        rows.append(("Aanwezig" if title == TITLES[MINUTES] else "Genodigden",
                     "; ".join(attendees)))
    rows += [("Kenmerk", data.reference), ("Aantal signalen", str(len(data.entries))),
             ("Naamweergave", nl_label(data.name_mode))]
    return [parts.p(f"{title} {scrub(meeting.title)}", "title"),
            parts.p(" · ".join(x for x in (data.officer.municipality, data.officer.department)
                               if x), "subtitle"),
            parts.facts_table(rows), parts.p(NAME_MODE_NOTES[str(data.name_mode)], "note")]


def short(text: str, limit: int = SUMMARY_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def entry_block(number: int, entry: MeetingEntry, masker: NameMasker) -> list[Flowable]:
    s = entry.signal
    people = ", ".join(f"{masker.name(p)} ({nl_label(p.role).lower()})" for p in entry.parties)
    places = "; ".join(masker.add_location(loc) for loc in entry.locations)
    rows = [("Vorm(en)", nl_labels(s.forms)), ("Urgentie", nl_label(s.urgency)),
            ("Stand van zaken", nl_label(s.status)), ("Inschatting", nl_label(s.assessment))]
    if people:
        rows.append(("Betrokkenen", people))
    if places:
        rows.append(("Locaties", places))
    summary = entry_scrub(masker, entry)(entry.item.summary or s.summary)
    head = parts.p(f"{number}. Signaal {s.reference}", "h2")
    return [parts.keep([head, parts.p(short(summary)), parts.facts_table(rows)])]


def story(data: MeetingData) -> list[Flowable]:
    masker = meeting_masker(data)
    out = header(data, TITLE, masker)
    if not data.entries:
        out.append(parts.p("Er staan geen signalen op de agenda.", "body"))
    for number, entry in enumerate(sorted(data.entries, key=lambda e: e.item.position), 1):
        out += entry_block(number, entry, masker)
    out += [parts.p("Rondvraag en afspraken", "h2"),
            parts.p("Actiepunten worden vastgelegd in het verslag.", "note")]
    return out


def render(data: MeetingData, copies: Sequence[CopyMark] | None = None) -> bytes:
    """PDF bytes: one copy per mark (default ``data.copy``), each numbered on every page."""
    return build_copies([(story(data), PageDecor(title=TITLE, reference=data.reference,
                                                 copy_number=mark.number,
                                                 recipient=mark.recipient))
                         for mark in (list(copies) if copies else [data.copy])])
