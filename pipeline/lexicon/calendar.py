"""Calendar words as data: weekdays, months, seasons, parts of the day, holidays, and
the words that tell what a date mention is (an event, a plan or deadline, a reporting
date, a comparison, the period of a figure).

Nothing here depends on spaCy: the date extractor (``pipeline.nlp``), the dating module
(``pipeline.dating``) and the checks (``pipeline.checks``) all read these tables, so one
list cannot drift from a copy of it.
"""

from __future__ import annotations

import re

WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)  # fmt: skip
# A month as news copy writes it: in full or abbreviated ("Jan.", "Sept", "Sep.").
MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?"
    r"|Dec(?:ember|\.)?)"
)
FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)"
)
MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# A day of the month as written: "3", "03", "3rd", "21st".
DAY_OF_MONTH = r"\d{1,2}(?:st|nd|rd|th)?"


def month_number(name: str) -> int:
    """'Sept.' -> 9, 'march' -> 3.

    Raises:
        KeyError: not a month name.
    """
    return MONTH_NUM[name.strip(".").lower()[:3]]


_MONTH_RE = re.compile(MONTH)


def day_and_month(words: str) -> tuple[int, int] | None:
    """The (month, day) a short date phrase names, in either order and with or
    without an ordinal suffix: '3 May', '3rd May', 'May 3', 'May 3rd, 2024' all give
    (5, 3). None when it names no month and day."""
    month = _MONTH_RE.search(words)
    if month is None:
        return None
    rest = words[: month.start()] + " " + words[month.end() :]
    day = re.search(r"(?<![\d])(\d{1,2})(?:st|nd|rd|th)?(?![\d])", rest)
    if day is None:
        return None
    return month_number(month[0]), int(day[1])


# Time zones and hour words after a four-digit figure make it a 24-hour clock time,
# not a year ("kick-off 2000 GMT", "at 1430 hrs").
TIME_ZONE = (
    r"(?:GMT|UTC|BST|CES?T|EES?T|WES?T|IST|JST|AES?T|[ECMP][SD]T|Z|hrs?|hours|h"
    r"|local\s+time)\b"
)
NOT_A_CLOCK = rf"(?![^\S\n]*{TIME_ZONE})"

# TimeML season codes; a winter is named after the year it starts in.
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
SEASON = r"(?:spring|summer|fall|autumn|winter)"
# Parts of the day, as TimeML writes them after the date ("2013-03-22TAF").
DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
# Nouns after "today's" that make it the present age, not the article's day
# ("today's youth", "in today's world", "by today's standards", "in today's money"):
# no single day is meant. Words for what happens on one day (meeting, game, market,
# paper), or for who takes part in one (voters, visitors, players, fans, stars), are
# not listed.
PRESENT_AGE_NOUNS = (
    "youth", "young", "youngsters", "children", "kids", "teenagers", "teens",
    "babies", "pupils", "students", "parents", "families", "gamers", "consumers",
    "celebrities", "generation", "generations", "world", "society", "culture",
    "media", "standards", "money", "dollars", "terms", "technology", "devices",
    "products", "computers", "networks", "cars", "era",
)  # fmt: skip

# ------------------------------------------------------------------ holidays

# Holidays a date can be named by, with the rule that gives their day in a year:
# ("fixed", month, day), ("nth", month, weekday index, n) with n = -1 for the last,
# and ("easter", offset in days). Only holidays whose day is the same wherever English
# news is written, or that are plainly national (Thanksgiving, the Fourth of July),
# are listed: "Mother's Day" differs between countries and "election day" is the day
# of whichever election the story is about.
HOLIDAYS: dict[str, tuple] = {
    "new year's day": ("fixed", 1, 1),
    "new year's eve": ("fixed", 12, 31),
    "christmas eve": ("fixed", 12, 24),
    "christmas day": ("fixed", 12, 25),
    "christmas": ("fixed", 12, 25),
    "boxing day": ("fixed", 12, 26),
    "valentine's day": ("fixed", 2, 14),
    "st patrick's day": ("fixed", 3, 17),
    "st. patrick's day": ("fixed", 3, 17),
    "halloween": ("fixed", 10, 31),
    "bastille day": ("fixed", 7, 14),
    "independence day": ("fixed", 7, 4),
    "the fourth of july": ("fixed", 7, 4),
    "armistice day": ("fixed", 11, 11),
    "remembrance day": ("fixed", 11, 11),
    "veterans day": ("fixed", 11, 11),
    "thanksgiving day": ("nth", 11, 3, 4),
    "thanksgiving": ("nth", 11, 3, 4),
    "labor day": ("nth", 9, 0, 1),
    "memorial day": ("nth", 5, 0, -1),
    "martin luther king day": ("nth", 1, 0, 3),
    "presidents' day": ("nth", 2, 0, 3),
    "easter sunday": ("easter", 0),
    "easter day": ("easter", 0),
    "easter": ("easter", 0),
    "good friday": ("easter", -2),
    "easter monday": ("easter", 1),
}
HOLIDAY = (
    r"(?:"
    + "|".join(
        re.escape(name).replace("'", "['’]").replace(r"\ ", r"\s+")
        for name in sorted(HOLIDAYS, key=len, reverse=True)
    )
    + r")"
)

# ------------------------------------------------------------------ what a date is

# What a date mention is (``mood`` on doc._.cc_dates):
# - "event": something reported as having happened (or happening) on that date;
# - "report": the date on which a source said or published something;
# - "plan": a plan, schedule or deadline, or a bound ("by June 30", "before May 3",
#   "until Friday"), a record or payment date: nothing has happened on it yet;
# - "comparison": the date of a compared value ("than a year earlier");
# - "period": the period a figure covers ("third-quarter profit", "fiscal 2024", "the
#   six months to June 30") or the start of a span ("since December 19").
MOODS = ("event", "report", "plan", "comparison", "period")

# Words (adjectives, nouns, adverbs) on the way from a date to its verb that make the
# date a schedule, a deadline or a record date whatever the tense of the sentence
# ("declared a dividend payable May 3 to holders of record April 20", "the deadline
# of June 12", "effective May 1").
SCHEDULE_WORDS = frozenset(
    {
        "payable", "due", "deadline", "record", "effective", "expiry", "expiration",
        "maturity", "redemption", "timetable", "target", "schedule", "upcoming",
        "scheduled", "slated", "planned", "forthcoming",
    }
)  # fmt: skip
# Modal words that make the clause a requirement or a plan ("could", "might" and
# "may" say what is possible, which may lie either side of the article's date).
MODAL_WORDS = frozenset({"will", "shall", "'ll", "wo", "would", "must", "should", "'d"})
# Verbs whose object or infinitive is a plan whatever their tense ("planned a rally
# on Saturday", "were planning to drive to the airport on Monday").
PLAN_VERBS = frozenset(
    {
        "plan", "schedule", "slate", "intend", "expect", "aim", "hope", "want",
        "prepare", "seek", "arrange", "organize", "organise",
    }
)  # fmt: skip
# Verbs whose infinitive is a plan only while they are not past: "agreed to sell in
# October" is as often the day of the agreement as of the sale.
COMMIT_VERBS = frozenset(
    {"agree", "decide", "promise", "vow", "pledge", "threaten", "propose", "call"}
)  # fmt: skip
# Verbs whose date is the day a source spoke or published.
REPORT_VERBS = frozenset(
    {
        "say", "tell", "announce", "report", "state", "add", "confirm", "note",
        "disclose", "reveal", "comment", "explain", "write", "publish", "release",
        "quote", "claim", "warn", "insist", "argue", "predict", "estimate",
    }
)  # fmt: skip
# Verbs that put the period they govern ahead ("expects second-half growth").
FORECAST_VERBS = frozenset(
    {"expect", "forecast", "project", "predict", "anticipate", "target", "budget",
     "see", "guide", "aim", "plan", "intend"}
)  # fmt: skip
# Relative phrases that name the time of a compared value ("a year earlier").
COMPARISON_PHRASE = re.compile(
    r"^(?:an?|one|the)\s+(?:year|quarter|month|week)\s+(?:earlier|before)$"
    r"|^(?:the\s+)?(?:previous|prior|preceding|year-ago|year-earlier)\s+"
    r"(?:year|quarter|month|period)$|^the\s+same\s+(?:quarter|period|month|time)\b",
    re.I,
)
