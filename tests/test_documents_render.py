"""The documents layer on its own: fictitious data in, PDF bytes out, text extracted with
pypdf and checked for what the officer and the partner rely on."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from mensenhandel_desk import documents
from mensenhandel_desk.documents import examples as ex
from mensenhandel_desk.documents.data import CopyMark
from mensenhandel_desk.documents.phrases import long_date
from mensenhandel_desk.documents.styles import font_has
from mensenhandel_desk.documents.text import glyph_check, visual
from mensenhandel_desk.domain.enums import NameMode, PartyKind, PartyRole
from mensenhandel_desk.domain.models import Party

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
REPORTER_STRINGS = ["Wilhelmina", "Zuidervaart", "Testmelder", "Team Handhaving Noord",
                    "w.zuidervaart@example.invalid", "Coördinatorsma"]
SURNAMES = ["Wiśniewska", "Małgorzata", "Popescu", "Ionuț", "Колев", "Стоян", "Yılmaz",
            "Ayşe", "Snelwerk"]


def pages(pdf: bytes) -> list[str]:
    """Text per page, whitespace folded (table cells break lines anywhere)."""
    return [" ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(pdf)).pages]


def text_of(pdf: bytes) -> str:
    return "\n".join(pages(pdf))


def all_documents(mode: NameMode) -> dict[str, bytes]:
    return {
        "handover": documents.render_handover_sheet(ex.handover_sheet(mode)),
        "agenda": documents.render_agenda(ex.meeting(mode)),
        "minutes": documents.render_minutes(ex.meeting(mode, decided=True)),
    }


def test_dutch_dates_are_written_out_without_locale() -> None:
    assert long_date(date(2026, 11, 24)) == "24 november 2026"
    assert long_date(date(2027, 1, 1)) == "1 januari 2027"
    assert long_date(date(2026, 3, 9)) == "9 maart 2026"
    assert long_date(None) == "-"


def test_handover_sheet_has_every_required_field() -> None:
    pdf = documents.render_handover_sheet(ex.handover_sheet(NameMode.FULL))
    text = text_of(pdf)
    for expected in ["VERTROUWELIJK", "Overdrachtsformulier", "MH-2026-0042", "24 november 2026",
                     "Zorgcoördinator mensenhandel", "Arbeidsuitbuiting", "Hoog",
                     "Feitelijke omschrijving", "elf personen", "Identiteitspapieren ingehouden",
                     "Spreekt de taal niet", "Verrijking", "BRP", "KvK",
                     "Drie personen ingeschreven", "Betrokkenen", "Locaties",
                     "Voorbeeldstraat 12", "Gevraagde actie", "vertrouwenspersoon",
                     "Terugkoppeling gevraagd vóór 22 december 2026", "Anna Voorbeeld",
                     "030 000 00 00", "mensenhandel@voorbeeld.example",
                     "Exemplaar 2 — voor: Zorgcoördinator mensenhandel"]:
        assert expected in text, expected


@pytest.mark.parametrize("mode", list(NameMode))
def test_every_page_carries_marking_reference_copy_and_page_x_of_y(mode: NameMode) -> None:
    for name, pdf in all_documents(mode).items():
        texts = pages(pdf)
        reference = "OVERLEG-1" if name != "handover" else "MH-2026-0042"
        for number, page in enumerate(texts, 1):
            assert page.count("VERTROUWELIJK") >= 2, (name, number)  # top and bottom
            assert f"Pagina {number} van {len(texts)}" in page, (name, number)
            assert f"Kenmerk {reference}" in page
            assert "Exemplaar " in page and "— voor: " in page


@pytest.mark.parametrize("mode", list(NameMode))
def test_reporter_never_appears_in_any_mode(mode: NameMode) -> None:
    # The sample description names the reporter ("Volgens Wilhelmina (melder) ...").
    assert "Wilhelmina" in ex.sample_signal().description
    for name, pdf in all_documents(mode).items():
        text = text_of(pdf)
        for secret in REPORTER_STRINGS:
            assert secret not in text, (name, secret)
        assert "[weggelaten]" in text or name != "handover"


@pytest.mark.parametrize("mode", [NameMode.INITIALS, NameMode.PSEUDONYM])
def test_reduced_modes_hold_no_names_addresses_or_birth_dates(mode: NameMode) -> None:
    for name, pdf in all_documents(mode).items():
        text = text_of(pdf)
        for surname in SURNAMES:
            assert surname not in text, (name, surname)
        folded = unicodedata.normalize("NFKC", text)
        assert "سمير" not in folded and "الحداد" not in folded
        for detail in ["Voorbeeldstraat", "Kassenweg", "1234 AB", "17 mei 1994", "00000000"]:
            assert detail not in text, (name, detail)


def test_full_mode_prints_names_from_several_scripts() -> None:
    text = text_of(documents.render_handover_sheet(ex.handover_sheet(NameMode.FULL)))
    for name in ["Małgorzata Wiśniewska", "Ionuț Popescu", "Стоян Колев", "Ayşe Yılmaz",
                 "Uitzendbureau Snelwerk B.V.", "17 mei 1994"]:
        assert name in text
    # Arabic is printed shaped (joined presentation forms, which DejaVu has) and reads
    # back as the recorded name once normalised.
    assert "سمير الحداد" in unicodedata.normalize("NFKC", text)
    assert "سمير الحداد" not in text  # i.e. it really went through the shaper


def test_the_font_has_every_glyph_we_print() -> None:
    names = "".join(ex.PARTY_NAMES) + "ĄĆĘŁŃÓŚŹŻăâîșțĂÂÎȘȚçğıİöşüÇĞÖŞÜЖЩЪЮЯжщъюяΑΩαω€—–“”‘’·•"
    assert font_has(names) == set()
    assert font_has(visual("سمير الحداد مرحبا بكم")) == set()


def test_pseudonyms_are_stable_within_a_document() -> None:
    text = text_of(documents.render_handover_sheet(ex.handover_sheet(NameMode.PSEUDONYM)))
    # Party order decides the letters; the description uses the same ones.
    assert "Persoon A vertelde dat haar paspoort" in text
    assert "Persoon B werkt zes dagen" in text
    assert "Persoon C zou de huur" in text
    assert "busje van Organisatie A" in text
    assert "Arabisch: Persoon E" in text
    # The agenda: the same person on two signals keeps one pseudonym.
    agenda = text_of(documents.render_agenda(ex.meeting(NameMode.PSEUDONYM)))
    assert agenda.count("Persoon C (mogelijke dader)") == 2


def test_initials_mode_uses_initials_and_birth_years() -> None:
    text = text_of(documents.render_handover_sheet(ex.handover_sheet(NameMode.INITIALS)))
    assert "M.W. vertelde" in text
    assert "I.P." in text and "С.К." in text and "U.S. B.V." in text
    assert "1994" in text and "Locatie 1 (woning), 1234 Voorbeeld" in text


def test_metadata_holds_kind_and_reference_only() -> None:
    for mode in NameMode:
        for name, pdf in all_documents(mode).items():
            meta = PdfReader(io.BytesIO(pdf)).metadata
            assert meta.title in ("Overdrachtsformulier MH-2026-0042", "Agenda OVERLEG-1",
                                  "Verslag OVERLEG-1"), name
            assert not meta.author and not meta.subject
            assert not meta.get("/Keywords")
            blob = " ".join(str(v) for v in meta.values())
            assert not any(s in blob for s in SURNAMES + REPORTER_STRINGS)


def test_output_is_deterministic() -> None:
    data = ex.handover_sheet(NameMode.PSEUDONYM)
    assert documents.render_handover_sheet(data) == documents.render_handover_sheet(data)
    other = replace(data, copy=CopyMark(3, "Politie"))
    assert documents.render_handover_sheet(other) != documents.render_handover_sheet(data)


def test_fonts_are_embedded_and_no_base14_font_is_used() -> None:
    pdf = documents.render_handover_sheet(ex.handover_sheet(NameMode.FULL))
    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object()
    assert fonts and all("DejaVuSans" in f for f in fonts)


def _long_signal_data(mode: NameMode):
    data = ex.handover_sheet(mode)
    paragraph = ("De toezichthouder beschrijft de situatie in de woning en op het werk "
                 "uitvoerig, met tijden, kentekens en wat bewoners vertelden. ") * 6
    description = "\n\n".join(f"Alinea {i:03d}. {paragraph}" for i in range(1, 141))
    parties = [Party(signal_id=1, id=100 + i, kind=PartyKind.PERSON,
                     role=PartyRole.POSSIBLE_VICTIM, name=f"Testpersoon{i:02d} Achternaam{i:02d}",
                     date_of_birth=date(1990, 1, 1 + i % 28), nationality="Pools",
                     notes=("Zeer lange toelichting. " * 400) if i == 7 else "")
               for i in range(1, 41)]
    return replace(data, signal=replace(data.signal, description=description), parties=parties)


def test_twenty_page_description_and_forty_parties_flow_over_pages() -> None:
    data = _long_signal_data(NameMode.FULL)
    texts = pages(documents.render_handover_sheet(data))
    assert len(texts) >= 20
    text = "\n".join(texts)
    for i in range(1, 141):  # nothing clipped: every paragraph made it
        assert f"Alinea {i:03d}." in text
    for i in range(1, 41):
        assert f"Testpersoon{i:02d} Achternaam{i:02d}" in text
    assert text.count("Zeer lange") == 400  # a note longer than a page, not clipped
    assert "Toelichting bij Testpersoon07 Achternaam07" in text
    for number, page in enumerate(texts, 1):
        assert f"Pagina {number} van {len(texts)}" in page
        assert "Kenmerk MH-2026-0042" in page
    assert "Terugkoppeling gevraagd vóór 22 december 2026" in " ".join(texts[-2:])
    assert "Anna Voorbeeld" in texts[-1]  # the contact block closes the sheet


def test_forty_pseudonyms_run_past_z() -> None:
    text = text_of(documents.render_handover_sheet(_long_signal_data(NameMode.PSEUDONYM)))
    assert "Persoon Z" in text and "Persoon AN" in text  # 40 persons: A..Z, AA..AN
    assert "Achternaam" not in text and "Testpersoon" not in text


def test_first_pages_render_to_png_for_a_look() -> None:
    """Poppler (a second PDF reader) must render every document; the PNGs in
    test-artifacts/ are for looking at (see docs/documents.md)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    docs = {f"handover-{m}": documents.render_handover_sheet(ex.handover_sheet(m))
            for m in NameMode}
    docs["agenda"] = documents.render_agenda(ex.meeting())
    docs["minutes"] = documents.render_minutes(ex.meeting(decided=True))
    docs["letter"] = documents.render_feedback_letter(ex.feedback_letter())
    docs["handover-scripts"] = documents.render_handover_sheet(
        _with_party(NameMode.FULL, f"{CHINESE} {KOREAN}"))
    for name, pdf in docs.items():
        target = ARTIFACTS / f"documents-{name}.pdf"
        target.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                        str(target), str(ARTIFACTS / f"documents-{name}")], check=True,
                       capture_output=True, timeout=60)
        png = ARTIFACTS / f"documents-{name}.png"
        assert png.stat().st_size > 5_000


def test_an_arabic_name_is_never_split_over_two_lines() -> None:
    # Wrapped, the surname would print first; short runs get no-break spaces.
    shown = visual("سمير الحداد")
    assert " " not in shown and "\u00a0" in shown
    long_note = "هذا نص طويل جدا " * 10
    assert " " in visual(long_note)  # long runs may still wrap (documented limit)


def test_closing_blocks_render_wherever_the_page_ends() -> None:
    """Whatever the length of the description, the kept-together closing blocks
    ("Gevraagde actie", "Contact") land somewhere on the page; a heading that refused a
    spot its block had measured as free stopped the layout (LayoutError, seen on 1 in 20
    demo signals)."""
    data = ex.handover_sheet(NameMode.PSEUDONYM)
    for lines in range(0, 48):
        description = "\n\n".join(f"Regel {i}." for i in range(lines))
        pdf = documents.render_handover_sheet(
            replace(data, signal=replace(data.signal, description=description)))
        text = text_of(pdf)
        assert "Terugkoppeling gevraagd vóór" in text and "Anna Voorbeeld" in text, lines


def test_meeting_blocks_render_wherever_the_page_ends() -> None:
    meeting = ex.meeting(NameMode.PSEUDONYM, decided=True)
    for lines in range(0, 48, 2):
        notes = "\n\n".join(f"Afspraak {i}." for i in range(lines))
        data = replace(meeting, meeting=replace(meeting.meeting, notes=notes))
        assert "Actielijst" in text_of(documents.render_minutes(data)), lines
        assert "Rondvraag" in text_of(documents.render_agenda(data)), lines


def _footer_runs(pdf: bytes) -> list[tuple[str, float, float]]:
    """(text, x, y) of the text drawn in the bottom 25 mm of page 1."""
    runs: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
        if text.strip() and y < 25 * 72 / 25.4:
            runs.append((text.strip(), x, y))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_a_long_recipient_never_runs_into_the_page_number() -> None:
    recipient = "Politie – AVIM (Vreemdelingenpolitie, Identificatie en Mensenhandel)"
    data = ex.handover_sheet(NameMode.PSEUDONYM)
    pdf = documents.render_handover_sheet(data, [CopyMark(7, recipient)])
    runs = _footer_runs(pdf)
    copy = [r for r in runs if r[0].startswith("Exemplaar 7")]
    page = [r for r in runs if r[0].startswith("Pagina 1 van")]
    assert copy and page
    assert copy[0][0] == f"Exemplaar 7 — voor: {recipient}"  # whole, not cut
    assert abs(copy[0][2] - page[0][2]) > 5  # on its own line, not next to "Pagina"
    # an absurdly long recipient is made smaller or cut, never drawn past the margin
    from mensenhandel_desk.documents.layout import fit_line
    from mensenhandel_desk.documents.styles import FONT_BOLD, register_fonts
    register_fonts()
    shown, size = fit_line("Exemplaar 1 — voor: " + "Zorgcoördinator " * 30, FONT_BOLD, 7.5,
                           400)
    assert size >= 5.5 and shown.endswith("…")
    from reportlab.pdfbase.pdfmetrics import stringWidth
    assert stringWidth(shown, FONT_BOLD, size) <= 400


@pytest.mark.parametrize("mode", list(NameMode))
def test_reporter_team_is_scrubbed_in_its_own_signal_only(mode: NameMode) -> None:
    """The reporter's team goes from the text of the signal they reported and from the
    general notes; as the action holder of another signal it stays readable (it was
    "[weggelaten]" on every line of the demo minutes' action list)."""
    team = "Team Handhaving Noord"
    data = ex.meeting(mode, decided=True)
    first, second = data.entries
    data = replace(data, meeting=replace(data.meeting, notes=f"Aanwezig: {team}."), entries=[
        replace(first, item=replace(first.item, action_holder=team,
                                    decision=f"{team} gaat langs.")),
        replace(second, item=replace(second.item, action_holder=team))])
    text = text_of(documents.render_minutes(data))
    assert f"{team} gaat langs" not in text and "Aanwezig: [weggelaten]" in text
    rows = text.split("Actielijst")[1].split("Gereed vóór", 1)[1].split("MH-")[1:]
    assert len(rows) == 2
    assert team not in rows[0] and "[weggelaten]" in rows[0] and team in rows[1]
    for secret in REPORTER_STRINGS[:3] + REPORTER_STRINGS[4:]:
        assert secret not in text


CHINESE = "王小明"  # fictitious, like every name in the tests
KOREAN = "김민지"


def _with_party(mode: NameMode, name: str):
    """The sample sheet (Polish, Romanian, Cyrillic, Turkish, Arabic names) plus one
    witness with ``name``, also named in the requested action (free text)."""
    data = ex.handover_sheet(mode)
    party = Party(signal_id=1, id=50, kind=PartyKind.PERSON, role=PartyRole.WITNESS,
                  name=name, nationality="Chinees")
    return replace(data, parties=[*data.parties, party],
                   requested_action=f"Getuige {name} horen met een tolk Mandarijn.")


def _embedded_fonts(pdf: bytes) -> set[str]:
    """Base names of the fonts the pages use; each must be embedded (FontFile2)."""
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object()
            fonts.add(str(font["/BaseFont"]))
    return fonts


def test_a_chinese_name_prints_in_the_fallback_font() -> None:
    """DejaVu has no Chinese glyphs: runs it lacks are set in the shipped fallback font,
    so the partner reads the name instead of empty boxes, and nothing is warned about."""
    with glyph_check() as missing:
        pdf = documents.render_handover_sheet(_with_party(NameMode.FULL, CHINESE))
    assert missing == set()
    text = text_of(pdf)
    assert f"{CHINESE} Persoon, getuige" in text  # the parties table
    assert f"Getuige {CHINESE} horen met een tolk" in text  # free text
    assert "Małgorzata Wiśniewska" in text and "Стоян Колев" in text
    fonts = _embedded_fonts(pdf)
    assert any("DroidSansFallback" in f for f in fonts)
    assert any("DejaVuSans" in f for f in fonts)


def test_the_fallback_font_is_embedded_only_when_needed() -> None:
    # pseudonym mode prints no names: the Chinese name never reaches the page
    pdf = documents.render_handover_sheet(_with_party(NameMode.PSEUDONYM, CHINESE))
    assert CHINESE not in text_of(pdf)
    assert all("DejaVuSans" in f for f in _embedded_fonts(pdf))
    plain = documents.render_handover_sheet(ex.handover_sheet(NameMode.FULL))
    assert all("DejaVuSans" in f for f in _embedded_fonts(plain))


def test_hangul_prints_and_what_neither_font_has_is_still_reported() -> None:
    with glyph_check() as missing:
        pdf = documents.render_handover_sheet(
            _with_party(NameMode.FULL, f"{KOREAN} สมชาย {CHINESE}"))
    assert missing == set("สมชาย")  # Thai: still boxes, so the officer is warned
    assert KOREAN in text_of(pdf) and CHINESE in text_of(pdf)


def test_text_drawn_on_the_canvas_uses_the_fallback_too() -> None:
    """The bold copy line in the footer and the letter's window address are drawn
    directly on the canvas, not as paragraphs."""
    recipient = f"Tolk {CHINESE} (Mandarijn)"
    pdf = documents.render_handover_sheet(ex.handover_sheet(NameMode.PSEUDONYM),
                                          [CopyMark(4, recipient)])
    runs = _footer_runs(pdf)
    start = [r for r in runs if r[0].startswith("Exemplaar 4")]
    assert start
    # three runs (DejaVu, fallback, DejaVu), left to right on one baseline
    line = sorted((r for r in runs if abs(r[2] - start[0][2]) < 0.1), key=lambda r: r[1])
    assert " ".join(r[0] for r in line) == f"Exemplaar 4 — voor: {recipient}"
    assert [r[1] for r in line] == sorted({r[1] for r in line}) and len(line) == 3
    letter = replace(ex.feedback_letter(), address_lines=[CHINESE, "Team Handhaving Noord",
                                                          "Postbus 1", "1000 AA Voorbeeld"])
    with glyph_check() as missing:
        pdf = documents.render_feedback_letter(letter)
    assert missing == set() and CHINESE in text_of(pdf)
    assert any("DroidSansFallback" in f for f in _embedded_fonts(pdf))
