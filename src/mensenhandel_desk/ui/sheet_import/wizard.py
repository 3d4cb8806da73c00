"""Import the officer's own register from Excel or CSV (issue 10): a wizard over the
engine of docs/sheet-import.md.

1. File — choose the file (``ask_open_file``, patched in tests) and a sheet; the first
   rows are shown with the header row as column titles (``open_sheet`` on the worker).
2. Mapping — ``mapping_page.MappingPage``: column → field, the value tables, load/save.
3. Dry run — ``sheet_import.plan`` on the worker with progress and "Stoppen": what will
   be created and every problem row ("rij 7: …") and warning. The officer goes Back to
   fix the mapping, or ticks "Rijen met problemen overslaan" to go on. A commit page:
   its button says "Importeren".
4. Import — ``sheet_import.run`` on the worker (one transaction: all or nothing) with
   progress and "Stoppen"; then the result page (how many signals, first–last
   reference). ``imported`` is emitted the moment the signals are in the vault (the main
   window refreshes the register).

The file is read in place, never copied. Everything taken from it (preview, mapping
tables, plan, problems) is dropped when the wizard closes (``finished``) and on lock
(``ctx.locking``: running work is cancelled, the wizard closes with ``Rejected``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from mensenhandel_desk.domain.errors import Cancelled
from mensenhandel_desk.i18n import _, ngettext
from mensenhandel_desk.services.progress import CancelToken
from mensenhandel_desk.ui import formatting as fmt
from mensenhandel_desk.ui.context import DeskContext
from mensenhandel_desk.ui.sheet_import.common import (
    cell_text,
    empty_table,
    item,
    message_label,
    read_only_table,
    show,
)
from mensenhandel_desk.ui.sheet_import.mapping_page import MappingPage
from mensenhandel_desk.ui.worker import Task, describe

FILE, MAPPING, DRY_RUN, IMPORT, RESULT = range(5)
PREVIEW_ROWS = 20
SHEET_FILTER = "*.xlsx *.xlsm *.csv *.txt"


def _documents() -> str:
    """The Documents folder, or the home folder when there is none (a file dialog shows
    a missing folder's name as the file name)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder if folder and Path(folder).is_dir() else QDir.homePath()


def _progress_bar(parent: QWidget, name: str) -> QProgressBar:
    bar = QProgressBar(parent)
    bar.setAccessibleName(name)
    bar.setRange(0, 0)
    bar.hide()
    return bar


class FilePage(QWizardPage):
    def __init__(self, wizard: SheetImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(_("An Excel workbook (.xlsx) or a CSV file. The file is read where "
                           "it is; it is not copied."))
        self.choose_button = QPushButton(_("&Choose file…"), self)
        self.choose_button.setAccessibleName(_("Choose the Excel or CSV file"))
        self.choose_button.clicked.connect(lambda _checked=False: self.choose())
        self.file_label = QLabel(_("No file chosen."), self)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setAccessibleName(_("Chosen file"))
        self.sheet = QComboBox(self)
        self.sheet.setAccessibleName(_("Sheet"))
        self.sheet.setEnabled(False)
        self.sheet.activated.connect(lambda _i: self._sheet_chosen())
        sheet_label = QLabel(_("&Sheet:"), self)
        sheet_label.setBuddy(self.sheet)
        self.busy = _progress_bar(self, _("Reading the file…"))
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setAccessibleName(_("About the sheet"))
        self.preview = read_only_table(self, _("First rows of the sheet"))
        self.preview.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive)
        self.preview.verticalHeader().setAccessibleName(_("Row numbers in the sheet"))
        self.preview.setCornerButtonEnabled(False)
        self.message = message_label(self, _("Message"))
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.file_label, 1)
        form = QFormLayout()
        form.addRow(sheet_label, self.sheet)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.info)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self._wizard.sheet is not None and not self._wizard.busy

    def choose(self) -> None:
        path = self._wizard.ask_open_file(self)
        if path is not None:
            self._wizard.open_file(Path(path))

    def _sheet_chosen(self) -> None:
        name = self.sheet.currentText()
        sheet = self._wizard.sheet
        if self._wizard.path is not None and (sheet is None or sheet.sheet != name):
            self._wizard.open_file(self._wizard.path, name)

    def show_sheet(self, sheet: Any) -> None:
        self.file_label.setText(Path(sheet.path).name)
        self.file_label.setToolTip(str(sheet.path))
        self.sheet.clear()
        self.sheet.addItems(list(sheet.sheet_names))
        self.sheet.setCurrentIndex(max(self.sheet.findText(sheet.sheet), 0))
        self.sheet.setEnabled(len(sheet.sheet_names) > 1)
        headers = list(sheet.headers)
        empty_table(self.preview)
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels(headers)
        self.preview.setRowCount(len(sheet.preview))
        self.preview.setVerticalHeaderLabels([str(r.number) for r in sheet.preview])
        for row, data_row in enumerate(sheet.preview):
            for column in range(len(headers)):
                text = cell_text(data_row.cell(column))
                self.preview.setItem(row, column, item(text.replace("\n", " ")))
        self.preview.resizeColumnsToContents()
        for column in range(len(headers)):
            width = self.preview.columnWidth(column)
            self.preview.setColumnWidth(column, min(width, 260))
        parts = [_("Header row: row {row}.").format(row=sheet.header_row),
                 _("{count} columns; the first {rows} rows are shown (row numbers as in the "
                   "sheet).").format(count=len(headers), rows=len(sheet.preview))]
        if sheet.kind == "csv":
            parts.append(_("CSV, separator '{delimiter}', encoding {encoding}.").format(
                delimiter=sheet.delimiter or "", encoding=sheet.encoding or ""))
        self.info.setText(" ".join(parts))
        show(self.message, "")

    def forget(self) -> None:
        self.file_label.setText(_("No file chosen."))
        self.file_label.setToolTip("")
        self.sheet.clear()
        self.sheet.setEnabled(False)
        self.info.clear()
        empty_table(self.preview)
        show(self.message, "")


class DryRunPage(QWizardPage):
    def __init__(self, wizard: SheetImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(_("Dry run"))
        self.setSubTitle(_("Every row is read and checked; nothing is written yet."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Import"))
        self.busy = _progress_bar(self, _("Progress of the dry run"))
        self.stop_button = QPushButton(_("&Stop"), self)
        self.stop_button.setAccessibleName(_("Stop the dry run"))
        self.stop_button.clicked.connect(lambda _checked=False: self._wizard.stop())
        self.stop_button.hide()
        self.status = QLabel(self)
        self.status.setAccessibleName(_("Status"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName(_("What will be created"))
        self.problems_label = QLabel(_("Rows that cannot be imported:"), self)
        self.problems = QListWidget(self)
        self.problems.setAccessibleName(_("Rows that cannot be imported"))
        self.problems_label.setBuddy(self.problems)
        self.warnings_label = QLabel(_("Warnings (these rows are imported):"), self)
        self.warnings = QListWidget(self)
        self.warnings.setAccessibleName(_("Warnings"))
        self.warnings_label.setBuddy(self.warnings)
        self.skip = QCheckBox(_("S&kip rows with problems"), self)
        self.skip.setAccessibleName(_("Skip rows with problems"))
        self.skip.toggled.connect(lambda _on: self.completeChanged.emit())
        self.message = message_label(self, _("Message"))
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.busy, 1)
        progress_row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 2)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.warnings, 1)
        layout.addWidget(self.skip)
        layout.addWidget(self.message)
        self._show_lists(False)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.forget()
        self._wizard.start_plan()

    def cleanupPage(self) -> None:  # noqa: N802 - Qt override (Back)
        self._wizard.stop(drop=True)
        self.forget()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        plan = self._wizard.plan
        if plan is None or self._wizard.busy or not plan.rows:
            return False
        return bool(plan.ok or self.skip.isChecked())

    def _show_lists(self, visible: bool, *, problems: bool = False,
                    warnings: bool = False) -> None:
        self.problems_label.setVisible(visible and problems)
        self.problems.setVisible(visible and problems)
        self.warnings_label.setVisible(visible and warnings)
        self.warnings.setVisible(visible and warnings)
        self.skip.setVisible(visible and problems)

    def show_plan(self, plan: Any) -> None:
        count = fmt.number
        lines = [
            _("Rows read: {rows} (empty rows skipped: {empty}).").format(
                rows=count(plan.rows_read), empty=count(plan.empty_rows)),
            _("Will be created: {signals} signals, {reporters} reporters, {parties} persons "
              "or organisations, {locations} locations, {handovers} handovers, {informed} "
              "times reporter informed, {closed} closed.").format(
                signals=count(plan.signals), reporters=count(plan.reporters),
                parties=count(plan.parties), locations=count(plan.locations),
                handovers=count(plan.handovers), informed=count(plan.reporter_feedback),
                closed=count(plan.closed)),
        ]
        if plan.problems:
            lines.append(_("Rows that cannot be imported: {count}. Go Back to change the "
                           "mapping or the value tables, or skip these rows.").format(
                count=count(len({p.row for p in plan.problems}))))
        elif plan.rows:
            lines.append(_("Every row can be imported."))
        if not plan.rows:
            lines.append(_("There is no row that can be imported."))
        self.summary.setText("\n".join(lines))
        self.problems.clear()
        self.problems.addItems([str(p) for p in plan.problems])
        self.warnings.clear()
        self.warnings.addItems([str(w) for w in plan.warnings])
        self._show_lists(True, problems=bool(plan.problems), warnings=bool(plan.warnings))
        self.completeChanged.emit()

    def forget(self) -> None:
        self.summary.clear()
        self.status.clear()
        self.problems.clear()
        self.warnings.clear()
        self.skip.setChecked(False)
        self._show_lists(False)
        show(self.message, "")


class ImportPage(QWizardPage):
    def __init__(self, wizard: SheetImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(_("Importing"))
        self.setSubTitle(_("All rows go into the vault in one go: all or nothing."))
        self.setCommitPage(True)  # no way back to a finished import
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Next >"))
        self.busy = _progress_bar(self, _("Progress of the import"))
        self.stop_button = QPushButton(_("&Stop"), self)
        self.stop_button.setAccessibleName(_("Stop the import (nothing is imported)"))
        self.stop_button.clicked.connect(lambda _checked=False: self._wizard.stop())
        self.stop_button.hide()
        self.status = QLabel(self)
        self.status.setAccessibleName(_("Status"))
        self.message = message_label(self, _("Message"))
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.busy, 1)
        progress_row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        show(self.message, "")
        self.status.clear()
        self._wizard.start_import()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self._wizard.result is not None and not self._wizard.busy


class ResultPage(QWizardPage):
    def __init__(self, wizard: SheetImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(_("Imported"))
        self.setSubTitle(_("The signals are in the vault."))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName(_("Result of the import"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                             Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        result = self._wizard.result
        if result is None:
            return
        lines = [ngettext("{count} signal imported from {file}.",
                          "{count} signals imported from {file}.", result.signals).format(
            count=fmt.number(result.signals), file=result.plan.file_name)]
        if result.signals == 1 or (result.signals
                                   and result.first_reference == result.last_reference):
            lines.append(_("Reference {reference}.").format(reference=result.first_reference))
        elif result.signals:
            lines.append(_("References {first} to {last}.").format(
                first=result.first_reference, last=result.last_reference))
        if result.skipped:
            lines.append(_("Rows with problems skipped: {count}.").format(
                count=fmt.number(result.skipped)))
        lines.append(_("Each signal has a note 'geïmporteerd uit …' with the original cells "
                       "of its row. Find the signals in the register by their references."))
        self.summary.setText("\n".join(lines))


class SheetImportWizard(QWizard):
    sheet_loaded = Signal()  # a sheet's headers and first rows are shown
    mapping_loaded = Signal()
    mapping_saved = Signal(str)  # path
    plan_ready = Signal()  # the dry run finished (or failed: ``plan`` is None then)
    import_finished = Signal(bool)  # True: imported; False: stopped or failed, nothing added
    imported = Signal(int)  # number of signals now in the vault (the register refreshes)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.sheet: Any = None  # SheetFile: headers and the first rows
        self.mapping: Any = None  # sheet_mapping.Mapping, set when leaving the mapping page
        self.plan: Any = None  # SheetImportPlan of the last dry run
        self.result: Any = None  # SheetImportResult
        self.partners: list[tuple[str, str]] = []  # (key, name) for the partner values
        self._task: Task | None = None
        self._token: CancelToken | None = None
        self._importing = False
        self.setWindowTitle(_("Import signals from Excel or CSV"))
        self.setAccessibleName(_("Import signals from Excel or CSV"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.dry_run_page = DryRunPage(self)
        self.import_page = ImportPage(self)
        self.result_page = ResultPage(self)
        for number, page in ((FILE, self.file_page), (MAPPING, self.mapping_page),
                             (DRY_RUN, self.dry_run_page), (IMPORT, self.import_page),
                             (RESULT, self.result_page)):
            self.setPage(number, page)
        self.setStartId(FILE)
        # Our own texts (Qt's Dutch ones say the same): the wizard is Dutch also where
        # qtbase_nl is not loaded, and every button has an accessible name.
        buttons = QWizard.WizardButton
        for which, text in ((buttons.BackButton, _("< &Back")),
                            (buttons.NextButton, _("&Next >")),
                            (buttons.FinishButton, _("&Finish")),
                            (buttons.CancelButton, _("Cancel"))):
            self.setButtonText(which, text)
        for which in (buttons.NextButton, buttons.BackButton, buttons.FinishButton,
                      buttons.CancelButton, buttons.CommitButton):
            button = self.button(which)
            button.setAccessibleName(button.text().replace("&", "").strip("<> "))
        self.resize(980, 680)
        self.finished.connect(lambda _code: self.forget())
        ctx.locking.connect(self._on_locking)
        self._load_partners()

    # --- dialogs (patched in tests) ------------------------------------------------------------
    @staticmethod
    def ask_open_file(parent: QWidget) -> Path | None:
        name, _chosen = QFileDialog.getOpenFileName(
            parent, _("Choose the Excel or CSV file"), _documents(),
            _("Sheets ({patterns});;All files (*)").format(patterns=SHEET_FILTER))
        return Path(name) if name else None

    @staticmethod
    def ask_mapping_open(parent: QWidget) -> Path | None:
        name, _chosen = QFileDialog.getOpenFileName(
            parent, _("Load a saved mapping"), _documents(),
            _("Mappings (*.json);;All files (*)"))
        return Path(name) if name else None

    @staticmethod
    def ask_mapping_save(parent: QWidget) -> Path | None:
        name, _chosen = QFileDialog.getSaveFileName(
            parent, _("Save the mapping"), str(Path(_documents()) / _("mapping.json")),
            _("Mappings (*.json)"))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".json")

    # --- state ---------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None

    def _load_partners(self) -> None:
        def done(partners: list[tuple[str, str]]) -> None:
            self.partners = partners
            self.mapping_page.values["partners"].choices = list(partners)

        self._partners_task = self.ctx.run(
            lambda services: [(p.key, p.name) for p in services.reference.partners()],
            on_success=done, on_failure=lambda _error: None)

    def run_file_work(self, fn: Callable[[], Any], on_success: Callable[[Any], None],
                      on_failure: Callable[[BaseException], None]) -> None:
        """A small file step (the mapping JSON) on the worker, never on the GUI thread."""
        self.ctx.run(lambda _services: fn(), on_success=on_success, on_failure=on_failure)

    # --- step 1: the file ----------------------------------------------------------------------
    def open_file(self, path: Path, sheet: str | None = None) -> None:
        """Read the sheet names, headers and first rows of ``path`` on the worker."""
        from mensenhandel_desk.services.sheets.read import open_sheet

        page = self.file_page
        self.stop(drop=True)
        show(page.message, "")
        page.busy.show()

        def done(loaded: Any) -> None:
            self._task = None
            page.busy.hide()
            self.path, self.sheet = Path(path), loaded
            self.plan = self.mapping = None
            page.show_sheet(loaded)
            page.completeChanged.emit()
            self.sheet_loaded.emit()

        def failed(error: BaseException) -> None:
            self._task = None
            page.busy.hide()
            show(page.message, describe(error))
            page.completeChanged.emit()

        self._task = self.ctx.run(
            lambda _services: open_sheet(path, sheet, preview_rows=PREVIEW_ROWS),
            on_success=done, on_failure=failed)
        page.completeChanged.emit()

    # --- step 3: the dry run -------------------------------------------------------------------
    def _start(self, page: Any, work: Callable[..., Any], on_success: Callable[[Any], None],
               on_failure: Callable[[BaseException], None]) -> None:
        self._token = token = CancelToken()
        page.busy.setRange(0, 0)
        page.busy.show()
        page.stop_button.show()
        page.stop_button.setEnabled(True)

        def progress(done: int, total: int, text: str) -> None:
            if total:
                page.busy.setRange(0, total)
                page.busy.setValue(done)
            page.status.setText(text)

        def finish() -> None:
            self._task = self._token = None
            page.busy.hide()
            page.stop_button.hide()
            page.completeChanged.emit()

        def succeeded(result: Any) -> None:
            finish()
            on_success(result)

        def failed(error: BaseException) -> None:
            finish()
            on_failure(error)

        self._task = self.ctx.run(lambda services, report, _task: work(services, report,
                                                                       token),
                                  on_success=succeeded, on_failure=failed,
                                  on_progress=progress)
        page.completeChanged.emit()

    def start_plan(self) -> None:
        from mensenhandel_desk.services.sheets import importing as sheet_import

        path, sheet, mapping = self.path, self.sheet.sheet, self.mapping
        page = self.dry_run_page
        self.plan = None

        def done(plan: Any) -> None:
            self.plan = plan
            page.status.setText(_("Dry run finished."))
            page.show_plan(plan)
            self.plan_ready.emit()

        def failed(error: BaseException) -> None:
            page.status.clear()
            text = describe(error)
            if not isinstance(error, Cancelled):
                text += " " + _("Go Back to change the mapping.")
            show(page.message, text)
            self.plan_ready.emit()

        self._start(page, lambda services, report, token: sheet_import.plan(
            services, path, sheet, mapping, progress=report, cancel=token), done, failed)

    # --- step 4: the import --------------------------------------------------------------------
    def start_import(self) -> None:
        from mensenhandel_desk.services.sheets import importing as sheet_import

        path, sheet, mapping = self.path, self.sheet.sheet, self.mapping
        skip = self.dry_run_page.skip.isChecked()
        page = self.import_page
        self.result = None
        self._importing = True
        self.button(QWizard.WizardButton.CancelButton).setEnabled(False)

        def done(result: Any) -> None:
            self._importing = False
            self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
            self.result = result
            page.status.setText(_("Import finished."))
            self.imported.emit(result.signals)
            self.import_finished.emit(True)
            QTimer.singleShot(0, self._to_result)

        def failed(error: BaseException) -> None:
            self._importing = False
            self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
            page.status.clear()
            show(page.message, describe(error) + " " + _(
                "Nothing was imported. Close the wizard and start again to try once more."))
            self.import_finished.emit(False)

        checked = self.plan  # the dry run just shown: reused when nothing changed since
        self._start(page, lambda services, report, token: sheet_import.run(
            services, path, sheet, mapping, skip_invalid=skip, progress=report,
            cancel=token, checked=checked), done, failed)

    def _to_result(self) -> None:
        if self.currentId() == IMPORT and self.result is not None:
            self.next()

    def stop(self, *, drop: bool = False) -> None:
        """The Stop button: ask the running step to stop (the import rolls back; the
        callbacks still report it). ``drop``: also forget its result."""
        if self._token is not None:
            self._token.cancel()
        task = self._task
        if task is None:
            return
        task.cancel()
        if drop:
            task.drop()
            self._task = self._token = None
        elif self._importing:
            self.import_page.stop_button.setEnabled(False)
            self.import_page.status.setText(_("Stopping…"))

    # --- closing -------------------------------------------------------------------------------
    def reject(self) -> None:
        if self._importing:
            return  # Stop first: the import ends (rolled back) before the wizard closes
        super().reject()

    def forget(self) -> None:
        """Drop everything taken from the file (closing and locking)."""
        self.stop(drop=True)
        self._partners_task.drop()
        self._importing = False
        self.path = self.sheet = self.mapping = self.plan = self.result = None
        self.file_page.forget()
        self.mapping_page.forget()
        self.dry_run_page.forget()
        self.result_page.summary.clear()
        self.import_page.status.clear()

    def _on_locking(self, _reason: str) -> None:
        self.forget()
        if self.isVisible():
            QDialog.done(self, QDialog.DialogCode.Rejected)
