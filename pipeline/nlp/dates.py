"""Date mentions: candidates from our own patterns and spaCy DATE entities, normalised
against the article's date with granularity kept (see normalize.parse_date_text)."""

from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.corpus import MONTH
from pipeline.nlp._extensions import install_extensions
from pipeline.nlp.normalize import WEEKDAYS, parse_date_text

WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_Y = r"(?:1[89]|20|21)\d{2}"

# Ordered: the first pattern that claims a stretch of text wins over later ones.
DATE_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "weekday_date",
        re.compile(
            rf"\b(?P<wd>{WEEKDAY}),?\s+(?:(?P<a>{MONTH}\s+{_DAY}(?:,?\s+{_Y})?)"
            rf"|(?P<b>(?:the\s+)?{_DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{_Y})?))(?![\w])"
        ),
    ),
    (
        "date_weekday",
        re.compile(
            rf"\b(?P<a>{MONTH}\s+{_DAY}(?:,?\s+{_Y})?|{_DAY}\s+{MONTH}(?:,?\s+{_Y})?)"
            rf"\s*\((?P<wd>{WEEKDAY})\)"
        ),
    ),
    ("mdy", re.compile(rf"\b{MONTH}\s+{_DAY}(?:,?\s+{_Y})?(?![\w:])")),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{_Y})?(?![\w])")),
    ("iso", re.compile(rf"\b{_Y}[-/.]\d{{1,2}}[-/.]\d{{1,2}}\b")),
    (
        "year_range",
        re.compile(
            rf"\b(?:from|between)\s+{_Y}\s+(?:to|and|through|until)\s+{_Y}\b"
            rf"|\b{_Y}\s*(?:-|–|—)\s*(?:{_Y}|\d{{2}})\b(?![-/.]\d)"
            rf"|\b{_Y}\s+(?:to|through)\s+{_Y}\b"
        ),
    ),
    ("month_year", re.compile(rf"\b{MONTH},?\s+{_Y}\b")),
    (
        "quarter",
        re.compile(
            rf"\b(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|half)"
            rf"(?:\s+(?:of\s+)?{_Y})?\b|\bQ[1-4]\s+{_Y}\b",
            re.I,
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?:(?:this|last|next|the past)\s+(?:year|month|week)"
            r"|a\s+(?:year|month|week)\s+(?:earlier|ago|before)"
            r"|(?:a few|several|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
            r"(?:days?|weeks?|months?|years?)\s+(?:ago|earlier)"
            rf"|(?:last|this|next)\s+{WEEKDAY}"
            r"|yesterday|today|tomorrow)\b",
            re.I,
        ),
    ),
    ("weekday", re.compile(rf"\b{WEEKDAY}\b")),
    (
        "month_alone",
        re.compile(
            rf"(?:\b(?:in|as of|since|by|until|during|from|through|early|late|mid-?)\s+)"
            rf"(?P<a>(?:January|February|March|April|May|June|July|August|September|October"
            rf"|November|December))\b(?!\s+\d)"
        ),
    ),
    ("year", re.compile(rf"(?<![\w$€£¥.,/-]){_Y}(?![\w%]|[.,]\d|[-/]\d)")),
]

# Words after a bare year that make it a count, not a date ("2000 people").
_COUNT_AFTER_YEAR = re.compile(
    r"^\s+(?!(?:and|or|to|the|in|at|on|for|with|as|when|after|before|was|were|is|are|"
    r"had|has|have|will|would|[A-Z]))[a-z]+s\b"
)
_DURATION_AFTER = re.compile(
    r"^\s*(?:in a row|consecutive|straight|running|old\b|-year-old)", re.I
)


def find_dates(text: str, base: dt.date | None, entities=(), skip=()) -> list[dict]:
    """Date mentions in ``text``.

    Args:
        text: the article text.
        base: the article's date (relative expressions resolve against it).
        entities: (start, end) of spaCy DATE entities, used for what no pattern covers.
        skip: (start, end) regions to ignore (header, non-English text).

    Returns:
        dicts with start, end, text, value, granularity, low, high, weekday, source.
    """
    taken: list[tuple[int, int]] = [tuple(r) for r in skip]
    mentions: list[dict] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for name, pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if name == "month_alone":
                start, end = m.span("a")
            if not free(start, end):
                continue
            surface = text[start:end]
            if name == "year":
                if _COUNT_AFTER_YEAR.match(text[end : end + 30]):
                    continue
                if re.search(r"[\d,.]\s*$|No\.\s*$|#\s*$", text[max(0, start - 3) : start]):
                    continue
            if _DURATION_AFTER.match(text[end : end + 20]):
                continue
            weekday = None
            parse_text = surface
            if name in ("weekday_date", "date_weekday"):
                weekday = m["wd"].lower()
                parse_text = m["a"] or m["b"]
            value = parse_date_text(parse_text, base)
            if value is None:
                continue
            taken.append((start, end))
            mentions.append(
                {
                    "start": start,
                    "end": end,
                    "text": surface,
                    "value": value.value,
                    "granularity": value.granularity,
                    "low": value.low,
                    "high": value.high,
                    "weekday": weekday,
                    "source": name,
                    "explicit_year": bool(re.search(_Y, parse_text)),
                }
            )
    for start, end in entities:
        if not free(start, end):
            continue
        surface = text[start:end]
        if re.search(r"\b(in a row|consecutive|straight|running|old|aged?|long)\b", surface, re.I):
            continue
        if re.fullmatch(r"[\d\s,.]+", surface) or len(surface) > 60:
            continue
        value = parse_date_text(surface, base)
        if value is None:
            continue
        taken.append((start, end))
        mentions.append(
            {
                "start": start,
                "end": end,
                "text": surface,
                "value": value.value,
                "granularity": value.granularity,
                "low": value.low,
                "high": value.high,
                "weekday": None,
                "source": "spacy",
                "explicit_year": bool(re.search(_Y, surface)),
            }
        )
    mentions.sort(key=lambda d: d["start"])
    return mentions


def weekday_of(iso: str) -> str:
    return WEEKDAYS[dt.date.fromisoformat(iso).weekday()]


class DateExtractor:
    """Writes ``doc._.cc_dates``."""

    def __init__(self, nlp: Language, name: str, *, use_entities: bool = True):
        install_extensions()
        self.name = name
        self.use_entities = use_entities

    def __call__(self, doc: Doc) -> Doc:
        base = dt.date.fromisoformat(doc._.cc_base_date) if doc._.cc_base_date else None
        ents = (
            [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
            if self.use_entities
            else []
        )
        skip = list(doc._.cc_skip or [])
        doc._.cc_dates = find_dates(doc.text, base, ents, skip)
        return doc


@Language.factory(
    "cc_dates",
    default_config={"use_entities": True},
    requires=["doc.ents"],
    assigns=["doc._.cc_dates"],
)
def make_date_extractor(nlp: Language, name: str, *, use_entities: bool) -> DateExtractor:
    return DateExtractor(nlp, name, use_entities=use_entities)
