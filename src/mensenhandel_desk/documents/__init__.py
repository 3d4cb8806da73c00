"""Printable documents (reportlab): render plain dataclasses to PDF bytes in memory.

One module per document (``handover_sheet``, ``agenda``, ``minutes``,
``feedback_letter``), shared page frame in ``layout``, all styles and fonts in
``styles``, fixed Dutch wording in ``phrases``, name modes in ``names``. Input
containers are in ``data``. Nothing here reads the vault or writes a file: the caller
(``services.documents``) collects the data and decides where bytes go.

Thread rule: rendering is pure and may run on a worker thread; font registration is
guarded by a lock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mensenhandel_desk.documents.phrases import (
    AGENDA,
    FEEDBACK_LETTER,
    HANDOVER_SHEET,
    MINUTES,
    TITLES,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mensenhandel_desk.documents.data import (
        CopyMark,
        FeedbackLetterData,
        HandoverSheetData,
        MeetingData,
    )

# reportlab is imported on first render, not at import: it costs ~140 ms of start-up
# and the app opens without printing anything.


def render_handover_sheet(data: HandoverSheetData,
                          copies: Sequence[CopyMark] | None = None) -> bytes:
    """PDF bytes; with ``copies``, one numbered copy per mark in one file."""
    from mensenhandel_desk.documents import handover_sheet

    return handover_sheet.render(data, copies)


def render_agenda(data: MeetingData, copies: Sequence[CopyMark] | None = None) -> bytes:
    from mensenhandel_desk.documents import agenda

    return agenda.render(data, copies)


def render_minutes(data: MeetingData, copies: Sequence[CopyMark] | None = None) -> bytes:
    from mensenhandel_desk.documents import minutes

    return minutes.render(data, copies)


def render_feedback_letter(data: FeedbackLetterData) -> bytes:
    from mensenhandel_desk.documents import feedback_letter

    return feedback_letter.render(data)


__all__ = ["AGENDA", "FEEDBACK_LETTER", "HANDOVER_SHEET", "MINUTES", "TITLES",
           "render_agenda", "render_feedback_letter", "render_handover_sheet",
           "render_minutes"]
