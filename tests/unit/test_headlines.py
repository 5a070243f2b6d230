"""Article headlines: the headline line of a text file after its header lines, an
HTML page's title, a JSONL record's title."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.corpus import Article, find_headline, load_file, make_article, page_title


def _load(path: Path) -> list[Article]:
    items = load_file(path)
    assert all(isinstance(i, Article) for i in items), items
    return items  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        (
            "Harbour tolls rise again\n\nTolls at the port rose on Monday.\n",
            "Harbour tolls rise again",
        ),
        # header lines first: a source, an editor, a date stamp
        (
            "Source: Coast Wire\nEditor: lmn\n2024-02-03 10:11:12\n"
            "Ferry operator adds night sailings\n\nThe operator said on Friday.\n",
            "Ferry operator adds night sailings",
        ),
        # a date stamp with a source after it, then the headline
        (
            "3 March 2024 | Valley Gazette\n\nMill reopens after the flood\n\nBody.\n",
            "Mill reopens after the flood",
        ),
        (
            "Last updated: 04.05.2024, 09:10\n\nTram line opens\n\nBody text.\n",
            "Tram line opens",
        ),
        # the header date opens the headline's own line
        (
            " date 2024-06-07 Orchard wins export award\n\nBody text here.\n",
            "Orchard wins export award",
        ),
        # the headline comes before the date header
        (
            "Port traffic doubles\n\nposted: 2024/05/06 07:08:09\n\nBody.\n",
            "Port traffic doubles",
        ),
    ],
)
def test_the_headline_is_the_first_line_after_the_header_lines(text, headline):
    assert make_article("a", "a.txt", text).headline == headline


@pytest.mark.parametrize(
    "text",
    [
        # opens with its dateline: no headline
        "RIVERTON, May 3 (Wire) -- The bridge opened on Monday.\n\nMore text.\n",
        "Source: Coast Wire\n2024-02-03 10:11:12\nRIVERTON, Feb. 3 (Wire) -- Body.\n",
        " date 2024-06-07 RIVERTON, June 7, 2024 /Wire/ -- A report:\n\nBody.\n",
        # a first paragraph that is a sentence, or introduces a list
        "The bridge opened on Monday after three years of work.\n\nMore.\n",
        "Residents listed three complaints:\n\nnoise, dust and traffic.\n",
        # one line only: all body
        "Short text without a second line",
        # a long first line is a paragraph
        "word " * 60 + "\n\nMore.\n",
    ],
)
def test_no_headline_when_the_article_opens_with_its_body(text):
    assert make_article("a", "a.txt", text).headline is None


def test_find_headline_needs_no_dateline_to_skip_header_lines():
    text = "Editor: x\n\nCanal reopens to barges\n\nThe canal reopened.\n"
    assert find_headline(text) == "Canal reopens to barges"


def test_a_text_file_gets_its_headline(tmp_path: Path):
    path = tmp_path / "mill.txt"
    path.write_text("Mill reopens\n\nThe mill reopened on Monday.\n", encoding="utf-8")
    [article] = _load(path)
    assert article.headline == "Mill reopens"
    assert article.to_dict()["headline"] == "Mill reopens"


def test_an_html_page_gets_its_title_without_the_site_name(tmp_path: Path):
    page = (
        "<!doctype html><html><head><title>Mill reopens after the flood | Valley "
        "Gazette</title></head><body><article><p>The mill reopened.</p></article>"
        "</body></html>"
    )
    path = tmp_path / "mill.html"
    path.write_text(page, encoding="utf-8")
    [article] = _load(path)
    assert article.headline == "Mill reopens after the flood"
    assert "Valley Gazette" not in article.text  # the title is not body text


def test_an_html_page_prefers_its_og_title(tmp_path: Path):
    page = (
        '<html><head><meta property="og:title" content="Tram line opens">'
        "<title>Home - News - Tram line opens - City Site</title></head>"
        "<body><p>The tram line opened.</p></body></html>"
    )
    path = tmp_path / "tram.html"
    path.write_text(page, encoding="utf-8")
    [article] = _load(path)
    assert article.headline == "Tram line opens"


def test_page_titles_keep_a_dash_that_is_part_of_the_headline():
    assert page_title("Budget approved - Times") == "Budget approved"
    # the part after the dash is longer than a site name: it is the headline's own
    assert page_title("Rates - what the rise means for your mortgage") == (
        "Rates - what the rise means for your mortgage"
    )
    assert page_title("  ") is None


def test_jsonl_records_take_their_title_field(tmp_path: Path):
    records = [
        {"id": "r1", "text": "Body one.", "title": "Dock strike ends"},
        {"id": "r2", "text": "Wharf plans\n\nBody two goes here.\n"},
        {"id": "r3", "text": "Body three.", "title": 7},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    one, two, three = _load(path)
    assert one.headline == "Dock strike ends"
    assert two.headline == "Wharf plans"  # no title: the text's headline line
    assert three.headline is None  # a title that is not text is ignored
