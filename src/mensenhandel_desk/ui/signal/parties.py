"""Parties and locations of a signal, with "already known" while the officer types.

Two lists (people and organisations with their role; addresses with their kind), each
with an inline form below it (no modal dialog: a lock closes dialogs, while input in the
editor itself is kept as a draft). While a name, date of birth, KvK number, postcode or
house number is typed, ``services.signals.known_for(candidate, exclude_signal_id)`` runs
on the worker after a 250 ms pause; a newer keystroke drops the older question. Saving
(``add_party``/``update_party``/``add_location``/``update_location``) returns the hits as
well. A hit says which other signal (earlier or later) and on what it matched; activating it emits
``open_signal(id)``. The whole signal's hits (``known_matches``) come with the dossier.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mensenhandel_desk.domain.enums import Gender, LocationKind, PartyKind, PartyRole
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import KnownMatch, Location, Party, SignalDossier
from mensenhandel_desk.domain.validation import parse_date
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.signal.fields import FieldErrors
from mensenhandel_desk.ui.signal.section import Section
from mensenhandel_desk.ui.widgets.buttons import named_button
from mensenhandel_desk.ui.worker import Task, describe

KNOWN_DEBOUNCE_MS = 250
# The role a new party gets until the officer chooses one: a person is most often the
# possible victim the signal is about; an organisation (employer, agency, hotel) gets the
# neutral "other involvement", never "possible victim" (docs/signal-editor.md).
DEFAULT_ROLE = {PartyKind.PERSON: PartyRole.POSSIBLE_VICTIM,
                PartyKind.ORGANISATION: PartyRole.OTHER}
MATCHED_ON = {"person": N_("same person"), "organisation": N_("same organisation"),
              "address": N_("same address")}


def address_line(loc: Location) -> str:
    """Kerkstraat 7, 3441 AB Woerden: as Dutch addresses are written."""
    postcode = loc.postcode.strip().upper()
    if len(postcode) == 6 and postcode[:4].isdigit() and postcode[4:].isalpha():
        postcode = f"{postcode[:4]} {postcode[4:]}"
    street = " ".join(x for x in (loc.street, loc.house_number) if x)
    place = " ".join(x for x in (postcode, loc.town) if x)
    return ", ".join(x for x in (street, place) if x) or loc.notes[:60]


def match_text(match: KnownMatch) -> str:
    return _("{reference} of {date}: {what} ({label})").format(
        reference=match.reference, date=fmt.short_date(match.received_on),
        what=_(MATCHED_ON.get(match.matched_on, match.matched_on)), label=match.match_label)


def _combo(parent: QWidget, name: str, values: list[Any]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    for value in values:
        combo.addItem(label(value), value)
    return combo


def _line(parent: QWidget, name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setAccessibleName(name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def _notes(parent: QWidget, name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
    return edit


class KnownList(QListWidget):
    """Hits of "already known": one line per other signal and match; Enter or a click
    opens that signal."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setAccessibleDescription(_("Enter or a click opens that other signal."))
        self.setStyleSheet("QListWidget { background: #fff8e1; }")
        self.setVisible(False)

    def show_matches(self, matches: list[KnownMatch]) -> None:
        self.clear()
        for match in matches:
            item = QListWidgetItem(match_text(match), self)
            item.setData(Qt.ItemDataRole.UserRole, match.signal_id)
        rows = min(max(len(matches), 1), 4)
        self.setFixedHeight(self.sizeHintForRow(0) * rows + 8 if matches else 0)
        self.setVisible(bool(matches))

    def signal_ids(self) -> list[int]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]


class _RecordPane(QGroupBox):
    """A list of records, Add/Change/Remove, and the inline form with its known hits."""

    kind_name = ""

    def __init__(self, owner: PartiesSection, title: str) -> None:
        super().__init__(title, owner)
        self.owner = owner
        self.ctx = owner.ctx
        self.errors = FieldErrors()
        self.records: list[Any] = []
        self.editing: Any = None  # the record being changed, None for a new one
        self.form_open = False
        self._baseline: dict[str, Any] = {}
        self._known_task: Task | None = None
        self.list = QListWidget(self)
        self.list.itemActivated.connect(lambda _item: self.edit_selected())
        self.add_button = named_button(self, _("&Add"), self.add_name(), self.start_new)
        self.edit_button = named_button(self, _("C&hange"), self.edit_name(),
                                        self.edit_selected)
        self.remove_button = named_button(self, _("Re&move"), self.remove_name(),
                                          self.remove_selected)
        self.form_box = QWidget(self)
        self.form = QFormLayout(self.form_box)
        self.build_form()
        self.hits = KnownList(_("Already known from other signals"), self.form_box)
        self.hits.itemActivated.connect(self._open_hit)
        self.hits.itemClicked.connect(self._open_hit)
        self.hits_title = QLabel(_("Already known:"), self.form_box)
        self.hits_title.setVisible(False)
        self.hits_title.setStyleSheet("font-weight: bold; color: #8d6e00;")
        self.form.addRow(self.hits_title, self.hits)
        self.message = QLabel(self.form_box)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.save_button = named_button(self.form_box, _("&Save"), self.save_name(),
                                        self.save)
        self.cancel_button = named_button(self.form_box, _("&Cancel"),
                                          _("Stop without saving"), self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        self.form.addRow(buttons)
        self.form_box.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.form_box)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(KNOWN_DEBOUNCE_MS)
        self._timer.timeout.connect(self.ask_known)

    # --- subclass hooks -------------------------------------------------------------------
    def build_form(self) -> None: ...
    def add_name(self) -> str: return ""
    def edit_name(self) -> str: return ""
    def remove_name(self) -> str: return ""
    def save_name(self) -> str: return ""
    def line(self, record: Any) -> str: return ""
    def values(self) -> dict[str, Any]: return {}
    def set_values(self, values: dict[str, Any]) -> None: ...
    def record(self, signal_id: int) -> Any: ...
    def known_fields(self) -> list[QWidget]: return []
    def save_call(self, services: Any, is_update: bool) -> Any: ...
    def remove_call(self, record_id: int) -> Any: ...

    # --- list -----------------------------------------------------------------------------
    def show_records(self, records: list[Any]) -> None:
        self.records = list(records)
        self.list.clear()
        for record in self.records:
            item = QListWidgetItem(self.line(record), self.list)
            item.setData(Qt.ItemDataRole.UserRole, record.id)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * min(max(len(records), 2), 8)
                                 + 8 if records else self.list.fontMetrics().height() * 2)
        has = bool(records)
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _selected(self) -> Any:
        row = self.list.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    # --- form -----------------------------------------------------------------------------
    def _wire_edits(self) -> None:
        for widget in self.form_box.findChildren(QLineEdit):
            widget.textEdited.connect(self._edited)
        for widget in self.form_box.findChildren(QComboBox):
            widget.currentIndexChanged.connect(lambda _i: self._edited())
        for widget in self.form_box.findChildren(QPlainTextEdit):
            widget.textChanged.connect(self._edited)

    def _edited(self, *_args: Any) -> None:
        if self.form_open:
            self._timer.start()

    def _open_form(self, values: dict[str, Any], editing: Any) -> None:
        self.editing = editing
        self.set_values(values)
        self._baseline = self.values()
        self.form_open = True
        self.errors.clear()
        self.message.clear()
        self.hits.show_matches([])
        self.hits_title.setVisible(False)
        self.form_box.setVisible(True)
        self.known_fields()[0].setFocus()

    def start_new(self) -> None:
        self._open_form({}, None)

    def edit_selected(self) -> None:
        record = self._selected()
        if record is not None:
            self._open_form(self.to_values(record), record)

    def to_values(self, record: Any) -> dict[str, Any]:
        return {}

    def cancel(self) -> None:
        self._timer.stop()
        self._drop_known()
        self.form_open = False
        self.editing = None
        self.set_values({})
        self.errors.clear()
        self.message.clear()
        self.hits.show_matches([])
        self.hits_title.setVisible(False)
        self.form_box.setVisible(False)

    def unsaved(self) -> dict[str, Any] | None:
        if not self.form_open or self.values() == self._baseline:
            return None
        return {"id": self.editing.id if self.editing is not None else None,
                "values": self.values()}

    def restore(self, draft: dict[str, Any]) -> None:
        editing = next((r for r in self.records if r.id == draft.get("id")), None)
        self._open_form({}, editing)
        self.set_values(draft.get("values") or {})
        self._baseline = {}
        self._timer.start()

    # --- already known while typing -------------------------------------------------------
    def _drop_known(self) -> None:
        if self._known_task is not None:
            self._known_task.drop()
            self._known_task = None

    def ask_known(self) -> None:
        """The debounced question on the worker; an older one is dropped."""
        self._drop_known()
        if not self.form_open or not self.ctx.is_unlocked:
            return
        try:
            candidate = self.record(self.owner.signal_id or 0)
        except ValidationError:
            return
        exclude = self.owner.signal_id

        def work(services: Any) -> list[KnownMatch]:
            return services.signals.known_for(candidate, exclude_signal_id=exclude)

        self._known_task = self.ctx.run(work, on_success=self._show_hits,
                                        on_failure=lambda _e: None)

    def _show_hits(self, matches: list[KnownMatch]) -> None:
        self._known_task = None
        if self.form_open:
            self.hits.show_matches(matches)
            self.hits_title.setVisible(bool(matches))
            if matches:  # once laid out: Save/Cancel stay in sight below the hits
                QTimer.singleShot(0, self, self._keep_buttons_in_sight)

    def _keep_buttons_in_sight(self) -> None:
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is None or not self.form_open:
            return
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the hits' room
        focus = QApplication.focusWidget()
        if focus is None or not self.form_box.isAncestorOf(focus):
            area.ensureWidgetVisible(self.cancel_button)
            return
        page = area.widget()
        top = focus.mapTo(page, QPoint(0, 0)).y()
        bottom = self.cancel_button.mapTo(page, QPoint(0, self.cancel_button.height())).y()
        if bottom - top + 20 <= area.viewport().height():
            area.ensureWidgetVisible(self.cancel_button)
        area.ensureWidgetVisible(focus)  # the field being typed in stays in sight first

    def _open_hit(self, item: QListWidgetItem) -> None:
        signal_id = item.data(Qt.ItemDataRole.UserRole)
        if signal_id is not None:
            self.owner.open_signal.emit(int(signal_id))

    # --- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        if not self.form_open or self.owner.signal_id is None:
            return False
        self.errors.clear()
        self.message.clear()
        try:
            record = self.record(self.owner.signal_id)
        except ValidationError as error:
            self._failed(error)
            return False
        self._timer.stop()
        self._drop_known()
        self.save_button.setEnabled(False)

        def done(result: tuple[Any, list[KnownMatch]]) -> None:
            self.save_button.setEnabled(True)
            matches = result[1]
            self.cancel()
            if matches:  # after the save the officer still sees what matched
                self.owner.saved_hits.show_matches(matches)
                self.owner.saved_hits_title.setVisible(True)
            self.owner.record_saved()

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            self._failed(error)

        is_update = self.editing is not None
        self.ctx.run(lambda services: self.save_call(services, is_update)(record),
                     on_success=done, on_failure=failed)
        return True

    def _failed(self, error: BaseException) -> None:
        if not self.errors.show(error):
            self.message.setText(describe(error))

    def remove_selected(self) -> None:
        record = self._selected()
        if record is None or record.id is None:
            return
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, _("Remove"), self.remove_question(record))
        if answer != QMessageBox.StandardButton.Yes or not self.ctx.is_unlocked:
            return
        self.ctx.run(lambda services: self.remove_call(services)(record.id),
                     on_success=lambda _r: self.owner.record_saved(),
                     on_failure=lambda error: self.message.setText(describe(error)))

    def remove_question(self, record: Any) -> str:
        return ""


class PartyPane(_RecordPane):
    def build_form(self) -> None:
        box = self.form_box
        self.kind = _combo(box, _("Kind of party"), list(PartyKind))
        self.role = _combo(box, _("Role"), list(PartyRole))
        self.name = _line(box, _("Name of the person or organisation"))
        self.birth = _line(box, _("Date of birth"), _("dd-mm-yyyy"))
        self.nationality = _line(box, _("Nationality"))
        self.gender = _combo(box, _("Gender"), list(Gender))
        self.kvk = _line(box, _("KvK number"), _("8 digits"))
        self.sector = _line(box, _("Sector"))
        self.notes = _notes(box, _("Notes on the party"))
        e, f = self.errors, self.form
        e.add_row(f, _("&Kind:"), self.kind, "party.kind", _("Kind"))
        e.add_row(f, _("&Role:"), self.role, "party.role", _("Role"))
        e.add_row(f, _("&Name:"), self.name, "party.name", _("Name"))
        self.birth_label = e.add_row(f, _("Date of &birth:"), self.birth,
                                     "party.date_of_birth", _("Date of birth"))
        self.nationality_label = e.add_row(f, _("Nationa&lity:"), self.nationality,
                                           "party.nationality", _("Nationality"))
        e.add_row(f, _("Gen&der:"), self.gender, "party.gender", _("Gender"))
        self.kvk_label = e.add_row(f, _("KvK nu&mber:"), self.kvk, "party.kvk_number",
                                   _("KvK number"))
        e.add_row(f, _("Se&ctor:"), self.sector, "party.sector", _("Sector"))
        e.add_row(f, _("Not&es:"), self.notes, "party.notes", _("Notes"))
        self.gender.setCurrentIndex(self.gender.findData(Gender.UNKNOWN))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._wire_edits()
        self._kind_changed()

    def _kind_changed(self, _index: int = 0) -> None:
        person = self.kind.currentData() == PartyKind.PERSON  # Qt hands back the plain str
        for widget in (self.birth, self.birth_label, self.gender, self.nationality,
                       self.nationality_label):
            widget.setEnabled(person)
        for widget in (self.kvk, self.kvk_label):
            widget.setEnabled(not person)
        # The default role follows the kind while the officer has not chosen another one
        # (docs/signal-editor.md): an organisation is not a "possible victim".
        mine, other = ((PartyKind.PERSON, PartyKind.ORGANISATION) if person
                       else (PartyKind.ORGANISATION, PartyKind.PERSON))
        if self.role.currentData() == DEFAULT_ROLE[other]:
            self.role.setCurrentIndex(self.role.findData(DEFAULT_ROLE[mine]))

    def add_name(self) -> str: return _("Add a person or organisation")
    def edit_name(self) -> str: return _("Change the selected party")
    def remove_name(self) -> str: return _("Remove the selected party")
    def save_name(self) -> str: return _("Save the party")

    def line(self, party: Party) -> str:
        return _("{name} — {kind}, {role}").format(name=party.name, kind=label(party.kind),
                                                  role=label(party.role))

    def values(self) -> dict[str, Any]:
        return {"kind": str(self.kind.currentData()), "role": str(self.role.currentData()),
                "name": self.name.text(), "date_of_birth": self.birth.text(),
                "nationality": self.nationality.text(),
                "gender": str(self.gender.currentData()), "kvk_number": self.kvk.text(),
                "sector": self.sector.text(), "notes": self.notes.toPlainText()}

    def set_values(self, values: dict[str, Any]) -> None:
        def pick(combo: QComboBox, value: Any, default: Any) -> None:
            index = combo.findData(value) if value else -1
            combo.setCurrentIndex(index if index >= 0 else combo.findData(default))

        pick(self.kind, _enum(PartyKind, values.get("kind")), PartyKind.PERSON)
        pick(self.role, _enum(PartyRole, values.get("role")),
             DEFAULT_ROLE[_enum(PartyKind, values.get("kind")) or PartyKind.PERSON])
        pick(self.gender, _enum(Gender, values.get("gender")), Gender.UNKNOWN)
        self.name.setText(str(values.get("name", "")))
        self.birth.setText(str(values.get("date_of_birth", "")))
        self.nationality.setText(str(values.get("nationality", "")))
        self.kvk.setText(str(values.get("kvk_number", "")))
        self.sector.setText(str(values.get("sector", "")))
        self.notes.setPlainText(str(values.get("notes", "")))

    def to_values(self, party: Party) -> dict[str, Any]:
        return {"kind": str(party.kind), "role": str(party.role), "name": party.name,
                "date_of_birth": fmt.short_date(party.date_of_birth),
                "nationality": party.nationality, "gender": str(party.gender),
                "kvk_number": party.kvk_number, "sector": party.sector, "notes": party.notes}

    def record(self, signal_id: int) -> Party:
        values = self.values()
        kind = PartyKind(values["kind"])
        birth: date | None = None
        if values["date_of_birth"].strip() and kind is PartyKind.PERSON:
            birth = parse_date(values["date_of_birth"], "party.date_of_birth")
        return Party(signal_id=signal_id, kind=kind, role=PartyRole(values["role"]),
                     name=values["name"], date_of_birth=birth,
                     nationality=values["nationality"] if kind is PartyKind.PERSON else "",
                     gender=Gender(values["gender"]),
                     kvk_number=values["kvk_number"] if kind is PartyKind.ORGANISATION else "",
                     sector=values["sector"], notes=values["notes"],
                     id=self.editing.id if self.editing is not None else None)

    def known_fields(self) -> list[QWidget]:
        return [self.name, self.birth, self.kvk]

    def save_call(self, services: Any, is_update: bool) -> Any:
        return services.signals.update_party if is_update else services.signals.add_party

    def remove_call(self, services: Any) -> Any:
        return services.signals.remove_party

    def remove_question(self, party: Party) -> str:
        return _("Remove {name} from this signal?").format(name=party.name)


class LocationPane(_RecordPane):
    def build_form(self) -> None:
        box = self.form_box
        self.kind = _combo(box, _("Kind of location"), list(LocationKind))
        self.street = _line(box, _("Street"))
        self.number = _line(box, _("House number"), _("7, 7A, 7-2"))
        self.postcode = _line(box, _("Postcode"), _("3441 AB"))
        self.town = _line(box, _("Town"))
        self.notes = _notes(box, _("Notes on the location"))
        e, f = self.errors, self.form
        e.add_row(f, _("&Kind:"), self.kind, "location.kind", _("Kind"))
        e.add_row(f, _("St&reet:"), self.street, "location", _("Street"))
        e.register("location.street", self.street, e._fields["location"].label, _("Street"))
        e.add_row(f, _("House n&umber:"), self.number, "location.house_number",
                  _("House number"))
        e.add_row(f, _("&Postcode:"), self.postcode, "location.postcode", _("Postcode"))
        e.add_row(f, _("Town (p&lace):"), self.town, "location.town", _("Town"))
        e.add_row(f, _("Not&es:"), self.notes, "location.notes", _("Notes"))
        self._wire_edits()

    def add_name(self) -> str: return _("Add a location")
    def edit_name(self) -> str: return _("Change the selected location")
    def remove_name(self) -> str: return _("Remove the selected location")
    def save_name(self) -> str: return _("Save the location")

    def line(self, loc: Location) -> str:
        return _("{address} — {kind}").format(address=address_line(loc), kind=label(loc.kind))

    def values(self) -> dict[str, Any]:
        return {"kind": str(self.kind.currentData()), "street": self.street.text(),
                "house_number": self.number.text(), "postcode": self.postcode.text(),
                "town": self.town.text(), "notes": self.notes.toPlainText()}

    def set_values(self, values: dict[str, Any]) -> None:
        kind = _enum(LocationKind, values.get("kind")) or LocationKind.HOME
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.street.setText(str(values.get("street", "")))
        self.number.setText(str(values.get("house_number", "")))
        self.postcode.setText(str(values.get("postcode", "")))
        self.town.setText(str(values.get("town", "")))
        self.notes.setPlainText(str(values.get("notes", "")))

    def to_values(self, loc: Location) -> dict[str, Any]:
        return {"kind": str(loc.kind), "street": loc.street, "house_number": loc.house_number,
                "postcode": loc.postcode, "town": loc.town, "notes": loc.notes}

    def record(self, signal_id: int) -> Location:
        values = self.values()
        return Location(signal_id=signal_id, kind=LocationKind(values["kind"]),
                        street=values["street"], house_number=values["house_number"],
                        postcode=values["postcode"], town=values["town"],
                        notes=values["notes"],
                        id=self.editing.id if self.editing is not None else None)

    def known_fields(self) -> list[QWidget]:
        return [self.street, self.number, self.postcode]

    def save_call(self, services: Any, is_update: bool) -> Any:
        return (services.signals.update_location if is_update
                else services.signals.add_location)

    def remove_call(self, services: Any) -> Any:
        return services.signals.remove_location

    def remove_question(self, loc: Location) -> str:
        return _("Remove {address} from this signal?").format(address=address_line(loc))


def _enum(enum: type, value: Any) -> Any:
    try:
        return enum(value) if value else None
    except ValueError:
        return None


class PartiesSection(Section):
    """People, organisations and addresses of the signal (route step 3: already known?)."""

    title = N_("Parties and locations")

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.signal_id: int | None = None
        self.party_pane = PartyPane(self, _("People and organisations"))
        self.party_pane.list.setAccessibleName(_("Parties of this signal"))
        self.location_pane = LocationPane(self, _("Locations"))
        self.location_pane.list.setAccessibleName(_("Locations of this signal"))
        self.saved_hits_title = QLabel(_("Already known from other signals (this signal's "
                                         "parties and addresses):"), self)
        self.saved_hits_title.setWordWrap(True)
        self.saved_hits_title.setStyleSheet("font-weight: bold; color: #8d6e00;")
        self.saved_hits = KnownList(_("Other signals with the same parties or addresses"),
                                    self)
        self.saved_hits.itemActivated.connect(self._open_hit)
        self.saved_hits.itemClicked.connect(self._open_hit)
        self.saved_hits_title.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.saved_hits_title)
        layout.addWidget(self.saved_hits)
        layout.addWidget(self.party_pane)
        layout.addWidget(self.location_pane)
        layout.addStretch(1)

    def panes(self) -> list[_RecordPane]:
        return [self.party_pane, self.location_pane]

    def _open_hit(self, item: QListWidgetItem) -> None:
        signal_id = item.data(Qt.ItemDataRole.UserRole)
        if signal_id is not None:
            self.open_signal.emit(int(signal_id))

    def load(self, dossier: SignalDossier, known: list[KnownMatch] | None = None) -> None:
        super().load(dossier)
        self.signal_id = dossier.signal.id
        self.party_pane.show_records(dossier.parties)
        self.location_pane.show_records(dossier.locations)
        if known is not None:
            self.saved_hits.show_matches(known)
            self.saved_hits_title.setVisible(bool(known))

    def shown_names(self) -> list[str]:
        return [self.party_pane.list.item(i).text()
                for i in range(self.party_pane.list.count())]

    def record_saved(self) -> None:
        self.changed.emit()

    def clear(self) -> None:
        super().clear()
        self.signal_id = None
        for pane in self.panes():
            pane.cancel()
            pane.show_records([])
        self.saved_hits.show_matches([])
        self.saved_hits_title.setVisible(False)

    def unsaved(self) -> dict[str, Any] | None:
        snapshot = {key: value for key, value in (("party", self.party_pane.unsaved()),
                                                  ("location", self.location_pane.unsaved()))
                    if value is not None}
        return snapshot or None

    def restore(self, draft: dict[str, Any]) -> None:
        if isinstance(draft.get("party"), dict):
            self.party_pane.restore(draft["party"])
        if isinstance(draft.get("location"), dict):
            self.location_pane.restore(draft["location"])

    def save(self) -> bool:
        started = False
        for pane in self.panes():
            if pane.unsaved() is not None:
                started = pane.save() or started
        return started
