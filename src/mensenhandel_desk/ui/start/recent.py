"""The last vault the officer opened: its path, and nothing else, outside the vault.

Stored with ``QSettings`` under ``paths.APP_AUTHOR`` / ``paths.APP_NAME`` (the registry on
Windows, a ``.conf`` file on Linux). When ``MHD_CONFIG_DIR`` is set (tests, portable
installs) an INI file inside that folder is used instead, so nothing leaks into the real
user profile. Only the path is kept: never a passphrase, a reference or a name. Besides
it, one flag per demo vault whose passphrase was changed (a hash of its path, so the
unlock screen stops offering the public demo passphrase for it).
GUI thread only (``QSettings`` is cheap; no vault involved).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QSettings

from mensenhandel_desk import paths

KEY = "vault/last"
DEMO_CHANGED_KEY = "demo/passphrase_changed"  # hashes of demo vault paths
INI_NAME = "start.ini"


def settings_file() -> Path | None:
    """The INI file used when ``MHD_CONFIG_DIR`` is set; ``None`` for the native store."""
    override = os.environ.get("MHD_CONFIG_DIR")
    return Path(override) / INI_NAME if override else None


def _settings() -> QSettings:
    ini = settings_file()
    if ini is not None:
        return QSettings(str(ini), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                     paths.APP_AUTHOR, paths.APP_NAME)


def last_vault() -> Path | None:
    """The vault opened last, if that file still exists; otherwise ``None``."""
    value = _settings().value(KEY, "")
    if not isinstance(value, str) or not value:
        return None
    path = Path(value)
    return path if path.is_file() else None


def remember_vault(path: Path) -> None:
    """Remember ``path`` (made absolute) as the vault to offer on the next start."""
    settings = _settings()
    settings.setValue(KEY, str(Path(path).absolute()))
    settings.sync()


def forget_vault() -> None:
    """Forget the remembered vault (e.g. after it was moved or destroyed)."""
    settings = _settings()
    settings.remove(KEY)
    settings.sync()


def _path_hash(path: Path) -> str:
    return hashlib.sha256(str(Path(path).absolute()).encode("utf-8")).hexdigest()[:32]


def _demo_changed() -> list[str]:
    value = _settings().value(DEMO_CHANGED_KEY, [])
    if isinstance(value, str):  # QSettings returns one value as a plain string
        value = [value] if value else []
    return [str(v) for v in value or []]


def demo_passphrase_changed(path: Path) -> bool:
    """Whether the officer changed the passphrase of the demo vault at ``path`` (then
    the public demo passphrase no longer opens it and is not offered)."""
    return _path_hash(path) in _demo_changed()


def set_demo_passphrase_changed(path: Path, changed: bool = True) -> None:
    """Remember (or, for a new demo vault at ``path``, forget) that its passphrase was
    changed. Only a hash of the path is stored."""
    key = _path_hash(path)
    values = [v for v in _demo_changed() if v != key] + ([key] if changed else [])
    settings = _settings()
    if values:
        settings.setValue(DEMO_CHANGED_KEY, values)
    else:
        settings.remove(DEMO_CHANGED_KEY)
    settings.sync()
