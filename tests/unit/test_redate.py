"""Re-dating an article from its story re-runs crosscheck's own components on the
kept parse; the claims must be the ones a whole new extraction gives."""

from __future__ import annotations

from dataclasses import replace

from pipeline.corpus import make_article
from pipeline.extract import extract, extract_one, may_redate, reextract

# Yearless dateline, years in the body: the dateline's year is only a guess.
YEARLESS = (
    "Floods close mountain pass\n\n"
    "INNSBRUCK, 14 March -- Police closed the Brenner road on Tuesday after 40 "
    "centimetres of rain fell in two days, the worst since the floods of 2005. "
    "The pass will reopen on 20 March, officials said, and 1,200 drivers were "
    "turned back. Repairs will cost 3.5 million euros.\n"
)
DATED = (
    "Floods close mountain pass\n\n"
    "INNSBRUCK, 14 March 2024 -- Police closed the Brenner road on Tuesday.\n"
)


def test_only_articles_that_may_be_redated_keep_their_parse(nlp):
    yearless = make_article("a", "a.txt", YEARLESS)
    dated = make_article("b", "b.txt", DATED)
    assert may_redate(yearless) and not may_redate(dated)
    facts = {f.article.id: f for f in extract(nlp, [yearless, dated])}
    assert facts["a"].parse is not None
    assert facts["b"].parse is None


def test_reextract_from_the_parse_equals_a_new_extraction(nlp):
    article = make_article("a", "a.txt", YEARLESS)
    (first,) = extract(nlp, [article])
    redated = replace(
        article,
        dateline=replace(article.dateline, date="2011-03-14", year_source="story"),
    )
    again = reextract(nlp, first, redated)
    whole = extract_one(nlp, redated)
    assert [c.to_dict() for c in again.claims] == [c.to_dict() for c in whole.claims]
    assert again.entities == whole.entities
    # the new base date reached the components: "Tuesday" is read against 2011
    dates = {c.text: c.value for c in again.claims if c.type == "date"}
    assert dates.get("Tuesday") == "2011-03-08", dates
    assert dates != {c.text: c.value for c in first.claims if c.type == "date"}


def test_reextract_without_a_parse_extracts_whole(nlp):
    article = make_article("a", "a.txt", YEARLESS)
    (first,) = extract(nlp, [article])
    first.parse = None
    redated = replace(
        article,
        dateline=replace(article.dateline, date="2011-03-14", year_source="story"),
    )
    again = reextract(nlp, first, redated)
    assert [c.to_dict() for c in again.claims] == [
        c.to_dict() for c in extract_one(nlp, redated).claims
    ]
