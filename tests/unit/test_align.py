"""Alignment by evidence: each feature on cases of our own, and the checks that
compare articles through it (hand-made claims: no model)."""

from __future__ import annotations

import pytest

from pipeline.checks import ArticleInfo, Batch, align, run_checks
from pipeline.claims import Claim
from pipeline.keys import canonical_phrase, measure_key


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("gordon brown", "gordon brown", 1.0),
        ("brown", "gordon brown", 0.9),  # a surname
        ("chancellor gordon brown", "gordon brown", 1.0),  # a title
        ("ilo", "international labour organisation", 0.9),  # an acronym
        ("kenyan", "kenya", 0.8),  # a demonym
        ("mahalingham", "mahalingam", 0.9),  # one name spelt two ways
        ("quake", "earthquake", 0.9),  # near-synonyms
        ("acme", "zenith", 0.0),
        (None, "acme", 0.5),  # unknown is neither for nor against
    ],
)
def test_subject_similarity(a, b, expected):
    assert align.subject_similarity(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("net profit", "net profit", 1.0),
        ("net profit", "profit", 0.8),  # the same head
        ("profit", "net income", 0.8),  # near-synonyms in the news sense
        ("storm", "hurricane", 0.8),
        ("calibre", "caliber", 0.8),  # spelt two ways
        ("flat", "apartment", 0.8),
        ("troop", "soldier", 0.8),
        ("food inflation", "core inflation", 0.0),  # contrastive modifiers
        ("passenger", "tonne", 0.0),
        ("increase", "year increase", 0.5),  # only a movement: unknown
        # "nine other foreign nationals" besides the one named: not the total
        ("other foreign national", "foreign national", 0.5),
        ("other foreign national", "other foreign national", 1.0),
        (None, "profit", 0.5),
    ],
)
def test_measure_similarity(a, b, expected):
    assert align.measure_similarity(a, b) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2024", "2024", 1.0),
        (None, "2024", 0.5),  # unknown is compatible, not a mismatch
        ("--05-03", "2024-05-03", 0.9),  # yearless against dated
        ("2024-Q3", "2024", 0.0),  # a quarter is not the year
        # the same quarter of years not stated: not a mismatch, not the same period
        ("--Q3", "--Q3", 0.7),
        ("--Q3", "--Q2", 0.0),
    ],
)
def test_period_similarity(a, b, expected):
    assert align.period_similarity(a, b) == expected


def test_texts_given_as_one_event_share_the_year_they_do_not_state():
    a = claim("a", 0, "$40 million", 4e7, type="money", period="--Q2")
    b = claim("b", 0, "$52 million", 5.2e7, type="money", period="--Q2")
    assert align.features(a, b, None, None).period == 0.7
    assert align.features(a, b, None, None, one_event=True).period == 1.0


def claim(article, start, text, value, *, type="count", unit=None, subject=None,
          measure=None, period=None, qualifiers=(), tense="past", change="=",
          context=(), ranking=None, **extra) -> Claim:  # fmt: skip
    extra = {"context": list(context), **extra} if context else extra
    return Claim(
        article,
        start,
        start + len(text),
        text,
        type,
        value,
        value,
        value,
        unit,
        change,
        subject,
        measure,
        period,
        subject_key=canonical_phrase(subject) if subject else None,
        measure_key=measure_key(measure),
        tense=tense,
        ranking=ranking,
        qualifiers=tuple(qualifiers),
        extra=tuple(sorted(extra.items())),
    )


def test_a_context_word_the_whole_story_uses_says_little():
    a = claim("a", 0, "9", 9.0, context=("ferry", "sank", "carried"))
    b = claim("b", 0, "10", 10.0, context=("ferry", "sank", "carried"))
    others = [claim(f"x{i}", 0, "1", 1.0, context=("ferry",)) for i in range(20)]
    idf = align.context_idf([a, b, *others])
    assert align.context_similarity(a, b, idf) > align.context_similarity(
        claim("a", 0, "9", 9.0, context=("ferry",)),
        claim("b", 0, "10", 10.0, context=("ferry",)),
        idf,
    )


@pytest.mark.parametrize(
    ("qa", "qb", "agree"),
    [
        ((), (), True),
        (("plan",), (), False),  # a target against an outcome
        (("previous",), (), False),  # "up from 40" against the new level
        (("previous",), ("previous",), True),  # two previous values can disagree
    ],
)
def test_role_agreement(qa, qb, agree):
    a = claim("a", 0, "40", 40.0, qualifiers=qa)
    b = claim("b", 0, "45", 45.0, qualifiers=qb)
    assert (align.role_agreement(a, b) == 1.0) is agree


def test_rates_on_different_bases_do_not_align():
    a = claim("a", 0, "3.3%", 3.3, type="percent", basis="year")
    b = claim("b", 0, "0.2%", 0.2, type="percent", basis="month")
    assert align.role_agreement(a, b) == 0.0


def test_mutual_best_keeps_each_claims_best_match_in_the_other_article():
    a1, a2 = claim("a", 0, "9", 9.0), claim("a", 10, "300", 300.0)
    b1 = claim("b", 0, "10", 10.0)
    kept = align.mutual_best([(a1, b1, 0.9), (a2, b1, 0.6)])
    assert [(x.text, y.text) for x, y, _ in kept] == [("9", "10")]


def test_a_large_block_pairs_only_claims_that_share_words():
    block = [
        claim(f"art{i % 9}", i, str(i), float(i), context=(f"w{i % 30}", "common"))
        for i in range(200)
    ]
    pairs = list(align.candidate_pairs(block))
    assert pairs and all(a.article != b.article for a, b in pairs)
    assert len(pairs) < 200 * 199 / 2 / 10  # not every pair of the block


def _batch(*articles, story="s", published=None, given=False):
    infos = {a: ArticleInfo(a, f"{a} " + "x" * 500, published=(published or {}).get(a), story=story, story_given=given) for a in articles}  # fmt: skip
    return Batch(articles=infos)


FERRY = ("ferry", "capsize", "carry", "passenger", "lake")


def test_the_same_fact_with_incompatible_values_across_articles_is_flagged():
    a = claim("a", 10, "312", 312.0, measure="passengers", context=FERRY)
    b = claim("b", 20, "321", 321.0, measure="passengers", context=FERRY)
    findings = run_checks([a, b], _batch("a", "b"), enabled=["value_mismatch"])
    assert len(findings) == 1 and findings[0].scope == "across"
    assert "same measure" in findings[0].message


def test_two_different_measures_never_align():
    a = claim("a", 10, "312", 312.0, measure="passengers", context=FERRY)
    b = claim("b", 20, "40", 40.0, measure="crew", context=FERRY)
    assert run_checks([a, b], _batch("a", "b"), enabled=["value_mismatch"]) == []


def test_an_update_worded_so_is_not_a_conflict():
    # once a hard exemption ("rose to" near the value); now read with the articles
    a = claim("a", 10, "40", 40.0, measure="death toll", context=FERRY)
    b = claim("b", 20, "52", 52.0, measure="death toll", context=FERRY,
              qualifiers=("update",))  # fmt: skip
    assert run_checks([a, b], _batch("a", "b"), enabled=["value_mismatch"]) == []


def test_rose_to_for_a_stated_period_is_still_compared():
    kw = {"type": "money", "unit": "EUR", "measure": "net profit", "period": "2025-Q3"}
    a = claim("a", 10, "451m", 451e6, context=("profit", "quarter", "chip"), **kw)
    b = claim("b", 20, "412m", 412e6, context=("profit", "quarter", "chip"),
              qualifiers=("update",), **kw)  # fmt: skip
    assert len(run_checks([a, b], _batch("a", "b"), enabled=["value_mismatch"])) == 1


def test_a_value_dated_after_the_other_article_is_newer_not_a_conflict():
    a = claim("a", 10, "78", 78.0, measure="points", context=("league", "win"))
    b = claim("b", 20, "81", 81.0, measure="points", period="2025-05-25",
              context=("league", "win"))  # fmt: skip
    batch = _batch("a", "b", published={"a": "2025-05-18", "b": "2025-05-26"})
    assert run_checks([a, b], batch, enabled=["value_mismatch"]) == []


def test_a_market_quote_in_two_articles_is_not_one_fact_without_a_time():
    kw = {"type": "quantity", "unit": "per dollar", "measure": "rand"}
    a = claim("a", 10, "17.21", 17.21, context=("rand",), **kw)
    b = claim("b", 20, "17.35", 17.35, context=("rand",), **kw)
    assert run_checks([a, b], _batch("a", "b"), enabled=["value_mismatch"]) == []


def test_figures_of_different_stories_are_never_compared():
    a = claim("a", 10, "312", 312.0, measure="passengers", context=FERRY)
    b = claim("b", 20, "321", 321.0, measure="passengers", context=FERRY)
    batch = Batch(articles={
        "a": ArticleInfo("a", "x" * 500, story="s1"),
        "b": ArticleInfo("b", "x" * 500, story="s2"),
    })  # fmt: skip
    assert run_checks([a, b], batch, enabled=["value_mismatch"]) == []


def _money(article, start, text, value, unit):
    return claim(article, start, text, value, type="money", unit=unit)


def test_the_same_amount_converted_at_rates_far_apart_across_articles():
    text = "It paid $20bn ($20bn) ." + " " * 40
    claims = [
        _money("a", 8, "$20bn", 20e9, "USD"),
        _money("a", 15, "£15.4bn", 15.4e9, "GBP"),
        _money("b", 8, "$20bn", 20e9, "USD"),
        _money("b", 15, "£10.6bn", 10.6e9, "GBP"),
        _money("c", 8, "$20bn", 20e9, "USD"),
        _money("c", 15, "£10.8bn", 10.8e9, "GBP"),
    ]
    infos = {a: ArticleInfo(a, text[:8] + "$20bn (" + "£1x.xbn)" + text[28:], story="s") for a in "abc"}  # fmt: skip
    findings = run_checks(
        claims, Batch(articles=infos), enabled=["converted_differently"]
    )
    assert len(findings) == 1
    assert findings[0].evidence[-1].text == "£15.4bn"  # the odd one out is listed last


def test_one_amount_converted_at_nearby_rates_is_not_flagged():
    claims = [
        _money("a", 8, "$20bn", 20e9, "USD"),
        _money("a", 15, "£10.6bn", 10.6e9, "GBP"),
        _money("b", 8, "$20bn", 20e9, "USD"),
        _money("b", 15, "£11bn", 11e9, "GBP"),
    ]
    infos = {a: ArticleInfo(a, "It paid $20bn (£1x.xbn).", story="s") for a in "ab"}
    assert (
        run_checks(claims, Batch(articles=infos), enabled=["converted_differently"])
        == []
    )


def test_a_series_ordinal_given_differently_for_one_event():
    ctx = ("budget", "deliver", "chancellor", "march")
    kw = {"type": "rank", "subject": "Mr Hallam", "ranking": "series:budget",
          "series": True}  # fmt: skip
    a = claim("a", 5, "seventh", 7, context=ctx, **kw)
    b = claim("b", 5, "eighth", 8, context=ctx, **kw)
    c = claim("c", 5, "eighth", 8, context=ctx, **kw)
    findings = run_checks([a, b, c], _batch("a", "b", "c"), enabled=["series_mismatch"])
    assert len(findings) == 1 and {e.text for e in findings[0].evidence} == {
        "seventh",
        "eighth",
    }


def test_undated_reports_of_one_story_are_of_different_moments():
    # two undated reports of one story (an archive): the same measure in different
    # words is another race, poll or match each time, not one fact
    a = claim("a", 10, "23 minutes", 23.0, measure="time", subject="Radcliffe",
              context=("marathon", "london", "record", "run", "win"))  # fmt: skip
    b = claim("b", 20, "18 minutes", 18.0, measure="time", subject="Radcliffe",
              context=("new", "york", "finish", "run", "cold", "time"))  # fmt: skip
    noise = [
        claim("a", 100 + i, str(i), float(i), context=(f"a{i}", "marathon"))
        for i in range(5)
    ] + [
        claim("b", 100 + i, str(i), float(i), context=(f"b{i}", "york"))
        for i in range(5)
    ]
    found = run_checks([a, b, *noise], _batch("a", "b"), enabled=["value_mismatch"])
    assert found == []


def test_two_undated_versions_of_one_report_are_compared():
    ctx = ("ringtone", "market", "worth", "download", "estimate")
    a = claim("a", 10, "£9.4m", 9.4e6, type="money", unit="GBP", measure="market",
              subject="Jupiter", context=ctx)  # fmt: skip
    b = claim("b", 10, "£94m", 94e6, type="money", unit="GBP", measure="market",
              subject="Jupiter", context=ctx)  # fmt: skip
    found = run_checks([a, b], _batch("a", "b"), enabled=["value_mismatch"])
    assert len(found) == 1


def test_two_copies_of_one_text_never_disagree():
    # a batch that holds one article twice: its figures side by side in the two
    # copies are the copy's own figures, never a conflict between them
    ctx = ("income", "high", "earn", "player", "likely")
    a = claim("a", 10, "£39,000", 39e3, type="money", unit="GBP", measure="income",
              context=ctx)  # fmt: skip
    b = claim("b", 40, "£15,000", 15e3, type="money", unit="GBP", measure="income",
              context=ctx)  # fmt: skip
    text = "Those on high income of £39,000 are likelier than those under £15,000."
    infos = {x: ArticleInfo(x, text, story="s") for x in "ab"}
    assert run_checks([a, b], Batch(articles=infos), enabled=["value_mismatch"]) == []


# A passage and a one-line summary of it, undated, as the RTE pairs are: the
# summary names no owner and shares only some of the passage's words.
BOMBS = ("bomb", "kill", "school", "injure", "karachi", "violence")


def _summary_pair():
    passage = claim("t", 40, "eight", 8.0, measure="people", context=BOMBS)
    summary = claim("h", 0, "42", 42.0, measure="people",
                    context=("kill", "karachi", "bomb", "attack"))  # fmt: skip
    return [passage, summary]


def test_undated_texts_given_as_one_story_are_one_telling():
    # given by the input (run --stories folders, a JSONL "story"): the user's word
    # that the two texts report one event, so a summary's figure without an owner
    # is compared with the passage's figure of the same measure
    found = run_checks(_summary_pair(), _batch("t", "h", given=True),
                       enabled=["value_mismatch"])  # fmt: skip
    assert len(found) == 1 and {e.text for e in found[0].evidence} == {"eight", "42"}


def test_the_same_texts_grouped_automatically_are_not():
    # found by grouping, undated texts of a story are of different moments
    found = run_checks(_summary_pair(), _batch("t", "h"), enabled=["value_mismatch"])
    assert found == []


def test_a_given_story_whose_texts_share_few_words_is_not_one_telling():
    # a folder given as a story that is a category (business/, sport/): two of its
    # undated articles with little vocabulary in common are two events
    a = claim("t", 40, "eight", 8.0, measure="people",
              context=("bomb", "kill", "school", "injure", "karachi", "yesterday"))  # fmt: skip
    b = claim("h", 0, "42", 42.0, measure="people",
              context=("concert", "crowd", "stadium", "kill", "queue", "ticket"))  # fmt: skip
    batch = _batch("t", "h", given=True)
    assert run_checks([a, b], batch, enabled=["value_mismatch"]) == []


def test_a_figure_the_other_article_states_too_is_confirmed_not_contradicted():
    # "The twin buildings are 88 stories each, compared with the Sears Tower's 110
    # stories." against "The Sears Tower has 110 stories.": 110 is in both; the 88
    # without an owner must not be taken as the summary's figure
    ctx = ("story", "tower", "sears")
    t88 = claim("t", 20, "88", 88.0, measure="stories", context=(*ctx, "twin"))
    t110 = claim("t", 60, "110", 110.0, measure="stories", subject="Sears Tower",
                 context=ctx)  # fmt: skip
    h110 = claim("h", 20, "110", 110.0, measure="stories", subject="Sears Tower",
                 context=ctx)  # fmt: skip
    batch = _batch("t", "h", given=True)
    assert run_checks([t88, t110, h110], batch, enabled=["value_mismatch"]) == []
    # without the confirming figure, the two are one fact told differently
    t111 = claim("t", 60, "111", 111.0, measure="stories", subject="Sears Tower",
                 context=ctx)  # fmt: skip
    found = run_checks([t88, t111, h110], batch, enabled=["value_mismatch"])
    assert len(found) == 1 and "110" in found[0].message


SLIDE = ("landslide", "kill", "village", "rain", "rescuer")


def test_a_toll_reported_on_different_days_is_a_revision():
    # "killed 41" on Monday, "killed 44" on Wednesday: the toll was revised
    a = claim("a", 10, "41", 41.0, measure="people", context=SLIDE)
    b = claim("b", 10, "44", 44.0, measure="people", context=SLIDE)
    batch = _batch("a", "b", published={"a": "2024-03-04", "b": "2024-03-06"})
    assert run_checks([a, b], batch, enabled=["value_mismatch"]) == []
    # two reports of the same day must agree
    same_day = _batch("a", "b", published={"a": "2024-03-06", "b": "2024-03-06"})
    assert len(run_checks([a, b], same_day, enabled=["value_mismatch"])) == 1


def test_a_measurement_across_days_is_still_compared():
    # a magnitude is measured once: 6.1 and 6.7 days apart still disagree, though
    # the sentence says the quake killed people
    kw = {"type": "number", "measure": "magnitude", "subject": "the quake"}
    a = claim("a", 10, "6.1", 6.1, context=("quake", "kill", "magnitude"), **kw)
    b = claim("b", 10, "6.7", 6.7, context=("quake", "kill", "magnitude"), **kw)
    batch = _batch("a", "b", published={"a": "2024-03-04", "b": "2024-03-06"})
    assert len(run_checks([a, b], batch, enabled=["value_mismatch"])) == 1


def test_figures_of_times_months_apart_are_not_one_fact():
    # "a $1m bounty has been offered" in a story a year on, against "the governor
    # offered a bounty of $250,000 on Monday": two states of affairs
    kw = {"type": "money", "unit": "USD", "measure": "bounty"}
    ctx = ("bounty", "offer", "arrest", "governor")
    a = claim("a", 10, "$250,000", 250e3, period="2021-05-03", context=ctx, **kw)
    b = claim("b", 10, "$1m", 1e6, context=ctx, **kw)
    far = _batch("a", "b", published={"a": "2021-05-05", "b": "2022-06-01"})
    assert run_checks([a, b], far, enabled=["value_mismatch"]) == []
    near = _batch("a", "b", published={"a": "2021-05-05", "b": "2021-05-06"})
    assert len(run_checks([a, b], near, enabled=["value_mismatch"])) == 1


def test_two_named_sources_figures_are_not_one_fact():
    # "lending rose by £7.2bn, the Bank of England said" against "the BBA said
    # lending rose by £4bn": each source's own statistics
    kw = {"type": "money", "unit": "GBP", "measure": "mortgage lending",
          "period": "--01"}  # fmt: skip
    ctx = ("lending", "mortgage", "rise", "january", "december")
    a = claim("a", 10, "£7.2bn", 7.2e9, context=ctx, said_by="Bank of England", **kw)
    b = claim("b", 10, "£4bn", 4e9, context=ctx, said_by="BBA", **kw)
    assert run_checks([a, b], _batch("a", "b"), enabled=["value_mismatch"]) == []
    # the same source, or one side unattributed, is still compared
    c = claim("b", 10, "£4bn", 4e9, context=ctx, said_by="Bank", **kw)
    assert len(run_checks([a, c], _batch("a", "b"), enabled=["value_mismatch"])) == 1
    d = claim("b", 10, "£4bn", 4e9, context=ctx, **kw)
    assert len(run_checks([a, d], _batch("a", "b"), enabled=["value_mismatch"])) == 1


def test_a_figure_told_in_the_same_words_confirms_only_without_a_measure():
    # two versions of one speech: '40,000 evicted, two million in arrears' in both,
    # no measure named: the same number in the same words is the same figure
    ctx = ("evict", "arrears", "never", "return", "mistake", "promise")
    a, b = (
        claim("a", 10, "40,000", 4e4, context=ctx),
        claim("b", 12, "40,000", 4e4, context=ctx),
    )
    assert align.confirms(align.features(a, b, None, None), a, b)
    # "a galaxy 2,000 light-years across, a fraction of the Milky Way" against "the
    # Milky Way measures 2,000 light-years": the same number of another thing
    kw = {"type": "quantity", "unit": "light-year"}
    ctx = ("galaxy", "across", "milky", "way", "measure")
    t = claim("t", 10, "2,000 light-years", 2e3, measure="galaxy", context=ctx, **kw)
    h = claim("h", 10, "2,000 light-years", 2e3, subject="Milky Way", context=ctx, **kw)
    assert not align.confirms(align.features(t, h, None, "milky way"), t, h)


def test_the_word_case_nearby_does_not_make_a_count_a_toll():
    # "in the case of the ferry" is no disease count: 312 and 321 passengers in
    # reports of two days still disagree
    ctx = ("ferry", "case", "carry", "passenger")
    a = claim("a", 10, "312", 312.0, measure="passengers", context=ctx)
    b = claim("b", 10, "321", 321.0, measure="passengers", context=ctx)
    batch = _batch("a", "b", published={"a": "2024-03-04", "b": "2024-03-05"})
    assert len(run_checks([a, b], batch, enabled=["value_mismatch"])) == 1
    # cases of a disease are a running toll
    c = claim("a", 10, "120", 120.0, measure="cases", context=("outbreak",))
    d = claim("b", 10, "135", 135.0, measure="cases", context=("outbreak",))
    assert run_checks([c, d], batch, enabled=["value_mismatch"]) == []
