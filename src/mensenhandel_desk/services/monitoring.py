"""Monitoring figures (twice-yearly report): counts only, computed in SQL, no personal data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from mensenhandel_desk.domain.enums import ExploitationForm
from mensenhandel_desk.services.base import ServiceContext, VaultUser

_FORMS = [ExploitationForm.SEXUAL, ExploitationForm.LABOUR, ExploitationForm.CRIMINAL,
          ExploitationForm.OTHER]


@dataclass(slots=True)
class MonitoringFigures:
    since: date
    until: date
    total: int = 0
    by_month_and_form: dict[tuple[str, str], int] = field(default_factory=dict)
    by_form: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_assessment: dict[str, int] = field(default_factory=dict)


class MonitoringService(VaultUser):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def figures(self, since: date, until: date) -> MonitoringFigures:
        """Counts by month x form, source, status, outcome and assessment in one SQL pass."""
        with self.vault.unit_of_work() as uow:
            rows = uow.signals.facet_counts(since, until)
        months: Counter = Counter()
        forms: Counter = Counter()
        source: Counter = Counter()
        status: Counter = Counter()
        outcome: Counter = Counter()
        assessment: Counter = Counter()
        total = 0
        for month, src, st, out, assess, *form_counts, count in rows:
            total += count
            source[src] += count
            status[st] += count
            assessment[assess] += count
            if out:
                outcome[out] += count
            for form, n in zip(_FORMS, form_counts, strict=True):
                if n:
                    months[(month, str(form))] += n
                    forms[str(form)] += n
        return MonitoringFigures(since=since, until=until, total=total,
                                 by_month_and_form=dict(sorted(months.items())),
                                 by_form=dict(forms), by_source=dict(source),
                                 by_status=dict(status), by_outcome=dict(outcome),
                                 by_assessment=dict(assessment))
