"""Pure normalisers for numbers and dates (no spaCy objects). Currencies and scale
words are data in ``pipeline.lexicon.currencies``.

dateparser is called only on candidate spans, always with the article's date as
RELATIVE_BASE, TIMEZONE="UTC" and English only, and cached on (text, base date).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateutil.easter import easter

from pipeline.guard import guarded
from pipeline.lexicon.calendar import (  # noqa: F401 - DAY_PARTS, WEEKDAYS re-exported
    DAY_PARTS,
    HOLIDAY,
    HOLIDAYS,
    MONTH,
    MONTH_NAMES,
    SEASON_START,
    SEASONS,
    WEEKDAYS,
    month_number,
)

# ------------------------------------------------------------------ number words

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "hundredth": 100,
}  # fmt: skip
FRACTIONS = {
    "half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3,
    "one-third": 1 / 3, "two-thirds": 2 / 3, "two thirds": 2 / 3, "a quarter": 0.25,
    "one quarter": 0.25, "one-quarter": 0.25, "three-quarters": 0.75,
    "three quarters": 0.75, "a fifth": 0.2, "one-fifth": 0.2, "a tenth": 0.1,
}  # fmt: skip

NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|"
    r"three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|a dozen|dozens?|a hundred|hundreds|a thousand|thousands)"
)
ORDINAL_WORD = r"(?:" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"


def word_to_number(text: str) -> float | None:
    """'three' -> 3, 'twenty-one' -> 21, 'a dozen' -> 12; None if not a number word."""
    t = text.lower().strip().replace("-", " ")
    if t in ("a dozen", "dozen"):
        return 12.0
    if t in ("a hundred",):
        return 100.0
    if t in ("a thousand",):
        return 1000.0
    if t in FRACTIONS:
        return FRACTIONS[t]
    parts = t.split()
    total = 0
    for part in parts:
        if part in UNITS:
            total += UNITS[part]
        elif part in TENS:
            total += TENS[part]
        else:
            return None
    return float(total) if parts else None


def ordinal_value(text: str) -> int | None:
    """'first' -> 1, '12th' -> 12, '2nd' -> 2."""
    t = text.lower().strip()
    if t in ORDINALS:
        return ORDINALS[t]
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", t)
    if m:
        return int(m[1])
    m = re.fullmatch(
        r"(\w+)[- ](first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)", t
    )
    if m and m[1] in TENS:
        return TENS[m[1]] + ORDINALS[m[2]]
    return None


def parse_number(text: str) -> float | None:
    """'1,400' -> 1400; '3.3' -> 3.3; 'three' -> 3. None when it is not a number."""
    t = text.strip().replace("\u2009", "").replace("\u00a0", "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+", t):
        return float(t.replace(",", ""))
    return word_to_number(t)


def decimals(text: str) -> int:
    m = re.search(r"\.(\d+)", text)
    return len(m[1]) if m else 0


# ------------------------------------------------------------------ dates

# The tense a date is spoken of in ("past", "future" or None): yearless months and
# days, weekdays and seasons resolve backwards or forwards from the article's date.
TENSES = ("past", "future")


@dataclass(frozen=True, slots=True)
class DateValue:
    # ISO at its granularity: 2023-09-25, 2023-09, 2023, 2023-W12, 2023-Q1, 2023-H1;
    # an interval for ranges, seasons, decades and centuries (2019/2023,
    # 2023-06/2023-08, 1990/1999, 1900/1999) with its ends in low and high.
    value: str
    # day, week, month, season, quarter, half, year, decade, century
    granularity: str
    low: str | None = None  # for ranges
    high: str | None = None

    @property
    def first_day(self) -> dt.date:
        return iso_bounds(self.low or self.value)[0]

    @property
    def last_day(self) -> dt.date:
        return iso_bounds(self.high or self.value)[1]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def season_bounds(year: int, code: str) -> tuple[dt.date, dt.date]:
    """First and last day of a (meteorological, northern) season: 2012-SU is Jun-Aug."""
    first = SEASON_START[code]
    last = (first + 1) % 12 + 1
    return dt.date(year, first, 1), _month_end(year + (last < first), last)


def season_value(year: int, code: str) -> DateValue:
    """A season as the interval of its months: summer 2012 is 2012-06/2012-08."""
    first, last = season_bounds(year, code)
    low, high = f"{first:%Y-%m}", f"{last:%Y-%m}"
    return DateValue(f"{low}/{high}", "season", low, high)


def span_value(first: int, last: int, granularity: str) -> DateValue:
    """Years first..last as an interval: the 1990s are 1990/1999."""
    return DateValue(
        f"{first:04d}/{last:04d}", granularity, f"{first:04d}", f"{last:04d}"
    )


def iso_bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day covered by an ISO value at any granularity (TimeML's season,
    decade and century values included: 2012-SU, 199, 19)."""
    if "/" in value:
        a, b = value.split("/", 1)
        return iso_bounds(a)[0], iso_bounds(b)[1]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        d = dt.date.fromisoformat(value)
        return d, d
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        y, mo = int(m[1]), int(m[2])
        return dt.date(y, mo, 1), _month_end(y, mo)
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        d = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return d, d + dt.timedelta(days=6)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        y, q = int(m[1]), int(m[2])
        return dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        y, h = int(m[1]), int(m[2])
        return dt.date(y, 6 * h - 5, 1), _month_end(y, 6 * h)
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        return season_bounds(int(m[1]), m[2])
    if m := re.fullmatch(r"(\d{4})", value):
        y = int(m[1])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if m := re.fullmatch(r"(\d{3})", value):  # a decade: 199 is 1990-1999
        y = int(m[1]) * 10
        return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
    if m := re.fullmatch(r"(\d{2})", value):  # a century: 19 is 1900-1999
        y = max(int(m[1]) * 100, 1)
        return dt.date(y, 1, 1), dt.date(int(m[1]) * 100 + 99, 12, 31)
    raise ValueError(f"not an ISO date value: {value!r}")


def season_of(date: dt.date) -> tuple[int, str]:
    """The season a day falls in, with the year the season is named after."""
    code = next(
        c
        for c, s in SEASON_START.items()
        if date.month in (s, s % 12 + 1, (s + 1) % 12 + 1)
    )
    year = date.year - (code == "WI" and date.month < 12)
    return year, code


def format_at(date: dt.date, granularity: str) -> str:
    if granularity == "day":
        return date.isoformat()
    if granularity == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if granularity == "week":
        y, w, _ = date.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if granularity == "quarter":
        return f"{date.year:04d}-Q{(date.month - 1) // 3 + 1}"
    if granularity == "half":
        return f"{date.year:04d}-H{1 if date.month <= 6 else 2}"
    if granularity == "season":
        return season_value(*season_of(date)).value
    if granularity == "decade":
        return span_value(
            date.year // 10 * 10, date.year // 10 * 10 + 9, "decade"
        ).value
    if granularity == "century":
        return span_value(date.year // 100 * 100, date.year // 100 * 100 + 99, "").value
    return f"{date.year:04d}"


def nearest_year(month: int, day: int | None, base: dt.date) -> int:
    """Year for a yearless month/day: the one putting the date nearest the base date."""
    best_year, best_gap = base.year, None
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            d = dt.date(year, month, day or 15)
        except ValueError:
            continue
        gap = abs((d - base).days)
        if best_gap is None or gap < best_gap:
            best_year, best_gap = year, gap
    return best_year


# A yearless month follows the tense it is spoken of in ("arrested in August" written
# in March is last August). A yearless day moves to another year only when its nearest
# reading lies more than this many days on the wrong side of the article's date: an
# event reported in the past tense two days after the dateline is a slip the date
# checks must see, not a date a year earlier.
TENSE_WINDOW_DAYS = 30


def _directed_year(
    month: int, day: int | None, base: dt.date, tense: str | None
) -> int:
    year = nearest_year(month, day, base)
    if tense not in TENSES:
        return year
    date = _safe_date(year, month, day or 15)
    if date is None:
        return year
    gap = (date - base).days
    window = TENSE_WINDOW_DAYS if day else 0
    if day is None and month == base.month:
        return base.year
    if tense == "past" and gap > window:
        return year - 1
    if tense == "future" and gap < -window:
        return year + 1
    return year


def month_year(month: int, base: dt.date, tense: str | None = None) -> int:
    """Year for a yearless month: the latest one up to the base month when spoken of
    in the past, the first one from it on in the future, else the nearest."""
    return _directed_year(month, None, base, tense)


def day_year(month: int, day: int, base: dt.date, tense: str | None = None) -> int:
    """Year for a yearless day: the nearest one, unless it lies more than
    ``TENSE_WINDOW_DAYS`` in the future for a day spoken of in the past (or the other
    way round)."""
    return _directed_year(month, day, base, tense)


def weekday_date(index: int, base: dt.date, tense: str | None = None) -> dt.date:
    """A bare weekday: the most recent one on or before the base date (news convention;
    today counts), or the next one on or after it when spoken of in the future."""
    if tense == "future":
        return base + dt.timedelta(days=(index - base.weekday()) % 7)
    return base - dt.timedelta(days=(base.weekday() - index) % 7)


def season_year(code: str, base: dt.date, which: str | None) -> int:
    """Year of a season named relative to the base date.

    ``which`` is "last" (the latest one over before the base date), "next" (the first
    one starting after it), "this" (the one holding it, else the nearest), or a
    tense ("past": the latest one begun, "future": the first one not over).
    """
    candidates = range(base.year - 2, base.year + 2)
    spans = [(y, *season_bounds(y, code)) for y in candidates]
    if which == "last":
        return max(y for y, _, end in spans if end < base)
    if which == "next":
        return min(y for y, start, _ in spans if start > base)
    if which == "past":
        return max(y for y, start, _ in spans if start <= base)
    if which == "future":
        return min(y for y, _, end in spans if end >= base)

    # "this": the one holding the base date, else the nearest one
    def gap(span: tuple[int, dt.date, dt.date]) -> int:
        _, start, end = span
        return max((start - base).days, (base - end).days, 0)

    return min(spans, key=gap)[0]


def part_year(index: int, months: int, base: dt.date, tense: str | None) -> int:
    """The year of a yearless quarter (``months`` 3) or half (6) of a year, read
    against the article's date the way results are reported: spoken of in the past,
    the latest one that has ended ("fourth-quarter profit rose" in February is last
    year's); in the future, the first one not yet over ("expects second-half sales
    to recover"); otherwise the latest one that has begun."""
    for year in (base.year, base.year - 1):
        first = dt.date(year, months * (index - 1) + 1, 1)
        last = _month_end(year, months * index)
        if tense == "past" and last < base:
            return year
        if tense != "past" and first <= base:
            return year if tense != "future" or last >= base else year + 1
    return base.year - 1 if tense != "future" else base.year


def last_quarter_ended(base: dt.date) -> tuple[int, int]:
    """(year, quarter) of the latest quarter that ended before ``base``."""
    q = (base.month - 1) // 3  # the current quarter's index minus one
    return (base.year, q) if q else (base.year - 1, 4)


# Periods of a figure that name their span: "the six months to June 30", "the nine
# months ended Sept. 30, 2024", "the year to March 31", "the 12 months through June".
_MONTHS_TO = re.compile(
    rf"^(?:the\s+)?(?:(?:first|past|last|latest)\s+)?(?P<n>{NUMBER_WORD}|\d{{1,2}})"
    rf"[\s-]+months?\s+(?:to|ended|ending|through|until)\s+(?P<end>.+)$"
    rf"|^(?:the\s+)?(?:(?:fiscal|financial)\s+)?year\s+(?:to|ended|ending)\s+"
    rf"(?P<year_end>.+)$",
    re.I,
)
# A fiscal year named by its number: "fiscal 2024", "fiscal year 2024", "FY2024",
# "FY 24", "fiscal 2023-24" (ending in the second year).
_FISCAL = re.compile(
    r"^(?:(?:fiscal|financial)(?:\s+year)?\s+|FY\s?)(?P<year>(?:19|20)\d{2}|\d{2})"
    r"(?:\s*[-/–]\s*(?P<end>(?:19|20)\d{2}|\d{2}))?$",
    re.I,
)
_WEEK_OF = re.compile(r"^the week of (?P<day>.+)$", re.I)
_PREFIXED_YEAR = re.compile(r"^(?:pre|post|mid)-(?P<year>\d{4})$", re.I)
_FULL_YEAR = re.compile(
    r"^(?:the\s+)?(?:full|whole|entire)[\s-]+year$|^year-end$|^the\s+year-end$", re.I
)
_LATEST_QUARTER = re.compile(
    r"^(?:the\s+)?(?:latest|most\s+recent|just-ended|just\s+ended|recent)\s+quarter$"
    r"|^the\s+quarter\s+just\s+ended$",
    re.I,
)


def _two_digit_year(text: str, near: int) -> int:
    """'24' -> 2024 (the century of ``near``), '1998' -> 1998."""
    return int(text) if len(text) == 4 else near // 100 * 100 + int(text)


def parse_period(
    text: str, base: dt.date | None, tense: str | None = None
) -> DateValue | None:
    """Periods a figure covers: a fiscal year ("fiscal 2024": its year), the full
    year or year-end (the year of the latest quarter ended when spoken of in the
    past, else the current year), the latest quarter, and a span that ends on a
    date ("the six months to June 30": 2024-H1; "the nine months ended Sept. 30":
    2024-01/2024-09). None when the text is none of these."""
    t = re.sub(r"\s+", " ", text.strip())
    if m := _FISCAL.match(t):
        near = base.year if base else 2000
        first = _two_digit_year(m["year"], near)
        if m["end"]:
            last = _two_digit_year(m["end"], first)
            if not 0 < last - first <= 1:
                return None
            return DateValue(
                f"{first:04d}/{last:04d}", "year", f"{first:04d}", f"{last:04d}"
            )
        return DateValue(f"{first:04d}", "year")
    if base is None:
        return None
    if _FULL_YEAR.match(t):
        year = last_quarter_ended(base)[0] if tense == "past" else base.year
        return DateValue(f"{year:04d}", "year")
    if _LATEST_QUARTER.match(t):
        year, q = last_quarter_ended(base)
        return DateValue(f"{year:04d}-Q{q}", "quarter")
    if m := _WEEK_OF.match(t):
        day = parse_absolute(m["day"], base, tense)
        if day is None or day.granularity != "day":
            return None
        return DateValue(format_at(dt.date.fromisoformat(day.value), "week"), "week")
    if m := _PREFIXED_YEAR.match(t):
        return DateValue(m["year"], "year")
    if m := _MONTHS_TO.match(t):
        if m["year_end"] is not None:
            months, words = 12, m["year_end"]
        else:
            n = parse_number(m["n"])
            if n is None or not 1 <= n <= 24 or n != int(n):
                return None
            months, words = int(n), m["end"]
        end = parse_absolute(words, base, "past")
        if end is None or end.granularity not in ("day", "month"):
            return None
        last = iso_bounds(end.value)[1]
        if last.day != _month_end(last.year, last.month).day:
            return None  # a span ending mid-month has no ISO name here
        y, mo = _shift_month(last, 1 - months)
        first = dt.date(y, mo, 1)
        return _span_of_months(first, last)
    return None


def year_back(value: DateValue) -> DateValue:
    """The same period a year earlier: 2024-Q3 -> 2023-Q3, 2024-01/2024-06 ->
    2023-01/2023-06."""

    def back(iso: str | None) -> str | None:
        return f"{int(iso[:4]) - 1:04d}{iso[4:]}" if iso else None

    if "/" in value.value:
        a, b = value.value.split("/", 1)
        return DateValue(
            f"{back(a)}/{back(b)}", value.granularity, back(value.low), back(value.high)
        )
    return DateValue(
        back(value.value), value.granularity, back(value.low), back(value.high)
    )


def _span_of_months(first: dt.date, last: dt.date) -> DateValue:
    """Whole months first..last as a quarter, a half, a year or an interval."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if first.year == last.year:
        if months == 12:
            return DateValue(f"{first.year:04d}", "year")
        if months == 6 and first.month in (1, 7):
            return DateValue(f"{first.year:04d}-H{1 + (first.month > 6)}", "half")
        if months == 3 and first.month % 3 == 1:
            return DateValue(f"{first.year:04d}-Q{first.month // 3 + 1}", "quarter")
    low, high = f"{first:%Y-%m}", f"{last:%Y-%m}"
    return DateValue(f"{low}/{high}", "month", low, high)


_ABS_MDY = re.compile(
    rf"^(?:(?P<wd>[A-Za-z]+),?\s+)?(?P<mon>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:,?\s+(?P<year>\d{{4}}))?$"
)
_ABS_DMY = re.compile(
    rf"^(?:(?P<wd>[A-Za-z]+),?\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?(?P<mon>{MONTH})(?:,?\s+(?P<year>\d{{4}}))?$"
)
_ABS_MY = re.compile(rf"^(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<year>\d{{4}})$")
_ABS_M = re.compile(rf"^(?P<mon>{MONTH})$")
# A date with an optional clock time: 2023-10-08, 2023/10/8 15:37:00, 2023-10-08T15:37.
_ISO = re.compile(
    r"^(?P<year>\d{4})[-/.](?P<mon>\d{1,2})[-/.](?P<day>\d{1,2})"
    r"(?:[T\s]+(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?$"
)
_YEAR = re.compile(r"^(?:the\s+year\s+)?(?P<year>(?:1[89]|20|21)\d{2})$")
_RANGE = re.compile(
    r"^(?:from\s+|between\s+)?(?P<a>(?:1[89]|20)\d{2})\s*(?:to|and|through|until|-|–|—)\s*"
    r"(?P<b>(?:1[89]|20)\d{2}|\d{2})$"
)
_QUARTER = re.compile(
    r"^(?:the\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:quarter|qtr)"
    r"|Q(?P<q>[1-4]))(?:,?\s+(?:of\s+)?(?:(?:fiscal|financial)\s+(?:year\s+)?)?"
    r"(?P<year>\d{4}))?$",
    re.I,
)
_HALF = re.compile(
    r"^(?:the\s+)?(?:(?P<ord>first|second|1st|2nd)[\s-]+half|H(?P<h>[12]))"
    r"(?:,?\s+(?:of\s+)?(?:(?:fiscal|financial)\s+(?:year\s+)?)?(?P<year>\d{4}))?$",
    re.I,
)
_SEASON_YEAR = re.compile(
    r"^(?:the\s+)?(?P<season>spring|summer|fall|autumn|winter),?\s+(?:of\s+)?"
    r"(?P<year>\d{4})$",
    re.I,
)
_DECADE = re.compile(
    r"^(?:the\s+)?(?:(?P<cent>1[89]|20)(?P<dec>\d)0|['’]?(?P<short>\d)0)['’]?s$"
)
_CENTURY = re.compile(
    rf"^(?:the\s+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{ORDINAL_WORD}|twenty-first)[\s-]+"
    r"century$",
    re.I,
)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_absolute(
    text: str, base: dt.date | None, tense: str | None = None
) -> DateValue | None:
    """Absolute dates by pattern, keeping the granularity that was written."""
    t = re.sub(r"\s+", " ", text.strip())
    if m := _ISO.match(t):
        d = _safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
        return DateValue(d.isoformat(), "day") if d else None
    for pattern in (_ABS_MDY, _ABS_DMY):
        if m := pattern.match(t):
            if m["wd"] and m["wd"].lower()[:3] not in {w[:3] for w in WEEKDAYS}:
                return None
            month, day = month_number(m["mon"]), int(m["day"])
            if m["year"]:
                year = int(m["year"])
            elif base:
                year = day_year(month, day, base, tense)
            else:
                return None
            d = _safe_date(year, month, day)
            return DateValue(d.isoformat(), "day") if d else None
    if m := _ABS_MY.match(t):
        return DateValue(f"{int(m['year']):04d}-{month_number(m['mon']):02d}", "month")
    if m := _ABS_M.match(t):
        # "may" and "march" in lower case are verbs; a bare abbreviation is too short
        if (
            base is None
            or not m["mon"][0].isupper()
            or m["mon"].lower() not in MONTH_NAMES
        ):
            return None
        month = month_number(m["mon"])
        return DateValue(f"{month_year(month, base, tense):04d}-{month:02d}", "month")
    if m := _YEAR.match(t):
        return DateValue(m["year"], "year")
    if m := _RANGE.match(t):
        a, b = m["a"], m["b"]
        if len(b) == 2:
            b = a[:2] + b
        if int(b) <= int(a):
            return None
        return DateValue(f"{a}/{b}", "year", a, b)
    if m := _QUARTER.match(t):
        q = (
            int(m["q"])
            if m["q"]
            else ORDINALS.get(m["ord"].lower()) or int(m["ord"][0])
        )
        if m["year"]:
            return DateValue(f"{int(m['year']):04d}-Q{q}", "quarter")
        if base is None:
            return None
        return DateValue(f"{part_year(q, 3, base, tense):04d}-Q{q}", "quarter")
    if m := _HALF.match(t):
        h = (
            int(m["h"])
            if m["h"]
            else (1 if m["ord"].lower() in ("first", "1st") else 2)
        )
        if m["year"]:
            return DateValue(f"{int(m['year']):04d}-H{h}", "half")
        if base is None:
            return None
        return DateValue(f"{part_year(h, 6, base, tense):04d}-H{h}", "half")
    if m := _SEASON_YEAR.match(t):
        return season_value(int(m["year"]), SEASONS[m["season"].lower()])
    if m := _DECADE.match(t):
        if m["short"] is not None:
            # "the '90s": the last such decade that has begun by the base date
            if base is None:
                return None
            year = base.year
            dec = (year // 100) * 10 + int(m["short"])
            if dec * 10 > year:
                dec -= 10
            return span_value(dec * 10, dec * 10 + 9, "decade")
        first = int(f"{m['cent']}{m['dec']}0")
        return span_value(first, first + 9, "decade")
    if m := _CENTURY.match(t):
        n = ordinal_value(m["ord"]) or (21 if m["ord"].lower() == "twenty-first" else 0)
        if not 1 <= n <= 30:
            return None
        return span_value(max((n - 1) * 100, 1), (n - 1) * 100 + 99, "century")
    return None


_RELATIVE_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}
_SHIFT = {
    "this": 0, "last": -1, "the previous": -1, "the past": -1, "the last": -1,
    "next": 1, "the next": 1, "the coming": 1, "a": -1,
}  # fmt: skip
_MONTH_WORD = "|".join(MONTH_NAMES)
_SEASON_WORD = "spring|summer|fall|autumn|winter"


def text_case_of(text: str, lowered: str) -> str:
    """The words of ``lowered`` (a lower-cased, space-normalised part of ``text``)
    in their case as ``text`` writes them (month names are read capitalised)."""
    spaced = re.sub(r"\s+", " ", text.strip())
    at = spaced.lower().find(lowered)
    return spaced[at : at + len(lowered)] if at >= 0 else lowered


def _shift_month(base: dt.date, months: int) -> tuple[int, int]:
    total = base.year * 12 + base.month - 1 + months
    return total // 12, total % 12 + 1


# ------------------------------------------------------------------ holidays


def holiday_date(name: str, year: int) -> dt.date | None:
    """The day a holiday (pipeline.lexicon.calendar.HOLIDAYS) falls on in a year."""
    rule = HOLIDAYS.get(re.sub(r"\s+", " ", name.lower().replace("’", "'")))
    if rule is None:
        return None
    kind = rule[0]
    if kind == "fixed":
        return dt.date(year, rule[1], rule[2])
    if kind == "easter":
        return easter(year) + dt.timedelta(days=rule[1])  # dateutil's computus
    month, weekday, n = rule[1], rule[2], rule[3]
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = _month_end(year, month)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


_HOLIDAY_TEXT = re.compile(
    rf"^(?:(?P<which>last|this|next)\s+)?(?P<name>{HOLIDAY})(?:,?\s+(?P<year>\d{{4}}))?$",
    re.I,
)


def parse_holiday(
    text: str, base: dt.date | None, tense: str | None = None
) -> DateValue | None:
    """A holiday by name: "Thanksgiving Day 1999", "last Christmas", "Easter" (the
    one the sentence points to: the latest one in the past, the next one in the
    future, else the nearest)."""
    m = _HOLIDAY_TEXT.match(re.sub(r"\s+", " ", text.strip()))
    if m is None or not m["name"][0].isupper():
        return None  # holidays are names: "christmas" in lower case is no date
    if m["year"]:
        day = holiday_date(m["name"], int(m["year"]))
        return DateValue(day.isoformat(), "day") if day else None
    if base is None:
        return None
    days = [
        d
        for y in (base.year - 1, base.year, base.year + 1)
        if (d := holiday_date(m["name"], y)) is not None
    ]
    which = (m["which"] or "").lower()
    if which == "last" or (not which and tense == "past"):
        chosen = max(
            (d for d in days if d < base or (not which and d == base)), default=None
        )
    elif which == "next" or (not which and tense == "future"):
        chosen = min(
            (d for d in days if d > base or (not which and d == base)), default=None
        )
    elif which == "this":
        chosen = next((d for d in days if d.year == base.year), None)
    else:
        chosen = min(days, key=lambda d: abs((d - base).days), default=None)
    return DateValue(chosen.isoformat(), "day") if chosen else None


def parse_relative(
    text: str, base: dt.date | None, tense: str | None = None
) -> DateValue | None:
    """Relative expressions dateparser gets wrong or leaves out (None when the shift
    would leave the calendar: "yesterday" against 1 January of year 1)."""
    try:
        return _parse_relative(text, base, tense)
    except (OverflowError, ValueError):
        return None


def _parse_relative(
    text: str, base: dt.date | None, tense: str | None = None
) -> DateValue | None:
    if base is None:
        return None
    t = re.sub(r"\s+", " ", text.strip().lower())
    t = re.sub(r"^(?:on|in|during|by|since|as of|at)\s+", "", t)
    t = re.sub(r"^the end of\s+", "", t)
    if t in ("today", "this day"):
        return DateValue(base.isoformat(), "day")
    if t == "yesterday":
        return DateValue((base - dt.timedelta(days=1)).isoformat(), "day")
    if t == "tomorrow":
        return DateValue((base + dt.timedelta(days=1)).isoformat(), "day")
    if m := re.fullmatch(
        r"(this|last|next|the previous|the past|the last|the next|the coming|a) "
        r"(?:(fiscal|financial|calendar) )?(year|month|week|quarter)"
        r"( earlier| ago| before)?",
        t,
    ):
        which, fiscal, unit, suffix = m[1], m[2], m[3], m[4]
        if (which == "a") != bool(suffix) or (fiscal and unit != "year"):
            return None
        shift = _SHIFT[which]
        if unit == "year":
            return DateValue(f"{base.year + shift:04d}", "year")
        if unit == "month":
            y, mo = _shift_month(base, shift)
            return DateValue(f"{y:04d}-{mo:02d}", "month")
        if unit == "quarter":
            y, mo = _shift_month(base, 3 * shift)
            return DateValue(format_at(dt.date(y, mo, 1), "quarter"), "quarter")
        return DateValue(format_at(base + dt.timedelta(weeks=shift), "week"), "week")
    if m := re.fullmatch(r"(.+?),? (?:of )?(this|last|next) year", t):
        year = base.year + {"this": 0, "last": -1, "next": 1}[m[2]]
        named = parse_absolute(text_case_of(text, m[1]), None)
        if named is None or named.granularity not in ("day", "month"):
            named = parse_absolute(f"{text_case_of(text, m[1])} {year}", None)
            return named if named and named.granularity in ("day", "month") else None
        return None  # the date states its own year: "May 2019 last year" is no date
    if m := re.fullmatch(rf"(this|last|next) ({_MONTH_WORD})", t):
        month = MONTH_NAMES.index(m[2]) + 1
        year = base.year
        if m[1] == "last" and month >= base.month:
            year -= 1
        elif m[1] == "next" and month <= base.month:
            year += 1
        return DateValue(f"{year:04d}-{month:02d}", "month")
    if m := re.fullmatch(
        rf"(this|last|next|the past|the coming|the|early|late|mid-?)\s*"
        rf"({_SEASON_WORD})",
        t,
    ):
        which = {"the past": "last", "the coming": "next"}.get(m[1], m[1])
        if which not in ("this", "last", "next"):
            which = tense
        code = SEASONS[m[2]]
        return season_value(season_year(code, base, which), code)
    if m := re.fullmatch(rf"(this|last|next) ({'|'.join(WEEKDAYS)})", t):
        target = WEEKDAYS.index(m[2])
        if m[1] == "next":
            delta = (target - base.weekday()) % 7 or 7
        elif m[1] == "last":
            delta = -((base.weekday() - target) % 7 or 7)
        else:
            delta = (target - base.weekday()) % 7
            if delta > 3:
                delta -= 7
        return DateValue((base + dt.timedelta(days=delta)).isoformat(), "day")
    if t in WEEKDAYS:
        return DateValue(
            weekday_date(WEEKDAYS.index(t), base, tense).isoformat(), "day"
        )
    if m := re.fullmatch(
        r"(a few|several|a couple of|\w+(?:[- ]\w+)?) (day|week|month|year|decade)s? "
        r"(ago|earlier|before|from now|hence)",
        t,
    ):
        few = m[1] in ("a few", "several", "a couple of")
        n = None if few else (1.0 if m[1] in ("a", "an") else word_to_number(m[1]))
        if n is None and not few:
            if not re.fullmatch(r"\d{1,3}", m[1]):
                return None
            n = float(m[1])
        unit = m[2]
        sign = 1 if m[3] in ("from now", "hence") else -1
        if few and unit in ("year", "decade"):
            return None  # "several years ago" is vague (PAST_REF), never a year
        if unit == "decade":
            unit, n = "year", n * 10
        if n is None:
            # "a few days ago": an approximate period; keep the granularity coarser
            # than the unit counted, at which it is still true
            gran = {"day": "week", "week": "month", "month": "year"}
            approx = base + sign * dt.timedelta(days=3 * _RELATIVE_UNITS[unit])
            return DateValue(format_at(approx, gran[unit]), gran[unit])
        n = int(n)
        if unit == "year":
            return DateValue(f"{base.year + sign * n:04d}", "year")
        if unit == "month":
            y, mo = _shift_month(base, sign * n)
            return DateValue(f"{y:04d}-{mo:02d}", "month")
        d = base + sign * dt.timedelta(days=n * _RELATIVE_UNITS[unit])
        return DateValue(format_at(d, unit), unit)
    return None


# ------------------------------------------------------------------ durations, times

# TimeML duration units: P5Y, P2W, PT24H; decades and centuries as years.
DURATION_UNITS = {
    "second": ("TS", 1), "minute": ("TM", 1), "hour": ("TH", 1), "day": ("D", 1),
    "night": ("D", 1), "week": ("W", 1), "fortnight": ("W", 2), "month": ("M", 1),
    "year": ("Y", 1), "decade": ("Y", 10), "century": ("Y", 100),
}  # fmt: skip
DURATION_UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?"
    r"|decades?|century|centuries)"
)
_VAGUE_COUNT = r"(?:a few|few|several|many|some|a couple of|a number of|numerous)"
_DURATION = re.compile(
    r"^(?:the\s+)?(?:(?P<adj>past|last|next|previous|coming|following|first|final"
    r"|remaining|recent|same)\s+)?(?:(?:almost|nearly|about|around|roughly|some|over"
    r"|under|more than|less than|at least|up to|only|just|a mere|another)\s+)?"
    rf"(?P<n>\d+(?:\.\d+)?(?:\s+[1-3]/[2-4])?|{NUMBER_WORD}|an?|{_VAGUE_COUNT})?"
    rf"(?:\s+(?:more|further|additional|extra))?[\s-]*"
    rf"(?P<unit>{DURATION_UNIT})['’]?(?:-long)?$",
    re.I,
)


def duration_value(number: float | None, unit: str) -> str:
    """TimeML value of a duration: (5, "year") -> P5Y; (None, "month") -> PXM."""
    unit = unit.lower().rstrip("s") if unit.lower() != "centuries" else "century"
    code, factor = DURATION_UNITS[unit]
    if number is None:
        code = {"Y": {10: "DE", 100: "CE"}.get(factor, "Y")}.get(code, code)
        return f"P{code[:-1]}X{code[-1]}" if code.startswith("T") else f"PX{code}"
    amount = number * factor
    if code == "TH" and not float(amount).is_integer():  # 5.5 hours is PT5H30M
        minutes = round((amount - int(amount)) * 60)
        return f"PT{int(amount)}H{minutes}M"
    shown = f"{int(amount)}" if float(amount).is_integer() else f"{amount:g}"
    return (
        f"P{code[:-1]}{shown}{code[-1]}" if code.startswith("T") else f"P{shown}{code}"
    )


def parse_duration_text(text: str) -> str | None:
    """TimeML value of a duration phrase: 'five years' -> P5Y, 'the past two years' ->
    P2Y, 'a mere 24 hours' -> PT24H, 'several days' -> PXD, 'four-week' -> P4W;
    None when the phrase is not a duration."""
    m = _DURATION.match(re.sub(r"\s+", " ", text.strip()))
    if not m:
        return None
    unit, raw = m["unit"].lower(), (m["n"] or "").lower()
    plural = unit.endswith("s") or unit == "centuries"
    if not raw:
        if not (m["adj"] or plural):
            return None  # "year" alone is no duration
        return duration_value(None if plural else 1.0, unit)
    if re.fullmatch(_VAGUE_COUNT, raw):
        return duration_value(None, unit)
    if raw in ("a", "an"):
        number = 1.0
    elif mixed := re.fullmatch(r"(\d+)\s+([1-3])/([2-4])", raw):
        number = int(mixed[1]) + int(mixed[2]) / int(mixed[3])  # "5 1/2 hours"
    else:
        number = parse_number(raw)
    if number is None:
        return None
    return duration_value(number, unit)


_CLOCK = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?)?\s*"
    r"(?P<ampm>[ap]\.?\s?m\.?)?(?:\s+[A-Z]{2,4}|\s+local time)?$",
    re.I,
)


def parse_clock(text: str) -> str | None:
    """TimeML time of day: '9:30 a.m.' -> T09:30, '8 PM' -> T20:00, '15:37:00' ->
    T15:37:00, 'noon' -> T12:00; None otherwise.

    An hour said alone is written with its minutes, as TimeML corpora write it
    ('4 a.m.' T04:00, as 'noon' is T12:00), not as an hour of reduced precision."""
    t = text.strip()
    if t.lower() in ("noon", "midday"):
        return "T12:00"
    if t.lower() == "midnight":
        return "T24:00"
    m = _CLOCK.match(t)
    if not m or (m["m"] is None and m["ampm"] is None):
        return None
    hour = int(m["h"])
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
    if hour > 24 or (m["m"] and int(m["m"]) > 59):
        return None
    out = f"T{hour:02d}:{m['m'] or '00'}"
    return out + f":{m['s']}" if m["m"] and m["s"] else out


# ------------------------------------------------------------------ dateparser

_DATEPARSER_SETTINGS = {
    "TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DATES_FROM": "past",
    "STRICT_PARSING": False,
}
# dateparser reads any month-like or weekday-like token as a date ("We" as Wednesday,
# "Jun" in a name, "may" the verb): it only sees spans naming a month (capitalised,
# abbreviations only before a number or with a full stop), a weekday or a relative word.
_DATE_WORD = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?:\.|\s+\d))"
    r"|\b(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow"
    r"|yesterday|tonight|ago|weeks?|weekend|months?|years?|fortnight)\b"
)
# Phrases that are not dates whatever dateparser makes of them: durations ("five years",
# "the past two years"), streaks, ages, comparisons ("a month earlier than usual"),
# counts of days ("the 99th day"), sports seasons and terms.
_NOT_A_DATE = re.compile(
    r"\b(?:in a row|consecutive|straight|running|old|aged?|previous|decades?"
    r"|centur(?:y|ies)|than|long|for)\b|\d(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[A-Z])",
    re.I,
)


@lru_cache(maxsize=64)
def _date_data_parser(base: dt.date):
    from dateparser.date import DateDataParser

    settings = dict(_DATEPARSER_SETTINGS)
    settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


_MODIFIER = re.compile(
    r"^(?:(?:early|late|mid|the (?:early|late|middle|beginning|start) (?:part )?of)"
    r"(?:\s*-\s*|\s+))(?=\S)",
    re.I,
)


@lru_cache(maxsize=65536)
def parse_date_text(
    text: str, base: dt.date | None, tense: str | None = None
) -> DateValue | None:
    """Normalise a date expression against ``base`` (the article's date).

    Patterns first (they keep the written granularity and never invent a year),
    then dateparser for the rest, with RELATIVE_BASE=base. A leading "early", "late"
    or "mid-" keeps the value of what it modifies (TimeML puts it in ``mod``).

    Args:
        text: the date expression.
        base: the article's date (None: absolute dates only).
        tense: "past" or "future" when the sentence tells which way a yearless date
            or a bare weekday points; None takes the nearest (weekdays: the last).

    Returns:
        the value at its written granularity, or None when it is not a date.
    """
    stripped = _MODIFIER.sub("", text.strip())
    if stripped != text.strip():
        return parse_date_text(stripped, base, tense)
    value = (
        parse_absolute(text, base, tense)
        or parse_period(text, base, tense)
        or parse_holiday(text, base, tense)
        or parse_relative(text, base, tense)
    )
    if value:
        return value
    if base is None:
        return None
    if len(text) > 60 or not _DATE_WORD.search(text) or _NOT_A_DATE.search(text):
        return None
    if re.search(rf"\b{ORDINAL_WORD}\b", text, re.I) and not re.search(
        r"\b(?:January|February|March|April|May|June|July|August|September|October"
        r"|November|December)\b",
        text,
    ):
        return None  # "a second year", "the first day": counts, not dates
    if parse_duration_text(text):
        return None  # "five years", "the past several months": durations, not dates
    # dateparser raising or hanging on one span costs that span, counted and reported
    data = guarded(
        "dateparser", _date_data_parser(base).get_date_data, text, seconds=2.0
    )
    if not data or data.date_obj is None:
        return None
    gran = data.period if data.period in ("day", "week", "month", "year") else "day"
    return DateValue(format_at(data.date_obj.date(), gran), gran)
