"""What a date mention is (its mood), from the parse and from the words alone, and what
the date checks make of it. Sentences are our own."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.checks import ArticleInfo, Batch, run_checks
from pipeline.claims import Claim
from pipeline.nlp.dates import find_dates
from tests.conftest import run_texts

BASE = "1991-03-04"


def moods(nlp, text: str, base: str = BASE) -> dict[str, tuple[str, str, bool]]:
    doc = nlp.make_doc(text)
    doc._.cc_base_date = base
    with nlp.select_pipes(disable=["cc_ranks", "cc_quantities", "cc_claims"]):
        found = nlp(doc)._.cc_dates
    return {d["text"]: (d["mood"], d["value"], d["negated"]) for d in found}


@pytest.mark.parametrize(
    "sentence, date, mood",
    [
        (
            "The board declared a dividend of 8 cts payable April 11.",
            "April 11",
            "plan",
        ),
        ("Holders of record on March 25 receive one new share.", "March 25", "plan"),
        ("The board wrote to holders of record on March 25.", "March 25", "plan"),
        ("Bids must be lodged before April 2, the agency said.", "April 2", "plan"),
        ("The licence expires on March 30.", "March 30", "plan"),
        ("The merger vote will be held on March 28.", "March 28", "plan"),
        ("The lender wants the loan repaid by June 30.", "June 30", "plan"),
        ("The second instalment is due on April 15.", "April 15", "plan"),
        ("The plant shut down on February 27 after a fire.", "February 27", "event"),
        ("The minister said on March 1 that talks had failed.", "March 1", "report"),
        ("Sales were higher than in 1989.", "1989", "comparison"),
        ("Output rose to 9 tonnes from 7 tonnes in 1988.", "1988", "comparison"),
        ("Its third-quarter profit doubled.", "third-quarter", "period"),
        (
            "Turnover in the six months to December 31 fell.",
            "the six months to December 31",
            "period",
        ),
        ("He has led the party since January 9.", "January 9", "period"),
    ],
)
def test_a_date_mention_says_what_it_is(nlp, sentence, date, mood):
    found = moods(nlp, sentence)
    assert found[date][0] == mood, found


def test_a_deadline_under_a_past_verb_points_forward(nlp):
    # "declared" is past, but the payment date is still to come: this April, not
    # the previous one
    found = moods(nlp, "The board declared a dividend payable April 11.")
    assert found["April 11"][1] == "1991-04-11"


def test_a_negated_event_is_marked(nlp):
    found = moods(nlp, "The striker did not play on March 2 because of injury.")
    assert found["March 2"][2] is True
    assert moods(nlp, "The striker played on March 2.")["March 2"][2] is False


def test_without_a_parse_the_words_tell_the_mood():
    text = "Shares are payable on April 11; the fund closed on March 1."
    found = {d["text"]: d["mood"] for d in find_dates(text, dt.date(1991, 3, 4))}
    assert found == {"April 11": "plan", "March 1": "event"}


# ------------------------------------------------------------------ the checks


WIRE = (
    "TOLEDO, Ohio, March 4, 1991 -- Harbor Mills Inc said its board declared a "
    "quarterly dividend of 9 cts a share, payable April 11 to holders of record on "
    "March 22. The company said offers for its bonds must arrive before April 8, "
    "and that the offer expires on April 30.\n"
)


def test_a_dateline_precedes_deadlines_and_record_dates_without_a_finding():
    result = run_texts([("wire", WIRE)])
    rules = [f.rule for f in result.findings]
    assert "dateline_before_event" not in rules, [f.message for f in result.findings]


def test_a_dateline_still_cannot_precede_an_event_that_happened():
    text = "TOLEDO, Ohio, March 4, 1991 -- The mill burned down on March 12.\n"
    result = run_texts([("wire", text)])
    assert [f.rule for f in result.findings] == ["dateline_before_event"]


def _event(article: str, text: str, value: str, **extra) -> Claim:
    return Claim(
        article=article,
        start=100,
        end=100 + len(text),
        text=text,
        type="date",
        value=value,
        granularity="day",
        role="body",
        tense="past",
        subject="Rovers",
        subject_key="rovers",
        extra=tuple({"event": "beat", **extra}.items()),
    )


def _batch() -> Batch:
    b = Batch()
    for article in ("a", "b"):
        b.articles[article] = ArticleInfo(article, "x" * 500, story="s")
    return b


def test_the_same_win_on_different_days_is_a_conflict():
    claims = [
        _event("a", "Saturday", "1991-03-02", event_object="county"),
        _event("b", "Sunday", "1991-03-03", event_object="county"),
    ]
    assert [f.rule for f in run_checks(claims, _batch())] == ["event_date_mismatch"]


def test_wins_over_different_teams_are_different_events():
    claims = [
        _event("a", "Saturday", "1991-03-02", event_object="county"),
        _event("b", "Sunday", "1991-03-03", event_object="athletic"),
    ]
    assert run_checks(claims, _batch()) == []


def test_a_game_not_played_is_no_event_date():
    claims = [
        _event("a", "March 2", "1991-03-02", event_object="county"),
        _event("b", "Sunday", "1991-03-03", event_object="county", negated=True),
    ]
    assert run_checks(claims, _batch()) == []


def test_a_span_start_is_no_event_date():
    claims = [
        _event("a", "March 2", "1991-03-02", mood="period"),
        _event("b", "Sunday", "1991-03-03"),
    ]
    assert run_checks(claims, _batch()) == []


def test_a_kick_off_time_under_a_weekday_date_is_no_year():
    text = "Rovers v County\n\nTuesday, 1 March\n\n2000 GMT\n\nRovers are unbeaten.\n"
    result = run_texts([("preview", text)])
    assert "weekday_mismatch" not in [f.rule for f in result.findings]
    dates = [c for c in result.claims if c.type == "date"]
    assert [c.text for c in dates] == ["Tuesday, 1 March"]
