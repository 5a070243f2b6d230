"""What a number counts: the counted noun in the text's own words, a unit of measure
standing apart from its number, and a count's measure kept apart from the noun it
counts."""

from __future__ import annotations

import pytest

from pipeline.corpus import make_article
from pipeline.extract import extract_one


def claims_of(nlp, text: str):
    return extract_one(
        nlp, make_article("t", "t.txt", text, published="2024-05-02")
    ).claims


def claim_at(nlp, text: str, words: str):
    found = [c for c in claims_of(nlp, text) if c.text == words]
    assert found, (text, [c.text for c in claims_of(nlp, text)])
    return found[0]


@pytest.mark.parametrize(
    "text, words, counted",
    [
        ("The club sold 9 first-team players in May.", "9", "first-team player"),
        ("The airline ordered 12 long-haul jets.", "12", "long-haul jet"),
        ("Police found 40 stolen bicycles.", "40", "stolen bicycle"),
    ],
)
def test_a_counted_noun_keeps_its_hyphenated_modifier(nlp, text, words, counted):
    c = claim_at(nlp, text, words)
    assert (c.type, c.measure, c.get("counted")) == ("count", counted, counted)


@pytest.mark.parametrize(
    "text, words, unit",
    [
        ("The defence allowed 312 passing yards on Saturday.", "312", "yard"),
        ("The firm had 40 profitable years before the crash.", "40", "year"),
        ("They walked 6 extra miles to the camp.", "6", "mile"),
    ],
)
def test_a_unit_of_measure_after_modifiers_makes_a_quantity(nlp, text, words, unit):
    c = claim_at(nlp, text, words)
    assert (c.type, c.unit) == ("quantity", unit)


def test_a_time_noun_with_last_or_next_is_a_date_not_a_duration(nlp):
    text = "His average was 4.2 last year and 3.9 this season."
    assert all(c.unit != "year" for c in claims_of(nlp, text) if c.text == "4.2")


@pytest.mark.parametrize(
    "text, words",
    [
        ("The family has a fortune of 2.4 billion, the list says.", "2.4 billion"),
        ("Analysts had forecast sales of 71,200 for the quarter.", "71,200"),
    ],
)
def test_a_number_that_counts_no_noun_has_no_counted_noun(nlp, text, words):
    c = claim_at(nlp, text, words)
    assert c.get("counted") is None


def test_a_bare_number_in_a_parallel_clause_counts_the_same_noun(nlp):
    text = "Finland has 14 of the 40 stations, while Norway has 11."
    c = claim_at(nlp, text, "11")
    assert c.get("counted") == claim_at(nlp, text, "40").get("counted") == "station"
