"""The demo vault: where it lives, its public passphrase, and how it is made.

The constants mirror ``launch.DEMO_VAULT_NAME`` / ``launch.DEMO_PASSPHRASE`` (a test
keeps them equal). ``ui`` may not import ``launch``: it imports the CLI, and the layer
contract keeps ``ui`` and ``cli`` apart. The passphrase is public on purpose and protects
nothing: never put real data in the demo vault.
"""

from __future__ import annotations

from pathlib import Path

from mensenhandel_desk import paths

DEMO_VAULT_NAME = "demo-kluis.mhd"
DEMO_PASSPHRASE = "demo-alleen-fictieve-gegevens"  # public on purpose: demo only


def demo_vault_path() -> Path:
    return paths.data_dir() / DEMO_VAULT_NAME


def demo_passphrase() -> str:
    return DEMO_PASSPHRASE


def make_demo_vault(path: Path) -> None:
    """On the worker: a new demo vault with the public demo passphrase and fictitious
    signals, closed again (the officer unlocks it on the unlock screen)."""
    from mensenhandel_desk.services import demo
    from mensenhandel_desk.services.session import create_vault

    with create_vault(path, DEMO_PASSPHRASE) as services:
        demo.generate(services)
