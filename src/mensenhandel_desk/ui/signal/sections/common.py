"""What the editor's sections share: errors next to their field, dates, text boxes that
forget everything (undo stacks included) on lock, and worker calls whose late results are
dropped when another signal was opened or the vault locked in between.

Threading: every function here runs on the GUI thread; ``SectionCall`` submits its work
through ``DeskContext.run`` (the one database worker).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.signal.fields import field_message
from mensenhandel_desk.ui.widgets.date_edit import TypedDateEdit
from mensenhandel_desk.ui.widgets.form_dialog import error_label

DATE_FORMAT = "dd-MM-yyyy"
WARNING_STYLE = "color: #8a4b00; font-weight: bold;"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def date_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = TypedDateEdit(parent)  # a whole typed date in one go
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setAccessibleName(name)
    inner = edit.findChild(QLineEdit)  # the typing field inside says the same
    if inner is not None:
        inner.setAccessibleName(name)
    return edit


def text_box(parent: QWidget, name: str, placeholder: str = "",
             height: int = 70) -> QPlainTextEdit:
    """A multi-line edit that Tab leaves (no keyboard trap)."""
    edit = QPlainTextEdit(parent)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(height * 2)  # room to type, without pushing the buttons away
    return edit


def line_edit(parent: QWidget, name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def combo(parent: QWidget, name: str, items: Iterable[tuple[str, Any]] = ()) -> QComboBox:
    box = QComboBox(parent)
    box.setAccessibleName(name)
    for text, data in items:
        box.addItem(text, data)
    return box


def select_data(box: QComboBox, data: Any) -> None:
    index = box.findData(data)
    if index >= 0:
        box.setCurrentIndex(index)


def wipe(*widgets: QWidget) -> None:
    """Empty text widgets so nothing typed survives, not even in an undo stack."""
    for widget in widgets:
        if isinstance(widget, QPlainTextEdit):
            widget.clear()
            widget.document().clearUndoRedoStacks()
        elif isinstance(widget, QLineEdit):
            widget.setText("")  # setText (unlike typing) also empties the undo history
        elif isinstance(widget, QLabel):
            widget.clear()


class FieldErrors:
    """Error labels under fields, keyed by the ``field`` a ``ValidationError`` names.

    ``wrap(field, widget)`` returns a small column (widget + its error label) to put in a
    form; ``show(error)`` writes the Dutch message under the field the error names (or in
    the general label) and focuses that field.
    """

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        self.labels: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}
        self.general = error_label(parent)

    def wrap(self, fields: str | tuple[str, ...], widget: QWidget) -> QWidget:
        keys = (fields,) if isinstance(fields, str) else fields
        error = error_label(self.parent)
        for key in keys:
            self.labels[key] = error
            self.widgets[key] = widget
        box = QWidget(self.parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        return box

    def clear(self) -> None:
        for label in {*self.labels.values(), self.general}:
            label.clear()
            label.setVisible(False)
        for widget in self.widgets.values():
            widget.setAccessibleDescription("")

    def show(self, error: BaseException) -> QLabel:
        """Show ``error`` next to its field; returns the label used."""
        self.clear()
        widget = self.widgets.get(getattr(error, "field", "") or "")
        if isinstance(error, DomainError):
            # the field's Dutch name instead of its key ("Veld 'Notitie' is te lang")
            title = widget.accessibleName() if widget is not None else ""
            message = field_message(error, title) if title else error.message
            target = self.labels.get(error.field or "", self.general)
        else:
            from mensenhandel_desk.ui.worker import describe

            message, target = describe(error), self.general
        target.setText(message)
        target.setAccessibleDescription(message)
        target.setVisible(True)
        if widget is not None:
            widget.setAccessibleDescription(message)
            if widget.isVisible():
                widget.setFocus()
        return target

    def text(self, field: str | None = None) -> str:
        """The message shown for ``field`` (the general one without), for tests."""
        label = self.labels.get(field, self.general) if field else self.general
        return label.text() if label.isVisible() or label.text() else ""


class SectionCall:
    """Run service work for one signal; drop the result when the section moved on.

    A result arrives on the GUI thread; if the section shows another signal by then, or
    was cleared (lock), the callback is not called: a late answer never paints old data.
    """

    def __init__(self, ctx: DeskContext, current: Callable[[], int | None]) -> None:
        self.ctx = ctx
        self.current = current
        self.generation = 0

    def bump(self) -> None:
        """Forget every call in flight (on clear and on a new signal)."""
        self.generation += 1

    def __call__(self, fn: Callable[[Any], Any], on_success: Callable[[Any], None],
                 on_failure: Callable[[BaseException], None]) -> None:
        signal_id, generation = self.current(), self.generation

        def fresh() -> bool:
            return self.current() == signal_id and self.generation == generation

        self.ctx.run(fn, on_success=lambda r: on_success(r) if fresh() else None,
                     on_failure=lambda e: on_failure(e) if fresh() else None)


def ask(parent: QWidget, title: str, question: str) -> bool:
    """A yes/no question in Dutch (patched in tests)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(_("Yes"))
    box.button(QMessageBox.StandardButton.No).setText(_("No"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
