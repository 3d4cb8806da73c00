"""``meeting`` (new, list, add, decide) and ``settings`` (show, set).

Until the desktop client exists, this is how the officer prepares an undermining meeting
and fills in the letterhead and contact details the documents print.
"""

from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path

from mensenhandel_desk.cli import core
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.models import Meeting, MeetingItem
from mensenhandel_desk.domain.validation import parse_date
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    meeting = sub.add_parser("meeting", help=_("prepare and record an undermining meeting"))
    msub = meeting.add_subparsers(dest="meeting_command", metavar=_("command"), required=True)

    p = msub.add_parser("new", help=_("plan a meeting"))
    core.add_vault_options(p)
    p.add_argument("--date", required=True, help=_("date of the meeting (YYYY-MM-DD)"))
    p.add_argument("--title", default="Lokaal ondermijningsoverleg")
    p.add_argument("--place", default="")
    p.add_argument("--attendees-file", metavar="FILE",
                   help=_("who attends, one per line (functions and organisations)"))
    p.set_defaults(handler=cmd_meeting_new)

    p = msub.add_parser("list", help=_("all meetings, newest first"))
    core.add_vault_options(p)
    p.set_defaults(handler=cmd_meeting_list)

    p = msub.add_parser("add", help=_("put a signal on a meeting's agenda"))
    core.add_vault_options(p)
    p.add_argument("meeting", type=int)
    p.add_argument("reference")
    p.add_argument("--summary", default="", help=_("short text for the agenda"))
    p.set_defaults(handler=cmd_meeting_add)

    p = msub.add_parser("decide", help=_("record the decision on an agenda item"))
    core.add_vault_options(p)
    p.add_argument("meeting", type=int)
    p.add_argument("reference")
    p.add_argument("--decision", required=True)
    p.add_argument("--holder", default="", help=_("who takes the action"))
    p.add_argument("--due", default="", help=_("due date (YYYY-MM-DD)"))
    p.set_defaults(handler=cmd_meeting_decide)

    p = sub.add_parser("settings", help=_("show or change the settings kept in the vault"))
    core.add_vault_options(p)
    p.add_argument("--set", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                   help=_("change one setting (repeatable)"))
    p.set_defaults(handler=cmd_settings)


def _read_lines(path: str | None) -> str:
    if not path:
        return ""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise ValidationError("The file {path} cannot be read.", code="file_unreadable",
                              path=path) from None


def cmd_meeting_new(args: argparse.Namespace) -> int:
    meeting = Meeting(held_on=parse_date(args.date, "date"), title=args.title,
                      place=args.place, attendees=_read_lines(args.attendees_file))
    with core.changing_session(args) as services:
        created = services.meetings.create(meeting)
    core.out(_("Meeting {id} planned on {date}.").format(id=created.id,
                                                         date=created.held_on.isoformat()))
    return core.EXIT_OK


def cmd_meeting_list(args: argparse.Namespace) -> int:
    with core.open_services(args) as services:
        for meeting in services.meetings.all():
            items = services.meetings.items(meeting.id)
            core.out(_("{id}  {date}  {title}  ({count} signals)").format(
                id=meeting.id, date=meeting.held_on.isoformat(), title=meeting.title,
                count=len(items)))
    return core.EXIT_OK


def cmd_meeting_add(args: argparse.Namespace) -> int:
    with core.changing_session(args) as services:
        signal_id = services.signals.by_reference(args.reference).id
        item = services.meetings.add_item(MeetingItem(meeting_id=args.meeting,
                                                      signal_id=signal_id,
                                                      summary=args.summary))
    core.out(_("{reference} is item {position} on the agenda of meeting {id}.").format(
        reference=args.reference.upper(), position=item.position, id=args.meeting))
    return core.EXIT_OK


def cmd_meeting_decide(args: argparse.Namespace) -> int:
    due = parse_date(args.due, "due") if args.due else None
    with core.changing_session(args) as services:
        item = services.meetings.item_for(args.meeting, args.reference)
        services.meetings.record_decision(item.id, args.decision, args.holder, due)
    core.out(_("Decision recorded."))
    return core.EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    names = {f.name: f for f in fields(Settings)}
    if not args.set:
        with core.open_services(args) as services:
            current = services.settings.get()
        for name in names:
            core.out(f"{name} = {getattr(current, name)!s}".replace("\n", "\\n"))
        return core.EXIT_OK
    with core.changing_session(args) as services:
        current = services.settings.get()
        for name, raw in args.set:
            if name not in names:
                raise ValidationError("Unknown setting '{name}'.", code="unknown_setting",
                                      name=name)
            kind = type(getattr(current, name))
            try:
                value = (raw.lower() in ("1", "ja", "yes", "true", "aan") if kind is bool
                         else kind(raw.replace("\\n", "\n")))
            except ValueError:
                raise ValidationError("Setting '{name}' needs a number.", code="not_a_number",
                                      name=name) from None
            setattr(current, name, value)
        services.settings.save(current)
    core.out(_("Settings saved."))
    return core.EXIT_OK
