"""Monitoring (issue 9): the twice-yearly figures, awareness activities, the regional
export and the regional secret.

Figures are computed in SQL, set-based (``SignalRepository.facet_counts`` and
``monitoring_counts``: a handful of GROUP BY queries, none per signal); this module only
folds their rows (hundreds, not 100,000) into ``MonitoringFigures``. What leaves the vault
is ``published()`` (small-number protection, ``domain/disclosure.py``).

Thread rule: like every service, call from the app's database worker.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from mensenhandel_desk.domain import disclosure
from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.disclosure import PublishedFigures
from mensenhandel_desk.domain.enums import (
    ActivityKind,
    Assessment,
    ExploitationForm,
    Gender,
    Outcome,
    PartyRole,
    SignalSource,
    SignalStatus,
    Urgency,
)
from mensenhandel_desk.domain.errors import NotFound, ValidationError
from mensenhandel_desk.domain.models import SignalFilter
from mensenhandel_desk.domain.monitoring import (
    AGE_GROUPS,
    NATIONALITY_GROUPS,
    AwarenessActivity,
    Duration,
    MonitoringFigures,
    age_group,
    months_between,
    nationality_group,
)
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.base import ServiceContext, VaultUser
from mensenhandel_desk.services.files import write_atomic
from mensenhandel_desk.services.monitoring import export as mx
from mensenhandel_desk.services.policy import load_policy
from mensenhandel_desk.services.settings import SettingsService

FORMS = [ExploitationForm.SEXUAL, ExploitationForm.LABOUR, ExploitationForm.CRIMINAL,
         ExploitationForm.OTHER]
SECRET_KEY = "regional_secret"  # setting key; never exported (see interchange/api.py)
MIN_SECRET_LENGTH = 16
MAX_PERIOD_DAYS = 3660


def _ordered(counter: Counter, keys) -> dict[str, int]:
    """Every known key in its natural order (zeros included), then any unknown ones."""
    result = {str(k): counter.get(str(k), 0) for k in keys}
    result.update({k: n for k, n in sorted(counter.items()) if k not in result})
    return result


def check_period(since: date, until: date) -> None:
    if not isinstance(since, date) or not isinstance(until, date):
        raise ValidationError("Give a start and an end date.", code="period_required",
                              field="since")
    if until < since:
        raise ValidationError("The end of the period lies before its start.",
                              code="period_order", field="until")
    if (until - since).days > MAX_PERIOD_DAYS:
        raise ValidationError("Choose a period of at most ten years.", code="period_length",
                              field="until")


def fold_figures(since: date, until: date, facets: list[tuple],
                 counts: dict[str, list[tuple]], reporters: tuple[int, int],
                 activities: list[AwarenessActivity]) -> MonitoringFigures:
    """The repository's grouped rows as figures (pure: also used by the benchmark)."""
    source, status, outcome, assessment, urgency = (Counter() for _ in range(5))
    forms, months = Counter(), Counter()
    by_month_and_form: Counter = Counter()
    total = 0
    for month, src, st, out, assess, urg, *form_counts, count in facets:
        total += count
        months[month] += count
        source[src] += count
        status[st] += count
        assessment[assess] += count
        urgency[urg] += count
        if out:
            outcome[out] += count
        for form, n in zip(FORMS, form_counts, strict=True):
            if n:
                by_month_and_form[(month, str(form))] += n
                forms[str(form)] += n
    partners = Counter({key: n for key, n in counts["partners"]})
    to_handover: dict[int, int] = {}
    to_feedback: dict[int, int] = {}
    for kind, days, n in counts["durations"]:
        (to_handover if kind == "h" else to_feedback)[int(days)] = n
    roles, ages, genders, nationalities = Counter(), Counter(), Counter(), Counter()
    for kind, role, gender, nationality, age, n in counts["parties"]:
        roles[role] += n
        if kind == "person":
            ages[age_group(age)] += n
            genders[gender] += n
            nationalities[nationality_group(nationality)] += n
    handover_days, feedback_days = (Duration.from_histogram(to_handover),
                                    Duration.from_histogram(to_feedback))
    return MonitoringFigures(
        since=since, until=until, total=total,
        by_form=_ordered(forms, FORMS), by_source=_ordered(source, SignalSource),
        by_status=_ordered(status, SignalStatus), by_outcome=_ordered(outcome, Outcome),
        by_assessment=_ordered(assessment, Assessment),
        by_partner=dict(sorted(partners.items())), by_urgency=_ordered(urgency, Urgency),
        by_month=_ordered(months, months_between(since, until)),
        by_month_and_form=dict(sorted(by_month_and_form.items())),
        parties_by_role=_ordered(roles, PartyRole),
        persons_by_age_group=_ordered(ages, AGE_GROUPS),
        persons_by_gender=_ordered(genders, Gender),
        persons_by_nationality=_ordered(nationalities, NATIONALITY_GROUPS),
        handed_over=handover_days.count, feedback_received=feedback_days.count,
        with_reporter=reporters[0], reporter_informed=reporters[1],
        to_handover=handover_days, to_feedback=feedback_days,
        activities=tuple(activities))


class MonitoringService(VaultUser):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.settings = SettingsService(ctx)

    # --- figures ------------------------------------------------------------------------
    def figures(self, since: date, until: date) -> MonitoringFigures:
        """Exact figures for the period (received date, both ends inclusive), for the
        officer's screen. One unit of work, set-based queries only."""
        check_period(since, until)
        with self.vault.unit_of_work() as uow:
            facets = uow.signals.facet_counts(since, until)
            counts = uow.signals.monitoring_counts(since, until)
            reporters = uow.reporters.informed_counts(since, until)
            activities = uow.activities.between(since, until)
        return fold_figures(since, until, facets, counts, reporters, activities)

    def threshold(self) -> int:
        """The small-number threshold in force (the setting, never below the policy's
        minimum)."""
        return max(self.settings.get().small_number_threshold,
                   load_policy().small_number_minimum())

    def published(self, figures: MonitoringFigures) -> PublishedFigures:
        """The masked figures: what a report or export shows."""
        return disclosure.publish(figures, self.threshold(), self.settings.get().municipality)

    def filter_for(self, since: date, until: date, dimension: str, key: str) -> SignalFilter:
        """The register's filter for one chart bar or table cell of the period."""
        flt = SignalFilter(received_from=since, received_to=until)
        try:
            if dimension == "form":
                flt.forms = {ExploitationForm(key)}
            elif dimension == "source":
                flt.sources = {SignalSource(key)}
            elif dimension == "status":
                flt.statuses = {SignalStatus(key)}
            elif dimension == "outcome":
                flt.outcomes = {Outcome(key)}
            elif dimension == "assessment":
                flt.assessments = {Assessment(key)}
            elif dimension == "urgency":
                flt.urgencies = {Urgency(key)}
            elif dimension == "partner":
                flt.partners = {key}
            elif dimension == "funnel":
                if key not in ("signals", "handed_over", "feedback"):
                    raise ValueError(key)
                flt.handed_over = key in ("handed_over", "feedback")
                flt.feedback_received = key == "feedback"
            elif dimension == "month":
                year, month = (int(part) for part in key.split("-"))
                first = date(year, month, 1)
                last = date(year + month // 12, month % 12 + 1, 1).toordinal() - 1
                flt.received_from = max(since, first)
                flt.received_to = min(until, date.fromordinal(last))
            else:
                raise ValueError(dimension)
        except ValueError:
            raise ValidationError("The register cannot be filtered on {dimension} "
                                  "{key}.", code="monitoring_dimension", field="dimension",
                                  dimension=dimension, key=key) from None
        return flt

    # --- awareness activities -------------------------------------------------------------
    def activities(self, since: date | None = None,
                   until: date | None = None) -> list[AwarenessActivity]:
        with self.vault.unit_of_work() as uow:
            return uow.activities.between(since, until)

    @staticmethod
    def _clean(activity: AwarenessActivity) -> AwarenessActivity:
        try:
            activity.kind = ActivityKind(activity.kind)
        except ValueError:
            raise ValidationError("Unknown kind of activity '{kind}'.", code="activity_kind",
                                  field="kind", kind=activity.kind) from None
        v.check_date(activity.held_on, "held_on", allow_future=True)
        activity.target_group = v.clean_text(activity.target_group, "target_group",
                                             required=True)
        activity.given_by = v.clean_text(activity.given_by, "given_by")
        if (isinstance(activity.reached, bool) or not isinstance(activity.reached, int)
                or not 0 <= activity.reached <= 1_000_000):
            raise ValidationError("The number reached must be a whole number from 0.",
                                  code="activity_reached", field="reached")
        return activity

    def add_activity(self, activity: AwarenessActivity) -> AwarenessActivity:
        activity = self._clean(activity)
        with self.vault.unit_of_work() as uow:
            uow.activities.add(activity)
            audit.record(uow, self.clock, Action.CREATE, f"activity:{activity.id}",
                         f"awareness {activity.kind}")
        return activity

    def update_activity(self, activity: AwarenessActivity) -> AwarenessActivity:
        activity = self._clean(activity)
        with self.vault.unit_of_work() as uow:
            if activity.id is None or uow.activities.get(activity.id) is None:
                raise NotFound("Activity {id} does not exist.", code="activity_not_found",
                               id=activity.id)
            uow.activities.update(activity)
            audit.record(uow, self.clock, Action.UPDATE, f"activity:{activity.id}",
                         f"awareness {activity.kind}")
        return activity

    def remove_activity(self, activity_id: int) -> None:
        with self.vault.unit_of_work() as uow:
            if uow.activities.get(activity_id) is None:
                raise NotFound("Activity {id} does not exist.", code="activity_not_found",
                               id=activity_id)
            uow.activities.delete(activity_id)
            audit.record(uow, self.clock, Action.DELETE, f"activity:{activity_id}",
                         "awareness")

    # --- regional secret ------------------------------------------------------------------
    def set_regional_secret(self, secret: str) -> None:
        """The region's shared secret for overlap hashes: kept in the vault only."""
        secret = (secret or "").strip()
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValidationError("The regional secret must be at least {minimum} "
                                  "characters long.", code="regional_secret_short",
                                  field="secret", minimum=MIN_SECRET_LENGTH)
        with self.vault.unit_of_work() as uow:
            uow.settings.put(SECRET_KEY, secret)
            audit.record(uow, self.clock, Action.SETTINGS, "regional_secret", "set")

    def has_regional_secret(self) -> bool:
        return bool(self._secret())

    def clear_regional_secret(self) -> None:
        with self.vault.unit_of_work() as uow:
            uow.settings.put(SECRET_KEY, "")
            audit.record(uow, self.clock, Action.SETTINGS, "regional_secret", "cleared")

    def _secret(self) -> str:
        with self.vault.unit_of_work() as uow:
            return uow.settings.get_all().get(SECRET_KEY, "")

    # --- regional export ------------------------------------------------------------------
    def export_regional(self, since: date, until: date, path: Path,
                        with_overlap: bool = False) -> Path:
        """Write the regional export (.json or .csv by suffix), atomically; audited.
        Only published (masked) counts; with ``with_overlap`` also keyed hashes of the
        period's parties and locations (needs the regional secret)."""
        path = Path(path)
        fmt = mx.format_for(path)
        published = self.published(self.figures(since, until))
        overlap: dict[str, list[str]] = {}
        check = ""
        if with_overlap:
            secret = self._secret()
            if not secret:
                raise ValidationError("Set the regional secret first (agreed with the other "
                                      "municipalities of the region).",
                                      code="regional_secret_missing", field="secret")
            with self.vault.unit_of_work() as uow:
                keys = uow.signals.overlap_keys(since, until)
            overlap, check = mx.overlap_hashes(secret, keys)
        with self.vault.unit_of_work() as uow:
            names = {p.key: p.name for p in uow.partners.all()}
        data = mx.serialise(published, fmt, self.clock.today(), overlap, check, names)
        with self.vault.unit_of_work() as uow:  # the file only with its audit entry
            audit.record(uow, self.clock, Action.EXPORT, "monitoring",
                         f"regional {fmt} {since.isoformat()}..{until.isoformat()} "
                         f"overlap={'yes' if with_overlap else 'no'}")
            return write_atomic(path, data)
