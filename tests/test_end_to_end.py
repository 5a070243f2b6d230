"""The seeds, end to end: the three findings an editor needs and nothing else."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import SEEDS


def _by_rule(result):
    return {f.rule: f for f in result.findings}


def test_seeds_give_exactly_the_three_expected_findings(seeds_result):
    assert sorted(f.rule for f in seeds_result.findings) == [
        "dateline_before_event",
        "placeholder",
        "ranking_size_mismatch",
    ]


def test_dateline_finding_cites_dateline_and_event(seeds_result):
    f = _by_rule(seeds_result)["dateline_before_event"]
    assert [e.text for e in f.evidence] == ["9 Sep", "25 September"]
    assert {e.article for e in f.evidence} == {"000_f2a77b96212fab26"}


def test_ranking_size_finding_lists_every_article_in_one_finding(seeds_result):
    f = _by_rule(seeds_result)["ranking_size_mismatch"]
    texts = {(e.article[:3], e.text) for e in f.evidence}
    assert ("000", "Top 24 Science and Technology Clusters") in texts
    assert ("003", "24 of the top 100") in texts
    assert ("001", "24 of the world's top 100") in texts
    assert f.scope == "across"


def test_placeholder_finding_is_the_mark_itself(seeds_result):
    f = _by_rule(seeds_result)["placeholder"]
    assert [e.text for e in f.evidence] == ["<>"]


def test_every_evidence_span_is_the_article_text_at_its_offsets(seeds_result):
    texts = seeds_result.texts
    assert seeds_result.findings
    for f in seeds_result.findings:
        for e in f.evidence:
            assert texts[e.article][e.start : e.end] == e.text
            assert 0 < e.end - e.start <= 120


def test_every_claim_span_is_the_article_text_at_its_offsets(seeds_result):
    texts = seeds_result.texts
    assert len(seeds_result.claims) > 50
    for c in seeds_result.claims:
        assert texts[c.article][c.start : c.end] == c.text


def test_cli_run_writes_the_contract_files(tmp_path):
    out = tmp_path / "reports"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(SEEDS), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    document = json.loads((out / "findings.json").read_text("utf-8"))
    assert document["schema"] == "crosscheck.findings/1"
    assert len(document["articles"]) == 5
    assert {a["encoding"] for a in document["articles"]} == {"utf-8"}
    assert len(document["findings"]) == 3
    for f in document["findings"]:
        assert set(f) >= {
            "id",
            "kind",
            "rule",
            "scope",
            "severity",
            "confidence",
            "message",
            "evidence",
            "review",
        }
        assert f["review"] == "open"
    lines = (out / "claims.jsonl").read_text("utf-8").splitlines()
    first = json.loads(lines[0])
    assert list(first)[:13] == [
        "article",
        "start",
        "end",
        "text",
        "type",
        "value",
        "low",
        "high",
        "unit",
        "change",
        "subject",
        "measure",
        "period",
    ]
    html = (out / "report.html").read_text("utf-8")
    assert "<mark>9 Sep</mark>" in html and "<script" not in html
    assert "Top 24 Science and Technology Clusters" in (out / "report.md").read_text(
        "utf-8"
    )


def test_cli_fail_on_exits_one_when_a_high_finding_is_open(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(SEEDS),
            "--out",
            str(tmp_path),
            "--fail-on",
            "high",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 1


def test_cli_exits_two_when_nothing_is_readable(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(tmp_path / "empty.txt"),
            str(tmp_path / "missing"),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 2
    assert "empty.txt" in proc.stderr and "missing" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_extract_reads_plain_text_from_stdin():
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", "-"],
        input="Revenue rose 8.1 percent to $3.3 billion in 2023.",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    claims = [json.loads(line) for line in proc.stdout.splitlines()]
    money = [c for c in claims if c["type"] == "money"]
    assert money and money[0]["value"] == 3.3e9 and money[0]["unit"] == "USD"
    assert any(c["type"] == "percent" and c["change"] == "up" for c in claims)


def test_cli_run_with_gold_adds_the_comparison(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(SEEDS),
            "--out",
            str(tmp_path),
            "--gold",
            str(SEEDS.parent / "gold"),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    document = json.loads((tmp_path / "findings.json").read_text("utf-8"))
    assert document["eval"]["findings"]["recall"] == 1.0
    assert len(document["eval"]["articles"]) == 5
    assert "Against the gold set" in (tmp_path / "report.md").read_text("utf-8")


def test_cli_run_date_sets_the_rates_an_undated_conversion_is_judged_at(tmp_path, nlp):
    from typer.testing import CliRunner

    from pipeline.cli import app

    article = tmp_path / "in" / "shop.txt"
    article.parent.mkdir()
    # 1.84 dollars to the pound: June 2005's rate, far above November 2016's (1.22)
    article.write_text("The retailer paid $18.6m (£10.1m) for the chain.\n", "utf-8")
    runner = CliRunner()

    def findings(date: str) -> list[dict]:
        out = tmp_path / date
        result = runner.invoke(
            app,
            ["run", str(article.parent), "--out", str(out), "--date", date]
            + ["--quiet", "--no-cache"],
        )
        assert result.exit_code == 0, result.output
        document = json.loads((out / "findings.json").read_text("utf-8"))
        return [f for f in document["findings"] if f["rule"] == "conversion_mismatch"]

    assert findings("2005-06-07") == []
    [late] = findings("2016-11-01")
    assert "1 November 2016, the date given for the batch" in late["message"]
    bad = runner.invoke(app, ["run", str(article.parent), "--date", "June 2005"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
