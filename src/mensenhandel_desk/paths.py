"""Where things live on disk. Computed on call, never at import, and overridable for tests.

Environment overrides (used by tests and by the IT department's scripted installs):
``MHD_DATA_DIR`` (vault, backups), ``MHD_CONFIG_DIR`` (non-personal settings),
``MHD_POLICY_FILE`` (machine-wide policy file).
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


def policy_file() -> Path:
    """Machine-wide policy file written by the municipality's IT (read-only for the officer)."""
    override = os.environ.get("MHD_POLICY_FILE")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return Path(base) / APP_NAME / "policy.json"
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME / "policy.json"
    return Path("/etc") / "mensenhandel-desk" / "policy.json"
