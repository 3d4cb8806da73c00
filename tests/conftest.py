"""Shared fixtures. Every test works in tmp_path with real SQLCipher vaults.

MHD_DATA_DIR / MHD_CONFIG_DIR / MHD_POLICY_FILE point into tmp_path for every test, so
no test ever touches the real user folders.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from mensenhandel_desk import i18n
from mensenhandel_desk.domain.enums import (
    ExploitationForm,
    SignalSource,
    Urgency,
)
from mensenhandel_desk.domain.models import Reporter, Signal
from mensenhandel_desk.services.base import ServiceContext
from mensenhandel_desk.services.clock import CLOCK_VARIABLE, Clock, fixed_clock
from mensenhandel_desk.services.session import Services, create_vault
from mensenhandel_desk.store.vault import Vault

PASSPHRASE = "correct horse battery staple"
NOW = datetime(2026, 11, 24, 10, 0, 0)
TODAY = NOW.date()
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MHD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MHD_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MHD_POLICY_FILE", str(tmp_path / "policy" / "policy.json"))
    monkeypatch.delenv("MHD_PASSPHRASE", raising=False)
    # One clock for every test and every process it starts (the CLI in a subprocess
    # inherits the environment): "today" never comes from the wall clock.
    monkeypatch.setenv(CLOCK_VARIABLE, NOW.isoformat())
    i18n.set_language("nl")


def ticking_clock(start: datetime = NOW, step_us: int = 1_234) -> Clock:
    """A controlled clock that moves on by ``step_us`` microseconds per reading (for
    tests that need distinct, sub-second timestamps), never the wall clock."""
    moments = itertools.count()
    return Clock(now=lambda: start + timedelta(microseconds=step_us * next(moments)))


@pytest.fixture
def clock():
    return fixed_clock(NOW)


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault" / "kluis.mhd"


_TEMPLATES: dict[str, Path] = {}
_TEMPLATE_ROOT: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def _template_root(tmp_path_factory: pytest.TempPathFactory) -> None:
    _TEMPLATE_ROOT.append(tmp_path_factory.mktemp("vault-templates"))


def vault_from_template(path: Path, clock, name: str = "empty",
                        build: Callable[[Services], object] | None = None) -> Services:
    """A vault at ``path`` in the state ``create_vault`` (+ ``build``) leaves it in, copied
    from a file built once per test process.

    Creating a vault costs a key derivation, the schema and the seed (~0.3 s, seconds with
    a ``build`` of dozens of signals); copying the closed file and opening it with the key
    costs ~0.1 s. The copy is opened without an unlock audit entry, so the audit trail is
    exactly what a freshly created vault would have. Real SQLCipher either way.
    """
    template = _TEMPLATES.get(name)
    if template is None or not template.exists():
        template = _TEMPLATE_ROOT[-1] / name / "kluis.mhd"
        svc = create_vault(template, PASSPHRASE, clock=fixed_clock(NOW))
        try:
            if build is not None:
                build(svc)
        finally:
            svc.close()
        _TEMPLATES[name] = template
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    os.chmod(path, 0o600)
    vault = Vault.open(path, PASSPHRASE, now=clock.now)
    return Services(ServiceContext(vault=vault, clock=clock))


@pytest.fixture
def services(vault_path: Path, clock) -> Iterator[Services]:
    svc = vault_from_template(vault_path, clock)
    yield svc
    svc.close()


@dataclass
class CliResult:
    """What a CLI call left behind: the same three fields a ``subprocess.run`` gives."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*argv: str, stdin: str = "") -> CliResult:
    """The CLI called in this process, as ``python -m mensenhandel_desk`` would (no
    terminal on stdin, the environment of the test). Saves a Python start and the imports
    (~1 s) per call; tests that prove what only a real process shows (exit status of the
    process, kills, argv/environment leaks, a second process) keep a subprocess."""
    from mensenhandel_desk.cli.main import run

    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = run(list(argv))
            except SystemExit as stop:  # argparse: usage errors and --help
                code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
                if isinstance(stop.code, str):
                    print(stop.code, file=sys.stderr)  # as the interpreter does on exit
    finally:
        sys.stdin = saved_stdin
    return CliResult(code, out.getvalue(), err.getvalue())


def make_signal(**overrides) -> Signal:
    values = dict(received_on=date(2026, 10, 1), source=SignalSource.INTERNAL,
                  summary="Zorgen over huisvesting arbeidsmigranten",
                  description="Veel mensen op één adres, busje haalt ze om 5 uur op.",
                  forms={ExploitationForm.LABOUR}, urgency=Urgency.NORMAL)
    values.update(overrides)
    return Signal(**values)


def make_reporter(**overrides) -> Reporter:
    values = dict(signal_id=0, name="Wilhelmina Zuidervaart-Testmelder",
                  department="Team Handhaving Noord", contact="w.zuidervaart@example.invalid",
                  team_coordinator="Gerrit Coördinatorsma")
    values.update(overrides)
    return Reporter(**values)


@pytest.fixture
def guarded(qtbot):
    """The app-wide mouse-wheel guard (ui/widgets/wheel_guard.py), removed afterwards."""
    from PySide6.QtWidgets import QApplication

    from mensenhandel_desk.ui.widgets import wheel_guard

    app = QApplication.instance()
    guard = wheel_guard.install(app)
    yield guard
    app.removeEventFilter(guard)
    wheel_guard._guard.clear()
