"""Shared fixtures. Every test works in tmp_path with real SQLCipher vaults.

MHD_DATA_DIR / MHD_CONFIG_DIR / MHD_POLICY_FILE point into tmp_path for every test, so
no test ever touches the real user folders.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
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
from mensenhandel_desk.services.clock import CLOCK_VARIABLE, Clock, fixed_clock
from mensenhandel_desk.services.session import Services, create_vault

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


@pytest.fixture
def services(vault_path: Path, clock) -> Iterator[Services]:
    svc = create_vault(vault_path, PASSPHRASE, clock=clock)
    yield svc
    svc.close()


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
