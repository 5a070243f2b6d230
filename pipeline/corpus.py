"""Loading articles: text files, folders of them and JSONL, with header metadata.

For each article this finds the publication date stated in its header (whatever its
form) and the dateline with its span, the dateline's date resolved to a year from the
publication date or, failing that, from the years the body mentions.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import Errors

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?"
    r"|Dec(?:ember|\.)?)"
)
MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# A dateline opens a paragraph: a place in capitals or title case, optionally a date,
# optionally the agency in brackets or slashes, then a dash.
_DATELINE_DATE = (
    rf"(?P<date>(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)"
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+\d{{4}})?))"
)
DATELINE_RE = re.compile(
    r"(?P<line>(?P<place>[A-Z][A-Za-z.'’]*(?:[ -][A-Z][A-Za-z.'’]*){0,4}"
    r"(?:,\s+[A-Z][A-Za-z.'’]*(?: [A-Z][A-Za-z.'’]*){0,2})?)"
    rf"(?:,\s+{_DATELINE_DATE})?"
    r"\s*(?:\((?P<agency>[^()\n]{1,40})\)|/(?P<wire>[^/\n]{1,40})/)?"
    r"\s*(?:--|—|–|-)(?=\s))"
)

# Header lines that carry the publication date.
_LABEL = (
    r"(?:date|dated|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|"
    r"release(?:d)?|time|发布时间|发布日期|日期|时间)"
)
_ISO_DATE = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
_HEADER_DATE_RE = re.compile(
    rf"^\s*(?:{_LABEL}\s*[:：]?\s*)?(?P<date>{_ISO_DATE}){_TIME}", re.IGNORECASE
)
_LABELLED_DATE_RE = re.compile(
    rf"^\s*{_LABEL}\s*[:：]?\s*(?P<date>.{{4,40}}?)\s*$", re.IGNORECASE
)
_YEAR_RE = re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d{2})(?![\d])")


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str
    start: int
    end: int
    date: str | None  # ISO date, or None when the dateline carries no date
    date_start: int | None = None
    date_end: int | None = None
    year_source: str | None = None  # "stated", "published", "body"

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "date": self.date}


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    path: str
    text: str
    encoding: str = "utf-8"
    published: str | None = None
    dateline: Dateline | None = None
    header_end: int = 0  # body starts here; header lines are metadata, not claims
    notes: tuple[str, ...] = ()

    @property
    def base_date(self) -> dt.date | None:
        """The date relative expressions are resolved against."""
        if self.published:
            return dt.date.fromisoformat(self.published)
        if self.dateline and self.dateline.date:
            return dt.date.fromisoformat(self.dateline.date)
        return None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "path": self.path,
            "encoding": self.encoding,
            "published": self.published,
            "dateline": self.dateline.to_dict() if self.dateline else None,
        }


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


# --------------------------------------------------------------------------- dates


def month_number(name: str) -> int:
    return MONTH_NUM[name.strip(".").lower()[:3]]


def _parse_header_date(raw: str) -> str | None:
    """Parse a header date; numeric forms by hand, the rest with dateparser."""
    m = re.match(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", raw)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    from pipeline.nlp.normalize import parse_date_text

    raw = re.sub(r"[\s,]*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5})?\s*$", "", raw, flags=re.I)
    parsed = parse_date_text(raw, None)
    if parsed and parsed.granularity == "day":
        return parsed.value
    return None


def find_published(text: str) -> tuple[str | None, int]:
    """The publication date from the header lines, and where the header ends.

    Looks at the first few short lines only: a date alone on a line
    (``2025-09-05 18:38:30``), or after a label (``date 2024-04-26``,
    ``Published: March 4, 2025``, ``发布时间: 2023/10/8 15:37:00``).
    """
    pos = 0
    header_end = 0
    for lineno, line in enumerate(text.splitlines(keepends=True)):
        if lineno >= 8 or pos > 600:
            break
        stripped = line.strip()
        m = _HEADER_DATE_RE.match(line)
        if m:
            value = _parse_header_date(m["date"])
            if value:
                end = pos + m.end()
                # the whole line is header when nothing but the date stands on it
                rest = line[m.end() :].strip()
                return value, (pos + len(line) if not rest else end)
        m = _LABELLED_DATE_RE.match(line)
        if m and len(stripped) < 60:
            value = _parse_header_date(m["date"])
            if value:
                return value, pos + len(line)
        if re.match(r"^\s*(source|editor|by|author|web editor)\s*:", line, re.I):
            header_end = pos + len(line)
        pos += len(line)
    return None, header_end


def body_years(text: str) -> list[int]:
    """Years the text mentions as years (not inside numbers, ids or URLs)."""
    years = []
    for m in _YEAR_RE.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()].lower()
        word_start = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        if "/" in text[word_start : m.start()] or "http" in text[word_start : m.start()]:
            continue  # inside a URL or a path
        if re.search(r"(by|until|till|before|through)\s+$", before):
            continue  # targets and deadlines point ahead, not at the story's year
        years.append(int(m["year"]))
    return years


def resolve_year(month: int, day: int, base: dt.date) -> dt.date | None:
    """The date with this month and day nearest to ``base`` (within half a year)."""
    best = None
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - base).days) < abs((best - base).days):
            best = candidate
    return best


def find_dateline(text: str, published: str | None, start_at: int = 0) -> Dateline | None:
    """The first dateline opening a paragraph in the first part of the article."""
    window = text[: min(len(text), start_at + 2500)]
    for m in DATELINE_RE.finditer(window, start_at):
        # A dateline opens a line (or follows the inline header date).
        line_start = max(window.rfind("\n", 0, m.start()) + 1, start_at if m.start() >= start_at else 0)
        if window[line_start : m.start()].strip():
            continue
        place = m["place"]
        # A title-case place needs a date to be a dateline ("The Index (GII) -" is not).
        if not (m["date"] or (place.replace(",", "").replace(" ", "").isupper() and (m["agency"] or m["wire"]))):
            continue
        date_iso = None
        year_source = None
        ds = de = None
        if m["date"]:
            ds, de = m.start("date"), m.end("date")
            date_iso, year_source = _dateline_date(m["date"], published, text)
        return Dateline(
            text=m["line"],
            start=m.start("line"),
            end=m.end("line"),
            date=date_iso,
            date_start=ds,
            date_end=de,
            year_source=year_source,
        )
    return None


def _dateline_date(raw: str, published: str | None, text: str):
    m = re.search(MONTH, raw)
    d = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", raw.replace(m[0], " ") if m else raw)
    y = re.search(r"\d{4}", raw)
    if not (m and d):
        return None, None
    month, day = month_number(m[0]), int(d[1])
    if y:
        try:
            return dt.date(int(y[0]), month, day).isoformat(), "stated"
        except ValueError:
            return None, None
    if published:
        resolved = resolve_year(month, day, dt.date.fromisoformat(published))
        return (resolved.isoformat(), "published") if resolved else (None, None)
    years = body_years(text)
    if years:
        try:
            return dt.date(max(years), month, day).isoformat(), "body"
        except ValueError:
            return None, None
    return None, None


# --------------------------------------------------------------------------- loading


def make_article(
    article_id: str,
    path: str,
    text: str,
    encoding: str = "utf-8",
    published: str | None = None,
    notes: tuple[str, ...] = (),
) -> Article:
    """Build an Article, reading the header date and dateline from the text."""
    header_published, header_end = find_published(text)
    published = published or header_published
    dateline = find_dateline(text, published, header_end)
    if published is None and dateline and dateline.date and dateline.year_source == "stated":
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
    )


_BINARY_MAGIC = {
    b"\x89PNG": "PNG image",
    b"PK\x03\x04": "zip archive",
    b"%PDF": "PDF document",
    b"\x1f\x8b": "gzip archive",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
}


def decode_bytes(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decode article bytes; returns (text, encoding, notes). Raises ValueError."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ValueError(f"binary content: {what}")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", ("BOM removed",)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", ("decoded as UTF-16 (BOM)",)
    if b"\x00" in data[:8192]:
        raise ValueError("binary content: NUL bytes")
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as err:
        # Latin-1 / cp1252 text is common in older archives; say what was assumed.
        try:
            text = data.decode("cp1252")
            return text, "cp1252", (f"not UTF-8 ({err.reason} at byte {err.start}); decoded as cp1252",)
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            return text, "latin-1", (f"not UTF-8 ({err.reason} at byte {err.start}); decoded as Latin-1",)


def _iter_files(path: Path, errors: list[LoadError], seen: set) -> Iterator[Path]:
    try:
        real = path.resolve()
    except (OSError, RuntimeError) as err:
        errors.append(LoadError(str(path), Errors.E002.format(path=path, reason=err)))
        return
    if real in seen:
        errors.append(LoadError(str(path), Errors.E002.format(path=path, reason="symlink loop")))
        return
    if path.is_dir():
        seen.add(real)
        try:
            entries = sorted(path.iterdir())
        except OSError as err:
            errors.append(LoadError(str(path), Errors.E002.format(path=path, reason=err.strerror or err)))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir() or entry.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
                yield from _iter_files(entry, errors, seen)
    elif path.is_file():
        yield path
    elif not path.exists():
        errors.append(LoadError(str(path), Errors.E001.format(path=path)))
    else:
        errors.append(LoadError(str(path), Errors.E010.format(path=path)))


def load_corpus(paths: Iterable[str | os.PathLike], max_bytes: int = DEFAULT_MAX_BYTES) -> Corpus:
    """Load every article under ``paths``. Bad files become errors; the rest goes on."""
    corpus = Corpus()
    first_seen: dict[str, str] = {}
    seen_dirs: set = set()

    def add(article: Article) -> None:
        if article.id in first_seen:
            corpus.errors.append(
                LoadError(
                    article.path,
                    Errors.E009.format(path=article.path, id=article.id, first=first_seen[article.id]),
                )
            )
            return
        first_seen[article.id] = article.path
        corpus.articles.append(article)

    for raw in paths:
        for file in _iter_files(Path(raw), corpus.errors, seen_dirs):
            for item in load_file(file, max_bytes):
                if isinstance(item, LoadError):
                    corpus.errors.append(item)
                else:
                    add(item)
    return corpus


def load_file(file: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article | LoadError]:
    path = str(file)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            return [LoadError(path, Errors.E006.format(path=path, size=size, limit=max_bytes))]
        with open(file, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as err:
        return [LoadError(path, Errors.E002.format(path=path, reason=err.strerror or err))]
    if file.suffix.lower() in JSONL_SUFFIXES:
        return list(_load_jsonl(path, data))
    if not data:
        return [LoadError(path, Errors.E003.format(path=path))]
    try:
        text, encoding, notes = decode_bytes(data)
    except ValueError as err:
        return [LoadError(path, Errors.E005.format(path=path, reason=err))]
    if not text.strip():
        return [LoadError(path, Errors.E004.format(path=path))]
    return [make_article(file.stem, path, text, encoding, notes=notes)]


def _load_jsonl(path: str, data: bytes) -> Iterator[Article | LoadError]:
    try:
        text, _, _ = decode_bytes(data)
    except ValueError as err:
        yield LoadError(path, Errors.E005.format(path=path, reason=err))
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield LoadError(path, Errors.E007.format(path=path, line=lineno, reason=err.msg))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield LoadError(path, Errors.E008.format(path=path, line=lineno))
            continue
        if not record["text"].strip():
            yield LoadError(path, Errors.E004.format(path=f"{path}:{lineno}"))
            continue
        article_id = str(record.get("id") or f"{Path(path).stem}-{lineno}")
        published = record.get("published")
        if published:
            published = _parse_header_date(str(published))
        yield make_article(article_id, path, record["text"], "utf-8", published=published)
