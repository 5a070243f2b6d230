"""Reading the report folder: articles as the run decoded them, spans, paragraphs."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.findings import Evidence
from pipeline.review.data import (
    Mark,
    locate,
    paragraph_bounds,
    read_article,
    segments,
)


def test_jsonl_articles_are_found_by_their_record_id(tmp_path: Path):
    records = [{"id": "a1", "text": "First story."}, {"id": "a2", "text": "Second."}]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    article = read_article({"id": "a2", "path": "batch.jsonl"}, tmp_path)
    assert article.text == "Second."
    missing = read_article({"id": "a3", "path": "batch.jsonl"}, tmp_path)
    assert (missing.text, missing.problem) == (None, "article not in the file")


def test_text_articles_are_decoded_as_the_run_decoded_them(tmp_path: Path):
    (tmp_path / "bom.txt").write_bytes("\ufeffCaf\u00e9 opens.".encode())
    (tmp_path / "latin.txt").write_bytes("Caf\u00e9 opens.".encode("cp1252"))
    for name in ("bom.txt", "latin.txt"):
        article = read_article({"id": name[:-4], "path": name}, tmp_path)
        assert article.text == "Caf\u00e9 opens."


def test_locate_prefers_the_run_offsets_then_the_nearest_occurrence():
    text = "12 cats. Later 12 dogs. Then 12 birds."
    assert locate(text, Evidence("a", 15, 17, "12")) == (15, 17, False)
    assert locate(text, Evidence("a", 27, 29, "12")) == (29, 31, True)
    assert locate(text, Evidence("a", 0, 2, "13")) is None


def test_long_paragraphs_are_clipped_around_the_span_at_word_boundaries():
    text = "word " * 400 + "TARGET" + " word" * 400
    start = text.index("TARGET")
    a, b, left, right = paragraph_bounds(text, start, start + 6, limit=50)
    assert left and right
    assert text[a:b].startswith("word") and text[a:b].endswith("word")
    assert start - a <= 50 and b - (start + 6) <= 50


def test_overlapping_marks_share_segments():
    text = "Top 24 Science and Technology Clusters"
    marks = [Mark(0, 6, "1", "one"), Mark(0, 38, "2", "two", current=False)]
    cut = segments(text, 0, len(text), marks)
    assert [(s.text, len(s.marks)) for s in cut] == [
        ("Top 24", 2),
        (" Science and Technology Clusters", 1),
    ]
    assert cut[0].current and not cut[1].current
