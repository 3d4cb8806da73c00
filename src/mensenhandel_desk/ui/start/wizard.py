"""First start without a vault: create a new one, or point at an existing one.

``FirstStartWizard(ctx)`` has three pages:

1. choice — "Nieuwe kluis maken" or "Bestaande kluis openen" (Next opens a file dialog;
   the wizard then finishes at once with ``created == False`` and the caller shows the
   unlock screen for ``vault_path``);
2. new vault — file location (default ``paths.default_vault_path()``; a bare or relative
   name goes into the data folder ``paths.data_dir()``, ``.mhd`` is added when missing),
   passphrase twice with live feedback (length against the policy minimum, kinds of
   characters, mismatch); "Volgende" is enabled only when the passphrase is long enough
   and both fields match;
3. officer — municipality and name (required, marked "*"), function, phone and e-mail,
   stored in the vault.

Mnemonics on the pages never use V or T: Qt's Dutch wizard buttons are "&Volgende",
"&Terug" and "&Voltooien".

On Finish the vault is created on the worker (``ctx.open(lambda: create_vault(...))``:
the vault binds to the worker thread), the passphrase fields are cleared the moment the
passphrase is handed over, then the settings are written with ``ctx.run``. Afterwards
``ctx`` is unlocked (``ctx.unlocked`` fired), ``created`` is ``True`` and ``vault_path``
names the file. ``new_only=True`` skips the choice page ("Nieuwe kluis maken…" on the
unlock screen). GUI thread only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from mensenhandel_desk import paths
from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.domain.validation import MAX_PASSPHRASE_LENGTH, MIN_PASSPHRASE_LENGTH
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.policy import load_policy
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.start import files
from mensenhandel_desk.ui.start.files import VAULT_SUFFIX
from mensenhandel_desk.ui.worker import describe

CHOICE, NEW_VAULT, OFFICER = range(3)


def passphrase_minimum() -> tuple[int, str]:
    """The minimum length in force, and a message when the policy file is unusable."""
    try:
        return load_policy().passphrase_minimum(), ""
    except DomainError as error:  # PolicyInvalid: creating will be refused too; say so now
        return MIN_PASSPHRASE_LENGTH, error.message


def character_kinds(passphrase: str) -> int:
    """How many of four kinds occur: lower case, upper case, digits, anything else."""
    kinds = (any(c.islower() for c in passphrase), any(c.isupper() for c in passphrase),
             any(c.isdigit() for c in passphrase),
             any(not c.isalnum() for c in passphrase))
    return sum(kinds)


def strength_text(passphrase: str, minimum: int) -> str:
    """Live feedback for the passphrase field (never contains the passphrase)."""
    length = len(passphrase)
    if not length:
        return _("At least {minimum} characters. Several words are long and easy to "
                 "remember.").format(minimum=minimum)
    if length < minimum:
        return _("Too short: {length} of at least {minimum} characters.").format(
            length=length, minimum=minimum)
    kinds = character_kinds(passphrase)
    if length >= 2 * minimum or (length >= minimum + 6 and kinds >= 3):
        verdict = _("strong")
    elif length >= minimum + 4 or kinds >= 3:
        verdict = _("reasonable")
    else:
        verdict = _("weak: make it longer")
    return _("{length} characters (at least {minimum}), {kinds} of 4 kinds of characters: "
             "{verdict}.").format(length=length, minimum=minimum, kinds=kinds,
                                  verdict=verdict)


def passphrase_problem(passphrase: str, minimum: int) -> str:
    """Why this passphrase cannot be used ("" when it can); the same rules as
    ``domain.validation.check_passphrase``, in the wizard's own words ("wachtwoordzin")."""
    if len(passphrase) < minimum:
        return _("The passphrase is too short: at least {minimum} characters are "
                 "needed.").format(minimum=minimum)
    if len(passphrase) > MAX_PASSPHRASE_LENGTH:
        return _("The passphrase is too long: at most {maximum} characters.").format(
            maximum=MAX_PASSPHRASE_LENGTH)
    if "\x00" in passphrase:
        return _("This passphrase contains a character that cannot be used.")
    return ""


def resolve_vault_path(text: str) -> Path:
    """The vault file the location field names: ``~`` expanded, a relative name taken
    inside the data folder (never the program's working folder), ``.mhd`` added when the
    name does not end in it."""
    path = Path(text.strip()).expanduser()
    if not path.is_absolute():
        path = paths.data_dir() / path
    if path.suffix.lower() != VAULT_SUFFIX:
        path = path.with_name(path.name + VAULT_SUFFIX)
    return path


def free_vault_path() -> Path:
    """The default vault path, or ``kluis-2.mhd`` … when that file already exists."""
    path = paths.default_vault_path()
    number = 2
    while path.exists():
        path = path.with_name(f"{Path(paths.VAULT_FILENAME).stem}-{number}.mhd")
        number += 1
    return path


@dataclass(frozen=True)
class OfficerDetails:
    municipality: str
    officer_name: str
    officer_function: str
    officer_phone: str
    officer_email: str


def save_officer(services: Any, details: OfficerDetails) -> None:
    """On the worker: write the officer's details into the vault's settings."""
    settings = services.settings.get()
    settings.municipality = details.municipality
    settings.officer_name = details.officer_name
    settings.officer_function = details.officer_function
    settings.officer_phone = details.officer_phone
    settings.officer_email = details.officer_email
    services.settings.save(settings)


def default_creator(path: Path, passphrase: str) -> Any:
    """``services.session.create_vault``, imported on the worker (the heavy stack)."""
    from mensenhandel_desk.services.session import create_vault

    return create_vault(path, passphrase)


def _message_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("color:#b00020;")
    label.hide()
    return label


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _field(parent: QWidget, form: QFormLayout, caption: str, name: str,
           *, password: bool = False) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setAccessibleName(name)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    label = QLabel(caption, parent)
    label.setBuddy(edit)
    form.addRow(label, edit)
    return edit


class ChoicePage(QWizardPage):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(_("Welcome to Mensenhandel Desk"))
        self.setSubTitle(_("Your signals are kept in one encrypted vault file. Create a new "
                           "vault, or open one you already have."))
        self.new_vault = QRadioButton(_("&Create a new vault"), self)
        self.new_vault.setAccessibleName(_("Create a new vault"))
        self.existing = QRadioButton(_("&Open an existing vault"), self)
        self.existing.setAccessibleName(_("Open an existing vault"))
        self.new_vault.setChecked(True)
        self.message = _message_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.new_vault)
        layout.addWidget(self.existing)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Next: on to the new-vault page, or (existing vault) a file dialog, after which
        the wizard finishes at once."""
        if self.new_vault.isChecked():
            return True
        if self._wizard.vault_path is not None:
            return True  # chosen already; this is the wizard's own accept() checking
        path = self._wizard.ask_open_file(self, None)
        if path is None:
            return False
        if not path.is_file():
            _show(self.message, _("No vault found at {path}. Create one with 'init' or "
                                  "choose another file.").format(path=str(path)))
            return False
        self._wizard._chose_existing(path)
        QTimer.singleShot(0, self._wizard.accept)
        return False


class NewVaultPage(QWizardPage):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.minimum = MIN_PASSPHRASE_LENGTH
        self.setTitle(_("New vault"))
        self.setSubTitle(_("Choose where the vault file goes and a passphrase. Nobody can "
                           "recover a forgotten passphrase: keep it somewhere safe."))
        form = QFormLayout()
        self.location = QLineEdit(self)
        self.location.setAccessibleName(_("Vault file"))
        self.browse = QPushButton(_("&Browse…"), self)
        self.browse.setAccessibleName(_("Choose the vault file"))
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(self.browse)
        location_label = QLabel(_("&File"), self)
        self.location.setToolTip(_("A name without a folder goes into {folder}.").format(
            folder=str(paths.data_dir())))
        location_label.setBuddy(self.location)
        form.addRow(location_label, row)
        self.passphrase = _field(self, form, _("&Passphrase"), _("Passphrase"), password=True)
        self.repeat = _field(self, form, _("&Repeat passphrase"), _("Repeat passphrase"),
                             password=True)
        self.strength = QLabel(self)
        self.strength.setWordWrap(True)
        self.strength.setAccessibleName(_("Passphrase strength"))
        self.mismatch = _message_label(self)
        self.message = _message_label(self)
        self._policy_problem = ""
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.strength)
        layout.addWidget(self.mismatch)
        layout.addWidget(self.message)
        layout.addStretch(1)
        for edit in (self.location, self.passphrase, self.repeat):
            edit.textChanged.connect(self._changed)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.minimum, self._policy_problem = passphrase_minimum()
        if not self.location.text():
            self.location.setText(str(free_vault_path()))
        self._changed()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        """Next only with a file name, a usable passphrase and the same one twice."""
        text = self.passphrase.text()
        return bool(self.location.text().strip()
                    and not passphrase_problem(text, self.minimum)
                    and self.repeat.text() == text)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        path = self.vault_path
        if path.exists():
            _show(self.message, _("A file already exists at {path}; it has not been "
                                  "touched. Choose another name.").format(path=str(path)))
            return False
        problem = passphrase_problem(self.passphrase.text(), self.minimum)
        if problem:
            _show(self.message, problem)
            self.passphrase.setFocus()
            return False
        if self.passphrase.text() != self.repeat.text():
            _show(self.message, _("The passphrases are not the same."))
            self.repeat.setFocus()
            return False
        self.location.setText(str(path))  # show the full file name that will be made
        _show(self.message, self._policy_problem)
        return True

    @property
    def vault_path(self) -> Path:
        return resolve_vault_path(self.location.text())

    def take_passphrase(self) -> str:
        """The passphrase, removed from both fields (it goes to the worker now)."""
        passphrase = self.passphrase.text()
        self.passphrase.clear()
        self.repeat.clear()
        return passphrase

    def _changed(self) -> None:
        text = self.passphrase.text()
        self.strength.setText(strength_text(text, self.minimum))
        repeat = self.repeat.text()
        if len(text) >= self.minimum and passphrase_problem(text, self.minimum):
            problem = passphrase_problem(text, self.minimum)  # too long, bad character
        elif repeat and repeat != text:
            problem = _("The passphrases are not the same.")
        else:
            problem = ""
        _show(self.mismatch, problem)
        _show(self.message, self._policy_problem)  # an earlier "Volgende" error is stale
        self.completeChanged.emit()

    def _browse(self) -> None:
        path = self._wizard.ask_save_file(self, self.vault_path)
        if path is not None:
            self.location.setText(str(path))


class OfficerPage(QWizardPage):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(_("About you"))
        self.setSubTitle(_("These details appear on letters and handover sheets. They are "
                           "stored inside the encrypted vault only."))
        form = QFormLayout()
        self.municipality = _field(self, form, _("&Municipality *"), _("Municipality"))
        self.municipality.setPlaceholderText(_("for example Gemeente Voorbeeld"))
        self.officer_name = _field(self, form, _("&Name *"), _("Name"))
        for required in (self.municipality, self.officer_name):
            required.setAccessibleDescription(_("Required"))
        self.officer_function = _field(self, form, _("F&unction"), _("Function"))
        self.officer_function.setText(_("Aandachtsfunctionaris mensenhandel"))
        self.officer_phone = _field(self, form, _("&Telephone"), _("Telephone"))
        self.officer_email = _field(self, form, _("&E-mail"), _("E-mail"))
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(_("Creating the vault…"))
        self.busy.hide()
        self.message = _message_label(self)
        self.required_note = QLabel(_("* required"), self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.required_note)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addStretch(1)
        for edit in (self.municipality, self.officer_name):
            edit.textChanged.connect(lambda _text: self.completeChanged.emit())

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.municipality.text().strip() and self.officer_name.text().strip()
                    and not self._wizard.busy)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        return self._wizard._finish_new()

    def details(self) -> OfficerDetails:
        return OfficerDetails(self.municipality.text().strip(),
                              self.officer_name.text().strip(),
                              self.officer_function.text().strip(),
                              self.officer_phone.text().strip(),
                              self.officer_email.text().strip())


class FirstStartWizard(QWizard):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None, *,
                 new_only: bool = False, creator: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._creator = creator or default_creator
        self._vault_path: Path | None = None
        self._created = False  # the vault file exists and ctx holds it open
        self._saved = False  # the officer's details are in the vault
        self._busy = False
        self.setWindowTitle(_("Mensenhandel Desk — first start"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.choice_page = ChoicePage(self)
        self.new_page = NewVaultPage(self)
        self.officer_page = OfficerPage(self)
        if not new_only:
            self.setPage(CHOICE, self.choice_page)
        else:
            self.choice_page.hide()
        self.setPage(NEW_VAULT, self.new_page)
        self.setPage(OFFICER, self.officer_page)
        self.setStartId(NEW_VAULT if new_only else CHOICE)

    # --- result ---------------------------------------------------------------------------
    @property
    def vault_path(self) -> Path | None:
        """The vault created or chosen; ``None`` until the wizard finished."""
        return self._vault_path

    @property
    def created(self) -> bool:
        """``True``: a new vault was made and is unlocked in ``ctx``. ``False`` with a
        ``vault_path``: an existing vault was chosen; it still needs the unlock screen."""
        return self._created

    @property
    def busy(self) -> bool:
        return self._busy

    # --- dialogs (patched in tests) ----------------------------------------------------------
    @staticmethod
    def ask_open_file(parent: QWidget | None, start: Path | None = None) -> Path | None:
        return files.ask_open_vault(parent, start)

    @staticmethod
    def ask_save_file(parent: QWidget | None, start: Path | None = None) -> Path | None:
        return files.ask_new_vault(parent, start)

    # --- flow -----------------------------------------------------------------------------
    def _chose_existing(self, path: Path) -> None:
        self._vault_path = path
        self._created = False

    def _finish_new(self) -> bool:
        """Finish on the officer page: ``True`` once the vault exists and the details are
        saved; otherwise start the next step on the worker and return ``False``."""
        if self._busy:
            return False
        if self._created and self._saved:
            return True
        _show(self.officer_page.message, "")
        if not self._created:
            self._create()
        else:
            self._save_details()
        return False

    def _create(self) -> None:
        path = self.new_page.vault_path
        passphrase = self.new_page.take_passphrase()
        creator = self._creator
        self.ctx.vault_path = path
        self.ctx.is_demo = False
        self._set_busy(True)
        self.ctx.open(lambda: creator(path, passphrase),
                      on_success=lambda: self._vault_created(path), on_failure=self._failed)

    def _vault_created(self, path: Path) -> None:
        self._created = True
        self._vault_path = path
        self._save_details()

    def _save_details(self) -> None:
        details = self.officer_page.details()
        self._set_busy(True)
        self.ctx.run(lambda services: save_officer(services, details),
                     on_success=self._details_saved, on_failure=self._failed)

    def _details_saved(self, _result: object) -> None:
        self._saved = True
        self._set_busy(False)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        text = describe(error)
        if not self._created:
            text += " " + _("Go back to change the file or type the passphrase again.")
        _show(self.officer_page.message, text)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.officer_page.busy.setVisible(busy)
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(not busy)
        self.officer_page.completeChanged.emit()

    def reject(self) -> None:
        if self._busy:
            return  # the worker is creating the vault; wait for it
        if self._created:
            # The vault exists and is open: keep it; the details can be set later.
            QDialog.done(self, QDialog.DialogCode.Accepted)
            return
        super().reject()
