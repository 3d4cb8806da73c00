"""Errors next to the field they are about, in Dutch (issue 8).

Services validate every change; a ``ValidationError``/``RouteError`` names its ``field``
("summary", "party.name", ...). ``FieldErrors`` knows, per form, which widget and which
Dutch field label belong to a field name: ``show(error)`` puts the message in a small red
label under that widget (also its accessible description, so a screen reader announces
it) and moves the focus there. Errors of fields a form does not know return ``False``;
the caller then shows them in its general message line.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.worker import describe

ERROR_STYLE = "color: #b00020; font-size: 90%;"


def field_message(error: BaseException, field_label: str) -> str:
    """The error's Dutch message with the technical field key replaced by the label the
    officer sees ("Veld 'Samenvatting' is verplicht." instead of 'summary')."""
    if isinstance(error, DomainError):
        try:
            return _(error.template).format(**{**error.params, "field": field_label})
        except (KeyError, IndexError, ValueError):
            return error.message
    return describe(error)


class ErrorLabel(QLabel):
    """The small red line under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setVisible(False)

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


@dataclass
class _Field:
    widget: QWidget
    label: ErrorLabel
    title: str
    description: str


def with_error(widget: QWidget, parent: QWidget) -> tuple[QWidget, ErrorLabel]:
    """``widget`` with an (initially hidden) error label under it, as one layout cell."""
    holder = QWidget(parent)
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(1)
    label = ErrorLabel(holder)
    widget.setParent(holder)
    column.addWidget(widget)
    column.addWidget(label)
    return holder, label


class FieldErrors:
    """The error labels of one form, by field name."""

    def __init__(self) -> None:
        self._fields: dict[str, _Field] = {}

    def add_row(self, form: QFormLayout, text: str, widget: QWidget, field: str,
                title: str) -> QLabel:
        """A form row "text: widget" with an error label under the widget, for ``field``
        (``title`` is the Dutch name used in messages). Returns the buddy label."""
        parent = form.parentWidget()
        holder, error = with_error(widget, parent)
        buddy = QLabel(text, parent)
        buddy.setBuddy(widget)
        form.addRow(buddy, holder)
        self.register(field, widget, error, title)
        return buddy

    def register(self, field: str, widget: QWidget, label: ErrorLabel, title: str) -> None:
        self._fields[field] = _Field(widget, label, title, widget.accessibleDescription())

    def show(self, error: BaseException, focus: bool = True) -> bool:
        """Show ``error`` next to its field (and move the focus there, unless ``focus`` is
        false: a check when the field is left); ``False`` when it names no field of this
        form."""
        self.clear()
        name = getattr(error, "field", None)
        entry = self._fields.get(name or "")
        if entry is None:
            return False
        text = field_message(error, entry.title)
        entry.label.show_text(text)
        entry.widget.setAccessibleDescription(text)
        if focus:
            entry.widget.setFocus()
        return True

    def hide(self, field: str) -> None:
        """Take the error of ``field`` away (it was corrected)."""
        entry = self._fields.get(field)
        if entry is not None:
            entry.label.show_text("")
            entry.widget.setAccessibleDescription(entry.description)

    def message(self, field: str) -> str:
        entry = self._fields.get(field)
        return entry.label.text() if entry is not None and entry.label.isVisible() else ""

    def clear(self) -> None:
        for entry in self._fields.values():
            entry.label.show_text("")
            entry.widget.setAccessibleDescription(entry.description)
