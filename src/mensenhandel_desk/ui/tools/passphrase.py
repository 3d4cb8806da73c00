"""Kluis → Wachtwoordzin wijzigen…: current passphrase, the new one twice with the
first-start wizard's live strength feedback, then ``passphrase.change_passphrase`` on the
worker with progress (five steps; Stop honoured until the new copy is verified).

The passphrases leave the fields the moment they go to the worker (the fields are
cleared first) and live only in that one call's closure; nothing keeps them afterwards.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from mensenhandel_desk.domain.errors import DomainError, WrongPassphrase
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.start.wizard import passphrase_minimum, passphrase_problem, strength_text
from mensenhandel_desk.ui.tools.common import (
    ProgressPanel,
    ToolDialog,
    button_row,
    column,
    error_label,
    result_label,
    show_text,
)
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.worker import describe


def _password(parent: QWidget, form: QFormLayout, caption: str, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    label = QLabel(caption, parent)
    label.setBuddy(edit)
    form.addRow(label, edit)
    return edit


class PassphraseDialog(ToolDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, _("Change passphrase"))
        self.minimum, policy_problem = passphrase_minimum()
        intro = QLabel(_("The vault is encrypted again under the new passphrase. Backups you "
                         "made yourself keep the passphrase they were made with; the "
                         "automatic backups are replaced."), self)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.current = _password(self, form, _("&Current passphrase"), _("Current passphrase"))
        self.current_error = error_label(self, _("Problem with the current passphrase"))
        form.addRow("", self.current_error)
        self.new = _password(self, form, _("&New passphrase"), _("New passphrase"))
        self.repeat = _password(self, form, _("&Repeat new passphrase"),
                                _("Repeat new passphrase"))
        self.strength = QLabel(self)
        self.strength.setWordWrap(True)
        self.strength.setAccessibleName(_("Passphrase strength"))
        form.addRow("", self.strength)
        self.new_error = error_label(self, _("Problem with the new passphrase"))
        form.addRow("", self.new_error)
        self.message = error_label(self, _("Passphrase message"))
        show_text(self.message, policy_problem)
        self.result = result_label(self, _("Result"))
        self.progress = ProgressPanel(self)
        self.change_button = named_button(self, _("C&hange passphrase"),
                                          _("Change the passphrase now"), self.change)
        self.change_button.setDefault(True)
        self.close_button = self.make_close_button(_("C&lose"))
        column(self, intro, form, self.message, self.progress, self.result, None,
               button_row(None, self.change_button, self.close_button))
        for edit in (self.current, self.new, self.repeat):
            edit.textChanged.connect(self._changed)
        self._changed()
        self.resize(560, 340)

    def _changed(self, *_args: Any) -> None:
        text = self.new.text()
        self.strength.setText(strength_text(text, self.minimum))
        repeat = self.repeat.text()
        problem = ""
        if len(text) >= self.minimum and passphrase_problem(text, self.minimum):
            problem = passphrase_problem(text, self.minimum)
        elif repeat and repeat != text:
            problem = _("The passphrases are not the same.")
        show_text(self.new_error, problem)
        show_text(self.current_error, "")
        self.change_button.setEnabled(bool(
            self.current.text() and not passphrase_problem(text, self.minimum)
            and repeat == text and not self.progress.running))

    def show_error(self, text: str) -> None:
        show_text(self.message, text)

    def clear_fields(self) -> None:
        for edit in (self.current, self.new, self.repeat):
            edit.clear()

    def change(self) -> None:
        if self.progress.running or not self.ctx.is_unlocked:
            return
        current, new = self.current.text(), self.new.text()
        if passphrase_problem(new, self.minimum) or new != self.repeat.text():
            return
        self.clear_fields()  # out of the widgets before they go to the worker
        show_text(self.message, "")
        self.result.clear()
        token = self.progress.start(_("Checking the current passphrase"))
        self.change_button.setEnabled(False)

        def work(services: Any, progress: Any, _task: Any) -> int:
            from mensenhandel_desk.services import passphrase

            return passphrase.change_passphrase(services, current, new, progress=progress,
                                                cancel=token)

        self.run(work, self._done, self._failed, self.progress.report)

    def _done(self, replaced: int) -> None:
        self.progress.finish()
        text = _("Passphrase changed. The old passphrase no longer opens the vault.")
        if replaced:
            text += " " + _("The automatic backups were replaced by one under the new "
                            "passphrase.")
        self.result.setText(text)
        if self.ctx.is_demo:  # the public demo passphrase no longer opens this vault
            from mensenhandel_desk.ui.start.recent import set_demo_passphrase_changed

            set_demo_passphrase_changed(self.ctx.vault_path)
        self._changed()

    def _failed(self, error: BaseException) -> None:
        self.progress.finish()
        self._changed()
        if isinstance(error, WrongPassphrase):
            show_text(self.current_error, _("This is not the current passphrase. Nothing "
                                            "has been changed."))
            self.current.setFocus()
        elif isinstance(error, DomainError) and error.field in ("new_passphrase",
                                                                 "passphrase"):
            show_text(self.new_error, describe(error))
            self.new.setFocus()
        else:
            self.show_error(describe(error))

    def drop_data(self) -> None:
        self.clear_fields()
