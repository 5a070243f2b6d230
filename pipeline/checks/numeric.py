"""Number checks: the same measure of the same subject for the same period with values
whose intervals do not overlap; derived figures that do not add up once rounding is
allowed for (growth rate vs two levels, share vs part and whole, part larger than its
whole, currency conversion at an implausible rate)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from pipeline.checks import (
    Batch,
    aliases_of,
    align,
    canonical_subject,
    claims_of,
    describe_period,
    evidence,
    register,
    scope_of,
)
from pipeline.claims import Claim
from pipeline.findings import Finding
from pipeline.lexicon.currencies import USD_PER_UNIT, USD_RANGE
from pipeline.lexicon.measures import MOMENT_HEADS

LEVEL_TYPES = ("money", "count", "number", "quantity", "percent")
AMOUNT_TYPES = ("count", "number", "money", "quantity")  # levels a share is taken of
_DATED_PERIOD = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")
_TO_BEFORE = re.compile(r"\bto\s+$")
_FROM_BEFORE = re.compile(r"\bfrom\s+$")
TOLERANCE = 0.005  # relative slack on top of the written rounding


def fmt(value: float) -> str:
    if value is None:
        return "?"
    for scale, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
        if abs(value) >= scale:
            return f"{value / scale:,.3g}{word}"
    return f"{value:,.10g}"


def interval(c: Claim) -> tuple[float, float]:
    low = c.low if isinstance(c.low, (int, float)) else float("-inf")
    high = c.high if isinstance(c.high, (int, float)) else float("inf")
    if c.low is None and c.high is None:
        low = high = float(c.value)
    return float(low), float(high)


def point(c: Claim) -> float:
    """A claim's value, or the middle of a range: for ordering and messages only
    (comparisons use ``interval``)."""
    if c.is_range:
        return (float(c.low) + float(c.high)) / 2
    return float(c.value)


def compatible(a: Claim, b: Claim) -> bool:
    (la, ha), (lb, hb) = interval(a), interval(b)
    slack = TOLERANCE * max(
        abs(v) for v in (la, ha, lb, hb) if v not in (float("inf"), float("-inf"))
    )
    return max(la, lb) <= min(ha, hb) + slack


def period_of(c: Claim, batch: Batch) -> str | None:
    if c.period:
        return c.period
    if "current" in c.qualifiers and c.tense == "present":
        year = batch.base_year(c.article)
        return str(year) if year else None
    return None


def comparable_level(c: Claim, need_subject: bool = True) -> bool:
    # cheapest tests first: this runs once per claim of a large run
    if (
        c.measure_key is None
        or (need_subject and c.subject_key is None)
        or c.type not in LEVEL_TYPES
        or c.change not in ("=", "~", ">", "<")
        or c.role not in ("body", "title")
        or c.measure_key == "streak"
    ):
        return False
    qualifiers = c.qualifiers
    if "plan" in qualifiers or "previous" in qualifiers:
        return False
    return not c.get("count_in_list")


def _specific(measure_key: str) -> bool:
    """A measure named in two or more words ("annual consumer inflation") is specific
    enough to compare when one side does not say whose it is."""
    return len(measure_key.split()) >= 2


def align_periods(periods: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Map (story, yearless period "--MM[-DD]") to the one dated period of the same
    story with that month and day, when there is exactly one."""
    dated: dict[tuple[str, str], set[str]] = defaultdict(set)
    for story, period in periods:
        if period and _DATED_PERIOD.fullmatch(period):
            dated[(story, period[5:])].add(period)
    out = {}
    for story, period in periods:
        if period and period.startswith("--"):
            candidates = dated.get((story, period[2:]), set())
            if len(candidates) == 1:
                out[(story, period)] = next(iter(candidates))
    return out


@register("value_mismatch", kind="number")
def value_mismatch(claims: list[Claim], batch: Batch) -> list[Finding]:
    """Figures of the same fact that cannot both be true: within one article, those
    whose subject, measure and period are spelt alike; across the articles of a
    story, pairs aligned by evidence (``checks.align``)."""
    return _within_article(claims, batch) + _across_articles(claims, batch)


def _within_article(claims: list[Claim], batch: Batch) -> list[Finding]:
    eligible = []
    for c in claims_of(claims, batch, *LEVEL_TYPES):
        if not comparable_level(c, need_subject=False) or not (c.numeric or c.is_range):
            continue
        period = period_of(c, batch)
        if period is None:
            continue
        eligible.append((c, batch.story(c.article), period))
    aligned = align_periods([(story, period) for _, story, period in eligible])
    aliases = aliases_of([c for c, _, _ in eligible], batch)
    # (canonical subject, claim) pairs: the claims themselves stay as extracted
    groups: dict[tuple, list[tuple[str | None, Claim]]] = defaultdict(list)
    for c, story, period in eligible:
        period = aligned.get((story, period), period)
        subject = canonical_subject(c, batch, aliases)
        key = (c.article, c.measure_key, period, c.type, c.unit)
        groups[key].append((subject, c))
    findings = []
    # groups in the order of their first claim (claims come sorted): deterministic
    for (_, measure, period, _, _), members in groups.items():
        if len(members) < 2:
            continue
        subjects = {s for s, _ in members if s}
        if len(subjects) > 1:
            # several subjects: compare each subject's claims among themselves only
            parts = [(s, [c for t, c in members if t == s]) for s in sorted(subjects)]
        elif _specific(measure):
            # one subject, or none stated: the measure says enough
            parts = [(next(iter(subjects), None), [c for _, c in members])]
        else:
            parts = [(next(iter(subjects), None), [c for s, c in members if s])]
        for subject, part in parts:
            finding = _conflict(part, measure, period, subject)
            if finding is not None:
                findings.append(finding)
    return findings


# Kinds of value that can state one fact: a number and a count of the same thing
# meet; money meets money of its currency; a change meets a change.
_VALUE_CLASS = {"count": "count", "number": "count", "money": "money"}
_VALUE_CLASS |= {"percent": "percent", "quantity": "quantity"}


def _value_class(c: Claim) -> tuple | None:
    kind = _VALUE_CLASS.get(c.type)
    if kind is None or not (c.numeric or c.is_range) or c.role not in ("body", "title"):
        return None
    if c.measure_key == "streak" or c.get("count_in_list"):
        return None
    return (kind, None if kind == "count" else c.unit, c.change in ("up", "down"))


def _is_update(a: Claim, b: Claim, batch: Batch) -> bool:
    """Two values of a running figure at two times: an update, not a conflict. A
    value dated after the other article was written is newer than it; a value worded
    as the new one ("the death toll rose to 52") is taken as an update unless the
    articles are known to be of the same day. Two values stated for the same period
    are one fact whatever their wording."""
    if a.period and align.period_similarity(a.period, b.period) >= 0.9:
        return False
    da, db = batch.published(a.article), batch.published(b.article)
    for claim, other_date in ((a, db), (b, da)):
        if other_date and claim.period and _DATED_PERIOD.fullmatch(claim.period):
            if claim.period[:10] > other_date:
                return True
    # "rose to" of a count ("the death toll has risen to 61") or of a figure without
    # a period of its own updates it; of a figure for a period ("third-quarter
    # profit rose to") it compares that period with an earlier one
    updates = [
        c
        for c in (a, b)
        if "update" in c.qualifiers and (not c.period or c.type == "count")
    ]
    if not updates:
        return False
    return not (da and db and da == db)


def _across_articles(claims: list[Claim], batch: Batch) -> list[Finding]:
    """Aligned pairs of figures from different articles of a story whose intervals
    do not overlap, one finding per fact."""
    blocks: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims_of(claims, batch, *LEVEL_TYPES):
        if (kind := _value_class(c)) is not None and "plan" not in c.qualifiers:
            blocks[(batch.story(c.article), *kind)].append(c)
    aliases = aliases_of(claims, batch)
    idfs: dict[str, dict[str, float]] = {}
    findings = []
    for key, block in blocks.items():
        if len({c.article for c in block}) < 2:
            continue
        story = key[0]
        if story not in idfs:
            idfs[story] = align.context_idf(
                c
                for c in claims_of(claims, batch, *LEVEL_TYPES)
                if batch.story(c.article) == story
            )
        heads = Counter((c.article, _measure_head(c)) for c in block)
        scored = []
        for a, b in align.candidate_pairs(block):
            f = align.features(
                a,
                b,
                canonical_subject(a, batch, aliases),
                canonical_subject(b, batch, aliases),
                idfs[story],
                unique=heads[(a.article, _measure_head(a))] == 1
                and heads[(b.article, _measure_head(b))] == 1
                and _same_time(a, b, batch),
            )
            scored.append((a, b, align.score(f), f))
        best = align.mutual_best([(a, b, s) for a, b, s, _ in scored])
        feats = {(id(a), id(b)): f for a, b, _, f in scored}
        conflicts = [
            (a, b, s, feats[(id(a), id(b))])
            for a, b, s in best
            if s >= align.ALIGNED
            and not compatible(a, b)
            and not _is_update(a, b, batch)
        ]
        findings.extend(_aligned_findings(conflicts))
    return findings


def _same_time(a: Claim, b: Claim, batch: Batch) -> bool:
    """Whether the two figures can be taken as of one time: the same stated period,
    or articles not known to be of different days (a story's figures move between
    reports: being each article's only figure of a measure then proves nothing)."""
    if a.period and align.period_similarity(a.period, b.period) >= 0.9:
        return True
    if _of_a_moment(a) or _of_a_moment(b):
        return False  # a quote of the market moves within a day
    da, db = batch.published(a.article), batch.published(b.article)
    return not (da and db and da != db)


def _of_a_moment(c: Claim) -> bool:
    """A market quote or a rate ("17.21 per dollar", "the price"), not a figure of
    a period or an event."""
    return (c.unit or "").startswith("per ") or _measure_head(c) in MOMENT_HEADS


def _measure_head(c: Claim) -> str | None:
    return c.measure_key.split()[-1] if c.measure_key else None


def _aligned_findings(conflicts: list) -> list[Finding]:
    """One finding per group of conflicting pairs that share a claim."""
    parent: dict[int, int] = {}
    claim_of: dict[int, Claim] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _, _ in conflicts:
        claim_of[id(a)], claim_of[id(b)] = a, b
        parent[find(id(a))] = find(id(b))
    groups: dict[int, list] = defaultdict(list)
    for pair in conflicts:
        groups[find(id(pair[0]))].append(pair)
    out = []
    for pairs in groups.values():
        members = sorted(
            {id(c): c for p in pairs for c in p[:2]}.values(),
            key=lambda c: (c.article, c.start),
        )
        a, b, s, f = max(pairs, key=lambda p: p[2])
        out.append(_aligned_finding(members, a, b, s, f))
    return out


def _aligned_finding(members: list[Claim], a: Claim, b: Claim, s: float, f) -> Finding:
    measure = a.measure or b.measure or "figure"
    subject = a.subject or b.subject
    period = a.period or b.period
    listed = "; ".join(f"'{c.text}' ({c.article})" for c in members)
    whose = f" of {subject}" if subject else ""
    when = f" for {describe_period(period)}" if period else ""
    why = ", ".join(align.reasons(f, a, b)) or "their surroundings"
    spread = max(point(c) for c in members) / max(
        min(abs(point(c)) for c in members), 1e-9
    )
    return Finding(
        kind="number",
        rule="value_mismatch",
        scope=scope_of(members),
        severity="high" if spread > 1.1 else "medium",
        confidence=round(s, 2),
        message=(
            f"The {measure}{whose}{when} is given as incompatible values: {listed}. "
            f"They read as the same fact: {why}."
        ),
        evidence=tuple(evidence(c) for c in members),
    )


def _conflict(
    members: list[Claim], measure: str, period: str, subject: str | None
) -> Finding | None:
    if len(members) < 2:
        return None
    # clusters of mutually compatible values: a cluster keeps the intersection of its
    # members' intervals, so adding a claim is one comparison per cluster, not one per
    # member (a story told by hundreds of articles stays linear)
    clusters: list[list[Claim]] = []
    bounds: list[tuple[float, float]] = []
    for c in sorted(members, key=point):
        lo, hi = interval(c)
        for i, (clo, chi) in enumerate(bounds):
            new_lo, new_hi = max(lo, clo), min(hi, chi)
            finite = [
                abs(v)
                for v in (lo, hi, clo, chi)
                if v not in (float("inf"), float("-inf"))
            ]
            slack = TOLERANCE * max(finite) if finite else 0.0
            if new_lo <= new_hi + slack:
                clusters[i].append(c)
                bounds[i] = (new_lo, new_hi)
                break
        else:
            clusters.append([c])
            bounds.append((lo, hi))
    if len(clusters) < 2:
        return None
    articles = {c.article for c in members}
    if len(articles) == 1 and any("update" in c.qualifiers for c in members):
        return (
            None  # "rose to 52 from 40" inside one article is a change, not a conflict
        )
    clusters.sort(key=lambda cl: (-len({c.article for c in cl}), point(cl[0])))
    listed = "; ".join(
        " and ".join(f"'{c.text}' ({c.article})" for c in cl) for cl in clusters
    )
    whose = f" of {subject}" if subject else ""
    spread = max(point(c) for c in members) / max(
        min(abs(point(c)) for c in members), 1e-9
    )
    return Finding(
        kind="number",
        rule="value_mismatch",
        scope=scope_of(members),
        severity="high" if spread > 1.1 else "medium",
        confidence=0.7,
        message=f"The {measure}{whose} for {describe_period(period)} is given as incompatible values: {listed}.",
        evidence=tuple(evidence(c) for cl in clusters for c in cl),
    )


def _growth_claims(claims: list[Claim]) -> list[Claim]:
    return [
        c
        for c in claims
        if c.type == "percent" and c.change in ("up", "down") and c.unit == "percent"
    ]


def _growth_interval(g: Claim) -> tuple[float, float]:
    low, high = interval(g)
    if low == high and float(low).is_integer():
        # "up 32 percent" is a rate rounded to a whole percent: 31.5 to 32.5
        low, high = low - 0.5, high + 0.5
    sign = 1 if g.change == "up" else -1
    a, b = sign * low / 100, sign * high / 100
    return min(a, b) - 0.0005, max(a, b) + 0.0005


@register("growth_mismatch", kind="number")
def growth_mismatch(claims: list[Claim], batch: Batch) -> list[Finding]:
    """A stated growth rate against the two levels it links.

    Within a sentence: "rose 21 percent to 19.4 million from 17.6 million".
    Across periods: "3.3 trillion in 2023, up 8.1 percent" implies about 3.05 trillion
    for 2022, which any claim of the same subject and measure for 2022 must allow.
    """
    findings = []
    growth = _growth_claims(claims_of(claims, batch, "percent"))
    if not growth:
        return findings
    # blocking: only the sentences holding a growth rate, and only the stories of
    # those sentences, are indexed
    wanted = {(g.article, tuple(g.sentence)) for g in growth}
    stories = {batch.story(g.article) for g in growth}
    in_stories = {a for a, info in batch.articles.items() if info.story in stories}
    in_stories |= {g.article for g in growth}
    by_key: dict[tuple, list[Claim]] = defaultdict(list)
    sentences: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims_of(claims, batch, *LEVEL_TYPES):
        if c.article not in in_stories:
            continue
        key = (c.article, tuple(c.sentence))
        if key in wanted:
            sentences[key].append(c)
        if comparable_level(c) and c.numeric and c.type != "percent":
            by_key[
                (batch.story(c.article), c.subject_key, c.measure_key, c.unit)
            ].append(c)
    for g in growth:
        text = batch.articles[g.article].text if g.article in batch.articles else ""
        neighbours = [
            o
            for o in [
                o for o in sentences[(g.article, tuple(g.sentence))] if o is not g
            ]
            if o.type in ("money", "count", "number", "quantity") and o.numeric
        ]
        g_lo, g_hi = _growth_interval(g)
        new = next(
            (
                o
                for o in neighbours
                if _TO_BEFORE.search(text[max(0, o.start - 4) : o.start])
            ),
            None,
        )
        old = next(
            (
                o
                for o in neighbours
                if _FROM_BEFORE.search(text[max(0, o.start - 6) : o.start])
            ),
            None,
        )
        if new is not None and old is not None and new.unit == old.unit:
            (n_lo, n_hi), (o_lo, o_hi) = interval(new), interval(old)
            if o_lo > 0 and n_hi != float("inf"):
                r_lo, r_hi = n_lo / o_hi - 1, n_hi / o_lo - 1
                if r_hi < g_lo or r_lo > g_hi:
                    actual = float(new.value) / float(old.value) - 1
                    findings.append(
                        Finding(
                            kind="number",
                            rule="growth_mismatch",
                            scope="within",
                            severity="high",
                            confidence=0.85,
                            message=(
                                f"'{g.text}' does not fit the two levels it links: from {old.text} to "
                                f"{new.text} is a change of {actual * 100:+.1f}%."
                            ),
                            evidence=(evidence(g), evidence(old), evidence(new)),
                        )
                    )
            continue
        # across periods: the level this growth applies to, and last period's level
        level = next(
            (
                o
                for o in neighbours
                if comparable_level(o)
                and o.start < g.start
                and o.period
                and re.fullmatch(r"\d{4}", str(o.period))
            ),
            None,
        )
        if level is None:
            continue
        previous = str(int(level.period) - 1)
        l_lo, l_hi = interval(level)
        implied_lo = l_lo / (1 + g_hi) if g_hi > -1 else float("-inf")
        implied_hi = l_hi / (1 + g_lo) if g_lo > -1 else float("inf")
        for other in by_key.get(
            (
                batch.story(level.article),
                level.subject_key,
                level.measure_key,
                level.unit,
            ),
            [],
        ):
            if other.period != previous:
                continue
            o_lo, o_hi = interval(other)
            slack = TOLERANCE * max(abs(implied_lo), 1)
            if o_hi < implied_lo - slack or o_lo > implied_hi + slack:
                findings.append(
                    Finding(
                        kind="number",
                        rule="growth_mismatch",
                        scope=scope_of((other, level)),
                        severity="medium",
                        confidence=0.7,
                        message=(
                            f"'{level.text}' for {level.period}, {g.text} on a year earlier, implies "
                            f"{fmt(implied_lo)} to {fmt(implied_hi)} for {previous}, but "
                            f"'{other.text}' is given for {previous}."
                        ),
                        evidence=(evidence(level), evidence(g), evidence(other)),
                    )
                )
    return findings


def plausible_rate(a: str, b: str) -> tuple[float, float]:
    """Range of units of ``b`` per unit of ``a`` (both ISO 4217 codes)."""
    a_lo, a_hi = USD_RANGE.get(a, (USD_PER_UNIT[a] / 2, USD_PER_UNIT[a] * 2))
    b_lo, b_hi = USD_RANGE.get(b, (USD_PER_UNIT[b] / 2, USD_PER_UNIT[b] * 2))
    return a_lo / b_hi, a_hi / b_lo


_ADJACENT_CONVERSION = re.compile(
    r"^\s*[(\[,–—-]?\s*(?:or\s+|equivalent to\s+|worth\s+)?$", re.I
)


@register("conversion_mismatch", kind="number", per_article=True)
def conversion_mismatch(claims: list[Claim], batch: Batch) -> list[Finding]:
    """'2.36 billion euros ($1.6 billion)': a conversion far from any plausible rate."""
    findings = []
    money = [
        c
        for c in claims_of(claims, batch, "money")
        if c.numeric and c.unit in USD_PER_UNIT
    ]
    for a, b in zip(money, money[1:], strict=False):
        if a.article != b.article or a.unit == b.unit or b.start - a.end > 12:
            continue
        text = batch.articles[a.article].text if a.article in batch.articles else ""
        if not _ADJACENT_CONVERSION.match(text[a.end : b.start]):
            continue
        if float(a.value) <= 0 or float(b.value) <= 0:
            continue
        rate = float(b.value) / float(a.value)  # units of b per unit of a
        low, high = plausible_rate(a.unit, b.unit)
        # rounding of both figures widens the band a little
        if low * 0.97 <= rate <= high * 1.03:
            continue
        rate = float(a.value) / float(b.value)
        findings.append(
            Finding(
                kind="number",
                rule="conversion_mismatch",
                scope="within",
                severity="medium",
                confidence=0.75,
                message=(
                    f"'{a.text}' is given as '{b.text}', a rate of {rate:,.4g} {a.unit} per {b.unit}, "
                    f"outside any exchange rate of this century "
                    f"({1 / plausible_rate(a.unit, b.unit)[1]:,.4g} to {1 / plausible_rate(a.unit, b.unit)[0]:,.4g})."
                ),
                evidence=(evidence(a), evidence(b)),
            )
        )
    return findings


_PART_OF = re.compile(
    r"^\s*(?:[a-z-]+\s+){0,3}?(?:out\s+of|of)\s+(?:the\s+|a\s+total\s+of\s+|all\s+)?$",
    re.I,
)
_OF_THEM = re.compile(
    r"^\s*(?:[a-z-]+\s+){0,2}?of\s+(?:them|which|whom|those|these|the total)\b", re.I
)
_OF = re.compile(r"of", re.I)
_OF_WHOM_BEFORE = re.compile(r"\bof\s+(?:whom|which|them|those|these)\s+$", re.I)


@register("part_exceeds_whole", kind="number", per_article=True)
def part_exceeds_whole(claims: list[Claim], batch: Batch) -> list[Finding]:
    """'16 of the 14 satellites', '3.73 million of them' after a smaller total."""
    findings = []
    counts = [
        c
        for c in claims_of(claims, batch, *AMOUNT_TYPES)
        if c.numeric and c.change in ("=", "~")
    ]
    text_article, text = None, ""
    for i, part in enumerate(counts):
        if part.article != text_article:
            info = batch.articles.get(part.article)
            text_article, text = part.article, info.text if info else ""
        whole = None
        nxt = counts[i + 1] if i + 1 < len(counts) else None
        # each way of naming a part reads "of" near it ("16 of the 14", "of them")
        end = part.end + 30
        if nxt is not None and nxt.article == part.article:
            end = max(end, nxt.start)
        if not _OF.search(text, max(0, part.start - 20), end):
            continue
        if (
            nxt is not None
            and nxt.article == part.article
            and nxt.sentence == part.sentence
            and _PART_OF.match(text[part.end : nxt.start])
            and nxt.unit == part.unit
        ):
            whole = nxt
        elif _OF_THEM.match(text[part.end : part.end + 30]) or _OF_WHOM_BEFORE.search(
            text[max(0, part.start - 20) : part.start]
        ):
            # the nearest earlier figure of the same sentence (claims come sorted by
            # article and offset, so walking back stops at the sentence's start)
            j = i - 1
            while (
                j >= 0
                and counts[j].article == part.article
                and counts[j].sentence == part.sentence
            ):
                if counts[j].unit == part.unit:
                    whole = counts[j]
                    break
                j -= 1
        if whole is None:
            continue
        (p_lo, _), (_, w_hi) = interval(part), interval(whole)
        if p_lo > w_hi * (1 + TOLERANCE):
            findings.append(
                Finding(
                    kind="number",
                    rule="part_exceeds_whole",
                    scope="within",
                    severity="high",
                    confidence=0.8,
                    message=f"The part '{part.text}' is larger than the whole '{whole.text}' it is a part of.",
                    evidence=(evidence(part), evidence(whole)),
                )
            )
    return findings


@register("share_mismatch", kind="number", per_article=True)
def share_mismatch(claims: list[Claim], batch: Batch) -> list[Finding]:
    """'540 of 2,140 cases, about 40 percent': the share does not match part and whole."""
    findings = []
    # blocking key (article, sentence): only sentences with exactly one share
    shares_in: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims_of(claims, batch, "percent"):
        if c.change in ("=", "~") and c.unit == "percent":
            shares_in[(c.article, tuple(c.sentence))].append(c)
    single = {key for key, shares in shares_in.items() if len(shares) == 1}
    if not single:
        return findings
    levels_in: dict[tuple, list[Claim]] = defaultdict(list)
    for c in claims_of(claims, batch, *AMOUNT_TYPES):
        if (
            c.numeric
            and c.change in ("=", "~")
            and (key := (c.article, tuple(c.sentence))) in single
        ):
            levels_in[key].append(c)
    for (article, sentence), levels in levels_in.items():
        text = batch.articles[article].text if article in batch.articles else ""
        share = shares_in[(article, sentence)][0]
        for part, whole in zip(levels, levels[1:], strict=False):
            if (
                not _PART_OF.match(text[part.end : whole.start])
                or part.unit != whole.unit
            ):
                continue
            if float(whole.value) <= 0:
                continue
            actual = float(part.value) / float(whole.value) * 100
            s_lo, s_hi = interval(share)
            slack = 2.0 if share.change == "~" else 0.6
            if s_lo - slack <= actual <= s_hi + slack:
                continue
            findings.append(
                Finding(
                    kind="number",
                    rule="share_mismatch",
                    scope="within",
                    severity="medium",
                    confidence=0.75,
                    message=f"'{part.text}' of '{whole.text}' is {actual:.1f}%, not '{share.text}'.",
                    evidence=(evidence(share), evidence(part), evidence(whole)),
                )
            )
    return findings


# Two conversions of one amount whose implied rates differ by more than this share
# are not the same rate moved with the markets (2004-05 dollar-pound rates moved by
# under 10% over the BBC corpus's year).
RATE_SPREAD = 0.10


def conversions_in(claims: list[Claim], batch: Batch) -> list[tuple[Claim, Claim]]:
    """(source, conversion) pairs written side by side: "$11bn (£5.8bn)"."""
    money = [c for c in claims_of(claims, batch, "money") if c.numeric and c.unit]
    out = []
    for a, b in zip(money, money[1:], strict=False):
        if a.article != b.article or a.unit == b.unit or b.start - a.end > 12:
            continue
        info = batch.articles.get(a.article)
        text = info.text if info else ""
        if _ADJACENT_CONVERSION.match(text[a.end : b.start]):
            if float(a.value) > 0 and float(b.value) > 0:
                out.append((a, b))
    return out


@register("converted_differently", kind="number")
def converted_differently(claims: list[Claim], batch: Batch) -> list[Finding]:
    """The same amount converted at rates far apart in articles of one story:
    "$11bn (£8.5bn)" in one, "$11bn (£5.8bn)" in another."""
    groups: dict[tuple, list[tuple[Claim, Claim]]] = defaultdict(list)
    for source, target in conversions_in(claims, batch):
        amount = float(f"{float(source.value):.4g}")
        key = (batch.story(source.article), source.unit, amount, target.unit)
        groups[key].append((source, target))
    findings = []
    for (_, unit, _, target_unit), pairs in groups.items():
        if len({s.article for s, _ in pairs}) < 2:
            continue
        finding = _rate_outlier(pairs, unit, target_unit)
        if finding is not None:
            findings.append(finding)
    return findings


def _rate_outlier(pairs: list[tuple[Claim, Claim]], unit: str, target_unit: str):
    """A finding when the conversions fall into groups of rates further apart than
    RATE_SPREAD: the smaller group against the larger."""
    rated = sorted(pairs, key=lambda p: float(p[1].value) / float(p[0].value))
    clusters: list[list[tuple[Claim, Claim]]] = [[rated[0]]]
    for pair in rated[1:]:
        last = clusters[-1][-1]
        r_last = float(last[1].value) / float(last[0].value)
        r = float(pair[1].value) / float(pair[0].value)
        if r > r_last * (1 + RATE_SPREAD):
            clusters.append([pair])
        else:
            clusters[-1].append(pair)
    if len(clusters) < 2:
        return None
    clusters.sort(key=lambda cl: (-len({s.article for s, _ in cl}), cl[0][1].start))
    source = clusters[0][0][0]
    listed = "; ".join(
        " and ".join(f"'{t.text}' ({t.article})" for _, t in cl) for cl in clusters
    )
    rates = ", ".join(
        f"{float(cl[0][0].value) / float(cl[0][1].value):,.3g}" for cl in clusters
    )
    members = [t for cl in clusters for _, t in cl]
    return Finding(
        kind="number",
        rule="converted_differently",
        scope=scope_of(members),
        severity="high",
        confidence=0.85,
        message=(
            f"The same amount, '{source.text}', is converted to {target_unit} at rates "
            f"far apart ({rates} {unit} per {target_unit}) in articles of one story: "
            f"{listed}."
        ),
        evidence=tuple(evidence(t) for t in members),
    )
