"""Issue 12, "code that hides bugs": known failures are answered, bugs surface."""

from __future__ import annotations

import pytest

from mensenhandel_desk.services.audit import anchor as audit_anchor
from mensenhandel_desk.services.maintenance import check_vault
from mensenhandel_desk.services.session import open_vault
from tests.conftest import PASSPHRASE


def test_damaged_settings_are_reported_not_silently_defaulted(services) -> None:
    with services.vault.unit_of_work() as uow:
        uow.settings.put("auto_lock_minutes", "vijf")
    assert services.settings.get().auto_lock_minutes == 5  # the default still works
    assert services.settings.damaged() == ["auto_lock_minutes"]
    lines = check_vault(services).lines()
    assert any("beschadigde waarden" in line and "auto_lock_minutes" in line
               for line in lines)


def test_close_lets_a_bug_in_the_anchor_surface_but_still_closes(services, vault_path,
                                                                 monkeypatch) -> None:
    def bug(_vault):
        raise RuntimeError("a programming error")

    monkeypatch.setattr(audit_anchor, "anchor_at_close", bug)
    with pytest.raises(RuntimeError):
        services.close()
    assert services.locked  # closed anyway: the decrypted connection is gone
    monkeypatch.undo()
    with open_vault(vault_path, PASSPHRASE):  # not left open or locked
        pass


def test_close_logs_a_known_anchor_failure_and_closes(services, monkeypatch) -> None:
    from mensenhandel_desk.domain.errors import DiskFull

    def full(_vault):
        raise DiskFull()

    monkeypatch.setattr(audit_anchor, "anchor_at_close", full)
    services.close()
    assert services.locked


def test_a_vault_dropped_without_close_is_reported(tmp_path) -> None:
    """The test configuration no longer ignores ResourceWarning: an unclosed vault (its
    decrypted connection and file lock live on until garbage collection) is an error."""
    import gc

    from mensenhandel_desk.store.vault import Vault

    vault = Vault.create(tmp_path / "vergeten.mhd", PASSPHRASE)
    with pytest.warns(ResourceWarning, match="never closed"):
        del vault
        gc.collect()
    closed = Vault.open(tmp_path / "vergeten.mhd", PASSPHRASE)
    closed.close()
    del closed
    gc.collect()  # no warning: pytest's "error" filter would fail the test here
