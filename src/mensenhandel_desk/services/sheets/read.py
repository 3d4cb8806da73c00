"""Reading the officer's own register: ``.xlsx`` (openpyxl, read-only) and ``.csv`` as
Excel writes it in the Netherlands, plus the dates people type in it.

- ``.xlsx``: read-only mode (streams rows, memory stays flat). Cached formula values are
  read; a formula without a cached value is flagged on its cell
  (``Cell.formula_without_value``), never read as empty. Merged header cells are read
  from the sheet's ``mergeCells`` so a group header over two sub-headers becomes
  "Overdracht Partner", "Overdracht Datum".
- ``.csv``: UTF-8 with or without BOM, else Windows-1252; ``;``, ``,`` or tab sniffed;
  quoted fields may hold the separator and newlines.
- Rows carry the number the spreadsheet shows (header = row 1 in a CSV). Values are
  stripped of surrounding spaces; headers also of doubled spaces.

The file is read in place and never copied. Nothing here touches the vault.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from mensenhandel_desk.domain.errors import ValidationError

MAX_CSV_BYTES = 200 * 1024**2
EXCEL_EPOCH = date(1899, 12, 30)
# Excel serial numbers accepted in a date column: 1950-01-01 .. 2099-12-31 (a bare year
# such as 2026 is refused rather than read as a day in 1905).
SERIAL_MIN, SERIAL_MAX = 18264, 73050

CellValue = str | int | float | datetime | date | bool | None


class SheetError(ValidationError):
    code = "sheet_file"


@dataclass(slots=True)
class Cell:
    value: CellValue
    formula_without_value: bool = False

    @property
    def empty(self) -> bool:
        return (self.value is None or self.value == "") and not self.formula_without_value


@dataclass(slots=True)
class SheetRow:
    number: int  # the row number the spreadsheet shows
    cells: list[Cell]

    def cell(self, index: int) -> Cell:
        return self.cells[index] if index < len(self.cells) else Cell(None)


@dataclass
class SheetFile:
    """One sheet of a file: its headers and (for ``open_sheet``) the first data rows."""

    path: Path
    kind: str  # "xlsx" or "csv"
    sheet_names: list[str]
    sheet: str
    headers: list[str]
    header_row: int
    preview: list[SheetRow] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None


@dataclass
class LoadedSheet:
    info: SheetFile
    rows: list[SheetRow]  # every non-empty data row
    empty_rows: int


def open_sheet(path: Path, sheet: str | None = None, *, preview_rows: int = 20) -> SheetFile:
    """Sheet names, headers and the first ``preview_rows`` non-empty data rows."""
    loaded = load_sheet(path, sheet, limit=preview_rows)
    loaded.info.preview = loaded.rows
    return loaded.info


def load_sheet(path: Path, sheet: str | None = None, *, limit: int | None = None) -> LoadedSheet:
    """The whole sheet (or its first ``limit`` data rows). Raises ``SheetError``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError("The file {name} does not exist or cannot be read.", name=path.name)
    if suffix in (".xlsx", ".xlsm"):
        kind, names, chosen, raw, extra = "xlsx", *_read_xlsx(path, sheet, limit)
    elif suffix in (".csv", ".txt"):
        kind, names, chosen, raw, extra = "csv", *_read_csv(path, sheet)
    else:
        raise SheetError("{name}: only .xlsx and .csv files can be imported (in Excel: Save "
                         "as, Excel workbook).", name=path.name)
    return _shape(path, kind, names, chosen, raw, extra, limit)


# --- xlsx ----------------------------------------------------------------------------

def _merged_ranges(path: Path, worksheet_path: str | None) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of every merged range (0-based columns)."""
    if not worksheet_path:
        return []
    from openpyxl.utils.cell import range_boundaries

    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(worksheet_path.lstrip("/"))
    except (KeyError, OSError, zipfile.BadZipFile):
        return []
    result = []
    for ref in re.findall(rb'<mergeCell[^>]*\bref="([A-Z0-9:]+)"', xml):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
        result.append((min_col - 1, min_row, max_col - 1, max_row))
    return result


def _has_formulas(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(re.search(rb"<f[ >/]", archive.read(name))
                       for name in archive.namelist()
                       if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    except (OSError, zipfile.BadZipFile):
        return False


def _read_xlsx(path: Path, sheet: str | None, limit: int | None):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SheetError("{name} cannot be read as an Excel workbook (.xlsx). Is it open in "
                         "another program, or damaged?", name=path.name) from None
    formulas_book = None
    try:
        names = list(book.sheetnames)
        chosen = _choose(names, sheet, path)
        ws = book[chosen]
        merged = _merged_ranges(path, getattr(ws, "_worksheet_path", None))
        values = ws.iter_rows(min_row=1, values_only=True)
        formulas: Iterator | None = None
        if _has_formulas(path):
            formulas_book = openpyxl.load_workbook(path, read_only=True, data_only=False)
            formulas = formulas_book[chosen].iter_rows(min_row=1, values_only=True)
        rows: list[tuple[int, list[Cell]]] = []
        data_seen = 0
        for number, row in enumerate(values, start=1):
            frow = next(formulas, ()) if formulas is not None else ()
            cells = []
            for i, value in enumerate(row):
                raw = frow[i] if i < len(frow) else None
                missing = value is None and isinstance(raw, str) and raw.startswith("=")
                cells.append(Cell(_strip(value), missing))
            rows.append((number, cells))
            if any(not c.empty for c in cells):
                data_seen += 1
                if limit is not None and data_seen > limit + 3:  # header rows + preview
                    break
        return names, chosen, rows, {"merged": merged}
    finally:
        book.close()
        if formulas_book is not None:
            formulas_book.close()


def _choose(names: list[str], sheet: str | None, path: Path) -> str:
    if not names:
        raise SheetError("{name} holds no sheets.", name=path.name)
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    folded = {n.strip().casefold(): n for n in names}
    if sheet.strip().casefold() in folded:
        return folded[sheet.strip().casefold()]
    raise SheetError("{name} has no sheet '{sheet}'. Sheets: {sheets}.", name=path.name,
                     sheet=sheet[:60], sheets=", ".join(names))


def _strip(value: CellValue) -> CellValue:
    if isinstance(value, str):
        value = value.strip()
    return value


# --- csv -----------------------------------------------------------------------------

def decode_csv(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (BOM or not), else Windows-1252."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    sample = text[:64_000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in ";,\t"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ";"


def _read_csv(path: Path, sheet: str | None):
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise SheetError("{name} is too large to import.", name=path.name)
        raw = path.read_bytes()
    except OSError:
        raise SheetError("The file {name} does not exist or cannot be read.",
                         name=path.name) from None
    text, encoding = decode_csv(raw)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    name = path.stem
    if sheet is not None and sheet.strip().casefold() != name.casefold():
        raise SheetError("{name} has no sheet '{sheet}'. Sheets: {sheets}.", name=path.name,
                         sheet=sheet[:60], sheets=name)
    try:
        rows = [(number, [Cell(value.strip()) for value in record])
                for number, record in enumerate(reader, start=1)]
    except csv.Error:
        raise SheetError("{name} is not a readable CSV file.", name=path.name) from None
    return [name], name, rows, {"encoding": encoding, "delimiter": delimiter}


# --- headers ---------------------------------------------------------------------------

def _header_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    return " ".join(str(value).split())


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _shape(path: Path, kind: str, names: list[str], chosen: str,
           raw: list[tuple[int, list[Cell]]], extra: dict, limit: int | None) -> LoadedSheet:
    non_empty = [(n, cells) for n, cells in raw if any(not c.empty for c in cells)]
    if not non_empty:
        raise SheetError("Sheet '{sheet}' of {name} is empty.", sheet=chosen, name=path.name)
    header_number, header_cells = non_empty[0]
    width = max(len(cells) for _, cells in non_empty)
    top = [_header_text(header_cells[i].value) if i < len(header_cells) else ""
           for i in range(width)]
    merged = extra.get("merged", [])
    for min_col, min_row, max_col, max_row in merged:  # fill a merged header across
        if min_row <= header_number <= max_row and min_col < width:
            for i in range(min_col + 1, min(max_col, width - 1) + 1):
                top[i] = top[min_col]
    last_header = header_number
    by_number = dict(raw)
    below = by_number.get(header_number + 1)
    group = [(c0, c1) for c0, r0, c1, r1 in merged
             if r0 == header_number and r1 == header_number and c1 > c0]
    if below is not None and group and all(
            c1 < len(below) and all(isinstance(below[i].value, str) and below[i].value
                                    for i in range(c0, c1 + 1)) for c0, c1 in group):
        # a group header over sub-headers: combine the two rows
        last_header = header_number + 1
        for i in range(width):
            sub = _header_text(below[i].value) if i < len(below) else ""
            if sub and sub != top[i]:
                top[i] = f"{top[i]} {sub}".strip()
    headers = _unique([h or f"Kolom {column_letter(i)}" for i, h in enumerate(top)])
    rows: list[SheetRow] = []
    empty = 0
    for number, cells in raw:
        if number <= last_header:
            continue
        if all(c.empty for c in cells):
            empty += 1
            continue
        rows.append(SheetRow(number, cells[:width] + [Cell(None)] * (width - len(cells))))
        if limit is not None and len(rows) >= limit:
            break
    # trailing empty rows at the end of a sheet are not "skipped rows"
    last = rows[-1].number if rows else last_header
    empty = sum(1 for number, cells in raw
                if last_header < number < last and all(c.empty for c in cells))
    info = SheetFile(path=path, kind=kind, sheet_names=names, sheet=chosen, headers=headers,
                     header_row=last_header, encoding=extra.get("encoding"),
                     delimiter=extra.get("delimiter"))
    return LoadedSheet(info=info, rows=rows, empty_rows=empty)


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for header in headers:
        key = header.casefold()
        seen[key] = seen.get(key, 0) + 1
        result.append(header if seen[key] == 1 else f"{header} ({seen[key]})")
    return result


# --- dates -----------------------------------------------------------------------------

class DateProblem(Exception):
    """``impossible``: looks like a date but does not exist (31-02-2025); ``unreadable``."""

    def __init__(self, kind: str, shown: str) -> None:
        super().__init__(kind)
        self.kind = kind
        self.shown = shown


MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "febr": 2, "februari": 2, "february": 2,
    "mrt": 3, "mar": 3, "maart": 3, "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7, "aug": 8,
    "augustus": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oct": 10,
    "oktober": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_TIME = r"(?:[ T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?)?"
_NUMERIC = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})" + _TIME + "$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + "$")
_WORDS = re.compile(r"^(?:[a-z]{2,9}\.?,?\s+)?(\d{1,2})\s*([a-z]{3,9})\.?\s*(\d{4}|\d{2})"
                    + _TIME + "$")
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _make(year: int, month: int, day: int, shown: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateProblem("impossible", shown) from None


def from_serial(number: float, shown: str) -> date:
    if not SERIAL_MIN <= number < SERIAL_MAX + 1:
        raise DateProblem("unreadable", shown)
    return EXCEL_EPOCH + timedelta(days=int(number))


def parse_sheet_date(value: CellValue) -> date | None:
    """A date as people type it in a Dutch sheet, an Excel date cell, or an Excel serial
    number (also without a date format, also as text in a CSV). ``None`` for an empty cell.
    Raises ``DateProblem``: never a guess, never a rolled-over 31-02."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise DateProblem("unreadable", str(value))
    if isinstance(value, int | float):
        return from_serial(value, f"{value:g}")
    text = " ".join(str(value).split())
    shown = text[:40]
    lowered = text.casefold()
    match = _NUMERIC.match(lowered)
    if match:
        day, month, year = match.groups()
        return _make(_year(year), int(month), int(day), shown)
    match = _ISO.match(lowered)
    if match:
        year, month, day = match.groups()
        return _make(int(year), int(month), int(day), shown)
    match = _WORDS.match(lowered)
    if match and match.group(2) in MONTHS:
        day, month, year = match.groups()
        return _make(_year(year), MONTHS[month], int(day), shown)
    if _SERIAL.match(lowered):
        return from_serial(float(lowered.replace(",", ".")), shown)
    raise DateProblem("unreadable", shown)


def cell_text(value: CellValue) -> str:
    """A cell as the officer saw it, for text fields and the import note."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d-%m-%Y")
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
