"""``init`` and ``check``."""

from __future__ import annotations

import argparse

from mensenhandel_desk.cli import core
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.maintenance import (
    acknowledge_audit_break,
    check_vault,
    rebuild_search_index,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help=_("create a new, empty vault"))
    core.add_vault_options(p)
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("check", help=_("check the vault's integrity (exit 0 only when sound)"))
    core.add_vault_options(p)
    p.add_argument("--repair-search", action="store_true",
                   help=_("rebuild the search index when it is damaged"))
    p.add_argument("--acknowledge-audit", action="store_true",
                   help=_("acknowledge the reported audit-trail breaks (recorded in the "
                          "audit trail); later checks report only new ones"))
    p.set_defaults(handler=cmd_check)


def cmd_init(args: argparse.Namespace) -> int:
    with core.create_services(args) as services:
        core.out(_("Vault created: {path}").format(path=services.vault.path))
    return core.EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    secret = core.passphrase(args)
    from mensenhandel_desk.services.session import open_vault

    with open_vault(core.vault_path(args), secret) as services:
        report = check_vault(services)
        for line in report.lines():
            core.out(line)
        if args.repair_search and not report.search_index_ok:
            count = rebuild_search_index(services, secret)
            core.out(_("Search index rebuilt ({count} signals).").format(count=count))
            report = check_vault(services)
            core.out(_("Vault is sound.") if report.ok else _("Vault is NOT sound."))
        if args.acknowledge_audit and acknowledge_audit_break(services, report):
            core.out(_("The audit-trail breaks were acknowledged and recorded in the audit "
                       "trail; later checks report only new breaks."))
            report = check_vault(services)
    return core.EXIT_OK if report.ok else core.EXIT_ERROR
