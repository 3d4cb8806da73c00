"""Monitoring benchmark (issue 9): the view's aggregation and the report PDF at 100,000
signals, against the same SQL run raw, in the same run.

Reuses ``bench_vault.build_plain`` (100k signals with parties, handovers and reporters)
and ``encrypt_copy``. "app" is ``services.monitoring.figures(since, until)`` (a unit of
work, the set-based queries of ``repositories.MONITORING_SQL`` and the reporter count,
folded into ``MonitoringFigures``); "raw" runs exactly those statements with sqlcipher3 on
the same encrypted vault (and, for reference, on the plain SQLite copy) and fetches all
rows. Targets: aggregation <= 3x raw (SQLCipher) and <= 200 ms; report PDF with charts
<= 2 s.

    .venv/bin/python bench/bench_monitoring.py [--signals 100000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import sqlcipher3  # noqa: E402
from bench.bench_vault import (  # noqa: E402
    CLOCK,
    PASSPHRASE,
    TODAY,
    build_plain,
    encrypt_copy,
    timed,
)

from mensenhandel_desk.domain.disclosure import publish  # noqa: E402
from mensenhandel_desk.domain.monitoring import half_year  # noqa: E402
from mensenhandel_desk.services.session import open_vault  # noqa: E402
from mensenhandel_desk.store.repositories import MONITORING_SQL  # noqa: E402

REPORTER_SQL = ("SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM reporter_feedback f "
                "WHERE f.signal_id = s.id)), 0) FROM signal s JOIN reporter r "
                "ON r.signal_id = s.id WHERE s.received_on >= ? AND s.received_on <= ?")
ACTIVITY_SQL = ("SELECT * FROM awareness_activity WHERE held_on >= ? AND held_on <= ? "
                "ORDER BY held_on, id")


def raw_figures(conn, since, until) -> None:
    args = (since.isoformat(), until.isoformat())
    for sql in (*MONITORING_SQL.values(), REPORTER_SQL, ACTIVITY_SQL):
        conn.execute(sql, args).fetchall()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    rows: list[tuple[str, float, float, float | None, float | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        plain, vault = Path(tmp) / "plain.sqlite", Path(tmp) / "vault.mhd"
        t0 = time.perf_counter()
        build_plain(plain, args.signals)
        encrypt_copy(plain, vault)
        print(f"built {args.signals:,} signals in {time.perf_counter() - t0:.1f} s")
        open_vault(vault, PASSPHRASE).close()  # seeds reference data once
        raw_plain = sqlite3.connect(plain)
        periods = {"half year": half_year(TODAY - timedelta(days=183)),
                   "2 years": (TODAY - timedelta(days=730), TODAY)}
        services = open_vault(vault, PASSPHRASE, clock=CLOCK)
        for name, (since, until) in periods.items():
            app = timed(lambda s=since, u=until, m=services.monitoring: m.figures(s, u),
                        args.repeat)
            figures = services.monitoring.figures(since, until)
            print(f"{name}: {figures.total:,} signals, {sum(figures.by_partner.values()):,} "
                  f"partner handovers, {figures.parties:,} parties")
            services.close()  # the vault's exclusive lock: raw runs on its own connection
            raw = sqlcipher3.connect(str(vault))
            raw.execute(f"PRAGMA key = '{PASSPHRASE}'")
            raw_ms = timed(lambda c=raw, s=since, u=until: raw_figures(c, s, u), args.repeat)
            raw.close()
            plain_ms = timed(lambda s=since, u=until: raw_figures(raw_plain, s, u),
                             args.repeat)
            services = open_vault(vault, PASSPHRASE, clock=CLOCK)
            rows.append((f"monitoring figures ({name})", app, raw_ms, plain_ms, 200))
            rows.append((f"  + published (masking) ({name})",
                         timed(lambda f=figures: publish(f, 5, "Gemeente"), args.repeat),
                         raw_ms, None, None))
        since, until = periods["half year"]
        figures = services.monitoring.figures(since, until)
        from mensenhandel_desk.documents import monitoring_report as mr

        published = publish(figures, 5, "Gemeente Benchmark")
        render_ms = timed(lambda: mr.render(mr.ReportData(figures=published)), 3)
        report_ms = timed(lambda: services.documents.monitoring_report(since, until), 3)
        rows.append(("report PDF with charts (service)", report_ms, render_ms, None, 2000))
        services.close()
        raw_plain.close()

    print(f"\n{'operation':<42}{'app ms':>9}{'raw ms':>9}{'ratio':>7}{'plain ms':>10}"
          f"{'target':>8}  ok")
    failures = 0
    for label, app_ms, raw_ms, plain_ms, target in rows:
        ratio = app_ms / raw_ms
        ok = ""
        if target is not None:
            ok = "yes" if app_ms <= target and (target == 2000 or ratio <= 3) else "NO"
        failures += ok == "NO"
        print(f"{label:<42}{app_ms:>9.2f}{raw_ms:>9.2f}{ratio:>7.2f}"
              f"{'' if plain_ms is None else f'{plain_ms:.2f}':>10}"
              f"{'' if target is None else target:>8}  {ok}")
    print("\nraw = the same SQL with sqlcipher3 on the same encrypted vault; plain = on the "
          "unencrypted SQLite copy; report raw = rendering the PDF from ready figures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
