"""Property tests over the human-readable reports: whatever the article says, its
file is called or a message quotes, report.html and report.md hold no live markup."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.corpus import LoadError, make_article
from pipeline.findings import Evidence, Finding
from pipeline.report import render_html, render_markdown
from pipeline.run import RunResult
from tests.fuzz.strategies import text
from tests.test_hostile_text import _danger

HOSTILE = [
    "<script>", "</script>", "<img src=x onerror=alert(1)>", '"', "'", "`", "``",
    "](javascript:alert(1))", "[", "<a href='javascript:x'>", "<!--", "-->", "&",
    "&lt;", "<svg onload=1>", "\n", "\n\n", "# ", "1. ", "> ", "*", "_", "|", "\\",
]  # fmt: skip
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), text), min_size=1, max_size=12
).map("".join)


@st.composite
def results(draw):
    body = draw(hostile_text) + "x"
    name = draw(hostile_text)
    article = make_article(name, f"{name}.txt", body)
    start = draw(st.integers(0, len(body) - 1))
    end = draw(st.integers(start + 1, len(body)))
    finding = Finding(
        kind="placeholder",
        rule=draw(hostile_text),
        scope="within",
        severity="high",
        confidence=0.5,
        message=draw(hostile_text),
        evidence=(Evidence(name, start, end, body[start:end], draw(hostile_text)),),
        review=draw(st.sampled_from(["open", "confirmed", "dismissed"])),
    )
    error = LoadError(draw(hostile_text), draw(hostile_text))
    return RunResult(articles=[article], findings=[finding], errors=[error])


@given(results())
def test_html_report_is_inert_for_any_text(result):
    assert _danger(render_html(result)) == []


@given(results())
def test_markdown_report_renders_inert_for_any_text(result):
    markdown_it = pytest.importorskip("markdown_it")
    md = render_markdown(result)
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).render(md)
    assert _danger(html) == []
