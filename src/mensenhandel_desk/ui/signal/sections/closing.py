"""Signal editor: assessment, close/reopen and legal hold."""

from __future__ import annotations

from mensenhandel_desk.i18n import N_
from mensenhandel_desk.ui.signal.section import Section


class ClosingSection(Section):
    title = N_("Assessment and closing")
