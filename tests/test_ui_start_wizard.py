"""The first-start wizard: new vault on the worker, officer details in the vault, policy
minimum, existing vault, accessible fields. Dialogs patched, no sleeps."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QLineEdit, QWizard

from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.start import UnlockScreen
from mensenhandel_desk.ui.start.wizard import (
    CHOICE,
    NEW_VAULT,
    OFFICER,
    FirstStartWizard,
    character_kinds,
    strength_text,
)
from mensenhandel_desk.ui.worker import Worker
from tests.conftest import PASSPHRASE

WAIT_MS = 30_000


@pytest.fixture
def ctx(qapp, tmp_path: Path) -> Iterator[DeskContext]:
    worker = Worker()
    context = DeskContext(worker, tmp_path / "data" / "kluis.mhd")
    yield context

    def close() -> None:
        services, context._services = context._services, None
        if services is not None:
            services.close()

    worker.call(close, timeout=30)
    worker.shutdown()


@pytest.fixture
def wizard(qtbot, ctx: DeskContext) -> FirstStartWizard:
    w = FirstStartWizard(ctx)
    qtbot.addWidget(w)
    w.show()
    return w


def fill_new_vault(qtbot, wizard: FirstStartWizard, passphrase: str = PASSPHRASE,
                   repeat: str | None = None) -> None:
    page = wizard.new_page
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClicks(page.repeat, passphrase if repeat is None else repeat)


def test_wizard_creates_the_vault_and_stores_the_officer(qtbot, wizard: FirstStartWizard,
                                                        ctx: DeskContext, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    target = tmp_path / "gekozen" / "mijn-kluis.mhd"
    monkeypatch.setattr(FirstStartWizard, "ask_save_file", staticmethod(lambda *a: target))
    wizard.next()  # "Nieuwe kluis maken" is the default choice
    assert wizard.currentId() == NEW_VAULT
    assert wizard.new_page.location.text() == str(tmp_path / "data" / "kluis.mhd")
    wizard.new_page.browse.click()
    assert wizard.new_page.location.text() == str(target)
    fill_new_vault(qtbot, wizard)
    wizard.next()
    assert wizard.currentId() == OFFICER
    page = wizard.officer_page
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # municipality and name are needed
    qtbot.keyClicks(page.municipality, "Gemeente Testdam")
    qtbot.keyClicks(page.officer_name, "A. Testfunctionaris")
    qtbot.keyClicks(page.officer_phone, "0123-456789")
    qtbot.keyClicks(page.officer_email, "a.test@testdam.example")
    assert finish.isEnabled()
    with qtbot.waitSignal(wizard.accepted, timeout=WAIT_MS):
        finish.click()
        assert wizard.new_page.passphrase.text() == ""  # handed to the worker, dropped
        assert wizard.new_page.repeat.text() == ""
    assert wizard.created and wizard.vault_path == target and target.is_file()
    assert ctx.is_unlocked and ctx.vault_path == target
    settings = ctx.worker.call(lambda: ctx._services.settings.get())
    assert settings.municipality == "Gemeente Testdam"
    assert settings.officer_name == "A. Testfunctionaris"
    assert settings.officer_function == "Aandachtsfunctionaris mensenhandel"
    assert settings.officer_phone == "0123-456789"
    assert settings.officer_email == "a.test@testdam.example"
    # the vault opens with the passphrase typed in the wizard
    ctx.worker.call(lambda: ctx._services.close())
    open_vault(target, PASSPHRASE).close()


def test_too_short_passphrase_is_refused_with_the_policy_minimum(
        qtbot, ctx: DeskContext, tmp_path: Path) -> None:
    policy = Path(os.environ["MHD_POLICY_FILE"])
    policy.parent.mkdir(parents=True, exist_ok=True)
    policy.write_text(json.dumps({"min_passphrase_length": 24}), encoding="utf-8")
    wizard = FirstStartWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    short = "net te kort voor beleid"  # 23 characters, enough without the policy
    fill_new_vault(qtbot, wizard, short)
    assert "24" in wizard.new_page.strength.text()
    assert wizard.new_page.strength.text().startswith("Te kort")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()  # forced past the disabled button: validatePage still refuses
    assert wizard.currentId() == NEW_VAULT
    message = wizard.new_page.message.text()
    assert "24" in message and "wachtwoordzin" in message.lower()
    assert not wizard.new_page.message.isHidden()
    assert not ctx.worker.busy and not (tmp_path / "data" / "kluis.mhd").exists()


def test_mismatch_is_shown_live_and_refused(qtbot, wizard: FirstStartWizard) -> None:
    wizard.next()
    fill_new_vault(qtbot, wizard, PASSPHRASE, PASSPHRASE + "x")
    assert not wizard.new_page.mismatch.isHidden()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    assert wizard.currentId() == NEW_VAULT
    assert wizard.new_page.message.text() == wizard.new_page.mismatch.text()
    assert wizard.new_page.message.text() == "De wachtwoordzinnen zijn niet gelijk."


def test_existing_file_is_refused_before_the_worker(qtbot, wizard: FirstStartWizard,
                                                    tmp_path: Path) -> None:
    taken = tmp_path / "bezet.mhd"
    taken.write_bytes(b"iets")
    wizard.next()
    wizard.new_page.location.setText(str(taken))
    fill_new_vault(qtbot, wizard)
    wizard.next()
    assert wizard.currentId() == NEW_VAULT
    assert "bezet.mhd" in wizard.new_page.message.text()
    assert taken.read_bytes() == b"iets"


def test_open_existing_vault_finishes_with_its_path(qtbot, wizard: FirstStartWizard,
                                                   ctx: DeskContext, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    existing = tmp_path / "oud" / "kluis.mhd"
    create_vault(existing, PASSPHRASE).close()
    monkeypatch.setattr(FirstStartWizard, "ask_open_file", staticmethod(lambda *a: existing))
    wizard.choice_page.existing.setChecked(True)
    with qtbot.waitSignal(wizard.accepted):
        wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.vault_path == existing and not wizard.created
    assert not ctx.is_unlocked  # the unlock screen asks for the passphrase next


def test_cancelled_file_dialog_stays_on_the_choice(qtbot, wizard: FirstStartWizard,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FirstStartWizard, "ask_open_file", staticmethod(lambda *a: None))
    wizard.choice_page.existing.setChecked(True)
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.isVisible() and wizard.vault_path is None
    assert wizard.currentId() == CHOICE


def test_every_field_has_a_buddy_label_and_an_accessible_name(wizard: FirstStartWizard
                                                              ) -> None:
    wizard.next()
    wizard.next()  # no-op: the page is incomplete; the fields exist anyway
    buddies = {label.buddy() for page in (wizard.new_page, wizard.officer_page)
               for label in page.findChildren(QLabel) if label.buddy() is not None}
    for page in (wizard.new_page, wizard.officer_page):
        for edit in page.findChildren(QLineEdit):
            assert edit in buddies
            name = QAccessible.queryAccessibleInterface(edit).text(QAccessible.Text.Name)
            assert name and name == edit.accessibleName()
    assert wizard.new_page.passphrase.accessibleName() == "Wachtwoordzin"
    assert wizard.officer_page.municipality.accessibleName() == "Gemeente"


def test_strength_feedback_never_shows_the_passphrase() -> None:
    assert character_kinds("abc") == 1
    assert character_kinds("aB3 ") == 4
    text = strength_text("Paard Batterij Niet 42!", 12)
    assert "Paard" not in text and "23 tekens" in text and "sterk" in text
    assert strength_text("kort", 12).startswith("Te kort: 4 van minimaal 12")


def test_create_from_the_unlock_screen(qtbot, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    worker = Worker()
    existing = tmp_path / "kluizen" / "kluis.mhd"
    create_vault(existing, PASSPHRASE).close()
    context = DeskContext(worker, existing)
    screen = UnlockScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    try:
        screen.create_new.click()
        wizard = screen._wizard
        assert wizard.currentId() == NEW_VAULT  # no choice page here
        wizard.new_page.location.setText(str(tmp_path / "nieuw.mhd"))
        fill_new_vault(qtbot, wizard)
        wizard.next()
        qtbot.keyClicks(wizard.officer_page.municipality, "Gemeente Testdam")
        qtbot.keyClicks(wizard.officer_page.officer_name, "A. Testfunctionaris")
        with qtbot.waitSignal(screen.unlocked, timeout=WAIT_MS):
            wizard.button(QWizard.WizardButton.FinishButton).click()
        assert context.vault_path == tmp_path / "nieuw.mhd"
        assert screen.vault_name.text() == "nieuw.mhd"
    finally:
        worker.call(lambda: context._services and context._services.close(), timeout=30)
        worker.shutdown()


# --- tester's findings ---------------------------------------------------------------------
def test_next_only_with_a_long_enough_passphrase_typed_twice(qtbot,
                                                             wizard: FirstStartWizard) -> None:
    wizard.next()
    page = wizard.new_page
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    fill_new_vault(qtbot, wizard, "kort")
    assert page.strength.text() == "Te kort: 4 van minimaal 12 tekens."
    assert not page.isComplete() and not next_button.isEnabled()
    wizard.next()  # even forced, no second (stale) message about "wachtwoord"
    assert wizard.currentId() == NEW_VAULT
    assert "wachtwoordzin" in page.message.text()
    page.passphrase.clear()
    assert page.message.isHidden()  # an edit clears the earlier message
    page.repeat.clear()
    fill_new_vault(qtbot, wizard, PASSPHRASE, PASSPHRASE[:-1])
    assert not next_button.isEnabled()  # not the same twice
    qtbot.keyClicks(page.repeat, PASSPHRASE[-1])
    assert next_button.isEnabled()
    assert page.message.isHidden() and page.mismatch.isHidden()


def test_a_relative_name_goes_into_the_data_folder_with_mhd(qtbot, wizard: FirstStartWizard,
                                                           tmp_path: Path) -> None:
    from mensenhandel_desk import paths

    wizard.next()
    page = wizard.new_page
    page.location.setText("ifant fietst naar huis")
    assert page.vault_path == paths.data_dir() / "ifant fietst naar huis.mhd"
    page.location.setText("ifant fietst naar huis.mhd")
    assert page.vault_path == paths.data_dir() / "ifant fietst naar huis.mhd"
    page.location.setText(str(tmp_path / "elders" / "kluis.v2"))
    assert page.vault_path == tmp_path / "elders" / "kluis.v2.mhd"
    page.location.setText("sub/kluis")
    fill_new_vault(qtbot, wizard)
    wizard.next()
    assert wizard.currentId() == OFFICER
    assert page.location.text() == str(paths.data_dir() / "sub" / "kluis.mhd")


def _mnemonic(text: str) -> str | None:
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else None


def test_mnemonics_do_not_clash_with_the_dutch_wizard_buttons(
        wizard: FirstStartWizard) -> None:
    from PySide6.QtWidgets import QAbstractButton

    reserved = {"v", "t"}  # &Volgende, &Terug, &Voltooien (Annuleren has none)
    for page in (wizard.choice_page, wizard.new_page, wizard.officer_page):
        keys = [_mnemonic(w.text()) for w in
                page.findChildren(QLabel) + page.findChildren(QAbstractButton)]
        keys = [k for k in keys if k]
        assert keys, page.title()
        assert not reserved & set(keys), (page.title(), keys)
        assert len(keys) == len(set(keys)), (page.title(), keys)


def test_required_officer_fields_are_marked(wizard: FirstStartWizard) -> None:
    page = wizard.officer_page
    labels = {label.buddy(): label.text() for label in page.findChildren(QLabel)
              if label.buddy() is not None}
    assert labels[page.municipality] == "&Gemeente *"
    assert labels[page.officer_name] == "&Naam *"
    assert labels[page.officer_phone] == "Tele&foon"
    assert page.required_note.text() == "* verplicht"
    assert page.municipality.accessibleDescription() == "Verplicht"


def test_start_strings_say_wachtwoordzin_never_wachtwoord() -> None:
    import re
    import sys

    from mensenhandel_desk.i18n import gettext

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from i18n_extract import extract

    ours = [msgid for msgid, places in extract().items()
            if any("ui/start/" in place.replace("\\", "/") for place in places)]
    assert len(ours) > 40
    bad = [gettext(m) for m in ours if re.search(r"wachtwoord(?!zin)", gettext(m).lower())]
    assert not bad
