"""Date mentions: candidates from our own patterns and spaCy DATE entities, normalised
against the article's date with granularity kept (see normalize.parse_date_text).

``find_dates`` gives the dates a claim can carry (a day, month, season, quarter, year,
decade or a range of years). ``find_timexes`` gives every temporal expression the way
TimeML's TIMEX3 does (dates, times, durations, sets, "now"), for the TempEval-3
harness in ``pipeline.quality.te3``: durations ("five years") and sets ("annually")
are never dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import guard
from pipeline.dating import stand_in_mentions
from pipeline.lexicon.calendar import (
    FULL_MONTH,
    HOLIDAY,
    HOLIDAYS,
    MONTH,
    NOT_A_CLOCK,
    PRESENT_AGE_NOUNS,
    SEASON,
    WEEKDAY,
)
from pipeline.nlp._extensions import (
    install_extensions,
    record_failure,
    record_lines,
    text_of,
)
from pipeline.nlp.mood import DateReading, reading_in_doc, reading_near
from pipeline.nlp.normalize import (
    DAY_PARTS,
    DURATION_UNIT,
    NUMBER_WORD,
    SEASON_START,
    SEASONS,
    WEEKDAYS,
    DateValue,
    duration_value,
    format_at,
    holiday_date,
    iso_bounds,
    last_quarter_ended,
    parse_clock,
    parse_date_text,
    parse_duration_text,
    word_to_number,
    year_back,
)

_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_Y = r"(?:1[89]|20|21)\d{2}"
# A year that follows a day and month on the same line, and is no clock time
# ("Tuesday, 1 March\n\n2000 GMT" is a kick-off at 20:00, not the year 2000).
_YEAR_AFTER = rf"(?:,?[^\S\n]+{_Y}{NOT_A_CLOCK})"
_FULL_MONTH = FULL_MONTH
# Words after "Q3" that make it the period of a figure, not a name ("the Audi Q3").
_FIGURE_WORDS = (
    r"results|profits?|earnings|sales|revenues?|loss(?:es)?|growth|GDP|output|figures"
    r"|numbers|deliveries|shipments|margins?|turnover|income"
)
_SEASON = SEASON
_CENTURY_ORD = (
    r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth"
    r"|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)"
)

# Ordered: the first pattern that claims a stretch of text wins over later ones.
DATE_PATTERNS: list[tuple[str, re.Pattern]] = [
    # "the six months to June 30", "the nine months ended Sept. 30, 2024", "the year
    # to March 31": the span of a figure, ending on a date
    (
        "period_span",
        re.compile(
            rf"\b(?:the\s+)?(?:(?:first|past|last|latest)\s+)?(?:(?:{NUMBER_WORD}"
            rf"|\d{{1,2}})[\s-]+months?|(?:(?:fiscal|financial)\s+)?year)\s+"
            rf"(?:to|ended|ending|through)\s+(?:{MONTH}\s+{_DAY}{_YEAR_AFTER}?"
            rf"|{_DAY}\s+{MONTH}{_YEAR_AFTER}?|{_FULL_MONTH}{_YEAR_AFTER}?)(?![\w])",
            re.I,
        ),
    ),
    (
        "fiscal",
        re.compile(
            r"\b(?:(?:fiscal|financial)(?:\s+year)?\s+(?:19|20)\d{2}"
            r"|FY\s?(?:(?:19|20)\d{2}|\d{2}))(?:\s*[-/–]\s*(?:19|20)?\d{2})?(?![\w%])",
            re.I,
        ),
    ),
    # "February this year", "April next year", "May 3 last year": the year is named
    # by the words after the date, not found by which way the sentence points
    (
        "date_rel_year",
        re.compile(
            rf"\b(?:{MONTH}\s+{_DAY}|{_DAY}\s+(?:of\s+)?{MONTH}|{_FULL_MONTH}),?\s+"
            r"(?:of\s+)?(?:this|last|next)\s+year\b(?!['’])"
        ),
    ),
    # "the week of March 6": that day's week
    (
        "week_of",
        re.compile(
            rf"\bthe\s+week\s+of\s+(?:{MONTH}\s+{_DAY}{_YEAR_AFTER}?"
            rf"|{_DAY}\s+(?:of\s+)?{MONTH}{_YEAR_AFTER}?)(?![\w])"
        ),
    ),
    (
        "weekday_date",
        re.compile(
            rf"\b(?P<wd>{WEEKDAY}),?\s+(?:(?P<a>{MONTH}\s+{_DAY}{_YEAR_AFTER}?)"
            rf"|(?P<b>(?:the\s+)?{_DAY}\s+(?:of\s+)?{MONTH}{_YEAR_AFTER}?))(?![\w])"
        ),
    ),
    (
        "date_weekday",
        re.compile(
            rf"\b(?P<a>{MONTH}\s+{_DAY}{_YEAR_AFTER}?|{_DAY}\s+{MONTH}{_YEAR_AFTER}?)"
            rf"\s*\((?P<wd>{WEEKDAY})\)"
        ),
    ),
    ("mdy", re.compile(rf"\b{MONTH}\s+{_DAY}{_YEAR_AFTER}?(?![\w:])")),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{MONTH}{_YEAR_AFTER}?(?![\w])")),
    # A numeric date, with the clock time that often follows it kept in the span.
    (
        "iso",
        re.compile(
            rf"\b{_Y}[-/.]\d{{1,2}}[-/.]\d{{1,2}}(?:[T\s]\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
            r"(?![\w/.-]\d)"
        ),
    ),
    (
        "year_range",
        re.compile(
            rf"\b(?:from|between)\s+{_Y}\s+(?:to|and|through|until)\s+{_Y}\b"
            rf"|\b{_Y}\s*(?:-|–|—)\s*(?:{_Y}|\d{{2}})\b(?![-/.]\d)"
            rf"|\b{_Y}\s+(?:to|through)\s+{_Y}\b"
        ),
    ),
    ("month_year", re.compile(rf"\b{MONTH},?\s+(?:of\s+)?{_Y}\b")),
    (
        "season_year",
        re.compile(rf"\b(?i:{_SEASON}),?\s+(?:of\s+)?{_Y}\b"),
    ),
    # Periods of a figure (see normalize.parse_period): quarters and halves, fiscal
    # years, the full year, the latest quarter; "the same quarter last year" takes
    # the quarter the text last named, a year back.
    (
        "quarter",
        re.compile(
            rf"\b(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+"
            rf"(?:quarter|qtr|half)(?:,?\s+(?:of\s+)?(?:(?:fiscal|financial)\s+"
            rf"(?:year\s+)?)?{_Y})?\b"
            rf"|\b[QH][1-4]\s+{_Y}\b|\bQ[1-4]\b(?=[^\S\n]+(?:{_FIGURE_WORDS}))"
            rf"|(?:(?<=\bin )|(?<=\bof )|(?<=\bfor ))Q[1-4]\b(?![-/]\w)",
            re.I,
        ),
    ),
    (
        "full_year",
        re.compile(r"\bthe\s+full\s+year\b|\bfull-year\b|\byear-end\b", re.I),
    ),
    (
        "latest_quarter",
        re.compile(
            r"\bthe\s+(?:latest|most\s+recent|just-ended)\s+quarter\b"
            r"|\bthe\s+quarter\s+just\s+ended\b",
            re.I,
        ),
    ),
    (
        "same_period",
        re.compile(
            r"\b(?:the\s+)?(?:same|corresponding|comparable)\s+(?:quarter|half"
            r"|period)\s+(?:of\s+|in\s+)?(?:last|the\s+previous|the\s+prior|a)\s+"
            r"year(?:\s+(?:earlier|before|ago))?\b"
            r"|\bthe\s+year-(?:ago|earlier)\s+(?:quarter|half|period)\b",
            re.I,
        ),
    ),
    # "the 1990s", "the '90s" (not "the 90s": temperatures, ages and scores look alike)
    ("decade", re.compile(r"\b(?:1[89]|20)\d0s\b|(?<=\bthe\s)['’]\d0s\b")),
    ("century", re.compile(rf"\b{_CENTURY_ORD}[\s-]+[Cc]entury\b", re.I)),
    (
        "relative",
        re.compile(
            r"\b(?:(?:this|last|next|the past|the last|the previous)\s+"
            r"(?:(?:fiscal|financial)\s+)?(?:year|month|week|quarter)"
            r"|a\s+(?:year|month|week|decade)\s+(?:earlier|ago|before)"
            rf"|(?:a few|several|a couple of|{NUMBER_WORD}|\d{{1,3}})\s+"
            r"(?:days?|weeks?|months?|years?|decades?)\s+(?:ago|earlier|from now)"
            rf"|(?:last|this|next)\s+(?-i:{WEEKDAY}|{_FULL_MONTH}|{_SEASON})"
            rf"|(?:the\s+)?(?:past|coming)\s+{_SEASON}"
            r"|yesterday|today|tomorrow)\b",
            re.I,
        ),
    ),
    # "post-1959", "pre-2008", "mid-2019": the year, with its prefix in the span
    ("prefixed_year", re.compile(rf"\b(?:pre|post|mid)-{_Y}\b(?![-/]\d)", re.I)),
    # Holidays by name ("Thanksgiving Day", "last Christmas", "Easter 2019"), not
    # the names of places or things ("Easter Island", "Christmas tree")
    (
        "holiday",
        re.compile(
            rf"\b(?:(?:last|this|next)\s+)?(?=[A-Z])(?i:{HOLIDAY})(?:,?\s+{_Y})?\b"
            r"(?!\s+(?:Island|Islands|Rising|[Tt]rees?|[Cc]ards?|[Cc]arols?|[Ll]ights"
            r"|[Dd]ecorations|[Pp]resents?|[Gg]ifts?|[Pp]udding|[Ss]hopping|[Mm]arkets?"
            r"|[Ee]gg|[Ee]ggs|[Bb]unny)\b)"
        ),
    ),
    # Named days ("Good Friday", "Super Tuesday") are not the last such weekday.
    (
        "weekday",
        re.compile(
            r"(?<!Good )(?<!Black )(?<!Cyber )(?<!Super )(?<!Holy )(?<!Ash )(?<!Palm )"
            rf"(?<!Easter )(?<!Bloody )(?<!Maundy )\b{WEEKDAY}\b"
        ),
    ),
    (
        "month_alone",
        re.compile(
            r"(?:\b(?:in|as of|since|by|until|till|during|from|through|before|after"
            r"|around|throughout|of|early|late|mid-?"
            r"|(?:year|months|quarter|weeks|period|half|up)\s+to)\s+)"
            rf"(?P<a>{_FULL_MONTH})\b(?!\s+\d)"
        ),
    ),
    (
        "season",
        re.compile(
            rf"(?:\b(?:in|during|over|by|until|through)\s+)(?P<a>the\s+{_SEASON})\b"
        ),
    ),
    (
        "year",
        re.compile(rf"(?<![\w$€£¥.,/-]){_Y}(?![\w%]|[.,]\d|[-/]\d){NOT_A_CLOCK}"),
    ),
]

# Words one of which a text must hold (lower-cased, its spaces single) for a pattern
# to match in it: looking for them costs far less than the pattern, which is tried
# at every word boundary.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "period_span": (
        "months to", "months ended", "months ending", "months through", "month to",
        "year to", "year ended", "year ending",
    ),
    "fiscal": ("fiscal", "financial", "fy"),
    "date_rel_year": ("this year", "last year", "next year"),
    "week_of": ("week of",),
    "quarter": ("quarter", "qtr", "half", "q1", "q2", "q3", "q4", "h1", "h2"),
    "full_year": ("full year", "full-year", "year-end"),
    "latest_quarter": ("quarter",),
    "same_period": ("same", "corresponding", "comparable", "year-ago", "year-earlier"),
    "prefixed_year": ("pre-", "post-", "mid-"),
    "holiday": tuple(
        {
            next(
                w.strip("'")
                for w in name.replace("'s", "").split()
                if w not in ("the", "st", "st.")
            )
            for name in HOLIDAYS
        }
    ),
    "century": ("century",),
}  # fmt: skip


# Words after a bare year that make it a count, not a date ("2000 people"): a plural
# noun ("analysis", "census" and "status" are singular).
_COUNT_AFTER_YEAR = re.compile(
    r"^\s+(?!(?:and|or|to|the|in|at|on|for|with|as|when|after|before|was|were|is|are|"
    r"had|has|have|will|would|[A-Z]))[a-z]+(?<!ss)(?<!is)(?<!us)s\b"
)
_DURATION_AFTER = re.compile(
    r"^\s*(?:in a row|consecutive|straight|running|old\b|-year-old)", re.I
)
# "a month earlier than usual" compares; "a week before the vote" counts back from an
# event: neither is a date relative to the article's date.
_COMPARED = re.compile(r"^\s+than\b", re.I)
_ANCHORED = re.compile(
    r"^\s+(?:the|a|an|his|her|its|their|our|my|your|this|that|these|those|[A-Z]\w*)\b"
)
_VERB_LAST = re.compile(r"last\s+", re.I)
_VERB_BEFORE = re.compile(
    r"\b(?:will|would|could|can|may|might|should|must|to|n't|not|did|does|do)\s+$",
    re.I,
)
_AGE_DECADE_BEFORE = re.compile(
    r"\b(?:his|her|their|my|your|its|our)\s+(?:early\s+|mid-?\s*|late\s+)?$", re.I
)
# A year, then a comma: a list of years ("in 1994, 1995 and 1997").
_YEAR_LIST_BEFORE = re.compile(rf"(?<![\d,.]){_Y},\s+$")
# The last year of a list of years before the noun they modify ("the 2023, 2024 and
# 2025 editions"): a year like the others, not a count of editions.
_YEARS_AND_BEFORE = re.compile(rf"(?<![\d,.]){_Y},?\s+(?:and|or)\s+$")
# "the annual March for Life", "a March on Washington": a march, not the month.
_A_MARCH = re.compile(
    r"(?:\b(?:the|a|an|annual|yearly)\s+)March(?=\s+(?:for|on|against|to)\s+"
    r"(?:the\s+)?[A-Z])"
)
_EVERY_BEFORE = re.compile(r"\b(?:every|each)\s+(?:other\s+)?$", re.I)
# "today's youth", "by today's standards": the present age, not the article's day.
# Lower case only: "today's World Cup final" is a day's match; nor "today's youth
# team", which plays on the day.
_AGE_NOUN = "(?:" + "|".join(PRESENT_AGE_NOUNS) + ")"
_PRESENT_AGE_AFTER = re.compile(
    r"['’]s\s+(?:[a-z]+\s+)?" + _AGE_NOUN + r"\b"
    r"(?![\s-]+(?:team|side|squad|match|game|league)s?\b)"
)


def _present_age(text: str, start: int, end: int) -> bool:
    """``today`` at start:end names the present age: "today's youth"."""
    return text[start:end].lower() == "today" and bool(
        _PRESENT_AGE_AFTER.match(text, end)
    )


_MODIFIER_BEFORE = re.compile(r"\b(?:early|late|mid)(?:\s*-\s*|\s+)$", re.I)

# ------------------------------------------------------------------ tense

_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z\"'“‘(])|\n")
_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|wo n't|shall|going to|is to|are to|plans? to|planning to"
    r"|intends? to|expects? to|(?:is|are|was|were) expected to|scheduled|slated"
    r"|(?:is|are|was|were) due|set to|upcoming|would|postponed|delayed|deferred"
    r"|adjourned)\b|'ll\b",
    re.I,
)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|ago|said|told|took|made|went|came|became|began|won|lost"
    r"|saw|found|gave|got|held|left|met|ran|sold|spent|thought|wrote|fell|rose|grew"
    r"|paid|led|brought|bought|kept|knew|heard|felt|stood|sent|built|broke|chose"
    r"|drove|flew|struck|threw|spoke|fled|(?!hundred\b)[a-z]{2,}(?<!e)ed)\b"
)


def tense_near(text: str, start: int, end: int) -> str | None:
    """Which way a date points: "future" or "past" from the verb cues nearest to it
    in its sentence (first before it, then after it), or None when there is none.

    A yearless "in August" in "arrested ... in August" is last August; in "will
    open in August" it is the next one.
    """
    left = start
    for m in _SENTENCE_BREAK.finditer(text, max(0, start - 160), start):
        left = m.end()
    if left == start:
        left = max(0, start - 160)
    right_break = _SENTENCE_BREAK.search(text, end, min(len(text), end + 100))
    right = right_break.start() if right_break else min(len(text), end + 100)

    def nearest(pattern: re.Pattern, a: int, b: int, last: bool) -> int | None:
        hits = [m for m in pattern.finditer(text, a, b)]
        if not hits:
            return None
        return start - hits[-1].end() if last else hits[0].start() - end

    before = {
        "future": nearest(_FUTURE_CUE, left, start, True),
        "past": _past_distance(text, left, start, True, start, end),
    }
    found = {k: v for k, v in before.items() if v is not None}
    if not found:
        after = {
            "future": nearest(_FUTURE_CUE, end, right, False),
            "past": _past_distance(text, end, right, False, start, end),
        }
        found = {k: v for k, v in after.items() if v is not None}
    if not found:
        return None
    return min(found, key=lambda k: (found[k], k != "future"))


_BARE_BE = re.compile(r"\bbe\s+$", re.I)


def _past_distance(
    text: str, a: int, b: int, last: bool, start: int, end: int
) -> int | None:
    # Past participles in a future phrase ("is expected to", "postponed") are no cue.
    future = [m.span() for m in _FUTURE_CUE.finditer(text, a, b)]
    # nor is one after a bare "be" ("will be halved", "is to be sold", "may be
    # delayed"): a passive whose tense its auxiliary gives
    hits = [
        m
        for m in _PAST_CUE.finditer(text, a, b)
        if not any(fa <= m.start() < fb for fa, fb in future)
        and not _BARE_BE.search(text, max(0, m.start() - 4), m.start())
    ]
    if not hits:
        return None
    return start - hits[-1].end() if last else hits[0].start() - end


# Verbs whose lemma points forward whatever their tense ("postponed until Saturday") and
# words that make the infinitive under them a plan ("due to be published in May").
_FORWARD_VERBS = {"postpone", "delay", "defer", "adjourn", "reschedule", "extend"}
_SCHEDULE_VERBS = {"expect", "schedule", "slate", "set", "due", "plan"}
_PLAN_WORDS = {
    "plan", "expect", "schedule", "due", "set", "intend", "aim", "hope", "want",
    "agree", "decide", "vote", "promise", "go", "prepare", "seek", "propose",
    "threaten", "pledge", "vow", "likely", "slate", "poised", "ready", "able",
}  # fmt: skip


def tense_in_doc(doc: Doc, start: int, end: int) -> tuple[bool, str | None]:
    """The tense of the verb governing a date in a parsed Doc.

    Returns:
        (found, tense): ``found`` is False when no governing verb was found (the
        caller falls back on :func:`tense_near`); tense is "past", "future" or None
        (present tense, or an infinitive that is no plan).
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False, None
    token = span.root
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return False, None
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    aux_words = {a.lower_ for a in auxes}
    if token.lemma_.lower() in _FORWARD_VERBS:
        return True, "future"
    if token.lemma_.lower() in _SCHEDULE_VERBS and token.tag_ == "VBN":
        # "is expected on Tuesday", "the vote, scheduled for Monday": still to come
        return True, None if aux_words & {"was", "were", "had"} else "future"
    if aux_words & {"will", "shall", "'ll", "wo", "would", "'d"}:
        return True, "future"
    if "to" in aux_words:
        # A plan points forward from when it is made: "is due to be published in May"
        # is next May, "agreed to sell in October" may be either.
        governor = token.head
        governor_aux = {
            c.lower_ for c in governor.children if c.dep_ in ("aux", "auxpass")
        }
        if governor_aux & {"will", "would", "'ll", "shall"}:
            return True, "future"
        past = governor.tag_ == "VBD" or governor_aux & {"was", "were", "had", "did"}
        if governor.lemma_.lower() in _PLAN_WORDS and not past:
            return True, "future"
        return True, None
    if aux_words & {"has", "have", "had", "'ve", "did", "was", "were"}:
        return True, "past"
    if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return True, "past"
    if token.tag_ == "VBN" and token.dep_ in ("acl", "advcl", "relcl") and not auxes:
        return True, "past"  # "the man arrested on Monday", not "when it is heard"
    return True, None


# ------------------------------------------------------------------ dates


def _mention(
    start: int,
    end: int,
    text: str,
    value,
    source: str,
    weekday=None,
    explicit=False,
    reading: DateReading | None = None,
) -> dict:
    reading = reading or DateReading()
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "value": value.value,
        "granularity": value.granularity,
        "low": value.low,
        "high": value.high,
        "weekday": weekday,
        "source": source,
        "explicit_year": explicit,
        "year_known": True,
        "day_known": True,
        "mood": reading.mood,
        "negated": reading.negated,
        "event_object": reading.event_object,
        "modifies": reading.modifies,
    }


_YEARLESS_SOURCES = (
    "weekday_date", "date_weekday", "mdy", "dmy", "weekday", "month_alone", "season",
    "spacy", "quarter", "full_year", "period_span", "holiday", "week_of",
)  # fmt: skip


def _yearless(parse_text: str, name: str) -> bool:
    """Whether the value depends on which way the sentence points."""
    return name in _YEARLESS_SOURCES and not re.search(_Y, parse_text)


Reader = Callable[[int, int, "str | None", "str | None"], DateReading]


def _same_period(
    surface: str, start: int, mentions: list[dict], base: dt.date | None
) -> DateValue | None:
    """ "The same quarter last year": the quarter (or half, or span) the text named
    last before it, a year back; without one, the latest quarter ended before the
    article's date, a year back."""
    kind = "half" if re.search(r"\bhalf\b", surface, re.I) else None
    kind = kind or ("quarter" if re.search(r"\bquarter\b", surface, re.I) else None)
    named = [
        m
        for m in mentions
        if m["start"] < start
        and m["granularity"] in ("quarter", "half", "month")
        and (kind is None or m["granularity"] == kind)
        and m["source"] != "same_period"
    ]
    if named:
        earlier = max(named, key=lambda m: m["start"])
        return year_back(
            DateValue(
                earlier["value"],
                earlier["granularity"],
                earlier["low"],
                earlier["high"],
            )
        )
    if base is None or kind == "half" or kind is None:
        return None
    year, q = last_quarter_ended(base)
    return DateValue(f"{year - 1:04d}-Q{q}", "quarter")


def find_dates(
    text: str,
    base: dt.date | None,
    entities=(),
    skip=(),
    tense: Callable[[int, int], str | None] | None = None,
    reading: Reader | None = None,
) -> list[dict]:
    """Date mentions in ``text``, each with what it is (see :mod:`pipeline.nlp.mood`).

    Args:
        text: the article text.
        base: the article's date (relative expressions resolve against it).
        entities: (start, end) of spaCy DATE entities, used for what no pattern covers.
        skip: (start, end) regions to ignore (header, non-English text).
        tense: optional ``(start, end) -> "past" | "future" | None`` telling which way
            a yearless date points (the component passes one reading the parse);
            default :func:`tense_near` on the text.
        reading: optional ``(start, end, tense, granularity) -> DateReading`` telling
            what the date is (the component passes one reading the parse); default
            :func:`pipeline.nlp.mood.reading_near` on the text. A plan, a deadline or
            a schedule makes a yearless date point forward.

    Returns:
        dicts with start, end, text, value, granularity, low, high, weekday, source,
        explicit_year, year_known, mood (event, report, plan, comparison, period),
        negated and event_object; sorted by start. Durations ("five years in a row"),
        ages and counts are left out.
    """
    taken: list[tuple[int, int]] = [tuple(r[:2]) for r in skip]
    mentions: list[dict] = []
    tense_of = tense or (lambda a, b: tense_near(text, a, b))
    read = reading or (lambda a, b, t, g: reading_near(text, a, b, t, g))

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def resolve(parse_text: str, name: str, start: int, end: int):
        """The value and the reading of one candidate, or (None, None)."""
        yearless = _yearless(parse_text, name)
        way = tense_of(start, end)
        value = parse_date_text(parse_text, base, way if yearless else None)
        if value is None:
            return None, None
        found = read(start, end, way, value.granularity)
        if yearless and found.direction and found.direction != way:
            value = parse_date_text(parse_text, base, found.direction) or value
        return value, found

    lowered = " ".join(text.lower().split())
    for name, pattern in DATE_PATTERNS:
        trigger = _TRIGGERS.get(name)
        if trigger is not None and not any(word in lowered for word in trigger):
            continue  # the pattern cannot match: its key words are not in the text
        for m in pattern.finditer(text):
            start, end = m.span()
            if name in ("month_alone", "season"):
                start, end = m.span("a")
            if not free(start, end):
                continue
            surface = text[start:end]
            after = text[end : end + 30]
            if name == "year":
                before = text[max(0, start - 4) : start]
                if (
                    _COUNT_AFTER_YEAR.match(after)
                    and not re.search(r"\ban?\s+$", before)
                    and not _YEARS_AND_BEFORE.search(text, max(0, start - 12), start)
                ):
                    continue
                if re.search(
                    r"[\d,.]\s*$|No\.\s*$|#\s*$", text[max(0, start - 3) : start]
                ) and not _YEAR_LIST_BEFORE.search(text, max(0, start - 8), start):
                    continue  # a count in a list of figures, unless they are years
            if _DURATION_AFTER.match(after):
                continue
            if re.search(r"(?:earlier|later)$", surface) and _COMPARED.match(after):
                continue
            if re.search(r"(?:before|after)$", surface) and _ANCHORED.match(after):
                continue
            weekday = None
            parse_text = surface
            if name in ("weekday_date", "date_weekday"):
                weekday = m["wd"].lower()
                parse_text = m["a"] or m["b"]
            if _EVERY_BEFORE.search(text, max(0, start - 12), start):
                continue  # "each Thursday" is a set, not a date
            if _present_age(text, start, end):
                continue  # "today's youth": no day is meant
            if name == "same_period":
                value = _same_period(surface, start, mentions, base)
                found = read(start, end, None, value.granularity) if value else None
            else:
                value, found = resolve(parse_text, name, start, end)
            if value is None:
                continue
            if modifier := _MODIFIER_BEFORE.search(text, max(0, start - 8), start):
                start = modifier.start()
            taken.append((start, end))
            explicit = bool(re.search(_Y, parse_text))
            mentions.append(
                _mention(start, end, text, value, name, weekday, explicit, found)
            )
    for start, end, *_ in entities:
        # an entity running over a line break joins a date to the next line's
        # figure (a kick-off time, a score): the date is what its first line holds
        if "\n" in text[start:end]:
            end = start + len(text[start:end].split("\n", 1)[0].rstrip())
        if end <= start or not free(start, end):
            continue
        surface = text[start:end]
        if re.search(
            r"\b(in a row|consecutive|straight|running|old|aged?|long)\b", surface, re.I
        ):
            continue
        if re.fullmatch(r"[\d\s,.]+", surface) or len(surface) > 60:
            continue
        if re.fullmatch(r"(?:early|mid|late)?[-\s]*['’]?\d0s", surface) and (
            _AGE_DECADE_BEFORE.search(text, max(0, start - 20), start)
        ):
            continue  # "in his 30s" is an age
        if _COMPARED.match(text[end : end + 10]) or _EVERY_BEFORE.search(
            text, max(0, start - 12), start
        ):
            continue
        if surface == "March" and _A_MARCH.search(text, max(0, start - 12), end + 30):
            continue
        if _present_age(text, start, end):
            continue
        value, found = resolve(surface, "spacy", start, end)
        if value is None:
            continue
        taken.append((start, end))
        explicit = bool(re.search(_Y, surface))
        mentions.append(
            _mention(start, end, text, value, "spacy", None, explicit, found)
        )
    mentions.sort(key=lambda d: d["start"])
    return _compared_periods(mentions)


_YEAR_BACK = re.compile(r"^(?:an?|one)\s+year\s+(?:earlier|before|ago)$", re.I)


def _compared_periods(mentions: list[dict]) -> list[dict]:
    """ "Against 46 percent a year earlier" after a quarter's figures compares with
    that quarter a year back, not with the year before the article: a comparison
    counted back a year takes the quarter or half the text named last before it."""
    out = []
    for i, mention in enumerate(mentions):
        if mention["mood"] == "comparison" and _YEAR_BACK.match(mention["text"]):
            named = [
                m
                for m in mentions[:i]
                if m["granularity"] in ("quarter", "half") and m["mood"] != "comparison"
            ]
            if named:
                back = year_back(
                    DateValue(named[-1]["value"], named[-1]["granularity"])
                )
                mention = dict(mention, value=back.value, granularity=back.granularity)
        out.append(mention)
    return out


def weekday_of(iso: str) -> str:
    return WEEKDAYS[dt.date.fromisoformat(iso).weekday()]


# ------------------------------------------------------------------ TimeML timexes

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")

_TZ = r"(?:\s+(?:GMT|UTC|BST|CET|CEST|[ECMP][SD]?T|local time))?"
# ("high noon" is a showdown, not twelve o'clock)
_CLOCK = (
    r"(?:\b\d{1,2}(?::[0-5]\d)?\s*(?i:[ap]\.m\.|[ap]m\b)"
    r"|\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?\b(?![.,]?\d)|(?<![Hh]igh )\bnoon\b"
    r"|\bmidday\b"
    r"|\bmidnight\b)"
)
_CLOCK_RE = re.compile(rf"(?P<clock>{_CLOCK}){_TZ}")
_RACE_TIME = re.compile(r"(?<![\d:])(\d{1,2}):([0-5]\d):([0-5]\d)(?![\d:])")
_DAY_PART = re.compile(r"^\s+(morning|afternoon|evening|night)\b", re.I)
# What may stand between a clock time and the day it is on: a comma, "on", or the
# time given in another zone in brackets ("10:35 a.m. (0735 GMT) Friday", where the
# clock and the day stay two expressions).
_DATE_AFTER_CLOCK = re.compile(r"^(?:\s*\([^()\n]{1,30}\))?\s*,?\s*(?:on\s+)?$")
_DAY_PART_ALONE = re.compile(
    r"\b(?P<which>this|last|tomorrow|yesterday)\s+(?P<part>morning|afternoon|evening"
    r"|night)\b|\btonight\b",
    re.I,
)
_SET_UNIT = (
    r"(?:day|week|month|year|quarter|morning|afternoon|evening|night|weekend"
    rf"|{WEEKDAY}|{_SEASON})"
)
_SET = re.compile(
    rf"\b(?:(?:every|each|per)\s+(?:other\s+)?(?P<unit>{_SET_UNIT})\b"
    rf"|(?:once|twice|thrice|(?:{NUMBER_WORD}|\d+)\s+times)\s+(?:a|an|per|each|every)\s+"
    rf"(?P<unit2>{_SET_UNIT})\b"
    r"|(?P<adv>daily|nightly|weekly|fortnightly|monthly|quarterly|annually|yearly"
    r"|hourly)\b)",
    re.I,
)
_SET_VALUE = {
    "day": "P1D", "daily": "P1D", "week": "P1W", "weekly": "P1W", "fortnightly": "P2W",
    "month": "P1M", "monthly": "P1M", "quarter": "P3M", "quarterly": "P3M",
    "year": "P1Y", "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H",
    "nightly": "XXXX-XX-XXTNI", "weekend": "XXXX-WXX-WE",
}  # fmt: skip
_DURATION_NUMBER = (
    rf"(?:(?<![\d,.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)|{NUMBER_WORD}|an?|a few"
    r"|few|several|many|some"
)
_DURATION_NUMBER += r"|a couple of|a number of)"
_DURATION_RE = re.compile(
    r"\b(?:the\s+)?(?:(?:past|last|next|previous|coming|following|first|final"
    r"|remaining|recent)\s+)?(?:(?:almost|nearly|a mere|more than|less than|at least"
    rf"|up to|another)\s+)?(?:\d+\s+[1-3]/[2-4]|{_DURATION_NUMBER})"
    r"(?:\s+(?:more|further|additional|extra))?"
    rf"(?:\s+|-)(?P<unit>{DURATION_UNIT})\b['’]?(?:-long\b)?"
    r"(?!\s+(?:ago|hence|from now)\b)",
    re.I,
)
# "a day-long strike", "week-long talks": a duration of one unit
_LONG_DURATION = re.compile(
    r"(?<![\w-])(?P<unit>day|week|month|year|hour|night)-long\b", re.I
)
_DURATION_NO_NUMBER = re.compile(
    r"\bthe\s+(?:past|last|next|coming|following|previous)\s+(?P<unit>decades?"
    r"|centur(?:y|ies)|(?:seconds|minutes|hours|days|weeks|months|years))\b"
    r"|\brecent\s+(?P<unit2>minutes|hours|days|weeks|months|years|decades)\b",
    re.I,
)
_BARE_UNITS = r"(?:minutes|hours|days|weeks|months|years|decades)"
_BARE_DURATION = re.compile(
    r"\b(?:for|within|in|over|take|takes|took|taking|spent|spend|spending|lasted"
    rf"|lasting)\s+(?P<a>{_BARE_UNITS})\b(?!\s+(?:of\s+)?(?:old|ago))"
    rf"|\b(?P<b>{_BARE_UNITS})\s+(?:before|after|later|earlier)\b",
    re.I,
)
_DURATION_PAIR = re.compile(
    rf"\b(?:between\s+)?(?P<n>\d+|{NUMBER_WORD})\s*(?:to|and|or|-|–)\s*"
    rf"(?:\d+|{NUMBER_WORD})\s+(?P<unit>{DURATION_UNIT})\b",
    re.I,
)
# "N things a week" is a rate; "takes a week", "lasts a day" are durations.
_RATE_BEFORE = re.compile(
    r"(?:\d[\d,.]*\s*(?:%|percent|[a-z]*)|\b(?!(?:is|was|has|takes|lasts|spends|needs"
    r"|gets|does|remains|seems|requires|stays|goes|comes|runs|as|less|plus|this)\b)"
    r"[a-z]+s|\btimes|\bonce|\btwice)\s+$",
    re.I,
)
_AGE_BEFORE = re.compile(r"\b(?:aged?|ages)\s+(?:of\s+)?$", re.I)
_AGE_AFTER = re.compile(
    r"^(?:\s*-?\s*old\b|\s+of\s+age\b|\s+and\s+(?:older|over|up|younger|under)\b)", re.I
)
# Dates counted from the last date the text named, as a narrative does ("later that
# day", "the next morning", "two days later", "that same year").
_ANAPHORA_UNIT = r"(?P<unit>day|morning|afternoon|evening|night|week|month|year)"
_ANAPHORA = re.compile(
    rf"\b(?:(?P<edge>earlier|later)\s+that\s+{_ANAPHORA_UNIT}"
    rf"|that\s+(?:same\s+|very\s+)?(?P<unit2>day|morning|afternoon|evening|night|week"
    rf"|month|year)|the\s+same\s+(?P<unit3>day|week|month|year)"
    r"|the\s+(?P<step>next|following|previous|preceding)\s+(?P<unit4>day|morning"
    r"|afternoon|evening|night|week|month|year)"
    rf"|(?P<n>an?|one|two|three|four|five|six|seven|\d)\s+(?P<unit5>days?|weeks?"
    r"|months?|years?)\s+(?P<dir>later|earlier))\b",
    re.I,
)
_STEPS = {"next": 1, "following": 1, "previous": -1, "preceding": -1}
_UNIT_GRANULARITY = {
    "day": "day", "morning": "day", "afternoon": "day", "evening": "day",
    "night": "day", "week": "week", "month": "month", "year": "year",
}  # fmt: skip


def _anaphora_value(m: re.Match, timexes: list[dict]) -> str | None:
    """The value of a date counted from the last date named before it (a date of
    at least the unit's precision), or None when there is none."""
    unit = next(
        u.lower()
        for u in (m["unit"], m["unit2"], m["unit3"], m["unit4"], m["unit5"])
        if u
    ).rstrip("s")
    shift = 0
    if m["step"]:
        shift = _STEPS[m["step"].lower()]
    elif m["n"]:
        count = word_to_number(m["n"]) or (
            1.0 if m["n"].lower() in ("a", "an") else None
        )
        if count is None and m["n"].isdigit():
            count = float(m["n"])
        if count is None:
            return None
        shift = int(count) * (1 if m["dir"].lower() == "later" else -1)
    granularity = _UNIT_GRANULARITY[unit]
    before = [
        t
        for t in timexes
        if t["type"] in ("DATE", "TIME")
        and t["end"] <= m.start()
        and re.match(r"\d{4}", t["value"] or "")
    ]
    if not before:
        return None
    # the last date named is the anchor; one less precise than the unit counted
    # from it leaves the finer part unknown, as TimeML writes it ("that same day"
    # after "last October" is 1998-10-XX)
    anchor = max(before, key=lambda t: t["end"])["value"]
    day = re.match(r"\d{4}-\d{2}-\d{2}", anchor)
    if granularity in ("day", "week") and not day:
        month = re.match(r"\d{4}-\d{2}(?![\d])", anchor)
        return (
            f"{month[0]}-XX" if month and granularity == "day" and not shift else None
        )
    if granularity == "month" and not re.match(r"\d{4}-\d{2}(?!\d)", anchor):
        return f"{anchor[:4]}-XX" if not shift else None
    first = iso_bounds(anchor[:10])[0]
    try:
        if granularity == "day":
            return (first + dt.timedelta(days=shift)).isoformat()
        if granularity == "week":
            return format_at(first + dt.timedelta(weeks=shift), "week")
        if granularity == "month":
            y, mo = divmod(first.year * 12 + first.month - 1 + shift, 12)
            return f"{y:04d}-{mo + 1:02d}"
        return f"{first.year + shift:04d}"
    except (OverflowError, ValueError):
        return None


_REFS = [
    (re.compile(r"\b(?:a few|several|a couple of|some|many)\s+(?:years|decades)\s+"
                r"(?:ago|earlier|before)\b", re.I), "PAST_REF"),
    (re.compile(r"\b(?:a few|several|a couple of|some|many)\s+(?:years|decades)\s+"
                r"(?:from now|hence)\b", re.I), "FUTURE_REF"),
    (re.compile(r"\b(?:currently|presently|nowadays|at present|these days)\b", re.I),
     "PRESENT_REF"),
    (re.compile(r"\bnow\b(?!\s+that\b)", re.I), "PRESENT_REF"),
    (re.compile(r"\b(?i:today)(?=" + _PRESENT_AGE_AFTER.pattern + ")"), "PRESENT_REF"),
    (re.compile(
        r"\bthe past\b(?=\s*[,.;:!?)\"'”]|\s+(?:and|or|but|when|as|he|she|it|they|we"
        r"|I|has|have|had|was|were|is|are)\b)", re.I), "PAST_REF"),
    (re.compile(r"\bat the time\b(?!\s+(?:of|when|that)\b)", re.I), "PAST_REF"),
    (re.compile(r"\bthe (?:near |distant )?future\b", re.I), "FUTURE_REF"),
    (re.compile(r"(?<=['’]s )future\b|\b(?<=(?:his|her|its|our) )future\b"
                r"|(?<=their )future\b|(?<=your )future\b", re.I), "FUTURE_REF"),
]  # fmt: skip
# A word each of _REFS needs, in order (a cheap test before the pattern).
_REF_TRIGGERS = (
    ("ago", "earlier", "before"),
    ("from now", "hence"),
    ("currently", "presently", "nowadays", "at present", "these days"),
    ("now",),
    ("today",),
    ("the past",),
    ("at the time",),
    ("future",),
    ("future",),
)
_END_OF_YEAR = re.compile(
    r"\bthe\s+(?P<edge>end|close|start|beginning|middle)\s+of\s+(?:the\s+)?year\b", re.I
)
_EDGE_BEFORE = re.compile(
    r"\bthe\s+(?:end|close|start|beginning|middle)\s+of\s+$", re.I
)


_OTHER_DAY_AFTER = re.compile(
    r"\s*(?:and|or|to|through|-|–)\s*(\d{1,2})\b(?!\s*(?:%|[.,:/]\d|[A-Za-z]))"
)
_OTHER_DAY_BEFORE = re.compile(r"(?<![\d,.])(\d{1,2})\s*(?:and|or|to|-|–)\s*$")


def _safe_day(iso: str) -> str | None:
    try:
        return dt.date.fromisoformat(iso).isoformat()
    except ValueError:
        return None


def _timex(start: int, end: int, text: str, kind: str, value: str, source: str) -> dict:
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "type": kind,
        "value": value,
        "source": source,
    }


_PADDED_WEEK = re.compile(r"^(\d{4}-W)0(\d)\b")


def timeml_week(value: str) -> str:
    """A week as TimeML corpora write it: its number without a leading zero
    (2000-W7, where ISO 8601 and our date claims write 2000-W07)."""
    return _PADDED_WEEK.sub(r"\1\2", value)


def timex_value(mention: dict) -> str:
    """The TimeML value of a ``find_dates`` mention: seasons, decades and centuries
    have their own forms (2012-SU, 199X, 19); a range of years gives its first year;
    a week has no leading zero (2000-W7).

    A decade is written with its unknown year as X ("the 1990s" 199X), as the
    TempEval-3 training corpus (TBAQ-cleaned) and SUTime write it, rather than with
    the year digit left off (TIDES' 199)."""
    granularity, low = mention["granularity"], mention["low"]
    if granularity == "season" and low:
        month = int(low[5:7])
        code = next(c for c, first in SEASON_START.items() if first == month)
        return f"{low[:4]}-{code}"
    if granularity == "decade" and low:
        return low[:3] + "X"
    if granularity == "century" and low:
        return f"{int(low) // 100:02d}"
    if mention.get("source") == "fiscal" and granularity == "year" and not low:
        return f"FY{mention['value']}"  # TimeML's fiscal year: "fiscal 1989" FY1989
    return low if low and granularity == "year" else timeml_week(mention["value"])


_SPAN_PARTS = re.compile(
    r"(?P<length>(?:\S+[\s-]+)?months?|(?:(?:fiscal|financial)\s+)?year)\s+"
    r"(?:to|ended|ending|through)\s+(?P<end>.+)$",
    re.I,
)


def _span_timexes(text: str, mention: dict) -> list[dict]:
    """ "The six months to June 30" as TimeML marks it: a duration (P6M) and the date
    it ends on."""
    start = mention["start"]
    m = _SPAN_PARTS.search(mention["text"])
    if m is None:
        return []
    last = iso_bounds(mention["high"] or mention["value"])[1]
    words = m["end"]
    end_value = (
        last.isoformat()
        if re.search(r"\d{1,2}\b(?!\d)", re.sub(_Y, "", words))
        else f"{last:%Y-%m}"
    )
    length = parse_duration_text(m["length"]) or "P1Y"
    a, b = start + m.start("length"), start + m.end("length")
    return [
        _timex(a, b, text, "DURATION", length, "period_span"),
        _timex(
            start + m.start("end"),
            mention["end"],
            text,
            "DATE",
            end_value,
            "period_span",
        ),
    ]


def _date_timexes(text: str, mention: dict) -> list[dict]:
    """A date mention as TimeML writes it: a range of years is two timexes, and so
    is a span ending on a date (a duration and the date)."""
    start, end = mention["start"], mention["end"]
    if mention.get("source") == "period_span" and (
        spans := _span_timexes(text, mention)
    ):
        return spans
    if mention["low"] and mention["high"] and mention["granularity"] == "year":
        years = list(re.finditer(r"\d{4}|\d{2}", text[start:end]))
        if len(years) == 2:
            low, high = mention["low"], mention["high"]
            return [
                _timex(start + y.start(), start + y.end(), text, "DATE", v, "range")
                for y, v in zip(years, (low, high), strict=True)
            ]
    clock = re.search(r"[T\s](\d{1,2}:\d{2}(?::\d{2})?)$", mention["text"])
    if clock and mention["granularity"] == "day":
        value = mention["value"] + parse_clock(clock[1])
        return [_timex(start, end, text, "TIME", value, mention["source"])]
    if mention["granularity"] == "year" and (
        edge := _EDGE_BEFORE.search(text, max(0, start - 24), start)
    ):
        start = edge.start()
    return [_timex(start, end, text, "DATE", timex_value(mention), mention["source"])]


class _Sheet:
    """The timexes found so far in one text, and the stretches they take."""

    def __init__(self, text: str, base: dt.date | None, skip: list, timexes: list):
        self.text, self.base, self.timexes = text, base, timexes
        self.taken: list[tuple[int, int]] = list(skip) + [
            (t["start"], t["end"]) for t in timexes
        ]

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.taken)

    def add(self, start: int, end: int, kind: str, value: str, source: str) -> None:
        self.taken.append((start, end))
        self.timexes.append(_timex(start, end, self.text, kind, value, source))

    def days(self) -> dict[int, dict]:
        """The timexes that name a day, by where they start."""
        return {
            t["start"]: t
            for t in self.timexes
            if re.fullmatch(r"\d{4}-\d\d-\d\d", t["value"])
        }


def _other_days(sheet: _Sheet) -> None:
    """ "April 24 and 25", "24 and 25 April", "May 3-4": the other day is a date too."""
    text = sheet.text
    for t in list(sheet.days().values()):
        after = _OTHER_DAY_AFTER.match(text[t["end"] : t["end"] + 12])
        window = text[max(0, t["start"] - 12) : t["start"]]
        before = _OTHER_DAY_BEFORE.search(window)
        if after and re.match(rf"{_FULL_MONTH}|{MONTH}", t["text"]):
            a, b, day = t["end"] + after.start(1), t["end"] + after.end(1), after[1]
        elif before and re.match(r"\d", t["text"]):
            a = t["start"] - len(window)
            a, b, day = a + before.start(1), a + before.end(1), before[1]
        else:
            continue
        other = _safe_day(t["value"][:8] + f"{int(day):02d}")
        if other and sheet.free(a, b):
            sheet.add(a, b, "DATE", other, "day_pair")


def _parts_of_days(sheet: _Sheet) -> None:
    """A day followed by a part of it ("Friday afternoon" is 2013-03-22TAF), and a
    part of a day named alone ("last night", "tonight")."""
    text, base = sheet.text, sheet.base
    for t in sheet.days().values():
        if m := _DAY_PART.match(text[t["end"] : t["end"] + 12]):
            t["end"] += m.end()
            t.update(text=text[t["start"] : t["end"]], type="TIME")
            t["value"] += "T" + DAY_PARTS[m[1].lower()]
            sheet.taken.append((t["start"], t["end"]))
    if base is None:
        return
    for m in _DAY_PART_ALONE.finditer(text):
        if not sheet.free(*m.span()):
            continue
        which = (m["which"] or "this").lower()
        part = (m["part"] or "night").lower()
        shift = {"yesterday": -1, "tomorrow": 1}.get(which, 0)
        if which == "last" and part in ("night", "evening"):
            shift = -1
        day = base + dt.timedelta(days=shift)
        sheet.add(*m.span(), "TIME", f"{day.isoformat()}T{DAY_PARTS[part]}", "day_part")


def _clock_times(sheet: _Sheet) -> None:
    """Clock times take the date they are written with ("15:00 GMT Saturday", "on
    May 3 at 9 a.m."), else the article's date; h:mm:ss alone is a race time, a
    duration."""
    text = sheet.text
    for m in _RACE_TIME.finditer(text):
        if sheet.free(*m.span()) and not re.search(
            r"\bat\s+$", text[max(0, m.start() - 4) : m.start()]
        ):
            h, mi, s = (int(x) for x in m.groups())
            value = "PT" + (f"{h}H" if h else "") + (f"{mi}M" if mi else "") + f"{s}S"
            sheet.add(*m.span(), "DURATION", value, "race_time")
    day_dates = sheet.days()
    by_end = {t["end"]: t for t in day_dates.values()}
    for m in _CLOCK_RE.finditer(text):
        clock = parse_clock(m["clock"]) if sheet.free(*m.span()) else None
        if clock is None:
            continue
        start, end = m.span()
        day = next(
            (
                date
                for date_start, date in day_dates.items()
                if date_start >= end
                and _DATE_AFTER_CLOCK.match(text[end:date_start])
                and date["type"] == "DATE"
            ),
            None,
        )
        if day is not None and "(" in text[end : day["start"]]:
            # a bracket between them: two expressions, the clock on the day's date
            sheet.add(start, end, "TIME", day["value"][:10] + clock, "clock")
            continue
        if day is not None:
            sheet.timexes.remove(day)
            sheet.taken.append((start, day["end"]))
            sheet.timexes.append(
                _timex(start, day["end"], text, "TIME", day["value"] + clock, "clock")
            )
            continue
        prior = next(
            (
                d
                for e, d in by_end.items()
                if e <= start and re.fullmatch(r"\s*,?\s*(?:at\s+)?", text[e:start])
            ),
            None,
        )
        if prior is not None:
            sheet.add(start, end, "TIME", prior["value"][:10] + clock, "clock")
        elif sheet.base is not None:
            sheet.add(start, end, "TIME", sheet.base.isoformat() + clock, "clock")


def _year_edges(sheet: _Sheet) -> None:
    """ "The end of the year": this year's, or last year's when spoken of in the past
    before December."""
    base = sheet.base
    if base is None:
        return
    for m in _END_OF_YEAR.finditer(sheet.text):
        if not sheet.free(*m.span()):
            continue
        year = base.year
        if (
            tense_near(sheet.text, *m.span()) == "past"
            and m["edge"].lower() in ("end", "close")
            and base.month < 12
        ):
            year -= 1
        sheet.add(*m.span(), "DATE", f"{year:04d}", "year_edge")


def _counted_dates(sheet: _Sheet) -> None:
    """Dates counted from the last one named ("later that day", "the next morning")."""
    text = sheet.text
    for m in _ANAPHORA.finditer(text):
        if not sheet.free(*m.span()) or _COMPARED.match(text[m.end() : m.end() + 10]):
            continue  # "a month earlier than usual" compares
        if value := _anaphora_value(m, sheet.timexes):
            sheet.add(*m.span(), "DATE", value, "anaphora")


def _holiday_weeks(sheet: _Sheet) -> None:
    """ "Easter week", "Christmas week": the week the holiday falls in; the one under
    way when the article's date lies in it, else the week of the holiday the
    sentence points to."""
    text, base = sheet.text, sheet.base
    for t in sheet.timexes:
        week = re.match(r"\s+week\b", text[t["end"] : t["end"] + 8])
        if t["source"] != "holiday" or week is None or t["type"] != "DATE":
            continue
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", t["value"]):
            continue
        day = dt.date.fromisoformat(t["value"])
        name = re.sub(r"^(?:last|this|next)\s+", "", t["text"], flags=re.I)
        if base is not None and not re.search(r"\d{4}", name):
            current = format_at(base, "week")
            for year in (base.year - 1, base.year, base.year + 1):
                other = holiday_date(name, year)
                if other is not None and format_at(other, "week") == current:
                    day = other
        t.update(end=t["end"] + week.end(), value=format_at(day, "week"))
        t["text"] = text[t["start"] : t["end"]]
        sheet.taken.append((t["start"], t["end"]))


# "the day before last Tuesday", "two days after May 3": a day counted from the day
# named right after it is one date.
_DAYS_FROM_BEFORE = re.compile(
    rf"\b(?:(?:the|a)\s+day|(?P<n>{NUMBER_WORD}|\d{{1,2}})\s+days)\s+"
    r"(?P<dir>before|after)\s+$",
    re.I,
)


def _days_from_a_day(sheet: _Sheet) -> None:
    """A day counted from a named day ("the day after Christmas") replaces it."""
    text = sheet.text
    for t in list(sheet.days().values()):
        m = _DAYS_FROM_BEFORE.search(text, max(0, t["start"] - 30), t["start"])
        if m is None or not sheet.free(m.start(), m.end() - 1):
            continue
        n = m["n"]
        count = 1 if not n else int(n) if n.isdigit() else int(word_to_number(n) or 1)
        shift = count if m["dir"].lower() == "after" else -count
        day = dt.date.fromisoformat(t["value"]) + dt.timedelta(days=shift)
        if m["n"]:
            # the count of days stays a duration for the components that must not
            # read "two days after Christmas" as a count (find_durations)
            a, b = m.start(), m.start() + len(re.match(r"\S+\s+days", m[0])[0])
            t["counted"] = _timex(a, b, text, "DURATION", f"P{count}D", "days_from")
        t.update(start=m.start(), value=day.isoformat(), source="days_from")
        t["text"] = text[t["start"] : t["end"]]
        sheet.taken.append((t["start"], t["end"]))


# "interviews a day", "$1 billion a year": the unit of a rate, a set as "per day" is
# (not "24 hours a day", a duration's own rate, nor "a week later").
_RATE_UNIT = re.compile(
    r"\b(?:a|an)\s+(?P<unit>hour|day|week|month|year)\b(?![-'’])"
    r"(?!\s+(?:ago|earlier|later|before|after|from|or|to|long|old|in\s+a\s+row)\b)"
)
_TIME_UNIT_BEFORE = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+$", re.I
)


def _sets(sheet: _Sheet) -> None:
    text = sheet.text
    for m in _SET.finditer(text):
        if not sheet.free(*m.span()) or _in_name(text, *m.span()):
            continue
        unit = (m["unit"] or m["unit2"] or m["adv"]).lower()
        sheet.add(*m.span(), "SET", _set_value(unit), "set")
    for m in _RATE_UNIT.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        if (
            sheet.free(*m.span())
            and _RATE_BEFORE.search(before)
            and not _TIME_UNIT_BEFORE.search(before)
        ):
            unit = m["unit"].lower()
            value = "PT1H" if unit == "hour" else _set_value(unit)
            sheet.add(*m.span(), "SET", value, "rate")


def _duration_span(text: str, m: re.Match) -> tuple[int, int] | None:
    """The span of a duration match as TimeML marks it, or None when it is none."""
    start, end = m.span()
    if _is_age(text, start, end):
        return None
    phrase = text[start:end]
    if (lead := _VERB_LAST.match(phrase)) and _VERB_BEFORE.search(
        text[max(0, start - 12) : start]
    ):
        start += lead.end()  # "will last two weeks": "last" is the verb
        phrase = text[start:end]
    if re.match(r"an?\s", phrase, re.I) and phrase.endswith("-long"):
        start += phrase.index(" ") + 1  # "a week-long strike": "week-long"
        phrase = text[start:end]
    if re.fullmatch(r"an?\s+second", phrase, re.I):
        return None  # "a second" is an ordinal
    if m.groupdict().get("unit") and m["unit"][0].isupper():
        return None  # "60 Minutes", "Four Weddings": a title, not a duration
    if re.match(r"an?\s", phrase, re.I) and _RATE_BEFORE.search(
        text[max(0, start - 30) : start]
    ):
        return None  # "four flights a week", "$5 a day": a rate, not a duration
    return start, end


def _durations(sheet: _Sheet) -> None:
    """Durations; "12 to 18 months" is two ("12" and "18 months"), as TimeML marks
    it."""
    text = sheet.text
    for m in _DURATION_PAIR.finditer(text):
        start, end = m.span("n")
        if sheet.free(start, end) and not _is_age(text, m.start(), m.end()):
            number = parse_duration_text(f"{m['n']} {m['unit']}")
            if number:
                sheet.add(start, end, "DURATION", number, "duration")
    for pattern in (_DURATION_RE, _DURATION_NO_NUMBER):
        for m in pattern.finditer(text):
            span = _duration_span(text, m) if sheet.free(*m.span()) else None
            if span is None:
                continue
            phrase = text[span[0] : span[1]]
            value = parse_duration_text(phrase.rstrip("'’")) or parse_duration_text(
                phrase
            )
            if value is not None:
                sheet.add(*span, "DURATION", value, "duration")
    for m in _LONG_DURATION.finditer(text) if "-long" in text else ():
        if sheet.free(*m.span()):
            sheet.add(*m.span(), "DURATION", duration_value(1.0, m["unit"]), "duration")
    for m in _BARE_DURATION.finditer(text):
        group = "a" if m["a"] else "b"
        start, end = m.span(group)
        if sheet.free(start, end):
            sheet.add(
                start, end, "DURATION", duration_value(None, m[group]), "duration"
            )


def _references(sheet: _Sheet) -> None:
    lowered = sheet.text.lower()
    for (pattern, value), words in zip(_REFS, _REF_TRIGGERS, strict=True):
        if not any(word in lowered for word in words):
            continue  # none of the words the pattern needs is in the text
        for m in pattern.finditer(sheet.text):
            if sheet.free(*m.span()):
                sheet.add(*m.span(), "DATE", value, "ref")


# The order in which find_timexes reads a text after its dates: each stage takes only
# stretches no earlier one took.
_TIMEX_STAGES = (
    _other_days,
    _parts_of_days,
    _clock_times,
    _year_edges,
    _holiday_weeks,
    _days_from_a_day,
    _counted_dates,
    _sets,
    _durations,
    _references,
)


def find_timexes(
    text: str,
    base: dt.date | None,
    entities: Iterable = (),
    skip: Iterable = (),
    dates: list[dict] | None = None,
) -> list[dict]:
    """Temporal expressions as TimeML's TIMEX3 marks them: dates, times of day,
    durations, sets and references to the present, past or future.

    Args:
        text: the article text.
        base: the article's date.
        entities: spaCy entities as (start, end) or (start, end, label); DATE ones are
            passed to ``find_dates`` when ``dates`` is not given.
        skip: (start, end) regions to ignore.
        dates: the output of ``find_dates`` when it has already been run.

    Returns:
        dicts with start, end, text, type (DATE, TIME, DURATION, SET), value (a TimeML
        value: 2013-03-22, 2013-W12, 2013-W7, 2013-03-22T15:00, P5Y, PXM, P1Y,
        PRESENT_REF) and source; sorted by start.
    """
    skip = [tuple(r[:2]) for r in skip]
    if dates is None:
        date_entities = [tuple(e[:2]) for e in entities if len(e) < 3 or e[2] == "DATE"]
        dates = find_dates(text, base, date_entities, skip)
    sheet = _Sheet(text, base, skip, [t for m in dates for t in _date_timexes(text, m)])
    for stage in _TIMEX_STAGES:
        stage(sheet)
    for timex in sheet.timexes:
        timex["value"] = timeml_week(timex["value"])
    sheet.timexes.sort(key=lambda t: (t["start"], t["end"]))
    return sheet.timexes


def find_durations(
    text: str,
    base: dt.date | None = None,
    skip: Iterable = (),
    dates: list[dict] | None = None,
) -> list[dict]:
    """Durations ("five years", "the past two years", "four-week", "90 days") as
    :func:`find_timexes` gives them, for components that must not read them as counts
    or dates. ``dates`` (the output of ``find_dates``) keeps "two years ago" a date.
    """
    found = find_timexes(text, base, skip=skip, dates=dates)
    return sorted(
        [t for t in found if t["type"] == "DURATION"]
        + [t["counted"] for t in found if "counted" in t],
        key=lambda t: (t["start"], t["end"]),
    )


def _set_value(unit: str) -> str:
    if unit in _SET_VALUE:
        return _SET_VALUE[unit]
    if unit in WEEKDAYS:
        return f"XXXX-WXX-{WEEKDAYS.index(unit) + 1}"
    if unit in DAY_PARTS:
        return f"XXXX-XX-XXT{DAY_PARTS[unit]}"
    return f"XXXX-{SEASONS[unit]}"


def _in_name(text: str, start: int, end: int) -> bool:
    """A capitalised word inside a name: "China Daily", "the Quarterly Labour Force
    Survey"."""
    if not text[start].isupper():
        return False
    before = re.search(r"\b([A-Z]\w*)\s+$", text[max(0, start - 30) : start])
    after = re.match(r"\s+[A-Z]", text[end : end + 3])
    return bool(before or after)


def _is_age(text: str, start: int, end: int) -> bool:
    return bool(
        _AGE_BEFORE.search(text[max(0, start - 10) : start])
        or _AGE_AFTER.match(text[end : end + 16])
    )


def warm_up_dateparser() -> None:
    """dateparser loads its language data on first use; do it once at load time, not
    inside the first guarded call's time limit."""
    from pipeline.nlp.normalize import _date_data_parser

    try:
        _date_data_parser(dt.date(2000, 1, 1)).get_date_data("last Tuesday")
    except Exception as err:  # noqa: BLE001 - a broken install must not stop loading
        import logging

        logging.getLogger(__name__).warning("dateparser failed to initialise: %s", err)


class DateExtractor:
    """Writes ``doc._.cc_dates``."""

    def __init__(self, nlp: Language, name: str, *, use_entities: bool = True):
        install_extensions()
        self.name = name
        self.use_entities = use_entities
        warm_up_dateparser()

    def __call__(self, doc: Doc) -> Doc:
        base = dt.date.fromisoformat(doc._.cc_base_date) if doc._.cc_base_date else None
        ents = (
            [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
            if self.use_entities
            else []
        )
        skip = list(doc._.cc_skip or [])
        text = text_of(doc)

        def tense(start: int, end: int) -> str | None:
            found, value = tense_in_doc(doc, start, end)
            return value if found else tense_near(text, start, end)

        def reading(start: int, end: int, way, granularity) -> DateReading:
            found = reading_in_doc(doc, start, end, way, granularity)
            return found or reading_near(text, start, end, way, granularity)

        has_parse = doc.has_annotation("DEP")
        with guard.collect() as failures:
            try:
                dates = find_dates(
                    text,
                    base,
                    ents,
                    skip,
                    tense=tense if has_parse else None,
                    reading=reading if has_parse else None,
                )
                if doc._.cc_base_nominal:
                    dates = stand_in_mentions(dates, _dateline_day_known(doc))
                doc._.cc_dates = dates
            except Exception as err:  # one article's failure must not stop the batch
                doc._.cc_dates = []
                record_failure(doc, self.name, err)
        record_lines(doc, self.name, failures)
        return doc


def _dateline_day_known(doc: Doc) -> bool:
    line = doc._.cc_dateline
    return bool(line and line.get("date_start") is not None)


@Language.factory(
    "cc_dates",
    default_config={"use_entities": True},
    requires=["doc.ents"],
    assigns=["doc._.cc_dates"],
)
def make_date_extractor(
    nlp: Language, name: str, *, use_entities: bool
) -> DateExtractor:
    return DateExtractor(nlp, name, use_entities=use_entities)
