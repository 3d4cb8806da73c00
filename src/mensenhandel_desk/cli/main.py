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
from mensenhandel_desk.i18n import _


def command_modules() -> list[str]:
    """Every ``cli/cmd_*.py`` module; each has ``register(subparsers)``."""
    import mensenhandel_desk.cli as package

    return sorted(f"{package.__name__}.{info.name}"
                  for info in pkgutil.iter_modules(package.__path__)
                  if info.name.startswith("cmd_"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mensenhandel-desk",
        description=_("Mensenhandel Desk: signals of possible human trafficking, encrypted "
                      "and offline."))
    parser.add_argument("--version", action="version", version=__version__)
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
