"""``list`` and ``show``."""

from __future__ import annotations

import argparse

from mensenhandel_desk.cli import core
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.domain.models import SignalFilter
from mensenhandel_desk.i18n import N_, _

# What an "already known" hit shares with this signal (KnownMatch.matched_on).
MATCHED_ON = {"person": N_("same person:"), "organisation": N_("same organisation:"),
              "address": N_("same address:")}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help=_("one line per signal, starting with its reference"))
    core.add_vault_options(p)
    p.add_argument("--search", default="", help=_("full-text search (prefix match)"))
    p.add_argument("--open", action="store_true", help=_("only signals that are not closed"))
    p.add_argument("--limit", type=int, default=0, help=_("at most this many lines"))
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", help=_("show one signal (without the reporter)"))
    core.add_vault_options(p)
    p.add_argument("reference")
    p.set_defaults(handler=cmd_show)


def cmd_list(args: argparse.Namespace) -> int:
    flt = SignalFilter(text=args.search, open_only=args.open)
    with core.open_services(args) as services:
        offset, shown = 0, 0
        while True:
            page = services.signals.page(flt, sort="reference", descending=False,
                                         offset=offset, limit=500, with_total=False)
            for row in page.rows:
                forms = ", ".join(label(f) for f in sorted(row.forms)) or "-"
                core.out(f"{row.reference}  {row.received_on.isoformat()}  "
                         f"{label(row.status):<33} {forms:<42} {row.summary}")
                shown += 1
                if args.limit and shown >= args.limit:
                    return core.EXIT_OK
            if len(page.rows) < 500:
                break
            offset += 500
    return core.EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with core.open_services(args) as services:
        signal_id = services.signals.by_reference(args.reference).id
        d = services.signals.dossier(signal_id)
        actions = services.signals.next_actions(signal_id)
        known = services.signals.known_matches(signal_id)
    s = d.signal
    core.out(f"{s.reference} — {s.summary}")
    core.out(_("Received: {date} via {source}").format(date=s.received_on.isoformat(),
                                                        source=label(s.source)))
    core.out(_("Status: {status}").format(status=label(s.status)))
    core.out(_("Urgency: {urgency}").format(urgency=label(s.urgency)))
    core.out(_("Forms: {forms}").format(
        forms=", ".join(label(f) for f in sorted(s.forms)) or "-"))
    core.out(_("Assessment: {assessment}").format(assessment=label(s.assessment)))
    if s.outcome:
        core.out(_("Outcome: {outcome} ({date})").format(outcome=label(s.outcome),
                                                         date=s.closed_on.isoformat()))
    if s.description:
        core.out("")
        core.out(s.description)
    if d.parties:
        core.out("")
        core.out(_("Parties:"))
        for p in d.parties:
            dob = f", {p.date_of_birth.isoformat()}" if p.date_of_birth else ""
            core.out(f"  - {p.name}{dob} ({label(p.role)})")
    if d.locations:
        core.out(_("Locations:"))
        for loc in d.locations:
            core.out(f"  - {loc.street} {loc.house_number}, {loc.postcode} {loc.town} "
                     f"({label(loc.kind)})")
    if d.notes:
        core.out(_("Enrichment:"))
        for n in d.notes:
            core.out(f"  - {n.noted_on.isoformat()} {label(n.source)}: {label(n.result)}. "
                     f"{n.text}")
    if d.handovers:
        core.out(_("Handovers:"))
        for h in d.handovers:
            fb = (_("feedback {date}").format(date=h.feedback_received_on.isoformat())
                  if h.feedback_received_on else
                  _("feedback due {date}").format(date=h.feedback_due_on.isoformat()))
            core.out(f"  - {h.handed_over_on.isoformat()} {h.partner_key} ({fb})")
    if known:
        core.out(_("Already known from other signals:"))
        for match in known:
            what = _(MATCHED_ON.get(match.matched_on, match.matched_on))
            core.out("  - " + _("{reference} (received {date}): {what} {name}").format(
                reference=match.reference, date=match.received_on.isoformat(), what=what,
                name=match.match_label))
    core.out(_("Reporter recorded: {answer}").format(
        answer=_("yes") if d.has_reporter else _("no")))
    if actions:
        core.out(_("Next action: {action}").format(action=actions[0].message))
    return core.EXIT_OK
