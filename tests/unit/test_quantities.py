"""Numbers, money and percentages with scale, currency and wording bounds, and the
quantulum3 misreadings they avoid."""

from __future__ import annotations

import pytest

from pipeline.nlp.quantities import find_quantities, may_have_unit


def one(text: str) -> dict:
    found = find_quantities(text)
    assert found, text
    return found[0]


@pytest.mark.parametrize(
    "text, words, kind, value, unit, change",
    [
        (
            "exceeded 3.3 trillion yuan in 2023",
            "exceeded 3.3 trillion yuan",
            "money",
            3.3e12,
            "CNY",
            ">",
        ),
        (
            "about 507 billion U.S. dollars",
            "about 507 billion U.S. dollars",
            "money",
            507e9,
            "USD",
            "~",
        ),
        ("($455.4 billion)", "$455.4 billion", "money", 455.4e9, "USD", "="),
        ("a year-on-year increase of 15.5%", "15.5%", "percent", 15.5, "percent", "up"),
        ("up 8.1 percent year-on-year", "8.1 percent", "percent", 8.1, "percent", "up"),
        (
            "fell 2 percentage points",
            "2 percentage points",
            "percent",
            2.0,
            "percentage point",
            "down",
        ),
        ("more than 1,400 people", "more than 1,400", "number", 1400.0, None, ">"),
        ("€2.5bn in sales", "€2.5bn", "money", 2.5e9, "EUR", "="),
        ("£40m deal", "£40m", "money", 40e6, "GBP", "="),
        ("nearly three million", "nearly three million", "number", 3e6, None, "~"),
    ],
)
def test_value_scale_unit_and_bound(text, words, kind, value, unit, change):
    q = one(text)
    assert text[q["start"] : q["end"]] == q["text"]
    assert q["text"] == words
    assert (q["type"], q["unit"], q["change"]) == (kind, unit, change)
    assert q["value"] == pytest.approx(value)


def test_accounting_brackets_are_not_negative():
    # quantulum3 reads "($455.4 billion)" as -455.4 billion
    assert one("($455.4 billion)")["value"] > 0


def test_range_keeps_its_scale():
    # quantulum3 collapses "between 5 and 6 million" to about 3,000,002.5
    q = one("between 5 and 6 million people")
    assert (q["low"], q["high"]) == (5e6, 6e6)


def test_lower_bound_has_open_top():
    q = one("more than 1,400 people")
    assert q["low"] == 1400 and q["high"] is None


@pytest.mark.parametrize(
    ("text", "low", "high", "change"),
    [
        ("100 or more people lost their lives", 100, None, ">"),
        ("a crowd of 5,000-plus", 5000, None, ">"),
        ("5,000+ fans", 5000, None, ">"),
        ("50 or fewer seats", None, 50, "<"),
        ("cost $5,000 or so", 4750, 5250, "~"),
        ("two or three days", 2, 2, "="),  # "or" between figures is no bound
    ],
)
def test_a_bound_written_after_the_figure(text, low, high, change):
    q = one(text)
    assert (q["low"], q["high"], q["change"]) == (low, high, change)


def test_rounding_interval_of_scaled_figure():
    q = one("3.3 trillion yuan")
    assert q["low"] == pytest.approx(3.25e12) and q["high"] == pytest.approx(3.35e12)


def test_clock_times_and_glued_numbers_are_not_quantities():
    assert find_quantities("at 09:43 on Route66 and COVID-19") == []


def test_skip_regions_hide_dates_and_ranks():
    text = "In 2023 it ranked 12th."
    assert find_quantities(text, skip=[(3, 7), (18, 22)]) == []


# quantulum3 is asked only about candidate spans (issue 6)


@pytest.mark.parametrize(
    "after",
    [" km", " kilometres of road", " km/h winds", " sq km", " cubic metres per second",
     " tonnes.", " degrees Celsius", " light-years", " MW", " barrels a day"],
)  # fmt: skip
def test_words_that_may_begin_a_unit(after):
    assert may_have_unit(after)


@pytest.mark.parametrize(
    "after", [" people", " homes were", " votes,", " of the", " (Reuters)", ""]
)
def test_words_that_cannot_begin_a_unit(after):
    assert not may_have_unit(after)


def test_quantulum3_sees_the_number_and_the_words_after_it_only(monkeypatch):
    from quantulum3 import parser

    import pipeline.nlp.quantities as q

    seen = []
    real = parser.parse

    def spy(text, *args, **kwargs):
        seen.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(parser, "parse", spy)
    q._quantulum_units.cache_clear()
    text = (
        "Officials said on Monday that 1,200 people had left after the river rose "
        "3.5 metres overnight in the northern districts of the province."
    )
    found = find_quantities(text, sentences=[(0, len(text))])
    units = {m["text"]: m["unit"] for m in found}
    assert units["3.5 metres"] == "metre"
    assert units["1,200"] is None
    # the window ends before "in": no unit goes on past a preposition
    assert seen == ["3.5 metres overnight"]


@pytest.mark.parametrize(
    "text, words",
    [
        ("It makes 300 a day on weekdays.", "300"),  # not KES 300
        ("Over the years 20 firms left.", "20"),  # not Rs 20
        ("Police said the fraud 40 times larger", "40"),  # not AUD 40
    ],
)
def test_a_currency_code_inside_a_word_is_not_a_currency(text, words):
    found = find_quantities(text)
    assert [m["text"] for m in found] == [words]
    assert found[0]["type"] == "number"


def test_currency_codes_as_words_still_are():
    found = find_quantities("It cost KES 300, then USD 5 million.")
    assert [(m["text"], m["unit"]) for m in found] == [
        ("KES 300", "KES"),
        ("USD 5 million", "USD"),
    ]


@pytest.mark.parametrize(
    "text", ["City won 3-0 at home.", "They lost 21-14 on Sunday."]
)
def test_a_score_is_not_a_figure(text):
    assert find_quantities(text) == []


def test_a_period_followed_by_earlier_or_ago_says_when_not_per():
    text = "Crossings rose to 1,830 from 1,450 a year earlier; pay is 50,000 a year."
    units = {m["text"]: m["unit"] for m in find_quantities(text, sentences=[(0, 75)])}
    assert units["1,450"] is None
    assert units["50,000 a year"] == "per year"
