"""Documents from the vault: collect the records, render PDF bytes, log every copy.

Each call renders one copy: it reserves the next copy number for (document kind,
object), prints "Exemplaar n — voor: <recipient>" on every page, and in the same unit of
work adds a print record (which copy went to whom) and an audit entry (kind,
recipient key, copy number, name mode; never content or names). Bytes are returned;
a file is written only when ``out`` is given, atomically (temporary name in the target
folder, fsync, ``os.replace``), and removed again if anything after it fails.

``preview=True`` (every rendering method has it) renders the same document in memory for
the screen: every page stamped "VOORBEELD — geen genummerd exemplaar" with a diagonal
"VOORBEELD", no copy number reserved, no print record, no file (``out`` is refused), and
no audit entry of its own: a preview shows the officer what the app already shows and
nothing leaves the vault. The one exception is the feedback letter, whose preview reads
the reporter's name and address: that read is audited (``view_reporter``) as always.

The reporter's identity is read here for two purposes only: to scrub it from the free
text of handover sheets and meeting documents, and to address the feedback letter, the
one document that goes to the reporter.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from mensenhandel_desk import documents, paths
from mensenhandel_desk.documents import preview as preview_stamp
from mensenhandel_desk.documents.data import (
    CopyMark,
    FeedbackLetterData,
    HandoverSheetData,
    Letterhead,
    MeetingData,
    MeetingEntry,
    OfficerContact,
)
from mensenhandel_desk.documents.phrases import (
    LETTER_RECIPIENT,
    MEETING_RECIPIENT,
    long_date,
)
from mensenhandel_desk.documents.text import glyph_check
from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.enums import (
    HandoverChannel,
    NameMode,
    SharedDataKind,
    SharingBasis,
)
from mensenhandel_desk.domain.errors import NotFound, RouteError, ValidationError
from mensenhandel_desk.domain.models import Handover, PrintRecord, ReporterFeedback, Signal
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.base import ServiceContext, VaultUser, signal_by_reference
from mensenhandel_desk.services.files import write_atomic
from mensenhandel_desk.services.handovers import HandoverService
from mensenhandel_desk.services.meetings import meeting_ref
from mensenhandel_desk.services.monitoring import MonitoringService
from mensenhandel_desk.services.settings import (
    Settings,
    SettingsService,
    check_address_position,
    read_logo,
)
from mensenhandel_desk.services.withheld import withheld_for
from mensenhandel_desk.store.vault import UnitOfWork

if TYPE_CHECKING:  # (the document module loads reportlab: on first render)
    from mensenhandel_desk.documents.access_request import AccessReport


def default_shared(mode: NameMode) -> frozenset[SharedDataKind]:
    """What a handover shares when the officer chose nothing: description, indicators
    and enrichment; the identity of the parties and addresses only in full names."""
    kinds = {SharedDataKind.DESCRIPTION, SharedDataKind.INDICATORS, SharedDataKind.ENRICHMENT}
    if mode is NameMode.FULL:
        kinds |= {SharedDataKind.IDENTITY, SharedDataKind.ADDRESSES}
    return frozenset(kinds)


class Destroyed(Protocol):
    """What the declaration lists of a destroyed signal (``retention.DueSignal`` fits)."""

    reference: str
    received_on: date
    closed_on: date


class AccessFindings(Protocol):
    """What the access-request report is made of (``access_request.AccessResult`` fits;
    that service issues its report through this one, so this module does not import it)."""

    @property
    def generated_on(self) -> date: ...
    @property
    def findings(self) -> Sequence[object]: ...
    @property
    def mentions(self) -> Sequence[object]: ...

    def report(self, settings: Settings) -> AccessReport: ...


MEETING_KEY = "overleg"  # --to overleg: a sheet for the meeting instead of one partner
ARCHIVE_RECIPIENT = "archief"  # the destruction declaration: for the municipal archive
SUBJECT_RECIPIENT = "betrokkene (inzageverzoek)"  # the access report: never the name
REPORTER_KEY = "reporter"
OPEN_TEMPLATE = "in_behandeling"
HANDED_OVER_TEMPLATE = "overgedragen"
PLACEHOLDERS = ("datum_melding", "kenmerk", "gemeente")
MAX_COPIES = 50
PREVIEW_COPY = 0  # RenderedDocument.copy_number of a preview: no number was reserved


@dataclass(slots=True, frozen=True)
class RenderedDocument:
    kind: str
    reference: str
    copy_number: int
    recipient: str
    pdf: bytes
    path: Path | None = None
    copy_numbers: tuple[int, ...] = ()
    unprintable: tuple[str, ...] = ()  # characters the font lacks: warn the officer
    contact_missing: bool = False  # no officer name, or neither phone nor e-mail, set
    preview: bool = False  # stamped preview: no copy number, not in the print log


def contact_missing(settings: Settings) -> bool:
    """Whether the settings lack what a partner or colleague needs to reach the officer
    (a sheet whose "Contact" block or a letter whose signature has no name)."""
    return not settings.officer_name.strip() or not (settings.officer_phone.strip()
                                                     or settings.officer_email.strip())


def template_dir() -> Path:
    return paths.resources_dir() / "templates" / "feedback"


def template_keys() -> list[str]:
    """Keys of the shipped feedback-letter templates (one per outcome, plus open ones)."""
    return sorted(p.stem for p in template_dir().glob("*.txt"))


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace only the known ``{name}`` placeholders; other braces stay as typed."""
    for name in PLACEHOLDERS:
        text = text.replace("{" + name + "}", values.get(name, ""))
    return text


def officer_contact(settings: Settings) -> OfficerContact:
    return OfficerContact(name=settings.officer_name, function=settings.officer_function,
                          department=settings.department, municipality=settings.municipality,
                          phone=settings.officer_phone, email=settings.officer_email)


class DocumentService(VaultUser):
    """Handover sheets, meeting agenda and minutes, feedback letters.

    Thread rule: like every service, use from the app's database worker; the rendering
    itself is pure and takes tens of milliseconds per page.
    """

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.settings = SettingsService(ctx)
        self.handovers = HandoverService(ctx)

    # --- shared plumbing ------------------------------------------------------------
    def _issue(self, uow: UnitOfWork, kind: str, object_ref: str, recipient: str,
               recipient_key: str, render: Callable[[list[CopyMark]], bytes],
               out: Path | None, printing: bool, extra: str = "",
               copies: int = 1, preview: bool = False) -> RenderedDocument:
        """Reserve copy numbers, render, write (if asked) and log, all or nothing. Each
        copy gets its own number and print record; one audit entry covers the call.
        ``preview``: render one stamped, unnumbered copy and log nothing."""
        if not 1 <= copies <= MAX_COPIES:
            raise ValidationError("The number of copies must be between 1 and {maximum}.",
                                  code="copies_range", field="copies", maximum=MAX_COPIES)
        if preview:
            with glyph_check() as unprintable, preview_stamp.stamped():
                pdf = render([CopyMark(number=PREVIEW_COPY, recipient=recipient)])
            return RenderedDocument(kind=kind, reference=object_ref, copy_number=PREVIEW_COPY,
                                    recipient=recipient, pdf=pdf,
                                    unprintable=tuple(sorted(unprintable)), preview=True)
        first = uow.prints.next_copy_number(kind, object_ref)
        numbers = list(range(first, first + copies))
        with glyph_check() as unprintable:
            pdf = render([CopyMark(number=n, recipient=recipient) for n in numbers])
        for number in numbers:
            uow.prints.add(PrintRecord(at=self.clock.now(), document_kind=kind,
                                       object_ref=object_ref, copy_number=number,
                                       recipient=recipient))
        span = str(first) if copies == 1 else f"{first}-{numbers[-1]}"
        detail = f"{kind} to={recipient_key} copy={span}" + (f" {extra}" if extra else "")
        audit.record(uow, self.clock, Action.PRINT if printing else Action.DOCUMENT,
                     object_ref, detail)
        if out is not None:
            write_atomic(Path(out), pdf)
        return RenderedDocument(kind=kind, reference=object_ref, copy_number=first,
                                recipient=recipient, pdf=pdf,
                                path=Path(out) if out is not None else None,
                                copy_numbers=tuple(numbers),
                                unprintable=tuple(sorted(unprintable)))

    def _run(self, work: Callable[[UnitOfWork], RenderedDocument],
             out: Path | None, preview: bool = False) -> RenderedDocument:
        """Run ``work(uow)``; if the transaction fails after the file was written, the
        file goes too, so the print log and the disk never disagree."""
        if preview and out is not None:
            raise ValidationError("A preview is not saved: save the numbered copy instead.",
                                  code="preview_not_saved", field="out")
        existed = out is not None and Path(out).exists()
        try:
            with self.vault.unit_of_work() as uow:
                return work(uow)
        except BaseException:
            if out is not None and not existed:
                with contextlib.suppress(OSError):
                    Path(out).unlink()
            raise

    # --- handover sheet -------------------------------------------------------------
    def _recipient(self, uow: UnitOfWork, partner_key: str) -> str:
        key = (partner_key or "").strip().lower()
        if key == MEETING_KEY:
            return MEETING_RECIPIENT
        partner = uow.partners.get(key)
        if partner is None:
            raise ValidationError("Unknown partner '{key}'.", code="unknown_partner",
                                  field="partner_key", key=partner_key)
        return partner.name

    def handover_sheet(self, reference: str, partner_key: str,
                       name_mode: NameMode | str = NameMode.PSEUDONYM, *,
                       requested_action: str = "", feedback_due_on: date | None = None,
                       out: Path | None = None, printing: bool = False,
                       copies: int = 1, preview: bool = False,
                       shared: Iterable[SharedDataKind | str] | None = None,
                       handover_id: int | None = None) -> RenderedDocument:
        """The overdrachtsformulier for ``partner_key`` (or ``"overleg"``); ``copies``
        numbered copies in one PDF (``preview``: the stamped preview, nothing logged).

        The sheet holds only the kinds of data the handover shares: with ``handover_id``
        the kinds recorded for that handover, else ``shared`` (the officer's choice in the
        form), else what ``confirm_handover_sent`` would record for ``name_mode``."""
        mode = _name_mode(name_mode)
        chosen = (None if shared is None
                  else frozenset(SharedDataKind(str(kind)) for kind in shared))
        requested_action = v.clean_text(requested_action, "requested_action", long=True)
        settings = self.settings.get()
        if feedback_due_on is None:
            feedback_due_on = self.clock.today() + timedelta(days=settings.feedback_days)
        v.check_date(feedback_due_on, "feedback_due_on", allow_future=True)

        def work(uow: UnitOfWork) -> RenderedDocument:
            signal = signal_by_reference(uow, reference)
            recipient = self._recipient(uow, partner_key)
            key = partner_key.strip().lower()
            kinds = chosen if chosen is not None else default_shared(mode)
            handed_over_on = None
            if handover_id is not None:
                recorded = uow.handovers.get(handover_id)
                if recorded is None or recorded.signal_id != signal.id:
                    raise NotFound("This handover no longer exists.", code="handover_not_found")
                kinds = frozenset(recorded.shared_data)
                handed_over_on = recorded.handed_over_on
            data = HandoverSheetData(
                signal=signal, parties=uow.parties.for_signal(signal.id),
                locations=uow.locations.for_signal(signal.id),
                notes=sorted(uow.notes.for_signal(signal.id), key=lambda n: (n.noted_on, n.id)),
                indicators=uow.checklists.for_signal(signal.id), recipient=recipient,
                name_mode=mode, issued_on=self.clock.today(),
                copy=CopyMark(0, recipient), officer=officer_contact(settings),
                requested_action=requested_action, feedback_due_on=feedback_due_on,
                withheld=withheld_for(uow, signal.id), shared=kinds,
                handed_over_on=handed_over_on)
            return self._issue(
                uow, documents.HANDOVER_SHEET, signal.reference, recipient, key,
                lambda marks: documents.render_handover_sheet(data, marks),
                out, printing, f"names={mode}", copies, preview)

        return replace(self._run(work, out, preview),
                       contact_missing=contact_missing(settings))

    def confirm_handover_sent(self, reference: str, partner_key: str,
                              name_mode: NameMode | str = NameMode.PSEUDONYM, *,
                              channel: HandoverChannel | str = HandoverChannel.SECURE_EMAIL,
                              basis: SharingBasis | str = SharingBasis.LEGAL_GROUND,
                              legal_ground: str = "", requested_action: str = "",
                              feedback_due_on: date | None = None,
                              handed_over_on: date | None = None,
                              shared: Iterable[SharedDataKind | str] | None = None,
                              ) -> Handover:
        """The officer confirms the sheet went out: record the Handover (route step 4)
        with what the sheet shared (``shared``, the kinds the sheet was printed with;
        default: ``default_shared(name_mode)``), via ``HandoverService`` (validation,
        route state, audit)."""
        if partner_key.strip().lower() == MEETING_KEY:
            raise RouteError("A sheet for the meeting is not a handover to a partner. Record "
                             "the handover per partner.", code="handover_without_partner",
                             field="partner_key")
        mode = _name_mode(name_mode)
        signal = self._signal(reference)
        kinds = (set(default_shared(mode)) if shared is None
                 else {SharedDataKind(str(kind)) for kind in shared})
        return self.handovers.record(Handover(
            signal_id=signal.id, partner_key=partner_key.strip().lower(),
            handed_over_on=handed_over_on or self.clock.today(),
            channel=HandoverChannel(channel), basis=SharingBasis(basis),
            legal_ground=legal_ground, shared_data=kinds, name_mode=mode,
            requested_action=requested_action, feedback_due_on=feedback_due_on))

    def _signal(self, reference: str) -> Signal:
        with self.vault.unit_of_work() as uow:
            return signal_by_reference(uow, reference)

    # --- meeting documents ----------------------------------------------------------
    def _meeting_data(self, uow: UnitOfWork, meeting_id: int, mode: NameMode,
                      settings: Settings) -> MeetingData:
        meeting = uow.meetings.get(meeting_id)
        if meeting is None:
            raise NotFound("Meeting {id} does not exist.", code="meeting_not_found",
                           id=meeting_id)
        entries = []
        for item in uow.meeting_items.for_meeting(meeting_id):
            signal = uow.signals.get(item.signal_id)
            if signal is None:
                continue
            entries.append(MeetingEntry(
                item=item, signal=signal, parties=uow.parties.for_signal(signal.id),
                locations=uow.locations.for_signal(signal.id),
                withheld=withheld_for(uow, signal.id)))
        return MeetingData(meeting=meeting, reference=meeting_ref(meeting_id), entries=entries,
                           name_mode=mode, issued_on=self.clock.today(),
                           copy=CopyMark(0, MEETING_RECIPIENT),
                           officer=officer_contact(settings))

    def _meeting_document(self, kind: str,
                          render: Callable[[MeetingData, list[CopyMark]], bytes],
                          meeting_id: int, name_mode: NameMode | str, out: Path | None,
                          printing: bool, recipient: str, copies: int,
                          preview: bool = False) -> RenderedDocument:
        mode = _name_mode(name_mode)
        recipient = v.clean_text(recipient, "recipient") or MEETING_RECIPIENT
        settings = self.settings.get()

        def work(uow: UnitOfWork) -> RenderedDocument:
            data = self._meeting_data(uow, int(meeting_id), mode, settings)
            return self._issue(uow, kind, data.reference, recipient, MEETING_KEY,
                               lambda marks: render(data, marks), out, printing,
                               f"names={mode} signals={len(data.entries)}", copies,
                               preview)

        return self._run(work, out, preview)

    def agenda(self, meeting_id: int, name_mode: NameMode | str = NameMode.PSEUDONYM, *,
               out: Path | None = None, printing: bool = False,
               recipient: str = MEETING_RECIPIENT, copies: int = 1,
               preview: bool = False) -> RenderedDocument:
        return self._meeting_document(documents.AGENDA, documents.render_agenda, meeting_id,
                                      name_mode, out, printing, recipient, copies, preview)

    def minutes(self, meeting_id: int, name_mode: NameMode | str = NameMode.PSEUDONYM, *,
                out: Path | None = None, printing: bool = False,
                recipient: str = MEETING_RECIPIENT, copies: int = 1,
                preview: bool = False) -> RenderedDocument:
        return self._meeting_document(documents.MINUTES, documents.render_minutes,
                                      meeting_id, name_mode, out, printing, recipient, copies,
                                      preview)

    # --- monitoring report ----------------------------------------------------------
    def monitoring_report(self, since: date, until: date, *, out: Path | None = None,
                          printing: bool = False, recipient: str = "intern gebruik",
                          preview: bool = False) -> RenderedDocument:
        """The monitoring report of the period: published (masked) figures only, charts,
        awareness activities and a Dutch summary. Logged like every document (print
        record + audit entry, object "monitoring:<from>..<to>")."""
        from mensenhandel_desk.documents import monitoring_report as mr

        monitoring = MonitoringService(self.ctx)
        published = monitoring.published(monitoring.figures(since, until))
        recipient = v.clean_text(recipient, "recipient") or "intern gebruik"
        object_ref = f"monitoring:{since.isoformat()}..{until.isoformat()}"

        def work(uow: UnitOfWork) -> RenderedDocument:
            names = {p.key: p.name for p in uow.partners.all()}

            def render(marks: list[CopyMark]) -> bytes:
                return mr.render(mr.ReportData(
                    figures=published, partner_names=names,
                    activities=published.activities, issued_on=self.clock.today(),
                    copy_number=marks[0].number, recipient=marks[0].recipient))

            return self._issue(uow, mr.MONITORING_REPORT, object_ref, recipient, "intern",
                               render, out, printing, f"threshold={published.threshold}",
                               preview=preview)

        return self._run(work, out, preview)

    # --- feedback letter ------------------------------------------------------------
    def default_template_key(self, reference: str) -> str:
        with self.vault.unit_of_work() as uow:
            signal = signal_by_reference(uow, reference)
            if signal.outcome is not None:
                return str(signal.outcome)
            return HANDED_OVER_TEMPLATE if uow.handovers.for_signal(signal.id) else OPEN_TEMPLATE

    def feedback_template(self, reference: str, template_key: str | None = None) -> str:
        """The template text for this signal with placeholders filled: what the officer
        edits before generating the letter."""
        key = template_key or self.default_template_key(reference)
        if key not in template_keys():
            raise ValidationError("Unknown letter template '{key}'. Choose one of: {keys}.",
                                  code="unknown_template", field="template", key=key,
                                  keys=", ".join(template_keys()))
        text = (template_dir() / f"{key}.txt").read_text(encoding="utf-8")
        signal = self._signal(reference)
        return fill_placeholders(text, self._placeholder_values(signal, self.settings.get()))

    @staticmethod
    def _placeholder_values(signal: Signal, settings: Settings) -> dict[str, str]:
        return {"datum_melding": long_date(signal.received_on), "kenmerk": signal.reference,
                "gemeente": settings.municipality}

    def feedback_letter(self, reference: str, *, template_key: str | None = None,
                        body: str | None = None, out: Path | None = None,
                        printing: bool = False, preview: bool = False) -> RenderedDocument:
        """The terugkoppelingsbrief to the reporting colleague. ``body`` is the officer's
        edited text; without it the template for the signal's outcome is used."""
        settings = self.settings.get()
        source = "edited" if body is not None else (template_key or "default")
        if body is None:
            body = self.feedback_template(reference, template_key)
        body = v.clean_text(body, "body", required=True, long=True)
        logo = read_logo(settings.letterhead_logo)
        check_address_position(settings, has_logo=logo is not None)

        def work(uow: UnitOfWork) -> RenderedDocument:
            signal = signal_by_reference(uow, reference)
            reporter = uow.reporters.get_for_signal(signal.id)
            if reporter is None:
                raise RouteError("This signal has no known reporter to inform (for example "
                                 "an anonymous report).", code="no_reporter", field="reporter")
            audit.record(uow, self.clock, Action.VIEW_REPORTER, signal.reference,
                         "feedback letter")
            lines = _address_lines(reporter.name, reporter.department, settings)
            data = FeedbackLetterData(
                letterhead=Letterhead(municipality=settings.municipality,
                                      department=settings.department,
                                      address=settings.letterhead_address,
                                      phone=settings.officer_phone,
                                      email=settings.officer_email, logo=logo,
                                      return_address=settings.return_address),
                reference=signal.reference, issued_on=self.clock.today(),
                subject=f"Terugkoppeling op uw melding van {long_date(signal.received_on)}",
                address_lines=lines,
                salutation=f"Beste {reporter.name},",
                body=fill_placeholders(body, self._placeholder_values(signal, settings)),
                signer_name=settings.officer_name, signer_function=settings.officer_function,
                copy=CopyMark(0, LETTER_RECIPIENT),
                address_left_mm=settings.address_block_left_mm,
                address_top_mm=settings.address_block_top_mm)
            return self._issue(uow, documents.FEEDBACK_LETTER, signal.reference,
                               LETTER_RECIPIENT, REPORTER_KEY,
                               lambda marks: documents.render_feedback_letter(
                                   replace(data, copy=marks[0])), out, printing,
                               f"template={source}", preview=preview)

        return replace(self._run(work, out, preview),
                       contact_missing=contact_missing(settings))

    # --- destruction declaration --------------------------------------------------------
    def destruction_declaration(self, signals: Sequence[Destroyed], destroyed_on: date, *,
                                out: Path | None = None, printing: bool = False,
                                recipient: str = ARCHIVE_RECIPIENT,
                                preview: bool = False) -> RenderedDocument:
        """The verklaring van vernietiging of a purge (``PurgeResult.purged`` and
        ``.purged_on``): references and dates only. Logged and audited like every
        document, under "vernietiging:<date>"; the audit detail counts the signals and
        names none (after a purge the trail no longer names them either).

        A numbered copy only for signals that are gone: while one still exists the
        declaration would be untrue (``RouteError``). ``preview`` works before the purge,
        so the officer can read what will be declared."""
        from mensenhandel_desk.documents import destruction_declaration as dd

        recipient = v.clean_text(recipient, "recipient") or ARCHIVE_RECIPIENT
        settings = self.settings.get()
        data = dd.DestructionDeclaration(
            municipality=settings.municipality, department=settings.department,
            officer_name=settings.officer_name, officer_function=settings.officer_function,
            destroyed_on=destroyed_on,
            signals=[dd.DestroyedSignal(s.reference, s.received_on, s.closed_on)
                     for s in signals])

        def work(uow: UnitOfWork) -> RenderedDocument:
            if not preview:
                remaining = [s.reference for s in data.signals
                             if uow.signals.by_reference(s.reference) is not None]
                if remaining:
                    raise RouteError("The declaration lists signals that have not been "
                                     "destroyed yet ({count}). Purge them first; until then "
                                     "only a preview is possible.", code="not_destroyed",
                                     count=len(remaining))
            return self._issue(uow, dd.KIND, f"vernietiging:{destroyed_on.isoformat()}",
                               recipient, "archief",
                               lambda marks: dd.render(data, marks[0]), out, printing,
                               f"signals={len(data.signals)}", preview=preview)

        return self._run(work, out, preview)

    # --- access-request report ------------------------------------------------------
    def access_request_report(self, result: AccessFindings, *, out: Path | None = None,
                              printing: bool = False, recipient: str = SUBJECT_RECIPIENT,
                              preview: bool = False) -> RenderedDocument:
        """The inzage report (AVG art. 15) of a request found by
        ``AccessRequestService.find`` (which audited the request). Logged and audited like
        every document, under "inzage:<date>"; neither the print log nor the audit entry
        holds the person's name (the recipient reads "betrokkene")."""
        from mensenhandel_desk.documents import access_request as ar

        recipient = v.clean_text(recipient, "recipient") or SUBJECT_RECIPIENT
        report = result.report(self.settings.get())

        def work(uow: UnitOfWork) -> RenderedDocument:
            return self._issue(uow, ar.KIND, f"inzage:{result.generated_on.isoformat()}",
                               recipient, "betrokkene",
                               lambda marks: ar.render(report, marks[0]), out, printing,
                               f"records={len(result.findings)} "
                               f"mentions={len(result.mentions)}", preview=preview)

        return self._run(work, out, preview)

    def confirm_letter_sent(self, reference: str, text: str,
                            given_on: date | None = None) -> ReporterFeedback:
        """Route step 6 done: record what the reporter was told (via HandoverService)."""
        signal = self._signal(reference)
        return self.handovers.inform_reporter(ReporterFeedback(
            signal_id=signal.id, given_on=given_on or self.clock.today(), text=text))


def _name_mode(value: NameMode | str) -> NameMode:
    try:
        return NameMode(value)
    except ValueError:
        raise ValidationError("Unknown name mode '{mode}'. Choose full, initials or "
                              "pseudonym.", code="name_mode", field="name_mode",
                              mode=value) from None


def _address_lines(name: str, department: str, settings: Settings) -> list[str]:
    """Addressee for internal post: name, department, the municipality and its postal
    address; the municipality's name is dropped first when the window has no room."""
    from mensenhandel_desk.documents.feedback_letter import address_fits

    postal = [line.strip() for line in settings.letterhead_address.splitlines() if line.strip()]
    lines = [x.strip() for x in (name, department, settings.municipality) if x.strip()] + postal
    municipality = settings.municipality.strip()
    if not address_fits(lines) and municipality in lines:
        lines.remove(municipality)
    if not address_fits(lines):
        raise ValidationError("The address does not fit the envelope window (at most five "
                              "lines of about 45 characters). Shorten the department or the "
                              "municipality's address in the settings.", code="address_too_long",
                              field="letterhead_address")
    return lines
