"""When a value holds: the period resolvers, on mentions made by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.nlp.frames.build import ClaimDraft
from pipeline.nlp.frames.periods import (
    PeriodFinder,
    quarter_in,
    quarter_period,
    reporting_period,
)
from pipeline.nlp.mentions import DateMention


def _date(text: str, words: str, value: str, granularity="year", explicit=True):
    start = text.index(words)
    return DateMention(
        start,
        start + len(words),
        words,
        value=value,
        granularity=granularity,
        explicit_year=explicit,
    )


def _values(text: str, *words: str) -> tuple[tuple[int, int], ...]:
    spans = []
    for w in words:
        a = text.index(w)
        spans.append((a, a + len(w)))
    return tuple(sorted(spans))


def test_the_nearest_date_of_the_clause_is_the_period():
    text = "Exports reached $4 billion in 2023."
    finder = PeriodFinder(
        text, [_date(text, "2023", "2023")], _values(text, "$4 billion"), False
    )
    assert finder.period_for(text.index("$4"), (0, len(text))) == "2023"


def test_a_date_another_value_stands_closer_to_is_that_values():
    text = "Sales rose to 9 million in 2024 from 7 million in 2023."
    dates = [_date(text, "2024", "2024"), _date(text, "2023", "2023")]
    finder = PeriodFinder(text, dates, _values(text, "9 million", "7 million"), False)
    sent = (0, len(text))
    assert finder.period_for(text.index("9 million"), sent) == "2024"
    assert finder.period_for(text.index("7 million"), sent) == "2023"


def test_a_bracketed_conversion_does_not_take_the_date_from_its_figure():
    text = "It paid 2 billion euros ($2.2 billion) in 2022."
    finder = PeriodFinder(
        text,
        [_date(text, "2022", "2022")],
        _values(text, "2 billion euros", "$2.2 billion"),
        False,
    )
    assert finder.period_for(text.index("2 billion"), (0, len(text))) == "2022"


def test_a_date_behind_a_clause_break_is_another_clauses():
    text = "Output hit 12 tonnes; in 2021, the plant closed."
    finder = PeriodFinder(
        text, [_date(text, "2021", "2021")], _values(text, "12 tonnes"), False
    )
    assert finder.period_for(text.index("12"), (0, len(text))) is None


def test_the_dateline_is_never_a_period():
    text = "PARIS, 2024 - Exports hit 4 million."
    d = _date(text, "2024", "2024")
    d.role = "dateline"
    finder = PeriodFinder(text, [d], _values(text, "4 million"), False)
    assert finder.period_for(text.index("4 million"), (0, len(text))) is None


@pytest.mark.parametrize(
    ("granularity", "expected"), [("day", "--05-03"), ("year", None)]
)
def test_a_date_resolved_in_the_stand_in_year_keeps_only_what_the_text_says(
    granularity, expected
):
    text = "Turnover was 3 million on 3 May."
    d = _date(text, "3 May", "2000-05-03", granularity=granularity, explicit=False)
    finder = PeriodFinder(text, [d], _values(text, "3 million"), nominal=True)
    assert finder.period_for(text.index("3 million"), (0, len(text))) == expected


def test_by_the_end_of_a_month_is_that_year():
    text = "It aims for 500 stores by the end of March 2026."
    d = _date(text, "March 2026", "2026-03", granularity="month")
    finder = PeriodFinder(text, [d], _values(text, "500"), False)
    assert finder.period_for(text.index("500"), (0, len(text))) == "2026"


@pytest.mark.parametrize(
    ("text", "quarter"),
    [
        ("third-quarter profit", 3),
        ("Q1 sales", 1),
        ("the October-December quarter", 4),
        ("earnings in the April-June period", 2),
        # six months are no quarter
        ("earnings in the January-June period", None),
        ("a quarterly report", None),
    ],
)
def test_quarter_in(text, quarter):
    assert quarter_in(text) == quarter


def test_quarter_period_needs_a_base_date():
    assert quarter_period("second-quarter sales", dt.date(2025, 8, 1)) == "2025-Q2"
    assert quarter_period("second-quarter sales", None) is None


def _draft(period=None, type="money", role="body", tense="past", quals=()):
    return ClaimDraft(
        "a", 0, 1, "x", type, 1.0, period=period, role=role, tense=tense,
        qualifiers=quals,
    )  # fmt: skip


def test_a_dominant_reporting_period_fills_the_figures_without_one():
    drafts = [_draft("2025-Q2"), _draft("2025-Q2"), _draft(), _draft(tense="future")]
    reporting_period(drafts)
    assert drafts[2].period == "2025-Q2"
    assert "period_inferred" in drafts[2].qualifiers
    assert drafts[3].period is None  # a forecast keeps no period


def test_no_reporting_period_when_two_compete():
    drafts = [_draft("2025-Q2"), _draft("2025-Q1"), _draft()]
    reporting_period(drafts)
    assert drafts[2].period is None


@pytest.mark.parametrize(
    "text, value, date",
    [
        ("The depot, built in 1931, now houses 64 buses.", "64 buses", "1931"),
        ("The charity (founded in 1978) feeds 900 families.", "900 families", "1978"),
        ("Its chairman, born in 1950, owns 12% of the shares.", "12%", "1950"),
    ],
)
def test_a_date_describing_a_nouns_origin_is_no_period_of_the_clause(text, value, date):
    finder = PeriodFinder(text, [_date(text, date, date)], _values(text, value), False)
    assert finder.period_for(text.index(value), (0, len(text))) is None


def test_a_figure_inside_the_description_keeps_its_date():
    text = "The depot, opened in 1931 with 20 buses, now houses 64."
    finder = PeriodFinder(
        text, [_date(text, "1931", "1931")], _values(text, "20 buses", "64"), False
    )
    # "with 20 buses" follows the date inside the description: not closed by a comma
    # right after the date, so the date stays the clause's
    assert finder.period_for(text.index("20 buses"), (0, len(text))) == "1931"


def test_a_date_in_the_main_clause_is_still_the_period():
    text = "In 1931 the depot housed 64 buses."
    finder = PeriodFinder(
        text, [_date(text, "1931", "1931")], _values(text, "64 buses"), False
    )
    assert finder.period_for(text.index("64 buses"), (0, len(text))) == "1931"
