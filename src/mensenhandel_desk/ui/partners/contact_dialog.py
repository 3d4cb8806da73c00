"""Add or change one contact person of a chain partner.

Contacts are professionals, not victims, yet their names and numbers are vault data: they
never go into logs, settings or window titles (the title names the organisation only).
The service validates; its message appears next to the field it names. Saved on the
worker; closed on lock with the base ``QDialog.done(Rejected)`` like every dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPlainTextEdit, QWidget

from mensenhandel_desk.domain.models import Contact
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.widgets.form_dialog import FormDialog


class ContactDialog(FormDialog):
    def __init__(self, ctx: DeskContext, partner_key: str, partner_name: str,
                 contact: Contact | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.partner_key = partner_key
        self.contact_id = contact.id if contact is not None else None
        self.setWindowTitle(_("Change contact person") if contact is not None
                            else _("New contact person"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("n") * 60)
        organisation = QLabel(partner_name, self)
        organisation.setWordWrap(True)
        organisation.setAccessibleName(_("Organisation"))
        self.name = self._line(_("Name of the contact person"))
        self.function = self._line(_("Function"))
        self.function.setPlaceholderText(_("e.g. investigator, case manager"))
        self.phone = self._line(_("Phone number"))
        self.email = self._line(_("E-mail address"))
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(_("Notes on this contact"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.form.addRow(QLabel(_("Organisation:"), self), organisation)
        for key, text, widget in (("name", _("&Name:"), self.name),
                                  ("function", _("&Function:"), self.function),
                                  ("phone", _("&Phone:"), self.phone),
                                  ("email", _("&E-mail:"), self.email),
                                  ("notes", _("N&otes:"), self.notes)):
            self.add_field(key, text, widget)
        self.finish(_("Save the contact person"))
        if contact is not None:
            self.name.setText(contact.name)
            self.function.setText(contact.function)
            self.phone.setText(contact.phone)
            self.email.setText(contact.email)
            self.notes.setPlainText(contact.notes)

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(name)
        return edit

    def contact(self) -> Contact:
        return Contact(partner_key=self.partner_key, name=self.name.text(),
                       function=self.function.text(), phone=self.phone.text(),
                       email=self.email.text(), notes=self.notes.toPlainText(),
                       id=self.contact_id)

    def save(self) -> None:
        contact = self.contact()
        self.submit(lambda services: services.reference.save_contact(contact))

    def clear(self) -> None:
        """Lock: forget what was typed (including undo stacks), then close."""
        for edit in (self.name, self.function, self.phone, self.email):
            edit.clear()
            edit.setModified(False)
        self.notes.clear()
        self.notes.document().clearUndoRedoStacks()
        QDialog.done(self, QDialog.DialogCode.Rejected)

