"""The machine-wide policy file: enforced values are reported, applied and cannot be
weakened; a malformed file refuses the unlock with a Dutch message naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from mensenhandel_desk import paths
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.services.policy import Policy, PolicyInvalid, load_policy, parse_policy
from mensenhandel_desk.services.session import create_vault, open_vault
from tests.conftest import PASSPHRASE, run_cli


def _policy(text: str | bytes) -> Path:
    path = paths.policy_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_without_a_file_nothing_is_enforced(services):
    assert load_policy() == Policy()
    assert load_policy().locked_settings() == {}
    settings = services.settings.get()
    settings.auto_lock_minutes, settings.backup_on_close = 120, False
    services.settings.save(settings)
    assert services.settings.get().auto_lock_minutes == 120


def test_enforced_values_are_reported_for_a_settings_screen():
    _policy('{"max_auto_lock_minutes": 5, "min_passphrase_length": 20, '
            '"backup_on_close": true, "retention_floor_months": {"handed_to_police": 84}}')
    assert load_policy().locked_settings() == {
        "auto_lock_minutes": 5, "min_passphrase_length": 20, "backup_on_close": True,
        "retention:handed_to_police": 84}


def test_settings_cannot_be_weakened_and_old_values_are_clamped(services):
    settings = services.settings.get()
    settings.auto_lock_minutes, settings.backup_on_close = 60, False
    services.settings.save(settings)  # before the policy arrives
    _policy('{"max_auto_lock_minutes": 10, "backup_on_close": true}')

    loaded = services.settings.get()
    assert (loaded.auto_lock_minutes, loaded.backup_on_close) == (10, True)
    loaded.auto_lock_minutes = 30
    with pytest.raises(ValidationError) as caught:
        services.settings.save(loaded)
    assert "10 minuten" in caught.value.message  # Dutch, names the limit
    loaded.auto_lock_minutes, loaded.backup_on_close = 3, False
    with pytest.raises(ValidationError):
        services.settings.save(loaded)
    loaded.backup_on_close = True
    services.settings.save(loaded)  # stricter is fine
    assert services.settings.get().auto_lock_minutes == 3


def test_minimum_passphrase_length_applies_to_new_vaults(vault_path):
    _policy('{"min_passphrase_length": 32}')
    with pytest.raises(ValidationError) as caught:
        create_vault(vault_path, PASSPHRASE)  # 28 characters
    assert "32" in caught.value.message and not vault_path.exists()
    create_vault(vault_path, PASSPHRASE + " plus more").close()


@pytest.mark.parametrize("content", [
    "{not json", "[1, 2]", '{"max_auto_lock_minutes": "5"}', '{"max_auto_lock_minutes": 0}',
    '{"backup_on_close": "yes"}', '{"min_pasphrase_length": 16}',
    '{"retention_floor_months": {"kept_forever": 12}}',
    '{"retention_floor_months": {"handed_to_police": -1}}',
    '{"retention_floor_months": []}', b"\xff\xfe\x00garbage"])
def test_a_malformed_policy_refuses_to_unlock_naming_the_file(vault_path, content):
    create_vault(vault_path, PASSPHRASE).close()
    before = vault_path.read_bytes()
    path = _policy(content)
    with pytest.raises(PolicyInvalid) as caught:
        open_vault(vault_path, PASSPHRASE)
    message = caught.value.message
    assert str(path) in message and "IT-servicedesk" in message
    assert vault_path.read_bytes() == before


def test_parse_reports_every_problem_in_dutch():
    with pytest.raises(PolicyInvalid) as caught:
        parse_policy('{"max_auto_lock_minutes": 999, "typo": 1}')
    message = caught.value.message
    assert "max_auto_lock_minutes moet tussen 1 en 240 liggen" in message
    assert "onbekende instelling typo" in message


def test_a_utf8_bom_is_accepted():
    _policy("\ufeff" + '{"max_auto_lock_minutes": 7}')
    assert load_policy().max_auto_lock_minutes == 7


def test_cli_reports_a_malformed_policy(vault_path, tmp_path):
    create_vault(vault_path, PASSPHRASE).close()
    path = _policy("{broken")
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    done = run_cli("check", "--vault", str(vault_path), "--passphrase-file", str(secret))
    assert done.returncode == 1
    assert str(path) in done.stderr and "beleidsbestand" in done.stderr
