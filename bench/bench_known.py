"""Already-known check while typing (issue 8): ``SignalService.known_for`` at 100,000 signals.

Builds the 100,000-signal vault of ``bench_vault.py`` (persons, full-text index) and adds
organisations (a third with a KvK number; a few thousand names shared between signals,
some very common words among them) and addresses, then encrypts it. Times ``known_for``
for a person, an organisation by KvK number, an organisation by name only (the case that
also looks through the full-text index for the same name recorded with a KvK number; one
rare and one very common name) and an address, each against a raw baseline measured in
the same run: the one indexed key lookup on the same SQLCipher vault. Target: <= 50 ms.
Also printed: the first name-only check of a session, which builds the cache of the
names of organisations recorded with a KvK number (``KvkNameIndex``).

    .venv/bin/python bench/bench_known.py [--signals 100000] [--repeat 25]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlcipher3
from bench_vault import (
    CLOCK,
    PASSPHRASE,
    build_plain,
    encrypt_copy,
    timed,
)

from mensenhandel_desk.domain.enums import LocationKind, PartyKind, PartyRole
from mensenhandel_desk.domain.matching import address_key, fold
from mensenhandel_desk.domain.models import Location, Party
from mensenhandel_desk.services.session import open_vault
from mensenhandel_desk.services.signals import party_match_key

TRADES = ["Schoonmaak", "Uitzendbureau", "Kas", "Bouw", "Vleesverwerking", "Pension",
          "Flex", "Transport", "Nagelstudio", "Massage", "Teelt", "Logistiek"]
NAMES = ["Glans", "Vlijtig", "De Zonnebloem", "Snelwerk", "Noord", "Oost", "Polder",
         "Horizon", "Kroon", "Meridiaan", "Duin", "Akker", "Weide", "Linde", "Eik"]
FORMS = ["B.V.", "BV", "V.O.F.", "", "Holding", "Sp. z o.o."]
STREETS = ["Dorpsweg", "Kerkstraat", "Industrieweg", "Kassenweg", "Havenkade", "Stationsplein"]


def organisation_name(rnd: random.Random) -> str:
    return f"{rnd.choice(TRADES)} {rnd.choice(NAMES)} {rnd.randrange(1, 30)}"


def add_organisations_and_addresses(path: Path, n: int, seed: int = 11) -> None:
    """Organisations and locations on the plain vault, their keys as the app stores them,
    and their words in each signal's full-text entry."""
    rnd = random.Random(seed)
    conn = sqlite3.connect(path)
    parties, locations = [], []
    for signal_id in range(1, n + 1):
        if rnd.random() < 0.4:
            name = f"{organisation_name(rnd)} {rnd.choice(FORMS)}".strip()
            kvk = f"{rnd.randrange(10**7, 10**8)}" if rnd.random() < 0.33 else ""
            party = Party(signal_id=signal_id, kind=PartyKind.ORGANISATION,
                          role=PartyRole.POSSIBLE_PERPETRATOR, name=name, kvk_number=kvk)
            parties.append((signal_id, "organisation", "possible_perpetrator", name, None, "",
                            "unknown", kvk, "", "", party_match_key(party)))
        if rnd.random() < 0.6:
            postcode = f"{rnd.randrange(1000, 9999)}{rnd.choice('ABCDEFGHJ')}{rnd.choice('ABKLMN')}"
            number = f"{rnd.randrange(1, 200)}{rnd.choice(['', '', '', 'a', 'b', '-2'])}"
            locations.append((signal_id, "home", rnd.choice(STREETS), number.upper(),
                              postcode, "Voorbeeld", "", address_key(postcode, number)))
    conn.executemany(
        "INSERT INTO party (signal_id, kind, role, name, date_of_birth, nationality, gender,"
        " kvk_number, sector, notes, match_key) VALUES (?,?,?,?,?,?,?,?,?,?,?)", parties)
    conn.executemany(
        "INSERT INTO location (signal_id, kind, street, house_number, postcode, town, notes,"
        " match_key) VALUES (?,?,?,?,?,?,?,?)", locations)
    for signal_id, _, _, name, _, _, _, kvk, _, _, _ in parties:
        conn.execute("UPDATE signal_fts SET parties = parties || ' ' || ? "
                     "WHERE rowid = (SELECT search_key FROM signal WHERE id = ?)",
                     (fold(f"{name} {kvk}"), signal_id))
    for signal_id, _, street, number, postcode, town, _, _ in locations:
        conn.execute("UPDATE signal_fts SET locations = ? "
                     "WHERE rowid = (SELECT search_key FROM signal WHERE id = ?)",
                     (fold(f"{street} {number} {postcode} {town}"), signal_id))
    conn.commit()
    conn.execute("INSERT INTO signal_fts(signal_fts) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--vault", type=Path, default=None,
                        help="keep the built vault here and reuse it when it exists")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain, vault = Path(tmp) / "plain.sqlite", args.vault or Path(tmp) / "vault.mhd"
        if not vault.exists():
            t0 = time.perf_counter()
            build_plain(plain, args.signals)
            add_organisations_and_addresses(plain, args.signals)
            encrypt_copy(plain, vault)
            print(f"built {args.signals:,} signals in {time.perf_counter() - t0:.1f} s")
            open_vault(vault, PASSPHRASE).close()  # seeds reference data once

        raw = sqlcipher3.connect(str(vault))
        raw.execute(f"PRAGMA key = '{PASSPHRASE}'")
        samples = {kind: raw.execute(sql).fetchone() for kind, sql in (
            ("person", "SELECT name, date_of_birth FROM party WHERE kind = 'person' "
                       "ORDER BY id LIMIT 1 OFFSET 500"),
            ("kvk", "SELECT name, kvk_number FROM party WHERE match_key LIKE 'o:kvk:%' "
                    "ORDER BY id LIMIT 1 OFFSET 30"),
            ("name", "SELECT name FROM party WHERE match_key LIKE 'o:name:%' "
                     "ORDER BY id LIMIT 1 OFFSET 30"),
            ("address", "SELECT postcode, house_number FROM location ORDER BY id "
                        "LIMIT 1 OFFSET 400"))}
        raw.close()  # the app holds the vault exclusively: one connection at a time
        editing = args.signals // 2
        cases: list[tuple[str, Party | Location]] = [
            ("person (name + date of birth)", Party(
                signal_id=editing, kind=PartyKind.PERSON, role=PartyRole.POSSIBLE_VICTIM,
                name=samples["person"][0].upper(),
                date_of_birth=date.fromisoformat(samples["person"][1]))),
            ("organisation by KvK number", Party(
                signal_id=editing, kind=PartyKind.ORGANISATION, role=PartyRole.OTHER,
                name=samples["kvk"][0], kvk_number=samples["kvk"][1])),
            ("organisation by name only", Party(
                signal_id=editing, kind=PartyKind.ORGANISATION, role=PartyRole.OTHER,
                name=samples["name"][0].lower())),
            ("organisation, very common name", Party(
                signal_id=editing, kind=PartyKind.ORGANISATION, role=PartyRole.OTHER,
                name="Schoonmaak B.V.")),
            ("address (postcode + number)", Location(
                signal_id=editing, kind=LocationKind.HOME,
                postcode=samples["address"][0][:4] + " " + samples["address"][0][4:].lower(),
                house_number=samples["address"][1])),
        ]
        services = open_vault(vault, PASSPHRASE, clock=CLOCK)
        # The first name-only organisation check of a session reads the names of the
        # organisations with a KvK number into a cache (once; later ones are incremental).
        start = time.perf_counter()
        services.signals.known_for(cases[2][1], exclude_signal_id=editing)
        first_ms = (time.perf_counter() - start) * 1000
        app = [(label, len(services.signals.known_for(c, exclude_signal_id=editing)),
                timed(lambda c=c: services.signals.known_for(c, exclude_signal_id=editing),
                      args.repeat))
               for label, c in cases]
        services.close()

        raw = sqlcipher3.connect(str(vault))
        raw.execute(f"PRAGMA key = '{PASSPHRASE}'")
        rows = []
        for (label, hits, app_ms), (_, candidate) in zip(app, cases, strict=True):
            if isinstance(candidate, Party):
                key = party_match_key(candidate)
                lookup = ("SELECT signal_id, name FROM party WHERE match_key = ? "
                          "AND signal_id != ?")
            else:
                key = address_key(candidate.postcode.replace(" ", ""), candidate.house_number)
                lookup = ("SELECT signal_id, street FROM location WHERE match_key = ? "
                          "AND signal_id != ?")

            def raw_lookup(key: str = key, lookup: str = lookup) -> None:
                found = raw.execute(lookup, (key, editing)).fetchall()
                ids = ",".join(str(sid) for sid, _ in found) or "0"
                raw.execute(f"SELECT id, reference, received_on FROM signal "
                            f"WHERE id IN ({ids})").fetchall()

            rows.append((label, hits, app_ms, timed(raw_lookup, args.repeat)))
        raw.close()

    print(f"first name-only organisation check of a session (builds the name cache): "
          f"{first_ms:.0f} ms (once)")
    print(f"\n{'known_for':<34}{'hits':>6}{'app ms':>9}{'raw ms':>9}{'ratio':>7}"
          f"{'target':>8}  ok")
    for label, hits, app_ms, raw_ms in rows:
        ok = "yes" if app_ms <= 50 else "NO"
        print(f"{label:<34}{hits:>6}{app_ms:>9.2f}{raw_ms:>9.2f}{app_ms / raw_ms:>7.1f}"
              f"{50:>8}  {ok}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
