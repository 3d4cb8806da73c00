"""Writing a validated ``ImportPlan`` into a vault, inside the caller's unit of work.

Every record gets a new id; cross-references are remapped (file signal id -> new
signal id, file contact id -> new contact id, file indicator id -> vault indicator
id, ``OVERLEG-<file meeting id>`` -> ``OVERLEG-<new id>`` in print records). The
demo generator uses ``write_signal`` too, so demo data and imports take one path.

Decisions (see docs/interchange.md):
- A signal reference that already exists in the vault refuses the whole import,
  naming the first conflicting reference and how many conflict.
- Checklist versions are matched by content: a file version whose indicators equal an
  existing vault version (same number preferred) maps onto it; otherwise it is added
  as a new version (next number) and its signals point at that number.
- "Restore" (target holds no signals and no meetings): the file's partners and
  settings replace the seeded ones. "Merge" (target already in use): partners and
  settings already in the vault are kept; missing ones are added.
- Contacts identical in every field to a vault contact map onto it; others are added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from mensenhandel_desk.domain.errors import ImportFormatError
from mensenhandel_desk.domain.matching import address_key
from mensenhandel_desk.domain.models import ChecklistVersion, Indicator
from mensenhandel_desk.i18n import N_
from mensenhandel_desk.i18n import _ as tr
from mensenhandel_desk.services.interchange.plan import ImportPlan, MeetingBundle, SignalBundle
from mensenhandel_desk.services.interchange.rules import check_plan
from mensenhandel_desk.services.progress import CancelToken, Tracker, check
from mensenhandel_desk.services.route_state import refresh
from mensenhandel_desk.services.signals import party_match_key
from mensenhandel_desk.store.vault import UnitOfWork

_MEETING_REF = re.compile(r"^OVERLEG-(\d+)$")
LABEL_IMPORT = N_("Importing signals and meetings")


@dataclass
class ImportSummary:
    signals: int = 0
    meetings: int = 0
    contacts: int = 0
    partners_added: int = 0
    checklist_versions_added: int = 0
    print_records: int = 0
    activities: int = 0
    restore: bool = False


@dataclass
class IdMaps:
    signals: dict[int, int]
    contacts: dict[int, int]
    indicators: dict[int, int]
    checklist_versions: dict[int, int]
    meetings: dict[int, int]


def check_against_vault(uow: UnitOfWork, plan: ImportPlan) -> None:
    """Conflicts with what the vault already holds; raised before any write."""
    conflicts = [(i, b.signal.reference) for i, b in enumerate(plan.signals)
                 if uow.signals.id_by_reference(b.signal.reference) is not None]
    if conflicts:
        index, reference = conflicts[0]
        raise ImportFormatError("signals[{index}]: reference {reference} already exists in this "
                                "vault ({count} conflicting references in total). Nothing was "
                                "imported.", code="import_reference_exists",
                                field=f"signals[{index}].reference", index=index,
                                reference=reference, count=len(conflicts))
    known = {p.key for p in uow.partners.all()} | {p.key for p in plan.partners}
    for i, contact in enumerate(plan.contacts):
        _known_partner(known, contact.partner_key, f"contacts[{i}].partner_key")
    for i, bundle in enumerate(plan.signals):
        for j, handover in enumerate(bundle.handovers):
            _known_partner(known, handover.partner_key,
                           f"signals[{i}].handovers[{j}].partner_key")


def _known_partner(known: set[str], key: str, place: str) -> None:
    if key not in known:
        raise ImportFormatError("{place} refers to partner '{key}', which is neither in the file "
                                "nor in the vault.", code="import_unknown_partner", field=place,
                                place=place, key=key[:60])


def is_restore(uow: UnitOfWork) -> bool:
    return uow.signals.count() == 0 and not uow.meetings.all()


def _fingerprint(indicators: list[Indicator]) -> tuple:
    return tuple(sorted((i.key, i.group_key, i.group_label, i.label, i.is_vulnerability_factor,
                         i.position) for i in indicators))


def map_checklists(uow: UnitOfWork, checklists: list[ChecklistVersion],
                   summary: ImportSummary) -> tuple[dict[int, int], dict[int, int]]:
    """(file indicator id -> vault indicator id, file version -> vault version)."""
    existing = {n: uow.checklists.get(n) for n in uow.checklists.versions()}
    by_print: dict[tuple, list[int]] = {}
    for number, checklist in existing.items():
        by_print.setdefault(_fingerprint(checklist.indicators), []).append(number)
    indicator_map: dict[int, int] = {}
    version_map: dict[int, int] = {}
    for checklist in sorted(checklists, key=lambda c: c.version):
        candidates = by_print.get(_fingerprint(checklist.indicators), [])
        if candidates:
            target = checklist.version if checklist.version in candidates else candidates[0]
            stored = existing[target]
        else:
            target = (uow.checklists.latest_version() or 0) + 1
            stored = uow.checklists.add(ChecklistVersion(
                version=target, created_on=checklist.created_on, note=checklist.note,
                indicators=[replace(i, id=None) for i in
                            sorted(checklist.indicators, key=lambda i: i.position)]))
            existing[target] = stored
            summary.checklist_versions_added += 1
        by_key = {i.key: i.id for i in stored.indicators}
        version_map[checklist.version] = target
        for ind in checklist.indicators:
            indicator_map[ind.id] = by_key[ind.key]
    return indicator_map, version_map


def write_plan(uow: UnitOfWork, plan: ImportPlan, today: date, now: datetime, *,
               progress: Tracker | None = None,
               cancel: CancelToken | None = None) -> ImportSummary:
    """Write everything in ``plan`` (already validated) into the unit of work.

    ``progress`` counts signals written, meetings, then signals finished (its total is set
    here); ``cancel`` is looked at before every signal and meeting: raising ``Cancelled``
    inside the caller's unit of work rolls the whole import back."""
    report = progress or Tracker(None)
    label = tr(LABEL_IMPORT)
    report(0, label, total=2 * len(plan.signals) + len(plan.meetings))
    check_plan(plan, today)  # the app's record rules, now with the clock's today
    check_against_vault(uow, plan)
    summary = ImportSummary(restore=is_restore(uow))
    indicator_map, version_map = map_checklists(uow, plan.checklists, summary)
    for partner in plan.partners:
        if uow.partners.get(partner.key) is None:
            uow.partners.add(replace(partner))
            summary.partners_added += 1
        elif summary.restore:
            uow.partners.update(replace(partner))
    contact_map: dict[int, int] = {}
    for contact in plan.contacts:
        same = [c for c in uow.contacts.for_partner(contact.partner_key)
                if replace(c, id=None) == replace(contact, id=None)]
        if same:
            contact_map[contact.id] = same[0].id
        else:
            contact_map[contact.id] = uow.contacts.add(replace(contact, id=None)).id
            summary.contacts += 1
    stored_settings = uow.settings.get_all()
    for key, value in plan.settings.items():
        if summary.restore or key not in stored_settings:
            uow.settings.put(key, value)
    maps = IdMaps(signals={}, contacts=contact_map, indicators=indicator_map,
                  checklist_versions=version_map, meetings={})
    for bundle in plan.signals:
        check(cancel)
        maps.signals[bundle.file_id] = write_signal(uow, bundle, maps)
        summary.signals += 1
        report.advance(label)
    for bundle in plan.meetings:
        check(cancel)
        maps.meetings[bundle.file_id] = write_meeting(uow, bundle, maps)
        summary.meetings += 1
        report.advance(label)
    for record in plan.print_records:
        match = _MEETING_REF.match(record.object_ref)
        ref = record.object_ref
        if match and int(match.group(1)) in maps.meetings:
            ref = f"OVERLEG-{maps.meetings[int(match.group(1))]}"
        uow.prints.add(replace(record, id=None, object_ref=ref))
        summary.print_records += 1
    for activity in plan.activities:
        uow.activities.add(replace(activity, id=None))
        summary.activities += 1
    for bundle in plan.signals:
        check(cancel)
        finish_signal(uow, maps.signals[bundle.file_id], today, bundle.signal.updated_at or now)
        report.advance(label)
    return summary


def write_signal(uow: UnitOfWork, bundle: SignalBundle, maps: IdMaps) -> int:
    """Add one signal with its records; returns the new signal id. Call
    ``finish_signal`` once its meeting items are written too."""
    signal = replace(bundle.signal, id=None)
    signal.checklist_version = maps.checklist_versions.get(signal.checklist_version,
                                                           signal.checklist_version)
    uow.signals.add(signal, signal.created_at)
    sid = signal.id
    if bundle.reporter is not None:
        uow.reporters.put(replace(bundle.reporter, signal_id=sid, id=None))
    for party in bundle.parties:
        party = replace(party, signal_id=sid, id=None)
        uow.parties.add_keyed(party, party_match_key(party))
    for location in bundle.locations:
        location = replace(location, signal_id=sid, id=None)
        uow.locations.add_keyed(location, address_key(location.postcode, location.house_number))
    for note in bundle.notes:
        uow.notes.add(replace(note, signal_id=sid, id=None))
    for mark in bundle.indicators:
        uow.checklists.set_for_signal(replace(mark, signal_id=sid, id=None,
                                              indicator_id=maps.indicators[mark.indicator_id]))
    for handover in bundle.handovers:
        contact = (maps.contacts[handover.contact_id] if handover.contact_id is not None
                   else None)
        uow.handovers.add(replace(handover, signal_id=sid, id=None, contact_id=contact))
    for feedback in bundle.reporter_feedback:
        uow.reporter_feedback.add(replace(feedback, signal_id=sid, id=None))
    return sid


def write_meeting(uow: UnitOfWork, bundle: MeetingBundle, maps: IdMaps) -> int:
    meeting = uow.meetings.add(replace(bundle.meeting, id=None))
    for item in bundle.items:
        uow.meeting_items.add(replace(item, id=None, meeting_id=meeting.id,
                                      signal_id=maps.signals[item.signal_id]))
    return meeting.id


def finish_signal(uow: UnitOfWork, signal_id: int, today: date, updated_at: datetime) -> None:
    """Derive the route status and the search entry; keep the recorded ``updated_at``."""
    refresh(uow, signal_id, today, updated_at)
    signal = uow.signals.get(signal_id)
    if signal.updated_at != updated_at:
        uow.signals.update(signal, updated_at)
