"""Which sheet column goes into which field, and which cell values mean which form of
exploitation, source, partner or outcome: suggested from Dutch and English header names,
editable, saved as versioned JSON for the next import.

Value maps are keyed by the folded value (``matching.fold``: lower case, no accents,
punctuation as spaces): "AU", " au " and "Au." are one key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from mensenhandel_desk.domain.enums import (
    ExploitationForm,
    HandoverChannel,
    Outcome,
    SignalSource,
    Urgency,
)
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.matching import fold
from mensenhandel_desk.i18n import N_
from mensenhandel_desk.services.files import write_atomic

MAPPING_FORMAT = "mensenhandel-desk-sheet-mapping"
MAPPING_VERSION = 1
DEFAULT_LEGAL_GROUND = "Niet vastgelegd in de sheet; aangevuld bij import."


class MappingError(ValidationError):
    code = "sheet_mapping"


class SheetField(StrEnum):
    REFERENCE = "reference"
    RECEIVED_ON = "received_on"
    SOURCE = "source"
    SUMMARY = "summary"
    DESCRIPTION = "description"
    FORMS = "forms"
    URGENCY = "urgency"
    REPORTER_NAME = "reporter_name"
    REPORTER_DEPARTMENT = "reporter_department"
    REPORTER_CONTACT = "reporter_contact"
    PARTY_NAME = "party_name"
    ADDRESS = "address"
    POSTCODE = "postcode"
    TOWN = "town"
    STATUS = "status"
    NOTES = "notes"
    PARTNER = "partner"
    HANDED_OVER_ON = "handed_over_on"
    FEEDBACK_DUE_ON = "feedback_due_on"
    FEEDBACK_RECEIVED_ON = "feedback_received_on"
    REPORTER_INFORMED_ON = "reporter_informed_on"
    CLOSED_ON = "closed_on"
    OUTCOME = "outcome"


DATE_FIELDS = frozenset({SheetField.RECEIVED_ON, SheetField.HANDED_OVER_ON,
                         SheetField.FEEDBACK_DUE_ON, SheetField.FEEDBACK_RECEIVED_ON,
                         SheetField.REPORTER_INFORMED_ON, SheetField.CLOSED_ON})
MULTI_FIELDS = frozenset({SheetField.NOTES})  # may be mapped from several columns

FIELD_LABELS: dict[SheetField, str] = {
    SheetField.REFERENCE: N_("Own number in the sheet"),
    SheetField.RECEIVED_ON: N_("Date received"),
    SheetField.SOURCE: N_("Source"),
    SheetField.SUMMARY: N_("Summary"),
    SheetField.DESCRIPTION: N_("Description"),
    SheetField.FORMS: N_("Forms of exploitation"),
    SheetField.URGENCY: N_("Urgency"),
    SheetField.REPORTER_NAME: N_("Reporter: name"),
    SheetField.REPORTER_DEPARTMENT: N_("Reporter: department"),
    SheetField.REPORTER_CONTACT: N_("Reporter: contact"),
    SheetField.PARTY_NAME: N_("Person or organisation involved"),
    SheetField.ADDRESS: N_("Address (street and house number)"),
    SheetField.POSTCODE: N_("Postcode"),
    SheetField.TOWN: N_("Town"),
    SheetField.STATUS: N_("Status"),
    SheetField.NOTES: N_("Notes"),
    SheetField.PARTNER: N_("Handed over to"),
    SheetField.HANDED_OVER_ON: N_("Handover date"),
    SheetField.FEEDBACK_DUE_ON: N_("Partner feedback due"),
    SheetField.FEEDBACK_RECEIVED_ON: N_("Partner feedback received"),
    SheetField.REPORTER_INFORMED_ON: N_("Reporter informed on"),
    SheetField.CLOSED_ON: N_("Closed on"),
    SheetField.OUTCOME: N_("Outcome"),
}

# Header names (folded) per field, Dutch and English. The longest match wins.
HEADER_NAMES: dict[SheetField, tuple[str, ...]] = {
    SheetField.REFERENCE: ("kenmerk", "nummer", "nr", "volgnummer", "registratienummer",
                           "dossiernummer", "zaaknummer", "referentie", "id", "reference",
                           "ref", "number", "case number", "eigen nummer"),
    SheetField.RECEIVED_ON: ("datum", "datum melding", "datum ontvangst", "ontvangen",
                             "ontvangen op", "meldingsdatum", "datum signaal", "date",
                             "received", "received on", "date received", "datum binnenkomst"),
    SheetField.SOURCE: ("bron", "herkomst", "bron melding", "afkomstig van", "source",
                        "soort melder", "kanaal"),
    SheetField.SUMMARY: ("samenvatting", "onderwerp", "korte omschrijving", "titel",
                         "summary", "subject", "title", "kort"),
    SheetField.DESCRIPTION: ("omschrijving", "beschrijving", "toelichting", "situatie",
                             "feiten", "signaal", "description", "details", "melding"),
    SheetField.FORMS: ("vorm", "vormen", "vorm uitbuiting", "soort uitbuiting",
                       "uitbuitingsvorm", "type uitbuiting", "uitbuiting", "form", "forms",
                       "exploitation", "type of exploitation", "soort"),
    SheetField.URGENCY: ("urgentie", "prioriteit", "spoed", "urgency", "priority"),
    SheetField.REPORTER_NAME: ("melder", "naam melder", "gemeld door", "melder naam",
                               "reporter", "reported by", "reporter name"),
    SheetField.REPORTER_DEPARTMENT: ("afdeling", "afdeling melder", "team melder", "team",
                                     "department", "reporter department"),
    SheetField.REPORTER_CONTACT: ("contact melder", "telefoon melder", "e mail melder",
                                  "email melder", "contactgegevens melder",
                                  "reporter contact"),
    SheetField.PARTY_NAME: ("betrokkene", "naam betrokkene", "betrokkenen", "persoon",
                            "naam", "slachtoffer", "organisatie", "bedrijf", "party",
                            "name", "person", "person involved"),
    SheetField.ADDRESS: ("adres", "straat", "straat en huisnummer", "straat huisnummer",
                         "address", "street", "locatie", "adres locatie"),
    SheetField.POSTCODE: ("postcode", "post code", "postal code", "zip", "zip code"),
    SheetField.TOWN: ("plaats", "woonplaats", "stad", "gemeente", "town", "city", "place"),
    SheetField.STATUS: ("status", "stand van zaken", "fase", "state"),
    SheetField.NOTES: ("opmerkingen", "opmerking", "notities", "notitie", "aantekeningen",
                       "bijzonderheden", "notes", "note", "remarks", "comments"),
    SheetField.PARTNER: ("overgedragen aan", "doorgezet naar", "partner", "ketenpartner",
                         "overdracht aan", "overdracht partner", "handed over to",
                         "handover partner", "partner handed to"),
    SheetField.HANDED_OVER_ON: ("datum overdracht", "overdrachtsdatum", "overgedragen op",
                                "doorgezet op", "overdracht datum", "handover date",
                                "handed over on", "date handed over"),
    SheetField.FEEDBACK_DUE_ON: ("terugkoppeling verwacht", "terugkoppeling voor",
                                 "deadline terugkoppeling", "terugkoppeling uiterlijk",
                                 "feedback due", "feedback due on"),
    SheetField.FEEDBACK_RECEIVED_ON: ("terugkoppeling ontvangen", "datum terugkoppeling",
                                      "terugkoppeling partner", "terugkoppeling",
                                      "feedback received", "feedback received on"),
    SheetField.REPORTER_INFORMED_ON: ("melder geinformeerd", "terugkoppeling melder",
                                      "melder teruggekoppeld", "melder geinformeerd op",
                                      "reporter informed", "reporter informed on"),
    SheetField.CLOSED_ON: ("afgesloten", "datum afgesloten", "afgesloten op",
                           "datum afsluiting", "closed", "closed on", "date closed"),
    SheetField.OUTCOME: ("uitkomst", "resultaat", "afloop", "afhandeling", "outcome",
                         "result"),
}

_F = ExploitationForm
DEFAULT_FORMS: dict[str, list[ExploitationForm]] = {
    key: [form]
    for form, keys in (
        (_F.LABOUR, ("arbeid", "arbeidsuitbuiting", "au", "labour", "labor",
                     "labour exploitation")),
        (_F.SEXUAL, ("seksueel", "seksuele uitbuiting", "su", "sexual", "prostitutie",
                     "sexual exploitation")),
        (_F.CRIMINAL, ("crimineel", "criminele uitbuiting", "cu", "criminal", "bedelarij",
                       "gedwongen bedelarij", "criminal exploitation")),
        (_F.OTHER, ("overig", "anders", "other", "orgaanhandel", "organen")))
    for key in keys
}
_S = SignalSource
DEFAULT_SOURCES: dict[str, SignalSource] = {
    **dict.fromkeys(("intern", "interne melding", "medewerker", "collega", "internal"),
                    _S.INTERNAL),
    **dict.fromkeys(("mma", "meld misdaad anoniem", "anoniem", "anonymous"),
                    _S.ANONYMOUS_LINE),
    **dict.fromkeys(("politie", "police", "wijkagent"), _S.POLICE),
    **dict.fromkeys(("partner", "ketenpartner"), _S.PARTNER),
    **dict.fromkeys(("controle", "integrale controle", "inspectie", "inspection"),
                    _S.INSPECTION),
    **dict.fromkeys(("hotel", "hotelcontrole", "hotel check"), _S.HOTEL_CHECK),
    **dict.fromkeys(("hennep", "hennepkwekerij", "hennepsluiting", "cannabis"),
                    _S.CANNABIS_CLOSURE),
    **dict.fromkeys(("bewoner", "buurtbewoner", "omwonende", "resident"), _S.RESIDENT),
    **dict.fromkeys(("ondernemer", "entrepreneur"), _S.ENTREPRENEUR),
    **dict.fromkeys(("overig", "anders", "other"), _S.OTHER),
}
DEFAULT_PARTNERS: dict[str, str] = {
    **dict.fromkeys(("politie", "avim", "politie avim", "police"), "politie_avim"),
    **dict.fromkeys(("nla", "arbeidsinspectie", "inspectie szw", "labour inspectorate"),
                    "nla"),
    **dict.fromkeys(("zorgcoordinator", "zorgcoordinator mensenhandel", "zc", "moviera"),
                    "zorgcoordinator"),
    **dict.fromkeys(("veilig thuis", "vt"), "veilig_thuis"),
    "riec": "riec", "kmar": "kmar", "marechaussee": "kmar", "ind": "ind",
    "comensha": "comensha", "om": "om", "wijkagent": "politie_basisteam",
    "basisteam": "politie_basisteam", "sociaal team": "sociaal_team",
    "fairwork": "fairwork",
}
_U = Urgency
DEFAULT_URGENCIES: dict[str, Urgency] = {
    **dict.fromkeys(("laag", "geen haast", "low"), _U.LOW),
    **dict.fromkeys(("normaal", "gewoon", "regulier", "normal"), _U.NORMAL),
    **dict.fromkeys(("hoog", "urgent", "spoed", "high"), _U.HIGH),
    **dict.fromkeys(("direct", "zeer urgent", "acuut", "zeer hoog", "immediate"),
                    _U.IMMEDIATE),
}
_O = Outcome
DEFAULT_OUTCOMES: dict[str, Outcome] = {
    **dict.fromkeys(("geen mensenhandel", "no trafficking"), _O.NO_TRAFFICKING),
    **dict.fromkeys(("zorg", "alleen zorg", "zorgtraject", "care"), _O.CARE_ONLY),
    **dict.fromkeys(("politie", "aangifte", "overgedragen aan politie"), _O.HANDED_TO_POLICE),
    **dict.fromkeys(("nla", "arbeidsinspectie"), _O.HANDED_TO_LABOUR_INSPECTORATE),
    **dict.fromkeys(("bestuurlijk", "sluiting", "bibob", "gemeentelijke interventie"),
                    _O.MUNICIPAL_INTERVENTION),
    **dict.fromkeys(("onvoldoende informatie", "te weinig informatie"),
                    _O.INSUFFICIENT_INFORMATION),
    **dict.fromkeys(("overig", "anders", "other"), _O.OTHER),
}


@dataclass
class Mapping:
    """Sheet header -> field, plus the value maps and the defaults for what a sheet has no
    column for (handover channel and legal ground)."""

    columns: dict[str, SheetField] = field(default_factory=dict)
    forms: dict[str, list[ExploitationForm]] = field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_FORMS.items()})
    sources: dict[str, SignalSource] = field(default_factory=lambda: dict(DEFAULT_SOURCES))
    partners: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PARTNERS))
    outcomes: dict[str, Outcome] = field(default_factory=lambda: dict(DEFAULT_OUTCOMES))
    urgencies: dict[str, Urgency] = field(default_factory=lambda: dict(DEFAULT_URGENCIES))
    handover_channel: HandoverChannel = HandoverChannel.SECURE_EMAIL
    legal_ground: str = DEFAULT_LEGAL_GROUND

    def column_for(self, target: SheetField) -> str | None:
        return next((h for h, f in self.columns.items() if f is target), None)


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


def suggest_field(header: str) -> tuple[int, SheetField | None]:
    """(score, field): the field whose header name is contained (as whole words) in the
    header with the most words; exact matches score highest."""
    words = _tokens(header)
    best: tuple[int, SheetField | None] = (0, None)
    for target, names in HEADER_NAMES.items():
        for name in names:
            tokens = tuple(name.split())
            if words == tokens:
                score = 100 + len(tokens)
            elif set(tokens) <= set(words):
                score = len(tokens)
            else:
                continue
            if score > best[0]:
                best = (score, target)
    return best


def suggest_mapping(headers: list[str]) -> Mapping:
    """A mapping suggested from the header names (each field at most once, except notes;
    the best-scoring header gets a contested field)."""
    scored = sorted(((suggest_field(h), i, h) for i, h in enumerate(headers)),
                    key=lambda item: (-item[0][0], item[1]))
    taken: set[SheetField] = set()
    chosen: dict[str, SheetField] = {}
    for (score, target), _, header in scored:
        if target is None or score == 0:
            continue
        if target in taken and target not in MULTI_FIELDS:
            continue
        taken.add(target)
        chosen[header] = target
    return Mapping(columns={h: chosen[h] for h in headers if h in chosen})


def fold_key(value: str) -> str:
    return fold(value)


_SPLIT = re.compile(r"\s*(?:[/,;+&]|\ben\b|\band\b)\s*")


def split_values(value: str) -> list[str]:
    """"AU/SU", "seksueel, crimineel", "arbeid en crimineel" -> the parts (folded)."""
    raw = value.casefold()
    parts = [fold(p) for p in _SPLIT.split(raw)]
    return [p for p in parts if p]


# --- JSON --------------------------------------------------------------------------------

def mapping_to_json(mapping: Mapping) -> dict[str, Any]:
    return {
        "format": MAPPING_FORMAT,
        "version": MAPPING_VERSION,
        "columns": {h: str(f) for h, f in mapping.columns.items()},
        "forms": {k: sorted(str(f) for f in v) for k, v in sorted(mapping.forms.items())},
        "sources": {k: str(v) for k, v in sorted(mapping.sources.items())},
        "partners": dict(sorted(mapping.partners.items())),
        "outcomes": {k: str(v) for k, v in sorted(mapping.outcomes.items())},
        "urgencies": {k: str(v) for k, v in sorted(mapping.urgencies.items())},
        "handover_channel": str(mapping.handover_channel),
        "legal_ground": mapping.legal_ground,
    }


def _enum[E: StrEnum](enum: type[E], value: Any, place: str) -> E:
    try:
        return enum(value)
    except ValueError:
        raise MappingError("Mapping file: {place} has an unknown value '{value}'.",
                           field=place, place=place, value=str(value)[:40]) from None


def _dict(doc: dict, key: str) -> dict:
    value = doc.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise MappingError("Mapping file: {place} must be an object.", field=key, place=key)
    return value


def mapping_from_json(doc: Any) -> Mapping:
    if not isinstance(doc, dict) or doc.get("format") != MAPPING_FORMAT:
        raise MappingError("This is not a mapping file of Mensenhandel Desk.")
    if doc.get("version") != MAPPING_VERSION:
        raise MappingError("Mapping version {version} is not supported; this version of the "
                           "app reads version {supported}.",
                           version=str(doc.get("version"))[:20], supported=MAPPING_VERSION)
    mapping = Mapping(
        columns={h: _enum(SheetField, f, f"columns.{h}")
                 for h, f in _dict(doc, "columns").items()},
        forms={fold(k): [_enum(ExploitationForm, f, f"forms.{k}") for f in
                         (v if isinstance(v, list) else [v])]
               for k, v in _dict(doc, "forms").items()},
        sources={fold(k): _enum(SignalSource, v, f"sources.{k}")
                 for k, v in _dict(doc, "sources").items()},
        partners={fold(k): str(v) for k, v in _dict(doc, "partners").items()},
        outcomes={fold(k): _enum(Outcome, v, f"outcomes.{k}")
                  for k, v in _dict(doc, "outcomes").items()},
        # mapping files saved before the urgency column existed get the default table
        urgencies=({fold(k): _enum(Urgency, v, f"urgencies.{k}")
                    for k, v in _dict(doc, "urgencies").items()}
                   if "urgencies" in doc else dict(DEFAULT_URGENCIES)),
        handover_channel=_enum(HandoverChannel,
                               doc.get("handover_channel", HandoverChannel.SECURE_EMAIL),
                               "handover_channel"),
        legal_ground=str(doc.get("legal_ground", DEFAULT_LEGAL_GROUND)),
    )
    return mapping


def save_mapping(mapping: Mapping, path: Path) -> None:
    """Write the mapping as JSON, atomically (it holds no personal data: header names and
    value words only)."""
    data = (json.dumps(mapping_to_json(mapping), ensure_ascii=False, indent=1) + "\n")
    write_atomic(Path(path), data.encode("utf-8"))


def load_mapping(path: Path) -> Mapping:
    try:
        doc = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise MappingError("The mapping file {path} cannot be read (JSON expected).",
                           path=str(path)) from None
    return mapping_from_json(doc)
