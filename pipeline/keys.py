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


# Nouns in -u whose plural ends in -us like the singular nouns in -us ("virus").
_PLURALS_IN_US = frozenset({"menus", "gurus", "emus", "haikus", "tutus", "snafus"})
# Endings of nouns that are singular already: "virus", "status", "crisis", "basis",
# "arthritis", "class" ("-us" nouns are Latin singulars, "-sis" and "-tis" Greek).
_SINGULAR_ENDINGS = ("ss", "us", "sis", "tis")
# Plurals that add "es" to a hissing ending: "classes", "boxes", "wishes", "matches".
_ES_PLURAL = re.compile(r"(?:ss|x|sh|tch)es$")


def singular(word: str) -> str:
    """A plural noun's singular by its ending ("cities" -> "city", "seats" -> "seat",
    "classes" -> "class", "boxes" -> "box"); a noun already singular stays as it is
    ("virus", "crisis", "class")."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and _ES_PLURAL.search(word):
        return word[:-2]
    if word.lower() in _PLURALS_IN_US:
        return word[:-1]
    if len(word) > 3 and word.endswith("s") and not word.endswith(_SINGULAR_ENDINGS):
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
