"""Signal editor: the officer's assessment, closing (with an outcome) and reopening, and
the legal hold.

- Assessment on the Veilig Thuis scale (``domain.enums.Assessment``), saved through
  ``signals.update`` on the signal as it is in the vault at that moment (read on the
  worker), so no other field is overwritten with what this section was shown.
- Close with an outcome and a closing date (may lie in the past, not before receipt):
  ``signals.close``; what the route still expects (reporter not informed, feedback
  outstanding) is listed beside the button and asked about, never blocking. ``reopen``
  undoes it.
- Legal hold with a reason (kept out of every purge): ``RetentionService.place_hold`` /
  ``lift_hold``, built on the worker over the same ``Services`` bundle, as the CLI's
  ``hold``/``release`` do.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.enums import Assessment, Outcome, SignalStatus
from mensenhandel_desk.domain.labels import label, outcome_short
from mensenhandel_desk.domain.models import Signal, SignalDossier
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.signal.section import Section
from mensenhandel_desk.ui.signal.sections import common
from mensenhandel_desk.ui.widgets.buttons import named_button


def open_items(dossier: SignalDossier) -> list[str]:
    """What the route still expects before closing (advice, not a rule)."""
    items = []
    if not dossier.handovers:
        items.append(_("The signal was not handed over (the care coordinator is always "
                       "informed)."))
    waiting = [h for h in dossier.handovers if h.feedback_received_on is None]
    if waiting:
        items.append(_("Feedback from {count} handover(s) has not been received.").format(
            count=len(waiting)))
    if dossier.has_reporter and not dossier.reporter_feedback:
        items.append(_("The reporter has not been informed yet."))
    return items


class ClosingSection(Section):
    title = N_("Assessment and closing")

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.call = common.SectionCall(ctx, self._signal_id)
        self.today = Clock().today()
        # --- assessment
        self.assessment_box = QGroupBox(_("Assessment (Veilig Thuis scale)"), self)
        self.assessment = common.combo(self.assessment_box, _("Assessment"),
                                       [(label(a), a) for a in Assessment])
        self.assessment_errors = common.FieldErrors(self.assessment_box)
        self.assessment_button = named_button(self.assessment_box, _("Save &assessment"),
                                              _("Save the assessment"), self.save_assessment)
        row = QHBoxLayout()
        row.addWidget(self.assessment_errors.wrap("assessment", self.assessment), 1)
        row.addWidget(self.assessment_button)
        box = QVBoxLayout(self.assessment_box)
        box.addLayout(row)
        box.addWidget(self.assessment_errors.general)
        # --- close / reopen
        self.close_box = QGroupBox(_("Close the signal"), self)
        self.status = QLabel(self.close_box)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Closing status"))
        self.outcome = common.combo(self.close_box, _("Outcome"))
        self.outcome.addItem(_("Choose an outcome…"), None)
        for outcome in Outcome:
            self.outcome.addItem(label(outcome), outcome)
        self.closed_on = common.date_edit(self.close_box, _("Closing date"))
        self.advice = QLabel(self.close_box)
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet(common.WARNING_STYLE)
        self.advice.setAccessibleName(_("Still open on the route"))
        self.close_errors = common.FieldErrors(self.close_box)
        self.close_button = named_button(self.close_box, _("&Close signal"),
                                         _("Close the signal with this outcome"),
                                         self.close_signal)
        self.reopen_button = named_button(self.close_box, _("&Reopen signal"),
                                          _("Reopen the closed signal"), self.reopen)
        self.close_form = QWidget(self.close_box)
        form = QFormLayout(self.close_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Outcome:"), self.close_errors.wrap("outcome", self.outcome))
        form.addRow(_("Closed on:"), self.close_errors.wrap("closed_on", self.closed_on))
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.reopen_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self.close_box)
        box.addWidget(self.status)
        box.addWidget(self.close_form)
        box.addWidget(self.advice)
        box.addWidget(self.close_errors.general)
        box.addLayout(buttons)
        # --- legal hold
        self.hold_box = QGroupBox(_("Legal hold"), self)
        self.hold_state = QLabel(self.hold_box)
        self.hold_state.setWordWrap(True)
        self.hold_state.setAccessibleName(_("Legal hold status"))
        self.hold_reason = common.text_box(self.hold_box, _("Reason for the legal hold"),
                                           _("Why the signal must be kept, e.g. a running "
                                             "investigation (no names)"), 50)
        self.hold_errors = common.FieldErrors(self.hold_box)
        self.hold_button = named_button(self.hold_box, _("&Place legal hold"),
                                        _("Place a legal hold with this reason"),
                                        self.place_hold)
        self.lift_button = named_button(self.hold_box, _("&Lift legal hold"),
                                        _("Lift the legal hold"), self.lift_hold)
        hold_buttons = QHBoxLayout()
        hold_buttons.addWidget(self.hold_button)
        hold_buttons.addWidget(self.lift_button)
        hold_buttons.addStretch(1)
        box = QVBoxLayout(self.hold_box)
        box.addWidget(self.hold_state)
        box.addWidget(self.hold_errors.wrap("reason", self.hold_reason))
        box.addWidget(self.hold_errors.general)
        box.addLayout(hold_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.assessment_box)
        layout.addWidget(self.close_box)
        layout.addWidget(self.hold_box)
        layout.addStretch(1)

    def _signal_id(self) -> int | None:
        return self.dossier.signal.id if self.dossier is not None else None

    # --- the contract ---------------------------------------------------------------
    def load(self, dossier: SignalDossier) -> None:
        """The saved state: pending input is the editor's to keep (it does not reload a
        section that has some)."""
        if self.dossier is None or self.dossier.signal.id != dossier.signal.id:
            self.call.bump()
            self.setEnabled(True)
            self.call(lambda services: services.clock.today(), self._set_today,
                      lambda _error: None)
        self.dossier = dossier
        for errors in (self.assessment_errors, self.close_errors, self.hold_errors):
            errors.clear()
        common.select_data(self.assessment, dossier.signal.assessment)
        common.wipe(self.hold_reason)
        self.outcome.setCurrentIndex(0)
        self._show(dossier.signal)

    def _show(self, signal: Signal) -> None:
        """Status, advice and hold of ``signal``; typed input stays as it is."""
        if self.dossier is None:
            return
        self.dossier = replace(self.dossier, signal=signal)
        closed = signal.status is SignalStatus.CLOSED
        self.close_form.setVisible(not closed)
        self.close_button.setVisible(not closed)
        self.reopen_button.setVisible(closed)
        if closed:
            self.status.setText(_("Closed on {date}. Outcome: {outcome}.").format(
                date=fmt.long_date(signal.closed_on),
                outcome=outcome_short(signal.outcome) if signal.outcome else ""))
            self.advice.setVisible(False)
        else:
            self.status.setText(_("Open signal; status: {status}.").format(
                status=label(signal.status)))
            items = open_items(self.dossier)
            self.advice.setText("\n".join(items))
            self.advice.setVisible(bool(items))
            self.closed_on.setMinimumDate(common.to_qdate(signal.received_on))
            if self.outcome.currentData() is None:
                self.closed_on.setDate(common.to_qdate(self.today))
        self.hold_state.setText(
            _("Legal hold: {reason}").format(reason=signal.legal_hold_reason)
            if signal.legal_hold_reason else
            _("No legal hold: the signal is purged when its retention period has passed."))
        self.lift_button.setEnabled(bool(signal.legal_hold_reason))
        self.hold_button.setText(_("&Change reason") if signal.legal_hold_reason
                                 else _("&Place legal hold"))

    def clear(self) -> None:
        self.call.bump()
        self.dossier = None
        self.setEnabled(True)
        common.wipe(self.hold_reason, self.hold_state, self.status, self.advice)
        self.assessment.setCurrentIndex(0)
        self.outcome.setCurrentIndex(0)
        for errors in (self.assessment_errors, self.close_errors, self.hold_errors):
            errors.clear()

    def unsaved(self) -> dict[str, Any] | None:
        if self.dossier is None:
            return None
        draft: dict[str, Any] = {}
        if self.assessment.currentData() != self.dossier.signal.assessment:
            draft["assessment"] = str(self.assessment.currentData())
        if self.hold_reason.toPlainText().strip():
            draft["hold_reason"] = self.hold_reason.toPlainText()
        return draft or None

    def restore(self, draft: dict[str, Any]) -> None:
        if draft.get("assessment"):
            common.select_data(self.assessment, Assessment(draft["assessment"]))
        if draft.get("hold_reason"):
            self.hold_reason.setPlainText(draft["hold_reason"])

    def _set_today(self, today: date) -> None:
        self.today = today
        if self.outcome.currentData() is None:
            self.closed_on.setDate(common.to_qdate(today))

    # --- actions --------------------------------------------------------------------
    def save(self) -> bool:
        """Ctrl+S, "Save" on leaving: the assessment and a typed hold reason. Closing is
        never implied: an outcome chosen but not confirmed is not pending input."""
        if self.dossier is None:
            return False
        started = False
        if self.assessment.currentData() != self.dossier.signal.assessment:
            self.save_assessment()
            started = True
        if self.hold_reason.toPlainText().strip():
            self.place_hold()
            started = True
        return started

    def _run(self, work: Any, errors: common.FieldErrors,
             done: Any = None) -> None:
        """Run ``work`` (returning the signal as saved) and show the result at once."""
        errors.clear()
        self.setEnabled(False)

        def saved(signal: Signal) -> None:
            self.setEnabled(True)
            if done is not None:
                done()
            self._show(signal)
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self.setEnabled(True)
            errors.show(error)

        self.call(work, saved, failed)

    def save_assessment(self) -> None:
        if self.dossier is None:
            return
        signal_id, assessment = self.dossier.signal.id, self.assessment.currentData()

        def work(services: Any) -> Any:
            signal = services.signals.get(signal_id)
            signal.assessment = assessment
            return services.signals.update(signal)

        self._run(work, self.assessment_errors)

    def close_signal(self) -> None:
        if self.dossier is None:
            return
        signal_id, outcome = self.dossier.signal.id, self.outcome.currentData()
        closed_on = common.from_qdate(self.closed_on.date())
        if outcome is None:
            from mensenhandel_desk.domain.route import check_close

            try:
                check_close(None)
            except Exception as error:  # the route's own message, next to the field
                self.close_errors.show(error)
            return
        items = open_items(self.dossier)
        if items and not common.ask(self, _("Close the signal"),
                                    "\n".join([*items, "", _("Close the signal anyway?")])):
            return
        self._run(lambda services: services.signals.close(signal_id, outcome, closed_on),
                  self.close_errors, done=lambda: self.outcome.setCurrentIndex(0))

    def reopen(self) -> None:
        if self.dossier is None:
            return
        signal_id = self.dossier.signal.id
        if not common.ask(self, _("Reopen signal"),
                          _("Reopen this signal? Its outcome and closing date are "
                            "removed.")):
            return
        self._run(lambda services: services.signals.reopen(signal_id), self.close_errors)

    def place_hold(self) -> None:
        if self.dossier is None:
            return
        reference, reason = self.dossier.signal.reference, self.hold_reason.toPlainText()

        def work(services: Any) -> Signal:
            from mensenhandel_desk.services.retention import RetentionService

            RetentionService(services).place_hold(reference, reason)
            return services.signals.by_reference(reference)

        self._run(work, self.hold_errors, done=lambda: common.wipe(self.hold_reason))

    def lift_hold(self) -> None:
        if self.dossier is None:
            return
        reference = self.dossier.signal.reference
        if not common.ask(self, _("Lift legal hold"),
                          _("Lift the legal hold? The signal is then purged when its "
                            "retention period has passed.")):
            return

        def work(services: Any) -> Signal:
            from mensenhandel_desk.services.retention import RetentionService

            RetentionService(services).lift_hold(reference)
            return services.signals.by_reference(reference)

        self._run(work, self.hold_errors)
