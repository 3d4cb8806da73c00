"""ORM rows (SQLAlchemy 2.x declarative). Internal to ``store``: services get domain records.

Sets of enum values (forms, shared data kinds) are stored as comma-separated keys;
``forms`` additionally gets one boolean column per form so monitoring and filters
stay indexed SQL.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Route order, not alphabetical order, for the register's status, urgency and
# assessment columns. Frozen copies live in migration 0003; a test keeps them equal.
STATUS_RANK = ("CASE status WHEN 'received' THEN 0 WHEN 'enriched' THEN 1 "
               "WHEN 'discussed' THEN 2 WHEN 'handed_over' THEN 3 "
               "WHEN 'feedback_received' THEN 4 WHEN 'reporter_informed' THEN 5 "
               "WHEN 'closed' THEN 6 END")
URGENCY_RANK = ("CASE urgency WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 "
                "WHEN 'immediate' THEN 3 END")
ASSESSMENT_RANK = ("CASE assessment WHEN 'not_assessed' THEN 0 WHEN 'no_trafficking' THEN 1 "
                   "WHEN 'risk_factors' THEN 2 WHEN 'possible' THEN 3 "
                   "WHEN 'trafficking' THEN 4 END")


class Base(DeclarativeBase):
    pass


class SignalRecord(Base):
    """The ``signal`` table. (Not ``SignalRow``: that is the register's list row,
    ``domain.models.SignalRow``.)"""

    __tablename__ = "signal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(30), index=True)
    summary: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    urgency: Mapped[str] = mapped_column(String(20), index=True)
    forms: Mapped[str] = mapped_column(String(100), default="")
    form_sexual: Mapped[bool] = mapped_column(Boolean, default=False)
    form_labour: Mapped[bool] = mapped_column(Boolean, default=False)
    form_criminal: Mapped[bool] = mapped_column(Boolean, default=False)
    form_other: Mapped[bool] = mapped_column(Boolean, default=False)
    assessment: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(30), index=True)
    outcome: Mapped[str | None] = mapped_column(String(40), nullable=True)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    checklist_version: Mapped[int] = mapped_column(Integer, default=1)
    trusted_person_considered: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_hold_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # rowid of the signal's full-text entry: received_on ordinal << 32 | id
    search_key: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Denormalised by route_state.refresh() after every change (migration 0003): the first
    # next action without "today" and the signal's next deadline (see domain/route.py).
    next_action: Mapped[str] = mapped_column(String(30), default="", server_default="")
    next_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    __table_args__ = (
        Index("ix_signal_status_received", "status", "received_on"),
        # Covering index for counts and monitoring: answers them without reading the
        # (large) signal rows.
        Index("ix_signal_facets", "received_on", "status", "urgency", "source", "assessment",
              "outcome", "form_sexual", "form_labour", "form_criminal", "form_other"),
        # One indexed order per register column (migration 0003 has the same text; the
        # rank expressions are repeated verbatim in ORDER BY, see repositories.py).
        Index("ix_signal_status_rank", text(STATUS_RANK)),
        Index("ix_signal_urgency_rank", text(URGENCY_RANK)),
        Index("ix_signal_assessment_rank", text(ASSESSMENT_RANK)),
        Index("ix_signal_summary", text("summary COLLATE NOCASE")),
        Index("ix_signal_forms", "forms"),
        Index("ix_signal_next_due", text("next_due_on IS NULL"), "next_due_on", "received_on"),
        Index("ix_signal_next_action", "next_action"),
        Index("ix_signal_updated_at", "updated_at", "status", "reference"),
        Index("ix_signal_held", "id", sqlite_where=text("legal_hold_reason IS NOT NULL")),
    )


class ReporterRow(Base):
    """Segregated: only ``ReporterRepository`` reads this table."""

    __tablename__ = "reporter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"),
                                           unique=True)
    name: Mapped[str] = mapped_column(String(300))
    department: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    team_coordinator: Mapped[str] = mapped_column(String(300), default="")


class PartyRow(Base):
    __tablename__ = "party"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"),
                                           index=True)
    kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(300))
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    nationality: Mapped[str] = mapped_column(String(100), default="")
    gender: Mapped[str] = mapped_column(String(20), default="unknown")
    kvk_number: Mapped[str] = mapped_column(String(20), default="")
    sector: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    match_key: Mapped[str] = mapped_column(String(400), default="", index=True)

    __table_args__ = (
        # monitoring (migration 0004): parties of a period without reading their rows
        Index("ix_party_monitoring", "signal_id", "kind", "role", "gender", "nationality",
              "date_of_birth"),
    )


class LocationRow(Base):
    __tablename__ = "location"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"),
                                           index=True)
    kind: Mapped[str] = mapped_column(String(20))
    street: Mapped[str] = mapped_column(String(300), default="")
    house_number: Mapped[str] = mapped_column(String(20), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    match_key: Mapped[str] = mapped_column(String(60), default="", index=True)


class EnrichmentNoteRow(Base):
    __tablename__ = "enrichment_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"),
                                           index=True)
    noted_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(30))
    result: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")


class ChecklistVersionRow(Base):
    __tablename__ = "checklist_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class IndicatorRow(Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checklist_version: Mapped[int] = mapped_column(ForeignKey("checklist_version.version"),
                                                   index=True)
    key: Mapped[str] = mapped_column(String(60))
    group_key: Mapped[str] = mapped_column(String(60))
    group_label: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(300))
    is_vulnerability_factor: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("checklist_version", "key"),)


class SignalIndicatorRow(Base):
    __tablename__ = "signal_indicator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"),
                                           index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    observed: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("signal_id", "indicator_id"),)


class PartnerRow(Base):
    __tablename__ = "partner"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    tasks: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of strings
    forms: Mapped[str] = mapped_column(String(100), default="")
    route: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ContactRow(Base):
    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_key: Mapped[str] = mapped_column(ForeignKey("partner.key"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    function: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class HandoverRow(Base):
    __tablename__ = "handover"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"),
                                           index=True)
    partner_key: Mapped[str] = mapped_column(ForeignKey("partner.key"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"),
                                                   nullable=True)
    handed_over_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(30))
    basis: Mapped[str] = mapped_column(String(30))
    legal_ground: Mapped[str] = mapped_column(Text, default="")
    shared_data: Mapped[str] = mapped_column(String(200), default="")
    name_mode: Mapped[str] = mapped_column(String(20), default="full")
    requested_action: Mapped[str] = mapped_column(Text, default="")
    feedback_due_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    feedback_received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    feedback_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        # "Te doen": partner feedback not yet received, by due date (migration 0003)
        Index("ix_handover_open_feedback", "feedback_due_on", "signal_id",
              sqlite_where=text("feedback_received_on IS NULL")),
        # monitoring (migration 0004): partners, first handover and feedback per signal
        Index("ix_handover_monitoring", "signal_id", "partner_key", "handed_over_on",
              "feedback_received_on"),
    )


class MeetingRow(Base):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(300))
    place: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    attendees: Mapped[str] = mapped_column(Text, default="", server_default="")


class MeetingItemRow(Base):
    __tablename__ = "meeting_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"),
                                            index=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"),
                                           index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    action_holder: Mapped[str] = mapped_column(String(300), default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)


class ReporterFeedbackRow(Base):
    __tablename__ = "reporter_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"),
                                           index=True)
    given_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")


class AuditEventRow(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_ref: Mapped[str] = mapped_column(String(60), default="", index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


class PrintRecordRow(Base):
    __tablename__ = "print_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    document_kind: Mapped[str] = mapped_column(String(40))
    object_ref: Mapped[str] = mapped_column(String(60), index=True)
    copy_number: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(300))


class AwarenessActivityRow(Base):
    """Awareness work (migration 0004): no personal data."""

    __tablename__ = "awareness_activity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    target_group: Mapped[str] = mapped_column(String(300), default="")
    reached: Mapped[int] = mapped_column(Integer, default=0)
    given_by: Mapped[str] = mapped_column(String(300), default="")


class SettingRow(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class DraftRow(Base):
    """Unsaved editor input kept over a lock (migration 0005): a JSON snapshot per signal
    (``key`` "signal:<id>") or for the one new signal being typed (``key`` "new").
    Removed with its signal (cascade)."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    signal_id: Mapped[int | None] = mapped_column(
        ForeignKey("signal.id", ondelete="CASCADE"), nullable=True, index=True)
    saved_at: Mapped[datetime] = mapped_column(DateTime)
    content: Mapped[str] = mapped_column(Text, default="")
