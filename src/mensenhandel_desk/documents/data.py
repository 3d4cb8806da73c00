"""What the documents render from: plain dataclasses, filled by ``services.documents``.

The documents layer never touches the vault; a service collects the records, decides
copy numbers and hands them over in these containers. Records of the domain (``Signal``,
``Party``, ...) are reused as they are; the containers add what only a document needs
(recipient, copy number, name mode, the officer's contact details).

The reporter appears in exactly one container: ``FeedbackLetterData.address_lines``,
because that letter goes *to* the reporter. Everything else only carries
``withheld_names`` / ``withheld_phrases``: strings that must be scrubbed, never printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from mensenhandel_desk.domain.enums import NameMode, SharedDataKind
from mensenhandel_desk.domain.models import (
    EnrichmentNote,
    Indicator,
    Location,
    Meeting,
    MeetingItem,
    Party,
    Signal,
    SignalIndicator,
)


@dataclass(slots=True, frozen=True)
class CopyMark:
    """Which copy this is and for whom: printed on every page, logged in the vault."""

    number: int
    recipient: str


@dataclass(slots=True)
class OfficerContact:
    name: str = ""
    function: str = ""
    department: str = ""
    municipality: str = ""
    phone: str = ""
    email: str = ""


@dataclass(slots=True)
class Withheld:
    """Strings that must never print (the reporter's identity): scrubbed from free text.

    ``names`` and ``phrases`` (contact details) are scrubbed from the whole document;
    ``teams`` (the reporter's department) only from the text of the reporter's own signal:
    on an agenda, "team Handhaving" as the action holder of another signal says nothing
    about who reported this one, and scrubbing it there made the minutes unreadable.
    """

    names: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    teams: list[str] = field(default_factory=list)


@dataclass(slots=True)
class HandoverSheetData:
    signal: Signal
    parties: list[Party]
    locations: list[Location]
    notes: list[EnrichmentNote]
    indicators: list[tuple[Indicator, SignalIndicator]]
    recipient: str
    name_mode: NameMode
    issued_on: date
    copy: CopyMark
    officer: OfficerContact
    requested_action: str = ""
    feedback_due_on: date | None = None
    withheld: Withheld = field(default_factory=Withheld)
    # what the handover shares (recorded, or chosen by the officer); None: everything
    shared: frozenset[SharedDataKind] | None = None
    # the date of the recorded handover this sheet belongs to (None: made before it)
    handed_over_on: date | None = None

    def shares(self, kind: SharedDataKind) -> bool:
        return self.shared is None or kind in self.shared


@dataclass(slots=True)
class MeetingEntry:
    """One signal on a meeting's agenda."""

    item: MeetingItem
    signal: Signal
    parties: list[Party] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    withheld: Withheld = field(default_factory=Withheld)


@dataclass(slots=True)
class MeetingData:
    """Agenda and minutes share one container: the minutes add decisions from the items."""

    meeting: Meeting
    reference: str
    entries: list[MeetingEntry]
    name_mode: NameMode
    issued_on: date
    copy: CopyMark
    officer: OfficerContact


@dataclass(slots=True)
class Letterhead:
    municipality: str
    department: str = ""
    address: str = ""  # multi-line postal address of the municipality
    phone: str = ""
    email: str = ""
    logo: bytes | None = None  # image file contents (PNG/JPEG), read by the service
    return_address: str = ""


@dataclass(slots=True)
class FeedbackLetterData:
    letterhead: Letterhead
    reference: str
    issued_on: date
    subject: str
    address_lines: list[str]  # the addressee: the reporting colleague
    salutation: str
    body: str
    signer_name: str
    signer_function: str
    copy: CopyMark
    address_left_mm: float = 20.0
    address_top_mm: float = 50.0
