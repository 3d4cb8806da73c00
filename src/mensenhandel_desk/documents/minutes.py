"""Verslag (minutes) of a local undermining meeting: per signal the decision, the action
holder and the due date, then a list of all action points."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

from mensenhandel_desk.documents import parts
from mensenhandel_desk.documents.agenda import (
    entry_scrub,
    header,
    meeting_masker,
    meeting_scrub,
    short,
)
from mensenhandel_desk.documents.data import CopyMark, MeetingData
from mensenhandel_desk.documents.layout import PageDecor, build_copies
from mensenhandel_desk.documents.phrases import MINUTES, TITLES, long_date, nl_label

TITLE = TITLES[MINUTES]


def story(data: MeetingData) -> list[Flowable]:
    masker = meeting_masker(data)
    out = header(data, TITLE, masker)
    entries = sorted(data.entries, key=lambda e: e.item.position)
    if data.meeting.notes:
        # general notes belong to no one signal: every reporter's team is scrubbed
        out += [parts.p("Algemeen", "h2"),
                *parts.text_blocks(meeting_scrub(masker, data)(data.meeting.notes))]
    out.append(parts.p("Besproken signalen", "h2"))
    if not entries:
        out.append(parts.p("Er zijn geen signalen besproken.", "body"))
    actions: list[list[str]] = []
    for number, entry in enumerate(entries, 1):
        item, s = entry.item, entry.signal
        scrub = entry_scrub(masker, entry)
        holder = scrub(item.action_holder)
        due = long_date(item.due_on) if item.due_on else ""
        block: list[Flowable] = [
            parts.p(f"{number}. Signaal {s.reference}", "h3"),
            parts.p(short(scrub(item.summary or s.summary))),
        ]
        rows = [("Vorm(en)", ", ".join(nl_label(f) for f in sorted(s.forms)) or "-"),
                ("Besluit", scrub(item.decision) or "Geen besluit vastgelegd."),
                ("Actiehouder", holder or "-"), ("Gereed vóór", due or "-")]
        block.append(parts.facts_table(rows, label_width=34 * parts.st.mm))
        out.append(parts.keep(block))
        if item.decision or holder:
            actions.append([s.reference, scrub(item.decision) or "-", holder or "-",
                            due or "-"])
    out.append(parts.p("Actielijst", "h2"))
    if actions:
        out.append(parts.grid(["Signaal", "Actie / besluit", "Actiehouder", "Gereed vóór"],
                              actions, [16, 46, 20, 21]))
    else:
        out.append(parts.p("Geen actiepunten.", "note"))
    return out


def render(data: MeetingData, copies: Sequence[CopyMark] | None = None) -> bytes:
    """PDF bytes: one copy per mark (default ``data.copy``), each numbered on every page."""
    return build_copies([(story(data), PageDecor(title=TITLE, reference=data.reference,
                                                 copy_number=mark.number,
                                                 recipient=mark.recipient))
                         for mark in (list(copies) if copies else [data.copy])])
