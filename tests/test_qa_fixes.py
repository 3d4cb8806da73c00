"""Fixes after the QA walk-through (helper fix-A): each test failed before its fix."""

from __future__ import annotations

from datetime import date

from mensenhandel_desk.domain.enums import (
    HandoverChannel,
    NameMode,
    SharedDataKind,
    SharingBasis,
)
from mensenhandel_desk.domain.models import Handover
from mensenhandel_desk.services.session import Services
from tests.test_documents_service import PARTY_NAMES, populate, text_of

SHARED = {SharedDataKind.DESCRIPTION, SharedDataKind.INDICATORS, SharedDataKind.ADDRESSES}


# --- 1. the handover sheet holds only what the handover shares ---------------------------
def test_sheet_for_a_recorded_handover_leaves_out_what_was_not_shared(
        services: Services) -> None:
    reference = populate(services)
    signal = services.signals.by_reference(reference)
    handover = services.handovers.record(Handover(
        signal_id=signal.id, partner_key="nla", handed_over_on=date(2026, 11, 20),
        channel=HandoverChannel.SECURE_EMAIL, basis=SharingBasis.LEGAL_GROUND,
        legal_ground="art. 6 lid 1 sub e AVG", shared_data=set(SHARED),
        name_mode=NameMode.FULL))
    text = text_of(services.documents.handover_sheet(
        reference, "nla", NameMode.FULL, handover_id=handover.id).pdf)
    assert "Negen personen ingeschreven" not in text and "BRP" not in text
    for name in PARTY_NAMES:
        for part in name.split():
            assert part not in text, part
    assert "Niet gedeeld bij deze overdracht." in text
    assert "Voorbeeldstraat" in text  # addresses were shared
    assert "Zorgen over huisvesting" in text  # the description was shared


def test_sheet_before_the_handover_follows_the_officers_choice_and_is_recorded_so(
        services: Services) -> None:
    reference = populate(services)
    chosen = {SharedDataKind.DESCRIPTION, SharedDataKind.ENRICHMENT}
    text = text_of(services.documents.handover_sheet(
        reference, "nla", NameMode.FULL, shared=chosen, preview=True).pdf)
    assert "Negen personen ingeschreven" in text
    assert "Voorbeeldstraat" not in text and "1234 AB" not in text
    assert "Małgorzata" not in text
    handover = services.documents.confirm_handover_sent(
        reference, "nla", NameMode.FULL, legal_ground="art. 6 lid 1 sub e AVG",
        shared=chosen)
    assert handover.shared_data == chosen


def test_sheet_without_a_choice_shares_what_confirming_would_record(
        services: Services) -> None:
    reference = populate(services)
    text = text_of(services.documents.handover_sheet(
        reference, "nla", NameMode.PSEUDONYM, preview=True).pdf)
    assert "Negen personen ingeschreven" in text  # enrichment is shared by default
    assert "Persoon A" in text  # names in the description as pseudonyms
    handover = services.documents.confirm_handover_sent(
        reference, "nla", NameMode.PSEUDONYM, legal_ground="art. 6 lid 1 sub e AVG")
    assert SharedDataKind.IDENTITY not in handover.shared_data


# --- 4. the audit trail viewer speaks Dutch --------------------------------------------
def test_every_audit_action_object_and_known_detail_is_shown_in_dutch() -> None:
    from mensenhandel_desk.services.audit import Action
    from mensenhandel_desk.ui.tools import audit as viewer

    actions = [value for name, value in vars(Action).items() if name.isupper()]
    for action in actions:
        shown = viewer.action_label(action)
        assert shown not in (action, viewer.ACTION_LABELS.get(action)), action
    assert viewer.action_label("backup") == "Back-up"
    assert viewer.action_label("document") == "Document gemaakt"
    objects = {"vault": "kluis", "settings": "instellingen", "inzage": "inzageverzoek",
               "regional_secret": "regionale sleutel voor de monitoring",
               "register": "register", "activity:4": "activiteit 4",
               "checklist:2": "signalenkaart versie 2", "partner:nla": "partner nla"}
    for key, dutch in objects.items():
        assert viewer.object_label(key) == dutch
    for key in viewer.OBJECT_LABELS:
        assert viewer.object_label(key) != key or key in ("monitoring", "register"), key
    details = {
        "handover_sheet to=nla copy=2 names=pseudonym":
            "overdrachtsformulier voor nla, exemplaar 2, namen: pseudoniemen",
        "agenda to=overleg copy=1-6 names=initials signals=3":
            "agenda voor overleg, exemplaar 1-6, namen: initialen",
        "handover to nla": "overdracht aan nla",
        "on agenda OVERLEG-3": "op de agenda van OVERLEG-3",
        "no_trafficking: 60 months": "bewaartermijn (afgesloten: geen mensenhandel): "
                                     "60 maanden",
        "xlsx: 12 signals": "register geëxporteerd (xlsx): 12 signalen",
        "draft discarded": "concept verworpen",
        "contact removed": "contactpersoon verwijderd",
        "automatic backup": "automatische back-up",
    }
    for key, dutch in details.items():
        assert viewer.detail_label(key) == dutch, key
    for key, source in viewer.DETAIL_LABELS.items():
        if source not in ("indicator",):  # the same word in Dutch
            assert viewer.detail_label(key) != source, key


# --- 7. no English "legal hold" on screen or in the destruction declaration ---------------
def test_legal_hold_is_dutch_on_screen_and_in_the_destruction_declaration(
        services: Services) -> None:
    from mensenhandel_desk.i18n import _, po_files

    assert _("Legal hold") == "Bewaarplicht"
    for po in po_files("nl"):
        for line in po.read_text(encoding="utf-8").splitlines():
            if line.startswith("msgstr"):
                assert "legal hold" not in line.lower(), (po.name, line)

    class Gone:
        reference, received_on, closed_on = "MH-2024-0001", date(2024, 1, 5), date(2024, 2, 1)

    text = text_of(services.documents.destruction_declaration(
        [Gone()], date(2026, 11, 24), preview=True).pdf)
    assert "bewaarplicht" in text and "legal hold" not in text.lower()


# --- 11. the log is the officer's only -----------------------------------------------------
def test_the_log_file_and_folder_are_owner_only() -> None:
    import os
    import stat

    from mensenhandel_desk import crash, paths

    logs = paths.data_dir() / "logs"
    logs.mkdir(parents=True, mode=0o755)  # as an older version left them
    os.chmod(logs, 0o755)
    (logs / crash.LOG_NAME).write_text("", encoding="utf-8")
    os.chmod(logs / crash.LOG_NAME, 0o644)
    saved = list(crash.log.handlers)
    for handler in saved:
        crash.log.removeHandler(handler)
    try:
        crash.setup_logging()
        crash.log.info("test")
        assert stat.S_IMODE(os.stat(logs).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(logs / crash.LOG_NAME).st_mode) == 0o600
    finally:
        for handler in list(crash.log.handlers):
            crash.log.removeHandler(handler)
            handler.close()
        for handler in saved:
            crash.log.addHandler(handler)
