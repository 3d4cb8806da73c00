"""Awareness activities for monitoring (issue 9).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

Additive: a new table ``awareness_activity`` for trainings, e-learnings, team-meeting
sessions and campaigns (the "signaleerder" role of both policies): date, kind, target
group or department, number reached and the organisation that gave it. No personal data.
An index on the date serves the monitoring period. Existing vaults get an empty table.

Two covering indexes let the monitoring figures read parties and handovers of a period
without touching their (large, encrypted) rows: party by signal with kind, role, gender,
nationality and date of birth; handover by signal with partner, date and feedback date.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "awareness_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("target_group", sa.String(length=300), nullable=False),
        sa.Column("reached", sa.Integer(), nullable=False),
        sa.Column("given_by", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_awareness_activity_held_on", "awareness_activity", ["held_on"])
    op.create_index("ix_party_monitoring", "party",
                    ["signal_id", "kind", "role", "gender", "nationality", "date_of_birth"])
    op.create_index("ix_handover_monitoring", "handover",
                    ["signal_id", "partner_key", "handed_over_on", "feedback_received_on"])


def downgrade() -> None:
    op.drop_index("ix_handover_monitoring", table_name="handover")
    op.drop_index("ix_party_monitoring", table_name="party")
    op.drop_index("ix_awareness_activity_held_on", table_name="awareness_activity")
    op.drop_table("awareness_activity")
