"""Import the officer's own register (Excel/CSV) as signals: a dry run (``plan``) that
names every row that cannot be imported, and the real import (``run``) in ONE unit of
work. See docs/sheet-import.md for the contract and the decisions.

Every row passes the same record rules as typed input (``domain/record_rules.py``);
problems are reported per spreadsheet row in Dutch ("rij 7: datum 31-02-2025 bestaat
niet (kolom 'Datum')"). Runs on the database worker; ``progress``/``cancel`` as in
``services/progress.py`` (cancel is honoured until the commit: nothing is written).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mensenhandel_desk.domain import record_rules as rules
from mensenhandel_desk.domain.enums import (
    EnrichmentResult,
    EnrichmentSource,
    ExploitationForm,
    LocationKind,
    Outcome,
    PartyKind,
    PartyRole,
    SharingBasis,
    SignalSource,
    Urgency,
)
from mensenhandel_desk.domain.errors import DomainError, ValidationError
from mensenhandel_desk.domain.matching import address_key, fold
from mensenhandel_desk.domain.models import (
    EnrichmentNote,
    Handover,
    Location,
    Party,
    Reporter,
    ReporterFeedback,
    Signal,
)
from mensenhandel_desk.domain.references import format_reference
from mensenhandel_desk.domain.route import derive_status, stored_next_action
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.progress import CancelToken, Progress, Tracker, check
from mensenhandel_desk.services.route_state import facts_of, search_texts
from mensenhandel_desk.services.session import Services
from mensenhandel_desk.services.sheets.mapping import (
    MULTI_FIELDS,
    Mapping,
    MappingError,
    SheetField,
    mapping_to_json,
    split_values,
)
from mensenhandel_desk.services.sheets.read import (
    DateProblem,
    SheetRow,
    cell_text,
    load_sheet,
    parse_sheet_date,
)
from mensenhandel_desk.services.signals import party_match_key
from mensenhandel_desk.store.bulk import NewSignal, add_signals

LABEL_READ = N_("Reading the sheet")
LABEL_CHECK = N_("Checking the rows")
LABEL_WRITE = N_("Importing the rows")
BATCH = 500  # rows per batched write (all inside the one transaction)
_ORGANISATION = re.compile(r"\b(b\s?v|v\s?o\s?f|n\s?v|holding|stichting|vereniging|ltd|gmbh|"
                           r"sp z o\s?o|eenmanszaak)\b")
_STREET_NUMBER = re.compile(r"^(.*?\D)\s*(\d{1,6}(?:\s*[-/ ]?\s*[A-Za-z0-9]{1,4})?)$")


@dataclass
class RowProblem:
    row: int
    column: str | None
    field: SheetField | None
    message: str

    def __str__(self) -> str:
        return _("row {row}: {message}").format(row=self.row, message=self.message)


@dataclass
class RowPlan:
    """What one row becomes (validated; ids and the reference are given on import)."""

    row: int
    signal: Signal
    sheet_reference: str = ""
    reporter: Reporter | None = None
    party: Party | None = None
    location: Location | None = None
    handovers: list[Handover] = field(default_factory=list)
    reporter_feedback: ReporterFeedback | None = None
    note: EnrichmentNote | None = None


@dataclass
class SheetImportPlan:
    file_name: str
    sheet: str
    rows_read: int = 0
    empty_rows: int = 0
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    # what this plan was made from (file size and time, mapping, day): lets ``run`` reuse
    # the dry run instead of reading and checking the sheet a second time
    basis: tuple = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def signals(self) -> int:
        return len(self.rows)

    @property
    def reporters(self) -> int:
        return sum(1 for r in self.rows if r.reporter is not None)

    @property
    def parties(self) -> int:
        return sum(1 for r in self.rows if r.party is not None)

    @property
    def locations(self) -> int:
        return sum(1 for r in self.rows if r.location is not None)

    @property
    def handovers(self) -> int:
        return sum(len(r.handovers) for r in self.rows)

    @property
    def reporter_feedback(self) -> int:
        return sum(1 for r in self.rows if r.reporter_feedback is not None)

    @property
    def closed(self) -> int:
        return sum(1 for r in self.rows if r.signal.closed_on is not None)

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})


@dataclass
class SheetImportResult:
    plan: SheetImportPlan
    signals: int
    skipped: int
    first_reference: str = ""
    last_reference: str = ""
    references: dict[int, str] = field(default_factory=dict)  # row number -> reference


class SheetRowsInvalid(ValidationError):
    code = "sheet_rows_invalid"

    def __init__(self, plan: SheetImportPlan) -> None:
        super().__init__("{count} rows cannot be imported (first: row {row}). Fix the sheet "
                         "or the mapping, or choose to skip those rows. Nothing was imported.",
                         count=len(plan.invalid_rows), row=plan.invalid_rows[0])
        self.plan = plan


class _RowError(Exception):
    def __init__(self, target: SheetField | None, message: str) -> None:
        super().__init__(message)
        self.target = target
        self.message = message


# which mapped field a record rule's field name points at
_RULE_FIELDS = {
    "received_on": SheetField.RECEIVED_ON, "summary": SheetField.SUMMARY,
    "description": SheetField.DESCRIPTION, "closed_on": SheetField.CLOSED_ON,
    "handed_over_on": SheetField.HANDED_OVER_ON, "partner_key": SheetField.PARTNER,
    "feedback_due_on": SheetField.FEEDBACK_DUE_ON,
    "feedback_received_on": SheetField.FEEDBACK_RECEIVED_ON,
    "given_on": SheetField.REPORTER_INFORMED_ON, "reporter": SheetField.REPORTER_INFORMED_ON,
    "reporter.name": SheetField.REPORTER_NAME, "reporter.department":
    SheetField.REPORTER_DEPARTMENT, "reporter.contact": SheetField.REPORTER_CONTACT,
    "party.name": SheetField.PARTY_NAME, "location.street": SheetField.ADDRESS,
    "location.house_number": SheetField.ADDRESS, "location.postcode": SheetField.POSTCODE,
    "location.town": SheetField.TOWN,
}


def _check_mapping(mapping: Mapping, headers: list[str]) -> dict[SheetField, list[int]]:
    """Field -> column indexes; raises ``MappingError`` when the mapping cannot work."""
    index = {h: i for i, h in enumerate(headers)}
    folded = {h.casefold(): i for i, h in enumerate(headers)}
    columns: dict[SheetField, list[int]] = {}
    for header, target in mapping.columns.items():
        i = index.get(header, folded.get(" ".join(header.split()).casefold()))
        if i is None:
            raise MappingError("The mapping names column '{column}', which this sheet does not "
                               "have. Columns: {columns}.", column=header[:60],
                               columns=", ".join(headers)[:400])
        if target in columns and target not in MULTI_FIELDS:
            raise MappingError("Two columns are mapped to the same field ({field}): '{first}' "
                               "and '{second}'.", field=str(target),
                               first=headers[columns[target][0]], second=header[:60])
        columns.setdefault(target, []).append(i)
    if SheetField.RECEIVED_ON not in columns:
        raise MappingError("Map a column to the date received: every signal needs one.")
    return columns


class _RowReader:
    def __init__(self, row: SheetRow, headers: list[str],
                 columns: dict[SheetField, list[int]]) -> None:
        self.row, self.headers, self.columns = row, headers, columns

    def column(self, target: SheetField) -> str | None:
        found = self.columns.get(target)
        return self.headers[found[0]] if found else None

    def raw(self, target: SheetField):
        found = self.columns.get(target)
        if not found:
            return None
        cell = self.row.cell(found[0])
        if cell.formula_without_value:
            raise _RowError(target, _("column '{column}' holds a formula without a saved "
                                      "result; open and save the file in Excel first").format(
                                          column=self.headers[found[0]]))
        return cell.value

    def text(self, target: SheetField) -> str:
        if target in MULTI_FIELDS:
            parts = []
            for i in self.columns.get(target, []):
                if self.row.cell(i).formula_without_value:
                    raise _RowError(target, _("column '{column}' holds a formula without a "
                                              "saved result; open and save the file in Excel "
                                              "first").format(column=self.headers[i]))
                value = cell_text(self.row.cell(i).value)
                if value:
                    parts.append(value)
            return "\n".join(parts)
        return cell_text(self.raw(target)).strip()

    def day(self, target: SheetField) -> date | None:
        value = self.raw(target)
        try:
            return parse_sheet_date(value)
        except DateProblem as problem:
            column = self.column(target)
            if problem.kind == "impossible":
                message = _("date {value} does not exist (column '{column}')")
            else:
                message = _("'{value}' in column '{column}' is not a date (write for example "
                            "24-11-2026)")
            raise _RowError(target, message.format(value=problem.shown, column=column)) from None


def _lookup(reader: _RowReader, target: SheetField, table: dict, what: str) -> list:
    """Whole value first, then its parts ("AU/SU"); unknown values are a row problem."""
    text = reader.text(target)
    if not text:
        return []
    key = fold(text)
    if key in table:
        found = table[key]
        return list(found) if isinstance(found, list) else [found]
    result = []
    for part in split_values(text):
        if part not in table:
            raise _RowError(target, _("{what} '{value}' is not in the value table (column "
                                      "'{column}'); add it to the mapping").format(
                                          what=what, value=text[:60],
                                          column=reader.column(target)))
        found = table[part]
        result += list(found) if isinstance(found, list) else [found]
    return result


def _split_address(text: str) -> tuple[str, str]:
    match = _STREET_NUMBER.match(text)
    if match:
        return match.group(1).strip(" ,"), match.group(2)
    return text, ""


def _original_cells(reader: _RowReader) -> str:
    lines = []
    for i, header in enumerate(reader.headers):
        cell = reader.row.cell(i)
        if cell.formula_without_value:
            lines.append(f"{header}: {_('(formula without a saved result)')}")
        elif not cell.empty:
            lines.append(f"{header}: {cell_text(cell.value)}")
    return "\n".join(lines)


def _build_row(reader: _RowReader, mapping: Mapping, file_name: str, today: date,
               partner_keys: set[str], warnings: list[RowProblem]) -> RowPlan:
    f = SheetField
    number = reader.row.number
    received_on = reader.day(f.RECEIVED_ON)
    if received_on is None:
        raise _RowError(f.RECEIVED_ON, _("no date received (column '{column}')").format(
            column=reader.column(f.RECEIVED_ON)))
    description = reader.text(f.DESCRIPTION)
    summary = reader.text(f.SUMMARY)
    if not summary:
        summary = (description.split("\n", 1)[0] if description else "")[:300].strip()
    if not summary:
        raise _RowError(f.SUMMARY, _("no summary and no description"))
    sources = _lookup(reader, f.SOURCE, mapping.sources, _("source"))
    forms: set[ExploitationForm] = set(_lookup(reader, f.FORMS, mapping.forms, _("form")))
    sheet_reference = reader.text(f.REFERENCE)
    if sheet_reference:
        description = (description + "\n\n" if description else "") + _(
            "Number in the officer's own register: {number}").format(number=sheet_reference)
    signal = Signal(received_on=received_on, source=sources[0] if sources else SignalSource.OTHER,
                    summary=summary, description=description, forms=forms)
    urgencies = _lookup(reader, f.URGENCY, mapping.urgencies, _("urgency"))
    if urgencies:
        signal.urgency = max(urgencies, key=list(Urgency).index)  # "hoog/direct": the highest
    closed_on = reader.day(f.CLOSED_ON)
    outcomes = _lookup(reader, f.OUTCOME, mapping.outcomes, _("outcome"))
    if closed_on is not None:
        if not outcomes:
            warnings.append(RowProblem(number, reader.column(f.OUTCOME), f.OUTCOME, _(
                "closed without an outcome: recorded as 'other'")))
        signal.outcome, signal.closed_on = (outcomes[0] if outcomes else Outcome.OTHER), closed_on
    plan = RowPlan(row=number, signal=signal, sheet_reference=sheet_reference)
    rules.clean_signal(signal, today)
    if closed_on is not None:
        rules.check_closed(closed_on, received_on, today)
    name = reader.text(f.REPORTER_NAME)
    department, contact = reader.text(f.REPORTER_DEPARTMENT), reader.text(f.REPORTER_CONTACT)
    if name or department or contact:
        plan.reporter = rules.clean_reporter(Reporter(signal_id=0, name=name,
                                                      department=department, contact=contact))
    party_name = reader.text(f.PARTY_NAME)
    if party_name:
        kind = (PartyKind.ORGANISATION if _ORGANISATION.search(fold(party_name))
                else PartyKind.PERSON)
        plan.party = rules.clean_party(Party(signal_id=0, kind=kind, role=PartyRole.OTHER,
                                             name=party_name), today)
    street, house_number = _split_address(reader.text(f.ADDRESS))
    postcode, town = reader.text(f.POSTCODE), reader.text(f.TOWN)
    if street or house_number or postcode or town:
        plan.location = rules.clean_location(Location(
            signal_id=0, kind=LocationKind.OTHER, street=street, house_number=house_number,
            postcode=postcode, town=town))
    partners = _lookup(reader, f.PARTNER, mapping.partners, _("partner"))
    handed_over_on = reader.day(f.HANDED_OVER_ON)
    due, feedback = reader.day(f.FEEDBACK_DUE_ON), reader.day(f.FEEDBACK_RECEIVED_ON)
    if partners and handed_over_on is None:
        raise _RowError(f.HANDED_OVER_ON, _("handed over to {partner} without a handover "
                                            "date").format(partner=reader.text(f.PARTNER)[:60]))
    if not partners and (handed_over_on or due or feedback):
        raise _RowError(f.PARTNER, _("a handover date or partner feedback without a partner"))
    for key in dict.fromkeys(partners):
        if key not in partner_keys:
            raise _RowError(f.PARTNER, _("partner '{key}' does not exist in this vault (value "
                                         "table of column '{column}')").format(
                                             key=key, column=reader.column(f.PARTNER)))
        basis = SharingBasis.LEGAL_GROUND
        plan.handovers.append(rules.clean_handover(Handover(
            signal_id=0, partner_key=key, handed_over_on=handed_over_on,
            channel=mapping.handover_channel, basis=basis, legal_ground=mapping.legal_ground,
            feedback_due_on=due, feedback_received_on=feedback), received_on, today))
    informed = reader.day(f.REPORTER_INFORMED_ON)
    if informed is not None:
        plan.reporter_feedback = rules.clean_reporter_feedback(
            ReporterFeedback(signal_id=0, given_on=informed, text=""), received_on,
            plan.reporter is not None and bool(plan.reporter.name), today)
    reader.text(f.NOTES)  # notes and status stay in the import note (checked for formulas)
    reader.text(f.STATUS)
    note = _("imported from {file}, row {row}").format(file=file_name, row=number)
    plan.note = rules.clean_note(EnrichmentNote(
        signal_id=0, noted_on=received_on, source=EnrichmentSource.SHEET_IMPORT,
        result=EnrichmentResult.FOUND, text=note + "\n" + _original_cells(reader)), today)
    return plan


def plan(services: Services, path: Path, sheet: str | None, mapping: Mapping, *,
         progress: Progress | None = None, cancel: CancelToken | None = None) -> SheetImportPlan:
    """Dry run: read the whole sheet and check every row; nothing is written."""
    report = Tracker(progress)
    report(0, _(LABEL_READ))
    loaded = load_sheet(Path(path), sheet)
    info = loaded.info
    columns = _check_mapping(mapping, info.headers)
    result = SheetImportPlan(file_name=Path(path).name, sheet=info.sheet,
                             rows_read=len(loaded.rows), empty_rows=loaded.empty_rows,
                             basis=_basis(path, mapping, services.clock.today()))
    with services.vault.unit_of_work() as uow:
        partner_keys = {p.key for p in uow.partners.all()}
    today = services.clock.today()
    label = _(LABEL_CHECK)
    report(0, label, total=len(loaded.rows))
    for i, row in enumerate(loaded.rows):
        if i % 200 == 0:
            check(cancel)
        reader = _RowReader(row, info.headers, columns)
        try:
            result.rows.append(_build_row(reader, mapping, result.file_name, today,
                                          partner_keys, result.warnings))
        except _RowError as error:
            result.problems.append(RowProblem(row.number, reader.column(error.target)
                                              if error.target else None, error.target,
                                              error.message))
        except DomainError as error:
            target = _RULE_FIELDS.get(error.field or "")
            column = reader.column(target) if target else None
            message = error.message.rstrip(".")
            if column:
                message = _("{message} (column '{column}')").format(message=message,
                                                                     column=column)
            result.problems.append(RowProblem(row.number, column, target, message))
        report.advance(label)
    return result


def _basis(path: Path, mapping: Mapping, today: date) -> tuple:
    """What a plan depends on: the file as it is on disk, the mapping and the day."""
    stat = Path(path).stat()
    return (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns,
            json.dumps(mapping_to_json(mapping), sort_keys=True, default=str),
            today.isoformat())


def run(services: Services, path: Path, sheet: str | None, mapping: Mapping, *,
        skip_invalid: bool = False, progress: Progress | None = None,
        cancel: CancelToken | None = None,
        checked: SheetImportPlan | None = None) -> SheetImportResult:
    """The real import: every valid row as a new signal with the vault's own reference, in
    ONE unit of work with one audit entry. With problems and ``skip_invalid=False``:
    ``SheetRowsInvalid`` and nothing is written.

    ``checked``: the dry run's plan (the wizard has just shown it). It is used (once)
    when the file on disk, the sheet, the mapping and the day are still the ones it was
    made from; otherwise the sheet is read and checked again."""
    if (checked is not None and (sheet is None or sheet == checked.sheet)
            and checked.basis == _basis(path, mapping, services.clock.today())):
        # Writing fills in the plan's records (references, ids): a plan is used once;
        # a second run with it (after a rollback, say) reads and checks the sheet again.
        checked.basis = ()
    else:
        checked = plan(services, path, sheet, mapping, progress=progress, cancel=cancel)
    if checked.problems and not skip_invalid:
        raise SheetRowsInvalid(checked)
    report = Tracker(progress)
    label = _(LABEL_WRITE)
    report(0, label, total=len(checked.rows))
    result = SheetImportResult(plan=checked, signals=0, skipped=len(checked.invalid_rows))
    today, now = services.clock.today(), services.clock.now()
    with services.vault.unit_of_work() as uow:
        latest = uow.checklists.latest_version() or 1
        numbers: dict[int, int] = {}
        for start in range(0, len(checked.rows), BATCH):
            check(cancel)
            batch = checked.rows[start:start + BATCH]
            add_signals(uow.session, [_new_signal(uow, row, latest, numbers, today)
                                      for row in batch], now)
            for row in batch:
                result.references[row.row] = row.signal.reference
            result.signals += len(batch)
            report(result.signals, label)
        audit.record(uow, services.clock, Action.IMPORT, "sheet",
                     f"sheet {checked.file_name}: {checked.rows_read} rows, "
                     f"{result.signals} signals, {result.skipped} skipped")
        check(cancel)  # the last point before the commit
    if checked.rows:
        result.first_reference = checked.rows[0].signal.reference
        result.last_reference = checked.rows[-1].signal.reference
    report.finish(label)
    return result


def _new_signal(uow, row: RowPlan, checklist_version: int, numbers: dict[int, int],
                today: date) -> NewSignal:
    """A validated row as a new signal with the vault's next reference for its year, and
    its route state derived exactly as ``route_state.refresh`` would."""
    signal = row.signal
    year = signal.received_on.year
    if year not in numbers:
        numbers[year] = uow.signals.max_number_for_year(year)
    numbers[year] += 1
    signal.reference = format_reference(year, numbers[year])
    signal.checklist_version = checklist_version
    parties = [row.party] if row.party else []
    locations = [row.location] if row.location else []
    # the import note (source sheet_import) is the sheet's own record, not an enrichment
    facts = facts_of(signal, row.handovers, today, enriched=False, discussed=False,
                     reporter_informed=row.reporter_feedback is not None,
                     has_reporter=row.reporter is not None)
    code, due_on = stored_next_action(facts)
    search_parties, search_locations = search_texts(parties, locations)
    return NewSignal(
        signal=signal, status=derive_status(facts), next_action=code, next_due_on=due_on,
        reporter=row.reporter,  # the segregated reporter table
        parties=[(p, party_match_key(p)) for p in parties],
        locations=[(loc, address_key(loc.postcode, loc.house_number)) for loc in locations],
        notes=[row.note] if row.note else [], handovers=row.handovers,
        reporter_feedback=[row.reporter_feedback] if row.reporter_feedback else [],
        search_parties=search_parties, search_locations=search_locations)


# the names used in the issue
plan_sheet_import = plan
import_sheet = run
