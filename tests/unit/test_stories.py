"""Story grouping: shared specific names join articles; the index keeps it near-linear."""

from __future__ import annotations

from collections import Counter

from pipeline.stories import candidate_pairs, group_stories


def ents(*names: str) -> Counter:
    return Counter(names)


def test_articles_sharing_specific_names_form_one_story():
    stories = group_stories(
        {
            "a": ents("ORG:acme robotics", "PERSON:kari lund", "GPE:oslo"),
            "b": ents("ORG:acme robotics", "GPE:oslo"),
            "c": ents("ORG:sancayo", "GPE:peru", "ORG:indeci"),
            "d": ents("GPE:sancayo province", "GPE:peru", "ORG:indeci"),
        }
    )
    assert stories["a"] == stories["b"]
    assert stories["c"] == stories["d"]
    assert stories["a"] != stories["c"]


def test_one_shared_country_is_not_a_story():
    stories = group_stories({"a": ents("GPE:china", "ORG:wipo"), "b": ents("GPE:china", "ORG:huawei")})
    assert stories["a"] != stories["b"]


def test_names_in_very_many_articles_do_not_make_candidate_pairs():
    entities = {f"x{i}": ents("GPE:china", f"ORG:firm {i}") for i in range(200)}
    entities["y1"] = ents("GPE:china", "ORG:firm 3", "PERSON:li wei")
    pairs = candidate_pairs(entities, max_postings=50)
    assert ("x3", "y1") in pairs
    assert len(pairs) == 1
