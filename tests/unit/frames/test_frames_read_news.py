"""Claim frames on news sentences of our own: whose figure, of what, for when.

Each case is a behaviour the builder lacked before it was rebuilt (issue 11,
"Claim frames"), checked through the whole pipeline.
"""

from __future__ import annotations

import pytest

from pipeline.corpus import make_article
from pipeline.extract import extract_one


def _claims(nlp, text, published="2024-05-14"):
    article = make_article("t", "t.txt", text, published=published)
    return extract_one(nlp, article).claims


def _claim(nlp, text, words, published="2024-05-14"):
    return next(c for c in _claims(nlp, text, published) if c.text == words)


@pytest.mark.parametrize(
    ("text", "words", "measure"),
    [
        ("The Greens took 38.6 percent of the ballots.", "38.6 percent", "ballot"),
        ("The envoys held four hours of talks.", "four", "talk"),
        ("The county has $2bn of debt.", "$2bn", "debt"),
        ("Exports made up 41% of national output.", "41%", "national output"),
    ],
)
def test_the_measure_can_follow_the_value(nlp, text, words, measure):
    assert _claim(nlp, text, words).measure == measure


def test_a_noun_left_out_in_a_parallel_clause_is_carried_over(nlp):
    text = "Denmark operates 9 of the 25 ferries, while Sweden operates 7."
    seven = _claim(nlp, text, "7")
    assert (seven.type, seven.measure, seven.subject) == ("count", "ferry", "Sweden")


def test_the_point_of_comparison_counts_what_the_figure_counts(nlp):
    text = "The museum drew 640,000 visitors in July, compared with 590,000 in June."
    june = _claim(nlp, text, "590,000")
    assert (june.type, june.measure_key, june.period) == ("count", "visitor", "2024-06")


def test_the_source_is_recorded_and_is_not_the_subject(nlp):
    text = "Firefighters said 14 homes were destroyed."
    homes = _claim(nlp, text, "14")
    assert homes.subject is None and homes.measure_key == "home"
    assert homes.get("said_by") == "Firefighters"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The side finished with 41 points, six fewer than a year earlier.", "41"),
        ("Revenue climbed 8% compared with 2023.", "8%"),
        ("Rents rose 4% from a year earlier.", "4%"),
    ],
)
def test_a_comparison_date_is_not_the_period_of_the_claim(nlp, text, words):
    assert _claim(nlp, text, words).period is None


def test_the_compared_value_keeps_the_date_of_its_phrase(nlp):
    text = "The deficit narrowed to £3.1bn, down from March's £3.9bn."
    assert _claim(nlp, text, "£3.9bn").period == "2024-03"
    assert _claim(nlp, text, "£3.1bn").period is None


def test_a_start_date_after_from_is_still_a_period(nlp):
    text = "The fee will rise to £40 from April."  # the next April: it will rise
    assert _claim(nlp, text, "£40").period == "2025-04"


@pytest.mark.parametrize(
    ("text", "words", "measure"),
    [
        ("Shares jumped after the £2.1bn ($3.9bn) bid was agreed.", "£2.1bn", "bid"),
        ("The two-stage, 30-metre rocket carried 8 satellites.", "8", "satellite"),
        ("Second-quarter revenue reached $7m.", "$7m", "Second-quarter revenue"),
    ],
)
def test_measures_are_the_texts_own_words_without_figures(nlp, text, words, measure):
    assert _claim(nlp, text, words).measure == measure


def test_a_figure_that_is_its_own_subject_has_no_measure_from_itself(nlp):
    claim = _claim(nlp, "More than 300 were evacuated overnight.", "More than 300")
    assert claim.type == "count" and claim.measure is None


def test_a_quarter_in_an_undated_article_never_takes_the_stand_in_year(nlp):
    claim = _claim(nlp, "Third-quarter sales rose to $9m.", "$9m", published=None)
    assert claim.period in (None, "--Q3")  # never "2000-Q3"


def test_a_pronoun_continues_the_previous_sentences_subject(nlp):
    text = (
        "Volvo presented its figures on Monday in Gothenburg and Ghent. "
        "It built 1.1 million trucks in the year."
    )
    assert _claim(nlp, text, "1.1 million").subject == "Volvo"


def test_a_party_name_tagged_as_a_noun_is_still_a_name(nlp):
    claim = _claim(nlp, "Labour won 40.2 percent of the vote.", "40.2 percent")
    assert (claim.subject, claim.measure) == ("Labour", "vote")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Dana Ortiz, a 31-year-old nurse from Leeds, was hurt.", "31"),
        ("Dana Ortiz, 31, was hurt on the platform.", "31"),
    ],
)
def test_an_age_measures_age_whatever_noun_it_modifies(nlp, text, words):
    c = _claim(nlp, text, words)
    assert (c.type, c.unit, c.measure_key) == ("quantity", "year of age", "age")


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Dana Ortiz, a 31-year-old nurse from Leeds, was hurt.", "dana ortiz"),
        ("Ortiz took her 6-year-old son to the clinic, Ortiz said.", "son"),
    ],
)
def test_an_age_belongs_to_the_noun_it_describes(nlp, text, owner):
    age = next(c for c in _claims(nlp, text) if c.measure_key == "age")
    assert age.subject_key == owner


def test_a_figure_keeps_the_source_its_paragraph_named(nlp):
    text = (
        "Loans fell to 79,000 in May, the Harbour Bank said. Overall, lending rose "
        "by £7.2bn in May.\n\nIn another survey, lending rose by £4bn."
    )
    said = {c.text: c.get("said_by") for c in _claims(nlp, text)}
    assert said["79,000"] == said["£7.2bn"] == "Harbour Bank"
    assert said["£4bn"] is None  # a new paragraph names no source


def test_the_subject_nearest_the_verb_wins_over_a_dateline_fragment(nlp):
    # a place-only dateline the parse hangs on the verb as a second subject
    text = (
        "LISBON -- The Harbour Authority of the Tagus is now the 12th busiest port "
        "operator in Europe, according to the Atlas Port Index 2026."
    )
    rank = next(c for c in _claims(nlp, text) if c.type == "rank" and c.value == 12)
    assert rank.subject_key == "harbour authority"


def test_a_streak_belongs_to_the_rank_of_its_own_clause(nlp):
    text = (
        "Norvik has risen to 40th place in the Atlas Port Index 2026, up from 44th, "
        "and remains the top-ranked port in the Nordics for the third consecutive year."
    )
    rank = next(c for c in _claims(nlp, text) if c.type == "rank" and c.value == 40)
    assert rank.streak is None


def test_a_counted_noun_owned_by_a_name_is_that_names_count(nlp):
    # the clause is about the expulsion; the 19 are NATO's members
    text = (
        "The expulsion only hardened the resolve of Tarvia's 19 allies, officials said."
    )
    count = next(c for c in _claims(nlp, text) if c.type == "count")
    assert (count.subject_key, count.measure_key) == ("tarvia", "ally")


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        (
            "Anna Berg and Piet Smit were fined $400 and $250, respectively.",
            {"$400": "Anna Berg", "$250": "Piet Smit"},
        ),
        (
            "Two riders, Lena Holt and Mia Roos, finished in 41 and 44 minutes "
            "respectively.",
            {"41": "Lena Holt", "44 minutes": "Mia Roos"},
        ),
    ],
)
def test_respectively_gives_each_figure_its_own_name(nlp, text, owners):
    found = {c.text: c.subject for c in _claims(nlp, text) if c.text in owners}
    assert found == owners


def test_without_respectively_the_figures_keep_the_clause_subject(nlp):
    text = "Anna Berg and Piet Smit were fined $400 and $250."
    found = {c.subject for c in _claims(nlp, text) if c.type == "money"}
    assert "Piet Smit" not in found
