"""Small pieces the meetings screen and the add-to-meeting dialog share."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLineEdit, QToolButton, QWidget

from mensenhandel_desk.domain.models import Meeting
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.widgets.date_edit import TypedDateEdit

DATE_FORMAT = "dd-MM-yyyy"
DEFAULT_TITLE = "Lokaal ondermijningsoverleg"  # the model's default, Dutch on paper


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def date_edit(parent: QWidget, name: str, day: date) -> QDateEdit:
    edit = TypedDateEdit(parent)  # a whole typed date in one go
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setAccessibleName(name)
    edit.setDate(to_qdate(day))
    inner = edit.findChild(QLineEdit)  # a screen reader lands in the text part
    if inner is not None:
        inner.setAccessibleName(name)
    return edit


def name_clear_button(edit: QLineEdit) -> None:
    """The clear button of a line edit (``setClearButtonEnabled``) says what it does."""
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(_("Clear the search field"))
        button.setToolTip(button.accessibleName())


def meeting_line(meeting: Meeting, item_count: int) -> str:
    """"01-12-2026 · Lokaal ondermijningsoverleg · Stadhuis · 3 signalen"."""
    count = (_("1 signal") if item_count == 1
             else _("{count} signals").format(count=fmt.number(item_count)))
    parts = [fmt.short_date(meeting.held_on), meeting.title, meeting.place, count]
    return " · ".join(p for p in parts if p)


def meeting_two_lines(meeting: Meeting, item_count: int) -> str:
    """For the narrow meetings list: date and count, then title and place."""
    count = (_("1 signal") if item_count == 1
             else _("{count} signals").format(count=fmt.number(item_count)))
    second = " · ".join(p for p in (meeting.title, meeting.place) if p)
    return f"{fmt.short_date(meeting.held_on)} · {count}\n{second}"
