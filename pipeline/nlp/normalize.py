"""Pure normalisers for numbers, currencies and dates (no spaCy objects).

dateparser is called only on candidate spans, always with the article's date as
RELATIVE_BASE, TIMEZONE="UTC" and English only, and cached on (text, base date).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.corpus import MONTH, month_number

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
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6,
    "m": 1e6, "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12,
    "tn": 1e12, "tln": 1e12, "lakh": 1e5, "crore": 1e7,
}  # fmt: skip

NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|"
    r"three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|a dozen|dozens?|a hundred|hundreds|a thousand|thousands)"
)
ORDINAL_WORD = r"(?:" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"


def word_to_number(text: str) -> float | None:
    """'three' -> 3, 'twenty-one' -> 21, 'a dozen' -> 12; None when not a number word."""
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
    m = re.fullmatch(r"(\w+)[- ](first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)", t)
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


# ------------------------------------------------------------------ currencies

# Symbols and names to ISO 4217. Prefix symbols are matched before the number,
# names after it.
CURRENCY_PREFIX = {
    "us$": "USD", "u.s.$": "USD", "$": "USD", "usd": "USD", "hk$": "HKD", "hkd": "HKD",
    "a$": "AUD", "aud": "AUD", "c$": "CAD", "cad": "CAD", "nz$": "NZD", "s$": "SGD",
    "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY",
    "rmb": "CNY", "cny": "CNY", "₹": "INR", "rs": "INR", "rs.": "INR", "inr": "INR",
    "₩": "KRW", "krw": "KRW", "chf": "CHF", "r$": "BRL", "brl": "BRL", "₦": "NGN",
    "ksh": "KES", "kes": "KES", "zar": "ZAR", "r": "ZAR",
}  # fmt: skip
CURRENCY_SUFFIX = {
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "yuan renminbi": "CNY",
    "u.s. dollars": "USD", "us dollars": "USD", "american dollars": "USD",
    "dollars": "USD", "dollar": "USD", "usd": "USD", "hong kong dollars": "HKD",
    "australian dollars": "AUD", "canadian dollars": "CAD", "euros": "EUR",
    "euro": "EUR", "eur": "EUR", "pounds sterling": "GBP", "pounds": "GBP",
    "pound": "GBP", "sterling": "GBP", "gbp": "GBP", "yen": "JPY", "rupees": "INR",
    "rupee": "INR", "won": "KRW", "swiss francs": "CHF", "francs": "CHF",
    "shillings": "KES", "naira": "NGN", "rand": "ZAR", "reais": "BRL", "pesos": "MXN",
    "rubles": "RUB", "roubles": "RUB", "lira": "TRY", "ringgit": "MYR", "baht": "THB",
    "dirhams": "AED", "riyals": "SAR", "cny": "CNY", "jpy": "JPY",
}  # fmt: skip

# Rough value of one unit in US dollars, for plausibility of stated conversions only
# (a stated conversion is flagged when it is off by more than a wide band).
USD_PER_UNIT = {
    "USD": 1.0, "CNY": 0.14, "HKD": 0.128, "EUR": 1.1, "GBP": 1.27, "JPY": 0.0068,
    "INR": 0.012, "KRW": 0.00073, "AUD": 0.66, "CAD": 0.73, "NZD": 0.6, "SGD": 0.75,
    "CHF": 1.13, "BRL": 0.19, "NGN": 0.00065, "KES": 0.0077, "ZAR": 0.055,
    "MXN": 0.055, "RUB": 0.011, "TRY": 0.03, "MYR": 0.22, "THB": 0.029, "AED": 0.27,
    "SAR": 0.27,
}  # fmt: skip


# ------------------------------------------------------------------ dates

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True)
class DateValue:
    value: str  # ISO at its granularity: 2023-09-25, 2023-09, 2023, 2023-W12, 2023-Q1
    granularity: str  # day, week, month, quarter, half, year
    low: str | None = None  # for ranges
    high: str | None = None

    @property
    def first_day(self) -> dt.date:
        return iso_bounds(self.low or self.value)[0]

    @property
    def last_day(self) -> dt.date:
        return iso_bounds(self.high or self.value)[1]


def iso_bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day covered by an ISO value at any granularity."""
    if "/" in value:
        a, b = value.split("/", 1)
        return iso_bounds(a)[0], iso_bounds(b)[1]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        d = dt.date.fromisoformat(value)
        return d, d
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        y, mo = int(m[1]), int(m[2])
        nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
        return dt.date(y, mo, 1), nxt - dt.timedelta(days=1)
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        d = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return d, d + dt.timedelta(days=6)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        y, q = int(m[1]), int(m[2])
        start = dt.date(y, 3 * q - 2, 1)
        end = dt.date(y + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
        return start, end
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        y, h = int(m[1]), int(m[2])
        return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if h == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))
    if m := re.fullmatch(r"(\d{4})", value):
        y = int(m[1])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    raise ValueError(f"not an ISO date value: {value!r}")


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


_ABS_MDY = re.compile(
    rf"^(?:(?P<wd>[A-Za-z]+),?\s+)?(?P<mon>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:,?\s+(?P<year>\d{{4}}))?$"
)
_ABS_DMY = re.compile(
    rf"^(?:(?P<wd>[A-Za-z]+),?\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<mon>{MONTH})(?:,?\s+(?P<year>\d{{4}}))?$"
)
_ABS_MY = re.compile(rf"^(?P<mon>{MONTH}),?\s+(?P<year>\d{{4}})$")
_ABS_M = re.compile(rf"^(?P<mon>{MONTH})$")
_ISO = re.compile(r"^(?P<year>\d{4})[-/.](?P<mon>\d{1,2})[-/.](?P<day>\d{1,2})$")
_YEAR = re.compile(r"^(?:the\s+year\s+)?(?P<year>(?:1[89]|20|21)\d{2})$")
_RANGE = re.compile(
    r"^(?:from\s+|between\s+)?(?P<a>(?:1[89]|20)\d{2})\s*(?:to|and|through|until|-|–|—)\s*"
    r"(?P<b>(?:1[89]|20)\d{2}|\d{2})$"
)
_QUARTER = re.compile(
    r"^(?:the\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|Q(?P<q>[1-4]))"
    r"(?:\s+(?:of\s+)?(?P<year>\d{4}))?$",
    re.I,
)
_HALF = re.compile(
    r"^(?:the\s+)?(?P<ord>first|second|1st|2nd)\s+half(?:\s+(?:of\s+)?(?P<year>\d{4}))?$", re.I
)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_absolute(text: str, base: dt.date | None) -> DateValue | None:
    """Absolute dates by pattern, keeping the granularity that was written."""
    t = re.sub(r"\s+", " ", text.strip())
    if m := _ISO.match(t):
        d = _safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
        return DateValue(d.isoformat(), "day") if d else None
    for pattern in (_ABS_MDY, _ABS_DMY):
        if m := pattern.match(t):
            if m["wd"] and m["wd"].lower() not in WEEKDAYS and m["wd"].lower()[:3] not in {
                w[:3] for w in WEEKDAYS
            }:
                return None
            month, day = month_number(m["mon"]), int(m["day"])
            if m["year"]:
                year = int(m["year"])
            elif base:
                year = nearest_year(month, day, base)
            else:
                return None
            d = _safe_date(year, month, day)
            return DateValue(d.isoformat(), "day") if d else None
    if m := _ABS_MY.match(t):
        return DateValue(f"{int(m['year']):04d}-{month_number(m['mon']):02d}", "month")
    if m := _ABS_M.match(t):
        if base is None or m["mon"].lower() in ("may", "march"):
            return None  # "may"/"march" alone are too often verbs
        month = month_number(m["mon"])
        return DateValue(f"{nearest_year(month, None, base):04d}-{month:02d}", "month")
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
        q = int(m["q"]) if m["q"] else ORDINALS.get(m["ord"].lower()) or int(m["ord"][0])
        year = int(m["year"]) if m["year"] else (base.year if base else None)
        if year is None:
            return None
        return DateValue(f"{year:04d}-Q{q}", "quarter")
    if m := _HALF.match(t):
        h = 1 if m["ord"].lower() in ("first", "1st") else 2
        year = int(m["year"]) if m["year"] else (base.year if base else None)
        if year is None:
            return None
        return DateValue(f"{year:04d}-H{h}", "half")
    return None


_RELATIVE_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}


def parse_relative(text: str, base: dt.date | None) -> DateValue | None:
    """Relative expressions dateparser gets wrong or leaves out."""
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
    if m := re.fullmatch(r"(this|last|next|the previous|the past|a) (year|month|week)( earlier| ago| before)?", t):
        which, unit, suffix = m[1], m[2], m[3]
        if which == "a" and not suffix:
            return None
        shift = {"this": 0, "last": -1, "the previous": -1, "the past": -1, "next": 1, "a": -1}[which]
        if unit == "year":
            return DateValue(f"{base.year + shift:04d}", "year")
        if unit == "month":
            y, mo = base.year, base.month + shift
            if mo == 0:
                y, mo = y - 1, 12
            elif mo == 13:
                y, mo = y + 1, 1
            return DateValue(f"{y:04d}-{mo:02d}", "month")
        return DateValue(format_at(base + dt.timedelta(weeks=shift), "week"), "week")
    if m := re.fullmatch(r"(this|last|next) (monday|tuesday|wednesday|thursday|friday|saturday|sunday)", t):
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
        # News convention: a bare weekday is the most recent one (today counts).
        delta = -((base.weekday() - WEEKDAYS.index(t)) % 7)
        return DateValue((base + dt.timedelta(days=delta)).isoformat(), "day")
    if m := re.fullmatch(r"(a few|several|(?:\w+)) (day|week|month|year)s? (ago|earlier|before)", t):
        n = word_to_number(m[1]) if m[1] not in ("a few", "several") else None
        unit = m[2]
        if n is None:
            # "a few days ago": an approximate period; keep the granularity coarse.
            gran = {"day": "week", "week": "month", "month": "year", "year": "year"}[unit]
            approx = base - dt.timedelta(days=3 * _RELATIVE_UNITS[unit])
            return DateValue(format_at(approx, gran), gran)
        if unit == "year":
            return DateValue(f"{base.year - int(n):04d}", "year")
        if unit == "month":
            months = base.year * 12 + base.month - 1 - int(n)
            return DateValue(f"{months // 12:04d}-{months % 12 + 1:02d}", "month")
        d = base - dt.timedelta(days=int(n) * _RELATIVE_UNITS[unit])
        return DateValue(format_at(d, unit if unit == "week" else "day"), "day" if unit == "day" else unit)
    return None


_DATEPARSER_SETTINGS = {
    "TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DATES_FROM": "past",
    "STRICT_PARSING": False,
}


@lru_cache(maxsize=1)
def _date_data_parser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings=_DATEPARSER_SETTINGS)


@lru_cache(maxsize=65536)
def parse_date_text(text: str, base: dt.date | None) -> DateValue | None:
    """Normalise a date expression against ``base`` (the article's date).

    Patterns first (they keep the written granularity and never invent a year),
    then dateparser for the rest, with RELATIVE_BASE=base.
    """
    value = parse_absolute(text, base) or parse_relative(text, base)
    if value:
        return value
    if base is None:
        return None
    if not re.search(r"[A-Za-z]", text) or len(text) > 60:
        return None
    if re.search(r"\b(in a row|consecutive|straight|running|old|aged?|previous|decades?|centur(?:y|ies))\b", text, re.I):
        return None  # durations and ages are not dates
    from dateparser.date import DateDataParser

    settings = dict(_DATEPARSER_SETTINGS)
    settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    parser = DateDataParser(languages=["en"], settings=settings)
    try:
        data = parser.get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if not data or data.date_obj is None:
        return None
    gran = data.period if data.period in ("day", "week", "month", "year") else "day"
    return DateValue(format_at(data.date_obj.date(), gran), gran)
