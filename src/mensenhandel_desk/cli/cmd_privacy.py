"""Privacy and resilience commands: ``backup``, ``restore``, ``rekey``, ``purge``, ``hold``,
``release``, ``audit``, ``access-request``.

Secrets never come from argv: passphrases from files, ``MHD_PASSPHRASE`` or a prompt.
Commands that destroy or replace data ask for confirmation (``--yes`` or typing "ja" at
a prompt); without a terminal and without ``--yes`` they refuse.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime, time
from pathlib import Path

from mensenhandel_desk.cli import core
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.validation import parse_date
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services import backup, passphrase
from mensenhandel_desk.services.access_request import AccessRequestService
from mensenhandel_desk.services.audit import trail as audit_trail
from mensenhandel_desk.services.backup import ConfirmationRequired
from mensenhandel_desk.services.retention import RetentionService
from mensenhandel_desk.services.session import open_vault


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help=_("write an encrypted backup of the vault to a file"))
    core.add_vault_options(p)
    p.add_argument("--out", required=True, metavar="FILE", help=_("the backup file"))
    p.add_argument("--backup-passphrase-file", metavar="FILE",
                   help=_("encrypt the backup with a separate passphrase (first line of "
                          "FILE); default: the vault passphrase"))
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help=_("replace the vault with a verified backup"))
    core.add_vault_options(p)
    p.add_argument("backup", metavar="FILE", help=_("the backup file"))
    p.add_argument("--yes", action="store_true", help=_("confirm without asking"))
    p.add_argument("--accept-broken-audit", action="store_true",
                   help=_("restore even though the backup's audit trail does not verify"))
    p.add_argument("--backup-passphrase-file", metavar="FILE",
                   help=_("the backup's passphrase (first line of FILE); default: the "
                          "passphrase given for the vault"))
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("rekey", help=_("change the vault passphrase"))
    core.add_vault_options(p)
    p.add_argument("--new-passphrase-file", metavar="FILE",
                   help=_("read the new passphrase from the first line of FILE"))
    p.set_defaults(handler=cmd_rekey)

    p = sub.add_parser("purge", help=_("destroy closed signals whose retention period "
                                       "has passed"))
    core.add_vault_options(p)
    p.add_argument("--dry-run", action="store_true", help=_("only list what is due"))
    p.add_argument("--yes", action="store_true", help=_("confirm without asking"))
    p.add_argument("--declaration-out", metavar="FILE",
                   help=_("write the destruction declaration (PDF) to FILE"))
    p.set_defaults(handler=cmd_purge)

    p = sub.add_parser("hold", help=_("keep a signal out of purges (legal hold)"))
    core.add_vault_options(p)
    p.add_argument("reference")
    p.add_argument("--reason", required=True,
                   help=_("why (for example a running investigation); no names"))
    p.set_defaults(handler=cmd_hold)

    p = sub.add_parser("release", help=_("lift the legal hold of a signal"))
    core.add_vault_options(p)
    p.add_argument("reference")
    p.set_defaults(handler=cmd_release)

    p = sub.add_parser("audit", help=_("list or export the audit trail"))
    core.add_vault_options(p)
    p.add_argument("--since", metavar="DATE", help=_("from this date (YYYY-MM-DD)"))
    p.add_argument("--until", metavar="DATE", help=_("up to and including this date"))
    p.add_argument("--action", help=_("only this action (for example purge, backup)"))
    p.add_argument("--object", help=_("only this object (for example a signal reference)"))
    p.add_argument("--export", metavar="FILE", help=_("write to FILE (.csv or .json)"))
    p.set_defaults(handler=cmd_audit)

    p = sub.add_parser("access-request",
                       help=_("data subject access request: everything about one person"))
    core.add_vault_options(p)
    p.add_argument("--name", help=_("the person's name (asked when left out, which keeps "
                                    "it out of the shell history)"))
    p.add_argument("--dob", metavar="YYYY-MM-DD", help=_("date of birth"))
    p.add_argument("--out", required=True, metavar="FILE", help=_("the PDF report"))
    p.add_argument("--json-out", metavar="FILE", help=_("also write the data as JSON"))
    p.set_defaults(handler=cmd_access_request)


# --- helpers -------------------------------------------------------------------------
def _interactive() -> bool:
    return bool(sys.stdin) and sys.stdin.isatty()


def confirm(args: argparse.Namespace, question: str) -> bool:
    """``--yes``, or "ja" typed at a terminal. Without a terminal: refuse."""
    if getattr(args, "yes", False):
        return True
    if not _interactive():
        raise ConfirmationRequired()
    answer = input(question + " " + _("Type 'ja' to continue: "))
    return answer.strip().lower() in ("ja", "j", "yes", "y")


def _new_passphrase(args: argparse.Namespace) -> str:
    if args.new_passphrase_file:
        return core.read_secret_file(args.new_passphrase_file)
    if not _interactive():
        raise ValidationError("Give the new passphrase with --new-passphrase-file or at the "
                              "prompt.", code="no_new_passphrase")
    first = getpass.getpass(_("New passphrase: "))
    again = getpass.getpass(_("Repeat new passphrase: "))
    if first != again:
        raise ValidationError("The passphrases do not match.", code="passphrase_mismatch")
    return first


def _day(text: str | None, field: str, end: bool = False) -> datetime | None:
    if not text:
        return None
    day = parse_date(text, field)
    return datetime.combine(day, time.max if end else time.min)


# --- commands ------------------------------------------------------------------------
def cmd_backup(args: argparse.Namespace) -> int:
    separate = (core.read_secret_file(args.backup_passphrase_file)
                if args.backup_passphrase_file else None)
    with core.open_services(args) as services:
        result = backup.backup_to(services, Path(args.out), separate)
    core.out(_("Backup written: {path} ({size} bytes).").format(path=result.path,
                                                                 size=result.size))
    return core.EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    secret = (core.read_secret_file(args.backup_passphrase_file)
              if args.backup_passphrase_file else core.passphrase(args))
    target = core.vault_path(args)
    info = backup.inspect_backup(Path(args.backup), secret, target)
    core.out(_("Backup is sound: {signals} signals, schema version {revision}, last "
               "activity {when}.").format(
        signals=info.signals, revision=info.schema_revision,
        when=info.last_activity.isoformat(sep=" ", timespec="minutes")
        if info.last_activity else "-"))
    if not info.audit_ok:
        core.out(_("Warning: the audit trail in the backup does not verify."))
        if not args.accept_broken_audit:
            raise backup.BrokenAuditConfirmationRequired()
    if target.exists() and not confirm(args, _("The vault at {path} will be replaced (a "
                                               "safety copy is made first).").format(
                                                   path=target)):
        core.out(_("Nothing has been changed."))
        return core.EXIT_ERROR
    result = backup.restore(Path(args.backup), target, secret, confirm=True,
                            accept_broken_audit=args.accept_broken_audit)
    core.out(_("Vault restored. It now opens with the backup's passphrase."))
    if result.safety_copy:
        core.out(_("Safety copy of the previous vault: {path}").format(path=result.safety_copy))
    return core.EXIT_OK


def cmd_rekey(args: argparse.Namespace) -> int:
    current = core.passphrase(args, prompt=_("Current passphrase: "))
    new = _new_passphrase(args)
    with open_vault(core.vault_path(args), current) as services:
        replaced = passphrase.change_passphrase(services, current, new)
    core.out(_("Passphrase changed. The old passphrase no longer opens the vault; existing "
               "backups keep the passphrase they were made with."))
    if replaced:
        core.out(_("{count} automatic backups under the old passphrase were replaced by a "
                   "fresh one under the new passphrase.").format(count=replaced))
    return core.EXIT_OK


def cmd_purge(args: argparse.Namespace) -> int:
    with core.open_services(args) as services:
        retention = RetentionService(services)
        due = retention.due()
        if not due:
            core.out(_("No signals are due for destruction."))
            return core.EXIT_OK
        core.out(_("Due for destruction: {count} signals").format(count=len(due)))
        for item in due:
            core.out(f"  {item.reference}  {item.received_on.isoformat()}  "
                     f"{item.closed_on.isoformat()}  {label(item.outcome)}  "
                     + _("due since {date}").format(date=item.due_on.isoformat()))
        if args.dry_run:
            return core.EXIT_OK
        if not confirm(args, _("These signals and everything recorded on them will be "
                               "destroyed for good.")):
            core.out(_("Nothing has been changed."))
            return core.EXIT_ERROR
        result = retention.purge(confirm=True, references=[d.reference for d in due])
        if args.declaration_out:  # a numbered copy: in the print log and audited
            services.documents.destruction_declaration(
                result.purged, result.purged_on, out=Path(args.declaration_out))
    core.out(_("Destroyed: {count} signals.").format(count=len(result.purged)))
    if result.backups_replaced:
        core.out(_("{count} automatic backups that still held them were replaced by a fresh "
                   "one.").format(count=result.backups_replaced))
    core.out(_("Backups you made yourself (backup --out) still hold these signals: destroy "
               "them too."))
    if result.safety_copies:
        core.out(_("These safety copies next to the vault (made before a restore or a "
                   "migration) still hold them as well; destroy them once you no longer "
                   "need them:"))
        for copy in result.safety_copies:
            core.out(f"  {copy}")
    if args.declaration_out:
        core.out(_("Destruction declaration written: {path}").format(path=args.declaration_out))
    return core.EXIT_OK


def cmd_hold(args: argparse.Namespace) -> int:
    with core.changing_session(args) as services:
        RetentionService(services).place_hold(args.reference, args.reason)
    core.out(_("Legal hold placed on {reference}.").format(reference=args.reference.upper()))
    return core.EXIT_OK


def cmd_release(args: argparse.Namespace) -> int:
    with core.changing_session(args) as services:
        RetentionService(services).lift_hold(args.reference)
    core.out(_("Legal hold lifted from {reference}.").format(reference=args.reference.upper()))
    return core.EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    flt = audit_trail.AuditFilter(since=_day(args.since, "since"),
                                  until=_day(args.until, "until", end=True),
                                  action=args.action or None, object_ref=args.object or None)
    with core.open_services(args) as services:
        if args.export:
            count = audit_trail.export(services, Path(args.export), flt)
            core.out(_("Audit trail exported: {count} entries to {path}").format(
                count=count, path=args.export))
            return core.EXIT_OK
        events = audit_trail.list_events(services, flt)
    for event in events:
        core.out(f"{event.id:>6}  {event.at.isoformat(sep=' ', timespec='seconds')}  "
                 f"{event.action:<15} {event.object_ref:<16} {event.detail}")
    return core.EXIT_OK


def cmd_access_request(args: argparse.Namespace) -> int:
    name = args.name
    if not name:
        if not _interactive():
            raise ValidationError("Give the person's name with --name or at the prompt.",
                                  code="name_required", field="name")
        name = input(_("Name of the person: "))
    dob = parse_date(args.dob, "dob") if args.dob else None
    with core.open_services(args) as services:
        service = AccessRequestService(services)
        result = service.find(name, dob)
        if args.json_out:
            service.write(result, json_out=Path(args.json_out))
        services.documents.access_request_report(result, out=Path(args.out))
    core.out(_("Access request: {records} signals and {mentions} other mentions found. "
               "Read the report before sending it.").format(records=len(result.findings),
                                                             mentions=len(result.mentions)))
    return core.EXIT_OK
