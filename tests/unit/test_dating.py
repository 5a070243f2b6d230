"""The dating module: one reading of datelines and base dates for corpus loading,
extraction and re-dating; the stand-in year never shown."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pipeline.corpus import make_article
from pipeline.dating import (
    STAND_IN_YEAR,
    base_of,
    body_years,
    describe,
    find_dateline,
    is_date_claim,
    period_value,
    stand_in_mentions,
    stated_value,
    story_dateline,
    yearless_claim,
)
from pipeline.lexicon.calendar import day_and_month


@pytest.mark.parametrize(
    "words, expected",
    [
        ("3 May", (5, 3)),
        ("3rd May", (5, 3)),
        ("May 3", (5, 3)),
        ("May 3rd, 2024", (5, 3)),
        ("21st Sept.", (9, 21)),
        ("May", None),
    ],
)
def test_day_and_month_read_alike_with_or_without_an_ordinal(words, expected):
    assert day_and_month(words) == expected


@pytest.mark.parametrize("day", ["7 June", "7th June"])
def test_a_yearless_dateline_gets_the_same_stand_in_base_with_an_ordinal(day):
    article = make_article("a", "a.txt", f"HULL, {day} -- The ferry sailed late.\n")
    base = base_of(article)
    assert base is not None and not base.year_known
    assert base.date == dt.date(STAND_IN_YEAR, 6, 7)


def test_an_ordinal_dateline_is_redated_from_its_story_like_a_plain_one():
    redated = []
    for day in ("7 June", "7th June"):
        article = make_article("a", "a.txt", f"HULL, {day} -- The ferry sailed.\n")
        line = story_dateline(article, dt.date(2019, 6, 9))
        redated.append(line.date if line else None)
    assert redated == ["2019-06-07", "2019-06-07"]


def test_a_published_article_has_a_known_year():
    article = make_article(
        "a", "a.txt", "HULL, 7 June -- The ferry sailed.\n", published="2021-06-08"
    )
    base = base_of(article)
    assert base.year_known and base.date == dt.date(2021, 6, 8)
    assert article.dateline.date == "2021-06-07"


def test_a_kick_off_time_is_not_a_year_the_body_mentions():
    text = "Saturday, 4 March\n\n1945 GMT\n\nThe club, founded in 1999, hosts Hearts."
    assert body_years(text) == [1999]


def test_a_yearless_dateline_takes_its_year_from_the_body_not_from_a_clock_time():
    text = "GLASGOW, 4 March -- Kick-off is at 2030 GMT. Hearts won here in 2004.\n"
    line = find_dateline(text, None)
    assert line.date == "2004-03-04" and line.year_source == "body"


@pytest.mark.parametrize(
    "value, granularity, shown",
    [
        ("2000-05-03", "day", "--05-03"),
        ("2000-05", "month", "--05"),
        ("2000-Q3", "quarter", None),
        ("1999", "year", None),
        ("2000-06/2000-08", "season", None),
        ("1998", "year", None),  # "two years ago" counted from the stand-in year
    ],
)
def test_values_in_the_stand_in_year_are_written_without_it(value, granularity, shown):
    assert stated_value(value, granularity) == shown


def test_a_stand_in_quarter_claim_has_no_value_but_keeps_it_for_comparison():
    data = {"type": "date", "value": "2000-Q3", "granularity": "quarter", "extra": {}}
    out = yearless_claim(data)
    assert out["value"] is None and out["extra"]["resolved"] == "2000-Q3"


def test_a_claim_with_its_year_stated_is_left_alone():
    data = {
        "type": "date",
        "value": "2000-05-03",
        "granularity": "day",
        "extra": {"explicit_year": True},
    }
    assert yearless_claim(data) == data


def test_messages_say_the_year_is_not_stated():
    assert describe("--05-03") == "3 May, year not stated"
    assert describe("2000-05-03", year_known=False) == "3 May, year not stated"
    assert describe("2024-05-03") == "3 May 2024"


def _mention(text: str, value: str, granularity: str = "day") -> dict:
    return {
        "start": 0,
        "end": len(text),
        "text": text,
        "value": value,
        "granularity": granularity,
        "explicit_year": False,
    }


def test_weekdays_counted_from_a_stand_in_date_have_no_known_day():
    marked = stand_in_mentions(
        [
            _mention("Thursday", "2000-05-11"),
            _mention("last week", "2000-W19", "week"),
            _mention("9 May", "2000-05-09"),
            _mention("yesterday", "2000-05-11"),
        ],
        day_known=True,
    )
    assert [m["day_known"] for m in marked] == [False, False, True, True]
    assert not any(m["year_known"] for m in marked)


def test_without_a_dateline_day_no_day_counted_from_the_base_is_known():
    marked = stand_in_mentions(
        [_mention("yesterday", "2000-12-30"), _mention("9 May", "2000-05-09")],
        day_known=False,
    )
    assert [m["day_known"] for m in marked] == [False, True]


def test_a_weekday_claim_in_a_yearless_article_has_no_value():
    data = {
        "type": "date",
        "value": "2000-05-11",
        "granularity": "day",
        "extra": {"day_known": False, "explicit_year": False},
    }
    out = yearless_claim(data)
    assert out["value"] is None and "resolved" not in out["extra"]


def _date_claim(text: str, **extra) -> dict:
    return {"type": "date", "text": text, "extra": extra}


@pytest.mark.parametrize(
    "claim, own",
    [
        (_date_claim("a year earlier", mood="comparison", source="relative"), False),
        (
            _date_claim(
                "the year-ago quarter", mood="comparison", source="same_period"
            ),
            False,
        ),
        (_date_claim("last year", mood="comparison", source="relative"), True),
        (
            _date_claim(
                "third-quarter", mood="period", source="quarter", modifies="profit"
            ),
            False,
        ),
        (_date_claim("the third quarter", mood="period", source="quarter"), True),
        (_date_claim("2007", mood="period", source="year", modifies="storm"), True),
        (_date_claim("May 3", mood="plan", source="mdy"), True),
    ],
)
def test_a_period_of_a_figure_is_no_date_claim_of_its_own(claim, own):
    assert is_date_claim(claim) is own


def test_an_ordinal_dateline_gives_the_same_claims_and_findings_as_a_plain_one():
    from tests.conftest import run_texts

    body = " -- The ferry left on 12 June, the harbour master said on Monday.\n"
    result = run_texts(
        [("plain", "HULL, 7 June" + body), ("ordinal", "HULL, 7th June" + body)]
    )
    values = {
        a: [
            (c.value, c.get("resolved"))
            for c in result.claims
            if c.article == a and c.type == "date"
        ]
        for a in ("plain", "ordinal")
    }
    assert values["plain"] == values["ordinal"]
    assert values["plain"][:2] == [("--06-07", "2000-06-07"), ("--06-12", "2000-06-12")]
    findings = sorted((f.rule, f.message.replace("7th", "7")) for f in result.findings)
    assert [r for r, _ in findings].count("dateline_before_event") == 2


@pytest.mark.parametrize(
    "mention, period",
    [
        ({"value": "2024-Q3", "granularity": "quarter"}, "2024-Q3"),
        ({"value": "2000-Q3", "granularity": "quarter", "year_known": False}, None),
        ({"value": "2000-05-03", "granularity": "day", "year_known": False}, "--05-03"),
        ({"value": "2000-05-02", "granularity": "day", "year_known": False,
          "day_known": False}, None),
    ],
)  # fmt: skip
def test_the_period_a_mention_gives_a_figure_never_shows_the_stand_in_year(
    mention, period
):
    assert period_value(mention) == period


def test_the_stand_in_year_reaches_no_claim_period_or_message():
    from tests.conftest import run_texts

    text = (
        "Harbour group lifts profit\n\n"
        "CORK, 3 May -- Third-quarter profit at Quayside rose to 4 million euros on "
        "Tuesday, from 3 million euros a year earlier. Full-year sales grew 5 percent "
        "last year and will grow again next year. The ferry left on 9 May, the company "
        "said on Thursday, and the second half looks strong.\n"
    )
    result = run_texts([("cork", text)])
    # the text states no year, so no value or period may show one
    stand_in = ("1999", "2000", "2001")
    for c in result.claims:
        shown = [c.period] + ([c.value, c.low, c.high] if c.type == "date" else [])
        assert not any(re.match(r"\d{4}", str(v)) for v in shown if v), c
    (finding,) = result.findings  # the ferry left six days after the dateline
    assert finding.rule == "dateline_before_event"
    assert not any(year in finding.message for year in stand_in), finding.message
    assert "9 May" in finding.message and "states no year" in finding.message


def test_a_quarter_of_an_unstated_year_stays_the_figures_period():
    from tests.conftest import run_texts

    text = "Mill results\n\nSecond-quarter profit at Millbrook rose to 12 million dollars.\n"
    (profit,) = [c for c in run_texts([("mill", text)]).claims if c.type == "money"]
    assert profit.period == "--Q2"  # as stated: the second quarter, year not stated


# ------------------------------------------------ older wire copy's datelines


@pytest.mark.parametrize(
    "text, iso",
    [
        # a two-digit year after an apostrophe, the agency in brackets
        ("Quito, Feb. 4, '91 (Andes-Press) -Talks resumed.", "1991-02-04"),
        # day first, a bare two-digit year right before the agency
        ("Kiev (Ukraine), 21 Oct 88 (TASS)- Crowds gathered.", "1988-10-21"),
        # a spaced dash, the story on after it
        ("Harare, Aug. 30, '02 - Prices rose.", "2002-08-30"),
    ],
)
def test_a_two_digit_year_in_an_older_wire_dateline(text, iso):
    line = find_dateline(text, None)
    assert line is not None and line.date == iso
    assert line.year_source == "stated"


def test_a_dateline_day_is_not_taken_for_a_two_digit_year():
    line = find_dateline("OSLO, March 14 - Shares fell.", None)
    assert line is not None and line.date is None  # no year anywhere


def test_a_hyphenated_word_opening_a_line_is_no_dateline():
    assert find_dateline("Anglo-Saxon coins were found in a field.", None) is None
