"""The banner that offers a draft kept over a lock: "Restore unsaved changes from <time>"
or discard them. Not modal: the officer sees the signal as saved first, then decides."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.widgets.buttons import named_button


class DraftBanner(QWidget):
    restore_requested = Signal()
    discard_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftBanner")
        self.setStyleSheet("#draftBanner { background: #fff3cd; border: 1px solid #f0ad4e; }")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setAccessibleName(_("Unsaved changes from before the lock"))
        self.restore_button = named_button(self, _("Res&tore"), _("Restore the unsaved "
                                                                   "changes"),
                                           self.restore_requested.emit)
        self.discard_button = named_button(self, _("&Discard them"), _("Discard the unsaved "
                                                                      "changes for good"),
                                           self.discard_requested.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)
        self.setVisible(False)

    def offer(self, saved_at: datetime) -> None:
        self.text.setText(_("Restore unsaved changes from {date} {time}? They were kept in "
                            "the vault when the desk locked.").format(
            date=fmt.short_date(saved_at.date()), time=saved_at.strftime("%H:%M")))
        self.setVisible(True)

    def dismiss(self) -> None:
        self.text.clear()
        self.setVisible(False)
