"""Name modes for documents that leave the vault: full names, initials or pseudonyms.

One ``NameMasker`` serves one document. Register every party (and every location) first,
then ask for display names and scrub free text; that order is what keeps pseudonyms
stable within the document ("Persoon A" is the same person on page 1 and page 9, and the
same person on two agenda items).

What each mode prints (documented for the DPIA in ``docs/documents.md``):

* ``full``: names, dates of birth, KvK numbers and addresses as recorded.
* ``initials``: "P.K." for persons, initials plus legal form for organisations; only the
  year of birth; no KvK number; addresses reduced to "Locatie 1 (woning), 3521 Utrecht"
  (postcode area and town); free text scrubbed of names, street addresses, postcodes and
  KvK numbers.
* ``pseudonym``: "Persoon A", "Organisatie A"; otherwise as ``initials``.

In every mode, withheld names and phrases (the reporter's name, department, contact and team
coordinator) are removed from all free text: the reporter never appears on paper, even
when the officer typed the reporter's name into a description.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mensenhandel_desk.documents.phrases import WITHHELD, long_date, nl_label
from mensenhandel_desk.domain.enums import NameMode, PartyKind
from mensenhandel_desk.domain.matching import fold
from mensenhandel_desk.domain.models import Location, Party

# Name particles that stay lowercase in initials and are never scrubbed on their own.
PARTICLES = frozenset({
    "van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "t", "'t", "la", "le",
    "du", "da", "di", "del", "della", "dos", "das", "do", "el", "al", "bin", "ben", "ibn",
    "abu", "bint", "von", "zu", "y", "e", "i", "a", "and", "en", "und",
})
LEGAL_FORMS = frozenset({"b.v.", "bv", "n.v.", "nv", "v.o.f.", "vof", "c.v.", "cv",
                         "holding", "sp.", "z", "o.o.", "sp. z o.o.", "srl", "s.r.l.", "ltd",
                         "gmbh", "eenmanszaak", "stichting"})
AMBIGUOUS = "[naam]"
MIN_TOKEN = 3  # shorter name parts are too likely to be ordinary words

_TOKEN = re.compile(r"[\w'’.-]+", re.UNICODE)
_POSTCODE = re.compile(r"\b(\d{4})\s?[A-Za-z]{2}\b")
_KVK = re.compile(r"\b\d{8}\b")


def letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: enough pseudonyms for any signal."""
    result = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        result = chr(ord("A") + rest) + result
    return result


def _tokens(name: str) -> list[str]:
    """Name parts, and the halves of double-barrelled names ("Zuidervaart-Testmelder")."""
    result: list[str] = []
    for raw in _TOKEN.findall(name):
        token = raw.strip(".'’-")
        if not token:
            continue
        result.append(token)
        if "-" in token:
            result += [part for part in token.split("-") if part]
    return result


def initials(name: str, kind: PartyKind = PartyKind.PERSON) -> str:
    """"Piotr Kowalski" -> "P.K.", "Jan de Vries" -> "J. de V.", organisations keep their
    legal form: "Nowak Bouw B.V." -> "N.B. B.V."."""
    words = name.split()
    legal = []
    if kind is PartyKind.ORGANISATION:
        while words and words[-1].lower() in LEGAL_FORMS:
            legal.insert(0, words.pop())
    parts: list[str] = []
    run = ""
    for word in words:
        bare = word.strip(".,'’-")
        if not bare:
            continue
        if bare.lower() in PARTICLES and len(words) > 1:
            if run:
                parts.append(run)
                run = ""
            parts.append(bare.lower())
        else:
            run += bare[0].upper() + "."
    if run:
        parts.append(run)
    return " ".join(parts + legal) or "?"


class NameMasker:
    """Display names and free-text scrubbing for one document in one name mode."""

    def __init__(self, mode: NameMode | str, withheld_names: Iterable[str] = (),
                 withheld_phrases: Iterable[str] = ()) -> None:
        self.mode = NameMode(mode)
        self._display: dict[str, str] = {}
        self._persons = 0
        self._organisations = 0
        self._locations: dict[tuple, str] = {}
        self._rules: dict[str, str] = {}  # folded needle -> replacement
        self._withheld: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None
        for value in withheld_names:
            self._withhold(value, tokens=True)
        for value in withheld_phrases:
            self._withhold(value, tokens=False)

    @property
    def reduced(self) -> bool:
        return self.mode is not NameMode.FULL

    # --- registration -------------------------------------------------------------
    def _withhold(self, value: str, tokens: bool) -> None:
        """Names are withheld whole and per name part; phrases (a department, an e-mail
        address) only whole, so "Noord" in "Team Handhaving Noord" stays readable."""
        value = (value or "").strip()
        if not value:
            return
        self._withheld[value.casefold()] = WITHHELD
        for token in _tokens(value) if tokens else ():
            if len(token) >= MIN_TOKEN and token.lower() not in PARTICLES and "@" not in token:
                self._withheld[token.casefold()] = WITHHELD
        self._pattern = None

    @staticmethod
    def _key(party: Party) -> str:
        return f"{party.kind}:{fold(party.name)}"

    def add_party(self, party: Party) -> str:
        """Register a party (idempotent per name) and return its display name."""
        key = self._key(party)
        if key in self._display:
            return self._display[key]
        if self.mode is NameMode.FULL:
            shown = party.name
        elif self.mode is NameMode.INITIALS:
            shown = self._unique(initials(party.name, party.kind))
        elif party.kind is PartyKind.ORGANISATION:
            shown = f"Organisatie {letters(self._organisations)}"
            self._organisations += 1
        else:
            shown = f"Persoon {letters(self._persons)}"
            self._persons += 1
        self._display[key] = shown
        if self.reduced:
            self._rule(party.name, shown)
            words = party.name.split()
            if party.kind is PartyKind.ORGANISATION:
                while words and words[-1].lower() in LEGAL_FORMS:
                    words.pop()
                if len(words) > 1:
                    self._rule(" ".join(words), shown)
            if party.kind is PartyKind.PERSON:
                # every name part of a person; organisations only whole (a trade word like
                # "Bouw" in "Nowak Bouw B.V." must stay readable in the text)
                for token in _tokens(party.name):
                    if len(token) >= MIN_TOKEN and token.lower() not in PARTICLES:
                        self._rule(token, shown)
            if party.kvk_number:
                self._rule(party.kvk_number, "[KvK-nummer]")
        return shown

    def _unique(self, shown: str) -> str:
        taken = set(self._display.values())
        if shown not in taken:
            return shown
        n = 2
        while f"{shown} ({n})" in taken:
            n += 1
        return f"{shown} ({n})"

    def _rule(self, needle: str, replacement: str, weak: bool = False) -> None:
        needle = needle.strip()
        if not needle:
            return
        key = needle.casefold()
        if weak and key in self._rules:
            return  # a person's name part wins over a street name
        current = self._rules.get(key)
        if current is not None and current != replacement:
            replacement = AMBIGUOUS  # two people share a surname: name neither
        self._rules[key] = replacement
        self._pattern = None

    def add_location(self, location: Location) -> str:
        """Register a location and return how it prints in this mode."""
        key = (location.street, location.house_number, location.postcode, location.town,
               location.kind)
        if key in self._locations:
            return self._locations[key]
        kind = nl_label(location.kind).lower()
        if self.mode is NameMode.FULL:
            street = " ".join(p for p in (location.street, location.house_number) if p)
            place = " ".join(p for p in (location.postcode, location.town) if p)
            shown = ", ".join(p for p in (street, place) if p) or "-"
            shown = f"{shown} ({kind})"
        else:
            number = len(self._locations) + 1
            area = location.postcode[:4] if location.postcode else ""
            place = " ".join(p for p in (area, location.town) if p)
            shown = f"Locatie {number} ({kind})" + (f", {place}" if place else "")
            label = f"Locatie {number}"
            if location.street and location.house_number:
                self._rule(f"{location.street} {location.house_number}", label)
            if location.street and len(location.street) >= 4:
                self._rule(location.street, label, weak=True)
        self._locations[key] = shown
        return shown

    # --- output -------------------------------------------------------------------
    def name(self, party: Party) -> str:
        return self.add_party(party)

    def birth(self, party: Party) -> str:
        if party.date_of_birth is None:
            return "-"
        if self.mode is NameMode.FULL:
            return long_date(party.date_of_birth)
        return str(party.date_of_birth.year)

    def kvk(self, party: Party) -> str:
        return party.kvk_number if (party.kvk_number and not self.reduced) else ""

    def _compiled(self) -> re.Pattern[str] | None:
        if self._pattern is None:
            needles = set(self._withheld)
            if self.reduced:
                needles |= set(self._rules)
            if not needles:
                return None
            alternatives = "|".join(re.escape(n) for n in sorted(needles, key=len,
                                                                   reverse=True))
            self._pattern = re.compile(f"(?<![\\w@])(?:{alternatives})(?![\\w@])",
                                       re.IGNORECASE)
        return self._pattern

    def scrub(self, text: str | None) -> str:
        """Free text with withheld strings removed and, in the reduced modes, names,
        street addresses, postcodes and KvK numbers replaced."""
        if not text:
            return ""
        pattern = self._compiled()
        if pattern is not None:
            def replace(match: re.Match[str]) -> str:
                key = match.group(0).casefold()
                if key in self._withheld:
                    return self._withheld[key]
                return self._rules.get(key, WITHHELD)

            text = pattern.sub(replace, text)
        if self.reduced:
            text = _POSTCODE.sub(lambda m: m.group(1), text)
            text = _KVK.sub("[KvK-nummer]", text)
        return text
