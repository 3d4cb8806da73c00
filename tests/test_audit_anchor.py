"""Cutting entries off the end of the audit trail is noticed by `check`."""

from __future__ import annotations

from pathlib import Path

from mensenhandel_desk.services.maintenance import check_vault
from mensenhandel_desk.services.session import open_vault
from tests.conftest import PASSPHRASE, make_signal


def test_truncated_audit_trail_is_detected(services, vault_path: Path, clock) -> None:
    for i in range(3):
        services.signals.create(make_signal(summary=f"Signaal {i}"))
    services.close()  # anchors the head outside the vault
    with open_vault(vault_path, PASSPHRASE, clock=clock) as again:
        assert check_vault(again).ok
    # Tamper without the app: remove the newest entries; the chain itself stays valid.
    import sqlcipher3

    conn = sqlcipher3.connect(str(vault_path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    conn.execute("DELETE FROM audit_event WHERE id IN "
                 "(SELECT id FROM audit_event ORDER BY id DESC LIMIT 3)")
    conn.commit()
    conn.close()
    with open_vault(vault_path, PASSPHRASE, clock=clock) as tampered:
        report = check_vault(tampered)
        assert report.audit_first_broken is None  # the chain alone cannot see it
        assert not report.ok and report.audit_shortened_from is not None
        assert any("verwijderd of vervangen" in line for line in report.lines())


def test_restore_and_purge_do_not_raise_false_alarms(services, vault_path: Path, clock,
                                                     tmp_path: Path) -> None:
    from mensenhandel_desk.services import backup

    services.signals.create(make_signal())
    copy = tmp_path / "b.mhd"
    backup.backup_to(services, copy)
    for i in range(3):
        services.signals.create(make_signal(summary=f"Later {i}"))
    services.close()
    backup.restore(copy, vault_path, PASSPHRASE, confirm=True, clock=clock)
    with open_vault(vault_path, PASSPHRASE, clock=clock) as restored:
        assert check_vault(restored).ok  # a shorter chain, but legitimately restored
