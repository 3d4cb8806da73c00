"""Editor drafts kept over a lock (issue 8).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

Additive: a new table ``draft`` for what the officer typed in the signal editor but did
not save when the desk locked (the lock never waits on a question). One JSON snapshot
per key: ``signal:<id>`` for a signal being edited, ``new`` for a new signal not yet
saved. Drafts live only inside the encrypted vault, never in settings or files; a
signal's draft goes with the signal (ON DELETE CASCADE). Existing vaults get an empty
table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=True),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["signal_id"], ["signal.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_draft_signal_id", "draft", ["signal_id"])


def downgrade() -> None:
    op.drop_index("ix_draft_signal_id", table_name="draft")
    op.drop_table("draft")
