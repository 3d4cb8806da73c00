"""Officer tools: backup, restore, passphrase, retention, audit trail, access request,
checking the vault.

``open_tool(key, ctx, window)`` opens one (the Kluis menu and the settings screen both
call it); at most one window per tool, brought to the front when open already. Each
tool is a ``ToolDialog`` (ui/tools/common.py): modeless, emptied and closed on lock,
all vault work on the worker with progress.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from mensenhandel_desk.i18n import N_
from mensenhandel_desk.ui.context import DeskContext

# key -> menu text (with its Kluis-menu mnemonic)
MENU_TEXTS: dict[str, str] = {
    "backup": N_("Backup &now…"), "restore": N_("Res&tore a backup…"),
    "passphrase": N_("Change &passphrase…"), "retention": N_("&Retention and destruction…"),
    "audit": N_("Au&dit trail…"), "access": N_("Access re&quest…"),
    "check": N_("Chec&k the vault…"),
}
# key -> (button text, accessible name)
TOOLS: dict[str, tuple[str, str]] = {
    "backup": (N_("Backup now…"), N_("Make a backup of the vault now")),
    "restore": (N_("Restore a backup…"), N_("Replace the vault with a backup")),
    "passphrase": (N_("Change passphrase…"), N_("Change the vault passphrase")),
    "retention": (N_("Retention and destruction…"),
                  N_("Retention periods, signals due for destruction, legal holds")),
    "audit": (N_("Audit trail…"), N_("Show the audit trail")),
    "access": (N_("Access request…"), N_("Handle a data subject access request")),
    "check": (N_("Check the vault…"),
              N_("Check the vault for damage and repair the search index")),
}

_open: dict[str, Any] = {}


# key -> (module under ui/tools, class)
_CLASSES = {"backup": ("backup", "BackupDialog"), "restore": ("backup", "RestoreDialog"),
            "passphrase": ("passphrase", "PassphraseDialog"),
            "retention": ("retention", "RetentionDialog"), "audit": ("audit", "AuditDialog"),
            "access": ("access_request", "AccessRequestDialog"),
            "check": ("check", "CheckDialog")}


def tool_class(key: str) -> Any:
    """The dialog class of a tool, imported on first use."""
    import importlib

    module, name = _CLASSES[key]
    return getattr(importlib.import_module(f"mensenhandel_desk.ui.tools.{module}"), name)


def open_tool(key: str, ctx: DeskContext, window: QWidget) -> Any:
    """Show the tool ``key`` (a new window, or the one already open); None when locked."""
    if not ctx.is_unlocked:
        return None
    dialog = _open.get(key)
    if dialog is not None:
        try:
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        except RuntimeError:  # deleted on close
            _open.pop(key, None)
    dialog = tool_class(key)(ctx, window)
    _open[key] = dialog
    dialog.destroyed.connect(lambda _obj=None, key=key: _open.pop(key, None))
    dialog.show()
    return dialog
