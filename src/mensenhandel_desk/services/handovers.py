"""Route steps 4-6: handovers to partners, partner feedback, feedback to the reporter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from mensenhandel_desk.domain import record_rules as rules
from mensenhandel_desk.domain.enums import SignalStatus
from mensenhandel_desk.domain.errors import NotFound, RouteError, ValidationError
from mensenhandel_desk.domain.models import Handover, ReporterFeedback
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.base import ServiceContext, VaultUser, signal_or_raise
from mensenhandel_desk.services.route_state import refresh

DEFAULT_FEEDBACK_DAYS = rules.DEFAULT_FEEDBACK_DAYS


class HandoverService(VaultUser):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _clean(self, handover: Handover, received_on: date) -> Handover:
        return rules.clean_handover(handover, received_on, self.clock.today())

    def record(self, handover: Handover) -> Handover:
        """Record that the signal was handed over (step 4) and feedback was asked (step 5)."""
        with self.vault.unit_of_work() as uow:
            signal = signal_or_raise(uow, handover.signal_id)
            handover = self._clean(replace(handover), signal.received_on)
            if uow.partners.get(handover.partner_key) is None:
                raise ValidationError("Unknown partner '{key}'.", code="unknown_partner",
                                      field="partner_key", key=handover.partner_key)
            if signal.status is SignalStatus.CLOSED:
                raise RouteError("Signal {reference} is closed; reopen it before handing it "
                                 "over.", code="closed", reference=signal.reference)
            uow.handovers.add(handover)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.CREATE, signal.reference,
                         f"handover to {handover.partner_key}")
            return handover

    def update(self, handover: Handover) -> Handover:
        with self.vault.unit_of_work() as uow:
            current = uow.handovers.get(handover.id) if handover.id else None
            if current is None:
                raise NotFound("This handover no longer exists.", code="handover_not_found")
            signal = signal_or_raise(uow, current.signal_id)
            handover = self._clean(replace(handover, signal_id=current.signal_id),
                                   signal.received_on)
            if uow.partners.get(handover.partner_key) is None:
                raise ValidationError("Unknown partner '{key}'.", code="unknown_partner",
                                      field="partner_key", key=handover.partner_key)
            uow.handovers.update(handover)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "handover")
            return handover

    def record_partner_feedback(self, handover_id: int, received_on: date, text: str) -> Handover:
        """Step 5. Refused without a handover: feedback answers a handover."""
        with self.vault.unit_of_work() as uow:
            handover = uow.handovers.get(handover_id)
            if handover is None:
                raise RouteError("Partner feedback belongs to a handover; record the handover "
                                 "first.", code="feedback_without_handover", field="handover")
            signal = signal_or_raise(uow, handover.signal_id)
            handover.feedback_received_on = received_on
            handover.feedback_text = text
            handover = self._clean(handover, signal.received_on)
            uow.handovers.update(handover)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "partner feedback")
            return handover

    def for_signal(self, signal_id: int) -> list[Handover]:
        with self.vault.unit_of_work() as uow:
            signal_or_raise(uow, signal_id)
            return uow.handovers.for_signal(signal_id)

    def overdue(self) -> list[tuple[Handover, str]]:
        """Handovers whose feedback is past due, with the signal reference."""
        with self.vault.unit_of_work() as uow:
            return uow.handovers.overdue(self.clock.today())

    def inform_reporter(self, feedback: ReporterFeedback) -> ReporterFeedback:
        """Step 6: record what the reporting employee was told."""
        with self.vault.unit_of_work() as uow:
            signal = signal_or_raise(uow, feedback.signal_id)
            feedback = rules.clean_reporter_feedback(
                replace(feedback), signal.received_on,
                uow.reporters.exists_for_signal(signal.id), self.clock.today())
            uow.reporter_feedback.add(feedback)
            refresh(uow, signal.id, self.clock.today(), self.clock.now())
            audit.record(uow, self.clock, Action.UPDATE, signal.reference, "reporter informed")
            return feedback
