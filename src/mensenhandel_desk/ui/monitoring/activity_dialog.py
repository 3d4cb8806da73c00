"""Add or change one awareness activity (training, e-learning, team meeting, campaign).

No personal data: who gave it is an organisation, the audience a target group. The
service validates; its message appears next to the field it names. Saved on the worker;
the dialog closes itself on lock like every dialog (``done(Rejected)``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox, QWidget

from mensenhandel_desk.domain.enums import ActivityKind
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.monitoring import AwarenessActivity
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.widgets.form_dialog import FormDialog

DATE_FORMAT = "dd-MM-yyyy"
MAX_REACHED = 1_000_000


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class ActivityDialog(FormDialog):
    def __init__(self, ctx: DeskContext, activity: AwarenessActivity | None, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.activity_id = activity.id if activity is not None else None
        self.setWindowTitle(_("Change awareness activity") if activity is not None
                            else _("New awareness activity"))
        self.setAccessibleName(self.windowTitle())
        self.held_on = QDateEdit(self)
        self.held_on.setDisplayFormat(DATE_FORMAT)
        self.held_on.setCalendarPopup(True)
        self.held_on.setAccessibleName(_("Date held"))
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(_("Kind of activity"))
        for kind in ActivityKind:
            self.kind.addItem(label(kind), kind)
        self.target_group = QLineEdit(self)
        self.target_group.setAccessibleName(_("Target group or department"))
        self.target_group.setPlaceholderText(_("e.g. Team Handhaving, front office"))
        self.reached = QSpinBox(self)
        self.reached.setRange(0, MAX_REACHED)
        self.reached.setAccessibleName(_("Number of people reached"))
        self.given_by = QLineEdit(self)
        self.given_by.setAccessibleName(_("Given by (organisation)"))
        self.given_by.setPlaceholderText(_("e.g. CoMensha, RIEC"))
        for field, text, widget in (
                ("held_on", _("&Date:"), self.held_on), ("kind", _("&Kind:"), self.kind),
                ("target_group", _("&Target group:"), self.target_group),
                ("reached", _("&Reached:"), self.reached),
                ("given_by", _("&Given by:"), self.given_by)):
            self.add_field(field, text, widget)
        self.finish(_("Save the activity"))
        if activity is not None:
            self.held_on.setDate(to_qdate(activity.held_on))
            self.kind.setCurrentIndex(max(0, self.kind.findData(ActivityKind(activity.kind))))
            self.target_group.setText(activity.target_group)
            self.reached.setValue(activity.reached)
            self.given_by.setText(activity.given_by)
        else:
            self.held_on.setDate(to_qdate(today))

    def activity(self) -> AwarenessActivity:
        return AwarenessActivity(held_on=from_qdate(self.held_on.date()),
                                 kind=self.kind.currentData(),
                                 target_group=self.target_group.text(),
                                 reached=self.reached.value(),
                                 given_by=self.given_by.text(), id=self.activity_id)

    def save(self) -> None:
        activity = self.activity()

        def work(services: Any) -> AwarenessActivity:
            if activity.id is None:
                return services.monitoring.add_activity(activity)
            return services.monitoring.update_activity(activity)

        self.submit(work)
