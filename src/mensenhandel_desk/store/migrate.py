"""Schema migrations (Alembic, numbered revisions), run on the already keyed connection.

Before migrating an existing vault, a safety copy is made next to it (``backup_fn``),
so a failed migration never costs data. A vault whose revision this build does not
know was made by a newer version and is refused untouched.

Alembic is imported only when a vault really needs migrating: an unlock of a current
vault reads the revision itself (one row of ``alembic_version``) and the revision files'
``revision``/``down_revision`` lines, which keeps ~11 MB and its import time out of every
session (``tests/test_migrations.py`` checks both against Alembic's own answers).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from mensenhandel_desk.domain.errors import VaultTooNew

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r'^revision\s*=\s*"([^"]+)"', re.MULTILINE)
_DOWN = re.compile(r'^down_revision\s*=\s*(?:None|"([^"]+)")', re.MULTILINE)


def _config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@functools.cache
def _revision_graph() -> dict[str, str | None]:
    """revision -> down_revision, read from the shipped revision files (they never change
    while the build runs)."""
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("[0-9]*.py")):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None or down is None:
            raise RuntimeError(f"migration {path.name} lacks revision/down_revision")
        graph[revision.group(1)] = down.group(1)
    return graph


def head_revision() -> str:
    """The newest revision this build knows (the one no other revision builds on)."""
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def known_revisions() -> frozenset[str]:
    return frozenset(_revision_graph())


def warm_up() -> None:
    """Read the revision files now (the desktop does this while the officer types)."""
    head_revision()


def current_revision(engine: Engine) -> str | None:
    """The vault's revision, as Alembic stores it (None for a vault never migrated)."""
    with engine.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                   "name = 'alembic_version'")).first()
        if exists is None:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def upgrade(engine: Engine, before: Callable[[], None] | None = None) -> bool:
    """Bring the vault to the head revision. Returns True when anything ran."""
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise VaultTooNew()
    if current == head_revision():
        return False
    if current is not None and before is not None:
        before()
    from alembic import command

    cfg = _config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
    return True
