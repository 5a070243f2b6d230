"""Claim frames: plain, picklable records of one checkable statement.

Everything after extraction works on these, never on spaCy objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

_NUMBER_TYPES = (int, float)  # the usual case of Claim.numeric, tested first
CLAIM_TYPES = ("date", "money", "percent", "quantity", "count", "rank", "number")
CHANGES = ("=", "~", ">", "<", "up", "down")

# The keys of the claims.jsonl contract, in the order they are written.
CONTRACT_KEYS = (
    "article",
    "start",
    "end",
    "text",
    "type",
    "value",
    "low",
    "high",
    "unit",
    "change",
    "subject",
    "measure",
    "period",
)


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable statement, with offsets into its article's text.

    The contract fields come first; the rest carry what the checks need to decide
    whether two claims are comparable.
    """

    article: str
    start: int
    end: int
    text: str
    type: str
    value: float | str | None
    low: float | str | None = None
    high: float | str | None = None
    unit: str | None = None
    change: str = "="
    subject: str | None = None
    measure: str | None = None
    period: str | None = None
    # --- extensions (not in the contract, written after it) ---
    subject_key: str | None = None
    measure_key: str | None = None
    granularity: str | None = None  # date: day, week, month, quarter, year
    list_size: int | None = None  # rank / count: size of the list ("top 100")
    streak: int | None = None  # rank: held for this many consecutive periods
    ranking: str | None = None  # rank: normalised name of the ranking
    role: str = "body"  # body, dateline, title, caption
    tense: str | None = None  # past, present, future
    qualifiers: tuple[str, ...] = ()
    sentence: tuple[int, int] = (0, 0)  # offsets of the sentence holding the claim
    extra: tuple[tuple[str, object], ...] = field(default=())

    def to_dict(self) -> dict:
        out = {k: getattr(self, k) for k in CONTRACT_KEYS}
        for f in fields(self):
            if f.name in CONTRACT_KEYS:
                continue
            value = getattr(self, f.name)
            if f.name == "qualifiers":
                value = list(value)
            elif f.name == "sentence":
                value = list(value)
            elif f.name == "extra":
                value = {k: v for k, v in value}
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Claim:
        kwargs = {}
        names = {f.name for f in fields(cls)}
        for key, value in data.items():
            if key not in names:
                continue
            if key == "qualifiers":
                value = tuple(value or ())
            elif key == "sentence":
                value = tuple(value or (0, 0))
            elif key == "extra":
                value = tuple(sorted((value or {}).items()))
            kwargs[key] = value
        return cls(**kwargs)

    def get(self, key: str, default=None):
        for k, v in self.extra:
            if k == key:
                return v
        return default

    @property
    def is_range(self) -> bool:
        """A range ("$450,000 to $2.1 million", "between 5 and 6 million"): no point
        value (``value`` is None), its ends in ``low`` and ``high``."""
        return (
            self.value is None
            and type(self.low) in _NUMBER_TYPES
            and type(self.high) in _NUMBER_TYPES
        )

    @property
    def numeric(self) -> bool:
        return type(self.value) in _NUMBER_TYPES or (
            isinstance(self.value, (int, float)) and not isinstance(self.value, bool)
        )
