"""The end of `crosscheck run` for a person: the most severe findings, where the
reports are and the command that reviews them, typed as this shell can run it."""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.corpus import make_article
from pipeline.findings import Evidence, Finding
from pipeline.report import terminal
from pipeline.report.terminal import TOP_FINDINGS, command_name, next_steps
from pipeline.run import RunResult

TEXT = "Harbour dues rise\n\nThe port raised its dues by [TK] on Monday.\n"
WRITTEN = {
    "html": Path("out/report.html"),
    "markdown": Path("out/report.md"),
    "findings": Path("out/findings.json"),
}


def _finding(severity: str, message: str, review: str = "open") -> Finding:
    start = TEXT.index("[TK]")
    evidence = (Evidence("dues", start, start + 4, "[TK]"),)
    return Finding(
        "placeholder", "placeholder", "within", severity, 0.9, message, evidence, review
    )


def _result(findings: list[Finding]) -> RunResult:
    return RunResult(
        articles=[make_article("dues", "dues.txt", TEXT)], findings=findings
    )


def test_the_most_severe_findings_come_first_and_the_list_is_short():
    findings = [_finding("low", f"low {n}") for n in range(TOP_FINDINGS)]
    findings.append(_finding("high", "the worst one"))
    out = next_steps(_result(findings), WRITTEN, db=None, review_url=None, command="cc")
    lines = out.splitlines()
    assert (
        lines[0]
        == f"Top findings ({TOP_FINDINGS} of {TOP_FINDINGS + 1} to review, most severe first):"
    )
    assert lines[1].startswith(
        "  1. HIGH placeholder · placeholder · in Harbour dues rise"
    )
    assert lines[2].strip() == "the worst one"
    assert out.count(". LOW ") == TOP_FINDINGS - 1


def test_dismissed_findings_are_not_listed_again():
    out = next_steps(
        _result([_finding("high", "gone", review="dismissed")]),
        WRITTEN,
        db=None,
        review_url=None,
        command="cc",
    )
    assert out.startswith("No findings to review.") and "gone" not in out


def test_the_reports_and_the_review_command_are_named():
    out = next_steps(
        _result([_finding("medium", "m")]),
        WRITTEN,
        db=Path("out/review.sqlite3"),
        review_url="http://127.0.0.1:9999",
        command=".venv/bin/crosscheck",
    )
    assert "Report: out/report.html (open it in a browser) · out/report.md" in out
    assert (
        "Review: .venv/bin/crosscheck review --report out --db out/review.sqlite3"
        "   then open http://127.0.0.1:9999/" in out
    )


def test_terminal_escapes_in_a_message_are_shown_not_sent():
    out = next_steps(
        _result([_finding("high", "bad \x1b[2J words")]),
        WRITTEN,
        db=None,
        review_url=None,
        command="cc",
    )
    assert "\x1b" not in out and "\\x1b[2J" in out


def test_the_command_is_typed_as_this_shell_reaches_it(monkeypatch, tmp_path):
    program = tmp_path / ".venv" / "bin" / "crosscheck"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(program), "run"])
    monkeypatch.setattr(terminal.shutil, "which", lambda name: None)
    assert command_name() == ".venv/bin/crosscheck"  # not on PATH: its path
    monkeypatch.setattr(terminal.shutil, "which", lambda name: str(program))
    assert command_name() == "crosscheck"  # activated: its name


def test_cli_run_ends_with_the_findings_and_how_to_review(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dues.txt").write_text(TEXT, encoding="utf-8")
    out, db = tmp_path / "out", tmp_path / "out" / "review.sqlite3"
    result = CliRunner().invoke(
        app,
        ["run", str(tmp_path / "in"), "--out", str(out), "--db", str(db),
         "--checks", "placeholder", "--no-cache", "--quiet"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Top findings" not in result.stdout  # --quiet: the summary line only
    result = CliRunner().invoke(
        app,
        ["run", str(tmp_path / "in"), "--out", str(out), "--db", str(db),
         "--checks", "placeholder", "--no-cache", "--review-url", "http://host:1/"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1. HIGH placeholder · placeholder · in Harbour dues rise" in result.stdout
    assert f"Report: {out / 'report.html'}" in result.stdout
    assert f"review --report {out} --db {db}" in result.stdout
    html = (out / "report.html").read_text("utf-8")
    assert 'href="http://host:1/finding/' in html


def test_cli_review_url_without_a_database_is_refused(tmp_path):
    (tmp_path / "dues.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "run",
            str(tmp_path),
            "--out",
            str(tmp_path / "o"),
            "--review-url",
            "http://x",
        ],
    )
    assert result.exit_code == 2
    assert "--review-url needs --db" in result.output
