"""Partners and the signals checklist: seeded from the shipped YAML, then the officer's.

The checklist is versioned: rewording, adding or retiring an indicator creates a new
version; signals keep pointing at the version they were recorded against, so their
meaning never shifts under them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import yaml

from mensenhandel_desk import paths
from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.enums import ExploitationForm
from mensenhandel_desk.domain.errors import NotFound, ValidationError
from mensenhandel_desk.domain.matching import fold
from mensenhandel_desk.domain.models import ChecklistVersion, Contact, Indicator, Partner
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.base import ServiceContext, VaultUser

VULNERABILITY_GROUP = "kwetsbaarheid"

# Partner forms are stored as the seed file's Dutch keys; the app filters by the enum.
PARTNER_FORM_KEYS: dict[str, ExploitationForm] = {
    "seksueel": ExploitationForm.SEXUAL,
    "arbeid": ExploitationForm.LABOUR,
    "crimineel": ExploitationForm.CRIMINAL,
    "anders": ExploitationForm.OTHER,
}


def partner_forms(partner: Partner) -> set[ExploitationForm]:
    """The forms a partner covers, as enum values (unknown stored keys are ignored)."""
    return {PARTNER_FORM_KEYS[k] for k in partner.forms if k in PARTNER_FORM_KEYS}


def partner_form_keys(forms: set[ExploitationForm]) -> list[str]:
    """Enum values back to the stored keys, in a fixed order (for ``save_partner``)."""
    return [key for key, form in PARTNER_FORM_KEYS.items() if form in forms]


def covers(partner: Partner, form: ExploitationForm | None) -> bool:
    """The "who do I call for labour exploitation" filter: a partner covers a form when it
    names that form (partners that name none are general, not specialised: not shown)."""
    return form is None or form in partner_forms(partner)


_PHONE_CHARACTERS = re.compile(r"[0-9 +\-()]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\.[^@\s.]{2,}")


def check_contact_details(phone: str, email: str) -> None:
    """A contact's phone number (digits, spaces, +, - and brackets; at least 6 digits)
    and e-mail address (name@domain.tld), each optional; ValidationError naming the
    field otherwise."""
    if phone and (not _PHONE_CHARACTERS.fullmatch(phone)
                  or sum(ch.isdigit() for ch in phone) < 6):
        raise ValidationError("A phone number has at least 6 digits and only spaces, +, - "
                              "and brackets besides, for example 030 123 45 67.",
                              code="invalid_phone", field="phone")
    if email and not _EMAIL.fullmatch(email):
        raise ValidationError("An e-mail address looks like name@organisation.nl.",
                              code="invalid_email", field="email")


@dataclass(slots=True)
class DirectoryEntry:
    """One partner with its contact persons: the Ketenpartners screen in one call."""

    partner: Partner
    contacts: list[Contact] = field(default_factory=list)


@dataclass(slots=True)
class ChecklistChanges:
    """What a checklist version changed against an earlier one (matched by key)."""

    added: list[Indicator] = field(default_factory=list)
    reworded: list[tuple[Indicator, Indicator]] = field(default_factory=list)  # (old, new)
    retired: list[Indicator] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.reworded or self.retired)


def checklist_changes(old: list[Indicator], new: list[Indicator]) -> ChecklistChanges:
    """Added, reworded and retired indicators from ``old`` to ``new`` (pure)."""
    before = {i.key: i for i in old}
    after = {i.key: i for i in new}
    return ChecklistChanges(
        added=[i for i in new if i.key not in before],
        reworded=[(before[i.key], i) for i in new
                  if i.key in before and before[i.key].label != i.label],
        retired=[i for i in old if i.key not in after])


_KEY_CHARS = re.compile(r"[^a-z0-9]+")


def indicator_key(label: str, taken: set[str]) -> str:
    """A stable key for a new indicator: the folded label, shortened, unique against every
    key ever used (a retired key never comes back with another meaning)."""
    base = _KEY_CHARS.sub("_", fold(label)).strip("_")[:40].rstrip("_") or "indicator"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


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
        """Add or change a partner. A new partner may come without a key: one is made
        from its name. Tasks are cleaned one by one (empty lines dropped)."""
        partner = replace(partner, tasks=list(partner.tasks), forms=list(partner.forms))
        partner.name = v.clean_text(partner.name, "name", required=True)
        partner.route = v.clean_text(partner.route, "route")
        partner.tasks = [t for t in (v.clean_text(t, "tasks") for t in partner.tasks) if t]
        unknown = [f for f in partner.forms if f not in PARTNER_FORM_KEYS]
        if unknown:
            raise ValidationError("Unknown form '{form}'.", code="unknown_form", field="forms",
                                  form=unknown[0])
        with self.vault.unit_of_work() as uow:
            if not partner.key:
                partner.key = indicator_key(partner.name, {p.key for p in uow.partners.all()})
        partner.key = v.clean_text(partner.key, "key", required=True).lower()
        with self.vault.unit_of_work() as uow:
            if uow.partners.get(partner.key) is None:
                uow.partners.add(partner)
            else:
                uow.partners.update(partner)
            audit.record(uow, self.clock, Action.UPDATE, f"partner:{partner.key}")
            return partner

    def directory(self) -> list[DirectoryEntry]:
        """Every partner with its contacts, by name (one unit of work)."""
        with self.vault.unit_of_work() as uow:
            return [DirectoryEntry(p, uow.contacts.for_partner(p.key))
                    for p in uow.partners.all()]

    def remove_contact(self, contact_id: int) -> None:
        """Remove a contact person from the directory. Handovers that named this contact
        keep their partner; their contact link is cleared (the schema's ``SET NULL``)."""
        with self.vault.unit_of_work() as uow:
            contact = uow.contacts.get(contact_id)
            if contact is None:
                return
            uow.contacts.delete(contact_id)
            audit.record(uow, self.clock, Action.UPDATE, f"partner:{contact.partner_key}",
                         "contact removed")

    def contacts(self, partner_key: str) -> list[Contact]:
        with self.vault.unit_of_work() as uow:
            return uow.contacts.for_partner(partner_key)

    def save_contact(self, contact: Contact) -> Contact:
        contact = replace(contact)
        contact.name = v.clean_text(contact.name, "name", required=True)
        for name in ("function", "phone", "email"):
            setattr(contact, name, v.clean_text(getattr(contact, name), name))
        contact.notes = v.clean_text(contact.notes, "notes", long=True)
        check_contact_details(contact.phone, contact.email)
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

    def checklist_history(self) -> list[ChecklistVersion]:
        """Every checklist version, oldest first, with its indicators (read-only views)."""
        with self.vault.unit_of_work() as uow:
            return [uow.checklists.get(n) for n in uow.checklists.versions()]

    def revise_checklist(self, note: str, *, base_version: int,
                         reworded: dict[str, str] | None = None,
                         retired: set[str] | None = None,
                         added: list[Indicator] | None = None) -> ChecklistVersion:
        """The checklist editor's save: the current version with indicators reworded
        (key -> new label), retired (left out of the new version) and added (appended to
        their group; a key is made from the label when empty), as a new version.

        ``base_version`` is the version the officer edited: when another version was saved
        meanwhile nothing is saved. Keys of added indicators never reuse a key of any
        earlier version. Signals keep the version they were recorded against."""
        reworded, retired, added = dict(reworded or {}), set(retired or ()), list(added or [])
        with self.vault.unit_of_work() as uow:
            latest = uow.checklists.latest_version()
            if latest != base_version:
                raise ValidationError("The checklist was changed meanwhile (now version "
                                      "{version}); open it again.", code="checklist_stale",
                                      version=latest)
            current = uow.checklists.get(latest)
            used = {i.key for n in uow.checklists.versions()
                    for i in uow.checklists.get(n).indicators}
        keys = {i.key for i in current.indicators}
        unknown = (set(reworded) | retired) - keys
        if unknown:
            raise ValidationError("Indicator '{key}' is not on the current checklist.",
                                  code="unknown_indicator", field="indicator",
                                  key=sorted(unknown)[0])
        if not reworded and not retired and not added:
            raise ValidationError("Nothing was changed in the checklist.",
                                  code="checklist_unchanged")
        result = [replace(i, label=reworded.get(i.key, i.label), id=None)
                  for i in current.indicators if i.key not in retired]
        for new in added:
            label = v.clean_text(new.label, "indicator.label", required=True)
            key = new.key or indicator_key(label, used)
            if key in used:
                raise ValidationError("Indicator key '{key}' was used before.",
                                      code="indicator_key_used", field="indicator", key=key)
            used.add(key)
            item = replace(new, key=key, label=label, id=None)
            last = max((n for n, i in enumerate(result) if i.group_key == item.group_key),
                       default=len(result) - 1)
            result.insert(last + 1, item)
        return self.new_checklist_version(result, note)

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
