"""Where things live on disk. Computed on call, never at import, and overridable for tests.

Environment overrides (used by tests and by the IT department's scripted installs):
``MHD_DATA_DIR`` (vault, backups), ``MHD_CONFIG_DIR`` (non-personal settings),
``MHD_POLICY_FILE`` (policy file, only where no machine-wide one exists).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "MensenhandelDesk"
APP_AUTHOR = "Gemeente"
VAULT_FILENAME = "kluis.mhd"


def resources_dir() -> Path:
    """The shipped ``resources/`` folder (fonts, translations, seed data)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "resources"
        if (candidate / "i18n").is_dir():
            return candidate
    # Installed as a wheel: resources are shipped inside the package.
    return here.parent / "resources"


def data_dir() -> Path:
    override = os.environ.get("MHD_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def config_dir() -> Path:
    override = os.environ.get("MHD_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=False))


def default_vault_path() -> Path:
    return data_dir() / VAULT_FILENAME


def backups_dir() -> Path:
    return data_dir() / "backups"


def machine_policy_file() -> Path:
    """Where the municipality's IT puts the policy file, per OS (admin-writable only)."""
    if sys.platform == "win32":
        base = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return Path(base) / APP_NAME / "policy.json"
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME / "policy.json"
    return Path("/etc") / "mensenhandel-desk" / "policy.json"


def policy_file() -> Path:
    """The policy file in force. The machine-wide file always wins when it exists, so an
    officer cannot switch the policy off by pointing ``MHD_POLICY_FILE`` at an empty
    place; the variable only serves where no machine-wide file exists (tests, pilots)."""
    machine = machine_policy_file()
    override = os.environ.get("MHD_POLICY_FILE")
    if override and not machine.exists():
        return Path(override)
    return machine
