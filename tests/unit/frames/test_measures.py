"""What a value measures: each measure resolver on sentences of our own."""

from __future__ import annotations

import pytest

from pipeline.nlp.frames.measures import (
    count_measure,
    counted_noun,
    list_noun,
    measure_on_path,
    modified_noun,
    plural_noun_after,
    rate_unit,
    reads_as_count,
)
from pipeline.nlp.frames.subjects import measure_text
from pipeline.nlp.mentions import QuantityMention

from .conftest import token_of


@pytest.mark.parametrize(
    ("text", "number", "noun"),
    [
        ("The chain opened 14 new stores in Spain.", "14", "stores"),
        # from the digits up to the scale word, then to the noun
        ("The terminal handled 3.5 million containers.", "3.5", "containers"),
        # "12 of the stations": the number heads an "of" phrase
        ("Norway owns 12 of the stations on the coast.", "12", "stations"),
    ],
)
def test_counted_noun(parse, text, number, noun):
    doc = parse(text)
    found = counted_noun(doc, token_of(doc, number))
    assert found is not None and found.text == noun


def test_count_measure_keeps_the_nouns_modifiers(parse):
    doc = parse("The chain opened 14 new stores in Spain.")
    assert count_measure(counted_noun(doc, token_of(doc, "14"))) == "new store"


def test_plural_noun_after_a_number_the_parse_left_alone(parse):
    doc = parse("Arrivals: 31.8 million international visitors, a record.")
    end = doc.text.index("31.8 million") + len("31.8 million")
    noun = plural_noun_after(doc, end)
    assert noun is not None and noun.text == "visitors"
    assert plural_noun_after(doc, doc.text.index(", a record")) is None


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        ("Acme reported a profit of $4 million for May.", "$4 million", "profit"),
        ("It posted sales of 9,000 units.", "9,000", "sale"),
    ],
)
def test_measure_on_path_is_the_noun_the_value_hangs_on(parse, text, value, measure):
    doc = parse(text)
    assert measure_on_path(token_of(doc, value)) == measure


@pytest.mark.parametrize(
    "text",
    [
        "The retailer said sales totaled a record $8 million.",
        "Exports reached a peak of 40,000 tonnes.",
    ],
)
def test_a_word_for_how_large_a_value_is_is_not_its_measure(parse, text):
    doc = parse(text)
    value = "$8 million" if "$8" in text else "40,000"
    assert measure_on_path(token_of(doc, value)) not in ("record", "peak")


def test_measure_on_path_stops_at_the_verb(parse):
    doc = parse("Acme earned $4 million.")
    assert measure_on_path(token_of(doc, "$4 million")) is None


def test_an_aggregate_head_measures_its_complement(parse):
    doc = parse("The number of visitors reached 52,000 in June.")
    assert measure_text(token_of(doc, "number")) == "visitor"


def test_modified_noun_after_a_measurement_phrase(parse):
    doc = parse("A magnitude-6.8 earthquake struck the coast.")
    end = doc.text.index("6.8") + 3
    assert modified_noun(doc, end) == "earthquake"


def test_list_noun_is_the_head_after_the_list(parse):
    doc = parse("It is among the top 100 research universities in Asia.")
    end = doc.text.index("top 100") + len("top 100")
    assert list_noun(doc, end) == "university"


@pytest.mark.parametrize(
    ("after", "unit"),
    [
        (" per 1 million inhabitants in 2023", "per million inhabitants"),
        (" doctors per capita", "per capita"),
        # a rate of any noun per a number of another: its own measure, never a
        # count of the first noun ("12 burglaries per 1,000 homes")
        (" burglaries per 1,000 homes", "per 1000 homes"),
        (" crashes per 100 flights", "per 100 flights"),
        (" people said so", None),
        (" per cent of voters", None),  # a percentage, not a rate of cents
        (" died, per a police statement", None),  # "according to"
    ],
)
def test_rate_unit(after, unit):
    text = "2,303" + after
    assert rate_unit(text, 5) == unit


def _q(value, scale_word=""):
    return QuantityMention(0, 1, "x", value=value, scale_word=scale_word)


@pytest.mark.parametrize(
    ("mention", "measure", "count"),
    [
        (_q(52.0), "death toll", True),  # a whole number with a measure
        (_q(52.0), None, False),  # nothing says what it counts
        (_q(31.8e6, "million"), None, True),  # a scaled number counts
        (_q(6.5), "reading", False),  # a decimal
        (_q(7.0), "index score", False),  # a score is not a count
    ],
)
def test_reads_as_count(mention, measure, count):
    assert reads_as_count(mention, measure) is count
