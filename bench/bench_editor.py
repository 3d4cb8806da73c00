"""Signal editor benchmark (issue 8): opening a signal with 20 parties and 50 enrichment
notes, to painted, against opening a signal with nothing on it, in the same run.

What is timed, per open (median of ``--runs``): from ``SignalEditor.show_signal(id)``
(the officer pressed Enter) until the editor has painted the result: the worker call
(``editor.load_signal``: dossier with the audited opening, next actions, already-known
hits, partner names, any draft), the hand-over to the GUI thread, filling every part
(``paint``) and a synchronous ``repaint()`` of the window. Printed apart: the worker
share (``load_signal`` called directly on the worker thread's vault, measured inside
the same opens) and the GUI share. Target: <= 100 ms for the full signal.

The vault is made fresh in a temporary folder (``--signals`` other signals around it,
so the already-known queries run over a realistic table). Qt platform:
``$QT_QPA_PLATFORM`` if set, else ``xcb`` when ``$DISPLAY`` is set, else ``offscreen``.

    .venv/bin/python bench/bench_editor.py [--runs 15] [--signals 2000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PASSPHRASE = "bench-alleen-fictieve-gegevens"
FIRST = ["Jan", "Olena", "Piotr", "Ayşe", "Radu", "Maria", "Tesfay", "Lina", "Karim", "Eva"]
LAST = ["Jansen-Test", "Kovalenko-Fictief", "Nowak-Verzonnen", "Demir-Test", "Popescu-Fictief",
        "Haile-Test", "Bakker-Verzonnen", "Visser-Test"]


def build(path: Path, others: int) -> tuple[int, int]:
    """A vault with ``others`` plain signals, one full signal (20 parties, 50 notes, 5
    locations, 2 handovers) and one empty signal; returns (full id, empty id)."""
    from mensenhandel_desk.domain.enums import (
        EnrichmentResult,
        EnrichmentSource,
        ExploitationForm,
        HandoverChannel,
        LocationKind,
        PartyKind,
        PartyRole,
        SharingBasis,
        SignalSource,
    )
    from mensenhandel_desk.domain.models import (
        EnrichmentNote,
        Handover,
        Location,
        Party,
        Signal,
    )
    from mensenhandel_desk.services.clock import fixed_clock
    from mensenhandel_desk.services.session import create_vault

    clock = fixed_clock(__import__("datetime").datetime(2026, 11, 24, 10, 0))
    with create_vault(path, PASSPHRASE, clock=clock) as services:
        start = date(2024, 1, 1)
        for n in range(others):
            signal = services.signals.create(Signal(
                received_on=start + timedelta(days=n % 900), source=SignalSource.INTERNAL,
                summary=f"Achtergrondsignaal {n}", forms={ExploitationForm.LABOUR}))
            if n % 5 == 0:
                services.signals.add_party(Party(
                    signal_id=signal.id, kind=PartyKind.PERSON, role=PartyRole.WITNESS,
                    name=f"{FIRST[n % 10]} {LAST[n % 8]}"))
        full = services.signals.create(Signal(
            received_on=date(2026, 9, 1), source=SignalSource.PARTNER,
            summary="Volledig signaal", description="Veel tekst. " * 200,
            forms={ExploitationForm.LABOUR, ExploitationForm.SEXUAL}))
        for n in range(20):
            kind = PartyKind.PERSON if n < 15 else PartyKind.ORGANISATION
            services.signals.add_party(Party(
                signal_id=full.id, kind=kind, role=list(PartyRole)[n % 5],
                name=f"{FIRST[n % 10]} {LAST[n % 8]}" if kind is PartyKind.PERSON
                else f"Uitzendbureau {n} B.V.",
                date_of_birth=date(1980 + n, 1 + n % 12, 1 + n) if n < 15 else None,
                kvk_number=f"{12345670 + n}" if kind is PartyKind.ORGANISATION else ""))
        for n in range(5):
            services.signals.add_location(Location(
                signal_id=full.id, kind=LocationKind.HOME, street="Kerkstraat",
                house_number=str(n + 1), postcode="3441AB", town="Woerden"))
        for n in range(50):
            services.signals.add_note(EnrichmentNote(
                signal_id=full.id, noted_on=date(2026, 9, 2) + timedelta(days=n % 60),
                source=list(EnrichmentSource)[n % 8], result=list(EnrichmentResult)[n % 3],
                text=f"Notitie {n}: " + "gecontroleerd in de registratie. " * 6))
        for key in ("zorgcoordinator", "nla"):
            services.handovers.record(Handover(
                signal_id=full.id, partner_key=key, handed_over_on=date(2026, 10, 1),
                channel=HandoverChannel.SECURE_EMAIL, basis=SharingBasis.LEGAL_GROUND,
                legal_ground="RIEC-convenant"))
        empty = services.signals.create(Signal(
            received_on=date(2026, 11, 1), source=SignalSource.INTERNAL, summary="Leeg"))
        return full.id, empty.id


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--signals", type=int, default=2000)
    args = parser.parse_args()
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "xcb" if os.environ.get("DISPLAY") else "offscreen"
    tmp = tempfile.TemporaryDirectory(prefix="mhd-bench-editor-")
    for name in ("MHD_DATA_DIR", "MHD_CONFIG_DIR"):
        os.environ[name] = str(Path(tmp.name) / name.lower())
    os.environ["MHD_POLICY_FILE"] = str(Path(tmp.name) / "policy.json")

    from PySide6.QtWidgets import QApplication

    from mensenhandel_desk import i18n
    from mensenhandel_desk.services.session import open_vault
    from mensenhandel_desk.ui.context import DeskContext
    from mensenhandel_desk.ui.signal import editor as editor_module
    from mensenhandel_desk.ui.worker import Worker

    i18n.set_language("nl")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    path = Path(tmp.name) / "kluis.mhd"
    t0 = time.perf_counter()
    full_id, empty_id = build(path, args.signals)
    print(f"vault: {args.signals} other signals + full + empty, built in "
          f"{time.perf_counter() - t0:.1f} s; platform {os.environ['QT_QPA_PLATFORM']}")

    ctx = DeskContext(Worker(), path)
    done = {"ok": False}
    ctx.open(lambda: open_vault(path, PASSPHRASE), on_success=lambda: done.update(ok=True))
    while not done["ok"]:
        app.processEvents()
    editor = editor_module.SignalEditor(ctx)
    editor.resize(1280, 800)
    editor.show()
    app.processEvents()

    worker_ms: list[float] = []
    original = editor_module.load_signal

    def timed_load(*a, **kw):
        start = time.perf_counter()
        result = original(*a, **kw)
        worker_ms.append((time.perf_counter() - start) * 1000)
        return result

    editor_module.load_signal = timed_load

    def open_once(signal_id: int) -> float:
        editor.clear()
        app.processEvents()
        painted: dict[str, float] = {}

        def on_loaded(_id: int) -> None:
            editor.window().repaint()
            painted["t"] = time.perf_counter()

        editor.loaded.connect(on_loaded)
        start = time.perf_counter()
        editor.show_signal(signal_id)
        while "t" not in painted:
            app.processEvents()
        editor.loaded.disconnect(on_loaded)
        return (painted["t"] - start) * 1000

    results: dict[str, tuple[list[float], list[float]]] = {}
    for label, signal_id in (("empty signal (baseline)", empty_id),
                             ("20 parties + 50 notes", full_id)):
        open_once(signal_id)  # warm caches once
        worker_ms.clear()
        totals = [open_once(signal_id) for _ in range(args.runs)]
        results[label] = (totals, list(worker_ms))
    editor_module.load_signal = original

    base = statistics.median(results["empty signal (baseline)"][0])
    print(f"\nopen signal -> painted, median of {args.runs} "
          f"(worker share, GUI share), target <= 100 ms:")
    for label, (totals, workers) in results.items():
        total, work = statistics.median(totals), statistics.median(workers)
        print(f"  {label:26s} {total:7.1f} ms  (worker {work:6.1f} ms, GUI "
              f"{total - work:6.1f} ms)  min {min(totals):.1f} max {max(totals):.1f}  "
              f"ratio vs empty {total / base:4.2f}x")
    full_total = statistics.median(results["20 parties + 50 notes"][0])
    print(f"\nverdict: {'OK' if full_total <= 100 else 'OVER TARGET'} "
          f"({full_total:.1f} ms <= 100 ms)")
    done["ok"] = False
    ctx.locked.connect(lambda: done.update(ok=True))
    ctx.lock("quit")
    while not done["ok"]:
        app.processEvents()
    ctx.worker.shutdown()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
