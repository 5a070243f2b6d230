"""The per-article checks run in the map (beside extraction) and the story checks in
the reduce; together they must give exactly what all checks give in one reduce."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.checks import PER_ARTICLE, REGISTRY, Batch, run_checks
from pipeline.corpus import load_corpus
from pipeline.extract import article_info
from pipeline.run import process

ROOT = Path(__file__).resolve().parents[1]
SEEDS, GOLD = ROOT / "seeds", ROOT / "gold"


@pytest.fixture(scope="module")
def dev_run(nlp):
    return process(load_corpus([SEEDS, GOLD / "dev", GOLD / "dev-test"]))


def test_map_and_reduce_give_what_one_reduce_gives(dev_run):
    batch = Batch(
        articles={
            a.id: article_info(a, dev_run.stories.get(a.id, a.id))
            for a in dev_run.articles
        }
    )
    everything = run_checks(dev_run.claims, batch)
    assert [f.to_dict() for f in dev_run.findings] == [f.to_dict() for f in everything]
    assert {f.rule for f in everything} & PER_ARTICLE, "the split is exercised"
    assert {f.rule for f in everything} - PER_ARTICLE, "so is the reduce"


def test_per_article_checks_only_ever_see_one_article(dev_run):
    per_article = [f for f in dev_run.findings if f.rule in PER_ARTICLE]
    assert per_article
    for f in per_article:
        assert f.scope == "within"
        assert len({e.article for e in f.evidence}) == 1


def test_the_story_checks_are_the_ones_comparing_articles():
    assert PER_ARTICLE < set(REGISTRY)
    for name in ("value_mismatch", "rank_mismatch", "event_date_mismatch"):
        assert name not in PER_ARTICLE


# A run of some kinds of checks runs only what they read (extract.plan_for), and
# must find exactly what a run of all checks finds of those kinds.


@pytest.mark.parametrize("kind", ["date", "number", "rank", "count", "placeholder"])
def test_a_run_of_one_kind_finds_what_the_full_run_finds_of_it(dev_run, kind):
    from pipeline.run import RunOptions

    corpus = load_corpus([SEEDS, GOLD / "dev", GOLD / "dev-test"])
    only = process(corpus, options=RunOptions(checks=(kind,)))
    expected = [f.to_dict() for f in dev_run.findings if f.kind == kind]
    assert expected, f"the corpus has {kind} findings"
    assert [f.to_dict() for f in only.findings] == expected


def test_plans_leave_out_what_no_chosen_check_reads():
    from pipeline.extract import plan_for

    assert plan_for(None).disable == () and plan_for(None).stories
    dates = plan_for(["date"])
    assert set(dates.disable) == {"cc_ranks", "cc_quantities"} and dates.nlp
    placeholders = plan_for(["placeholder"])
    assert not placeholders.nlp and not placeholders.stories
    within = plan_for(["weekday_mismatch", "count_list_mismatch"])
    assert not within.stories and within.disable == ()
    with pytest.raises(ValueError, match="unknown check 'nope'"):
        plan_for(["nope"])


def test_only_date_checks_leave_components_out():
    """Rank periods are chosen with the quantities of their sentence in view (the
    unirank story gives 'for 2024' without them, 'for 2025' with): only date claims
    are built from the dates alone."""
    from pipeline.extract import plan_for

    for kind in ("rank", "number", "count"):
        assert plan_for([kind]).disable == ()
