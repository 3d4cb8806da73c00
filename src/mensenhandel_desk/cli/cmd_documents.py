"""``handover``, ``agenda``, ``minutes`` and ``feedback-letter``: documents to PDF files.

Every command writes exactly one file, atomically, at ``--out`` and logs the copy
(print log + audit trail). The file name is the officer's choice; the program never
invents one (names in file names would leak into recent-file lists).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mensenhandel_desk.cli import core
from mensenhandel_desk.documents.phrases import long_date
from mensenhandel_desk.domain.enums import HandoverChannel, NameMode, SharingBasis
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.domain.validation import parse_date
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.documents import RenderedDocument, template_keys

NAME_MODES = [m.value for m in NameMode]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("handover", help=_("handover sheet of one signal as a PDF file"))
    core.add_vault_options(p)
    p.add_argument("reference", help=_("signal reference, e.g. 2026-0001"))
    p.add_argument("--to", required=True, metavar="PARTNER",
                   help=_("partner key (see the partner list), or 'overleg' for the meeting"))
    p.add_argument("--names", choices=NAME_MODES, default=NameMode.PSEUDONYM.value,
                   help=_("how names appear: full, initials or pseudonym (default)"))
    p.add_argument("--out", required=True, metavar="FILE", help=_("PDF file to write"))
    p.add_argument("--requested-action", default="", metavar="TEXT",
                   help=_("what you ask the partner to do"))
    p.add_argument("--feedback-by", metavar="YYYY-MM-DD",
                   help=_("date by which you ask for feedback (default: in 4 weeks)"))
    p.add_argument("--copies", type=int, default=1, metavar="N",
                   help=_("number of numbered copies in the file (default 1)"))
    p.add_argument("--confirm-sent", action="store_true",
                   help=_("also record the handover on the signal (the sheet was sent)"))
    p.add_argument("--channel", choices=[c.value for c in HandoverChannel],
                   default=HandoverChannel.SECURE_EMAIL.value,
                   help=_("how the sheet was sent (with --confirm-sent)"))
    p.add_argument("--basis", choices=[b.value for b in SharingBasis],
                   default=SharingBasis.LEGAL_GROUND.value,
                   help=_("basis for sharing (with --confirm-sent)"))
    p.add_argument("--legal-ground", default="", metavar="TEXT",
                   help=_("the legal ground for sharing (with --confirm-sent)"))
    p.set_defaults(handler=cmd_handover)

    for name, handler, helptext in (
            ("agenda", cmd_agenda, _("agenda of an undermining meeting as a PDF file")),
            ("minutes", cmd_minutes, _("minutes of an undermining meeting as a PDF file"))):
        p = sub.add_parser(name, help=helptext)
        core.add_vault_options(p)
        p.add_argument("meeting", type=int, help=_("meeting number"))
        p.add_argument("--out", required=True, metavar="FILE", help=_("PDF file to write"))
        p.add_argument("--names", choices=NAME_MODES, default=NameMode.PSEUDONYM.value,
                       help=_("how names appear: full, initials or pseudonym (default)"))
        p.add_argument("--copies", type=int, default=1, metavar="N",
                       help=_("number of numbered copies in the file (default 1)"))
        p.set_defaults(handler=handler)

    p = sub.add_parser("feedback-letter",
                       help=_("feedback letter to the reporting colleague as a PDF file"))
    core.add_vault_options(p)
    p.add_argument("reference", help=_("signal reference, e.g. 2026-0001"))
    p.add_argument("--out", metavar="FILE", help=_("PDF file to write"))
    p.add_argument("--outcome-template", metavar="KEY",
                   help=_("letter template (default: from the signal's outcome)"))
    p.add_argument("--text-file", metavar="FILE",
                   help=_("use the (edited) letter text from this UTF-8 file"))
    p.add_argument("--show-template", action="store_true",
                   help=_("print the template text to edit instead of writing a letter"))
    p.add_argument("--confirm-sent", action="store_true",
                   help=_("also record that the reporter was informed"))
    p.set_defaults(handler=cmd_feedback_letter)


def _date(value: str | None, field: str):
    return parse_date(value, field) if value else None


def _report(doc: RenderedDocument) -> None:
    numbers = doc.copy_numbers or (doc.copy_number,)
    span = str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"
    core.out(_("Written: {path} (copy {copy} for {recipient})").format(
        path=doc.path, copy=span, recipient=doc.recipient))
    if doc.unprintable:
        core.err(_("Warning: the font has no sign for {chars}; they print as empty boxes. "
                   "Check the names on the document, or write them in Latin letters in the "
                   "signal.").format(chars=" ".join(doc.unprintable)))
    if doc.contact_missing:
        core.err(_("Warning: your name, or both your phone number and e-mail address, are "
                   "missing in the settings; the document gives no one to contact."))


def cmd_handover(args: argparse.Namespace) -> int:
    feedback_by = _date(args.feedback_by, "feedback_by")
    if (args.confirm_sent and args.basis == SharingBasis.LEGAL_GROUND.value
            and not args.legal_ground.strip()):
        # checked before anything is written, so a refused confirmation leaves no sheet
        raise ValidationError("Name the legal ground for sharing (for example art. 6 lid "
                              "1 sub e AVG with the RIEC covenant).",
                              code="legal_ground_missing", field="legal_ground")
    with (core.changing_session(args) if args.confirm_sent
          else core.open_services(args)) as services:
        doc = services.documents.handover_sheet(
            args.reference, args.to, args.names, requested_action=args.requested_action,
            feedback_due_on=feedback_by, out=Path(args.out), copies=args.copies)
        _report(doc)
        if args.confirm_sent:
            handover = services.documents.confirm_handover_sent(
                args.reference, args.to, args.names, channel=args.channel, basis=args.basis,
                legal_ground=args.legal_ground, requested_action=args.requested_action,
                feedback_due_on=feedback_by)
            core.out(_("Handover recorded; feedback requested by {date}.").format(
                date=long_date(handover.feedback_due_on)))
    return core.EXIT_OK


def cmd_agenda(args: argparse.Namespace) -> int:
    with core.open_services(args) as services:
        _report(services.documents.agenda(args.meeting, args.names, out=Path(args.out),
                                          copies=args.copies))
    return core.EXIT_OK


def cmd_minutes(args: argparse.Namespace) -> int:
    with core.open_services(args) as services:
        _report(services.documents.minutes(args.meeting, args.names, out=Path(args.out),
                                           copies=args.copies))
    return core.EXIT_OK


def _read_text_file(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise ValidationError("The text file cannot be read (it must be UTF-8 text).",
                              code="text_file", field="text_file") from None


def cmd_feedback_letter(args: argparse.Namespace) -> int:
    if args.outcome_template and args.outcome_template not in template_keys():
        raise ValidationError("Unknown letter template '{key}'. Choose one of: {keys}.",
                              code="unknown_template", field="template",
                              key=args.outcome_template, keys=", ".join(template_keys()))
    if not args.out and not args.show_template:
        raise ValidationError("Give the file to write with --out.", code="out_missing",
                              field="out")
    body = _read_text_file(args.text_file) if args.text_file else None
    with (core.changing_session(args) if args.confirm_sent
          else core.open_services(args)) as services:
        if args.show_template:
            core.out(services.documents.feedback_template(args.reference,
                                                          args.outcome_template))
            return core.EXIT_OK
        doc = services.documents.feedback_letter(args.reference,
                                                 template_key=args.outcome_template,
                                                 body=body, out=Path(args.out))
        _report(doc)
        if args.confirm_sent:
            text = body if body is not None else services.documents.feedback_template(
                args.reference, args.outcome_template)
            services.documents.confirm_letter_sent(args.reference, text)
            core.out(_("Recorded that the reporter was informed."))
    return core.EXIT_OK
