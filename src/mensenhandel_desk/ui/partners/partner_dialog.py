"""Add a chain partner or change what one covers: name, forms, tasks, report-route step.

The seed list comes from the two policy documents; each region differs (another care
coordinator, a local FairWork-like organisation), so the officer corrects it here.
Reference data, no personal data. The service validates; its message appears next to the
field it names. Saved on the worker; closed on lock like every dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from mensenhandel_desk.domain.enums import ExploitationForm
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import Partner
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.reference_data import partner_form_keys, partner_forms
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.widgets.form_dialog import FormDialog

FORMS = (ExploitationForm.SEXUAL, ExploitationForm.LABOUR, ExploitationForm.CRIMINAL,
         ExploitationForm.OTHER)


class PartnerDialog(FormDialog):
    def __init__(self, ctx: DeskContext, partner: Partner | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
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
        self.add_field("name", _("&Name:"), self.name)
        self.add_field("forms", _("Forms:"), self.forms[FORMS[0]], forms_row)
        self.add_field("route", _("&Report route:"), self.route)
        self.add_field("tasks", _("&Tasks (one per line):"), self.tasks)
        hint = QLabel(_("A partner without forms is not form-specific: the form filter does "
                        "not show it."), self)
        hint.setWordWrap(True)
        hint.setAccessibleName(_("About the forms"))
        self.finish(_("Save the partner"), hint)
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
        self.submit(lambda services: services.reference.save_partner(partner))

    def clear(self) -> None:
        """Lock: close (reference data; nothing personal to scrub beyond the widgets)."""
        self.tasks.document().clearUndoRedoStacks()
        QDialog.done(self, QDialog.DialogCode.Rejected)
