"""Time, injectable so tests and demo data can fix "today".

There is one seam for every layer and every process: ``Clock`` (services take one in their
context), and for processes started by tests (the CLI in a subprocess) the environment
variable ``MHD_CLOCK``: an ISO date-time (``2026-11-24T10:00:00``) that ``Clock()`` then
reports as "now" instead of the wall clock. The packaged application ignores it (a
frozen build never runs tests), so an officer cannot backdate the audit trail with it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

CLOCK_VARIABLE = "MHD_CLOCK"


def fixed_now() -> datetime | None:
    """The moment ``MHD_CLOCK`` fixes, or None (also when it is unreadable or frozen)."""
    if getattr(sys, "frozen", False):
        return None
    value = os.environ.get(CLOCK_VARIABLE, "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=None)


def _now() -> datetime:
    return fixed_now() or datetime.now(UTC).replace(tzinfo=None)


@dataclass
class Clock:
    now: Callable[[], datetime] = field(default=_now)

    def today(self) -> date:
        return self.now().date()


def fixed_clock(moment: datetime) -> Clock:
    return Clock(now=lambda: moment)
