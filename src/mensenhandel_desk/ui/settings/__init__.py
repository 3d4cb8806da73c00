"""The "Instellingen" section: the vault's settings and the officer tools beside them."""

from mensenhandel_desk.ui.settings.view import SettingsView

__all__ = ["SettingsView"]
