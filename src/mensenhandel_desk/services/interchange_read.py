"""Reading an interchange file: JSON -> a validated ``ImportPlan`` of domain records.

Everything is checked here, before the vault is touched: JSON syntax (line and
column), format and version, every field's presence and type, dates, enum values,
text limits (``validation.clean_text``), duplicate ids and references, and that every
id cross-reference (``handovers[].contact_id``, ``indicators[].indicator_id``,
``meetings[].items[].signal_id``) points at a record in the same file. Each problem
raises ``ImportFormatError`` naming the place, e.g. ``signals[3].received_on``.

Ids in the file are file-local: ``interchange_write`` gives every record a new id and
remaps the cross-references. Checks that need the vault (references already in use,
partner keys neither in the file nor in the vault) run in ``interchange_write`` inside
the unit of work, still before anything is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from mensenhandel_desk.domain import enums as e
from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.errors import ImportFormatError, ValidationError
from mensenhandel_desk.domain.models import (
    ChecklistVersion,
    Contact,
    EnrichmentNote,
    Handover,
    Indicator,
    Location,
    Meeting,
    MeetingItem,
    Partner,
    Party,
    PrintRecord,
    Reporter,
    ReporterFeedback,
    Signal,
    SignalIndicator,
)
from mensenhandel_desk.domain.references import REFERENCE_RE

FORMAT_NAME = "mensenhandel-desk"
FORMAT_VERSION = 1
_SETTING_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_PARTNER_KEY = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,59}$")


@dataclass
class SignalBundle:
    """One signal with everything recorded on it; ids of children are not kept."""

    file_id: int
    signal: Signal
    reporter: Reporter | None = None
    parties: list[Party] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    notes: list[EnrichmentNote] = field(default_factory=list)
    indicators: list[SignalIndicator] = field(default_factory=list)  # file indicator ids
    handovers: list[Handover] = field(default_factory=list)  # file contact ids
    reporter_feedback: list[ReporterFeedback] = field(default_factory=list)


@dataclass
class MeetingBundle:
    file_id: int
    meeting: Meeting
    items: list[MeetingItem] = field(default_factory=list)  # file signal ids


@dataclass
class ImportPlan:
    """A whole interchange document, validated, as domain records with file-local ids."""

    checklists: list[ChecklistVersion] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    signals: list[SignalBundle] = field(default_factory=list)
    meetings: list[MeetingBundle] = field(default_factory=list)
    print_records: list[PrintRecord] = field(default_factory=list)


