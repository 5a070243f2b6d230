"""Scores a gold set has no labels for are reported as none (null in eval.json, "n/a"
in eval.md), never as 0.000."""

from __future__ import annotations

import json

from pipeline.claims import Claim
from pipeline.evaluate import (
    combine,
    prf,
    render_eval_markdown,
    score_claims,
    score_findings,
)
from pipeline.findings import Evidence, Finding
from pipeline.gold import GoldFinding, GoldSpan


def _finding(article: str, start: int, words: str) -> Finding:
    evidence = (Evidence(article, start, start + len(words), words),)
    return Finding("placeholder", "placeholder", "within", "high", 0.9, "m", evidence)


def _gold(article: str, start: int, words: str) -> GoldFinding:
    span = GoldSpan(article, start, start + len(words), words)
    return GoldFinding("g1", "placeholder", ((span,),))


def _evaluation(findings: dict, claims: dict) -> dict:
    ev = {"articles": ["a"], "findings": findings, "claims": claims}
    return {"sets": {"decisions": ev}, "overall": combine({"decisions": ev})}


def test_no_labels_means_no_score_not_zero():
    block = prf(0, 3, 0, 0)  # three predictions, nothing labelled
    assert (block["precision"], block["recall"], block["f1"]) == (None, None, None)
    assert block["predicted"] == 3
    labelled = prf(1, 2, 1, 1)
    assert (labelled["precision"], labelled["recall"]) == (0.5, 1.0)


def test_a_set_without_gold_claims_scores_its_claims_as_none():
    claims = [Claim("a", 0, 5, "1,200", "count", 1200.0)]
    scored = score_claims(claims, [])
    assert scored["by_type"]["count"]["precision"] is None
    assert scored["overall"]["precision"] is None
    assert scored["overall"]["value_accuracy"] is None
    # and it survives eval.json
    assert json.loads(json.dumps(scored))["by_type"]["count"]["f1"] is None


def test_eval_markdown_says_n_a_where_there_is_no_score():
    findings = score_findings([_finding("a", 0, "[TK]")], [_gold("a", 0, "[TK]")])
    claims = score_claims([Claim("a", 10, 15, "1,200", "count", 1200.0)], [])
    markdown = render_eval_markdown(_evaluation(findings, claims))
    # a set with no gold claims scores findings only: no claims row reads 0.000
    rows = [line for line in markdown.splitlines() if line.startswith("| count")]
    assert all(row.count("n/a") == 6 for row in rows)  # P, R, F1, 3 accuracies
    assert not any("0.000" in row for row in rows)
    assert "| **all** | 1.000 | 1.000 | 1.000 |" in markdown


def test_combining_sets_keeps_counts_when_a_set_has_no_score():
    unlabelled = score_findings([_finding("a", 0, "[TK]")], [])
    labelled = score_findings([_finding("b", 0, "XX")], [_gold("b", 0, "XX")])
    empty_claims = {"by_type": {}}
    total = combine(
        {
            "one": {"articles": ["a"], "findings": unlabelled, "claims": empty_claims},
            "two": {"articles": ["b"], "findings": labelled, "claims": empty_claims},
        }
    )
    assert total["findings"]["predicted"] == 2
    assert (
        total["findings"]["precision"] == 0.5
    )  # the unlabelled one counts as unmatched
    assert total["findings"]["recall"] == 1.0
