"""The partner table: one row per chain partner, with its first contact person and phone
in the row itself, so "who do I call for labour exploitation" needs no second click.

A thin model over ``DirectoryEntry`` rows from ``services.reference.directory()``; the
view filters before it hands rows over (``set_entries``). No vault access here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from mensenhandel_desk.domain.enums import ExploitationForm
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.services.reference_data import DirectoryEntry, partner_forms
from mensenhandel_desk.ui import formatting as fmt

COL_PARTNER, COL_FORMS, COL_ROUTE, COL_CONTACT, COL_PHONE = range(5)
HEADERS = (N_("Partner"), N_("Forms"), N_("When (report route)"), N_("Contact person"),
           N_("Phone / e-mail"))
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


def forms_text(forms: set[ExploitationForm]) -> str:
    return ", ".join(fmt.short_form(f) for f in ExploitationForm if f in forms)


def contact_text(entry: DirectoryEntry) -> str:
    """The first contact person; "+2" when there are more."""
    if not entry.contacts:
        return _("no contact person yet")
    first = entry.contacts[0]
    text = f"{first.name} ({first.function})" if first.function else first.name
    more = len(entry.contacts) - 1
    return _("{contact} (+{count} more)").format(contact=text, count=more) if more else text


def phone_text(entry: DirectoryEntry) -> str:
    """How to reach the partner: the first phone number, else the first e-mail address."""
    return (next((c.phone for c in entry.contacts if c.phone), "")
            or next((c.email for c in entry.contacts if c.email), ""))


class PartnerTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[DirectoryEntry] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._muted = QBrush(QColor("#5f5f5f"))  # 6.4:1 on white: still readable

    def set_entries(self, entries: list[DirectoryEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def clear(self) -> None:
        self.set_entries([])

    def entry(self, row: int) -> DirectoryEntry | None:
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def row_of(self, key: str | None) -> int:
        return next((n for n, e in enumerate(self.entries) if e.partner.key == key), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return _(HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            partner = entry.partner
            if column == COL_PARTNER:
                return partner.name
            if column == COL_FORMS:
                return forms_text(partner_forms(partner)) or (
                    "—" if role == Qt.ItemDataRole.DisplayRole else _("not form-specific"))
            if column == COL_ROUTE:
                return partner.route
            if column == COL_CONTACT:
                return contact_text(entry)
            if column == COL_PHONE:
                return phone_text(entry)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == COL_FORMS \
                and not partner_forms(entry.partner):
            return _("not form-specific")
        if role == Qt.ItemDataRole.FontRole and column in (COL_PHONE, COL_CONTACT) \
                and entry.contacts:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_CONTACT \
                and not entry.contacts:
            return self._muted
        if role == KEY_ROLE:
            return entry.partner.key
        return None
