"""Cross-reference checks of an interchange file, before anything is written: duplicate
ids, keys and references, and file-local ids that point nowhere (``contact_id``,
``indicator_id``, ``meetings[].items[].signal_id``)."""

from __future__ import annotations

from mensenhandel_desk.services.interchange import fields as f
from mensenhandel_desk.services.interchange.plan import ImportPlan


def check_cross_references(plan: ImportPlan) -> None:
    """Duplicates and dangling file-local ids, before anything is written."""
    indicators: dict[int, int] = {}  # file indicator id -> checklist version
    versions: dict[int, str] = {}
    for i, checklist in enumerate(plan.checklists):
        f.unique_id(versions, checklist.version, f"checklist_versions[{i}].version")
        for ind in checklist.indicators:
            if ind.id in indicators:
                raise f.FieldError(
                    "{place}: id {id} appears more than once in the file.",
                    f"checklist_versions[{i}].indicators",
                    id=ind.id,
                )
            indicators[ind.id] = checklist.version
    partner_keys: dict[str, int] = {}
    for i, partner in enumerate(plan.partners):
        if partner.key in partner_keys:
            raise f.FieldError(
                "{place}: partner key '{key}' appears more than once in the file.",
                f"partners[{i}].key",
                key=partner.key,
            )
        partner_keys[partner.key] = i
    contacts: dict[int, str] = {}
    for i, contact in enumerate(plan.contacts):
        f.unique_id(contacts, contact.id, f"contacts[{i}].id")
    signal_ids: dict[int, str] = {}
    references: dict[str, str] = {}
    for i, bundle in enumerate(plan.signals):
        place = f"signals[{i}]"
        f.unique_id(signal_ids, bundle.file_id, f"{place}.id")
        ref = bundle.signal.reference
        if ref in references:
            raise f.FieldError(
                "{place}: reference {reference} appears more than once in the file "
                "(also at {other}).",
                f"{place}.reference",
                reference=ref,
                other=references[ref],
            )
        references[ref] = place
        version = bundle.signal.checklist_version
        if version not in versions:
            raise f.FieldError(
                "{place}: checklist version {version} is not in the file.",
                f"{place}.checklist_version",
                version=version,
            )
        for j, mark in enumerate(bundle.indicators):
            where = f"{place}.indicators[{j}].indicator_id"
            if mark.indicator_id not in indicators:
                raise _not_in_file(where, mark.indicator_id, "checklist_versions")
            if indicators[mark.indicator_id] != version:
                raise f.FieldError(
                    "{place}: indicator {id} belongs to checklist version {found}, "
                    "not to the signal's version {expected}.",
                    where,
                    id=mark.indicator_id,
                    found=indicators[mark.indicator_id],
                    expected=version,
                )
        for j, handover in enumerate(bundle.handovers):
            if handover.contact_id is not None and handover.contact_id not in contacts:
                raise _not_in_file(f"{place}.handovers[{j}].contact_id",
                                   handover.contact_id, "contacts")
    meeting_ids: dict[int, str] = {}
    for i, bundle in enumerate(plan.meetings):
        f.unique_id(meeting_ids, bundle.file_id, f"meetings[{i}].id")
        on_agenda: set[int] = set()
        for j, item in enumerate(bundle.items):
            where = f"meetings[{i}].items[{j}].signal_id"
            if item.signal_id not in signal_ids:
                raise _not_in_file(where, item.signal_id, "signals")
            if item.signal_id in on_agenda:
                raise f.FieldError(
                    "{place}: signal id {id} is on this agenda twice.", where, id=item.signal_id
                )
            on_agenda.add(item.signal_id)


def _not_in_file(where: str, ref: int, target: str) -> f.FieldError:
    """A reference at ``where`` to an id that no record in ``target`` of the file has."""
    return f.FieldError(
        "{place}: id {id} does not occur in '{target}' of the file.",
        where,
        id=ref,
        target=target,
    )
