"""Currency conversions judged at the rates of the article's era, and conversions
in one article that disagree with each other: hand-made claims, no model."""

from __future__ import annotations

from pipeline.checks import ArticleInfo, Batch, run_checks
from pipeline.checks.numeric import (
    conversion_disagreement,
    conversion_mismatch,
    rounding_share,
)
from pipeline.claims import Claim


def money(article: str, text: str, words: str, value: float, unit: str, **kw) -> Claim:
    start = text.index(words)
    return Claim(
        article, start, start + len(words), words, "money", value, unit=unit, **kw
    )


def story(*articles: tuple[str, str], **info) -> Batch:
    """A batch of one story holding these (id, text) articles."""
    batch = Batch()
    for article, text in articles:
        batch.articles[article] = ArticleInfo(article, text, story="s", **info)
    return batch


PRICE_TEXT = "The retailer paid $18.6m (£10.1m) for the warehouse chain."


def warehouse(value_in_pounds: float = 10.1e6, text: str = PRICE_TEXT):
    words = "£10.1m" if "£10.1m" in text else "£5.1m"
    return [
        money("w", text, "$18.6m", 18.6e6, "USD"),
        money("w", text, words, value_in_pounds, "GBP"),
    ]


FAR_OFF = "The retailer paid $18.6m (£5.1m) for the warehouse chain."


def test_a_conversion_at_the_rate_of_its_date_passes():
    # 1.84 dollars to the pound: about the rate of early June 2005
    batch = story(("w", PRICE_TEXT), published="2005-06-07")
    assert conversion_mismatch(warehouse(), batch) == []


def test_the_same_conversion_is_flagged_in_a_year_whose_rate_was_far_off():
    # in March 2015 the pound bought about 1.51 dollars: $18.6m was about £12.3m
    batch = story(("w", PRICE_TEXT), published="2015-03-10")
    [finding] = conversion_mismatch(warehouse(), batch)
    assert finding.rule == "conversion_mismatch" and finding.kind == "number"
    assert "10 March 2015, the article's date" in finding.message
    assert "ECB reference rates" in finding.message
    assert [e.text for e in finding.evidence] == ["$18.6m", "£10.1m"]


def test_a_rate_no_year_since_1999_saw_is_flagged_without_a_date():
    # 3.65 dollars to the pound: no day since 1999 came near
    [finding] = conversion_mismatch(warehouse(5.1e6, FAR_OFF), story(("w", FAR_OFF)))
    assert "no date is known" in finding.message
    assert finding.confidence < 0.75  # a wide band: less sure


def test_the_date_given_for_the_batch_sets_the_rate():
    ok = story(("w", PRICE_TEXT), batch_date="2005-06-01")
    assert conversion_mismatch(warehouse(), ok) == []
    late = story(("w", PRICE_TEXT), batch_date="2016-11-01")
    [finding] = conversion_mismatch(warehouse(), late)
    assert "the date given for the batch" in finding.message


def test_an_undated_story_takes_its_era_from_the_years_it_speaks_of():
    other = "Its sales in 2014 were the best since 2009; in 2014 the chain also grew."
    text = "In 2014 the retailer paid $18.6m (£10.1m) for the warehouse chain."
    batch = story(("w", text), ("o", other))
    [finding] = conversion_mismatch(warehouse(10.1e6, text), batch)
    assert "2014-2015, the years its story speaks of" in finding.message
    # the same words in a story of 2004-05 fit the pound's rate then
    text = text.replace("2014", "2004")
    older = other.replace("2014", "2004").replace("2009", "1999")
    batch = story(("w", text), ("o", older))
    assert conversion_mismatch(warehouse(10.1e6, text), batch) == []


def test_an_article_alone_in_its_story_takes_the_years_its_batch_speaks_of():
    text = PRICE_TEXT
    batch = Batch()
    batch.articles["w"] = ArticleInfo("w", text, story="w")
    for n in range(3):
        batch.articles[f"o{n}"] = ArticleInfo(
            f"o{n}", "Trading in 2016 was slow.", story=f"o{n}"
        )
    [finding] = conversion_mismatch(warehouse(10.1e6, text), batch)
    assert "the years the batch speaks of" in finding.message


def test_before_1999_a_wide_band_is_used_and_said():
    batch = story(("w", PRICE_TEXT), published="1995-05-02")
    assert conversion_mismatch(warehouse(), batch) == []  # 1.84 is within the band
    [finding] = conversion_mismatch(
        warehouse(5.1e6, FAR_OFF), story(("w", FAR_OFF), published="1995-05-02")
    )
    assert "wide band" in finding.message and "1999" in finding.message


def test_a_figure_for_an_earlier_year_may_use_that_years_rate():
    # euros per pound: 1.35 fits 2003's rates with the rounding of '52m', not 2005's
    text = "Fraud in 2003 was worth £38.5m (52m euros), the auditors said."
    claims = [
        money("f", text, "£38.5m", 38.5e6, "GBP", period="2003"),
        money("f", text, "52m euros", 52e6, "EUR"),
    ]
    batch = story(("f", text), published="2005-11-15")
    assert conversion_mismatch(claims, batch) == []
    undated = [money("f", text, "£38.5m", 38.5e6, "GBP"), claims[1]]
    assert len(conversion_mismatch(undated, batch)) == 1


def test_shelf_prices_in_two_markets_are_not_a_conversion():
    text = "The handset costs $199 (£149) and the tablet $299 (£229)."
    claims = [
        money("p", text, "$199", 199, "USD"),
        money("p", text, "£149", 149, "GBP"),
        money("p", text, "$299", 299, "USD"),
        money("p", text, "£229", 229, "GBP"),
    ]
    assert conversion_mismatch(claims, story(("p", text), published="2005-01-12")) == []
    # a deal figure ending in 9 is still a conversion to check
    text = "It paid $19m (£19m) for it."
    claims = [
        money("p", text, "$19m", 19e6, "USD"),
        money("p", text, "£19m", 19e6, "GBP"),
    ]
    assert (
        len(conversion_mismatch(claims, story(("p", text), published="2005-01-12")))
        == 1
    )


def test_a_rate_a_fixed_table_would_reject_passes_at_its_years_rate():
    # 5.7 rand to the dollar was the rate of December 2004, outside the fixed table
    # of yearly rates this check used before
    text = "The miner's bid of 6.8bn rand ($1.2bn) was rejected."
    claims = [
        money("m", text, "6.8bn rand", 6.8e9, "ZAR"),
        money("m", text, "$1.2bn", 1.2e9, "USD"),
    ]
    assert conversion_mismatch(claims, story(("m", text), published="2004-12-15")) == []


def test_rounding_is_half_a_unit_of_the_last_written_digit():
    def share(words):
        return rounding_share(Claim("a", 0, len(words), words, "money", 1.0))

    assert share("$6.3bn") == 0.05 / 6.3
    assert share("$10m") == 0.5 / 10  # two digits: rounded at the last one
    assert share("$500m") == 5 / 500  # trailing zeros beyond two digits are rounding
    about = Claim("a", 0, 6, "£3.35m", "money", 1.0, change="~")
    assert rounding_share(about) > 0.05


# ------------------------------------------------------------ disagreeing conversions

DEAL = (
    "The exchange paid out $500m (£350m) last year and is now valued at "
    "£1.35bn ($2.5bn), its chairman said."
)


def deal_claims(text: str = DEAL) -> list[Claim]:
    return [
        money("x", text, "$500m", 500e6, "USD"),
        money("x", text, "£350m", 350e6, "GBP"),
        money("x", text, "£1.35bn", 1.35e9, "GBP"),
        money("x", text, "$2.5bn", 2.5e9, "USD"),
    ]


def test_two_conversions_at_rates_far_apart_are_a_finding_when_each_alone_passes():
    # no date known: each rate (1.43 and 1.85) is one some year since 1999 saw
    batch = story(("x", DEAL))
    assert conversion_mismatch(deal_claims(), batch) == []
    [finding] = conversion_disagreement(deal_claims(), batch)
    assert finding.rule == "conversion_disagreement" and finding.kind == "number"
    assert {e.text for e in finding.evidence} == {"$500m", "£350m", "£1.35bn", "$2.5bn"}
    assert "far apart" in finding.message


def test_the_outlier_is_the_conversion_further_from_the_rates_of_the_era():
    # 2008-09, the years the story speaks of: the pound went from 2.03 dollars to
    # 1.36, so each rate alone passes; 1.85 is nearer the middle than 1.43
    text = DEAL + " Its shares peaked in 2008."
    batch = story(("x", text), ("y", "In 2008 the markets fell."))
    assert conversion_mismatch(deal_claims(text), batch) == []
    [finding] = conversion_disagreement(deal_claims(text), batch)
    assert finding.evidence[0].text == "$500m"
    assert "'$500m (£350m)' is the one further from" in finding.message


def test_a_conversion_flagged_alone_is_left_to_conversion_mismatch():
    # March 2005: 1.43 dollars to the pound fails on its own and is reported once
    batch = story(("x", DEAL), published="2005-03-10")
    [alone] = conversion_mismatch(deal_claims(), batch)
    assert alone.evidence[0].text == "$500m"
    assert conversion_disagreement(deal_claims(), batch) == []


def test_conversions_of_figures_for_different_periods_may_differ():
    # the periods come from the claims; the text names no year, so no era is known
    text = "It lost 684bn yen ($6.4bn) that year and made 331bn yen ($2.3bn) the next."
    claims = [
        money("n", text, "684bn yen", 684e9, "JPY", period="2000"),
        money("n", text, "$6.4bn", 6.4e9, "USD"),
        money("n", text, "331bn yen", 331e9, "JPY", period="2001"),
        money("n", text, "$2.3bn", 2.3e9, "USD"),
    ]
    assert conversion_disagreement(claims, story(("n", text))) == []
    same_period = [
        money("n", text, "684bn yen", 684e9, "JPY"),
        claims[1],
        money("n", text, "331bn yen", 331e9, "JPY"),
        claims[3],
    ]
    assert len(conversion_disagreement(same_period, story(("n", text)))) == 1


def test_close_rates_in_one_article_are_not_a_finding():
    text = "It paid $42.8m (£23.7m) and then $12.2m (£6.5m)."
    claims = [
        money("c", text, "$42.8m", 42.8e6, "USD"),
        money("c", text, "£23.7m", 23.7e6, "GBP"),
        money("c", text, "$12.2m", 12.2e6, "USD"),
        money("c", text, "£6.5m", 6.5e6, "GBP"),
    ]
    assert conversion_disagreement(claims, story(("c", text))) == []


def test_conversion_checks_run_in_the_reduce_with_the_story_in_view():
    batch = story(("x", DEAL))
    findings = run_checks(deal_claims(), batch)
    assert [f.rule for f in findings] == ["conversion_disagreement"]


def test_a_story_about_past_years_in_a_later_batch_is_judged_up_to_the_batch_year():
    # the text speaks of 2001 (when a pound bought about 1.44 dollars); the batch it
    # came in speaks of 2005 (about 1.82): an undated article is written no earlier
    # than the latest year it names, and may be as late as its batch
    text = "In 2001 the retailer paid $18.6m (£10.1m) for the warehouse chain."
    batch = Batch()
    batch.articles["w"] = ArticleInfo("w", text, story="w")
    for n in range(4):
        batch.articles[f"o{n}"] = ArticleInfo(
            f"o{n}", "Sales in 2005 were the best yet.", story=f"o{n}"
        )
    assert conversion_mismatch(warehouse(10.1e6, text), batch) == []
    alone = story(("w", text))
    [finding] = conversion_mismatch(warehouse(10.1e6, text), alone)
    assert "2001-2002" in finding.message
