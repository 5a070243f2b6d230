"""Input gaps: every bad record is one coded error naming its file and line; article
ids follow a stated rule (corpus.ID_RULE) and are safe in file names, the review
app's links and the HTML report; file names reach reports and terminals escaped,
and a file whose name is not UTF-8 can still be opened by the review app."""

from __future__ import annotations

import json
import os
import re
from html import unescape
from pathlib import Path

import pytest

from pipeline.checks import select_checks
from pipeline.corpus import (
    ID_RULE,
    MAX_ID_BYTES,
    MAX_ID_CHARS,
    article_file,
    id_problem,
    load_corpus,
)
from pipeline.report import write_reports
from pipeline.review.app import create_app
from pipeline.run import RunOptions, process, run_paths
from tests.review.conftest import BASE_URL, TestClient

BODY = "LONDON, 3 May (Wire) - The council will spend [TK] on the new bridge.\n"


def _jsonl(folder: Path, records: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "batch.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8"
    )
    return path


def _placeholders_only() -> RunOptions:
    return RunOptions(checks=select_checks(["placeholder"]))


BAD_IDS = {
    "slash": ("x/y", "path separator '/'"),
    "backslash": ("x\\y", "path separator '\\\\'"),
    "traversal": ("../../etc/passwd", "path separator"),
    "dot dot": ("..", "path step"),
    "dot": (".", "path step"),
    "NUL": ("nu\x00l", "U+0000"),
    "escape sequence": ("red\x1b[31m", "U+001B"),
    "right-to-left override": ("txt.\u202eexe", "U+202E"),
    "zero-width space": ("a\u200bb", "U+200B"),
    "line separator": ("one\u2028two", "U+2028"),
    "too many characters": ("L" * 5000, "5000 characters long"),
    "too many bytes": ("東" * 100, "takes 300 bytes"),
}


@pytest.mark.parametrize("kind", list(BAD_IDS))
def test_each_bad_id_is_one_coded_error_with_file_and_line(tmp_path, kind):
    bad, says = BAD_IDS[kind]
    path = _jsonl(
        tmp_path,
        [{"id": "good-1", "text": BODY}, {"id": bad, "text": BODY}],
    )
    corpus = load_corpus([path])
    assert [a.id for a in corpus.articles] == ["good-1"]
    (error,) = corpus.errors
    assert error.reason.startswith(f"[E022] {path}:2: article id ")
    assert says in error.reason and ID_RULE in error.reason
    assert not re.search("[\x00-\x1f\u2028\u202e\u200b]", error.reason)
    assert len(error.reason) < 500  # a 5,000-character id is shown cut


@pytest.mark.parametrize(
    "good",
    [
        "Überblick 2024",
        "東京-1",
        "<img src=x onerror=alert(1)>",
        "a #1?%2F&b=c",
        "report.v2",
        "caf\ufffd",
        "x" * MAX_ID_CHARS,
        "é" * (MAX_ID_BYTES // 2),
    ],
)
def test_ids_within_the_rule_are_kept(tmp_path, good):
    assert id_problem(good) is None
    corpus = load_corpus([_jsonl(tmp_path, [{"id": good, "text": BODY}])])
    assert [a.id for a in corpus.articles] == [good] and corpus.errors == []


def test_a_duplicate_id_names_the_lines_of_both_records(tmp_path):
    path = _jsonl(
        tmp_path,
        [
            {"id": "a", "text": BODY},
            {"id": "b", "text": BODY},
            {"id": "a", "text": BODY + "Later version."},
        ],
    )
    corpus = load_corpus([path])
    assert [a.id for a in corpus.articles] == ["a", "b"]
    (error,) = corpus.errors
    assert error.reason == (
        f"[E009] {path}:3: duplicate article id 'a' (first seen in {path}:1)"
    )


def test_a_duplicate_id_across_files_names_the_file_and_line(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    path = _jsonl(
        tmp_path / "more", [{"id": "b", "text": BODY}, {"id": "a", "text": BODY}]
    )
    corpus = load_corpus([tmp_path / "a.txt", path])
    (error,) = corpus.errors
    assert error.reason == (
        f"[E009] {path}:2: duplicate article id 'a' (first seen in {tmp_path / 'a.txt'})"
    )


@pytest.mark.parametrize(
    "text, what",
    [("", "empty"), ("  \n\t ", "only whitespace")],
    ids=["empty", "blank"],
)
def test_an_empty_text_is_not_called_a_whitespace_file(tmp_path, text, what):
    path = _jsonl(tmp_path, [{"id": "a", "text": BODY}, {"id": "e", "text": text}])
    (error,) = load_corpus([path]).errors
    assert error.reason.startswith(f"[E021] {path}:2: the record's 'text' is {what}")
    assert "file holds" not in error.reason


def test_a_control_character_in_a_file_name_reaches_no_report_or_terminal(
    tmp_path, capsys
):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "evil\x1b]0;pwned\x07.txt").write_text(BODY)
    (corpus / "fine.txt").write_text(BODY)
    result = run_paths([str(corpus)], options=_placeholders_only())
    out = tmp_path / "out"
    write_reports(result, out)
    err = capsys.readouterr().err
    assert [a.id for a in result.articles] == ["fine"]
    (error,) = result.errors
    assert error.reason.startswith("[E022]") and "rename the file" in error.reason
    for text in (
        err,
        (out / "report.html").read_text("utf-8"),
        (out / "report.md").read_text("utf-8"),
        (out / "findings.json").read_text("utf-8"),
    ):
        assert "\x1b" not in text and "\x07" not in text
    assert "evil\\x1b]0;pwned\\x07.txt" in err


def _review_client(result, tmp_path: Path) -> TestClient:
    out = tmp_path / "report"
    write_reports(result, out)
    app = create_app(out, tmp_path / "review.sqlite3", base_dir=tmp_path)
    return TestClient(app, base_url=BASE_URL)


def test_a_file_whose_name_is_not_utf8_can_be_reopened_by_the_review_app(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    name = b"caf\xe9 report.txt"
    with open(os.path.join(os.fsencode(corpus), name), "w") as fh:
        fh.write(BODY)
    result = process(load_corpus([corpus]), options=_placeholders_only())
    (article,) = result.articles
    assert article.id == "caf\ufffd report"
    entry = article.to_dict()
    assert entry["path"].endswith("caf\ufffd report.txt")  # shown
    assert Path(article_file(entry)).read_text() == BODY  # and opened again
    client = _review_client(result, tmp_path)
    (finding,) = result.findings
    page = client.get(f"/finding/{finding.id}")
    assert page.status_code == 200 and "file not found" not in page.text
    assert "spend" in unescape(page.text) and "[TK]" in unescape(page.text)


def test_an_escaped_folder_name_is_shown_escaped_and_still_opens(tmp_path):
    folder = tmp_path / "desk\x1b[1m"
    folder.mkdir()
    (folder / "story.txt").write_text(BODY)
    result = process(load_corpus([folder]), options=_placeholders_only())
    (article,) = result.articles
    assert "\x1b" not in article.path and "\\x1b[1m" in article.path
    assert Path(article_file(article.to_dict())).read_text() == BODY
    client = _review_client(result, tmp_path)
    page = client.get("/article/story")
    assert page.status_code == 200 and "\x1b" not in page.text
    assert "new bridge" in page.text


def test_ids_with_url_characters_get_working_links_in_the_review_app(tmp_path):
    # (not "%2F": Starlette's test client decodes a path twice, uvicorn once)
    weird = "a #1?&b=c %"
    path = _jsonl(tmp_path / "in", [{"id": weird, "text": BODY}])
    result = process(load_corpus([path]), options=_placeholders_only())
    client = _review_client(result, tmp_path)
    (finding,) = result.findings
    page = client.get(f"/finding/{finding.id}").text
    links = set(re.findall(r'href="(/article/[^"]+)"', page))
    assert links
    for link in links:
        article = client.get(unescape(link))
        assert article.status_code == 200, link
        assert "new bridge" in article.text
