"""Human labels for enum values, as English source strings through ``_()``.

Kept apart from ``enums.py`` so stored keys never depend on wording.
"""

from __future__ import annotations

from enum import StrEnum

from mensenhandel_desk.domain import enums as e
from mensenhandel_desk.i18n import _

_LABELS: dict[StrEnum, str] = {
    e.ExploitationForm.SEXUAL: "Sexual exploitation",
    e.ExploitationForm.LABOUR: "Labour exploitation",
    e.ExploitationForm.CRIMINAL: "Criminal exploitation",
    e.ExploitationForm.OTHER: "Other form of exploitation",
    e.Assessment.NOT_ASSESSED: "Not yet assessed",
    e.Assessment.NO_TRAFFICKING: "No trafficking",
    e.Assessment.RISK_FACTORS: "No trafficking, but risk factors",
    e.Assessment.POSSIBLE: "Possible trafficking (serious suspicion)",
    e.Assessment.TRAFFICKING: "Trafficking",
    e.Urgency.LOW: "Low",
    e.Urgency.NORMAL: "Normal",
    e.Urgency.HIGH: "High",
    e.Urgency.IMMEDIATE: "Immediate intervention needed",
    e.SignalSource.INTERNAL: "Internal report route",
    e.SignalSource.ANONYMOUS_LINE: "Meld Misdaad Anoniem",
    e.SignalSource.POLICE: "Police",
    e.SignalSource.PARTNER: "Chain partner",
    e.SignalSource.INSPECTION: "Integrated inspection",
    e.SignalSource.HOTEL_CHECK: "Hotel check",
    e.SignalSource.CANNABIS_CLOSURE: "Closure of cannabis farm",
    e.SignalSource.RESIDENT: "Resident",
    e.SignalSource.ENTREPRENEUR: "Entrepreneur",
    e.SignalSource.OTHER: "Other source",
    e.SignalStatus.RECEIVED: "Received",
    e.SignalStatus.ENRICHED: "Enriched",
    e.SignalStatus.DISCUSSED: "Discussed in meeting",
    e.SignalStatus.HANDED_OVER: "Handed over",
    e.SignalStatus.FEEDBACK_RECEIVED: "Partner feedback received",
    e.SignalStatus.REPORTER_INFORMED: "Reporter informed",
    e.SignalStatus.CLOSED: "Closed",
    e.Outcome.NO_TRAFFICKING: "Closed: no trafficking",
    e.Outcome.CARE_ONLY: "Closed: handled by care",
    e.Outcome.HANDED_TO_POLICE: "Closed: handed over to police",
    e.Outcome.HANDED_TO_LABOUR_INSPECTORATE: "Closed: handed over to Labour Inspectorate",
    e.Outcome.MUNICIPAL_INTERVENTION: "Closed: municipal intervention",
    e.Outcome.INSUFFICIENT_INFORMATION: "Closed: insufficient information",
    e.Outcome.OTHER: "Closed: other outcome",
    e.PartyKind.PERSON: "Person",
    e.PartyKind.ORGANISATION: "Organisation",
    e.PartyRole.POSSIBLE_VICTIM: "Possible victim",
    e.PartyRole.POSSIBLE_PERPETRATOR: "Possible perpetrator",
    e.PartyRole.FACILITATOR: "Facilitator",
    e.PartyRole.WITNESS: "Witness",
    e.PartyRole.OTHER: "Other involvement",
    e.Gender.FEMALE: "Female",
    e.Gender.MALE: "Male",
    e.Gender.OTHER: "Other gender",
    e.Gender.UNKNOWN: "Unknown",
    e.LocationKind.HOME: "Home",
    e.LocationKind.WORKPLACE: "Workplace",
    e.LocationKind.HOTEL: "Hotel",
    e.LocationKind.HOLIDAY_PARK: "Holiday park",
    e.LocationKind.BUSINESS: "Business premises",
    e.LocationKind.OTHER: "Other location",
    e.EnrichmentSource.BRP: "BRP (population register)",
    e.EnrichmentSource.KVK: "KvK (trade register)",
    e.EnrichmentSource.BAG: "BAG (addresses and buildings)",
    e.EnrichmentSource.PERMITS_BIBOB: "Permits / Bibob",
    e.EnrichmentSource.ENFORCEMENT: "Enforcement",
    e.EnrichmentSource.SOCIAL_TEAM: "Social team",
    e.EnrichmentSource.EARLIER_SIGNALS: "Earlier signals",
    e.EnrichmentSource.OTHER: "Other source",
    e.EnrichmentResult.FOUND: "Information found",
    e.EnrichmentResult.NOTHING_FOUND: "Nothing found",
    e.EnrichmentResult.INCONCLUSIVE: "Inconclusive",
    e.HandoverChannel.MEETING: "Undermining meeting",
    e.HandoverChannel.SECURE_EMAIL: "Secure e-mail",
    e.HandoverChannel.PHONE: "Telephone",
    e.HandoverChannel.IN_PERSON: "In person",
    e.HandoverChannel.PORTAL: "Partner portal",
    e.HandoverChannel.LETTER: "Letter",
    e.SharingBasis.CONSENT: "Consent of the person concerned",
    e.SharingBasis.LEGAL_GROUND: "Legal ground",
    e.SharedDataKind.DESCRIPTION: "Description of the signal",
    e.SharedDataKind.IDENTITY: "Identity of parties",
    e.SharedDataKind.ADDRESSES: "Addresses",
    e.SharedDataKind.INDICATORS: "Indicators observed",
    e.SharedDataKind.ENRICHMENT: "Enrichment results",
    e.SharedDataKind.HEALTH: "Health data",
    e.SharedDataKind.CRIMINAL_DATA: "Criminal-law data",
    e.NameMode.FULL: "Full names",
    e.NameMode.INITIALS: "Initials",
    e.NameMode.PSEUDONYM: "Pseudonyms",
}


def label(value: StrEnum) -> str:
    """The translated label of an enum value (falls back to its key)."""
    source = _LABELS.get(value)
    return _(source) if source else str(value)


def all_labels() -> dict[StrEnum, str]:
    """Source strings, for the translation-completeness test."""
    return dict(_LABELS)
