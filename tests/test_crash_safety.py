"""SIGKILL at random moments during writes: the vault always opens, the integrity check
passes, and every signal the killed process saw committed is there.

Speed: one "zygote" subprocess imports the app once and forks a fresh writer per round,
kills it with SIGKILL after a random delay and reaps it; the test then checks the file
with a raw key (the PBKDF2 derivation done once, so an open costs milliseconds instead
of the ~70 ms KDF; the writers open through ``open_vault`` with that raw key too).
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mensenhandel_desk.services.session import create_vault
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")

ZYGOTE = textwrap.dedent(r"""
    import os, random, signal, sys, time
    from pathlib import Path
    from mensenhandel_desk.domain.errors import WrongPassphrase
    from mensenhandel_desk.domain.models import Signal
    from mensenhandel_desk.domain.enums import SignalSource
    from mensenhandel_desk.services.session import open_vault
    from mensenhandel_desk.services.passphrase import change_passphrase
    from datetime import date

    from mensenhandel_desk.store.engine import RawKey  # x'..' as a raw key, on purpose
    vault, log = Path(sys.argv[1]), sys.argv[2]
    first, second = (RawKey(k) if k.startswith("x'") else k for k in sys.argv[3:5])

    def write_loop():
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        services = open_vault(vault, first)
        n = 0
        while True:
            n += 1
            s = services.signals.create(Signal(
                received_on=date(2026, 1, 1), source=SignalSource.POLICE,
                summary=f"Crashproef {os.getpid()} {n}", description="x" * (n % 7 * 900)))
            os.write(fd, (s.reference + "\n").encode())

    def rekey_loop(once=False):
        while True:
            try:
                services, old, new = open_vault(vault, first), first, second
            except WrongPassphrase:
                services, old, new = open_vault(vault, second), second, first
            change_passphrase(services, old, new)
            services.close()
            if once:
                os._exit(0)

    for line in sys.stdin:
        mode, delay = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                if mode == "write":
                    write_loop()
                else:
                    rekey_loop(once=mode == "once")
            finally:
                os._exit(3)
        if mode == "once":  # one complete rekey, not killed
            _, status = os.waitpid(pid, 0)
        else:
            time.sleep(float(delay))
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        print("done", status, flush=True)
""")


class Zygote:
    """A subprocess that forks, kills (SIGKILL) and reaps writer children on request."""

    def __init__(self, vault: Path, log: Path, first: str, second: str, env: dict) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE, str(vault), str(log), first, second],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    def round(self, mode: str, delay: float) -> int:
        self.proc.stdin.write(f"{mode} {delay:.4f}\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().split()
        assert answer and answer[0] == "done", "zygote died"
        return int(answer[1])

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()  # ResourceWarnings are errors in the tests


def raw_key(vault: Path, passphrase: str) -> str:
    """SQLCipher 4 raw key for this file: PBKDF2-HMAC-SHA512, 256,000 iterations, over
    the file's salt (its first 16 bytes), written as ``x'<key><salt>'``. SQLCipher takes
    a key in that form as the derived key and skips the KDF, so every open in the loop
    costs milliseconds; everything after the key (WAL recovery, writes, commits) runs
    exactly as with the passphrase."""
    salt = vault.read_bytes()[:16]
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, 256_000, 32)
    return f"x'{key.hex()}{salt.hex()}'"


def raw_key_pragma(vault: Path, passphrase: str) -> str:
    return f"PRAGMA key = \"{raw_key(vault, passphrase)}\""


def check_file(vault: Path, key_pragma: str) -> set[str]:
    """Open like the app does after a crash (WAL recovery), integrity check, references."""
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(str(vault), isolation_level=None)
    try:
        conn.execute(key_pragma)
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("PRAGMA journal_mode = WAL")
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        refs = {row[0] for row in conn.execute("SELECT reference FROM signal")}
        fts = conn.execute("SELECT count(*) FROM signal_fts").fetchone()[0]
        assert fts == len(refs)  # the search index committed with its signal
        return refs
    finally:
        conn.close()


def child_env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env["TMPDIR"] = str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return env


def committed(log: Path) -> list[str]:
    text = log.read_text() if log.exists() else ""
    lines = text.split("\n")
    return [line for line in lines[:-1] if line]  # the last piece may be unfinished


@pytest.mark.slow
def test_sigkill_during_writes_200_times_loses_nothing_committed(vault_path, tmp_path):
    create_vault(vault_path, PASSPHRASE).close()
    key = raw_key_pragma(vault_path, PASSPHRASE)
    child_key = raw_key(vault_path, PASSPHRASE)  # the writer opens through open_vault
    log = tmp_path / "committed.log"
    rng = random.Random(4)
    zygote = Zygote(vault_path, log, child_key, child_key, child_env(tmp_path))
    started = time.monotonic()
    rounds, killed_while_writing = 200, 0
    window = 0.16  # kill within this many seconds of the fork
    try:
        previous, unreported_before = 0, 0
        for number in range(rounds):
            if number and number % 20 == 0 and not committed(log) and window < 2.5:
                window *= 2  # a loaded machine: writers never got to commit; kill later
            status = zygote.round("write", rng.uniform(0.0, window))
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9
            refs = check_file(vault_path, key)
            reported = committed(log)
            assert set(reported) <= refs
            # per kill at most one commit can be unreported (killed between commit and
            # report); more would mean signals appearing that no one committed
            unreported = len(refs) - len(set(reported))
            assert 0 <= unreported - unreported_before <= 1
            unreported_before = unreported
            if len(reported) > previous:
                killed_while_writing += 1
            previous = len(reported)
    finally:
        zygote.close()
    elapsed = time.monotonic() - started
    # Sanity, not speed: the loop must really have killed writers mid-work (loose bounds so
    # a slow machine does not fail it; typical here: ~400 commits, ~100 kills mid-write).
    assert len(committed(log)) > 30  # the children really wrote
    assert killed_while_writing > 10  # kills landed while signals were being written
    print(f"crash loop: {rounds} kills, {len(committed(log))} commits reported, "
          f"{killed_while_writing} kills during writes, {elapsed:.1f} s")
