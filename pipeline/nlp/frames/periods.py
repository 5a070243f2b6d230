"""When a value holds.

For a figure, in this order:

1. the nearest date in its clause (``period_for``): a date that another value
   stands closer to is that value's ("rose to 2.36 billion in the quarter from 2.0
   billion a year earlier": "a year earlier" is the 2.0 billion's), unless the other
   value is a bracketed conversion of this one; a date inside a description set off
   by commas or brackets that dates a noun's origin ("the mill, built in 1887,
   was turned into 120 flats") is that noun's, not the period of the clause's
   figures;
2. a quarter named in its sentence ("third-quarter profit"), in the article's year
   (``quarter_period``);
3. the article's reporting period (``reporting_period``, over all its claims): an
   article about one quarter's results gives its figures without repeating it.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right

from pipeline.dating import period_value
from pipeline.lexicon.frames import (
    BRACKETED_CONVERSION,
    BY_THE_END_OF,
    CLAUSE_BREAK,
    COMPARISON_BEFORE,
    FROM_BEFORE,
    ORIGIN_DESCRIPTION,
    ORIGIN_DESCRIPTION_END,
    PERIOD_AFTER_PENALTY,
    PERIOD_WINDOW,
    QUARTER_OF,
    QUARTER_WORD,
    RELATIVE_TO_ANOTHER,
)
from pipeline.nlp.mentions import DateMention

FIGURE_TYPES = ("money", "count", "number", "percent", "quantity")
POSSESSIVE_AFTER = re.compile(r"['’]s?\b")
_REPORTING_PERIOD = re.compile(r"(?:\d{4}|-)-[QH][1-4]")


def quarter_in(text: str) -> int | None:
    """The quarter a text names ("third-quarter", "Q3", "July-September quarter")."""
    m = QUARTER_WORD.search(text)
    if not m:
        return None
    if m["q"]:
        return int(m["q"])
    return QUARTER_OF[(m["ord"] or m["m1"]).lower()]


def quarter_period(
    sentence_text: str, base: dt.date | None, nominal: bool = False
) -> str | None:
    """A quarter named in the sentence, in the base date's year ("2025-Q3"); without
    a known year (``nominal``: the base is in the stand-in year), the quarter alone
    ("--Q3", as ISO 8601 writes a yearless date)."""
    if base is None:
        return None
    quarter = quarter_in(sentence_text)
    if not quarter:
        return None
    return f"--Q{quarter}" if nominal else f"{base.year:04d}-Q{quarter}"


class PeriodFinder:
    """The dates of one Doc and the spans of its values, for ``period_for``."""

    def __init__(
        self,
        text: str,
        dates: list[DateMention],
        values: tuple[tuple[int, int], ...],
        nominal: bool,
    ):
        self.text = text
        self.dates = dates
        self.value_starts = [a for a, _ in values]
        self.nominal = nominal  # dates were resolved in the stand-in year

    def period_for(self, start: int, sent: tuple[int, int]) -> str | None:
        """The period of the value at ``start`` in sentence ``sent``: the nearest date
        of its clause, else None."""
        lo = max(sent[0], start - PERIOD_WINDOW)
        hi = min(sent[1], start + PERIOD_WINDOW)
        near = [
            d
            for d in self.dates
            if lo <= d.start < hi
            and d.role != "dateline"
            and not (d.start <= start < d.end)
            and not self._comparison_base(d, start)
            and not self._owned_by_other(d, start)
            and not self._dates_a_description(d, start)
        ]
        if not near:
            return None
        best = min(near, key=lambda d: self._clause_gap(d, start))
        if self._clause_gap(best, start)[0] > 0:
            return None
        return self._as_period(best)

    def _comparison_base(self, d: DateMention, start: int) -> bool:
        """A date introduced as the point of comparison ("two places lower than a
        year earlier", "compared with 2023") is not the period of a value before the
        comparison; the value in the phrase with it ("than 2003's $1.2bn", no clause
        break between) keeps it. A possessive date ("October's £3.6bn") is only the
        possessed value's."""
        if d.start > start and POSSESSIVE_AFTER.match(self.text, d.end):
            return True  # "October's £3.6bn": the date is the possessed value's
        before = self.text[max(0, d.start - 20) : d.start]
        compared = COMPARISON_BEFORE.search(before) or (
            FROM_BEFORE.search(before) and RELATIVE_TO_ANOTHER.search(d.text)
        )
        if not compared:
            return False
        if d.start < start and not re.search(r"[,;:]", self.text[d.end : start]):
            return False  # the compared value itself
        return True

    def _dates_a_description(self, d: DateMention, start: int) -> bool:
        """Whether the date is inside a description set off by commas or brackets
        that dates a noun's origin ("the mill, built in 1887, ...") and the value
        is outside it."""
        before = ORIGIN_DESCRIPTION.search(self.text[max(0, d.start - 40) : d.start])
        if before is None:
            return False
        close = ORIGIN_DESCRIPTION_END.match(self.text, d.end)
        if close is None:
            return False
        opened = d.start - (
            len(self.text[max(0, d.start - 40) : d.start]) - before.start()
        )
        return not (opened <= start < close.end())

    def _owned_by_other(self, d: DateMention, start: int) -> bool:
        """Whether another value stands between this value and the date."""
        lo, hi = (start, d.start) if d.start > start else (d.end, start)
        starts = self.value_starts
        for i in range(bisect_right(starts, lo), bisect_left(starts, hi)):
            a = starts[i]
            if a != start and not BRACKETED_CONVERSION.search(
                self.text[max(0, a - 12) : a]
            ):
                return True
        return False

    def _clause_gap(self, d: DateMention, start: int) -> tuple[int, int]:
        """(clause breaks between, distance): the nearest date of the same clause."""
        a, b = sorted((d.start, start))
        breaks = len(CLAUSE_BREAK.findall(self.text[a:b]))
        after_penalty = 0 if d.start > start else 1
        return breaks, abs(d.start - start) + after_penalty * PERIOD_AFTER_PENALTY

    def _as_period(self, d: DateMention) -> str | None:
        value = d.value
        year_known = d.more.get("year_known")
        if year_known is None:  # a component that does not say: the article's base
            year_known = d.explicit_year or not self.nominal
        value = period_value(
            {
                "value": value,
                "granularity": d.granularity,
                "year_known": year_known,
                "day_known": d.more.get("day_known"),
            }
        )
        if value is None:
            return None
        if d.granularity in ("day", "week", "month") and BY_THE_END_OF.search(
            self.text[max(0, d.start - 20) : d.start]
        ):
            value = value[:4] if not value.startswith("--") else value
        return value


def reporting_period(claims: list) -> None:
    """An article about one quarter's or half-year's results states the period once or
    twice and then gives its figures without it ("Net profit came in at 412 million
    euros"). When one quarter or half-year dominates the explicit periods of its
    figures (at least twice as often as any other), figures without a period take it,
    marked as inferred. ``claims`` are ClaimDrafts, changed in place."""
    figures = [c for c in claims if c.type in FIGURE_TYPES]
    counts: dict[str, int] = {}
    for c in figures:
        if (
            c.period
            and _REPORTING_PERIOD.fullmatch(c.period)
            and "plan" not in c.qualifiers
        ):
            counts[c.period] = counts.get(c.period, 0) + 1
    if not counts:
        return
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    period, top = ranked[0]
    if len(ranked) > 1 and ranked[1][1] * 2 > top:
        return  # no single reporting period stands out
    for c in figures:
        if (
            c.period is None
            and c.role == "body"
            and c.tense in ("past", None)
            and "plan" not in c.qualifiers
        ):
            c.period = period
            c.qualifiers = (*c.qualifiers, "period_inferred")
