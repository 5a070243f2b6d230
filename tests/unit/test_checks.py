"""Check families on hand-made claims: fast, no model."""

from __future__ import annotations

from pipeline.checks import ArticleInfo, Batch, run_checks
from pipeline.checks.counts import find_count_list_conflicts
from pipeline.checks.placeholders import find_placeholders
from pipeline.claims import Claim


def claim(article="a", start=0, text="x", ctype="money", value=1.0, **kw) -> Claim:
    kw.setdefault("low", value)
    kw.setdefault("high", value)
    return Claim(article, start, start + len(text), text, ctype, value, **kw)


def revenue(article: str, text: str, value: float) -> Claim:
    """Acme's 2024 revenue in dollars as ``article`` states it."""
    return claim(
        article,
        10,
        text,
        value=value,
        unit="USD",
        subject_key="acme",
        measure_key="revenue",
        period="2024",
    )


def batch(*ids, story="s", text="", **kw) -> Batch:
    b = Batch()
    for i in ids:
        b.articles[i] = ArticleInfo(i, text or f"{i} " + "x" * 500, story=story, **kw)
    return b


def test_value_mismatch_flags_incompatible_values_across_articles():
    a = claim(
        "a",
        10,
        "$5.6 billion",
        value=5.6e9,
        low=5.55e9,
        high=5.65e9,
        unit="USD",
        subject_key="acme",
        measure_key="revenue",
        period="2024",
    )
    b = claim(
        "b",
        10,
        "$4.9 billion",
        value=4.9e9,
        low=4.85e9,
        high=4.95e9,
        unit="USD",
        subject_key="acme",
        measure_key="revenue",
        period="2024",
    )
    (f,) = run_checks([a, b], batch("a", "b"), ["value_mismatch"])
    assert f.scope == "across" and {e.article for e in f.evidence} == {"a", "b"}


def test_compatible_bound_is_not_a_conflict():
    a = claim(
        "a",
        10,
        "more than 1,400",
        ctype="count",
        value=1400.0,
        low=1400.0,
        high=None,
        change=">",
        subject_key="quake",
        measure_key="death",
        period="2025",
    )
    b = claim(
        "b",
        10,
        "1,450",
        ctype="count",
        value=1450.0,
        subject_key="quake",
        measure_key="death",
        period="2025",
    )
    assert run_checks([a, b], batch("a", "b"), ["value_mismatch"]) == []


def test_different_stories_are_never_compared():
    a = revenue("a", "$5.6 billion", 5.6e9)
    b = revenue("b", "$4.9 billion", 4.9e9)
    bt = batch("a", "b")
    bt.articles["b"] = ArticleInfo("b", "x" * 500, story="other")
    assert run_checks([a, b], bt, ["value_mismatch"]) == []


def test_growth_rate_against_previous_period_allows_rounding():
    # "3.3 trillion" (3.25-3.35), up 8.1 percent, implies 3.00-3.10 trillion a year earlier
    level = claim(
        "a",
        10,
        "3.3 trillion yuan",
        value=3.3e12,
        low=3.25e12,
        high=3.35e12,
        unit="CNY",
        subject_key="china",
        measure_key="rd investment",
        period="2023",
        sentence=(0, 100),
    )
    growth = claim(
        "a",
        40,
        "8.1 percent",
        ctype="percent",
        value=8.1,
        low=8.05,
        high=8.15,
        unit="percent",
        change="up",
        subject_key="china",
        measure_key="rd investment",
        period="2023",
        sentence=(0, 100),
    )
    ok = claim(
        "b",
        10,
        "3 trillion yuan",
        value=3e12,
        low=3e12,
        high=None,
        change=">",
        unit="CNY",
        subject_key="china",
        measure_key="rd investment",
        period="2022",
    )
    bad = claim(
        "c",
        10,
        "3.5 trillion yuan",
        value=3.5e12,
        low=3.45e12,
        high=3.55e12,
        unit="CNY",
        subject_key="china",
        measure_key="rd investment",
        period="2022",
    )
    assert run_checks([level, growth, ok], batch("a", "b"), ["growth_mismatch"]) == []
    (f,) = run_checks([level, growth, bad], batch("a", "c"), ["growth_mismatch"])
    assert {e.text for e in f.evidence} == {
        "3.3 trillion yuan",
        "8.1 percent",
        "3.5 trillion yuan",
    }


def test_dateline_before_past_event():
    line = claim(
        "a",
        5,
        "9 Sep",
        ctype="date",
        value="2023-09-09",
        role="dateline",
        granularity="day",
    )
    event = claim(
        "a",
        50,
        "25 September",
        ctype="date",
        value="2023-09-25",
        role="body",
        granularity="day",
        tense="past",
    )
    future = claim(
        "a",
        90,
        "30 September",
        ctype="date",
        value="2023-09-30",
        role="body",
        granularity="day",
        tense="future",
    )
    b = batch(
        "a",
        dateline_date="2023-09-09",
        dateline_span=(5, 10),
        dateline_year_source="stated",
    )
    (f,) = run_checks([line, event, future], b, ["dateline_before_event"])
    assert [e.text for e in f.evidence] == ["9 Sep", "25 September"]


def test_weekday_mismatch():
    wrong = claim(
        "a",
        5,
        "Tuesday, March 5, 2025",
        ctype="date",
        value="2025-03-05",
        granularity="day",
        extra=(("explicit_year", True), ("weekday", "tuesday")),
    )
    right = claim(
        "a",
        50,
        "Wednesday, March 5, 2025",
        ctype="date",
        value="2025-03-05",
        granularity="day",
        extra=(("explicit_year", True), ("weekday", "wednesday")),
    )
    (f,) = run_checks([wrong, right], batch("a"), ["weekday_mismatch"])
    assert f.evidence[0].text == "Tuesday, March 5, 2025"


def test_rank_mismatch_needs_same_subject_ranking_and_year():
    a = claim(
        "a",
        5,
        "ninth",
        ctype="rank",
        value=9,
        subject_key="leeds",
        ranking="premier league",
        period="2021",
    )
    b = claim(
        "b",
        5,
        "11th",
        ctype="rank",
        value=11,
        subject_key="leeds",
        ranking="premier league",
        period="2021",
    )
    c = claim(
        "c",
        5,
        "11th",
        ctype="rank",
        value=11,
        subject_key="leeds",
        ranking="premier league",
        period="2022",
    )
    assert len(run_checks([a, b], batch("a", "b"), ["rank_mismatch"])) == 1
    assert run_checks([a, c], batch("a", "c"), ["rank_mismatch"]) == []


def test_streak_contradicts_a_rank_inside_it():
    s = claim(
        "a",
        5,
        "second",
        ctype="rank",
        value=2,
        subject_key="x",
        ranking="gii",
        period="2024",
        streak=5,
    )
    inside = claim(
        "b",
        5,
        "first",
        ctype="rank",
        value=1,
        subject_key="x",
        ranking="gii",
        period="2022",
    )
    after = claim(
        "c",
        5,
        "first",
        ctype="rank",
        value=1,
        subject_key="x",
        ranking="gii",
        period="2025",
    )
    assert len(run_checks([s, inside], batch("a", "b"), ["streak_contradiction"])) == 1
    assert run_checks([s, after], batch("a", "c"), ["streak_contradiction"]) == []


def test_ranking_size_confused_with_count():
    named = claim(
        "a",
        5,
        "Top 24 Clusters",
        ctype="rank",
        value=24,
        list_size=24,
        measure_key="cluster",
        extra=(("named", True),),
    )
    count = claim(
        "b",
        5,
        "24 of the top 100",
        ctype="count",
        value=24,
        list_size=100,
        measure_key="cluster",
        extra=(("count_in_list", True),),
    )
    (f,) = run_checks([named, count], batch("a", "b"), ["ranking_size_mismatch"])
    assert f.kind == "rank" and len(f.evidence) == 2


def test_count_list_mismatch_and_match():
    text = "Four parties won seats: Civic, Labour, Green and Maren."
    four = claim("a", 0, "Four", ctype="count", value=4.0, sentence=(0, len(text)))
    assert find_count_list_conflicts(text, [four]) == []
    text5 = "Four parties won seats: Civic, Labour, Green, Blue and Maren."
    (hit,) = find_count_list_conflicts(
        text5,
        [claim("a", 0, "Four", ctype="count", value=4.0, sentence=(0, len(text5)))],
    )
    assert hit[3] == 5


def test_placeholders_and_their_look_alikes():
    text = "Profit was $XX million [TK] and <> but Super Bowl XX, XXL shirts and TK-Sat 1 are fine."
    found = [text[a:b] for a, b in find_placeholders(text)]
    assert found == ["$XX million", "[TK]", "<>"]


def test_checks_are_deterministic_in_any_order():
    a = revenue("a", "$5.6 billion", 5.6e9)
    b = revenue("b", "$4.9 billion", 4.9e9)
    c = revenue("c", "$6.9 billion", 6.9e9)
    bt = batch("a", "b", "c")
    assert run_checks([a, b, c], bt) == run_checks([c, a, b], bt)


def test_two_identical_placeholders_are_two_findings_with_distinct_ids():
    text = "Profit was <> in May and <> in June."
    bt = Batch()
    bt.articles["a"] = ArticleInfo("a", text)
    found = run_checks([], bt, ["placeholder"])
    assert len(found) == 2 and len({f.id for f in found}) == 2


def test_event_dates_in_yearless_articles_compare_by_day_and_month():
    def when(article, text, value, resolved):
        return claim(
            article,
            5,
            text,
            ctype="date",
            value=value,
            granularity="day",
            role="body",
            tense="past",
            subject_key="united",
            extra=(("event", "clinch"), ("resolved", resolved)),
        )

    a = when("a", "12 May", "--05-12", "2000-05-12")
    b = when("b", "13 May", "--05-13", "2000-05-13")
    (f,) = run_checks([a, b], batch("a", "b"), ["event_date_mismatch"])
    assert {e.text for e in f.evidence} == {"12 May", "13 May"}
