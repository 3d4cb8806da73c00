"""Human labels for enum values, as English source strings through ``_()``.

Kept apart from ``enums.py`` so stored keys never depend on wording.
"""

from __future__ import annotations

from enum import StrEnum

from mensenhandel_desk.domain import enums as e
from mensenhandel_desk.i18n import N_, _

_PAIRS: list[tuple[StrEnum, str]] = [
    (e.ExploitationForm.SEXUAL, N_("Sexual exploitation")),
    (e.ExploitationForm.LABOUR, N_("Labour exploitation")),
    (e.ExploitationForm.CRIMINAL, N_("Criminal exploitation")),
    (e.ExploitationForm.OTHER, N_("Other form of exploitation")),
    (e.Assessment.NOT_ASSESSED, N_("Not yet assessed")),
    (e.Assessment.NO_TRAFFICKING, N_("No trafficking")),
    (e.Assessment.RISK_FACTORS, N_("No trafficking, but risk factors")),
    (e.Assessment.POSSIBLE, N_("Possible trafficking (serious suspicion)")),
    (e.Assessment.TRAFFICKING, N_("Trafficking")),
    (e.Urgency.LOW, N_("Low")),
    (e.Urgency.NORMAL, N_("Normal")),
    (e.Urgency.HIGH, N_("High")),
    (e.Urgency.IMMEDIATE, N_("Immediate intervention needed")),
    (e.SignalSource.INTERNAL, N_("Internal report route")),
    (e.SignalSource.ANONYMOUS_LINE, N_("Meld Misdaad Anoniem")),
    (e.SignalSource.POLICE, N_("Police")),
    (e.SignalSource.PARTNER, N_("Chain partner")),
    (e.SignalSource.INSPECTION, N_("Integrated inspection")),
    (e.SignalSource.HOTEL_CHECK, N_("Hotel check")),
    (e.SignalSource.CANNABIS_CLOSURE, N_("Closure of cannabis farm")),
    (e.SignalSource.RESIDENT, N_("Resident")),
    (e.SignalSource.ENTREPRENEUR, N_("Entrepreneur")),
    (e.SignalSource.OTHER, N_("Other source")),
    (e.SignalStatus.RECEIVED, N_("Received")),
    (e.SignalStatus.ENRICHED, N_("Enriched")),
    (e.SignalStatus.DISCUSSED, N_("Discussed in meeting")),
    (e.SignalStatus.HANDED_OVER, N_("Handed over")),
    (e.SignalStatus.FEEDBACK_RECEIVED, N_("Partner feedback received")),
    (e.SignalStatus.REPORTER_INFORMED, N_("Reporter informed")),
    (e.SignalStatus.CLOSED, N_("Closed")),
    (e.Outcome.NO_TRAFFICKING, N_("Closed: no trafficking")),
    (e.Outcome.CARE_ONLY, N_("Closed: handled by care")),
    (e.Outcome.HANDED_TO_POLICE, N_("Closed: handed over to police")),
    (e.Outcome.HANDED_TO_LABOUR_INSPECTORATE, N_("Closed: handed over to Labour Inspectorate")),
    (e.Outcome.MUNICIPAL_INTERVENTION, N_("Closed: municipal intervention")),
    (e.Outcome.INSUFFICIENT_INFORMATION, N_("Closed: insufficient information")),
    (e.Outcome.OTHER, N_("Closed: other outcome")),
    (e.PartyKind.PERSON, N_("Person")),
    (e.PartyKind.ORGANISATION, N_("Organisation")),
    (e.PartyRole.POSSIBLE_VICTIM, N_("Possible victim")),
    (e.PartyRole.POSSIBLE_PERPETRATOR, N_("Possible perpetrator")),
    (e.PartyRole.FACILITATOR, N_("Facilitator")),
    (e.PartyRole.WITNESS, N_("Witness")),
    (e.PartyRole.OTHER, N_("Other involvement")),
    (e.Gender.FEMALE, N_("Female")),
    (e.Gender.MALE, N_("Male")),
    (e.Gender.OTHER, N_("Other gender")),
    (e.Gender.UNKNOWN, N_("Unknown")),
    (e.LocationKind.HOME, N_("Home")),
    (e.LocationKind.WORKPLACE, N_("Workplace")),
    (e.LocationKind.HOTEL, N_("Hotel")),
    (e.LocationKind.HOLIDAY_PARK, N_("Holiday park")),
    (e.LocationKind.BUSINESS, N_("Business premises")),
    (e.LocationKind.OTHER, N_("Other location")),
    (e.EnrichmentSource.BRP, N_("BRP (population register)")),
    (e.EnrichmentSource.KVK, N_("KvK (trade register)")),
    (e.EnrichmentSource.BAG, N_("BAG (addresses and buildings)")),
    (e.EnrichmentSource.PERMITS_BIBOB, N_("Permits / Bibob")),
    (e.EnrichmentSource.ENFORCEMENT, N_("Enforcement")),
    (e.EnrichmentSource.SOCIAL_TEAM, N_("Social team")),
    (e.EnrichmentSource.EARLIER_SIGNALS, N_("Earlier signals")),
    (e.EnrichmentSource.OTHER, N_("Other source")),
    (e.EnrichmentResult.FOUND, N_("Information found")),
    (e.EnrichmentResult.NOTHING_FOUND, N_("Nothing found")),
    (e.EnrichmentResult.INCONCLUSIVE, N_("Inconclusive")),
    (e.HandoverChannel.MEETING, N_("Undermining meeting")),
    (e.HandoverChannel.SECURE_EMAIL, N_("Secure e-mail")),
    (e.HandoverChannel.PHONE, N_("Telephone")),
    (e.HandoverChannel.IN_PERSON, N_("In person")),
    (e.HandoverChannel.PORTAL, N_("Partner portal")),
    (e.HandoverChannel.LETTER, N_("Letter")),
    (e.SharingBasis.CONSENT, N_("Consent of the person concerned")),
    (e.SharingBasis.LEGAL_GROUND, N_("Legal ground")),
    (e.SharedDataKind.DESCRIPTION, N_("Description of the signal")),
    (e.SharedDataKind.IDENTITY, N_("Identity of parties")),
    (e.SharedDataKind.ADDRESSES, N_("Addresses")),
    (e.SharedDataKind.INDICATORS, N_("Indicators observed")),
    (e.SharedDataKind.ENRICHMENT, N_("Enrichment results")),
    (e.SharedDataKind.HEALTH, N_("Health data")),
    (e.SharedDataKind.CRIMINAL_DATA, N_("Criminal-law data")),
    (e.NameMode.FULL, N_("Full names")),
    (e.NameMode.INITIALS, N_("Initials")),
    (e.NameMode.PSEUDONYM, N_("Pseudonyms")),
    (e.ActivityKind.TRAINING, N_("Training")),
    (e.ActivityKind.E_LEARNING, N_("E-learning")),
    (e.ActivityKind.TEAM_MEETING, N_("Team meeting")),
    (e.ActivityKind.CAMPAIGN, N_("Campaign")),
    (e.ActivityKind.OTHER, N_("Other activity")),
]


# StrEnum members compare (and hash) equal to their string value: in a dict keyed by
# member, Assessment.NO_TRAFFICKING and Outcome.NO_TRAFFICKING (both "no_trafficking")
# would be one key and the assessment would read as the outcome. Key by (type, value).
_LABELS: dict[tuple[type, str], str] = {(type(member), str(member)): source
                                        for member, source in _PAIRS}


def label(value: StrEnum) -> str:
    """The translated label of an enum value (falls back to its key)."""
    source = _LABELS.get((type(value), str(value)))
    return _(source) if source else str(value)


def all_labels() -> dict[tuple[type, str], str]:
    """Source strings by (enum type, value), for the translation-completeness test."""
    return dict(_LABELS)
