"""The one translation path for every layer (domain errors, services, CLI, documents, UI).

Source strings are English; Dutch is shipped in ``resources/i18n/nl/*.po`` (one file per
area of the app, merged at load into one catalogue) and is the default language. Strings
are looked up at call time, so a language switch takes effect for every message created
afterwards.

Rules (checked by ``tests/test_i18n.py``): call ``_()`` with a literal only, never an
f-string; put values in ``{name}`` placeholders and ``.format()`` the result, so the
translator sees the whole sentence and placeholders stay intact. Where one English word
means different things, give it a context: ``pgettext("PartyRole", "Other")`` reads
``msgctxt "PartyRole"`` in the PO file (enum labels use their enum type as context, see
``domain/labels.py``). Counts: ``ngettext("{n} signal", "{n} signals", n)``.

The PO files are read with Babel (``babel.messages.pofile.read_po``): ``#, fuzzy``
entries are not used, contexts and plural forms are kept. Reading them costs a few
hundred milliseconds, too slow for the unlock screen, which loads the catalogue before it
paints; so the parsed catalogue is cached (like Python's bytecode) in
``resources/i18n/__pycache__/<language>.json``, valid for exactly the PO files it was
made from (their SHA-256), and read in a few milliseconds. The packaged app ships the
cache built at build time (``compile_catalogue``); a stale or missing cache is rebuilt
from the PO files, and written back where the folder is writable.
"""

from __future__ import annotations

import gettext as _stdlib_gettext
import hashlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mensenhandel_desk import paths

DEFAULT_LANGUAGE = "nl"
CONTEXT_SEPARATOR = "\x04"  # GNU gettext's msgctxt separator in compiled keys
CACHE_FORMAT = 1

_lock = threading.Lock()
_catalogues: dict[str, Catalogue] = {}
_catalogs = _catalogues  # the name older tests and scripts clear
_language = DEFAULT_LANGUAGE


def _key(context: str | None, msgid: str) -> str:
    return msgid if context is None else context + CONTEXT_SEPARATOR + msgid


@dataclass
class Catalogue:
    """One language's translations, from every PO file of that language.

    ``messages``: key -> translation; the key is the msgid, or ``context + "\\x04" +
    msgid`` for an entry with a msgctxt. ``plurals``: key of the singular -> the plural
    forms, chosen by ``plural_forms`` (the PO header's C expression of ``n``).
    """

    messages: dict[str, str] = field(default_factory=dict)
    plurals: dict[str, list[str]] = field(default_factory=dict)
    plural_forms: str = "(n != 1)"
    _plural: Callable[[int], int] | None = field(default=None, repr=False)

    def plural_index(self, n: int) -> int:
        if self._plural is None:
            self._plural = _stdlib_gettext.c2py(self.plural_forms)
        return self._plural(n)

    def to_json(self, signature: str) -> str:
        return json.dumps({"format": CACHE_FORMAT, "signature": signature,
                           "plural_forms": self.plural_forms, "messages": self.messages,
                           "plurals": self.plurals}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str, signature: str) -> Catalogue | None:
        data = json.loads(text)
        if data.get("format") != CACHE_FORMAT or data.get("signature") != signature:
            return None
        return cls(messages=data["messages"], plurals=data["plurals"],
                   plural_forms=data["plural_forms"])


def read_po_files(files: list[Path]) -> Catalogue:
    """Parse PO files with Babel and merge them (a later file wins for the same key).

    Fuzzy entries and untranslated ones are left out (the English source shows), plural
    entries keep every form, the first file's Plural-Forms header is used."""
    from babel.messages.pofile import read_po

    catalogue = Catalogue()
    plural_forms = ""
    for path in files:
        with path.open("rb") as handle:
            po = read_po(handle, abort_invalid=True)
        if not plural_forms and "plural=" in (po.plural_forms or ""):
            plural_forms = po.plural_forms.split("plural=", 1)[1].strip().rstrip(";")
        for message in po:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple):
                forms = list(message.string) if isinstance(message.string, tuple) else []
                if forms and all(forms):
                    key = _key(message.context, message.id[0])
                    catalogue.plurals[key] = forms
                    catalogue.messages.setdefault(key, forms[0])
            elif message.string:
                catalogue.messages[_key(message.context, message.id)] = message.string
    if plural_forms:
        catalogue.plural_forms = plural_forms
    return catalogue


def _signature(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_path(language: str) -> Path:
    return paths.resources_dir() / "i18n" / "__pycache__" / f"{language}.json"


def compile_catalogue(language: str = DEFAULT_LANGUAGE, target: Path | None = None) -> Path:
    """Write the cached catalogue for ``language`` (the build does this for the bundle)."""
    files = po_files(language)
    target = target or cache_path(language)
    _write_atomically(target, read_po_files(files).to_json(_signature(files)))
    return target


def _write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def load_catalogue(language: str) -> Catalogue:
    """The catalogue from the cache when it matches the PO files, else from the PO files
    (and the cache is refreshed where it can be written)."""
    files = po_files(language)
    if not files:
        return Catalogue()
    signature = _signature(files)
    cached = cache_path(language)
    try:
        catalogue = Catalogue.from_json(cached.read_text(encoding="utf-8"), signature)
    except (OSError, ValueError, KeyError, TypeError):
        catalogue = None
    if catalogue is not None:
        return catalogue
    catalogue = read_po_files(files)
    try:
        _write_atomically(cached, catalogue.to_json(signature))
    except OSError:
        pass  # a read-only installation: the catalogue is still complete, only not cached
    return catalogue


def catalogue(language: str = DEFAULT_LANGUAGE) -> Catalogue:
    """The (cached in memory) catalogue of ``language``."""
    with _lock:
        if language not in _catalogues:
            _catalogues[language] = load_catalogue(language)
        return _catalogues[language]


def _catalog(language: str) -> dict[str, str]:
    """Every key -> translation of ``language``, and each msgid of an entry with a context
    on its own as well: tests look for English source strings left on screen."""
    messages = catalogue(language).messages
    view = {key.split(CONTEXT_SEPARATOR, 1)[1]: text for key, text in messages.items()
            if CONTEXT_SEPARATOR in key}
    view.update(messages)
    return view


def set_language(language: str) -> None:
    """Switch language for messages created from now on ("en" shows the source strings)."""
    global _language
    _language = language


def language() -> str:
    return _language


PSEUDO_LANGUAGE = "pseudo"
_PSEUDO_MAP = str.maketrans("aeiouAEIOUcnsyCNSY", "àéîöûÀÉÎÖÛçñšýÇÑŠÝ")


def pseudo(message: str) -> str:
    """A pseudo-translation: accented and about 40% longer, placeholders kept intact, so
    layouts can be checked for longer (German-length) strings and any text that does not
    come through ``_()`` stands out on screen (Vorta's TRANS_SCALE idea)."""
    out: list[str] = []
    depth = 0
    for char in message:
        if char == "{":
            depth += 1
        if depth:
            out.append(char)
        else:
            out.append(char.translate(_PSEUDO_MAP))
        if char == "}" and depth:
            depth -= 1
    body = "".join(out)
    padding = "~" * max(2, len(message) * 2 // 5)
    return f"[{body}{padding}]"


def translate(message: str, *, context: str | None = None, plural: str | None = None,
              n: int = 1, language: str | None = None) -> str:
    """The one lookup behind ``gettext``/``pgettext``/``ngettext``; ``language`` defaults
    to the current one (documents ask for Dutch whatever the interface language)."""
    language = language or _language
    fallback = plural if plural is not None and n != 1 else message
    if language == "en":
        return fallback
    target = DEFAULT_LANGUAGE if language == PSEUDO_LANGUAGE else language
    found = catalogue(target)
    key = _key(context, message)
    if plural is None:
        text = found.messages.get(key, message)
    else:
        forms = found.plurals.get(key)
        index = found.plural_index(n) if forms else 0
        text = forms[index] if forms and index < len(forms) else fallback
    return pseudo(text) if language == PSEUDO_LANGUAGE else text


def gettext(message: str) -> str:
    """Translate ``message`` into the current language; unknown strings pass through."""
    return translate(message)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` as meant in ``context`` (the PO entry's ``msgctxt``)."""
    return translate(message, context=context)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for count ``n`` (Dutch and English: one, other); format ``{n}`` after."""
    return translate(singular, plural=plural, n=n)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translate(singular, context=context, plural=plural, n=n)


def po_files(language: str = DEFAULT_LANGUAGE) -> list[Path]:
    folder = paths.resources_dir() / "i18n" / language
    return sorted(folder.glob("*.po")) if folder.is_dir() else []


def gettext_noop(message: str) -> str:
    """Mark a string for translation where it is defined; ``_()`` translates it later."""
    return message


def pgettext_noop(context: str, message: str) -> str:
    """Mark a string with its context where it is defined; ``pgettext`` translates it."""
    return message


_ = gettext
N_ = gettext_noop
NP_ = pgettext_noop
