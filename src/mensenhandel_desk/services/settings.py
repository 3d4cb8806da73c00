"""Officer and municipality settings, stored inside the vault (they are personal data:
the officer's name, the letterhead). Only non-personal preferences live outside."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

from mensenhandel_desk.crash import log
from mensenhandel_desk.domain import validation as v
from mensenhandel_desk.domain.errors import ValidationError
from mensenhandel_desk.services import audit
from mensenhandel_desk.services.audit import Action
from mensenhandel_desk.services.base import ServiceContext, VaultUser
from mensenhandel_desk.services.policy import load_policy


@dataclass(slots=True)
class Settings:
    municipality: str = "Gemeente Voorbeeld"
    department: str = "Team Openbare Orde en Veiligheid"
    officer_name: str = ""
    officer_function: str = "Aandachtsfunctionaris mensenhandel"
    officer_phone: str = ""
    officer_email: str = ""
    letterhead_address: str = "Postbus 1\n1000 AA Voorbeeld"
    letterhead_logo: str = ""  # path to an image file chosen by the officer
    return_address: str = "Retouradres: Postbus 1, 1000 AA Voorbeeld"
    address_block_left_mm: float = 20.0
    address_block_top_mm: float = 50.0
    auto_lock_minutes: int = 5
    backups_to_keep: int = 10
    backup_on_close: bool = True
    feedback_days: int = 28
    small_number_threshold: int = 5  # monitoring: counts below it leave the vault as "<5"


_NUMERIC = {"address_block_left_mm": float, "address_block_top_mm": float,
            "auto_lock_minutes": int, "backups_to_keep": int, "feedback_days": int,
            "small_number_threshold": int}


def _decode(name: str, raw: str):
    if name in _NUMERIC:
        return _NUMERIC[name](raw)
    if name == "backup_on_close":
        return raw == "1"
    return raw


def _encode(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def read_logo(path: str) -> bytes | None:
    """The letterhead logo's bytes, or None when no logo is set. The settings screen
    checks it before saving; the feedback letter reads it again when it is printed."""
    if not path:
        return None
    try:
        return Path(path).read_bytes()
    except OSError:
        raise ValidationError("The logo file in the settings cannot be read. Choose the logo "
                              "again in the settings, or clear it.", code="logo_unreadable",
                              field="letterhead_logo") from None


def check_address_position(settings: Settings, has_logo: bool) -> None:
    """The feedback letter's address block must sit in a window envelope's window beside
    the letterhead (and below a logo); raises ``ValidationError`` naming the field."""
    # the letter's geometry lives with its layout (reportlab loads on first use, not here)
    from mensenhandel_desk.documents import feedback_letter as fl

    left, top = settings.address_block_left_mm, settings.address_block_top_mm
    if not fl.position_fits(left, top, has_logo):
        raise ValidationError(
            "The address block position in the settings does not fit a window envelope "
            "beside the letterhead: left {left_min}-{left_mid} mm (window on the left) or "
            "{right_min}-{left_max} mm (window on the right), top {top_min}-{top_max} mm "
            "(below a logo: from {logo_top} mm).", code="address_block_position",
            field="address_block_left_mm", left_min=int(fl.LEFT_RANGE_MM[0]),
            left_mid=int(fl.LEFT_WINDOW_MAX_MM), right_min=int(fl.RIGHT_WINDOW_MIN_MM),
            left_max=int(fl.LEFT_RANGE_MM[1]), top_min=int(fl.TOP_RANGE_MM[0]),
            top_max=int(fl.TOP_RANGE_MM[1]), logo_top=int(fl.LOGO_CLEAR_TOP_MM))


class SettingsService(VaultUser):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def get(self) -> Settings:
        """The settings; a stored value that cannot be read (damaged) falls back to its
        default, but not silently: it is logged by name and listed by ``damaged()``,
        which ``check`` reports (save the settings again to repair it)."""
        settings, _damaged = self._read()
        return settings

    def damaged(self) -> list[str]:
        """Names of the settings whose stored value cannot be read."""
        return self._read()[1]

    def _read(self) -> tuple[Settings, list[str]]:
        with self.vault.unit_of_work() as uow:
            stored = uow.settings.get_all()
        settings, damaged = Settings(), []
        for f in fields(Settings):
            if f.name in stored:
                try:
                    setattr(settings, f.name, _decode(f.name, stored[f.name]))
                except ValueError:
                    damaged.append(f.name)  # the default stays for this one
        if damaged:
            log.warning("settings damaged: %s", ",".join(damaged))  # names, no values
        return load_policy().apply(settings), damaged  # the machine-wide policy wins

    def check(self, settings: Settings) -> None:
        """What documents will need, checked before saving (the settings screen calls
        this, then ``save``; ``save`` alone stays lenient for older callers): feedback
        days and backups to keep within range, a readable logo, and an envelope window
        position that fits the letterhead. Raises ``ValidationError`` naming the field."""
        if not 1 <= settings.feedback_days <= 365:
            raise ValidationError("Feedback is due between 1 and 365 days after a handover.",
                                  code="feedback_days_range", field="feedback_days")
        if not 1 <= settings.backups_to_keep <= 100:
            raise ValidationError("Keep between 1 and 100 automatic backups.",
                                  code="backups_to_keep_range", field="backups_to_keep")
        logo = read_logo(settings.letterhead_logo.strip())
        check_address_position(settings, has_logo=logo is not None)

    def save(self, settings: Settings) -> Settings:
        for f in fields(Settings):
            value = getattr(settings, f.name)
            if isinstance(value, str):
                setattr(settings, f.name, v.clean_text(value, f.name, long=True))
        if settings.auto_lock_minutes < 1 or settings.auto_lock_minutes > 240:
            raise ValidationError("Auto-lock must be between 1 and 240 minutes.",
                                  code="auto_lock_range", field="auto_lock_minutes")
        if not 2 <= settings.small_number_threshold <= 100:
            raise ValidationError("The small-number threshold must be between 2 and 100.",
                                  code="small_number_range", field="small_number_threshold")
        load_policy().check(settings)  # never store a value weaker than the policy
        with self.vault.unit_of_work() as uow:
            for name, value in asdict(settings).items():
                uow.settings.put(name, _encode(value))
            audit.record(uow, self.clock, Action.SETTINGS, "settings")
        return settings
