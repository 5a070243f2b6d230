"""What the review app reads: a report folder (findings.json, claims.jsonl) and the
article texts it names, re-read when they change on disk.

Article texts are untrusted: this module only slices them; templates escape them.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.checks import CHECKS
from pipeline.corpus import (
    JSONL_SUFFIXES,
    Article,
    article_file,
    display_path,
    find_published,
    load_file,
    raw_path_of,
)
from pipeline.findings import SEVERITY_ORDER, Evidence, Finding
from pipeline.report.context import lede_text
from pipeline.review.errors import ReportError, ReviewErrors

# The run enforced its own --max-bytes; the app reads whatever the run accepted.
MAX_ARTICLE_BYTES = 256 * 1024 * 1024
PARAGRAPH_LIMIT = 700  # characters shown either side of a span in a long paragraph


@dataclass(frozen=True, slots=True)
class ReportFinding:
    """A finding of the report, under the id findings.json gives it."""

    id: str
    finding: Finding

    @property
    def articles(self) -> list[str]:
        """The cited articles, in order of first citation."""
        return list(dict.fromkeys(e.article for e in self.finding.evidence))

    @property
    def rule_text(self) -> str:
        spec = CHECKS.get(self.finding.rule)
        return spec.description if spec else ""


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article of the report and, when its file can be read, its text."""

    id: str
    path: str
    full_path: Path | None
    published: str | None
    dateline: dict[str, Any] | None
    text: str | None
    problem: str | None = None
    headline: str | None = None

    @property
    def name(self) -> str:
        """The headline, else the opening words of the body, else the id."""
        return self.headline or self.lede or self.id

    @property
    def lede(self) -> str:
        if not self.text:
            return ""
        start = find_published(self.text)[1]
        end = (self.dateline or {}).get("end")
        if isinstance(end, int) and end > start:
            start = end
        return lede_text(self.text, start)


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """A story of the run as findings.json lists it."""

    id: str
    label: str
    articles: tuple[str, ...]
    given: bool = False


@dataclass
class Report:
    """A parsed findings.json."""

    folder: Path
    findings: list[ReportFinding]
    articles: dict[str, dict[str, Any]]
    errors: list[dict[str, Any]]
    by_id: dict[str, ReportFinding] = field(default_factory=dict)
    stories: list[StoryInfo] = field(default_factory=list)
    story_of: dict[str, str] = field(default_factory=dict)  # article id -> story id

    def __post_init__(self) -> None:
        self.by_id = {f.id: f for f in self.findings}
        if not self.stories:  # a report from before stories: each article its own
            self.stories = [
                StoryInfo(a, str(info.get("headline") or a), (a,))
                for a, info in self.articles.items()
            ]
        self.story_of = {a: s.id for s in self.stories for a in s.articles}

    def story(self, item: ReportFinding) -> StoryInfo | None:
        """The story of a finding (that of its first cited article)."""
        first = item.articles[0] if item.articles else ""
        story_id = self.story_of.get(first)
        return next((s for s in self.stories if s.id == story_id), None)

    def headline(self, article_id: str) -> str | None:
        info = self.articles.get(article_id) or {}
        return str(info["headline"]) if info.get("headline") else None

    @property
    def kinds(self) -> list[str]:
        return sorted({f.finding.kind for f in self.findings})

    @property
    def cited_articles(self) -> list[str]:
        return sorted({a for f in self.findings for a in f.articles})


def _order(item: ReportFinding) -> tuple:
    f = item.finding
    first = f.evidence[0] if f.evidence else Evidence("", 0, 0, "")
    return (
        SEVERITY_ORDER.get(f.severity, 9),
        f.kind,
        f.rule,
        first.article,
        first.start,
        item.id,
    )


def parse_report(folder: Path, document: dict[str, Any]) -> Report:
    """Build a Report from a findings.json document. Raises ReportError."""
    path = folder / "findings.json"
    try:
        items = [
            ReportFinding(str(d["id"]), Finding.from_dict(d))
            for d in document.get("findings", [])
        ]
        articles = {str(a["id"]): dict(a) for a in document.get("articles", [])}
        stories = [
            StoryInfo(
                str(s["id"]),
                str(s.get("label") or s["id"]),
                tuple(str(a) for a in s.get("articles", [])),
                bool(s.get("given", False)),
            )
            for s in document.get("stories", [])
        ]
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise ReportError(
            ReviewErrors.E054.format(path=path, reason=f"unexpected layout: {err!r}")
        ) from err
    listed = {a for s in stories for a in s.articles}
    stories += [
        StoryInfo(a, str(info.get("headline") or a), (a,))
        for a, info in articles.items()
        if stories and a not in listed
    ]
    return Report(
        folder,
        sorted(items, key=_order),
        articles,
        list(document.get("errors", [])),
        stories=stories,
    )


def read_report(folder: Path) -> Report:
    """Read ``folder/findings.json``. Raises ReportError when missing or unreadable."""
    path = folder / "findings.json"
    if not path.is_file():
        raise ReportError(ReviewErrors.E053.format(path=path, folder=folder))
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ReportError(ReviewErrors.E054.format(path=path, reason=err)) from err
    if not isinstance(document, dict):
        raise ReportError(ReviewErrors.E054.format(path=path, reason="not an object"))
    return parse_report(folder, document)


def resolve_path(path: str, base_dir: Path) -> Path:
    """An article path of findings.json: absolute, or relative to ``base_dir``."""
    p = Path(path)
    return p if p.is_absolute() else base_dir / p


def read_article(info: dict[str, Any], base_dir: Path) -> ArticleText:
    """Read one article as the run decoded it; a missing file gives ``text=None``."""
    article_id = str(info["id"])
    raw_path = str(info.get("path") or "")
    common = {
        "id": article_id,
        "path": raw_path,
        "published": info.get("published"),
        "dateline": info.get("dateline"),
        "headline": info.get("headline"),
    }
    on_disk = article_file(info)  # the name on disk, when "path" shows it escaped
    if on_disk is None:
        return ArticleText(
            full_path=None, text=None, problem="no file recorded", **common
        )
    full = resolve_path(on_disk, base_dir)
    if not full.is_file():
        return ArticleText(
            full_path=full, text=None, problem="file not found", **common
        )
    jsonl = full.suffix.lower() in JSONL_SUFFIXES
    items = load_file(full, max_bytes=MAX_ARTICLE_BYTES)
    for item in items if jsonl else items[:1]:  # a text file is one article
        if isinstance(item, Article) and (not jsonl or item.id == article_id):
            return ArticleText(full_path=full, text=item.text, **common)
    problems = [i.reason for i in items[:1] if not isinstance(i, Article)]
    problem = problems[0] if problems and not jsonl else "article not in the file"
    return ArticleText(full_path=full, text=None, problem=problem, **common)


def read_claims(path: Path) -> list[dict[str, Any]]:
    """The claims of claims.jsonl (lines that are not JSON objects are skipped)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                claim = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(claim, dict) and "article" in claim:
                out.append(claim)
    return out


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


class ReportSource:
    """The report folder, re-read when findings.json or an article changes on disk."""

    def __init__(self, folder: str | Path, base_dir: str | Path | None = None) -> None:
        self.folder = Path(folder)
        self.base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
        self._lock = threading.Lock()
        self._report: tuple[tuple[int, int] | None, Report] | None = None
        self._texts: dict[str, tuple[tuple[int, int] | None, ArticleText]] = {}
        self._claims: tuple[tuple[int, int] | None, list[dict[str, Any]]] | None = None

    def run_folder(self) -> Path:
        """Where the report's files really are: ``DIR/.runs/<run>`` when DIR holds a
        report set (its names are links into the current run), else DIR. Reading
        findings and claims from it keeps them of one run while a new run switches."""
        return Path(os.path.realpath(self.folder / "findings.json")).parent

    def report(self) -> tuple[Report, bool]:
        """The current report, and whether it was (re)read by this call."""
        run = self.run_folder()
        stamp = _stamp(run / "findings.json")
        with self._lock:
            if self._report is not None and self._report[0] == stamp:
                return self._report[1], False
            report = read_report(run)
            self._report = (stamp, report)
            return report, True

    def forget(self) -> None:
        """Drop the cached report so the next call reads it again."""
        with self._lock:
            self._report = None

    def article(self, article_id: str) -> ArticleText | None:
        """An article of the report with its text, or None when the report lacks it."""
        report, _ = self.report()
        info = report.articles.get(article_id)
        if info is None:
            return None
        full = resolve_path(article_file(info) or "-", self.base_dir)
        stamp = _stamp(full)
        with self._lock:
            cached = self._texts.get(article_id)
            if (
                cached is not None
                and cached[0] == stamp
                and cached[1].path == info.get("path")
            ):
                return cached[1]
        article = read_article(info, self.base_dir)
        with self._lock:
            self._texts[article_id] = (stamp, article)
        return article

    def claims(self) -> list[dict[str, Any]] | None:
        """The claims of claims.jsonl, or None when the run wrote none."""
        report, _ = self.report()
        path = report.folder / "claims.jsonl"  # the same run's as findings.json
        stamp = _stamp(path)
        if stamp is None:
            return None
        with self._lock:
            if self._claims is not None and self._claims[0] == stamp:
                return self._claims[1]
        claims = read_claims(path)
        with self._lock:
            self._claims = (stamp, claims)
        return claims

    def article_paths(self) -> dict[str, dict[str, Any]]:
        """article id -> absolute path and publication date, for store snapshots."""
        report, _ = self.report()
        out = {}
        for article_id, info in report.articles.items():
            raw = article_file(info)
            if raw is not None:
                full = resolve_path(raw, self.base_dir).resolve()
                out[article_id] = {
                    "path": display_path(full),  # the store keeps valid text only
                    "published": info.get("published"),
                }
                if raw_path_of(full) is not None:
                    out[article_id]["path_raw"] = raw_path_of(full)
        return out


# ---------------------------------------------------------------- spans and paragraphs


def locate(text: str, evidence: Evidence) -> tuple[int, int, bool] | None:
    """Where the evidence words are in ``text``: (start, end, moved).

    The run's offsets are used when the words are still there; when the article
    changed since the run, the nearest occurrence of the words is taken (moved=True).
    """
    if not evidence.text:
        return None
    if text[evidence.start : evidence.end] == evidence.text:
        return evidence.start, evidence.end, False
    best: int | None = None
    i = text.find(evidence.text)
    while i != -1:
        if best is None or abs(i - evidence.start) < abs(best - evidence.start):
            best = i
        i = text.find(evidence.text, i + 1)
    if best is None:
        return None
    return best, best + len(evidence.text), True


def paragraph_bounds(
    text: str, start: int, end: int, limit: int = PARAGRAPH_LIMIT
) -> tuple[int, int, bool, bool]:
    """The line holding [start, end) (articles put one paragraph a line), clipped to
    ``limit`` characters a side at a word boundary: (a, b, clipped_left, clipped_right).
    """
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b == -1 else b
    left = right = False
    if start - a > limit:
        cut = text.find(" ", start - limit, start)
        a, left = (cut + 1 if cut != -1 else start - limit), True
    if b - end > limit:
        cut = text.rfind(" ", end, end + limit)
        b, right = (cut if cut != -1 else end + limit), True
    while a < start and text[a].isspace():
        a += 1
    while b > end and text[b - 1].isspace():
        b -= 1
    return a, b, left, right


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The non-blank lines of ``text`` as (start, end) offsets."""
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append((pos, end))
        pos = end + 1
    return out


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted span: which evidence it is and where it links."""

    start: int
    end: int
    label: str
    title: str
    current: bool = True
    href: str | None = None
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same marks (none: plain text)."""

    text: str
    start: int
    marks: tuple[Mark, ...] = ()

    @property
    def current(self) -> bool:
        return any(m.current for m in self.marks)

    @property
    def first_starting(self) -> Mark | None:
        """The mark that begins with this segment (its anchor goes here)."""
        for m in self.marks:
            if m.start == self.start:
                return m
        return None


def segments(text: str, a: int, b: int, marks: Iterable[Mark]) -> list[Segment]:
    """Cut text[a:b] at every mark boundary; overlapping marks share segments."""
    inside = [m for m in marks if m.end > a and m.start < b and m.end > m.start]
    cuts = sorted(
        {a, b, *(max(a, m.start) for m in inside), *(min(b, m.end) for m in inside)}
    )
    out = []
    for x, y in zip(cuts, cuts[1:], strict=False):
        if x >= y:
            continue
        cover = tuple(m for m in inside if m.start <= x and m.end >= y)
        out.append(Segment(text[x:y], x, cover))
    return out


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One evidence span of a finding, located in the article as it is now."""

    number: int
    evidence: Evidence
    start: int | None
    end: int | None
    moved: bool = False


@dataclass(frozen=True, slots=True)
class ParagraphView:
    start: int
    end: int
    segments: list[Segment]
    clipped_left: bool = False
    clipped_right: bool = False


@dataclass(frozen=True, slots=True)
class ArticleColumn:
    """One cited article: its spans and the paragraphs that hold them."""

    article: ArticleText
    evidence: list[EvidenceView]
    paragraphs: list[ParagraphView]

    @property
    def missing(self) -> list[EvidenceView]:
        return [e for e in self.evidence if e.start is None]


def evidence_title(number: int, evidence: Evidence) -> str:
    value = f" · value {evidence.value}" if evidence.value else ""
    return f"evidence {number}{value}"


def evidence_columns(item: ReportFinding, source: ReportSource) -> list[ArticleColumn]:
    """Per cited article, each evidence span highlighted in its paragraph."""
    columns = []
    numbered = list(enumerate(item.finding.evidence, start=1))
    for article_id in item.articles:
        article = source.article(article_id) or ArticleText(
            article_id, "", None, None, None, None, "not listed in findings.json"
        )  # fmt: skip
        views: list[EvidenceView] = []
        for n, ev in numbered:
            if ev.article != article_id:
                continue
            found = locate(article.text, ev) if article.text is not None else None
            if found is None:
                views.append(EvidenceView(n, ev, None, None))
            else:
                views.append(EvidenceView(n, ev, found[0], found[1], found[2]))
        paras: list[ParagraphView] = []
        if article.text is not None:
            text = article.text
            marks = [
                Mark(
                    v.start,
                    v.end,
                    str(v.number),
                    evidence_title(v.number, v.evidence),
                    anchor=f"e{v.number}",
                )
                for v in views
                if v.start is not None and v.end is not None
            ]
            bounds: dict[tuple[int, int], tuple[bool, bool]] = {}
            for m in marks:
                a, b, left, right = paragraph_bounds(text, m.start, m.end)
                bounds[(a, b)] = (left, right)
            merged = _merge(sorted(bounds))
            for a, b in merged:
                left = any(bounds[k][0] for k in bounds if k[0] == a)
                right = any(bounds[k][1] for k in bounds if k[1] == b)
                paras.append(
                    ParagraphView(a, b, segments(text, a, b, marks), left, right)
                )
        columns.append(ArticleColumn(article, views, paras))
    return columns


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
