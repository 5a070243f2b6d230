"""Consistency checks: pure functions from claims to findings, one module per family.

Each check is registered by name so a run can enable or disable it. A check never
reads files, loads a model or keeps state: it sees the claims and the batch context
(article metadata and the story each article belongs to) and returns findings in a
deterministic order.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from operator import attrgetter

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
    batch_date: str | None = None  # a date given for the whole batch (run --date)
    # The story was given by the input (a JSONL "story", --stories folders): the
    # user's word that its articles report one event, not a grouping by topic.
    story_given: bool = False


@dataclass
class Batch:
    articles: dict[str, ArticleInfo] = field(default_factory=dict)
    # Indexes several checks share (the run's subject aliases, its claims by type,
    # rank positions): run_checks opens this for its duration, and each index is
    # then built once per run instead of once per check (see ``shared``).
    memo: dict[str, object] | None = field(default=None, repr=False, compare=False)

    def story(self, article: str) -> str:
        info = self.articles.get(article)
        return info.story if info else article

    def story_given(self, article: str) -> bool:
        info = self.articles.get(article)
        return bool(info and info.story_given)

    def published(self, article: str) -> str | None:
        """The article's publication date (or its dateline's, when its year is
        known), or None."""
        info = self.articles.get(article)
        if info is None:
            return None
        if info.published:
            return info.published
        if info.dateline_year_source not in (None, "none"):
            return info.dateline_date
        return None

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
    """'2023' -> '2023'; '2025-Q3' -> 'Q3 2025'; '--08' -> 'August (year not stated)';
    '--Q3' -> 'Q3 (year not stated)'."""
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
    if m := re.fullmatch(r"--Q([1-4])", period):
        return f"Q{m[1]} (year not stated)"
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
    story_of = {a: info.story for a, info in batch.articles.items()}
    for c in claims:
        if key := c.subject_key:
            by_story.setdefault(story_of.get(c.article, c.article), set()).add(key)
    out = {}
    for story, keys in by_story.items():
        words = {k: frozenset(k.replace("-", " ").split()) for k in keys}
        # word -> keys having it: the keys containing all of a key's words are the
        # intersection of its words' sets (linear in the story's subjects, not square)
        having: dict[str, set[str]] = {}
        for k, ws in words.items():
            for w in ws:
                having.setdefault(w, set()).add(k)
        if len(keys) < 2:
            continue
        most = max(len(ws) for ws in words.values())
        for key, ws in words.items():
            if len(ws) == most:
                continue  # nothing in the story has more words
            if len(ws) == 1:
                candidates = having[next(iter(ws))]
            elif ws:
                sets = sorted((having[w] for w in ws), key=len)
                candidates = sets[0].intersection(*sets[1:])
            else:
                candidates = keys
            longer = [k for k in candidates if k != key and ws < words[k]]
            if len(longer) == 1:
                out[(story, key)] = longer[0]
    return out


def shared(batch: Batch, name: str, compute: Callable[[], object]):
    """``compute()``, once per run_checks call (every check gets the same claims
    there); outside run_checks, every time."""
    if batch.memo is None:
        return compute()
    if name not in batch.memo:
        batch.memo[name] = compute()
    return batch.memo[name]


def story_idf(claims: list[Claim], batch: Batch, story: str) -> dict[str, float]:
    """The context-word IDF of one story's claims (checks.align.context_idf), from a
    per-run index of claims by story: each story's claims are walked once."""
    import os

    from pipeline.checks.align import context_idf

    if os.environ.get("CC_BATCH_IDF"):
        return shared(batch, "batch idf", lambda: context_idf(claims))
    by_story = shared(batch, "claims by story", lambda: _by_story(claims, batch))
    idfs = shared(batch, "story idf", dict)
    if story not in idfs:
        idfs[story] = context_idf(by_story.get(story, ()))
    return idfs[story]


def _by_story(claims: list[Claim], batch: Batch) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for c in claims:
        out.setdefault(batch.story(c.article), []).append(c)
    return out


def claims_of(claims: list[Claim], batch: Batch, *types: str) -> list[Claim]:
    """The claims of these types, in the order given: the first blocking key. Each
    check walks only the claims it can use, not the whole run's."""
    if len(types) == 1:
        return shared(batch, "by type", lambda: _by_type(claims)).get(types[0], [])
    wanted = frozenset(types)
    return shared(
        batch,
        "types:" + ",".join(sorted(wanted)),
        lambda: [c for c in claims if c.type in wanted],
    )


def _by_type(claims: list[Claim]) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for c in claims:
        out.setdefault(c.type, []).append(c)
    return out


def aliases_of(claims: Iterable[Claim], batch: Batch) -> dict[tuple[str, str], str]:
    """The run's subject aliases inside run_checks (computed there from all its
    claims), else these claims' own."""
    if batch.memo is not None and "aliases" in batch.memo:
        return batch.memo["aliases"]
    return subject_aliases(claims, batch)


def canonical_subject(
    c: Claim, batch: Batch, aliases: dict[tuple[str, str], str]
) -> str | None:
    if c.subject_key is None:
        return None
    return aliases.get((batch.story(c.article), c.subject_key), c.subject_key)


Check = Callable[[list[Claim], Batch], list[Finding]]
SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class CheckSpec:
    """Everything about one check, declared once where it is registered: the kind of
    finding it makes, the claim types it reads, whether it reads one article, what
    an editor is told it checks, and the severity of its findings.

    ``trusted`` is False for a rule whose precision measured on real copy
    (gold/real-news) is below 0.8: its findings run at low severity, and its
    description says so, until it earns more (see README, per-rule precision).
    """

    name: str
    kind: str
    description: str
    severity: str
    reads: tuple[str, ...]
    per_article: bool
    run: Check
    trusted: bool = True


CHECKS: dict[str, CheckSpec] = {}
# name -> the check function; kind; the per-article ones (derived from CHECKS).
REGISTRY: dict[str, Check] = {}
# Checks that read one article only (its claims, its text, its dateline): a run makes
# them in the map, beside extraction, so the reduce is left with the checks that
# compare articles of a story.
PER_ARTICLE: set[str] = set()
# check name -> the kind of finding it makes (findings.KINDS)
KIND_OF: dict[str, str] = {}
# The claim types the checks of each kind read ("placeholder" reads the text only):
# a run of some kinds extracts only what they read (see extract.plan_for).
TYPES_READ = {
    "date": ("date",),
    "number": ("money", "percent", "quantity", "count", "number"),
    "rank": ("rank", "count_in_list"),  # counts inside a list ("24 of the top 100")
    "count": ("count",),
    "placeholder": (),
}


def register(
    name: str,
    *,
    kind: str,
    description: str,
    severity: str = "medium",
    reads: tuple[str, ...] | None = None,
    per_article: bool = False,
    trusted: bool = True,
) -> Callable[[Check], Check]:
    """Declare a check (see CheckSpec); its findings are made with ``finding``."""
    if severity not in SEVERITIES:
        raise ValueError(
            f"check {name}: severity {severity!r} is not one of {SEVERITIES}"
        )
    if kind not in TYPES_READ:
        raise ValueError(
            f"check {name}: kind {kind!r} is not one of {tuple(TYPES_READ)}"
        )

    def wrap(func: Check) -> Check:
        spec = CheckSpec(
            name=name,
            kind=kind,
            description=description,
            severity=severity,
            reads=TYPES_READ[kind] if reads is None else reads,
            per_article=per_article,
            run=func,
            trusted=trusted,
        )
        CHECKS[name] = spec
        REGISTRY[name] = func
        KIND_OF[name] = kind
        if per_article:
            PER_ARTICLE.add(name)
        return func

    return wrap


def finding(
    rule: str,
    *,
    message: str,
    evidence: tuple,
    confidence: float,
    scope: str = "within",
    severity: str | None = None,
) -> Finding:
    """A finding of a registered check: its kind and default severity come from the
    declaration; an untrusted rule's findings are low severity whatever the case."""
    spec = CHECKS[rule]
    return Finding(
        kind=spec.kind,
        rule=rule,
        scope=scope,
        severity="low" if not spec.trusted else (severity or spec.severity),
        confidence=confidence,
        message=message,
        evidence=evidence,
    )


def select_checks(names: Iterable[str] | None) -> tuple[str, ...]:
    """Check names from check names or finding kinds ("date", "number", "rank",
    "count", "placeholder"), sorted; all checks for None. Unknown names raise
    ValueError listing what there is."""
    if names is None:
        return tuple(sorted(REGISTRY))
    out: set[str] = set()
    unknown = []
    for name in names:
        if name in REGISTRY:
            out.add(name)
        elif name in TYPES_READ:
            out |= {n for n, k in KIND_OF.items() if k == name}
        else:
            unknown.append(name)
    if unknown or not out:
        raise ValueError(
            f"unknown check {', '.join(repr(n) for n in unknown) or '(none given)'}: "
            f"use kinds ({', '.join(TYPES_READ)}) or checks ({', '.join(sorted(REGISTRY))})"
        )
    return tuple(sorted(out))


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


@contextmanager
def checking(claims: list[Claim], batch: Batch) -> Iterator[None]:
    """The state of one reduce over these (sorted) claims: the batch's shared indexes
    open, starting with the subject aliases of all its claims, and the cyclic garbage
    collector paused. The checks allocate many small acyclic objects (index tuples,
    lists, findings) while the run's claims are alive: the collector would walk all
    of them again and again (a quarter of the checking time at a million claims) and
    find nothing to free."""
    collecting = gc.isenabled()
    gc.disable()
    batch.memo = {"aliases": subject_aliases(claims, batch)}
    try:
        yield
    finally:
        batch.memo = None
        if collecting:
            gc.enable()


def check_article(
    claims: Iterable[Claim], info: ArticleInfo, enabled: Iterable[str] | None = None
) -> list[Finding]:
    """The per-article checks (those enabled; all by default) on one article's claims:
    the map side of checking. Their findings go to ``run_checks(..., found=...)``
    with the other articles'."""
    batch = Batch(articles={info.id: info}, memo={})
    claims = sorted(claims, key=attrgetter("article", "start", "end", "type"))
    findings: list[Finding] = []
    names = PER_ARTICLE if enabled is None else PER_ARTICLE & set(enabled)
    for name in sorted(names):
        findings.extend(REGISTRY[name](claims, batch))
    return findings


def run_checks(
    claims: Iterable[Claim],
    batch: Batch,
    enabled: Iterable[str] | None = None,
    found: Iterable[Finding] | None = None,
) -> list[Finding]:
    """Run the enabled checks (all by default) and return their findings, sorted.

    ``found``: the findings of the per-article checks, made already article by
    article (``check_article``); those checks then do not run again here.
    """
    claims = sorted(claims, key=attrgetter("article", "start", "end", "type"))
    names = list(enabled) if enabled is not None else sorted(REGISTRY)
    findings: list[Finding] = []
    if found is not None:
        names = [n for n in names if n not in PER_ARTICLE]
        findings.extend(found)
    with checking(claims, batch):
        for name in names:
            findings.extend(REGISTRY[name](claims, batch))
    findings = versions.already_told(findings)
    # Findings with identical words (the same check on the same spans twice) collapse;
    # findings with the same words at different places (two "<>" in one article) are
    # told apart by their order in the article.
    # Each fingerprint is computed once (a hash of normalised words, not free).
    unique: dict[tuple, tuple[Finding, str]] = {}
    for f in findings:
        fid = f.id
        unique.setdefault(
            (fid, tuple((e.article, e.start, e.end) for e in f.evidence)), (f, fid)
        )
    seen: dict[str, int] = {}
    numbered = []
    ids: dict[int, str] = {}
    for f, fid in sorted(
        unique.values(), key=lambda p: [(e.article, e.start) for e in p[0].evidence]
    ):
        n = seen.get(fid, 0)
        seen[fid] = n + 1
        if n:
            f = replace(f, occurrence=n)
            fid = f.id
        numbered.append(f)
        ids[id(f)] = fid
    return sort_findings(numbered, ids)


# The families register themselves on import; importing them here (not lazily inside
# run_checks) means a long run uses the code it started with.
from pipeline.checks import (  # noqa: E402, F401
    counts,
    figures,
    numeric,
    placeholders,
    ranking,
    temporal,
    versions,
)
