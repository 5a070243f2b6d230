"""Typed mentions: what cc_dates, cc_ranks and cc_quantities found, as the claim
builder reads it.

The components write plain dicts to ``doc._.cc_dates`` / ``cc_ranks`` /
``cc_quantities`` (they pickle with the Doc and are cached); the builder turns each
into one of these dataclasses first, so no resolver reads a mention by string key.
Keys a component adds that these classes do not name yet are kept in ``more``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

M = TypeVar("M", bound="Mention")


@dataclass(slots=True)
class Mention:
    """A value's own words in the text: [start, end)."""

    start: int
    end: int
    text: str
    more: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls: type[M], data: dict) -> M:
        names = {f.name for f in fields(cls)} - {"more"}
        known = {k: v for k, v in data.items() if k in names}
        rest = {k: v for k, v in data.items() if k not in names}
        return cls(**known, more=rest)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(slots=True)
class DateMention(Mention):
    """A date or date range, normalised (see cc_dates)."""

    value: str | None = None
    granularity: str | None = None
    low: str | None = None
    high: str | None = None
    weekday: str | None = None
    source: str | None = None
    explicit_year: bool = False
    role: str = "body"  # set by the builder: body, dateline, title, caption, meta


@dataclass(slots=True)
class RankMention(Mention):
    """A rank ("third"), a list ("top 100"), a count inside a list ("24 of the top
    100") or a streak ("for the fifth consecutive year"); see cc_ranks."""

    kind: str = "rank"  # rank, list, count_in_list, streak
    value: int | None = None
    num_start: int | None = None
    num_end: int | None = None
    list_size: int | None = None
    streak_unit: str | None = None
    named: bool = False
    counted: str | None = None
    top_start: int | None = None
    top_end: int | None = None
    superlative: str | None = None
    update: bool = False
    noun: str | None = None  # set by the builder: what a list ranks

    @property
    def is_list(self) -> bool:
        return self.kind in ("list", "count_in_list")


@dataclass(slots=True)
class QuantityMention(Mention):
    """A number, money, percent or physical quantity (see cc_quantities)."""

    type: str = "number"
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    change: str = "="
    bound: str | None = None
    scale_word: str = ""
    num_start: int = 0
    num_end: int = 0
    is_word: bool = False
    unit_word: str | None = None
    duration: bool = False
