"""Add a chain partner or change what one covers: name, forms, tasks, report-route step.

The seed list comes from the two policy documents; each region differs (another care
coordinator, a local FairWork-like organisation), so the officer corrects it here.
Reference data, no personal data. The service validates; its message appears next to the
field it names. Saved on the worker; closed on lock like every dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.enums import ExploitationForm
from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import Partner
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.reference_data import partner_form_keys, partner_forms
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.partners.contact_dialog import error_label

FORMS = (ExploitationForm.SEXUAL, ExploitationForm.LABOUR, ExploitationForm.CRIMINAL,
         ExploitationForm.OTHER)


class PartnerDialog(QDialog):
    saved = Signal(object)  # the Partner as stored

    def __init__(self, ctx: DeskContext, partner: Partner | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.original = partner
        self.setWindowTitle(_("Change partner") if partner is not None else _("New partner"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("n") * 70)
        self.name = QLineEdit(self)
        self.name.setAccessibleName(_("Name of the organisation"))
        self.forms: dict[ExploitationForm, QCheckBox] = {}
        forms_row = QHBoxLayout()
        for form in FORMS:
            box = QCheckBox(label(form), self)
            box.setAccessibleName(label(form))
            self.forms[form] = box
            forms_row.addWidget(box)
        forms_row.addStretch(1)
        self.route = QLineEdit(self)
        self.route.setAccessibleName(_("Step in the report route"))
        self.route.setPlaceholderText(_("e.g. for labour exploitation (step 4)"))
        self.tasks = QPlainTextEdit(self)
        self.tasks.setAccessibleName(_("Tasks, one per line"))
        self.tasks.setTabChangesFocus(True)
        self.tasks.setFixedHeight(self.fontMetrics().lineSpacing() * 6 + 12)
        self.fields: dict[str, QWidget] = {"name": self.name, "forms": self.forms[FORMS[0]],
                                           "route": self.route, "tasks": self.tasks}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        captions = {"name": _("&Name:"), "forms": _("Forms:"), "route": _("&Report route:"),
                    "tasks": _("&Tasks (one per line):")}
        for key in ("name", "forms", "route", "tasks"):
            caption = QLabel(captions[key], self)
            if key != "forms":
                caption.setBuddy(self.fields[key])
            self.errors[key] = error_label(self)
            column = QVBoxLayout()
            column.setSpacing(2)
            if key == "forms":
                column.addLayout(forms_row)
            else:
                column.addWidget(self.fields[key])
            column.addWidget(self.errors[key])
            form.addRow(caption, column)
        hint = QLabel(_("A partner without forms is not form-specific: the form filter does "
                        "not show it."), self)
        hint.setWordWrap(True)
        hint.setAccessibleName(_("About the forms"))
        self.general_error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
            parent=self)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(_("&Save"))
        save.setAccessibleName(_("Save the partner"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        if partner is not None:
            self.name.setText(partner.name)
            covered = partner_forms(partner)
            for form_value, box in self.forms.items():
                box.setChecked(form_value in covered)
            self.route.setText(partner.route)
            self.tasks.setPlainText("\n".join(partner.tasks))

    def partner(self) -> Partner:
        forms = {f for f, box in self.forms.items() if box.isChecked()}
        base = self.original
        return Partner(key=base.key if base else "", name=self.name.text(),
                       tasks=self.tasks.toPlainText().splitlines(),
                       forms=partner_form_keys(forms), route=self.route.text(),
                       active=base.active if base else True)

    def save(self) -> None:
        partner = self.partner()
        self._show_error(None)
        self.buttons.setEnabled(False)
        self.ctx.run(lambda services: services.reference.save_partner(partner),
                     on_success=self._saved, on_failure=self._failed)

    def _saved(self, partner: Partner) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(partner)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._show_error(error)

    def _show_error(self, error: BaseException | None) -> None:
        for widget in (*self.errors.values(), self.general_error):
            widget.clear()
            widget.setVisible(False)
        if error is None:
            return
        if isinstance(error, DomainError):
            message, field = error.message, error.field or ""
        else:
            from mensenhandel_desk.ui.worker import describe

            message, field = describe(error), ""
        target = self.errors.get(field, self.general_error)
        target.setText(message)
        target.setAccessibleDescription(message)
        target.setVisible(True)
        if field in self.fields:
            self.fields[field].setFocus()

    def clear(self) -> None:
        """Lock: close (reference data; nothing personal to scrub beyond the widgets)."""
        self.tasks.document().clearUndoRedoStacks()
        QDialog.done(self, QDialog.DialogCode.Rejected)
