"""``demo``, ``import FILE`` and ``export --out FILE``: data in and out of a vault.

Exit codes as everywhere: 0 ok, 1 refused or malformed (nothing imported), 2 wrong
passphrase.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from mensenhandel_desk.cli import core
from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services import demo, interchange


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help=_("fill a demo vault with fictitious signals (creates the "
                                      "vault when it does not exist)"))
    core.add_vault_options(p)
    p.add_argument("--count", type=int, default=demo.DEFAULT_COUNT,
                   help=_("number of demo signals (default 200)"))
    p.add_argument("--seed", type=int, default=demo.DEFAULT_SEED,
                   help=_("seed for the random choices (same seed, same data)"))
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("import", help=_("import an interchange file (all or nothing)"))
    core.add_vault_options(p)
    p.add_argument("file", metavar=_("FILE"))
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help=_("export the whole vault to an interchange file "
                                        "(unencrypted!)"))
    core.add_vault_options(p)
    p.add_argument("--out", required=True, metavar=_("FILE"),
                   help=_("the file to write"))
    p.add_argument("--overwrite", action="store_true",
                   help=_("replace the file when it already exists"))
    p.set_defaults(handler=cmd_export)


def cmd_demo(args: argparse.Namespace) -> int:
    path = core.vault_path(args)
    created = not path.exists()
    with core.changing_session(args, create=created) as services:
        if created:
            core.out(_("Vault created: {path}").format(path=path))
        started = time.perf_counter()
        summary = demo.generate(services, count=args.count, seed=args.seed)
        seconds = time.perf_counter() - started
    core.out(_("{count} fictitious demo signals added ({first} to {last}), {meetings} new "
               "meetings, in {seconds:.1f} s.").format(
                   count=summary.signals, first=summary.first_reference,
                   last=summary.last_reference, meetings=summary.meetings, seconds=seconds))
    return core.EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    try:
        plan = interchange.read_plan(Path(args.file))  # validate before opening the vault
        with core.changing_session(args) as services:
            summary = interchange.import_plan(services, plan)
    except DomainError as error:
        code = core.fail(error)
        if error.exit_code == core.EXIT_ERROR:
            core.err(_("Nothing was imported; the vault is unchanged."))
        return code
    core.out(_("Imported: {signals} signals, {meetings} meetings, {contacts} contacts, "
               "{partners} new partners, {versions} new checklist versions.").format(
                   signals=summary.signals, meetings=summary.meetings,
                   contacts=summary.contacts, partners=summary.partners_added,
                   versions=summary.checklist_versions_added))
    return core.EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    with core.open_services(args) as services:
        summary = interchange.export_vault(services, Path(args.out),
                                           overwrite=args.overwrite)
    core.out(_("Exported {signals} signals and {meetings} meetings to {path}.").format(
        signals=summary.signals, meetings=summary.meetings, path=summary.path))
    core.err(_("WARNING: this file is NOT encrypted. It holds every signal with names, "
               "addresses and the identity of the reporting employees. Keep it on an "
               "encrypted drive, never send it by e-mail, and delete it as soon as it has "
               "been imported."))
    return core.EXIT_OK
