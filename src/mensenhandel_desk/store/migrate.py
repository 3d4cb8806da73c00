"""Schema migrations (Alembic, numbered revisions), run on the already keyed connection.

Before migrating an existing vault, a safety copy is made next to it (``backup_fn``),
so a failed migration never costs data. A vault whose revision this build does not
know was made by a newer version and is refused untouched.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from mensenhandel_desk.domain.errors import VaultTooNew

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@functools.cache
def head_revision() -> str:
    """The newest revision this build knows. Cached: the revision files ship with the
    build and never change while it runs (loading them costs ~15 ms per unlock)."""
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


@functools.cache
def known_revisions() -> frozenset[str]:
    return frozenset(rev.revision
                     for rev in ScriptDirectory.from_config(_config()).walk_revisions())


def warm_up() -> None:
    """Load the revision files now (the desktop does this while the officer types)."""
    head_revision()
    known_revisions()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise VaultTooNew()
    return current != head_revision()


def upgrade(engine: Engine, before: Callable[[], None] | None = None) -> bool:
    """Bring the vault to the head revision. Returns True when anything ran."""
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise VaultTooNew()
    if current == head_revision():
        return False
    if current is not None and before is not None:
        before()
    cfg = _config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
    return True
