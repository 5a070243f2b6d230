"""Pure date, duration and clock normalisers in pipeline.nlp.normalize."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.nlp.normalize import (
    DateValue,
    day_year,
    duration_value,
    format_at,
    iso_bounds,
    month_year,
    nearest_year,
    parse_clock,
    parse_date_text,
    parse_duration_text,
    season_year,
    weekday_date,
)

BASE = dt.date(2013, 3, 22)  # a Friday


def value(text: str, base: dt.date | None = BASE, tense: str | None = None):
    parsed = parse_date_text(text, base, tense)
    return (parsed.value, parsed.granularity) if parsed else None


# ------------------------------------------------------------------ parse_date_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 22, 2013", ("2013-03-22", "day")),
        ("Sept. 5", ("2013-09-05", "day")),
        ("Aug. 28", ("2013-08-28", "day")),
        ("Sept. 8, 2021", ("2021-09-08", "day")),
        ("Friday, 8 March", ("2013-03-08", "day")),
        ("2023/10/8 15:37:00", ("2023-10-08", "day")),
        ("May 2010", ("2010-05", "month")),
        ("2009", ("2009", "year")),
        ("2018-22", ("2018/2022", "year")),
        ("the first quarter", ("2013-Q1", "quarter")),
        ("the second half of 2012", ("2012-H2", "half")),
        ("summer 2012", ("2012-06/2012-08", "season")),
        ("the 1990s", ("1990/1999", "decade")),
        ("the '90s", ("1990/1999", "decade")),
        ("the 20th century", ("1900/1999", "century")),
        ("twenty-first century", ("2000/2099", "century")),
    ],
)
def test_absolute_dates_keep_the_written_granularity(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", ("2013-03-22", "day")),
        ("yesterday", ("2013-03-21", "day")),
        ("last year", ("2012", "year")),
        ("this fiscal year", ("2013", "year")),
        ("a year earlier", ("2012", "year")),
        ("the last week", ("2013-W11", "week")),
        ("this week", ("2013-W12", "week")),
        ("last month", ("2013-02", "month")),
        ("last quarter", ("2012-Q4", "quarter")),
        ("last May", ("2012-05", "month")),
        ("late last July", ("2012-07", "month")),
        ("next March", ("2014-03", "month")),
        ("last summer", ("2012-06/2012-08", "season")),
        ("two years ago", ("2011", "year")),
        ("three months ago", ("2012-12", "month")),
        ("eight years from now", ("2021", "year")),
        ("a few days ago", ("2013-W12", "week")),
        ("Thursday", ("2013-03-21", "day")),
        ("on Friday", ("2013-03-22", "day")),
        ("early 2011", ("2011", "year")),
        ("mid-March", ("2013-03", "month")),
    ],
)
def test_relative_dates_resolve_against_the_base(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We", "Jun", "may", "march", "2nd", "5th", "12th", "the 99th day",
        "five years", "90 days", "the past two years", "several days", "a decade",
        "five years in a row", "aged 45", "45 years old", "a month earlier than usual",
        "3-1", "2,000",
    ],
)  # fmt: skip
def test_not_a_date(text):
    assert parse_date_text(text, BASE) is None


def test_tense_picks_the_year_of_a_yearless_month():
    assert value("August", tense="past") == ("2012-08", "month")
    assert value("August", tense="future") == ("2013-08", "month")
    assert value("May", tense="future") == ("2013-05", "month")
    assert value("February", tense="future") == ("2014-02", "month")
    assert value("March", tense="past") == ("2013-03", "month")


def test_tense_moves_a_yearless_day_only_beyond_the_window():
    assert value("March 24", tense="past") == ("2013-03-24", "day")  # a slip to flag
    assert value("Sept. 5", tense="past") == ("2012-09-05", "day")
    assert value("Jan. 5", tense="future") == ("2014-01-05", "day")


def test_weekday_follows_the_tense():
    assert value("Saturday", tense="past") == ("2013-03-16", "day")
    assert value("Saturday", tense="future") == ("2013-03-23", "day")
    assert value("Friday", tense="future") == ("2013-03-22", "day")


def test_without_base_only_absolute_dates_parse():
    assert value("Thursday 25 September 2025", base=None) == ("2025-09-25", "day")
    assert value("last year", base=None) is None
    assert value("August", base=None) is None


def test_parse_date_text_is_cached_per_tense():
    past = parse_date_text("August", BASE, "past")
    assert parse_date_text("August", BASE, "past") is past
    assert parse_date_text("August", BASE, "future") != past


# ------------------------------------------------------------------ helpers


def test_iso_bounds_cover_every_granularity():
    d = dt.date
    assert iso_bounds("2013-03-22") == (d(2013, 3, 22), d(2013, 3, 22))
    assert iso_bounds("2012-02") == (d(2012, 2, 1), d(2012, 2, 29))
    assert iso_bounds("2013-W12") == (d(2013, 3, 18), d(2013, 3, 24))
    assert iso_bounds("2013-Q4") == (d(2013, 10, 1), d(2013, 12, 31))
    assert iso_bounds("2013-H1") == (d(2013, 1, 1), d(2013, 6, 30))
    assert iso_bounds("2012-SU") == (d(2012, 6, 1), d(2012, 8, 31))
    assert iso_bounds("2012-WI") == (d(2012, 12, 1), d(2013, 2, 28))
    assert iso_bounds("199") == (d(1990, 1, 1), d(1999, 12, 31))
    assert iso_bounds("19") == (d(1900, 1, 1), d(1999, 12, 31))
    assert iso_bounds("2018/2022") == (d(2018, 1, 1), d(2022, 12, 31))
    with pytest.raises(ValueError):
        iso_bounds("PRESENT_REF")


def test_format_at_every_granularity():
    d = dt.date(2013, 1, 15)
    assert [
        format_at(d, g)
        for g in ("day", "week", "month", "quarter", "half", "season", "year")
    ] == [
        "2013-01-15", "2013-W03", "2013-01", "2013-Q1", "2013-H1", "2012-12/2013-02",
        "2013",
    ]  # fmt: skip
    assert format_at(d, "decade") == "2010/2019"
    assert format_at(d, "century") == "2000/2099"


def test_seasons_decades_and_centuries_are_intervals_with_ends():
    summer = parse_date_text("summer 2012", BASE)
    assert (summer.low, summer.high) == ("2012-06", "2012-08")
    assert (summer.first_day, summer.last_day) == (
        dt.date(2012, 6, 1),
        dt.date(2012, 8, 31),
    )
    winter = parse_date_text("the winter of 2012", BASE)
    assert (winter.value, winter.last_day) == ("2012-12/2013-02", dt.date(2013, 2, 28))


def test_date_value_first_and_last_day():
    span = DateValue("2018/2022", "year", "2018", "2022")
    assert (span.first_day, span.last_day) == (
        dt.date(2018, 1, 1),
        dt.date(2022, 12, 31),
    )


def test_year_helpers():
    assert nearest_year(12, 31, dt.date(2013, 1, 2)) == 2012
    assert month_year(8, BASE) == 2013
    assert month_year(8, BASE, "past") == 2012
    assert day_year(2, 29, dt.date(2024, 3, 1)) == 2024
    assert weekday_date(3, BASE) == dt.date(2013, 3, 21)
    assert weekday_date(3, BASE, "future") == dt.date(2013, 3, 28)
    assert season_year("SU", BASE, "last") == 2012
    assert season_year("SU", BASE, "next") == 2013
    assert season_year("WI", BASE, "this") == 2012


# ------------------------------------------------------------------ durations, clocks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("five years", "P5Y"),
        ("five years'", "P5Y"),
        ("two weeks", "P2W"),
        ("a month", "P1M"),
        ("An hour", "PT1H"),
        ("a mere 24 hours", "PT24H"),
        ("the past two years", "P2Y"),
        ("almost seven years", "P7Y"),
        ("four-week", "P4W"),
        ("the 90 years", "P90Y"),
        ("several days", "PXD"),
        ("the next few months", "PXM"),
        ("minutes", "PTXM"),
        ("a decade", "P10Y"),
        ("the following decade", "P10Y"),
        ("decades", "PXDE"),
        ("1.5 years", "P1.5Y"),
        ("year", None),
        ("five apples", None),
    ],
)
def test_parse_duration_text(text, expected):
    assert parse_duration_text(text) == expected


def test_duration_value():
    assert duration_value(3, "hours") == "PT3H"
    assert duration_value(None, "years") == "PXY"
    assert duration_value(2, "centuries") == "P200Y"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:30 a.m.", "T09:30"),
        ("8 PM", "T20:00"),
        ("12 am", "T00:00"),
        ("15:00 GMT", "T15:00"),
        ("15:37:00", "T15:37:00"),
        ("noon", "T12:00"),
        ("12", None),
        ("13 pm", None),
        ("25:00", None),
    ],
)
def test_parse_clock_writes_an_hour_with_its_minutes(text, expected):
    assert parse_clock(text) == expected


def test_ordinal_words_do_not_reach_dateparser():
    assert parse_date_text("a second year", BASE) is None
    assert parse_date_text("the first time this week", BASE) is None
