"""Add or change one contact person of a chain partner.

Contacts are professionals, not victims, yet their names and numbers are vault data: they
never go into logs, settings or window titles (the title names the organisation only).
The service validates; its message appears next to the field it names. Saved on the
worker; closed on lock with the base ``QDialog.done(Rejected)`` like every dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.domain.models import Contact
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext

ERROR_STYLE = "color: #b00020;"


def error_label(parent: QWidget) -> QLabel:
    error = QLabel(parent)
    error.setWordWrap(True)
    error.setStyleSheet(ERROR_STYLE)
    error.setAccessibleName(_("Error"))
    error.setVisible(False)
    return error


class ContactDialog(QDialog):
    saved = Signal(object)  # the Contact as stored

    def __init__(self, ctx: DeskContext, partner_key: str, partner_name: str,
                 contact: Contact | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
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
        self.fields: dict[str, QWidget] = {"name": self.name, "function": self.function,
                                           "phone": self.phone, "email": self.email,
                                           "notes": self.notes}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.addRow(QLabel(_("Organisation:"), self), organisation)
        for key, text in (("name", _("&Name:")), ("function", _("&Function:")),
                          ("phone", _("&Phone:")), ("email", _("&E-mail:")),
                          ("notes", _("N&otes:"))):
            caption = QLabel(text, self)
            caption.setBuddy(self.fields[key])
            self.errors[key] = error_label(self)
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(self.fields[key])
            column.addWidget(self.errors[key])
            form.addRow(caption, column)
        self.general_error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
            parent=self)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(_("&Save"))
        save.setAccessibleName(_("Save the contact person"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
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
        self._show_error(None)
        self.buttons.setEnabled(False)
        self.ctx.run(lambda services: services.reference.save_contact(contact),
                     on_success=self._saved, on_failure=self._failed)

    def _saved(self, contact: Contact) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(contact)
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
        """Lock: forget what was typed (including undo stacks), then close."""
        for edit in (self.name, self.function, self.phone, self.email):
            edit.clear()
            edit.setModified(False)
        self.notes.clear()
        self.notes.document().clearUndoRedoStacks()
        QDialog.done(self, QDialog.DialogCode.Rejected)

