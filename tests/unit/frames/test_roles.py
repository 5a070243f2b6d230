"""Where a value stands, its tense and its qualifiers."""

from __future__ import annotations

import pytest

from pipeline.nlp.frames.roles import (
    event_verb,
    in_apposition,
    is_meta_line,
    qualifiers,
    role_of,
    tense_of,
)

from .conftest import token_of

ARTICLE = (
    "Harbour traffic hits a record\n"
    "12 March 2024 09:30\n"
    "OSLO, March 12 - The port handled 9 million tonnes.\n"
    "Cranes at the quay, March 2024. (Photo by Ola Nord)\n"
)


@pytest.mark.parametrize(
    ("words", "role"),
    [
        ("a record", "title"),
        ("12 March 2024", "meta"),
        ("9 million", "body"),
        ("March 2024.", "caption"),
    ],
)
def test_role_of(words, role):
    assert role_of(ARTICLE, ARTICLE.index(words), 0, None) == role


def test_the_datelines_date_has_the_dateline_role():
    start = ARTICLE.index("March 12")
    dateline = {"date_start": start, "date_end": start + 8}
    assert role_of(ARTICLE, start, 0, dateline) == "dateline"


def test_a_long_line_with_a_year_is_not_a_timestamp():
    assert is_meta_line("Updated 14:02, 3 May 2024")
    assert not is_meta_line("The council met in 2024 to discuss the new bridge plan")


def test_an_apposition_without_a_verb():
    text = "The airport, Japan's fourth-busiest, served 20 million."
    a = text.index("fourth")
    assert in_apposition(text, a, a + 6, (0, len(text)))
    text2 = "The airport, which ranked fourth, served 20 million."
    b = text2.index("fourth")
    assert not in_apposition(text2, b, b + 6, (0, len(text2)))


@pytest.mark.parametrize(
    ("sentence", "local", "expected"),
    [
        ("It plans 300 stores.", "It plans 300", ("plan",)),
        ("Prices rose to 40.", "Prices rose to 40", ("update",)),
        ("It had previously sold 9.", "It had previously sold 9", ("previous",)),
        ("Sales are now 12.", "Sales are", ("current",)),
        ("For the first time it won 3.", "it won 3", ("first_time",)),
        ("Sales of 40.", "Sales of 40", ()),
        ("The toll had been 12.", "The toll had been 12", ("previous",)),
        # a past progressive says what was under way, not a former value
        (
            "The council had been turning the school into 80 flats.",
            "had been turning the school into 80",
            (),
        ),
    ],
)
def test_qualifiers(sentence, local, expected):
    assert qualifiers(sentence, local) == expected


def test_may_as_a_month_is_not_a_modal():
    assert qualifiers("Sales in May were 4.", "Sales in May were 4") == ()


@pytest.mark.parametrize(
    ("text", "value", "tense"),
    [
        ("The firm will hire 300 staff.", "300", "future"),
        ("The firm hired 300 staff.", "300", "past"),
        ("The firm has hired 300 staff.", "300", "past"),
        ("The firm employs 300 staff.", "300", "present"),
    ],
)
def test_tense_of(parse, text, value, tense):
    doc = parse(text)
    assert tense_of(token_of(doc, value)) == tense


def test_event_verb_is_the_first_verb_with_a_subject(parse):
    doc = parse("United clinched the title with a win on Sunday.")
    verb = event_verb(token_of(doc, "Sunday"))
    assert verb is not None and verb.lemma_ == "clinch"
