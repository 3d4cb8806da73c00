"""The register and "Te doen" at 100,000 signals: next action per signal, sort indexes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Adds two denormalised columns to ``signal``, kept up to date by the services after every
change (``services/route_state.refresh``):

- ``next_action``: code of the first next action of the route rules, computed without
  "today" (overdue feedback ignored); "" for a closed signal.
- ``next_due_on``: the signal's next deadline: the day it was received for
  ``handover_police``, else the earliest due date of partner feedback not yet received,
  else NULL. Reads compare it with today (``domain/route.current_next_action``), so
  "wait for feedback" turns into "chase the partner" without a write.

Existing rows are backfilled in SQL below, a frozen copy of the route rules of this
revision (``BACKFILL_SQL``; tests compare it with the Python rules).

Indexes give every register column an indexed order (ties by id: the rowid at the end of
every index): rank expressions for status, urgency and assessment (route order, not
alphabetical), summary case-insensitively, forms, the next action by due date (no date
last) then received date; plus ``updated_at`` ("untouched for weeks", covering), a partial
index of signals under a legal hold, one of partner feedback not yet received, and the due
date of meeting actions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Rank expressions: the same text is used in ORDER BY (store/repositories.py), which is
# what lets SQLite walk these expression indexes.
STATUS_RANK = ("CASE status WHEN 'received' THEN 0 WHEN 'enriched' THEN 1 "
               "WHEN 'discussed' THEN 2 WHEN 'handed_over' THEN 3 "
               "WHEN 'feedback_received' THEN 4 WHEN 'reporter_informed' THEN 5 "
               "WHEN 'closed' THEN 6 END")
URGENCY_RANK = ("CASE urgency WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 "
                "WHEN 'immediate' THEN 3 END")
ASSESSMENT_RANK = ("CASE assessment WHEN 'not_assessed' THEN 0 WHEN 'no_trafficking' THEN 1 "
                   "WHEN 'risk_factors' THEN 2 WHEN 'possible' THEN 3 "
                   "WHEN 'trafficking' THEN 4 END")

INDEXES = {
    "ix_signal_status_rank": f"({STATUS_RANK})",
    "ix_signal_urgency_rank": f"({URGENCY_RANK})",
    "ix_signal_assessment_rank": f"({ASSESSMENT_RANK})",
    "ix_signal_summary": "(summary COLLATE NOCASE)",
    "ix_signal_forms": "(forms)",
    "ix_signal_next_due": "(next_due_on IS NULL, next_due_on, received_on)",
    "ix_signal_next_action": "(next_action)",
    "ix_signal_updated_at": "(updated_at, status, reference)",
    "ix_signal_held": "(id) WHERE legal_hold_reason IS NOT NULL",
}

# The route rules of this revision (domain/route.py next_actions, overdue ignored).
BACKFILL_SQL = """
WITH f AS (
    SELECT s.id AS id,
           s.received_on AS received_on,
           (s.outcome IS NOT NULL AND s.closed_on IS NOT NULL) AS closed,
           (s.urgency = 'immediate') AS immediate,
           s.form_labour AS labour,
           EXISTS (SELECT 1 FROM enrichment_note n WHERE n.signal_id = s.id) AS enriched,
           EXISTS (SELECT 1 FROM meeting_item m WHERE m.signal_id = s.id) AS discussed,
           EXISTS (SELECT 1 FROM handover h WHERE h.signal_id = s.id) AS handed,
           EXISTS (SELECT 1 FROM handover h WHERE h.signal_id = s.id
                   AND h.partner_key = 'politie_avim') AS police,
           EXISTS (SELECT 1 FROM handover h WHERE h.signal_id = s.id
                   AND h.partner_key = 'zorgcoordinator') AS care,
           EXISTS (SELECT 1 FROM handover h WHERE h.signal_id = s.id
                   AND h.partner_key = 'nla') AS nla,
           EXISTS (SELECT 1 FROM handover h WHERE h.signal_id = s.id
                   AND h.feedback_received_on IS NOT NULL) AS feedback,
           (SELECT min(h.feedback_due_on) FROM handover h WHERE h.signal_id = s.id
            AND h.feedback_received_on IS NULL) AS open_due,
           EXISTS (SELECT 1 FROM reporter_feedback rf WHERE rf.signal_id = s.id) AS informed,
           EXISTS (SELECT 1 FROM reporter r WHERE r.signal_id = s.id) AS has_reporter
    FROM signal s
), a AS (
    SELECT id, received_on, open_due,
           CASE
               WHEN closed THEN ''
               WHEN immediate AND NOT police THEN 'handover_police'
               WHEN NOT enriched AND NOT handed THEN 'enrich'
               WHEN handed AND NOT care THEN 'handover_care'
               WHEN NOT handed AND (enriched OR discussed) THEN 'handover'
               WHEN handed AND NOT feedback THEN 'await_feedback'
               WHEN feedback AND has_reporter AND NOT informed THEN 'inform_reporter'
               WHEN labour AND handed AND NOT feedback AND NOT nla THEN 'handover_nla'
               WHEN feedback AND (informed OR NOT has_reporter) THEN 'close'
               ELSE ''
           END AS code
    FROM f
)
UPDATE signal SET
    next_action = a.code,
    next_due_on = CASE WHEN a.code = '' THEN NULL
                       WHEN a.code = 'handover_police' THEN a.received_on
                       ELSE a.open_due END
FROM a WHERE a.id = signal.id
"""


def upgrade() -> None:
    with op.batch_alter_table("signal") as batch:
        batch.add_column(sa.Column("next_action", sa.String(length=30), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("next_due_on", sa.Date(), nullable=True))
    op.execute(BACKFILL_SQL)
    for name, definition in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON signal {definition}")
    # "Te doen": overdue partner feedback and due meeting actions without a table scan.
    op.execute("CREATE INDEX ix_handover_open_feedback ON handover (feedback_due_on, "
               "signal_id) WHERE feedback_received_on IS NULL")
    op.create_index("ix_meeting_item_due_on", "meeting_item", ["due_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_meeting_item_due_on", table_name="meeting_item")
    op.execute("DROP INDEX ix_handover_open_feedback")
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")
    with op.batch_alter_table("signal") as batch:
        batch.drop_column("next_due_on")
        batch.drop_column("next_action")
