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

from mensenhandel_desk.documents import agenda, feedback_letter, handover_sheet, minutes
from mensenhandel_desk.documents.phrases import (
    AGENDA,
    FEEDBACK_LETTER,
    HANDOVER_SHEET,
    MINUTES,
    TITLES,
)

render_handover_sheet = handover_sheet.render
render_agenda = agenda.render
render_minutes = minutes.render
render_feedback_letter = feedback_letter.render

__all__ = ["AGENDA", "FEEDBACK_LETTER", "HANDOVER_SHEET", "MINUTES", "TITLES",
           "render_agenda", "render_feedback_letter", "render_handover_sheet",
           "render_minutes"]
