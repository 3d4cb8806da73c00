"""What the README's start command runs (``python -m mensenhandel_desk.launch``).

It opens the desktop client. With no vault configured (none given, none remembered, none
in the default place) it opens the DEMO vault ``demo-kluis.mhd`` in the data folder, made
the first time with 200 fictitious signals under the fixed, public ``DEMO_PASSPHRASE``;
only for that vault the unlock screen shows the passphrase. It protects nothing: never put
real data in the demo vault. ``mensenhandel-desk`` without a command opens the same window
but starts the first-start wizard instead of the demo.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mensenhandel_desk import i18n
from mensenhandel_desk.crash import report_bug, setup_logging

DEMO_VAULT_NAME = "demo-kluis.mhd"
DEMO_PASSPHRASE = "demo-alleen-fictieve-gegevens"  # public on purpose: demo only


def main(argv: list[str] | None = None) -> int:
    i18n.set_language(os.environ.get("MHD_LANGUAGE", i18n.DEFAULT_LANGUAGE))
    setup_logging()
    args = argv if argv is not None else sys.argv[1:]
    vault = Path(args[1]) if len(args) == 2 and args[0] == "--vault" else None
    try:
        from mensenhandel_desk.app import run_gui

        return run_gui(vault, demo=True)
    except Exception as exc:
        print(i18n._("Something went wrong (error id {id}). Nothing half-saved was kept. "
                     "Pass the error id on to the IT service desk.").format(
                         id=report_bug(exc)), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
