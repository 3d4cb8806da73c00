"""Machine-wide policy set by the municipality's IT: settings the officer cannot weaken.

The file (``paths.policy_file()``; per OS in docs/SECURITY.md) is optional JSON::

    {
      "max_auto_lock_minutes": 5,
      "min_passphrase_length": 16,
      "backup_on_close": true,
      "retention_floor_months": {"handed_to_police": 60},
      "min_small_number_threshold": 5
    }

Every key is optional; unknown keys are refused (a typo must not silently disable a
rule). A file that exists but cannot be read or parsed makes ``load_policy`` raise
``PolicyInvalid`` naming the file: the vault is then not unlocked (fail safe: the app
cannot know which rule IT meant, and guessing "strictest" could still be weaker than
intended for retention floors, where stricter means *longer*). The officer sees a Dutch
message telling them to contact the IT service desk.

Services ask ``locked_settings()`` so a settings screen can show enforced values as
locked, and ``check()``/``apply()`` so nothing weaker is stored or used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mensenhandel_desk import paths
from mensenhandel_desk.domain.enums import Outcome
from mensenhandel_desk.domain.errors import DomainError, ValidationError
from mensenhandel_desk.domain.validation import MAX_PASSPHRASE_LENGTH, MIN_PASSPHRASE_LENGTH
from mensenhandel_desk.i18n import _

KNOWN_KEYS = {"max_auto_lock_minutes", "min_passphrase_length", "backup_on_close",
              "retention_floor_months", "min_small_number_threshold"}
DEFAULT_SMALL_NUMBER_MINIMUM = 5  # monitoring: without a policy, never below "<5"


class PolicyInvalid(DomainError):
    code = "policy_invalid"

    def __init__(self, path: str, problem: str) -> None:
        super().__init__("The policy file {path} set by your IT department cannot be used "
                         "({problem}). For safety the vault is not opened. Contact the IT "
                         "service desk.", path=path, problem=problem)


class PolicyViolation(ValidationError):
    code = "policy_violation"


@dataclass(frozen=True)
class Policy:
    """What the policy file enforces; ``None`` means "not enforced"."""

    max_auto_lock_minutes: int | None = None
    min_passphrase_length: int | None = None
    backup_on_close: bool | None = None
    retention_floor_months: dict[str, int] = field(default_factory=dict)
    min_small_number_threshold: int | None = None
    source: Path | None = None

    def small_number_minimum(self) -> int:
        """The lowest small-number threshold allowed (the policy's, else 5)."""
        if self.min_small_number_threshold is None:
            return DEFAULT_SMALL_NUMBER_MINIMUM
        return self.min_small_number_threshold

    def passphrase_minimum(self) -> int:
        return max(MIN_PASSPHRASE_LENGTH, self.min_passphrase_length or 0)

    def locked_settings(self) -> dict[str, Any]:
        """Setting name -> enforced limit, for a settings screen to show as locked."""
        locked: dict[str, Any] = {}
        if self.max_auto_lock_minutes is not None:
            locked["auto_lock_minutes"] = self.max_auto_lock_minutes
        if self.min_passphrase_length is not None:
            locked["min_passphrase_length"] = self.passphrase_minimum()
        if self.backup_on_close:
            locked["backup_on_close"] = True
        for outcome, months in self.retention_floor_months.items():
            locked[f"retention:{outcome}"] = months
        if self.min_small_number_threshold is not None:
            locked["small_number_threshold"] = self.min_small_number_threshold
        return locked

    def apply(self, settings: Any) -> Any:
        """Bring loaded settings within the policy (an older stored value may be weaker)."""
        if (self.max_auto_lock_minutes is not None
                and settings.auto_lock_minutes > self.max_auto_lock_minutes):
            settings.auto_lock_minutes = self.max_auto_lock_minutes
        if self.backup_on_close:
            settings.backup_on_close = True
        threshold = getattr(settings, "small_number_threshold", None)
        if threshold is not None and threshold < self.small_number_minimum():
            settings.small_number_threshold = self.small_number_minimum()
        return settings

    def check(self, settings: Any) -> None:
        """Refuse settings weaker than the policy, with a message the officer understands."""
        if (self.max_auto_lock_minutes is not None
                and settings.auto_lock_minutes > self.max_auto_lock_minutes):
            raise PolicyViolation("Your organisation's policy sets auto-lock to at most "
                                  "{minutes} minutes.", field="auto_lock_minutes",
                                  minutes=self.max_auto_lock_minutes)
        if self.backup_on_close and not settings.backup_on_close:
            raise PolicyViolation("Your organisation's policy requires a backup on close.",
                                  field="backup_on_close")
        threshold = getattr(settings, "small_number_threshold", None)
        if threshold is not None and threshold < self.small_number_minimum():
            raise PolicyViolation("Your organisation's policy sets the small-number threshold "
                                  "to at least {minimum}.", field="small_number_threshold",
                                  minimum=self.small_number_minimum())

    def retention_floor(self, outcome: Outcome) -> int:
        return self.retention_floor_months.get(str(outcome), 0)


def _int(data: dict, key: str, low: int, high: int, problems: list[str]) -> int | None:
    if key not in data:
        return None
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.append(_("{key} must be between {low} and {high}").format(
            key=key, low=low, high=high))
        return None
    return value


def parse_policy(text: str, source: Path | None = None) -> Policy:
    name = str(source) if source else "policy.json"
    try:
        data = json.loads(text)
    except ValueError:
        raise PolicyInvalid(name, _("not valid JSON")) from None
    if not isinstance(data, dict):
        raise PolicyInvalid(name, _("not a JSON object"))
    problems: list[str] = [_("unknown setting {key}").format(key=key)
                           for key in sorted(set(data) - KNOWN_KEYS)]
    max_lock = _int(data, "max_auto_lock_minutes", 1, 240, problems)
    min_len = _int(data, "min_passphrase_length", 1, MAX_PASSPHRASE_LENGTH, problems)
    min_small = _int(data, "min_small_number_threshold", 2, 100, problems)
    backup = data.get("backup_on_close")
    if backup is not None and not isinstance(backup, bool):
        problems.append(_("{key} must be true or false").format(key="backup_on_close"))
        backup = None
    floors_raw = data.get("retention_floor_months", {})
    floors: dict[str, int] = {}
    if not isinstance(floors_raw, dict):
        problems.append(_("{key} must be an object").format(key="retention_floor_months"))
    else:
        valid = {str(o) for o in Outcome}
        for key, months in floors_raw.items():
            if key not in valid:
                problems.append(_("unknown setting {key}").format(
                    key=f"retention_floor_months.{key}"))
            elif isinstance(months, bool) or not isinstance(months, int) or not (
                    0 <= months <= 1200):
                problems.append(_("{key} must be between {low} and {high}").format(
                    key=f"retention_floor_months.{key}", low=0, high=1200))
            else:
                floors[key] = months
    if problems:
        raise PolicyInvalid(name, ", ".join(problems))
    return Policy(max_auto_lock_minutes=max_lock, min_passphrase_length=min_len,
                  backup_on_close=backup, retention_floor_months=floors,
                  min_small_number_threshold=min_small, source=source)


def load_policy(path: Path | None = None) -> Policy:
    """The policy in force. No file: nothing enforced. Unreadable file: ``PolicyInvalid``.

    Read on every call (a few hundred bytes): IT may roll out a new policy while the app
    runs, and the settings screen must show what is in force now.
    """
    path = Path(path) if path else paths.policy_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Policy()
    except OSError:
        raise PolicyInvalid(str(path), _("cannot be read")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PolicyInvalid(str(path), _("not UTF-8 text")) from None
    return parse_policy(text, path)
