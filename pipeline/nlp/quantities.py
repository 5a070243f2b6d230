"""Numbers, money, percentages and quantities with scale, currency, unit and the
bounds their wording allows: the ``cc_quantities`` component.

Our own grammar finds the numbers (it keeps scale and currency together, reads
number words, agency style, ranges and bounds); quantulum3 is asked only for the
physical unit of a number that has no currency or percent, on the number and the
few words after it, and its known misreadings are refused (years, ranks,
"percentage year", atomic mass units for "U.S. dollars", "ampere-turn" for "at",
femtoamperes for the capitals "FA", "micrometre pixel" for "µm pixel"). Units it
does not know or names otherwise ("mpg", "PS", "lb-ft", "ml") and the Greek mu typed
for the micro sign are data in ``pipeline.lexicon.units``. Currencies, scale words
and minor units are data in ``pipeline.lexicon.currencies``.

Each mention (``doc._.cc_quantities``) is a dict:

- ``start``, ``end``, ``text``: the value's own words (bound word included);
  ``num_start``, ``num_end``: the bare number (with its scale word);
- ``type``: money, percent, quantity or number;
  ``unit``: an ISO 4217 code (money;
  a rate is "USD per share", "USD per barrel", "USD per month"), ``percent`` or
  ``percentage point``, a quantulum3 unit name, "basis point", "year of age" for an
  age, or None;
- ``value``: the number as written, scaled, signed ("minus 5" is -5); None for a
  range, whose ends are ``low`` and ``high``; otherwise ``low``/``high`` are the
  interval rounding and wording allow (None where open);
- ``range``: True for a range ("$450,000 to $2.1 million", "between 5 and 6
  million", "dozens of people": 12 to 120);
- ``change``: NewsQuant's =, ~, >, <, up, down; ``bound``: the bound word;
- ``scale_word``: the scale word as written ("mln", "bn", "crore"), or "";
- ``is_word``: the number is written in words; ``unit_word``: a lower-case word
  naming what a bare number measures ("magnitude-6.8", "category 4");
- ``per``: what a rate is per ("share", "person", "barrel", "month"), None
  otherwise: a per-share figure is its own measure;
- ``minor``: the minor unit a money figure was written in ("cent", "sen",
  "penny"); ``value`` is then in the major unit (15 cts = 0.15 USD);
- ``counted``: the counted noun of a bare number, from the parse ("heart
  transplant" for "700 heart transplants", "first-team player": the text's own
  words, hyphens kept; "share" in an agency "Avg shrs" row); the claim builder
  should take it as a count's measure. A counted noun that is a unit of measure
  ("517 rushing yards", "the 50 previous years") makes the number a quantity of
  that unit instead (a time unit also a ``duration``);
- ``currency_candidates``: every ISO code the currency's words allow ("pesos":
  ARS, CLP, COP, …); ``ambiguous``: the words alone did not tell which;
  ``currency_basis``: how the code was chosen: "sign", "code", "name" (the text
  says it), "places" (the article's places or nationalities chose among the
  candidates: ``lexicon.currencies.resolve_from_places``), "default" (nothing
  told: the word's usual reading);
- ``duration``: True when the number is inside a duration ("58 minutes").

Numbers that are not quantities are left out: parts of names and codes ("S&P
500", "iPhone 11", "Boeing 747", "Six Nations"; read with the parse), clock times
("2000 GMT", "11 a.m."), scores ("3-0"), years in ranges ("2024 and 2025").
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from pipeline import guard
from pipeline.guard import guarded
from pipeline.lexicon.currencies import (
    ASCII_FOLDED_SIGNS,
    BARE_WORDS,
    CURRENCY_CODES,
    CURRENCY_SIGNS,
    DOMINANT_READINGS,
    LETTER_SCALES,
    MINOR_UNITS,
    NEEDS_QUALIFIER,
    SCALES,
    VAGUE_PLURALS,
    WIRE_WORDS,
    CurrencyReading,
    currency_of_sign,
    currency_of_words,
    qualified_names,
    resolve_from_places,
    singular,
)
from pipeline.lexicon.units import fold_micro, own_unit, renamed
from pipeline.nlp._extensions import (
    install_extensions,
    record_failure,
    record_lines,
    text_of,
)
from pipeline.nlp.dates import find_durations
from pipeline.nlp.normalize import FRACTIONS, NUMBER_WORD, decimals, parse_number

log = logging.getLogger(__name__)

# quantulum3 unit names that are misreadings in news text.
_BAD_UNITS = {
    "dimensionless", "atomic mass unit", "tonne hour", "percentage year", "year",
    "month", "day", "week", "hour", "second", "minute", "percentage", "dollar", "euro",
    "pound sterling", "pound-mass", "yen", "chinese yuan", "inch", "ampere", "foot",
    "ampere-turn", "barn",
}  # fmt: skip
# ... unless the words say so: quantulum3 reads "in" as inches and "Foot Locker" as
# a foot, but "6.1 inches", "121ft" and "193 pounds" are what they say.
_EXPLICIT_UNITS = {
    "inch": re.compile(r"inch|″|\"", re.I),
    "foot": re.compile(r"\b(?:foot|feet|ft)\b|′|ft$", re.I),
    "pound-mass": re.compile(r"\b(?:pounds?|lbs?)\b|lbs?$", re.I),
    # durations in words are the date component's; abbreviated ones are not
    "minute": re.compile(r"^\s?mins?\b"),
    "hour": re.compile(r"^\s?(?:hrs?|h)\b"),
    "second": re.compile(r"^\s?(?:secs?|s)\b"),
}


def _refused(unit: str, surface: str) -> bool:
    """Whether quantulum3's unit for these words is one of its misreadings."""
    explicit = _EXPLICIT_UNITS.get(unit)
    if explicit is not None and explicit.search(surface):
        return False
    return unit in _BAD_UNITS


@lru_cache(maxsize=8192)
def _quantulum_units(span: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, unit name) of quantulum3's quantities in a short span, cached."""
    try:
        from quantulum3 import parser
    except ImportError:  # pragma: no cover - quantulum3 is a dependency
        return ()
    # quantulum3 raising or hanging on one span costs that span, counted and reported
    found = guarded("quantulum3", parser.parse, span, seconds=2.0)
    if found is None:
        return ()
    out = []
    for q in found:
        if _acronym_as_symbol(q):
            continue
        cut = _glued_product_cut(span, q)
        if cut is not None:
            # "352 µm pixel pitch": quantulum3 multiplies the unit by the noun after
            # it ("micrometre pixel", a unit of nothing); the unit is the first word
            out.extend(_quantulum_units(span[:cut]))
            break
        out.append((q.span[0], q.span[1], q.unit.name))
    return tuple(out)


def _acronym_as_symbol(q) -> bool:
    """Whether quantulum3 read capitals as a symbol it knows only in other case ("four
    FA Cup finals" as femtoamperes, whose symbol is "fA"): an SI symbol's case is
    part of it, so capitals it does not list are a name's initials."""
    for dim in q.unit.dimensions:
        written = dim.get("surface") or ""
        if (
            len(written) >= 2
            and written.isupper()
            and written not in _symbols()
            and written.lower() not in _surfaces()
        ):
            return True
    return False


def _glued_product_cut(span: str, q) -> int | None:
    """Where to cut a span whose quantity quantulum3 read as a product of units
    written as separate words that measures nothing it knows ("µm pixel"); None when
    the unit is one ("kilowatt hours" is energy, "GWh" one word)."""
    unit = q.unit
    if getattr(unit.entity, "name", "") != "unknown" or len(unit.dimensions) < 2:
        return None
    if any(d.get("power", 1) < 0 for d in unit.dimensions):
        return None  # a rate ("per") is a unit of its own
    words = span[q.span[0] : q.span[1]].rstrip()
    last_space = words.rfind(" ")
    unit_start = re.match(r"[\d.,\s-]*", words).end()
    if last_space <= unit_start:
        return None
    return q.span[0] + last_space


@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    """The first word of every unit name and symbol quantulum3 knows, lower-cased."""
    try:
        from quantulum3 import load

        units = load.units("en_US")
    except Exception:  # noqa: BLE001 - without its tables quantulum3 finds nothing
        return frozenset()
    words = set()
    for table in (units.surfaces_all, units.symbols_all):
        for surface in table:
            if surface.split():
                words.add(surface.split()[0].lower())
    return frozenset(words)


_FIRST_WORD = re.compile(r"\s?([^\s,;:()\"'“”‘’]+)")


def may_have_unit(after: str) -> bool:
    """Whether the word after a number could begin a unit quantulum3 knows: the only
    numbers worth a quantulum3 call ("12 km", "40 cubic metres"; not "12 people")."""
    m = _FIRST_WORD.match(after)
    if not m:
        return False
    written = fold_micro(m[1]).rstrip(".!?")
    if own_unit(" " + written):
        return True
    word = written.lower()
    known = _unit_words()
    forms = {word, word.split("/")[0], word.split("-")[0]}
    forms |= {f[:-1] for f in forms if f.endswith("s")}
    forms |= {f[:-2] for f in forms if f.endswith("es")}
    return any(f in known for f in forms if f) or _prefixed_symbol(written)


# SI prefixes as written before a unit's symbol ("GWh", "TWh", "MPa").
_SI_PREFIXES = "yzafpnµmcdhkMGTPEZY"


def _prefixed_symbol(word: str) -> bool:
    """Whether a word is a unit symbol under an SI prefix quantulum3 reads but does
    not list ("GWh" and "TWh", where it lists "kWh"): the same symbol under another
    prefix, or bare, is one it knows (case kept: "Gwh" is no symbol)."""
    if len(word) < 3 or word[0] not in _SI_PREFIXES:
        return False
    symbols = _symbols()
    rest = word[1:]
    return rest in symbols or any(p + rest in symbols for p in "kM")


@lru_cache(maxsize=1)
def _surfaces() -> frozenset[str]:
    """Every unit name quantulum3 knows ("feet", "kilometres"), lower-cased."""
    try:
        from quantulum3 import load

        return frozenset(s.lower() for s in load.units("en_US").surfaces_all)
    except Exception:  # noqa: BLE001 - without its tables quantulum3 finds nothing
        return frozenset()


@lru_cache(maxsize=1)
def _symbols() -> frozenset[str]:
    """Every unit symbol quantulum3 knows, as written."""
    try:
        from quantulum3 import load

        return frozenset(load.units("en_US").symbols_all)
    except Exception:  # noqa: BLE001 - without its tables quantulum3 finds nothing
        return frozenset()


def warm_up_quantulum() -> None:
    """quantulum3 builds its unit tables on its first call (about 2 s). Do that once,
    outside the per-call time limit: a first call cut short by the limit leaves the
    library half-initialised and every later call failing."""
    try:
        from quantulum3 import parser

        parser.parse("1 metre")
    except Exception as err:  # noqa: BLE001 - a broken install must not stop loading
        log.warning("quantulum3 failed to initialise: %s", err)


_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# Fractions come before the number words so "two-thirds" is not read as "two".
_FRACTION = (
    r"two-thirds|two thirds|three-quarters|three quarters|a third|a quarter|a half"
    r"|half an?(?=\s+(?:million|billion|trillion|thousand|dozen)\b)|half"
)
_NUM = rf"(?:{_DIGITS}|{_FRACTION}|{NUMBER_WORD}|an?(?=\s+(?:hundred|thousand|million|billion|trillion)\b))"
_SCALE_WORD = (
    r"(?:hundred|thousand|million|billion|trillion|mln|mn|bln|bn|tln|tn|lakhs?|crores?)"
)
# a letter scale is glued to its number ("£600m", "4.3M"); "5 m" is five metres
_SCALE = rf"(?:\s?{_SCALE_WORD}(?:\s(?:thousand|million|billion|trillion)\b)?|[kmbKMB](?![\w]))"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# Signs before a number are matched case-sensitively ("A$5", never "a $5 bill").
# Signs written with letters ("RM", "Rs", "US$") and codes stand apart from the
# word before them and may be spaced from the number ("Rs 45 crore").
# An amount after an ASCII-folded sign: thousands separators, decimals or a scale.
_FOLDED_AMOUNT = (
    r"(?=\d{1,3}(?:,\d{3})+|\d+\.\d|\d+(?:\.\d+)?\s?(?:m|bn|k|million|billion)\b)"
)
_SIGN = (
    r"(?-i:(?<![\w=])(?:"
    + _alternation(ASCII_FOLDED_SIGNS)
    + ")"
    + _FOLDED_AMOUNT
    + "|"
    + _alternation([k for k in CURRENCY_SIGNS if k != "$" and not k[0].isalpha()])
    + r"|(?<![\w])(?:"
    + _alternation([k for k in CURRENCY_SIGNS if k[0].isalpha()])
    + "|"
    + "|".join(CURRENCY_CODES)
    + r")\s?|\$)"
)


def _currency_words() -> str:
    forms = set(qualified_names())
    for word in BARE_WORDS:
        forms |= {word, word + "s", word + "es"}
    forms |= {"reais", "lire", "kroner", "kronor", "korunas", "soles", "pence"}
    forms |= set(WIRE_WORDS) | set(MINOR_UNITS) - {"¢"}
    codes = "|".join(CURRENCY_CODES)
    return rf"(?:(?-i:{codes})(?![\w])|(?:{_alternation(forms)})(?![\w]))"


_CUR_WORDS = _currency_words()
_PCT = (
    r"(?:%|\s?per\s?cent(?:age points?)?|\s?percentage points?|\s?pct\b|\s?pc\b"
    r"|\s?basis points?|\s?bps?\b)"
)
_BOUND = (
    r"(?:more than|over|above|exceed(?:ed|ing|s)?|surpass(?:ed|ing|es)?|topp(?:ed|ing)|"
    r"at least|no (?:less|fewer) than|upwards of|in excess of|well over|just over|"
    r"nearly|almost|about|around|approximately|roughly|some|close to|an estimated|"
    r"estimated|up to|as (?:many|much) as|less than|fewer than|under|below|at most|"
    r"no more than|just under|just below|~|≈)"
)
# Verbs and nouns of change, every inflection: "rose 8.1 percent", "plummeting 65%",
# "an increase of 5%". "up"/"down" as particles of other verbs ("gave up 517 yards")
# are refused with the parse (``refine_with_doc``).
_UP_VERBS = (
    r"rise[sn]?|rose|rising|increase[sd]?|increasing|grew|grow(?:n|s|ing)?|gain(?:ed|s|ing)?"
    r"|jump(?:ed|s|ing)?|climb(?:ed|s|ing)?|surge[sd]?|surging|soar(?:ed|s|ing)?"
    r"|rall(?:ied|ies|y|ying)|advance[sd]?|advancing|expand(?:ed|s|ing)?"
    r"|(?:edged|edging|ticked|inched|crept|moved|went|shot) up|up"
)
_DOWN_VERBS = (
    r"fall(?:s|en|ing)?|fell|drop(?:ped|s|ping)?|decline[sd]?|declining"
    r"|decrease[sd]?|decreasing|slip(?:ped|s|ping)?|slid(?:e|es|ing)?|plunge[sd]?"
    r"|plunging|plummet(?:ed|s|ing)?|tumble[sd]?|tumbling|sank|sink(?:s|ing)?|sunk"
    r"|shr[ai]nk(?:s|ing)?|shrunk|contract(?:ed|s|ing)?|lost|los(?:e|es|ing)"
    r"|shed(?:s|ding)?|eased?|eases|easing|dip(?:ped|s|ping)?|slump(?:ed|s|ing)?"
    r"|retreat(?:ed|s|ing)?|(?:edged|edging|ticked|inched|moved|went) down|down"
)
_CHANGE_NOUN = (
    r"increase|rise|growth|gain|jump|decrease|decline|drop|fall|reduction|cut|"
    r"slump|plunge"
)
_CHANGE = (
    rf"(?:(?:a\s+)?(?:year-on-year|year-over-year|annual|an?)?\s*(?:{_CHANGE_NOUN})\s+of"
    rf"|\b(?:{_UP_VERBS}|{_DOWN_VERBS})(?:\s+by)?)"
)
# one end of a figure; "§" is the end's number in the group names ("", "2")
_END = (
    rf"(?:(?P<cur§>{_SIGN})(?P<neg§>[-−](?=\d))?)?(?P<num§>{_NUM})(?P<scale§>{_SCALE})?"
)
# A figure starts at a word's first letter or at a digit or sign: the look-around
# refuses the letters inside a word at once, where the alternations would otherwise be
# tried at each of them ("moreover 5" is no bound "over 5").
_FIGURE_START = r"(?:(?<![^\W\d_])|(?=[^\w\s]|\d))"
QUANTITY_RE = re.compile(
    rf"{_FIGURE_START}(?:(?P<change>{_CHANGE})\s+)?(?:(?P<bound>{_BOUND})\s*)?"
    rf"(?P<body>(?P<minus>minus[\s-]?|−|\+)?{_END.replace('§', '')}(?P<pct1>{_PCT})?"
    rf"(?:(?P<joiner>\s*[-–—]\s*|\s+to-?\s*|\s+and\s+)"
    rf"{_END.replace('§', '2')})?"
    rf"(?:(?P<pct>{_PCT})|(?P<sign_after>[€£$])|\s(?P<cursuf>{_CUR_WORDS}))?)",
    re.IGNORECASE,
)
_UP = re.compile(rf"^(?:{_UP_VERBS})\b|\b(?:increase|rise|growth|gain|jump)\b", re.I)
_APPROX = re.compile(
    r"nearly|almost|about|around|approximately|roughly|some|close to|estimated|~|≈",
    re.I,
)
_LOWER_BOUND = re.compile(
    r"more|over|above|exceed|surpass|topp|at least|no less|no fewer|upwards|excess",
    re.I,
)
_UPPER_BOUND = re.compile(
    r"up to|as many|as much|less|fewer|under|below|at most|no more", re.I
)
# "a 3 percent drop", "a 60 basis point improvement": the change follows the figure
_CHANGE_AFTER = re.compile(
    r"\s+(?:(?P<up>rise|increase|gain|jump|growth|improvement|climb)"
    r"|(?P<down>drop|decline|fall|decrease|cut|reduction|slump|plunge|loss))\b",
    re.I,
)
# "from 14.8 percent to 31.0 percent" is two levels of a change (the growth check
# reads both), unless a word of range comes first: "prices range from $370,000 to
# $5.5 million", "estimates anywhere from 5 to 7".
_FROM = re.compile(r"\bfrom\s+$", re.I)
_RANGE_WORD_BEFORE = re.compile(
    r"\b(?:rang(?:e|es|ed|ing)|var(?:y|ies|ied|ying)|anywhere|somewhere|span(?:s|ned|ning)?)"
    r"\b[^.;]{0,30}$",
    re.I,
)
# Clock times are not quantities: "2000 GMT", "11 a.m.", "5pm", "4:39".
_CLOCK_AFTER = re.compile(
    r"\s?(?:[ap]\.\s?m\.|[ap]m\b)|\s(?:GMT|UTC|BST|EST|EDT|CET|CEST|PST|PDT|JST|IST"
    r"|AEST|AEDT|local time|hrs\b|hours? (?:GMT|UTC|local))",
)
# An age after a name: "Senard, 65, said", "Maddon, 66, has".
_NAME_COMMA = re.compile(r"(?<![\w.])[A-Z][\w'’-]+,\s$")
_AGE_AFTER = re.compile(r"^(?:,|\)|\s+(?:said|says|was|is|has|had|who)\b)")
# "65-year-old", "a 2,900 year-old site", "18 month-old", "aged 65"
_AGED = re.compile(r"[\s-]*(?P<unit>year|month|week|day)s?[\s-]*old\b", re.I)
_AGED_BEFORE = re.compile(r"\b(?:aged|age|ages)\s+(?:between\s+|from\s+)?$", re.I)
# Words after a number that make it a rate ("$80 per sq m", "15 cts a share").
_PER = re.compile(
    r"\s*(?:per|/|(?P<article>an?))\s*(?P<what>[A-Za-z][\w.-]*(?:\s+(?:foot|feet|metres?|"
    r"meters?|miles?|km|kilometres?|m|ft|yards?|inch(?:es)?)\b)?)",
)
_PER_ALWAYS = {
    "share", "head", "capita", "person", "unit", "piece", "ticket", "night", "room",
    "seat", "barrel", "ounce", "tonne", "ton", "gallon", "litre", "liter", "kilo",
    "kilogram", "pound", "day", "week", "month", "year", "hour", "minute", "visit",
    "passenger", "vote", "household", "student", "mile", "kilometre", "word", "shr",
}  # fmt: skip
_PER_SAME = {"capita": "person", "head": "person", "people": "person", "shr": "share"}
_PER_TIME = {"day", "week", "month", "year", "hour", "minute", "night"}
# A period word after a number that says when, not per: "a year earlier"
_TIME_REFERENCE = re.compile(r"\s+(?:earlier|ago|before|later|previously)\b", re.I)
_WIRE_SHARE_LINE = re.compile(r"^\s*shr\b", re.I)
_WIRE_SHARES_LINE = re.compile(r"^\s*avg\.?\s+shrs\b", re.I)


def _parse_amount(raw: str) -> float | None:
    """A number as written, or a fraction or "a" before a scale word."""
    low = raw.lower().strip()
    if low in ("a", "an"):
        return 1.0
    if low.startswith("half a"):
        return 0.5
    value = parse_number(raw)
    if value is None or not math.isfinite(value):
        return None
    return value


def _scale_of(word: str | None, after: str, has_currency: bool) -> tuple[float, str]:
    """The factor of a scale word and the word itself ("" when it is no scale: the
    "m" of "37m (121ft)" is metres)."""
    if not word:
        return 1.0, ""
    w = word.strip()
    parts = w.lower().split()
    if parts[0] in LETTER_SCALES and not has_currency:
        # "4.3M sales", "4.6m tonnes", "3m people" are millions; "37m" is metres
        following = re.match(r"\s+([A-Za-z]+)", after)
        if not (
            w.isupper()
            and w != "K"
            or following
            and (following[1].endswith("s") or may_have_unit(" " + following[1]))
        ):
            return 1.0, ""
    factor = 1.0
    for part in parts:
        factor *= SCALES.get(part, 1.0)
    return factor, w


def _currency(m: re.Match, n: str = "") -> CurrencyReading | None:
    if m[f"cur{n}"]:
        return currency_of_sign(re.sub(r"\s+", " ", m[f"cur{n}"]).strip())
    if n:
        return None
    if m["sign_after"]:
        return currency_of_sign(m["sign_after"])
    if m["cursuf"]:
        return currency_of_words(m["cursuf"])
    return None


def _minor(m: re.Match) -> tuple[str, float] | None:
    """("cent", 0.01) for a figure in a minor unit ("15 cts", "18 sen")."""
    word = (m["cursuf"] or "").lower()
    if word in MINOR_UNITS:
        family, share = MINOR_UNITS[word]
        return singular(word if word != "cts" else "cents"), share
    return None


# A bound written after the figure: "100 or more people", "50 or fewer", "20 or
# so", "100-plus", "5,000+".
_BOUND_AFTER = re.compile(
    r"(?P<low>\s+or\s+(?:more|greater|higher|above|over)\b|-?plus\b|\+(?!\d))"
    r"|(?P<high>\s+or\s+(?:fewer|less|lower|below|under)\b)"
    r"|(?P<approx>\s+or\s+so\b)",
    re.I,
)


def _change_of(m: re.Match, text: str, body_end: int) -> tuple[str, str | None]:
    """The bound the wording sets (=, ~, >, <) and the direction of a change."""
    change = "="
    bound = m["bound"] or ""
    if bound:
        if _APPROX.search(bound):
            change = "~"
        elif _UPPER_BOUND.search(bound):
            change = "<"
        elif _LOWER_BOUND.search(bound):
            change = ">"
    elif after := _BOUND_AFTER.match(text, body_end):
        change = ">" if after["low"] else "<" if after["high"] else "~"
    direction = None
    if m["change"]:
        direction = "up" if _UP.search(m["change"].strip()) else "down"
    elif (m["minus"] or "").strip() == "+":
        direction = "up"
    elif (after := _CHANGE_AFTER.match(text, body_end)) and re.search(
        r"\ban?\s+(?:[\w-]+\s+)?$", text[max(0, m.start() - 20) : m.start()]
    ):
        direction = "up" if after["up"] else "down"
    return change, direction


def _per_part(text: str, end: int) -> tuple[str, int] | None:
    """What a figure is per ("share" for "15 cts a share", "square metre" for "per
    sq m"), and where those words end; None when no rate follows."""
    m = _PER.match(text, end)
    if not m:
        return None
    written = m["what"].rstrip(".")
    what = written.lower()
    head = singular(what.split()[0])
    first_end = m.start("what") + len(what.split()[0])
    if m["article"] and head not in _PER_ALWAYS:
        return None
    if head in _PER_TIME and _TIME_REFERENCE.match(text, m.end()):
        return None  # "50,000 a year earlier" is a level and when, not a rate
    if head in _PER_SAME:
        return _PER_SAME[head], first_end
    unit = _unit_name(written)
    if unit:
        return unit, m.start("what") + len(written)
    return singular(what.split()[0]), first_end


@lru_cache(maxsize=2048)
def _unit_name(words: str) -> str | None:
    """quantulum3's name for the unit the words name ("sq m" -> "square metre")."""
    if not may_have_unit(" " + words):
        return None
    if (own := own_unit(" " + words)) is not None and own[1] >= len(words):
        return own[0]
    for qs, qe, unit in _quantulum_units(fold_micro(f"1 {words}")):
        if qs == 0 and qe >= len(f"1 {words}") - 1 and not _refused(unit, words):
            return renamed(unit, " " + words)
    return None


def _glued_ok(text: str, end: int) -> bool:
    """Whether letters glued to a number are a unit ("512MB", "70km/h", "25C"),
    not part of a name or code ("5G", "3D", "747s", "10am")."""
    word = re.match(r"[A-Za-zµμ°Ω]+(?:/[A-Za-z]+)?[23²³]?", text[end:])
    if not word:
        return False
    w = word.group()
    if (
        w in _GLUED_NOT_UNITS
        or w.lower() in ("am", "pm", "th", "st", "nd", "rd")
        or (len(w) == 1 and w not in _GLUED_LETTERS)
    ):
        return False
    return may_have_unit(" " + w)


# Letters glued to numbers that are names, ordinals, times or plurals, not units.
_GLUED_NOT_UNITS = {"s", "x", "G", "D", "K", "P", "p", "bn", "mn", "S", "X"}
_GLUED_LETTERS = {"m", "g", "W", "V", "L", "l", "C", "F"}


_ADDRESS = re.compile(
    r"\s+(?:[A-Z0-9][\w'’-]*\s+){0,3}(?:Road|Rd|Street|St|Avenue|Ave|Way|Lane"
    r"|Boulevard|Blvd|Drive|Place|Court|Terrace|Crescent|Highway)\b"
)
_MEASURE_GLUED = re.compile(r"(?<![\w-])[a-z]{4,}-$")


# Pence glued to the figure, UK style ("offered 340p a share", "closed at 548p."),
# read as pence only near words of sterling or shares: "p" alone is too short to
# stand for a currency elsewhere. Video modes ("1080p") are no prices.
_PENCE_GLUED = re.compile(r"p(?!\w)(?!\.\s?m\.)")
_STERLING_NEAR = re.compile(
    r"£|\bpence\b|\bpounds?\b|\bsterling\b|\bshares?\b|\bFTSE\b|\blitres?\b",
    re.I,
)
_STERLING_WINDOW = 200
_VIDEO_MODES = frozenset({"240", "360", "480", "576", "720", "1080", "1440", "2160"})


def _glued_pence(m: re.Match, text: str) -> bool:
    """Whether the figure is in pence written glued to it ("340p")."""
    if any(
        m[g] for g in ("cur", "pct", "pct1", "scale", "cursuf", "num2", "sign_after")
    ):
        return False
    raw = m["num"]
    if not raw[0].isdigit() or raw in _VIDEO_MODES:
        return False
    end = m.end("num")
    if not _PENCE_GLUED.match(text, end):
        return False
    lo, hi = max(0, end - _STERLING_WINDOW), end + _STERLING_WINDOW
    return bool(_STERLING_NEAR.search(text, lo, hi))


def _skip_candidate(m: re.Match, text: str) -> bool:
    """Numbers that are no quantities: glued to letters or digits (ids, names),
    clock times, the "1 million" of "per 1 million inhabitants"."""
    body = m.start("body")
    before = text[max(0, body - 1) : body]
    if before and (before.isalnum() or before in "-_/#.:") and not m["cur"]:
        # ... unless a lower-case word names what it measures: "magnitude-6.8"
        if not (before == "-" and _MEASURE_GLUED.search(text, max(0, body - 20), body)):
            return True
    end = m.end("body")
    after = text[end : end + 1]
    if after and (after.isalnum() or after in "_") and not m["pct"]:
        digits = (m["num2"] or m["num"])[-1].isdigit()
        if not (after.isalpha() and digits and _glued_ok(text, end)) and not (
            _glued_pence(m, text)
        ):
            return True
    if after == "/" and not re.match(r"/(?:[a-z]{1,4}\b)", text[end:]):
        return True
    if re.match(r"\s?:\d", text[m.end("num") : m.end("num") + 3]):
        return True  # clock time
    if _ADDRESS.match(text, m.end("num2") if m["num2"] else m.end("num")):
        return True  # "12 Harbour Road", "9 E 71st St": an address
    if _CLOCK_AFTER.match(text, m.end("num2") if m["num2"] else m.end("num")):
        return True
    if re.search(r"\bper\s+$", text[max(0, m.start() - 5) : m.start()]):
        return True  # "per 1 million inhabitants" is the unit of a rate
    return False


def _is_range(m: re.Match, text: str, value: float, value2: float) -> bool:
    """Whether two numbers joined by "to", "-" or "and" are the ends of one range."""
    if m["pct1"] and not m["pct"]:
        return False  # "up 21 percent to 19.4 million": a rate, then a level
    if (m["cur"] or m["pct1"]) and (m["cursuf"] or m["sign_after"]) and not m["cur2"]:
        return False
    joiner = m["joiner"].strip().lower()
    before = text[max(0, m.start() - 60) : m.start("body")]
    if joiner == "and" and not re.search(r"\bbetween\s+$", before, re.I):
        return False  # "300 and 50" are two figures
    if (
        joiner.startswith("to")
        and m["change"]
        and (m["cur"] or m["pct1"] or m["scale"])
    ):
        return False  # "increased by $43.6 billion to $419.2 billion": change, level
    if joiner.startswith("to") and _FROM.search(before):
        head = before[: _FROM.search(before).start()]
        if not _RANGE_WORD_BEFORE.search(head):
            return False  # "rose from 40 to 52": two levels of a change
    return value2 > value


def _read_unit_word(m: re.Match, text: str) -> str | None:
    """A lower-case word naming what a bare number measures: "magnitude-6.8",
    "a 12-storey block", "category 4"."""
    if m["cur"] or m["pct"] or m["scale"]:
        return None
    glued = re.search(
        r"(?<![\w-])([a-z]{4,})-$", text[max(0, m.start("body") - 20) : m.start("body")]
    )
    if glued:
        return glued.group(1)
    hyphen_after = re.match(r"-([a-z]{4,})\b", text[m.end("body") : m.end("body") + 20])
    if hyphen_after and not _unit_name(hyphen_after.group(1)):
        return hyphen_after.group(1)
    named = re.search(
        r"\b(magnitude|category|level|grade|force|stage|phase)\s+$",
        text[max(0, m.start("body") - 12) : m.start("body")],
        re.I,
    )
    return named.group(1).lower() if named else None


def find_quantities(text: str, skip=(), sentences=()) -> list[dict]:
    """Number-like mentions in ``text`` outside the ``skip`` regions.

    Returns mention dicts (fields in the module docstring), in text order.
    """
    taken = [tuple(r) for r in skip]
    out: list[dict] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for mention in [*find_vague_plurals(text), *find_one_in(text)]:
        if free(mention["start"], mention["end"]):
            out.append(mention)
            taken.append((mention["start"], mention["end"]))
    pos = 0
    while (m := QUANTITY_RE.search(text, pos)) is not None:
        pos = max(m.end("num"), m.start() + 1)
        if not free(*m.span("num")) or _skip_candidate(m, text):
            continue
        if _year_pair(m):
            pos = m.end("num2")  # "2024 and 2025" are years, not quantities
            continue
        mention = _read(m, text, free)
        if mention is None:
            continue
        out.append(mention)
        taken.append((mention["start"], mention["end"]))
        pos = mention["end"]
    out.sort(key=lambda q: q["start"])
    _wire_rows(text, out)
    _minor_currencies(text, out, sentences)
    _attach_units(text, out, sentences)
    _conversions(text, out)
    return out


def _year_pair(m: re.Match) -> bool:
    if not m["num2"] or m["cur"] or m["cur2"] or m["pct"] or m["scale"]:
        return False
    values = [_parse_amount(m["num"]), _parse_amount(m["num2"])]
    return all(
        v is not None and 1800 <= v <= 2100 and float(v).is_integer() for v in values
    )


def _read(m: re.Match, text: str, free) -> dict | None:
    """One mention from a match of QUANTITY_RE, or None when it is no quantity."""
    raw = m["num"]
    value = _parse_amount(raw)
    if value is None:
        return None
    reading = _currency(m)
    minor = _minor(m)
    pence = _glued_pence(m, text)
    if pence:
        # pence are always pounds' ("97p ($1.87)" is no US figure)
        reading = CurrencyReading("GBP", ("GBP",), "sign")
        minor = ("penny", MINOR_UNITS["pence"][1])
    pct = m["pct"] or m["pct1"]
    has_unit = bool(reading or pct or m["scale"])
    low_word = raw.lower()
    if low_word in ("one", "a dozen", "a", "an") and not has_unit:
        return None  # "one of the", "one day": rarely a checkable count
    fraction = low_word in FRACTIONS and not has_unit
    if fraction and not re.match(r"\s+of\b", text[m.end("num") :]):
        return None  # "half", "a third" alone: no share of anything
    if fraction:
        value, pct = 100 * FRACTIONS[low_word], "share"  # "about a third of": 33.3%
    factor, scale_word = _scale_of(m["scale"], text[m.end("scale") :], bool(reading))
    letter_unit = bool(m["scale"] and not scale_word)  # "37m": metres, not millions
    if reading is None and minor and not pence:
        reading = currency_of_words(MINOR_UNITS[m["cursuf"].lower()][0])
    if _needs_qualifier(m, scale_word):
        reading, minor = None, None  # "208 pounds" of weight: quantulum's to read
    value *= factor
    if (m["minus"] or "").strip().lower().startswith(("minus", "−")) or m["neg"]:
        value = -value
    num_end = m.end("num") + (len(m["scale"]) if scale_word else 0)
    end = m.end("body")
    if letter_unit or (m["cursuf"] and reading is None):
        end = m.end("num")
    if pence:
        end = m.end("num") + 1  # the glued "p"
    value2 = None
    if m["num2"] and not letter_unit:
        value2 = _range_end(m, factor, scale_word, value)
        first = value
        if value2 is not None and m["scale2"] and not scale_word:
            # "between 5 and 6 million": the second end's scale applies to the first
            # only when the first has none and stays below the second ("$450,000 to
            # $2.1 million" keeps its 450,000)
            factor2, _ = _scale_of(m["scale2"], "", True)
            if value * factor2 <= value2:
                first = value * factor2
        if value2 is not None and _is_range(m, text, first, value2):
            value = first
        else:
            if _is_score(m, text, reading, pct, scale_word):
                return None  # "won 3-0", "lost 2-1": a score, not two figures
            value2 = None
            end = num_end
            if m["pct1"]:
                end = m.end("pct1")
            pct = m["pct1"]
            reading = reading if m["cur"] else None
            minor = None
    if (
        value2 is not None
        and not (reading or pct or scale_word)
        and all(1800 <= v <= 2100 and float(v).is_integer() for v in (value, value2))
    ):
        return None  # "2024 and 2025" are years, not a range of quantities
    change, direction = _change_of(m, text, end)
    start = m.start("bound") if m["bound"] else m.start("body")
    if direction and not (reading or pct or scale_word) and m["change"]:
        start = m.start("body")
    kind, unit = "number", None
    if minor and reading:
        value *= minor[1]
        value2 = value2 * minor[1] if value2 is not None else None
    if reading:
        kind, unit = "money", reading.code
    elif pct:
        kind = "percent"
        unit = "percentage point" if "point" in pct.lower() else "percent"
        if fraction:
            end = m.end("num")
        if "basis" in pct.lower() or re.fullmatch(r"\s?bps?", pct, re.I):
            kind, unit = "quantity", "basis point"
    mention = {
        "start": start,
        "end": end,
        "text": text[start:end],
        "type": kind,
        "value": value,
        "low": None,
        "high": None,
        "unit": unit,
        "change": change,
        "bound": m["bound"],
        "scale_word": scale_word,
        "num_start": m.start("num"),
        "num_end": m.end("num"),
        "is_word": not raw[0].isdigit() and raw[0] != ".",
        "unit_word": _read_unit_word(m, text),
        "range": False,
        "per": None,
        "minor": minor[0] if minor and reading else None,
        "counted": None,
        "currency_candidates": list(reading.candidates) if reading else [],
        "ambiguous": bool(reading and reading.ambiguous),
        "currency_basis": reading.basis if reading else None,
    }
    _set_interval(mention, raw, factor, value2, direction)
    if kind == "money":
        _attach_per(text, mention)
    _mark_age(text, mention, m)
    return mention


def _needs_qualifier(m: re.Match, scale_word: str) -> bool:
    """A bare word that is also ordinary English ("pounds", "crowns", "marks") is
    money only with a scale word or a country's name."""
    words = (m["cursuf"] or "").split()
    if len(words) != 1 or m["cur"] or scale_word:
        return False
    word = WIRE_WORDS.get(words[0].lower(), words[0])
    return singular(word) in NEEDS_QUALIFIER


def _range_end(m: re.Match, factor: float, scale_word: str, value: float):
    v2 = _parse_amount(m["num2"])
    if v2 is None:
        return None
    if m["scale2"]:
        f2, word2 = _scale_of(m["scale2"], "", True)
        return v2 * f2
    return v2 * (factor if scale_word else 1.0)


def _is_score(m: re.Match, text: str, reading, pct, scale_word) -> bool:
    return bool(
        not (reading or pct or scale_word)
        and re.fullmatch(r"\d{1,3}[-–]\d{1,3}", text[m.start("num") : m.end("num2")])
    )


def _set_interval(mention: dict, raw: str, factor: float, value2, direction) -> None:
    """Fill low/high (and value None for a range), and the NewsQuant change."""
    value = mention["value"]
    if value2 is not None:
        mention.update(value=None, low=value, high=value2, range=True)
    else:
        low, high = _interval(value, raw, factor, mention["change"])
        mention.update(low=low, high=high)
    if direction:
        mention["change"] = direction
        if value2 is None:
            low, high = _interval(value, raw, factor, "=")
            mention.update(low=low, high=high)


def _attach_per(text: str, mention: dict) -> None:
    """ "15 cts a share" is USD per share: a rate is its own measure."""
    per = _per_part(text, mention["end"])
    if per is None:
        line_start = text.rfind("\n", 0, mention["start"]) + 1
        if _WIRE_SHARE_LINE.match(text[line_start : mention["start"]]):
            mention["per"] = "share"  # agency tables: "Shr 15 cts vs 12 cts"
            mention["unit"] = f"{mention['unit']} per share"
        return
    what, end = per
    mention["per"] = what
    mention["unit"] = f"{mention['unit']} per {what}"
    mention["end"] = end
    mention["text"] = text[mention["start"] : end]


def _mark_age(text: str, mention: dict, m: re.Match) -> None:
    """An age is a quantity in years of age, not a count: "Senard, 65," "aged 65",
    "a 65-year-old", "a 2,900 year-old site"."""
    if mention["type"] != "number":
        return
    if mention["range"]:  # "aged between 19 and 32", "aged 18 to 25"
        ends = (mention["low"], mention["high"])
        before = text[max(0, m.start("body") - 40) : m.start("body")]
        if (
            all(float(v).is_integer() and 0 < v < 120 for v in ends)
            and not mention["is_word"]
            and _AGED_BEFORE.search(before)
        ):
            mention.update(type="quantity", unit="year of age")
        return
    value = mention["value"]
    aged = _AGED.match(text, mention["end"])
    if aged:
        mention.update(type="quantity", unit=f"{aged['unit'].lower()} of age")
        mention["unit_word"] = None
        return
    if not (float(value).is_integer() and 0 < value < 120) or mention["is_word"]:
        return
    before = text[max(0, m.start("body") - 40) : m.start("body")]
    if _AGED_BEFORE.search(before) or (
        _NAME_COMMA.search(before) and _AGE_AFTER.match(text[mention["end"] :])
    ):
        mention.update(type="quantity", unit="year of age")


_VAGUE = re.compile(
    r"\b(?:(?P<tens>tens|hundreds)\s+of\s+)?"
    r"(?P<word>dozens|hundreds|thousands|millions|billions|trillions)"
    r"(?=\s+of\b)"
    rf"(?:\s+of\s+(?P<cur>{_CUR_WORDS}))?",
    re.I,
)


def find_vague_plurals(text: str) -> list[dict]:
    """ "dozens of people", "tens of thousands of students", "tens of millions of
    dollars": ranges from one to ten of their unit."""
    out = []
    for m in _VAGUE.finditer(text):
        base = VAGUE_PLURALS[m["word"].lower()]
        if m["tens"]:
            base *= 10.0 if m["tens"].lower() == "tens" else 100.0
        reading = currency_of_words(m["cur"]) if m["cur"] else None
        end = m.end() if reading else m.end("word")
        out.append(
            {
                "start": m.start(),
                "end": end,
                "text": text[m.start() : end],
                "type": "money" if reading else "number",
                "value": None,
                "low": base,
                "high": base * 10,
                "unit": reading.code if reading else None,
                "change": "=",
                "bound": None,
                "scale_word": m["word"].lower(),
                "num_start": m.start(),
                "num_end": m.end("word"),
                "is_word": True,
                "unit_word": None,
                "range": True,
                "per": None,
                "minor": None,
                "counted": None,
                "currency_candidates": list(reading.candidates) if reading else [],
                "ambiguous": bool(reading and reading.ambiguous),
                "currency_basis": reading.basis if reading else None,
            }
        )
    return out


_ONE_IN = re.compile(
    rf"(?<!\w)(?:(?P<bound>{_BOUND})\s+)?\b(?P<one>one|1)\s+(?:in|out of)\s+"
    r"(?P<n>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)\b",
    re.I,
)


def find_one_in(text: str) -> list[dict]:
    """ "One in three Americans", "about 1 in 5": a share, in percent."""
    out = []
    for m in _ONE_IN.finditer(text):
        n = _parse_amount(m["n"]) if m["n"].lower() != "hundred" else 100.0
        if not n or n < 2:
            continue
        value = 100.0 / n
        change = "="
        if m["bound"]:
            change = (
                "~"
                if _APPROX.search(m["bound"])
                else "<"
                if _UPPER_BOUND.search(m["bound"])
                else ">"
            )
        low, high = _interval(value, "0", 1.0, change)
        out.append(
            {
                "start": m.start(),
                "end": m.end(),
                "text": m.group(),
                "type": "percent",
                "value": value,
                "low": low,
                "high": high,
                "unit": "percent",
                "change": change,
                "bound": m["bound"],
                "scale_word": "",
                "num_start": m.start("one"),
                "num_end": m.end(),
                "is_word": not m["one"].isdigit(),
                "unit_word": None,
                "range": False,
                "per": None,
                "minor": None,
                "counted": None,
                "currency_candidates": [],
                "ambiguous": False,
                "currency_basis": None,
            }
        )
    return out


_CONVERSION_GAP = re.compile(r"\s*[(/]\s*(?:about\s+|or\s+|US\s*)?", re.I)


def _conversions(text: str, mentions: list[dict]) -> None:
    """A figure converted in brackets says what the first one says: "dropped by 1
    to 1.5 degrees Celsius (1.8 to 2.7 Fahrenheit)" is a fall in both units, "more
    than 7.5 million crowns (US $1.1 million)" a lower bound in both."""
    for prev, cur in zip(mentions, mentions[1:], strict=False):
        gap = text[prev["end"] : cur["start"]]
        if cur["change"] != "=" or prev["change"] == "=" or not gap:
            continue
        if not _CONVERSION_GAP.fullmatch(gap) or cur["bound"]:
            continue
        cur["change"] = prev["change"]
        if prev["change"] in (">", "<", "~") and not cur["range"]:
            value = cur["value"]
            cur["low"], cur["high"] = _interval(value, str(value), 1.0, prev["change"])


def _wire_rows(text: str, mentions: list[dict]) -> None:
    """Agency tables: in "Net 1.2 mln vs 900,000" the figure after "vs" is in the
    unit of the one before it; "Avg shrs 8.1 mln" counts shares."""
    for prev, cur in zip(mentions, mentions[1:], strict=False):
        between = text[prev["end"] : cur["start"]]
        if (
            re.fullmatch(r"\s+vs\.?\s+", between, re.I)
            and cur["type"] == "number"
            and prev["type"] in ("money", "percent")
        ):
            cur.update(
                type=prev["type"],
                unit=prev["unit"],
                per=prev["per"],
                currency_candidates=prev["currency_candidates"],
                ambiguous=prev["ambiguous"],
                currency_basis=prev["currency_basis"],
            )
    for mention in mentions:
        line_start = text.rfind("\n", 0, mention["start"]) + 1
        if mention["type"] == "number" and _WIRE_SHARES_LINE.match(
            text[line_start : mention["start"]]
        ):
            mention["counted"] = "share"


def _minor_currencies(text: str, mentions: list[dict], sentences) -> None:
    """A figure in cents, pence or sen takes the currency of the sentence's other
    money ("rose 18 sen to RM23.50" is MYR) when there is one."""
    for mention in mentions:
        if not mention.get("minor") or mention["currency_basis"] == "sign":
            continue
        sent = next(((a, b) for a, b in sentences if a <= mention["start"] < b), None)
        lo, hi = sent if sent else (0, len(text))
        for other in mentions:
            if (
                other is not mention
                and other["type"] == "money"
                and not other.get("minor")
                and lo <= other["start"] < hi
            ):
                code = other["unit"].split(" per ")[0]
                rest = mention["unit"].split(" per ", 1)
                mention["unit"] = code + (f" per {rest[1]}" if len(rest) > 1 else "")
                mention.update(
                    currency_candidates=[code], ambiguous=False, currency_basis="sign"
                )
                break


def _interval(value: float, surface_num: str, scale: float, change: str):
    """The interval the wording and rounding allow."""
    step = (
        10 ** (-decimals(surface_num)) * scale
        if (scale > 1 or decimals(surface_num))
        else 0
    )
    low, high = value - step / 2, value + step / 2
    if value < 0:
        low, high = min(low, high), max(low, high)
    if change == ">":
        return value, None
    if change == "<":
        return None, value
    if change == "~":
        spread = max(step / 2, abs(value) * 0.05)
        return value - spread, value + spread
    return (low, high) if step else (value, value)


# quantulum3 is asked about the number and the few words after it, not the sentence:
# a unit follows its number ("12 km", "40 cubic metres per second"), and a short
# window is cheaper to parse and repeats across articles, so the cache hits more.
_UNIT_WINDOW = 40
# The window ends before a word that cannot be part of a unit: quantulum3 reads
# "at" as ampere-turns, "a" as annum, and joins a unit to the next figure's words.
_UNIT_STOP = re.compile(
    r"\s+(?:at|and|or|to|the|in|on|for|from|with|by|as|than|of|is|was|were|are"
    r"|while|after|before|but|when|which|that|its?|into|over|under|between|vs)\b"
    r"|\s+an?\b(?!\s+(?:day|week|month|year|hour|minute|second)\b)"
    r"|\s+\S*\d",
    re.I,
)
# A bare "C" after a number is degrees Celsius in news copy, not coulombs.
_CELSIUS = re.compile(r"\s?°?C\b")


def unit_window(text: str, mention: dict, sentence_end: int) -> tuple[int, int]:
    """The candidate span for quantulum3: from the number to at most _UNIT_WINDOW
    characters past the mention, within its sentence, ending on a word boundary
    and before the first word that cannot belong to a unit."""
    start = mention["num_start"]
    limit = min(sentence_end, mention["end"] + _UNIT_WINDOW)
    end = limit
    if limit < sentence_end and not text[limit : limit + 1].isspace():
        cut = text.rfind(" ", mention["end"] + 1, limit)
        end = cut if cut > mention["end"] else limit
    stop = _UNIT_STOP.search(text, mention["end"], end)
    if stop:
        end = stop.start()
    return start, end


_PER_PERIOD = re.compile(r"per (?:year|month|week|day|hour|minute|quarter|decade)")
_UNIT_START = re.compile(r"[\s-]?[A-Za-z°µμ″′Ω]")


def _attach_units(text: str, mentions: list[dict], sentences) -> None:
    """Physical units from quantulum3, for bare numbers only. quantulum3 sees the
    number and the words after the mention (without the scale word: "2.8bn km" is
    asked as "2.8 km", which it reads; "2.8bn" it reads as bit-newtons)."""
    for mention in mentions:
        if mention["type"] != "number" or mention.get("counted"):
            continue
        after = text[mention["end"] : mention["end"] + 25]
        if (own := own_unit(after)) is not None:
            # a unit quantulum3 does not know: "35 mpg", "300 PS", "332 lb-ft"
            _set_unit(text, mention, own[0], mention["end"] + own[1])
            continue
        if not _UNIT_START.match(after) or not may_have_unit(after.lstrip("-")):
            continue
        sent = next(((a, b) for a, b in sentences if a <= mention["start"] < b), None)
        if sent is None:
            continue
        a, b = unit_window(text, mention, sent[1])
        if mention["scale_word"] and not mention["range"]:
            prefix = text[mention["num_start"] : mention["num_end"]]
        else:
            prefix = text[a : mention["end"]]
        probe = fold_micro(prefix + text[mention["end"] : b])
        for qs, qe, unit in _quantulum_units(probe):
            end = mention["end"] + qe - len(prefix)
            if (
                qs > 0
                or qe <= len(prefix)
                or _refused(unit, text[mention["end"] : end])
            ):
                continue
            if _PER_PERIOD.fullmatch(unit) and _TIME_REFERENCE.match(text, end):
                break  # "1,450 a year earlier" is a level and when, not a rate
            if end - mention["start"] > 60:
                continue
            if unit == "coulomb" and _CELSIUS.fullmatch(text[mention["end"] : end]):
                unit = "degree celsius"
            _set_unit(text, mention, renamed(unit, text[mention["end"] : end]), end)
            break


def _set_unit(text: str, mention: dict, unit: str, end: int) -> None:
    """A bare number becomes a quantity of ``unit``, its words ending at ``end``."""
    mention["type"] = "quantity"
    mention["unit"] = unit
    mention["end"] = max(mention["end"], end)
    mention["text"] = text[mention["start"] : mention["end"]]


_DURATION_UNITS = {
    "Y": "year",
    "M": "month",
    "W": "week",
    "D": "day",
    "H": "hour",
    "S": "second",
}


def mark_durations(mentions: list[dict], durations: list[dict]) -> None:
    """A number inside a duration ("58 minutes", "12 years of talks") is a time
    quantity, not a count of things."""
    for mention in mentions:
        if mention["type"] not in ("number", "quantity"):
            continue
        if (mention["unit"] or "").endswith(" of age"):
            continue  # "a 50-year-old": an age, not fifty years
        for d in durations:
            if d["start"] <= mention["num_start"] < d["end"]:
                m = re.fullmatch(
                    r"PT?(?:\d+(?:\.\d+)?|X)([YMWDHS])", d.get("value") or ""
                )
                unit = None
                if m:
                    unit = _DURATION_UNITS[m[1]]
                    if m[1] == "M" and d["value"].startswith("PT"):
                        unit = "minute"
                mention["type"] = "quantity"
                mention["unit"] = unit or "duration"
                mention["duration"] = True
                break


# ------------------------------------------------------------------ with the parse

# Capitalised words before a number that label it rather than name it ("Category 4",
# "Level 3", "No. 1"): the number stays a figure (see _read_unit_word).
_LABELS = {
    "magnitude", "category", "level", "grade", "force", "stage", "phase", "no", "no.",
    "number", "top", "about", "around", "nearly", "some", "over", "only", "just",
}  # fmt: skip
# Verbs whose particle "up"/"down" is a change ("edged up 0.2%", "ended down 1%");
# after any other verb it is no change ("gave up 517 yards", "set up 3 firms").
_CHANGE_PARTICLE_VERBS = {
    "go", "move", "edge", "tick", "inch", "creep", "shoot", "head", "trend", "be",
    "end", "close", "finish", "open", "come", "jump", "climb", "rise", "fall", "drop",
    "trade", "push", "drive", "mark", "revise", "ratchet", "step", "ramp", "slow",
}  # fmt: skip
_PARTICLE_BEFORE = re.compile(r"\b(up|down)\s+(?:by\s+)?(?:[a-z]+\s+){0,2}$", re.I)
_NOUN_TAGS = ("NN", "NNS", "NNPS")


def _token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _names_it(tok: Token) -> bool:
    """A word that can carry a number as part of a name: a proper noun, or a word
    with inner capitals or "&" ("iPhone", "S&P", "FTSE")."""
    text = tok.text
    if not text[:1].isalpha() and "&" not in text:
        return False
    inner_caps = any(c.isupper() for c in text[1:])
    # a capital inside a sentence marks a name whatever the tagger makes of it
    # ("the Big 10": "Big" is tagged an adjective)
    capital = text[:1].isupper() and (tok.pos_ == "PROPN" or not tok.is_sent_start)
    return (capital or inner_caps or "&" in text) and tok.lower_ not in _LABELS


def in_name(doc: Doc, mention: dict) -> bool:
    """Whether a bare number is part of a name or code: "S&P 500", "iPhone 11",
    "the Big 12", "Game 7" (a name word right before it that it belongs to), "787
    Dreamliner", "Six Nations" (a singular or non-nationality proper noun it
    modifies right after it)."""
    if mention["type"] != "number" or mention["unit_word"] or mention["scale_word"]:
        return False
    tok = _token_at(doc, mention["num_start"], mention["num_end"])
    if tok is None:
        return False
    text = text_of(doc)
    if tok.i > 0:
        prev = doc[tok.i - 1]
        adjacent = text[prev.idx + len(prev.text) : tok.idx] == " "
        counts_after = (
            tok.head.i > tok.i
            and tok.head.tag_ in ("NNS", "NNPS")
            and tok.dep_ == "nummod"
        )
        if adjacent and _names_it(prev) and not counts_after:
            return True
    if tok.i + 1 < len(doc):
        nxt = doc[tok.i + 1]
        if (
            tok.head == nxt
            and nxt.tag_ in ("NNP", "NNPS")
            and nxt.text[:1].isupper()
            and nxt.ent_type_ != "NORP"
            and not may_have_unit(" " + nxt.text)
        ):
            return True
    return False


def counted_of(doc: Doc, mention: dict) -> str | None:
    """The noun a bare number counts, with the words that narrow it: "700 heart
    transplants" -> "heart transplant", "9.3 million shipping containers" ->
    "shipping container", "tens of thousands of students" -> "student"."""
    span = doc.char_span(mention["num_start"], mention["end"], "expand")
    if span is None or not len(span):
        return None
    head = span[-1]  # "9.3 million": the scale word is what the noun governs
    noun = None
    if head.head.i > head.i and head.dep_ in ("nummod", "compound", "quantmod", "amod"):
        noun = head.head
    else:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                noun = next((c for c in child.children if c.dep_ == "pobj"), None)
                if noun is not None and noun.tag_ not in ("NNS", "NNPS"):
                    noun = None  # "one of the", "50 of the group": a part, not what
                break
    if noun is None or noun.tag_ not in _NOUN_TAGS:
        return None
    if noun.tag_ == "NNPS" and noun.ent_type_ != "NORP":
        return None
    words: list[Token] = []
    start = head.i + 1 if noun.i > head.i else noun.i
    for t in doc[start : noun.i]:
        if t.lower_ in ("of", "the"):
            words = []
            continue
        if t.dep_ in ("amod", "compound") and (t.is_alpha or "-" in t.text):
            words.append(t)
        elif t.text in _HYPHENS and words and words[-1].i == t.i - 1:
            words.append(t)  # "first-team players": the text's own word
        elif not t.is_punct:
            words = []
    while words and words[-1].text in _HYPHENS:
        words.pop()
    if noun.lemma_.lower() in _TIME_NOUNS and any(
        t.lower_ in _DATE_MODIFIERS for t in words
    ):
        return None  # "2.1 last year": a figure and when, not years counted
    out = ""
    for k, t in enumerate(words):
        nxt = words[k + 1] if k + 1 < len(words) else noun
        out += t.lower_ + (t.whitespace_ if nxt.i == t.i + 1 else " ")
    return out + noun.lemma_.lower()


_HYPHENS = frozenset({"-", "–"})
# Words that make a time noun a date ("last year", "next week"), not a duration.
_DATE_MODIFIERS = frozenset({"last", "next", "this", "coming"})


# What a unit named by a counted noun must measure to be a unit of measure, not a
# count of things ("517 rushing yards" are yards; "three sets", "two pixels" are not).
_MEASURED_ENTITIES = frozenset({
    "length", "area", "volume", "mass", "speed", "energy", "power", "data storage",
    "time",
})  # fmt: skip
# Time units as a duration names them (``mark_durations``); quantulum3 reads a bare
# "second" or "minute" as one of arc.
_TIME_NOUNS = frozenset({"year", "month", "week", "day", "hour", "minute", "second"})


def _counted_unit(mention: dict) -> None:
    """A number whose counted noun is a unit of measure with words between ("517
    rushing yards", "the 50 previous years") is a quantity of that unit, as if the
    unit followed the number: it measures, it counts nothing."""
    counted = mention["counted"]
    if not counted:
        return
    head = counted.split()[-1]
    if head in _TIME_NOUNS:
        unit = head
        mention["duration"] = True
    else:
        unit = _unit_name(head)
        if unit is None or _entity_of(unit) not in _MEASURED_ENTITIES:
            return
    mention["type"] = "quantity"
    mention["unit"] = unit
    mention["counted"] = None


@lru_cache(maxsize=512)
def _entity_of(unit: str) -> str | None:
    """What quantulum3 says a unit measures ("yard" -> "length")."""
    try:
        from quantulum3 import load

        return load.units("en_US").names[unit].entity.name
    except Exception:  # noqa: BLE001 - a unit it does not list measures nothing known
        return None


# Verbs of change by lemma: "grow sales by 35 per cent", "cut costs by $5 million".
_UP_LEMMAS = {
    "rise", "increase", "grow", "gain", "jump", "climb", "surge", "soar", "rally",
    "advance", "expand", "boost", "raise", "lift", "improve",
}  # fmt: skip
_DOWN_LEMMAS = {
    "fall", "drop", "decline", "decrease", "slip", "slide", "plunge", "plummet",
    "tumble", "sink", "shrink", "contract", "shed", "dip", "slump", "retreat",
    "cut", "reduce", "lower", "trim", "slash",
}  # fmt: skip


def _verb_change(doc: Doc, mention: dict) -> str | None:
    """The direction a verb of change gives a figure it governs through "by" ("grew
    sales by 35 per cent") when no change word stands right before it."""
    if mention["type"] not in ("percent", "money", "quantity"):
        return None
    tok = _token_at(doc, mention["num_start"], mention["num_end"])
    if tok is None:
        return None
    head = tok
    for _ in range(3):  # number -> its unit or scale word -> "by"
        if head.dep_ == "pobj" and head.head.lower_ == "by":
            verb = head.head.head
            if verb.lemma_.lower() in _UP_LEMMAS:
                return "up"
            if verb.lemma_.lower() in _DOWN_LEMMAS:
                return "down"
            return None
        if head.head.i == head.i:
            return None
        head = head.head
    return None


def _no_particle_change(doc: Doc, mention: dict) -> bool:
    """ "gave up 517 yards": the "up" belongs to another verb, the figure is a level."""
    text = text_of(doc)
    before = text[max(0, mention["start"] - 30) : mention["start"]]
    m = _PARTICLE_BEFORE.search(before)
    if not m:
        return False
    at = mention["start"] - len(before) + m.start(1)
    tok = _token_at(doc, at, at + len(m[1]))
    return bool(
        tok is not None
        and tok.dep_ == "prt"
        and tok.head.lemma_.lower() not in _CHANGE_PARTICLE_VERBS
    )


def _resolve_currency(doc: Doc, mention: dict) -> None:
    """A shared currency word takes its country from the sentence's places and
    nationalities, then (unless its usual reading dominates English copy, like the
    US dollar) from the article's."""
    if mention["type"] != "money" or mention["currency_basis"] != "default":
        return
    code, _, per = mention["unit"].partition(" per ")
    reading = CurrencyReading(code, tuple(mention["currency_candidates"]), "default")
    on = None
    if doc._.cc_base_date and not doc._.cc_base_nominal:
        on = dt.date.fromisoformat(doc._.cc_base_date)
    sent = doc.char_span(mention["start"], mention["end"], "expand")
    scopes = [sent.sent] if sent is not None else []
    if code not in DOMINANT_READINGS:
        scopes.append(doc[:])
    for scope in scopes:
        ents = [e for e in doc.ents if scope.start <= e.start < scope.end]
        chosen = resolve_from_places(
            reading,
            [e.text for e in ents if e.label_ == "GPE"],
            [e.text for e in ents if e.label_ == "NORP"],
            on,
        )
        if chosen.basis == "places":
            mention["unit"] = chosen.code + (f" per {per}" if per else "")
            mention["currency_basis"] = "places"
            return


def refine_with_doc(doc: Doc, mentions: list[dict]) -> list[dict]:
    """What the parse and the entities tell about the mentions: numbers inside
    names are left out, a particle "up" is no change, bare numbers get the noun
    they count, shared currency words their country."""
    out = []
    for mention in mentions:
        if in_name(doc, mention):
            continue
        if mention["change"] in ("up", "down") and _no_particle_change(doc, mention):
            mention["change"] = "="
        elif mention["change"] == "=" and (direction := _verb_change(doc, mention)):
            mention["change"] = direction
        if mention["type"] == "number" and mention["counted"] is None:
            mention["counted"] = counted_of(doc, mention)
            _counted_unit(mention)
        _resolve_currency(doc, mention)
        out.append(mention)
    return out


class QuantityExtractor:
    """Writes ``doc._.cc_quantities``; runs after cc_dates and cc_ranks so that years,
    dates and ordinals are not read as quantities."""

    def __init__(self, nlp: Language, name: str, *, use_quantulum: bool = True):
        install_extensions()
        self.name = name
        self.use_quantulum = use_quantulum
        if use_quantulum:
            warm_up_quantulum()

    def __call__(self, doc: Doc) -> Doc:
        try:
            skip = list(doc._.cc_skip or [])
            skip += [(d["start"], d["end"]) for d in doc._.cc_dates or []]
            if (
                doc._.cc_dateline
            ):  # the dateline is metadata: its numbers are not claims
                skip.append((doc._.cc_dateline["start"], doc._.cc_dateline["end"]))
            skip += [(r["num_start"], r["num_end"]) for r in doc._.cc_ranks or []]
            sentences = (
                [(s.start_char, s.end_char) for s in doc.sents]
                if self.use_quantulum
                else []
            )
            with guard.collect() as failures:
                found = find_quantities(text_of(doc), skip, sentences)
                mark_durations(
                    found, find_durations(text_of(doc), dates=doc._.cc_dates or [])
                )
                found = refine_with_doc(doc, found)
            record_lines(doc, self.name, failures)
            doc._.cc_quantities = found
        except Exception as err:  # one article's failure must not stop the batch
            doc._.cc_quantities = []
            record_failure(doc, self.name, err)
        return doc


@Language.factory(
    "cc_quantities",
    default_config={"use_quantulum": True},
    requires=["doc._.cc_dates", "doc._.cc_ranks"],
    assigns=["doc._.cc_quantities"],
)
def make_quantity_extractor(
    nlp: Language, name: str, *, use_quantulum: bool
) -> QuantityExtractor:
    return QuantityExtractor(nlp, name, use_quantulum=use_quantulum)
