"""Stories given by the input: a JSONL record's "story" and --stories folders."""

from __future__ import annotations

import json

import pytest

from pipeline.corpus import load_corpus, make_article
from pipeline.stories import combine_stories, given_stories


def _article(aid, path, story=None):
    return make_article(aid, path, "Some text.", story=story)


def test_folders_make_one_story_each_at_any_depth():
    articles = [
        _article("a", "batch/one/a.txt"),
        _article("b", "batch/one/b.txt"),
        _article("c", "batch/two/deeper/c.txt"),
    ]
    given = given_stories(articles, "folders")
    assert given["a"] == given["b"] == "batch/one"
    assert given["c"] == "batch/two/deeper"


def test_a_jsonl_story_wins_over_its_folder():
    articles = [_article("a", "batch/one/feed.jsonl", story="s9")]
    assert given_stories(articles, "folders") == {"a": "s9"}


def test_auto_gives_only_the_stories_the_records_name():
    articles = [_article("a", "x/a.txt"), _article("b", "x/f.jsonl", story="s1")]
    assert given_stories(articles, "auto") == {"b": "s1"}


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="folders"):
        given_stories([], "by-date")


def test_a_given_story_named_like_an_automatic_one_is_renamed():
    auto = {"a": "a", "b": "a"}
    stories, given = combine_stories(auto, {"c": "a", "d": "a"})
    assert stories["c"] == stories["d"] == "story:a" != stories["a"]
    assert given == {"story:a"}


def test_jsonl_story_field_is_read(tmp_path):
    feed = tmp_path / "feed.jsonl"
    records = [
        {"id": "r1", "text": "One.", "story": "harbour"},
        {"id": "r2", "text": "Two.", "story": 7},
        {"id": "r3", "text": "Three.", "story": ["not", "a", "name"]},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    stories = {a.id: a.story for a in load_corpus([feed]).articles}
    assert stories == {"r1": "harbour", "r2": "7", "r3": None}
