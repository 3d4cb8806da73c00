"""Version 1 of the vault schema: the whole domain of the six-step report route.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

Written out in full (not ``metadata.create_all``) so later model changes never alter
what revision one means; ``tests/fixtures/vault-v1.mhd`` is a vault at this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The FTS rowid is signal.search_key = received_on ordinal << 32 | signal id, so a search
# sorted by date newest-first streams from the index in rowid order (see repositories.py).
FTS_DDL = (
    "CREATE VIRTUAL TABLE signal_fts USING fts5("
    "reference, summary, description, parties, locations, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
)


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("object_ref", sa.String(length=60), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_audit_event_action"), "audit_event", ["action"], unique=False)
    op.create_index(op.f("ix_audit_event_at"), "audit_event", ["at"], unique=False)
    op.create_index(op.f("ix_audit_event_object_ref"), "audit_event", ["object_ref"], unique=False)
    op.create_table(
        "checklist_version",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("version"),
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_meeting_held_on"), "meeting", ["held_on"], unique=False)
    op.create_table(
        "partner",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("tasks", sa.Text(), nullable=False),
        sa.Column("forms", sa.String(length=100), nullable=False),
        sa.Column("route", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "print_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("document_kind", sa.String(length=40), nullable=False),
        sa.Column("object_ref", sa.String(length=60), nullable=False),
        sa.Column("copy_number", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_print_record_object_ref"), "print_record", ["object_ref"], unique=False
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "signal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("urgency", sa.String(length=20), nullable=False),
        sa.Column("forms", sa.String(length=100), nullable=False),
        sa.Column("form_sexual", sa.Boolean(), nullable=False),
        sa.Column("form_labour", sa.Boolean(), nullable=False),
        sa.Column("form_criminal", sa.Boolean(), nullable=False),
        sa.Column("form_other", sa.Boolean(), nullable=False),
        sa.Column("assessment", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("checklist_version", sa.Integer(), nullable=False),
        sa.Column("trusted_person_considered", sa.Boolean(), nullable=False),
        sa.Column("legal_hold_reason", sa.Text(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("search_key", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    op.create_index(op.f("ix_signal_closed_on"), "signal", ["closed_on"], unique=False)
    op.create_index(op.f("ix_signal_received_on"), "signal", ["received_on"], unique=False)
    op.create_index(op.f("ix_signal_source"), "signal", ["source"], unique=False)
    op.create_index(op.f("ix_signal_status"), "signal", ["status"], unique=False)
    op.create_index("ix_signal_status_received", "signal", ["status", "received_on"], unique=False)
    op.create_index(
        "ix_signal_facets",
        "signal",
        ["received_on", "status", "urgency", "source", "assessment", "outcome",
         "form_sexual", "form_labour", "form_criminal", "form_other"],
        unique=False,
    )
    op.create_index(op.f("ix_signal_urgency"), "signal", ["urgency"], unique=False)
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_key", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("function", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_key"],
            ["partner.key"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_contact_partner_key"), "contact", ["partner_key"], unique=False)
    op.create_table(
        "enrichment_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("result", sa.String(length=30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["signal_id"], ["signal.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_enrichment_note_signal_id"), "enrichment_note", ["signal_id"], unique=False
    )
    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checklist_version", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("group_key", sa.String(length=60), nullable=False),
        sa.Column("group_label", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("is_vulnerability_factor", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checklist_version"],
            ["checklist_version.version"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("checklist_version", "key"),
    )
    op.create_index(
        op.f("ix_indicator_checklist_version"), "indicator", ["checklist_version"], unique=False
    )
    op.create_table(
        "location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("street", sa.String(length=300), nullable=False),
        sa.Column("house_number", sa.String(length=20), nullable=False),
        sa.Column("postcode", sa.String(length=20), nullable=False),
        sa.Column("town", sa.String(length=100), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("match_key", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["signal_id"], ["signal.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_location_match_key"), "location", ["match_key"], unique=False)
    op.create_index(op.f("ix_location_signal_id"), "location", ["signal_id"], unique=False)
    op.create_table(
        "meeting_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("action_holder", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["signal_id"], ["signal.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_meeting_item_meeting_id"), "meeting_item", ["meeting_id"], unique=False
    )
    op.create_index(op.f("ix_meeting_item_signal_id"), "meeting_item", ["signal_id"], unique=False)
    op.create_table(
        "party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("nationality", sa.String(length=100), nullable=False),
        sa.Column("gender", sa.String(length=20), nullable=False),
        sa.Column("kvk_number", sa.String(length=20), nullable=False),
        sa.Column("sector", sa.String(length=100), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("match_key", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(["signal_id"], ["signal.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_party_match_key"), "party", ["match_key"], unique=False)
    op.create_index(op.f("ix_party_signal_id"), "party", ["signal_id"], unique=False)
    op.create_table(
        "reporter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("department", sa.String(length=300), nullable=False),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("team_coordinator", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["signal_id"], ["signal.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("signal_id"),
    )
    op.create_table(
        "reporter_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["signal_id"], ["signal.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_reporter_feedback_signal_id"), "reporter_feedback", ["signal_id"], unique=False
    )
    op.create_table(
        "handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("partner_key", sa.String(length=60), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("handed_over_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=30), nullable=False),
        sa.Column("basis", sa.String(length=30), nullable=False),
        sa.Column("legal_ground", sa.Text(), nullable=False),
        sa.Column("shared_data", sa.String(length=200), nullable=False),
        sa.Column("name_mode", sa.String(length=20), nullable=False),
        sa.Column("requested_action", sa.Text(), nullable=False),
        sa.Column("feedback_due_on", sa.Date(), nullable=True),
        sa.Column("feedback_received_on", sa.Date(), nullable=True),
        sa.Column("feedback_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["partner_key"],
            ["partner.key"],
        ),
        sa.ForeignKeyConstraint(["signal_id"], ["signal.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_handover_feedback_due_on"), "handover", ["feedback_due_on"], unique=False
    )
    op.create_index(op.f("ix_handover_partner_key"), "handover", ["partner_key"], unique=False)
    op.create_index(op.f("ix_handover_signal_id"), "handover", ["signal_id"], unique=False)
    op.create_table(
        "signal_indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("observed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
        ),
        sa.ForeignKeyConstraint(["signal_id"], ["signal.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("signal_id", "indicator_id"),
    )
    op.create_index(
        op.f("ix_signal_indicator_signal_id"), "signal_indicator", ["signal_id"], unique=False
    )
    op.execute(FTS_DDL)


def downgrade() -> None:
    op.execute("DROP TABLE signal_fts")
    op.drop_index(op.f("ix_signal_indicator_signal_id"), table_name="signal_indicator")
    op.drop_table("signal_indicator")
    op.drop_index(op.f("ix_handover_signal_id"), table_name="handover")
    op.drop_index(op.f("ix_handover_partner_key"), table_name="handover")
    op.drop_index(op.f("ix_handover_feedback_due_on"), table_name="handover")
    op.drop_table("handover")
    op.drop_index(op.f("ix_reporter_feedback_signal_id"), table_name="reporter_feedback")
    op.drop_table("reporter_feedback")
    op.drop_table("reporter")
    op.drop_index(op.f("ix_party_signal_id"), table_name="party")
    op.drop_index(op.f("ix_party_match_key"), table_name="party")
    op.drop_table("party")
    op.drop_index(op.f("ix_meeting_item_signal_id"), table_name="meeting_item")
    op.drop_index(op.f("ix_meeting_item_meeting_id"), table_name="meeting_item")
    op.drop_table("meeting_item")
    op.drop_index(op.f("ix_location_signal_id"), table_name="location")
    op.drop_index(op.f("ix_location_match_key"), table_name="location")
    op.drop_table("location")
    op.drop_index(op.f("ix_indicator_checklist_version"), table_name="indicator")
    op.drop_table("indicator")
    op.drop_index(op.f("ix_enrichment_note_signal_id"), table_name="enrichment_note")
    op.drop_table("enrichment_note")
    op.drop_index(op.f("ix_contact_partner_key"), table_name="contact")
    op.drop_table("contact")
    op.drop_index(op.f("ix_signal_urgency"), table_name="signal")
    op.drop_index("ix_signal_status_received", table_name="signal")
    op.drop_index(op.f("ix_signal_status"), table_name="signal")
    op.drop_index(op.f("ix_signal_source"), table_name="signal")
    op.drop_index(op.f("ix_signal_received_on"), table_name="signal")
    op.drop_index(op.f("ix_signal_closed_on"), table_name="signal")
    op.drop_table("signal")
    op.drop_table("setting")
    op.drop_index(op.f("ix_print_record_object_ref"), table_name="print_record")
    op.drop_table("print_record")
    op.drop_table("partner")
    op.drop_index(op.f("ix_meeting_held_on"), table_name="meeting")
    op.drop_table("meeting")
    op.drop_table("checklist_version")
    op.drop_index(op.f("ix_audit_event_object_ref"), table_name="audit_event")
    op.drop_index(op.f("ix_audit_event_at"), table_name="audit_event")
    op.drop_index(op.f("ix_audit_event_action"), table_name="audit_event")
    op.drop_table("audit_event")
