"""The question asked before unsaved edits are left behind: Save, Discard or Cancel.

The answer is one of ``SAVE``, ``DISCARD``, ``CANCEL``; Escape (and a lock closing the
box) is Cancel. Views wrap this in a static ``ask_unsaved`` that tests replace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


def confirm_leave(view: Any, proceed: Callable[[], None] | None,
                  save: Callable[[], bool]) -> bool:
    """May the officer leave ``view`` (its ``has_unsaved``, ``ask_unsaved``, ``discard``,
    ``ctx``)? Nothing unsaved: yes. Else its question: Cancel stays, Discard drops the
    edits, Save calls ``save()`` (``False``: stay, it says why). A lock while asking has
    already dealt with the edits: stay. On leaving, ``proceed()`` is called."""
    leave = True
    if view.has_unsaved() and view.ctx.is_unlocked:
        answer = view.ask_unsaved(view)
        if not view.ctx.is_unlocked:  # locked while asking
            return False
        if answer == CANCEL:
            leave = False
        elif answer == DISCARD:
            view.discard()
        else:
            leave = save()
    if leave and proceed is not None:
        proceed()
    return leave
