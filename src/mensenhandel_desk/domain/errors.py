"""Known errors, apart from bugs.

Every error the officer can cause or meet (a wrong passphrase, a malformed import, a
rule of the report route) is a ``DomainError`` with a stable ``code`` and a Dutch
message built through the one translation path. Messages never contain a passphrase
and avoid personal data: they name fields and references, not people.
Anything else is a bug and gets an error id instead of a traceback (see app.py).
"""

from __future__ import annotations

from typing import Any

from mensenhandel_desk.i18n import _


class DomainError(Exception):
    """A known, user-facing error. ``template`` is an English source string for ``_()``."""

    code: str = "error"
    exit_code: int = 1

    def __init__(self, template: str, /, *, code: str | None = None, field: str | None = None,
                 **params: Any) -> None:
        self.template = template
        self.params = params
        self.field = field
        if code:
            self.code = code
        super().__init__(self.code)

    @property
    def message(self) -> str:
        """The message in the current language, placeholders filled."""
        # ``field`` is a keyword of __init__, yet many templates name it: offer it too.
        return _(self.template).format(**{"field": self.field, **self.params})

    def __str__(self) -> str:
        return self.message


class ValidationError(DomainError):
    code = "validation"


class NotFound(DomainError):
    code = "not_found"


class RouteError(DomainError):
    """An action that makes no sense at this point of the report route."""

    code = "route"


class VaultError(DomainError):
    code = "vault"


class WrongPassphrase(VaultError):
    """Wrong passphrase, or the file is not a vault at all: SQLCipher cannot tell them apart."""

    code = "wrong_passphrase"
    exit_code = 2

    def __init__(self) -> None:
        super().__init__("Wrong passphrase or not a vault file. Check the passphrase and the "
                         "file you chose; nothing has been changed.")


class VaultInUse(VaultError):
    """Another process has the vault open."""

    code = "vault_in_use"

    def __init__(self) -> None:
        super().__init__("The vault is already open in another window or program. Close it "
                         "there first; nothing has been changed.")


class VaultLocked(VaultError):
    """The session was locked (idle, screen lock, Ctrl+L): the decrypted connection is gone
    and every call needs a new unlock first."""

    code = "vault_locked"

    def __init__(self) -> None:
        super().__init__("The vault is locked. Unlock it with your passphrase to go on; "
                         "nothing has been changed.")


class VaultTooNew(VaultError):
    code = "vault_too_new"

    def __init__(self) -> None:
        super().__init__("This vault was made by a newer version of Mensenhandel Desk. Install "
                         "the newer version; the vault has not been changed.")


class VaultMissing(VaultError):
    code = "vault_missing"

    def __init__(self, path: str) -> None:
        super().__init__("No vault found at {path}. Create one with 'init' or choose another "
                         "file.", path=path)


class VaultCorrupt(VaultError):
    code = "vault_corrupt"

    def __init__(self) -> None:
        super().__init__("The vault file is damaged or incomplete. Nothing has been changed. "
                         "Restore the most recent backup (see 'restore').")


class DiskFull(VaultError):
    code = "disk_full"

    def __init__(self) -> None:
        super().__init__("The disk is full. The last change was not saved; the vault is intact. "
                         "Free up space and try again.")


class ImportFormatError(ValidationError):
    code = "import_format"


class Interrupted(DomainError):
    """A query stopped by ``Services.interrupt()`` (sqlite3_interrupt), typically a search
    the officer replaced by typing on. Nothing was changed: an interrupted write rolls back."""

    code = "interrupted"

    def __init__(self) -> None:
        super().__init__("The search was stopped because a newer one replaced it.")


class Cancelled(DomainError):
    """A long operation stopped on the officer's request (``CancelToken.cancel()``). Raised
    only at points where stopping leaves the vault and the disk as they were."""

    code = "cancelled"

    def __init__(self) -> None:
        super().__init__("Stopped on request; nothing was changed.")


# --- programming errors (bugs): English, never shown as a known error -----------------
class WrongThread(RuntimeError):
    """A vault was used from a thread other than the one that owns it (see store/vault.py:
    all vault work runs on one thread, the app's database worker)."""

    def __init__(self, owner: str, caller: str) -> None:
        super().__init__(
            f"Vault used from thread {caller!r}, but it belongs to thread {owner!r}. Rule: "
            "every vault call runs on the thread that opened it (the database worker); only "
            "interrupt() may be called from another thread. Hand a vault over with "
            "Vault.adopt_thread() on the new thread.")


class NestedUnitOfWork(RuntimeError):
    """A unit of work (or raw vault call) was started while another one is open on the
    same vault and thread."""

    def __init__(self) -> None:
        super().__init__(
            "A unit of work is already open on this vault: nested units of work are not "
            "supported. Pass the outer `uow` down to the code that needs it (or finish the "
            "outer unit of work first).")
