"""The unlock screen: the first thing the officer sees, and what a lock returns to.

``UnlockScreen(ctx, opener)`` shows the app name, the vault's file name and folder
(nothing read from the vault: it is still encrypted), a passphrase field and
"Ontgrendelen". On submit the passphrase is taken out of the field (``clear()``) and
handed to ``ctx.open``, which runs ``opener(path, passphrase)`` on the worker; the key
derivation (~100 ms) and migration checks never block the GUI thread. The passphrase is
never logged or kept on the widget.

Errors: ``WrongPassphrase`` shows a Dutch message next to the field, clears and
refocuses it, and from the second failure on disables the field and button for a growing
delay with a countdown ("te vaak" only from the third failure on; the audit counts the
failures: ``open_vault`` does that). On a file that looks like a vault SQLCipher cannot
tell a wrong passphrase from a damaged first page (``WrongPassphraseOrDamaged``), so the
message names both and says to restore a backup when the passphrase is surely right; a
file that is no vault at all (plain ``WrongPassphrase``) or an empty one (``NotAVault``)
says so. Other known errors show their ``.message``; a bug gets an error id
(``worker.describe``). A new attempt clears the previous error.

Focus: the screen's focus proxy is the passphrase field, so ``setFocus()`` on the screen
(the main window does that after a lock), showing it, closing the file dialog (also when
cancelled) and closing the new-vault wizard all put the cursor in the passphrase field.
``show_notice(text)`` shows a short neutral line (e.g. why the vault was locked); it is
cleared by a successful unlock.

The demo vault only (``ctx.is_demo``) shows a "DEMO — fictieve gegevens" banner, the public
demo passphrase and a button to fill it in. ``preload_heavy_stack(ctx)`` imports the
engine on the worker while the officer types.

Signals: ``unlocked()`` after a successful unlock (``ctx.unlocked`` fires too);
``vault_changed(Path)`` when the officer picked or created another vault.
GUI thread only, like every widget.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QFocusEvent, QFont, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.errors import VaultMissing, WrongPassphrase
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.start import files
from mensenhandel_desk.ui.start.demo import demo_passphrase
from mensenhandel_desk.ui.worker import Task, describe

Opener = Callable[[Path, str], Any]
MAX_DELAY_S = 30
PANEL_WIDTH = 440
#: The two secondary buttons look like links but show a clear outline with keyboard focus.
LINK_BUTTON_STYLE = (
    "QPushButton { border: 2px solid transparent; border-radius: 3px; padding: 4px 8px;"
    " background: transparent; text-decoration: underline; }"
    "QPushButton:hover { border-color: palette(mid); }"
    "QPushButton:focus { border: 2px solid palette(highlight);"
    " background: palette(alternate-base); }"
    "QPushButton:disabled { text-decoration: none; }"
)


def default_opener(path: Path, passphrase: str) -> Any:
    """``services.session.open_vault``, imported here (on the worker) so the heavy stack
    (SQLAlchemy, Alembic, reportlab) is not loaded before the screen paints."""
    from mensenhandel_desk.services.session import open_vault

    return open_vault(path, passphrase)


def delay_after(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong passphrases in a row: 0, 1, 2, 4 … 30."""
    if failures < 2:
        return 0
    return min(MAX_DELAY_S, 2 ** (failures - 2))


def wait_text(failures: int, seconds: int) -> str:
    """The countdown text after ``failures`` wrong passphrases ("te vaak" only from the
    third failure on; "1 seconde" in the singular)."""
    if failures >= 3:
        if seconds == 1:
            return _("Too many wrong passphrases. Wait 1 second before trying again.")
        return _("Too many wrong passphrases. Wait {seconds} seconds before trying "
                 "again.").format(seconds=seconds)
    if seconds == 1:
        return _("Wait 1 second before trying again.")
    return _("Wait {seconds} seconds before trying again.").format(seconds=seconds)


def wrong_passphrase_text() -> str:
    """The unlock screen's message for ``WrongPassphraseOrDamaged`` (says "wachtwoordzin"):
    on a file that looks like a vault a wrong passphrase and a damaged start of the file
    cannot be told apart, so both are named."""
    return _("Wrong passphrase, or the start of the vault file is damaged (the two cannot "
             "be told apart). Check the passphrase and try again. If you are sure it is "
             "right, restore the most recent backup. Nothing has been changed.")


def not_a_vault_text() -> str:
    """The message for a file that is no vault at all (plain ``WrongPassphrase``: not whole
    encrypted pages, or a plain SQLite file)."""
    return _("This file is not a Mensenhandel Desk vault (or it is incomplete). Choose "
             "the vault file with 'Open another vault…'. Nothing has been changed.")


def empty_file_text() -> str:
    """The message for an empty file (``NotAVault``)."""
    return _("This file is empty: it is not a vault. Choose the vault file with 'Open "
             "another vault…'. Nothing has been changed.")


def _names_damage(error: BaseException) -> bool:
    """Is ``error`` the wrong-passphrase-or-damaged-header case? (Imported late: the
    engine is loaded by the time an unlock has failed.)"""
    from mensenhandel_desk.services.session import WrongPassphraseOrDamaged

    return isinstance(error, WrongPassphraseOrDamaged)


def preload_heavy_stack(ctx: DeskContext) -> Task:
    """Import the engine (services.session and through it SQLAlchemy, Alembic, reportlab)
    on the worker, so it is done while the officer types. Call right after ``show()``.
    A failure here is not reported: the real unlock will meet (and report) it."""

    def work() -> None:
        from mensenhandel_desk.services import session

        session.warm_up()

    return ctx.worker.submit(work, on_failure=lambda _error: None)


class UnlockScreen(QWidget):
    unlocked = Signal()
    vault_changed = Signal(Path)

    def __init__(self, ctx: DeskContext, opener: Opener | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._opener: Opener = opener or default_opener
        self._failures = 0
        self._wait_left = 0
        self._busy = False
        self._task: Task | None = None
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._build()
        self.set_vault(ctx.vault_path, ctx.is_demo)

    # --- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.setObjectName("unlockScreen")
        self.setAccessibleName(_("Unlock the vault"))
        panel = QFrame(self)
        panel.setObjectName("unlockPanel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setMaximumWidth(PANEL_WIDTH)
        box = QVBoxLayout(panel)
        box.setSpacing(10)

        self.title = QLabel(_("Mensenhandel Desk"), panel)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        box.addWidget(self.title)

        self.demo_banner = QLabel(_("DEMO — fictitious data"), panel)
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setStyleSheet("background:#ffd54f;color:#000;font-weight:bold;"
                                       "padding:6px;")
        self.demo_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.demo_banner)

        self.vault_name = QLabel(panel)
        self.vault_name.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.vault_name.font())
        bold.setBold(True)
        self.vault_name.setFont(bold)
        self.vault_folder = QLabel(panel)
        self.vault_folder.setTextFormat(Qt.TextFormat.PlainText)
        self.vault_folder.setWordWrap(True)
        self.vault_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.vault_name)
        box.addWidget(self.vault_folder)

        self.passphrase_label = QLabel(_("&Passphrase"), panel)
        self.passphrase = QLineEdit(panel)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.passphrase.setAccessibleDescription(_("The passphrase of this vault"))
        self.passphrase_label.setBuddy(self.passphrase)
        self.passphrase.returnPressed.connect(self.submit)
        self.passphrase.textEdited.connect(lambda _text: self._show_message(""))
        self.setFocusProxy(self.passphrase)
        box.addWidget(self.passphrase_label)
        box.addWidget(self.passphrase)

        self.message = QLabel(panel)
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color:#b00020;")
        self.message.hide()
        box.addWidget(self.message)

        self.notice = QLabel(panel)
        self.notice.setObjectName("unlockNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        box.insertWidget(box.indexOf(self.vault_folder) + 1, self.notice)

        self.demo_hint = QLabel(panel)
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fill_demo = QPushButton(_("Fill in the demo passphrase"), panel)
        self.fill_demo.setAccessibleName(_("Fill in the demo passphrase"))
        self.fill_demo.clicked.connect(self._fill_demo)
        box.addWidget(self.demo_hint)
        box.addWidget(self.fill_demo)

        self.busy = QProgressBar(panel)
        self.busy.setRange(0, 0)  # indeterminate: the key derivation has no progress
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(_("Unlocking the vault…"))
        self.busy.hide()
        self.status = QLabel(panel)
        self.status.setWordWrap(True)
        self.status.hide()
        box.addWidget(self.busy)
        box.addWidget(self.status)

        self.unlock_button = QPushButton(_("&Unlock"), panel)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        box.addWidget(self.unlock_button)

        others = QHBoxLayout()
        self.open_other = QPushButton(_("Open another vault…"), panel)
        self.open_other.setAccessibleName(_("Open another vault…"))
        self.open_other.setStyleSheet(LINK_BUTTON_STYLE)
        self.open_other.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.open_other.clicked.connect(self._choose_other)
        self.create_new = QPushButton(_("Create a new vault…"), panel)
        self.create_new.setAccessibleName(_("Create a new vault…"))
        self.create_new.setStyleSheet(LINK_BUTTON_STYLE)
        self.create_new.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.create_new.clicked.connect(self._create)
        others.addWidget(self.open_other)
        others.addWidget(self.create_new)
        box.addLayout(others)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel, 3)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    # --- public API -----------------------------------------------------------------------
    def set_vault(self, path: Path, is_demo: bool = False) -> None:
        """Switch to another vault file (also updates ``ctx.vault_path``/``ctx.is_demo``).
        Does not reset the wrong-passphrase delay."""
        self.ctx.vault_path = Path(path)
        self.ctx.is_demo = bool(is_demo)
        self.passphrase.clear()
        self._show_message("")
        self.vault_name.setText(Path(path).name)
        self.vault_folder.setText(_("Folder: {folder}").format(folder=str(Path(path).parent)))
        self.vault_name.setAccessibleName(_("Vault file"))
        self.demo_banner.setVisible(is_demo)
        offer = self.offers_demo_passphrase  # not after the officer changed it
        self.fill_demo.setVisible(offer)
        self.demo_hint.setVisible(offer)
        if offer:
            self.demo_hint.setText(_("Demo passphrase (for this demo vault ONLY, never for "
                                     "real data): {passphrase}").format(
                                         passphrase=demo_passphrase()))
        else:
            self.demo_hint.clear()
        self.setWindowTitle(_("Mensenhandel Desk — locked"))  # when shown on its own

    @property
    def is_busy(self) -> bool:
        return self._busy

    @property
    def failures(self) -> int:
        return self._failures

    def set_busy(self, busy: bool, text: str = "") -> None:
        """Show or hide the busy indicator (with a short status text) and disable input,
        e.g. while the demo vault is being made."""
        self._set_busy(busy)
        self.status.setText(text if busy else "")
        self.status.setVisible(bool(busy and text))
        if not busy:
            self.focus_passphrase()

    def show_error(self, error: BaseException) -> None:
        """Show a failure of work done for this screen (a known error's message, or an
        error id for a bug) and make the screen usable again."""
        self.set_busy(False)
        self._show_message(describe(error))

    def focus_passphrase(self) -> None:
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_notice(self, text: str) -> None:
        """Show a short neutral line above the field (why the vault was locked); ``""``
        hides it. Cleared by a successful unlock."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.notice.setAccessibleName(text)

    @property
    def notice_text(self) -> str:
        return self.notice.text()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        self.focus_passphrase()  # the focus proxy does this too; kept for safety

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.passphrase.isEnabled():
            self.focus_passphrase()

    def submit(self) -> None:
        """Unlock with the typed passphrase (the button, Enter)."""
        if self._busy or self._wait_left:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show_message(_("Type the passphrase of this vault first."), alert=True)
            self.focus_passphrase()
            return
        self._show_message("")  # a new attempt: the previous error no longer applies
        self.passphrase.clear()  # out of the widget before it goes to the worker
        path = self.ctx.vault_path
        opener = self._opener
        self._set_busy(True)
        self._task = self.ctx.open(lambda: opener(path, passphrase),
                                   on_success=self._succeeded, on_failure=self._failed)

    # --- results (GUI thread) ----------------------------------------------------------------
    def _succeeded(self) -> None:
        self._task = None
        self._failures = 0
        self._set_busy(False)
        self._show_message("")
        self.show_notice("")
        self.unlocked.emit()

    def _failed(self, error: BaseException) -> None:
        self._task = None
        self._set_busy(False)
        self.passphrase.clear()
        if isinstance(error, WrongPassphrase):
            self._failures += 1
            self._show_message(wrong_passphrase_text() if _names_damage(error)
                               else not_a_vault_text(), alert=True)
            wait = delay_after(self._failures)
            if wait:
                self._start_wait(wait)
                return
        elif isinstance(error, VaultMissing):
            self._show_message(_("No vault found at {path}. Choose 'Open another vault…' "
                                 "or 'Create a new vault…'.").format(
                                     path=str(self.ctx.vault_path)))
        elif getattr(error, "code", "") == "not_a_vault":  # store.vault.NotAVault
            self._show_message(empty_file_text(), alert=True)
        else:
            self._show_message(describe(error))  # known: its message; a bug: an error id
        self.focus_passphrase()

    # --- delay after repeated failures ---------------------------------------------------
    def _start_wait(self, seconds: int) -> None:
        self._wait_left = seconds
        self._update_enabled()
        self._show_wait()
        self._countdown.start()

    def _tick(self) -> None:
        self._wait_left = max(0, self._wait_left - 1)
        if self._wait_left:
            self._show_wait()
            return
        self._countdown.stop()
        self._update_enabled()
        self.status.clear()
        self.status.hide()
        self.unlock_button.setText(_("&Unlock"))
        self.focus_passphrase()

    def _show_wait(self) -> None:
        self.unlock_button.setText(_("Wait {seconds} s…").format(seconds=self._wait_left))
        self.status.setText(wait_text(self._failures, self._wait_left))
        self.status.show()

    @property
    def waiting(self) -> bool:
        """True while the delay after repeated wrong passphrases runs."""
        return self._wait_left > 0

    # --- helpers --------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self._update_enabled()

    def _update_enabled(self) -> None:
        free = not self._busy and not self._wait_left
        for widget in (self.passphrase, self.unlock_button, self.fill_demo, self.open_other,
                       self.create_new):
            widget.setEnabled(free)

    def _show_message(self, text: str, *, alert: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setAccessibleName(text)
        self.passphrase.setAccessibleDescription(text or _("The passphrase of this vault"))
        if text and alert:
            QAccessible.updateAccessibility(QAccessibleEvent(self.message,
                                                             QAccessible.Event.Alert))

    @property
    def offers_demo_passphrase(self) -> bool:
        """The demo vault, still with the public demo passphrase (the officer did not
        change it: ``recent.demo_passphrase_changed``)."""
        from mensenhandel_desk.ui.start.recent import demo_passphrase_changed

        return self.ctx.is_demo and not demo_passphrase_changed(self.ctx.vault_path)

    def _fill_demo(self) -> None:
        if self.offers_demo_passphrase:
            self._show_message("")  # the old error belongs to the previous attempt
            self.passphrase.setText(demo_passphrase())
            self.focus_passphrase()

    @staticmethod
    def ask_open_file(parent: QWidget | None, start: Path | None = None) -> Path | None:
        """The file dialog for "Andere kluis openen…" (patched in tests)."""
        return files.ask_open_vault(parent, start)

    def _choose_other(self) -> None:
        try:
            path = self.ask_open_file(self, self.ctx.vault_path)
        finally:
            self.focus_passphrase()  # also after Esc: never leave focus on this button
        if path is None:
            return
        self.set_vault(path, is_demo=False)
        self.vault_changed.emit(path)
        self.focus_passphrase()

    def _create(self) -> None:
        from mensenhandel_desk.ui.start.wizard import FirstStartWizard

        wizard = FirstStartWizard(self.ctx, parent=self, new_only=True)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.accepted.connect(lambda: self._created(wizard))
        wizard.finished.connect(lambda _result: self.focus_passphrase())
        self._wizard = wizard
        wizard.open()

    def _created(self, wizard: Any) -> None:
        path = wizard.vault_path
        if path is None:
            return
        self.set_vault(path, is_demo=False)
        self.vault_changed.emit(path)
        if wizard.created and self.ctx.is_unlocked:
            self.unlocked.emit()
