"""What a screen hands to the preview: a title and how to render the document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mensenhandel_desk.services.documents import RenderedDocument
    from mensenhandel_desk.services.session import Services


@dataclass(frozen=True, slots=True)
class DocumentRequest:
    """``title``: shown above the pages (a document kind and a reference; never a
    person's name). ``render(services, preview)`` runs on the vault worker and calls one
    ``DocumentService`` method with ``preview=preview``: ``True`` for the stamped preview
    (nothing logged), ``False`` for a numbered copy (logged and audited). It may be
    called several times (the preview, then one call per printed or saved copy), so it
    must not change anything else in the vault."""

    title: str
    render: Callable[[Services, bool], RenderedDocument]
