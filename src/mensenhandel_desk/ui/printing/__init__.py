"""Documents from the app: preview, print and save, without a plaintext file anywhere.

    from mensenhandel_desk.ui.printing import DocumentRequest, show_document

    show_document(ctx, self, DocumentRequest(
        _("Handover sheet {reference}").format(reference=ref),
        lambda services, preview: services.documents.handover_sheet(
            ref, partner, mode, preview=preview)),
        on_done=lambda issued: ...)

``show_document`` opens the preview dialog (window-modal) and returns it; the preview is
rendered on the vault worker, its pages on the raster thread. ``on_done(issued)`` is
called once when the dialog closes (not when a lock closes it): ``True`` when a numbered
copy was printed or saved from it. See ``dialog.py`` for the flow and docs/printing.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from mensenhandel_desk.ui.printing import pages
from mensenhandel_desk.ui.printing.dialog import PreviewDialog
from mensenhandel_desk.ui.printing.request import DocumentRequest


def warm_up() -> None:
    """Prepare the first preview in the background (call once after unlock): the raster
    thread loads pdfium and renders the fictitious example sheet in memory, so reportlab's
    fonts are registered before the officer asks for a document (the first preview of a
    process otherwise takes ~1 s instead of ~0.1 s). Touches no vault and no file."""
    from mensenhandel_desk.documents import preview

    def work() -> None:
        import pypdfium2  # noqa: F401 (loads libpdfium)

        preview.warm_up()

    pages.raster_thread().submit(work, on_success=lambda _r: None,
                                 on_failure=lambda _e: None)


def show_document(ctx: Any, parent: QWidget | None, request: DocumentRequest,
                  on_done: Callable[[bool], None] | None = None) -> PreviewDialog:
    """Open the preview of ``request`` (see the module text)."""
    dialog = PreviewDialog(ctx, parent, request, on_done)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    dialog.start()
    return dialog


__all__ = ["DocumentRequest", "PreviewDialog", "show_document", "warm_up"]
