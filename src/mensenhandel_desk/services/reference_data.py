"""Partners and the signals checklist: seeded from the shipped YAML, then the officer's.

The checklist is versioned: rewording, adding or retiring an indicator creates a new
version; signals keep pointing at the version they were recorded against, so their
meaning never shifts under them.
"""

from __future__ import annotations

from dataclasses import replace

import yaml

from mensenhandel_desk import paths
from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.errors import NotFound, ValidationError
from mensenhandel_desk.domain.models import ChecklistVersion, Contact, Indicator, Partner
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.base import ServiceContext, VaultUser

VULNERABILITY_GROUP = "kwetsbaarheid"


def load_seed_checklist() -> list[Indicator]:
    data = yaml.safe_load((paths.resources_dir() / "seed" / "signals-checklist.yaml")
                          .read_text(encoding="utf-8"))
    indicators: list[Indicator] = []
    for group in data.get("groups", []) + data.get("extended_groups", []):
        for item in group["indicators"]:
            indicators.append(Indicator(checklist_version=1, key=item["key"],
                                        group_key=group["key"], group_label=group["label"],
                                        label=item["label"]))
    factors = data.get("vulnerability_factors") or {}
    for item in factors.get("factors", []):
        indicators.append(Indicator(checklist_version=1, key=item["key"],
                                    group_key=VULNERABILITY_GROUP,
                                    group_label=factors.get("label", "Kwetsbaarheidsfactoren"),
                                    label=item["label"], is_vulnerability_factor=True))
    return indicators


def load_seed_partners() -> list[Partner]:
    data = yaml.safe_load((paths.resources_dir() / "seed" / "partners.yaml")
                          .read_text(encoding="utf-8"))
    return [Partner(key=p["key"], name=p["name"], tasks=list(p.get("tasks", [])),
                    forms=list(p.get("forms", [])), route=p.get("route", ""))
            for p in data["partners"]]


def municipal_interventions() -> list[str]:
    data = yaml.safe_load((paths.resources_dir() / "seed" / "partners.yaml")
                          .read_text(encoding="utf-8"))
    return list(data.get("municipal_interventions", []))


def seed(uow, today) -> None:
    """Fill an empty vault with checklist version 1 and the partner list."""
    if uow.checklists.latest_version() is None:
        uow.checklists.add(ChecklistVersion(version=1, created_on=today,
                                            note="VNG signalenkaart (bijlage 3)",
                                            indicators=load_seed_checklist()))
    if not uow.partners.all():
        for partner in load_seed_partners():
            uow.partners.add(partner)


class ReferenceDataService(VaultUser):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- partners and contacts ---------------------------------------------------------
    def partners(self) -> list[Partner]:
        with self.vault.unit_of_work() as uow:
            return uow.partners.all()

    def partner(self, key: str) -> Partner:
        with self.vault.unit_of_work() as uow:
            partner = uow.partners.get(key)
            if partner is None:
                raise NotFound("Unknown partner '{key}'.", code="unknown_partner", key=key)
            return partner

    def save_partner(self, partner: Partner) -> Partner:
        partner = replace(partner)
        partner.key = v.clean_text(partner.key, "key", required=True).lower()
        partner.name = v.clean_text(partner.name, "name", required=True)
        with self.vault.unit_of_work() as uow:
            if uow.partners.get(partner.key) is None:
                uow.partners.add(partner)
            else:
                uow.partners.update(partner)
            audit.record(uow, self.clock, Action.UPDATE, f"partner:{partner.key}")
            return partner

    def contacts(self, partner_key: str) -> list[Contact]:
        with self.vault.unit_of_work() as uow:
            return uow.contacts.for_partner(partner_key)

    def save_contact(self, contact: Contact) -> Contact:
        contact = replace(contact)
        contact.name = v.clean_text(contact.name, "name", required=True)
        for name in ("function", "phone", "email"):
            setattr(contact, name, v.clean_text(getattr(contact, name), name))
        contact.notes = v.clean_text(contact.notes, "notes", long=True)
        with self.vault.unit_of_work() as uow:
            if uow.partners.get(contact.partner_key) is None:
                raise ValidationError("Unknown partner '{key}'.", code="unknown_partner",
                                      field="partner_key", key=contact.partner_key)
            if contact.id is None:
                uow.contacts.add(contact)
            else:
                uow.contacts.update(contact)
            audit.record(uow, self.clock, Action.UPDATE, f"partner:{contact.partner_key}",
                         "contact")
            return contact

    # --- checklist ----------------------------------------------------------------------
    def checklist(self, version: int | None = None) -> ChecklistVersion:
        with self.vault.unit_of_work() as uow:
            version = version or uow.checklists.latest_version()
            checklist = uow.checklists.get(version) if version else None
            if checklist is None:
                raise NotFound("Checklist version {version} does not exist.",
                               code="checklist_not_found", version=version)
            return checklist

    def new_checklist_version(self, indicators: list[Indicator], note: str) -> ChecklistVersion:
        """Publish an edited checklist (added, reworded or retired indicators) as a new
        version; new signals use it, recorded signals keep theirs."""
        note = v.clean_text(note, "note", required=True)
        keys = set()
        cleaned: list[Indicator] = []
        for ind in indicators:
            key = v.clean_text(ind.key, "indicator.key", required=True)
            if key in keys:
                raise ValidationError("Indicator key '{key}' appears twice.",
                                      code="duplicate_indicator", key=key)
            keys.add(key)
            cleaned.append(Indicator(
                checklist_version=0, key=key,
                group_key=v.clean_text(ind.group_key, "indicator.group_key", required=True),
                group_label=v.clean_text(ind.group_label, "indicator.group_label",
                                         required=True),
                label=v.clean_text(ind.label, "indicator.label", required=True),
                is_vulnerability_factor=ind.is_vulnerability_factor))
        if not cleaned:
            raise ValidationError("A checklist needs at least one indicator.",
                                  code="empty_checklist")
        with self.vault.unit_of_work() as uow:
            version = (uow.checklists.latest_version() or 0) + 1
            checklist = uow.checklists.add(ChecklistVersion(
                version=version, created_on=self.clock.today(), note=note, indicators=cleaned))
            audit.record(uow, self.clock, Action.UPDATE, f"checklist:{version}")
            return checklist
