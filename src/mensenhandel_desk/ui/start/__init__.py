"""Everything before the workspace: the unlock screen, the first-start wizard, the last
vault opened, one instance per vault, and the demo vault.

The names are loaded on first use (PEP 562), so importing one part (``recent``, ``demo``)
does not pull in the wizard, QtNetwork and the rest before the unlock screen paints.
``ui/app.py`` wires them (``Desk``, ``choose_vault``, ``run``).
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "DEMO_PASSPHRASE": "demo",
    "demo_passphrase": "demo",
    "demo_vault_path": "demo",
    "make_demo_vault": "demo",
    "forget_vault": "recent",
    "last_vault": "recent",
    "remember_vault": "recent",
    "settings_file": "recent",
    "SingleInstance": "single_instance",
    "server_name": "single_instance",
    "UnlockScreen": "unlock",
    "default_opener": "unlock",
    "delay_after": "unlock",
    "preload_heavy_stack": "unlock",
    "FirstStartWizard": "wizard",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
