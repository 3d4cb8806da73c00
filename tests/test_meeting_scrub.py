"""Meeting documents scrub the meeting's own free text like a signal's free text.

Found when tried: the reporter's name typed into a meeting's title, place or attendee
list was printed on the agenda and minutes in every name mode, and party names typed
there were not pseudonymised. Now every piece of meeting text (title, place, attendees,
general notes, item notes, decisions, action holders) goes through the document's one
``NameMasker``: the reporter never prints; parties print per name mode. And the service
warns when the attendee list names a reporter of a signal on the agenda.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pypdf
import pytest

from mensenhandel_desk.domain.enums import NameMode, PartyKind, PartyRole
from mensenhandel_desk.domain.models import Meeting, Party
from mensenhandel_desk.services.clock import fixed_clock
from mensenhandel_desk.services.session import create_vault
from tests.conftest import NOW, PASSPHRASE, make_reporter, make_signal

REPORTER = make_reporter()  # Wilhelmina Zuidervaart-Testmelder, coordinator Gerrit Coördinatorsma
REPORTER_TRACES = ("Wilhelmina", "Zuidervaart", "Testmelder", "Coördinatorsma",
                   "Coordinatorsma", "w.zuidervaart@example.invalid")
PERSON = "Piotr Kowalczyk-Fictief"
ORGANISATION = "Kasteelt Verzonnen B.V."
OTHER_PERSON = "Ioana Marinescu-Testpersoon"


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    """One vault for the module: two signals (one with a reporter) on one meeting whose
    free text names the reporter, the reporter's coordinator and the parties."""
    with pytest.MonkeyPatch.context() as mp:
        base = tmp_path_factory.mktemp("scrub")
        mp.setenv("MHD_DATA_DIR", str(base / "data"))
        mp.setenv("MHD_CONFIG_DIR", str(base / "config"))
        mp.setenv("MHD_POLICY_FILE", str(base / "policy.json"))
        services = create_vault(base / "kluis.mhd", PASSPHRASE, clock=fixed_clock(NOW))
        first = services.signals.create(make_signal(summary="Arbeidsmigranten in kas"),
                                        reporter=REPORTER)
        services.signals.add_party(Party(signal_id=first.id, kind=PartyKind.PERSON,
                                         role=PartyRole.POSSIBLE_VICTIM, name=PERSON))
        services.signals.add_party(Party(signal_id=first.id, kind=PartyKind.ORGANISATION,
                                         role=PartyRole.POSSIBLE_PERPETRATOR,
                                         name=ORGANISATION))
        second = services.signals.create(make_signal(summary="Bus om vijf uur"))
        services.signals.add_party(Party(signal_id=second.id, kind=PartyKind.PERSON,
                                         role=PartyRole.POSSIBLE_VICTIM, name=OTHER_PERSON))
        planned = services.meetings.plan(Meeting(
            held_on=date(2026, 12, 1),
            title="Overleg Zuidervaart-Testmelder over Kowalczyk-Fictief",
            place="Kamer van Wilhelmina, Kasteelt Verzonnen B.V.",
            notes="Gerrit Coördinatorsma belt Marinescu-Testpersoon na.",
            attendees=("Wilhelmina Zuidervaart-Testmelder, Team Handhaving Noord\n"
                       "Wijkagent Noord, politie\n"
                       "Tolk voor Piotr Kowalczyk-Fictief\n")), [first.id, second.id])
        items = services.meetings.items(planned.meeting_id)
        services.meetings.record_decision(
            items[0].id, "Kowalczyk-Fictief uitnodigen; Zuidervaart-Testmelder bedanken.",
            "Gerrit Coördinatorsma", date(2026, 12, 15),
            summary="Melding van Wilhelmina over Kasteelt Verzonnen B.V.")
        services.meetings.record_decision(
            items[1].id, "Marinescu-Testpersoon opvang aanbieden (Kowalczyk-Fictief ook).",
            "Wijkagent Noord")
        docs = {(kind, mode): _text(getattr(services.documents, kind)(
            planned.meeting_id, mode).pdf)
            for kind in ("agenda", "minutes") for mode in NameMode}
        warnings = services.meetings.attendee_warnings(planned.meeting_id)
        detail = services.meetings.detail(planned.meeting_id)
        yield {"docs": docs, "warnings": warnings, "detail": detail,
               "refs": (first.reference, second.reference)}
        services.close()


@pytest.mark.parametrize("mode", list(NameMode))
@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_the_reporter_never_prints_from_meeting_text(meeting, kind, mode) -> None:
    text = meeting["docs"][(kind, mode)]
    for trace in REPORTER_TRACES:
        assert trace not in text, f"{trace} on the {kind} ({mode})"
    # what the reporter's name was typed into is still there, just without the name
    assert "Wijkagent Noord, politie" in text
    assert "[weggelaten]" in text


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_full_names_print_in_full_mode(meeting, kind) -> None:
    text = meeting["docs"][(kind, NameMode.FULL)]
    assert "Tolk voor Piotr Kowalczyk-Fictief" in text
    assert "Kasteelt Verzonnen B.V." in text


@pytest.mark.parametrize("mode", [NameMode.INITIALS, NameMode.PSEUDONYM])
@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_party_names_in_meeting_text_follow_the_name_mode(meeting, kind, mode) -> None:
    text = meeting["docs"][(kind, mode)]
    for part in ("Piotr", "Kowalczyk", "Kasteelt", "Marinescu"):
        assert part not in text, f"{part} on the {kind} ({mode})"
    if mode is NameMode.PSEUDONYM:
        assert "Tolk voor Persoon A" in text  # the attendee line, pseudonymised
        assert "Organisatie A" in text  # the place
    else:
        assert "Tolk voor P.K.-F." in text or "Tolk voor P.K." in text
        assert "K.V. B.V." in text


def test_the_minutes_scrub_decisions_and_action_holders(meeting) -> None:
    text = meeting["docs"][("minutes", NameMode.PSEUDONYM)]
    assert "Persoon A uitnodigen; [weggelaten] bedanken." in text
    assert "Persoon B opvang aanbieden (Persoon A ook)." in text


def test_attendee_warning_names_the_signal_not_the_recorded_reporter(meeting) -> None:
    warnings = meeting["warnings"]
    first, second = meeting["refs"]
    assert warnings, "the attendee list names the reporter: the officer is warned"
    assert any(first in w and "Wilhelmina Zuidervaart-Testmelder, Team Handhaving Noord" in w
               for w in warnings)
    assert any("title or place" in w or "titel of plaats" in w for w in warnings)
    assert not any(second in w for w in warnings)  # that signal has no reporter
    joined = " ".join(warnings)
    # only what the officer typed is quoted: never the recorded coordinator or contact
    assert "Coördinatorsma" not in joined and "example.invalid" not in joined
    assert meeting["detail"].warnings == warnings


def test_no_warning_without_a_reporter_named(tmp_path, clock) -> None:
    with create_vault(tmp_path / "k.mhd", PASSPHRASE, clock=clock) as services:
        signal = services.signals.create(make_signal(), reporter=REPORTER)
        planned = services.meetings.plan(Meeting(
            held_on=date(2026, 12, 1), attendees="Wijkagent Noord, politie\nTeam Handhaving"),
            [signal.id])
        assert services.meetings.attendee_warnings(planned.meeting_id) == []
