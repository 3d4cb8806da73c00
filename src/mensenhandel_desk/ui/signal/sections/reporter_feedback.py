"""Signal editor: "reporter informed" (route step 6), the feedback letter to the colleague
who reported.

The letter text starts from the template for the signal's state
(``documents.default_template_key``/``feedback_template``, placeholders filled); the
officer edits it, previews and prints it through the in-app preview (``show_document``
over ``documents.feedback_letter(..., body=text, preview=preview)``) and records it
(``documents.confirm_letter_sent``). Telling the reporter in person is recorded the same
way, without a letter. The reporter's identity is not shown here: the service reads it
only to address the letter.

A signal without a known reporter (an anonymous source) has no step 6: the section says
so and offers nothing to do; the route closes without it.
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

from mensenhandel_desk.domain.enums import Outcome
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import SignalDossier
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.signal.section import Section
from mensenhandel_desk.ui.signal.sections import common
from mensenhandel_desk.ui.widgets.buttons import named_button

OPEN_TEMPLATES = {"in_behandeling": N_("Letter: signal still being handled"),
                  "overgedragen": N_("Letter: signal handed over")}


def template_label(key: str) -> str:
    if key in OPEN_TEMPLATES:
        return _(OPEN_TEMPLATES[key])
    try:
        return _("Letter: {outcome}").format(outcome=label(Outcome(key)))
    except ValueError:
        return key


class ReporterFeedbackSection(Section):
    title = N_("Reporter informed")

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.call = common.SectionCall(ctx, self._signal_id)
        self.preview: Any = None  # the open print preview (ui.printing.PreviewDialog)
        self.today = Clock().today()
        self._pristine_text = ""
        self._draft: dict[str, Any] | None = None
        self.not_applicable = QLabel(_(
            "Not applicable: this signal has no known reporter (for example an anonymous "
            "report), so there is nobody to inform. The route can be closed without this "
            "step."), self)
        self.not_applicable.setWordWrap(True)
        self.not_applicable.setAccessibleName(_("Reporter informed: not applicable"))
        self.body = QWidget(self)
        self.history = QTreeWidget(self.body)
        self.history.setAccessibleName(_("Feedback given to the reporter"))
        self.history.setHeaderLabels([_("Date"), _("What the reporter was told")])
        self.history.setRootIsDecorated(False)
        self.history.header().setAccessibleName(_("Column headers"))
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.history.setMaximumHeight(110)
        self.state = QLabel(self.body)
        self.state.setWordWrap(True)
        self.state.setAccessibleName(_("Whether the reporter was informed"))
        self.letter_box = QGroupBox(_("Feedback letter"), self.body)
        self.template = common.combo(self.letter_box, _("Letter template"))
        self.load_button = named_button(self.letter_box, _("&Use template"),
                                        _("Replace the text with the chosen template"),
                                        self.use_template)
        self.text = common.text_box(self.letter_box, _("Text of the feedback letter"),
                                    _("In general terms: no names, no partner "
                                      "investigations."), 180)
        self.text.setMaximumHeight(400)
        self.given_on = common.date_edit(self.letter_box, _("Date the reporter was informed"))
        self.errors = common.FieldErrors(self.letter_box)
        self.print_button = named_button(self.letter_box, _("&Preview and print letter…"),
                                         _("Preview and print the feedback letter"),
                                         self.print_letter)
        self.record_button = named_button(self.letter_box, _("Record &as informed"),
                                          _("Record that the reporter was informed"),
                                          self.record)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(self.load_button)
        template_box = QWidget(self.letter_box)
        template_box.setLayout(template_row)
        form = QFormLayout()
        form.addRow(_("Template:"), self.errors.wrap("template", template_box))
        form.addRow(_("Text:"), self.errors.wrap(("body", "text"), self.text))
        form.addRow(_("Informed on:"), self.errors.wrap("given_on", self.given_on))
        hint = QLabel(_("The letter is addressed to the reporter; their name is read from the "
                        "vault only to print it. Printing does not record anything: record "
                        "it when the letter went out, or when you told the reporter in "
                        "person."), self.letter_box)
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        box_layout = QVBoxLayout(self.letter_box)
        box_layout.addLayout(form)
        box_layout.addWidget(hint)
        box_layout.addWidget(self.errors.general)
        box_layout.addLayout(buttons)
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.state)
        body_layout.addWidget(self.history)
        body_layout.addWidget(self.letter_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.not_applicable)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.not_applicable.setVisible(False)

    def _signal_id(self) -> int | None:
        return self.dossier.signal.id if self.dossier is not None else None

    # --- the contract ---------------------------------------------------------------
    def load(self, dossier: SignalDossier) -> None:
        same = self.dossier is not None and self.dossier.signal.id == dossier.signal.id
        if not same:
            self.call.bump()
            self._draft = None
            self._wipe_letter()
        self.dossier = dossier
        self.not_applicable.setVisible(not dossier.has_reporter)
        self.body.setVisible(dossier.has_reporter)
        if not dossier.has_reporter:
            return
        self._fill_history(dossier)
        self.given_on.setMinimumDate(common.to_qdate(dossier.signal.received_on))
        self._fetch_template(None)  # the saved state: the template for the signal as it is

    def clear(self) -> None:
        self.call.bump()
        self.dossier = None
        self.preview = None  # the preview closes itself on lock
        self._draft = None
        self.history.clear()
        self.state.clear()
        self._wipe_letter()

    def unsaved(self) -> dict[str, Any] | None:
        if self.dossier is None or not self.dossier.has_reporter:
            return None
        text = self.text.toPlainText()
        if text.strip() == self._pristine_text.strip():
            return self._draft
        return {"template": self.template.currentData(), "text": text,
                "given_on": common.from_qdate(self.given_on.date()).isoformat()}

    def restore(self, draft: dict[str, Any]) -> None:
        self._draft = draft
        if self.template.count():
            self._apply_draft()

    def _apply_draft(self) -> None:
        draft, self._draft = self._draft, None
        if not draft:
            return
        common.select_data(self.template, draft.get("template"))
        self.text.setPlainText(draft.get("text", ""))
        if draft.get("given_on"):
            self.given_on.setDate(common.to_qdate(date.fromisoformat(draft["given_on"])))

    # --- filling --------------------------------------------------------------------
    def _wipe_letter(self) -> None:
        common.wipe(self.text)
        self._pristine_text = ""
        self.template.clear()
        self.errors.clear()

    def _fill_history(self, dossier: SignalDossier) -> None:
        self.history.clear()
        for feedback in sorted(dossier.reporter_feedback, key=lambda f: (f.given_on, f.id)):
            first = feedback.text.strip().splitlines()[0] if feedback.text.strip() else ""
            item = QTreeWidgetItem([fmt.short_date(feedback.given_on), first])
            item.setToolTip(1, feedback.text)
            self.history.addTopLevelItem(item)
        self.history.resizeColumnToContents(0)
        self.history.setVisible(bool(dossier.reporter_feedback))
        if dossier.reporter_feedback:
            last = max(f.given_on for f in dossier.reporter_feedback)
            self.state.setText(_("The reporter was informed on {date}.").format(
                date=fmt.long_date(last)))
        else:
            self.state.setText(_("The reporter has not been informed yet."))

    def _fetch_template(self, key: str | None) -> None:
        reference = self.dossier.signal.reference

        def work(services: Any) -> tuple[list[str], str, str, date]:
            from mensenhandel_desk.services.documents import template_keys

            chosen = key or services.documents.default_template_key(reference)
            return (template_keys(), chosen,
                    services.documents.feedback_template(reference, chosen),
                    services.clock.today())

        self.call(work, self._template_loaded, self.errors.show)

    def _template_loaded(self, result: tuple[list[str], str, str, date]) -> None:
        keys, chosen, text, today = result
        self.today = today
        self.template.blockSignals(True)
        self.template.clear()
        for key in keys:
            self.template.addItem(template_label(key), key)
        common.select_data(self.template, chosen)
        self.template.blockSignals(False)
        self.given_on.setDate(common.to_qdate(today))
        self.text.setPlainText(text)
        self.text.document().clearUndoRedoStacks()
        self._pristine_text = text
        if self._draft:
            self._apply_draft()

    def use_template(self) -> None:
        if self.dossier is None:
            return
        if (self.text.toPlainText().strip() != self._pristine_text.strip()
                and not common.ask(self, _("Use template"),
                                   _("Replace the text you edited with the template?"))):
            return
        common.wipe(self.text)
        self._fetch_template(self.template.currentData())

    # --- printing and recording -----------------------------------------------------
    def print_letter(self) -> None:
        if self.dossier is None:
            return
        from mensenhandel_desk.ui.printing import DocumentRequest, show_document

        reference, body = self.dossier.signal.reference, self.text.toPlainText()
        self.errors.clear()

        def render(services: Any, preview: bool) -> Any:
            return services.documents.feedback_letter(reference, body=body, preview=preview)

        request = DocumentRequest(title=_("Feedback letter {reference}").format(
            reference=reference), render=render)
        self.preview = show_document(
            self.ctx, self, request, on_done=lambda printed: self._letter_done(printed, body))

    def _letter_done(self, printed: bool, body: str) -> None:
        if not printed or self.dossier is None:
            return
        if common.ask(self, _("Record the feedback"),
                      _("The letter was printed or saved. Record that the reporter was "
                        "informed with this letter?")):
            self._record(body)

    def save(self) -> bool:
        """A letter text has no store of its own: recording it means the reporter was
        informed, which "Save" must not claim. Say so next to the text instead."""
        if self.unsaved() is not None:
            from mensenhandel_desk.domain.errors import ValidationError

            self.errors.show(ValidationError(
                "The letter text is not kept on its own: print the letter or record that the "
                "reporter was informed, or discard the change.", code="letter_not_kept",
                field="body"))
        return False

    def record(self) -> None:
        self._record(self.text.toPlainText())

    def _record(self, body: str) -> None:
        if self.dossier is None:
            return
        reference = self.dossier.signal.reference
        given_on = common.from_qdate(self.given_on.date())
        self.errors.clear()
        self.record_button.setEnabled(False)

        def saved(result: Any) -> None:
            self.record_button.setEnabled(True)
            self._pristine_text = self.text.toPlainText()
            if self.dossier is not None:  # shown at once, whatever the editor reloads
                self.dossier = replace(self.dossier, reporter_feedback=[
                    *self.dossier.reporter_feedback, result])
                self._fill_history(self.dossier)
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self.record_button.setEnabled(True)
            self.errors.show(error)

        self.call(lambda services: services.documents.confirm_letter_sent(
            reference, body, given_on), saved, failed)
