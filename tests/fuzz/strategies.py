"""Hypothesis strategies: news-like text that hits the extractors' patterns often,
any Unicode text, dates across the whole calendar, and claim frames of the kinds the
claim builder makes."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from pipeline.claims import CHANGES, Claim
from pipeline.nlp.normalize import WEEKDAYS

# Words and marks the extractors look for, so random text exercises their patterns
# (and their edges) far more often than uniform Unicode does.
NEWS_TOKENS = [
    " ", " ", " ", "\n", "\n\n", "\r\n", ", ", ". ", "-", "--", "—", "–", "/", "(", ")",
    "[", "]", "<", ">", "<>", "[TK]", "TK", "XX", "$XX million", "[number]", "???",
    "0", "1", "7", "12", "24", "100", "1,400", "3.3", "8.1", "2023", "2024", "1999",
    "0.5", "-3", "½", "٣", "१२", "１２",  # digits of other scripts
    "$", "€", "£", "¥", "US$", "yuan", "dollars", "percent", "per cent", "%",
    "percentage points", "million", "billion", "trillion", "bn", "m", "km", "tonnes",
    "about", "more than", "nearly", "at least", "up to", "rose", "fell", "up", "down",
    "first", "second", "third", "9th", "11th", "No. 1", "top", "Top 24", "of the top",
    "for the fifth consecutive year", "ranked", "ranking", "out of",
    "January", "Jan.", "Sept.", "May", "9 Sep", "Monday", "on Thursday", "last year",
    "this year", "next month", "early 2023", "mid-", "2023-09-25", "25/09/2023",
    "Q3", "third quarter", "2020-21", "1990s", "the 21st century",
    "BEIJING", "LONDON, 3 May (Reuters) -", "Sept. 5 (Xinhua) --", "/PRNewswire/",
    "China", "the company", "Acme Corp", "Shenzhen-Hong Kong", "its", "the city's",
    "said", "was", "were", "will", "has", "killed", "people", "seats", "votes",
    "three", "five", "dozens", "a third", "twice", "and", "or", ":", ";", "'s",
    "发布时间", "中国", "Москва", "مرحبا", "😀", "\u200b", "\u202e", "a\u0301",
    "\ufeff", "\x00", "\x1b", "\u2028", "\x85", "\t",
]  # fmt: skip

news_text = st.lists(
    st.one_of(st.sampled_from(NEWS_TOKENS), st.text(max_size=4)), max_size=60
).map("".join)
any_text = st.text(max_size=300)
text = st.one_of(news_text, any_text)

# Every date Python has, weighted towards the edges and towards today.
any_date = st.one_of(
    st.dates(),
    st.sampled_from(
        [dt.date.min, dt.date.max, dt.date(1, 1, 2), dt.date(9999, 12, 30)]
    ),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
)
# What the corpus lets through as a publication date (corpus.MIN_YEAR..MAX_YEAR)
published_date = st.dates(
    min_value=dt.date(1800, 1, 1), max_value=dt.date(2199, 12, 31)
)

ARTICLES = ("a", "b", "c")
SUBJECTS = (None, "acme", "china", "leeds", "quake")
MEASURES = (None, "revenue", "death", "rd investment", "seats", "share")
PERIODS = (None, "2023", "2024", "2023-Q3", "--05-03", "2020/2029")
UNITS = (None, "USD", "CNY", "EUR", "percent", "percentage point", "kilometre")
QUALIFIERS = ("update", "plan", "previous", "current", "first time", "comparison")
RANKINGS = (None, "premier league", "global innovation index", "top clusters")


@st.composite
def date_value(draw):
    """(value, granularity, extra) as the date normaliser writes them."""
    d = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
    kind = draw(
        st.sampled_from(
            ["day", "month", "year", "week", "quarter", "yearless", "range"]
        )
    )
    extra = {"explicit_year": draw(st.booleans())}
    if draw(st.booleans()):
        extra["weekday"] = draw(st.sampled_from(WEEKDAYS))
    if draw(st.booleans()):
        extra["source"] = draw(
            st.sampled_from(["pattern", "weekday", "relative", "entity"])
        )
    if kind == "day":
        return d.isoformat(), "day", extra
    if kind == "month":
        return f"{d.year:04d}-{d.month:02d}", "month", extra
    if kind == "week":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}", "week", extra
    if kind == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}", "quarter", extra
    if kind == "yearless":
        extra["resolved"] = dt.date(2000, d.month, min(d.day, 28)).isoformat()
        extra["explicit_year"] = False
        return f"--{d.month:02d}-{min(d.day, 28):02d}", "day", extra
    if kind == "range":
        return f"{d.year:04d}/{d.year + 9:04d}", "decade", extra
    return f"{d.year:04d}", "year", extra


finite = st.floats(
    allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15
)


@st.composite
def claim_on(draw, texts: dict[str, str]):
    """One claim whose span lies inside its article's text."""
    article = draw(st.sampled_from(sorted(texts)))
    body = texts[article]
    start = draw(st.integers(0, len(body) - 1))
    end = draw(st.integers(start + 1, min(len(body), start + 40)))
    ctype = draw(
        st.sampled_from(
            ["date", "money", "percent", "quantity", "count", "rank", "number"]
        )
    )
    kw: dict = {
        "subject": draw(st.sampled_from(SUBJECTS)),
        "measure": draw(st.sampled_from(MEASURES)),
        "period": draw(st.sampled_from(PERIODS)),
        "change": draw(st.sampled_from(CHANGES)),
        "role": draw(st.sampled_from(["body", "body", "dateline", "title", "caption"])),
        "tense": draw(st.sampled_from([None, "past", "present", "future"])),
        "qualifiers": tuple(
            draw(st.lists(st.sampled_from(QUALIFIERS), max_size=2, unique=True))
        ),
    }
    kw["subject_key"] = kw["subject"]
    kw["measure_key"] = kw["measure"]
    s0 = draw(st.integers(0, start))
    kw["sentence"] = (s0, draw(st.integers(end, len(body))))
    extra: dict = {}
    if ctype == "date":
        value, granularity, extra = draw(date_value())
        kw.update(granularity=granularity, low=None, high=None, change="=")
    else:
        value = draw(finite)
        if ctype in ("rank", "count"):
            value = float(draw(st.integers(0, 500)))
        low = draw(
            st.one_of(st.none(), st.just(value), finite.map(lambda x: min(x, value)))
        )
        high = draw(
            st.one_of(st.none(), st.just(value), finite.map(lambda x: max(x, value)))
        )
        kw.update(low=low, high=high, unit=draw(st.sampled_from(UNITS)))
        if ctype in ("rank", "count"):
            kw["list_size"] = draw(st.one_of(st.none(), st.integers(1, 500)))
        if ctype == "rank":
            kw["streak"] = draw(st.one_of(st.none(), st.integers(1, 10)))
            kw["ranking"] = draw(st.sampled_from(RANKINGS))
            extra["named"] = draw(st.booleans())
        if ctype == "count":
            extra["count_in_list"] = draw(st.booleans())
            if draw(st.booleans()):
                extra["items"] = draw(st.integers(0, 20))
    if draw(st.booleans()):
        extra["event"] = draw(st.sampled_from(["quake", "vote", "launch"]))
    return Claim(
        article, start, end, body[start:end], ctype, value,
        extra=tuple(sorted(extra.items())), **kw,
    )  # fmt: skip
