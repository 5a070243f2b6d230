"""TimeML expressions beyond plain dates: holidays, years named after a month, dates
counted from the last one the text named, pairs of days, and durations as TimeML
writes them. Sentences are our own."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.nlp.dates import find_dates, find_timexes

BASE = dt.date(2003, 1, 14)  # a Tuesday


def timexes(text: str, base: dt.date = BASE) -> list[tuple[str, str, str]]:
    return [(t["text"], t["type"], t["value"]) for t in find_timexes(text, base)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The talks resumed last week.", ("last week", "DATE", "2003-W2")),
        ("Prices settle this week, traders say.", ("this week", "DATE", "2003-W3")),
        ("A verdict is expected next week.", ("next week", "DATE", "2003-W4")),
    ],
)
def test_timeml_writes_a_one_digit_week_without_a_leading_zero(text, expected):
    assert timexes(text) == [expected]


def test_date_claims_keep_the_iso_week():
    assert [d["value"] for d in find_dates("The talks resumed last week.", BASE)] == [
        "2003-W02"
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The shop shut over Thanksgiving Day.", ("Thanksgiving Day", "2002-11-28")),
        ("They married last Christmas.", ("last Christmas", "2002-12-25")),
        ("Offices closed on Labor Day.", ("Labor Day", "2002-09-02")),
        ("The march is planned for Easter.", ("Easter", "2003-04-20")),
        ("He was born on Boxing Day 1961.", ("Boxing Day 1961", "1961-12-26")),
    ],
)
def test_holidays_are_their_day(text, expected):
    assert [(d["text"], d["value"]) for d in find_dates(text, BASE)] == [expected]


def test_places_and_things_named_for_holidays_are_no_dates():
    assert find_dates("A Christmas tree from Easter Island.", BASE) == []


def test_election_day_is_the_day_of_whichever_election():
    assert find_dates("Turnout fell on election day.", BASE) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The law passed in March this year.", ("March this year", "2003-03")),
        ("Talks resume in June next year.", ("June next year", "2004-06")),
        ("It opened on 9 May last year.", ("9 May last year", "2002-05-09")),
    ],
)
def test_a_month_with_this_or_next_year_is_one_date(text, expected):
    assert [(d["text"], d["value"]) for d in find_dates(text, BASE)] == [expected]


def test_dates_counted_from_the_last_one_named():
    text = (
        "The ferry sank on 2 January 2003. Later that day divers arrived. The "
        "next morning the port closed, and three days later it reopened."
    )
    assert timexes(text) == [
        ("2 January 2003", "DATE", "2003-01-02"),
        ("Later that day", "DATE", "2003-01-02"),
        ("The next morning", "DATE", "2003-01-03"),
        ("three days later", "DATE", "2003-01-06"),
    ]


def test_a_day_counted_from_a_month_leaves_the_day_unknown():
    text = "The mill closed last October. That same day the union met."
    assert timexes(text)[-1] == ("That same day", "DATE", "2002-10-XX")


def test_a_comparison_is_not_counted_from_a_date():
    # "a week earlier than usual" is how much earlier (a duration), not a date
    assert timexes("Snow came on 3 January, a week earlier than usual.") == [
        ("3 January", "DATE", "2003-01-03"),
        ("a week", "DURATION", "P1W"),
    ]


def test_the_other_day_of_a_pair_is_a_date():
    assert timexes("The summit meets on March 3 and 4.") == [
        ("March 3", "DATE", "2003-03-03"),
        ("4", "DATE", "2003-03-04"),
    ]
    assert timexes("On March 3 and 40 people marched.") == [
        ("March 3", "DATE", "2002-03-03")
    ]


def test_the_week_of_a_day_and_a_prefixed_year():
    assert timexes("A ruling is due the week of March 10.") == [
        ("the week of March 10", "DATE", "2003-W11")
    ]
    assert timexes("Post-1945 housing and mid-1990 prices.") == [
        ("Post-1945", "DATE", "1945"),
        ("mid-1990", "DATE", "1990"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The vote took 3 1/2 hours.", ("3 1/2 hours", "PT3H30M")),
        ("The strike will last two more weeks.", ("two more weeks", "P2W")),
        ("A week-long stoppage ended.", ("week-long", "P1W")),
    ],
)
def test_durations_as_timeml_writes_them(text, expected):
    assert [(t, v) for t, k, v in timexes(text) if k == "DURATION"] == [expected]


def test_a_title_with_a_unit_is_no_duration():
    assert timexes("She watched 48 Hours on television.") == []


def test_a_decade_after_a_possessive_is_an_age(nlp):
    doc = nlp.make_doc("The suspect, a man in his 40s, fled.")
    doc._.cc_base_date = BASE.isoformat()
    with nlp.select_pipes(disable=["cc_ranks", "cc_quantities", "cc_claims"]):
        found = nlp(doc)._.cc_dates
    assert [d["text"] for d in found] == []


def test_a_possessed_future_is_a_future_reference():
    assert timexes("They fear for the boy's future.") == [
        ("future", "DATE", "FUTURE_REF")
    ]


def test_vague_references_never_get_a_precise_date():
    text = (
        "Rents are high now; they rose recently and will ease soon. Several years "
        "ago a flat cost less, and a few decades from now it may again."
    )
    assert find_dates(text, BASE) == []
    assert timexes(text) == [
        ("now", "DATE", "PRESENT_REF"),
        ("Several years ago", "DATE", "PAST_REF"),
        ("a few decades from now", "DATE", "FUTURE_REF"),
    ]


def test_a_vague_count_of_days_keeps_only_a_coarser_date():
    (found,) = find_dates("The pipe burst a few days ago.", BASE)
    assert found["granularity"] == "week"


def test_a_decade_is_written_with_its_unknown_year():
    assert timexes("Prices soared in the 1970s.") == [("1970s", "DATE", "197X")]


def parsed_timexes(nlp, text: str, base: dt.date = BASE) -> list[tuple[str, str]]:
    doc = nlp.make_doc(text)
    doc._.cc_base_date = base.isoformat()
    with nlp.select_pipes(disable=["cc_ranks", "cc_quantities", "cc_claims"]):
        doc = nlp(doc)
    return [
        (t["text"], t["value"]) for t in find_timexes(text, base, dates=doc._.cc_dates)
    ]


def test_a_deadline_to_act_by_lies_ahead(nlp):
    # BASE is a Tuesday: a deadline "until Friday" to do something is this Friday,
    # even after a verb in the perfect; a clock time may come before the day
    for text in (
        "The council has given tenants until Friday to leave.",
        "The council has given tenants until 5 p.m. Friday to leave.",
    ):
        assert timexes(text)[-1][2].startswith("2003-01-17")
        assert parsed_timexes(nlp, text)[-1][1].startswith("2003-01-17")


def test_a_bound_spoken_of_as_past_stays_past():
    assert timexes("Up until Friday, the tenants had stayed.") == [
        ("Friday", "DATE", "2003-01-10")
    ]


def test_a_clock_time_takes_the_day_after_its_time_in_another_zone():
    assert timexes("The quake struck at 6:15 p.m. (2315 GMT) Sunday.") == [
        ("6:15 p.m.", "TIME", "2003-01-12T18:15"),
        ("Sunday", "DATE", "2003-01-12"),
    ]


def test_a_day_counted_from_a_named_day_is_one_date():
    assert timexes("She flew home the day after Christmas.") == [
        ("the day after Christmas", "DATE", "2002-12-26")
    ]
    assert timexes("Two days before last Friday, the pump failed.") == [
        ("Two days before last Friday", "DATE", "2003-01-08")
    ]


def test_a_holiday_week_is_the_week_it_falls_in():
    # Easter 2003 is 20 April (ISO week 16); under way, the week is this year's
    assert timexes("Shops shut for Easter week next year.")[0] == (
        "Easter week",
        "DATE",
        "2003-W16",
    )
    assert timexes("As Easter week began, crowds came.", dt.date(2003, 4, 15)) == [
        ("Easter week", "DATE", "2003-W16")
    ]


def test_a_march_by_name_and_high_noon_are_no_timexes(nlp):
    text = "Thousands joined the annual March for Peace downtown."
    assert parsed_timexes(nlp, text) == []
    assert parsed_timexes(nlp, "They rallied in March for the first time.") == [
        ("March", "2002-03")
    ]
    assert timexes("For the strikers, high noon has come.") == []


def test_the_unit_of_a_rate_is_a_set_as_per_is():
    assert timexes("The mill ships 300 tonnes a week and 90 per day.") == [
        ("a week", "SET", "P1W"),
        ("per day", "SET", "P1D"),
    ]
    # a duration's own rate, a unit counted later and a plain duration are no sets
    assert timexes("Nurses worked 12 hours a day.") == [
        ("12 hours", "DURATION", "PT12H")
    ]
    assert timexes("The strike lasted a week.") == [("a week", "DURATION", "P1W")]


def test_a_count_of_days_before_a_named_day_stays_a_duration_for_quantities():
    from pipeline.nlp.dates import find_durations

    found = find_durations("Staff returned three days after Christmas.", BASE)
    assert [(d["text"], d["value"]) for d in found] == [("three days", "P3D")]


def test_every_year_of_a_list_is_a_date_but_a_list_of_counts_is_not():
    assert [
        d["text"] for d in find_dates("Floods hit in 1987, 1991 and 1996.", BASE)
    ] == [
        "1987",
        "1991",
        "1996",
    ]
    assert find_dates("Crews of 12, 2000 and 150 men sailed.", BASE) == []
    # the last year of the list, before the noun the years modify, is a year too
    found = find_dates("It won in the 2019, 2020 and 2021 seasons.", BASE)
    assert [d["text"] for d in found] == ["2019", "2020", "2021"]


def test_a_decade_ago_is_a_date():
    assert timexes("A decade ago the pier was new.") == [
        ("A decade ago", "DATE", "1993")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Teachers say today's teenagers sleep too little.",
        "By today's standards the old stadium was tiny.",
        "The fare was ten shillings, about four pounds in today's money.",
        "In today's connected world, rumours travel fast.",
        "Even today's cheapest devices outrun an old desktop.",
    ],
)
def test_today_as_the_present_age_is_no_day(text):
    assert find_dates(text, BASE) == []
    assert [(t["text"].lower(), t["value"]) for t in find_timexes(text, BASE)] == [
        ("today", "PRESENT_REF")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Today's vote was postponed.",
        "Today's World Cup qualifier is sold out.",
        "Today's youth team fixture was called off.",
        "Today's voters faced long queues.",
    ],
)
def test_today_before_a_thing_of_the_day_stays_the_day(text):
    assert [d["value"] for d in find_dates(text, BASE)] == [BASE.isoformat()]


def test_the_parsed_article_gives_the_present_age_no_day(nlp):
    doc = nlp.make_doc("Critics say today's children read less than their parents.")
    doc._.cc_base_date = BASE.isoformat()
    with nlp.select_pipes(disable=["cc_ranks", "cc_quantities", "cc_claims"]):
        found = nlp(doc)._.cc_dates
    assert found == []
