"""Hostile text: article words, ids, file names and error reasons reach report.html
and report.md as inert text, never as markup, scripts or links."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.corpus import load_corpus
from pipeline.findings import Evidence, Finding
from pipeline.report import render_html, render_markdown, write_reports
from pipeline.run import process, run_paths

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "</details><script>alert(1)</script>",
    "`</code><script>alert(1)</script>`",
    "<!-- comment --><iframe src=//evil></iframe>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_ERROR = "<svg onload=alert(2)>"  # a file name cannot hold "/"


class _Markup(HTMLParser):
    """Everything in a page that could run or navigate."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.danger: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("script", "img", "svg", "iframe", "object", "embed", "a", "form"):
            self.danger.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.danger.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction") and value:
                if value.strip().lower().startswith(("javascript:", "data:", "//")):
                    self.danger.append(f"{tag} {name}={value}")


def _danger(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.danger


def _hostile_article(n: int, payload: str) -> str:
    return (
        f"LONDON, 3 May (Reuters) - {payload} The figure was <> {payload} on Friday.\n"
        f"Sales rose to $5.{n} billion {payload}, the company said.\n"
    )


@pytest.fixture(scope="module")
def hostile_result(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for n, payload in enumerate(PAYLOADS):
        (folder / f"a{n:02d}.txt").write_text(_hostile_article(n, payload), "utf-8")
    (folder / f"{HOSTILE_NAME}.txt").write_text(_hostile_article(9, "x"), "utf-8")
    (folder / f"{HOSTILE_ERROR}.txt").write_text("", "utf-8")  # an error
    result = process(load_corpus([folder]))
    # findings whose message, value and evidence carry the payloads verbatim
    extra = []
    for article in result.articles:
        text = article.text
        start = text.index("<>")
        for payload in PAYLOADS:
            at = text.find(payload)
            if at < 0:
                continue
            extra.append(
                Finding(
                    kind="placeholder",
                    rule=f"rule {payload}",
                    scope="within",
                    severity="high",
                    confidence=0.5,
                    message=f"Message quoting {payload}",
                    evidence=(
                        Evidence(article.id, at, at + len(payload), payload, payload),
                        Evidence(article.id, start, start + 2, "<>", None),
                    ),
                )
            )
    dismissed = [f.with_review("dismissed") for f in extra[:3]]
    result.findings = [*result.findings, *extra, *dismissed]
    return result


def test_the_payloads_really_are_in_the_report(hostile_result):
    ids = {a.id for a in hostile_result.articles}
    assert HOSTILE_NAME in ids and len(ids) == len(PAYLOADS) + 1
    assert any(HOSTILE_ERROR in e.path for e in hostile_result.errors)
    assert len(hostile_result.findings) > len(PAYLOADS)


def test_html_report_escapes_every_path(hostile_result):
    html = render_html(hostile_result)
    assert _danger(html) == []
    for payload in ["<script>alert(1)</script>", HOSTILE_NAME, HOSTILE_ERROR]:
        assert payload not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the file name, as text
    # the page allows no script at all, whatever slips through
    assert "default-src 'none'" in html


def test_markdown_report_has_no_raw_markup(hostile_result):
    md = render_markdown(hostile_result)
    outside_code = re.sub(r"(`+)(?:(?!\1).)*?\1", "", md)
    for needle in ("<script", "<img", "<svg", "<iframe", "<a ", "<javascript:"):
        assert needle not in outside_code, needle
    assert not re.search(r"(?<!\\)\]\(", outside_code)  # no link or image syntax
    # our own markup only
    tags = {t for t in _tags_in(md)}
    assert tags <= {"sub", "/sub", "details", "/details", "summary", "/summary"}


def _tags_in(md: str) -> list[str]:
    # outside code spans (where markup is inert anyway)
    stripped = re.sub(r"(`+)(?:(?!\1).)*?\1", "", md)
    return re.findall(r"<(/?[a-zA-Z]+)", stripped)


def test_markdown_report_renders_to_inert_html(hostile_result):
    markdown_it = pytest.importorskip("markdown_it")
    rendered = markdown_it.MarkdownIt("commonmark", {"html": True}).render(
        render_markdown(hostile_result)
    )
    assert _danger(rendered) == []


def test_hostile_file_names_are_escaped_in_written_reports(hostile_result, tmp_path):
    paths = write_reports(hostile_result, tmp_path)
    html = paths["html"].read_text("utf-8")
    md = paths["markdown"].read_text("utf-8")
    assert _danger(html) == []
    assert HOSTILE_NAME not in html
    assert not [
        t for t in _tags_in(md) if t.strip("/") not in ("sub", "details", "summary")
    ]
    document = json.loads(paths["findings"].read_text("utf-8"))
    # JSON keeps the words exactly; it is for machines, which must escape on display
    assert HOSTILE_NAME in {a["id"] for a in document["articles"]}


def test_md_code_span_cannot_be_closed_from_inside():
    from pipeline.report.markdown import md_code

    span = md_code("a``b`<script>")
    assert span.startswith("```") and span.endswith("```")


def test_control_characters_in_file_names_do_not_reach_the_terminal(tmp_path, capsys):
    (tmp_path / "evil\x1b[2J\x1b]0;pwned\x07.txt").write_bytes(b"")
    run_paths([str(tmp_path)])
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b[2J" in err and err.count("\n") == 1


def test_hostile_text_through_the_cli(tmp_path):
    """End to end: the written files of a real run hold no live markup."""
    import subprocess
    import sys

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / f"{HOSTILE_NAME}.txt").write_text(
        _hostile_article(1, PAYLOADS[0])
    )
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(tmp_path / "in"),
            "--out",
            str(out),
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    html = (out / "report.html").read_text("utf-8")
    assert _danger(html) == [] and "<script>alert(1)" not in html
    md = (out / "report.md").read_text("utf-8")
    assert not [
        t for t in _tags_in(md) if t.strip("/") not in ("sub", "details", "summary")
    ]
    assert Path(out / "findings.json").exists()
