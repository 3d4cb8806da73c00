"""Editor drafts in the vault (issue 8): kept per signal or for the new signal, replaced
on a later save, removed on discard, audited without their content, never elsewhere."""

from __future__ import annotations

from mensenhandel_desk.services.session import open_vault
from tests.conftest import PASSPHRASE, make_signal

SECRET = "Wilhelmina Zuidervaart-Conceptmelder"


def test_a_draft_is_kept_per_signal_replaced_and_discarded(services, vault_path, clock):
    signal = services.signals.create(make_signal())
    assert services.drafts.load(signal.id) is None
    services.drafts.save(signal.id, {"general": {"summary": "eerste"}})
    services.drafts.save(signal.id, {"general": {"summary": "tweede"}})
    services.drafts.save(None, {"reporter": {"name": SECRET}})
    assert services.drafts.load(signal.id).content == {"general": {"summary": "tweede"}}
    assert services.drafts.load(None).content["reporter"]["name"] == SECRET
    services.close()
    with open_vault(vault_path, PASSPHRASE, clock=clock) as again:  # survives the lock
        draft = again.drafts.load(None)
        assert draft is not None and draft.saved_at is not None
        assert again.drafts.discard(None, restored=True) is True
        assert again.drafts.load(None) is None
        assert again.drafts.discard(signal.id) is True
        assert again.drafts.keys() == []
        with again.vault.unit_of_work() as uow:
            events = uow.audit.query()
    details = " ".join(f"{e.object_ref} {e.detail}" for e in events)
    assert "draft saved" in details and "draft restored" in details
    assert SECRET not in details and "tweede" not in details


def test_drafts_never_reach_files_outside_the_vault(services, vault_path, tmp_path):
    services.drafts.save(None, {"reporter": {"name": SECRET}})
    for path in tmp_path.rglob("*"):
        if path.is_file() and path != vault_path:
            assert SECRET.encode() not in path.read_bytes(), path
    assert SECRET.encode() not in vault_path.read_bytes()  # encrypted
