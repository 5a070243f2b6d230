"""Physical units quantulum3 does not read as news copy writes them.

quantulum3 names the units of the number and the words after it (``nlp/quantities``
asks it). These tables cover what its own tables miss or misname:

- ``OWN_UNITS``: abbreviations and names it does not know at all ("mpg", "bhp",
  "PS" of an engine's metric horsepower, the torque of "lb-ft" and "pound-feet",
  which it reads as a pound of mass); read before quantulum3 is asked;
- ``RENAMED``: a unit it reads under another name of the same amount, when the
  text names it otherwise ("50 ml" is a millilitre, not quantulum3's "cubic
  centimetre");
- ``fold_micro``: the Greek small mu ("μm", U+03BC) that copy types for the micro
  sign quantulum3 knows ("µm", U+00B5); one character for one, so offsets hold.

Names are quantulum3's where it has the unit, else the unit's English name.
"""

from __future__ import annotations

import re

# (pattern of the unit's words right after the number, the unit's name). A pattern
# is matched case-sensitively where case tells a unit from a word ("PS", not "ps").
OWN_UNITS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\s-]?(?:mpg|MPG)(?![\w])"), "mile per gallon"),
    (re.compile(r"[\s-]?(?:bhp|BHP)(?![\w])"), "brake horsepower"),
    # Pferdestärke, the metric horsepower of European engine figures
    (re.compile(r"[\s-]?PS(?![\w])"), "horsepower"),
    (
        re.compile(
            r"[\s-]?(?:lbs?\.?[\s-]?ft\.?|pounds?[\s-]f(?:ee|oo)t|foot[\s-]pounds?"
            r"|ft\.?[\s-]?lbs?\.?)(?![\w])",
            re.I,
        ),
        "pound-foot",
    ),
)

# quantulum3's name -> (the words that name the unit otherwise, the name they give)
RENAMED: dict[str, tuple[re.Pattern[str], str]] = {
    "cubic centimetre": (
        re.compile(r"^[\s-]?(?:m[lL]|millilit(?:re|er)s?)\b"),
        "millilitre",
    ),
}

_GREEK_MU = "\u03bc"
_MICRO_SIGN = "\u00b5"


def own_unit(after: str) -> tuple[str, int] | None:
    """The unit ``OWN_UNITS`` names at the start of ``after`` (the text right after a
    number), and how many characters its words take; None when none is there."""
    for pattern, name in OWN_UNITS:
        m = pattern.match(after)
        if m:
            return name, m.end()
    return None


def renamed(unit: str, words: str) -> str:
    """quantulum3's unit name, or the name the text's own words give the same unit."""
    rename = RENAMED.get(unit)
    if rename is not None and rename[0].match(words):
        return rename[1]
    return unit


def fold_micro(text: str) -> str:
    """The Greek mu written for the micro sign, as the micro sign (same length)."""
    return text.replace(_GREEK_MU, _MICRO_SIGN)
