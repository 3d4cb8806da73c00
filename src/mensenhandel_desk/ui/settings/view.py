"""Instellingen: letterhead and logo, the officer, the envelope window, feedback days,
auto-lock and backups, kept inside the vault (``services.settings``), plus buttons for
the vault tools (backup, restore, passphrase, retention, audit trail, access request).

- Loaded on the worker when the screen is first shown after an unlock; ``Save`` runs
  ``settings.check`` then ``settings.save`` on the worker; a ``ValidationError`` appears
  under the field it names (``FIELD_NAMES``), anything else above the buttons.
- The policy file (services/policy.py) wins: a setting it fixes is disabled with a
  padlock ("Vastgelegd door uw organisatie"); a setting it bounds keeps its bound as
  the spin box's limit with the padlock beside it.
- The logo is a path to an image file, as the services store it; the file is read when a
  document is made (a missing file is refused then, and at save).
- Leaving the screen with unsaved edits (another section, closing) asks Save / Discard /
  Cancel (``confirm_leave``, the contract of the other screens). On lock nothing is asked:
  the edits are saved through the services on the worker, queued before the vault
  closes (``settings.check`` first: edits that are not valid are not saved, and the
  status bar says so); then every field is emptied and settings are reread after the
  next unlock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.errors import DomainError
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.tools.common import (
    OK_STYLE,
    ask_open_file,
    error_label,
    lock_badge,
    show_text,
)
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.widgets.questions import (  # noqa: F401 (the answers tests give)
    CANCEL,
    DISCARD,
    SAVE,
    ask_save_discard,
    confirm_leave,
)
from mensenhandel_desk.ui.worker import describe

LOGO_PREVIEW_PX = 48
IMAGE_FILTER = "*.png *.jpg *.jpeg"


@dataclass(frozen=True)
class Loaded:
    settings: Any  # services.settings.Settings
    locked: dict[str, Any]  # Policy.locked_settings()
    small_minimum: int


def _load(services: Any) -> Loaded:
    from mensenhandel_desk.services.policy import load_policy

    policy = load_policy()
    return Loaded(services.settings.get(), policy.locked_settings(),
                  policy.small_number_minimum())


def _save(services: Any, settings: Any) -> Any:
    services.settings.check(settings)
    return services.settings.save(settings)


class SettingsView(QWidget):
    """Emits ``saved(settings)`` after a save; ``loaded`` after a load."""

    saved = Signal(object)
    loaded = Signal()
    tool_requested = Signal(str)  # a key of ui.tools.TOOLS

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._data: Loaded | None = None
        self._task: Any = None
        self._dirty = False
        self._filling = False
        self.errors: dict[str, QLabel] = {}
        self.badges: dict[str, QLabel] = {}
        self._build()
        ctx.locking.connect(self._on_locking)
        ctx.unlocked.connect(self._on_unlocked)

    # --- building -------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel(f"<h2>{_('Settings')}</h2>", self)
        heading.setAccessibleName(_("Settings"))
        intro = QLabel(_("Kept inside the encrypted vault. They appear on letters and "
                         "handover sheets."), self)
        intro.setWordWrap(True)
        body = QWidget(self)
        columns = QHBoxLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        org = QFormLayout()
        self.municipality = self._line(org, _("&Municipality"), _("Municipality"),
                                       "municipality")
        self.department = self._line(org, _("&Department"), _("Department"), "department")
        self.letterhead_address = self._text(org, _("Postal &address"),
                                             _("Postal address on the letterhead"),
                                             "letterhead_address")
        self.return_address = self._line(org, _("&Return address"),
                                         _("Return address above the envelope window"),
                                         "return_address")
        self.logo_path = QLineEdit(self)
        self.logo_path.setReadOnly(True)
        self.logo_path.setAccessibleName(_("Logo file"))
        self.logo_preview = QLabel(self)
        self.logo_preview.setFixedSize(LOGO_PREVIEW_PX * 2, LOGO_PREVIEW_PX)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setAccessibleName(_("Logo preview"))
        self.choose_logo = named_button(self, _("C&hoose…"), _("Choose the logo image"),
                                        self.pick_logo)
        self.clear_logo = named_button(self, _("Re&move"), _("Remove the logo"),
                                       lambda: self.set_logo(""))
        logo_row = QGridLayout()
        logo_row.addWidget(self.logo_path, 0, 0, 1, 3)
        logo_row.addWidget(self.logo_preview, 1, 0)
        logo_row.addWidget(self.choose_logo, 1, 1)
        logo_row.addWidget(self.clear_logo, 1, 2)
        logo_label = QLabel(_("&Logo"), self)
        logo_label.setBuddy(self.choose_logo)
        org.addRow(logo_label, logo_row)
        self._error_row(org, "letterhead_logo")
        left.addWidget(self._group(_("Municipality and letterhead"), org))

        officer = QFormLayout()
        self.officer_name = self._line(officer, _("&Name"), _("Your name"), "officer_name")
        self.officer_function = self._line(officer, _("F&unction"), _("Your function"),
                                           "officer_function")
        self.officer_phone = self._line(officer, _("&Telephone"), _("Your telephone"),
                                        "officer_phone")
        self.officer_email = self._line(officer, _("&E-mail"), _("Your e-mail address"),
                                        "officer_email")
        left.addWidget(self._group(_("You (on letters and sheets)"), officer))
        left.addStretch(1)

        letters = QFormLayout()
        self.address_block_left_mm = self._spin(
            letters, _("Window from the &left (mm)"),
            _("Envelope window: distance from the left edge in millimetres"),
            "address_block_left_mm", 0, 200, decimals=1)
        self.address_block_top_mm = self._spin(
            letters, _("Window from the t&op (mm)"),
            _("Envelope window: distance from the top edge in millimetres"),
            "address_block_top_mm", 0, 200, decimals=1)
        self.feedback_days = self._spin(letters, _("&Feedback after (days)"),
                                        _("Days after a handover until feedback is due"),
                                        "feedback_days", 1, 365)
        right.addWidget(self._group(_("Letters and handovers"), letters))

        safety = QFormLayout()
        self.auto_lock_minutes = self._spin(safety, _("Auto-&lock after (minutes)"),
                                            _("Lock after this many minutes without "
                                              "activity"), "auto_lock_minutes", 1, 240)
        self.backup_on_close = QCheckBox(_("&Backup when locking or closing (if something "
                                           "changed)"), self)
        self.backup_on_close.setAccessibleName(_("Backup when locking or closing"))
        self.backup_on_close.toggled.connect(self._edited)
        safety.addRow(self._with_badge(self.backup_on_close, "backup_on_close"))
        self._error_row(safety, "backup_on_close")
        self.backups_to_keep = self._spin(safety, _("Automatic backups &kept"),
                                          _("How many automatic backups are kept"),
                                          "backups_to_keep", 1, 100)
        self.small_number_threshold = self._spin(
            safety, _("Monitoring: &hide counts below"),
            _("Monitoring: counts below this number leave the vault as a range"),
            "small_number_threshold", 2, 100)
        right.addWidget(self._group(_("Security and backups"), safety))

        tools = QVBoxLayout()
        self.tool_buttons: dict[str, QPushButton] = {}
        from mensenhandel_desk.ui.tools import TOOLS

        grid = QGridLayout()
        for number, (key, (text, name)) in enumerate(TOOLS.items()):
            button = named_button(self, _(text), _(name),
                                  lambda key=key: self.tool_requested.emit(key))
            self.tool_buttons[key] = button
            grid.addWidget(button, number // 2, number % 2)
        tools.addLayout(grid)
        right.addWidget(self._group(_("Vault"), tools))
        right.addStretch(1)

        self.message = error_label(self, _("Settings message"))
        self.status = QLabel(self)
        self.status.setStyleSheet(OK_STYLE)
        self.status.setAccessibleName(_("Settings status"))
        self.save_button = named_button(self, _("&Save settings"), _("Save the settings"),
                                        self.save)
        self.undo_button = named_button(self, _("&Undo changes"),
                                        _("Undo the changes not saved yet"), self.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.save_button)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._set_enabled(False)

    def _group(self, title: str, content: Any) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setLayout(content)
        return box

    def _with_badge(self, widget: QWidget, key: str) -> QWidget:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        compact = isinstance(widget, QAbstractSpinBox | QCheckBox)
        row.addWidget(widget, 0 if compact else 1)
        badge = lock_badge(holder)
        badge.hide()
        row.addWidget(badge)
        if compact:  # the padlock right beside a short field, not at the far edge
            row.addStretch(1)
        self.badges[key] = badge
        return holder

    def _error_row(self, form: QFormLayout, key: str) -> None:
        label = error_label(self, _("Problem with this setting"))
        self.errors[key] = label
        form.addRow("", label)

    def _caption(self, form: QFormLayout, caption: str, widget: QWidget, key: str) -> None:
        label = QLabel(caption, self)
        label.setBuddy(widget)
        form.addRow(label, self._with_badge(widget, key))
        self._error_row(form, key)

    def _line(self, form: QFormLayout, caption: str, name: str, key: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(name)
        edit.textEdited.connect(self._edited)
        self._caption(form, caption, edit, key)
        return edit

    def _text(self, form: QFormLayout, caption: str, name: str, key: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
        edit.textChanged.connect(self._edited)
        self._caption(form, caption, edit, key)
        return edit

    def _spin(self, form: QFormLayout, caption: str, name: str, key: str, low: float,
              high: float, decimals: int = 0) -> QAbstractSpinBox:
        spin: QSpinBox | QDoubleSpinBox
        if decimals:
            spin = QDoubleSpinBox(self)
            spin.setDecimals(decimals)
            spin.setSingleStep(0.5)
        else:
            spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setAccessibleName(name)
        spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("0") * 12 + 40)
        spin.valueChanged.connect(self._edited)
        self._caption(form, caption, spin, key)
        return spin

    # --- loading ----------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.ctx.is_unlocked and self._data is None and self._task is None:
            self.reload()

    def _on_unlocked(self) -> None:
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """Read the settings (and the policy) on the worker; unsaved edits are dropped."""
        if not self.ctx.is_unlocked:
            return
        self._task = self.ctx.run(_load, on_success=self._loaded, on_failure=self._failed)

    def _loaded(self, data: Loaded) -> None:
        self._task = None
        self._data = data
        self._fill(data.settings)
        self._apply_policy(data)
        self._clear_errors()
        self._dirty = False
        self.status.clear()
        self._set_enabled(True)
        if self.isVisible() and self.focusWidget() in (None, self.logo_path):
            self.municipality.setFocus()
        self.loaded.emit()

    def _fill(self, settings: Any) -> None:
        self._filling = True
        try:
            for edit in (self.municipality, self.department, self.return_address,
                         self.officer_name, self.officer_function, self.officer_phone,
                         self.officer_email):
                edit.setText(getattr(settings, self._key(edit)))
            self.letterhead_address.setPlainText(settings.letterhead_address)
            self.set_logo(settings.letterhead_logo, edited=False)
            for spin in self._spins():
                spin.setValue(getattr(settings, self._key(spin)))
            self.backup_on_close.setChecked(settings.backup_on_close)
        finally:
            self._filling = False

    def _apply_policy(self, data: Loaded) -> None:
        locked = data.locked
        for badge in self.badges.values():
            badge.hide()
        maximum = locked.get("auto_lock_minutes")
        self.auto_lock_minutes.setMaximum(maximum or 240)
        if maximum is not None:
            self._show_badge("auto_lock_minutes", _("at most {minutes} minutes").format(
                minutes=maximum))
        forced = bool(locked.get("backup_on_close"))
        self.backup_on_close.setEnabled(not forced)
        if forced:
            self.backup_on_close.setChecked(True)
            self._show_badge("backup_on_close", _("always on"))
        self.small_number_threshold.setMinimum(data.small_minimum)
        if "small_number_threshold" in locked:
            self._show_badge("small_number_threshold", _("at least {minimum}").format(
                minimum=data.small_minimum))

    def _show_badge(self, key: str, detail: str) -> None:
        badge = self.badges[key]
        text = _("{policy}: {detail}").format(policy=_("Set by your organisation"),
                                              detail=detail)
        badge.setToolTip(text)
        badge.setAccessibleName(text)
        badge.show()
        owner = getattr(self, key)
        owner.setToolTip(text)

    def policy_locked(self, key: str) -> bool:
        """Whether the padlock shows beside this setting."""
        return not self.badges[key].isHidden()

    # --- editing ----------------------------------------------------------------------------
    def _edited(self, *_args: Any) -> None:
        if not self._filling:
            self._dirty = True
            self.status.clear()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def has_unsaved(self) -> bool:
        return self._dirty and self._data is not None

    # --- leaving and locking ---------------------------------------------------------------
    @staticmethod
    def ask_unsaved(parent: QWidget) -> str:
        """SAVE, DISCARD or CANCEL for unsaved settings. (Tests replace this.)"""
        return ask_save_discard(parent, _("Unsaved settings"),
                                _("The settings have changes that are not saved yet."),
                                _("&Save"), _("Save the settings"))

    def confirm_leave(self, proceed: Callable[[], None] | None = None) -> bool:
        """The main window asks before it shows another section or closes: ``True`` (and
        ``proceed()``) to go on now. Save saves on the worker while the officer moves on;
        should that fail, the edits stay here and the status bar says why."""
        def save() -> bool:
            self.save(tell=True)
            return True

        return confirm_leave(self, proceed, save)  # (a lock saves the edits)

    def discard(self) -> None:
        """Back to the settings as stored."""
        if self._data is None:
            return
        self._fill(self._data.settings)
        self._clear_errors()
        self._dirty = False

    def _on_locking(self, _reason: str) -> None:
        """Lock: save valid edits on the worker (queued before the vault closes), then
        empty the screen. Never asks."""
        if self.has_unsaved():
            settings = self.current()

            def failed(error: BaseException) -> None:
                self.ctx.message.emit(_("Changes to the settings were not saved: "
                                        "{reason}").format(reason=describe(error)))

            self.ctx.run(lambda services: _save(services, settings), on_failure=failed)
        self.clear()

    @staticmethod
    def ask_image(parent: QWidget) -> Path | None:
        return ask_open_file(parent, _("Choose the logo"),
                             _("Images ({patterns})").format(patterns=IMAGE_FILTER))

    def pick_logo(self) -> None:
        path = self.ask_image(self)
        if path is None:
            return
        if QImageReader(str(path)).size().isEmpty():
            show_text(self.errors["letterhead_logo"],
                      _("This file is not an image that can be used (PNG or JPEG)."))
            return
        self.set_logo(str(path))

    def set_logo(self, path: str, *, edited: bool = True) -> None:
        self.logo_path.setText(path)
        self.logo_path.setToolTip(path)
        pixmap = QPixmap(path) if path else QPixmap()
        if pixmap.isNull():
            self.logo_preview.clear()
        else:
            self.logo_preview.setPixmap(pixmap.scaled(
                self.logo_preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        self.clear_logo.setEnabled(bool(path) and self._data is not None)
        show_text(self.errors["letterhead_logo"], "")
        if edited:
            self._edited()

    def current(self) -> Any:
        """The settings as the screen shows them (a copy of the loaded ones)."""
        assert self._data is not None
        values: dict[str, Any] = {}
        for f in fields(self._data.settings):
            widget = getattr(self, f.name, None)
            if isinstance(widget, QLineEdit) and f.name != "letterhead_logo":
                values[f.name] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                values[f.name] = widget.toPlainText()
            elif isinstance(widget, QSpinBox | QDoubleSpinBox):
                values[f.name] = widget.value()
        values["letterhead_logo"] = self.logo_path.text()
        values["backup_on_close"] = self.backup_on_close.isChecked()
        return replace(self._data.settings, **values)

    def save(self, *, tell: bool = False) -> None:
        """Save on the worker; ``tell``: the officer left the screen, so a failure also
        goes to the status bar."""
        if self._data is None or not self.ctx.is_unlocked or self._task is not None:
            return
        settings = self.current()
        self._clear_errors()
        self._set_enabled(False)

        def failed(error: BaseException) -> None:
            self._failed(error)
            if tell:
                self.ctx.message.emit(_("Changes to the settings were not saved: "
                                        "{reason}").format(reason=describe(error)))

        self._task = self.ctx.run(lambda services: _save(services, settings),
                                  on_success=self._saved, on_failure=failed)

    def _saved(self, settings: Any) -> None:
        self._task = None
        assert self._data is not None
        self._data = replace(self._data, settings=settings)
        self._fill(settings)
        self._dirty = False
        self._set_enabled(True)
        self.status.setText(_("Settings saved."))
        locker = getattr(self.window(), "locker", None)
        if locker is not None:
            locker.set_timeout_minutes(settings.auto_lock_minutes,
                                       self._data.locked.get("auto_lock_minutes"))
        self.saved.emit(settings)

    def _failed(self, error: BaseException) -> None:
        self._task = None
        self._set_enabled(self._data is not None)
        field = error.field if isinstance(error, DomainError) else None
        if field in self.errors:
            show_text(self.errors[field], describe(error))
            target = getattr(self, field, None)
            if field == "letterhead_logo":
                target = self.choose_logo
            if isinstance(target, QWidget):
                target.setFocus()
        else:
            show_text(self.message, describe(error))

    def field_error(self, key: str) -> str:
        return self.errors[key].text() if not self.errors[key].isHidden() else ""

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            show_text(label, "")
        show_text(self.message, "")

    # --- state ------------------------------------------------------------------------------
    def _spins(self) -> list[QAbstractSpinBox]:
        return [self.address_block_left_mm, self.address_block_top_mm, self.feedback_days,
                self.auto_lock_minutes, self.backups_to_keep, self.small_number_threshold]

    def _key(self, widget: QWidget) -> str:
        for name, value in vars(self).items():
            if value is widget:
                return name
        raise KeyError(widget)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.municipality, self.department, self.letterhead_address,
                       self.return_address, self.officer_name, self.officer_function,
                       self.officer_phone, self.officer_email, self.choose_logo,
                       self.save_button, self.undo_button, *self._spins()):
            widget.setEnabled(enabled)
        self.clear_logo.setEnabled(enabled and bool(self.logo_path.text()))
        forced = bool(self._data and self._data.locked.get("backup_on_close"))
        self.backup_on_close.setEnabled(enabled and not forced)
        for button in self.tool_buttons.values():
            button.setEnabled(self.ctx.is_unlocked)

    def clear(self) -> None:
        """On lock: empty every field, forget the loaded settings and any edit."""
        if self._task is not None:
            self._task.drop()
            self._task = None
        self._data = None
        self._filling = True
        try:
            for edit in (self.municipality, self.department, self.return_address,
                         self.officer_name, self.officer_function, self.officer_phone,
                         self.officer_email, self.logo_path):
                edit.clear()
            self.letterhead_address.clear()
            self.logo_preview.clear()
            for spin in self._spins():
                spin.setValue(spin.minimum())
            self.backup_on_close.setChecked(False)
        finally:
            self._filling = False
        self._dirty = False
        self._clear_errors()
        self.status.clear()
        self._set_enabled(False)
