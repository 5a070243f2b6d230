"""Where a value stands (dateline, meta line, caption, title, body), the tense of its
clause, and the qualifiers that change how it may be compared."""

from __future__ import annotations

import re

from spacy.tokens import Token

from pipeline.corpus import MONTH
from pipeline.lexicon.frames import (
    APPOSITION_MAX_WORDS,
    APPOSITION_VERBS,
    AUXILIARY_DEPS,
    CAPTION_CREDIT,
    CAPTION_WORDS,
    CHANGE_BASES,
    CURRENT_WORDS,
    FIRST_TIME,
    FUTURE_AUXILIARIES,
    META_MAX_CHARS,
    META_MAX_WORDS,
    MODALS,
    NOMINAL_SUBJECT_DEPS,
    PERFECT_AUXILIARIES,
    PLAN_WORDS,
    PREVIOUS_WORDS,
    TITLE_ENDINGS,
    TITLE_MAX_CHARS,
    UPDATE_WORDS,
)
from pipeline.nlp.frames.parse import governing_verb

# ------------------------------------------------------------------------- roles


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the line holding ``pos``."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b < 0 else b)


def role_of(text: str, pos: int, body_start: int, dateline: dict | None) -> str:
    """Where a value stands: dateline, meta (a timestamp line), caption, title or
    body."""
    if (
        dateline
        and dateline.get("date_start") is not None
        and dateline["date_start"] <= pos < dateline["date_end"]
    ):
        return "dateline"
    a, b = line_bounds(text, pos)
    line = text[a:b].strip()
    if is_meta_line(line):
        return "meta"
    if CAPTION_CREDIT.search(line) or CAPTION_WORDS.search(line):
        return "caption"
    body = text[body_start:]
    first_line_start = body_start + len(body) - len(body.lstrip())
    if (
        a <= first_line_start
        and len(line) < TITLE_MAX_CHARS
        and not line.endswith(TITLE_ENDINGS)
    ):
        return "title"
    return "body"


def is_meta_line(line: str) -> bool:
    """A short line holding little but a date and time (a byline timestamp)."""
    if len(line) > META_MAX_CHARS or not re.search(
        r"\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b", line
    ):
        return False
    rest = re.sub(r"\d{1,2}:\d{2}(?::\d{2})?|\b\d{1,4}\b|[^\w\s]", " ", line)
    rest = re.sub(rf"\b{MONTH}", " ", rest)
    return len(rest.split()) <= META_MAX_WORDS


def in_apposition(text: str, start: int, end: int, sent: tuple[int, int]) -> bool:
    """True when [start, end) sits in a comma-delimited appositive without a verb
    ("The airport, Japan's fourth-busiest, served ...")."""
    before = text[max(sent[0], start - 40) : start]
    after = text[end : min(sent[1], end + 30)]
    m_before = re.search(r",\s*([^,;:]*)$", before)
    m_after = re.match(r"([^,;:]*),", after)
    if not (m_before and m_after):
        return False
    inner = m_before.group(1) + " " + m_after.group(1)
    return len(inner.split()) <= APPOSITION_MAX_WORDS and not APPOSITION_VERBS.search(
        inner
    )


# ------------------------------------------------------------------------- tense


def tense_of(token: Token) -> str | None:
    """past, present or future: the tense of the clause governing ``token``."""
    verb = governing_verb(token)
    if verb is None:
        return None
    auxes = [c for c in verb.children if c.dep_ in AUXILIARY_DEPS]
    if any(a.lower_ in FUTURE_AUXILIARIES for a in auxes) or verb.tag_ == "MD":
        return "future"
    if any(a.lower_ in PERFECT_AUXILIARIES for a in auxes):
        return "past"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"  # "is sworn in", "are expected"
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl"):
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    if verb.tag_ == "VBG" and verb.head.i != verb.i:
        return tense_of_verb(verb.head)
    return None


def tense_of_verb(verb: Token) -> str | None:
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return None


# Clauses up the tree from a date to the verb of its event.
EVENT_CLIMB = 4


def event_verb(token: Token) -> Token | None:
    """The verb of the event a date belongs to: the first verb up the tree that has a
    subject ("United clinched the title with a match to spare on Sunday" -> clinch)."""
    verb = governing_verb(token)
    first = verb
    for _ in range(EVENT_CLIMB):
        if verb is None:
            return first
        if any(c.dep_ in NOMINAL_SUBJECT_DEPS for c in verb.children):
            return verb
        if verb.head.i == verb.i:
            return first
        verb = governing_verb(verb.head)
    return first


# ------------------------------------------------------------------------- qualifiers


def qualifiers(sentence_text: str, local: str) -> tuple[str, ...]:
    """What the words around a value say about it: first_time (in the sentence),
    plan, update, previous (just before it), current (in the sentence)."""
    quals = []
    if FIRST_TIME.search(sentence_text):
        quals.append("first_time")
    if PLAN_WORDS.search(local) or MODALS.search(local):
        quals.append("plan")
    if UPDATE_WORDS.search(local):
        quals.append("update")
    if PREVIOUS_WORDS.search(local):
        quals.append("previous")
    if CURRENT_WORDS.search(sentence_text):
        quals.append("current")
    return tuple(quals)


def change_basis(sentence_text: str) -> str | None:
    """The base a rate in this sentence is measured against: "year", "month" or
    "quarter" (None when the sentence names none, or more than one)."""
    found = {name for name, pattern in CHANGE_BASES if pattern.search(sentence_text)}
    return found.pop() if len(found) == 1 else None
