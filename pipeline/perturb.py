"""Perturbed corpora: clean articles with labelled errors injected in place.

The way FactCC built its training data: take clean articles, extract their claims
with the project pipeline, and replace one value in a chosen sentence by a value of
the same type, written the same way, that is clearly different. Each injected error
becomes one gold finding in the gold format (gold/README.md), so that
``crosscheck eval --gold OUT`` measures recall on it and
:func:`recall_by_perturbation` breaks that recall down by perturbation type and
separately for errors whose fact is also stated in another article.

Perturbation types (``kind`` of the gold finding in brackets):

- ``number`` (number): a money, percent, quantity or count value scaled so that its
  rounding interval no longer admits the original value nor any other statement of
  the same fact ("3.3 trillion yuan" -> "5.0 trillion yuan"); scale word, currency and
  bound word are kept. A bound moves past every value the other statements give
  ("more than 1,400" against "1,450" elsewhere -> "more than 2,100"); a bound that no
  other statement pins is left alone, as moving it may still admit the truth.
- ``date`` (date): a day, month or quarter moved within its own format ("March 31" ->
  "March 26", "Thursday" -> "Monday", "August 2007" -> "June 2007"). Days move by whole
  weeks when a weekday is written next to them, so the weekday stays right; dates are
  not moved past the dateline (that would be a second, unlabelled error). Bare years
  are left alone: they mostly act as the period of other figures.
- ``weekday`` (date): the weekday written next to a full date no longer matches it.
- ``rank`` (rank): an ordinal replaced in the same form ("second" -> "fourth", "12th" ->
  "15th", "No. 1" -> "No. 3").
- ``count`` (count): a count whose sentence lists exactly that many items, changed
  so that the list no longer matches it.
- ``placeholder`` (placeholder): a number replaced by an unfilled mark ("XX", "[TK]",
  "<>"), its unit words kept.

Slots of the gold findings follow the scoring contract: slot 1 is the perturbed span
(offsets in the new text); for number, date and rank errors slot 2 lists the other
statements of the same fact (claims of the same type, subject, measure and period --
for ranks, the same subject, ranking and period -- whose value equals, or for numbers
is compatible with, the original value, in any article; and the same claim in the
other copies of a cycled article). Weekday and placeholder findings have one slot;
count findings have the list as slot 2. Every finding also carries ``perturbation``,
``cross_article`` (true when slot 2 holds a span in another article), ``original``
and ``replacement``. A number, date or rank error with no other statement of its fact
has one slot (rule ``changed_number`` …): only a derived check can see it.

Rules the generator keeps: only claims in the body are changed (not datelines,
headers, titles or captions); at most one change per sentence; at most one value
change per fact, and per subject, measure and period (a checker reports one conflict
for all the statements it compares, so a second change there could never be found
apart); two statements of a changed fact, other articles' first, are never edited
so slot 2 always has one, and slot 2 lists every statement of the fact that no
change touched. The same seed gives the same corpus.

``articles=M`` cycles over the inputs to make M articles, the copies renamed
``<id>-copy-K``. Copies are identical stories, not new ones: a fact changed in one
copy is stated, unchanged, in every other copy, so with copies nearly every number,
date and rank error is a cross-article error, and each fact is changed at most once
across all copies. Volume beyond the distinct facts of the inputs comes from the
per-article types (placeholder, weekday, count), which can repeat in every copy.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated

import typer

from pipeline.claims import Claim
from pipeline.corpus import MONTH, Article, find_published, load_corpus, make_article
from pipeline.errors import CrosscheckError
from pipeline.nlp.normalize import (
    ORDINAL_WORD,
    ORDINALS,
    TENS,
    UNITS,
    WEEKDAYS,
    month_number,
    ordinal_value,
    parse_number,
)

PERTURBATIONS = ("number", "date", "weekday", "rank", "count", "placeholder")
KIND_OF = {
    "number": "number",
    "date": "date",
    "weekday": "date",
    "rank": "rank",
    "count": "count",
    "placeholder": "placeholder",
}
# Types that change the value of a fact other articles may state: one per fact.
VALUE_TYPES = ("number", "date", "rank")
PLACEHOLDER_MARKS = ("XX", "[TK]", "<>")
NUMERIC_TYPES = ("money", "percent", "quantity", "number", "count")
GOLD_SCHEMA = "crosscheck.gold/1"
MAX_SPAN = 120


class PerturbErrors:
    """Coded messages for ``crosscheck perturb`` (see pipeline.errors)."""

    P001 = "[P001] unknown perturbation type '{name}'; expected one of {expected}"
    P002 = "[P002] --errors must be 0 or more, not {value}"
    P003 = "[P003] --articles must be 1 or more, not {value}"
    P004 = "[P004] {path}: folder is not empty; pass --force to write into it"
    P005 = (
        "[P005] {path}: inside the hand-labelled gold set; write perturbed corpora "
        "elsewhere (gold/ holds only hand-checked labels)"
    )
    P006 = "[P006] {path}: holds the input article {article}; choose another folder"
    P007 = "[P007] no readable input among {count} path(s)"
    P008 = "[P008] {path}: exists and is not a folder"
    P009 = (
        "[P009] internal: gold span {span!r} does not match the perturbed text {text!r}"
    )
    P010 = "[P010] {path}: no gold.json here; expected a folder written by perturb"
    P011 = "[P011] the evaluation does not cover the articles of {path}"
    P012 = "[P012] {path}: inside the input folder {folder}; choose a folder outside it"


class PerturbError(CrosscheckError):
    """A perturbation request the user can fix; the CLI prints it on one line."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Change:
    """One in-place edit: ``text[start:end]`` of the clean article becomes
    ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Perturbation:
    """One injected error, in terms of the clean article's offsets."""

    type: str
    claim: Claim
    change: Change
    new_text: str  # the claim's words after the change
    new_value: float | str | None
    partners: tuple[Claim, ...] = ()
    list_span: tuple[int, int] | None = None  # count: the list the count counts

    @property
    def article(self) -> str:
        return self.claim.article


@dataclass
class PerturbedCorpus:
    """The corrupted articles and the gold findings of the errors injected in them."""

    articles: list[Article]
    findings: list[dict]
    perturbations: list[Perturbation]
    requested: int
    candidates: Counter = field(default_factory=Counter)
    seed: int = 0
    types: tuple[str, ...] = PERTURBATIONS
    sources: list[str] = field(default_factory=list)
    load_errors: list[str] = field(default_factory=list)

    @property
    def by_type(self) -> Counter:
        return Counter(f["perturbation"] for f in self.findings)

    @property
    def cross_article(self) -> int:
        return sum(1 for f in self.findings if f["cross_article"])

    def gold_document(self) -> dict:
        return {
            "schema": GOLD_SCHEMA,
            "story": (
                f"perturbed corpus: {len(self.findings)} injected errors in "
                f"{len(self.articles)} articles (seed {self.seed})"
            ),
            "articles": [
                {"id": a.id, "path": f"{a.id}.txt", "published": a.published}
                for a in self.articles
            ],
            "claims": [],
            "findings": self.findings,
            "traps": [],
            "perturb": {
                "seed": self.seed,
                "types": list(self.types),
                "requested": self.requested,
                "injected": len(self.findings),
                "by_type": dict(sorted(self.by_type.items())),
                "cross_article": self.cross_article,
                "candidates": dict(sorted(self.candidates.items())),
                "sources": self.sources,
            },
        }


# --------------------------------------------------------------------------- helpers

_MANTISSA = re.compile(
    r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d|,\d|\.\d)"
)
_SIMPLE_NUMBER_WORD = re.compile(
    r"\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|"
    r"three|four|five|six|seven|eight|nine))?|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
    r"nineteen)\b",
    re.I,
)
_UNIT_WORDS = {v: k for k, v in UNITS.items()}
_TEN_WORDS = {v: k for k, v in TENS.items()}
_ORDINAL_WORDS = {v: k for k, v in ORDINALS.items() if v <= 20}
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAY_RE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I
)
_DAY_TOKEN = re.compile(r"(?<![\d-])(\d{1,2})(st|nd|rd|th)?(?!\d)")
_MONTH_TOKEN = re.compile(rf"\b{MONTH}(?![a-z])")
_QUARTER_TOKEN = re.compile(
    r"\b(?:(first|second|third|fourth|1st|2nd|3rd|4th)|Q([1-4]))\b", re.I
)
_RANK_NO = re.compile(r"(?:\bNo\.|#|\bNumber)\s?(\d{1,3})\b")
_RANK_DIGITS = re.compile(r"\b(\d{1,3})(st|nd|rd|th)\b", re.I)
_RANK_WORD = re.compile(rf"(?<![\w-])({ORDINAL_WORD})\b", re.I)
# Items of a list: capitalised names ("Huaylla Alta", "the Atlas", "Port Ellis").
_ITEM = r"(?:the\s+)?[A-Z][\w'’.&-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’.&-]*){0,4}"
_LIST_RE = re.compile(rf"{_ITEM}(?:\s*,\s*{_ITEM})*\s*,?\s+(?:and|or)\s+{_ITEM}")
_OPEN_TAIL = re.compile(
    r"^\s*(?:,?\s*(?:and|or)\s+(?:other|others|more)\b|,?\s*etc\b)", re.I
)
_DAY_SOURCES = ("mdy", "dmy", "iso", "weekday_date", "date_weekday")
_DATE_SOURCES = (*_DAY_SOURCES, "weekday", "month_year", "month_alone", "quarter")


def iso_day(value: object) -> dt.date | None:
    """The day an ISO value names, or None (a month, a yearless '--10-23', …)."""
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def claim_uid(c: Claim) -> tuple[str, int, int, str]:
    return (c.article, c.start, c.end, c.type)


def like_case(word: str, model: str) -> str:
    """``word`` in the capitalisation of ``model`` ("fourth" like "Second")."""
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word.lower()


def number_word(n: int) -> str | None:
    """3 -> 'three', 42 -> 'forty-two'; None outside 1..99."""
    if 0 < n < 20:
        return _UNIT_WORDS[n]
    if 20 <= n < 100:
        tens = _TEN_WORDS[n // 10 * 10]
        return tens if n % 10 == 0 else f"{tens}-{_UNIT_WORDS[n % 10]}"
    return None


def ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def format_like(original: str, value: float) -> str:
    """``value`` written as ``original`` is: decimals, thousands separators."""
    decimals = len(original.split(".", 1)[1]) if "." in original else 0
    plain = original.replace(",", "")
    comma = "," in original or (float(plain) < 1000 <= value)
    if decimals:
        return f"{value:,.{decimals}f}" if comma else f"{value:.{decimals}f}"
    return f"{round(value):,}" if comma else str(round(value))


def rounding_step(original: str) -> float:
    """The unit ``original`` is rounded to: 0.1 for '3.3', 100 for '1,400'."""
    if "." in original:
        return 10.0 ** -len(original.split(".", 1)[1])
    digits = original.replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0"))
    return 10.0 ** min(zeros, len(digits) - 1)


def locate_number(text: str) -> tuple[int, int, bool] | None:
    """(start, end, is_word) of the single number a claim's words hold, or None when
    there is none or more than one (ranges, "24 of the top 100")."""
    digits = list(_MANTISSA.finditer(text))
    if len(digits) == 1:
        return digits[0].start(), digits[0].end(), False
    if digits:
        return None
    words = list(_SIMPLE_NUMBER_WORD.finditer(text))
    if len(words) == 1:
        return words[0].start(), words[0].end(), True
    return None


def find_count_list(text: str, claim: Claim) -> tuple[int, int] | None:
    """The list of exactly ``claim.value`` items in the claim's sentence, or None."""
    if not claim.numeric or float(claim.value) != int(claim.value):
        return None
    want = int(claim.value)
    s_start, s_end = claim.sentence
    if s_end <= s_start:
        return None
    found = []
    for m in _LIST_RE.finditer(text, s_start, s_end):
        start, end = m.span()
        if text[end - 1] == "." and not re.search(r"\b[A-Z][a-z]{0,2}\.$", m.group()):
            end -= 1  # the full stop ends the sentence, not an abbreviation ("Co.")
        if start < claim.end and claim.start < end:
            continue
        if _OPEN_TAIL.match(text[end : end + 20]):
            continue
        parts = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", text[start:end])
        items = [p for p in parts if p.strip()]
        if len(items) == want and end - start <= MAX_SPAN:
            found.append((start, end))
    return found[0] if len(found) == 1 else None


def _quantity_at(text: str, pos: int) -> dict | None:
    from pipeline.nlp.quantities import find_quantities

    for q in find_quantities(text):
        if q["num_start"] <= pos < q["num_end"]:
            return q
    return None


def _compatible(a: Claim, b: Claim) -> bool:
    from pipeline.checks.numeric import compatible

    return compatible(a, b)


def _same_number(a: Claim, b: Claim) -> bool:
    if not (a.numeric and b.numeric):
        return False
    if math.isclose(float(a.value), float(b.value), rel_tol=1e-9, abs_tol=1e-12):
        return True
    return _compatible(a, b)


def _change_family(c: Claim) -> str:
    return c.change if c.change in ("up", "down") else "level"


# --------------------------------------------------------------------------- builders


def perturb_number(
    claim: Claim, rng: random.Random, partners: Sequence[Claim] = ()
) -> Perturbation | None:
    """Scale the claim's number so that no statement of the fact admits it."""
    if claim.type not in NUMERIC_TYPES or not claim.numeric:
        return None
    where = locate_number(claim.text)
    if where is None:
        return None
    a, b, is_word = where
    token = claim.text[a:b]
    mantissa = parse_number(token)
    if not mantissa or mantissa <= 0:
        return None
    if re.fullmatch(r"1[89]\d\d|20\d\d", token) and claim.unit is None:
        return None  # a year read as a number: "by 2030" is no figure to scale
    scale = float(claim.value) / mantissa
    if scale <= 0 or abs(math.log10(scale) - round(math.log10(scale))) > 1e-6:
        return None  # the value is not this number times a power of ten
    before = _quantity_at(claim.text, a)
    if before is None or not math.isclose(
        before["value"], float(claim.value), rel_tol=1e-6
    ):
        return None
    up = [1.5, 1.35, 1.7, 2.0, 2.5, 3.0]
    down = [0.6, 0.7, 0.5, 0.4]
    rng.shuffle(up)
    rng.shuffle(down)
    bound = claim.change in (">", "<")
    if bound and not partners:
        return None
    if claim.change == ">":
        factors = up
    elif claim.change == "<":
        factors = down
    else:
        factors = up + down if rng.random() < 0.5 else down + up
    ceiling = (
        100.0 if claim.unit == "percent" and _change_family(claim) == "level" else None
    )
    step = 1.0 if is_word else rounding_step(token)
    for factor in factors:
        new = round(mantissa * factor / step) * step
        if new <= 0 or math.isclose(new, mantissa):
            continue
        if ceiling is not None and mantissa <= ceiling < new * scale:
            continue
        if is_word:
            word = number_word(int(new))
            if word is None:
                continue
            replacement = like_case(word, token)
        else:
            replacement = format_like(token, new)
        new_text = claim.text[:a] + replacement + claim.text[b:]
        after = _quantity_at(new_text, a)
        if after is None or any(
            after[k] != before[k] for k in ("type", "unit", "change")
        ):
            continue
        if math.isclose(after["value"], before["value"], rel_tol=1e-9):
            continue
        changed = replace(
            claim,
            text=new_text,
            value=after["value"],
            low=after["low"],
            high=after["high"],
        )
        # A bound moved further ("more than 2,100" for "more than 1,400") still
        # admits the truth unless another statement pins the value; so a bound must
        # exclude what the other statements say, and a bound nobody pins is left.
        checked = partners if bound else (claim, *partners)
        if any(_compatible(changed, other) for other in checked):
            continue
        return Perturbation(
            "number",
            claim,
            Change(claim.start + a, claim.start + b, replacement),
            new_text,
            after["value"],
            tuple(partners),
        )
    return None


def _date_read(text: str, claim: Claim, change: Change | None, base: dt.date | None):
    """(value, granularity) the extractor reads at the claim, in its sentence, with
    ``change`` applied; None when it reads no date there."""
    from pipeline.nlp.dates import find_dates

    s0, s1 = claim.sentence
    if not (s0 <= claim.start and claim.end <= s1):
        s0, s1 = max(0, claim.start - 200), min(len(text), claim.end + 200)
    window = text[s0:s1]
    pos = claim.start - s0
    if change is not None:
        a, b = change.start - s0, change.end - s0
        window = window[:a] + change.replacement + window[b:]
        pos = min(pos, a)
    for d in find_dates(window, base):
        if d["start"] <= pos < d["end"]:
            return d["value"], d["granularity"]
    return None


def _first_day(value: str) -> dt.date | None:
    from pipeline.nlp.normalize import iso_bounds

    try:
        return iso_bounds(value)[0]
    except (ValueError, KeyError):
        return None


def perturb_date(
    claim: Claim,
    rng: random.Random,
    text: str,
    base: dt.date | None,
    cutoff: dt.date | None = None,
    partners: Sequence[Claim] = (),
) -> Perturbation | None:
    """Move a day, month or quarter within its own written format.

    Args:
        claim: a date claim; ``text`` is its article's text.
        base: the date the article's relative dates resolve against.
        cutoff: the dateline's date; a date on or before it is not moved past it.
        partners: other statements of the same date (the new one must differ).
    """
    if claim.type != "date" or not isinstance(claim.value, str):
        return None
    source = claim.get("source")
    if source not in _DATE_SOURCES or claim.granularity not in (
        "day",
        "month",
        "quarter",
    ):
        return None
    options: list[tuple[int, int, str]] = []  # (start, end, replacement) in claim.text
    article_text, text = text, claim.text
    if source in _DAY_SOURCES and claim.granularity == "day":
        day_match = None
        if source == "iso":
            day_match = re.search(r"(\d{1,2})()$", text)
        else:
            for m in _DAY_TOKEN.finditer(text):
                day_match = m
                break
        if day_match is None:
            return None
        token = day_match.group(1)
        old = iso_day(claim.value)
        if old is None or int(token) != old.day:
            return None
        if claim.get("weekday"):
            shifts = [-7, 7, -14, 14]
        else:
            back, ahead = [-2, -3, -4, -5, -6], [2, 3, 4, 5, 6]
            rng.shuffle(back)
            rng.shuffle(ahead)
            shifts = back + ahead
        for shift in shifts:
            new = old + dt.timedelta(days=shift)
            if new.month != old.month:
                continue
            digits = (
                f"{new.day:02d}"
                if len(token) == 2 and token.startswith("0")
                else str(new.day)
            )
            suffix = day_match.group(2) or ""
            if suffix:
                suffix = like_case(ordinal_suffix(new.day), suffix)
            options.append((day_match.start(), day_match.end(), digits + suffix))
    elif source == "weekday":
        m = _WEEKDAY_RE.search(text)
        if m is None:
            return None
        days = [d for d in WEEKDAYS if d != m.group().lower()]
        rng.shuffle(days)
        options = [(m.start(), m.end(), like_case(d, m.group())) for d in days]
    elif source in ("month_year", "month_alone"):
        m = _MONTH_TOKEN.search(text)
        if m is None:
            return None
        old_month = month_number(m.group())
        shifts = [-1, -2, -3, 1, 2, 3]
        rng.shuffle(shifts)
        for shift in sorted(shifts, key=lambda s: s > 0):
            month = old_month + shift
            if not 1 <= month <= 12:
                continue
            full = _MONTH_NAMES[month - 1]
            if m.group() in _MONTH_NAMES:
                word = full
            elif m.group().endswith("."):
                word = full if len(full) <= 4 else full[:3] + "."
            else:
                word = full[:3]
            options.append((m.start(), m.end(), word))
    elif source == "quarter":
        m = _QUARTER_TOKEN.search(text)
        if m is None:
            return None
        old_q = int(m.group(2)) if m.group(2) else (ordinal_value(m.group(1)) or 0)
        quarters = [q for q in (1, 2, 3, 4) if q != old_q]
        rng.shuffle(quarters)
        for q in quarters:
            if m.group(2):
                options.append((m.start(2), m.end(2), str(q)))
            elif m.group(1)[0].isdigit():
                options.append((m.start(1), m.end(1), f"{q}{ordinal_suffix(q)}"))
            else:
                options.append(
                    (m.start(1), m.end(1), like_case(_ORDINAL_WORDS[q], m.group(1)))
                )
    if _date_read(article_text, claim, None, base) != (claim.value, claim.granularity):
        return None  # the sentence alone does not give the claim's reading
    old_first = _first_day(claim.value)
    for a, b, replacement in options:
        change = Change(claim.start + a, claim.start + b, replacement)
        read = _date_read(article_text, claim, change, base)
        if read is None or read[1] != claim.granularity:
            continue
        value = read[0]
        if value == claim.value or any(value == p.value for p in partners):
            continue
        first = _first_day(value)
        if first is None or old_first is None:
            continue
        if cutoff is not None and old_first <= cutoff < first:
            continue  # moving past the dateline would be a second, unlabelled error
        new_text = text[:a] + replacement + text[b:]
        return Perturbation("date", claim, change, new_text, value, tuple(partners))
    return None


def perturb_weekday(claim: Claim, rng: random.Random) -> Perturbation | None:
    """Name a weekday that the full date next to it does not fall on."""
    stated = claim.get("weekday")
    if claim.type != "date" or not stated or claim.granularity != "day":
        return None
    day = iso_day(claim.value)
    if day is None:
        return None
    actual = WEEKDAYS[day.weekday()]
    if stated != actual:
        return None  # already wrong: not a clean statement to corrupt
    m = _WEEKDAY_RE.search(claim.text)
    if m is None or m.group().lower() != stated:
        return None
    name = rng.choice([d for d in WEEKDAYS if d != actual])
    replacement = like_case(name, m.group())
    new_text = claim.text[: m.start()] + replacement + claim.text[m.end() :]
    return Perturbation(
        "weekday",
        claim,
        Change(claim.start + m.start(), claim.start + m.end(), replacement),
        new_text,
        claim.value,
    )


def perturb_rank(
    claim: Claim, rng: random.Random, partners: Sequence[Claim] = ()
) -> Perturbation | None:
    """Replace the ordinal of a rank by another one in the same form."""
    if claim.type != "rank" or claim.list_size is not None or not claim.numeric:
        return None
    text = claim.text
    old = int(claim.value)
    m = _RANK_NO.search(text) or _RANK_DIGITS.search(text) or _RANK_WORD.search(text)
    if m is None:
        return None
    token = m.group(1)
    form = "word" if token.isalpha() else ("no" if m.re is _RANK_NO else "digits")
    value = (
        int(token)
        if form == "no"
        else ordinal_value(m.group(0) if form == "digits" else token)
    )
    if value != old:
        return None
    deltas = [2, 3, -2, -3]
    rng.shuffle(deltas)
    for delta in [*deltas, 1, -1]:
        new = old + delta
        if new < 1 or any(int(p.value) == new for p in partners):
            continue
        if new == 1 and text[m.end() : m.end() + 1] == "-":
            continue  # "first-busiest" is not English: the busiest is "busiest"
        if form == "word":
            if new not in _ORDINAL_WORDS:
                continue
            replacement = like_case(_ORDINAL_WORDS[new], token)
            a, b = m.span(1)
        elif form == "digits":
            replacement = f"{new}{like_case(ordinal_suffix(new), m.group(2))}"
            a, b = m.span()
        else:
            replacement = str(new)
            a, b = m.span(1)
        new_text = text[:a] + replacement + text[b:]
        change = Change(claim.start + a, claim.start + b, replacement)
        return Perturbation("rank", claim, change, new_text, new, tuple(partners))
    return None


def perturb_count(claim: Claim, text: str, rng: random.Random) -> Perturbation | None:
    """Change a count whose sentence lists exactly that many items."""
    if claim.type != "count" or claim.change != "=" or not claim.numeric:
        return None
    if (
        claim.get("count_in_list")
        or claim.get("streak")
        or claim.measure_key == "streak"
    ):
        return None
    value = float(claim.value)
    if value != int(value) or not 2 <= value <= 12:
        return None
    where = locate_number(claim.text)
    if where is None:
        return None
    list_span = find_count_list(text, claim)
    if list_span is None:
        return None
    a, b, is_word = where
    token = claim.text[a:b]
    if parse_number(token) != value:
        return None
    options = [int(value) + d for d in (-1, 1, -2, 2)]
    rng.shuffle(options)
    for new in options:
        if not 2 <= new <= 12:
            continue
        replacement = like_case(number_word(new), token) if is_word else str(new)
        new_text = claim.text[:a] + replacement + claim.text[b:]
        change = Change(claim.start + a, claim.start + b, replacement)
        return Perturbation(
            "count", claim, change, new_text, float(new), list_span=list_span
        )
    return None


def perturb_placeholder(claim: Claim, rng: random.Random) -> Perturbation | None:
    """Leave an unfilled mark where the number was, its unit words kept."""
    if claim.type not in NUMERIC_TYPES or not claim.numeric:
        return None
    where = locate_number(claim.text)
    if where is None:
        return None
    a, b, _ = where
    mark = rng.choice(PLACEHOLDER_MARKS)
    new_text = claim.text[:a] + mark + claim.text[b:]
    return Perturbation(
        "placeholder",
        claim,
        Change(claim.start + a, claim.start + b, mark),
        new_text,
        None,
    )


# --------------------------------------------------------------------------- corpus


def _file_id(raw: str) -> str:
    """An article id usable as a file name (the loader reads the id back from it)."""
    safe = re.sub(r"[^\w.-]+", "_", raw).strip("._") or "article"
    return safe


def prepare_articles(articles: Iterable[Article]) -> list[Article]:
    """Articles as they will be written: ids safe as file names, and a header line
    carrying the publication date when only metadata (a JSONL field) held it."""
    out: list[Article] = []
    seen: set[str] = set()
    for a in articles:
        ident = _file_id(a.id)
        n = 1
        while ident in seen:
            n += 1
            ident = f"{_file_id(a.id)}-{n}"
        seen.add(ident)
        text = a.text
        if a.published and find_published(text)[0] != a.published:
            text = f"Published: {a.published}\n\n{text}"
        out.append(make_article(ident, a.path, text, "utf-8", published=a.published))
    return out


def cycle_articles(
    articles: Sequence[Article], count: int
) -> list[tuple[Article, int]]:
    """``count`` articles cycling over ``articles``: (article, index of its source).

    The first pass keeps the ids; later passes are copies named ``<id>-copy-K``.
    """
    out = []
    for i in range(count):
        k, source = divmod(i, len(articles))
        a = articles[source]
        out.append((a if k == 0 else replace(a, id=f"{a.id}-copy-{k}"), source))
    return out


def _eligible(c: Claim) -> bool:
    return c.role == "body"


class _Selector:
    """Chooses perturbations under the corpus rules (see the module docstring)."""

    def __init__(
        self,
        articles: list[Article],
        sources: list[int],
        claims: dict[str, list[Claim]],
        rng: random.Random,
    ):
        self.articles = {a.id: a for a in articles}
        self.source_of = {a.id: s for a, s in zip(articles, sources, strict=True)}
        self.claims = claims
        self.rng = rng
        self.keep = 2  # statements of a changed fact locked for its slot 2
        self.edited: set[tuple] = set()
        self.locked: set[tuple] = set()
        self.lock_keys: set[tuple] = set()
        self.sentences: set[tuple] = set()
        self.changes: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.locked_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.by_key: dict[tuple, list[Claim]] = defaultdict(list)
        self.by_copy: dict[tuple, list[Claim]] = defaultdict(list)
        for article_claims in claims.values():
            for c in article_claims:
                key = self.fact_key(c)
                if key is not None:
                    self.by_key[key].append(c)
                self.by_copy[self.copy_key(c)].append(c)

    def copy_key(self, c: Claim) -> tuple:
        return ("copy", self.source_of[c.article], c.start, c.end, c.type)

    @staticmethod
    def fact_key(c: Claim) -> tuple | None:
        """What a statement is about: equal keys and values state the same fact."""
        if not _eligible(c) and c.role != "title":
            return None
        if c.type in NUMERIC_TYPES and c.numeric:
            if c.subject_key and c.measure_key:
                keys = (c.subject_key, c.measure_key, c.period, c.unit)
                return ("number", c.type, *keys, _change_family(c))
        elif c.type == "date" and c.subject_key:
            return ("date", c.subject_key, c.measure_key, c.granularity)
        elif c.type == "rank" and c.subject_key and c.list_size is None and c.numeric:
            return ("rank", c.subject_key, c.ranking, c.period)
        return None

    def partners(self, c: Claim) -> list[Claim]:
        """Unedited statements of the same fact, in any article."""
        found: dict[tuple, Claim] = {}
        key = self.fact_key(c)
        pool = list(self.by_copy[self.copy_key(c)])
        if key is not None:
            pool += self.by_key[key]
        for other in pool:
            uid = claim_uid(other)
            if uid == claim_uid(c) or uid in self.edited or uid in found:
                continue
            if other.type != c.type:
                continue
            same = (
                _same_number(c, other)
                if c.type in NUMERIC_TYPES
                else other.value == c.value
            )
            if same:
                found[uid] = other
        return sorted(found.values(), key=lambda o: (o.article, o.start))

    def to_lock(self, c: Claim, partners: Sequence[Claim]) -> list[Claim]:
        """The statements kept intact for slot 2: a few, those in other articles
        first, then those in copies. The rest stay free for per-article errors (a
        placeholder, say); slot 2 lists whichever of them are still unedited."""
        source = self.source_of[c.article]

        def rank(o: Claim) -> tuple:
            return (self.source_of[o.article] == source, o.article == c.article)

        return sorted(partners, key=rank)[: self.keep]

    def free(self, c: Claim, change: Change | None = None) -> bool:
        uid = claim_uid(c)
        if uid in self.edited or uid in self.locked:
            return False
        if (c.article, tuple(c.sentence)) in self.sentences:
            return False
        if change is not None:
            for s, e in self.locked_spans[c.article]:
                if change.start < e and s < change.end:
                    return False
        return True

    def try_build(self, kind: str, c: Claim) -> Perturbation | None:
        if not self.free(c):
            return None
        article = self.articles[c.article]
        partners: list[Claim] = []
        lock_key = None
        if kind in VALUE_TYPES:
            lock_key = self.fact_key(c) or self.copy_key(c)
            if lock_key in self.lock_keys:
                return None
            partners = self.partners(c)
        p = build_perturbation(
            kind, c, article.text, self.rng, partners=partners, article=article
        )
        if p is None or not self.free(c, p.change):
            return None
        self.edited.add(claim_uid(c))
        self.sentences.add((c.article, tuple(c.sentence)))
        self.changes[c.article].append((p.change.start, p.change.end))
        if lock_key is not None:
            self.lock_keys.add(lock_key)
        for other in self.to_lock(c, p.partners):
            self.locked.add(claim_uid(other))
            self.locked_spans[other.article].append((other.start, other.end))
        if p.list_span is not None:
            self.locked_spans[c.article].append(p.list_span)
        return p


def build_perturbation(
    kind: str,
    claim: Claim,
    text: str,
    rng: random.Random,
    *,
    partners: Sequence[Claim] = (),
    article: Article | None = None,
) -> Perturbation | None:
    """The perturbation of ``kind`` for one claim of an article, or None when the
    claim does not lend itself to it.

    Args:
        kind: one of PERTURBATIONS.
        claim: the claim to corrupt (offsets into ``text``).
        text: the article's clean text.
        rng: the seeded random source.
        partners: other statements of the same fact (the new value must contradict
            every one of them).
        article: the article, for the date the relative dates resolve against and the
            dateline a moved date must not pass.
    """
    if kind not in PERTURBATIONS:
        raise PerturbError(
            PerturbErrors.P001.format(name=kind, expected=", ".join(PERTURBATIONS))
        )
    if not _eligible(claim):
        return None
    if kind == "number":
        if claim.type == "count" and find_count_list(text, claim):
            return None  # a count of a listed set is the count type's to change
        return perturb_number(claim, rng, partners)
    if kind == "date":
        base = article.base_date if article else None
        cutoff = None
        if article and article.dateline and article.dateline.date:
            cutoff = dt.date.fromisoformat(article.dateline.date)
        elif base is not None:
            cutoff = base
        return perturb_date(claim, rng, text, base, cutoff, partners)
    if kind == "weekday":
        return perturb_weekday(claim, rng)
    if kind == "rank":
        return perturb_rank(claim, rng, partners)
    if kind == "count":
        return perturb_count(claim, text, rng)
    return perturb_placeholder(claim, rng)


def _shift(changes: Sequence[Change], pos: int) -> int:
    """Where offset ``pos`` of the clean text lands once ``changes`` are applied."""
    return pos + sum(
        len(c.replacement) - (c.end - c.start) for c in changes if c.end <= pos
    )


def apply_changes(text: str, changes: Sequence[Change]) -> str:
    """The text with non-overlapping ``changes`` applied (offsets of the clean text)."""
    out = []
    pos = 0
    for c in sorted(changes, key=lambda c: c.start):
        if c.start < pos:
            raise ValueError(f"overlapping changes at {c.start}")
        out.append(text[pos : c.start])
        out.append(c.replacement)
        pos = c.end
    out.append(text[pos:])
    return "".join(out)


def map_span(changes: Sequence[Change], start: int, end: int) -> tuple[int, int]:
    """A span of the clean text in the changed text; a change inside it counts."""
    for c in changes:
        inside = start <= c.start and c.end <= end
        apart = c.end <= start or end <= c.start
        if not (inside or apart):
            raise ValueError(f"span {start}-{end} cuts change {c.start}-{c.end}")
    return _shift(changes, start), _shift(changes, end)


def _rule(p: Perturbation, partnered: bool) -> str:
    if p.type == "weekday":
        return "weekday_mismatch"
    if p.type == "count":
        return "count_list_mismatch"
    if p.type == "placeholder":
        return "placeholder"
    named = {
        "number": "value_mismatch",
        "date": "event_date_mismatch",
        "rank": "rank_mismatch",
    }
    return named[p.type] if partnered else f"changed_{p.type}"


def _span(article: str, text: str, start: int, end: int) -> dict:
    return {"article": article, "start": start, "end": end, "text": text[start:end]}


def _untouched(c: Claim, changes: Sequence[Change]) -> bool:
    return all(ch.end <= c.start or c.end <= ch.start for ch in changes)


def gold_findings(
    perturbations: Sequence[Perturbation],
    texts: dict[str, str],
    changes: dict[str, list[Change]],
) -> list[dict]:
    """Gold findings for applied perturbations, with offsets into the new texts.

    Slot 2 of a value change lists the statements of the fact that no change touched.
    """
    findings = []
    for n, p in enumerate(perturbations, start=1):
        partners = [o for o in p.partners if _untouched(o, changes[o.article])]
        art = p.article
        mine = changes[art]
        if p.type == "placeholder":
            start = _shift(mine, p.change.start)
            first = _span(art, texts[art], start, start + len(p.change.replacement))
            expected = p.change.replacement
        else:
            first = _span(art, texts[art], *map_span(mine, p.claim.start, p.claim.end))
            expected = p.new_text
        if first["text"] != expected:
            raise PerturbError(PerturbErrors.P009.format(span=first, text=expected))
        slots = [[first]]
        if partners:
            slots.append(
                [
                    _span(
                        o.article,
                        texts[o.article],
                        *map_span(changes[o.article], o.start, o.end),
                    )
                    for o in partners
                ]  # fmt: skip
            )
            for o, span in zip(partners, slots[1], strict=True):
                if span["text"] != o.text:
                    raise PerturbError(
                        PerturbErrors.P009.format(span=span, text=o.text)
                    )
        if p.list_span is not None:
            slots.append([_span(art, texts[art], *map_span(mine, *p.list_span))])
        cross = any(s["article"] != art for slot in slots[1:] for s in slot)
        cross = cross and p.type in VALUE_TYPES
        for slot in slots:
            for s in slot:
                if not 0 < len(s["text"]) <= MAX_SPAN:
                    raise PerturbError(
                        PerturbErrors.P009.format(span=s, text=s["text"])
                    )
        findings.append(
            {
                "id": f"perturb-{n:05d}-{p.type}",
                "kind": KIND_OF[p.type],
                "rule": _rule(p, bool(partners)),
                "scope": "across" if cross else "within",
                "note": f"{p.type}: '{p.claim.text}' changed to '{p.new_text}'",
                "perturbation": p.type,
                "cross_article": cross,
                "original": p.claim.text,
                "replacement": p.new_text,
                "slots": slots,
            }
        )
    return findings


def _extract_claims(
    articles: Sequence[Article], model: str | None
) -> list[list[Claim]]:
    from pipeline.extract import extract
    from pipeline.nlp.pipeline import build_nlp

    nlp = build_nlp(model)
    return [list(facts.claims) for facts in extract(nlp, articles)]


def perturb_articles(
    articles: Sequence[Article],
    *,
    errors: int | None = None,
    seed: int = 0,
    types: Sequence[str] = PERTURBATIONS,
    count: int | None = None,
    model: str | None = None,
) -> PerturbedCorpus:
    """Inject labelled errors into clean articles.

    Args:
        articles: the clean articles (as loaded by ``load_corpus``).
        errors: how many errors to inject over the corpus (default one per article);
            fewer are injected when the articles do not offer that many.
        seed: the random seed; the same seed gives the same corpus.
        types: the perturbation types to use (PERTURBATIONS by default); they take
            turns, so each gets about the same share while it has candidates.
        count: make a corpus of this many articles by cycling over the inputs.
        model: the spaCy model to extract claims with.

    Returns:
        The corrupted articles and their gold findings.

    Raises:
        PerturbError: an unknown type, a negative number of errors or articles, or
            no articles at all.
    """
    types = tuple(types)
    for name in types:
        if name not in PERTURBATIONS:
            raise PerturbError(
                PerturbErrors.P001.format(name=name, expected=", ".join(PERTURBATIONS))
            )
    if errors is not None and errors < 0:
        raise PerturbError(PerturbErrors.P002.format(value=errors))
    if count is not None and count < 1:
        raise PerturbError(PerturbErrors.P003.format(value=count))
    if not articles:
        raise PerturbError(PerturbErrors.P007.format(count=0))
    base = prepare_articles(articles)
    extracted = _extract_claims(base, model)
    cycled = cycle_articles(base, count or len(base))
    corpus = [a for a, _ in cycled]
    sources = [s for _, s in cycled]
    claims: dict[str, list[Claim]] = {}
    for a, s in cycled:
        claims[a.id] = [
            c if c.article == a.id else replace(c, article=a.id) for c in extracted[s]
        ]
    target = len(corpus) if errors is None else errors
    rng = random.Random(seed)
    selector = _Selector(corpus, sources, claims, rng)
    ordered = [
        c for a in corpus for c in sorted(claims[a.id], key=lambda c: (c.start, c.end))
    ]
    pools: dict[str, list[Claim]] = {}
    candidates: Counter = Counter()
    for kind in PERTURBATIONS:
        if kind not in types:
            continue
        pool = [c for c in ordered if _eligible(c) and _plausible(kind, c)]
        rng.shuffle(pool)
        pools[kind] = pool
        candidates[kind] = len(pool)
    chosen: list[Perturbation] = []
    iterators = {kind: iter(pool) for kind, pool in pools.items()}
    active = [kind for kind in PERTURBATIONS if kind in pools]
    while len(chosen) < target and active:
        for kind in list(active):
            if len(chosen) >= target:
                break
            for c in iterators[kind]:
                p = selector.try_build(kind, c)
                if p is not None:
                    chosen.append(p)
                    break
            else:
                active.remove(kind)
    changes: dict[str, list[Change]] = defaultdict(list)
    for p in chosen:
        changes[p.article].append(p.change)
    for mine in changes.values():
        mine.sort(key=lambda c: c.start)
    new_articles = []
    for a in corpus:
        text = apply_changes(a.text, changes[a.id]) if changes[a.id] else a.text
        new_articles.append(
            make_article(a.id, f"{a.id}.txt", text, "utf-8", published=a.published)
        )
    texts = {a.id: a.text for a in new_articles}
    return PerturbedCorpus(
        articles=new_articles,
        findings=gold_findings(chosen, texts, changes),
        perturbations=chosen,
        requested=target,
        candidates=candidates,
        seed=seed,
        types=types,
        sources=sorted({str(a.path) for a in articles}),
    )


def _plausible(kind: str, c: Claim) -> bool:
    """A cheap filter before a perturbation is attempted."""
    if kind in ("number", "placeholder"):
        return (
            c.type in NUMERIC_TYPES
            and c.numeric
            and not (
                c.get("count_in_list") or c.get("streak") or c.measure_key == "streak"
            )
        )
    if kind == "date":
        return c.type == "date" and c.get("source") in _DATE_SOURCES
    if kind == "weekday":
        return c.type == "date" and bool(c.get("weekday"))
    if kind == "rank":
        return c.type == "rank" and c.list_size is None
    return c.type == "count" and c.change == "="


# --------------------------------------------------------------------------- files


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def check_output_folder(
    out: Path, force: bool = False, inputs: Iterable[str] = ()
) -> None:
    """Refuse to write where a perturbed corpus does not belong.

    Args:
        out: the output folder.
        force: allow a folder that is not empty.
        inputs: the input paths (files or folders) and the articles' paths.

    Raises:
        PerturbError: ``out`` is under a gold set, holds an input, lies inside an input
            folder (the next run over that folder would read it), is a file, or is
            not empty (unless ``force``).
    """
    resolved = out.resolve()
    for folder in (resolved, *resolved.parents):
        if folder.name == "gold" or (folder / "thresholds.json").is_file():
            raise PerturbError(PerturbErrors.P005.format(path=out))
    if resolved.exists() and not resolved.is_dir():
        raise PerturbError(PerturbErrors.P008.format(path=out))
    for raw in inputs:
        if not raw or str(raw) == "-":
            continue
        given = Path(raw).resolve()
        if _inside(given, resolved):
            raise PerturbError(PerturbErrors.P006.format(path=out, article=raw))
        if given.is_dir() and _inside(resolved, given):
            raise PerturbError(PerturbErrors.P012.format(path=out, folder=raw))
    if resolved.is_dir() and any(resolved.iterdir()) and not force:
        raise PerturbError(PerturbErrors.P004.format(path=out))


def write_perturbed(
    corpus: PerturbedCorpus, out: str | Path, force: bool = False
) -> Path:
    """Write the articles as ``OUT/<id>.txt`` and the labels as ``OUT/gold.json``.

    With ``force``, articles named by an earlier ``OUT/gold.json`` are removed first
    (other files are left alone). Returns the path of gold.json.
    """
    from pipeline.report import atomic_write

    out = Path(out)
    check_output_folder(out, force, corpus.sources)
    out.mkdir(parents=True, exist_ok=True)
    old = out / "gold.json"
    if force and old.is_file():
        try:
            previous = json.loads(old.read_text("utf-8"))
        except (OSError, json.JSONDecodeError):
            previous = {}
        for entry in previous.get("articles", []):
            stale = (out / str(entry.get("path", ""))).resolve()
            if stale.is_file() and stale.parent == out.resolve():
                stale.unlink()
    for a in corpus.articles:
        with open(out / f"{a.id}.txt", "w", encoding="utf-8", newline="") as fh:
            fh.write(a.text)
    atomic_write(
        old, json.dumps(corpus.gold_document(), indent=1, ensure_ascii=False) + "\n"
    )
    return old


def perturb_paths(
    paths: Sequence[str | Path],
    out: str | Path,
    *,
    errors: int | None = None,
    seed: int = 0,
    types: Sequence[str] = PERTURBATIONS,
    count: int | None = None,
    model: str | None = None,
    force: bool = False,
) -> PerturbedCorpus:
    """Load articles, inject errors and write the corpus with its gold.json.

    Raises:
        PerturbError: bad arguments, an output folder that must not be written, or no
            readable input.
    """
    out = Path(out)
    corpus = load_corpus([str(p) for p in paths])
    check_output_folder(
        out, force, [*map(str, paths), *(a.path for a in corpus.articles)]
    )
    if not corpus.articles:
        reasons = "; ".join(e.reason for e in corpus.errors[:3])
        message = PerturbErrors.P007.format(count=len(paths))
        raise PerturbError(f"{message}: {reasons}" if reasons else message)
    perturbed = perturb_articles(
        corpus.articles, errors=errors, seed=seed, types=types, count=count, model=model
    )
    perturbed.load_errors = [e.reason for e in corpus.errors]
    write_perturbed(perturbed, out, force=force)
    return perturbed


# --------------------------------------------------------------------------- recall


def _gold_path(gold_file: str | Path) -> Path:
    path = Path(gold_file)
    if path.is_dir():
        path = path / "gold.json"
    if not path.is_file():
        raise PerturbError(PerturbErrors.P010.format(path=gold_file))
    return path


def _matched_ids(source, path: Path) -> set[str]:
    from pipeline.evaluate import score_findings
    from pipeline.gold import load_gold_file

    gold = load_gold_file(path)
    ids = {g.id for g in gold.findings}
    if isinstance(source, (str, Path)):
        source = json.loads(Path(source).read_text("utf-8"))
    if not isinstance(source, dict):  # a RunResult, or anything holding findings
        scored = score_findings(list(source.findings), gold.findings, gold.traps)
        return ids - {m["id"] for m in scored["misses"]}
    wanted = {a.id for a in gold.articles}
    if "sets" in source:
        blocks = list(source["sets"].values())
    else:
        blocks = [source]
    misses: set[str] = set()
    covered = False
    for block in blocks:
        if not wanted <= set(block.get("articles", [])):
            continue
        findings = block.get("findings", block)
        if "misses" not in findings:
            continue
        covered = True
        misses |= {m["id"] for m in findings["misses"]}
    if not covered:
        raise PerturbError(PerturbErrors.P011.format(path=path))
    return ids - misses


def _rate(ids: Iterable[str], matched: set[str]) -> dict:
    ids = list(ids)
    hit = sum(1 for i in ids if i in matched)
    return {
        "gold": len(ids),
        "matched": hit,
        "recall": round(hit / len(ids), 4) if ids else None,
    }


def recall_by_perturbation(evaluation_or_result, gold_file: str | Path) -> dict:
    """Recall on a perturbed corpus, per perturbation type and for cross-article errors.

    Matching is the scoring contract's, done by ``pipeline.evaluate.score_findings``
    (directly for a run result, or as recorded in an evaluation's misses).

    Args:
        evaluation_or_result: a ``RunResult`` of the corpus, the dict ``crosscheck
            eval`` writes (``eval.json``, or its path) or one set's evaluation.
        gold_file: the corpus's gold.json, or the folder holding it.

    Returns:
        ``{"overall", "by_perturbation": {type: …}, "cross_article", "within_article",
        "cross_article_by_perturbation": {type: …}}``, each ``{"gold", "matched",
        "recall"}`` (recall None where there is nothing to find).
    """
    path = _gold_path(gold_file)
    labels = json.loads(path.read_text("utf-8")).get("findings", [])
    matched = _matched_ids(evaluation_or_result, path)
    by_type: dict[str, list[str]] = defaultdict(list)
    cross_by_type: dict[str, list[str]] = defaultdict(list)
    for f in labels:
        kind = f.get("perturbation", f.get("kind"))
        by_type[kind].append(f["id"])
        if f.get("cross_article"):
            cross_by_type[kind].append(f["id"])
    order = [k for k in PERTURBATIONS if k in by_type] + sorted(
        set(by_type) - set(PERTURBATIONS)
    )
    return {
        "overall": _rate((f["id"] for f in labels), matched),
        "by_perturbation": {k: _rate(by_type[k], matched) for k in order},
        "cross_article": _rate(
            (f["id"] for f in labels if f.get("cross_article")), matched
        ),
        "within_article": _rate(
            (f["id"] for f in labels if not f.get("cross_article")), matched
        ),
        "cross_article_by_perturbation": {
            k: _rate(cross_by_type[k], matched) for k in order if cross_by_type[k]
        },
    }


def render_recall(stats: dict) -> str:
    """A plain-text table of :func:`recall_by_perturbation`'s result."""

    def row(name: str, r: dict) -> str:
        recall = "   -  " if r["recall"] is None else f"{r['recall']:.3f}"
        return f"{name:<28} {recall:>7} {r['matched']:>8} {r['gold']:>6}"

    lines = [f"{'perturbation':<28} {'recall':>7} {'matched':>8} {'gold':>6}"]
    for kind, r in stats["by_perturbation"].items():
        lines.append(row(kind, r))
    for kind, r in stats["cross_article_by_perturbation"].items():
        lines.append(row(f"{kind} (cross-article)", r))
    lines.append(row("cross-article", stats["cross_article"]))
    lines.append(row("within one article", stats["within_article"]))
    lines.append(row("all", stats["overall"]))
    return "\n".join(lines)


def measure_recall(folder: str | Path, model: str | None = None) -> dict:
    """Run the pipeline over a perturbed folder as one batch and score it."""
    from pipeline.gold import load_gold_file
    from pipeline.run import process

    path = _gold_path(folder)
    gold = load_gold_file(path)
    result = process(load_corpus([str(a.path) for a in gold.articles]), model)
    return recall_by_perturbation(result, path)


# --------------------------------------------------------------------------- CLI

# A group with no subcommands, so that `app.add_typer(perturb_app, name="perturb")`
# wires it: options may follow the paths, and the usage line names no COMMAND.
perturb_app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"allow_interspersed_args": True},
    subcommand_metavar="",
    help="Make a corpus with labelled errors injected in place (gold format).",
)


def parse_types(raw: str) -> tuple[str, ...]:
    names = tuple(t.strip().lower() for t in raw.split(",") if t.strip())
    for name in names:
        if name not in PERTURBATIONS:
            raise PerturbError(
                PerturbErrors.P001.format(name=name, expected=", ".join(PERTURBATIONS))
            )
    return names or PERTURBATIONS


@perturb_app.callback(invoke_without_command=True)
def perturb_command(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Clean articles: .txt, .jsonl or folders of them."),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="New folder for the articles and gold.json.")
    ],
    errors: Annotated[
        int | None,
        typer.Option(
            "--errors", help="Errors to inject in all (default: one per article)."
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    types: Annotated[
        str, typer.Option("--types", help="Comma-separated perturbation types.")
    ] = ",".join(PERTURBATIONS),
    articles: Annotated[
        int | None,
        typer.Option(
            "--articles", help="Cycle over the inputs to make this many articles."
        ),
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy model.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a folder that is not empty.")
    ] = False,
    measure: Annotated[
        bool,
        typer.Option("--measure", help="Then run the pipeline on it and print recall."),
    ] = False,
) -> None:
    """Inject labelled errors (number, date, weekday, rank, count, placeholder) into
    clean articles; write them with OUT/gold.json for `crosscheck eval --gold OUT`."""
    try:
        chosen = parse_types(types)
        if errors is not None and errors < 0:
            raise PerturbError(PerturbErrors.P002.format(value=errors))
        if articles is not None and articles < 1:
            raise PerturbError(PerturbErrors.P003.format(value=articles))
        corpus = perturb_paths(
            paths, out, errors=errors, seed=seed, types=chosen, count=articles,
            model=model, force=force,
        )  # fmt: skip
    except CrosscheckError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    except OSError as err:
        typer.echo(f"error: cannot write into {out}: {err.strerror or err}", err=True)
        raise typer.Exit(2) from None
    for reason in corpus.load_errors:
        typer.echo(f"error: {reason}", err=True)
    shares = ", ".join(f"{k} {v}" for k, v in sorted(corpus.by_type.items())) or "none"
    gold_json = Path(out) / "gold.json"
    typer.echo(
        f"{len(corpus.articles)} articles, {len(corpus.findings)} errors injected "
        f"({shares}; {corpus.cross_article} cross-article) -> {gold_json}",
        err=True,
    )
    if len(corpus.findings) < corpus.requested:
        typer.echo(
            f"warning: {corpus.requested} errors asked for, the articles offered "
            f"{len(corpus.findings)}; add --articles to cycle over them",
            err=True,
        )
    if measure:
        typer.echo(render_recall(measure_recall(out, model)))
