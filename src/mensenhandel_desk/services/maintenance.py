"""Vault health: every page's HMAC, SQLite's integrity and foreign keys, the schema, the
full-text index and the audit chain (with its anchor); repairs the officer can start.

``check_vault`` names each kind of damage in Dutch with what to do (``CheckReport.lines``):
damaged pages or records: restore the most recent backup; only the search index: rebuild
it (``rebuild_search_index``, ``check --repair-search``); a broken or shortened audit
trail: stays reported, at every check, until the officer acknowledges it explicitly
(``acknowledge_audit_break``, ``check --acknowledge-audit``), which is itself recorded in
the audit trail.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from mensenhandel_desk.domain.errors import VaultCorrupt, WrongPassphrase
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import anchor as audit_anchor
from mensenhandel_desk.services.audit import trail as audit_trail
from mensenhandel_desk.services.backup import drop_empty_side_files
from mensenhandel_desk.services.files import (
    fsync_file,
    put_in_place,
    remove_quietly,
    removed_on_failure,
    temp_name,
    translate_os_error,
)
from mensenhandel_desk.services.progress import CancelToken, Progress, Tracker, check
from mensenhandel_desk.services.route_state import search_texts
from mensenhandel_desk.services.session import Services
from mensenhandel_desk.store.vault import SearchIndexDamaged, Vault

ACKNOWLEDGED = "audit_acknowledged"  # the audit action of an acknowledgement
REPAIR_KIND = "repair"
# What a check advises (``CheckReport.remedies``); the CLI and the desktop word them
REBUILD_SEARCH_INDEX = "rebuild_search_index"  # the index is the only damage
RESTORE_BACKUP = "restore_backup"  # pages, integrity or schema damaged
REBUILD_IF_ONLY_INDEX = "rebuild_if_only_index"  # the index is damaged too
REPORT_AUDIT_BREAK = "report_audit_break"  # broken or shortened audit trail


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)
    schema_revision: str | None = None
    audit_entries: int = 0
    audit_first_broken: int | None = None  # the first break not acknowledged
    audit_shortened_from: int | None = None  # entries the chain had at the last close
    signals: int = 0
    damaged_pages: list[str] = field(default_factory=list)  # failed HMACs
    schema_problems: list[str] = field(default_factory=list)
    search_index_ok: bool = True
    audit_acknowledged: list[int] = field(default_factory=list)  # breaks acknowledged
    settings_damaged: list[str] = field(default_factory=list)  # unreadable setting names

    @property
    def ok(self) -> bool:
        return (not self.integrity and not self.damaged_pages and not self.schema_problems
                and self.search_index_ok and self.audit_first_broken is None
                and self.audit_shortened_from is None)

    @property
    def only_search_index(self) -> bool:
        """Is the full-text index the only damage (so rebuilding it repairs the vault)?
        Damaged pages count too: the rebuild leaves the old index's pages behind."""
        return (not self.search_index_ok and not self.schema_problems
                and self.audit_first_broken is None and self.audit_shortened_from is None
                and all(line.startswith(("Page ", "Tree ", "*** in database"))
                        or "never used" in line for line in self.integrity))

    def lines(self) -> list[str]:
        result = [_("Schema version: {revision}").format(revision=self.schema_revision),
                  _("Signals: {count}").format(count=self.signals)]
        if self.damaged_pages:
            result.append(_("Damaged: {count} pages of the vault file fail their "
                            "encryption check (they were changed outside the app, or the "
                            "disk is failing).").format(count=len(self.damaged_pages)))
        if self.integrity:
            result.append(_("Integrity: NOT OK"))
            result += [f"  {problem}" for problem in self.integrity[:20]]
        elif not self.damaged_pages:
            result.append(_("Integrity: ok"))
        if self.schema_problems:
            result.append(_("Schema: NOT OK (missing or unexpected: {what})").format(
                what=", ".join(self.schema_problems)))
        result.append(_("Search index: ok") if self.search_index_ok else
                      _("Search index: DAMAGED (searching does not work)"))
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
        if self.audit_acknowledged:
            result.append(_("Audit trail: earlier breaks acknowledged by the officer (entries "
                            "{ids})").format(ids=", ".join(map(str, self.audit_acknowledged))))
        if self.settings_damaged:
            result.append(_("Settings: damaged values, defaults used instead ({names}). "
                            "Open the settings, check them and save them again.").format(
                                names=", ".join(self.settings_damaged)))
        result.append(_("Vault is sound.") if self.ok else _("Vault is NOT sound."))
        result += [_(advice) for advice in self.advice()]
        return result

    def remedies(self) -> list[str]:
        """What to do, most important first (``REBUILD_SEARCH_INDEX`` …)."""
        found = []
        if self.only_search_index:
            found.append(REBUILD_SEARCH_INDEX)
        elif self.damaged_pages or self.integrity or self.schema_problems:
            found.append(RESTORE_BACKUP)
            if not self.search_index_ok:
                found.append(REBUILD_IF_ONLY_INDEX)
        if self.audit_first_broken is not None or self.audit_shortened_from is not None:
            found.append(REPORT_AUDIT_BREAK)
        return found

    def advice(self) -> list[str]:
        """What to do in the CLI's words (source strings; ``lines`` translates)."""
        return [CLI_ADVICE[remedy] for remedy in self.remedies()]


CLI_ADVICE = {
    REBUILD_SEARCH_INDEX: N_("What to do: rebuild the search index with 'check "
                             "--repair-search' (the signals themselves are intact)."),
    RESTORE_BACKUP: N_("What to do: restore the most recent backup ('restore'); make a "
                       "backup of the damaged vault first if you still need something "
                       "from it."),
    REBUILD_IF_ONLY_INDEX: N_("If only the search index is damaged, 'check "
                              "--repair-search' rebuilds it."),
    REPORT_AUDIT_BREAK: N_("What to do: report the broken audit trail to the privacy "
                           "officer. This stays reported at every check until you acknowledge "
                           "it with 'check --acknowledge-audit' (that is recorded in the "
                           "audit trail). To restore a backup with an intact trail, use "
                           "'restore'."),
}


LABEL_PAGES = N_("Checking every page of the vault file")
LABEL_INTEGRITY = N_("Checking the integrity of the vault file")
LABEL_SEARCH = N_("Checking the search index")
LABEL_AUDIT = N_("Checking the audit trail")
CHECK_STEPS = 5


def _acknowledged(events) -> tuple[set[int], set[int]]:
    """(break ids, anchor counts) acknowledged in ``ACKNOWLEDGED`` entries."""
    breaks, counts = set(), set()
    for event in events:
        if event.action != ACKNOWLEDGED:
            continue
        breaks |= {int(n) for n in re.findall(r"broken=(\d+)", event.detail)}
        counts |= {int(n) for n in re.findall(r"shortened_from=(\d+)", event.detail)}
    return breaks, counts


def _audit_findings(services: Services, report: CheckReport) -> None:
    with services.vault.unit_of_work() as uow:
        events = uow.audit.query()
        report.signals = uow.signals.count()
    report.audit_entries = len(events)
    acked_breaks, acked_counts = _acknowledged(events)
    broken = audit_trail.broken_entries(events)
    report.audit_acknowledged = [n for n in broken if n in acked_breaks]
    open_breaks = [n for n in broken if n not in acked_breaks]
    report.audit_first_broken = open_breaks[0] if open_breaks else None
    anchor = audit_anchor.problem(services.vault.path, events)
    if anchor is not None and anchor.count not in acked_counts:
        report.audit_shortened_from = anchor.count


def check_vault(services: Services, *, progress: Progress | None = None,
                cancel: CancelToken | None = None) -> CheckReport:
    """Every page's HMAC, integrity and foreign keys, schema, full-text index, audit chain
    and anchor. Reads only, so ``cancel`` (looked at between the steps) always leaves
    everything as it was; ``progress`` reports five steps."""
    steps = Tracker(progress, CHECK_STEPS)
    vault = services.vault
    report = CheckReport()
    check(cancel)
    steps(0, _(LABEL_PAGES))
    report.damaged_pages = vault.damaged_pages()
    check(cancel)
    # The audit chain and the settings are read before the integrity and search-index
    # checks: after SQLite has hit a damaged index page, later reads on the same
    # connection can fail too, and the report would then blame the audit trail.
    steps(1, _(LABEL_AUDIT))
    try:
        _audit_findings(services, report)
        report.settings_damaged = services.settings.damaged()
    except VaultCorrupt:
        report.integrity.append("audit trail could not be read: the file is damaged")
    check(cancel)
    steps(2, _(LABEL_INTEGRITY))
    try:
        report.integrity += vault.integrity_problems()
    except SearchIndexDamaged:
        report.search_index_ok = False  # SQLite stops at the index; the copy the repair
        # makes is checked in full before it replaces the vault
    except VaultCorrupt:
        if vault.search_index_sound():
            report.integrity.append("integrity check could not run: the file is damaged")
        else:  # SQLite stopped at the damaged index; the repair checks its copy in full
            report.search_index_ok = False
    report.schema_revision = vault.schema_revision()
    report.schema_problems = vault.schema_problems()
    check(cancel)
    steps(3, _(LABEL_SEARCH))
    report.search_index_ok = report.search_index_ok and vault.search_index_sound()
    steps.finish(_(LABEL_AUDIT))
    return report


def acknowledge_audit_break(services: Services, report: CheckReport | None = None) -> bool:
    """The officer acknowledges the audit-trail breaks ``check`` reports now: recorded in
    the audit trail (which breaks, which anchor), and the anchor moves to the current
    head. Later checks list them as acknowledged; a new break is reported again. Returns
    False when there was nothing to acknowledge."""
    report = report or check_vault(services)
    with services.vault.unit_of_work() as uow:
        events = uow.audit.query()
    acked_breaks, _acked_counts = _acknowledged(events)
    breaks = [n for n in audit_trail.broken_entries(events) if n not in acked_breaks]
    if not breaks and report.audit_shortened_from is None:
        return False
    parts = [f"broken={n}" for n in breaks]
    if report.audit_shortened_from is not None:
        parts.append(f"shortened_from={report.audit_shortened_from}")
    services.record(ACKNOWLEDGED, "audit", "acknowledged by the officer: " + " ".join(parts))
    audit_anchor.remember_vault(services.vault)
    return True


LABEL_REPAIR_COPY = N_("Copying the vault without its search index")
LABEL_REPAIR_INDEX = N_("Rebuilding the search index")
LABEL_REPAIR_SWAP = N_("Putting the repaired vault in place")
REPAIR_STEPS = 3


def rebuild_search_index(services: Services, passphrase: str, *,
                         progress: Progress | None = None) -> int:
    """Rebuild the full-text index, also when its pages are damaged: the vault is copied
    without the index (its pages are never read), the index is filled anew from the
    signals, the copy is checked and then replaces the vault the way a rekey does (the old
    file stays until the new one is complete). Needs the passphrase to reopen the vault;
    afterwards ``services`` works on the repaired vault. Returns the signals indexed."""
    steps = Tracker(progress, REPAIR_STEPS)
    vault = services.vault
    if not vault.verify_passphrase(passphrase):
        raise WrongPassphrase()
    path = Path(vault.path)
    folder = path.parent
    source, target = temp_name(folder, REPAIR_KIND), temp_name(folder, REPAIR_KIND)
    steps(0, _(LABEL_REPAIR_COPY))
    with removed_on_failure(source, target):
        vault.checkpoint()
        shutil.copyfile(path, source)
        Vault.copy_without_search_index(source, target, passphrase)
        remove_quietly(source)
        steps(1, _(LABEL_REPAIR_INDEX))
        copy = Vault.open(target, passphrase)
        try:
            with copy.unit_of_work() as uow:
                ids = uow.signals.all_ids()
                for signal_id in ids:
                    parties, locations = search_texts(uow.parties.for_signal(signal_id),
                                                      uow.locations.for_signal(signal_id))
                    uow.signals.reindex(signal_id, parties, locations)
            if copy.damaged_pages() or copy.integrity_problems() or \
                    not copy.search_index_sound():
                raise VaultCorrupt()  # the damage is not only in the index: restore
        finally:
            copy.close()
        drop_empty_side_files(target)
        fsync_file(target)
    steps(2, _(LABEL_REPAIR_SWAP))
    services.ctx.drop()
    vault.close()
    try:
        put_in_place(target, path)
    except OSError as exc:
        services.ctx.vault = Vault.open(path, passphrase)
        raise translate_os_error(exc) from None
    services.ctx.vault = Vault.open(path, passphrase)
    services.record(audit.Action.UPDATE, "vault",
                    f"search index rebuilt ({len(ids)} signals)")
    steps.finish(_(LABEL_REPAIR_SWAP))
    return len(ids)

