"""Whose a value is: each subject resolver on sentences of our own."""

from __future__ import annotations

import pytest

from pipeline.nlp.frames.parse import Sentences
from pipeline.nlp.frames.subjects import SubjectResolver, most_named

from .conftest import token_of


@pytest.mark.parametrize(
    ("text", "value", "subject", "measure"),
    [
        # the clause's nominal subject, a name
        ("Siemens shipped 4,200 turbines last year.", "4,200", "Siemens", None),
        # a common-noun subject is the measure; an "of" complement names the owner
        (
            "The revenue of Nestle reached $310 million in March.",
            "$310 million",
            "Nestle",
            "revenue",
        ),
        # a possessor owns the measure
        (
            "Portugal's inflation rate fell to 3.1 percent in April.",
            "3.1 percent",
            "Portugal",
            "inflation rate",
        ),
        # through a relative clause to the noun it describes
        ("Arsenal, who finished ninth, sold two players.", "ninth", "Arsenal", None),
    ],
)
def test_clause_subject_gives_owner_and_measure(parse, text, value, subject, measure):
    doc = parse(text)
    resolver = SubjectResolver(doc)
    assert resolver.subject_of(token_of(doc, value)) == (subject, measure)


def test_without_a_named_owner_the_sentence_entity_before_the_value_owns_it(parse):
    doc = parse("In Chile, inflation of 4.5 percent was recorded in May.")
    resolver = SubjectResolver(doc)
    subject, measure = resolver.subject_of(token_of(doc, "4.5 percent"))
    assert subject == "Chile"
    assert resolver.clause_subject(token_of(doc, "4.5 percent")) == (None, "inflation")


def test_sentence_owner_ignores_entities_after_the_value(parse):
    doc = parse("Only 12 percent was paid, the ministry of Peru said.")
    resolver = SubjectResolver(doc)
    assert resolver.sentence_owner(token_of(doc, "12 percent")) is None


def test_pronoun_continues_the_previous_sentences_subject_not_the_nearest_place(parse):
    doc = parse(
        "Toyota published its results on Monday in Tokyo and Nagoya. "
        "It sold 2.4 million cars in the quarter."
    )
    resolver = SubjectResolver(doc)
    subject, _ = resolver.subject_of(token_of(doc, "2.4 million"))
    assert subject == "Toyota"


def test_generic_head_resolves_to_the_lead_subject_of_its_kind(parse):
    doc = parse(
        "Kenya reported its annual tourism figures on Tuesday in Nairobi.\n\n"
        "The country recorded 1.9 million arrivals, officials said."
    )
    resolver = SubjectResolver(doc)
    subject, _ = resolver.subject_of(token_of(doc, "1.9 million"))
    assert subject == "Kenya"


def test_generic_head_with_a_name_inside_is_that_name(parse):
    doc = parse("The Heathrow airport handled 14 million passengers.")
    resolver = SubjectResolver(doc)
    subject, _ = resolver.subject_of(token_of(doc, "14 million"))
    assert subject == "Heathrow"


def test_most_named_prefers_the_most_frequent_then_the_latest():
    before = [
        (0, "Chile", "GPE", "chile"),
        (10, "Peru", "GPE", "peru"),
        (20, "Chile", "GPE", "chile"),
        (30, "Acme", "ORG", "acme"),
    ]
    assert most_named(before, frozenset({"GPE"})) == "Chile"
    assert most_named(before[:2], frozenset({"GPE"})) == "Peru"
    assert most_named(before, frozenset({"PERSON"})) is None


def test_sentences_find_the_sentence_of_a_character(parse):
    doc = parse("Sales rose. Profit fell sharply.")
    sentences = Sentences(doc)
    assert sentences.bounds_at(doc.text.index("Profit")) == (12, len(doc.text))
