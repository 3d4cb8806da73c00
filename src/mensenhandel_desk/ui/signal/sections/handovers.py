"""Signal editor: handovers to partners (route step 4) and their feedback (step 5).

The list shows every handover with its feedback state; feedback past its due date is
marked in words ("OVERDUE") and bold, and a banner above the list names it, so the
officer sees it on the signal as well as in "Te doen". A handover is recorded from the
form (``handovers.record``/``update``), or by printing the handover sheet and confirming
it was sent (``documents.confirm_handover_sent``, as the CLI's ``handover --confirm-sent``
does). Partner feedback received is recorded on the selected handover
(``handovers.record_partner_feedback``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.enums import SignalStatus
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import Handover, SignalDossier
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.signal.section import Section
from mensenhandel_desk.ui.signal.sections import common
from mensenhandel_desk.ui.signal.sections.handover_form import HandoverForm
from mensenhandel_desk.ui.widgets.buttons import named_button

HEADERS = (N_("Date"), N_("Partner"), N_("Channel"), N_("Names"), N_("Partner feedback"))
ID_ROLE = 256


def is_overdue(handover: Handover, today: date) -> bool:
    """The route's rule (services/route_state.py): no feedback and the due date passed."""
    return (handover.feedback_received_on is None and handover.feedback_due_on is not None
            and handover.feedback_due_on < today)


def feedback_state(handover: Handover, today: date) -> str:
    if handover.feedback_received_on is not None:
        return _("received {date}").format(date=fmt.short_date(handover.feedback_received_on))
    if is_overdue(handover, today):
        return _("OVERDUE: due {date}").format(date=fmt.short_date(handover.feedback_due_on))
    if handover.feedback_due_on is not None:
        return _("due {date}").format(date=fmt.short_date(handover.feedback_due_on))
    return _("not requested")


class HandoversSection(Section):
    title = N_("Handovers")

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.call = common.SectionCall(ctx, self._signal_id)
        self.preview: Any = None  # the open print preview (ui.printing.PreviewDialog)
        self.editing: Handover | None = None
        self.names: dict[str, str] = {}
        self._pristine: dict[str, Any] = {}
        self._restore_draft: dict[str, Any] | None = None
        self.overdue_banner = QLabel(self)
        self.overdue_banner.setWordWrap(True)
        self.overdue_banner.setStyleSheet(common.WARNING_STYLE)
        self.overdue_banner.setAccessibleName(_("Overdue partner feedback"))
        self.overdue_banner.setVisible(False)
        self.list = QTreeWidget(self)
        self.list.setAccessibleName(_("Handovers of this signal"))
        self.list.setHeaderLabels([_(h) for h in HEADERS])
        self.list.setRootIsDecorated(False)
        self.list.header().setAccessibleName(_("Column headers"))
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.setMinimumHeight(90)
        self.list.setMaximumHeight(180)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.empty = QLabel(_("Not handed over yet."), self)
        self.change_button = named_button(self, _("&Change handover"),
                                          _("Change the selected handover"),
                                          self.edit_selected)
        # --- partner feedback on the selected handover
        self.feedback_box = QGroupBox(_("Partner feedback received"), self)
        self.feedback_for = QLabel(self.feedback_box)
        self.feedback_for.setWordWrap(True)
        self.select_hint = QLabel(_("Select a handover in the list to record the partner's "
                                    "feedback."), self)
        self.select_hint.setWordWrap(True)
        self.feedback_on = common.date_edit(self.feedback_box, _("Date feedback received"))
        self.feedback_text = common.text_box(self.feedback_box, _("Partner feedback"),
                                             _("What the partner reported back"))
        self.feedback_errors = common.FieldErrors(self.feedback_box)
        self.feedback_button = named_button(self.feedback_box, _("Record &feedback"),
                                            _("Record the partner feedback"),
                                            self.record_feedback)
        feedback_form = QFormLayout()
        feedback_form.addRow(_("Received on:"), self.feedback_errors.wrap(
            "feedback_received_on", self.feedback_on))
        feedback_form.addRow(_("Feedback:"), self.feedback_errors.wrap(
            ("feedback_text", "handover"), self.feedback_text))
        feedback_layout = QVBoxLayout(self.feedback_box)
        feedback_layout.addWidget(self.feedback_for)
        feedback_layout.addLayout(feedback_form)
        feedback_layout.addWidget(self.feedback_errors.general)
        feedback_layout.addWidget(self.feedback_button)
        # --- a new handover, or a change to the selected one
        self.form = HandoverForm(self)
        self.save_button = named_button(self.form, _("&Record handover"),
                                        _("Record the handover"), self.save_handover)
        self.print_button = named_button(self.form, _("&Print handover sheet…"),
                                         _("Preview and print the handover sheet"),
                                         self.print_sheet)
        self.cancel_button = named_button(self.form, _("Cancel change"),
                                          _("Cancel changing the handover"), self.reset_form)
        self.form.buttons.addWidget(self.save_button)
        self.form.buttons.addWidget(self.print_button)
        self.form.buttons.addWidget(self.cancel_button)
        self.form.buttons.addStretch(1)
        self.closed_note = QLabel(_("This signal is closed; reopen it to hand it over."), self)
        self.closed_note.setWordWrap(True)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.change_button)
        list_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.overdue_banner)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(list_buttons)
        layout.addWidget(self.select_hint)
        layout.addWidget(self.feedback_box)
        layout.addWidget(self.closed_note)
        layout.addWidget(self.form)
        self.reset_form()
        self._selection_changed()

    def _signal_id(self) -> int | None:
        return self.dossier.signal.id if self.dossier is not None else None

    @property
    def today(self) -> date:
        return self.form.today

    # --- the contract ---------------------------------------------------------------
    def load(self, dossier: SignalDossier) -> None:
        same = self.dossier is not None and self.dossier.signal.id == dossier.signal.id
        if not same:
            self.call.bump()
        self.dossier = dossier
        self._fill()
        closed = dossier.signal.status is SignalStatus.CLOSED
        self.closed_note.setVisible(closed)
        self.form.setEnabled(not closed)
        self.reset_form()  # the saved state: pending input is the editor's to keep
        self._reset_feedback()
        self._selection_changed()
        if not same or not self.form.directory:
            self.call(self._reference_data, self._reference_loaded, self.form.errors.show)

    def clear(self) -> None:
        self.call.bump()
        self.dossier = None
        self.preview = None  # the preview closes itself on lock
        self.editing = None
        self.names = {}
        self.list.clear()
        self.overdue_banner.clear()
        self.overdue_banner.setVisible(False)
        self.form.wipe()
        self._reset_feedback()
        self.feedback_for.clear()

    def unsaved(self) -> dict[str, Any] | None:
        if self.dossier is None:
            return None
        draft: dict[str, Any] = {}
        state = self.form.state()
        if state != self._pristine:
            draft["form"] = state
            draft["editing"] = self.editing.id if self.editing else None
        if self._feedback_pending():
            draft["feedback"] = {
                "handover": self._selected().id,
                "received_on": common.from_qdate(self.feedback_on.date()).isoformat(),
                "text": self.feedback_text.toPlainText()}
        return draft or None

    def restore(self, draft: dict[str, Any]) -> None:
        self._restore_draft = draft
        if self.form.directory:
            self._apply_draft()

    # --- loading --------------------------------------------------------------------
    @staticmethod
    def _reference_data(services: Any) -> tuple[list[Any], int, date]:
        return (services.reference.directory(), services.settings.get().feedback_days,
                services.clock.today())

    def _reference_loaded(self, result: tuple[list[Any], int, date]) -> None:
        entries, days, today = result
        self.names = {e.partner.key: e.partner.name for e in entries}
        untouched = self.form.state() == self._pristine
        self.form.feedback_days, self.form.today = days, today
        self.form.set_directory(entries)
        if untouched and self.editing is None:
            self.reset_form()
        self._fill()
        if self._restore_draft:
            self._apply_draft()

    def _apply_draft(self) -> None:
        draft, self._restore_draft = self._restore_draft, None
        if self.dossier is None:
            return
        by_id = {h.id: h for h in self.dossier.handovers}
        if draft.get("editing") in by_id:
            self._start_edit(by_id[draft["editing"]])
        if "form" in draft:
            self.form.set_state(draft["form"])
        feedback = draft.get("feedback")
        if feedback and feedback.get("handover") in by_id:
            self._select(feedback["handover"])
            self.feedback_on.setDate(common.to_qdate(date.fromisoformat(
                feedback["received_on"])))
            self.feedback_text.setPlainText(feedback.get("text", ""))

    def _fill(self) -> None:
        if self.dossier is None:
            return
        selected = self._selected_id()
        self.list.clear()
        today = self.today
        overdue = []
        for handover in self.dossier.handovers:
            partner = self.names.get(handover.partner_key, handover.partner_key)
            item = QTreeWidgetItem([fmt.short_date(handover.handed_over_on), partner,
                                    label(handover.channel), label(handover.name_mode),
                                    feedback_state(handover, today)])
            item.setData(0, ID_ROLE, handover.id)
            item.setToolTip(1, partner)
            if is_overdue(handover, today):
                overdue.append((partner, handover))
                font = item.font(4)
                font.setBold(True)
                for column in range(len(HEADERS)):
                    item.setFont(column, font)
            self.list.addTopLevelItem(item)
            if handover.id == selected:
                item.setSelected(True)
        for column in (0, 2, 3, 4):
            self.list.resizeColumnToContents(column)
        self.empty.setVisible(not self.dossier.handovers)
        if overdue:
            lines = [_("Partner feedback is overdue:")] + [
                _("{partner}: asked by {date}").format(
                    partner=p, date=fmt.short_date(h.feedback_due_on)) for p, h in overdue]
            self.overdue_banner.setText("\n".join(lines))
        self.overdue_banner.setVisible(bool(overdue))
        self._selection_changed()

    # --- selection ------------------------------------------------------------------
    def _selected_id(self) -> int | None:
        items = self.list.selectedItems()
        return items[0].data(0, ID_ROLE) if items else None

    def _selected(self) -> Handover | None:
        handover_id = self._selected_id()
        if self.dossier is None or handover_id is None:
            return None
        return next((h for h in self.dossier.handovers if h.id == handover_id), None)

    def _select(self, handover_id: int) -> None:
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            item.setSelected(item.data(0, ID_ROLE) == handover_id)

    def _selection_changed(self) -> None:
        handover = self._selected()
        self.change_button.setEnabled(handover is not None)
        self.feedback_box.setVisible(handover is not None)
        self.select_hint.setVisible(handover is None and bool(self.list.topLevelItemCount()))
        if handover is None:
            return
        partner = self.names.get(handover.partner_key, handover.partner_key)
        self.feedback_for.setText(_("Feedback on the handover to {partner} of {date}.")
                                  .format(partner=partner,
                                          date=fmt.short_date(handover.handed_over_on)))
        self.feedback_on.setMinimumDate(common.to_qdate(handover.handed_over_on))
        if handover.feedback_received_on is not None and not self.feedback_text.toPlainText():
            self.feedback_on.setDate(common.to_qdate(handover.feedback_received_on))
            self.feedback_text.setPlainText(handover.feedback_text)
            self.feedback_text.document().clearUndoRedoStacks()
        elif handover.feedback_received_on is None:
            self.feedback_on.setDate(common.to_qdate(self.today))

    # --- the form -------------------------------------------------------------------
    def reset_form(self) -> None:
        self.editing = None
        self.form.reset(self.dossier.signal.received_on if self.dossier else None)
        self.save_button.setText(_("&Record handover"))
        self.save_button.setAccessibleName(_("Record the handover"))
        self.save_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self.cancel_button.setVisible(False)
        self._pristine = self.form.state()

    def _start_edit(self, handover: Handover) -> None:
        self.editing = handover
        self.form.show_handover(handover)
        partner = self.names.get(handover.partner_key, handover.partner_key)
        self.form.setTitle(_("Change handover to {partner}").format(partner=partner))
        self.save_button.setText(_("&Save changes"))
        self.save_button.setAccessibleName(_("Save the changed handover"))
        self.cancel_button.setVisible(True)
        self._pristine = self.form.state()

    def edit_selected(self) -> None:
        handover = self._selected()
        if handover is not None:
            self._start_edit(handover)
            self.form.partner.setFocus()

    def _reset_feedback(self) -> None:
        common.wipe(self.feedback_text)
        self.feedback_errors.clear()
        self.feedback_on.setDate(common.to_qdate(self.today))

    def save(self) -> bool:
        """Ctrl+S, "Save" on leaving: record what the form holds and the feedback typed."""
        if self.dossier is None:
            return False
        started = False
        if self.form.state() != self._pristine:
            started = self.save_handover()
        if self._feedback_pending():
            started = self.record_feedback() or started
        return started

    def _feedback_pending(self) -> bool:
        """Feedback typed for the selected handover that differs from what is saved."""
        handover = self._selected()
        text = self.feedback_text.toPlainText().strip()
        return handover is not None and bool(text) and text != handover.feedback_text

    def _apply(self, saved: Handover) -> None:
        """Show a saved handover at once, whatever the editor reloads."""
        if self.dossier is None:
            return
        handovers = [h for h in self.dossier.handovers if h.id != saved.id] + [saved]
        handovers.sort(key=lambda h: (h.handed_over_on, h.id or 0))
        self.dossier = replace(self.dossier, handovers=handovers)
        self._fill()

    def save_handover(self) -> bool:
        if self.dossier is None:
            return False
        handover = self.form.handover(self.dossier.signal.id, self.editing)
        self.form.errors.clear()
        self.save_button.setEnabled(False)

        def work(services: Any) -> Handover:
            if handover.id is None:
                return services.handovers.record(handover)
            return services.handovers.update(handover)

        self.call(work, self._saved, self._failed)
        return True

    def _saved(self, handover: Handover) -> None:
        self.reset_form()
        self._apply(handover)
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self.form.errors.show(error)

    def record_feedback(self) -> bool:
        handover = self._selected()
        if handover is None:
            return False
        received_on = common.from_qdate(self.feedback_on.date())
        text = self.feedback_text.toPlainText()
        self.feedback_errors.clear()

        def saved(result: Handover) -> None:
            self._reset_feedback()
            self._apply(result)
            self._selection_changed()
            self.changed.emit()

        self.call(lambda services: services.handovers.record_partner_feedback(
            handover.id, received_on, text), saved, self.feedback_errors.show)
        return True

    # --- the handover sheet ---------------------------------------------------------
    def print_sheet(self) -> None:
        """Preview and print the sheet for the partner in the form; after a copy was
        printed or saved, offer to record the handover (the CLI's ``--confirm-sent``)."""
        if self.dossier is None:
            return
        from mensenhandel_desk.ui.printing import DocumentRequest, show_document

        handover = self.form.handover(self.dossier.signal.id)
        self.form.errors.clear()
        if not handover.partner_key:
            self.form.errors.show(_missing_partner())
            return
        reference = self.dossier.signal.reference
        partner = self.names.get(handover.partner_key, handover.partner_key)
        editing = self.editing.id if self.editing is not None else None

        def render(services: Any, preview: bool) -> Any:
            return services.documents.handover_sheet(
                reference, handover.partner_key, handover.name_mode,
                requested_action=handover.requested_action,
                feedback_due_on=handover.feedback_due_on, preview=preview,
                shared=handover.shared_data, handover_id=editing)

        request = DocumentRequest(
            title=_("Handover sheet {reference} for {partner}").format(
                reference=reference, partner=partner), render=render)
        self.preview = show_document(
            self.ctx, self, request,
            on_done=lambda printed: self._sheet_done(printed, handover, partner))

    def _sheet_done(self, printed: bool, handover: Handover, partner: str) -> None:
        if not printed or self.dossier is None or self.editing is not None:
            return
        if not common.ask(self, _("Record the handover"),
                          _("The handover sheet for {partner} was printed or saved. Was it "
                            "sent? Then record the handover now (with the data the sheet "
                            "contains).").format(partner=partner)):
            return
        reference = self.dossier.signal.reference
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)
        def work(services: Any) -> Handover:
            recorded = services.documents.confirm_handover_sent(
                reference, handover.partner_key, handover.name_mode,
                channel=handover.channel, basis=handover.basis,
                legal_ground=handover.legal_ground,
                requested_action=handover.requested_action,
                feedback_due_on=handover.feedback_due_on,
                handed_over_on=handover.handed_over_on, shared=handover.shared_data)
            if handover.contact_id is not None:  # the sheet path takes no contact person
                recorded.contact_id = handover.contact_id
                recorded = services.handovers.update(recorded)
            return recorded

        self.call(work, self._saved, self._failed)


def _missing_partner() -> BaseException:
    from mensenhandel_desk.domain.errors import RouteError

    return RouteError("A handover needs a partner. Choose the partner the signal goes to.",
                      code="handover_without_partner", field="partner_key")

