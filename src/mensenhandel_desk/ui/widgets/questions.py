"""The question asked before unsaved edits are left behind: Save, Discard or Cancel.

The answer is one of ``SAVE``, ``DISCARD``, ``CANCEL``; Escape (and a lock closing the
box) is Cancel. Views wrap this in a static ``ask_unsaved`` that tests replace.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from mensenhandel_desk.i18n import _

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_save_discard(parent: QWidget, title: str, text: str, save_text: str,
                     save_name: str) -> str:
    """Ask with buttons ``save_text`` (accessible name ``save_name``), Discard, Cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    save = box.addButton(save_text, QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("&Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    for button, name in ((save, save_name), (discard, _("Discard changes")),
                         (cancel, _("Cancel"))):
        button.setAccessibleName(name)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL
