"""A read-only dossier of one signal (the editor of part 2 takes this place).

Loaded on the worker (``signals.dossier`` audits the opening, ``signals.next_actions``
gives the route's advice); shown as escaped HTML in a ``QTextBrowser``. The reporter is
not shown: only whether one is recorded. ``clear()`` on lock empties the document and its
undo stack.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.i18n import _
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.context import DeskContext


def _e(value: object) -> str:
    return html.escape(str(value or ""))


def address_line(loc: Any) -> str:
    """Kerkstraat 7, 3441 AB Woerden: as Dutch addresses are written."""
    postcode = loc.postcode.strip().upper()
    if len(postcode) == 6 and postcode[:4].isdigit() and postcode[4:].isalpha():
        postcode = f"{postcode[:4]} {postcode[4:]}"
    street = " ".join(x for x in (loc.street, loc.house_number) if x)
    place = " ".join(x for x in (postcode, loc.town) if x)
    return ", ".join(x for x in (street, place) if x)


def dossier_html(dossier: Any, actions: list[Any],
                 partner_names: dict[str, str] | None = None) -> str:
    """The dossier as HTML (pure function of service data; tested without a window)."""
    names = partner_names or {}
    s = dossier.signal
    rows = [
        (_("Reference"), s.reference),
        (_("Received"), fmt.long_date(s.received_on)),
        (_("Source"), label(s.source)),
        (_("Status"), label(s.status)),
        (_("Forms"), ", ".join(sorted(label(f) for f in s.forms))),
        (_("Urgency"), label(s.urgency)),
        (_("Assessment"), label(s.assessment)),
        (_("Reporter"), _("recorded (confidential, not shown here)") if dossier.has_reporter
         else _("none (anonymous or not recorded)")),
    ]
    if s.outcome is not None:
        rows.append((_("Outcome"), label(s.outcome)))
    if s.legal_hold_reason:
        rows.append((_("Legal hold"), s.legal_hold_reason))
    out = [f"<h2>{_e(s.reference)} — {_e(s.summary)}</h2>", "<table cellpadding='3'>"]
    out += [f"<tr><th align='left'>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows]
    out.append("</table>")
    if actions:
        out.append(f"<h3>{_e(_('Next actions'))}</h3><ul>")
        for action in actions:
            prefix = _("OVERDUE: ") if action.overdue else ""
            due = f" ({_e(fmt.short_date(action.due_on))})" if action.due_on else ""
            out.append(f"<li>{_e(prefix)}{_e(action.message)}{due}</li>")
        out.append("</ul>")
    if s.description:
        out.append(f"<h3>{_e(_('Description'))}</h3><p>{_e(s.description)}</p>")

    def section(title: str, items: list[str]) -> None:
        out.append(f"<h3>{_e(title)}</h3>")
        if items:
            out.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
        else:
            out.append(f"<p><i>{_e(_('None recorded.'))}</i></p>")

    section(_("Parties"), [f"{_e(p.name)} — {_e(label(p.kind))}, {_e(label(p.role))}"
                           for p in dossier.parties])
    section(_("Locations"), [_e(address_line(loc)) + f" — {_e(label(loc.kind))}"
                             for loc in dossier.locations])
    section(_("Enrichment"), [f"{_e(fmt.short_date(n.noted_on))} · {_e(label(n.source))} · "
                              f"{_e(label(n.result))}: {_e(n.text)}" for n in dossier.notes])
    section(_("Indicators observed"), [_e(ind.label) for ind, mark in dossier.indicators
                                       if mark.observed])
    section(_("Handovers"), [
        f"{_e(fmt.short_date(h.handed_over_on))} · "
        f"{_e(names.get(h.partner_key, h.partner_key))} · "
        + (_e(_("feedback received {date}").format(date=fmt.short_date(
            h.feedback_received_on))) if h.feedback_received_on else
           _e(_("feedback due {date}").format(date=fmt.short_date(h.feedback_due_on)))
           if h.feedback_due_on else "")
        for h in dossier.handovers])
    return "\n".join(out)


class DossierView(QWidget):
    """Read-only view of one signal; ``back`` returns to the list."""

    back = Signal()
    loaded = Signal(int)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.signal_id: int | None = None
        self.back_button = QPushButton(_("← &Back to the list"), self)
        self.back_button.setAccessibleName(_("Back to the list"))
        self.back_button.clicked.connect(self.back.emit)
        self.copy_button = QPushButton(_("&Copy reference"), self)
        self.copy_button.setAccessibleName(_("Copy the reference to the clipboard"))
        self.copy_button.setToolTip(_("The clipboard is cleared after 30 seconds and on "
                                      "lock."))
        self.copy_button.clicked.connect(self.copy_reference)
        self.reference = ""
        self.note = QLabel(_("This signal is shown read-only."), self)
        self.note.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName(_("Signal dossier"))
        self.browser.setOpenLinks(False)
        self.browser.setUndoRedoEnabled(False)
        self.browser.setTabChangesFocus(True)  # no keyboard trap
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.copy_button)
        top.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.back.emit)
        ctx.locking.connect(lambda _reason: self.clear(keep_id=True))

    def show_signal(self, signal_id: int) -> None:
        self.signal_id = signal_id
        self.browser.setPlainText(_("Loading…"))

        def work(services: Any) -> tuple[Any, list[Any], dict[str, str]]:
            names = {p.key: p.name for p in services.reference.partners()}
            return (services.signals.dossier(signal_id),
                    services.signals.next_actions(signal_id), names)

        def done(result: tuple[Any, list[Any], dict[str, str]]) -> None:
            if self.signal_id != signal_id:
                return
            self.reference = result[0].signal.reference
            self.browser.setHtml(dossier_html(*result))
            self.loaded.emit(signal_id)

        def failed(error: BaseException) -> None:
            from mensenhandel_desk.ui.worker import describe

            self.browser.setPlainText(describe(error))

        self.ctx.run(work, on_success=done, on_failure=failed)

    def copy_reference(self) -> None:
        if self.reference:
            self.ctx.copy_text(self.reference)

    def clear(self, keep_id: bool = False) -> None:
        self.reference = ""
        self.browser.clear()
        self.browser.document().clearUndoRedoStacks()
        if not keep_id:
            self.signal_id = None
