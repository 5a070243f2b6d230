"""Keys for subjects and measures: spelling variants of one name or measure meet.

Used by the claim builder (to key its claims) and by anything that compares them;
plain string functions, no spaCy.
"""

from __future__ import annotations

import re

from pipeline.lexicon.frames import PERIOD_MODIFIER

_ACRONYM_AND = re.compile(r"\b(\w)\w*\s+(?:and|&)\s+(\w)\w*\b")


def canonical_phrase(text: str) -> str:
    """Normalise a subject or measure so spelling variants meet.

    Lower case, possessive 's and leading determiners dropped, spaces around hyphens
    removed ("Shenzhen- Hong Kong- Guangzhou"), and "X and Y" / "X&Y" reduced to
    initials so "research and development" and "R&D" give the same key.
    """
    t = text.lower().replace("’", "'")
    t = re.sub(r"'s\b|'\B", "", t)
    t = re.sub(r"\s*-\s*", "-", t)
    t = re.sub(r"\b(\w)\.\s?(\w)\.", r"\1\2", t)  # U.S. -> us
    t = _ACRONYM_AND.sub(lambda m: m[1] + m[2], t)
    t = re.sub(r"\b(\w)\s*&\s*(\w)\b", r"\1\2", t)
    t = re.sub(r"^(?:the|a|an|this|that|these|those)\s+", "", t)
    t = re.sub(r"[^\w\s-]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def singular(word: str) -> str:
    """A plural noun's singular by its ending ("cities" -> "city", "seats" -> "seat")."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def measure_key(text: str | None) -> str | None:
    """The key of a measure: canonical, period words out, the head noun singular."""
    if not text:
        return None
    words = canonical_phrase(PERIOD_MODIFIER.sub(" ", text)).split()
    if not words:
        return None
    words[-1] = singular(words[-1])
    return " ".join(words)
