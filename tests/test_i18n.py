"""One translation path, Dutch by default, every source string translated."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from mensenhandel_desk import i18n
from mensenhandel_desk.domain.enums import SignalStatus
from mensenhandel_desk.domain.errors import WrongPassphrase
from mensenhandel_desk.domain.labels import all_labels, label

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from i18n_extract import extract_entries, missing_entries

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _fresh_catalog() -> dict[str, str]:
    i18n._catalogues.clear()
    return i18n._catalog("nl")


def test_every_source_string_has_a_dutch_translation() -> None:
    strings = extract_entries()
    assert len(strings) > 100  # the extractor really finds the app's strings
    missing = sorted(f"{places[0]}: {(context + ' | ') if context else ''}{msgid!r}"
                     for (context, msgid, _plural), places in missing_entries().items())
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_labels_are_all_translated_in_their_context() -> None:
    catalog = _fresh_catalog()
    missing = [f"{kind.__name__} | {source}" for (kind, _value), source in all_labels().items()
               if f"{kind.__name__}\x04{source}" not in catalog]
    assert not missing


def test_placeholders_survive_translation() -> None:
    catalog = _fresh_catalog()
    bad = [msgid for msgid, msgstr in catalog.items()
           if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr))]
    assert not bad


def test_no_fstrings_or_formatting_inside_translation_calls() -> None:
    src = Path(__file__).resolve().parents[1] / "src"
    offenders = []
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        # an f-string inside _(), or a literal formatted before it is translated:
        # _("..." % x) / _("...".format(x))
        pattern = (r"\bN?_\(\s*f[\"']"
                   r"|\bN?_\(\s*\"[^\"]*\"\s*(%|\.format)"
                   r"|\bN?_\(\s*'[^']*'\s*(%|\.format)")
        for match in re.finditer(pattern, text):
            offenders.append(f"{path.name}:{text[:match.start()].count(chr(10)) + 1}")
    assert not offenders


def test_dutch_is_default_and_english_is_the_source() -> None:
    assert i18n.DEFAULT_LANGUAGE == "nl"
    i18n.set_language("nl")
    assert WrongPassphrase().message.startswith("Onjuiste wachtwoordzin")
    assert label(SignalStatus.HANDED_OVER) == "Overgedragen"
    i18n.set_language("en")
    try:
        assert WrongPassphrase().message.startswith("Wrong passphrase")
    finally:
        i18n.set_language("nl")


PO_SAMPLE = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: nl\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Line one "
"continues {x}"
msgstr "Regel een "
"gaat door {x}"

msgid "Say \"hi\""
msgstr "Zeg \"hoi\""

#, fuzzy
msgid "Half done"
msgstr "Half af (gok)"

msgid "Not yet"
msgstr ""

msgctxt "PartyRole"
msgid "Other"
msgstr "Andere betrokkenheid"

msgctxt "Gender"
msgid "Other"
msgstr "Ander geslacht"

msgid "{n} signal"
msgid_plural "{n} signals"
msgstr[0] "{n} signaal"
msgstr[1] "{n} signalen"

#, fuzzy
msgid "{n} file"
msgid_plural "{n} files"
msgstr[0] "{n} bestand"
msgstr[1] "{n} bestanden"
"""


@pytest.fixture
def sample_language(tmp_path, monkeypatch):
    """A language "xx" whose only catalogue is ``PO_SAMPLE``, in a resources folder of
    its own."""
    folder = tmp_path / "resources" / "i18n" / "xx"
    folder.mkdir(parents=True)
    (folder / "sample.po").write_text(PO_SAMPLE, encoding="utf-8")
    monkeypatch.setattr(i18n.paths, "resources_dir", lambda: tmp_path / "resources")
    i18n._catalogues.pop("xx", None)
    i18n.set_language("xx")
    yield folder
    i18n.set_language("nl")
    i18n._catalogues.pop("xx", None)


def test_po_files_are_read_with_contexts_plurals_escapes_and_no_fuzzy(sample_language) -> None:
    assert i18n._("Line one continues {x}") == "Regel een gaat door {x}"
    assert i18n._('Say "hi"') == 'Zeg "hoi"'
    assert i18n._("Half done") == "Half done"  # fuzzy: a guess, never shown
    assert i18n._("Not yet") == "Not yet"  # untranslated: the source shows
    assert i18n.pgettext("PartyRole", "Other") == "Andere betrokkenheid"
    assert i18n.pgettext("Gender", "Other") == "Ander geslacht"
    assert i18n._("Other") == "Other"  # no entry without a context
    assert [i18n.ngettext("{n} signal", "{n} signals", n).format(n=n) for n in (0, 1, 2)] == [
        "0 signalen", "1 signaal", "2 signalen"]
    assert i18n.ngettext("{n} file", "{n} files", 2) == "{n} files"  # fuzzy plural
    i18n.set_language("en")
    assert i18n.ngettext("{n} signal", "{n} signals", 1) == "{n} signal"
    assert i18n.pgettext("Gender", "Other") == "Other"
    i18n.set_language(i18n.PSEUDO_LANGUAGE)
    assert "{n}" in i18n.ngettext("{n} signal", "{n} signals", 3)


def test_the_cache_follows_the_po_files(sample_language) -> None:
    assert i18n._("Say \"hi\"") == 'Zeg "hoi"'
    cache = i18n.cache_path("xx")
    assert cache.is_file()  # written on the first load
    po = sample_language / "sample.po"
    po.write_text(PO_SAMPLE.replace("Zeg", "Zeg maar"), encoding="utf-8")
    i18n._catalogues.pop("xx")
    assert i18n._('Say "hi"') == 'Zeg maar "hoi"'  # a changed PO file is read again
    # A damaged cache is no reason to fail: the PO files are the source.
    cache.write_text("{not json", encoding="utf-8")
    i18n._catalogues.pop("xx")
    assert i18n._('Say "hi"') == 'Zeg maar "hoi"'
    # A catalogue in a read-only installation is read but not cached.
    cache.unlink()
    cache.parent.chmod(0o500)
    try:
        i18n._catalogues.pop("xx")
        assert i18n.pgettext("PartyRole", "Other") == "Andere betrokkenheid"
    finally:
        cache.parent.chmod(0o700)


def test_the_shipped_catalogue_has_no_fuzzy_or_duplicate_entries() -> None:
    """A fuzzy entry is not used (its source shows): translate it and drop the flag. One
    key translated differently in two files depends on file order: keep one."""
    from babel.messages.pofile import read_po

    seen: dict[str, tuple[str, str]] = {}
    problems = []
    for path in i18n.po_files("nl"):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if not message.id:
                    continue
                if message.fuzzy:
                    problems.append(f"{path.name}: fuzzy {message.id!r}")
                key = (message.context or "") + "|" + str(message.id)
                if key in seen and seen[key][1] != message.string:
                    problems.append(f"{path.name} and {seen[key][0]}: {key!r} differ")
                seen[key] = (path.name, message.string)
    assert not problems


def test_documents_read_dutch_labels_whatever_the_interface_language() -> None:
    from mensenhandel_desk.documents.phrases import nl_label
    from mensenhandel_desk.domain.enums import PartyRole

    i18n.set_language("en")
    try:
        assert label(PartyRole.OTHER) == "Other involvement"
        assert nl_label(PartyRole.OTHER) == "Andere betrokkenheid"
    finally:
        i18n.set_language("nl")


def test_enum_values_sharing_a_key_keep_their_own_label() -> None:
    """Assessment and Outcome both have "no_trafficking": the register's assessment column
    must not read as a closing outcome."""
    from mensenhandel_desk.domain.enums import Assessment, Outcome

    assert label(Assessment.NO_TRAFFICKING) == "Geen mensenhandel"
    assert label(Outcome.NO_TRAFFICKING).startswith("Afgesloten")
