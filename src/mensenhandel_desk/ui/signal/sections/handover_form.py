"""The form of one handover (route step 4): to whom, how, on what basis, what was shared.

A plain widget over the partner directory it is given (``set_directory``); it reads and
writes ``Handover`` records and a JSON-able state for drafts, and knows nothing of the
vault. ``HandoversSection`` saves what it returns.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.enums import (
    ExploitationForm,
    HandoverChannel,
    NameMode,
    SharedDataKind,
    SharingBasis,
)
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import Handover
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.clock import Clock
from mensenhandel_desk.services.reference_data import DirectoryEntry, partner_forms
from mensenhandel_desk.ui.signal.sections import common

DEFAULT_SHARED = (SharedDataKind.DESCRIPTION, SharedDataKind.INDICATORS,
                  SharedDataKind.ENRICHMENT)
CARE_COORDINATOR = "zorgcoordinator"


def partner_summary(entry: DirectoryEntry) -> str:
    """What a partner covers, in one line: its forms (or none named) and its route."""
    forms = sorted(partner_forms(entry.partner), key=list(ExploitationForm).index)
    covered = (", ".join(label(f) for f in forms) if forms
               else _("no particular form (general partner)"))
    text = _("Forms: {forms}").format(forms=covered)
    if entry.partner.route:
        text += " · " + _("Route: {route}").format(route=entry.partner.route)
    if entry.partner.tasks:
        text += "\n" + _("Tasks: {tasks}").format(tasks="; ".join(entry.partner.tasks))
    return text


class HandoverForm(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("New handover"), parent)
        self.directory: dict[str, DirectoryEntry] = {}
        self.feedback_days = 28
        self.today = Clock().today()  # replaced by the vault's clock on load
        self._due_touched = False
        self.errors = common.FieldErrors(self)
        self.partner = common.combo(self, _("Partner"))
        self.partner.currentIndexChanged.connect(self._partner_changed)
        self.partner_info = QLabel(self)
        self.partner_info.setWordWrap(True)
        self.partner_info.setAccessibleName(_("What the partner covers"))
        self.contact = common.combo(self, _("Contact person at the partner"))
        self.handed_over_on = common.date_edit(self, _("Date of the handover"))
        self.handed_over_on.dateChanged.connect(self._date_changed)
        self.channel = common.combo(self, _("Channel"),
                                    [(label(c), c) for c in HandoverChannel])
        self.basis_group = QButtonGroup(self)
        self.basis: dict[SharingBasis, QRadioButton] = {}
        basis_row = QHBoxLayout()
        for basis in (SharingBasis.LEGAL_GROUND, SharingBasis.CONSENT):
            button = QRadioButton(label(basis), self)
            button.setAccessibleName(_("Basis for sharing: {basis}").format(
                basis=label(basis)))
            button.toggled.connect(self._basis_changed)
            self.basis_group.addButton(button)
            self.basis[basis] = button
            basis_row.addWidget(button)
        basis_row.addStretch(1)
        self.legal_ground = common.line_edit(
            self, _("Legal ground for sharing"),
            _("e.g. art. 6 lid 1 sub e AVG with the RIEC covenant"))
        self.shared: dict[SharedDataKind, QCheckBox] = {}
        shared_grid = QGridLayout()
        for number, kind in enumerate(SharedDataKind):
            box = QCheckBox(label(kind), self)
            box.setAccessibleName(_("Shared: {kind}").format(kind=label(kind)))
            self.shared[kind] = box
            shared_grid.addWidget(box, number // 3, number % 3)
        self.name_mode = common.combo(self, _("Names on the handover"),
                                      [(label(m), m) for m in NameMode])
        self.requested_action = common.text_box(self, _("Requested action"),
                                                _("What you ask the partner to do"), 50)
        self.feedback_due_on = common.date_edit(self, _("Feedback requested by"))
        self.feedback_due_on.dateChanged.connect(self._due_changed)
        basis_row.setContentsMargins(0, 0, 0, 0)
        shared_grid.setContentsMargins(0, 0, 0, 0)
        basis_box, shared_box = QWidget(self), QWidget(self)
        basis_box.setLayout(basis_row)
        shared_box.setLayout(shared_grid)
        form = QFormLayout()
        wrap = self.errors.wrap
        partner_box = QWidget(self)
        partner_column = QVBoxLayout(partner_box)
        partner_column.setContentsMargins(0, 0, 0, 0)
        partner_column.addWidget(self.partner)
        partner_column.addWidget(self.partner_info)
        form.addRow(_("Partner:"), wrap("partner_key", partner_box))
        self.errors.widgets["partner_key"] = self.partner  # focus and name: the list
        form.addRow(_("Contact:"), wrap("contact_id", self.contact))
        form.addRow(_("Date:"), wrap("handed_over_on", self.handed_over_on))
        form.addRow(_("Channel:"), wrap("channel", self.channel))
        form.addRow(_("Basis:"), wrap("basis", basis_box))
        form.addRow(_("Legal ground:"), wrap("legal_ground", self.legal_ground))
        form.addRow(_("Data shared:"), wrap("shared_data", shared_box))
        form.addRow(_("Names:"), wrap("name_mode", self.name_mode))
        form.addRow(_("Requested action:"), wrap("requested_action", self.requested_action))
        form.addRow(_("Feedback due:"), wrap("feedback_due_on", self.feedback_due_on))
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addLayout(self.buttons)

    # --- directory ------------------------------------------------------------------
    def set_directory(self, entries: list[DirectoryEntry]) -> None:
        current = self.partner.currentData()
        self.directory = {e.partner.key: e for e in entries}
        self.partner.blockSignals(True)
        self.partner.clear()
        self.partner.addItem(_("Choose a partner…"), "")
        for entry in entries:
            if entry.partner.active or entry.partner.key == current:
                self.partner.addItem(entry.partner.name, entry.partner.key)
                self.partner.setItemData(self.partner.count() - 1,
                                         partner_summary(entry), 3)  # ToolTipRole
        common.select_data(self.partner, current or "")
        self.partner.blockSignals(False)
        self._partner_changed()

    def _partner_changed(self) -> None:
        key = self.partner.currentData() or ""
        entry = self.directory.get(key)
        self.partner_info.setText(partner_summary(entry) if entry else "")
        self.partner_info.setVisible(entry is not None)
        chosen = self.contact.currentData()
        self.contact.clear()
        self.contact.addItem(_("No contact person chosen"), None)
        for contact in entry.contacts if entry else []:
            text = " — ".join(x for x in (contact.name, contact.function) if x)
            self.contact.addItem(text, contact.id)
        common.select_data(self.contact, chosen)
        self.contact.setEnabled(entry is not None and bool(entry.contacts))

    # --- defaults -------------------------------------------------------------------
    def _date_changed(self) -> None:
        if not self._due_touched:
            self._set_due(self._handed_over() + timedelta(days=self.feedback_days))

    def _set_due(self, day: date) -> None:
        self.feedback_due_on.blockSignals(True)
        self.feedback_due_on.setDate(common.to_qdate(day))
        self.feedback_due_on.blockSignals(False)

    def _due_changed(self) -> None:
        self._due_touched = True

    def _basis_changed(self) -> None:
        self.legal_ground.setEnabled(self.basis[SharingBasis.LEGAL_GROUND].isChecked())

    def _handed_over(self) -> date:
        return common.from_qdate(self.handed_over_on.date())

    def reset(self, received_on: date | None = None) -> None:
        self.setTitle(_("New handover"))
        self.errors.clear()
        self._due_touched = False
        self.partner.setCurrentIndex(0)
        self.contact.setCurrentIndex(0)
        if received_on is not None:
            self.handed_over_on.setMinimumDate(common.to_qdate(received_on))
        self.handed_over_on.setDate(common.to_qdate(self.today))
        self._set_due(self.today + timedelta(days=self.feedback_days))
        self.channel.setCurrentIndex(max(0, self.channel.findData(
            HandoverChannel.SECURE_EMAIL)))
        self.basis[SharingBasis.LEGAL_GROUND].setChecked(True)
        common.wipe(self.legal_ground, self.requested_action)
        for kind, box in self.shared.items():
            box.setChecked(kind in DEFAULT_SHARED)
        common.select_data(self.name_mode, NameMode.PSEUDONYM)
        self._due_touched = False

    def wipe(self) -> None:
        """Forget the directory and everything typed (lock)."""
        self.reset()
        self.directory = {}
        self.partner.clear()
        self.contact.clear()
        self.partner_info.clear()

    # --- reading and writing --------------------------------------------------------
    def handover(self, signal_id: int, base: Handover | None = None) -> Handover:
        basis = (SharingBasis.CONSENT if self.basis[SharingBasis.CONSENT].isChecked()
                 else SharingBasis.LEGAL_GROUND)
        return Handover(
            signal_id=signal_id, partner_key=self.partner.currentData() or "",
            handed_over_on=self._handed_over(), channel=self.channel.currentData(),
            basis=basis,
            legal_ground=self.legal_ground.text() if basis is SharingBasis.LEGAL_GROUND
            else "",
            shared_data={k for k, box in self.shared.items() if box.isChecked()},
            name_mode=self.name_mode.currentData(),
            requested_action=self.requested_action.toPlainText(),
            feedback_due_on=common.from_qdate(self.feedback_due_on.date()),
            feedback_received_on=base.feedback_received_on if base else None,
            feedback_text=base.feedback_text if base else "",
            contact_id=self.contact.currentData(), id=base.id if base else None)

    def show_handover(self, handover: Handover) -> None:
        self.errors.clear()
        common.select_data(self.partner, handover.partner_key)
        common.select_data(self.contact, handover.contact_id)
        self.handed_over_on.setDate(common.to_qdate(handover.handed_over_on))
        common.select_data(self.channel, handover.channel)
        self.basis[handover.basis].setChecked(True)
        self.legal_ground.setText(handover.legal_ground)
        for kind, box in self.shared.items():
            box.setChecked(kind in handover.shared_data)
        common.select_data(self.name_mode, handover.name_mode)
        self.requested_action.setPlainText(handover.requested_action)
        self.requested_action.document().clearUndoRedoStacks()
        if handover.feedback_due_on is not None:
            self._set_due(handover.feedback_due_on)
        self._due_touched = True

    def state(self) -> dict[str, Any]:
        h = self.handover(0)
        return {"partner_key": h.partner_key, "contact_id": h.contact_id,
                "handed_over_on": h.handed_over_on.isoformat(), "channel": str(h.channel),
                "basis": str(h.basis), "legal_ground": self.legal_ground.text(),
                "shared_data": sorted(str(k) for k in h.shared_data),
                "name_mode": str(h.name_mode), "requested_action": h.requested_action,
                "feedback_due_on": h.feedback_due_on.isoformat()}

    def set_state(self, state: dict[str, Any]) -> None:
        common.select_data(self.partner, state.get("partner_key", ""))
        common.select_data(self.contact, state.get("contact_id"))
        self.handed_over_on.setDate(common.to_qdate(date.fromisoformat(
            state["handed_over_on"])))
        common.select_data(self.channel, HandoverChannel(state["channel"]))
        self.basis[SharingBasis(state["basis"])].setChecked(True)
        self.legal_ground.setText(state.get("legal_ground", ""))
        shared = set(state.get("shared_data", []))
        for kind, box in self.shared.items():
            box.setChecked(str(kind) in shared)
        common.select_data(self.name_mode, NameMode(state["name_mode"]))
        self.requested_action.setPlainText(state.get("requested_action", ""))
        self._set_due(date.fromisoformat(state["feedback_due_on"]))
        self._due_touched = True
