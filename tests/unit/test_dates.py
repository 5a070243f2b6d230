"""Date mentions (find_dates), TimeML timexes (find_timexes) and the cc_dates component.

Most cases are plain text against a fixed article date; the few that need spaCy's own
mistakes (an entity it mislabels) run the session pipeline.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.nlp.dates import find_dates, find_durations, find_timexes, tense_near

BASE = dt.date(2024, 4, 26)  # a Friday


def dates(text: str, base: dt.date | None = BASE, **kwargs) -> list[tuple[str, str]]:
    return [(d["text"], d["value"]) for d in find_dates(text, base, **kwargs)]


def timexes(text: str, base: dt.date | None = BASE) -> list[tuple[str, str, str]]:
    return [(t["text"], t["type"], t["value"]) for t in find_timexes(text, base)]


def run_dates(nlp, text: str, base: str = "2024-04-26") -> list[dict]:
    doc = nlp.make_doc(text)
    doc._.cc_base_date = base
    with nlp.select_pipes(disable=["cc_ranks", "cc_quantities", "cc_claims"]):
        return nlp(doc)._.cc_dates


# ------------------------------------------------------------------ spaCy's misses


def test_day_and_abbreviated_month_is_a_date_when_spacy_says_cardinal(nlp):
    text = "Beijing, 9 Sep (Zhongxin Net) -- the talks opened."
    doc = nlp(text)
    assert ("9", "CARDINAL") in [(e.text, e.label_) for e in doc.ents]
    assert [d["text"] for d in run_dates(nlp, text)] == ["9 Sep"]


def test_year_range_with_to_is_one_range_when_spacy_sees_one_year(nlp):
    found = run_dates(nlp, "Exports grew every year from 2018 to 2022.")
    assert [(d["text"], d["low"], d["high"]) for d in found] == [
        ("from 2018 to 2022", "2018", "2022")
    ]
    assert dates("output grew 2018 to 2022") == [("2018 to 2022", "2018/2022")]


def test_year_after_an_index_name_is_a_date():
    assert dates("China ranked 11th in the Global Innovation Index 2024.") == [
        ("2024", "2024")
    ]


def test_numeric_date_with_clock_time_keeps_the_day_and_the_span(nlp):
    found = run_dates(nlp, "Published: 2023/10/8 15:37:00")
    assert [(d["text"], d["value"], d["granularity"]) for d in found] == [
        ("2023/10/8 15:37:00", "2023-10-08", "day")
    ]
    assert timexes("2023/10/8 15:37:00") == [
        ("2023/10/8 15:37:00", "TIME", "2023-10-08T15:37:00")
    ]


# ------------------------------------------------------------------ dateparser misreads


def test_pronoun_we_is_not_wednesday():
    assert dates("We said so. We will see.") == []


def test_jun_in_a_name_and_may_the_verb_are_not_months(nlp):
    text = "We met Jun Wang. This may not be reproduced. It may rain in May."
    assert dates(text) == [("May", "2024-05")]
    assert [d["text"] for d in run_dates(nlp, text)] == ["May"]


def test_bare_ordinals_are_not_dates():
    assert dates("She came 2nd, then 5th and finally 12th.") == []


def test_streak_of_years_is_not_a_date(nlp):
    text = "The firm was the top seller five years in a row."
    assert dates(text) == []
    assert run_dates(nlp, text) == []


def test_abbreviated_month_keeps_its_day():
    assert dates("The vote is on Sept. 5 and the deadline Aug. 28.") == [
        ("Sept. 5", "2024-09-05"),
        ("Aug. 28", "2024-08-28"),
    ]


def test_abbreviated_month_day_and_year_is_one_date():
    assert dates("The law took effect on Sept. 8, 2021.") == [
        ("Sept. 8, 2021", "2021-09-08")
    ]


# ------------------------------------------------------------------ relative dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sales fell last year.", [("last year", "2023")]),
        ("Sales will rise this year.", [("this year", "2024")]),
        ("Sales doubled from a year earlier.", [("a year earlier", "2023")]),
        ("He resigned last week.", [("last week", "2024-W16")]),
        ("The board met a few days ago.", [("a few days ago", "2024-W17")]),
        ("It opened two years ago.", [("two years ago", "2022")]),
        ("Prices fell last month.", [("last month", "2024-03")]),
        ("The results come next quarter.", [("next quarter", "2024-Q3")]),
        ("The budget for this fiscal year.", [("this fiscal year", "2024")]),
    ],
)
def test_relative_dates_resolve_against_the_article_date(text, expected):
    assert dates(text) == expected


def test_bare_weekday_is_the_last_one_on_or_before_the_article_date():
    assert dates("He left on Thursday.") == [("Thursday", "2024-04-25")]
    assert dates("The FAA said Friday.") == [("Friday", "2024-04-26")]


def test_weekday_in_the_future_tense_is_the_next_one():
    assert dates("He will leave on Thursday.") == [("Thursday", "2024-05-02")]


def test_last_and_next_name_the_month_before_or_after():
    assert dates("It closed last May and opens next May.") == [
        ("last May", "2023-05"),
        ("next May", "2024-05"),
    ]


def test_yearless_month_follows_the_tense():
    assert dates("Police arrested them in August.") == [("August", "2023-08")]
    assert dates("The store will open in August.") == [("August", "2024-08")]


def test_past_tense_day_just_after_the_article_date_stays_in_its_year():
    # a dateline two days before the event it reports is a slip the checks must see
    assert dates("Crowds watched the launch on 28 April.") == [
        ("28 April", "2024-04-28")
    ]


def test_comparisons_and_event_anchors_are_not_dates():
    assert dates("The season began a month earlier than usual.") == []
    assert dates("It comes a week before the vote.") == []


# ------------------------------------------------------------------ ranges and periods


def test_year_ranges():
    assert dates("Prices rose from 2019 to 2023.") == [
        ("from 2019 to 2023", "2019/2023")
    ]
    assert dates("The 2018-2022 plan.") == [("2018-2022", "2018/2022")]
    assert dates("The 2018-22 plan.") == [("2018-22", "2018/2022")]


def test_periods_keep_their_granularity():
    # spoken of in the past in April, the first half that has ended is last year's
    # (as "June" is last June)
    found = find_dates("Profit rose in the first half and as of June stood firm.", BASE)
    assert [(d["text"], d["value"], d["granularity"]) for d in found] == [
        ("the first half", "2023-H1", "half"),
        ("June", "2023-06", "month"),
    ]
    assert dates("in the second quarter of 2023") == [
        ("the second quarter of 2023", "2023-Q2")
    ]


def test_modifier_joins_the_span_and_keeps_the_value():
    assert dates("Surgery in early 2011 and a vote in late March.") == [
        ("early 2011", "2011"),
        ("late March", "2024-03"),
    ]


def test_decades_centuries_and_seasons_are_intervals():
    assert dates("In the 1990s and the 20th century.") == [
        ("1990s", "1990/1999"),
        ("20th century", "1900/1999"),
    ]
    assert dates("It rained last summer and in the summer of 2021.") == [
        ("last summer", "2023-06/2023-08"),
        ("summer of 2021", "2021-06/2021-08"),
    ]


def test_timexes_write_seasons_decades_and_centuries_as_timeml_does():
    assert timexes("the 1990s, the 20th century, last summer") == [
        ("1990s", "DATE", "199X"),
        ("20th century", "DATE", "19"),
        ("last summer", "DATE", "2023-SU"),
    ]


# ------------------------------------------------------------------ not dates


def test_ages_and_scores_are_not_dates():
    assert dates("The 45-year-old, aged 45, won 3-1 in 2020.") == [("2020", "2020")]


def test_durations_are_not_dates():
    assert dates("He spent 90 days in jail and two years abroad.") == []


def test_every_and_each_make_a_set_not_a_date():
    assert dates("The index is published each June and every Monday.") == []


def test_counts_after_a_number_are_not_years_but_a_year_before_a_noun_is():
    assert dates("a 2009 analysis of 2000 troops and 2,000 people") == [
        ("2009", "2009")
    ]


def test_named_days_are_not_weekdays():
    assert dates("Voters turned out on Super Tuesday.") == []
    # a holiday is its own day, not the last such weekday (Easter 2024: 31 March)
    assert dates("Shops opened on Good Friday.") == [("Good Friday", "2024-03-29")]


def test_no_article_date_keeps_absolute_dates_only():
    assert dates("On March 4, 2025 and last year.", base=None) == [
        ("March 4, 2025", "2025-03-04")
    ]


# ------------------------------------------------------------------ tense


def test_tense_near_reads_the_nearest_verb_before_the_date():
    text = "He was fired in July, and will start a new job in September."
    assert tense_near(text, text.index("July"), text.index("July") + 4) == "past"
    start = text.index("September")
    assert tense_near(text, start, start + 9) == "future"


def test_expected_and_scheduled_days_are_still_to_come(nlp):
    text = "The final count is expected on Tuesday. It was expected on Friday."
    found = [(d["text"], d["value"]) for d in run_dates(nlp, text, base="2025-09-14")]
    assert found == [("Tuesday", "2025-09-16"), ("Friday", "2025-09-12")]


def test_component_reads_tense_from_the_parse(nlp):
    text = "The memoir is due to be published in May. BP agreed to sell it in October."
    found = {d["text"]: d["value"] for d in run_dates(nlp, text, base="2013-03-22")}
    assert found == {"May": "2013-05", "October": "2012-10"}


# ------------------------------------------------------------------ TimeML timexes


def test_timexes_give_durations_sets_and_times():
    text = (
        "He served five years, then two weeks abroad. It is paid annually and "
        "every year. The talks start at 9:30 a.m. and she left Friday afternoon."
    )
    assert timexes(text) == [
        ("five years", "DURATION", "P5Y"),
        ("two weeks", "DURATION", "P2W"),
        ("annually", "SET", "P1Y"),
        ("every year", "SET", "P1Y"),
        ("9:30 a.m.", "TIME", "2024-04-26T09:30"),
        ("Friday afternoon", "TIME", "2024-04-26TAF"),
    ]


def test_timexes_split_year_ranges_and_mark_references():
    # "recently" is an adverb of the event, not a time TimeML marks (neither
    # TE3 platinum nor AQUAINT tags any of its uses)
    assert timexes("from 2019 to 2023, now and in the past, and recently") == [
        ("2019", "DATE", "2019"),
        ("2023", "DATE", "2023"),
        ("now", "DATE", "PRESENT_REF"),
        ("the past", "DATE", "PAST_REF"),
    ]


def test_clock_time_takes_the_weekday_written_after_it():
    assert timexes("The match was postponed until 15:00 GMT Saturday.") == [
        ("15:00 GMT Saturday", "TIME", "2024-04-27T15:00")
    ]


def test_duration_phrases_keep_their_words_and_values():
    text = (
        "over the past two years, a mere 24 hours, several days, a four-week "
        "closure, the next decade, 12 to 18 months, finishing in 3:07:35"
    )
    assert timexes(text) == [
        ("the past two years", "DURATION", "P2Y"),
        ("a mere 24 hours", "DURATION", "PT24H"),
        ("several days", "DURATION", "PXD"),
        ("four-week", "DURATION", "P4W"),
        ("the next decade", "DURATION", "P10Y"),
        ("12", "DURATION", "P12M"),
        ("18 months", "DURATION", "P18M"),
        ("3:07:35", "DURATION", "PT3H7M35S"),
    ]


def test_rates_and_ages_are_not_durations():
    text = "Four flights a week, $5 a day, a 45-year-old, children aged 6 months."
    # the unit of a rate is a set (as "per week" is), never a duration
    assert timexes(text) == [("a week", "SET", "P1W"), ("a day", "SET", "P1D")]


def test_find_durations_leaves_dates_to_find_dates():
    text = "Two years ago it ended 12 years of rule and a two-year deal."
    found = find_durations(text, BASE, dates=find_dates(text, BASE))
    assert [(t["text"], t["value"]) for t in found] == [
        ("12 years", "P12Y"),
        ("two-year", "P2Y"),
    ]


def test_find_timexes_never_adds_durations_to_date_claims():
    text = "It was the best city five years in a row."
    assert find_dates(text, BASE) == []
    assert timexes(text) == [("five years", "DURATION", "P5Y")]


def test_ordinal_streak_is_not_a_date(nlp):
    text = "Average scores fell for a second year, the institute said."
    assert [d["text"] for d in run_dates(nlp, text)] == []


def test_set_words_inside_names_are_not_sets():
    text = "A report from China Daily on the Quarterly Labour Force Survey, paid daily."
    assert timexes(text) == [("daily", "SET", "P1D")]
