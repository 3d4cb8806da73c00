"""What every command shares: the vault path, the passphrase, exit codes, output.

Exit codes: 0 ok, 1 any other error, 2 wrong passphrase / not a vault, 3 the change was
saved but the automatic backup at close failed (do not repeat the command).
The passphrase comes from ``--passphrase-file``, the environment variable
``MHD_PASSPHRASE``, or an interactive prompt; never from argv.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mensenhandel_desk import paths
from mensenhandel_desk.domain.errors import DomainError, ValidationError
from mensenhandel_desk.i18n import _

if TYPE_CHECKING:  # loaded by the commands that open a vault, not by --version/--help
    from mensenhandel_desk.services.session import Services

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_WRONG_PASSPHRASE = 2
EXIT_SAVED_BACKUP_FAILED = 3  # the change is saved; the automatic backup at close failed

Handler = Callable[[argparse.Namespace], int]


class InvalidArgument(ValidationError):
    code = "invalid_argument"

    def __init__(self) -> None:
        super().__init__("An argument contains bytes that are not valid text (UTF-8). Type "
                         "it again; nothing has been changed.")


def check_arguments(argv: list[str]) -> None:
    """Lone surrogates (undecodable bytes in argv) would fail deep inside as a bug."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidArgument() from None


class NoPassphrase(ValidationError):
    code = "no_passphrase"

    def __init__(self) -> None:
        super().__init__("No passphrase given. Type it at the prompt, or use "
                         "--passphrase-file or the environment variable MHD_PASSPHRASE.")


def vault_path(args: argparse.Namespace) -> Path:
    return Path(args.vault) if getattr(args, "vault", None) else paths.default_vault_path()


def read_secret_file(path: str) -> str:
    """First line of a file, without the line ending (so editors' newlines don't count).
    A UTF-8 byte order mark (Notepad) is not part of the passphrase; lines end only at
    ``\n`` (``\r\n``), not at the other separators ``str.splitlines`` knows (U+2028...),
    so a passphrase reads the same from a file as from ``MHD_PASSPHRASE``."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise ValidationError("The passphrase file cannot be read.", code="passphrase_file",
                              field="passphrase_file") from None
    return text.split("\n", 1)[0].removesuffix("\r")


def passphrase(args: argparse.Namespace, *, confirm: bool = False,
               prompt: str | None = None) -> str:
    if getattr(args, "passphrase_file", None):
        return read_secret_file(args.passphrase_file)
    env = os.environ.get("MHD_PASSPHRASE")
    if env:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise NoPassphrase()
    first = getpass.getpass(prompt or _("Passphrase: "))
    if confirm:
        again = getpass.getpass(_("Repeat passphrase: "))
        if again != first:
            raise ValidationError("The passphrases do not match.", code="passphrase_mismatch")
    return first


def open_services(args: argparse.Namespace) -> Services:
    from mensenhandel_desk.services.session import open_vault

    return open_vault(vault_path(args), passphrase(args))


@contextlib.contextmanager
def changing_session(args: argparse.Namespace, *, create: bool = False) -> Iterator[Services]:
    """Open (or create) the vault for a command that changes it; on success, ``lock()``:
    the automatic rotating backup (Settings.backup_on_close / the policy) when something
    changed since the last one, then close. Read-only commands use ``open_services`` and
    make no backup."""
    from mensenhandel_desk.services.backup import BackupAfterSaveFailed

    services = create_services(args) if create else open_services(args)
    try:
        yield services
    except BaseException:
        services.close()
        raise
    try:
        services.lock()
    except BackupAfterSaveFailed as failure:
        # The change is saved: let the command report it, then ``run`` reports the
        # failed backup (exit 3), instead of "not saved" from the middle of the command.
        args.backup_failure = failure


def create_services(args: argparse.Namespace) -> Services:
    from mensenhandel_desk.services.session import create_vault

    return create_vault(vault_path(args), passphrase(args, confirm=True))


def out(text: str = "") -> None:
    """Print to stdout, surviving a console that cannot encode every script."""
    try:
        print(text)
    except UnicodeEncodeError:
        print(text.encode(sys.stdout.encoding or "utf-8", "replace").decode(
            sys.stdout.encoding or "utf-8"))


def err(text: str) -> None:
    print(text, file=sys.stderr)


def fail(error: DomainError) -> int:
    err(_("Error: {message}").format(message=error.message))
    return error.exit_code


GLOBAL_OPTIONS = ("--vault", "--passphrase-file")


def add_vault_options(parser: argparse.ArgumentParser) -> None:
    """``--vault`` and ``--passphrase-file``: on the main parser and on every command, so
    they work before and after the command. ``SUPPRESS`` defaults: an option left out
    sets nothing, so it never overwrites the value given on the other side."""
    parser.add_argument("--vault", metavar="PATH", default=argparse.SUPPRESS,
                        help=_("vault file (default: the user data folder)"))
    parser.add_argument("--passphrase-file", metavar="FILE", default=argparse.SUPPRESS,
                        help=_("read the passphrase from the first line of FILE"))
