"""Closed vocabularies of the domain. Values are stable English keys stored in the vault
and in the interchange format; Dutch labels come from ``labels.py``."""

from __future__ import annotations

from enum import StrEnum


class ExploitationForm(StrEnum):
    SEXUAL = "sexual"
    LABOUR = "labour"
    CRIMINAL = "criminal"
    OTHER = "other"  # e.g. forced organ removal: out of scope of both policies, still recorded


class Assessment(StrEnum):
    """The Veilig Thuis scale, also used for the officer's own judgement."""

    NOT_ASSESSED = "not_assessed"
    NO_TRAFFICKING = "no_trafficking"
    RISK_FACTORS = "risk_factors"
    POSSIBLE = "possible"
    TRAFFICKING = "trafficking"


class Urgency(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    IMMEDIATE = "immediate"  # very serious: straight to police AVIM


class SignalSource(StrEnum):
    INTERNAL = "internal"  # the internal staff route (step 1)
    ANONYMOUS_LINE = "anonymous_line"  # Meld Misdaad Anoniem
    POLICE = "police"
    PARTNER = "partner"
    INSPECTION = "inspection"  # integrated inspection, labour-migrant housing
    HOTEL_CHECK = "hotel_check"
    CANNABIS_CLOSURE = "cannabis_closure"
    RESIDENT = "resident"
    ENTREPRENEUR = "entrepreneur"
    OTHER = "other"


class SignalStatus(StrEnum):
    """Where a signal stands on the report route, derived from what has been recorded."""

    RECEIVED = "received"  # step 2
    ENRICHED = "enriched"  # step 3: checked / enriched
    DISCUSSED = "discussed"  # step 3: on a meeting agenda
    HANDED_OVER = "handed_over"  # step 4
    FEEDBACK_RECEIVED = "feedback_received"  # step 5
    REPORTER_INFORMED = "reporter_informed"  # step 6
    CLOSED = "closed"


class Outcome(StrEnum):
    """Why a signal was closed; drives retention."""

    NO_TRAFFICKING = "no_trafficking"
    CARE_ONLY = "care_only"  # handled on the care side
    HANDED_TO_POLICE = "handed_to_police"
    HANDED_TO_LABOUR_INSPECTORATE = "handed_to_labour_inspectorate"
    MUNICIPAL_INTERVENTION = "municipal_intervention"
    INSUFFICIENT_INFORMATION = "insufficient_information"
    OTHER = "other"


class PartyKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class PartyRole(StrEnum):
    POSSIBLE_VICTIM = "possible_victim"
    POSSIBLE_PERPETRATOR = "possible_perpetrator"
    FACILITATOR = "facilitator"
    WITNESS = "witness"
    OTHER = "other"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class LocationKind(StrEnum):
    HOME = "home"
    WORKPLACE = "workplace"
    HOTEL = "hotel"
    HOLIDAY_PARK = "holiday_park"
    BUSINESS = "business"
    OTHER = "other"


class EnrichmentSource(StrEnum):
    BRP = "brp"
    KVK = "kvk"
    BAG = "bag"
    PERMITS_BIBOB = "permits_bibob"
    ENFORCEMENT = "enforcement"
    SOCIAL_TEAM = "social_team"
    EARLIER_SIGNALS = "earlier_signals"
    OTHER = "other"
    # the original cells of an imported sheet row: the sheet's own record, not a check in
    # a source, so it does not count as enrichment (never offered for a new note)
    SHEET_IMPORT = "sheet_import"


# the sources an officer consults (what a new enrichment note may name)
CONSULTED_SOURCES = tuple(s for s in EnrichmentSource if s is not EnrichmentSource.SHEET_IMPORT)


class EnrichmentResult(StrEnum):
    FOUND = "found"
    NOTHING_FOUND = "nothing_found"
    INCONCLUSIVE = "inconclusive"


class HandoverChannel(StrEnum):
    MEETING = "meeting"
    SECURE_EMAIL = "secure_email"
    PHONE = "phone"
    IN_PERSON = "in_person"
    PORTAL = "portal"
    LETTER = "letter"


class SharingBasis(StrEnum):
    CONSENT = "consent"
    LEGAL_GROUND = "legal_ground"


class SharedDataKind(StrEnum):
    DESCRIPTION = "description"
    IDENTITY = "identity"
    ADDRESSES = "addresses"
    INDICATORS = "indicators"
    ENRICHMENT = "enrichment"
    HEALTH = "health"
    CRIMINAL_DATA = "criminal_data"


class NameMode(StrEnum):
    FULL = "full"
    INITIALS = "initials"
    PSEUDONYM = "pseudonym"


class ActivityKind(StrEnum):
    """Awareness work (the "signaleerder" role of both policies)."""

    TRAINING = "training"
    E_LEARNING = "e_learning"
    TEAM_MEETING = "team_meeting"
    CAMPAIGN = "campaign"
    OTHER = "other"
