"""One translation path, Dutch by default, every source string translated."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mensenhandel_desk import i18n
from mensenhandel_desk.domain.enums import SignalStatus
from mensenhandel_desk.domain.errors import WrongPassphrase
from mensenhandel_desk.domain.labels import all_labels, label

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from i18n_extract import extract

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _fresh_catalog() -> dict[str, str]:
    i18n._catalogs.clear()
    return i18n._catalog("nl")


def test_every_source_string_has_a_dutch_translation() -> None:
    catalog = _fresh_catalog()
    strings = extract()
    assert len(strings) > 100  # the extractor really finds the app's strings
    missing = sorted(f"{places[0]}: {msgid!r}" for msgid, places in strings.items()
                     if msgid not in catalog)
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_labels_are_all_translated() -> None:
    catalog = _fresh_catalog()
    assert all(source in catalog for source in all_labels().values())


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
    assert WrongPassphrase().message.startswith("Onjuist wachtwoord")
    assert label(SignalStatus.HANDED_OVER) == "Overgedragen"
    i18n.set_language("en")
    try:
        assert WrongPassphrase().message.startswith("Wrong passphrase")
    finally:
        i18n.set_language("nl")


def test_po_parser_handles_multiline_and_escapes() -> None:
    text = ('msgid ""\nmsgstr "Header: x\\n"\n\n'
            'msgid "Line one "\n"continues {x}"\nmsgstr "Regel een "\n"gaat door {x}"\n\n'
            'msgid "Say \\"hi\\""\nmsgstr "Zeg \\"hoi\\""\n')
    parsed = i18n.parse_po(text)
    assert parsed == {"Line one continues {x}": "Regel een gaat door {x}",
                      'Say "hi"': 'Zeg "hoi"'}


def test_enum_values_sharing_a_key_keep_their_own_label() -> None:
    """Assessment and Outcome both have "no_trafficking": the register's assessment column
    must not read as a closing outcome."""
    from mensenhandel_desk.domain.enums import Assessment, Outcome

    assert label(Assessment.NO_TRAFFICKING) == "Geen mensenhandel"
    assert label(Outcome.NO_TRAFFICKING).startswith("Afgesloten")
