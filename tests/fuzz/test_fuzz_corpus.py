"""Property tests over the corpus loader: any bytes, any text, any date."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pipeline.corpus import (
    MAX_YEAR,
    MIN_YEAR,
    Article,
    LoadError,
    body_years,
    decode_article_bytes,
    find_dateline,
    find_published,
    html_to_text,
    load_file,
    make_article,
)
from tests.fuzz.strategies import any_date, text

SURROGATES = range(0xD800, 0xE000)

# Bytes that look like the files people actually feed in, and plain noise.
file_bytes = st.one_of(
    st.binary(max_size=2000),
    text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    text.map(lambda t: t.encode("utf-16", "surrogatepass")),
    text.map(lambda t: t.encode("cp1252", "replace")),
    st.tuples(text, st.binary(max_size=8), text).map(
        lambda p: p[0].encode("utf-8", "replace")
        + p[1]
        + p[2].encode("utf-8", "replace")
    ),
    st.lists(
        st.sampled_from(
            ["<html>", "<body>", "<p>", "</p>", "<article>", "</article>",
             "<script>", "</script>", "<meta charset='latin-1'>", "<br/>", "&amp;",
             "&#0;", "&#xD800;", "<!--", "-->", "<![CDATA[", "]]>",
             "<time datetime='2024-05-01'>", "text 5%"]
        ),
        max_size=30,
    ).map(lambda parts: "".join(parts).encode()),
)  # fmt: skip


def _no_surrogates(s: str) -> bool:
    return not any(ord(c) in SURROGATES for c in s)


def _check_article(article: Article, max_chars: int) -> None:
    assert article.text.strip() and len(article.text) <= max_chars
    assert _no_surrogates(article.text) and _no_surrogates(article.id)
    d = article.dateline
    if d is not None:
        assert 0 <= d.start <= d.end <= len(article.text)
        assert article.text[d.start : d.end] == d.text
        if d.date_start is not None:
            assert d.start <= d.date_start <= d.date_end <= d.end
    assert 0 <= article.header_end <= len(article.text)
    if article.published:
        assert MIN_YEAR <= int(article.published[:4]) <= MAX_YEAR
        article.base_date  # noqa: B018 - must not raise
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


@given(file_bytes)
def test_decoding_any_bytes_gives_text_or_a_clear_refusal(data):
    try:
        decoded = decode_article_bytes(data)
    except ValueError as err:
        assert str(err)
        return
    assert _no_surrogates(decoded.text)
    assert decoded.lost >= 0
    if decoded.encoding == "utf-8" and not decoded.lost and not decoded.notes:
        assert decoded.text.encode("utf-8") == data


@given(file_bytes, st.sampled_from([".txt", ".html", ".jsonl", ".md", ".dat"]))
def test_loading_any_file_never_raises(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        items = load_file(path, max_bytes=1500, max_chars=1000)
    for item in items:
        assert isinstance(item, (Article, LoadError))
        if isinstance(item, Article):
            _check_article(item, 1000)
        else:
            assert item.reason.startswith("[E") and "\n" not in item.reason


@given(
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {"text": text},
                optional={
                    "id": st.one_of(text, st.integers(), st.none()),
                    "published": st.one_of(text, any_date.map(str), st.integers()),
                },
            ),
            st.from_type(object).map(repr),
        ),
        max_size=5,
    )
)  # fmt: skip
def test_loading_any_jsonl_never_raises(records):
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "batch.jsonl"
        path.write_text("\n".join(lines), "utf-8", errors="surrogatepass")
        items = load_file(path)
    for item in items:
        if isinstance(item, Article):
            _check_article(item, 10**9)


@given(text, st.one_of(st.none(), any_date.map(str), any_date, text))
def test_make_article_on_any_text_and_date(body, published):
    _check_article_lenient(make_article("x", "x.txt", body, published=published))


def _check_article_lenient(article: Article) -> None:
    d = article.dateline
    if d is not None:
        assert article.text[d.start : d.end] == d.text
    if article.published:
        assert MIN_YEAR <= int(article.published[:4]) <= MAX_YEAR


@given(text, st.one_of(st.none(), any_date.map(lambda d: d.isoformat())))
def test_header_functions_never_raise(body, published):
    find_published(body)
    body_years(body)
    if published is None or MIN_YEAR <= int(published[:4]) <= MAX_YEAR:
        d = find_dateline(body, published)
        if d is not None:
            assert body[d.start : d.end] == d.text


@given(st.one_of(text, file_bytes.map(lambda b: b.decode("latin-1"))))
def test_html_to_text_never_raises(page):
    extracted, published = html_to_text(page)
    assert isinstance(extracted, str)
    assert published is None or MIN_YEAR <= int(published[:4]) <= MAX_YEAR
