"""Never a network connection (issue 11): a whole session with sockets forbidden, and no
code in the app that could phone home (no telemetry, no update check, no downloads).

The local single-instance channel (``QLocalServer``/``QLocalSocket``: a Unix socket file or
a Windows named pipe) is the one socket-like thing the app uses; it never leaves the machine
and lives in Qt's C++, outside what is patched here.
"""

from __future__ import annotations

import io
import re
import socket
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from mensenhandel_desk.domain.enums import (
    EnrichmentResult,
    EnrichmentSource,
    NameMode,
    PartyKind,
    PartyRole,
)
from mensenhandel_desk.domain.models import (
    EnrichmentNote,
    Meeting,
    MeetingItem,
    Party,
    SignalFilter,
)
from mensenhandel_desk.services import backup, demo
from mensenhandel_desk.services.session import create_vault, open_vault
from tests.conftest import PASSPHRASE, make_reporter, make_signal

SRC = Path(__file__).resolve().parent.parent / "src" / "mensenhandel_desk"


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way Python opens a connection or resolves a name raises; the attempts are
    also recorded, in case some code swallows the exception."""
    attempts: list[str] = []

    def forbidden(name: str):
        def refuse(*args, **kwargs):
            attempts.append(name)
            raise NetworkUsed(f"network access: socket.{name}{args!r}")
        return refuse

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname",
                 "gethostbyname_ex", "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, forbidden(name))
    return attempts


def test_the_patch_really_forbids_sockets(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.invalid", 443))
    with pytest.raises(NetworkUsed):
        socket.getaddrinfo("example.invalid", 443)
    assert no_network == ["socket", "create_connection", "getaddrinfo"]


def test_a_whole_session_without_network(tmp_path: Path, no_network: list[str]) -> None:
    path = tmp_path / "kluis.mhd"
    # create, with demo data and the seeded checklist and partners
    with create_vault(path, PASSPHRASE) as services:
        demo.generate(services, count=30)
    # unlock
    services = open_vault(path, PASSPHRASE)
    try:
        # search (full text and a filter)
        everything = services.signals.page(SignalFilter(), limit=50)
        assert everything.rows
        first = everything.rows[0]
        word = first.summary.split()[0]
        found = services.signals.page(SignalFilter(text=word), limit=50)
        assert any(row.id == first.id for row in found.rows)
        assert services.signals.count(SignalFilter(open_only=True)) >= 0
        # edit: a new signal with a party and an enrichment note
        signal = services.signals.create(make_signal(summary="Netwerkloos signaal"),
                                         make_reporter())
        party, _matches = services.signals.add_party(Party(
            signal_id=signal.id, kind=PartyKind.PERSON, role=PartyRole.POSSIBLE_VICTIM,
            name="Małgorzata Wiśniewska", date_of_birth=date(1990, 4, 3)))
        services.signals.add_note(EnrichmentNote(
            signal_id=signal.id, noted_on=date(2026, 10, 2), source=EnrichmentSource.BRP,
            result=EnrichmentResult.FOUND, text="Negen personen ingeschreven."))
        dossier = services.signals.dossier(signal.id)
        assert [p.name for p in dossier.parties] == [party.name]
        assert services.signals.page(SignalFilter(text="Netwerkloos")).rows[0].id == signal.id
        # documents: a handover sheet, a feedback letter and a meeting agenda
        sheet = services.documents.handover_sheet(signal.reference, "zorgcoordinator",
                                                  NameMode.FULL)
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.pdf)).pages)
        assert "Wiśniewska" in text
        letter = services.documents.feedback_letter(signal.reference)
        assert letter.pdf.startswith(b"%PDF-")
        meeting = services.meetings.create(Meeting(held_on=date(2026, 12, 1),
                                                   title="Ondermijningsoverleg"))
        services.meetings.add_item(MeetingItem(meeting_id=meeting.id, signal_id=signal.id))
        assert services.documents.agenda(meeting.id).pdf.startswith(b"%PDF-")
        # backup
        result = backup.backup_to(services, tmp_path / "kopie.mhdbak")
        assert result.path.exists()
    finally:
        # lock (with the automatic backup: something changed)
        services.lock()
    assert services.locked
    # and it all opens again
    with open_vault(path, PASSPHRASE) as again:
        assert again.signals.page(SignalFilter(text="Netwerkloos")).rows
    assert no_network == []


@pytest.mark.slow
def test_the_desktop_self_test_without_network(qapp, no_network: list[str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The packaged app's --self-test, in this process: the main window on a throwaway demo
    vault, unlock, register, one handover sheet, lock."""
    from mensenhandel_desk.ui.self_test import self_test

    assert self_test() == 0, capsys.readouterr().out
    assert "self-test passed" in capsys.readouterr().out
    assert no_network == []


# --- nothing in the code that could reach out -------------------------------------------------
FORBIDDEN_IMPORTS = re.compile(
    r"^\s*(?:import|from)\s+(socket|ssl|urllib\.request|urllib3|http\.client|http\.server|"
    r"requests|httpx|aiohttp|ftplib|smtplib|imaplib|poplib|xmlrpc|webbrowser|"
    r"sentry_sdk|telemetry|PySide6\.QtWebEngine\w*|PySide6\.QtWebSockets)\b",
    re.MULTILINE)
FORBIDDEN_NAMES = re.compile(
    r"\b(QNetworkAccessManager|QNetworkRequest|QTcpSocket|QUdpSocket|QSslSocket|QDnsLookup|"
    r"QHostInfo|QTcpServer|QDesktopServices|urlopen|create_connection|getaddrinfo|"
    r"update_check|check_for_updates?|telemetry|analytics)\b", re.IGNORECASE)
# XML namespace names (an SVG's xmlns="http://www.w3.org/2000/svg") are identifiers, never
# fetched; any other address in the code is a finding.
URL = re.compile(r"\b(?:https?|ftp|wss?)://(?!www\.w3\.org/)", re.IGNORECASE)


def sources() -> list[Path]:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 50  # the scan really sees the app
    return files


def test_no_network_code_in_the_app() -> None:
    problems = []
    for path in sources():
        text = path.read_text(encoding="utf-8")
        for pattern in (FORBIDDEN_IMPORTS, FORBIDDEN_NAMES, URL):
            problems += [f"{path.relative_to(SRC)}: {m.group(0).strip()}"
                         for m in pattern.finditer(text)]
    assert problems == []


def test_qt_network_only_for_the_local_single_instance_channel() -> None:
    users = {path.relative_to(SRC).as_posix(): path.read_text(encoding="utf-8")
             for path in sources() if "QtNetwork" in path.read_text(encoding="utf-8")}
    assert set(users) <= {"ui/start/single_instance.py", "ui/start/__init__.py"}
    for text in users.values():
        imported = re.findall(r"from PySide6\.QtNetwork import ([\w, ]+)", text)
        assert all(name.strip() in {"QLocalServer", "QLocalSocket"}
                   for line in imported for name in line.split(","))


def test_no_url_in_the_shipped_resources() -> None:
    """Seed data, letter templates and translations are on disk: nothing to fetch (the
    font licences' source addresses are text for people, not fetched)."""
    root = SRC.parent.parent / "resources"
    hits = [f"{path.relative_to(root)}" for path in root.rglob("*")
            if path.is_file() and path.suffix in {".yaml", ".txt", ".po"}
            and path.relative_to(root).parts[0] != "fonts"
            and URL.search(path.read_text(encoding="utf-8"))]
    assert hits == []
