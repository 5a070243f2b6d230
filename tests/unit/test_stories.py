"""Story grouping: close vocabularies and shared specific names join articles; places
alone never do; the index keeps the work near-linear."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from pipeline.stories import candidate_pairs, group_stories, same_story, shared_score


def article(names=(), terms=()) -> Counter:
    return Counter([*names, *(f"TERM:{t}" for t in terms)])


QUAKE = (
    "earthquake",
    "magnitude",
    "toll",
    "rescue",
    "injure",
    "collapse",
    "province",
    "aftershock",
)
RESULTS = (
    "revenue",
    "profit",
    "quarter",
    "order",
    "chip",
    "equipment",
    "analyst",
    "forecast",
)


def test_articles_with_close_vocabularies_form_one_story():
    stories = group_stories(
        {
            "a": article(["GPE:peru"], QUAKE),
            "b": article(["GPE:peru"], QUAKE[:6] + ("hospital",)),
            "c": article(["ORG:norvale"], RESULTS),
            "d": article(["ORG:norvale"], RESULTS[:6] + ("taiwan",)),
        }
    )
    assert stories["a"] == stories["b"]
    assert stories["c"] == stories["d"]
    assert stories["a"] != stories["c"]


def test_shared_places_alone_never_make_a_story():
    places = ["GPE:china", "GPE:south korea", "GPE:taiwan", "LOC:east asia"]
    assert shared_score(article(places), article(places)) < 1.0
    stories = group_stories(
        {"a": article(places, QUAKE), "b": article(places, RESULTS)}
    )
    assert stories["a"] != stories["b"]


def test_months_apart_need_twice_the_evidence():
    assert same_story(content=0.25, names=0.0, far_apart=False)
    assert not same_story(content=0.25, names=0.0, far_apart=True)
    assert same_story(content=0.15, names=2.5, far_apart=True)
    entities = {
        "a": article(["ORG:norvale"], RESULTS),
        "b": article(["ORG:norvale"], RESULTS[:3] + QUAKE[:5]),
    }
    near = {"a": dt.date(2025, 4, 1), "b": dt.date(2025, 4, 3)}
    far = {"a": dt.date(2025, 4, 1), "b": dt.date(2025, 10, 3)}
    assert group_stories(entities, dates=near)["b"] == "a"
    assert group_stories(entities, dates=far)["b"] == "b"


def test_words_found_in_very_many_articles_do_not_make_candidate_pairs():
    entities = {
        f"x{i}": article(["GPE:china", f"ORG:firm {i}"], ["say"]) for i in range(200)
    }
    entities["y1"] = article(["GPE:china", "ORG:firm 3", "PERSON:li wei"], ["say"])
    pairs = candidate_pairs(entities, max_postings=50)
    assert ("x3", "y1") in pairs
    assert len(pairs) == 1


FERRY = ("ferry", "capsize", "passenger", "rescue", "coast", "lifeboat", "harbour")
BUDGET = ("budget", "tax", "spending", "deficit", "minister", "parliament", "vote")


def test_one_bridging_article_pair_does_not_chain_two_stories():
    # a2 and b1 share a name and words (a reporter's aside), nothing else does:
    # single links would make one story of all four
    stories = group_stories(
        {
            "a1": article(["ORG:nordline"], FERRY),
            "a2": article(["ORG:nordline", "PERSON:ana ruiz"], FERRY[:5] + BUDGET[:2]),
            "b1": article(["PERSON:ana ruiz", "ORG:treasury"], BUDGET[:5] + FERRY[:2]),
            "b2": article(["ORG:treasury"], BUDGET),
        }
    )
    assert stories["a1"] == stories["a2"]
    assert stories["b1"] == stories["b2"]
    assert stories["a1"] != stories["b1"]


def test_an_article_joins_a_story_linked_to_enough_of_its_articles():
    stories = group_stories(
        {
            "a1": article(["ORG:nordline"], FERRY),
            "a2": article(["ORG:nordline"], FERRY),
            "a3": article(["ORG:nordline"], FERRY[:6]),
        }
    )
    assert stories["a1"] == stories["a2"] == stories["a3"]
