"""The interchange format: a lossless, versioned JSON copy of a whole vault.

``export_vault`` writes ``{"format": "mensenhandel-desk", "version": 1, ...}`` (every
field is described in docs/interchange.md) atomically: a temporary file in the target
folder, fsync, ``os.replace``; on any error nothing is left behind. The file holds
personal data in plain text, including the reporters' identities: it is meant for
moving a vault (new laptop, successor officer), not for sharing with partners.

``import_file`` reads and validates the whole file first (``read``), then
writes it in one unit of work (``write``): either everything is imported
or nothing is.

The audit trail is exported read-only, for the record, and never imported: the target
vault's hash chain is its own, and importing entries would let a file forge history.
The import appends one ``import`` entry with counts instead.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mensenhandel_desk import __version__
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.models import Signal
from mensenhandel_desk.i18n import N_
from mensenhandel_desk.i18n import _ as tr
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.files import write_atomic
from mensenhandel_desk.services.interchange.fields import load_json
from mensenhandel_desk.services.interchange.plan import ImportPlan
from mensenhandel_desk.services.interchange.read import FORMAT_NAME, FORMAT_VERSION, parse_document
from mensenhandel_desk.services.interchange.write import LABEL_IMPORT, ImportSummary, write_plan
from mensenhandel_desk.services.progress import CancelToken, Progress, Tracker, check
from mensenhandel_desk.services.session import Services
from mensenhandel_desk.store.vault import UnitOfWork

LABEL_EXPORT = N_("Reading the signals")
LABEL_WRITE = N_("Writing the export file")
MAX_IMPORT_BYTES = 2 * 1024**3  # 2 GiB: far beyond 100k signals, short of exhausting memory


@dataclass
class ExportSummary:
    path: Path
    signals: int
    meetings: int
    bytes: int


class InterchangeFileError(ValidationError):
    code = "interchange_file"


# --- export ---------------------------------------------------------------------------

def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _t(value: datetime | None) -> str | None:
    return value.isoformat(timespec="microseconds") if value else None


def _signal(uow: UnitOfWork, signal: Signal, children: dict[str, dict[int, list]]) -> dict:
    sid = signal.id
    reporter = uow.reporters.get_for_signal(sid)
    return {
        "id": sid, "reference": signal.reference, "received_on": _d(signal.received_on),
        "source": str(signal.source), "summary": signal.summary,
        "description": signal.description, "urgency": str(signal.urgency),
        "forms": sorted(str(f) for f in signal.forms), "assessment": str(signal.assessment),
        "status": str(signal.status),
        "outcome": str(signal.outcome) if signal.outcome else None,
        "closed_on": _d(signal.closed_on), "checklist_version": signal.checklist_version,
        "trusted_person_considered": signal.trusted_person_considered,
        "legal_hold_reason": signal.legal_hold_reason, "is_demo": signal.is_demo,
        "created_at": _t(signal.created_at), "updated_at": _t(signal.updated_at),
        "reporter": None if reporter is None else {
            "name": reporter.name, "department": reporter.department,
            "contact": reporter.contact, "team_coordinator": reporter.team_coordinator},
        "parties": [{"kind": str(p.kind), "role": str(p.role), "name": p.name,
                     "date_of_birth": _d(p.date_of_birth), "nationality": p.nationality,
                     "gender": str(p.gender), "kvk_number": p.kvk_number, "sector": p.sector,
                     "notes": p.notes} for p in children["parties"].get(sid, [])],
        "locations": [{"kind": str(loc.kind), "street": loc.street,
                       "house_number": loc.house_number, "postcode": loc.postcode,
                       "town": loc.town, "notes": loc.notes}
                      for loc in children["locations"].get(sid, [])],
        "notes": [{"noted_on": _d(n.noted_on), "source": str(n.source),
                   "result": str(n.result), "text": n.text}
                  for n in children["notes"].get(sid, [])],
        "indicators": [{"indicator_id": mark.indicator_id, "observed": mark.observed,
                        "note": mark.note}
                       for _, mark in sorted(uow.checklists.for_signal(sid),
                                             key=lambda pair: pair[1].indicator_id)],
        "handovers": [{"partner_key": h.partner_key, "contact_id": h.contact_id,
                       "handed_over_on": _d(h.handed_over_on), "channel": str(h.channel),
                       "basis": str(h.basis), "legal_ground": h.legal_ground,
                       "shared_data": sorted(str(k) for k in h.shared_data),
                       "name_mode": str(h.name_mode), "requested_action": h.requested_action,
                       "feedback_due_on": _d(h.feedback_due_on),
                       "feedback_received_on": _d(h.feedback_received_on),
                       "feedback_text": h.feedback_text}
                      for h in children["handovers"].get(sid, [])],
        "reporter_feedback": [{"given_on": _d(fb.given_on), "text": fb.text}
                              for fb in children["reporter_feedback"].get(sid, [])],
    }


def _by_signal(records: list) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for record in records:
        grouped.setdefault(record.signal_id, []).append(record)
    return grouped


def build_document(uow: UnitOfWork, exported_at: datetime, *,
                   progress: Tracker | None = None,
                   cancel: CancelToken | None = None) -> dict[str, Any]:
    """The whole vault as an interchange document (a plain dict, ready for JSON).
    ``progress`` counts signals (its total is set here); ``cancel`` is looked at before
    every signal (reading only: nothing to undo)."""
    report = progress or Tracker(None)
    label = tr(LABEL_EXPORT)
    signal_ids = uow.signals.all_ids()
    report(0, label, total=len(signal_ids))

    def one(sid: int) -> dict:
        check(cancel)
        result = _signal(uow, uow.signals.get(sid), children)
        report.advance(label)
        return result

    children = {"parties": _by_signal(uow.parties.all()),
                "locations": _by_signal(uow.locations.all()),
                "notes": _by_signal(uow.notes.all()),
                "handovers": _by_signal(uow.handovers.all()),
                "reporter_feedback": _by_signal(uow.reporter_feedback.all())}
    checklists = []
    for number in uow.checklists.versions():
        checklist = uow.checklists.get(number)
        checklists.append({
            "version": checklist.version, "created_on": _d(checklist.created_on),
            "note": checklist.note,
            "indicators": [{"id": i.id, "key": i.key, "group_key": i.group_key,
                            "group_label": i.group_label, "label": i.label,
                            "is_vulnerability_factor": i.is_vulnerability_factor,
                            "position": i.position} for i in checklist.indicators]})
    meetings = []
    for meeting in sorted(uow.meetings.all(), key=lambda m: m.id):
        meetings.append({
            "id": meeting.id, "held_on": _d(meeting.held_on), "title": meeting.title,
            "place": meeting.place, "notes": meeting.notes, "attendees": meeting.attendees,
            "items": [{"signal_id": item.signal_id, "position": item.position,
                       "summary": item.summary, "decision": item.decision,
                       "action_holder": item.action_holder, "due_on": _d(item.due_on)}
                      for item in uow.meeting_items.for_meeting(meeting.id)]})
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": _t(exported_at),
        # the regional secret stays in this vault (docs/SECURITY.md, overlap hashes)
        "settings": {k: v for k, v in sorted(uow.settings.get_all().items())
                     if k != "regional_secret"},
        "checklist_versions": checklists,
        "partners": [{"key": p.key, "name": p.name, "tasks": list(p.tasks),
                      "forms": list(p.forms), "route": p.route, "active": p.active}
                     for p in sorted(uow.partners.all(), key=lambda p: p.key)],
        "contacts": [{"id": c.id, "partner_key": c.partner_key, "name": c.name,
                      "function": c.function, "phone": c.phone, "email": c.email,
                      "notes": c.notes} for c in uow.contacts.all()],
        "signals": [one(sid) for sid in signal_ids],
        "meetings": meetings,
        "awareness_activities": [
            {"held_on": _d(a.held_on), "kind": str(a.kind), "target_group": a.target_group,
             "reached": a.reached, "given_by": a.given_by}
            for a in uow.activities.between(None, None)],
        "print_records": [{"at": _t(p.at), "document_kind": p.document_kind,
                           "object_ref": p.object_ref, "copy_number": p.copy_number,
                           "recipient": p.recipient} for p in uow.prints.all()],
        "audit_trail": [{"at": _t(a.at), "action": a.action, "object_ref": a.object_ref,
                         "detail": a.detail, "prev_hash": a.prev_hash, "hash": a.hash}
                        for a in uow.audit.query()],
    }


def encode(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export_vault(services: Services, target: Path, *, overwrite: bool = False,
                 progress: Progress | None = None,
                 cancel: CancelToken | None = None) -> ExportSummary:
    """Write the whole vault to ``target`` and audit it (counts only, no personal data).

    ``progress`` counts signals read, then one step for writing the file. ``cancel`` is
    honoured until the file is written (``Cancelled``: no file, no audit entry)."""
    report = Tracker(progress)
    target = Path(target)
    if target.is_dir():
        raise InterchangeFileError("'{path}' is a folder; give a file name for the export.",
                                path=str(target))
    if target.exists() and not overwrite:
        raise InterchangeFileError("A file already exists at {path}; it has not been touched. "
                                "Choose another name.", path=str(target))
    if not target.parent.is_dir():
        raise InterchangeFileError("The folder {path} does not exist.", path=str(target.parent))
    check(cancel)
    with services.vault.unit_of_work() as uow:
        document = build_document(uow, services.clock.now(), progress=report, cancel=cancel)
    data = encode(document)
    report(report.done, tr(LABEL_WRITE), total=report.total + 1)
    check(cancel)  # the last point before the file appears
    write_atomic(target, data)
    try:
        with services.vault.unit_of_work() as uow:
            audit.record(uow, services.clock, Action.EXPORT, "vault",
                         f"interchange v{FORMAT_VERSION}: {len(document['signals'])} signals, "
                         f"{len(document['meetings'])} meetings")
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()  # an export that is not in the audit trail must not exist
        raise
    report.finish(tr(LABEL_WRITE))
    return ExportSummary(path=target, signals=len(document["signals"]),
                         meetings=len(document["meetings"]), bytes=len(data))


# --- import ---------------------------------------------------------------------------

def read_plan(path: Path) -> ImportPlan:
    """Read and validate a file completely; raises ``ImportFormatError`` naming the place."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise InterchangeFileError("The import file is too large ({size} bytes).", size=size)
        raw = path.read_bytes()
    except OSError:
        raise InterchangeFileError("The import file {path} cannot be read.",
                                path=str(path)) from None
    return parse_document(load_json(raw))


def import_plan(services: Services, plan: ImportPlan, *, progress: Progress | None = None,
                cancel: CancelToken | None = None) -> ImportSummary:
    """Write a validated plan in ONE unit of work, with the audit entry inside it.
    ``progress``: see ``write_plan``; ``cancel`` is honoured until the commit and rolls the
    whole import back (``Cancelled``: nothing imported)."""
    report = Tracker(progress)
    check(cancel)
    with services.vault.unit_of_work() as uow:
        summary = write_plan(uow, plan, services.clock.today(), services.clock.now(),
                             progress=report, cancel=cancel)
        audit.record(uow, services.clock, Action.IMPORT, "vault",
                     f"interchange v{FORMAT_VERSION}: {summary.signals} signals, "
                     f"{summary.meetings} meetings")
        check(cancel)  # the last point before the commit
    report.finish(tr(LABEL_IMPORT))
    return summary


def import_file(services: Services, path: Path, *, progress: Progress | None = None,
                cancel: CancelToken | None = None) -> ImportSummary:
    return import_plan(services, read_plan(path), progress=progress, cancel=cancel)
