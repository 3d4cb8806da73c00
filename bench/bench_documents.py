"""Benchmark: documents from the vault to PDF bytes, against raw reportlab baselines.

Run: ``python bench/bench_documents.py``. Prints median timings and ratios:

* one handover sheet from the vault (load, render with embedded DejaVu, log the copy)
  vs. raw reportlab building a comparable one-page sheet (Helvetica, no vault);
  target <= 50 ms;
* an agenda with 50 signals from the vault vs. a raw reportlab 100-page document;
  target <= 1 s.

Uses a throwaway vault in a temporary folder with fictitious data.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table  # noqa: E402

from mensenhandel_desk import documents  # noqa: E402
from mensenhandel_desk.documents import examples as ex  # noqa: E402
from mensenhandel_desk.domain.enums import NameMode  # noqa: E402
from mensenhandel_desk.domain.models import Meeting, MeetingItem  # noqa: E402
from mensenhandel_desk.services.clock import fixed_clock  # noqa: E402
from mensenhandel_desk.services.session import create_vault  # noqa: E402

PASSPHRASE = "benchmark passphrase 123"


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def raw_one_page() -> bytes:
    """A comparable one-page sheet in plain reportlab: title, facts table, paragraphs,
    a parties table."""
    buffer = BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=20 * mm)
    signal = ex.sample_signal()
    story = [Paragraph("Overdrachtsformulier signaal mensenhandel", styles["Title"]),
             Table([[k, v] for k, v in [("Kenmerk", signal.reference), ("Datum", "24-11-2026"),
                                        ("Aan", "Zorgcoordinator"), ("Urgentie", "Hoog")]]),
             Paragraph("Feitelijke omschrijving", styles["Heading2"])]
    story += [Paragraph(p, styles["BodyText"]) for p in signal.description.split("\n\n")]
    story += [Spacer(1, 6), Table([["Betrokkene", "Rol", "Geboren"]] +
                                  [[f"Persoon {i}", "slachtoffer", "1990"] for i in range(6)],
                                  repeatRows=1)]
    doc.build(story)
    return buffer.getvalue()


def raw_hundred_pages() -> bytes:
    buffer = BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(buffer, pagesize=A4)
    text = ("Signaal over huisvesting van arbeidsmigranten; busje haalt hen vroeg op. " * 12)
    story = []
    for i in range(540):  # about 100 pages
        story.append(Paragraph(f"{i}. {text}", styles["BodyText"]))
    doc.build(story)
    return buffer.getvalue()


def populate(services, count: int) -> list[str]:
    refs = []
    for n in range(count):
        sample = ex.sample_signal()
        sample.id, sample.reference = None, ""
        sample.summary = f"{sample.summary} ({n + 1})"
        signal = services.signals.create(sample)
        for party in ex.sample_parties(signal.id):
            party.id = None
            services.signals.add_party(party)
        for location in ex.sample_locations(signal.id):
            location.id = None
            services.signals.add_location(location)
        for note in ex.sample_notes(signal.id):
            note.id = None
            services.signals.add_note(note)
        refs.append(signal.reference)
    return refs


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        services = create_vault(Path(folder) / "bench.mhd", PASSPHRASE,
                                clock=fixed_clock(datetime(2026, 11, 24, 10, 0)))
        try:
            refs = populate(services, 50)
            meeting = services.meetings.create(Meeting(held_on=date(2026, 12, 1)))
            for ref in refs:
                signal = services.signals.by_reference(ref)
                services.meetings.add_item(MeetingItem(meeting_id=meeting.id,
                                                       signal_id=signal.id))

            start = time.perf_counter()
            first = services.documents.handover_sheet(refs[0], "zorgcoordinator",
                                                      NameMode.PSEUDONYM)
            cold = (time.perf_counter() - start) * 1000
            pages = first.pdf.count(b"/Type /Page\n") or first.pdf.count(b"/Type /Page")
            raw_one_page()  # warm reportlab itself
            sheet = median_ms(lambda: services.documents.handover_sheet(
                refs[0], "zorgcoordinator", NameMode.PSEUDONYM), 30)
            raw = median_ms(raw_one_page, 30)
            print(f"handover sheet from vault: {sheet:7.1f} ms (median of 30; first call "
                  f"{cold:.0f} ms incl. font loading; {pages} page(s))")
            render = median_ms(lambda: documents.render_handover_sheet(
                ex.handover_sheet(NameMode.PSEUDONYM)), 30)
            print(f"  of which rendering alone (no vault): {render:7.1f} ms")
            print(f"raw reportlab one-page sheet: {raw:7.1f} ms   ratio {sheet / raw:4.1f}x   "
                  f"target <= 50 ms: {'OK' if sheet <= 50 else 'MISSED'}")

            agenda_doc = services.documents.agenda(meeting.id, NameMode.PSEUDONYM)
            agenda = median_ms(lambda: services.documents.agenda(meeting.id,
                                                                 NameMode.PSEUDONYM), 5)
            raw100 = median_ms(raw_hundred_pages, 3)
            raw100_pages = raw_hundred_pages().count(b"/Type /Page\n")
            agenda_pages = agenda_doc.pdf.count(b"/Type /Page\n")
            print(f"agenda with 50 signals: {agenda:7.1f} ms (median of 5; {agenda_pages} "
                  f"pages)   target <= 1000 ms: {'OK' if agenda <= 1000 else 'MISSED'}")
            print(f"raw reportlab {raw100_pages}-page document: {raw100:7.1f} ms   ratio "
                  f"{agenda / raw100:4.2f}x")
        finally:
            services.close()


if __name__ == "__main__":
    main()
