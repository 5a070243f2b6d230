"""Decisions back to gold: ``crosscheck review export``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.gold import check_gold
from pipeline.review.cli import review_app
from pipeline.review.errors import ReportError
from pipeline.review.export import export_gold, gold_id
from pipeline.review.store import ReviewStore, apply_reviews


def _decided(corpus, db_path: Path) -> ReviewStore:
    """Register the findings (as ``run --db`` does) and decide on two of them."""
    apply_reviews(corpus.findings, db_path)
    store = ReviewStore(db_path)
    store.decide(
        corpus.toll.id,
        "confirm",
        editor="Ann",
        expected_version=1,
        note="the wire is right",
    )
    store.decide(
        corpus.placeholder.id,
        "dismiss",
        editor="Bo",
        expected_version=1,
        reason="extraction_error",
    )
    return store


def _load(gold_dir: Path) -> dict:
    return json.loads((gold_dir / "review" / "gold.json").read_text(encoding="utf-8"))


def _spans(finding) -> list[dict]:
    return [
        {"article": e.article, "start": e.start, "end": e.end, "text": e.text}
        for e in finding.evidence
    ]


def test_export_round_trip_gives_one_slot_per_span_and_traps(corpus, db_path):
    _decided(corpus, db_path)
    gold = corpus.root / "gold"
    summary = export_gold(gold / "review", db_path, corpus.report, base_dir=corpus.root)
    assert (summary.findings, summary.traps, summary.added) == (1, 1, 2)
    document = _load(gold)
    assert document["schema"] == "crosscheck.gold/1"
    [finding] = document["findings"]
    assert finding["id"] == gold_id(corpus.toll.id)
    assert (finding["kind"], finding["rule"], finding["scope"]) == (
        "number",
        "value_mismatch",
        "across",
    )
    assert finding["slots"] == [[s] for s in _spans(corpus.toll)]
    assert (
        "Confirmed by Ann" in finding["note"] and "the wire is right" in finding["note"]
    )
    [trap] = document["traps"]
    assert trap["id"] == gold_id(corpus.placeholder.id)
    assert trap["spans"] == _spans(corpus.placeholder)
    assert "Extraction error" in trap["note"]
    # open findings are not exported
    assert gold_id(corpus.dateline.id) not in json.dumps(document)
    # and the file passes `crosscheck gold check`
    assert check_gold(gold / "review" / "gold.json") == []


def test_exported_articles_resolve_relative_to_the_gold_file(corpus, db_path):
    _decided(corpus, db_path)
    gold = corpus.root / "gold"
    export_gold(gold / "review", db_path, corpus.report, base_dir=corpus.root)
    document = _load(gold)
    assert [a["id"] for a in document["articles"]] == ["quake_local", "quake_wire"]
    assert document["articles"][1]["published"] == "2025-03-04"
    for article in document["articles"]:
        assert not Path(article["path"]).is_absolute()
        text = (gold / "review" / article["path"]).read_text(encoding="utf-8")
        assert text == corpus.texts[article["id"]]
        for entry in document["findings"]:
            for slot in entry["slots"]:
                for span in slot:
                    if span["article"] == article["id"]:
                        assert text[span["start"] : span["end"]] == span["text"]


def test_export_merges_with_an_existing_file_without_duplicates(corpus, db_path):
    _decided(corpus, db_path)
    gold = corpus.root / "gold"
    (gold / "review").mkdir(parents=True)
    hand_made = {
        "id": "hand-f1",
        "kind": "date",
        "rule": "x",
        "scope": "within",
        "note": "kept",
        "slots": [[{"article": "a", "start": 0, "end": 1, "text": "x"}]],
    }
    (gold / "review" / "gold.json").write_text(
        json.dumps(
            {
                "schema": "crosscheck.gold/1",
                "story": "hand-labelled",
                "articles": [],
                "claims": [],
                "findings": [hand_made],
                "traps": [],
            }
        ),
        encoding="utf-8",
    )
    first = export_gold(gold / "review", db_path, corpus.report, base_dir=corpus.root)
    second = export_gold(gold / "review", db_path, corpus.report, base_dir=corpus.root)
    assert (first.added, first.replaced) == (2, 0)
    assert (second.added, second.replaced) == (0, 2)
    document = _load(gold)
    assert document["story"] == "hand-labelled"
    ids = [e["id"] for e in document["findings"] + document["traps"]]
    assert sorted(ids) == sorted(
        {"hand-f1", gold_id(corpus.toll.id), gold_id(corpus.placeholder.id)}
    )


def test_a_changed_decision_moves_between_findings_and_traps(corpus, db_path):
    store = _decided(corpus, db_path)
    gold = corpus.root / "gold"
    export_gold(gold / "review", db_path, corpus.report, base_dir=corpus.root)
    store.decide(
        corpus.toll.id,
        "dismiss",
        editor="Cy",
        expected_version=2,
        reason="different_period",
    )
    store.decide(corpus.placeholder.id, "reopen", editor="Cy", expected_version=2)
    summary = export_gold(gold / "review", db_path, corpus.report, base_dir=corpus.root)
    document = _load(gold)
    assert document["findings"] == []
    assert [t["id"] for t in document["traps"]] == [gold_id(corpus.toll.id)]
    assert summary.withdrawn == 1  # the reopened placeholder left the file


def test_export_follows_spans_moved_by_an_edit(corpus, db_path):
    _decided(corpus, db_path)
    local = corpus.root / "articles" / "quake_local.txt"
    local.write_text(
        "CORRECTION appended above.\n" + corpus.texts["quake_local"], encoding="utf-8"
    )
    gold = corpus.root / "gold"
    export_gold(gold / "review", db_path, corpus.report, base_dir=corpus.root)
    [finding] = _load(gold)["findings"]
    moved = finding["slots"][1][0]
    text = local.read_text(encoding="utf-8")
    assert text[moved["start"] : moved["end"]] == "1,200"
    assert moved["start"] == corpus.toll.evidence[1].start + len(
        "CORRECTION appended above.\n"
    )


def test_export_skips_findings_whose_words_are_gone(corpus, db_path):
    _decided(corpus, db_path)
    (corpus.root / "articles" / "quake_local.txt").write_text(
        "Rewritten.\n", encoding="utf-8"
    )
    gold = corpus.root / "gold"
    summary = export_gold(gold / "review", db_path, corpus.report, base_dir=corpus.root)
    assert summary.findings == 0 and summary.traps == 0
    assert (
        len(summary.skipped) == 2
        and "'1,200' not found" in summary.skipped[0] + summary.skipped[1]
    )


def test_export_uses_the_store_snapshot_for_findings_no_longer_reported(
    corpus, db_path, monkeypatch
):
    monkeypatch.chdir(corpus.root)
    articles = [
        {"id": "quake_wire", "path": "articles/quake_wire.txt"},
        {"id": "quake_local", "path": "articles/quake_local.txt"},
    ]
    apply_reviews(corpus.findings, db_path, articles=articles)
    ReviewStore(db_path).decide(
        corpus.toll.id, "confirm", editor="Ann", expected_version=1
    )
    corpus.write([corpus.placeholder])  # a later run no longer reports the toll
    summary = export_gold(corpus.root / "gold" / "review", db_path, corpus.report)
    assert summary.findings == 1 and not summary.skipped
    [finding] = _load(corpus.root / "gold")["findings"]
    assert finding["slots"] == [[s] for s in _spans(corpus.toll)]


def test_export_refuses_to_replace_an_unreadable_gold_file(corpus, db_path):
    _decided(corpus, db_path)
    target = corpus.root / "gold" / "review" / "gold.json"
    target.parent.mkdir(parents=True)
    target.write_text("{ half a file", encoding="utf-8")
    with pytest.raises(ReportError, match="E055"):
        export_gold(
            corpus.root / "gold" / "review",
            db_path,
            corpus.report,
            base_dir=corpus.root,
        )
    assert target.read_text(encoding="utf-8") == "{ half a file"


def test_cli_export_writes_the_gold_file(corpus, db_path, monkeypatch):
    _decided(corpus, db_path)
    monkeypatch.chdir(corpus.root)
    result = CliRunner().invoke(
        review_app,
        ["export", "--gold", "gold", "--db", str(db_path), "--report", "report"],
    )
    assert result.exit_code == 0, result.output
    assert "1 findings, 1 traps" in result.output
    assert (corpus.root / "gold" / "review" / "gold.json").is_file()


def test_cli_fails_in_one_line_without_a_report_or_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    served = runner.invoke(review_app, ["--report", "nowhere"])
    assert served.exit_code == 2
    assert "[E053]" in served.output and "Traceback" not in served.output
    exported = runner.invoke(review_app, ["export", "--gold", "gold"])
    assert exported.exit_code == 2
    assert "no review database" in exported.output


def test_nothing_is_written_before_any_decision(corpus, db_path):
    apply_reviews(corpus.findings, db_path)
    summary = export_gold(corpus.root / "gold" / "review", db_path, corpus.report)
    assert not summary.written
    assert not (corpus.root / "gold" / "review" / "gold.json").exists()
    assert "no decisions to export yet" in summary.line()


def test_cli_export_by_default_writes_a_gold_set_of_its_own(
    corpus, db_path, monkeypatch
):
    _decided(corpus, db_path)
    project_gold = corpus.root / "gold"
    (project_gold / "seeds").mkdir(parents=True)
    monkeypatch.chdir(corpus.root)
    result = CliRunner().invoke(
        review_app, ["export", "--db", str(db_path), "--report", "report"]
    )
    assert result.exit_code == 0, result.output
    written = corpus.root / "report" / "review-gold" / "gold.json"
    assert written.is_file()
    assert check_gold(written) == []
    assert "crosscheck eval --gold report/review-gold" in result.output
    # the project's gold folder, which `crosscheck eval` scores, is left alone
    assert sorted(p.name for p in project_gold.iterdir()) == ["seeds"]


def test_cli_export_refuses_both_a_folder_and_a_gold_set(corpus, db_path):
    _decided(corpus, db_path)
    result = CliRunner().invoke(
        review_app,
        ["export", "--out", str(corpus.root / "x"), "--gold", str(corpus.root / "g")],
    )
    assert result.exit_code == 2
    assert "not both" in result.output
