"""Signals and everything recorded on them: parties, locations, enrichment notes,
indicators, the reporter (explicit calls only), closing, and "already known"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from mensenhandel_desk.domain import record_rules as rules
from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.enums import (
    Outcome,
    PartyKind,
    SignalStatus,
)
from mensenhandel_desk.domain.errors import NotFound, RouteError, ValidationError
from mensenhandel_desk.domain.matching import (
    address_key,
    house_number_key,
    legacy_address_key,
    normalise_postcode,
    organisation_key,
    organisation_name_key,
    person_key,
)
from mensenhandel_desk.domain.models import (
    EnrichmentNote,
    KnownMatch,
    Location,
    NextAction,
    Page,
    Party,
    Reporter,
    Signal,
    SignalDossier,
    SignalFilter,
    SignalIndicator,
    SignalRow,
)
from mensenhandel_desk.domain.references import format_reference
from mensenhandel_desk.domain.route import (
    ACTION_MESSAGES,
    check_close,
    current_next_action,
    next_actions,
)
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.base import (
    ServiceContext,
    VaultUser,
    signal_by_reference,
    signal_or_raise,
)
from mensenhandel_desk.services.route_state import facts_for, refresh
from mensenhandel_desk.store.vault import UnitOfWork

MAX_PAGE = 1000
FIRST_ROWS = 200  # list lines delivered with the first ids (one screen and more)
# The register's sort keys, one per column (see store/repositories.py SORT_ORDERS).
SORT_KEYS = ("reference", "received_on", "status", "forms", "urgency", "assessment",
             "next_action", "summary")


def party_match_key(party: Party) -> str:
    if party.kind is PartyKind.PERSON:
        return "p:" + person_key(party.name, party.date_of_birth)
    key = organisation_key(party.name, party.kvk_number)
    return "o:" + key if key else ""


def _cleaned(candidate: Party | Location) -> Party | Location | None:
    """The candidate as it would be saved (cleaned like on save), or None while it would
    not pass validation yet (no name, half a postcode): the editor asks while typing."""
    try:
        if isinstance(candidate, Party):
            return rules.clean_party(replace(candidate), None)
        return rules.clean_location(replace(candidate))
    except ValidationError:
        return None


def _unique_sorted(found: list[KnownMatch]) -> list[KnownMatch]:
    """One line per (signal, what matched, label), earliest signal first."""
    unique: dict[tuple[int, str, str], KnownMatch] = {}
    for match in found:
        unique.setdefault((match.signal_id, match.matched_on, match.match_label), match)
    return sorted(unique.values(), key=lambda m: (m.received_on, m.reference))


def _one_per_signal(found: list[KnownMatch]) -> list[KnownMatch]:
    """One candidate matches a signal once: a signal that holds the same address (or
    person) twice is listed once, not twice."""
    unique: dict[tuple[int, str], KnownMatch] = {}
    for match in found:
        unique.setdefault((match.signal_id, match.matched_on), match)
    return list(unique.values())


def _address_identity(location: Location) -> tuple[str, ...]:
    """What makes two locations of one signal the same address: postcode + house number
    (with its addition) when there is a postcode, else street + number + town."""
    number = house_number_key(location.house_number)
    if address_key(location.postcode, location.house_number):
        return ("pc", normalise_postcode(location.postcode), number)
    street = " ".join(location.street.split()).casefold()
    town = " ".join(location.town.split()).casefold()
    return ("street", street, number, town) if street else ()


def _refuse_duplicate_address(uow: UnitOfWork, location: Location) -> None:
    """The same address twice on one signal is refused (the officer changes the one
    recorded instead): "already known" would list that signal twice."""
    identity = _address_identity(location)
    if not identity:
        return
    for other in uow.locations.for_signal(location.signal_id):
        if other.id != location.id and _address_identity(other) == identity:
            raise ValidationError("This address is already recorded on this signal.",
                                  code="duplicate_location", field="location")


class KvkNameIndex:
    """Folded names of the organisations recorded with a KvK number -> their party ids.

    The stored key of such an organisation is its KvK number, so a name-only record of
    the same organisation cannot be found by key; folding every name on each keystroke
    would cost ~100 ms at 100,000 signals. Built on first use (one read of those names),
    then kept current from the key index: new rows (a higher id) are read in, removed
    ones and renamed ones are filtered out when the hits are re-read (``ids_named`` only
    proposes candidates), and ``note`` files a changed name at once. Lives as long as the
    open vault (names stay in memory, as the database's own page cache holds them).
    """

    def __init__(self) -> None:
        self._ids: dict[str, set[int]] = {}
        self._state: tuple[int, int] | None = None

    def _add(self, party_id: int, name: str) -> None:
        key = organisation_name_key(name)
        if key:
            self._ids.setdefault(key, set()).add(party_id)

    def ids_named(self, uow: UnitOfWork, name_key: str) -> list[int]:
        state = uow.parties.kvk_organisations_state()
        if self._state is None or state[0] < self._state[0] - 1000:
            self._ids.clear()  # first use, or many removed: read them all again
            rows = uow.parties.kvk_organisation_names()
        elif state[1] > self._state[1]:
            rows = uow.parties.kvk_organisation_names(after_id=self._state[1])
        else:
            rows = []
        for party_id, name in rows:
            self._add(party_id, name)
        self._state = state
        return sorted(self._ids.get(name_key, ()))

    def note(self, party: Party) -> None:
        """A party was added or changed through the service: file its (new) name."""
        if self._state is not None and party.id is not None and party.kvk_number and (
                party.kind is PartyKind.ORGANISATION):
            self._add(party.id, party.name)


class SignalService(VaultUser):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._kvk_names = KvkNameIndex()

    # --- signals ------------------------------------------------------------------
    def _clean_signal(self, signal: Signal) -> Signal:
        return rules.clean_signal(signal, self.clock.today())

    def create(self, signal: Signal, reporter: Reporter | None = None) -> Signal:
        """Record a new signal (route step 2) and, optionally, its reporter."""
        signal = self._clean_signal(replace(signal))
        with self.vault.unit_of_work() as uow:
            if not signal.reference:
                year = signal.received_on.year
                signal.reference = format_reference(year, uow.signals.max_number_for_year(year) + 1)
            elif uow.signals.id_by_reference(signal.reference) is not None:
                raise ValidationError("Reference {reference} is already in use.",
                                      code="duplicate_reference", field="reference",
                                      reference=signal.reference)
            latest = uow.checklists.latest_version() or 1
            if not signal.checklist_version:
                signal.checklist_version = latest
            elif uow.checklists.get(signal.checklist_version) is None:
                raise ValidationError("Checklist version {version} does not exist.",
                                      code="checklist_not_found", field="checklist_version",
                                      version=signal.checklist_version)
            signal.status = SignalStatus.RECEIVED
            signal.outcome, signal.closed_on = None, None
            uow.signals.add(signal, self.clock.now())
            if reporter is not None:
                self._put_reporter(uow, replace(reporter, signal_id=signal.id))
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.CREATE, signal.reference, "signal")
            return uow.signals.get(signal.id)

    def update(self, signal: Signal) -> Signal:
        signal = self._clean_signal(replace(signal))
        with self.vault.unit_of_work() as uow:
            current = signal_or_raise(uow, signal.id)
            # Route fields are not edited here: they follow from records (see close()).
            signal.reference, signal.status = current.reference, current.status
            signal.outcome, signal.closed_on = current.outcome, current.closed_on
            signal.created_at = current.created_at
            # Fixed at receipt or changed only through their own audited calls:
            signal.checklist_version = current.checklist_version
            signal.legal_hold_reason = current.legal_hold_reason
            signal.is_demo = current.is_demo
            uow.signals.update(signal, self.clock.now())
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "signal")
            return uow.signals.get(signal.id)

    def get(self, signal_id: int) -> Signal:
        with self.vault.unit_of_work() as uow:
            return signal_or_raise(uow, signal_id)

    def by_reference(self, reference: str) -> Signal:
        with self.vault.unit_of_work() as uow:
            return signal_by_reference(uow, reference)

    def dossier(self, signal_id: int, *, audited: bool = True) -> SignalDossier:
        """Everything on one signal except the reporter; opening is audited."""
        with self.vault.unit_of_work() as uow:
            signal = signal_or_raise(uow, signal_id)
            if audited:
                audit.record_reading(uow, self.clock, Action.OPEN_SIGNAL, signal.reference,
                                     read_only=self.vault.read_only)
            return SignalDossier(
                signal=signal,
                parties=uow.parties.for_signal(signal_id),
                locations=uow.locations.for_signal(signal_id),
                notes=sorted(uow.notes.for_signal(signal_id), key=lambda n: (n.noted_on, n.id)),
                indicators=uow.checklists.for_signal(signal_id),
                handovers=sorted(uow.handovers.for_signal(signal_id),
                                 key=lambda h: (h.handed_over_on, h.id)),
                meeting_items=uow.meeting_items.for_signal(signal_id),
                reporter_feedback=uow.reporter_feedback.for_signal(signal_id),
                has_reporter=uow.reporters.exists_for_signal(signal_id),
            )

    def page(self, flt: SignalFilter | None = None, *, sort: str = "received_on",
             descending: bool = True, offset: int = 0, limit: int = 200,
             with_total: bool = False) -> Page:
        """One page of the signal list, filtered, searched (FTS5) and sorted in SQL.

        ``total`` is counted only with ``with_total=True`` (else it is offset + rows);
        a windowed list uses ``ids()`` and ``count()`` instead.
        """
        limit = max(1, min(limit, MAX_PAGE))
        with self.vault.unit_of_work() as uow:
            page = uow.signals.page(flt or SignalFilter(), sort, descending, max(0, offset),
                                    limit, with_total)
        self._present(page.rows)
        return page

    def ids(self, flt: SignalFilter | None = None, sort: str = "received_on",
            descending: bool = True, limit: int | None = None, *,
            on_first: Callable[[list[int], list[SignalRow]], None] | None = None,
            first: int = 400) -> list[int]:
        """Every matching signal id in display order, from one SQL query (plus, for a
        search sorted by another column than the date, a capped probe of the hit count).

        ``sort`` is one of ``SORT_KEYS`` (one per register column); each is an indexed
        order with ties broken by id, so the order is stable. Raises ``ValueError`` for
        an unknown key (a bug in the caller). ``limit``: only the first ids.

        ``on_first(ids, rows)``: called (on the calling thread, inside the same read) as
        soon as the first ``first`` ids are fetched, with the list lines of the first 200
        of them, before the rest of the ids is read from the same query. A list can paint
        its first screen without waiting for 100,000 ids or a second round trip.
        """
        with self.vault.unit_of_work() as uow:
            if on_first is None:
                return uow.signals.ids(flt or SignalFilter(), sort, descending, limit)
            result = uow.signals.ids_result(flt or SignalFilter(), sort, descending, limit)
            if result is None:
                on_first([], [])
                return []
            head = list(result.fetchmany(first))
            on_first(head, self._present(uow.signals.rows(head[:FIRST_ROWS])))
            return head + list(result) if len(head) == first else head

    def rows(self, ids: list[int]) -> list[SignalRow]:
        """The list lines for ``ids`` in the given order (a few set-based queries), with
        the next action as of today. Ids of signals that no longer exist are skipped."""
        with self.vault.unit_of_work() as uow:
            rows = uow.signals.rows(list(ids))
        return self._present(rows)

    def count(self, flt: SignalFilter | None = None) -> int:
        """How many signals match ``flt`` (all signals without one)."""
        with self.vault.unit_of_work() as uow:
            if flt is None:
                return uow.signals.count()
            return uow.signals.count_matching(flt)

    def _present(self, rows: list[SignalRow]) -> list[SignalRow]:
        """Turn the stored next action into today's (see ``current_next_action``)."""
        today = self.clock.today()
        texts = {code: _(message) for code, message in ACTION_MESSAGES.items()}
        texts[""] = ""
        for row in rows:
            row.next_action, row.overdue = current_next_action(row.next_action,
                                                               row.next_due_on, today)
            row.next_action_text = texts[row.next_action]
        return rows

    # --- closing --------------------------------------------------------------------
    def close(self, signal_id: int, outcome: Outcome | None,
              closed_on: date | None = None) -> Signal:
        check_close(outcome)
        with self.vault.unit_of_work() as uow:
            signal = signal_or_raise(uow, signal_id)
            if signal.status is SignalStatus.CLOSED:
                raise RouteError("Signal {reference} is already closed.", code="already_closed",
                                 reference=signal.reference)
            closed_on = rules.check_closed(closed_on or self.clock.today(),
                                           signal.received_on, self.clock.today())
            signal.outcome, signal.closed_on = Outcome(outcome), closed_on
            uow.signals.update(signal, self.clock.now())
            refresh(uow, signal_id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "closed")
            return uow.signals.get(signal_id)

    def reopen(self, signal_id: int) -> Signal:
        with self.vault.unit_of_work() as uow:
            signal = signal_or_raise(uow, signal_id)
            signal.outcome, signal.closed_on = None, None
            uow.signals.update(signal, self.clock.now())
            refresh(uow, signal_id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "reopened")
            return uow.signals.get(signal_id)

    # --- reporter (segregated) --------------------------------------------------------
    def _put_reporter(self, uow: UnitOfWork, reporter: Reporter) -> Reporter:
        return uow.reporters.put(rules.clean_reporter(reporter))

    def set_reporter(self, signal_id: int, reporter: Reporter) -> Reporter:
        with self.vault.unit_of_work() as uow:
            signal = signal_or_raise(uow, signal_id)
            result = self._put_reporter(uow, replace(reporter, signal_id=signal_id))
            refresh(uow, signal_id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "reporter")
            return result

    def reporter(self, signal_id: int) -> Reporter | None:
        """The reporter's identity. An explicit, audited call: nothing else returns it."""
        with self.vault.unit_of_work() as uow:
            signal = signal_or_raise(uow, signal_id)
            audit.record_reading(uow, self.clock, Action.VIEW_REPORTER, signal.reference,
                                 read_only=self.vault.read_only)
            return uow.reporters.get_for_signal(signal_id)

    # --- parties and locations, with "already known" ---------------------------------
    def _clean_party(self, party: Party) -> Party:
        return rules.clean_party(party, self.clock.today())

    def add_party(self, party: Party) -> tuple[Party, list[KnownMatch]]:
        """Add a person or organisation; returns earlier signals that mention them."""
        party = self._clean_party(replace(party))
        with self.vault.unit_of_work() as uow:
            signal = signal_or_raise(uow, party.signal_id)
            key = party_match_key(party)
            uow.parties.add_keyed(party, key)
            self._kvk_names.note(party)
            matches = self._party_matches(uow, party, party.signal_id)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "party added")
            return party, matches

    def update_party(self, party: Party) -> tuple[Party, list[KnownMatch]]:
        party = self._clean_party(replace(party))
        with self.vault.unit_of_work() as uow:
            current = uow.parties.get(party.id) if party.id else None
            if current is None:
                raise NotFound("This party no longer exists.", code="party_not_found")
            party.signal_id = current.signal_id
            signal = signal_or_raise(uow, party.signal_id)
            key = party_match_key(party)
            uow.parties.update_keyed(party, key)
            self._kvk_names.note(party)
            matches = self._party_matches(uow, party, party.signal_id)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "party changed")
            return party, matches

    def remove_party(self, party_id: int) -> None:
        with self.vault.unit_of_work() as uow:
            party = uow.parties.get(party_id)
            if party is None:
                return
            signal = signal_or_raise(uow, party.signal_id)
            uow.parties.delete(party_id)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "party removed")

    def _clean_location(self, location: Location) -> Location:
        return rules.clean_location(location)

    def add_location(self, location: Location) -> tuple[Location, list[KnownMatch]]:
        location = self._clean_location(replace(location))
        with self.vault.unit_of_work() as uow:
            signal = signal_or_raise(uow, location.signal_id)
            _refuse_duplicate_address(uow, location)
            key = address_key(location.postcode, location.house_number)
            uow.locations.add_keyed(location, key)
            matches = self._address_matches(uow, location, location.signal_id)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "location added")
            return location, matches

    def update_location(self, location: Location) -> tuple[Location, list[KnownMatch]]:
        location = self._clean_location(replace(location))
        with self.vault.unit_of_work() as uow:
            current = uow.locations.get(location.id) if location.id else None
            if current is None:
                raise NotFound("This location no longer exists.", code="location_not_found")
            location.signal_id = current.signal_id
            signal = signal_or_raise(uow, location.signal_id)
            _refuse_duplicate_address(uow, location)
            key = address_key(location.postcode, location.house_number)
            uow.locations.update_keyed(location, key)
            matches = self._address_matches(uow, location, location.signal_id)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "location changed")
            return location, matches

    def remove_location(self, location_id: int) -> None:
        with self.vault.unit_of_work() as uow:
            location = uow.locations.get(location_id)
            if location is None:
                return
            signal = signal_or_raise(uow, location.signal_id)
            uow.locations.delete(location_id)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "location removed")

    def known_matches(self, signal_id: int) -> list[KnownMatch]:
        """Route step 3: every earlier or other signal sharing a person, organisation or
        address with this one."""
        with self.vault.unit_of_work() as uow:
            signal_or_raise(uow, signal_id)
            found: list[KnownMatch] = []
            for party in uow.parties.for_signal(signal_id):
                found += self._party_matches(uow, party, signal_id)
            for loc in uow.locations.for_signal(signal_id):
                found += self._address_matches(uow, loc, signal_id)
            return _unique_sorted(found)

    def known_for(self, candidate: Party | Location,
                  exclude_signal_id: int | None = None) -> list[KnownMatch]:
        """"Already known" for a party or location that is not saved (yet): the editor
        asks while the officer types. The same rules as on save (``add_party``,
        ``add_location``), earliest signal first; signals of ``exclude_signal_id`` (the
        one being edited) are left out. Reads only: no audit entry, no write. Input that
        would not pass validation yet (half a postcode, no name) simply matches nothing.
        """
        cleaned = _cleaned(candidate)
        if cleaned is None:
            return []
        with self.vault.unit_of_work() as uow:
            if isinstance(cleaned, Party):
                return self._party_matches(uow, cleaned, exclude_signal_id)
            return self._address_matches(uow, cleaned, exclude_signal_id)

    def prepare_known_for(self) -> None:
        """Read ahead what the first name-only organisation check of a session needs (the
        names of organisations recorded with a KvK number, ~0.3 s at 100,000 signals), so
        the first keystroke answers as fast as the rest: call it on the worker when an
        editor opens. Reads only."""
        with self.vault.unit_of_work() as uow:
            self._kvk_names.ids_named(uow, "")

    def _party_matches(self, uow: UnitOfWork, party: Party,
                       exclude_signal: int | None) -> list[KnownMatch]:
        """Persons by folded name + date of birth. Organisations by KvK number; by folded
        name among the records without a KvK number; and a name-only record also by the
        name of records with a KvK number (two different KvK numbers are two different
        organisations, whatever their names)."""
        key = party_match_key(party)
        if not key or key in ("p:", "o:"):
            return []
        keys = [key]
        name = organisation_name_key(party.name)
        if party.kind is PartyKind.ORGANISATION and name and key != "o:name:" + name:
            keys.append("o:name:" + name)  # has a KvK number: also the name-only records
        hits = [(sid, label) for sid, label, _ in uow.parties.signals_with_keys(
            keys, exclude_signal)]
        if party.kind is PartyKind.ORGANISATION and key == "o:name:" + name:
            # Name only: also the organisations recorded with a KvK number under this name.
            # Their stored key is the KvK number, so their names are looked up in a cache
            # (re-read from the vault: a renamed or removed one is not reported).
            ids = self._kvk_names.ids_named(uow, name)
            hits += [(sid, label) for _, sid, label, stored in uow.parties.keyed(ids)
                     if sid != exclude_signal and stored.startswith("o:kvk:")
                     and organisation_name_key(label) == name]
        refs = uow.signals.references(sorted({sid for sid, _ in hits}))
        what = "person" if party.kind is PartyKind.PERSON else "organisation"
        return _one_per_signal(_unique_sorted([
            KnownMatch(signal_id=sid, reference=refs[sid][0], received_on=refs[sid][1],
                       matched_on=what, match_label=label)
            for sid, label in hits if sid in refs]))

    def _address_matches(self, uow: UnitOfWork, location: Location,
                         exclude_signal: int | None) -> list[KnownMatch]:
        """Postcode + house number with its addition ("7 a" = "7A" = "7-a", "7-2" is not
        "72"); keys stored before the lenient reading are looked up too."""
        key = address_key(location.postcode, location.house_number)
        if not key:
            return []
        keys = list(dict.fromkeys(
            [key, legacy_address_key(location.postcode, location.house_number)]))
        number = house_number_key(location.house_number)
        hits = [loc for loc in uow.locations.with_keys(keys, exclude_signal)
                if house_number_key(loc.house_number) == number]
        refs = uow.signals.references(sorted({loc.signal_id for loc in hits}))
        return _one_per_signal(_unique_sorted([
            KnownMatch(signal_id=loc.signal_id, reference=refs[loc.signal_id][0],
                       received_on=refs[loc.signal_id][1], matched_on="address",
                       match_label=f"{loc.street} {loc.house_number}, {loc.postcode} "
                                   f"{loc.town}".strip())
            for loc in hits if loc.signal_id in refs]))

    # --- enrichment notes ---------------------------------------------------------------
    def _clean_note(self, note: EnrichmentNote) -> EnrichmentNote:
        return rules.clean_note(note, self.clock.today())

    def add_note(self, note: EnrichmentNote) -> EnrichmentNote:
        note = self._clean_note(replace(note))
        with self.vault.unit_of_work() as uow:
            signal = signal_or_raise(uow, note.signal_id)
            uow.notes.add(note)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "enrichment added")
            return note

    def update_note(self, note: EnrichmentNote) -> EnrichmentNote:
        note = self._clean_note(replace(note))
        with self.vault.unit_of_work() as uow:
            current = uow.notes.get(note.id) if note.id else None
            if current is None:
                raise NotFound("This note no longer exists.", code="note_not_found")
            note.signal_id = current.signal_id
            signal = signal_or_raise(uow, note.signal_id)
            uow.notes.update(note)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "enrichment changed")
            return note

    def remove_note(self, note_id: int) -> None:
        with self.vault.unit_of_work() as uow:
            note = uow.notes.get(note_id)
            if note is None:
                return
            signal = signal_or_raise(uow, note.signal_id)
            uow.notes.delete(note_id)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "enrichment removed")

    # --- indicators -------------------------------------------------------------------
    def set_indicator(self, signal_id: int, indicator_id: int, observed: bool = True,
                      note: str = "") -> SignalIndicator | None:
        """Mark an indicator of the signal's own checklist version; ``observed=False`` with
        no note removes the mark."""
        note = v.clean_text(note, "indicator.note", long=True)
        with self.vault.unit_of_work() as uow:
            signal = signal_or_raise(uow, signal_id)
            indicator = uow.checklists.indicator(indicator_id)
            if indicator is None or indicator.checklist_version != signal.checklist_version:
                raise ValidationError("This indicator is not on the checklist version of this "
                                      "signal.", code="indicator_version", field="indicator")
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "indicator")
            if not observed and not note:
                uow.checklists.remove_for_signal(signal_id, indicator_id)
                return None
            return uow.checklists.set_for_signal(SignalIndicator(
                signal_id=signal_id, indicator_id=indicator_id, observed=observed, note=note))

    # --- next actions -------------------------------------------------------------------
    def next_actions(self, signal_id: int) -> list[NextAction]:
        with self.vault.unit_of_work() as uow:
            signal = signal_or_raise(uow, signal_id)
            return self._actions(uow, signal)

    def _actions(self, uow: UnitOfWork, signal: Signal) -> list[NextAction]:
        today = self.clock.today()
        facts = facts_for(uow, signal.id, today)
        return [NextAction(signal_id=signal.id, reference=signal.reference, code=code,
                           message=_(message), overdue=overdue,
                           due_on=facts.feedback_overdue_since if code == "chase_feedback"
                           else None)
                for code, message, overdue in next_actions(facts, today)]

    def attention_list(self, limit: int = 100, stale_weeks: int = 6) -> list[NextAction]:
        """What the officer should do, across open signals ("Te doen"), in a few
        set-based queries (one per situation):

        - ``chase_feedback``: partner feedback overdue (due: the earliest overdue date);
        - ``inform_reporter``: feedback received, reporter recorded, not yet informed;
        - ``handover_police``: very serious and not with police AVIM (due: received);
        - ``handover_care``: handed over, but not to the care coordinator;
        - ``meeting_action``: an agenda item with a due date on or before today (the
          model has no "done" mark: recording the decision without a date clears it);
        - ``untouched``: open and not changed for ``stale_weeks`` weeks (due: the day it
          became stale; a nudge, never overdue).

        The first four are exactly the route rules' actions of those codes. Sorted:
        overdue first, then due date (none last), then reference.
        """
        today = self.clock.today()
        stale_for = timedelta(weeks=max(0, stale_weeks))
        with self.vault.unit_of_work() as uow:
            found = uow.signals.attention(today, self.clock.now() - stale_for, max(0, limit))
        result = []
        for code, signal_id, reference, due in found:
            if code == "untouched":
                due = (due + stale_for).date()
            overdue = code in ("chase_feedback", "handover_police") or (
                code == "meeting_action" and due < today)
            result.append(NextAction(signal_id=signal_id, reference=reference, code=code,
                                     message=_(ACTION_MESSAGES[code]), due_on=due,
                                     overdue=overdue))
        result.sort(key=lambda a: (not a.overdue, a.due_on or date.max, a.reference, a.code))
        return result[:limit]
