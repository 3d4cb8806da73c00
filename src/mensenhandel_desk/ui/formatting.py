"""How the desktop shows dates, numbers and enum values: Dutch, through QLocale."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale

from mensenhandel_desk.domain.enums import ExploitationForm
from mensenhandel_desk.domain.labels import label
from mensenhandel_desk.i18n import N_, _

_SHORT_FORMS = {
    ExploitationForm.SEXUAL: N_("sexual exploitation (short)"),
    ExploitationForm.LABOUR: N_("labour exploitation (short)"),
    ExploitationForm.CRIMINAL: N_("criminal exploitation (short)"),
    ExploitationForm.OTHER: N_("other form (short)"),
}


def locale() -> QLocale:
    return QLocale()


def short_date(value: date | None) -> str:
    """24-11-2026: what officers type and read in lists."""
    if value is None:
        return ""
    return QDate(value.year, value.month, value.day).toString("dd-MM-yyyy")


def long_date(value: date | None) -> str:
    """24 november 2026 (the locale's month names)."""
    if value is None:
        return ""
    return locale().toString(QDate(value.year, value.month, value.day), "d MMMM yyyy")


def number(value: int) -> str:
    """1.234 in Dutch."""
    return locale().toString(int(value))


def short_form(form: ExploitationForm) -> str:
    return _(_SHORT_FORMS.get(ExploitationForm(form), label(form)))
