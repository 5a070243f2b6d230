"""report.html, report.md and findings.json as a reader sees them: findings grouped by
story under headlines, review state and links to the review app, Markdown that reads
as plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from pipeline.corpus import make_article
from pipeline.findings import Evidence, Finding
from pipeline.report import render_html, render_markdown
from pipeline.report.json_report import findings_document
from pipeline.run import RunResult

FERRY_A = (
    "Ferry fares rise again\n\n"
    "DOVER, 4 March (Wire) -- Fares on the night crossing rose to £41 on 2024-03-01, "
    "the operator said, and [TK] more sailings are planned.\n"
)
FERRY_B = "PORTSMOUTH, 5 March (Wire) -- The operator put the new fare at £44.\n"
BAKERY = "Bakery opens second shop\n\nThe bakery opened a second shop on Monday.\n"


@dataclass(frozen=True)
class Record:
    """What the review store gives for a decided finding."""

    updated_by: str
    updated_at: str
    reason_label: str | None
    note: str | None


def _span(article: str, text: str, words: str, value: str | None = None) -> Evidence:
    start = text.index(words)
    return Evidence(article, start, start + len(words), words, value)


@pytest.fixture
def result() -> RunResult:
    articles = [
        make_article("ferry_a", "ferry_a.txt", FERRY_A),
        make_article("ferry_b", "ferry_b.txt", FERRY_B),
        make_article("bakery", "bakery.txt", BAKERY),
    ]
    fare = Finding(
        "number",
        "value_mismatch",
        "across",
        "high",
        0.7,
        "The night fare is given as £41 and as £44.",
        (
            _span("ferry_a", FERRY_A, "£41", "41"),
            _span("ferry_b", FERRY_B, "£44", "44"),
        ),
    )
    mark = Finding(
        "placeholder",
        "placeholder",
        "within",
        "medium",
        0.95,
        "Unfilled placeholder '[TK]' left in the copy.",
        (_span("ferry_a", FERRY_A, "[TK]"),),
    )
    date = Finding(
        "date",
        "dateline_before_event",
        "within",
        "low",
        0.6,
        "A date after the dateline.",
        (_span("ferry_a", FERRY_A, "2024-03-01", "2024-03-01"),),
        review="dismissed",
    )
    return RunResult(
        articles=articles,
        findings=[fare, mark, date],
        stories={"ferry_a": "s1", "ferry_b": "s1", "bakery": "s2"},
    )


def test_findings_json_lists_the_stories_with_their_headlines(result):
    stories = findings_document(result)["stories"]
    assert stories == [
        {
            "id": "s1",
            "articles": ["ferry_a", "ferry_b"],
            "label": "Ferry fares rise again",
            "given": False,
        },
        {
            "id": "s2",
            "articles": ["bakery"],
            "label": "Bakery opens second shop",
            "given": False,
        },
    ]
    assert findings_document(result)["articles"][0]["headline"] == (
        "Ferry fares rise again"
    )


def test_a_story_given_by_the_input_says_so(result):
    result.given_stories = {"s2"}
    given = {s["id"]: s["given"] for s in findings_document(result)["stories"]}
    assert given == {"s1": False, "s2": True}


def test_an_article_without_headline_is_named_by_its_opening_words(result):
    document = findings_document(result)
    assert document["articles"][1]["headline"] is None
    html = render_html(result)
    assert "“The operator put the new fare at £44.”" in html


def _story_sections(html: str) -> list[str]:
    return re.findall(
        r'<section class="story".*?(?=<section class="story"|<details)', html, re.S
    )


def test_html_groups_findings_by_story_and_lists_each_article_once(result):
    html = render_html(result)
    [ferries] = _story_sections(html)  # the bakery story has no finding to review
    assert "<h2>Ferry fares rise again" in ferries
    listed = re.search(r'<ul class="story-articles">(.*?)</ul>', ferries, re.S)[1]
    assert listed.count("<li>") == 2
    assert 'id="f-' in ferries and ferries.count('class="finding ') == 2
    # the quiet story and the article table are folded away
    quiet = re.search(r'<details id="quiet-stories">(.*?)</details>', html, re.S)[1]
    assert "Bakery opens second shop" in quiet
    assert re.search(r'<details id="articles">.*?<table>', html, re.S)


def test_html_shows_status_plainly_and_who_dismissed_and_why(result):
    result.reviews = {
        result.findings[2].id: Record(
            "Ann", "2025-03-04T10:00:00+00:00", "Update over time", "fare changed"
        )
    }
    html = render_html(result)
    shown, dismissed = html.split('<details id="dismissed">')
    assert '<span class="status open">open</span>' in shown
    assert (
        "Dismissed by Ann on 2025-03-04: Update over time (fare changed)" in dismissed
    )


def test_html_links_each_finding_to_the_review_app_when_the_run_had_one(result):
    assert "Review it in the app" not in render_html(result)
    result.review_url = "http://127.0.0.1:9000"
    html = render_html(result)
    for f in result.findings:
        assert f'href="http://127.0.0.1:9000/finding/{f.id}"' in html
    assert "1 of 3 reviewed" in html  # the dismissed one


def test_markdown_reads_as_plain_text(result):
    md = render_markdown(result)
    assert "(characters " in md and "\\[" not in md  # no escaped brackets
    assert "value 41" in md and "2024-03-01" in md and "2024\\-" not in md
    assert "Unfilled placeholder '[TK]' left in the copy." in md
    assert "`value_mismatch`" in md and "value\\_mismatch" not in md
    assert "**£41** on" in md  # no stray space inside or around the bold words
    assert "**[TK]** more" in md
    assert "## Ferry fares rise again" in md
    assert "Stories without findings (1, 1 articles)" in md


def test_markdown_renders_each_evidence_bold(result):
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").render(render_markdown(result))
    assert re.findall(r"<strong>(.*?)</strong>", html) == ["£41", "£44", "[TK]"]


def test_bold_evidence_after_a_letter_still_renders():
    markdown_it = pytest.importorskip("markdown_it")
    text = "Output fell to x(9) units.\n"
    article = make_article("t", "t.txt", text)
    finding = Finding(
        "count", "count_list_mismatch", "within", "low", 0.5, "m",
        (_span("t", text, "(9)"),),
    )  # fmt: skip
    md = render_markdown(RunResult(articles=[article], findings=[finding]))
    html = markdown_it.MarkdownIt("commonmark").render(md)
    assert re.findall(r"<strong>(.*?)</strong>", html) == ["x(9)"]
