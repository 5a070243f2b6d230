"""Runs with stories given by the input: figures are compared only inside them."""

from __future__ import annotations

import json
import subprocess
import sys

from pipeline.corpus import load_corpus
from pipeline.run import RunOptions, process

QUAKE_A = (
    "Rescuers in the mountain town of Velidra said on Monday that the earthquake had "
    "killed 214 people and destroyed the old market."
)
QUAKE_B = (
    "The earthquake that struck the mountain town of Velidra killed 214 people, "
    "officials said, and destroyed the old market."
)


def test_folders_keep_stories_apart_that_automatic_grouping_would_join(tmp_path):
    for folder, text in (("first", QUAKE_A), ("second", QUAKE_B)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"{folder}.txt").write_text(text)
    corpus = load_corpus([tmp_path])
    auto = process(corpus, options=RunOptions(cache_path=None))
    assert auto.stories["first"] == auto.stories["second"]
    folders = process(corpus, options=RunOptions(cache_path=None, stories="folders"))
    assert folders.stories["first"] != folders.stories["second"]
    assert folders.given_stories == set(folders.stories.values())


def test_a_jsonl_story_groups_articles_that_share_no_names(tmp_path):
    feed = tmp_path / "feed.jsonl"
    records = [
        {"id": "x1", "text": "The ferry left at dawn with its crew.", "story": "s"},
        {"id": "x2", "text": "A storm closed the harbour all week.", "story": "s"},
        {"id": "x3", "text": "Wheat prices were steady in Chicago."},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    result = process(load_corpus([feed]), options=RunOptions(cache_path=None))
    assert result.stories["x1"] == result.stories["x2"] == "s"
    assert result.stories["x3"] != "s"
    assert result.given_stories == {"s"}


def test_the_cli_refuses_an_unknown_story_mode(tmp_path):
    (tmp_path / "a.txt").write_text(QUAKE_A)
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(tmp_path), "--out",
         str(tmp_path / "out"), "--stories", "dates", "--no-cache", "--quiet"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--stories must be one of auto, folders" in done.stderr
