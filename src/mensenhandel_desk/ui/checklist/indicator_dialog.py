"""Add an indicator to a group, or reword one: the text as the officer reads it on the
checklist (reference data, no personal data)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.widgets.form_dialog import dialog_buttons, error_label


class IndicatorDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str,
                 groups: list[tuple[str, str, bool]] | None, text: str = "",
                 original: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("n") * 70)
        form = QFormLayout()
        self.group: QComboBox | None = None
        if groups is not None:
            self.group = QComboBox(self)
            self.group.setAccessibleName(_("Group"))
            for key, label, _vf in groups:
                self.group.addItem(label, key)
            caption = QLabel(_("&Group:"), self)
            caption.setBuddy(self.group)
            form.addRow(caption, self.group)
        if original:
            was = QLabel(original, self)
            was.setWordWrap(True)
            was.setAccessibleName(_("Current wording"))
            form.addRow(QLabel(_("Current wording:"), self), was)
        self.text = QLineEdit(text, self)
        self.text.setAccessibleName(_("Text of the indicator"))
        caption = QLabel(_("&Text:"), self)
        caption.setBuddy(self.text)
        form.addRow(caption, self.text)
        self.error = error_label(self)
        self.error.setText(_("The text of an indicator cannot be empty."))
        buttons = dialog_buttons(self, QDialogButtonBox.StandardButton.Ok, _("OK"), _("OK"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.text.setFocus()

    def _accept(self) -> None:
        if not self.text.text().strip():
            self.error.setVisible(True)
            self.text.setFocus()
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str,
            groups: list[tuple[str, str, bool]] | None, text: str = "",
            original: str = "", group_key: str | None = None) -> tuple[str, str] | None:
        """(group key or "", text) or ``None`` when cancelled (patched in tests)."""
        dialog = cls(parent, title, groups, text, original)
        if dialog.group is not None and group_key is not None:
            dialog.group.setCurrentIndex(max(0, dialog.group.findData(group_key)))
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            key = dialog.group.currentData() if dialog.group is not None else ""
            return key, " ".join(dialog.text.text().split())
        finally:
            dialog.deleteLater()
