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


def _one_story(tmp_path, first: str, second: str, folders=("pair", "pair")):
    for name, folder, text in (("one", folders[0], first), ("two", folders[1], second)):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / f"{name}.txt").write_text(text)
    options = RunOptions(cache_path=None, stories="folders")
    return process(load_corpus([tmp_path]), options=options)


def _cited(result) -> list[set[str]]:
    return [{e.text for e in f.evidence} for f in result.findings]


def test_one_quarters_results_told_twice_with_different_figures(tmp_path):
    # undated: "the April-June period" is the second quarter of a year not stated;
    # net income and profit are one measure; "a record" says how large, not what
    first = (
        "Net income at Harrow Mills grew to $40 million in the April-June period, "
        "from $31 million, or 20 cents a share, a year earlier."
    )
    second = (
        "Harrow Mills said profits totaled a record $52 million in the April-June "
        "period, up from $31 million, or 20 cents a share, a year earlier."
    )
    result = _one_story(tmp_path, first, second)
    assert {"$40 million", "$52 million"} in _cited(result)
    # the year-earlier figures and their restatement per share agree
    assert not any(any("20 cents" in t for t in cited) for cited in _cited(result))
    apart = _one_story(tmp_path / "apart", first, second, folders=("x", "y"))
    assert apart.findings == []


def test_an_age_range_is_not_a_count_of_what_it_ages(tmp_path):
    result = _one_story(
        tmp_path,
        "The seven men, aged between 22 and 40, were charged in Corlen on Friday.",
        "Between 22 and 40 men were charged in Corlen on Friday.",
    )
    assert {"seven", "22 and 40"} in _cited(result)
    ages = [c for c in result.claims if c.article == "one" and c.low == 22.0]
    assert [(c.type, c.measure) for c in ages] == [("quantity", "age")]


def test_a_rate_per_thousand_is_not_the_count_it_is_made_of(tmp_path):
    result = _one_story(
        tmp_path,
        "In 2003 there were 5,210 burglaries in Lenford, or 14 burglaries per "
        "1,000 homes.",
        "In 2003 there were 14 burglaries in Lenford.",
    )
    assert {"14", "5,210"} in _cited(result)


def test_what_a_sale_fetched_is_what_it_cost(tmp_path):
    # no noun names the measure: the verbs do ("cost", "was sold for"); the other
    # amount of the passage is a tax bill, not what the mill cost
    result = _one_story(
        tmp_path,
        "Orrin Mills was sold for $3.1 million to a local trust to pay the owner's "
        "$7.4 million tax bill.",
        "Orrin Mills cost $7.4 million.",
    )
    assert _cited(result) == [{"$7.4 million", "$3.1 million"}]
    (bill,) = [c for c in result.claims if c.article == "one" and c.value == 7.4e6]
    assert bill.measure == "tax bill"  # the noun the amount is written before


def test_two_outlets_same_day_reports_are_one_telling_of_one_event(nlp):
    """Articles of one story published on the same day, their figures told in
    similar words, report one event: a figure whose owner one side leaves unnamed
    ("The offer is a premium of 28%") still meets the other's ("Harlow is paying a
    35% premium"), in a story found by grouping as in one the input gives."""
    from tests.conftest import run_texts

    a = (
        "Published: 2025-02-03\nHarlow Foods agreed to buy rival snack maker Crisp & "
        "Co on Monday, in the biggest deal in the British food industry this year."
        "\n\nThe offer is a premium of 28% to the share price, and the combined group "
        "will employ 9,500 people, the companies said.\n"
    )
    b = (
        "Published: 2025-02-03\nLONDON (Reuters) - Harlow Foods will buy Crisp & Co, "
        "the companies said on Monday.\n\nHarlow is paying a 35% premium to the share "
        "price. The enlarged snack maker will have about 9,500 staff.\n"
    )
    result = run_texts([("snack_a", a), ("snack_b", b)])
    cited = {
        (f.rule, tuple(sorted(e.text for e in f.evidence))) for f in result.findings
    }
    assert cited == {("value_mismatch", ("28%", "35%"))}
    # a day apart, the two are not known to be of one moment
    later = b.replace("2025-02-03", "2025-02-04")
    assert run_texts([("snack_a", a), ("snack_b", later)]).findings == []
