"""The report route as a stepper: six steps, where the signal stands, what to do next.

Nothing here decides the route. The current step is the engine's derived status
(``domain.route.ROUTE_STEP[signal.status]``); the next things to do, their order, due
dates and "overdue" are ``services.signals.next_actions`` (very serious: police AVIM at
once; labour: consider the NLA; always the care coordinator). The stepper only places
them: the step an action belongs to is marked "next", and steps the engine's first action
jumps over (a very serious signal straight to the police) are marked "skipped".
``go_to(section)`` asks the editor to show the part of the signal where that is done.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from mensenhandel_desk.domain.enums import SignalStatus
from mensenhandel_desk.domain.labels import label, outcome_short
from mensenhandel_desk.domain.models import NextAction, SignalDossier
from mensenhandel_desk.domain.route import ROUTE_STEP
from mensenhandel_desk.i18n import N_, _
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.widgets.buttons import named_button

STEPS: list[str] = [
    N_("Reported"),
    N_("Received and recorded"),
    N_("Checked and enriched"),
    N_("Handed over"),
    N_("Partner feedback"),
    N_("Reporter informed"),
]

# Which step an action of the engine belongs to, and where in the editor it is done.
ACTION_STEP: dict[str, int] = {
    "enrich": 3, "handover_police": 4, "handover": 4, "handover_care": 4,
    "handover_nla": 4, "await_feedback": 5, "chase_feedback": 5, "inform_reporter": 6,
    "close": 6, "meeting_action": 3, "untouched": 2,
}
ACTION_SECTION: dict[str, str] = {
    "enrich": "enrichment", "handover_police": "handovers", "handover": "handovers",
    "handover_care": "handovers", "handover_nla": "handovers",
    "await_feedback": "handovers", "chase_feedback": "handovers",
    "inform_reporter": "reporter_feedback", "close": "closing",
}

_STYLE = {
    "done": "background: #e8f5e9; border: 1px solid #66bb6a; color: #1b5e20;",
    "current": "background: palette(highlight); color: palette(highlighted-text); "
               "border: 2px solid palette(highlight); font-weight: bold;",
    "next": "background: #fff8e1; border: 2px dashed #f9a825; color: #000;",
    "skipped": "background: transparent; border: 1px dotted #9e9e9e; color: #757575; "
               "font-style: italic;",
    "todo": "background: transparent; border: 1px solid #bdbdbd; color: palette(text);",
    "closed": "background: #eceff1; border: 1px solid #78909c; color: #263238;",
}
_STATE_WORD = {
    "done": N_("done"), "current": N_("current step"), "next": N_("next step"),
    "skipped": N_("skipped"), "todo": N_("not yet"), "closed": N_("closed"),
}


def step_states(dossier: SignalDossier, actions: list[NextAction]) -> list[str]:
    """Per step 1..6: done / current / next / skipped / todo (from the engine's status and
    its first next action)."""
    status = dossier.signal.status
    current = ROUTE_STEP.get(status, 2)
    # what is on record per step (a step passed without a record was skipped)
    recorded = {1: True, 2: True,
                3: bool(dossier.notes or dossier.meeting_items),
                4: bool(dossier.handovers),
                5: any(h.feedback_received_on for h in dossier.handovers),
                6: bool(dossier.reporter_feedback)}
    if status is SignalStatus.CLOSED:
        return [("done" if recorded[step] else "skipped") for step in range(1, 6)] + ["closed"]
    target = ACTION_STEP.get(actions[0].code, current + 1) if actions else current + 1
    states = []
    for step in range(1, 7):
        if step < current:
            states.append("done" if recorded[step] else "skipped")
        elif step == current:
            states.append("current")
        elif step == target:
            states.append("next")
        elif current < step < target:
            states.append("skipped")
        else:
            states.append("todo")
    return states


class RouteStepper(QWidget):
    """Six boxes in a row and the engine's next actions under them."""

    go_to = Signal(str)  # a section key of the editor

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.boxes: list[QLabel] = []
        for _number in range(6):
            box = QLabel(self)
            box.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.setWordWrap(True)
            box.setMinimumHeight(box.fontMetrics().lineSpacing() * 3 + 10)
            box.setFrameShape(QFrame.Shape.StyledPanel)
            row.addWidget(box, 1)
            self.boxes.append(box)
        self.next_label = QLabel(self)
        self.next_label.setWordWrap(True)
        self.next_label.setTextFormat(Qt.TextFormat.PlainText)
        self.next_label.setAccessibleName(_("Next thing to do"))
        self.more_label = QLabel(self)
        self.more_label.setWordWrap(True)
        self.more_label.setTextFormat(Qt.TextFormat.PlainText)
        self.more_label.setAccessibleName(_("Further next actions"))
        self.go_button = named_button(self, _("&Go there"), _("Go to the part of the signal "
                                                              "where this is done"),
                                      self._go)
        self.go_button.setVisible(False)
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_label, 1)
        next_row.addWidget(self.go_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(next_row)
        layout.addWidget(self.more_label)
        self.states: list[str] = []
        self._section = ""
        self.clear()

    def _paint_box(self, index: int, state: str, caption: str = "",
                   word: bool = True) -> None:
        """``word``: say the state ("nog niet"); False when the caption says it all."""
        box = self.boxes[index]
        title = _(STEPS[index])
        mark = "✓ " if state in ("done", "closed") else ""
        lines = [f"{index + 1}. {mark}{title}"] + ([_(_STATE_WORD[state])] if word else [])
        if caption:
            lines.append(caption)
        box.setText("\n".join(lines))
        if box.property("state") != state:  # a style sheet change re-polishes: only then
            box.setProperty("state", state)
            box.setStyleSheet(f"QLabel {{ {_STYLE[state]} padding: 3px; border-radius: 4px; }}")
        box.setAccessibleName(_("Step {number}: {title}, {state}").format(
            number=index + 1, title=title, state=_(_STATE_WORD[state]) if word else caption))

    def clear(self) -> None:
        self.states = ["todo"] * 6
        for index in range(6):
            self._paint_box(index, "todo")
        self.next_label.setText(_("Not recorded yet: save the signal to start the route."))
        self.next_label.setStyleSheet("")
        self.more_label.clear()
        self.more_label.setVisible(False)
        self.go_button.setVisible(False)
        self._section = ""

    def show_route(self, dossier: SignalDossier, actions: list[NextAction],
                   partner_names: dict[str, str] | None = None) -> None:
        names = partner_names or {}
        self.states = step_states(dossier, actions)
        signal = dossier.signal
        handed = sorted({names.get(h.partner_key, h.partner_key).split(" (")[0]
                         for h in dossier.handovers})
        answered = sum(1 for h in dossier.handovers if h.feedback_received_on)
        captions = [
            label(signal.source),
            fmt.short_date(signal.received_on),
            (_("1 note") if len(dossier.notes) == 1 else
             _("{count} notes").format(count=len(dossier.notes))) if dossier.notes else "",
            ", ".join(handed),
            _("{done} of {total} answered").format(done=answered, total=len(dossier.handovers))
            if dossier.handovers else "",
            (fmt.short_date(dossier.reporter_feedback[-1].given_on)
             if dossier.reporter_feedback else
             _("not applicable (no reporter)") if not dossier.has_reporter else ""),
        ]
        no_reporter = not dossier.has_reporter and not dossier.reporter_feedback
        for index, state in enumerate(self.states):
            if index == 5 and no_reporter and state not in ("done", "closed"):
                # nothing to do here, ever: only "n.v.t. (geen melder)", not "nog niet"
                self._paint_box(index, state, captions[index], word=False)
            else:
                self._paint_box(index, state, captions[index])
        if signal.status is SignalStatus.CLOSED:
            self.next_label.setText(_("Closed on {date}: {outcome}").format(
                date=fmt.short_date(signal.closed_on),
                outcome=outcome_short(signal.outcome)) if signal.outcome else
                _("Closed on {date}").format(date=fmt.short_date(signal.closed_on)))
            self.next_label.setStyleSheet("font-weight: bold;")
            self.more_label.setVisible(False)
            self.go_button.setVisible(False)
            self._section = "closing"
            return
        if not actions:
            self.next_label.setText(_("Nothing to do on the route right now."))
            self.next_label.setStyleSheet("")
            self.go_button.setVisible(False)
            self.more_label.setVisible(False)
            return
        self.next_label.setText(self.describe(actions[0], first=True))
        self._section = ACTION_SECTION.get(actions[0].code, "")
        self.go_button.setVisible(bool(self._section))
        rest = [self.describe(action) for action in actions[1:]]
        self.more_label.setText(_("Also: {actions}").format(actions="; ".join(rest))
                                if rest else "")
        self.more_label.setVisible(bool(rest))
        urgent = actions[0].overdue
        self.next_label.setStyleSheet("color: #b00020; font-weight: bold;" if urgent
                                      else "font-weight: bold;")

    @staticmethod
    def describe(action: NextAction, first: bool = False) -> str:
        text = action.message
        if action.due_on is not None and action.overdue:
            text = _("{action} (due {date}, overdue)").format(
                action=text, date=fmt.short_date(action.due_on))
        elif action.due_on is not None:
            text = _("{action} (due {date})").format(action=text,
                                                    date=fmt.short_date(action.due_on))
        elif action.overdue:
            text = _("Urgent: {action}").format(action=text)
        return _("Next: {action}").format(action=text) if first else text

    def _go(self) -> None:
        if self._section:
            self.go_to.emit(self._section)
