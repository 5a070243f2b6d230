"""Dating: when an article was written, and what that makes of the dates it states.

One module owns every decision about an article's own date, so corpus loading,
extraction, re-dating and the checks agree:

- the publication date in the header (:func:`find_published`, any common form) or
  given by the caller (:func:`clean_published`);
- the dateline with its span and date (:func:`find_dateline`): its year is stated,
  taken from the publication date, or guessed from the years the body mentions;
- the base date relative expressions resolve against (:func:`base_of`): the
  publication date, else the dateline's, else a **stand-in year** for an article that
  states no year anywhere (:data:`STAND_IN_YEAR`): its day-and-month dates can still
  be compared with each other, but the stand-in year itself is never shown. A
  :class:`BaseDate` says whether its year is known;
- values resolved in the stand-in year are written without it (:func:`stated_value`):
  ISO 8601's yearless ``--MM-DD`` and ``--MM``, or nothing for a quarter, a year or a
  week ("3 May, year not stated" in messages, :func:`describe`);
- re-dating from the story (:func:`story_dates`, :func:`story_dateline`): an article
  whose dateline year was only guessed takes the year that puts it nearest the other
  articles of its story.

"LONDON, 3 May" and "LONDON, 3rd May" are read by one parser
(:func:`pipeline.lexicon.calendar.day_and_month`) wherever a dateline's day and month
are needed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pipeline.lexicon.calendar import (
    COMPARISON_PHRASE,
    MONTH,
    NOT_A_CLOCK,
    day_and_month,
    month_number,
)

if TYPE_CHECKING:  # corpus imports this module; the types only are needed here
    from pipeline.corpus import Article

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "MONTH",
    "STAND_IN_YEAR",
    "BaseDate",
    "Dateline",
    "base_of",
    "body_years",
    "clean_published",
    "day_month",
    "describe",
    "find_dateline",
    "find_published",
    "is_date_claim",
    "may_redate",
    "month_number",
    "period_value",
    "resolve_year",
    "stated_value",
    "story_dateline",
    "stand_in_mentions",
    "story_dates",
    "unstated_periods",
    "yearless_claim",
]

# Publication dates outside these years are misreadings (or would overflow the date
# arithmetic that resolves "last year" against them).
MIN_YEAR, MAX_YEAR = 1800, 2199

# The stand-in year of an article that states no year anywhere (a dateline "LONDON,
# 3 May" over a body saying "on 12 May"). A leap year, so 29 February resolves.
STAND_IN_YEAR = 2000

# ------------------------------------------------------------------ datelines

# A dateline's year stands on its line and is no clock time ("2000 GMT"). Older wire
# copy writes it in two digits ("Jan. 13, '90", "12 Jul 89 (PRAVDA)-"): then with an
# apostrophe, or right before the agency or the dash that ends the dateline.
_DATELINE_YEAR = (
    rf"(?:,?[^\S\n]+(?P<year>\d{{4}}{NOT_A_CLOCK}|['’]\d{{2}}(?!\d)"
    r"|\d{2}(?=[^\S\n]*[(/–—-])))"
)
# A two-digit year from this one on is of the 1900s, below it of the 2000s.
TWO_DIGIT_PIVOT = 50
# A dateline opens a paragraph: a place in capitals or title case, optionally a date,
# optionally the agency in brackets or slashes, then a dash.
_DATELINE_DATE = (
    rf"(?P<date>(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?{_DATELINE_YEAR}?)"
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}{_DATELINE_YEAR.replace('year', 'year2')}?))"
)
# Place names are Latin script with accents ("SÃO PAULO", "ZÜRICH", "ŁÓDŹ"): an
# initial capital (checked with str.isupper in find_dateline) and Latin letters.
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f"
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
DATELINE_RE = re.compile(
    rf"(?P<line>(?P<place>[{_UP}][{_LETTER}.'’]*(?:[ -][{_UP}][{_LETTER}.'’]*){{0,4}}"
    rf"(?:,\s+[{_UP}][{_LETTER}.'’]*(?: [{_UP}][{_LETTER}.'’]*){{0,2}})?)"
    # the country in brackets after the town ("Moscow (USSR), 12 Jul 89")
    rf"(?:[^\S\n]\((?P<country>[{_UP}][{_LETTER}. ]{{1,30}})\)(?=,))?"
    rf"(?:,\s+{_DATELINE_DATE})?"
    r"\s*(?:\((?P<agency>[^()\n]{1,40})\)|/(?P<wire>[^/\n]{1,40})/)?"
    # the dash ends the dateline; the story may start right after a spaced dash
    rf"\s*(?P<dash>--|—|–|-|_)(?=\s|(?<=[\s)]-)[{_UP}]))"
)
# How far into the article a dateline may open (characters after the header).
DATELINE_WINDOW = 2500

# Header lines that carry the publication date.
_LABEL = (
    r"(?:date|dated|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|"
    r"release(?:d)?|time|发布时间|发布日期|日期|时间)"
)
_ISO_DATE = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
_HEADER_DATE_RE = re.compile(
    rf"^\s*(?:{_LABEL}\s*[:：]?\s*)?(?P<date>{_ISO_DATE}){_TIME}", re.IGNORECASE
)
_LABELLED_DATE_RE = re.compile(
    rf"^\s*{_LABEL}\s*[:：]?\s*(?P<date>.{{4,40}}?)\s*$", re.IGNORECASE
)
_YEAR_RE = re.compile(rf"(?<![\d/.-])(?P<year>(?:19|20)\d{{2}})(?![\d]){NOT_A_CLOCK}")


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str
    start: int
    end: int
    date: str | None  # ISO date, or None when the dateline carries no date
    date_start: int | None = None
    date_end: int | None = None
    year_source: str | None = None  # "stated", "published", "body", "story"

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "date": self.date,
        }


def _plausible(date: dt.date) -> str | None:
    return date.isoformat() if MIN_YEAR <= date.year <= MAX_YEAR else None


def parse_header_date(raw: str) -> str | None:
    """A publication date as a header or a caller writes it; numeric forms by hand,
    the rest with the date normaliser.

    Returns:
        the ISO date, or None for anything that is not a plausible publication date
        (a year outside MIN_YEAR..MAX_YEAR, or more words than a date has).
    """
    raw = raw.strip()
    if not raw or len(raw) > 80:
        return None
    m = re.match(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", raw)
    if m:
        try:
            return _plausible(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None
    from pipeline.nlp.normalize import parse_date_text  # pure; loads dateparser late

    raw = re.sub(
        r"[\s,]*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5})?\s*$",
        "",
        raw,
        flags=re.I,
    )
    parsed = parse_date_text(raw, None)
    if parsed and parsed.granularity == "day":
        try:
            return _plausible(dt.date.fromisoformat(parsed.value))
        except ValueError:
            return None
    return None


def clean_published(value: object) -> str | None:
    """An ISO date from a caller or a JSONL record, or None when it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _plausible(value)
    if not isinstance(value, str):
        return None
    try:
        return _plausible(dt.date.fromisoformat(value.strip()))
    except ValueError:
        return parse_header_date(value)


# Only the first lines of an article can be its header.
HEADER_LINES = 8
HEADER_CHARS = 600


def find_published(text: str) -> tuple[str | None, int]:
    """The publication date from the header lines, and where the header ends.

    Looks at the first few short lines only: a date alone on a line
    (``2025-09-05 18:38:30``), or after a label (``date 2024-04-26``,
    ``Published: March 4, 2025``, ``发布时间: 2023/10/8 15:37:00``).
    """
    pos = 0
    header_end = 0
    # Only the first lines matter: split a prefix, not a text of a million characters.
    for lineno, line in enumerate(text[:20_000].splitlines(keepends=True)):
        if lineno >= HEADER_LINES or pos > HEADER_CHARS:
            break
        stripped = line.strip()
        m = _HEADER_DATE_RE.match(line)
        if m:
            value = parse_header_date(m["date"])
            if value:
                end = pos + m.end()
                # the whole line is header when nothing but the date stands on it
                rest = line[m.end() :].strip()
                return value, (pos + len(line) if not rest else end)
        m = _LABELLED_DATE_RE.match(line)
        if m and len(stripped) < 60:
            value = parse_header_date(m["date"])
            if value:
                return value, pos + len(line)
        if re.match(r"^\s*(source|editor|by|author|web editor)\s*:", line, re.I):
            header_end = pos + len(line)
        pos += len(line)
    return None, header_end


def body_years(text: str) -> list[int]:
    """Years the text mentions as years (not inside numbers, ids or URLs)."""
    years = []
    for m in _YEAR_RE.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()].lower()
        # look back a bounded way: a text without spaces must not cost n² here
        lo = max(0, m.start() - 100)
        word_start = (
            max(text.rfind(" ", lo, m.start()), text.rfind("\n", lo, m.start()), lo - 1)
            + 1
        )
        if (
            "/" in text[word_start : m.start()]
            or "http" in text[word_start : m.start()]
        ):
            continue  # inside a URL or a path
        if re.search(r"(by|until|till|before|through)\s+$", before):
            continue  # targets and deadlines point ahead, not at the story's year
        years.append(int(m["year"]))
    return years


def _nearest(
    month: int, day: int, anchor: dt.date, later_cost: int = 1
) -> dt.date | None:
    """The date with this month and day nearest ``anchor`` (the year before, of or
    after it); a day after the anchor costs ``later_cost`` times its distance."""
    best, best_cost = None, None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        gap = (candidate - anchor).days
        cost = gap * later_cost if gap > 0 else -gap
        if best_cost is None or cost < best_cost:
            best, best_cost = candidate, cost
    return best


def resolve_year(month: int, day: int, base: dt.date) -> dt.date | None:
    """The date with this month and day nearest to ``base`` (within half a year)."""
    return _nearest(month, day, base)


def find_dateline(
    text: str, published: str | None, start_at: int = 0
) -> Dateline | None:
    """The first dateline opening a paragraph in the first part of the article.

    Args:
        text: the article text.
        published: its publication date (ISO), which gives a yearless dateline its
            year.
        start_at: where the header ends.
    """
    window = text[: min(len(text), start_at + DATELINE_WINDOW)]
    for m in DATELINE_RE.finditer(window, start_at):
        # A dateline opens a line (or follows the inline header date).
        line_start = max(
            window.rfind("\n", 0, m.start()) + 1,
            start_at if m.start() >= start_at else 0,
        )
        if window[line_start : m.start()].strip():
            continue
        place = m["place"]
        if not all(w[0].isupper() for w in re.split(r"[ ,-]+", place) if w):
            continue  # Latin Extended letters come in pairs: "ā" is not a capital
        # A title-case place needs a date to be a dateline ("The Index (GII) -" is not);
        # a place in capitals without one needs an agency ("NAIROBI, Kenya (AP) _") or
        # the wire's double dash ("SÃO PAULO --"); AP's underscore needs the agency.
        town = place.split(",")[0].replace(" ", "").replace("-", "")
        if not (
            m["date"]
            or (
                town.isupper()
                and (m["agency"] or m["wire"] or m["dash"] in ("--", "—"))
            )
        ):
            continue
        if m["dash"] == "_" and not (m["agency"] or m["wire"]):
            continue
        date_iso = None
        year_source = None
        ds = de = None
        if m["date"]:
            ds, de = m.start("date"), m.end("date")
            date_iso, year_source = dateline_date(m["date"], published, text)
        return Dateline(
            text=m["line"],
            start=m.start("line"),
            end=m.end("line"),
            date=date_iso,
            date_start=ds,
            date_end=de,
            year_source=year_source,
        )
    return None


def _stated_year(words: str) -> int | None:
    """The year a dateline's date words state: four digits, or two after an
    apostrophe or at their end ("'90", "12 Jul 89"), read about TWO_DIGIT_PIVOT."""
    four = re.search(r"(?<!\d)\d{4}(?!\d)", words)
    if four:
        return int(four[0])
    two = re.search(r"['’](\d{2})(?!\d)|(?<=\s)(\d{2})\s*$", words)
    named = day_and_month(words) if two else None
    if named is None:
        return None
    digits = two[1] or two[2]
    if digits == f"{named[1]:02d}" and not two[1]:
        return None  # "Jul 12": the day, no year
    yy = int(digits)
    return (1900 if yy >= TWO_DIGIT_PIVOT else 2000) + yy


def dateline_date(
    words: str, published: str | None, text: str
) -> tuple[str | None, str | None]:
    """The ISO date a dateline's date words give, and where its year came from:
    stated in them, the publication date's, or the latest year the body mentions.

    Returns:
        (date, year source), or (None, None) when no date can be made.
    """
    named = day_and_month(words)
    if named is None:
        return None, None
    month, day = named
    stated = _stated_year(words)
    try:
        if stated:
            value = _plausible(dt.date(stated, month, day))
            return (value, "stated") if value else (None, None)
        if published:
            resolved = resolve_year(month, day, dt.date.fromisoformat(published))
            return (resolved.isoformat(), "published") if resolved else (None, None)
        years = body_years(text)
        if years:
            return dt.date(max(years), month, day).isoformat(), "body"
    except ValueError:  # 30 February, or a year the calendar cannot hold
        return None, None
    return None, None


# ------------------------------------------------------------------ the base date


@dataclass(frozen=True, slots=True)
class BaseDate:
    """The date an article's relative expressions resolve against.

    ``year_known`` is False for the stand-in year of an article that states no year:
    its dates may be compared with each other by month and day, never shown with it.
    ``source`` says where the date came from: published, dateline (stated, header,
    body or story year) or stand-in.
    """

    date: dt.date
    year_known: bool = True
    source: str = "published"

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def _dateline_day(article: Article) -> tuple[int, int] | None:
    d = article.dateline
    if d is None or d.date_start is None:
        return None
    return day_and_month(article.text[d.date_start : d.date_end])


def base_of(article: Article) -> BaseDate | None:
    """The article's base date: its publication date, else its dateline's, else the
    dateline's month and day in the stand-in year (the last day of the stand-in year
    when there is no dated dateline either). None when the dateline's day does not
    exist in the stand-in year's calendar."""
    if article.published:
        return BaseDate(dt.date.fromisoformat(article.published), True, "published")
    d = article.dateline
    if d is not None and d.date:
        return BaseDate(
            dt.date.fromisoformat(d.date), True, f"dateline:{d.year_source}"
        )
    if d is None or d.date_start is None:
        return BaseDate(dt.date(STAND_IN_YEAR, 12, 31), False, "stand-in")
    named = _dateline_day(article)
    if named is None:
        return None
    try:
        return BaseDate(dt.date(STAND_IN_YEAR, *named), False, "stand-in")
    except ValueError:
        return None


def stated_value(value: str | None, granularity: str | None) -> str | None:
    """A value resolved in the stand-in year as the text states it: a day as
    ``--MM-DD``, a month as ``--MM`` (ISO 8601's forms without a year), anything
    whose year is all it has (a year, quarter, half, week, season; "two years ago")
    as None."""
    if not isinstance(value, str):
        return None
    if granularity == "day" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "--" + value[5:]
    if granularity == "month" and re.fullmatch(r"\d{4}-\d{2}", value):
        return "--" + value[5:]
    return None


# A mention's value was worked out from the base date when its words name no month
# and no year ("Tuesday", "yesterday", "last week", "the third quarter").
_NAMES_A_MONTH = re.compile(rf"\b{MONTH}|\b\d{{4}}\b|\d{{1,2}}[-/.]\d{{1,2}}")
_NAMES_A_WEEKDAY = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\bweek(?:end)?s?\b|\btonight\b",
    re.I,
)


def stand_in_mentions(mentions: list[dict], day_known: bool) -> list[dict]:
    """Date mentions of an article in the stand-in year, marked with what the
    stand-in date cannot give them: ``year_known`` is False unless the mention
    states its year, and ``day_known`` is False for a weekday or a week counted from
    the stand-in date (the stand-in year's calendar is not the article's) and, when
    not even the dateline's day is known, for any day or month counted from it
    ("yesterday", "last month"). Such a mention keeps its span and what it is, but
    its value says nothing (:func:`yearless_claim` writes it null).

    Args:
        mentions: ``find_dates`` output resolved against the stand-in base date.
        day_known: whether the dateline gave the base date's month and day.
    """
    marked = []
    for mention in mentions:
        words = mention["text"]
        relative = not _NAMES_A_MONTH.search(words)
        counted = relative and (
            bool(_NAMES_A_WEEKDAY.search(words))
            or (not day_known and mention["granularity"] in ("day", "month"))
        )
        marked.append(
            dict(
                mention,
                year_known=bool(mention.get("explicit_year")),
                day_known=not counted,
            )
        )
    return marked


def period_value(mention: dict) -> str | None:
    """The period a date mention gives a figure, as the text states it: its value,
    or for a mention resolved in the stand-in year its yearless form (``--05-03``,
    ``--05``) or nothing (a stand-in quarter, season or year; a weekday counted from
    the stand-in date). For the claim builder's period choice."""
    if mention.get("day_known") is False:
        return None
    if mention.get("year_known", True):
        return mention.get("value")
    return stated_value(mention.get("value"), mention.get("granularity"))


def yearless_claim(data: dict) -> dict:
    """A date claim of an article in the stand-in year, written as the text states
    it (:func:`stated_value`); the stand-in value is kept in ``extra["resolved"]``
    for comparisons. A claim whose day the stand-in date cannot give
    (``extra["day_known"]`` False: "on Thursday" under "LONDON, 3 May") has no value
    and nothing to compare. Claims whose year the text states are left alone."""
    extra = dict(data.get("extra") or {})
    value = data.get("value")
    if (
        extra.get("explicit_year")
        or not isinstance(value, str)
        or not re.match(r"\d{4}", value)
    ):
        return data
    if extra.get("day_known") is False:
        return dict(data, value=None, low=None, high=None, extra=extra)
    extra["resolved"] = value
    shown = stated_value(value, data.get("granularity"))
    return dict(data, value=shown, low=None, high=None, extra=extra)


# A period as claims.jsonl may write it: ISO at some granularity, an interval of
# two, or ISO 8601's yearless day or month, or a quarter or half of a year not
# stated ("--Q1": "in the January-March period" of an undated text).
_ISO_PERIOD = r"\d{4}(?:-(?:\d{2}(?:-\d{2})?|Q[1-4]|H[12]|W\d{2}))?"
_PERIOD_FORM = re.compile(
    rf"{_ISO_PERIOD}(?:/{_ISO_PERIOD})?|--\d{{2}}(?:-\d{{2}})?|--(?:Q[1-4]|H[12])"
)


def unstated_periods(claims: list[dict], mentions: list[dict]) -> list[dict]:
    """The periods of an article in the stand-in year as the text states them: a
    period whose year no mention states (it was counted from the stand-in year:
    "the third quarter", "a year earlier"), one taken from a date the stand-in date
    cannot give (a weekday counted from it, matched by its stated value within the
    claim's sentence), and one that is no period at all once its stand-in year is
    taken out (half of an interval: "--09/2000-08") are dropped."""
    unknown = [m for m in mentions if m.get("day_known") is False]
    stated_years = {
        m["value"][:4]
        for m in mentions
        if m.get("explicit_year") and isinstance(m.get("value"), str)
    }
    out = []
    for data in claims:
        period, sentence = data.get("period"), data.get("sentence") or (0, 0)
        if data.get("type") != "date" and period:
            counted = any(
                sentence[0] <= m["start"] < sentence[1]
                and stated_value(m["value"], m["granularity"]) == period
                for m in unknown
            )
            unstated = bool(re.match(r"\d{4}", period)) and (
                period[:4] not in stated_years
            )
            if counted or unstated or not _PERIOD_FORM.fullmatch(period):
                data = dict(data, period=None)
        out.append(data)
    return out


_YEAR_AGO = re.compile(r"^(?:an?|one)\s+(?:year|quarter|month|week)\s+ago$", re.I)
# Sources of the periods results are reported for (see nlp.dates.DATE_PATTERNS).
_FIGURE_PERIODS = ("quarter", "full_year", "latest_quarter")


def is_date_claim(data: dict) -> bool:
    """Whether a date mention is a date claim of its own, or only qualifies a figure
    whose claim carries it as its period: a comparison counted back from the
    article's date or the text's period ("a year earlier", "the year-ago quarter";
    not "last year", a date of its own) and a quarter, half or full year modifying a
    figure ("third-quarter profit", "full-year sales") are the figure's; no date
    check reads them alone."""
    if data.get("type") != "date":
        return True
    extra = data.get("extra") or {}
    if extra.get("mood") == "comparison" and (
        extra.get("source") == "same_period"
        or COMPARISON_PHRASE.search(data.get("text") or "")
        or _YEAR_AGO.match(data.get("text") or "")
    ):
        return False
    return not (
        extra.get("mood") == "period"
        and extra.get("modifies")
        and extra.get("source") in _FIGURE_PERIODS
    )


_MONTH_NAMES_SHOWN = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


def day_month(value: str) -> str:
    """'3 May' for a day value, with or without its year (``2024-05-03``,
    ``--05-03``)."""
    m = re.fullmatch(r"(?:\d{4}|-)-(\d{2})-(\d{2})", value)
    if m is None:
        raise ValueError(f"not a day value: {value!r}")
    return f"{int(m[2])} {_MONTH_NAMES_SHOWN[int(m[1]) - 1]}"


def describe(value: str, year_known: bool = True) -> str:
    """A day for a message: '3 May 2024', or '3 May, year not stated' when the value
    is yearless (``--05-03``) or its year is only the stand-in year."""
    if value.startswith("--") or not year_known:
        return f"{day_month(value)}, year not stated"
    return f"{day_month(value)} {int(value[:4])}"


# ------------------------------------------------------------------ re-dating


def may_redate(article: Article) -> bool:
    """Whether the run may change this article's base date after grouping stories:
    no publication date, and a dateline whose year was guessed or is missing."""
    d = article.dateline
    return (
        not article.published
        and d is not None
        and d.date_start is not None
        and d.year_source in ("body", None)
    )


# A story whose dated articles span more than this is a running topic (coverage over
# years), not one news event: its dates say nothing about an undated article's year.
STORY_SPAN_DAYS = 60
# A guessed dateline year is replaced only when the story's puts the dateline this
# many days away from the guess (a different year, not a slip of a few days).
REDATE_MIN_DAYS = 180


def story_dates(
    published: Iterable[tuple[str, str | None]], stories: dict[str, str]
) -> dict[str, dt.date]:
    """The median publication date of each story whose dated articles lie within
    STORY_SPAN_DAYS of each other.

    Args:
        published: (article id, ISO publication date or None) for each article.
        stories: article id -> story id.
    """
    dates: dict[str, list[dt.date]] = {}
    for article_id, day in published:
        if day:
            dates.setdefault(stories.get(article_id, article_id), []).append(
                dt.date.fromisoformat(day)
            )
    return {
        story: sorted(ds)[len(ds) // 2]
        for story, ds in dates.items()
        if (max(ds) - min(ds)).days <= STORY_SPAN_DAYS
    }


def story_dateline(article: Article, median: dt.date) -> Dateline | None:
    """The article's dateline re-dated from its story's median date, or None when
    it keeps the one it has. The new year puts the dateline's day nearest the
    median, a day after it counting double (articles are dated on or before their
    publication)."""
    if not may_redate(article):
        return None
    d = article.dateline
    named = _dateline_day(article)
    if named is None:
        return None
    resolved = _nearest(*named, median, later_cost=2)
    if resolved is None or (
        d.date
        and abs((dt.date.fromisoformat(d.date) - resolved).days) < REDATE_MIN_DAYS
    ):
        return None
    return replace(d, date=resolved.isoformat(), year_source="story")
