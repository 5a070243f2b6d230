"""Versions of one text: where two articles of a story are the same report with a few
words changed (a wire story re-sent, a page edited after publication), a figure
that is all that changed between them is one fact given two values.

Other checks compare figures by what they are about; this one compares them by
where they stand. Two articles are versions when most of their word 5-grams are
shared (``VERSION_OVERLAP``); their words are then aligned (difflib), and each
replaced stretch of at most ``MAX_CHANGED_WORDS`` words whose letters and digits
all lie inside one figure on each side is a changed figure: "the 1980s toy" in one
version and "the 1990s toy" in the other, "his eighth Budget" and "his ninth
Budget". A stretch that rewrites words around the figure ("up over 5% by noon"
against "up 4.75%") is an edit of the sentence, often an update, and is left to the
checks that read what the figures are about.

Candidate pairs come from a bottom-k sketch of each article's 5-grams within its
story (articles sharing a sketched 5-gram), so the cost stays near-linear in the
batch; a finding another check already made on the same two figures is not made
again (``already_told``, applied by ``run_checks``).
"""

from __future__ import annotations

import difflib
import math
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator

from pipeline.checks import (
    TYPES_READ,
    Batch,
    claims_of,
    evidence,
    finding,
    register,
    shared,
)
from pipeline.claims import Claim
from pipeline.findings import Finding

# Two articles are versions of one text when this share of the smaller one's word
# 5-grams is in the other (edited BBC versions share 0.76-0.99; distinct reports of
# one story under 0.4, measured over the 2,225 BBC articles).
VERSION_OVERLAP = 0.6
SHINGLE = 5
# The smallest hashed 5-grams kept per article for finding candidate pairs.
SKETCH = 12
# A version is of a report, not of a sentence: texts shorter than this many 5-grams
# (about 30 words) are not compared (one-line statements written to one template,
# "X bit Y's ear in 1990" and "... in 1997", are claims about one passage, which the
# alignment reads as such).
MIN_SHINGLES = 25
# A changed figure is a replacement of at most this many words on each side.
MAX_CHANGED_WORDS = 4
# Articles sharing one sketched 5-gram beyond this many are boilerplate, not versions.
POSTING_CAP = 16

_WORD = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W_]")

# The claim types compared: those the number checks read, and dates and ranks.
_FIGURE_TYPES = TYPES_READ["number"]


def _shingles(text: str) -> set[int]:
    """The text's word 5-grams, hashed with a hash that is the same in every process
    (Python's own string hash is salted per process, so its smallest values, the
    sketch, and with them the pairs compared, would change from run to run)."""
    words = re.findall(r"\w+", text.lower())
    return {
        zlib.crc32(" ".join(words[i : i + SHINGLE]).encode())
        for i in range(len(words) - SHINGLE + 1)
    }


def version_pairs(batch: Batch, articles: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Pairs of these articles (of one story each) that are versions of one text,
    identical copies left out."""
    shingles: dict[str, set[int]] = {}
    postings: dict[tuple[str, int], list[str]] = defaultdict(list)
    for a in sorted(set(articles)):
        info = batch.articles.get(a)
        if info is None or not info.text:
            continue
        shingles[a] = s = _shingles(info.text)
        if len(s) < MIN_SHINGLES:
            continue
        for h in sorted(s)[:SKETCH]:
            postings[(info.story, h)].append(a)
    seen: set[tuple[str, str]] = set()
    for members in postings.values():
        if len(members) < 2 or len(members) > POSTING_CAP:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                sa, sb = shingles[a], shingles[b]
                if batch.articles[a].text == batch.articles[b].text:
                    continue  # one text twice: nothing changed
                if len(sa & sb) / max(1, min(len(sa), len(sb))) >= VERSION_OVERLAP:
                    yield a, b


def _changed_stretches(x: str, y: str) -> Iterator[tuple[int, int, int, int]]:
    """Character spans (x_start, x_end, y_start, y_end) of the short stretches of
    words one text replaces in the other."""
    wx, wy = list(_WORD.finditer(x)), list(_WORD.finditer(y))
    a, b = [m[0] for m in wx], [m[0] for m in wy]
    # versions share most of their words: the common head and tail are cut off
    # before the (quadratic) alignment of what is left
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    matcher = difflib.SequenceMatcher(
        None, a[head : len(a) - tail], b[head : len(b) - tail], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        i1, i2, j1, j2 = i1 + head, i2 + head, j1 + head, j2 + head
        if (
            op != "replace"
            or i2 - i1 > MAX_CHANGED_WORDS
            or j2 - j1 > MAX_CHANGED_WORDS
        ):
            continue
        yield wx[i1].start(), wx[i2 - 1].end(), wy[j1].start(), wy[j2 - 1].end()


def _figure_in(claims: list[Claim], text: str, start: int, end: int) -> Claim | None:
    """The one figure whose span holds every letter and digit of text[start:end]."""
    inside = [c for c in claims if c.start < end and c.end > start]
    if len(inside) != 1:
        return None
    c = inside[0]
    outside = text[start : max(start, c.start)] + text[min(end, c.end) : end]
    return None if _LETTERS.search(outside) else c


def _same_kind(a: Claim, b: Claim) -> bool:
    if a.type != b.type:
        return False
    return a.type not in _FIGURE_TYPES or a.unit == b.unit


def _holds(c: Claim, x: float) -> bool:
    low = c.low if isinstance(c.low, (int, float)) else c.value
    high = c.high if isinstance(c.high, (int, float)) else c.value
    return (low is None or low <= x) and (high is None or x <= high)


def _same_value(a: Claim, b: Claim) -> bool:
    """The same value written two ways: equal values, or numbers each inside the
    other's rounding interval ("2,300" and "2.3 thousand"; "over 5%" and "over 8%"
    are two values)."""
    if a.unit != b.unit:
        return False
    x, y = a.value, b.value
    if isinstance(x, (int, float)) and isinstance(y, (int, float)):
        return math.isclose(x, y, rel_tol=1e-9) or (_holds(a, y) and _holds(b, x))
    return x == y and (a.low, a.high) == (b.low, b.high)


_ALL_TYPES = (*_FIGURE_TYPES, "date", "rank")


def _stretches_by_pair(claims: list[Claim], batch: Batch) -> dict:
    """The versions of the run (among articles with any figure) and the stretches
    each pair changes: aligned once per run, read by the three version checks."""
    articles = {c.article for c in claims_of(claims, batch, *_ALL_TYPES)}
    return {
        (a, b): list(_changed_stretches(batch.articles[a].text, batch.articles[b].text))
        for a, b in version_pairs(batch, articles)
    }


def changed_figures(claims: list[Claim], batch: Batch, types: tuple[str, ...]):
    """(a, b) for each figure of these types that is all that changed between two
    versions of one text, its values different."""
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in claims_of(claims, batch, *types):
        by_article[c.article].append(c)
    stretches = shared(
        batch, "version stretches", lambda: _stretches_by_pair(claims, batch)
    )
    for (a, b), changed in stretches.items():
        if a not in by_article or b not in by_article:
            continue
        ta, tb = batch.articles[a].text, batch.articles[b].text
        for xs, xe, ys, ye in changed:
            ca = _figure_in(by_article[a], ta, xs, xe)
            cb = _figure_in(by_article[b], tb, ys, ye)
            if ca is None or cb is None or not _same_kind(ca, cb):
                continue
            if not _same_value(ca, cb):
                yield ca, cb


def _one_place(pairs) -> list[list[Claim]]:
    """The changed figures grouped by the place they stand at: a figure changed in one
    of several versions is one fact, however many versions it is compared with (the
    pairs linked into components, each in text order)."""
    parent: dict[int, int] = {}
    claim_of: dict[int, Claim] = {}

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in pairs:
        for c in (a, b):
            if id(c) not in parent:
                parent[id(c)] = id(c)
                claim_of[id(c)] = c
        parent[root(id(a))] = root(id(b))
    groups: dict[int, list[Claim]] = defaultdict(list)
    for k, c in claim_of.items():
        groups[root(k)].append(c)
    ordered = [sorted(g, key=lambda c: (c.article, c.start)) for g in groups.values()]
    return sorted(ordered, key=lambda g: (g[0].article, g[0].start))


def _version_findings(rule: str, pairs) -> list[Finding]:
    out = []
    for group in _one_place(pairs):
        by_text: dict[str, list[str]] = defaultdict(list)
        for c in group:
            by_text[c.text].append(c.article)
        told = "; ".join(
            f"'{text}' ({', '.join(articles)})" for text, articles in by_text.items()
        )
        out.append(
            finding(
                rule,
                scope="across",
                confidence=0.8,
                message=(
                    f"Versions of one text differ only in this figure: {told}; the "
                    "words around it are the same, so one of them is wrong or was "
                    "corrected."
                ),
                evidence=tuple(evidence(c) for c in group),
            )
        )
    return out


@register(
    "version_figure_change",
    kind="number",
    description="Two versions of one text differ only in a figure (an amount, a share, a count).",
    severity="medium",
)
def version_figure_change(claims: list[Claim], batch: Batch) -> list[Finding]:
    return _version_findings(
        "version_figure_change", changed_figures(claims, batch, _FIGURE_TYPES)
    )


@register(
    "version_date_change",
    kind="date",
    description="Two versions of one text differ only in a date.",
    severity="medium",
)
def version_date_change(claims: list[Claim], batch: Batch) -> list[Finding]:
    return _version_findings(
        "version_date_change", changed_figures(claims, batch, ("date",))
    )


@register(
    "version_rank_change",
    kind="rank",
    description="Two versions of one text differ only in a rank or an ordinal.",
    severity="medium",
    reads=("rank",),
)
def version_rank_change(claims: list[Claim], batch: Batch) -> list[Finding]:
    return _version_findings(
        "version_rank_change", changed_figures(claims, batch, ("rank",))
    )


VERSION_RULES = frozenset(
    {"version_figure_change", "version_date_change", "version_rank_change"}
)


def already_told(findings: list[Finding]) -> list[Finding]:
    """The findings without the version changes another finding already makes on
    the same figures (each of its spans overlapped by that finding's evidence)."""
    others = [f for f in findings if f.rule not in VERSION_RULES]
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for n, f in enumerate(others):
        for e in f.evidence:
            spans[e.article].append((e.start, e.end, n))

    def told(f: Finding) -> bool:
        owners = None
        for e in f.evidence:
            here = {
                n for s, t, n in spans.get(e.article, ()) if s < e.end and t > e.start
            }
            owners = here if owners is None else owners & here
            if not owners:
                return False
        return bool(owners)

    return [f for f in findings if f.rule not in VERSION_RULES or not told(f)]
