"""Meetings record who attended (functions and organisations), for the minutes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

Additive: existing meetings get an empty list of attendees.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(sa.Column("attendees", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.drop_column("attendees")
