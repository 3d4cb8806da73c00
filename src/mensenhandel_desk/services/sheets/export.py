"""The register (the signal list, filtered as on screen) as an ``.xlsx`` for the officer's
own use. Never the reporter, no parties, no descriptions: the list columns only. The file
is NOT encrypted (``WARNING``); it is written atomically and the export is audited
(``export``, object ``register``, row count only).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import SignalFilter
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.files import write_atomic
from mensenhandel_desk.services.progress import CancelToken, Progress, Tracker, check
from mensenhandel_desk.services.session import Services

WARNING = N_("WARNING: this spreadsheet is NOT encrypted. It holds signal summaries from the "
             "vault (never the reporters). Keep it on an encrypted drive, do not e-mail it, "
             "and delete it when you no longer need it.")
LABEL = N_("Writing the register")
HEADERS = (N_("Reference"), N_("Received"), N_("Source"), N_("Summary"), N_("Forms"),
           N_("Urgency"), N_("Assessment"), N_("Status"), N_("Next action"),
           N_("Next deadline"), N_("Overdue"))
CHUNK = 500


class RegisterExportError(ValidationError):
    code = "register_export"


@dataclass
class RegisterExport:
    path: Path
    rows: int


def _text_cell(ws, value: str):
    """A cell that is always text: a summary starting with "=" never becomes a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=None)
    cell.value = value
    cell.data_type = "s"
    return cell


def to_xlsx(services: Services, flt: SignalFilter | None, path: Path, *,
            overwrite: bool = False, progress: Progress | None = None,
            cancel: CancelToken | None = None, sort: str = "received_on",
            descending: bool = True) -> RegisterExport:
    """Write the filtered register to ``path`` in the register's order (``sort`` and
    ``descending`` as ``signals.ids`` takes them; default the register's own: newest
    first). ``cancel`` is honoured until the file is written (no file, no audit entry)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise RegisterExportError("The register export is an Excel file: give a name ending "
                                  "in .xlsx.")
    if target.exists() and not overwrite:
        raise RegisterExportError("A file already exists at {path}; it has not been touched. "
                                  "Choose another name.", path=str(target))
    if not target.parent.is_dir():
        raise RegisterExportError("The folder {path} does not exist.", path=str(target.parent))
    report = Tracker(progress)
    ids = services.signals.ids(flt or SignalFilter(), sort=sort, descending=descending)
    report(0, _(LABEL), total=len(ids) + 1)
    book = Workbook(write_only=True)
    ws = book.create_sheet(_("Register"))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text_ in HEADERS:
        cell = WriteOnlyCell(ws, value=_(text_))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    yes = _("yes")
    for start in range(0, len(ids), CHUNK):
        check(cancel)
        for row in services.signals.rows(ids[start:start + CHUNK]):
            ws.append([
                row.reference, row.received_on, label(row.source), _text_cell(ws, row.summary),
                ", ".join(label(f) for f in sorted(row.forms)), label(row.urgency),
                label(row.assessment), label(row.status),
                _text_cell(ws, row.next_action_text), row.next_due_on,
                yes if row.overdue else ""])
        report(min(start + CHUNK, len(ids)), _(LABEL))
    buffer = io.BytesIO()
    book.save(buffer)
    check(cancel)
    write_atomic(target, buffer.getvalue())
    try:
        with services.vault.unit_of_work() as uow:
            audit.record(uow, services.clock, Action.EXPORT, "register",
                         f"xlsx: {len(ids)} signals")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    report.finish(_(LABEL))
    return RegisterExport(path=target, rows=len(ids))
