"""Vault health: integrity, foreign keys, schema revision and the audit chain."""

from __future__ import annotations

from dataclasses import dataclass, field

from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services import audit, audit_anchor
from mensenhandel_desk.services.progress import CancelToken, Progress, Tracker, check
from mensenhandel_desk.services.session import Services


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)
    schema_revision: str | None = None
    audit_entries: int = 0
    audit_first_broken: int | None = None
    audit_shortened_from: int | None = None  # entries the chain had at the last close
    signals: int = 0

    @property
    def ok(self) -> bool:
        return (not self.integrity and self.audit_first_broken is None
                and self.audit_shortened_from is None)

    def lines(self) -> list[str]:
        result = [_("Schema version: {revision}").format(revision=self.schema_revision),
                  _("Signals: {count}").format(count=self.signals)]
        if self.integrity:
            result.append(_("Integrity: NOT OK"))
            result += [f"  {problem}" for problem in self.integrity[:20]]
        else:
            result.append(_("Integrity: ok"))
        if self.audit_first_broken is None:
            result.append(_("Audit trail: ok ({count} entries)").format(
                count=self.audit_entries))
        else:
            result.append(_("Audit trail: broken from entry {id}").format(
                id=self.audit_first_broken))
        if self.audit_shortened_from is not None:
            result.append(_("Audit trail: entries removed or replaced since the vault was last "
                            "closed (it then had {count} entries)").format(
                                count=self.audit_shortened_from))
        result.append(_("Vault is sound.") if self.ok else _("Vault is NOT sound."))
        return result


LABEL_INTEGRITY = N_("Checking the integrity of the vault file")
LABEL_AUDIT = N_("Checking the audit trail")
CHECK_STEPS = 3


def check_vault(services: Services, *, progress: Progress | None = None,
                cancel: CancelToken | None = None) -> CheckReport:
    """Integrity, foreign keys, schema, audit chain and anchor. Reads only, so ``cancel``
    (looked at between the steps) always leaves everything as it was; ``progress``
    reports three steps."""
    steps = Tracker(progress, CHECK_STEPS)
    check(cancel)
    steps(0, _(LABEL_INTEGRITY))
    report = CheckReport()
    report.integrity = services.vault.integrity_problems()
    report.schema_revision = services.vault.schema_revision()
    check(cancel)
    steps(1, _(LABEL_AUDIT))
    with services.vault.unit_of_work() as uow:
        events = uow.audit.query()
        report.signals = uow.signals.count()
    check(cancel)
    steps(2, _(LABEL_AUDIT))
    chain = audit.verify(events)
    report.audit_entries = chain.entries
    report.audit_first_broken = chain.first_broken_id
    anchor = audit_anchor.problem(services.vault.path, events)
    report.audit_shortened_from = anchor.count if anchor else None
    steps.finish(_(LABEL_AUDIT))
    return report
