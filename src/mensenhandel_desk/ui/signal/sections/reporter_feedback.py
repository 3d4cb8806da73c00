"""Signal editor: the feedback letter to the reporter."""

from __future__ import annotations

from mensenhandel_desk.i18n import N_
from mensenhandel_desk.ui.signal.section import Section


class ReporterFeedbackSection(Section):
    title = N_("Reporter informed")
