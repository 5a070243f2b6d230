"""A range claim has no point value (issue 11): the claim round-trips with value
None, and the number checks compare it by its ends instead of failing on it."""

from __future__ import annotations

import ast
from pathlib import Path

from pipeline.checks import ArticleInfo, Batch, run_checks
from pipeline.claims import Claim

ROOT = Path(__file__).resolve().parents[2]


def cost(article: str, text: str, value, low, high) -> Claim:
    """The 2025 repair bill of the harbour, in dollars, as ``article`` gives it."""
    return Claim(
        article, 5, 5 + len(text), text, "money", value, low, high, unit="USD",
        subject_key="harbour", measure_key="repair bill", period="2025",
    )  # fmt: skip


def two_articles() -> Batch:
    b = Batch()
    for i in ("a", "b"):
        b.articles[i] = ArticleInfo(i, f"{i} " + "x" * 200, story="s")
    return b


def test_a_range_claim_round_trips_with_no_value():
    c = cost("a", "$2 million to $3 million", None, 2e6, 3e6)
    data = c.to_dict()
    assert data["value"] is None and (data["low"], data["high"]) == (2e6, 3e6)
    back = Claim.from_dict(data)
    assert back == c and back.is_range and not back.numeric


def test_a_point_value_outside_a_range_conflicts_with_it():
    found = run_checks(
        [
            cost("a", "$2 million to $3 million", None, 2e6, 3e6),
            cost("b", "$5 million", 5e6, 4.95e6, 5.05e6),
        ],
        two_articles(),
        ["value_mismatch"],
    )
    assert [f.rule for f in found] == ["value_mismatch"]
    assert {e.article for e in found[0].evidence} == {"a", "b"}


def test_a_point_value_inside_a_range_does_not():
    found = run_checks(
        [
            cost("a", "$2 million to $3 million", None, 2e6, 3e6),
            cost("b", "$2.5 million", 2.5e6, 2.45e6, 2.55e6),
        ],
        two_articles(),
        None,
    )
    assert found == []


def test_checks_import_nothing_from_nlp():
    for path in (ROOT / "pipeline" / "checks").glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not (
                    node.module.startswith("pipeline.nlp")
                    and path.name != "temporal.py"  # the dates helper moves its table
                ), f"{path.name} imports {node.module}"
