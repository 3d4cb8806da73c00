"""Signal editor: handovers to partners and their feedback."""

from __future__ import annotations

from mensenhandel_desk.i18n import N_
from mensenhandel_desk.ui.signal.section import Section


class HandoversSection(Section):
    title = N_("Handovers")
