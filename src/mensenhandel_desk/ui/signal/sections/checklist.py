"""Signal editor: the checklist panel (indicators of the signal's checklist version)."""

from __future__ import annotations

from mensenhandel_desk.i18n import N_
from mensenhandel_desk.ui.signal.section import Section


class ChecklistSection(Section):
    title = N_("Checklist")
