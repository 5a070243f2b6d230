"""Gold sets: the checker reads articles as a run does, benchmark sets and slices,
labels added to a shipped set, and per-rule precision in eval."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli import app, chosen_sets
from pipeline.evaluate import render_eval_markdown, score_gold_set
from pipeline.findings import Evidence, Finding
from pipeline.gold import check_gold, gold_sets

LATIN_1_TEXT = "Le café de Zoë vend 3 crêpes pour £5 à Noël.\n"


def _write_set(folder, items: dict, texts: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for article, data in texts.items():
        (folder / f"{article}.txt").write_bytes(data)
    gold = {
        "schema": "crosscheck.gold/1",
        "story": "test",
        "articles": [{"id": a, "path": f"{a}.txt"} for a in texts],
        "claims": [],
        "findings": items.get("findings", []),
        "traps": items.get("traps", []),
    }
    (folder / "gold.json").write_text(json.dumps(gold), "utf-8")


def _span(article: str, text: str, words: str) -> dict:
    start = text.index(words)
    return {
        "article": article,
        "start": start,
        "end": start + len(words),
        "text": words,
    }


def test_gold_check_reads_a_latin_1_article_as_the_run_does(tmp_path):
    trap = {"id": "t1", "kind": "number", "spans": [_span("cafe", LATIN_1_TEXT, "£5")]}
    _write_set(
        tmp_path / "set", {"traps": [trap]}, {"cafe": LATIN_1_TEXT.encode("latin-1")}
    )
    assert check_gold(tmp_path / "set") == []
    result = CliRunner().invoke(app, ["gold", "check", str(tmp_path / "set")])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_gold_check_still_catches_a_span_off_by_one_in_a_latin_1_article(tmp_path):
    span = _span("cafe", LATIN_1_TEXT, "£5")
    span["start"] += 1
    trap = {"id": "t1", "kind": "number", "spans": [span]}
    _write_set(
        tmp_path / "set", {"traps": [trap]}, {"cafe": LATIN_1_TEXT.encode("latin-1")}
    )
    [problem] = check_gold(tmp_path / "set")
    assert problem.startswith("[G007]")


def test_an_added_label_must_say_why(tmp_path):
    text = "Sales were $5m (£40m) last year.\n"
    trap = {
        "id": "t1",
        "kind": "number",
        "spans": [_span("a", text, "$5m")],
        "added": True,
    }
    _write_set(tmp_path / "set", {"traps": [trap]}, {"a": text.encode()})
    [problem] = check_gold(tmp_path / "set")
    assert problem.startswith("[G017]") and "reason" in problem


def test_a_slice_naming_an_unknown_article_is_reported(tmp_path):
    _write_set(tmp_path / "set", {}, {"a": b"Some text.\n"})
    (tmp_path / "set" / "slice.json").write_text('{"articles": ["a", "zz"]}', "utf-8")
    [problem] = check_gold(tmp_path / "set")
    assert problem.startswith("[G018]") and "'zz'" in problem


def _two_sets(tmp_path):
    text = "Sales were $5m (£40m) last year, and 3 of 2 stores closed.\n"
    finding = {
        "id": "f1",
        "kind": "number",
        "rule": "conversion_mismatch",
        "slots": [[_span("a", text, "$5m")], [_span("a", text, "£40m")]],
    }
    added = {
        "id": "f2",
        "kind": "number",
        "rule": "part_exceeds_whole",
        "slots": [[_span("a", text, "3")], [_span("a", text, "2 stores")]],
        "added": True,
        "reason": "found while testing",
    }
    _write_set(
        tmp_path / "big",
        {"findings": [finding, added]},
        {"a": text.encode(), "b": b"Other.\n"},
    )
    (tmp_path / "big" / "slice.json").write_text('{"articles": ["a"]}', "utf-8")
    _write_set(tmp_path / "small", {}, {"c": b"Third.\n"})
    (tmp_path / "thresholds.json").write_text(
        json.dumps({"benchmark_sets": {"big": "too large"}, "sets": {}}), "utf-8"
    )
    return text


def test_benchmark_sets_run_only_when_named_or_with_all(tmp_path):
    _two_sets(tmp_path)
    sets = gold_sets(tmp_path)
    assert {s.name: s.benchmark for s in sets} == {
        "big": True,
        "big-slice": False,
        "small": False,
    }
    assert [s.name for s in chosen_sets(sets)] == ["big-slice", "small"]
    assert [s.name for s in chosen_sets(sets, benchmarks=True)] == [
        "big",
        "big-slice",
        "small",
    ]
    assert [s.name for s in chosen_sets(sets, only=["big"])] == ["big"]


def test_a_slice_keeps_the_items_of_its_articles(tmp_path):
    _two_sets(tmp_path)
    piece = next(s for s in gold_sets(tmp_path) if s.name == "big-slice")
    assert [a.id for a in piece.articles] == ["a"]
    assert [g.id for g in piece.findings] == ["f1", "f2"]
    assert piece.parent == "big"


def _finding(rule: str, *spans: tuple[int, int, str]) -> Finding:
    return Finding(
        kind="number",
        rule=rule,
        scope="within",
        severity="medium",
        confidence=0.5,
        message=rule,
        evidence=tuple(Evidence("a", s, e, t, None) for s, e, t in spans),
    )


def test_eval_reports_precision_per_rule_and_false_alarms_per_thousand(tmp_path):
    text = _two_sets(tmp_path)
    big = next(s for s in gold_sets(tmp_path) if s.name == "big")
    at = text.index
    predicted = [
        _finding(
            "conversion_mismatch",
            (at("$5m"), at("$5m") + 3, "$5m"),
            (at("£40m"), at("£40m") + 4, "£40m"),
        ),
        _finding(
            "part_exceeds_whole",
            (at("3 of"), at("3 of") + 1, "3"),
            (at("2 st"), at("2 st") + 8, "2 stores"),
        ),
        _finding("count_list_mismatch", (at("last"), at("last") + 4, "last")),
    ]
    scores = score_gold_set(predicted, big, n_articles=2)
    rules = scores["by_rule"]
    assert rules["conversion_mismatch"] == {
        "predicted": 1,
        "true": 1,
        "false": 0,
        "precision": 1.0,
        "gold": 1,
        "caught": 1,
    }
    assert rules["count_list_mismatch"]["false"] == 1
    assert rules["count_list_mismatch"]["precision"] == 0.0
    assert scores["false_alarms_per_1000"] == 500.0  # 1 false alarm in 2 articles
    # as shipped, the added label does not count: its finding is a false alarm there
    shipped = scores["shipped"]
    assert shipped["by_rule"]["part_exceeds_whole"]["false"] == 1
    assert shipped["false_alarms_per_1000"] == 1000.0
    assert [(a["id"], a["caught"], a["reason"]) for a in scores["added"]] == [
        ("f2", True, "found while testing")
    ]
    markdown = render_eval_markdown(
        {
            "sets": {
                "big": {
                    "articles": ["a", "b"],
                    "findings": scores,
                    "claims": {"by_type": {}},
                }
            }
        }
    )
    assert "| conversion_mismatch | 1 | 1 | 0 | 1.00 |" in markdown
    assert "As shipped" in markdown and "found while testing" in markdown
    assert "False alarms per 1,000 articles: 500.00" in markdown


def test_thresholds_hold_floors_and_ceilings():
    from pipeline.evaluate import below_thresholds

    evaluation = {
        "sets": {"s": {"findings": {"precision": 0.5, "traps": {"violated": 4}}}}
    }
    limits = {"findings.precision": 0.5, "max": {"findings.traps.violated": 4}}
    assert below_thresholds(evaluation, {"sets": {"s": limits}}) == []
    limits = {"findings.precision": 0.6, "max": {"findings.traps.violated": 3}}
    assert below_thresholds(evaluation, {"sets": {"s": limits}}) == [
        "s: findings.precision 0.5000 < 0.6000",
        "s: findings.traps.violated 4.0000 > 3.0000",
    ]
