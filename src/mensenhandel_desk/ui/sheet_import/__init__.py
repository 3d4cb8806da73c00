"""Bringing the officer's own Excel/CSV register in (``SheetImportWizard``) and giving
the register back as ``.xlsx`` (``export_register``). The engine is
the package ``services/sheets`` (``read``, ``mapping``, ``importing``, ``export``)
(docs/sheet-import.md); every file and vault step runs on the worker."""

from mensenhandel_desk.ui.sheet_import.export import RegisterExport
from mensenhandel_desk.ui.sheet_import.wizard import SheetImportWizard

__all__ = ["RegisterExport", "SheetImportWizard"]
