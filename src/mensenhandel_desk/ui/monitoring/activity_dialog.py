"""Add or change one awareness activity (training, e-learning, team meeting, campaign).

No personal data: who gave it is an organisation, the audience a target group. The
service validates; its message appears next to the field it names. Saved on the worker;
the dialog closes itself on lock like every dialog (``done(Rejected)``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.enums import ActivityKind
from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.monitoring import AwarenessActivity
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext

DATE_FORMAT = "dd-MM-yyyy"
MAX_REACHED = 1_000_000


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class ActivityDialog(QDialog):
    saved = Signal(object)  # the AwarenessActivity as stored

    def __init__(self, ctx: DeskContext, activity: AwarenessActivity | None, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
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
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for field, text, widget in (
                ("held_on", _("&Date:"), self.held_on), ("kind", _("&Kind:"), self.kind),
                ("target_group", _("&Target group:"), self.target_group),
                ("reached", _("&Reached:"), self.reached),
                ("given_by", _("&Given by:"), self.given_by)):
            caption = QLabel(text, self)
            caption.setBuddy(widget)
            error = QLabel(self)
            error.setWordWrap(True)
            error.setStyleSheet("color: #b00020;")
            error.setAccessibleName(_("Error"))
            error.setVisible(False)
            self.errors[field] = error
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            form.addRow(caption, column)
        self.general_error = QLabel(self)
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet("color: #b00020;")
        self.general_error.setAccessibleName(_("Error"))
        self.general_error.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
            parent=self)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(_("&Save"))
        save.setAccessibleName(_("Save the activity"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
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
        self._show_errors(None)
        self.buttons.setEnabled(False)

        def work(services: Any) -> AwarenessActivity:
            if activity.id is None:
                return services.monitoring.add_activity(activity)
            return services.monitoring.update_activity(activity)

        self.ctx.run(work, on_success=self._saved, on_failure=self._failed)

    def _saved(self, activity: AwarenessActivity) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(activity)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._show_errors(error)

    def _show_errors(self, error: BaseException | None) -> None:
        for label_widget in (*self.errors.values(), self.general_error):
            label_widget.clear()
            label_widget.setVisible(False)
        if error is None:
            return
        if isinstance(error, DomainError):
            message = error.message
            target = self.errors.get(error.field or "", self.general_error)
        else:
            from mensenhandel_desk.ui.worker import describe

            message, target = describe(error), self.general_error
        target.setText(message)
        target.setAccessibleDescription(message)
        target.setVisible(True)
        widget = {"held_on": self.held_on, "kind": self.kind,
                  "target_group": self.target_group, "reached": self.reached,
                  "given_by": self.given_by}.get(getattr(error, "field", "") or "")
        if widget is not None:
            widget.setFocus()
