"""Date checks: a dateline before an event it reports in the past tense; a weekday
that does not match its date; one event given different dates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pipeline.checks import (
    Batch,
    aliases_of,
    canonical_subject,
    claims_of,
    evidence,
    finding,
    register,
)
from pipeline.claims import Claim
from pipeline.dating import day_month, describe
from pipeline.findings import Finding
from pipeline.lexicon.calendar import WEEKDAYS

BODY_ROLES = ("body",)
# What a date mention must be for the dateline to have to precede it: something
# reported as having happened (or said) on that day. Plans, deadlines, record dates,
# bounds ("before June 12"), comparisons and periods are not (see
# pipeline.lexicon.calendar.MOODS); None is a claim made before moods were read.
HAPPENED = (None, "event", "report")
# What one event's date must be to be compared across articles.
EVENT_MOODS = (None, "event")


def _fmt(iso: str, with_year: bool = True) -> str:
    """'3 May 2024'; '3 May' when the year is only the stand-in year (the message
    says so once); '3 May, year not stated' for a yearless value."""
    return describe(iso) if with_year or iso.startswith("--") else day_month(iso)


def _happened(c: Claim) -> bool:
    return c.get("mood") in HAPPENED and not c.get("negated")


def _day(c: Claim) -> str:
    """The claim's date for comparisons (a yearless --MM-DD resolves in the stand-in year)."""
    return c.get("resolved") or c.value


@register(
    "dateline_before_event",
    kind="date",
    per_article=True,
    description="The dateline is earlier than an event the article reports as having already happened (plans, deadlines and record dates excepted).",
    severity="high",
)
def dateline_before_event(claims: list[Claim], batch: Batch) -> list[Finding]:
    """An article dated before an event it already reports as past."""
    findings = []
    by_article = defaultdict(list)
    for c in claims_of(claims, batch, "date"):
        by_article[c.article].append(c)
    for article, dates in by_article.items():
        info = batch.articles.get(article)
        if info is None or not info.dateline_date or info.dateline_span is None:
            continue
        dateline = next((c for c in dates if c.role == "dateline"), None)
        if dateline is None:
            continue
        line_date = dt.date.fromisoformat(info.dateline_date)
        for c in dates:
            if c.role not in BODY_ROLES or c.granularity != "day" or c.tense != "past":
                continue
            if not _day(c):
                continue  # a weekday under a yearless dateline: which day is unknown
            if "plan" in c.qualifiers or c.get("source") in ("weekday", "relative"):
                continue  # relative days resolve against the dateline itself
            if not _happened(c):
                continue  # "payable May 3", "must arrive before June 12"
            event = dt.date.fromisoformat(_day(c))
            gap = (event - line_date).days
            if gap <= 0 or gap > 200:
                continue
            inferred = info.dateline_year_source in ("body", "none") or not c.get(
                "explicit_year"
            )
            years = info.dateline_year_source != "none"
            unstated = "" if years else " (the article states no year)"
            findings.append(
                finding(
                    "dateline_before_event",
                    scope="within",
                    severity="high" if gap > 1 else "medium",
                    confidence=0.75 if inferred else 0.9,
                    message=(
                        f"The dateline gives {_fmt(info.dateline_date, years)}, but the article reports "
                        f"something that already happened on {_fmt(_day(c), years)} ('{c.text}'), "
                        f"{gap} day{'s' if gap != 1 else ''} later{unstated}: the dateline "
                        "cannot precede it."
                    ),
                    evidence=(evidence(dateline, dateline.value), evidence(c)),
                )
            )
    return findings


@register(
    "weekday_mismatch",
    kind="date",
    per_article=True,
    description="A weekday is named that does not fall on the date given.",
    severity="high",
)
def weekday_mismatch(claims: list[Claim], batch: Batch) -> list[Finding]:
    """'Tuesday, March 5, 2025' when March 5, 2025 is a Wednesday."""
    findings = []
    for c in claims_of(claims, batch, "date"):
        weekday = c.get("weekday")
        if (
            c.type != "date"
            or not weekday
            or c.granularity != "day"
            or c.get("resolved")
            or not c.value
        ):
            continue
        actual = WEEKDAYS[
            dt.date.fromisoformat(c.value).weekday()
        ]  # never yearless here
        if actual == weekday:
            continue
        stated_year = c.get("explicit_year")
        findings.append(
            finding(
                "weekday_mismatch",
                scope="within",
                severity="medium",
                confidence=0.9 if stated_year else 0.7,
                message=(
                    f"'{c.text}' names a {weekday.capitalize()}, but {_fmt(c.value)} "
                    f"is a {actual.capitalize()}."
                ),
                evidence=(evidence(c),),
            )
        )
    return findings


@register(
    "event_date_mismatch",
    kind="date",
    description="Articles of one story give one event different dates.",
    severity="medium",
)
def event_date_mismatch(claims: list[Claim], batch: Batch) -> list[Finding]:
    """The same event (same subject, same verb) given different days across articles."""
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    aliases = aliases_of(claims, batch)
    for c in claims_of(claims, batch, "date"):
        if (
            c.type != "date"
            or c.role != "body"
            or c.granularity != "day"
            or c.tense != "past"
            or not _day(c)
        ):
            continue
        event = c.get("event")
        if (
            not event
            or not c.subject_key
            or event in ("be", "have", "say", "tell", "add", "note")
        ):
            continue
        if "plan" in c.qualifiers or "previous" in c.qualifiers:
            continue
        if c.get("mood") not in EVENT_MOODS or c.get("negated"):
            continue  # "has not played since December 19", "didn't play on Sunday"
        # one event: the same subject doing the same thing to the same object
        # ("beat Chelsea on Saturday" and "beat Spurs on Sunday" are two matches)
        groups[
            (
                batch.story(c.article),
                canonical_subject(c, batch, aliases),
                event,
                c.get("event_object") or "",
            )
        ].append(c)
    findings = []
    for (_, subject, event, _what), members in sorted(groups.items()):
        articles = {c.article for c in members}
        # a yearless "--05-12" compares by month and day only, so every member does
        yearless = any(c.get("resolved") for c in members)

        def day_of(c: Claim, yearless: bool = yearless) -> dt.date:
            d = dt.date.fromisoformat(_day(c))
            return d.replace(year=2000) if yearless else d

        values = {day_of(c) for c in members}
        if len(articles) < 2 or len(values) < 2:
            continue
        # each article should give one date for the event; several per article is a sequence
        per_article = defaultdict(set)
        for c in members:
            per_article[c.article].add(day_of(c))
        if any(len(v) > 1 for v in per_article.values()):
            continue
        spread = sorted(values)
        if (max(spread) - min(spread)).days > 14:
            continue
        listed = ", ".join(f"'{c.text}' ({_fmt(c.value)})" for c in members)
        findings.append(
            finding(
                "event_date_mismatch",
                scope="across",
                severity="medium",
                confidence=0.6,
                message=f"Articles give different dates for the same event ({subject}: {event}): {listed}.",
                evidence=tuple(evidence(c) for c in members),
            )
        )
    return findings
