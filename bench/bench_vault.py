"""Vault benchmark: the app's service layer on SQLCipher vs raw SQLite, same data, one run.

Builds 100,000 fictitious signals (with parties and the full-text index) in a plain SQLite
file with the app's own schema (Alembic revision head), copies it into an encrypted vault
with ``sqlcipher_export``, then times each operation as the app does it and as a raw
query, and prints time and ratio. Targets (issue 2): unlock to first page <= 150 ms,
service page query <= 5 ms, any search <= 50 ms for the first 200 hits, aggregation
<= 200 ms. Issue 7 (the windowed register and "Te doen"): every id of the list in order,
rows by id for a page of 200, counts, the attention list and legal holds; the signals get
handovers, reporters, holds and varied ``updated_at`` so those have work to do, and the
next-action columns are filled by migration 0003's backfill SQL.
"""

from __future__ import annotations

import argparse
import importlib
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import sqlcipher3  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402

from mensenhandel_desk.domain.enums import (  # noqa: E402
    ExploitationForm,
    SignalStatus,
)
from mensenhandel_desk.domain.matching import fold, person_key  # noqa: E402
from mensenhandel_desk.domain.models import SignalFilter  # noqa: E402
from mensenhandel_desk.services.clock import fixed_clock  # noqa: E402
from mensenhandel_desk.services.retention import RetentionService  # noqa: E402
from mensenhandel_desk.services.session import open_vault  # noqa: E402
from mensenhandel_desk.store import migrate  # noqa: E402
from mensenhandel_desk.store.repositories import (  # noqa: E402
    ATTENTION_SQL,
    ID_MASK,
    fts_query,
    search_key,
)

M0003 = importlib.import_module("mensenhandel_desk.store.migrations.versions."
                                "0003_register_queries")

PASSPHRASE = "benchmark passphrase 2026"
FIRST = ["Jan", "Piotr", "Andrei", "Ivan", "Mehmet", "Fatima", "Maria", "Ana", "Yusuf",
         "Aisha", "Kees", "Olena", "Bogdan", "Elif", "Chen", "Grace", "Tesfay", "Sanne"]
LAST = ["de Vries", "Kowalczyk", "Popescu", "Petrov", "Yılmaz", "El Amrani", "Nowak",
        "Ionescu", "Dimitrov", "Demir", "Jansen", "Bakker", "Okafor", "Haile", "Wang",
        "Visser", "Kaya", "Georgiev", "Lewandowski", "Stan"]
WORDS = ('arbeidsmigranten woning busje kwekerij massagesalon hotel vakantiepark schulden '
         'paspoort loon uren nachtdienst controle bouwplaats slachterij kassen schoonmaak '
         'bemiddelaar huisvesting minderjarige bedelen winkel afpersing').split()
FORMS = [str(f) for f in ExploitationForm]
STATUSES = [str(s) for s in SignalStatus]
TODAY = date(2026, 11, 24)
CLOCK = fixed_clock(datetime(TODAY.year, TODAY.month, TODAY.day, 10))
PARTNERS = ["politie_avim", "zorgcoordinator", "nla"]
HANDED = {"handed_over", "feedback_received", "reporter_informed", "closed"}
ANSWERED = {"feedback_received", "reporter_informed", "closed"}


def build_plain(path: Path, n: int, seed: int = 7) -> None:
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    rnd = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    signals, parties, fts, handovers, reporters = [], [], [], [], []
    counters: dict[int, int] = {}
    for i in range(1, n + 1):
        received = TODAY - timedelta(days=rnd.randrange(0, 3650))
        counters[received.year] = counters.get(received.year, 0) + 1
        ref = f"MH-{received.year}-{counters[received.year]:04d}"
        forms = sorted(rnd.sample(FORMS[:3], rnd.choice([1, 1, 1, 2])))
        status = rnd.choice(STATUSES)
        summary = " ".join(rnd.sample(WORDS, 4)).capitalize()
        description = " ".join(rnd.choice(WORDS) for _ in range(60))
        touched = min(TODAY, received + timedelta(days=rnd.randrange(0, 120)))
        signals.append((i, ref, received.isoformat(), "internal", summary, description,
                        rnd.choice(["low", "normal", "normal", "high", "immediate"]),
                        ",".join(forms), "sexual" in forms, "labour" in forms,
                        "criminal" in forms, False,
                        rnd.choice(["not_assessed", "risk_factors", "possible"]), status,
                        "no_trafficking" if status == "closed" else None,
                        received.isoformat() if status == "closed" else None, 1, False,
                        "Lopend onderzoek" if i % 1000 == 0 else None, False,
                        "2026-01-01 00:00:00.000000", f"{touched.isoformat()} 12:00:00.000000",
                        search_key(received, i)))
        if status in HANDED:
            for partner in rnd.sample(PARTNERS, rnd.choice([1, 1, 2])):
                due = received + timedelta(days=28)
                answered = received + timedelta(days=20) if status in ANSWERED else None
                handovers.append((i, partner, received.isoformat(), "secure_email", "consent",
                                  "", "", "full", "", due.isoformat(),
                                  answered.isoformat() if answered else None, ""))
        if rnd.random() < 0.5:
            reporters.append((i, "Fictieve Melder", "", "", ""))
        names = []
        for _ in range(rnd.choice([1, 2, 3])):
            name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
            dob = date(1960 + rnd.randrange(45), rnd.randrange(1, 13), rnd.randrange(1, 28))
            parties.append((i, "person", "possible_victim", name, dob.isoformat(), "", "unknown",
                            "", "", "", "p:" + person_key(name, dob)))
            names.append(name)
        fts.append((search_key(received, i), fold(ref), fold(summary), fold(description),
                    fold(" ".join(names)), ""))
    conn.executemany(
        "INSERT INTO signal (id, reference, received_on, source, summary, description, urgency,"
        " forms, form_sexual, form_labour, form_criminal, form_other, assessment, status,"
        " outcome, closed_on, checklist_version, trusted_person_considered, legal_hold_reason,"
        " is_demo, created_at, updated_at, search_key) VALUES (" + ",".join("?" * 23) + ")",
        signals)
    conn.executemany(
        "INSERT INTO party (signal_id, kind, role, name, date_of_birth, nationality, gender,"
        " kvk_number, sector, notes, match_key) VALUES (?,?,?,?,?,?,?,?,?,?,?)", parties)
    conn.executemany("INSERT INTO signal_fts(rowid, reference, summary, description, parties,"
                     " locations) VALUES (?,?,?,?,?,?)", fts)
    conn.executemany(
        "INSERT INTO handover (signal_id, partner_key, handed_over_on, channel, basis,"
        " legal_ground, shared_data, name_mode, requested_action, feedback_due_on,"
        " feedback_received_on, feedback_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", handovers)
    conn.executemany("INSERT INTO reporter (signal_id, name, department, contact,"
                     " team_coordinator) VALUES (?,?,?,?,?)", reporters)
    conn.execute(M0003.BACKFILL_SQL)  # next_action / next_due_on, as the migration does
    conn.commit()
    conn.execute("INSERT INTO signal_fts(signal_fts) VALUES ('optimize')")
    conn.commit()
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()


def encrypt_copy(plain: Path, vault: Path) -> None:
    conn = sqlcipher3.connect(str(plain))
    conn.execute(f"ATTACH DATABASE '{vault}' AS enc KEY '{PASSPHRASE}'")
    conn.execute("SELECT sqlcipher_export('enc')")
    conn.execute("DETACH DATABASE enc")
    conn.close()


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median milliseconds over ``repeat`` runs (after one warm-up)."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


PAGE_SQL = ("SELECT id, reference, received_on, summary, status, urgency, forms, assessment,"
            " source FROM signal WHERE status != 'closed' AND form_labour = 1"
            " ORDER BY received_on DESC, id DESC LIMIT 200 OFFSET 1000")
# The plain baseline: a straightforward "matching ids, newest first" query.
SEARCH_SQL = ("SELECT id, reference, received_on, summary, status, urgency, forms, assessment,"
              f" source FROM signal WHERE id IN (SELECT rowid & {ID_MASK} FROM signal_fts WHERE"
              " signal_fts MATCH ?) ORDER BY received_on DESC, id DESC LIMIT 200")
AGG_SQL = ("SELECT strftime('%Y-%m', received_on) AS m, count(*) FROM signal"
           " WHERE form_labour = 1 AND received_on >= ? AND received_on <= ? GROUP BY m")


def register_rows(rows: list, vault: Path, raw: sqlite3.Connection, repeat: int) -> None:
    """Issue 7: the windowed register (ids, rows by id, count) and "Te doen"."""
    services = open_vault(vault, PASSPHRASE, clock=CLOCK)
    signals = services.signals
    broad = fts_query("b")
    default_ids = signals.ids()
    broad_count = signals.count(SignalFilter(text="b"))
    print(f"register: {len(default_ids):,} ids; 'b' matches {broad_count:,}; "
          f"attention list {len(signals.attention_list(limit=10**6)):,} items; "
          f"held {len(RetentionService(services).held())}")
    rows.append(("ids(), default order (all)",
                 timed(lambda: signals.ids(), repeat),
                 timed(lambda: raw.execute("SELECT id FROM signal ORDER BY received_on DESC,"
                                           " id DESC").fetchall(), repeat), None))
    rows.append(("ids(), sorted by summary (all)",
                 timed(lambda: signals.ids(sort="summary", descending=False), repeat),
                 timed(lambda: raw.execute("SELECT id FROM signal ORDER BY summary COLLATE"
                                           " NOCASE, id").fetchall(), repeat), None))
    rows.append(("ids(), next action (all)",
                 timed(lambda: signals.ids(sort="next_action", descending=False), repeat),
                 timed(lambda: raw.execute("SELECT id FROM signal ORDER BY next_due_on IS"
                                           " NULL, next_due_on, received_on, id").fetchall(),
                       repeat), None))
    rows.append(("ids(), FTS broad prefix 'b' (all)",
                 timed(lambda: signals.ids(SignalFilter(text="b")), repeat),
                 timed(lambda: raw.execute(
                     f"SELECT id FROM signal WHERE id IN (SELECT rowid & {ID_MASK} FROM"
                     " signal_fts WHERE signal_fts MATCH ?) ORDER BY received_on DESC, id DESC",
                     (broad,)).fetchall(), repeat), None))
    rows.append(("ids(), FTS 'b' sorted by urgency",
                 timed(lambda: signals.ids(SignalFilter(text="b"), sort="urgency"), repeat),
                 timed(lambda: raw.execute(
                     f"SELECT id FROM signal WHERE id IN (SELECT rowid & {ID_MASK} FROM"
                     " signal_fts WHERE signal_fts MATCH ?) ORDER BY urgency DESC, id DESC",
                     (broad,)).fetchall(), repeat), None))
    window = default_ids[99_800:100_000] or default_ids[-200:]
    marks = ",".join("?" * len(window))
    rows.append(("rows() for 200 ids (end of the list)",
                 timed(lambda: signals.rows(window), repeat),
                 timed(lambda: raw.execute(
                     "SELECT id, reference, received_on, summary, status, urgency, forms,"
                     " assessment, source, next_action, next_due_on FROM signal"
                     f" WHERE id IN ({marks})", window).fetchall(), repeat), 5))
    rows.append(("page 200 by summary at offset 99,800",
                 timed(lambda: signals.page(sort="summary", offset=99_800), repeat),
                 timed(lambda: raw.execute(
                     "SELECT id, reference, received_on, summary, status, urgency, forms,"
                     " assessment, source FROM signal ORDER BY summary COLLATE NOCASE DESC,"
                     " id DESC LIMIT 200 OFFSET 99800").fetchall(), repeat), None))
    rows.append(("count(), FTS broad prefix 'b'",
                 timed(lambda: signals.count(SignalFilter(text="b")), repeat),
                 timed(lambda: raw.execute(
                     f"SELECT count(*) FROM signal WHERE id IN (SELECT rowid & {ID_MASK} FROM"
                     " signal_fts WHERE signal_fts MATCH ?)", (broad,)).fetchone(), repeat), 50))
    rows.append(("count(), open + labour",
                 timed(lambda: signals.count(SignalFilter(open_only=True,
                                                          forms={ExploitationForm.LABOUR})),
                       repeat),
                 timed(lambda: raw.execute("SELECT count(*) FROM signal WHERE status !="
                                           " 'closed' AND form_labour = 1").fetchone(), repeat),
                 None))
    stale = (CLOCK.now() - timedelta(weeks=6)).strftime("%Y-%m-%d %H:%M:%S.%f")

    def raw_attention() -> None:
        for sql in ATTENTION_SQL.values():
            raw.execute(sql, {"today": TODAY.isoformat(), "stale_before": stale,
                              "limit": 100}).fetchall()

    rows.append(("attention_list() (Te doen)",
                 timed(lambda: signals.attention_list(), max(3, repeat // 3)),
                 timed(raw_attention, max(3, repeat // 3)), 200))
    retention = RetentionService(services)
    rows.append(("held() (legal holds)",
                 timed(retention.held, repeat),
                 timed(lambda: raw.execute("SELECT reference, legal_hold_reason FROM signal"
                                           " WHERE legal_hold_reason IS NOT NULL ORDER BY id")
                       .fetchall(), repeat), 50))
    services.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain, vault = Path(tmp) / "plain.sqlite", Path(tmp) / "vault.mhd"
        t0 = time.perf_counter()
        build_plain(plain, args.signals)
        encrypt_copy(plain, vault)
        print(f"built {args.signals:,} signals in {time.perf_counter() - t0:.1f} s "
              f"(vault {vault.stat().st_size / 1e6:.0f} MB)")
        # First open migrates nothing but seeds checklist/partners; do it once up front.
        open_vault(vault, PASSPHRASE).close()

        raw = sqlite3.connect(plain)
        since, until = TODAY - timedelta(days=730), TODAY

        def raw_unlock() -> None:
            c = sqlcipher3.connect(str(vault))
            c.execute(f"PRAGMA key = '{PASSPHRASE}'")
            c.execute("SELECT count(*) FROM sqlite_master").fetchone()
            c.close()

        def raw_unlock_page() -> None:
            c = sqlcipher3.connect(str(vault))
            c.execute(f"PRAGMA key = '{PASSPHRASE}'")
            c.execute(PAGE_SQL.replace(" OFFSET 1000", "")).fetchall()
            c.close()

        def app_unlock_page() -> None:
            s = open_vault(vault, PASSPHRASE)
            s.signals.page(SignalFilter(), limit=200, with_total=False)
            s.close()

        rows: list[tuple[str, float, float, float | None]] = []
        kdf = timed(raw_unlock, 5)
        rows.append(("key derivation (raw SQLCipher)", kdf, kdf, None))
        rows.append(("unlock + first page", timed(app_unlock_page, 5),
                     timed(raw_unlock_page, 5), 150))

        services = open_vault(vault, PASSPHRASE)
        flt = SignalFilter(forms={ExploitationForm.LABOUR}, open_only=True)
        rows.append(("page 200, filtered+sorted (service)",
                     timed(lambda: services.signals.page(flt, offset=1000, limit=200,
                                                         with_total=False), args.repeat),
                     timed(lambda: raw.execute(PAGE_SQL).fetchall(), args.repeat), 5))
        rows.append(("  same page with total count",
                     timed(lambda: services.signals.page(flt, offset=1000, limit=200,
                                                         with_total=True), args.repeat),
                     timed(lambda: raw.execute(PAGE_SQL).fetchall(), args.repeat), None))
        for label, text in (("FTS name prefix 'kowalc'", "kowalc"),
                            ("FTS broad prefix 'b'", "b"),
                            ("FTS two words 'ana popes'", "ana popes")):
            query = fts_query(text)
            rows.append((label,
                         timed(lambda t=text: services.signals.page(
                             SignalFilter(text=t), limit=200, with_total=False), args.repeat),
                         timed(lambda q=query: raw.execute(SEARCH_SQL, (q,)).fetchall(),
                               args.repeat), 50))
        rows.append(("monitoring aggregation (2 years)",
                     timed(lambda: services.monitoring.figures(since, until), args.repeat),
                     timed(lambda: raw.execute(AGG_SQL, (since.isoformat(),
                                                         until.isoformat())).fetchall(),
                           args.repeat), 200))
        services.close()
        register_rows(rows, vault, raw, args.repeat)  # its own session (exclusive lock)
        raw.close()

    print(f"\n{'operation':<40}{'app ms':>10}{'raw ms':>10}{'ratio':>8}{'target':>9}  ok")
    failures = 0
    for label, app_ms, raw_ms, target in rows:
        ok = "" if target is None else ("yes" if app_ms <= target else "NO")
        failures += ok == "NO"
        print(f"{label:<40}{app_ms:>10.2f}{raw_ms:>10.2f}{app_ms / raw_ms:>8.1f}"
              f"{'' if target is None else target:>9}  {ok}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
