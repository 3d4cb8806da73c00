"""Alembic environment: always run programmatically on an already keyed connection."""

from __future__ import annotations

from alembic import context

from mensenhandel_desk.store.rows import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies tables
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
