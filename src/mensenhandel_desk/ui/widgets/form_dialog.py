"""A dialog of labelled fields that the service validates, saved on the worker.

Each field has a red error line under it; a ``DomainError`` naming a field (``.field``)
shows its Dutch message there and focuses the field, anything else goes to the general
error line above the Save/Cancel buttons. The buttons are disabled while the save runs;
on success ``saved`` carries what the service stored and the dialog accepts.

Threading: GUI thread only; the work runs through ``ctx.run``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext

ERROR_STYLE = "color: #b00020;"


def error_label(parent: QWidget) -> QLabel:
    """A red, word-wrapped error line, hidden until it has something to say."""
    error = QLabel(parent)
    error.setWordWrap(True)
    error.setStyleSheet(ERROR_STYLE)
    error.setAccessibleName(_("Error"))
    error.setVisible(False)
    return error


def dialog_buttons(parent: QWidget, accept: QDialogButtonBox.StandardButton, text: str,
                   name: str) -> QDialogButtonBox:
    """The ``accept`` button (Dutch ``text``, accessible ``name``) and Cancel."""
    buttons = QDialogButtonBox(accept | QDialogButtonBox.StandardButton.Cancel, parent=parent)
    button = buttons.button(accept)
    button.setText(text)
    button.setAccessibleName(name)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setText(_("Cancel"))
    cancel.setAccessibleName(_("Cancel"))
    return buttons


def save_cancel_buttons(parent: QWidget, save_name: str) -> QDialogButtonBox:
    """Save/Cancel with Dutch texts and accessible names (``save_name`` says what is saved)."""
    return dialog_buttons(parent, QDialogButtonBox.StandardButton.Save, _("&Save"), save_name)


class FormDialog(QDialog):
    """Base of the add/change dialogs: subclasses add fields, then call ``finish``."""

    saved = Signal(object)  # what the service stored

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()

    def add_field(self, key: str, caption: str, widget: QWidget,
                  content: QLayout | None = None) -> None:
        """A form row: the caption, ``widget`` (or ``content`` holding it) and its error line.

        ``widget`` is what gets the focus when the service names ``key``; the caption is
        its buddy unless the row shows a ``content`` layout (e.g. a row of check boxes).
        """
        label = QLabel(caption, self)
        if content is None:
            label.setBuddy(widget)
        self.fields[key] = widget
        self.errors[key] = error_label(self)
        column = QVBoxLayout()
        column.setSpacing(2)
        if content is None:
            column.addWidget(widget)
        else:
            column.addLayout(content)
        column.addWidget(self.errors[key])
        self.form.addRow(label, column)

    def finish(self, save_name: str, *extra: QWidget) -> None:
        """Lay out the form, ``extra`` widgets, the general error line and the buttons."""
        self.general_error = error_label(self)
        self.buttons = save_cancel_buttons(self, save_name)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        for widget in extra:
            layout.addWidget(widget)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        raise NotImplementedError

    def submit(self, work: Callable[[Any], Any]) -> None:
        """Run ``work(services)`` on the worker; its result is what ``saved`` carries."""
        self._show_error(None)
        self.buttons.setEnabled(False)
        self.ctx.run(work, on_success=self._saved, on_failure=self._failed)

    def _saved(self, stored: object) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(stored)
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
