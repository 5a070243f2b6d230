"""Corpus loading: header dates in any form, datelines with spans, bad files."""

from __future__ import annotations

import codecs
import json
import os
import time

import pytest

from pipeline.corpus import (
    decode_article_bytes,
    find_dateline,
    find_published,
    html_to_text,
    load_corpus,
    make_article,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            " date 2024-04-26 BEIJING, April 26, 2024 /PRNewswire/ -- A report",
            "2024-04-26",
        ),
        (
            "Source: Xinhua\nEditor: huaxia\n2025-09-05 18:38:30\n"
            "BEIJING, Sept. 5 (Xinhua) -- x",
            "2025-09-05",
        ),
        ("Title\n\n发布时间: 2023/10/8 15:37:00\n\nBody text.", "2023-10-08"),
        (
            "Published: March 4, 2025 09:12\nLIMA, March 4 (Reuters) - Body.",
            "2025-03-04",
        ),
        ("No header here. LONDON is big.", None),
    ],
)
def test_publication_date_from_any_header_form(text, expected):
    assert find_published(text)[0] == expected


@pytest.mark.parametrize(
    "text, published, words, date",
    [
        ("Beijing, 9 Sep (Zhongxin Net) -- Body 2023.", None, "9 Sep", "2023-09-09"),
        (
            "x\nBEIJING, Sept. 5 (Xinhua) -- Body.",
            "2025-09-05",
            "Sept. 5",
            "2025-09-05",
        ),
        ("HONG KONG, Aug. 28 (Xinhua) -- Body.", "2024-08-28", "Aug. 28", "2024-08-28"),
        (
            "BEIJING, April 26, 2024 /PRNewswire/ -- Body.",
            None,
            "April 26, 2024",
            "2024-04-26",
        ),
        (
            "BEIJING, Jan. 2 (Xinhua) -- Published late.",
            "2025-12-31",
            "Jan. 2",
            "2026-01-02",
        ),
    ],
)
def test_dateline_span_and_date(text, published, words, date):
    d = find_dateline(text, published)
    assert d is not None
    assert text[d.start : d.end] == d.text
    assert text[d.date_start : d.date_end] == words
    assert d.date == date


def test_title_case_phrase_with_brackets_is_not_a_dateline():
    assert (
        find_dateline("The Global Innovation Index (GII) - an annual report.", None)
        is None
    )


def test_dateline_year_comes_from_the_body_when_no_header():
    a = make_article(
        "a", "a.txt", "PARIS, 9 Sep (AFP) -- The 2022 figures and the 2023 report."
    )
    assert a.dateline.date == "2023-09-09" and a.dateline.year_source == "body"


def test_bad_files_are_reported_and_good_ones_kept(tmp_path):
    (tmp_path / "good.txt").write_text(
        "LONDON, 3 May (Reuters) - Fine.\n", encoding="utf-8"
    )
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("   \n\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "big.txt").write_text("x" * 2000)
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Body one."})
        + "\nnot json\n"
        + json.dumps({"id": "j2"})
        + "\n"
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
    assert (
        article.text.startswith("Café")
        and article.encoding == "cp1252"
        and article.notes
    )


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


# --------------------------------------------------------------- decoding policy


@pytest.mark.parametrize(
    "data, encoding, note",
    [
        ("Café 3%".encode(), "utf-8", None),
        (codecs.BOM_UTF8 + "Café".encode(), "utf-8", "UTF-8 byte-order mark"),
        ("Café".encode("utf-16"), "utf-16-le", "UTF-16 byte-order mark"),
        (codecs.BOM_UTF16_BE + "Café".encode("utf-16-be"), "utf-16-be", "UTF-16"),
        ("Café".encode("utf-32"), "utf-32-le", "UTF-32 byte-order mark"),
        ("Café owners said".encode("utf-16-le"), "utf-16-le", "NUL-byte pattern"),
        ("Café owners said".encode("utf-16-be"), "utf-16-be", "NUL-byte pattern"),
        ("Café € 3%".encode("cp1252"), "cp1252", "cp1252 (Windows Latin-1) assumed"),
        (b"Caf\xe9 \x81", "latin-1", "Latin-1 assumed"),
    ],
)
def test_decoding_says_what_it_assumed(data, encoding, note):
    decoded = decode_article_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.lost == 0
    assert decoded.text.startswith("Caf")
    if note is None:
        assert decoded.notes == ()
    else:
        assert any(note in n for n in decoded.notes), decoded.notes


def test_utf8_with_a_few_bad_bytes_keeps_utf8_and_counts_the_loss():
    data = "Ünïcödé café € ".encode() + b"\xff\xfe" + " and é".encode() + b"\xc3"
    decoded = decode_article_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.lost == 3 and decoded.first_lost == len("Ünïcödé café € ".encode())
    assert decoded.text == "Ünïcödé café € \ufffd\ufffd and é\ufffd"


@pytest.mark.parametrize(
    "data, why",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "zip archive"),
        (b"%PDF-1.7\n", "PDF document"),
        (b"\x1f\x8b\x08\x00", "gzip archive"),
        (b"plain text\x00with a NUL", "NUL bytes"),
        (bytes(range(1, 32)) * 4 + b"some text", "control bytes"),
    ],
)
def test_binary_content_is_refused(data, why):
    with pytest.raises(ValueError, match=why):
        decode_article_bytes(data)


def test_html_charset_declared_by_the_page_is_used():
    page = '<html><head><meta charset="iso-8859-15"></head><body><p>Prix: 5 €</p>'
    decoded = decode_article_bytes(page.encode("iso-8859-15"), "iso-8859-15")
    assert decoded.encoding == "iso8859-15" and "5 €" in decoded.text


def test_a_page_claiming_utf16_in_a_meta_tag_is_not_believed():
    page = b'<html><meta charset="utf-16"><p>Plain ASCII.</p>'
    assert decode_article_bytes(page, "utf-16").encoding == "utf-8"


# -------------------------------------------------------------------------- HTML


def test_html_page_gives_its_article_text_and_publication_date(tmp_path):
    (tmp_path / "page.html").write_text(
        "<!doctype html><html><head><title>Site</title>"
        '<meta property="article:published_time" content="2024-05-01T10:00:00Z">'
        '<script>var figures = "12 percent";</script><style>p{}</style></head>'
        "<body><nav>Home | World</nav><article><h1>Lisbon &amp; Porto</h1>"
        "<p>LISBON, May 1 (Reuters) -   Prices rose\n 3.5 percent.</p>"
        "<p>Second paragraph.</p></article>"
        "<footer>(c) 2024 Site</footer></body></html>",
        encoding="utf-8",
    )
    (article,) = load_corpus([tmp_path]).articles
    assert article.format == "html"
    assert article.text == (
        "Lisbon & Porto\n\nLISBON, May 1 (Reuters) - Prices rose 3.5 percent.\n\n"
        "Second paragraph."
    )
    assert article.published == "2024-05-01"
    assert article.dateline and article.dateline.date == "2024-05-01"
    assert any("extracted from HTML" in n for n in article.notes)
    assert article.to_dict()["format"] == "html"


def test_a_txt_file_holding_an_html_page_is_read_as_html(tmp_path):
    (tmp_path / "saved.txt").write_text("  <html><body><p>Body text.</p></body></html>")
    (article,) = load_corpus([tmp_path]).articles
    assert article.format == "html" and article.text == "Body text."


def test_html_without_text_is_refused(tmp_path):
    (tmp_path / "shell.html").write_text(
        "<html><head><script>x()</script></head></html>"
    )
    corpus = load_corpus([tmp_path])
    assert not corpus.articles and "E016" in corpus.errors[0].reason


def test_html_with_a_million_unclosed_tags_is_read_in_linear_time():
    started = time.perf_counter()
    text, _ = html_to_text("<html><body>" + "<div><span>x" * 200_000 + "</p>" * 1000)
    assert time.perf_counter() - started < 20
    assert text.count("x") == 200_000


# ------------------------------------------------------------------------- sizes


def test_oversized_file_is_refused_without_being_read(tmp_path, monkeypatch):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    opened = []
    real_open = open

    def spy(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("pipeline.corpus.open", spy, raising=False)
    started = time.perf_counter()
    corpus = load_corpus([huge])
    assert time.perf_counter() - started < 1
    assert str(huge) not in opened
    assert "E006" in corpus.errors[0].reason and "52428800" in corpus.errors[0].reason


def test_too_many_characters_is_refused_clearly(tmp_path):
    (tmp_path / "long.txt").write_text("word " * 50_000)  # 250,000 characters
    corpus = load_corpus([tmp_path], max_chars=200_000)
    assert not corpus.articles
    assert "E015" in corpus.errors[0].reason and "250000" in corpus.errors[0].reason


def test_jsonl_is_streamed_and_each_record_is_held_to_the_limit(tmp_path):
    lines = [
        json.dumps({"id": "small", "text": "Fine."}),
        json.dumps({"id": "big", "text": "x" * 5000}),
        json.dumps({"id": "after", "text": "Also fine."}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n")
    corpus = load_corpus([tmp_path], max_bytes=1000)
    assert [a.id for a in corpus.articles] == ["small", "after"]
    assert len(corpus.errors) == 1 and "E018" in corpus.errors[0].reason
    assert "line 2" in corpus.errors[0].reason


def test_jsonl_text_with_unpaired_surrogates_is_repaired_and_reported(tmp_path):
    (tmp_path / "s.jsonl").write_text('{"id": "s\\udc80", "text": "A \\ud800 B"}\n')
    corpus = load_corpus([tmp_path])
    (article,) = corpus.articles
    assert article.text == "A \ufffd B" and article.id == "s\ufffd"
    assert "E019" in corpus.errors[0].reason
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


def test_jsonl_with_u2028_inside_a_string_is_one_record(tmp_path):
    record = json.dumps({"id": "ls", "text": "One\u2028two."}, ensure_ascii=False)
    (tmp_path / "ls.jsonl").write_text(record + "\n", encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert [a.text for a in corpus.articles] == ["One\u2028two."] and not corpus.errors


def test_jsonl_odd_records_become_errors_not_crashes(tmp_path):
    lines = [
        "[" * 100_000,
        json.dumps([1, 2]),
        json.dumps({"text": 5}),
        json.dumps({"id": {"a": 1}, "text": "Odd id.", "published": {"x": 1}}),
        json.dumps({"id": 7, "text": "Numeric id.", "published": "not a date"}),
        json.dumps({"id": "p", "text": "Good date.", "published": "9999-12-31"}),
    ]
    (tmp_path / "odd.jsonl").write_text("\n".join(lines))
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["odd-4", "7", "p"]
    assert all(a.published is None for a in corpus.articles)
    assert any("not understood" in n for n in corpus.articles[1].notes)
    codes = [e.reason[:6] for e in corpus.errors]
    assert codes == ["[E007]", "[E008]", "[E008]"]


# ---------------------------------------------------------------- paths and files


def test_symlink_loops_and_broken_links_are_errors(tmp_path):
    (tmp_path / "good.txt").write_text("Fine.")
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["good"]
    reasons = sorted(e.reason for e in corpus.errors)
    assert sum("E017" in r for r in reasons) == 3, reasons  # a.txt, b.txt, sub/up
    assert any("broken symbolic link" in r for r in reasons)


def test_the_same_file_reached_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("Fine.")
    corpus = load_corpus([tmp_path, tmp_path / "a.txt"])
    assert [a.id for a in corpus.articles] == ["a"] and not corpus.errors


def test_undecodable_file_names_are_shown_with_replacement_characters(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("Fine.")
    (article,) = load_corpus([tmp_path]).articles
    assert article.id == "caf\ufffd"
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


def test_unreadable_file_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text("Fine.")
    (tmp_path / "secret.txt").write_text("Hidden.")
    real_open = open

    def deny(file, *args, **kwargs):
        if str(file).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("pipeline.corpus.open", deny, raising=False)
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["good"]
    assert (
        "E002" in corpus.errors[0].reason
        and "Permission denied" in corpus.errors[0].reason
    )


def test_fifo_and_devices_are_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    corpus = load_corpus([fifo, "/dev/zero"])
    assert [e.reason[:6] for e in corpus.errors] == ["[E010]", "[E010]"]


# ------------------------------------------------------------- header robustness


@pytest.mark.parametrize(
    "header", ["0001-01-01", "9999-12-31", "2024-02-30", "Published: 31/31/31"]
)
def test_implausible_publication_dates_are_ignored(header):
    assert find_published(f"{header}\nBody.")[0] is None


def test_dateline_with_an_implausible_year_gives_no_publication_date():
    a = make_article("a", "a.txt", "BEIJING, April 26, 0001 /PRNewswire/ -- Body.")
    assert a.published is None


def test_caller_given_publication_date_is_checked():
    a = make_article("a", "a.txt", "Body.", published="tomorrow-ish")
    assert a.published is None and a.notes
    assert make_article("a", "a.txt", "Body.", published="2024-04-26").published == (
        "2024-04-26"
    )


def test_header_reading_is_linear_on_a_text_without_spaces():
    text = "PARIS, 9 Sep (AFP) -- " + "2023x" * 200_000
    started = time.perf_counter()
    make_article("a", "a.txt", text)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("page", ["<meta>", "<META>", '<meta content="2024-01-01">'])
def test_a_meta_tag_without_a_name_is_not_a_crash(page):
    # found by tests/fuzz: html_to_text("<meta>") raised AttributeError
    assert html_to_text(page) == ("", None)


@pytest.mark.parametrize(
    "text, line, date",
    [
        ("BRASÍLIA, June 10, 2025 /PRNewswire/ -- The university", "BRASÍLIA, June 10, 2025 /PRNewswire/ --", "2025-06-10"),
        ("SÃO PAULO, March 3, 2024 (Reuters) - Shares", "SÃO PAULO, March 3, 2024 (Reuters) -", "2024-03-03"),
        ("ZÜRICH, 3 May 2024 (Reuters) - The bank", "ZÜRICH, 3 May 2024 (Reuters) -", "2024-05-03"),
        ("Łódź, May 3, 2024 - The council", "Łódź, May 3, 2024 -", "2024-05-03"),
    ],
)  # fmt: skip
def test_datelines_with_accented_place_names(text, line, date):
    from pipeline.corpus import find_dateline

    found = find_dateline(text, None)
    assert found is not None and found.text == line and found.date == date
    assert text[found.start : found.end] == line


def test_a_lower_case_latin_letter_does_not_start_a_dateline_place():
    from pipeline.corpus import find_dateline

    assert find_dateline("ābc, May 3, 2024 - text", None) is None
