"""NewsQuant harness: crosscheck's quantity claims scored as the NewsQuant authors
score quantity extractors (Almasian et al., "CQE: A Comprehensive Quantity
Extractor", EMNLP 2023).

The benchmark (``newsquant-dev.json``) is a list of news sentences, each with its
hand-annotated quantities: a ``value`` (one scaled number, or a range "low-high"),
a ``normalized_unit`` (a unit name, the counted noun of a count, or "-") and a
``change`` (``=``, ``~``, ``>``, ``<``, ``up``, ``down``). Each sentence is run
through the pipeline as an article of its own, exactly as ``crosscheck extract``
runs it (``corpus.make_article``, ``extract.prepare_doc``, the configured pipeline,
``extract.facts_from_doc``), and its claims are mapped to NewsQuant's fields.

Mapping from claims to NewsQuant's fields
-----------------------------------------
- **Which claims**: every claim of type money, percent, quantity, count or number is
  one predicted quantity; dates and ranks are left out (NewsQuant does not annotate
  dates, years or ordinals, and counts them as wrong when predicted).
- **value**: the claim's ``value``; a range (``value`` null, both ``low`` and
  ``high`` set) is the pair (low, high). A percent's value is the number of percent
  (8.1 for "8.1 percent"), as in NewsQuant.
- **unit**:
  - money: the currency's name, lower case: quantulum3's name for the ISO 4217 code
    where quantulum3 has one ("dollar" for USD, "pound sterling" for GBP), else
    NewsQuant's name for a currency quantulum3 lacks (``CURRENCY_NAMES``: ILS is
    its "shekel", babel's "israeli new shekel"), else babel's English name
    ("malaysian ringgit"); a rate "USD per share" keeps its per-part ("dollar per
    share");
  - percent: "percentage" (``percent``) or "percentage point";
  - money written in a minor unit ("63 cents", "18 sen", "118.5p"): NewsQuant keeps the
    minor unit, so the value is given back in it (0.63 USD -> 63) and the unit is
    its name ("cent", "cent per share"); claims show it in their text, mentions in
    their ``minor`` field;
  - quantity: the claim's ``unit``, a quantulum3 unit name, in NewsQuant's words
    where the two vocabularies name one unit differently (``UNIT_NAMES``:
    "degree celsius" is NewsQuant's "celsius", "degree angle" its "degree");
  - count: the counted noun with the words that narrow it, which NewsQuant gives as
    the unit of a count ("heart transplant", "european country", "new season"), and
    only when the number counts things: "a net worth of 1.3 billion" has unit "-".
    The claim builder (``nlp/claims.py``) keeps the noun a count counts apart from
    its measure (the measure is also what a number is a value of: "net worth"), as
    the claim's ``extra.counted``; the harness takes that noun as written, lower
    case, its last word singular ("new jobs" -> "new job"), and "-" for a count
    that counts no noun;
  - number: "-".
- **change**: the claim's ``change``, whose values are NewsQuant's.
- **from ... to**: NewsQuant writes a change from one level to another ("dropping
  from 208 pounds to 193", "from $36,040 ... to $34,935") as one quantity whose value
  is the pair in the order written ("208.0-193.0"), where crosscheck keeps two levels
  (the growth check reads both). Two quantities next to each other, the first after
  "from" and the second after a "to" at most ``FROM_TO_GAP`` characters later, neither
  a range, and of one unit (or one of them a bare number, which takes the other's
  unit), are given as that pair, with change "=".
- **fractions**: NewsQuant writes a share given as a fraction ("half of",
  "two-thirds of", "one in three") as the fraction (0.5) with unit "% " and the
  counted noun; crosscheck's percent claim holds it in percent (50.0). A percent
  claim whose text says no percent is given back as its fraction, with what it is a
  share of (the claim's ``extra.share_of``: "% voter"), or "% -".

Scoring
-------
Per sentence, gold and predicted quantities are matched one to one (a maximum
bipartite matching), separately for each figure:

- **value**: equal numbers (relative tolerance 1e-5, as the authors' ``np.isclose``);
  a range matches only a range with both ends equal;
- **value+unit**: a value match whose lower-cased units are equal;
- **value+change**: a value match whose changes are equal.

Precision = matches / predicted quantities, recall = matches / gold quantities, F1
as usual. The authors' script lets one prediction match several gold quantities of
equal value (only a unit match uses a prediction up); the one-to-one matching here is
never more lenient.

Two views are scored: **claims** (end to end, the figures to quote) and
**mentions**: the quantity component's own output (``doc._.cc_quantities``), with a
count's unit taken from the component's ``counted`` field. The difference on
value+unit is what the claim builder costs or adds; the report also gives the share
of gold quantities whose unit is a counted noun (the builder-dependent share).

Run ``python -m pipeline.quality.newsquant [FILE] [--json OUT] [--errors]``; FILE
defaults to ``$CROSSCHECK_NEWSQUANT`` or the first
``shared/benchmarks/newsquant-dev/newsquant-dev.json`` found walking up from the
working directory (then from this file).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.errors import CrosscheckError
from pipeline.quality import write_json

ENV_VAR = "CROSSCHECK_NEWSQUANT"
BENCHMARK_SUBPATH = (
    Path("shared") / "benchmarks" / "newsquant-dev" / "newsquant-dev.json"
)
# The claim types that are quantities in NewsQuant's sense.
QUANTITY_TYPES = ("money", "percent", "quantity", "count", "number")
# The authors compare values with np.isclose(rtol=1e-05, atol=1e-08).
REL_TOLERANCE = 1e-5
ABS_TOLERANCE = 1e-8
FIGURES = ("value", "value+unit", "value+change")
# quantulum3's names that NewsQuant writes otherwise (the same unit in both).
UNIT_NAMES = {
    "degree celsius": "celsius",
    "degree fahrenheit": "fahrenheit",
    "degree angle": "degree",
}
# Currencies quantulum3 has no name for, in NewsQuant's words (where babel's
# English name differs: "israeli new shekel").
CURRENCY_NAMES = {"ILS": "shekel"}
# A money claim written in a minor unit, as its text shows it.
_MINOR_WORDS = {"cent": "cent", "cents": "cent", "cts": "cent", "ct": "cent",
                "¢": "cent", "sen": "sen", "pence": "penny", "penny": "penny",
                "paise": "paisa", "p": "penny"}  # fmt: skip
# a minor unit's word, or pence glued to the figure ("118.5p")
_MINOR_IN_TEXT = re.compile(
    r"(?<![\w])(cents?|cts?|¢|sen|pence|penny|paise)(?![\w])|(?<=\d)(p)(?![\w])", re.I
)
MINOR_SHARE = 100.0  # cents, pence, sen and paise are hundredths
# "from A ... to B": the most characters between A's end and B's start
FROM_TO_GAP = 40
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
_TO_BEFORE = re.compile(r"\bto\s+$", re.I)
_SENTENCE_BREAK = re.compile(r"[;!?]|\.\s")
# a percent claim's text that says percent; without it the share was a fraction
_PERCENT_IN_TEXT = re.compile(
    r"%|per\s?cent|(?<![a-z])pct?\b|percentage|\bbps?\b", re.I
)

# Codes Q101-Q104: the TE3 harness owns Q001-Q005.
E_NO_FILE = (
    "[Q101] NewsQuant benchmark not found: give FILE, set ${env}, or run from inside "
    "a checkout next to shared/benchmarks/newsquant-dev"
)
E_NOT_FILE = "[Q102] {path}: not a file"
E_BAD_JSON = "[Q103] {path}: not NewsQuant JSON ({reason})"
E_BAD_ITEM = "[Q104] {path}: sentence {index}: {reason}"

Value = float | tuple[float, float]


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity in NewsQuant's terms, gold or predicted."""

    value: Value
    unit: str
    change: str
    text: str = ""

    def to_dict(self) -> dict:
        out = asdict(self)
        if isinstance(self.value, tuple):
            out["value"] = list(self.value)
        return out


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str
    quantities: tuple[Quantity, ...]


# ------------------------------------------------------------------ reading


def parse_value(raw: str) -> Value:
    """NewsQuant's value string: '3.6' -> 3.6, '252.0-287.0' -> (252.0, 287.0),
    '1.99E-29' -> 1.99e-29 (an exponent's minus is not a range), '-3' -> -3."""
    text = str(raw).strip()
    body = text[1:] if text.startswith("-") else text
    if "-" in body and "e-" not in body.lower():
        low, high = body.split("-", 1)
        sign = -1.0 if text.startswith("-") else 1.0
        return (sign * float(low.strip()), float(high.strip()))
    return float(text)


def load_benchmark(path: str | os.PathLike) -> list[Sentence]:
    """The sentences and gold quantities of a NewsQuant JSON file.

    Raises:
        CrosscheckError: the file is missing, is not JSON of NewsQuant's shape, or a
            quantity's value is not a number or range.
    """
    file = Path(path)
    if not file.is_file():
        raise CrosscheckError(E_NOT_FILE.format(path=file))
    try:
        data = json.loads(file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CrosscheckError(E_BAD_JSON.format(path=file, reason=err)) from err
    if not isinstance(data, list):
        raise CrosscheckError(E_BAD_JSON.format(path=file, reason="expected a list"))
    sentences = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise CrosscheckError(
                E_BAD_ITEM.format(path=file, index=i, reason="no 'text'")
            )
        quantities = []
        for q in item.get("quantities") or []:
            try:
                value = parse_value(q["value"])
            except (KeyError, TypeError, ValueError) as err:
                raise CrosscheckError(
                    E_BAD_ITEM.format(path=file, index=i, reason=f"bad value: {err}")
                ) from err
            quantities.append(
                Quantity(
                    value,
                    str(q.get("normalized_unit", "-")).lower(),
                    str(q.get("change", "=")),
                    str(q.get("unit", "")),
                )
            )
        sentences.append(Sentence(i, item["text"], tuple(quantities)))
    return sentences


def find_benchmark(start: str | os.PathLike | None = None) -> Path:
    """The NewsQuant file: ``$CROSSCHECK_NEWSQUANT``, else the first
    ``shared/benchmarks/newsquant-dev/newsquant-dev.json`` walking up from ``start``
    (default: the working directory), then from this file's location.

    Raises:
        CrosscheckError: nothing found.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    for origin in (Path(start) if start else Path.cwd(), Path(__file__).resolve()):
        origin = origin.resolve()
        for folder in (origin, *origin.parents):
            candidate = folder / BENCHMARK_SUBPATH
            if candidate.is_file():
                return candidate
    raise CrosscheckError(E_NO_FILE.replace("${env}", ENV_VAR))


# ------------------------------------------------------------------ mapping


@lru_cache(maxsize=1)
def _quantulum_currency_names() -> dict[str, str]:
    """ISO 4217 code -> quantulum3's unit name ("USD" -> "dollar"); the first name
    quantulum3 lists for a code is its plain one."""
    try:
        from quantulum3 import load

        units = load.units("en_US")
    except Exception:  # noqa: BLE001 - without quantulum3 babel's names serve
        return {}
    names: dict[str, str] = {}
    for name, unit in units.names.items():
        code = getattr(unit, "currency_code", None)
        if code and code not in names:
            names[code] = name
    return names


@lru_cache(maxsize=512)
def currency_name(code: str) -> str:
    """The name NewsQuant gives a currency: quantulum3's where it has one, else
    ``CURRENCY_NAMES``, else babel's English name, lower case ("MYR" -> "malaysian
    ringgit")."""
    name = _quantulum_currency_names().get(code) or CURRENCY_NAMES.get(code)
    if name:
        return name
    try:
        from babel.numbers import get_currency_name

        return get_currency_name(code, locale="en").lower()
    except Exception:  # noqa: BLE001 - an unknown code stays as written
        return code.lower()


def _singular(word: str) -> str:
    from pipeline.nlp.claims import singular

    return singular(word)


def money_unit(code: str) -> str:
    """A money unit in NewsQuant's words: "USD" -> "dollar", "USD per share" ->
    "dollar per share"."""
    head, sep, rest = code.partition(" per ")
    return currency_name(head) + (f" per {rest}" if sep else "")


def counted_unit(measure: str | None, whole: bool = False) -> str:
    """NewsQuant's unit of a count: the counted noun, singular ("new jobs" -> "job");
    ``whole``: the words are already the counted noun phrase (a mention's
    ``counted``: "heart transplant"), taken as they are."""
    if not measure:
        return "-"
    if whole:
        return measure.strip().lower()
    words = measure.lower().split()
    return " ".join([*words[:-1], _singular(words[-1])])


def unit_of(
    kind: str,
    unit: str | None,
    counted: str | None,
    minor: str | None = None,
    whole_counted: bool = False,
) -> str:
    """NewsQuant's unit for a claim or mention of ``kind``."""
    if kind == "money" and unit and minor:
        _, sep, rest = unit.partition(" per ")
        return minor + (f" per {rest}" if sep else "")
    if kind == "money" and unit:
        return money_unit(unit)
    if kind == "percent":
        return "percentage" if unit in (None, "percent") else str(unit)
    if kind == "count":
        return counted_unit(counted, whole_counted)
    if kind == "quantity" and unit:
        return UNIT_NAMES.get(unit.lower(), unit.lower())
    return "-"


def _in_minor(value: Value, minor: str | None) -> Value:
    if not minor:
        return value
    if isinstance(value, tuple):
        return (value[0] * MINOR_SHARE, value[1] * MINOR_SHARE)
    return value * MINOR_SHARE


def _value_of(value, low, high) -> Value | None:
    if value is None:
        if isinstance(low, (int, float)) and isinstance(high, (int, float)):
            return (float(low), float(high))
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def claim_quantity(claim: dict) -> Quantity | None:
    """A claim (claims.jsonl form) as a NewsQuant quantity; None for dates, ranks and
    claims without a number."""
    if claim.get("type") not in QUANTITY_TYPES:
        return None
    value = _value_of(claim.get("value"), claim.get("low"), claim.get("high"))
    if value is None:
        return None
    minor = None
    if claim["type"] == "money":
        found = _MINOR_IN_TEXT.search(claim.get("text", ""))
        minor = _MINOR_WORDS[(found[1] or found[2]).lower()] if found else None
    unit = unit_of(claim["type"], claim.get("unit"), _extra(claim, "counted"), minor)
    value = _in_minor(value, minor)
    if claim["type"] == "percent":
        share_of = _extra(claim, "share_of")
        value, unit = _as_fraction(value, unit, claim.get("text", ""), share_of)
    return Quantity(value, unit, claim.get("change") or "=", claim.get("text", ""))


def _extra(claim: dict, key: str):
    """A claim's extension field: in claims.jsonl form under ``extra``, or given at
    the top level (a hand-written claim)."""
    if key in claim:
        return claim[key]
    return (claim.get("extra") or {}).get(key)


def _as_fraction(value: Value, unit: str, text: str, counted: str | None):
    """A share written as a fraction ("two-thirds of") in NewsQuant's form: the
    fraction, unit "% " and what it is a share of."""
    if not text or _PERCENT_IN_TEXT.search(text) or unit != "percentage":
        return value, unit
    if isinstance(value, tuple):
        value = (value[0] / 100, value[1] / 100)
    else:
        value = value / 100
    return value, "% " + counted_unit(counted)


def mention_quantity(mention: dict) -> Quantity | None:
    """A quantity mention (``doc._.cc_quantities``) as a NewsQuant quantity."""
    value = _value_of(mention.get("value"), mention.get("low"), mention.get("high"))
    if value is None:
        return None
    kind = mention.get("type", "number")
    counted = mention.get("counted")
    if kind in ("number", "count") and counted:
        # the component's counted noun keeps the words that narrow it, as
        # NewsQuant's units do ("heart transplant")
        kind = "count"
    minor = mention.get("minor") if kind == "money" else None
    unit = unit_of(kind, mention.get("unit"), counted, minor, whole_counted=True)
    value = _in_minor(value, minor)
    if kind == "percent":
        value, unit = _as_fraction(value, unit, mention.get("text", ""), None)
    return Quantity(value, unit, mention.get("change") or "=", mention.get("text", ""))


def _bare(q: Quantity) -> bool:
    return q.unit == "-"


def from_to_pairs(
    spans: Sequence[tuple[int, int]], quantities: Sequence[Quantity], text: str
) -> list[Quantity]:
    """The quantities with each "from A ... to B" pair given as NewsQuant writes it:
    one quantity, value (A, B) in the order written (see the module docstring).
    ``spans`` are the quantities' character offsets in ``text``."""
    order = sorted(range(len(quantities)), key=lambda k: spans[k])
    out: dict[int, Quantity | None] = dict(enumerate(quantities))
    i = 0
    while i + 1 < len(order):
        a, b = order[i], order[i + 1]
        qa, qb = quantities[a], quantities[b]
        (a_start, a_end), (b_start, _) = spans[a], spans[b]
        gap = text[a_end:b_start]
        if (
            not isinstance(qa.value, tuple)
            and not isinstance(qb.value, tuple)
            and _FROM_BEFORE.search(text[max(0, a_start - 12) : a_start])
            and len(gap) <= FROM_TO_GAP
            and _TO_BEFORE.search(gap)
            and not _SENTENCE_BREAK.search(gap)
            and (qa.unit == qb.unit or _bare(qa) or _bare(qb))
        ):
            unit = qb.unit if _bare(qa) else qa.unit
            out[a] = Quantity((qa.value, qb.value), unit, "=", f"{qa.text} … {qb.text}")
            out[b] = None
            i += 2
            continue
        i += 1
    return [q for q in out.values() if q is not None]


# ------------------------------------------------------------------ predicting


@dataclass
class Prediction:
    claims: list[Quantity]
    mentions: list[Quantity]


def predict(sentences: Sequence[Sentence], nlp=None) -> list[Prediction]:
    """The claims and quantity mentions of each sentence, each sentence run as an
    article of its own the way ``crosscheck extract`` runs it."""
    from pipeline.corpus import make_article
    from pipeline.extract import facts_from_doc, prepare_doc
    from pipeline.nlp.pipeline import build_nlp

    nlp = nlp or build_nlp()
    articles = [
        make_article(f"newsquant-{s.index:04d}", f"newsquant-{s.index:04d}", s.text)
        for s in sentences
    ]
    out = []
    docs = ((prepare_doc(nlp, a), a) for a in articles)
    for doc, article in nlp.pipe(docs, as_tuples=True, batch_size=32):
        mentions = _quantities(doc._.cc_quantities or [], mention_quantity, doc.text)
        facts = facts_from_doc(doc, article)
        claims = _quantities(
            [c.to_dict() for c in facts.claims], claim_quantity, article.text
        )
        out.append(Prediction(claims, mentions))
    return out


def _quantities(items: list[dict], as_quantity, text: str) -> list[Quantity]:
    kept = [(item, q) for item in items if (q := as_quantity(item)) is not None]
    spans = [(item["start"], item["end"]) for item, _ in kept]
    return from_to_pairs(spans, [q for _, q in kept], text)


# ------------------------------------------------------------------ scoring


def values_match(gold: Value, predicted: Value) -> bool:
    """Equal numbers (np.isclose's tolerances); a range only equals a range."""
    if isinstance(gold, tuple) != isinstance(predicted, tuple):
        return False
    if isinstance(gold, tuple):
        return all(
            math.isclose(g, p, rel_tol=REL_TOLERANCE, abs_tol=ABS_TOLERANCE)
            for g, p in zip(gold, predicted, strict=True)
        )
    return math.isclose(gold, predicted, rel_tol=REL_TOLERANCE, abs_tol=ABS_TOLERANCE)


def _criterion(figure: str) -> Callable[[Quantity, Quantity], bool]:
    if figure == "value":
        return lambda g, p: values_match(g.value, p.value)
    if figure == "value+unit":
        return lambda g, p: values_match(g.value, p.value) and g.unit == p.unit
    if figure == "value+change":
        return lambda g, p: values_match(g.value, p.value) and g.change == p.change
    raise ValueError(f"unknown figure {figure!r}")


def max_matching(
    gold: Sequence[Quantity],
    predicted: Sequence[Quantity],
    ok: Callable[[Quantity, Quantity], bool],
) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of gold to predicted quantities where ``ok``
    holds (augmenting paths; a sentence holds a handful of quantities)."""
    edges = [[j for j, p in enumerate(predicted) if ok(g, p)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


@dataclass
class Scores:
    """Counts over a set of sentences and the figures from them."""

    gold: int = 0
    predicted: int = 0
    matches: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))
    errors: list[dict] = field(default_factory=list)

    def prf(self, figure: str) -> tuple[float, float, float]:
        hits = self.matches[figure]
        p = hits / self.predicted if self.predicted else 0.0
        r = hits / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def to_dict(self, errors: bool = True) -> dict:
        out: dict = {"gold": self.gold, "predicted": self.predicted}
        for figure in FIGURES:
            p, r, f = self.prf(figure)
            out[figure] = {
                "matches": self.matches[figure],
                "precision": round(100 * p, 2),
                "recall": round(100 * r, 2),
                "f1": round(100 * f, 2),
            }
        if errors:
            out["errors"] = self.errors
        return out


def score_sentence(
    sentence: Sentence, predicted: Sequence[Quantity], scores: Scores
) -> None:
    """Add one sentence's matches to ``scores``, with what went wrong in it."""
    gold = list(sentence.quantities)
    scores.gold += len(gold)
    scores.predicted += len(predicted)
    found = {}
    for figure in FIGURES:
        pairs = max_matching(gold, predicted, _criterion(figure))
        scores.matches[figure] += len(pairs)
        found[figure] = pairs
    value_pairs = dict(found["value"])
    unit_ok = {i for i, _ in found["value+unit"]}
    change_ok = {i for i, _ in found["value+change"]}
    matched_pred = {j for _, j in found["value"]}
    problems = []
    for i, g in enumerate(gold):
        if i not in value_pairs:
            problems.append({"kind": "miss", "gold": g.to_dict()})
            continue
        p = predicted[value_pairs[i]]
        if i not in unit_ok:
            problems.append({"kind": "unit", "gold": g.to_dict(), "got": p.to_dict()})
        if i not in change_ok:
            problems.append({"kind": "change", "gold": g.to_dict(), "got": p.to_dict()})
    for j, p in enumerate(predicted):
        if j not in matched_pred:
            problems.append({"kind": "extra", "got": p.to_dict()})
    if problems:
        scores.errors.append(
            {"sentence": sentence.index, "text": sentence.text, "problems": problems}
        )


def score(
    sentences: Sequence[Sentence], predicted: Iterable[Sequence[Quantity]]
) -> Scores:
    scores = Scores()
    for sentence, quantities in zip(sentences, predicted, strict=True):
        score_sentence(sentence, list(quantities), scores)
    return scores


# Gold units that name no thing counted: percentages, points, "-" and ages.
_NOT_COUNTED = {"-", "percentage", "percentage point", "point", "count", "unit"}


@lru_cache(maxsize=1)
def _unit_names() -> frozenset[str]:
    """Every unit name and surface quantulum3 knows, lower case, and babel's
    English currency names: what a gold unit is when it is not a counted noun."""
    names: set[str] = set()
    try:
        from quantulum3 import load

        units = load.units("en_US")
        names |= {n.lower() for n in units.names} | set(units.surfaces_lower)
    except Exception:  # noqa: BLE001 - without quantulum3 only currencies are known
        pass
    try:
        from babel import Locale

        names |= {n.lower() for n in Locale("en").currencies.values()}
    except Exception:  # noqa: BLE001
        pass
    return frozenset(names)


def is_counted_noun(unit: str) -> bool:
    """Whether a gold unit is the counted noun of a count ("people", "job"), which
    only the claim builder can give, rather than a unit's name."""
    head = re.split(r" per | of age$", unit)[0]
    return head not in _NOT_COUNTED and head not in _unit_names()


@dataclass
class NewsQuantReport:
    path: str
    sentences: int
    seconds: float
    claims: Scores
    mentions: Scores
    counted_gold: int

    @property
    def ms_per_sentence(self) -> float:
        return 1000 * self.seconds / self.sentences if self.sentences else 0.0

    def to_dict(self, errors: bool = True) -> dict:
        return {
            "benchmark": "newsquant-dev",
            "path": self.path,
            "sentences": self.sentences,
            "seconds": round(self.seconds, 2),
            "ms_per_sentence": round(self.ms_per_sentence, 2),
            "gold_counted_noun_units": self.counted_gold,
            "claims": self.claims.to_dict(errors),
            "mentions": self.mentions.to_dict(errors),
        }


def evaluate(path: str | os.PathLike | None = None, nlp=None) -> NewsQuantReport:
    """Run the pipeline over the NewsQuant sentences and score claims and mentions.

    Args:
        path: the benchmark file (default: ``find_benchmark()``).
        nlp: a Language from ``build_nlp`` (built when not given; its loading is not
            timed).

    Returns:
        the scores of claims and of mentions, and the time extraction took.
    """
    from pipeline.nlp.pipeline import build_nlp

    file = Path(path) if path else find_benchmark()
    sentences = load_benchmark(file)
    nlp = nlp or build_nlp()
    started = time.perf_counter()
    predictions = predict(sentences, nlp)
    seconds = time.perf_counter() - started
    counted = sum(is_counted_noun(q.unit) for s in sentences for q in s.quantities)
    return NewsQuantReport(
        str(file),
        len(sentences),
        seconds,
        score(sentences, [p.claims for p in predictions]),
        score(sentences, [p.mentions for p in predictions]),
        counted,
    )


# ------------------------------------------------------------------ CLI


def format_table(report: NewsQuantReport) -> str:
    header = f"{'view':<10}{'gold':>5}{'pred':>6}" + "".join(
        f"  {name + ' P/R/F1':>24}" for name in FIGURES
    )
    lines = [
        f"NewsQuant: {report.sentences} sentences, {report.path}",
        header,
        "-" * len(header),
    ]
    for name, s in (("claims", report.claims), ("mentions", report.mentions)):
        cells = "".join(
            "  {:>24}".format(
                "{:.1f} / {:.1f} / {:.1f}".format(*(100 * x for x in s.prf(f)))
            )
            for f in FIGURES
        )
        lines.append(f"{name:<10}{s.gold:>5}{s.predicted:>6}{cells}")
    lines.append(
        f"{report.counted_gold} of {report.claims.gold} gold units are counted nouns "
        f"(a count's unit comes from the claim builder); extraction "
        f"{report.ms_per_sentence:.1f} ms a sentence"
    )
    return "\n".join(lines)


def format_errors(scores: Scores) -> str:
    lines = []
    for e in scores.errors:
        lines.append(f"[{e['sentence']}] {e['text']}")
        for p in e["problems"]:
            g, got = p.get("gold"), p.get("got")
            shown = []
            if g:
                shown.append(f"gold {g['value']} {g['unit']!r} {g['change']}")
            if got:
                shown.append(
                    f"got {got['value']} {got['unit']!r} {got['change']} "
                    f"({got['text']!r})"
                )
            lines.append(f"    {p['kind']:<7}" + "; ".join(shown))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.quality.newsquant",
        description="Score crosscheck's quantity claims on NewsQuant.",
    )
    parser.add_argument("file", nargs="?", help="a NewsQuant JSON file")
    parser.add_argument("--json", dest="json_out", help="write the full report here")
    parser.add_argument(
        "--errors",
        choices=("claims", "mentions"),
        nargs="?",
        const="claims",
        help="list misses, extras, wrong units and changes (of claims by default)",
    )
    args = parser.parse_args(argv)
    try:
        report = evaluate(args.file)
    except CrosscheckError as err:
        print(err, file=sys.stderr)
        return 2
    print(format_table(report))
    if args.errors:
        print(format_errors(getattr(report, args.errors)))
    if args.json_out:
        write_json(args.json_out, report.to_dict())
    return 0


if __name__ == "__main__":
    sys.exit(main())
