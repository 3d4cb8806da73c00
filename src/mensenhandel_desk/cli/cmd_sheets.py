"""``import-sheet FILE`` (the officer's own Excel/CSV register in, all or nothing) and
``export-sheet --out FILE.xlsx`` (the register out, unencrypted, never the reporter).
See docs/sheet-import.md."""

from __future__ import annotations

import argparse
from pathlib import Path

from mensenhandel_desk.cli import core
from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.domain.models import SignalFilter
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.sheets import export as register_export
from mensenhandel_desk.services.sheets import importing as sheet_import
from mensenhandel_desk.services.sheets import mapping as sheet_mapping
from mensenhandel_desk.services.sheets.importing import SheetImportPlan, SheetRowsInvalid
from mensenhandel_desk.services.sheets.read import open_sheet


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-sheet", help=_("import signals from an Excel or CSV sheet (all "
                                              "or nothing)"))
    core.add_vault_options(p)
    p.add_argument("file", metavar=_("FILE"))
    p.add_argument("--sheet", metavar=_("NAME"), help=_("the sheet to read (default: the "
                                                        "first)"))
    p.add_argument("--mapping", metavar=_("FILE"), help=_("a saved mapping (JSON); without "
                                                          "it the suggested mapping is used"))
    p.add_argument("--dry-run", action="store_true",
                   help=_("check every row and show what would be created; import nothing"))
    p.add_argument("--skip-invalid", action="store_true",
                   help=_("import the valid rows and skip the rows that cannot be imported"))
    p.add_argument("--save-mapping", metavar=_("FILE"),
                   help=_("save the mapping used, for the next import"))
    p.set_defaults(handler=cmd_import_sheet)

    p = sub.add_parser("export-sheet", help=_("export the register to an Excel file "
                                              "(unencrypted!)"))
    core.add_vault_options(p)
    p.add_argument("--out", required=True, metavar=_("FILE"), help=_("the .xlsx file to write"))
    p.add_argument("--search", default="", help=_("full-text search (prefix match)"))
    p.add_argument("--open", action="store_true", help=_("only signals that are not closed"))
    p.add_argument("--overwrite", action="store_true",
                   help=_("replace the file when it already exists"))
    p.set_defaults(handler=cmd_export_sheet)


def _print_mapping(mapping: sheet_mapping.Mapping, headers: list[str]) -> None:
    core.out(_("Mapping (column -> field):"))
    for header in headers:
        target = mapping.columns.get(header)
        shown = _(sheet_mapping.FIELD_LABELS[target]) if target else _("(not imported)")
        core.out(f"  {header} -> {shown}")


def _print_plan(plan: SheetImportPlan) -> None:
    core.out(_("{file}, sheet '{sheet}': {rows} rows read, {empty} empty rows skipped.").format(
        file=plan.file_name, sheet=plan.sheet, rows=plan.rows_read, empty=plan.empty_rows))
    core.out(_("To be created: {signals} signals, {reporters} reporters, {parties} parties, "
               "{locations} locations, {handovers} handovers, {informed} reporter feedback "
               "records, {closed} closed.").format(
                   signals=plan.signals, reporters=plan.reporters, parties=plan.parties,
                   locations=plan.locations, handovers=plan.handovers,
                   informed=plan.reporter_feedback, closed=plan.closed))
    for warning in plan.warnings:
        core.out(str(warning))
    for problem in plan.problems:
        core.err(str(problem))


def cmd_import_sheet(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        info = open_sheet(path, args.sheet, preview_rows=0)
        if args.mapping:
            mapping = sheet_mapping.load_mapping(Path(args.mapping))
        else:
            mapping = sheet_mapping.suggest_mapping(info.headers)
        _print_mapping(mapping, info.headers)
        if args.save_mapping:
            sheet_mapping.save_mapping(mapping, Path(args.save_mapping))
            core.out(_("Mapping saved to {path}.").format(path=args.save_mapping))
        if args.dry_run:
            with core.open_services(args) as services:
                plan = sheet_import.plan(services, path, info.sheet, mapping)
            _print_plan(plan)
            if plan.problems:
                core.err(_("{count} rows cannot be imported.").format(
                    count=len(plan.invalid_rows)))
                return core.EXIT_ERROR
            return core.EXIT_OK
        with core.changing_session(args) as services:
            result = sheet_import.run(services, path, info.sheet, mapping,
                                      skip_invalid=args.skip_invalid)
    except SheetRowsInvalid as error:
        _print_plan(error.plan)
        code = core.fail(error)
        return code
    except DomainError as error:
        code = core.fail(error)
        if error.exit_code == core.EXIT_ERROR:
            core.err(_("Nothing was imported; the vault is unchanged."))
        return code
    _print_plan(result.plan)
    if result.signals:
        core.out(_("Imported: {count} signals ({first} to {last}); {skipped} rows skipped.")
                 .format(count=result.signals, first=result.first_reference,
                         last=result.last_reference, skipped=result.skipped))
    else:
        core.out(_("Nothing to import."))
    return core.EXIT_OK


def cmd_export_sheet(args: argparse.Namespace) -> int:
    flt = SignalFilter(text=args.search, open_only=args.open)
    with core.open_services(args) as services:
        result = register_export.to_xlsx(services, flt, Path(args.out),
                                         overwrite=args.overwrite)
    core.out(_("Exported {count} signals to {path}.").format(count=result.rows,
                                                             path=result.path))
    core.err(_(register_export.WARNING))
    return core.EXIT_OK
