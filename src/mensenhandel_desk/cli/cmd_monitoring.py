"""``monitor``, ``merge``, ``awareness`` and ``monitor-settings``: the twice-yearly
monitoring (issue 9, docs/monitoring.md).

``monitor`` prints the exact figures of a period to the terminal (the officer's own
screen) and writes only published (masked) figures to files: the report PDF and the
regional export. ``merge`` needs no vault.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from mensenhandel_desk.cli import core
from mensenhandel_desk.documents.monitoring_labels import DIMENSION_TITLES, label
from mensenhandel_desk.domain.enums import ActivityKind
from mensenhandel_desk.domain.monitoring import (
    DIMENSIONS,
    AwarenessActivity,
    half_year,
    period_label,
)
from mensenhandel_desk.domain.validation import parse_date
from mensenhandel_desk.i18n import _
from mensenhandel_desk.services.clock import Clock


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("monitor", help=_("monitoring figures of a period; report PDF and "
                                         "regional export"))
    core.add_vault_options(p)
    p.add_argument("--from", dest="since", metavar="YYYY-MM-DD",
                   help=_("first day of the period (default: this half year)"))
    p.add_argument("--to", dest="until", metavar="YYYY-MM-DD",
                   help=_("last day of the period (default: this half year)"))
    p.add_argument("--out", metavar="FILE", help=_("write the monitoring report (PDF)"))
    p.add_argument("--export", metavar="FILE",
                   help=_("write the regional export (.json or .csv)"))
    p.add_argument("--with-overlap", action="store_true",
                   help=_("add overlap codes to the export (needs the regional secret)"))
    p.set_defaults(handler=cmd_monitor)

    p = sub.add_parser("merge", help=_("merge regional exports into one regional report "
                                       "(no vault needed)"))
    p.add_argument("files", nargs="+", metavar="FILE", help=_("regional exports"))
    p.add_argument("--out", metavar="FILE", help=_("write the regional report (PDF)"))
    p.set_defaults(handler=cmd_merge)

    p = sub.add_parser("awareness", help=_("awareness activities (trainings, campaigns)"))
    actions = p.add_subparsers(dest="action", required=True)
    a = actions.add_parser("add", help=_("record an awareness activity"))
    core.add_vault_options(a)
    a.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=_("date held"))
    a.add_argument("--kind", required=True, choices=[k.value for k in ActivityKind],
                   help=_("kind of activity"))
    a.add_argument("--target-group", required=True, metavar="TEXT",
                   help=_("target group or department"))
    a.add_argument("--reached", type=int, default=0, metavar="N",
                   help=_("number of people reached"))
    a.add_argument("--given-by", default="", metavar="ORGANISATION",
                   help=_("organisation that gave it"))
    a.set_defaults(handler=cmd_awareness_add)
    a = actions.add_parser("list", help=_("list awareness activities"))
    core.add_vault_options(a)
    a.add_argument("--from", dest="since", metavar="YYYY-MM-DD")
    a.add_argument("--to", dest="until", metavar="YYYY-MM-DD")
    a.set_defaults(handler=cmd_awareness_list)
    a = actions.add_parser("remove", help=_("remove an awareness activity"))
    core.add_vault_options(a)
    a.add_argument("id", type=int, help=_("activity number"))
    a.set_defaults(handler=cmd_awareness_remove)

    p = sub.add_parser("monitor-settings", help=_("small-number threshold and regional "
                                                  "secret"))
    core.add_vault_options(p)
    p.add_argument("--threshold", type=int, metavar="N",
                   help=_("counts below N leave the vault as \"<N\""))
    p.add_argument("--secret-file", metavar="FILE",
                   help=_("read the regional secret from the first line of FILE"))
    p.add_argument("--clear-secret", action="store_true", help=_("forget the regional secret"))
    p.set_defaults(handler=cmd_monitor_settings)


def _period(args: argparse.Namespace) -> tuple[date, date]:
    since, until = half_year(Clock().today())
    if args.since:
        since = parse_date(args.since, "from")
    if args.until:
        until = parse_date(args.until, "to")
    return since, until


def cmd_monitor(args: argparse.Namespace) -> int:
    since, until = _period(args)
    with core.open_services(args) as services:
        figures = services.monitoring.figures(since, until)
        core.out(_("Monitoring {period}: {count} signals (exact figures; files get masked "
                   "ones)").format(period=period_label(since, until), count=figures.total))
        for dimension in DIMENSIONS:
            counts = {k: n for k, n in figures.table(dimension).items() if n}
            if counts:
                core.out(f"  {DIMENSION_TITLES[dimension]}: " + ", ".join(
                    f"{label(dimension, k)} {n}" for k, n in counts.items()))
        if args.out:
            doc = services.documents.monitoring_report(since, until, out=Path(args.out))
            core.out(_("Written: {path}").format(path=doc.path))
        if args.export:
            path = services.monitoring.export_regional(since, until, Path(args.export),
                                                       with_overlap=args.with_overlap)
            core.out(_("Written: {path}").format(path=path))
    return core.EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from mensenhandel_desk.documents.monitoring_report import KIND_LABELS
    from mensenhandel_desk.services.monitoring.merge import merge, render_regional_report

    merged = merge([Path(f) for f in args.files])
    core.out(_("Merged {count} exports: {municipalities}; {signals} signals").format(
        count=len(args.files), municipalities=merged.municipality, signals=merged.total.text))
    for hit in merged.overlap:
        core.out(_("Overlap: {what} appears in signals of {count} municipalities "
                   "({names})").format(what=KIND_LABELS[hit.kind],
                                       count=len(hit.municipalities),
                                       names=", ".join(hit.municipalities)))
    if args.out:
        render_regional_report(merged, Path(args.out))
        core.out(_("Written: {path}").format(path=args.out))
    return core.EXIT_OK


def cmd_awareness_add(args: argparse.Namespace) -> int:
    with core.changing_session(args) as services:
        activity = services.monitoring.add_activity(AwarenessActivity(
            held_on=parse_date(args.date, "date"), kind=ActivityKind(args.kind),
            target_group=args.target_group, reached=args.reached, given_by=args.given_by))
        core.out(_("Activity {id} recorded.").format(id=activity.id))
    return core.EXIT_OK


def cmd_awareness_list(args: argparse.Namespace) -> int:
    since = parse_date(args.since, "from") if args.since else None
    until = parse_date(args.until, "to") if args.until else None
    with core.open_services(args) as services:
        for a in services.monitoring.activities(since, until):
            core.out(f"{a.id}\t{a.held_on.isoformat()}\t{label('activity', str(a.kind))}\t"
                     f"{a.target_group}\t{a.reached}\t{a.given_by}")
    return core.EXIT_OK


def cmd_awareness_remove(args: argparse.Namespace) -> int:
    with core.changing_session(args) as services:
        services.monitoring.remove_activity(args.id)
        core.out(_("Activity {id} removed.").format(id=args.id))
    return core.EXIT_OK


def cmd_monitor_settings(args: argparse.Namespace) -> int:
    with core.changing_session(args) as services:
        if args.threshold is not None:
            settings = services.settings.get()
            settings.small_number_threshold = args.threshold
            services.settings.save(settings)
        if args.secret_file:
            services.monitoring.set_regional_secret(core.read_secret_file(args.secret_file))
        if args.clear_secret:
            services.monitoring.clear_regional_secret()
        core.out(_("Small-number threshold: {n}; regional secret: {state}").format(
            n=services.monitoring.threshold(),
            state=_("set") if services.monitoring.has_regional_secret() else _("not set")))
    return core.EXIT_OK
