"""``init`` and ``check``."""

from __future__ import annotations

import argparse

from mensenhandel_desk.cli import core
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.maintenance import check_vault


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help=_("create a new, empty vault"))
    core.add_vault_options(p)
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("check", help=_("check the vault's integrity (exit 0 only when sound)"))
    core.add_vault_options(p)
    p.set_defaults(handler=cmd_check)


def cmd_init(args: argparse.Namespace) -> int:
    with core.create_services(args) as services:
        core.out(_("Vault created: {path}").format(path=services.vault.path))
    return core.EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    with core.open_services(args) as services:
        report = check_vault(services)
    for line in report.lines():
        core.out(line)
    return core.EXIT_OK if report.ok else core.EXIT_ERROR
