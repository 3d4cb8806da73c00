"""What the README's start command runs (``python -m mensenhandel_desk.launch``).

Until the desktop window exists this is a friendly text start that works without a
terminal (no prompt, no tty needed):

- a vault exists at the default place: explain how to open it with the command line
  (which asks for the passphrase) and stop; the real vault is never unlocked here;
- no vault yet: make a DEMO vault ``demo-kluis.mhd`` in the data folder with the fixed,
  public ``DEMO_PASSPHRASE`` (only the first time), fill it with fictitious demo data,
  and print the signal list (first 30 lines) and one signal in full.

The GUI issue replaces ``main``'s body; the demo passphrase stays documented here and
in the README. It protects nothing: never put real data in the demo vault.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys

from mensenhandel_desk import i18n, paths
from mensenhandel_desk.domain.enums import SignalStatus
from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.i18n import _

DEMO_VAULT_NAME = "demo-kluis.mhd"
DEMO_PASSPHRASE = "demo-alleen-fictieve-gegevens"  # public on purpose: demo only
LIST_LINES = 30


def _cli(argv: list[str]) -> tuple[int, list[str]]:
    """Run a CLI command in-process with the demo passphrase; return code and lines."""
    from mensenhandel_desk.cli.main import run

    buffer = io.StringIO()
    previous = os.environ.get("MHD_PASSPHRASE")
    os.environ["MHD_PASSPHRASE"] = DEMO_PASSPHRASE
    try:
        with contextlib.redirect_stdout(buffer):
            code = run(argv)
    finally:
        if previous is None:
            os.environ.pop("MHD_PASSPHRASE", None)
        else:
            os.environ["MHD_PASSPHRASE"] = previous
    return code, buffer.getvalue().splitlines()


def _example_reference() -> str | None:
    """A signal far enough along the route to show every part of a dossier."""
    from mensenhandel_desk.services.session import open_vault

    with open_vault(paths.data_dir() / DEMO_VAULT_NAME, DEMO_PASSPHRASE) as services:
        page = services.signals.page(sort="received_on", descending=True, limit=200)
    wanted = (SignalStatus.FEEDBACK_RECEIVED, SignalStatus.HANDED_OVER, SignalStatus.CLOSED)
    for status in wanted:
        for row in page.rows:
            if row.status is status:
                return row.reference
    return page.rows[0].reference if page.rows else None


def main() -> int:
    i18n.set_language(os.environ.get("MHD_LANGUAGE", i18n.DEFAULT_LANGUAGE))
    real = paths.default_vault_path()
    if real.exists():
        print(_("A vault was found at {path}.").format(path=real))
        print(_("The desktop window is not available yet. Open the vault with the command "
                "line; it asks for your passphrase:"))
        print("  python -m mensenhandel_desk list")
        print("  python -m mensenhandel_desk show MH-JJJJ-NNNN")
        return 0
    demo_path = paths.data_dir() / DEMO_VAULT_NAME
    vault = ["--vault", str(demo_path)]
    print("=" * 72)
    print(_("DEMO VAULT with fictitious data: {path}").format(path=demo_path))
    print(_("Demo passphrase (for this demo vault ONLY, never for real data): {passphrase}")
          .format(passphrase=DEMO_PASSPHRASE))
    print("=" * 72)
    try:
        if not demo_path.exists():
            print(_("Making the demo vault with 200 fictitious signals..."))
            code, lines = _cli(["demo", *vault])
            print("\n".join(lines))
            if code:
                return code
        code, lines = _cli(["list", *vault])
        if code:
            return code
        print()
        print(_("Signals (first {count} of {total}):").format(count=min(LIST_LINES,
                                                                        len(lines)),
                                                             total=len(lines)))
        print("\n".join(lines[:LIST_LINES]))
        reference = _example_reference()
        if reference:
            code, lines = _cli(["show", reference, *vault])
            print()
            print("\n".join(lines))
            if code:
                return code
    except DomainError as error:
        print(_("Error: {message}").format(message=error.message), file=sys.stderr)
        return error.exit_code
    print()
    print(_("Try the command line yourself, for example:"))
    print(f"  MHD_PASSPHRASE={DEMO_PASSPHRASE} python -m mensenhandel_desk list "
          f"--vault \"{demo_path}\" --search nowak")
    return 0


if __name__ == "__main__":
    sys.exit(main())
