"""Consistency checks: pure functions from claims to findings, one module per family.

Each check is registered by name so a run can enable or disable it. A check never
reads files, loads a model or keeps state: it sees the claims and the batch context
(article metadata and the story each article belongs to) and returns findings in a
deterministic order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from pipeline.claims import Claim
from pipeline.findings import Evidence, Finding, sort_findings


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    id: str
    text: str
    published: str | None = None
    dateline_date: str | None = None
    dateline_span: tuple[int, int] | None = None  # the dateline's date words
    dateline_year_source: str | None = (
        None  # stated, published, body, or none (stand-in year)
    )
    story: str = "0"


@dataclass
class Batch:
    articles: dict[str, ArticleInfo] = field(default_factory=dict)

    def story(self, article: str) -> str:
        info = self.articles.get(article)
        return info.story if info else article

    def base_year(self, article: str) -> int | None:
        """The article's year, when known (never the stand-in year of yearless text)."""
        info = self.articles.get(article)
        if info is None:
            return None
        if not info.published and info.dateline_year_source == "none":
            return None
        date = info.published or info.dateline_date
        return int(date[:4]) if date else None


def describe_period(period: str | None) -> str:
    """'2023' -> '2023'; '2025-Q3' -> 'Q3 2025'; '--08' -> 'August (year not stated)'."""
    import calendar
    import re

    if not period:
        return "an unstated period"
    if m := re.fullmatch(r"--(\d{2})(?:-(\d{2}))?", period):
        month = calendar.month_name[int(m[1])]
        return (
            f"{int(m[2])} {month} (year not stated)"
            if m[2]
            else f"{month} (year not stated)"
        )
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        return f"Q{m[2]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        return f"{calendar.month_name[int(m[2])]} {m[1]}"
    return period.replace("/", " to ")


def subject_aliases(
    claims: Iterable[Claim], batch: Batch
) -> dict[tuple[str, str], str]:
    """Within a story, a short subject whose words all belong to exactly one longer
    subject is that subject ("united" -> "rivermouth united", "acme" -> "acme
    robotics"). Returns (story, key) -> canonical key for the keys that change."""
    by_story: dict[str, set[str]] = {}
    for c in claims:
        if c.subject_key:
            by_story.setdefault(batch.story(c.article), set()).add(c.subject_key)
    out = {}
    for story, keys in by_story.items():
        for key in keys:
            words = set(key.replace("-", " ").split())
            longer = [
                k for k in keys if k != key and words < set(k.replace("-", " ").split())
            ]
            if len(longer) == 1:
                out[(story, key)] = longer[0]
    return out


def canonical_subject(
    c: Claim, batch: Batch, aliases: dict[tuple[str, str], str]
) -> str | None:
    if c.subject_key is None:
        return None
    return aliases.get((batch.story(c.article), c.subject_key), c.subject_key)


Check = Callable[[list[Claim], Batch], list[Finding]]
REGISTRY: dict[str, Check] = {}


def register(name: str) -> Callable[[Check], Check]:
    def wrap(func: Check) -> Check:
        REGISTRY[name] = func
        return func

    return wrap


def scope_of(claims: Iterable[Claim]) -> str:
    """'across' when the claims come from more than one article, else 'within'."""
    return "across" if len({c.article for c in claims}) > 1 else "within"


def evidence(claim: Claim, value: object | None = None) -> Evidence:
    shown = claim.value if value is None else value
    if isinstance(shown, float) and shown.is_integer():
        shown = int(shown)
    return Evidence(
        claim.article,
        claim.start,
        claim.end,
        claim.text,
        None if shown is None else str(shown),
    )


def run_checks(
    claims: Iterable[Claim], batch: Batch, enabled: Iterable[str] | None = None
) -> list[Finding]:
    """Run the enabled checks (all by default) and return their findings, sorted."""
    claims = sorted(claims, key=lambda c: (c.article, c.start, c.end, c.type))
    names = list(enabled) if enabled is not None else sorted(REGISTRY)
    findings: list[Finding] = []
    for name in names:
        findings.extend(REGISTRY[name](claims, batch))
    # Findings with identical words (the same check on the same spans twice) collapse;
    # findings with the same words at different places (two "<>" in one article) are
    # told apart by their order in the article.
    unique: dict[tuple, Finding] = {}
    for f in findings:
        unique.setdefault(
            (f.id, tuple((e.article, e.start, e.end) for e in f.evidence)), f
        )
    seen: dict[str, int] = {}
    numbered = []
    for f in sorted(
        unique.values(), key=lambda f: [(e.article, e.start) for e in f.evidence]
    ):
        n = seen.get(f.id, 0)
        seen[f.id] = n + 1
        numbered.append(replace(f, occurrence=n) if n else f)
    return sort_findings(numbered)


# The families register themselves on import; importing them here (not lazily inside
# run_checks) means a long run uses the code it started with.
from pipeline.checks import counts, numeric, placeholders, ranking, temporal  # noqa: E402, F401
