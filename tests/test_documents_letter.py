"""The feedback letter's layout, measured in millimetres in the PDF: the address must sit
in the window of a standard window envelope wherever the municipality configures it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from mensenhandel_desk import documents
from mensenhandel_desk.documents import examples as ex
from mensenhandel_desk.documents import feedback_letter as fl
from mensenhandel_desk.documents import styles as st
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.services.session import Services
from tests.test_documents_service import populate

MM = 72 / 25.4
PAGE_HEIGHT_MM = 297.0


def placed_text(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """(text, left mm, baseline mm from the top, font size) of every text run on page 1."""
    found: list[tuple[str, float, float, float]] = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        found.append((text.strip(), x / MM, PAGE_HEIGHT_MM - y / MM, size * tm[0] * cm[0]))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def _field_check(pdf: bytes, lines: list[str], left: float, top: float,
                 return_address: str) -> None:
    runs = placed_text(pdf)

    def in_field(text: str) -> tuple[float, float, float]:
        """The run of ``text`` within the window (the municipality's name, say, also
        appears in the letterhead)."""
        hits = [(x, y, size) for t, x, y, size in runs
                if t == text and top - 1 <= y <= top + fl.ADDRESS_HEIGHT_MM + 5
                and left - 1 <= x < left + fl.ADDRESS_WIDTH_MM]
        assert len(hits) == 1, text
        return hits[0]

    ret = in_field(return_address)
    assert ret[0] == pytest.approx(left, abs=0.2)
    assert top <= ret[1] - ret[2] / MM * 0.8  # cap height of the small line inside the field
    baselines = []
    for line in lines:
        x, y, size = in_field(line)
        assert x == pytest.approx(left, abs=0.2), line
        assert top < y <= top + fl.ADDRESS_HEIGHT_MM - 1.0, line  # descenders stay inside
        width = stringWidth(line, st.FONT, size) / MM
        assert x + width <= left + fl.ADDRESS_WIDTH_MM, line
        baselines.append(y)
    assert ret[1] < min(baselines)  # return address above the addressee
    assert baselines == sorted(baselines)
    # Nothing else shows through the window.
    for text, x, y, _size in runs:
        if ((text in lines or text == return_address) and top - 1 <= y <= top + 40
                and x < left + 1):
            continue
        inside = left - 1 <= x <= left + fl.ADDRESS_WIDTH_MM and top - 1 <= y <= top + 36
        assert not inside, text


@pytest.mark.parametrize(("left", "top"), [(20.0, 50.0), (22.0, 45.0), (25.0, 48.5),
                                           (10.0, 25.0), (46.0, 60.0), (110.0, 50.0),
                                           (76.0, 40.0)])
def test_address_block_sits_in_the_window(left: float, top: float) -> None:
    data = ex.feedback_letter(left_mm=left, top_mm=top)
    pdf = documents.render_feedback_letter(data)
    _field_check(pdf, data.address_lines, left, top, data.letterhead.return_address)


def test_address_block_follows_the_settings(services: Services) -> None:
    reference = populate(services)
    settings = services.settings.get()
    settings.address_block_left_mm, settings.address_block_top_mm = 24.0, 46.0
    settings.officer_name = "Anna Voorbeeld"
    services.settings.save(settings)
    pdf = services.documents.feedback_letter(reference).pdf
    lines = ["Wilhelmina Zuidervaart-Testmelder", "Team Handhaving Noord", "Gemeente Voorbeeld",
             "Postbus 1", "1000 AA Voorbeeld"]
    _field_check(pdf, lines, 24.0, 46.0, settings.return_address)


def test_letter_reference_lines_and_signature() -> None:
    pdf = documents.render_feedback_letter(ex.feedback_letter())
    runs = placed_text(pdf)
    labels = {text: y for text, _x, y, _s in runs}
    assert labels["Datum"] < labels["Ons kenmerk"] < labels["Betreft"]
    assert labels["Datum"] > 85  # below the address window
    salutation = next(y for text, _x, y, _s in runs if text.startswith("Beste "))
    assert salutation - labels["Betreft"] >= 10  # a few blank lines below "Betreft"
    text = " ".join(t for t, *_ in runs)
    assert "24 november 2026" in text and "Anna Voorbeeld" in text
    assert "Aandachtsfunctionaris mensenhandel" in text
    assert "Retouradres: Postbus 1, 1000 AA Voorbeeld" in text


def test_long_letter_continues_on_a_second_page() -> None:
    data = ex.feedback_letter()
    data.body = "\n\n".join(f"Alinea {i}. " + "Tekst van de brief. " * 30 for i in range(12))
    reader = PdfReader(io.BytesIO(documents.render_feedback_letter(data)))
    assert len(reader.pages) >= 2
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Alinea 11." in text and "Met vriendelijke groet" in text
    assert f"Pagina 2 van {len(reader.pages)}" in text


def test_a_position_outside_the_window_range_is_refused(services: Services) -> None:
    reference = populate(services)
    settings = services.settings.get()
    settings.address_block_top_mm = 120.0  # would run into the letter's text
    services.settings.save(settings)
    with pytest.raises(ValidationError) as info:
        services.documents.feedback_letter(reference)
    assert info.value.code == "address_block_position"
    assert "vensterenvelop" in info.value.message


def test_long_addresses_drop_the_municipality_then_refuse(services: Services) -> None:
    reference = populate(services)
    settings = services.settings.get()
    settings.letterhead_address = "Stadskantoor\nPostbus 1\n1000 AA Voorbeeld"
    services.settings.save(settings)
    text = placed_text(services.documents.feedback_letter(reference).pdf)
    window = [t for t, x, y, _s in text if x < 30 and 50 < y < 85 and not t.startswith("Retour")]
    assert window == ["Wilhelmina Zuidervaart-Testmelder", "Team Handhaving Noord",
                      "Stadskantoor", "Postbus 1", "1000 AA Voorbeeld"]
    settings.letterhead_address = "Stadskantoor\nAfdeling Post\nPostbus 1\n1000 AA Voorbeeld"
    services.settings.save(settings)
    with pytest.raises(ValidationError) as info:
        services.documents.feedback_letter(reference)
    assert info.value.code == "address_too_long"


def test_a_long_line_is_set_smaller_to_stay_in_the_window() -> None:
    data = ex.feedback_letter()
    data.address_lines[1] = "Team Toezicht en Handhaving Openbare Ruimte Noord-Oost"
    assert fl.address_fits(data.address_lines)
    pdf = documents.render_feedback_letter(data)
    _field_check(pdf, data.address_lines, 20.0, 50.0, data.letterhead.return_address)


@pytest.mark.parametrize(("left", "top", "logo", "fits"), [
    (60.0, 50.0, False, False),  # the field would cover the side column at 138 mm
    (100.0, 50.0, False, True),  # window on the right: side column moves left
    (20.0, 25.0, True, False),  # the logo would show through the window
    (20.0, 40.0, True, True), (100.0, 25.0, True, True)])
def test_window_positions_that_cover_the_letterhead_are_refused(
        services: Services, left: float, top: float, logo: bool, fits: bool,
        tmp_path) -> None:
    """Every accepted position passed the range check before, but 60 mm put the address
    over the letterhead's side column ("Postbus 1" showed through the window)."""
    assert fl.position_fits(left, top, logo) is fits
    reference = populate(services)
    settings = services.settings.get()
    settings.address_block_left_mm, settings.address_block_top_mm = left, top
    if logo:
        from PIL import Image

        logo_file = tmp_path / "logo.png"
        Image.new("RGB", (200, 80), (20, 60, 140)).save(logo_file)
        settings.letterhead_logo = str(logo_file)
    services.settings.save(settings)
    if not fits:
        with pytest.raises(ValidationError) as info:
            services.documents.feedback_letter(reference)
        assert info.value.code == "address_block_position"
        return
    pdf = services.documents.feedback_letter(reference).pdf
    lines = ["Wilhelmina Zuidervaart-Testmelder", "Team Handhaving Noord", "Gemeente Voorbeeld",
             "Postbus 1", "1000 AA Voorbeeld"]
    _field_check(pdf, lines, left, top, settings.return_address)
