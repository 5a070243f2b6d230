"""Periods a figure covers: quarters, halves, fiscal years, the full year, spans that
end on a date, resolved against the article's date the way results are reported.
Sentences are our own."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.nlp.dates import find_dates, find_timexes

FEBRUARY = dt.date(1993, 2, 9)
OCTOBER = dt.date(1993, 10, 20)


def periods(text: str, base: dt.date) -> list[tuple[str, str, str]]:
    return [(d["text"], d["value"], d["mood"]) for d in find_dates(text, base)]


@pytest.mark.parametrize(
    "text, base, expected",
    [
        # reported in February, a fourth quarter is the previous year's
        ("Fourth-quarter earnings rose 4 pct.", FEBRUARY, "1992-Q4"),
        ("Earnings in the fourth quarter rose 4 pct.", FEBRUARY, "1992-Q4"),
        ("Third-quarter sales slipped.", OCTOBER, "1993-Q3"),
        ("The group expects first-quarter sales to grow.", FEBRUARY, "1993-Q1"),
        ("The group sees second-half demand recovering.", FEBRUARY, "1993-H2"),
        ("Sales in the 2nd qtr of 1991 fell.", FEBRUARY, "1991-Q2"),
        ("Q3 1990 margins were thin.", FEBRUARY, "1990-Q3"),
        ("Q4 results beat forecasts.", FEBRUARY, "1992-Q4"),
    ],
)
def test_a_yearless_quarter_is_the_one_the_report_can_speak_of(text, base, expected):
    (found,) = find_dates(text, base)
    assert (found["value"], found["mood"]) == (expected, "period")


def test_a_model_name_is_not_a_quarter():
    assert find_dates("The Audi Q3 and the Q5 sold well.", FEBRUARY) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Revenue for fiscal 1992 climbed.", ("fiscal 1992", "1992")),
        ("Revenue for fiscal year 1992 climbed.", ("fiscal year 1992", "1992")),
        ("FY92 revenue climbed.", ("FY92", "1992")),
        ("Revenue in fiscal 1991-92 climbed.", ("fiscal 1991-92", "1991/1992")),
    ],
)
def test_fiscal_years_are_their_year(text, expected):
    (found,) = find_dates(text, FEBRUARY)
    assert (found["text"], found["value"], found["mood"]) == (*expected, "period")


def test_a_fiscal_year_is_written_as_timeml_writes_it():
    assert [
        (t["text"], t["value"])
        for t in find_timexes("In fiscal 1992 it grew.", FEBRUARY)
    ] == [("fiscal 1992", "FY1992")]


def test_the_full_year_and_year_end_follow_the_report():
    assert periods("Full-year profit fell.", FEBRUARY) == [
        ("Full-year", "1992", "period")
    ]
    assert periods("Debt will be halved by year-end.", FEBRUARY) == [
        ("year-end", "1993", "plan")
    ]


def test_the_latest_quarter_is_the_last_one_ended():
    assert periods("Sales in the latest quarter rose.", FEBRUARY) == [
        ("the latest quarter", "1992-Q4", "period")
    ]


def test_the_same_quarter_last_year_is_the_named_quarter_a_year_back():
    text = "Third-quarter profit was 4 mln dlrs against 3 mln in the same quarter last year."
    assert periods(text, OCTOBER) == [
        ("Third-quarter", "1993-Q3", "period"),
        ("the same quarter last year", "1992-Q3", "comparison"),
    ]
    assert periods("Profit beat the year-ago quarter.", FEBRUARY) == [
        ("the year-ago quarter", "1991-Q4", "comparison")
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Profit in the six months to June 30 fell.", "1992-H1"),
        ("Profit in the three months ended March 31, 1992 fell.", "1992-Q1"),
        ("Profit in the nine months to September 30 fell.", "1992-01/1992-09"),
        ("Profit in the year to December 31 fell.", "1992"),
    ],
)
def test_a_span_ending_on_a_date_is_the_period_it_covers(text, expected):
    (found,) = find_dates(text, FEBRUARY)
    assert (found["value"], found["mood"]) == (expected, "period")


def test_a_span_ending_on_a_date_is_a_duration_and_a_date_in_timeml():
    found = find_timexes("Profit in the six months to June 30 fell.", FEBRUARY)
    assert [(t["text"], t["type"], t["value"]) for t in found] == [
        ("six months", "DURATION", "P6M"),
        ("June 30", "DATE", "1992-06-30"),
    ]


def test_a_quarter_reported_later_is_the_period_of_its_figures():
    from tests.conftest import run_texts

    text = (
        "LYON, Feb. 10, 1993 -- Fourth-quarter net profit at Verlaine SA rose to 12 "
        "mln francs from 9 mln francs a year earlier, the company said. Full-year "
        "sales rose 4 pct.\n"
    )
    result = run_texts([("wire", text)])
    periods = {c.text: c.period for c in result.claims if c.type != "date"}
    assert periods == {
        "12 mln francs": "1992-Q4",
        "9 mln francs": "1991-Q4",
        "4 pct": "1992",
    }
    # the quarter, the full year and the comparison belong to those figures: no
    # date claims of their own
    assert [c.text for c in result.claims if c.type == "date"] == ["Feb. 10, 1993"]
