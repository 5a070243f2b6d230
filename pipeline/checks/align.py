"""Alignment by evidence: whether two claims of one story state the same fact.

Exact keys (subject, measure and period spelled alike) miss most real conflicts and,
loosened, flood the report. Here a pair of claims is scored on evidence instead:

- ``subject``: the same owner, or one the other names in short (a surname, a name
  without its title, an acronym, a demonym: "Kenyan" / "Kenya"); unknown on either
  side is neither for nor against;
- ``measure``: the same measure, a near-synonym in the news sense
  (``lexicon.measures``), or the same head noun;
- ``period``: the same, or unknown on one side (compatible, not a mismatch); two
  different known periods are two facts;
- ``context``: the content words around the two values (what happened: "sold",
  "killed", "bust");
- ``role``: level, change, previous value, plan or forecast must agree; a value
  written as the point of comparison ("up from 40") is not a level.

Some evidence rules a pair out whatever else agrees (``vetoed``: different roles,
two different named owners, measures, known periods or named sources); the rest adds up
(``evidence``) into a logistic confidence (``score``). Candidates come from blocks
(story, kind of value, unit) and each claim is compared only with its best match in
each other article (``mutual_best``). Pure functions over Claims: no spaCy, no I/O.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from pipeline.claims import Claim
from pipeline.keys import canonical_phrase
from pipeline.lexicon.measures import (
    DEMONYM_ENDINGS,
    GENERIC_MEASURE_HEADS,
    MEASURE_SYNONYMS,
    PERSON_TITLES,
)

_SYNONYM_OF: dict[str, int] = {
    word: i for i, group in enumerate(MEASURE_SYNONYMS) for word in group
}


@dataclass(frozen=True, slots=True)
class Features:
    """Evidence that two claims state the same fact, each in [0, 1] (0.5: unknown)."""

    subject: float
    measure: float
    period: float
    context: float
    role: float
    magnitude: float  # |log10| of the ratio of the two values, capped at 3
    unique: float = 0.0  # 1: each is its article's only figure of this measure
    # 1: the input gave the two articles as one story, and neither is dated: the
    # user's word that they report one event (see numeric._one_given_telling)
    one_event: float = 0.0
    # 0: the two figures are attributed to two different named sources (each its
    # own statistics: the Bank of England's lending figures and the BBA's); 1: to
    # one source; 0.5: unattributed on a side (see source_agreement)
    source: float = 0.5

    def as_tuple(self) -> tuple[float, ...]:
        return (
            self.subject,
            self.measure,
            self.period,
            self.context,
            self.role,
            self.magnitude,
            self.unique,
            self.one_event,
            self.source,
        )


# ----------------------------------------------------------------------- subjects


def _name_words(key: str) -> list[str]:
    return [w for w in key.replace("-", " ").split() if w not in PERSON_TITLES]


def _acronym(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in ("of", "the", "and", "for"))


def _demonym_of(a: str, b: str) -> bool:
    """'kenyan' and 'kenya', 'brazilian' and 'brazil', 'chinese' and 'china'."""
    short, long = sorted((a, b), key=len)
    if len(short) < 4:
        return False
    stems = (short, short[:-1])
    return any(long == stem + end for stem in stems for end in DEMONYM_ENDINGS)


# Two names this alike (difflib's ratio) are one name spelt two ways; single nouns
# a little less alike already are ("calibre", "caliber": 0.86).
SPELLING_RATIO = 0.88
MEASURE_SPELLING = 0.85


@lru_cache(maxsize=65536)
def subject_similarity(a: str | None, b: str | None) -> float:
    """1 the same owner; 0.9 one names the other in short (a surname, a name without
    its title, an acronym) or spells it differently; 0.8 a demonym of it; 0.5
    unknown on a side; 0 two different named owners."""
    if not a or not b:
        return 0.5
    if a == b:
        return 1.0
    wa, wb = _name_words(a), _name_words(b)
    if not wa or not wb:
        return 0.5
    if wa == wb:
        return 1.0
    short, long = sorted((wa, wb), key=len)
    if set(short) <= set(long) or (len(short) == 1 and short[0] == _acronym(long)):
        return 0.9
    if len(short) == 1 and len(long) == 1 and _demonym_of(short[0], long[0]):
        return 0.8
    if len(short) == 1 and len(long) == 1 and _synonyms(short[0], long[0]):
        return 0.9  # "the quake" and "the earthquake"
    if SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio() >= SPELLING_RATIO:
        return 0.9
    return 0.0


# ----------------------------------------------------------------------- measures


def _synonyms(a: str, b: str) -> bool:
    group = _SYNONYM_OF.get(a)
    return group is not None and group == _SYNONYM_OF.get(b)


def _head(key: str) -> str:
    return key.split()[-1]


# Modifiers that make a count of those besides the ones named or counted before.
BEYOND_NAMED = frozenset({"other", "additional", "further", "more", "extra"})


@lru_cache(maxsize=65536)
def measure_similarity(a: str | None, b: str | None) -> float:
    """1 the same measure; 0.8 near-synonyms or the same head noun; 0.5 unknown on a
    side or only a movement ("increase"); 0 different measures (also the same head with different modifiers on
    both sides: "food inflation" and "core inflation", "net" and "pre-tax profit")."""
    if not a or not b or GENERIC_MEASURE_HEADS & {_head(a), _head(b)}:
        return 0.5
    if a == b:
        return 1.0
    ma, mb = a.split()[:-1], b.split()[:-1]
    if bool(BEYOND_NAMED & set(ma)) != bool(BEYOND_NAMED & set(mb)):
        # "nine other foreign nationals" counts those besides the one named: not the
        # number of foreign nationals, which may be ten
        return 0.5
    if ma and mb and not (set(ma) & set(mb)) and _head(a) == _head(b):
        return 0.0
    for x, y in ((a, b), (_head(a), _head(b)), (a, _head(b)), (_head(a), b)):
        if x == y or SequenceMatcher(None, x, y).ratio() >= MEASURE_SPELLING:
            return 0.8  # the same head, or one spelt two ways ("calibre", "caliber")
        gx, gy = _SYNONYM_OF.get(x), _SYNONYM_OF.get(y)
        if gx is not None and gx == gy:
            return 0.8
    return 0.0


# ----------------------------------------------------------------------- periods


_YEARLESS_PART = re.compile(r"--[QH]\d")
YEARLESS_PART = 0.7


def period_similarity(a: str | None, b: str | None) -> float:
    """1 the same period; 0.5 unknown on a side (compatible, not a mismatch); 0.9 a
    yearless date against a dated one with the same month and day; 0.7 one quarter or
    half of years not stated ("--Q3" twice: the third quarter, but of which year?
    Undated reports of a topic span years); 0 otherwise."""
    if not a or not b:
        return 0.5
    if a == b:
        return YEARLESS_PART if _YEARLESS_PART.fullmatch(a) else 1.0
    for x, y in ((a, b), (b, a)):
        if x.startswith("--") and len(y) >= 5 and y[4:].startswith(x[1:]):
            return 0.9  # "--05-03" and "2024-05-03"
    return 0.0


# ----------------------------------------------------------------------- context


def context_idf(claims: Iterable[Claim]) -> dict[str, float]:
    """Inverse document frequency of context words over these claims (one story's):
    "passenger" in a story about an airport says little, "bust" and "sold" a lot."""
    df: Counter = Counter()
    n = 0
    for c in claims:
        n += 1
        df.update(set(c.get("context") or ()))
    return {w: math.log((n + 1) / (k + 0.5)) for w, k in df.items()}


def context_similarity(
    a: Claim, b: Claim, idf: dict[str, float] | None = None
) -> float:
    """How much of the two values' surroundings the pair shares, each word weighted
    by its ``idf`` in the story, against the smaller side; none below
    MIN_SHARED_WORDS words in common."""
    ca, cb = set(a.get("context") or ()), set(b.get("context") or ())
    if not ca or not cb:
        return 0.0

    def weight(w: str) -> float:
        return idf.get(w, 1.0) if idf else 1.0

    common = ca & cb
    if len(common) < MIN_SHARED_WORDS:
        return 0.0
    shared = sum(weight(w) for w in common)
    smaller = min(sum(weight(w) for w in ca), sum(weight(w) for w in cb))
    return shared / smaller if smaller > 0 else 0.0


# One shared word is no evidence that two values are about one thing.
MIN_SHARED_WORDS = 2


# ----------------------------------------------------------------------- roles

_ROLE_QUALIFIERS = ("plan", "previous")


def role_agreement(a: Claim, b: Claim) -> float:
    """1 when the two values play the same part (both levels, both previous values,
    both plans; not a forecast against an outcome), 0 when they do not."""
    for q in _ROLE_QUALIFIERS:
        if (q in a.qualifiers) != (q in b.qualifiers):
            return 0.0
    if {a.tense, b.tense} == {"past", "future"}:
        return 0.0
    if (a.change in ("up", "down")) != (b.change in ("up", "down")):
        return 0.0
    basis_a, basis_b = a.get("basis"), b.get("basis")
    if basis_a and basis_b and basis_a != basis_b:
        return 0.0  # a year-on-year rate against a month-on-month one
    return 1.0


def _point(c: Claim) -> float:
    if c.is_range:
        return (float(c.low) + float(c.high)) / 2
    return float(c.value)


def magnitude_gap(a: Claim, b: Claim) -> float:
    """|log10| of the ratio of the two values, capped at 3."""
    va, vb = abs(_point(a)), abs(_point(b))
    if va == 0 or vb == 0:
        return 3.0
    return min(3.0, abs(math.log10(va / vb)))


def _weak_subject(c: Claim) -> bool:
    """A subject that cannot rule a pair out: only the nearest place or organisation
    of its sentence, or a common noun rather than a name ("a 22-year-old model")."""
    return c.get("subject_from") == "sentence" or not any(
        ch.isupper() for ch in (c.subject or "")
    )


def features(
    a: Claim,
    b: Claim,
    subject_a: str | None,
    subject_b: str | None,
    idf: dict[str, float] | None = None,
    unique: bool = False,
    one_event: bool = False,
) -> Features:
    """The evidence that ``a`` and ``b`` state one fact (subjects as the story's
    canonical keys; ``unique``: each is the only figure of its measure in its
    article's block). A subject that is only the nearest entity of its sentence
    counts as unknown; a common-noun subject cannot rule a pair out."""
    subject = subject_similarity(subject_a, subject_b)
    if "sentence" in (a.get("subject_from"), b.get("subject_from")):
        # only the nearest entity of a sentence: neither for nor against ("Halifax
        # said house prices rose 0.8% and Nationwide reported a rise of 0.4%")
        subject = 0.5 if subject_a and subject_b else subject
    elif subject == 0.0 and (_weak_subject(a) or _weak_subject(b)):
        subject = 0.5  # a common noun ("a 22-year-old model") cannot rule it out
    return Features(
        subject=subject,
        measure=measure_similarity(a.measure_key, b.measure_key),
        # texts given as one event speak of one year, stated or not
        period=1.0
        if one_event and a.period and a.period == b.period
        else period_similarity(a.period, b.period),
        context=context_similarity(a, b, idf),
        role=role_agreement(a, b),
        magnitude=magnitude_gap(a, b),
        unique=1.0 if unique else 0.0,
        one_event=1.0 if one_event else 0.0,
        source=source_agreement(a, b),
    )


def source_agreement(a: Claim, b: Claim) -> float:
    """0 when both figures are attributed to named sources that are not one source
    (a name, its surname or acronym, as for subjects); 1 when they are; 0.5 when a
    side is unattributed or its source is a common noun ("officials")."""
    sa, sb = a.get("said_by"), b.get("said_by")
    if not (sa and sb and sa[:1].isupper() and sb[:1].isupper()):
        return 0.5
    same = subject_similarity(canonical_phrase(sa), canonical_phrase(sb))
    return 1.0 if same >= 0.8 else 0.0 if same == 0.0 else 0.5


# ----------------------------------------------------------------------- score

# Evidence weights: a matching measure, subject and period, and the story-rare words
# the two values share. Chosen on the development pairs (rte-numeric-dev, gold/dev;
# see ARCHITECTURE.md, Alignment), precision before recall.
W_MEASURE = 1.5
W_SUBJECT = 1.0
W_PERIOD = 1.0
W_CONTEXT = 2.5
W_MAGNITUDE = 0.5  # per order of magnitude the values differ by, beyond the first
W_UNIQUE = 1.0  # each the one figure of its measure in its article
# The evidence at which a pair is as likely the same fact as not, and how fast the
# confidence rises around it.
EVIDENCE_AT_HALF = 2.5
EVIDENCE_SLOPE = 2.0
# A pair at least this likely is the same fact.
ALIGNED = 0.5


# Below this much shared story-rare context, a pair is one fact only when it names
# the same owner and the same period: on real copy a shared measure and nothing
# else ("the point", "the people", "aged 30") pairs different facts far more often
# than it finds a conflict (measured on gold/real-news; see ARCHITECTURE.md).
CONTEXT_MIN = 0.0
# A pair without the same named owner is one fact only when its surroundings share
# this much (two tellings of one passage); measured on gold/real-news and the
# development pairs (see ARCHITECTURE.md).
SAME_WORDS = 0.5


def vetoed(f: Features) -> bool:
    """What no amount of other evidence overcomes: different roles (a plan against an
    outcome, a previous value against a current one, a change against a level), two
    different named owners, two different measures, two different known periods,
    two different named sources; and too little shared context without the same
    owner and period."""
    if f.role == 0.0 or f.subject == 0.0 or f.measure == 0.0 or f.period == 0.0:
        return True
    if f.source == 0.0:
        return True  # two sources' own figures: a difference, not a copy error
    if f.context < CONTEXT_MIN and not (f.subject >= 0.8 and f.period >= 0.9):
        return True
    # an owner unknown on a side needs the pair told in nearly the same words, or,
    # in texts given as one event, the same measure: a summary names no owner ("42
    # people killed in Karachi bomb attack" under a passage on the bombs)
    if f.one_event and f.measure >= 0.8:
        return False
    return f.subject < 0.8 and f.context < SAME_WORDS


def confirms(f: Features, a: Claim, b: Claim) -> bool:
    """Whether two compatible values can be one fact: the same measure, or, with no
    measure named on either side, the same surrounding words (one sentence in two
    versions of a story: "250,000 repossessed, one million in negative equity"), and
    nothing that tells them apart (role, owner, period). A figure the other article
    also states this way agrees with it, whatever else of its kind that article
    holds; a figure of another thing told with the same number does not ("a galaxy
    2,000 light-years across" beside "the Milky Way measures 2,000 light-years")."""
    if f.role == 0.0 or f.subject == 0.0 or f.period == 0.0 or f.measure == 0.0:
        return False
    if f.measure >= 0.8:
        return True
    return not a.measure_key and not b.measure_key and f.context >= SAME_WORDS


def evidence(f: Features) -> float:
    return (
        W_MEASURE * (f.measure >= 0.8)
        + W_SUBJECT * (f.subject >= 0.8)
        + W_PERIOD * (f.period >= 0.9)
        + W_CONTEXT * f.context
        + W_UNIQUE * f.unique * (f.measure >= 0.8)
        - W_MAGNITUDE * max(0.0, f.magnitude - 1.0)
    )


def score(f: Features) -> float:
    """How likely the pair states one fact: 0 when vetoed, else logistic in the
    evidence."""
    if vetoed(f):
        return 0.0
    return 1.0 / (1.0 + math.exp(-EVIDENCE_SLOPE * (evidence(f) - EVIDENCE_AT_HALF)))


def reasons(f: Features, a: Claim, b: Claim) -> list[str]:
    """Why the two statements are one fact, in words an editor reads."""
    out = []
    if f.measure >= 0.8 and a.measure:
        if f.measure == 1.0 or not b.measure:
            out.append(f"the same measure ({a.measure!r})")
        else:
            out.append(f"near-synonyms ({a.measure!r}, {b.measure!r})")
    if f.subject >= 0.8 and a.subject:
        out.append(f"the same subject ({a.subject!r})")
    if f.period >= 0.9 and a.period:
        out.append(f"the same period ({a.period})")
    if f.unique and f.measure >= 0.8:
        out.append("each article's only such figure")
    shared = sorted(set(a.get("context") or ()) & set(b.get("context") or ()))
    if shared:
        out.append("the words " + ", ".join(repr(w) for w in shared[:5]))
    return out


# ----------------------------------------------------------------------- pairs

# Blocks larger than this generate candidates from an inverted index of their words
# instead of all pairs, and a word shared by more claims than POSTING_CAP says too
# little to pair them: the reduce stays near-linear in claims.
ALL_PAIRS_UP_TO = 64
POSTING_CAP = 32


def candidate_pairs(block: list[Claim]) -> Iterator[tuple[Claim, Claim]]:
    """Pairs of claims of different articles in one block (story, kind of value,
    unit), each once."""
    if len(block) <= ALL_PAIRS_UP_TO:
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if a.article != b.article:
                    yield a, b
        return
    postings: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(block):
        keys = set(c.get("context") or ())
        if c.measure_key:
            keys.add("m:" + c.measure_key.split()[-1])
        for k in keys:
            postings[k].append(i)
    seen: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) > POSTING_CAP:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if (i, j) not in seen and block[i].article != block[j].article:
                    seen.add((i, j))
                    yield block[i], block[j]


def mutual_best(
    scored: list[tuple[Claim, Claim, float]],
) -> list[tuple[Claim, Claim, float]]:
    """The pairs in which each claim is the other's best match in the other's
    article: a figure is compared with the one figure of another article that most
    likely states the same fact, not with every figure of its kind there."""
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for a, b, s in scored:
        for x, y in ((a, b), (b, a)):
            key = (id(x), y.article)
            if key not in best or s > best[key][0]:
                best[key] = (s, id(y))
    return [
        (a, b, s)
        for a, b, s in scored
        if best[(id(a), b.article)][1] == id(b) and best[(id(b), a.article)][1] == id(a)
    ]
