"""Sheet import: a 5,000-row workbook, dry run and the real import (target: each <= 5 s).

Run: ``.venv/bin/python bench/bench_sheet_import.py [--rows 5000] [--profile]``.
The workbook has the columns of a typical officer's register (date, source, summary,
description, forms, reporter, person, address, postcode, town, partner, handover date,
feedback date); every third row is handed over, every fifth has a reporter.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import openpyxl

from mensenhandel_desk.services.clock import fixed_clock
from mensenhandel_desk.services.session import create_vault
from mensenhandel_desk.services.sheets import importing as sheet_import
from mensenhandel_desk.services.sheets import mapping as sheet_mapping
from mensenhandel_desk.services.sheets.read import open_sheet

NOW = datetime(2026, 11, 24, 10, 0)
HEADERS = ["Nr", "Datum melding", "Bron", "Samenvatting", "Omschrijving", "Vorm", "Melder",
           "Betrokkene", "Adres", "Postcode", "Plaats", "Overgedragen aan", "Datum overdracht",
           "Terugkoppeling ontvangen"]


def make_workbook(path: Path, rows: int) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Signalen")
    ws.append(HEADERS)
    for i in range(rows):
        day, month = 1 + i % 27, 1 + i % 12
        handed = i % 3 == 0
        ws.append([f"2024-{i:05d}", f"{day}-{month}-2025", ("intern", "MMA", "politie")[i % 3],
                   f"Signaal {i}: veel mensen op één adres",
                   "Busje haalt mensen om 5 uur op. " * 8, ("AU", "SU", "AU/CU")[i % 3],
                   "Fictieve Melder" if i % 5 == 0 else None, f"Persoon Fictief {i}",
                   f"Proefstraat {i % 200 + 1}", f"{3400 + i % 500} AB", "Proefdorp",
                   "zorgcoördinator" if handed else None,
                   f"{day + 1}-{month}-2025" if handed else None,
                   f"{day + 1}-{month}-2025" if handed and i % 2 else None])
    wb.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        sheet = base / "register.xlsx"
        started = time.perf_counter()
        make_workbook(sheet, args.rows)
        print(f"workbook with {args.rows} rows written in {time.perf_counter() - started:.2f} s")
        services = create_vault(base / "kluis.mhd", "bench passphrase 2026",
                                clock=fixed_clock(NOW))
        try:
            started = time.perf_counter()
            info = open_sheet(sheet)
            print(f"open_sheet (headers + 20 rows): {time.perf_counter() - started:.3f} s")
            mapping = sheet_mapping.suggest_mapping(info.headers)
            started = time.perf_counter()
            plan = sheet_import.plan(services, sheet, None, mapping)
            dry = time.perf_counter() - started
            print(f"dry run: {dry:.2f} s ({plan.signals} signals, {len(plan.problems)} "
                  f"problems)")
            profiler = cProfile.Profile() if args.profile else None
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            result = sheet_import.run(services, sheet, None, mapping, checked=plan)
            if profiler:
                profiler.disable()
            real = time.perf_counter() - started
            print(f"import after the dry run (its plan reused, one transaction): {real:.2f} s "
                  f"({result.signals} signals, {real / max(result.signals, 1) * 1000:.2f} ms "
                  f"per row)")
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        finally:
            services.close()
    return 0 if dry <= 5 and real <= 5 else 1


if __name__ == "__main__":
    sys.exit(main())
