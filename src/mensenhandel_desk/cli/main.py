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


def build_parser() -> argparse.ArgumentParser:
    argparse._ = _  # type: ignore[attr-defined]
    parser = Parser(
        prog="mensenhandel-desk",
        description=_("Mensenhandel Desk: signals of possible human trafficking, encrypted "
                      "and offline."))
    parser.add_argument("--version", action="version", version=__version__,
                        help=_("show program's version number and exit"))
    sub = parser.add_subparsers(dest="command", metavar=_("command"))
    for name in command_modules():
        importlib.import_module(name).register(sub)
    return parser


def run(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return core.EXIT_ERROR
    try:
        return args.handler(args)
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
