"""The "Ketenpartners" screen: chain partners, the forms and tasks each covers, and the
officer's contact persons there.

- "Who do I call for labour exploitation?": the form filter narrows the table to the
  partners that name that form, partners with their own step in the report route first;
  each row shows the first contact person and phone in bold, so one glance answers it.
- The detail pane of the selected partner: report-route step, forms, tasks and every
  contact person (add, change, remove); phone and e-mail are copied with the secure
  clipboard (``ctx.copy_text``: cleared after a while and on lock).
- Loaded on the worker (``services.reference.directory()``) when the screen is shown
  after an unlock; ``ctx.locking`` empties table and pane and closes the dialog.
Contact persons are professionals, not victims, but still vault data: nothing of them goes
into logs, settings or titles.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.enums import ExploitationForm
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.matching import fold
from mensenhandel_desk.domain.models import Contact
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.reference_data import DirectoryEntry, covers, partner_forms
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.partners.contact_dialog import ContactDialog
from mensenhandel_desk.ui.partners.model import (
    COL_CONTACT,
    COL_FORMS,
    COL_PARTNER,
    COL_PHONE,
    COL_ROUTE,
    PartnerTableModel,
    forms_text,
)
from mensenhandel_desk.ui.partners.partner_dialog import PartnerDialog
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.widgets.refresh import RefreshWhenShown

FORM_CHOICES = (ExploitationForm.LABOUR, ExploitationForm.SEXUAL, ExploitationForm.CRIMINAL)
CONTACT_COLUMNS = 4


def filtered(entries: list[DirectoryEntry], form: ExploitationForm | None,
             text: str) -> list[DirectoryEntry]:
    """The rows the table shows (pure): partners covering ``form`` whose name, tasks,
    route or contacts contain every word of ``text``; with a form, partners with their own
    report-route step first."""
    words = fold(text).split()
    rows = []
    for entry in entries:
        if not covers(entry.partner, form):
            continue
        p = entry.partner
        haystack = fold(" ".join([p.name, p.route, *p.tasks,
                                  *(f"{c.name} {c.function}" for c in entry.contacts)]))
        if all(w in haystack for w in words):
            rows.append(entry)
    if form is not None:
        rows.sort(key=lambda e: (not e.partner.route, e.partner.name.casefold()))
    return rows


class PartnersView(RefreshWhenShown, QWidget):
    loaded = Signal()  # the directory arrived and is shown
    contact_saved = Signal(object)  # a Contact as stored
    contact_removed = Signal(int)  # its id
    partner_saved = Signal(object)  # a Partner as stored
    failed = Signal(str)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entries: list[DirectoryEntry] = []
        self._stale = True
        self._dialog: ContactDialog | PartnerDialog | None = None
        self._shown: DirectoryEntry | None = None
        self._build()
        ctx.locking.connect(lambda _reason: self.clear())
        ctx.unlocked.connect(self._on_unlocked)

    # --- questions (patched in tests) ------------------------------------------------------
    @staticmethod
    def confirm_remove(parent: QWidget, name: str) -> bool:
        answer = QMessageBox.question(
            parent, _("Remove contact person"),
            _("Remove {name} from the directory? Handovers to this partner stay; they no "
              "longer name this contact person.").format(name=name))
        return answer == QMessageBox.StandardButton.Yes

    # --- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel(f"<h2>{_('Chain partners')}</h2>", self)
        heading.setAccessibleName(_("Chain partners"))
        self.form = QComboBox(self)
        self.form.setAccessibleName(_("Filter by form of exploitation"))
        self.form.addItem(_("All partners"), None)
        for form in FORM_CHOICES:
            self.form.addItem(label(form), form)
        form_label = QLabel(_("Who do I call for:"), self)
        form_label.setBuddy(self.form)
        self.search = QLineEdit(self)
        self.search.setAccessibleName(_("Search partners, tasks and contacts"))
        self.search.setPlaceholderText(_("Search partners, tasks and contacts"))
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(_("&Search:"), self)
        search_label.setBuddy(self.search)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(_("Filter result"))
        filters = QHBoxLayout()
        filters.addWidget(form_label)
        filters.addWidget(self.form)
        filters.addSpacing(16)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)

        self.model = PartnerTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Chain partners"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setAccessibleName(_("Column headers of {table}").format(
            table=_("Chain partners")))
        header.setSectionResizeMode(COL_PARTNER, QHeaderView.ResizeMode.Stretch)
        em = self.fontMetrics().horizontalAdvance("n")
        for column, width in ((COL_FORMS, 16), (COL_ROUTE, 30), (COL_CONTACT, 30),
                              (COL_PHONE, 20)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, em * width)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_detail(self.model.entry(current.row())))

        self.detail = self._build_detail()
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(self.hint)
        layout.addWidget(splitter, 1)
        self.form.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.search.textChanged.connect(lambda _t: self._apply_filter())
        self._show_detail(None)

    def _build_detail(self) -> QWidget:
        pane = QWidget(self)
        self.partner_name = QLabel(pane)
        self.partner_name.setWordWrap(True)
        self.partner_name.setAccessibleName(_("Selected partner"))
        self.partner_facts = QLabel(pane)
        self.partner_facts.setWordWrap(True)
        self.partner_facts.setTextFormat(Qt.TextFormat.RichText)
        self.partner_facts.setAccessibleName(_("Report route, forms and tasks"))
        self.partner_facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contacts = QTableWidget(0, CONTACT_COLUMNS, pane)
        self.contacts.setAccessibleName(_("Contact persons"))
        self.contacts.setHorizontalHeaderLabels([_("Name"), _("Function"), _("Phone"),
                                                 _("E-mail")])
        self.contacts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contacts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contacts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.contacts.setTabKeyNavigation(False)
        self.contacts.verticalHeader().setVisible(False)
        self.contacts.horizontalHeader().setAccessibleName(
            _("Column headers of {table}").format(table=_("Contact persons")))
        self.contacts.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.contacts.itemSelectionChanged.connect(self._contact_buttons)
        self.contacts.activated.connect(lambda _index: self.edit_contact())  # Enter, dbl-click
        contacts_label = QLabel(_("&Contact persons:"), pane)
        contacts_label.setBuddy(self.contacts)
        self.add_button = named_button(pane, _("&Add contact…"),
                                       _("Add a contact person"), self.add_contact)
        self.edit_button = named_button(pane, _("C&hange…"),
                                        _("Change the selected contact person"),
                                        self.edit_contact)
        self.remove_button = named_button(pane, _("&Remove…"),
                                          _("Remove the selected contact person"),
                                          self.remove_contact)
        self.copy_phone_button = named_button(pane, _("Copy &phone"),
                                              _("Copy the phone number"), self.copy_phone)
        self.copy_email_button = named_button(pane, _("Copy e-&mail"),
                                              _("Copy the e-mail address"), self.copy_email)
        buttons = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button,
                       self.copy_phone_button, self.copy_email_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        rows = QHBoxLayout()
        rows.addWidget(self.contacts, 1)
        rows.addLayout(buttons)
        self.edit_partner_button = named_button(pane, _("&Change partner…"),
                                                _("Change name, forms, tasks and report "
                                                  "route of this partner"),
                                                self.edit_partner)
        self.new_partner_button = named_button(pane, _("&New partner…"),
                                               _("Add a chain partner"), self.add_partner)
        partner_buttons = QHBoxLayout()
        partner_buttons.addWidget(self.edit_partner_button)
        partner_buttons.addWidget(self.new_partner_button)
        partner_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.partner_name)
        left.addWidget(self.partner_facts)
        left.addLayout(partner_buttons)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(contacts_label)
        right.addLayout(rows, 1)
        layout = QHBoxLayout(pane)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        return pane

    # --- loading -----------------------------------------------------------------------------
    def refresh(self, select_key: str | None = None) -> None:
        """Load the directory on the worker; keep (or move to) the selected partner."""
        if not self.ctx.is_unlocked:
            return
        self._stale = False
        keep = select_key or self.selected_key()
        self.ctx.run(lambda services: services.reference.directory(),
                     on_success=lambda entries: self._loaded(entries, keep),
                     on_failure=self._failed)

    def _loaded(self, entries: list[DirectoryEntry], keep: str | None) -> None:
        self.entries = entries
        self._apply_filter(keep)
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        from mensenhandel_desk.ui.worker import describe

        message = describe(error)
        self.hint.setText(message)
        self.failed.emit(message)

    # --- filtering and selection ------------------------------------------------------------
    def current_form(self) -> ExploitationForm | None:
        data = self.form.currentData()  # Qt hands the StrEnum back as a plain str
        return ExploitationForm(data) if data else None

    def set_form(self, form: ExploitationForm | None) -> None:
        self.form.setCurrentIndex(max(0, self.form.findData(str(form) if form else None)))

    def _apply_filter(self, keep: str | None = None) -> None:
        keep = keep or self.selected_key()
        form = self.current_form()
        rows = filtered(self.entries, form, self.search.text())
        self.model.set_entries(rows)
        if form is None:
            self.hint.setText(_("{count} partners.").format(count=len(rows)) if rows else "")
        elif rows:
            self.hint.setText(_("{count} partners for {form}; those with their own step in "
                                "the report route first.").format(count=len(rows),
                                                                   form=label(form).lower()))
        else:
            self.hint.setText(_("No partner names this form."))
        row = self.model.row_of(keep)
        self.select_row(row if row >= 0 else 0)

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            self._show_detail(None)
            return
        index = self.model.index(row, COL_PARTNER)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self._show_detail(self.model.entry(row))

    def select_partner(self, key: str) -> None:
        self.select_row(self.model.row_of(key))

    def selected_key(self) -> str | None:
        entry = self.selected_entry()
        return entry.partner.key if entry else None

    def selected_entry(self) -> DirectoryEntry | None:
        return self.model.entry(self.table.currentIndex().row())

    def _show_detail(self, entry: DirectoryEntry | None) -> None:
        self._shown = entry
        self.contacts.setRowCount(0)
        if entry is None:
            self.partner_name.clear()
            self.partner_facts.clear()
            self._contact_buttons()
            return
        import html

        p = entry.partner
        self.partner_name.setText(f"<h3>{html.escape(p.name)}</h3>")
        self.partner_name.setAccessibleDescription(p.name)
        facts = []
        if p.route:
            facts.append(f"<p><b>{html.escape(_('Report route:'))}</b> "
                         f"{html.escape(p.route)}</p>")
        forms = forms_text(partner_forms(p)) or _("not form-specific")
        facts.append(f"<p><b>{html.escape(_('Forms:'))}</b> {html.escape(forms)}</p>")
        if p.tasks:
            facts.append(f"<p><b>{html.escape(_('Tasks:'))}</b></p><ul>"
                         + "".join(f"<li>{html.escape(t)}</li>" for t in p.tasks) + "</ul>")
        self.partner_facts.setText("".join(facts))
        self.contacts.setRowCount(len(entry.contacts))
        for row, contact in enumerate(entry.contacts):
            for column, value in enumerate((contact.name, contact.function, contact.phone,
                                            contact.email)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, contact.id)
                if contact.notes:
                    item.setToolTip(contact.notes)
                self.contacts.setItem(row, column, item)
        if entry.contacts:
            self.contacts.selectRow(0)
        self._contact_buttons()

    def selected_contact(self) -> Contact | None:
        entry = self._shown
        row = self.contacts.currentRow()
        if entry is None or not 0 <= row < len(entry.contacts) or \
                not self.contacts.selectionModel().hasSelection():
            return None
        return entry.contacts[row]

    def _contact_buttons(self) -> None:
        contact = self.selected_contact()
        self.add_button.setEnabled(self._shown is not None)
        self.edit_partner_button.setEnabled(self._shown is not None)
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(contact is not None)
        self.copy_phone_button.setEnabled(bool(contact and contact.phone))
        self.copy_email_button.setEnabled(bool(contact and contact.email))

    # --- contacts ----------------------------------------------------------------------------
    def add_contact(self) -> ContactDialog | None:
        return self._open_dialog(None)

    def edit_contact(self) -> ContactDialog | None:
        contact = self.selected_contact()
        return self._open_dialog(contact) if contact is not None else None

    def _open_dialog(self, contact: Contact | None) -> ContactDialog | None:
        entry = self._shown
        if entry is None or not self.ctx.is_unlocked:
            return None
        dialog = ContactDialog(self.ctx, entry.partner.key, entry.partner.name, contact, self)
        dialog.saved.connect(self._contact_saved)
        dialog.finished.connect(lambda _code: self._forget_dialog(dialog))
        self._dialog = dialog
        dialog.open()
        return dialog

    def add_partner(self) -> PartnerDialog | None:
        return self._open_partner_dialog(None)

    def edit_partner(self) -> PartnerDialog | None:
        entry = self._shown
        return self._open_partner_dialog(entry.partner) if entry is not None else None

    def _open_partner_dialog(self, partner: Any) -> PartnerDialog | None:
        if not self.ctx.is_unlocked:
            return None
        dialog = PartnerDialog(self.ctx, partner, self)
        dialog.saved.connect(self._partner_saved)
        dialog.finished.connect(lambda _code: self._forget_dialog(dialog))
        self._dialog = dialog
        dialog.open()
        return dialog

    def _partner_saved(self, partner: Any) -> None:
        self.partner_saved.emit(partner)
        self.ctx.message.emit(_("Partner saved."))
        if not covers(partner, self.current_form()):
            self.set_form(None)  # otherwise the saved partner would vanish from view
        self.refresh(select_key=partner.key)

    def _forget_dialog(self, dialog: QDialog) -> None:
        if self._dialog is dialog:
            self._dialog = None
        dialog.deleteLater()

    def _contact_saved(self, contact: Contact) -> None:
        self.contact_saved.emit(contact)
        self.ctx.message.emit(_("Contact person saved."))
        self.refresh(select_key=contact.partner_key)

    def remove_contact(self) -> None:
        contact = self.selected_contact()
        if contact is None or contact.id is None:
            return
        if not self.confirm_remove(self, contact.name):
            return
        contact_id, partner_key = contact.id, contact.partner_key

        def done(_result: Any) -> None:
            self.contact_removed.emit(contact_id)
            self.ctx.message.emit(_("Contact person removed."))
            self.refresh(select_key=partner_key)

        self.ctx.run(lambda services: services.reference.remove_contact(contact_id),
                     on_success=done, on_failure=self._failed)

    def copy_phone(self) -> None:
        contact = self.selected_contact()
        if contact is not None and contact.phone:
            self.ctx.copy_text(contact.phone)
            self.ctx.message.emit(_("Phone number copied."))

    def copy_email(self) -> None:
        contact = self.selected_contact()
        if contact is not None and contact.email:
            self.ctx.copy_text(contact.email)
            self.ctx.message.emit(_("E-mail address copied."))

    # --- lock ----------------------------------------------------------------------------------
    def clear(self) -> None:
        """Lock: drop every partner and contact from the screen, close the dialog."""
        if self._dialog is not None:
            self._dialog.clear()
            self._dialog = None
        self.entries = []
        self.model.clear()
        self._show_detail(None)
        self.hint.clear()
        self.search.clear()
        self._stale = True
