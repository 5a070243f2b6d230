"""Every misreading quantulum3 makes on the seeds, and the claim we give instead.

quantulum3 is only asked for the physical unit of a bare number; these tests run the
whole claim builder so that the order of components (dates, then ranks, then
quantities) is tested too.
"""

from __future__ import annotations

import pytest

from pipeline.corpus import make_article
from pipeline.extract import extract_one


def claims_of(nlp, text: str, published: str = "2024-04-26"):
    return extract_one(
        nlp, make_article("t", "t.txt", text, published=published)
    ).claims


def only(claims, words: str):
    hits = [c for c in claims if c.text == words or words in c.text]
    assert hits, f"no claim for {words!r} in {[c.text for c in claims]}"
    return hits[0]


def test_years_are_dates_not_quantities(nlp):
    claims = claims_of(nlp, "Investment reached 3.3 trillion yuan in 2023.")
    assert only(claims, "2023").type == "date"
    assert not [
        c
        for c in claims
        if c.type in ("number", "count", "quantity") and c.value == 2023
    ]


def test_a_range_keeps_its_scale_instead_of_the_mean(nlp):
    # quantulum3: "between 5 and 6 million" -> about 3,000,002.5
    c = only(
        claims_of(nlp, "Between 5 and 6 million people were displaced."),
        "5 and 6 million",
    )
    assert (c.low, c.high) == (5e6, 6e6)


def test_third_as_an_ordinal_is_a_rank_not_a_fraction(nlp):
    c = only(claims_of(nlp, "The club finished third in the league in 2023."), "third")
    assert c.type == "rank" and c.value == 3


def test_extraction_works_when_the_classifier_cannot_load():
    # quantulum3's classifier fails to load with scikit-learn 1.9; make every
    # scikit-learn import fail and extract a physical quantity all the same
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['sklearn'] = None\n"
        "from pipeline.corpus import make_article\n"
        "from pipeline.extract import extract_one\n"
        "from pipeline.nlp.pipeline import build_nlp\n"
        "a = make_article('t', 't.txt', 'The reservoir rose by 40 metres in 2023.', published='2024-01-01')\n"
        "claims = extract_one(build_nlp(), a).claims\n"
        "print([(c.text, c.type, c.unit) for c in claims if c.type == 'quantity'])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "metre" in proc.stdout


def test_accounting_brackets_are_a_conversion_not_a_negative(nlp):
    c = only(
        claims_of(nlp, "exceeded 3.3 trillion yuan ($455.4 billion) in 2023"),
        "$455.4 billion",
    )
    assert c.value == pytest.approx(455.4e9) and c.unit == "USD"


def test_us_dollars_are_money_not_atomic_mass_units(nlp):
    c = only(
        claims_of(
            nlp, "rose to 3.6 trillion yuan (about 507 billion U.S. dollars) in 2024"
        ),
        "507 billion",
    )
    assert c.type == "money" and c.unit == "USD" and c.change == "~"


def test_percent_year_on_year_is_a_percent(nlp):
    c = only(claims_of(nlp, "up 8.1 percent year-on-year"), "8.1 percent")
    assert c.unit == "percent" and c.change == "up"


@pytest.mark.parametrize("words, value", [("12th", 12), ("fifth", 5)])
def test_ordinals_are_ranks_not_units_or_fractions(nlp, words, value):
    # quantulum3: "12th" -> 12 tonne hour; "fifth" -> 0.2
    text = f"The country ranks {words} in the Global Innovation Index 2023."
    c = only(claims_of(nlp, text), words)
    assert c.type == "rank" and c.value == value


def test_slash_dates_are_dates(nlp):
    # quantulum3: "2023/10/8" -> 202.3
    c = only(claims_of(nlp, "The forum opened on 2023/10/8 in Beijing."), "2023/10/8")
    assert c.type == "date" and c.value == "2023-10-08"


def test_clock_times_are_not_numbers(nlp):
    claims = claims_of(nlp, "The statement came at 09:43 and again at 15:37:00.")
    assert not [c for c in claims if c.type in ("number", "count", "quantity")]


def test_year_ranges_are_periods_not_averages(nlp):
    # quantulum3 averages "2019 to 2023" into 2021
    claims = claims_of(
        nlp, "It filed 2,303 applications per 1 million inhabitants from 2019 to 2023."
    )
    rate = only(claims, "2,303")
    assert rate.period == "2019/2023"
    assert not [c for c in claims if c.numeric and c.value == 2021]
