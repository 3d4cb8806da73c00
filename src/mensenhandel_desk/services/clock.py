"""Time, injectable so tests and demo data can fix "today"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class Clock:
    now: Callable[[], datetime] = field(default=_now)

    def today(self) -> date:
        return self.now().date()


def fixed_clock(moment: datetime) -> Clock:
    return Clock(now=lambda: moment)
