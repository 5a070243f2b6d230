"""Corpus loading: header dates in any form, datelines with spans, bad files."""

from __future__ import annotations

import json

import pytest

from pipeline.corpus import find_dateline, find_published, load_corpus, make_article


@pytest.mark.parametrize(
    "text, expected",
    [
        (" date 2024-04-26 BEIJING, April 26, 2024 /PRNewswire/ -- A report", "2024-04-26"),
        ("Source: Xinhua\nEditor: huaxia\n2025-09-05 18:38:30\nBEIJING, Sept. 5 (Xinhua) -- x", "2025-09-05"),
        ("Title\n\n发布时间: 2023/10/8 15:37:00\n\nBody text.", "2023-10-08"),
        ("Published: March 4, 2025 09:12\nLIMA, March 4 (Reuters) - Body.", "2025-03-04"),
        ("No header here. LONDON is big.", None),
    ],
)
def test_publication_date_from_any_header_form(text, expected):
    assert find_published(text)[0] == expected


@pytest.mark.parametrize(
    "text, published, words, date",
    [
        ("Beijing, 9 Sep (Zhongxin Net) -- Body 2023.", None, "9 Sep", "2023-09-09"),
        ("x\nBEIJING, Sept. 5 (Xinhua) -- Body.", "2025-09-05", "Sept. 5", "2025-09-05"),
        ("HONG KONG, Aug. 28 (Xinhua) -- Body.", "2024-08-28", "Aug. 28", "2024-08-28"),
        ("BEIJING, April 26, 2024 /PRNewswire/ -- Body.", None, "April 26, 2024", "2024-04-26"),
        ("BEIJING, Jan. 2 (Xinhua) -- Published late.", "2025-12-31", "Jan. 2", "2026-01-02"),
    ],
)
def test_dateline_span_and_date(text, published, words, date):
    d = find_dateline(text, published)
    assert d is not None
    assert text[d.start : d.end] == d.text
    assert text[d.date_start : d.date_end] == words
    assert d.date == date


def test_title_case_phrase_with_brackets_is_not_a_dateline():
    assert find_dateline("The Global Innovation Index (GII) - an annual report.", None) is None


def test_dateline_year_comes_from_the_body_when_no_header():
    a = make_article("a", "a.txt", "PARIS, 9 Sep (AFP) -- The 2022 figures and the 2023 report.")
    assert a.dateline.date == "2023-09-09" and a.dateline.year_source == "body"


def test_bad_files_are_reported_and_good_ones_kept(tmp_path):
    (tmp_path / "good.txt").write_text("LONDON, 3 May (Reuters) - Fine.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("   \n\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "big.txt").write_text("x" * 2000)
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Body one."}) + "\nnot json\n" + json.dumps({"id": "j2"}) + "\n"
    )
    corpus = load_corpus([tmp_path, tmp_path / "missing.txt"], max_bytes=1000)
    assert sorted(a.id for a in corpus.articles) == ["good", "j1"]
    reasons = " ".join(e.reason for e in corpus.errors)
    for code in ("E001", "E003", "E004", "E005", "E006", "E007", "E008"):
        assert code in reasons


def test_latin1_bytes_decode_with_a_note(tmp_path):
    (tmp_path / "l1.txt").write_bytes("Caf\xe9 prices rose 3%.".encode("latin-1"))
    corpus = load_corpus([tmp_path])
    (article,) = corpus.articles
    assert article.text.startswith("Café") and article.encoding == "cp1252" and article.notes


def test_offsets_keep_crlf_newlines(tmp_path):
    raw = "Line one.\r\nLONDON, 3 May (Reuters) - Two.\r\n"
    (tmp_path / "crlf.txt").write_bytes(raw.encode("utf-8"))
    (article,) = load_corpus([tmp_path]).articles
    assert article.text == raw


def test_duplicate_ids_are_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text("One.")
    (tmp_path / "b" / "x.txt").write_text("Two.")
    corpus = load_corpus([tmp_path])
    assert len(corpus.articles) == 1 and "E009" in corpus.errors[0].reason
