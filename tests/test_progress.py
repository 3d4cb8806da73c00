"""Progress and cancel for long operations (services/progress.py): reports are monotonic and
end at their total; a cancel stops at a safe point and leaves the vault unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from mensenhandel_desk.domain.errors import Cancelled
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services import backup, demo, interchange, passphrase
from mensenhandel_desk.services.maintenance import check_vault
from mensenhandel_desk.services.progress import CancelToken, Tracker
from mensenhandel_desk.services.session import create_vault, open_vault
from mensenhandel_desk.store import vault as vault_module
from tests.conftest import PASSPHRASE, vault_from_template

NEW_PASSPHRASE = "een heel ander wachtwoord 2026"


class Recorder:
    def __init__(self, on_call=None) -> None:
        self.calls: list[tuple[int, int, str]] = []
        self.on_call = on_call

    def __call__(self, done: int, total: int, label: str) -> None:
        self.calls.append((done, total, label))
        if self.on_call:
            self.on_call(done, total, label)

    def assert_complete(self) -> None:
        assert self.calls, "no progress reported"
        dones = [done for done, _, _ in self.calls]
        assert dones == sorted(dones), "progress went backwards"
        done, total, _label = self.calls[-1]
        assert total > 0 and done == total
        assert all(label for _, _, label in self.calls)


class CancelAfter(CancelToken):
    """Cancels itself after ``n`` looks: stops an operation in the middle, deterministically."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.looks = 0
        self.n = n

    @property
    def cancelled(self) -> bool:
        self.looks += 1
        if self.looks > self.n:
            self.cancel()
        return super().cancelled

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()


def _audit_count(services) -> int:
    with services.vault.unit_of_work() as uow:
        return uow.audit.count()


def _leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(".mhd-*"))


# --- the helpers ----------------------------------------------------------------------
def test_cancel_token_is_a_flag_any_thread_can_set():
    token = CancelToken()
    assert not token.cancelled
    token.check()
    token.cancel()
    token.cancel()
    assert token.cancelled
    with pytest.raises(Cancelled) as caught:
        token.check()
    assert caught.value.code == "cancelled"
    assert caught.value.message == "Gestopt op verzoek; er is niets veranderd."


def test_tracker_throttles_but_keeps_first_label_changes_and_the_end():
    now = [0.0]
    seen = Recorder()
    tracker = Tracker(seen, 1000, clock=lambda: now[0])
    for n in range(1, 1001):
        now[0] += 0.001
        tracker(n, "a" if n < 500 else "b")
    tracker(10, "b")  # never backwards
    assert seen.calls[0] == (1, 1000, "a")
    assert (500, 1000, "b") in seen.calls
    assert seen.calls[-1] == (1000, 1000, "b")
    assert len(seen.calls) < 30
    seen.assert_complete()


def test_tracker_with_an_unknown_total_ends_at_what_was_done():
    seen = Recorder()
    tracker = Tracker(seen)
    tracker(0, "x")
    tracker.advance("x")
    tracker.finish("x")
    assert seen.calls[0] == (0, 0, "x")
    assert seen.calls[-1] == (1, 1, "x")


# --- backup ---------------------------------------------------------------------------
@pytest.fixture
def demo_services(vault_path, clock):
    """A vault with 60 demo signals, copied from one built once per test process."""
    services = vault_from_template(vault_path, clock, "demo-60",
                                   lambda built: demo.generate(built, count=60))
    yield services
    services.close()


def test_backup_reports_progress_and_a_cancel_leaves_no_file(demo_services, tmp_path,
                                                              monkeypatch):
    # SQLite counts instructions per statement; a 60-signal vault has only short ones
    monkeypatch.setattr(vault_module, "STEP_INSTRUCTIONS", 100)
    services = demo_services
    seen = Recorder()
    out = tmp_path / "kopie.mhdbak"
    backup.backup_to(services, out, progress=seen)
    seen.assert_complete()
    assert seen.calls[-1][2] == _("Writing the encrypted backup")
    assert seen.calls[-1][0] > 1  # the export itself reported (busy indicator)

    before = _audit_count(services)
    stopped = tmp_path / "gestopt.mhdbak"
    token = CancelAfter(2)  # during sqlcipher_export (the progress handler looks)
    with pytest.raises(Cancelled):
        backup.backup_to(services, stopped, cancel=token)
    assert token.looks > 2
    assert not stopped.exists()
    assert _leftovers(tmp_path) == []
    assert _audit_count(services) == before  # no "backup" entry for a backup not made
    assert services.vault.integrity_problems() == []
    backup.backup_to(services, stopped)  # the vault goes on working, also for backups
    assert stopped.exists()


def test_a_cancelled_automatic_backup_keeps_the_old_ones(demo_services, vault_path):
    services = demo_services
    first = backup.automatic_backup(services, keep=1)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        backup.automatic_backup(services, keep=1, cancel=token)
    assert backup.automatic_backups(vault_path) == [first.path]


def test_lock_reports_the_backup_progress(demo_services):
    seen = Recorder()
    assert demo_services.lock(progress=seen) is not None
    seen.assert_complete()


# --- restore --------------------------------------------------------------------------
def test_restore_reports_steps_and_stops_before_touching_the_vault(services, vault_path,
                                                                   tmp_path):
    from tests.conftest import make_signal

    services.signals.create(make_signal(summary="In de back-up"))
    kopie = tmp_path / "kopie.mhdbak"
    backup.backup_to(services, kopie)
    services.signals.create(make_signal(summary="Na de back-up"))
    services.close()
    size = vault_path.stat().st_size

    token = CancelToken()
    seen = Recorder(on_call=lambda d, t, label: token.cancel()
                    if label == _("Checking the backup") else None)
    with pytest.raises(Cancelled):
        backup.restore(kopie, vault_path, PASSPHRASE, confirm=True, progress=seen,
                       cancel=token)
    assert _leftovers(vault_path.parent) == []
    assert backup.safety_copies(vault_path) == []
    assert vault_path.stat().st_size == size
    with open_vault(vault_path, PASSPHRASE) as again:
        assert again.signals.count() == 2

    seen = Recorder()
    backup.restore(kopie, vault_path, PASSPHRASE, confirm=True, progress=seen)
    seen.assert_complete()
    with open_vault(vault_path, PASSPHRASE) as again:
        assert again.signals.count() == 1


# --- rekey ----------------------------------------------------------------------------
def test_rekey_cancelled_before_the_swap_keeps_the_old_passphrase(services, vault_path):
    token = CancelToken()
    seen = Recorder(on_call=lambda d, t, label: token.cancel()
                    if label == _("Checking the new copy") else None)
    with pytest.raises(Cancelled):
        passphrase.change_passphrase(services, PASSPHRASE, NEW_PASSPHRASE, progress=seen,
                                     cancel=token)
    assert _leftovers(vault_path.parent) == []
    assert services.signals.count() == 0  # still open, still the old key
    services.close()
    with open_vault(vault_path, PASSPHRASE) as again:
        seen = Recorder()
        passphrase.change_passphrase(again, PASSPHRASE, NEW_PASSPHRASE, progress=seen)
        seen.assert_complete()
    open_vault(vault_path, NEW_PASSPHRASE).close()


# --- demo -----------------------------------------------------------------------------
def test_demo_reports_per_signal_and_a_cancel_adds_nothing(services):
    before = _audit_count(services)
    with pytest.raises(Cancelled):
        demo.generate(services, count=120, cancel=CancelAfter(80))
    assert services.signals.count() == 0  # one transaction: nothing of the 80 stays
    assert _audit_count(services) == before
    with services.vault.unit_of_work() as uow:
        assert uow.meetings.all() == []

    seen = Recorder()
    summary = demo.generate(services, count=120, progress=seen)
    seen.assert_complete()
    assert seen.calls[-1][:2] == (120, 120)
    assert summary.signals == services.signals.count() == 120


# --- interchange ----------------------------------------------------------------------
def test_export_and_import_report_progress_and_a_cancelled_import_changes_nothing(
        demo_services, tmp_path):
    out = tmp_path / "uitwissel.json"
    seen = Recorder()
    exported = interchange.export_vault(demo_services, out, progress=seen)
    seen.assert_complete()
    assert exported.signals == 60

    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        interchange.export_vault(demo_services, tmp_path / "niet.json", cancel=token)
    assert not (tmp_path / "niet.json").exists()

    target = create_vault(tmp_path / "doel" / "doel.mhd", PASSPHRASE)
    try:
        before = _audit_count(target)
        with pytest.raises(Cancelled):
            interchange.import_file(target, out, cancel=CancelAfter(40))
        assert target.signals.count() == 0
        assert _audit_count(target) == before
        with target.vault.unit_of_work() as uow:
            assert uow.meetings.all() == []

        seen = Recorder()
        summary = interchange.import_file(target, out, progress=seen)
        seen.assert_complete()
        assert summary.signals == target.signals.count() == 60
    finally:
        target.close()


# --- check ----------------------------------------------------------------------------
def test_check_reports_steps_and_can_be_stopped(services):
    seen = Recorder()
    assert check_vault(services, progress=seen).ok
    seen.assert_complete()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        check_vault(services, cancel=token)
