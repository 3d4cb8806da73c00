"""Inzageverzoek (data subject access request, AVG art. 15) for one person.

Finds every record that mentions the person:
- parties (persons) whose name matches: names compare as folded tokens
  (``domain.matching.fold``: case, diacritics, punctuation and word order do not matter;
  "Łukasz Nowák" = "nowak lukasz"); every token of the request must be in the recorded
  name, or the recorded name (two tokens or more) is wholly inside the request. With a
  date of birth, parties with a *different* recorded date are left out; parties without
  one are included and marked "date of birth not recorded: check";
- free texts that contain the name (tokens consecutive, either order): signal summaries
  and descriptions, enrichment notes, party and location notes, handover requests and
  partner feedback, agenda summaries and decisions, meeting notes, feedback to reporters.

Withheld (AVG art. 15(4), rights and freedoms of others), and listed as such in the
report:
- the reporter's identity (name, department, contact, team coordinator): never read
  into the report, and their name tokens are redacted from every passage;
- other parties of the same signals (names, dates of birth, details): left out, and
  their name tokens redacted from passages;
- partner contact persons and meeting action holders: only organisations are named;
- the officer's internal assessment is shown as recorded (it is the person's data), but
  enrichment *sources* in municipal systems are named by kind only.
Redaction masks names, never ordinary words: every known third-party name as a whole
(case-insensitive, the tokens in a row), and a single name token (a first name or a
surname alone) only where it is written with a capital, as names are: "de bakker" and
"Sociaal team" stay, "Bakker zei" does not. Action holders are often functions
("wijkagent", "team Handhaving"): they are masked only as a whole, and only when they
look like a personal name (two capitalised words, or an initial). A few function and
organisation words are never masked on their own (``COMMON_WORDS``). A name the officer
typed differently elsewhere may slip through, so the report says the officer must read
it before sending (the JSON is for that review).

A search by name only may find different people with the same name (different dates of
birth): ``AccessResult.persons`` lists them, ``several_persons`` says so; the screen lets
the officer choose one (a new search with that date of birth) and the report warns.

Police or public-prosecution information the municipality received may fall under a
restriction (AVG art. 23, Wpg); the app cannot judge that: docs/SECURITY.md tells the
officer to consult the privacy officer before sending.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mensenhandel_desk.documents import access_request as doc
from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.enums import PartyKind
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.matching import fold
from mensenhandel_desk.domain.models import Party, Signal, SignalFilter
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.base import VaultUser
from mensenhandel_desk.services.documents import DocumentService
from mensenhandel_desk.services.files import write_atomic
from mensenhandel_desk.services.retention import RetentionService, add_months
from mensenhandel_desk.services.settings import Settings, SettingsService

REDACTED = "[weggelaten]"
# Name particles and short tokens are not redacted on their own (they are common words).
PARTICLES = {"van", "der", "den", "de", "het", "ter", "ten", "te", "op", "in", "la", "le",
             "el", "al", "bin", "ben", "von", "zu", "da", "di", "du", "dos", "das", "mc"}
_WORD = re.compile(r"\w+", re.UNICODE)
# Function and organisation words that occur in contact and coordinator fields but are
# ordinary words in a text: never masked on their own (folded).
COMMON_WORDS = {"team", "politie", "wijkagent", "rechercheur", "inspecteur", "fictief",
                "gemeente", "sociaal", "zorgcoordinator", "handhaving", "boa", "toezicht",
                "meneer", "mevrouw", "dhr", "mevr", "afdeling", "coordinator",
                "mensenhandel", "noord", "zuid", "oost", "west", "centrum", "wijkteam"}
_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.")


@dataclass
class Passage:
    reference: str
    what: str
    on: date | None
    text: str


@dataclass
class Finding:
    """One signal on which the person is a party."""

    signal: Signal
    party: Party
    dob_unconfirmed: bool
    recipients: list[tuple[date, str, list[str]]] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    retention_until: date | None = None


@dataclass
class AccessResult:
    name: str
    date_of_birth: date | None
    generated_on: date
    findings: list[Finding]
    mentions: list[Passage]
    withheld: list[str]

    @property
    def record_count(self) -> int:
        return len(self.findings) + len(self.mentions)

    @property
    def persons(self) -> list[tuple[str, date | None]]:
        """The distinct persons found (name as recorded, date of birth), in order."""
        seen: dict[tuple[str, date | None], tuple[str, date | None]] = {}
        for f in self.findings:
            key = (" ".join(sorted(_tokens(f.party.name))), f.party.date_of_birth)
            seen.setdefault(key, (f.party.name, f.party.date_of_birth))
        return sorted(seen.values(), key=lambda p: (p[1] is None, p[1] or date.min, p[0]))

    @property
    def several_persons(self) -> bool:
        """Records with different dates of birth: more than one person was found."""
        return len({dob for _name, dob in self.persons if dob is not None}) > 1

    def report(self, settings: Settings) -> doc.AccessReport:
        """The report's contents (``DocumentService.access_request_report`` renders it)."""
        return build_report(self, settings)


def _tokens(text: str) -> list[str]:
    return fold(text).split()


def name_matches(query: list[str], recorded: str) -> bool:
    tokens = set(_tokens(recorded))
    wanted = set(query)
    if not tokens or not wanted:
        return False
    return wanted <= tokens or (len(tokens) >= 2 and tokens <= wanted)


def text_mentions(query: list[str], text: str) -> bool:
    """All of the name's tokens appear close together (in any order, at most one other
    word in between), so "Nowak, Łukasz" and "Łukasz P. Nowak" both count."""
    if not text or not query:
        return False
    wanted = set(query)
    words = fold(text).split()
    if not wanted <= set(words):
        return False
    width = len(query) + 1
    return any(wanted <= set(words[i:i + width]) for i in range(max(1, len(words) - 1)))


def redact(text: str, third_party_tokens: set[str], keep: set[str],
           phrases: re.Pattern[str] | None = None) -> str:
    """Replace every word whose folded form is a third party's name token, and first
    every literal occurrence of ``phrases`` (the reporters' contact details and
    departments, which are not names and so have no name tokens)."""
    def swap(match: re.Match) -> str:
        word = match.group(0)
        folded = fold(word)
        if folded in third_party_tokens and folded not in keep and word[:1].isupper():
            return REDACTED  # a name token on its own, written as a name
        return word
    text = text or ""
    if phrases is not None:
        text = phrases.sub(REDACTED, text)
    return _WORD.sub(swap, text)


def contact_parts(contact: str) -> list[str]:
    """A contact field often holds several details ("mail, phone"): the whole value, each
    part between separators, and each word that looks like an address or a number."""
    contact = contact or ""
    parts = [contact, *re.split(r"[,;|/\n]+", contact)]
    parts += [word for word in contact.split()
              if "@" in word or sum(ch.isdigit() for ch in word) >= 6]
    return [part.strip(" .,;:()<>") for part in parts if part.strip()]


def phrase_pattern(values: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for literal values (longest first); short values
    (under 4 characters) are left out, they would hit ordinary words."""
    wanted = sorted({" ".join(value.split()) for value in values
                     if value and len(value.strip()) >= 4}, key=len, reverse=True)
    if not wanted:
        return None
    return re.compile("|".join(r"\s+".join(re.escape(part) for part in value.split())
                               for value in wanted), re.IGNORECASE)


def _name_tokens(names: list[str]) -> set[str]:
    result: set[str] = set()
    for name in names:
        result |= {t for t in _tokens(name)
                   if len(t) >= 3 and t not in PARTICLES and t not in COMMON_WORDS}
    return result


def looks_like_name(value: str) -> bool:
    """An action holder that is a person ("Henk Actiehoudersma", "J. de Boer"), not a
    function ("wijkagent", "team Handhaving")."""
    capitals = [w for w in (value or "").split()
                if w[:1].isupper() and fold(w) not in COMMON_WORDS]
    return len(capitals) >= 2 or bool(_INITIAL.search(value or ""))


WITHHELD = [
    N_("The identity of the person who reported the signal (name, department, contact "
       "details, team coordinator)."),
    N_("Names and other details of other people involved in the same signals; their names "
       "are replaced by [weggelaten] in the texts."),
    N_("Names of contact persons at chain partners and of action holders in the undermining "
       "meeting; only the organisations are named."),
]


class AccessRequestService(VaultUser):
    def __init__(self, services: VaultUser) -> None:
        """``services``: the session's ``Services`` bundle (only its context is used)."""
        self.ctx = services.ctx
        self.settings = SettingsService(self.ctx)
        self.documents = DocumentService(self.ctx)

    def find(self, name: str, date_of_birth: date | None = None) -> AccessResult:
        """Collect the person's data (redacted) and audit that a request was handled."""
        name = v.clean_text(name, "name", required=True)
        v.check_date(date_of_birth, "date_of_birth", today=self.clock.today())
        query = _tokens(name)
        if not query:
            raise ValidationError("Give the person's name (letters or digits).",
                                    code="name_required", field="name")
        periods = RetentionService(self).periods()
        with self.vault.unit_of_work() as uow:
            partners = {p.key: p.name for p in uow.partners.all()}
            findings: dict[int, Finding] = {}
            for party in uow.parties.persons_named_like(query):
                if party.kind is not PartyKind.PERSON or not name_matches(query, party.name):
                    continue
                if (date_of_birth and party.date_of_birth
                        and party.date_of_birth != date_of_birth):
                    continue
                signal = uow.signals.get(party.signal_id)
                findings.setdefault(signal.id, Finding(
                    signal=signal, party=party,
                    dob_unconfirmed=bool(date_of_birth) and party.date_of_birth is None))
            third = self._third_party_tokens(uow, set(findings), query)
            keep = set(query)
            # The reporter's identity is more than a name: contact details and department
            # typed into a free text are withheld too.
            phrases = phrase_pattern(
                [value for r in uow.reporters.all()
                 for value in (r.department, *contact_parts(r.contact))]
                + self._third_party_names(uow, query))
            mentions: list[Passage] = []
            for signal_id in self._candidate_signals(uow, name, findings):
                signal = uow.signals.get(signal_id)
                passages = self._passages(uow, signal)
                if signal_id in findings:
                    # Notes on the other parties are about them; the person's own notes
                    # are shown with their record.
                    chosen = [p for p in passages if p.what != _("Notes on a person involved")]
                else:
                    chosen = [p for p in passages if text_mentions(query, p.text)]
                chosen = [Passage(p.reference, p.what, p.on,
                                  redact(p.text, third, keep, phrases))
                          for p in chosen if p.text]
                if signal_id in findings:
                    finding = findings[signal_id]
                    finding.passages = chosen
                    finding.party.notes = redact(finding.party.notes, third, keep, phrases)
                    finding.recipients = [
                        (h.handed_over_on, partners.get(h.partner_key, h.partner_key),
                         sorted(label(k) for k in h.shared_data))
                        for h in sorted(uow.handovers.for_signal(signal_id),
                                        key=lambda h: h.handed_over_on)]
                    if signal.closed_on and signal.outcome:
                        finding.retention_until = add_months(signal.closed_on,
                                                             periods[signal.outcome])
                else:
                    mentions += chosen
            mentions += self._meeting_mentions(uow, query, third, keep, phrases)
        result = AccessResult(name=name, date_of_birth=date_of_birth,
                              generated_on=self.clock.today(),
                              findings=sorted(findings.values(),
                                              key=lambda f: f.signal.received_on),
                              mentions=mentions, withheld=[_(w) for w in WITHHELD])
        with self.vault.unit_of_work() as uow:
            audit.record(uow, self.clock, Action.ACCESS_REQUEST, "inzage",
                         f"{len(result.findings)} records, {len(mentions)} mentions")
        return result

    # --- gathering --------------------------------------------------------------------
    def _candidate_signals(self, uow, name: str, findings: dict[int, Finding]) -> list[int]:
        """Signals where the person is a party, plus every signal with any text that
        might mention the name (FTS over summary/description, then all child texts)."""
        ids = set(findings)
        offset = 0
        while True:
            page = uow.signals.page(SignalFilter(text=name), "received_on", False, offset,
                                    1000, with_total=False)
            ids |= {row.id for row in page.rows}
            if len(page.rows) < 1000:
                break
            offset += 1000
        query = _tokens(name)
        for note in uow.notes.all():
            if text_mentions(query, note.text):
                ids.add(note.signal_id)
        for record in uow.parties.all() + uow.locations.all():
            if text_mentions(query, record.notes):
                ids.add(record.signal_id)
        for handover in uow.handovers.all():
            if text_mentions(query, handover.requested_action + " \n " + handover.feedback_text):
                ids.add(handover.signal_id)
        for item in uow.meeting_items.all():
            if text_mentions(query, item.summary + " \n " + item.decision):
                ids.add(item.signal_id)
        for feedback in uow.reporter_feedback.all():
            if text_mentions(query, feedback.text):
                ids.add(feedback.signal_id)
        return sorted(ids)

    @staticmethod
    def _passages(uow, signal: Signal) -> list[Passage]:
        ref = signal.reference
        out = [Passage(ref, _("Summary"), signal.received_on, signal.summary),
               Passage(ref, _("Description"), signal.received_on, signal.description)]
        out += [Passage(ref, _("Enrichment ({source})").format(source=label(n.source)),
                        n.noted_on, n.text) for n in uow.notes.for_signal(signal.id)]
        out += [Passage(ref, _("Notes on a person involved"), None, p.notes)
                for p in uow.parties.for_signal(signal.id)]
        out += [Passage(ref, _("Notes on a location"), None, loc.notes)
                for loc in uow.locations.for_signal(signal.id)]
        for h in uow.handovers.for_signal(signal.id):
            out.append(Passage(ref, _("Requested action at handover"), h.handed_over_on,
                               h.requested_action))
            out.append(Passage(ref, _("Feedback from the partner"), h.feedback_received_on,
                               h.feedback_text))
        for item in uow.meeting_items.for_signal(signal.id):
            out.append(Passage(ref, _("Undermining meeting: summary"), None, item.summary))
            out.append(Passage(ref, _("Undermining meeting: decision"), item.due_on,
                               item.decision))
        out += [Passage(ref, _("Feedback to the reporting employee"), f.given_on, f.text)
                for f in uow.reporter_feedback.for_signal(signal.id)]
        return out

    @staticmethod
    def _meeting_mentions(uow, query, third, keep, phrases=None) -> list[Passage]:
        return [Passage(f"OVERLEG-{m.id}", _("Undermining meeting: notes"), m.held_on,
                        redact(m.notes, third, keep, phrases))
                for m in uow.meetings.all() if text_mentions(query, m.notes)]

    @staticmethod
    def _third_party_names(uow, query: list[str]) -> list[str]:
        """Whole names of everyone else the texts might name: all other parties, every
        reporter and team coordinator, partner contacts, and meeting action holders that
        are persons (not functions)."""
        names = [p.name for p in uow.parties.all()
                 if p.kind is PartyKind.PERSON and not name_matches(query, p.name)]
        for reporter in uow.reporters.all():
            names += [reporter.name, reporter.team_coordinator]
        names += [c.name for c in uow.contacts.all()]
        names += [i.action_holder for i in uow.meeting_items.all()
                  if looks_like_name(i.action_holder)]
        return [n for n in names if n and not name_matches(query, n)]

    @classmethod
    def _third_party_tokens(cls, uow, signal_ids: set[int], query: list[str]) -> set[str]:
        """Name tokens of those names (a first name or surname written alone)."""
        return _name_tokens(cls._third_party_names(uow, query)) - set(query)

    # --- output ---------------------------------------------------------------------
    def to_json(self, result: AccessResult) -> dict:
        def passage(p: Passage) -> dict:
            return {"reference": p.reference, "what": p.what,
                    "date": p.on.isoformat() if p.on else None, "text": p.text}
        return {
            "format": "mensenhandel-desk-inzage", "version": 1,
            "generated_on": result.generated_on.isoformat(),
            "request": {"name": result.name, "date_of_birth":
                        result.date_of_birth.isoformat() if result.date_of_birth else None},
            "records": [{
                "reference": f.signal.reference,
                "received_on": f.signal.received_on.isoformat(),
                "source": label(f.signal.source),
                "forms": sorted(label(x) for x in f.signal.forms),
                "status": label(f.signal.status),
                "outcome": label(f.signal.outcome) if f.signal.outcome else None,
                "closed_on": f.signal.closed_on.isoformat() if f.signal.closed_on else None,
                "retention_until": f.retention_until.isoformat() if f.retention_until
                else None,
                "person": {"name": f.party.name, "role": label(f.party.role),
                           "date_of_birth": f.party.date_of_birth.isoformat()
                           if f.party.date_of_birth else None,
                           "date_of_birth_unconfirmed": f.dob_unconfirmed,
                           "nationality": f.party.nationality, "gender": label(f.party.gender),
                           "sector": f.party.sector, "notes": f.party.notes},
                "recipients": [{"handed_over_on": d.isoformat(), "partner": partner,
                                "shared_data": kinds} for d, partner, kinds in f.recipients],
                "texts": [passage(p) for p in f.passages],
            } for f in result.findings],
            "mentions": [passage(p) for p in result.mentions],
            "withheld": result.withheld,
        }

    def to_report(self, result: AccessResult) -> doc.AccessReport:
        return build_report(result, self.settings.get())

    def write(self, result: AccessResult, pdf_out: Path | None = None,
              json_out: Path | None = None) -> None:
        """Write the chosen outputs atomically (the officer chose these files); the PDF
        through the document service, like every document."""
        if json_out is not None:
            write_atomic(Path(json_out), json.dumps(self.to_json(result), ensure_ascii=False,
                                                    indent=1).encode("utf-8"))
        if pdf_out is not None:  # a numbered copy: in the print log and audited
            self.documents.access_request_report(result, out=Path(pdf_out))


def build_report(result: AccessResult, settings: Settings) -> doc.AccessReport:
    """The report's contents (the document service renders, logs and audits it)."""
    general = [
        (_("Purpose"), _("Recording and handling signals of possible human trafficking "
                         "(municipal report route), and handing them over to chain "
                         "partners.")),
        (_("Legal basis"), _("Art. 6(1)(e) GDPR: a task in the public interest "
                             "(public order and safety, care for victims).")),
        (_("Source"), _("Municipal employees, chain partners or residents who reported a "
                        "signal; the reporter's identity is not disclosed.")),
        (_("Retention"), _("Per signal below; after that the data is destroyed.")),
        (_("Your rights"), _("Rectification, erasure, restriction and objection: contact "
                             "the municipality's privacy officer. You may complain to "
                             "the Autoriteit Persoonsgegevens.")),
    ]
    blocks = []
    for f in result.findings:
        p, s = f.party, f.signal
        facts = [(_("Reference"), s.reference), (_("Received"), doc.dutch_date(s.received_on)),
                 (_("Source"), label(s.source)),
                 (_("Forms of exploitation"), ", ".join(sorted(label(x) for x in s.forms))
                  or "-"),
                 (_("Status"), label(s.status)),
                 (_("Name as recorded"), p.name), (_("Role"), label(p.role))]
        if p.date_of_birth:
            facts.append((_("Date of birth"), doc.dutch_date(p.date_of_birth)))
        elif f.dob_unconfirmed:
            facts.append((_("Date of birth"), _("not recorded: check that this is the "
                                                "same person")))
        for key, value in ((_("Nationality"), p.nationality), (_("Sector"), p.sector),
                           (_("Notes"), p.notes)):
            if value:
                facts.append((key, value))
        if s.outcome:
            facts.append((_("Outcome"), f"{label(s.outcome)} "
                                        f"({doc.dutch_date(s.closed_on)})"))
        if f.retention_until:
            facts.append((_("Kept until"), doc.dutch_date(f.retention_until)))
        for on, partner, kinds in f.recipients:
            facts.append((_("Shared with"), f"{partner}, {doc.dutch_date(on)}"
                                            f"{': ' + ', '.join(kinds) if kinds else ''}"))
        passages = [(f"{p_.what} ({doc.dutch_date(p_.on)})" if p_.on else p_.what, p_.text)
                    for p_ in f.passages]
        blocks.append(doc.Block(heading=_("Signal {reference}").format(
            reference=s.reference), facts=facts, passages=passages))
    if result.mentions:
        blocks.append(doc.Block(
            heading=_("Mentioned in other records"),
            passages=[(f"{m.reference} · {m.what}", m.text) for m in result.mentions]))
    warning = ""
    if result.several_persons:
        found = "; ".join(
            _("{name}, born {date}").format(name=name, date=doc.dutch_date(dob)) if dob
            else _("{name}, date of birth not recorded").format(name=name)
            for name, dob in result.persons)
        warning = _("Caution: this search by name found different people with the same "
                    "name: {persons}. This report holds all of them. Search again with the "
                    "requester's date of birth before sending it.").format(persons=found)
    return doc.AccessReport(
        warning=warning,
        municipality=settings.municipality, department=settings.department,
        generated_on=result.generated_on, subject_name=result.name,
        subject_dob=result.date_of_birth, general=general, blocks=blocks,
        withheld=result.withheld)
