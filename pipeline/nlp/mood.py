"""What a date mention is: the mood the text gives it (see
:data:`pipeline.lexicon.calendar.MOODS`), whether its event is negated, and the
event's object.

- **event**: something reported as having happened, or happening, on that date;
- **report**: the day a source said or published something ("said on Tuesday");
- **plan**: a plan, schedule or deadline, or a bound: "will be held on", "is due",
  "payable May 3", "holders of record on May 20", "must arrive before June 12",
  "by June 30", "expires on" (not yet past), "the vote is on Friday";
- **comparison**: the date of a compared value ("than a year earlier", "up from 5% in
  2019", "the same quarter last year");
- **period**: the period a figure covers or the start of a span: "third-quarter
  profit", "fiscal 2024", "the six months to June 30", "as of June 30", "since May".

The reading comes from the parse when there is one (:func:`reading_in_doc`: the
words on the path from the date to the verb of its event) and from the words around
the date otherwise (:func:`reading_near`). Both are pure functions of their input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipeline.lexicon.calendar import (
    COMMIT_VERBS,
    COMPARISON_PHRASE,
    FORECAST_VERBS,
    MODAL_WORDS,
    PLAN_VERBS,
    REPORT_VERBS,
    SCHEDULE_WORDS,
)
from pipeline.nlp._extensions import text_of


@dataclass(frozen=True, slots=True)
class DateReading:
    """What a date mention is (``mood``), whether its event is negated ("did not play
    on Sunday"), and the lemma of the event's object ("beat *Chelsea* on Sunday")."""

    mood: str = "event"
    negated: bool = False
    event_object: str | None = None
    # the way a yearless date points when the mood tells it (a plan, a deadline or a
    # schedule lies ahead of the article's date whatever the tense of the sentence)
    direction: str | None = None
    # the noun a date modifies before it ("third-quarter *profit*", "full-year
    # *sales*"): the figure that noun names carries the date as its period
    modifies: str | None = None


# ------------------------------------------------------------------ words before

# The words right before a date that make it a bound or a deadline ("before June 12",
# "no later than May 3", "by the end of June").
_BOUND_BEFORE = re.compile(
    r"\b(?:by|before|until|till|til|pending|ahead\s+of|prior\s+to|no\s+later\s+than"
    r"|not\s+later\s+than|within|up\s+to|on\s+or\s+before|deadline\s+(?:of|is|was))"
    r"\s+(?:the\s+(?:end|close|middle)\s+of\s+)?(?:the\s+)?"
    # a clock time may stand between the bound and the day ("until 9 a.m. Tuesday")
    r"(?:(?:\d{1,2}(?::[0-5]\d)?\s*(?:[ap]\.m\.|[ap]m)(?:\s+[ECMP][SD]T|\s+GMT)?"
    r"|noon|midnight),?\s+)?$",
    re.I,
)
# An infinitive right after a bound's date makes it a deadline to act by, which lies
# ahead ("has until Friday to appeal", "were given until noon Monday to leave").
_DEADLINE_AFTER = re.compile(r"^,?\s+to\s+(?!date\b|the\b|a\b|an\b)[a-z]+\b")
# "had until", "up until": a bound spoken of as past.
_PAST_BOUND = re.compile(r"\b(?:had|up)\s+(?:\S+\s+){0,3}?until\b", re.I)
# Bounds that only a coming date can have ("as soon as Tuesday", "as early as May").
_AHEAD_BEFORE = re.compile(r"\bas\s+(?:soon|early)\s+as\s+(?:the\s+)?$", re.I)
# A schedule word right before a date, whatever the parse attaches the date to.
_SCHEDULE_RIGHT_BEFORE = re.compile(
    r"\b(?:payable|due|of\s+record|record\s+date|effective|deadline|expir(?:es|ing|y)"
    r"|matur(?:es|ing|ity)|scheduled|slated)\s+(?:(?:on|for|of|by|from|at|is|as\s+of)"
    r"\s+)?(?:the\s+)?$",
    re.I,
)
# The start of a span ("since December 19", "as of June 30", "the six months to June
# 30", "the year ended March 31").
_PERIOD_BEFORE = re.compile(
    r"\b(?:since|as\s+of|as\s+at"
    r"|(?:months?|weeks?|years?|quarters?|half|period|days?)\s+(?:to|ended|ending"
    r"|through|until)|year-end|year\s+to\s+date)\s+(?:the\s+)?$",
    re.I,
)
# A compared value's date: "than in 2019", "compared with March", "up from 5 percent
# in 2019", "versus a year earlier".
_COMPARED_BEFORE = re.compile(
    r"\b(?:than|compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|versus|vs\.?"
    r"|against)\s+(?:\S+\s+){0,4}?(?:in\s+|on\s+|at\s+)?(?:the\s+)?$"
    r"|\b(?:up|down|rose|risen|rising|fell|fallen|falling|increased?|decreased?|grew"
    r"|grown|jumped|dropped|declined|climbed|slipped|gained|lost|edged)\s+(?:\S+\s+)"
    r"{0,6}?from\s+(?:\S+\s+){0,5}?(?:in|on|at)\s+(?:the\s+)?$",
    re.I,
)
# One of these must stand in the words before a date for _COMPARED_BEFORE to match (a
# cheap test before a costly one).
_COMPARED_WORD = re.compile(
    r"\b(?:than|compared|comparison|versus|vs|against|from)\b", re.I
)
# Figures of a period: a quarter, a half or a fiscal year named as such.
_PERIOD_TEXT = re.compile(
    r"\b(?:quarter|half|fiscal|financial\s+year|full[-\s]year|year-end"
    r"|year\s+to\s+date|Q[1-4]|H[12]|(?:months?|year)\s+(?:to|ended|ending|through))\b"
    r"|\bFY\s?\d",
    re.I,
)
_FORECAST_BEFORE = re.compile(
    r"\b(?:expects?|expected|forecasts?|projects?|predicts?|anticipates?|sees|targets?"
    r"|budgets?|plans?|intends?|aims?)\b[^.;:!?]*$",
    re.I,
)
_SCHEDULE_TEXT = re.compile(
    r"\b(?:payable|due|deadline|of\s+record|record\s+date|effective|expir\w*"
    r"|maturity|matures?|redeem\w*|redemption|scheduled|slated|planned|set\s+for)\b"
    r"[^.;:!?]{0,40}$",
    re.I,
)
_REPORT_TEXT_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|added|confirmed|disclosed"
    r"|revealed|wrote|published|released)\s+(?:on\s+)?$",
    re.I,
)
_REPORT_TEXT_AFTER = re.compile(
    r"^,?\s+(?:that\s+)?(?:said|told|announced|reported|confirmed|disclosed)\b",
    re.I,
)
_NEGATION_BEFORE = re.compile(
    r"\b(?:not|n't|never|no\s+longer)\b(?:\s+\w+){0,4}\s+(?:on|in|at|since)?\s*$",
    re.I,
)
# A lower-case word right after a hyphenated date ("third-quarter profit").
_NOUN_AFTER = re.compile(r"[^\S\n]+([a-z][a-z-]+)\b")
# How far before a date its cue words may stand, within its clause.
CUE_WINDOW = 60


# (the point of "a.m." and "p.m." ends no clause: "until 9 a.m. Tuesday")
_CLAUSE_BREAK = re.compile(r"(?<![ap]\.[mM])\.(?=\s)|[;:!?](?=\s)|\n")


def _clause_before(text: str, start: int) -> str:
    """The words before ``start`` back to the last clause break (or CUE_WINDOW);
    a decimal point ("2.6 billion") is no break."""
    window = text[max(0, start - CUE_WINDOW) : start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    return window[breaks[-1].end() :] if breaks else window


def _mood_from_words(text: str, start: int, end: int, granularity: str | None) -> str:
    """The mood the words right around a date give it, or "" when they give none."""
    before = _clause_before(text, start)
    surface = text[start:end]
    if COMPARISON_PHRASE.search(surface) or (
        _COMPARED_WORD.search(before) and _COMPARED_BEFORE.search(before)
    ):
        return "comparison"
    if _AHEAD_BEFORE.search(before):
        return "ahead"
    if _SCHEDULE_RIGHT_BEFORE.search(before):
        return "ahead"  # "holders of record on May 20", "payable May 3"
    if _BOUND_BEFORE.search(before):
        if _DEADLINE_AFTER.match(text[end : end + 24]) and not _PAST_BOUND.search(
            before
        ):
            return "ahead"
        return "plan"
    if (
        _PERIOD_BEFORE.search(before)
        or _PERIOD_TEXT.search(surface)
        or granularity in ("quarter", "half")
    ):
        return "period"
    return ""


def reading_near(
    text: str,
    start: int,
    end: int,
    tense: str | None,
    granularity: str | None = None,
) -> DateReading:
    """A date's reading from the words around it (no parse).

    Args:
        text: the article text.
        start, end: the date's span.
        tense: "past", "future" or None, as the sentence gives it.
        granularity: the date's granularity (quarters and halves are periods).
    """
    before = _clause_before(text, start)
    negated = bool(_NEGATION_BEFORE.search(before))
    noun = _NOUN_AFTER.match(text, end) if "-" in text[start:end] else None
    modifies = noun[1].lower() if noun else None
    mood = _mood_from_words(text, start, end, granularity)
    if mood == "ahead":
        return DateReading("plan", negated, None, "future", modifies)
    if mood:
        ahead = tense == "future" or (
            mood == "period" and bool(_FORECAST_BEFORE.search(before))
        )
        return DateReading(mood, negated, None, "future" if ahead else None, modifies)
    if _SCHEDULE_TEXT.search(before) or tense == "future":
        return DateReading("plan", negated, None, "future", modifies)
    if _REPORT_TEXT_BEFORE.search(before) or _REPORT_TEXT_AFTER.match(
        text[end : end + 30]
    ):
        return DateReading("report", negated, modifies=modifies)
    return DateReading("event", negated, modifies=modifies)


# ------------------------------------------------------------------ from the parse

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_OBJECTS = ("dobj", "attr", "oprd")
_AUX = ("aux", "auxpass")
# A date that modifies a noun in these ways dates that noun ("2023 revenue",
# "third-quarter profit", "Saturday's clash").
_NOUN_MODIFIER = ("compound", "amod", "nmod", "poss", "npadvmod", "nummod")
# How far up the tree the verb of a date's event is looked for.
PATH_STEPS = 8


def _path_to_event(token: Token) -> tuple[list[Token], Token | None, Token | None]:
    """The tokens from a date's root up to the verb of its event, the nearest verb
    (not an auxiliary: its tense and modals govern the date) and the verb of the
    event (the first verb up the tree that has a subject, else the nearest)."""
    path: list[Token] = []
    nearest = None
    t = token
    for _ in range(PATH_STEPS):
        if t.head.i == t.i:
            break
        t = t.head
        path.append(t)
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in _AUX:
            nearest = nearest or t
            if any(c.dep_ in _SUBJECTS for c in t.children):
                return path, nearest, t
    return path, nearest, nearest


def _present(verb: Token) -> bool:
    auxes = [c for c in verb.children if c.dep_ in _AUX]
    if auxes:  # "is meeting on Friday", "when the case is heard in May"
        return all(a.tag_ in ("VBZ", "VBP") for a in auxes) and verb.tag_ in (
            "VBG",
            "VBN",
        )
    # the tagger reads a main verb after a plural subject as a base form at times
    # ("Holders of record on March 25 receive ...")
    return verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VB" and verb.dep_ == "ROOT")


def _schedule_word(token: Token) -> bool:
    """A schedule word on the path, modifying a noun on it ("the slated visit"), or
    hanging off it by "of" ("holders of record on May 20")."""
    if token.lemma_.lower() in SCHEDULE_WORDS and token.pos_ in ("ADJ", "NOUN", "ADV"):
        return True
    if token.pos_ == "NOUN" and any(
        child.dep_ in ("amod", "compound") and child.lower_ in SCHEDULE_WORDS
        for child in token.children
    ):
        return True  # "the slated visit in September", "the planned vote"
    return any(
        child.lower_ == "of"
        and any(g.lemma_.lower() in SCHEDULE_WORDS for g in child.children)
        for child in token.children
    )


def _planned(verb: Token | None) -> bool:
    """A verb that plans its object ("planned a rally on Saturday") or the
    infinitive under one ("planned to leave on Thursday")."""
    if verb is None:
        return False
    if verb.lemma_.lower() in ("plan", "schedule", "slate"):
        return True
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    head = verb.head
    if head.lemma_.lower() in PLAN_VERBS:
        return True
    past = head.tag_ in ("VBD", "VBN") or any(
        c.dep_ in _AUX and c.tag_ == "VBD" for c in head.children
    )
    return head.lemma_.lower() in COMMIT_VERBS and not past


def _negated(verb: Token | None) -> bool:
    if verb is None:
        return False
    words = [c for c in verb.children if c.dep_ == "neg"]
    words += [c for c in verb.children if c.lower_ in ("never", "not", "n't")]
    return bool(words)


def reading_in_doc(
    doc: Doc,
    start: int,
    end: int,
    tense: str | None,
    granularity: str | None = None,
) -> DateReading | None:
    """A date's reading from the parse: the words on the path from the date to the
    verb of its event (a schedule word such as "payable" or "record", a modal or a
    future, a present tense, a reporting verb), the words right before it (a bound,
    a comparison, a period) and the event's negation and object. None when the date
    does not align with the tokens (the caller reads the words instead).

    Args:
        doc: the parsed article.
        start, end: the date's span.
        tense: "past", "future" or None, as the parse gives the date's verb.
        granularity: the date's granularity.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    text = text_of(doc)  # the cached text: Doc.text is rebuilt from the tokens
    path, verb, event = _path_to_event(span.root)
    negated = _negated(verb)
    obj = None
    if event is not None:
        objects = [c for c in event.children if c.dep_ in _OBJECTS]
        obj = objects[0].lemma_.lower() if objects else None
    root = span.root
    modifies = None
    if (
        root.dep_ in _NOUN_MODIFIER
        and root.head.pos_ == "NOUN"
        and root.head.i > root.i
    ):
        modifies = root.head.lemma_.lower()
    mood = _mood_from_words(text, start, end, granularity)
    if mood == "ahead":
        return DateReading("plan", negated, obj, "future", modifies)
    if mood:
        ahead = tense == "future" or (
            mood == "period"
            and verb is not None
            and verb.lemma_.lower() in FORECAST_VERBS
            and tense != "past"
        )
        return DateReading(mood, negated, obj, "future" if ahead else None, modifies)
    if (
        root.dep_ in _NOUN_MODIFIER
        and root.head.pos_ == "NOUN"
        and granularity not in ("day", "week")
    ):
        return DateReading("period", negated, obj, None, modifies)
    on_path = path[: path.index(verb)] if verb in path else path
    schedule = any(_schedule_word(t) for t in on_path)
    modal = verb is not None and any(
        c.dep_ in _AUX and c.lower_ in MODAL_WORDS for c in verb.children
    )
    if schedule or modal or tense == "future" or _planned(verb):
        return DateReading("plan", negated, obj, "future", modifies)
    if verb is not None and verb.lemma_.lower() in REPORT_VERBS:
        return DateReading("report", negated, obj, None, modifies)
    if verb is not None and _present(verb) and tense != "past":
        # "the vote is on Friday", "the company reports results on Tuesday": a
        # specific day spoken of in the present is on the calendar, not past
        return DateReading("plan", negated, obj, "future", modifies)
    return DateReading("event", negated, obj, None, modifies)
