"""Retention (AVG storage limitation): periods per outcome, legal holds, and purges that
leave no remnants.

Periods count in months from the day a signal was closed; open signals are never due.
The defaults below are a starting point; the municipality's privacy officer sets the
real periods (with the archivist's selection list and the DPIA), and IT may set floors
in the policy file that no one can go below (services/policy.py). Reasoning per outcome
is in docs/retention.md.

A purge (``purge(confirm=True)``) in one transaction removes each due signal and all
that hangs off it: reporter, parties, locations, enrichment notes, indicators,
handovers, agenda items, reporter feedback (foreign keys cascade), its full-text entry
and its print records. Then the FTS index is merged (deleted terms otherwise linger in
old index segments), the file is rewritten with VACUUM (``secure_delete`` is on as
well) and the WAL is checkpointed and truncated.

The audit trail: audit entries never hold personal data, only references. After a purge
the earlier entries that named a purged signal keep the action and time but their
reference is replaced by ``[vernietigd]``; the chain is then re-anchored (hashes
recomputed from the first changed entry) and the purge entry records where and the
previous head hash, so an earlier audit export can still be matched. ``check`` keeps
verifying. Only the destruction declaration (a paper for the archive) lists the
references, with dates, nothing more.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.enums import Outcome, SignalStatus
from mensenhandel_desk.domain.errors import RouteError, ValidationError
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services import audit, backup
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.audit import anchor as audit_anchor
from mensenhandel_desk.services.backup import ConfirmationRequired
from mensenhandel_desk.services.base import VaultUser, signal_by_reference
from mensenhandel_desk.services.files import remove_quietly
from mensenhandel_desk.services.policy import load_policy
from mensenhandel_desk.services.progress import CancelToken, Progress, Tracker, check

# Months after closing. See docs/retention.md for the reasoning.
DEFAULT_RETENTION_MONTHS: dict[Outcome, int] = {
    Outcome.NO_TRAFFICKING: 12,
    Outcome.INSUFFICIENT_INFORMATION: 24,
    Outcome.CARE_ONLY: 24,
    Outcome.OTHER: 24,
    Outcome.MUNICIPAL_INTERVENTION: 60,
    Outcome.HANDED_TO_LABOUR_INSPECTORATE: 60,
    Outcome.HANDED_TO_POLICE: 60,
}
MAX_RETENTION_MONTHS = 1200
SETTING_PREFIX = "retention_months."
PURGED_REF = "[vernietigd]"
LABEL_DESTROY = N_("Destroying signals")
LABEL_INDEX = N_("Cleaning the search index")
LABEL_VACUUM = N_("Rewriting the vault file")
LABEL_BACKUPS = N_("Replacing the automatic backups")
PURGE_AFTER_STEPS = 3  # index, VACUUM, automatic backups


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DueSignal:
    """What a purge list and the destruction declaration show: reference and dates."""

    reference: str
    received_on: date
    closed_on: date
    outcome: Outcome
    due_on: date


@dataclass(frozen=True)
class PurgeResult:
    purged: list[DueSignal]
    purged_on: date
    reanchored_from: int | None
    backups_replaced: int = 0  # automatic backups that still held the purged signals
    # Safety copies next to the vault (before restore/migration) that may still hold them.
    safety_copies: tuple[Path, ...] = ()


@dataclass(frozen=True)
class HeldSignal:
    reference: str
    reason: str


class RetentionService(VaultUser):
    """Retention use cases over an open vault (one per ``Services`` bundle, or any other
    service: only its context is used)."""

    def __init__(self, services: VaultUser) -> None:
        self.services = services
        self.ctx = services.ctx

    # --- periods --------------------------------------------------------------------
    def periods(self) -> dict[Outcome, int]:
        """Months per outcome in force: stored choice, else default, never below a floor."""
        policy = load_policy()
        with self.vault.unit_of_work() as uow:
            stored = uow.settings.get_all()
        result = {}
        for outcome, default in DEFAULT_RETENTION_MONTHS.items():
            try:
                months = int(stored.get(SETTING_PREFIX + str(outcome), default))
            except ValueError:
                months = default
            result[outcome] = max(months, policy.retention_floor(outcome))
        return result

    def set_period(self, outcome: Outcome, months: int) -> None:
        outcome = Outcome(outcome)
        if isinstance(months, bool) or not isinstance(months, int) or not (
                1 <= months <= MAX_RETENTION_MONTHS):
            raise ValidationError("A retention period is between 1 and {maximum} months.",
                                  code="retention_range", field="months",
                                  maximum=MAX_RETENTION_MONTHS)
        floor = load_policy().retention_floor(outcome)
        if months < floor:
            raise ValidationError("Your organisation's policy keeps these signals at least "
                                  "{months} months.", code="policy_violation", field="months",
                                  months=floor)
        with self.vault.unit_of_work() as uow:
            uow.settings.put(SETTING_PREFIX + str(outcome), str(months))
            audit.record(uow, self.clock, Action.SETTINGS, "retention",
                         f"{outcome}: {months} months")

    # --- legal hold -----------------------------------------------------------------
    def place_hold(self, reference: str, reason: str) -> None:
        """Keep a signal out of every purge (for example while an investigation runs)."""
        reason = v.clean_text(reason, "reason", required=True, long=True)
        with self.vault.unit_of_work() as uow:
            signal = signal_by_reference(uow, reference)
            signal.legal_hold_reason = reason
            uow.signals.update(signal, self.clock.now())
            # The reason may name people or an investigation: it stays on the signal.
            audit.record(uow, self.clock, Action.LEGAL_HOLD, signal.reference, "placed")

    def lift_hold(self, reference: str) -> None:
        with self.vault.unit_of_work() as uow:
            signal = signal_by_reference(uow, reference)
            if not signal.legal_hold_reason:
                raise RouteError("Signal {reference} has no legal hold.", code="no_hold",
                                 reference=signal.reference)
            signal.legal_hold_reason = None
            uow.signals.update(signal, self.clock.now())
            audit.record(uow, self.clock, Action.LEGAL_HOLD, signal.reference, "lifted")

    def held(self) -> list[HeldSignal]:
        """Every signal under a legal hold, by id: one query over a partial index."""
        with self.vault.unit_of_work() as uow:
            return [HeldSignal(reference, reason) for reference, reason in uow.signals.held()]

    # --- due and purge ----------------------------------------------------------------
    def _due(self, uow, today: date,
             periods: dict[Outcome, int]) -> list[tuple[int, DueSignal]]:
        """``periods`` comes from ``periods()``, read before ``uow`` was opened (units of
        work do not nest)."""
        found = []
        for outcome, months in periods.items():
            # closed_on + months <= today  <=>  closed_on < (today - months) + 1 day
            limit = add_months(today, -months)
            cutoff = date.fromordinal(limit.toordinal() + 1)
            for signal in uow.signals.closed_before(str(outcome), cutoff):
                if signal.legal_hold_reason or signal.status is not SignalStatus.CLOSED:
                    continue
                found.append((signal.id, DueSignal(
                    reference=signal.reference, received_on=signal.received_on,
                    closed_on=signal.closed_on, outcome=outcome,
                    due_on=add_months(signal.closed_on, months))))
        found.sort(key=lambda item: (item[1].closed_on, item[1].reference))
        return found

    def due(self) -> list[DueSignal]:
        """What a purge would remove today (``purge --dry-run``); changes nothing."""
        periods = self.periods()
        with self.vault.unit_of_work() as uow:
            return [due for _, due in self._due(uow, self.clock.today(), periods)]

    def purge(self, *, confirm: bool = False, references: list[str] | None = None,
              progress: Progress | None = None,
              cancel: CancelToken | None = None) -> PurgeResult:
        """Remove the due signals for good. ``references``: only these (what the officer
        saw in the dry run and confirmed); a signal no longer due is skipped.

        ``progress`` reports one step per destroyed signal, then merging the index,
        rewriting the file (VACUUM) and replacing the automatic backups. ``cancel`` is
        honoured until the deletions commit (``Cancelled``: the transaction rolls back,
        nothing is destroyed); after that the purge completes, since remnants must not
        stay behind."""
        if not confirm:
            raise ConfirmationRequired()
        check(cancel)
        today = self.clock.today()
        wanted = {ref.strip().upper() for ref in references} if references is not None else None
        periods = self.periods()
        report = Tracker(progress)
        with self.vault.unit_of_work() as uow:
            due = [(sid, d) for sid, d in self._due(uow, today, periods)
                   if wanted is None or d.reference in wanted]
            if not due:
                report.finish(_(LABEL_DESTROY))
                return PurgeResult(purged=[], purged_on=today, reanchored_from=None)
            report(0, _(LABEL_DESTROY), total=len(due) + PURGE_AFTER_STEPS)
            for done, (signal_id, item) in enumerate(due, start=1):
                check(cancel)  # rolls the whole purge back
                uow.reporters.remove_for_signal(signal_id)
                uow.prints.delete_for_object(item.reference)
                uow.signals.delete(signal_id)  # FTS row too; child tables cascade
                report(done, _(LABEL_DESTROY))
            anchored = self._reanchor(uow, {d.reference for _, d in due})
            detail = f"purge of {len(due)} signals"
            if anchored is not None:
                detail += f"; audit chain re-anchored from entry {anchored[0]}, previous " \
                          f"head {anchored[1]}"
            audit.record(uow, self.clock, Action.PURGE, "retention", detail)
            check(cancel)  # the last point before the commit
        self._leave_no_remnants(report)
        audit_anchor.remember_vault(self.vault)  # the chain was re-anchored on purpose
        report.advance(_(LABEL_BACKUPS))
        replaced = self._replace_automatic_backups()
        report.finish(_(LABEL_BACKUPS))
        return PurgeResult(purged=[d for _, d in due], purged_on=today,
                           reanchored_from=anchored[0] if anchored else None,
                           backups_replaced=replaced,
                           safety_copies=tuple(backup.safety_copies(self.vault.path)))

    def _replace_automatic_backups(self) -> int:
        """Older automatic backups still hold what was just destroyed: make one fresh
        backup, then remove the older ones, so a purge is not undone by a restore.
        Backups the officer made by hand (``backup --out``) are the officer's to destroy;
        the purge declaration text says so."""
        older = backup.automatic_backups(self.vault.path)
        if not older:
            return 0
        backup.automatic_backup(self.services, keep=1)
        for path in older:
            remove_quietly(path)  # (and its -wal)
        return len(older)

    @staticmethod
    def _reanchor(uow, references: set[str]) -> tuple[int, str] | None:
        """Replace purged references in earlier entries and recompute the chain from the
        first changed entry. Returns (first changed id, previous head hash)."""
        events = uow.audit.query()
        first = next((i for i, e in enumerate(events) if e.object_ref in references), None)
        if first is None:
            return None
        old_head = events[-1].hash
        prev = events[first - 1].hash if first else audit.GENESIS
        changed = []
        for event in events[first:]:
            if event.object_ref in references:
                event.object_ref = PURGED_REF
            event.prev_hash = prev
            event.hash = audit.entry_hash(prev, event.at, event.action, event.object_ref,
                                          event.detail)
            prev = event.hash
            changed.append(event)
        uow.audit.rewrite(changed)
        return events[first].id, old_head

    def _leave_no_remnants(self, report: Tracker | None = None) -> None:
        report = report or Tracker(None)
        report.advance(_(LABEL_INDEX))
        with self.vault.unit_of_work() as uow:
            uow.signals.optimise_index()
        report.advance(_(LABEL_VACUUM))
        self.vault.vacuum()
