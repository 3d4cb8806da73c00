"""Argument parsing and dispatch; known errors become Dutch messages and exit codes."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import sys

from mensenhandel_desk import __version__
from mensenhandel_desk.cli import core
from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.i18n import N_, _

# argparse's own texts, so help and usage errors are Dutch as well. argparse looks them up
# through its module-level ``_`` at call time; ``build_parser`` points that at ours.
ARGPARSE_STRINGS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("one of the arguments %s is required"),
)


# Which module registers which command: ``run`` imports only the module of the command
# given, so ``list`` never loads reportlab and ``--version`` loads no command at all
# (issue 12). tests/test_hardening_cli.py checks this table against the modules.
COMMANDS = {
    "init": "cmd_vault", "check": "cmd_vault",
    "demo": "cmd_data", "import": "cmd_data", "export": "cmd_data",
    "handover": "cmd_documents", "agenda": "cmd_documents", "minutes": "cmd_documents",
    "feedback-letter": "cmd_documents",
    "meeting": "cmd_meetings", "settings": "cmd_meetings",
    "monitor": "cmd_monitoring", "merge": "cmd_monitoring", "awareness": "cmd_monitoring",
    "monitor-settings": "cmd_monitoring",
    "backup": "cmd_privacy", "restore": "cmd_privacy", "rekey": "cmd_privacy",
    "purge": "cmd_privacy", "hold": "cmd_privacy", "release": "cmd_privacy",
    "audit": "cmd_privacy", "access-request": "cmd_privacy",
    "import-sheet": "cmd_sheets", "export-sheet": "cmd_sheets",
    "list": "cmd_signals", "show": "cmd_signals",
}


def command_word(argv: list[str]) -> str | None:
    """The command in ``argv`` (the first word that is neither an option nor the value of
    a global option), or None."""
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token in core.GLOBAL_OPTIONS:
            skip = True
            continue
        if token.startswith("-"):
            continue
        return token
    return None


def command_modules() -> list[str]:
    """Every ``cli/cmd_*.py`` module; each has ``register(subparsers)``."""
    import mensenhandel_desk.cli as package

    return sorted(f"{package.__name__}.{info.name}"
                  for info in pkgutil.iter_modules(package.__path__)
                  if info.name.startswith("cmd_"))


class Parser(argparse.ArgumentParser):
    """Usage errors exit with 1: exit code 2 is reserved for a wrong passphrase."""

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(core.EXIT_ERROR, _("%(prog)s: error: %(message)s\n")
                  % {"prog": self.prog, "message": message})


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with a known ``command`` only that command's module is imported."""
    argparse._ = _  # type: ignore[attr-defined]
    parser = Parser(
        prog="mensenhandel-desk",
        description=_("Mensenhandel Desk: signals of possible human trafficking, encrypted "
                      "and offline."))
    parser.add_argument("--version", action="version", version=__version__,
                        help=_("show program's version number and exit"))
    # Global options, also accepted after the command (each subparser repeats them with a
    # SUPPRESS default too: a plain default there would overwrite a value given before
    # the command, silently opening the default vault).
    core.add_vault_options(parser)
    sub = parser.add_subparsers(dest="command", metavar=_("command"))
    if command in COMMANDS:
        modules = [f"mensenhandel_desk.cli.{COMMANDS[command]}"]
    else:
        modules = command_modules()
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def run(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        core.check_arguments(argv)
    except DomainError as error:
        return core.fail(error)
    command = command_word(argv)
    if command is None and "--version" in argv:
        core.out(__version__)  # fast: no command module, no vault code loaded
        return core.EXIT_OK
    parser = build_parser(command)
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return core.EXIT_ERROR
    try:
        code = args.handler(args)
        failure = getattr(args, "backup_failure", None)
        if failure is not None:
            core.fail(failure)
            return code or core.EXIT_SAVED_BACKUP_FAILED
        return code
    except DomainError as error:
        return core.fail(error)
    except KeyboardInterrupt:
        core.err(_("Interrupted; nothing half-saved was kept."))
        return core.EXIT_ERROR
    except BrokenPipeError:
        # The reader of our output went away (``list | head``): not a bug. Point stdout at
        # devnull so the interpreter's final flush does not raise a second time.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return core.EXIT_ERROR
