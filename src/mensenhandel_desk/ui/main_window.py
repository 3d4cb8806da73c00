"""The main window: navigation, menus, shortcuts and the status bar. Nothing else.

Two faces in one ``QStackedWidget``: the unlock screen (while locked) and the workspace
(sidebar + one screen per section). Every screen is its own folder under ``ui/`` and
receives the ``DeskContext``; this module only places them and remembers, in memory, where
the officer was (section, selected or opened signal id) so unlocking returns there.
The window title never carries vault data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.models import SignalFilter
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.ui.checklist.view import ChecklistView
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.meetings.view import MeetingsView
from mensenhandel_desk.ui.monitoring.view import MonitoringView
from mensenhandel_desk.ui.partners.view import PartnersView
from mensenhandel_desk.ui.register.view import RegisterView
from mensenhandel_desk.ui.signal.editor import SignalEditor, SignalsStack
from mensenhandel_desk.ui.todo.view import TodoView
from mensenhandel_desk.ui.widgets.fitting_stack import FittingStack

APP_TITLE = "Mensenhandel Desk"

# (key, sidebar label); Ctrl+1 … Ctrl+7 in this order
SECTIONS: list[tuple[str, str]] = [
    ("signals", N_("Signals")),
    ("todo", N_("To do")),
    ("meetings", N_("Meetings")),
    ("partners", N_("Chain partners")),
    ("monitoring", N_("Monitoring")),
    ("checklist", N_("Signals checklist")),
    ("settings", N_("Settings")),
]


class MainWindow(QMainWindow):
    """``unlock_widget`` is the unlock screen (ui/start); shown whenever the vault is locked."""

    section_changed = Signal(str)

    def __init__(self, ctx: DeskContext, unlock_widget: QWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(APP_TITLE)
        self.setAccessibleName(APP_TITLE)
        self._where: dict[str, Any] = {"section": 0, "selected": None, "opened": None}
        self._quit_confirmed = False
        self._quitting = False  # closed: the lock runs, then the app quits
        self.locker: Any = None  # ui.lock.LockController, set by ui/app.py
        self.clipboard: Any = None  # ui.lock.SecureClipboard, set by ui/app.py
        self.faces = QStackedWidget(self)
        self.unlock_widget = unlock_widget
        self.faces.addWidget(unlock_widget)
        self.workspace = self._build_workspace()
        self.faces.addWidget(self.workspace)
        self.setCentralWidget(self.faces)
        # Keyboard focus must be visible on every list and table (EN 301 549 / WCAG
        # 2.4.7); the platform styles only hint at it on item views.
        self.setStyleSheet("QAbstractItemView:focus { border: 2px solid palette(highlight); }")
        self._build_menus()
        self._build_status_bar()
        ctx.unlocked.connect(self._on_unlocked)
        ctx.locking.connect(self._on_locking)
        ctx.locked.connect(self._on_locked)
        ctx.message.connect(self.show_message)
        ctx.lock_failed.connect(self._lock_failed)
        ctx.worker.failed.connect(self.show_message)
        ctx.worker.busy_changed.connect(self._busy)
        ctx.progress.connect(self._progress)
        self._show_locked_face()

    # --- building ------------------------------------------------------------------------------
    def _build_workspace(self) -> QWidget:
        workspace = QWidget(self)
        self.sidebar = QListWidget(workspace)
        self.sidebar.setAccessibleName(_("Sections"))
        self.sidebar.setAccessibleDescription(_("Ctrl+1 to Ctrl+7 jump to a section."))
        self.sidebar.setFixedWidth(self.fontMetrics().horizontalAdvance("n") * 17)
        self.sidebar.setSpacing(3)
        self.pages = FittingStack(workspace)  # each page scrolls: fits 1024×700
        self.register = RegisterView(self.ctx, workspace)
        self.editor = SignalEditor(self.ctx, workspace)
        self.signals_stack = SignalsStack(workspace)
        self.signals_stack.addWidget(self.register)
        self.signals_stack.addWidget(self.editor)
        self.todo = TodoView(self.ctx, workspace)
        self.monitoring = MonitoringView(self.ctx, workspace)
        self.meetings = MeetingsView(self.ctx, workspace)
        self.partners = PartnersView(self.ctx, workspace)
        self.checklist = ChecklistView(self.ctx, workspace)
        self.section_widgets: dict[str, QWidget] = {"signals": self.signals_stack,
                                                    "todo": self.todo,
                                                    "meetings": self.meetings,
                                                    "monitoring": self.monitoring,
                                                    "partners": self.partners,
                                                    "checklist": self.checklist}
        from mensenhandel_desk.ui.settings import SettingsView

        self.settings_view = SettingsView(self.ctx, workspace)
        self.settings_view.tool_requested.connect(self.open_tool)
        self.section_widgets["settings"] = self.settings_view
        for number, (key, title) in enumerate(SECTIONS, start=1):
            item = QListWidgetItem(_(title))
            item.setToolTip(_("{section} (Ctrl+{number})").format(section=_(title),
                                                                   number=number))
            self.sidebar.addItem(item)
            self.pages.addWidget(self.section_widgets[key])
        self.sidebar.currentRowChanged.connect(self._section_selected)
        self.register.open_signal.connect(self.open_signal)
        self.todo.open_signal.connect(self.open_signal)
        self.meetings.open_signal.connect(self.open_signal)
        self.monitoring.open_register.connect(self.show_register_filtered)
        self.ctx.open_signal_requested.connect(self.open_signal)
        self.editor.back.connect(self.request_back)
        self.editor.open_signal.connect(self.open_signal)
        self.editor.created.connect(self._signal_created)
        self.editor.reference_hint = self.register.model.reference_of
        self.demo_banner = QLabel(_("DEMO VAULT — fictitious data only. Never enter real "
                                    "signals here."), workspace)
        self.demo_banner.setStyleSheet("background: #ffd54f; color: #000; font-weight: bold; "
                                       "padding: 4px;")
        self.demo_banner.setAccessibleName(_("Demo vault"))
        self.demo_banner.setVisible(False)
        self.read_only = False  # the open vault may not be changed (Services.read_only)
        self.read_only_banner = QLabel(_("This vault is read-only: you can read but not "
                                         "change anything"), workspace)
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setStyleSheet("background: #cfd8dc; color: #000; "
                                            "font-weight: bold; padding: 4px;")
        self.read_only_banner.setToolTip(_("The vault file or its folder may not be "
                                           "changed. To work in it, copy it to a folder "
                                           "where you may write, or ask for write access."))
        self.read_only_banner.setAccessibleName(_("Read-only vault"))
        self.read_only_banner.setVisible(False)
        columns = QHBoxLayout()
        columns.addWidget(self.sidebar)
        columns.addWidget(self.pages, 1)
        layout = QVBoxLayout(workspace)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.read_only_banner)
        layout.addLayout(columns, 1)
        self.setTabOrder(self.sidebar, self.register.search)
        return workspace

    def _build_menus(self) -> None:
        bar = self.menuBar()
        vault_menu = bar.addMenu(_("&Vault"))
        self.lock_action = self._action(_("&Lock now"), QKeySequence("Ctrl+L"), self.lock_now,
                                        vault_menu)
        vault_menu.addSeparator()
        self.tool_actions = self._tool_actions(vault_menu)
        vault_menu.addSeparator()
        self.quit_action = self._action(_("&Quit"), QKeySequence.StandardKey.Quit,
                                        self.close, vault_menu)
        signal_menu = bar.addMenu(_("&Signal"))
        self.new_action = self._action(_("&New signal…"), QKeySequence.StandardKey.New,
                                       self.new_signal, signal_menu)
        self.search_action = self._action(_("&Search"), QKeySequence("F6"), self.focus_search,
                                          signal_menu)
        self.search_action.setShortcuts([QKeySequence("F6"), QKeySequence.StandardKey.Find])
        self.refresh_action = self._action(_("&Refresh"), QKeySequence.StandardKey.Refresh,
                                           self.refresh, signal_menu)
        signal_menu.addSeparator()
        self.import_action = self._action(_("&Import from Excel/CSV…"), QKeySequence(),
                                          self.import_sheet, signal_menu)
        self.export_action = self._action(_("&Export register to Excel…"), QKeySequence(),
                                          self.export_register, signal_menu)
        self.import_wizard: Any = None  # ui.sheet_import.SheetImportWizard while open
        view_menu = bar.addMenu(_("&Go to"))
        self.section_actions: list[QAction] = []
        for number, (_key, title) in enumerate(SECTIONS, start=1):
            action = self._action(_(title), QKeySequence(f"Ctrl+{number}"),
                                  lambda _checked=False, n=number - 1: self.show_section(n),
                                  view_menu)
            self.section_actions.append(action)
        help_menu = bar.addMenu(_("&Help"))
        self._action(_("&About Mensenhandel Desk"), QKeySequence(), self.about, help_menu)
        self.vault_actions = [self.new_action, self.search_action, self.refresh_action,
                              self.import_action, self.export_action, self.lock_action,
                              *self.section_actions]
        self.vault_actions += self.tool_actions

    def _tool_actions(self, menu: Any) -> list[QAction]:
        """Kluis menu: the officer tools (ui/tools), also on the settings screen."""
        from mensenhandel_desk.ui.tools import MENU_TEXTS

        actions = []
        for key, text in MENU_TEXTS.items():
            if key in ("retention", "check"):
                menu.addSeparator()
            actions.append(self._action(_(text), QKeySequence(),
                                        lambda _checked=False, k=key: self.open_tool(k), menu))
        return actions

    def open_tool(self, key: str) -> None:
        """Open an officer tool (backup, restore, passphrase, retention, audit, access)."""
        from mensenhandel_desk.ui.tools import open_tool

        dialog = open_tool(key, self.ctx, self)
        purged = getattr(dialog, "purged", None)
        if purged is not None and not dialog.property("signalsChangedWired"):
            dialog.setProperty("signalsChangedWired", True)  # destroyed signals: lists
            purged.connect(lambda *_args: self.ctx.signals_changed.emit())

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey,
                slot: Callable[..., Any], menu: Any) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.vault_label = QLabel(self.ctx.vault_path.name, self)
        self.vault_label.setAccessibleName(_("Vault file"))
        self.vault_label.setToolTip(str(self.ctx.vault_path))
        self.lock_label = QLabel(self)
        self.lock_label.setAccessibleName(_("Lock state"))
        self.busy_label = QLabel(self)
        self.busy_label.setAccessibleName(_("Work in progress"))
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.lock_label)
        status.addPermanentWidget(self.vault_label)

    # --- navigation ----------------------------------------------------------------------------
    def show_section(self, number: int) -> None:
        if not self.ctx.is_unlocked:
            return
        self.sidebar.setCurrentRow(number)

    def _section_selected(self, number: int) -> None:
        if number < 0:
            return
        if not self._may_leave(number):
            return
        self.pages.setCurrentIndex(number)
        self._where["section"] = number
        key = SECTIONS[number][0]
        if key == "todo":
            self.todo.refresh()
        elif key == "monitoring":
            self.monitoring.refresh()
        self.section_changed.emit(key)

    def _may_leave(self, number: int) -> bool:
        """A screen with unsaved edits may keep the officer (``confirm_leave()`` returns
        ``False``: Cancel); the sidebar then goes back to that screen."""
        leaving = self.pages.currentWidget()
        confirm = getattr(leaving, "confirm_leave", None)
        if number == self.pages.currentIndex() or confirm is None or \
                not self.ctx.is_unlocked:
            return True
        self._highlight(self.pages.currentIndex())  # while asking: still this screen
        if not confirm():
            self._highlight(self.pages.currentIndex())
            return False
        self._highlight(number)
        return True

    def _highlight(self, number: int) -> None:
        """Mark ``number`` in the sidebar without switching to it."""
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(number)
        self.sidebar.blockSignals(False)

    def current_section(self) -> str:
        return SECTIONS[max(self.sidebar.currentRow(), 0)][0]

    def _editor_shown(self) -> bool:
        return self.signals_stack.currentWidget() is self.editor

    def open_signal(self, signal_id: int) -> None:
        """Show ``signal_id`` in the editor; unsaved edits of the one shown are asked
        about first (Save / Discard / Cancel)."""
        if self._editor_shown() and self.editor.signal_id == signal_id \
                and self.editor.dossier is not None and self.pages.currentIndex() == 0:
            return  # already there (a hit clicked twice)
        if self._editor_shown():
            self.editor.confirm_leave(lambda: self._open_signal(signal_id))
        else:
            self._open_signal(signal_id)

    def _open_signal(self, signal_id: int) -> None:
        came_from = self.pages.currentIndex()
        if not self._editor_shown():
            self._where["came_from"] = came_from if came_from > 0 else None
        self.show_section(0)
        self._where["opened"] = signal_id
        self._where["selected"] = signal_id
        self._where["new_open"] = False
        self.signals_stack.setCurrentWidget(self.editor)
        self.editor.show_signal(signal_id)
        self.editor.nav.setFocus()

    def _signal_created(self, signal_id: int) -> None:
        self._where["opened"] = signal_id
        self._where["selected"] = signal_id
        self._where["new_open"] = False
        self.register.model.refresh()
        self.todo.refresh()

    def request_back(self) -> None:
        """Back (button or Esc) from the editor: asks about unsaved edits first."""
        self.editor.confirm_leave(self.back_to_list)

    def back_to_list(self) -> None:
        """Back to where the signal was opened from (the register, or Te doen)."""
        self._where["opened"] = None
        self._where["new_open"] = False
        self.editor.clear()
        self.signals_stack.setCurrentWidget(self.register)
        came_from = self._where.pop("came_from", None)
        if came_from:
            self.show_section(came_from)
            self.pages.currentWidget().setFocus()
            return
        self.register.select_signal(self._where.get("selected"))
        self.register.table.setFocus()

    def show_register_filtered(self, flt: SignalFilter, description: str) -> None:
        """Click-through from Monitoring: the register with exactly those signals."""
        if not self.ctx.is_unlocked:
            return
        self._where["opened"] = None
        self._where["new_open"] = False
        self._where.pop("came_from", None)
        self.editor.clear()
        self.signals_stack.setCurrentWidget(self.register)
        self.show_section(0)
        self.register.show_filter(flt, description)
        self.register.table.setFocus()

    def focus_search(self) -> None:
        if not self.ctx.is_unlocked:
            return
        self.show_section(0)
        if self.signals_stack.currentWidget() is not self.register:
            def to_search() -> None:
                self.back_to_list()
                self.register.focus_search()

            self.editor.confirm_leave(to_search)
            return
        self.register.focus_search()

    def refresh(self) -> None:
        if self.ctx.is_unlocked:
            self.register.refresh()  # keeps the selection and the scroll position
            self.todo.refresh()
            if self.current_section() == "monitoring":
                self.monitoring.refresh()

    def import_sheet(self) -> None:
        """Signaal → Importeren uit Excel/CSV…: the import wizard (window-modal)."""
        if not self.ctx.is_unlocked:
            return
        from mensenhandel_desk.ui.sheet_import import SheetImportWizard

        wizard = SheetImportWizard(self.ctx, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(self._after_import)
        wizard.finished.connect(lambda _code: setattr(self, "import_wizard", None))
        self.import_wizard = wizard
        wizard.open()

    def _after_import(self, count: int) -> None:
        """New signals are in the vault: the register (and Te doen) show them."""
        if not self.ctx.is_unlocked:
            return
        self.register.model.refresh()
        self.todo.refresh()
        self.show_message(_("1 signal imported.") if count == 1 else
                          _("{count} signals imported.").format(count=count))

    def export_register(self) -> None:
        """Signaal → Register exporteren naar Excel…: what the register shows."""
        if not self.ctx.is_unlocked:
            return
        from mensenhandel_desk.ui.sheet_import import RegisterExport

        flt = (self.register.model.filter if self.register.monitoring_filter_shown()
               else self.register.current_filter())
        model = self.register.model
        RegisterExport(self.ctx, self).start(flt, self.show_message, sort=model.sort_key,
                                             descending=model.descending)

    def new_signal(self) -> None:
        """Ctrl+N: the editor with an empty signal (unsaved edits asked about first);
        refused in a read-only vault."""
        if not self.ctx.is_unlocked:
            return
        if self.read_only:
            self.show_message(_("This vault is read-only: a new signal cannot be saved. To "
                                "work in it, copy it to a folder where you may write, or "
                                "ask for write access."))
            return
        if self._editor_shown():
            self.editor.confirm_leave(self._new_signal)
        else:
            self._new_signal()

    def _new_signal(self) -> None:
        came_from = self.pages.currentIndex()
        if not self._editor_shown():
            self._where["came_from"] = came_from if came_from > 0 else None
        self.show_section(0)
        self._where["opened"] = None
        self._where["new_open"] = True
        self.signals_stack.setCurrentWidget(self.editor)
        self.editor.new_signal()

    def about(self) -> None:
        from mensenhandel_desk import __version__

        QMessageBox.about(self, _("About Mensenhandel Desk"), _(
            "Mensenhandel Desk {version}: signals of possible human trafficking, encrypted "
            "and offline.").format(version=__version__))

    # --- lock and unlock ------------------------------------------------------------------------
    def lock_now(self) -> None:
        """Ctrl+L: through the lock controller when there is one (closes dialogs, clears
        our clipboard text), else straight to the context."""
        if self.locker is not None:
            self.locker.lock("manual")
        else:
            self.ctx.lock("manual")

    def _on_locking(self, _reason: str) -> None:
        """Drop every trace of the vault from the screen, first."""
        self._where["selected"] = (self._where.get("opened")
                                   or self.register.selected_signal_id()
                                   or self._where.get("selected"))
        self._set_read_only(False)
        self._show_locked_face()

    def _lock_failed(self, text: str) -> None:
        """The lock completed but its work failed (the automatic backup: everything is
        saved): the unlock screen keeps saying so; when quitting, a message box first."""
        show_notice = getattr(self.unlock_widget, "show_notice", None)
        if callable(show_notice):
            show_notice(text)
        if self._quitting:  # the window is gone already: say it before the app ends
            QMessageBox.warning(None, APP_TITLE, text)

    def _set_read_only(self, read_only: bool) -> None:
        """Banner and editing actions for a read-only vault (``Services.read_only``); the
        services refuse every change anyway, with their Dutch message."""
        self.read_only = bool(read_only)
        self.read_only_banner.setVisible(self.read_only)
        tip = self.read_only_banner.toolTip() if self.read_only else ""
        for action in (self.new_action, self.import_action):
            action.setEnabled(self.ctx.is_unlocked and not self.read_only)
            action.setToolTip(tip or action.text())

    def _on_locked(self) -> None:
        self.lock_label.setText(_("Locked"))

    def _show_locked_face(self) -> None:
        self.faces.setCurrentWidget(self.unlock_widget)
        self.setWindowTitle(_("{app} — locked").format(app=APP_TITLE))
        self.lock_label.setText(_("Locked"))
        for action in self.vault_actions:
            action.setEnabled(False)
        self._focus_unlock()
        # A dialog that was open (the active window) closes with the lock; the platform
        # hands activation back later: ask again once that has happened.
        QTimer.singleShot(0, self, self._focus_unlock)

    def _focus_unlock(self) -> None:
        """The passphrase field gets the keyboard focus, in the active window."""
        if self.ctx.is_unlocked or self._quitting:
            return
        if self.isVisible():
            self.activateWindow()
            self.raise_()
        focus = getattr(self.unlock_widget, "focus_passphrase", None)
        if callable(focus):
            focus()
        else:
            self.unlock_widget.setFocus()

    def _on_unlocked(self) -> None:
        self.statusBar().clearMessage()  # e.g. a late "locked" from before this unlock
        self.demo_banner.setVisible(self.ctx.is_demo)
        self.setWindowTitle(APP_TITLE)
        self.lock_label.setText(_("Unlocked"))
        for action in self.vault_actions:
            action.setEnabled(True)
        self.ctx.run(lambda services: bool(getattr(services, "read_only", False)),
                     on_success=self._set_read_only, on_failure=lambda _error: None)
        self.faces.setCurrentWidget(self.workspace)
        section = self._where.get("section", 0)
        if self.sidebar.currentRow() != section:
            self.sidebar.setCurrentRow(section)
        else:
            self._section_selected(section)
        opened = self._where.get("opened")
        if section != 0:  # the editor was left through the sidebar: not reopened
            self._where["opened"] = None
            self._where["new_open"] = False
            self._where.pop("came_from", None)
            self.signals_stack.setCurrentWidget(self.register)
            self.register.select_signal(self._where.get("selected"))
            self.pages.currentWidget().setFocus()
        elif self._where.get("new_open"):
            self._new_signal()  # a draft of it, kept on lock, is offered there
        elif opened is not None:
            self.open_signal(opened)
        else:
            self.signals_stack.setCurrentWidget(self.register)
            self.register.select_signal(self._where.get("selected"))
            self.register.table.setFocus()

    def show_unlocked(self) -> None:
        """For a vault that was opened before this window existed (first-start wizard)."""
        self._on_unlocked()

    def set_vault_label(self, path: Any) -> None:
        self.vault_label.setText(path.name)
        self.vault_label.setToolTip(str(path))

    # --- status ----------------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 15_000)

    def _progress(self, done: int, total: int, label: str) -> None:
        """Work the worker does after the screen was locked (the backup): shown, never
        waited for."""
        if total and done >= total:
            self.busy_label.clear()
            return
        if total:
            self.busy_label.setText(_("{label} {percent}%").format(
                label=label, percent=done * 100 // total))
        else:
            self.busy_label.setText(label or _("Working…"))

    def _busy(self, busy: bool) -> None:
        self.busy_label.setText(_("Working…") if busy else "")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Closing locks first (with the backup-if-changed on the worker), then quits."""
        if self.ctx.is_unlocked:
            confirm = getattr(self.pages.currentWidget(), "confirm_leave", None)
            if confirm is not None and not confirm():
                event.ignore()  # Cancel: stay with the unsaved edits
                return
            self.ctx.locked.connect(QApplication.quit)
            self._quitting = True
            self.ctx.lock("quit")
            event.ignore()
            self.hide()
            return
        event.accept()
