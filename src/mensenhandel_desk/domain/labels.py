"""Human labels for enum values: English source strings, translated with their enum type
as context (``pgettext("PartyRole", "Other involvement")``, ``msgctxt "PartyRole"`` in the
PO file), so one English word never has to mean the same thing in two vocabularies.

Kept apart from ``enums.py`` so stored keys never depend on wording.
"""

from __future__ import annotations

from enum import StrEnum

from mensenhandel_desk.domain import enums as e
from mensenhandel_desk.i18n import NP_, translate

_PAIRS: list[tuple[StrEnum, str]] = [
    (e.ExploitationForm.SEXUAL, NP_("ExploitationForm", "Sexual exploitation")),
    (e.ExploitationForm.LABOUR, NP_("ExploitationForm", "Labour exploitation")),
    (e.ExploitationForm.CRIMINAL, NP_("ExploitationForm", "Criminal exploitation")),
    (e.ExploitationForm.OTHER, NP_("ExploitationForm", "Other form of exploitation")),
    (e.Assessment.NOT_ASSESSED, NP_("Assessment", "Not yet assessed")),
    (e.Assessment.NO_TRAFFICKING, NP_("Assessment", "No trafficking")),
    (e.Assessment.RISK_FACTORS, NP_("Assessment", "No trafficking, but risk factors")),
    (e.Assessment.POSSIBLE, NP_("Assessment", "Possible trafficking (serious suspicion)")),
    (e.Assessment.TRAFFICKING, NP_("Assessment", "Trafficking")),
    (e.Urgency.LOW, NP_("Urgency", "Low")),
    (e.Urgency.NORMAL, NP_("Urgency", "Normal")),
    (e.Urgency.HIGH, NP_("Urgency", "High")),
    (e.Urgency.IMMEDIATE, NP_("Urgency", "Immediate intervention needed")),
    (e.SignalSource.INTERNAL, NP_("SignalSource", "Internal report route")),
    (e.SignalSource.ANONYMOUS_LINE, NP_("SignalSource", "Meld Misdaad Anoniem")),
    (e.SignalSource.POLICE, NP_("SignalSource", "Police")),
    (e.SignalSource.PARTNER, NP_("SignalSource", "Chain partner")),
    (e.SignalSource.INSPECTION, NP_("SignalSource", "Integrated inspection")),
    (e.SignalSource.HOTEL_CHECK, NP_("SignalSource", "Hotel check")),
    (e.SignalSource.CANNABIS_CLOSURE, NP_("SignalSource", "Closure of cannabis farm")),
    (e.SignalSource.RESIDENT, NP_("SignalSource", "Resident")),
    (e.SignalSource.ENTREPRENEUR, NP_("SignalSource", "Entrepreneur")),
    (e.SignalSource.OTHER, NP_("SignalSource", "Other source")),
    (e.SignalStatus.RECEIVED, NP_("SignalStatus", "Received")),
    (e.SignalStatus.ENRICHED, NP_("SignalStatus", "Enriched")),
    (e.SignalStatus.DISCUSSED, NP_("SignalStatus", "Discussed in meeting")),
    (e.SignalStatus.HANDED_OVER, NP_("SignalStatus", "Handed over")),
    (e.SignalStatus.FEEDBACK_RECEIVED, NP_("SignalStatus", "Partner feedback received")),
    (e.SignalStatus.REPORTER_INFORMED, NP_("SignalStatus", "Reporter informed")),
    (e.SignalStatus.CLOSED, NP_("SignalStatus", "Closed")),
    (e.Outcome.NO_TRAFFICKING, NP_("Outcome", "Closed: no trafficking")),
    (e.Outcome.CARE_ONLY, NP_("Outcome", "Closed: handled by care")),
    (e.Outcome.HANDED_TO_POLICE, NP_("Outcome", "Closed: handed over to police")),
    (e.Outcome.HANDED_TO_LABOUR_INSPECTORATE,
     NP_("Outcome", "Closed: handed over to Labour Inspectorate")),
    (e.Outcome.MUNICIPAL_INTERVENTION, NP_("Outcome", "Closed: municipal intervention")),
    (e.Outcome.INSUFFICIENT_INFORMATION, NP_("Outcome", "Closed: insufficient information")),
    (e.Outcome.OTHER, NP_("Outcome", "Closed: other outcome")),
    (e.PartyKind.PERSON, NP_("PartyKind", "Person")),
    (e.PartyKind.ORGANISATION, NP_("PartyKind", "Organisation")),
    (e.PartyRole.POSSIBLE_VICTIM, NP_("PartyRole", "Possible victim")),
    (e.PartyRole.POSSIBLE_PERPETRATOR, NP_("PartyRole", "Possible perpetrator")),
    (e.PartyRole.FACILITATOR, NP_("PartyRole", "Facilitator")),
    (e.PartyRole.WITNESS, NP_("PartyRole", "Witness")),
    (e.PartyRole.OTHER, NP_("PartyRole", "Other involvement")),
    (e.Gender.FEMALE, NP_("Gender", "Female")),
    (e.Gender.MALE, NP_("Gender", "Male")),
    (e.Gender.OTHER, NP_("Gender", "Other gender")),
    (e.Gender.UNKNOWN, NP_("Gender", "Unknown")),
    (e.LocationKind.HOME, NP_("LocationKind", "Home")),
    (e.LocationKind.WORKPLACE, NP_("LocationKind", "Workplace")),
    (e.LocationKind.HOTEL, NP_("LocationKind", "Hotel")),
    (e.LocationKind.HOLIDAY_PARK, NP_("LocationKind", "Holiday park")),
    (e.LocationKind.BUSINESS, NP_("LocationKind", "Business premises")),
    (e.LocationKind.OTHER, NP_("LocationKind", "Other location")),
    (e.EnrichmentSource.BRP, NP_("EnrichmentSource", "BRP (population register)")),
    (e.EnrichmentSource.KVK, NP_("EnrichmentSource", "KvK (trade register)")),
    (e.EnrichmentSource.BAG, NP_("EnrichmentSource", "BAG (addresses and buildings)")),
    (e.EnrichmentSource.PERMITS_BIBOB, NP_("EnrichmentSource", "Permits / Bibob")),
    (e.EnrichmentSource.ENFORCEMENT, NP_("EnrichmentSource", "Enforcement")),
    (e.EnrichmentSource.SOCIAL_TEAM, NP_("EnrichmentSource", "Social team")),
    (e.EnrichmentSource.EARLIER_SIGNALS, NP_("EnrichmentSource", "Earlier signals")),
    (e.EnrichmentSource.OTHER, NP_("EnrichmentSource", "Other information source")),
    (e.EnrichmentSource.SHEET_IMPORT, NP_("EnrichmentSource", "Imported sheet row")),
    (e.EnrichmentResult.FOUND, NP_("EnrichmentResult", "Information found")),
    (e.EnrichmentResult.NOTHING_FOUND, NP_("EnrichmentResult", "Nothing found")),
    (e.EnrichmentResult.INCONCLUSIVE, NP_("EnrichmentResult", "Inconclusive")),
    (e.HandoverChannel.MEETING, NP_("HandoverChannel", "Undermining meeting")),
    (e.HandoverChannel.SECURE_EMAIL, NP_("HandoverChannel", "Secure e-mail")),
    (e.HandoverChannel.PHONE, NP_("HandoverChannel", "Telephone")),
    (e.HandoverChannel.IN_PERSON, NP_("HandoverChannel", "In person")),
    (e.HandoverChannel.PORTAL, NP_("HandoverChannel", "Partner portal")),
    (e.HandoverChannel.LETTER, NP_("HandoverChannel", "Letter")),
    (e.SharingBasis.CONSENT, NP_("SharingBasis", "Consent of the person concerned")),
    (e.SharingBasis.LEGAL_GROUND, NP_("SharingBasis", "Legal ground")),
    (e.SharedDataKind.DESCRIPTION, NP_("SharedDataKind", "Description of the signal")),
    (e.SharedDataKind.IDENTITY, NP_("SharedDataKind", "Identity of parties")),
    (e.SharedDataKind.ADDRESSES, NP_("SharedDataKind", "Addresses")),
    (e.SharedDataKind.INDICATORS, NP_("SharedDataKind", "Indicators observed")),
    (e.SharedDataKind.ENRICHMENT, NP_("SharedDataKind", "Enrichment results")),
    (e.SharedDataKind.HEALTH, NP_("SharedDataKind", "Health data")),
    (e.SharedDataKind.CRIMINAL_DATA, NP_("SharedDataKind", "Criminal-law data")),
    (e.NameMode.FULL, NP_("NameMode", "Full names")),
    (e.NameMode.INITIALS, NP_("NameMode", "Initials")),
    (e.NameMode.PSEUDONYM, NP_("NameMode", "Pseudonyms")),
    (e.ActivityKind.TRAINING, NP_("ActivityKind", "Training")),
    (e.ActivityKind.E_LEARNING, NP_("ActivityKind", "E-learning")),
    (e.ActivityKind.TEAM_MEETING, NP_("ActivityKind", "Team meeting")),
    (e.ActivityKind.CAMPAIGN, NP_("ActivityKind", "Campaign")),
    (e.ActivityKind.OTHER, NP_("ActivityKind", "Other activity")),
]


# Outcomes without their "Closed:" prefix, for where the text already says the signal is
# closed ("Afgesloten op 02-12-2026: opgepakt door zorg").
_OUTCOME_SHORT: dict[str, str] = {
    str(e.Outcome.NO_TRAFFICKING): NP_("OutcomeShort", "no trafficking"),
    str(e.Outcome.CARE_ONLY): NP_("OutcomeShort", "handled by care"),
    str(e.Outcome.HANDED_TO_POLICE): NP_("OutcomeShort", "handed over to police"),
    str(e.Outcome.HANDED_TO_LABOUR_INSPECTORATE):
        NP_("OutcomeShort", "handed over to Labour Inspectorate"),
    str(e.Outcome.MUNICIPAL_INTERVENTION): NP_("OutcomeShort", "municipal intervention"),
    str(e.Outcome.INSUFFICIENT_INFORMATION): NP_("OutcomeShort", "insufficient information"),
    str(e.Outcome.OTHER): NP_("OutcomeShort", "other outcome"),
}


def outcome_short(outcome: e.Outcome, language: str | None = None) -> str:
    """The outcome's label without "Closed:" (``label(outcome)`` keeps it), for texts that
    already say the signal was closed."""
    source = _OUTCOME_SHORT.get(str(outcome))
    if not source:
        return label(outcome, language)
    return translate(source, context="OutcomeShort", language=language)


# StrEnum members compare (and hash) equal to their string value: in a dict keyed by
# member, Assessment.NO_TRAFFICKING and Outcome.NO_TRAFFICKING (both "no_trafficking")
# would be one key and the assessment would read as the outcome. Key by (type, value).
_LABELS: dict[tuple[type, str], str] = {(type(member), str(member)): source
                                        for member, source in _PAIRS}


def label(value: StrEnum, language: str | None = None) -> str:
    """The translated label of an enum value (falls back to its key); ``language``:
    another language than the interface's (documents are always Dutch)."""
    source = _LABELS.get((type(value), str(value)))
    if not source:
        return str(value)
    return translate(source, context=type(value).__name__, language=language)


def all_labels() -> dict[tuple[type, str], str]:
    """Source strings by (enum type, value); the context of each is the type's name."""
    return dict(_LABELS)
