"""Rank checks: the same subject in the same ranking and period at different places;
a ranking named by the wrong size; a streak that contradicts a rank stated for one of
its years."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from pipeline.checks import (
    Batch,
    aliases_of,
    canonical_subject,
    claims_of,
    describe_period,
    evidence,
    finding,
    register,
    scope_of,
    shared,
    story_idf,
)
from pipeline.claims import Claim
from pipeline.findings import Finding

_YEAR = re.compile(r"\d{4}")


def _year(period: str | None) -> int | None:
    if period and _YEAR.match(str(period)):
        return int(str(period)[:4])
    return None


def _positions(claims: list[Claim], batch: Batch) -> list[Claim]:
    """Places in a ranking, with the subject made canonical within the story and an
    unnamed ranking keyed by what is measured ("finished ninth" in a story about a
    league: the league table)."""
    return shared(batch, "positions", lambda: _positions_of(claims, batch))


def _positions_of(claims: list[Claim], batch: Batch) -> list[Claim]:
    aliases = aliases_of(claims, batch)
    out = []
    for c in claims_of(claims, batch, "rank"):
        if not (
            c.type == "rank"
            and not c.get("series")
            and c.list_size is None
            and c.role in ("body", "title")
            and c.subject_key
            and c.numeric
        ):
            continue
        ranking = c.ranking or f"unnamed:{c.measure_key or ''}"
        subject = canonical_subject(c, batch, aliases)
        if subject != c.subject_key or ranking != c.ranking:
            c = replace(c, subject_key=subject, ranking=ranking)
        out.append(c)
    return out


@register(
    "rank_mismatch",
    kind="rank",
    description="The same subject is given different places in the same ranking and year.",
    severity="high",
)
def rank_mismatch(claims: list[Claim], batch: Batch) -> list[Finding]:
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for c in _positions(claims, batch):
        if "previous" in c.qualifiers or "plan" in c.qualifiers:
            continue
        if "update" in c.qualifiers and not _year(c.period):
            # "rose to fourth": the new place in a table that moves; with the
            # ranking's edition stated ("risen to 71st in the 2026 ranking") it is
            # that edition's place, which two reports must give alike
            continue
        year = _year(c.period)
        if year is None and c.tense == "present":
            year = batch.base_year(
                c.article
            )  # "is the third-busiest": as of the article
        if year is None:
            continue
        groups[(batch.story(c.article), c.subject_key, c.ranking, year)].append(c)
    findings = []
    for (_, subject, ranking, year), members in sorted(
        groups.items(), key=lambda kv: str(kv[0])
    ):
        values = {int(c.value) for c in members}
        if len(values) < 2:
            continue
        name = (
            ranking.replace("top-list ", "ranking of ")
            .replace("unnamed:", "ranking ")
            .strip()
        )
        listed = "; ".join(f"'{c.text}' ({c.article})" for c in members)
        findings.append(
            finding(
                "rank_mismatch",
                scope=scope_of(members),
                severity="high",
                confidence=0.7,
                message=(
                    f"{subject.title()} is given different places in the {name} for "
                    f"{describe_period(members[0].period) if members[0].period else year}: {listed}."
                ),
                evidence=tuple(evidence(c) for c in members),
            )
        )
    return findings


@register(
    "ranking_size_mismatch",
    kind="rank",
    description="A ranking is named by the wrong size (a count inside a list taken for the size of the list).",
    severity="high",
)
def ranking_size_mismatch(claims: list[Claim], batch: Batch) -> list[Finding]:
    """A ranking named "Top N" where the story says a subject holds N of the top M.

    The size of the list has been confused with the count within it: the named size
    equals a count that other statements place inside a list of a different size.
    """
    named = [
        c
        for c in claims_of(claims, batch, "rank")
        if c.list_size and c.get("named") and c.measure_key
    ]
    if not named:
        return []
    # blocking key (story, measure, count): a named ranking meets only the counts
    # equal to its size, in its story
    within: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims_of(claims, batch, "count"):
        if c.get("count_in_list") and c.list_size and c.measure_key:
            within[(batch.story(c.article), c.measure_key, int(c.value))].append(c)
    findings = []
    for n in named:
        size = int(n.list_size)
        support = [
            c
            for c in within.get((batch.story(n.article), n.measure_key, size), ())
            if int(c.list_size) != size
        ]
        if not support:
            continue
        sizes = sorted({int(c.list_size) for c in support})
        listed = " and ".join(f"'{c.text}' ({c.article})" for c in support)
        findings.append(
            finding(
                "ranking_size_mismatch",
                scope="across"
                if any(c.article != n.article for c in support)
                else "within",
                severity="high",
                confidence=0.8,
                message=(
                    f"'{n.text}' names a ranking of {n.list_size}, but {listed} put "
                    f"{n.list_size} {n.measure_key}s inside a top {'/'.join(map(str, sizes))}: "
                    f"the count seems to have been taken for the size of the ranking."
                ),
                evidence=(evidence(n, n.list_size), *(evidence(c) for c in support)),
            )
        )
    return findings


@register(
    "list_size_mismatch",
    kind="rank",
    description="A list is given different sizes for the same ranking.",
    severity="medium",
)
def list_size_mismatch(claims: list[Claim], batch: Batch) -> list[Finding]:
    """The same subject holds the same number of places in lists of different sizes
    for the same period: "nine universities in the top 50" against "nine universities
    among the top 500"."""
    groups: dict[tuple, list[tuple[Claim, int | None]]] = defaultdict(list)
    for c in claims_of(claims, batch, "count"):
        if not (
            c.get("count_in_list") and c.list_size and c.subject_key and c.measure_key
        ):
            continue
        if {"previous", "plan"} & set(c.qualifiers):
            continue
        year = _year(c.period)
        if year is None and c.tense == "present":
            year = batch.base_year(c.article)
        groups[
            (batch.story(c.article), c.subject_key, c.measure_key, int(c.value))
        ].append((c, year))
    findings = []
    for (_, subject, measure, count), members in sorted(
        groups.items(), key=lambda kv: str(kv[0])
    ):
        years = {y for _, y in members if y is not None}
        if len(years) > 1:
            continue  # different editions of the list: the sizes may differ legitimately
        sizes = sorted({int(c.list_size) for c, _ in members})
        if len(sizes) < 2:
            continue
        claims_in = [c for c, _ in members]
        when = f" for {next(iter(years))}" if years else ""
        measure = (
            measure
            if count == 1
            else (measure[:-1] + "ies" if measure.endswith("y") else measure + "s")
        )
        listed = "; ".join(f"'{c.text}' ({c.article})" for c in claims_in)
        findings.append(
            finding(
                "list_size_mismatch",
                scope=scope_of(claims_in),
                severity="medium",
                confidence=0.6 if not years else 0.65,
                message=(
                    f"{subject.title()}'s {count} {measure}{when} are placed in lists of "
                    f"different sizes ({', '.join(f'top {s}' for s in sizes)}): {listed}."
                ),
                evidence=tuple(
                    evidence(c, f"{int(c.value)} of top {c.list_size}")
                    for c in claims_in
                ),
            )
        )
    return findings


@register(
    "streak_contradiction",
    kind="rank",
    description="A streak ('for the fifth consecutive year') contradicts a rank stated for one of those years.",
    severity="medium",
)
def streak_contradiction(claims: list[Claim], batch: Batch) -> list[Finding]:
    """'Second for the fifth consecutive year' in 2024 against 'first in 2022'."""
    positions = _positions(claims, batch)
    # blocking key: only claims of the same story, subject and ranking meet
    by_key: dict[tuple, list[Claim]] = defaultdict(list)
    for c in positions:
        by_key[(batch.story(c.article), c.subject_key, c.ranking)].append(c)
    findings = []
    for s in positions:
        if not s.streak or s.streak < 2:
            continue
        end = _year(s.period) or batch.base_year(s.article)
        if end is None:
            continue
        if "previous" in s.qualifiers:
            end -= 1
        years = range(end - s.streak + 1, end + 1)
        for other in by_key[(batch.story(s.article), s.subject_key, s.ranking)]:
            if other is s:
                continue
            year = _year(other.period)
            if year is None or year not in years or int(other.value) == int(s.value):
                continue
            findings.append(
                finding(
                    "streak_contradiction",
                    scope=scope_of((other, s)),
                    severity="medium",
                    confidence=0.65,
                    message=(
                        f"'{s.text}' for {s.streak} consecutive periods up to {end} means "
                        f"{s.value} in {year}, but '{other.text}' gives {other.value} for {year}."
                    ),
                    evidence=(evidence(s), evidence(other)),
                )
            )
    return findings


# Two mentions of a series ordinal are of one event when their surroundings share at
# least this much of their story-rare words (checks.align.context_similarity).
SERIES_CONTEXT = 0.3


@register(
    "series_mismatch",
    kind="rank",
    description="Articles of one story give the same owner's place in a series differently ('his eighth Budget' against 'his ninth').",
    severity="high",
)
def series_mismatch(claims: list[Claim], batch: Batch) -> list[Finding]:
    """The same owner's place in one series given differently in articles of one
    story: "his eighth Budget" against "his ninth Budget" for the same Budget."""
    from pipeline.checks import align

    by_series: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims_of(claims, batch, "rank"):
        if c.get("series") and c.numeric:
            by_series[(batch.story(c.article), c.ranking)].append(c)
    aliases = aliases_of(claims, batch)
    findings = []
    for (story, ranking), members in by_series.items():
        if len({c.article for c in members}) < 2:
            continue
        idf = story_idf(claims, batch, story)
        scored = []
        for a, b in align.candidate_pairs(members):
            subject = align.subject_similarity(
                canonical_subject(a, batch, aliases),
                canonical_subject(b, batch, aliases),
            )
            context = align.context_similarity(a, b, idf)
            if subject >= 0.8 and context >= SERIES_CONTEXT:
                scored.append((a, b, subject + context))
        pairs = [(a, b) for a, b, _ in align.mutual_best(scored) if a.value != b.value]
        for group in _connected(pairs):
            findings.append(_series_finding(group, ranking.split(":", 1)[1]))
    return findings


def _connected(pairs: list[tuple[Claim, Claim]]) -> list[list[Claim]]:
    """The claims of pairs that share a claim, as groups in text order."""
    parent: dict[int, int] = {}
    claim_of: dict[int, Claim] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        claim_of[id(a)], claim_of[id(b)] = a, b
        parent[find(id(a))] = find(id(b))
    groups: dict[int, list[Claim]] = defaultdict(list)
    for key, c in claim_of.items():
        groups[find(key)].append(c)
    return [sorted(g, key=lambda c: (c.article, c.start)) for g in groups.values()]


def _series_finding(group: list[Claim], noun: str) -> Finding:
    by_value: dict[float, list[Claim]] = defaultdict(list)
    for c in group:
        by_value[float(c.value)].append(c)
    ordered = sorted(by_value.values(), key=lambda cs: (-len(cs), cs[0].start))
    listed = "; ".join(
        " and ".join(f"'{c.text}' ({c.article})" for c in cs) for cs in ordered
    )
    owner = next((c.subject for c in group if c.subject), "its owner")
    return finding(
        "series_mismatch",
        scope=scope_of(group),
        severity="high",
        confidence=0.8,
        message=(
            f"Articles of one story give {owner}'s {noun} different places in the "
            f"series: {listed}."
        ),
        evidence=tuple(evidence(c) for cs in ordered for c in cs),
    )
