"""Number checks: the same measure of the same subject for the same period with values
whose intervals do not overlap; derived figures that do not add up once rounding is
allowed for (growth rate vs two levels, share vs part and whole, part larger than its
whole, currency conversion at an implausible rate)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from pipeline.checks import (
    ArticleInfo,
    Batch,
    aliases_of,
    align,
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
from pipeline.corpus import body_years
from pipeline.findings import Finding
from pipeline.keys import measure_key
from pipeline.lexicon.currencies import USD_PER_UNIT, USD_RANGE
from pipeline.lexicon.frames import CLAUSE_BREAK
from pipeline.lexicon.measures import (
    MOMENT_HEADS,
    RUNNING_TOLL_MEASURES,
    RUNNING_TOLL_WORDS,
)
from pipeline.rates import Era, RateBand, rate_band

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


@register(
    "value_mismatch",
    kind="number",
    description="The same fact is given values that cannot both be true, once rounding and 'more than' or 'about' are allowed for: across the articles of a story, figures aligned by their subject, measure, period and surrounding words; within an article, a headline against its body.",
    severity="medium",
)
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
            # within one article a figure is restated between its headline and its
            # body; two body figures of one measure are, on real copy, nearly always
            # two facts (a quarter and the year, a revision, two companies)
            if not {c.role for c in part} >= {"title", "body"}:
                continue
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


def _running_toll(c: Claim) -> bool:
    """A count of an event's dead, hurt, missing or arrested (its measure or the
    words around it say so)."""
    measure = set((c.measure_key or "").split())
    if measure & RUNNING_TOLL_MEASURES:
        return c.type in ("count", "number")
    if c.type == "number":
        # a bare number is a toll only by its measure ("the death toll rose to 52"),
        # not by its sentence: "the 6.8 quake killed 20" keeps the magnitude fixed
        return bool(measure & RUNNING_TOLL_WORDS)
    if c.type != "count":
        return False
    return bool((measure | set(c.get("context") or ())) & RUNNING_TOLL_WORDS)


def _is_update(a: Claim, b: Claim, batch: Batch) -> bool:
    """Two values of a running figure at two times: an update, not a conflict. A
    value dated after the other article was written is newer than it; a value worded
    as the new one ("the death toll rose to 52") is taken as an update unless the
    articles are known to be of the same day. Two values stated for the same period
    are one fact whatever their wording."""
    da, db = batch.published(a.article), batch.published(b.article)
    if da and db and da != db and _running_toll(a) and _running_toll(b):
        # the dead, the missing, the arrested: an event's tolls are revised as the
        # reports come in, so reports of different days give different moments of
        # what was known ("killed 257" on 18 August, "258" on 11 September)
        return True
    if a.period and align.period_similarity(a.period, b.period) >= 0.9:
        return False
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
            idfs[story] = story_idf(claims, batch, story)
        heads = Counter((c.article, _measure_head(c)) for c in block)
        scored = []
        for a, b in align.candidate_pairs(block):
            if align.measure_similarity(a.measure_key, b.measure_key) == 0.0:
                continue  # vetoed whatever else agrees: the cheapest test first
            one_event = _one_given_telling(a, b, batch, claims)
            if not _comparable_times(a, b, batch, claims, one_event):
                continue
            f = align.features(
                a,
                b,
                canonical_subject(a, batch, aliases),
                canonical_subject(b, batch, aliases),
                idfs[story],
                unique=heads[(a.article, _measure_head(a))] == 1
                and heads[(b.article, _measure_head(b))] == 1
                and _same_time(a, b, batch, one_event),
                one_event=one_event,
            )
            scored.append((a, b, align.score(f), f))
        best = align.mutual_best([(a, b, s) for a, b, s, _ in scored])
        feats = {(id(a), id(b)): f for a, b, _, f in scored}
        # a figure the other article states too (a compatible value of the same
        # measure) is confirmed there, not contradicted by another of its figures
        confirmed = {
            (id(x), y.article)
            for a, b, _, f in scored
            if compatible(a, b) and align.confirms(f, a, b)
            for x, y in ((a, b), (b, a))
        }
        conflicts = [
            (a, b, s, feats[(id(a), id(b))])
            for a, b, s in best
            if s >= align.ALIGNED
            and not compatible(a, b)
            and (id(a), b.article) not in confirmed
            and (id(b), a.article) not in confirmed
            and not _is_update(a, b, batch)
        ]
        findings.extend(_aligned_findings(conflicts))
    return findings


# Two articles this alike in the words around their figures are versions of one
# report (two versions of a BBC story score 0.76 and 0.90; distinct reports of one
# story 0.1 to 0.4).
NEAR_DUPLICATE = 0.6


def _comparable_times(
    a: Claim, b: Claim, batch: Batch, claims: list[Claim], one_event: bool
) -> bool:
    """Whether two figures of different articles can be of one moment: both stated
    for the same period, in dated articles (their dates then tell an update from a
    conflict), or, in undated articles, in two versions of one report. Undated reports of one story
    (an archive of days and months) otherwise give figures of different moments:
    a race, a poll, a match each time."""
    if _of_a_moment(a) or _of_a_moment(b):
        return False  # a quote moves by the hour: two articles rarely give one moment
    if _copies(a.article, b.article, batch):
        return False  # one text twice: what it says cannot disagree with itself
    if a.period and align.period_similarity(a.period, b.period) >= 0.9:
        return True
    if batch.published(a.article) and batch.published(b.article):
        # dated: what changed between them is told by _is_update, unless the two are
        # of times months apart (a figure without a period is its article's day's)
        return not _months_apart(a, b, batch)
    if one_event:
        return True  # undated texts the input gives as one event (_one_given_telling)
    return article_similarity(a.article, b.article, claims, batch) >= NEAR_DUPLICATE


# Undated articles of a given story are taken as one telling of one event only when
# the words around the figures of the shorter one are mostly found around the
# other's (the overlap coefficient of their context words, which unlike a TF-IDF
# cosine does not depend on the size of the batch): see ARCHITECTURE.md, Alignment.
ONE_EVENT_OVERLAP = 0.5


# Figures of times further apart than this are of different states of affairs (the
# stories' own FAR_APART_DAYS: articles this far apart need twice the evidence to
# be one story).
MONTHS_APART_DAYS = 60


def _months_apart(a: Claim, b: Claim, batch: Batch) -> bool:
    """Whether two figures of dated articles are of times months apart: each is of
    its stated day or month, or, without one, of its article's day ("A $5 million
    reward has been offered" in 1999 against "Albright announced on Monday a reward of
    up to 2 million" in 1998)."""
    days = [_time_of(c, batch) for c in (a, b)]
    if None in days:
        return False
    return abs((days[0] - days[1]).days) > MONTHS_APART_DAYS


def _time_of(c: Claim, batch: Batch) -> dt.date | None:
    """The day a figure is of (see _months_apart), worked out once per claim."""
    times = shared(batch, "figure times", dict)
    if id(c) not in times:
        times[id(c)] = _day_of_figure(c, batch)
    return times[id(c)]


def _day_of_figure(c: Claim, batch: Batch) -> dt.date | None:
    if c.period:
        m = _DATED_PERIOD.fullmatch(c.period)
        if not m:
            return None  # a year, a quarter: not a day to measure from
        return _iso(c.period if len(c.period) == 10 else c.period + "-15")
    published = batch.published(c.article)
    return _iso(published) if published else None


def _one_given_telling(a: Claim, b: Claim, batch: Batch, claims: list[Claim]) -> bool:
    """Two tellings of one event, their figures told in similar words: undated
    articles of a story the input gave (the user's word that they report one event:
    a passage and its summary, two agencies' copy of one day), or articles of one
    story published on the same day (two outlets' reports of one fire, one deal).
    Their figures are then of one time unless their wording says otherwise. A story
    found by grouping is a topic, whose undated articles span months; a folder given
    as a story may be one too."""
    da, db = batch.published(a.article), batch.published(b.article)
    if da or db:
        if da != db:
            return False  # dated on different days, or only one of them dated
    elif not batch.story_given(a.article):
        return False
    return word_overlap(a.article, b.article, claims, batch) >= ONE_EVENT_OVERLAP


def word_overlap(x: str, y: str, claims: list[Claim], batch: Batch) -> float:
    """The share of the shorter article's context words (around its figures) that
    the other article's figures have around them too."""
    # the article vectors hold every context word of an article (see
    # article_similarity): their keys are its words
    vectors = shared(batch, "article vectors", lambda: _article_vectors(claims))
    wx, wy = vectors.get(x, {}).keys(), vectors.get(y, {}).keys()
    if not wx or not wy:
        return 0.0
    return len(wx & wy) / min(len(wx), len(wy))


def _copies(x: str, y: str, batch: Batch) -> bool:
    """Whether two articles are the same text (a batch often holds a story twice)."""
    digests = shared(batch, "text digests", dict)
    for article in (x, y):
        if article not in digests:
            info = batch.articles.get(article)
            digests[article] = hash(info.text) if info else None
    return digests[x] is not None and digests[x] == digests[y]


def article_similarity(x: str, y: str, claims: list[Claim], batch: Batch) -> float:
    """Cosine of two articles' words around their figures (TF-IDF over the run)."""
    pairs = shared(batch, "article similarity", dict)  # claims of a pair ask again
    key = (x, y) if x < y else (y, x)
    if key in pairs:
        return pairs[key]
    vectors = shared(batch, "article vectors", lambda: _article_vectors(claims))
    vx, vy = vectors.get(x, {}), vectors.get(y, {})
    if len(vx) > len(vy):
        vx, vy = vy, vx
    pairs[key] = value = sum(w * vy.get(k, 0.0) for k, w in vx.items())
    return value


def _article_vectors(claims: list[Claim]) -> dict[str, dict[str, float]]:
    words: dict[str, Counter] = defaultdict(Counter)
    for c in claims:
        words[c.article].update(set(c.get("context") or ()))
    df: Counter = Counter()
    for counts in words.values():
        df.update(counts.keys())
    n = len(words)
    out = {}
    for article, counts in words.items():
        vec = {
            k: (1 + math.log(v)) * math.log((n + 1) / (df[k] + 0.5))
            for k, v in counts.items()
        }
        norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
        out[article] = {k: x / norm for k, x in vec.items()}
    return out


def _same_time(a: Claim, b: Claim, batch: Batch, one_event: bool) -> bool:
    """Whether the two figures can be taken as of one time: the same stated period,
    articles of the same day, or undated figures told in the same words (a story's
    figures move between reports: being each article's only figure of a measure
    then proves nothing)."""
    if a.period and align.period_similarity(a.period, b.period) >= 0.9:
        return True
    if _of_a_moment(a) or _of_a_moment(b):
        return False  # a quote of the market moves within a day
    da, db = batch.published(a.article), batch.published(b.article)
    if da and db:
        return da == db
    if one_event:
        return True
    # undated articles: of one time only when they are two tellings of one text
    # (the same words around both figures)
    return align.context_similarity(a, b) >= SAME_TELLING


# Undated figures whose surroundings share this much of their words are one report
# told twice (two versions of a story, a passage and its summary).
SAME_TELLING = 0.5


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
    return finding(
        "value_mismatch",
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
    return finding(
        "value_mismatch",
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


def _one_clause(text: str, *claims: Claim) -> bool:
    """Whether the claims stand in one clause ("rose 4.5% to $193bn from $185bn"),
    not across ", while" or ";" ("down from $3.8bn, while revenue rose 4.5%")."""
    start = min(c.start for c in claims)
    end = max(c.end for c in claims)
    return not CLAUSE_BREAK.search(text, start, end)


@register(
    "growth_mismatch",
    kind="number",
    description="A growth rate does not match the two levels it links.",
    severity="medium",
)
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
        if (
            new is not None
            and old is not None
            and new.unit == old.unit
            and align.measure_similarity(new.measure_key, old.measure_key) != 0.0
            and _one_clause(text, g, new, old)
        ):
            (n_lo, n_hi), (o_lo, o_hi) = interval(new), interval(old)
            if o_lo > 0 and n_hi != float("inf"):
                r_lo, r_hi = n_lo / o_hi - 1, n_hi / o_lo - 1
                if r_hi < g_lo or r_lo > g_hi:
                    actual = float(new.value) / float(old.value) - 1
                    findings.append(
                        finding(
                            "growth_mismatch",
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
                    finding(
                        "growth_mismatch",
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
# The digits of a figure as written ("6.3" in "$6.3bn", "1,250" in "£1,250").
_WRITTEN_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")
# A figure written with fewer digits than this is read as rounded at its last
# digit even when it ends in zeros ("$10m" is 9.5m to 10.5m, not 5m to 15m);
# beyond it, trailing zeros of an integer are rounding ("$500m" is 495m to 505m).
MIN_SIGNIFICANT = 2
# Slack beyond the reference rates and the rounding of both figures: copy converts
# at a rate rounded to two or three figures ("about $1.90 to the pound", up to 2.6%
# off). Measured on gold/real-news (558 conversions): beyond their rounding, two
# correct ones fall 0.2% and 1.2% outside their era's band, the next (real errors)
# 4.1% and more; 2% lies in that gap.
RATE_SLACK = 0.02
# Extra slack for an approximate figure ("about £5m").
APPROX_SLACK = 0.05
# Prices set for each market ('$99 (£69)', '$149 (£99)') stand side by side like
# a conversion but are two shelf prices: both figures end as price points do.
_PRICE_POINT_END = re.compile(r"(?:9|\.9[59])$")
PRICE_POINT_MAX = 10_000  # shelf prices, not deals
# How sure a conversion finding is, by what its band came from.
CONFIDENCE_DAY, CONFIDENCE_YEARS, CONFIDENCE_WIDE = 0.85, 0.75, 0.5
# An undated article's era from the years spoken of: the year the most articles
# of its story (or batch) mention, and the year after it, since news reports its
# own year's events and, early in a year, last year's figures (the BBC set, 2004-05,
# mentions 2004 in 389 articles, 2003 in 318, 2005 in 290).
ERA_YEARS_AFTER = 1


def price_point(c: Claim) -> bool:
    """A retail price as shops set them ('$99', '£69', '€129.95'): a figure under
    PRICE_POINT_MAX written whole, ending in 9 or in .95 or .99."""
    m = _WRITTEN_NUMBER.search(c.text)
    if m is None or float(c.value) >= PRICE_POINT_MAX:
        return False
    digits = m[0].replace(",", "")
    try:
        if not math.isclose(float(digits), float(c.value)):
            return False  # a scaled figure ('$9m') is no shelf price
    except ValueError:
        return False
    return bool(_PRICE_POINT_END.search(digits))


def rounding_share(c: Claim) -> float:
    """Half a unit of the last digit the figure is written with, as a share of
    the figure: 0.05 / 6.3 for '$6.3bn', 0.5 / 10 for '$10m', 5 / 500 for
    '$500m'."""
    m = _WRITTEN_NUMBER.search(c.text)
    if m is None:
        return 0.0
    digits = m[0].replace(",", "")
    whole, _, decimals = digits.partition(".")
    try:
        value = float(digits)
    except ValueError:
        return 0.0
    if value <= 0:
        return 0.0
    if decimals:
        half = 0.5 * 10 ** -len(decimals)
    else:
        zeros = len(whole) - len(whole.rstrip("0"))
        zeros = min(zeros, max(0, len(whole) - MIN_SIGNIFICANT))
        half = 0.5 * 10**zeros
    share = half / value
    return share + (APPROX_SLACK if c.change == "~" else 0.0)


def _iso(day: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(day[:10])
    except ValueError:
        return None


def _day_words(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


# From this many undated articles on, a batch's years set the era of each.
BATCH_ERA_ARTICLES = 3


def spoken_era(years: Counter) -> tuple[int, int] | None:
    """(first, last) years from how many articles mention each year: the year
    the most mention (the later one on a tie) and ERA_YEARS_AFTER after it."""
    if not years:
        return None
    year = max(years, key=lambda y: (years[y], y))
    return year, year + ERA_YEARS_AFTER


def own_date(info: ArticleInfo) -> dt.date | None:
    """The article's date: its publication date, or its dateline's date when the
    year is stated there or comes from the publication date."""
    if info.published and (day := _iso(info.published)):
        return day
    if info.dateline_date and info.dateline_year_source in ("stated", "published"):
        return _iso(info.dateline_date)
    return None


@dataclass(frozen=True, slots=True)
class EraContext:
    """What a run's articles say about when they were written: the dates of each
    story's dated articles, and the years each story's (and the batch's) undated
    articles mention, counted once per article."""

    story_dates: dict[str, tuple[dt.date, dt.date]]
    story_years: dict[str, Counter]
    story_size: dict[str, int]
    batch_years: Counter
    undated: int


def era_context(batch: Batch) -> EraContext:
    """The run's EraContext, built once per run_checks."""

    def compute() -> EraContext:
        dates: dict[str, tuple[dt.date, dt.date]] = {}
        story_years: dict[str, Counter] = defaultdict(Counter)
        size: Counter = Counter()
        batch_years: Counter = Counter()
        undated = 0
        for info in batch.articles.values():
            size[info.story] += 1
            if day := own_date(info):
                lo, hi = dates.get(info.story, (day, day))
                dates[info.story] = (min(lo, day), max(hi, day))
                continue
            undated += 1
            years = set(body_years(info.text))
            story_years[info.story].update(years)
            batch_years.update(years)
        return EraContext(dates, dict(story_years), dict(size), batch_years, undated)

    return shared(batch, "era context", compute)


def _years_era(span: tuple[int, int], source: str, whose: str) -> Era:
    first, last = span
    return Era(
        dt.date(first, 1, 1),
        dt.date(last, 12, 31),
        source,
        f"{first}-{last}, the years {whose} {'speak' if ' and ' in whose else 'speaks'} of",
    )


def article_era(info: ArticleInfo | None, batch: Batch) -> Era | None:
    """When the article was written, as far as is known, in this order: its own
    date (publication, or a dateline whose year is known); the date given for the
    batch; the dates of its story's dated articles; the years its story speaks of;
    the years the batch speaks of (for an article alone in its story). None when
    nothing says."""
    if info is None:
        return None
    if day := own_date(info):
        return Era(day, day, "published", f"{_day_words(day)}, the article's date")
    if info.batch_date and (day := _iso(info.batch_date)):
        return Era(
            day, day, "batch", f"{_day_words(day)}, the date given for the batch"
        )
    context = era_context(batch)
    if dates := context.story_dates.get(info.story):
        first, last = dates
        words = (
            f"{_day_words(first)}, the date of its story"
            if first == last
            else f"{_day_words(first)} to {_day_words(last)}, the dates of its story"
        )
        return Era(first, last, "story", words)
    # A batch of undated articles is most often of one time, which the years they
    # speak of most tell better than one story's years do (an aside about 1991, a
    # target for 2009): with several undated articles the batch's years decide, and
    # a story's own years only when it is the batch.
    told = context.story_years.get(info.story, Counter())
    batch = spoken_era(context.batch_years)
    corpus = context.undated >= BATCH_ERA_ARTICLES
    if told and not (corpus and batch is not None):
        return _years_era(spoken_era(told), "story", "its story")
    whose = "the batch" if context.undated > 1 else "the article"
    if batch is not None:
        return _years_era(batch, "text", whose)
    return None


@dataclass(frozen=True, slots=True)
class Conversion:
    """One amount stated in two currencies ('$10m (£5.4m)'): ``source`` as written
    first, ``target`` its conversion, and the rate they imply (units of the
    target's currency per unit of the source's) with the rounding of both."""

    source: Claim
    target: Claim
    low: float
    high: float

    @property
    def rate(self) -> float:
        return float(self.target.value) / float(self.source.value)


def conversions(claims: list[Claim], batch: Batch) -> list[Conversion]:
    """The conversions the money claims state: an amount in one currency followed
    at once by the same amount in another ('$10m (£5.4m)', '€5bn, or $6.5bn')."""
    money = [
        c
        for c in claims_of(claims, batch, "money")
        if c.numeric and c.unit in USD_PER_UNIT and float(c.value) > 0
    ]
    out = []
    for a, b in zip(money, money[1:], strict=False):
        if a.article != b.article or a.unit == b.unit or b.start - a.end > 12:
            continue
        text = batch.articles[a.article].text if a.article in batch.articles else ""
        if not _ADJACENT_CONVERSION.match(text[a.end : b.start]):
            continue
        if price_point(a) and price_point(b):
            continue
        ra, rb = rounding_share(a), rounding_share(b)
        rate = float(b.value) / float(a.value)
        low = rate * (1 - rb) / (1 + ra)
        high = rate * (1 + rb) / max(1 - ra, 1e-9)
        out.append(Conversion(a, b, low, high))
    return out


def period_era(c: Claim) -> Era | None:
    """The year or month a figure is stated for ('in 2003, worth £38.5m'), when
    its period is one."""
    period = str(c.period or "")
    if m := re.fullmatch(r"(\d{4})(?:-(\d{2}))?", period):
        year = int(m[1])
        if m[2] and 1 <= int(m[2]) <= 12:
            month = int(m[2])
            first = dt.date(year, month, 1)
            last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(1)
            words = f"{first.strftime('%B')} {year}, the period the figure is for"
            return Era(first, last, "period", words)
        words = f"{year}, the period the figure is for"
        return Era(dt.date(year, 1, 1), dt.date(year, 12, 31), "period", words)
    return None


def conversion_band(
    conv: Conversion, batch: Batch
) -> tuple[RateBand, Era | None] | None:
    """The band the conversion's rate should fall in, for its article's era; a
    figure stated for an earlier period may also be converted at that period's
    rates (a source's own conversion, quoted later), so its band joins in."""
    era = article_era(batch.articles.get(conv.source.article), batch)
    band = rate_band(conv.source.unit, conv.target.unit, era, USD_PER_UNIT)
    if band is None:
        return None
    for c in (conv.source, conv.target):
        period = period_era(c)
        if period is None or not band.known or era is None:
            continue
        if era.first <= period.first and period.last <= era.last:
            continue  # inside the era already
        other = rate_band(conv.source.unit, conv.target.unit, period)
        if other is not None and other.known:
            band = band.joined(other)
            break
    return band, era


def fits(conv: Conversion, band: RateBand) -> bool:
    """Whether the rate the two figures allow meets the band, with RATE_SLACK."""
    return conv.high >= band.low * (1 - RATE_SLACK) and conv.low <= band.high * (
        1 + RATE_SLACK
    )


def _rate_words(
    rate: float, base: str, quote: str, like: RateBand | None = None
) -> str:
    """A rate in the direction that reads as a number above one ('1.85 USD per
    GBP', not '0.54 GBP per USD'), or in the direction ``like`` is written in."""
    invert = rate < 1 if like is None else _inverted(like)
    if like is not None and like.base != base:
        invert = not invert
    if invert:
        return f"{1 / rate:,.4g} {base} per {quote}"
    return f"{rate:,.4g} {quote} per {base}"


def _inverted(band: RateBand) -> bool:
    """Whether the band reads better as units of its base per unit of its quote."""
    return band.high < 1


def _band_words(band: RateBand) -> str:
    if _inverted(band):
        return (
            f"{1 / band.high:,.4g} to {1 / band.low:,.4g} {band.base} per {band.quote}"
        )
    return f"{band.low:,.4g} to {band.high:,.4g} {band.quote} per {band.base}"


@register(
    "conversion_mismatch",
    kind="number",
    description="A currency conversion is off the exchange rates of the article's date or era, even allowing for the rounding of both figures.",
    severity="medium",
)
def conversion_mismatch(claims: list[Claim], batch: Batch) -> list[Finding]:
    """'2.36 billion euros ($1.6 billion)': a conversion at a rate the article's era
    never saw, once the rounding of both figures is allowed for.

    The rates are the ECB's reference rates of the article's date (or the date
    given for the batch, or the years its text speaks of); where none is known
    (before 1999, a currency the ECB does not quote) a wide band, with a lower
    confidence. The message says which."""
    findings = []
    for conv in conversions(claims, batch):
        judged = conversion_band(conv, batch)
        if judged is None:
            continue
        band, era = judged
        if fits(conv, band):
            continue
        a, b = conv.source, conv.target
        if not band.known:
            confidence = CONFIDENCE_WIDE
        elif era is not None and era.first == era.last:
            confidence = CONFIDENCE_DAY
        else:
            confidence = CONFIDENCE_YEARS
        findings.append(
            finding(
                "conversion_mismatch",
                scope="within",
                severity="medium",
                confidence=confidence,
                message=(
                    f"'{a.text}' is given as '{b.text}', "
                    f"{_rate_words(conv.rate, a.unit, b.unit, band)}, outside "
                    f"{_band_words(band)} ({band.basis}), even allowing for the "
                    f"rounding of both figures."
                ),
                evidence=(evidence(a), evidence(b)),
            )
        )
    return findings


# Two conversions between the same currencies in one article are made at about
# one rate: rates implied more than this far apart, after the rounding of all four
# figures, cannot both be right (the 2004-05 dollar-pound band is 14% wide, so a
# gap this size is beyond any one day's rate; the largest gap between two correct
# conversions of one article of the BBC set is 12%, yen figures of 2000 and 2001).
DISAGREE_GAP = 0.15
CONFIDENCE_DISAGREE = 0.7


def _oriented(conv: Conversion, pair: tuple[str, str]) -> tuple[float, float]:
    """The conversion's rate interval as units of pair[1] per unit of pair[0]."""
    if conv.source.unit == pair[0]:
        return conv.low, conv.high
    return 1 / conv.high, 1 / conv.low


def _gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two rate intervals are, as a share of the lower one (0 when
    they overlap)."""
    if a[0] > b[0]:
        a, b = b, a
    return max(0.0, b[0] / a[1] - 1)


@register(
    "conversion_disagreement",
    kind="number",
    description="Two conversions between the same currencies in one article imply exchange rates far apart.",
    severity="medium",
)
def conversion_disagreement(claims: list[Claim], batch: Batch) -> list[Finding]:
    """'$500m (£350m)' beside '£1.35bn ($2.5bn)' in one article: two conversions
    between the same currencies at rates far apart (1.43 and 1.85 dollars to the
    pound), even when each alone is a rate the era saw.

    Conversions that conversion_mismatch flags on their own are left to it; two
    figures stated for different periods may be converted at their periods' rates.
    The outlier is the conversion farther from the reference rates of the
    article's era where they are known, else the one farther from the others."""
    findings = []
    by_pair: dict[tuple, list[tuple[Conversion, RateBand]]] = defaultdict(list)
    for conv in conversions(claims, batch):
        judged = conversion_band(conv, batch)
        if judged is None or not fits(conv, judged[0]):
            continue
        pair = tuple(sorted((conv.source.unit, conv.target.unit)))
        by_pair[(conv.source.article, pair)].append((conv, judged[0]))
    for (_, pair), convs in by_pair.items():
        if len(convs) < 2:
            continue
        rates = [_oriented(c, pair) for c, _ in convs]
        flagged: set[int] = set()
        for i in range(len(convs)):
            for j in range(i + 1, len(convs)):
                if i in flagged or j in flagged:
                    continue
                (ci, band), (cj, _) = convs[i], convs[j]
                if _gap(rates[i], rates[j]) <= DISAGREE_GAP:
                    continue
                if _different_periods(ci, cj):
                    continue
                outlier, other = _outlier(i, j, rates, band, pair)
                flagged.add(outlier)
                findings.append(_disagreement(convs, rates, outlier, other, band))
    return findings


def _different_periods(a: Conversion, b: Conversion) -> bool:
    pa = a.source.period or a.target.period
    pb = b.source.period or b.target.period
    return bool(pa and pb and pa != pb)


def _middle(interval: tuple[float, float]) -> float:
    return math.sqrt(interval[0] * interval[1])


def _outlier(
    i: int, j: int, rates: list[tuple[float, float]], band: RateBand, pair: tuple
) -> tuple[int, int | None]:
    """(outlier, the other) of two disagreeing conversions; the other is None when
    nothing tells which is wrong."""

    def distance(k: int, centre: float) -> float:
        return abs(math.log(_middle(rates[k]) / centre))

    if band.known:
        lo, hi = band.low, band.high
        if band.base != pair[0]:
            lo, hi = 1 / hi, 1 / lo
        centre = _middle((lo, hi))
    else:
        others = [_middle(r) for k, r in enumerate(rates) if k not in (i, j)]
        if not others:
            return i, None
        centre = sorted(others)[len(others) // 2]
    di, dj = distance(i, centre), distance(j, centre)
    return (i, j) if di >= dj else (j, i)


def _disagreement(convs, rates, outlier: int, other: int | None, band) -> Finding:
    conv = convs[outlier][0]
    pair_text = f"{conv.source.unit} and {conv.target.unit}"
    if other is None:
        other = 1 - outlier if len(convs) == 2 else 0
        whose = "one of them is wrong"
    elif band.known:
        whose = f"'{conv.source.text} ({conv.target.text})' is the one further from {band.basis}"
    else:
        whose = f"'{conv.source.text} ({conv.target.text})' is the one apart from the article's other conversions"
    second = convs[other][0]
    return finding(
        "conversion_disagreement",
        scope="within",
        severity="medium",
        confidence=CONFIDENCE_DISAGREE,
        message=(
            f"Two conversions between {pair_text} imply rates far apart: "
            f"'{conv.source.text}' as '{conv.target.text}' is "
            f"{_rate_words(conv.rate, conv.source.unit, conv.target.unit)}, "
            f"'{second.source.text}' as '{second.target.text}' is "
            f"{_rate_words(second.rate, second.source.unit, second.target.unit)}; "
            f"{whose}."
        ),
        evidence=(
            evidence(conv.source),
            evidence(conv.target),
            evidence(second.source),
            evidence(second.target),
        ),
    )


# "139,000 in September instead of 96,000": a revision replaces a figure; it is
# not a part of it.
_NOT_A_PART = re.compile(
    r"\b(?:instead|rather|revis\w*|compared|than|versus|vs|against|replac\w*|"
    r"up from|down from)\b",
    re.I,
)


def _part_and_whole(part: Claim, whole: Claim, text: str) -> bool:
    """Whether two figures read as a part and its whole: the same measure (or one
    unstated), and no revision or comparison between them."""
    a, b = sorted((part, whole), key=lambda c: c.start)
    if _NOT_A_PART.search(text, a.end, b.start):
        return False
    if part.type == whole.type == "count":
        return True  # "16 of the 14": the whole's noun is left out, its measure unsure
    return align.measure_similarity(part.measure_key, whole.measure_key) != 0.0


_PART_OF = re.compile(
    r"^\s*(?:[a-z-]+\s+){0,3}?(?:out\s+of|of)\s+(?:the\s+|a\s+total\s+of\s+|all\s+)?$",
    re.I,
)
_OF_THEM = re.compile(
    r"^\s*(?:[a-z-]+\s+){0,2}?of\s+(?:them|which|whom|those|these|the total)\b", re.I
)
_OF = re.compile(r"of", re.I)
_OF_WHOM_BEFORE = re.compile(r"\bof\s+(?:whom|which|them|those|these)\s+$", re.I)


@register(
    "part_exceeds_whole",
    kind="number",
    per_article=True,
    description="A part is larger than the whole it belongs to (the same measure, no revision between them).",
    severity="high",
)
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
        if whole is None or not _part_and_whole(part, whole, text):
            continue
        (p_lo, _), (_, w_hi) = interval(part), interval(whole)
        if p_lo > w_hi * (1 + TOLERANCE):
            findings.append(
                finding(
                    "part_exceeds_whole",
                    scope="within",
                    severity="high",
                    confidence=0.8,
                    message=f"The part '{part.text}' is larger than the whole '{whole.text}' it is a part of.",
                    evidence=(evidence(part), evidence(whole)),
                )
            )
    return findings


@register(
    "share_mismatch",
    kind="number",
    per_article=True,
    description="A share does not match its part and its whole.",
    severity="medium",
)
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
                finding(
                    "share_mismatch",
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


@register(
    "converted_differently",
    kind="number",
    description="The same amount is converted at rates far apart in articles of one story.",
    severity="high",
)
def converted_differently(claims: list[Claim], batch: Batch) -> list[Finding]:
    """The same amount converted at rates far apart in articles of one story:
    "$1.8bn (£9.4m)" in one version of a story, "$1.8bn (£94m)" in the other.

    Where one side's rate is itself impossible for the era and the other's is not,
    ``conversion_mismatch`` reports the impossible one in its article: this check
    reports only what that one cannot see, conversions that each pass (or each
    fail) but disagree with each other."""
    groups: dict[tuple, list[Conversion]] = defaultdict(list)
    for conv in conversions(claims, batch):
        amount = float(f"{float(conv.source.value):.4g}")
        key = (batch.story(conv.source.article), conv.source.unit, amount)
        groups[key + (conv.target.unit,)].append(conv)
    findings = []
    for (_, unit, _, target_unit), convs in groups.items():
        if len({c.source.article for c in convs}) < 2:
            continue
        finding = _rate_outlier(convs, unit, target_unit, batch)
        if finding is not None:
            findings.append(finding)
    return findings


def _plausible(conv: Conversion, batch: Batch) -> bool | None:
    """Whether the conversion fits its era's rates (None: no rate known)."""
    found = conversion_band(conv, batch)
    if found is None or not found[0].known:
        return None
    return fits(conv, found[0])


def _rate_outlier(
    convs: list[Conversion], unit: str, target_unit: str, batch: Batch
) -> Finding | None:
    """A finding when the conversions fall into groups of rates further apart than
    RATE_SPREAD, unless the era's rates already tell the wrong group from the
    right one (conversion_mismatch's finding)."""
    rated = sorted(convs, key=lambda c: c.rate)
    groups: list[list[Conversion]] = [[rated[0]]]
    for conv in rated[1:]:
        if conv.rate > groups[-1][-1].rate * (1 + RATE_SPREAD):
            groups.append([conv])
        else:
            groups[-1].append(conv)
    if len(groups) < 2:
        return None
    verdicts = {_plausible(c, batch) for c in convs}
    if True in verdicts and False in verdicts:
        return None  # the impossible ones are conversion_mismatch's findings
    clusters = [[(c.source, c.target) for c in group] for group in groups]
    clusters.sort(key=lambda cl: (-len({a.article for a, _ in cl}), cl[0][1].start))
    source = clusters[0][0][0]
    listed = "; ".join(
        " and ".join(f"'{t.text}' ({t.article})" for _, t in cl) for cl in clusters
    )
    rates = ", ".join(
        f"{float(cl[0][0].value) / float(cl[0][1].value):,.3g}" for cl in clusters
    )
    members = [t for cl in clusters for _, t in cl]
    return finding(
        "converted_differently",
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


# Shares of one whole may add up to a little over 100 through rounding.
SHARE_SLACK = 0.5


@register(
    "shares_exceed_whole",
    kind="number",
    description="Shares of one whole held by different owners add up to more than "
    "100 percent ('the Greens took 46 percent of the vote, the Liberals 38 percent "
    "and Labour 24 percent').",
    severity="medium",
)
def shares_exceed_whole(claims: list[Claim], batch: Batch) -> list[Finding]:
    """Within an article or across a story, the shares different named owners hold
    of the same whole ("N percent of the vote") for one period sum past 100."""
    aliases = aliases_of(claims, batch)
    groups: dict[tuple, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for c in claims_of(claims, batch, "percent"):
        whole = c.get("share_of")
        if not whole or c.unit != "percent" or c.change not in ("=", "~", "<", ">"):
            continue
        if c.get("subject_from") != "clause" or "plan" in c.qualifiers:
            continue
        subject = canonical_subject(c, batch, aliases)
        if subject:
            key = (batch.story(c.article), measure_key(whole) or whole, c.period)
            groups[key][subject].append(c)
    findings = []
    for (_, whole, _), by_subject in groups.items():
        if len(by_subject) < 2:
            continue
        # one value per owner: an owner given two shares is not summed
        # one value per owner (an owner given two shares is not summed), and only
        # shares of a part: "100%" is the whole itself (a takeover, a full stake)
        held = [
            cs[0]
            for cs in by_subject.values()
            if len({float(c.value) for c in cs if c.numeric}) == 1
            and interval(cs[0])[0] < 100
        ]
        if len(held) < 2:
            continue
        total = sum(interval(c)[0] for c in held if interval(c)[0] != float("-inf"))
        if total <= 100 + SHARE_SLACK:
            continue
        listed = ", ".join(f"'{c.text}' ({c.subject}, {c.article})" for c in held)
        findings.append(
            finding(
                "shares_exceed_whole",
                scope=scope_of(held),
                confidence=0.7,
                message=f"Shares of the {whole} add up to {total:g} percent: {listed}.",
                evidence=tuple(evidence(c) for c in held),
            )
        )
    return findings
