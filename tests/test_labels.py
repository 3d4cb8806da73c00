"""Enum labels say what they mean: within one vocabulary every Dutch label is distinct, and
a word shared by several vocabularies ("other", "no trafficking") reads as the one it
belongs to, on screen and on paper."""

from __future__ import annotations

from enum import StrEnum

import pytest

from mensenhandel_desk import i18n
from mensenhandel_desk.documents.phrases import nl_label
from mensenhandel_desk.domain import enums as e
from mensenhandel_desk.domain.labels import _PAIRS, all_labels, label

ENUMS: list[type[StrEnum]] = sorted({kind for kind, _ in all_labels()},
                                    key=lambda kind: kind.__name__)

# The word that says which vocabulary an "other" value belongs to.
OTHER_SAYS = {
    e.ExploitationForm: "uitbuiting", e.SignalSource: "bron", e.Outcome: "uitkomst",
    e.PartyRole: "betrokkenheid", e.Gender: "geslacht", e.LocationKind: "locatie",
    e.EnrichmentSource: "informatiebron", e.ActivityKind: "activiteit",
}
# Words that belong to one vocabulary and would mislead in another: a party's role read
# as "andere bron" suggests an informant.
OWN_WORDS = {"bron": {e.SignalSource, e.EnrichmentSource},
             "afgesloten": {e.Outcome, e.SignalStatus}}


@pytest.fixture(autouse=True)
def _dutch():
    i18n.set_language("nl")
    yield
    i18n.set_language("nl")


def test_every_enum_value_has_a_label() -> None:
    for kind in [getattr(e, name) for name in dir(e)]:
        if isinstance(kind, type) and issubclass(kind, StrEnum) and kind is not StrEnum:
            assert all((kind, str(v)) in all_labels() for v in kind), kind.__name__


@pytest.mark.parametrize("kind", ENUMS, ids=lambda kind: kind.__name__)
def test_dutch_labels_of_one_vocabulary_are_distinct_and_translated(kind) -> None:
    labels = [label(value) for value in kind]
    english = [label(value, language="en") for value in kind]
    assert len(set(labels)) == len(labels), labels
    # Translated (not the English source) unless the word is the same in Dutch.
    same = {"Meld Misdaad Anoniem", "Hotel", "Facilitator", "Training", "E-learning", "Man"}
    assert [t for t, s in zip(labels, english, strict=True) if t == s and t not in same] == []
    assert [nl_label(value) for value in kind] == labels  # documents read the same


@pytest.mark.parametrize("kind", sorted(OTHER_SAYS, key=lambda kind: kind.__name__),
                         ids=lambda kind: kind.__name__)
def test_other_says_which_other_it_is(kind) -> None:
    text = label(kind("other")).lower()
    assert OTHER_SAYS[kind] in text, text
    for word, owners in OWN_WORDS.items():
        if kind not in owners:
            assert word not in text, (kind.__name__, text)


def test_a_word_of_one_vocabulary_does_not_appear_in_another() -> None:
    wrong = [f"{kind.__name__}.{value}: {label(value)}"
             for kind in ENUMS for value in kind for word, owners in OWN_WORDS.items()
             if kind not in owners and word in label(value).lower()]
    assert not wrong


def test_a_party_with_role_other_is_not_printed_as_an_informant() -> None:
    line = f"{nl_label(e.PartyKind.PERSON)}, {nl_label(e.PartyRole.OTHER).lower()}"
    assert line == "Persoon, andere betrokkenheid"


def test_an_assessment_never_reads_as_an_outcome() -> None:
    assessments = {label(value) for value in e.Assessment}
    outcomes = {label(value) for value in e.Outcome}
    assert not assessments & outcomes
    assert label(e.Assessment.NO_TRAFFICKING) == "Geen mensenhandel"
    assert label(e.Outcome.NO_TRAFFICKING) == "Afgesloten: geen mensenhandel"
    assert not any(text.lower().startswith("afgesloten") for text in assessments)


def test_each_label_is_marked_with_its_enum_type_as_context() -> None:
    """``NP_(context, ...)`` in labels.py is what the extractor and translators see; it
    must be the context ``label()`` looks up."""
    import ast
    import inspect

    from mensenhandel_desk.domain import labels as module

    tree = ast.parse(inspect.getsource(module))
    marked = [(node.args[0].value, node.args[1].value) for node in ast.walk(tree)
              if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "NP_"]
    short = [pair for pair in marked if pair[0] == "OutcomeShort"]  # outcome_short()
    assert [pair for pair in marked if pair not in short] == [
        (type(member).__name__, source) for member, source in _PAIRS]
    assert [source for _context, source in short] == [
        source.removeprefix("Closed: ") for member, source in _PAIRS
        if type(member).__name__ == "Outcome"]
