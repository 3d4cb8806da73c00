"""Signal editor: enrichment notes as a dated timeline."""

from __future__ import annotations

from mensenhandel_desk.i18n import N_
from mensenhandel_desk.ui.signal.section import Section


class EnrichmentSection(Section):
    title = N_("Enrichment")
