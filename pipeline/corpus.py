"""Loading articles: text files, HTML pages, folders of them and JSONL, with header
metadata.

For each article this asks :mod:`pipeline.dating` for the publication date stated in
its header (whatever its form) and the dateline with its span, the dateline's date
resolved to a year from the publication date or, failing that, from the years the body
mentions.

Bad input never stops a batch: every file that cannot be used becomes one
:class:`LoadError` (path and a coded reason, see :mod:`pipeline.errors`) and the rest
goes on. What is refused, and what is read with an assumption:

- Refused: missing paths, unreadable files and folders, symbolic-link loops, empty or
  whitespace-only files, binary files (known magic numbers, NUL bytes, control
  characters), files over ``max_bytes`` (checked with ``stat`` before opening, and
  never read past ``max_bytes + 1``), texts over ``max_chars`` characters, HTML pages
  with no text, JSONL lines that are not JSON objects with a string ``text`` (or
  whose ``text`` is empty or blank), articles whose id breaks the id rule
  (:func:`id_problem`), and articles whose id was already taken (file and line of
  both). Each is one coded error naming the file and, for JSONL, the line.
- File names are shown as they can be printed (:func:`display_path`: undecodable
  bytes as U+FFFD, control and format characters as escapes); when that differs
  from the name on disk, the article also records ``path_raw`` (the name's bytes,
  percent-encoded) so that the file can be opened again (:func:`article_file`).
- Read with an assumption (see :func:`decode_bytes`): a file that is not UTF-8 is
  decoded as cp1252 or Latin-1, UTF-16/32 by their BOM or byte pattern, HTML by its
  declared charset. The codec actually used is the article's ``encoding``; what was
  assumed is a line in its ``notes`` (written to findings.json next to
  ``encoding``). Only when text was *lost* (bytes invalid in the codec used, replaced
  by U+FFFD) does the article also get a line in the run's errors; it is still checked.
- HTML pages (``.html``/``.htm``, or a text file that is plainly an HTML page) are
  reduced to their article text: offsets count in that extracted text, and the
  article's ``format`` says ``html``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import json
import os
import re
import stat
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

# Dating (headers, datelines, years) lives in pipeline.dating; the names not used here
# stay importable from this module for older callers.
from pipeline.dating import (  # noqa: F401
    _HEADER_DATE_RE,
    _LABELLED_DATE_RE,
    DATELINE_RE,
    MAX_YEAR,
    MIN_YEAR,
    MONTH,
    Dateline,
    body_years,
    clean_published,
    find_dateline,
    find_published,
    month_number,
    parse_header_date,
    resolve_year,
)
from pipeline.errors import Errors, one_line

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A news article is well under 100,000 characters (a 15,000-word long read is about
# 90,000). Extraction time grows faster than linearly with length (about a minute for
# 100,000 characters), and spaCy refuses more than 1,000,000 (``nlp.max_length``), so
# longer texts are refused with a clear reason instead of stalling the batch.
DEFAULT_MAX_CHARS = 200_000
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# The article id rule. An id names the article in findings.json, in the review app's
# links (/article/<id>) and in the file names `crosscheck perturb` writes (<id>.txt),
# so it may not hold path separators, be a path step, or hold characters that are
# invisible or act on a terminal or on the text around them (control and format
# characters, line and paragraph separators, lone surrogates). Every other character
# is allowed: file names in any script, spaces, punctuation.
MAX_ID_CHARS = 200  # an id is a label; the longest in seeds/ and gold/ is 34
MAX_ID_BYTES = 250  # "<id>.txt" within the 255 bytes of a file name (ext4, APFS)
ID_FORBIDDEN = frozenset("/\\")
ID_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
ID_RULE = (
    f"An article id is 1 to {MAX_ID_CHARS} characters ({MAX_ID_BYTES} bytes of"
    " UTF-8), not '.' or '..', without '/', '\\' or control or format characters"
)
# Header lines that name the source, the editor or the author ("Source: Xinhua").
_CREDIT_LINE_RE = re.compile(r"^\s*(source|editor|by|author|web editor)\s*:", re.I)
# A headline is one short line: the longest in the BBC News corpus (2,225 articles,
# each opening with its headline) is 52 characters, the seeds' 82; a first line over
# twice that is a paragraph of the body.
HEADLINE_MAX_CHARS = 160
# Only the first lines of an article can hold its headline (after its header lines).
HEADLINE_MAX_LINE = 8
# A page title's trailing site name ("Budget approved | City Times") has at most this
# many words; the headline before it must be longer than the site name.
SITE_NAME_MAX_WORDS = 4
# A header line is a date stamp, perhaps with a time, a label and the source's name
# ("28 April 2025 | Travel Trade Asia", "Last updated: 11.06.2025, 08:14"): what is
# left once those are taken out has at most this many words.
HEADER_SOURCE_MAX_WORDS = 4
_STAMP_DATE_RE = re.compile(
    rf"\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}",
    re.IGNORECASE,
)
_STAMP_REST_RE = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5}\b)?"
    r"|\b(?:last\s+)?(?:updated|published|posted|dated?|on|at)\b"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.IGNORECASE,
)
_STAMP_SEPARATOR = re.compile(r"[|·•–—/()]")
_TITLE_SITE_RE = re.compile(r"^(?P<head>.+?)\s+[|–—-]\s+(?P<site>[^|–—]+)$")


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    path: str
    text: str
    encoding: str = "utf-8"
    published: str | None = None
    dateline: Dateline | None = None
    header_end: int = 0  # body starts here; header lines are metadata, not claims
    notes: tuple[str, ...] = ()  # what was assumed while reading it
    format: str = "text"  # text, html (offsets into the extracted text) or jsonl
    story: str | None = None  # given by the input (a JSONL record's "story")
    headline: str | None = None  # the headline line, a page's title, a JSONL title
    # the file's name on disk, percent-encoded, when ``path`` (fit for display)
    # differs from it: undecodable bytes, control characters (see display_path)
    raw_path: str | None = None
    line: int | None = None  # its line, for a JSONL record

    @property
    def base_date(self) -> dt.date | None:
        """The date relative expressions are resolved against."""
        if self.published:
            return dt.date.fromisoformat(self.published)
        if self.dateline and self.dateline.date:
            return dt.date.fromisoformat(self.dateline.date)
        return None

    def to_dict(self) -> dict:
        out = {
            "id": self.id,
            "path": self.path,
            "encoding": self.encoding,
            "format": self.format,
            "notes": list(self.notes),
            "published": self.published,
            "dateline": self.dateline.to_dict() if self.dateline else None,
            **({"story": self.story} if self.story is not None else {}),
            "headline": self.headline,
        }
        if self.raw_path is not None:
            out["path_raw"] = self.raw_path
        return out


@dataclass(frozen=True, slots=True)
class LoadError:
    path: str
    reason: str

    def to_dict(self) -> dict:
        return {"path": self.path, "reason": self.reason}


@dataclass
class Corpus:
    articles: list[Article] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)


# --------------------------------------------------------------------------- loading


def find_headline(text: str, dateline: Dateline | None = None) -> str | None:
    """The article's headline: its first line that is not a header line (a date, a
    source, an editor), when that line is short, is not the dateline paragraph and
    does not end as a sentence or an introduction does. None when there is none.

    A date that opens a line ("date 2024-08-28 Cluster ranks second") is header; the
    rest of the line can still be the headline.
    """
    pos = 0
    lines = text[:20_000].splitlines(keepends=True)
    for lineno, line in enumerate(lines):
        if lineno >= HEADLINE_MAX_LINE:
            break
        start, pos = pos, pos + len(line)
        if not line.strip() or _CREDIT_LINE_RE.match(line) or _is_stamp_line(line):
            continue
        offset = 0
        m = _HEADER_DATE_RE.match(line)
        if m and parse_header_date(m["date"]):
            offset = m.end()
        else:
            labelled = _LABELLED_DATE_RE.match(line)
            if (
                labelled
                and len(line.strip()) < 60
                and parse_header_date(labelled["date"])
            ):
                continue
        rest = line[offset:]
        if not rest.strip():
            continue
        at = start + offset + len(rest) - len(rest.lstrip())
        if dateline is not None and dateline.start <= at < dateline.end:
            return None  # the article opens with its dateline: no headline
        candidate = " ".join(rest.split())
        if pos >= len(text.rstrip()):
            return None  # a one-line text is all body
        return candidate if _reads_as_headline(candidate) else None
    return None


def _is_stamp_line(line: str) -> bool:
    """A header line holding a date stamp and at most a label, a time and a source."""
    line = line.strip()
    if len(line) > 80:
        return False
    m = _STAMP_DATE_RE.search(line)
    if m is None:
        return False
    rest = _STAMP_REST_RE.sub(" ", line[: m.start()] + " " + line[m.end() :])
    words = re.findall(r"[^\W_]+", rest)
    if not words:
        return True
    # a source's name stands apart from the stamp ("| Travel Trade Asia"); words
    # right after a date are a headline on the date's line
    return len(words) <= HEADER_SOURCE_MAX_WORDS and bool(_STAMP_SEPARATOR.search(rest))


def _reads_as_headline(line: str) -> bool:
    if len(line) > HEADLINE_MAX_CHARS or not any(ch.isalpha() for ch in line):
        return False
    if line.endswith((":", ",", ";")):
        return False  # introduces what follows
    return not (line.endswith(".") and not line.endswith(".."))  # a sentence


def page_title(title: str | None) -> str | None:
    """A page's title without a trailing site name ("Budget approved | City Times")."""
    if not title:
        return None
    title = " ".join(title.split())
    m = _TITLE_SITE_RE.match(title)
    if m:
        head, site = m["head"].strip(), m["site"].strip()
        if len(site.split()) <= SITE_NAME_MAX_WORDS and len(head.split()) > len(
            site.split()
        ):
            title = head
    return title[: HEADLINE_MAX_CHARS * 2] or None


def make_article(
    article_id: str,
    path: str,
    text: str,
    encoding: str = "utf-8",
    published: str | None = None,
    notes: tuple[str, ...] = (),
    format: str = "text",
    story: str | None = None,
    headline: str | None = None,
    raw_path: str | None = None,
    line: int | None = None,
) -> Article:
    """Build an Article, reading the header date, the dateline and the headline from
    the text.

    ``published`` (an ISO date, or any date words) overrides the header's date; one
    that is not a plausible date is ignored, with a note. ``headline`` (a page's title,
    a JSONL record's title) overrides the headline line of the text. Reading the
    header never fails the article: should it raise, the article keeps no header
    metadata and a note says why.
    """
    notes = tuple(notes)
    given = published
    published = clean_published(given)
    if given not in (None, "") and published is None:
        notes += (f"publication date {_shorten(str(given))!r} not understood; ignored",)
    try:
        header_published, header_end = find_published(text)
        published = published or header_published
        dateline = find_dateline(text, published, header_end)
        if headline is None:
            headline = find_headline(text, dateline)
    except Exception as err:  # a bug in header parsing must not cost the article
        header_end, dateline = 0, None
        notes += (f"header not read ({type(err).__name__}: {_shorten(str(err))})",)
    if (
        published is None
        and dateline
        and dateline.date
        and dateline.year_source == "stated"
    ):
        published = dateline.date
    return Article(
        id=article_id,
        path=path,
        text=text,
        encoding=encoding,
        published=published,
        dateline=dateline,
        header_end=header_end,
        notes=notes,
        format=format,
        story=story,
        headline=" ".join(headline.split()) or None if headline else None,
        raw_path=raw_path,
        line=line,
    )


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------------------- decoding

_BINARY_MAGIC = {
    b"\x89PNG": "PNG image",
    b"PK\x03\x04": "zip archive",
    b"PK\x05\x06": "zip archive",
    b"%PDF": "PDF document",
    b"\x1f\x8b": "gzip archive",
    b"BZh": "bzip2 archive",
    b"\xfd7zXZ\x00": "xz archive",
    b"(\xb5/\xfd": "zstd archive",
    b"7z\xbc\xaf\x27\x1c": "7-Zip archive",
    b"Rar!\x1a\x07": "RAR archive",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"II*\x00": "TIFF image",
    b"MM\x00*": "TIFF image",
    b"RIFF": "RIFF media (WebP, WAV or AVI)",
    b"OggS": "Ogg media",
    b"ID3": "MP3 audio",
    b"fLaC": "FLAC audio",
    b"\x7fELF": "ELF executable",
    b"MZ": "Windows executable",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "MS Office document",
    b"SQLite format 3\x00": "SQLite database",
    b"\x00asm": "WebAssembly module",
    b"\xca\xfe\xba\xbe": "Java class file",
}
# MZ alone is too short to be sure; it needs the DOS stub's "This program" nearby.
_WEAK_MAGIC = {b"MZ": b"This program"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# C0 controls other than tab, newlines, form feed and escape, plus DEL.
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
_CONTROL_SHARE = 0.05  # more than this share of control bytes: not text
_SAMPLE = 8192


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes: the codec used, what was assumed, what was lost."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()
    lost: int = 0  # bytes that were not valid in ``encoding`` (each became U+FFFD)
    first_lost: int | None = None  # byte offset of the first of them


_tally = threading.local()


def _count_and_replace(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    _tally.lost = getattr(_tally, "lost", 0) + (err.end - err.start)
    if getattr(_tally, "first", None) is None:
        _tally.first = err.start
    return "\ufffd", err.end


codecs.register_error("crosscheck.count", _count_and_replace)


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int, int | None]:
    """Decode, replacing invalid bytes by U+FFFD; returns (text, bytes lost, first)."""
    _tally.lost, _tally.first = 0, None
    text = data.decode(encoding, errors="crosscheck.count")
    return text, _tally.lost, _tally.first


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NULs sit on every other byte, as they do in
    UTF-16 text of mostly Latin letters."""
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.4 * half and even.count(0) < 0.05 * half:
        return "utf-16-le"
    if even.count(0) > 0.4 * half and odd.count(0) < 0.05 * half:
        return "utf-16-be"
    return None


def _magic(data: bytes) -> str | None:
    """The binary format ``data`` opens with, if a known one."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            hint = _WEAK_MAGIC.get(magic)
            if hint is None or hint in data[:512]:
                return what
    return None


def _looks_binary(data: bytes) -> str | None:
    """Why ``data`` is not text, or None."""
    what = _magic(data)
    if what:
        return what
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return "NUL bytes"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls > _CONTROL_SHARE * len(sample):
        return f"{controls} control bytes in the first {len(sample)}"
    return None


def _mostly_text(text: str) -> bool:
    sample = text[:_SAMPLE]
    odd = sum(
        1 for c in sample if (c < " " and c not in "\t\n\r\f\x1b") or c == "\ufffd"
    )
    return odd <= _CONTROL_SHARE * len(sample)


def _decode_unicode(data: bytes, encoding: str, notes: tuple[str, ...]) -> Decoded:
    text, lost, first = _decode_counting(data, encoding)
    return Decoded(text, encoding, notes, lost, first)


def decode_article_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode an article file.

    The policy, in order:

    1. Known binary formats (by magic number) are refused.
    2. A byte-order mark decides (UTF-8, UTF-16, UTF-32); the BOM is dropped, so
       offsets count from the first character after it.
    3. UTF-16 without a BOM is recognised by its NUL pattern; any other NUL byte, or
       more than 5 % control bytes, means binary: refused.
    4. ``declared`` (an HTML page's charset), when it names a real codec and decodes
       the bytes cleanly.
    5. UTF-8 when it decodes cleanly.
    6. Otherwise: when the bytes hold more valid UTF-8 multi-byte sequences than
       invalid spots, it is UTF-8 with a few bad bytes: decoded as UTF-8 and the bad
       bytes replaced by U+FFFD (text lost, so the run reports it). Otherwise it is
       a single-byte legacy encoding: cp1252 (Windows Latin-1, a superset of
       ISO-8859-1's printable range), or Latin-1 when cp1252 leaves a byte undefined;
       nothing is lost, and a note says what was assumed.

    Args:
        data: the file's bytes.
        declared: a charset the file declares for itself, if any.

    Returns:
        the text, the codec used, notes on what was assumed, and how many bytes
        were lost.

    Raises:
        ValueError: the bytes are not text (the message says why).
    """
    what = _magic(data)
    if what:
        raise ValueError(what)
    for bom, encoding, name in _BOMS:
        if data.startswith(bom):
            return _decode_unicode(
                data[len(bom) :], encoding, (f"{name} byte-order mark removed",)
            )
    guess = _utf16_without_bom(data[:_SAMPLE])
    if guess:
        decoded = _decode_unicode(
            data,
            guess,
            (f"no byte-order mark; {guess.upper()} assumed from the NUL-byte pattern",),
        )
        if decoded.lost <= 2 and _mostly_text(decoded.text):
            return decoded
    why = _looks_binary(data)
    if why:
        raise ValueError(why)
    if declared:
        try:
            codec = codecs.lookup(declared).name
            # browsers ignore a page's claim to be UTF-16/32 in a meta tag, as here
            if codec != "utf-8" and not codec.startswith(("utf-16", "utf-32")):
                note = f"decoded as {codec}, the charset the page declares"
                return Decoded(data.decode(codec), codec, (note,))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        first_error = err
    text, lost, first = _decode_counting(data, "utf-8")
    valid_multibyte = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    where = f"{first_error.reason} at byte {first_error.start}"
    if valid_multibyte > text.count("\ufffd"):
        note = f"not valid UTF-8 ({where}); read as UTF-8 with bad bytes replaced"
        return Decoded(text, "utf-8", (note,), lost, first)
    for codec, name in (("cp1252", "cp1252 (Windows Latin-1)"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return Decoded(text, codec, (f"not UTF-8 ({where}); {name} assumed",))
    raise AssertionError("Latin-1 decodes every byte")  # pragma: no cover


def decode_bytes(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decode article bytes; returns (text, encoding, notes). Raises ValueError.

    See :func:`decode_article_bytes` for the policy; this form drops the count of
    lost bytes.
    """
    decoded = decode_article_bytes(data)
    return decoded.text, decoded.encoding, decoded.notes


# ---------------------------------------------------------------------------- HTML

_HTML_SNIFF = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})", re.IGNORECASE
)
_HTML_SKIP = {
    "script", "style", "noscript", "template", "head", "nav", "footer", "aside",
    "form", "svg", "math", "iframe", "object", "button", "select", "textarea",
    "canvas", "dialog", "menu",
}  # fmt: skip
_HTML_BLOCK = {
    "p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "dl", "dt", "dd", "tr", "table", "thead", "tbody", "section", "article", "main",
    "header", "blockquote", "pre", "figure", "figcaption", "address", "details",
    "summary", "body", "caption",
}  # fmt: skip
_HTML_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr",
}  # fmt: skip
_TITLE_META = {"og:title", "twitter:title"}  # a page's headline without its site name
_PUBLISHED_META = {
    "article:published_time", "og:published_time", "datepublished", "date",
    "pubdate", "publishdate", "dc.date", "dc.date.issued", "dcterms.created",
}  # fmt: skip


def looks_like_html(data: bytes) -> bool:
    """True when the bytes open like an HTML page (doctype, html, head or body)."""
    return bool(_HTML_SNIFF.match(data[:4096]))


def declared_charset(data: bytes) -> str | None:
    m = _HTML_CHARSET.search(data[:4096])
    return m[1].decode("ascii") if m else None


class _ArticleText(HTMLParser):
    """The readable text of a page: paragraphs of the <article> (else <main>, else
    the whole body), without scripts, styles, navigation, forms or footers.

    Open elements are kept on a stack with an index by tag and running counts, so
    that even a page of a million unclosed tags is read in linear time.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.where: dict[str, list[int]] = {}  # tag -> its positions on the stack
        self.open: Counter[str] = Counter()  # "skip", "article", "main", "pre"
        self.blocks: list[tuple[str, int]] = []  # (text, region: 2 article, 1 main)
        self.current: list[str] = []
        self.published: str | None = None
        self.meta_title: str | None = None
        self.title: list[str] = []
        self.in_title = False

    @staticmethod
    def _kinds(tag: str) -> tuple[str, ...]:
        if tag in _HTML_SKIP:
            return ("skip",)
        return (tag,) if tag in ("article", "main", "pre") else ()

    def _push(self, tag: str) -> None:
        self.where.setdefault(tag, []).append(len(self.stack))
        self.stack.append(tag)
        self.open.update(self._kinds(tag))

    def _close(self, tag: str) -> None:
        """Close the innermost open ``tag`` and anything left open inside it."""
        positions = self.where.get(tag)
        if not positions:
            return
        index = positions[-1]
        for name in self.stack[index:]:
            self.where[name].pop()
            self.open.subtract(self._kinds(name))
        del self.stack[index:]

    def _region(self) -> int:
        return 2 if self.open["article"] > 0 else 1 if self.open["main"] > 0 else 0

    def _flush(self) -> None:
        if self.current:
            raw = "".join(self.current)
            text = raw.strip("\n") if self.open["pre"] > 0 else " ".join(raw.split())
            if text:
                self.blocks.append((text, self._region()))
            self.current = []

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta" and self.published is None:
            name = (
                attrs.get("property")
                or attrs.get("name")
                or attrs.get("itemprop")
                or ""
            )
            if name.lower() in _PUBLISHED_META:
                self.published = clean_published(attrs.get("content", "")[:10])
        if tag == "meta" and self.meta_title is None:
            name = (attrs.get("property") or attrs.get("name") or "").lower()
            if name in _TITLE_META and attrs.get("content", "").strip():
                self.meta_title = attrs["content"]
        if tag == "title":
            self.in_title = True
        if tag == "time" and self.published is None and "datetime" in attrs:
            self.published = clean_published(attrs["datetime"][:10])
        if tag in _HTML_BLOCK:
            self._flush()
        if tag == "body":
            self._close("head")  # an unclosed <head>
        if tag not in _HTML_VOID:
            self._push(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _HTML_VOID:
            self._close(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _HTML_BLOCK:
            self._flush()
        self._close(tag)

    def handle_data(self, data: str) -> None:
        if self.in_title and len(self.title) < 64:  # a title is short; stop collecting
            self.title.append(data)
        if self.open["skip"] <= 0:
            self.current.append(data)

    def text(self) -> str:
        self._flush()
        best = max((region for _, region in self.blocks), default=0)
        return "\n\n".join(text for text, region in self.blocks if region == best)


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What an HTML page gives: its article text, publication date and headline."""

    text: str
    published: str | None
    headline: str | None


def read_html(html: str) -> HtmlPage:
    """The article text of an HTML page (paragraphs separated by blank lines), the
    publication date its metadata states and its headline (``og:title``, else the
    ``<title>`` without a trailing site name), each None when absent."""
    parser = _ArticleText()
    parser.feed(html)
    parser.close()
    title = parser.meta_title or page_title("".join(parser.title))
    return HtmlPage(parser.text(), parser.published, page_title(title))


def html_to_text(html: str) -> tuple[str, str | None]:
    """The article text of an HTML page and the publication date it states."""
    page = read_html(html)
    return page.text, page.published


# ------------------------------------------------------------------------ loading


def display_path(path: str | os.PathLike) -> str:
    """A path as reports show it: undecodable bytes in a file name become U+FFFD (the
    JSON and HTML reports must be valid UTF-8), and control and invisible format
    characters are shown as escapes (``\\x1b``: a file name must not reach a
    terminal or a page as an escape sequence or a right-to-left override)."""
    raw = os.fsencode(path)
    return one_line(raw.decode("utf-8", errors="replace"))


def raw_path_of(path: str | os.PathLike) -> str | None:
    """The file's name on disk, percent-encoded, when :func:`display_path` shows it
    otherwise (None when they are the same): what opens the file again."""
    if display_path(path) == os.fsdecode(path):
        return None
    return quote(os.fsencode(path), safe="/")


def article_file(info: dict) -> str | None:
    """The path that opens an article's file, from its findings.json entry (or
    :meth:`Article.to_dict`): ``path_raw`` when the shown ``path`` is not the name
    on disk. None for articles read from standard input."""
    raw = info.get("path_raw")
    if isinstance(raw, str) and raw:
        return os.fsdecode(unquote_to_bytes(raw))
    path = info.get("path")
    return None if not path or path == "-" else str(path)


def id_problem(article_id: str) -> str | None:
    """What is wrong with an article id under the rule (``ID_RULE``), or None."""
    if not article_id:
        return "is empty"
    if article_id in (".", ".."):
        return "is a path step"
    if len(article_id) > MAX_ID_CHARS:
        return f"is {len(article_id)} characters long"
    size = len(article_id.encode("utf-8", "surrogatepass"))
    if size > MAX_ID_BYTES:
        return f"takes {size} bytes of UTF-8"
    for ch in article_id:
        if ch in ID_FORBIDDEN:
            return f"holds the path separator {ch!r}"
        if unicodedata.category(ch) in ID_FORBIDDEN_CATEGORIES:
            name = unicodedata.name(ch, "control character")
            return f"holds U+{ord(ch):04X} ({name.lower()})"
    return None


def shown_id(article_id: str, limit: int = 60) -> str:
    """An id as an error message shows it: quoted, escaped, and cut when long."""
    cut = article_id[:limit]
    more = f"... ({len(article_id)} characters)" if len(article_id) > limit else ""
    return f"'{one_line(cut)}'{more}"


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> tuple[str, int]:
    """Unpaired surrogates (from JSON escapes such as "\\ud800") cannot be written as
    UTF-8; each becomes U+FFFD, so offsets do not move. Returns the text and how many
    were replaced."""
    return _SURROGATE.subn("\ufffd", text)


def _blank(text: str) -> bool:
    return not text.strip().strip("\u200b\u200c\u200d\u2060\ufeff\u00ad").strip()


def _iter_files(path: Path, errors: list[LoadError], seen: set) -> Iterator[Path]:
    """Files under ``path`` (itself, when a file): depth first, in name order.

    Inside folders, hidden entries and files without an article suffix are passed
    over; a file named on the command line is always read. A folder reached again
    through a symbolic link inside itself is a loop and becomes an error; the same
    file reached twice is read once.
    """
    stack: list[tuple[Path, frozenset]] = [(path, frozenset())]
    while stack:
        current, ancestors = stack.pop()
        shown = display_path(current)
        try:
            info = current.stat()
        except OSError as err:
            errors.append(_stat_error(current, shown, err))
            continue
        key = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            if key in ancestors:
                errors.append(LoadError(shown, Errors.E017.format(path=shown)))
                continue
            try:
                entries = sorted(current.iterdir())
            except OSError as err:
                reason = err.strerror or err
                errors.append(
                    LoadError(shown, Errors.E002.format(path=shown, reason=reason))
                )
                continue
            inside = ancestors | {key}
            children = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir or entry.suffix.lower() in ARTICLE_SUFFIXES:
                    children.append((entry, inside))
            stack.extend(reversed(children))
        elif stat.S_ISREG(info.st_mode):
            if key not in seen:
                seen.add(key)
                yield current
        else:
            errors.append(LoadError(shown, Errors.E010.format(path=shown)))


def _stat_error(path: Path, shown: str, err: OSError) -> LoadError:
    if err.errno == errno.ELOOP:
        return LoadError(shown, Errors.E017.format(path=shown))
    if err.errno == errno.ENOENT:
        if path.is_symlink():
            reason = "broken symbolic link"
            return LoadError(shown, Errors.E002.format(path=shown, reason=reason))
        return LoadError(shown, Errors.E001.format(path=shown))
    return LoadError(shown, Errors.E002.format(path=shown, reason=err.strerror or err))


def load_corpus(
    paths: Iterable[str | os.PathLike],
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Corpus:
    """Load every article under ``paths``. Bad files become errors; the rest goes on.

    Args:
        paths: files (.txt, .md, .html, .jsonl; others are sniffed) and folders.
        max_bytes: larger files are refused unread (JSONL: larger records).
        max_chars: longer texts are refused after decoding.

    Returns:
        the articles, in path order, and one error per problem found.
    """
    corpus = Corpus()
    first_seen: dict[str, str] = {}
    seen_files: set = set()

    def add(article: Article) -> None:
        where = article.path + (f":{article.line}" if article.line else "")
        if article.id in first_seen:
            reason = Errors.E009.format(
                path=where, id=one_line(article.id), first=first_seen[article.id]
            )
            corpus.errors.append(LoadError(article.path, reason))
            return
        first_seen[article.id] = where
        corpus.articles.append(article)

    for raw in paths:
        for file in _iter_files(Path(raw), corpus.errors, seen_files):
            for item in load_file(file, max_bytes, max_chars):
                if isinstance(item, LoadError):
                    corpus.errors.append(item)
                else:
                    add(item)
    return corpus


def load_file(
    file: Path, max_bytes: int = DEFAULT_MAX_BYTES, max_chars: int = DEFAULT_MAX_CHARS
) -> list[Article | LoadError]:
    """The articles in one file, and the errors met reading it.

    For a text or HTML file: the article first (when there is one), then any error
    about text lost in decoding. Never raises for bad content or I/O problems.
    """
    file = Path(file)
    path = display_path(file)
    try:
        info = file.stat()
    except OSError as err:
        return [_stat_error(file, path, err)]
    if not stat.S_ISREG(info.st_mode):
        return [LoadError(path, Errors.E010.format(path=path))]
    if file.suffix.lower() in JSONL_SUFFIXES:
        return list(_load_jsonl(file, path, max_bytes, max_chars))
    if info.st_size > max_bytes:
        return [
            LoadError(
                path, Errors.E006.format(path=path, size=info.st_size, limit=max_bytes)
            )
        ]
    try:
        with open(file, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as err:
        return [
            LoadError(path, Errors.E002.format(path=path, reason=err.strerror or err))
        ]
    if len(data) > max_bytes:  # it grew after stat, or stat does not know its size
        size = f"more than {max_bytes}"
        return [
            LoadError(path, Errors.E006.format(path=path, size=size, limit=max_bytes))
        ]
    if not data:
        return [LoadError(path, Errors.E003.format(path=path))]
    is_html = file.suffix.lower() in HTML_SUFFIXES or looks_like_html(data)
    try:
        decoded = decode_article_bytes(
            data, declared_charset(data) if is_html else None
        )
    except ValueError as err:
        return [LoadError(path, Errors.E005.format(path=path, reason=err))]
    text, notes, published, fmt = decoded.text, decoded.notes, None, "text"
    headline = None
    if is_html:
        if _blank(text):
            return [LoadError(path, Errors.E004.format(path=path))]
        page = read_html(text)
        text, published, headline = page.text, page.published, page.headline
        fmt = "html"
        notes += ("text extracted from HTML; offsets count in the extracted text",)
        if _blank(text):
            return [LoadError(path, Errors.E016.format(path=path))]
    if _blank(text):
        return [LoadError(path, Errors.E004.format(path=path))]
    if len(text) > max_chars:
        return [
            LoadError(
                path, Errors.E015.format(path=path, chars=len(text), limit=max_chars)
            )
        ]
    # the id is the file's name as it is (undecodable bytes as U+FFFD), so that the
    # rule judges the name itself; messages and reports show it escaped
    article_id = os.fsencode(file.stem).decode("utf-8", errors="replace")
    problem = id_problem(article_id)
    if problem:
        reason = Errors.E022.format(
            path=path,
            id=shown_id(article_id),
            problem=problem,
            rule=f"{ID_RULE}; the id is the file's name: rename the file",
        )
        return [LoadError(path, reason)]
    out: list[Article | LoadError] = [
        make_article(
            article_id,
            path,
            text,
            decoded.encoding,
            published,
            notes=notes,
            format=fmt,
            headline=headline,
            raw_path=raw_path_of(file),
        )
    ]
    if decoded.lost:
        reason = Errors.E014.format(
            path=path,
            count=decoded.lost,
            encoding=decoded.encoding,
            first=decoded.first_lost,
        )
        out.append(LoadError(path, reason))
    return out


def _load_jsonl(
    file: Path, path: str, max_bytes: int, max_chars: int
) -> Iterator[Article | LoadError]:
    """Records of a JSONL file, read line by line: each line must be a JSON object
    with a string ``text`` (``id`` and ``published`` optional) and at most
    ``max_bytes`` long; the file as a whole may be larger."""
    try:
        fh = open(file, "rb")
    except OSError as err:
        yield LoadError(path, Errors.E002.format(path=path, reason=err.strerror or err))
        return
    with fh:
        try:
            head = fh.read(_SAMPLE)
            fh.seek(0)
        except OSError as err:
            yield LoadError(
                path, Errors.E002.format(path=path, reason=err.strerror or err)
            )
            return
        if not head:
            yield LoadError(path, Errors.E003.format(path=path))
            return
        wide = head.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
        ) or _utf16_without_bom(head)
        if not wide:
            why = _looks_binary(head)
            if why:
                yield LoadError(path, Errors.E005.format(path=path, reason=why))
                return
            yield from _jsonl_lines(fh, file, path, max_bytes, max_chars)
            return
        # UTF-16/32 JSONL cannot be split on b"\n": read it whole, within the limit.
        data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            size = f"more than {max_bytes}"
            yield LoadError(
                path, Errors.E006.format(path=path, size=size, limit=max_bytes)
            )
            return
        decoded = decode_article_bytes(data)
        if decoded.lost:
            yield LoadError(
                path,
                Errors.E014.format(
                    path=path,
                    count=decoded.lost,
                    encoding=decoded.encoding,
                    first=decoded.first_lost,
                ),
            )
        for lineno, line in enumerate(decoded.text.split("\n"), start=1):
            yield from _jsonl_record(file, path, lineno, line, max_chars, decoded.notes)


def _jsonl_lines(fh, file: Path, path: str, max_bytes: int, max_chars: int):
    lineno = 0
    while True:
        try:
            raw = fh.readline(max_bytes + 1)
        except OSError as err:
            yield LoadError(
                path, Errors.E002.format(path=path, reason=err.strerror or err)
            )
            return
        if not raw:
            return
        lineno += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            yield LoadError(
                path, Errors.E018.format(path=path, line=lineno, limit=max_bytes)
            )
            while raw and not raw.endswith(b"\n"):  # skip the rest of it, unkept
                raw = fh.readline(1 << 20)
            continue
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        text, lost, first = _decode_counting(raw, "utf-8")
        notes: tuple[str, ...] = ()
        if lost:
            where = f"{path}:{lineno}"
            yield LoadError(
                path,
                Errors.E014.format(
                    path=where, count=lost, encoding="utf-8", first=first
                ),
            )
            notes = ("not valid UTF-8; read with bad bytes replaced",)
        yield from _jsonl_record(file, path, lineno, text, max_chars, notes)


def _given_story(value: object) -> str | None:
    """A JSONL record's "story" (any string or number; records with the same value
    form one story), or None."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    story = str(value).strip()
    return story or None


def _jsonl_record(
    file: Path, path: str, lineno: int, line: str, max_chars: int, notes: tuple
) -> Iterator[Article | LoadError]:
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        yield LoadError(
            path, Errors.E007.format(path=path, line=lineno, reason=err.msg)
        )
        return
    except RecursionError:
        reason = "nested too deeply"
        yield LoadError(path, Errors.E007.format(path=path, line=lineno, reason=reason))
        return
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        yield LoadError(path, Errors.E008.format(path=path, line=lineno))
        return
    where = f"{path}:{lineno}"
    text, replaced = replace_surrogates(record["text"])
    if _blank(text):
        what = "empty" if not text else "only whitespace"
        yield LoadError(path, Errors.E021.format(path=path, line=lineno, what=what))
        return
    if len(text) > max_chars:
        yield LoadError(
            path, Errors.E015.format(path=where, chars=len(text), limit=max_chars)
        )
        return
    raw_id = record.get("id")
    if raw_id is None or raw_id == "" or isinstance(raw_id, (dict, list)):
        article_id = f"{display_path(file.stem)}-{lineno}"
    else:
        article_id = str(raw_id)
    article_id, _ = replace_surrogates(article_id)
    title = record.get("title", record.get("headline"))
    problem = id_problem(article_id)
    if problem:
        yield LoadError(
            path,
            Errors.E022.format(
                path=where, id=shown_id(article_id), problem=problem, rule=ID_RULE
            ),
        )
        return
    yield make_article(
        article_id,
        path,
        text,
        "utf-8",
        record.get("published"),
        notes=notes,
        format="jsonl",
        story=_given_story(record.get("story")),
        headline=replace_surrogates(title)[0] if isinstance(title, str) else None,
        raw_path=raw_path_of(file),
        line=lineno,
    )
    if replaced:
        yield LoadError(path, Errors.E019.format(path=where, count=replaced))
