"""Currencies, scale words and the minor units money is counted in, as data that
extraction (``nlp/quantities.py``) and checks (``checks/numeric.py``) share.

Currency names come from babel (CLDR): every ISO 4217 currency that is or was legal
tender somewhere, with its English singular and plural names ("Colombian peso",
"Colombian pesos") and the territories that use it, by date. The hand-written
tables here are only what CLDR does not hold: the signs news copy writes before a
number (US$, $US, A$, HK$, RM, Rs), the agency abbreviations (dlrs, cts, stg), the
English words that stand for a family of currencies ("crowns" for kroner, kronor
and korunas), and the reading a bare word takes when nothing says which country's
currency it is.

A word shared between countries ("pesos", "rupees", "dollars", "francs", "crowns")
is read with ``currency_of_word``, which gives every candidate code; when the words
around it do not settle it, ``resolve_from_places`` picks the candidate that the
article's places (GPE entities: "Colombia") or nationalities (NORP entities:
"Colombian") name, and a mention that still cannot tell says so (``ambiguous``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# ------------------------------------------------------------------ scale words

# Words that multiply the number before them. Agency copy writes mln, bln, mn, bn,
# tn; South Asian copy lakh (100,000) and crore (10 million).
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6,
    "m": 1e6, "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12,
    "tn": 1e12, "tln": 1e12, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}  # fmt: skip
# Single letters that are a scale only after a currency sign or before a counted
# noun ("£600m", "4.3M sales"); after a bare number "37m" is metres.
LETTER_SCALES = ("m", "b", "k")

# "tens of thousands", "hundreds of miles", "dozens of people": a vague plural is
# the interval from one to ten of its unit (NewsQuant's convention, and the widest
# reading an editor would accept: "dozens" is never 5 nor 500).
VAGUE_PLURALS = {
    "dozens": 12.0, "scores": 20.0, "hundreds": 1e2, "thousands": 1e3,
    "millions": 1e6, "billions": 1e9, "trillions": 1e12,
}  # fmt: skip

# ------------------------------------------------------------------ signs and codes

# Signs written before a number, to ISO 4217. Keys are matched case-sensitively:
# "A$5" is Australian, "a $5 bill" is not.
CURRENCY_SIGNS = {
    "US$": "USD", "U.S.$": "USD", "$US": "USD", "US $": "USD", "U.S. $": "USD",
    "A$": "AUD", "$A": "AUD", "AU$": "AUD", "HK$": "HKD", "HK $": "HKD",
    "C$": "CAD", "CA$": "CAD", "Can$": "CAD", "NZ$": "NZD", "$NZ": "NZD",
    "S$": "SGD", "R$": "BRL", "NT$": "TWD", "MX$": "MXN", "$": "USD",
    "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₦": "NGN",
    "₪": "ILS", "₱": "PHP", "₽": "RUB", "₺": "TRY", "₫": "VND", "₴": "UAH",
    "RM": "MYR", "Rs.": "INR", "Rs": "INR", "KSh": "KES", "RMB": "CNY",
}  # fmt: skip
# Signs that may also follow the number ("1,200€"), as continental copy writes them.
CURRENCY_SIGNS_AFTER = {"€": "EUR", "£": "GBP", "$": "USD"}
# Signs as ASCII transliteration writes them (unidecode and the feeds that fold text
# to ASCII: "£" becomes "PS", "¥" becomes "Y="), glued to the number. Read only
# before a number written as an amount (thousands separators, decimals or a scale
# word: "PS2.7m", "Y=28,030"), never before a bare short number ("PS5", the games
# console; "Y=2").
ASCII_FOLDED_SIGNS = {"PS": "GBP", "Y=": "JPY"}
# Signs that name a country's currency but are shared by several ("Rs": India,
# Pakistan, Sri Lanka, Nepal): resolved from the article's places like a word.
SHARED_SIGNS = {"Rs": "rupee", "Rs.": "rupee"}

# ISO 4217 codes written as words before or after a number ("USD 5 million",
# "110 JPY"), upper case only: the currencies news copy quotes by code.
CURRENCY_CODES = (
    "USD", "EUR", "GBP", "JPY", "CNY", "HKD", "INR", "CHF", "AUD", "CAD", "NZD",
    "SGD", "KRW", "BRL", "ZAR", "MXN", "RUB", "TRY", "KES", "NGN", "SEK", "NOK",
    "DKK", "PLN", "CZK", "HUF", "ILS", "AED", "SAR", "MYR", "THB", "IDR", "PHP",
    "PKR", "EGP", "ARS", "CLP", "COP", "PEN", "TWD", "VND", "UAH",
)  # fmt: skip

# ------------------------------------------------------------------ words

# Agency abbreviations of currency words, and the word they stand for.
WIRE_WORDS = {"dlrs": "dollars", "dlr": "dollar", "stg": "sterling"}
# English words for a family of CLDR names: "crowns" are kroner, kronor, korunas.
WORD_FAMILIES = {
    "crown": ("krone", "krona", "koruna", "kroon", "kronur"),
    "kroner": ("krone",), "kronor": ("krona",), "kronur": ("krona",),
    "sterling": ("pound",), "quid": ("pound",), "renminbi": ("yuan",),
    "rouble": ("ruble",), "lire": ("lira",), "reais": ("real",),
    "marks": ("mark",), "d-mark": ("mark",), "deutschmark": ("mark",),
}  # fmt: skip
# The reading of a bare word when neither the words around it nor the article's
# places tell (the currency English-language news means by it unqualified).
DEFAULT_READING = {
    "dollar": "USD", "pound": "GBP", "sterling": "GBP", "franc": "CHF",
    "rupee": "INR", "peso": "MXN", "yen": "JPY", "yuan": "CNY", "euro": "EUR",
    "won": "KRW", "rand": "ZAR", "real": "BRL", "lira": "TRY", "shilling": "KES",
    "dirham": "AED", "riyal": "SAR", "rial": "IRR", "dinar": "KWD", "krone": "NOK",
    "crown": "SEK", "koruna": "CZK", "mark": "DEM", "guilder": "NLG",
    "ruble": "RUB", "renminbi": "CNY", "shekel": "ILS",
}  # fmt: skip
# Readings so common in English copy that only the words of the sentence itself
# move a bare word off them ("dollars" in a story naming Hong Kong once are still
# US dollars unless the sentence says otherwise).
DOMINANT_READINGS = frozenset({"USD", "GBP", "EUR"})
# Words that are also ordinary English ("208 pounds" of weight, "three crowns" won,
# "5 marks" in an exam): money only with a scale word, a sign or a country's name
# ("5 million pounds", "Norwegian crowns").
NEEDS_QUALIFIER = frozenset({"pound", "crown", "mark", "won", "real", "sol", "rand"})
# Bare words read as currencies after a number: the CLDR names' last words that are
# money in English copy (obscure ones such as "kip" or "lek" only with a country).
BARE_WORDS = frozenset({
    "dollar", "euro", "pound", "sterling", "yen", "yuan", "renminbi", "rupee", "peso",
    "franc", "crown", "krone", "krona", "koruna", "rand", "ringgit", "baht", "shekel",
    "lira", "ruble", "rouble", "dinar", "dirham", "riyal", "rial", "shilling",
    "naira", "zloty", "forint", "rupiah", "taka", "kwacha", "cedi", "sol", "won",
    "real", "mark", "guilder", "peseta", "escudo", "drachma", "schilling", "hryvnia", "lari", "tenge", "dong", "birr",
})  # fmt: skip

# Minor units and their share of the major unit. The major currency comes from the
# sentence (a sign or currency word near it) or the default reading of its family.
MINOR_UNITS = {
    "cent": ("dollar", 0.01), "cents": ("dollar", 0.01), "cts": ("dollar", 0.01),
    "ct": ("dollar", 0.01), "¢": ("dollar", 0.01), "pence": ("pound", 0.01),
    "penny": ("pound", 0.01), "sen": ("ringgit", 0.01), "paise": ("rupee", 0.01),
    "kopecks": ("ruble", 0.01), "centavos": ("peso", 0.01),
}  # fmt: skip

# Place names news copy uses that CLDR writes otherwise.
PLACE_ALIASES = {
    "us": "US", "u.s.": "US", "u.s.a.": "US", "usa": "US", "america": "US",
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "hong kong": "HK", "macau": "MO",
    "czech republic": "CZ", "holland": "NL", "ivory coast": "CI", "burma": "MM",
    "south korea": "KR", "north korea": "KP", "taiwan": "TW",
}  # fmt: skip

# Rough value of one unit in US dollars, for the plausibility of stated conversions
# only (a stated conversion is flagged when it is off by more than a wide band).
USD_PER_UNIT = {
    "USD": 1.0, "CNY": 0.14, "HKD": 0.128, "EUR": 1.1, "GBP": 1.27, "JPY": 0.0068,
    "INR": 0.012, "KRW": 0.00073, "AUD": 0.66, "CAD": 0.73, "NZD": 0.6, "SGD": 0.75,
    "CHF": 1.13, "BRL": 0.19, "NGN": 0.00065, "KES": 0.0077, "ZAR": 0.055,
    "MXN": 0.055, "RUB": 0.011, "TRY": 0.03, "MYR": 0.22, "THB": 0.029, "AED": 0.27,
    "SAR": 0.27,
}  # fmt: skip
# Range of US dollars per unit over 2000-2026 (yearly lows and highs, rounded
# outwards): a stated conversion outside the range for the pair is implausible in
# any year, so the check needs no date-specific rates.
USD_RANGE = {
    "USD": (1.0, 1.0), "EUR": (0.82, 1.6), "GBP": (1.05, 2.1), "CNY": (0.12, 0.165),
    "HKD": (0.127, 0.13), "JPY": (0.0062, 0.0135), "INR": (0.0115, 0.0235),
    "KRW": (0.00065, 0.0011), "AUD": (0.47, 1.1), "CAD": (0.61, 1.1), "CHF": (0.55, 1.3),
    "SGD": (0.53, 0.83), "NZD": (0.39, 0.88), "BRL": (0.16, 0.65), "ZAR": (0.05, 0.17),
    "MXN": (0.045, 0.11), "RUB": (0.0095, 0.045), "TRY": (0.024, 0.9), "NGN": (0.0006, 0.0085),
    "KES": (0.0065, 0.016), "MYR": (0.2, 0.34), "THB": (0.022, 0.036), "AED": (0.272, 0.273),
    "SAR": (0.266, 0.267),
}  # fmt: skip


# ------------------------------------------------------------------ CLDR tables


def _fold(text: str) -> str:
    """Lower case without accents: "Króna" -> "krona"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def singular(word: str) -> str:
    """The singular of a currency word: "pesos" -> "peso", "kroner" -> "krone"."""
    w = _fold(word)
    irregular = {"reais": "real", "lire": "lira", "kroner": "krone", "kronor": "krona",
                 "kronur": "krona", "korunas": "koruna", "pence": "penny",
                 "soles": "sol", "centavos": "centavo", "dlrs": "dollar"}  # fmt: skip
    if w in irregular:
        return irregular[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


@lru_cache(maxsize=1)
def _tender() -> dict[str, list[tuple[str, dt.date | None, dt.date | None]]]:
    """Currency code -> [(territory, from, to)] where it was legal tender (CLDR)."""
    try:
        from babel.core import get_global
    except ImportError:  # pragma: no cover - babel is a dependency
        return {}
    out: dict[str, list] = {}
    for territory, entries in get_global("territory_currencies").items():
        if not (len(territory) == 2 and territory.isalpha()):
            continue
        for code, start, end, tender in entries:
            if tender:
                out.setdefault(code, []).append(
                    (territory, dt.date(*start) if start else None,
                     dt.date(*end) if end else None)
                )  # fmt: skip
    return out


@lru_cache(maxsize=1)
def currency_names() -> dict[str, tuple[str, str]]:
    """Code -> (English singular name, plural name), folded to lower case, for every
    currency that was legal tender somewhere: "COP" -> ("colombian peso",
    "colombian pesos")."""
    try:
        from babel import Locale
        from babel.numbers import get_currency_name
    except ImportError:  # pragma: no cover - babel is a dependency
        return {}
    tender = _tender()
    out = {}
    for code, name in Locale("en").currencies.items():
        if code not in tender or "(" in name:
            continue
        plural = get_currency_name(code, count=2, locale="en")
        out[code] = (_fold(name), _fold(plural))
    return out


@lru_cache(maxsize=1)
def _codes_by_last_word() -> dict[str, tuple[str, ...]]:
    by_word: dict[str, list[str]] = {}
    for code, (name, _) in currency_names().items():
        by_word.setdefault(name.split()[-1], []).append(code)
    return {w: tuple(sorted(codes)) for w, codes in by_word.items()}


@lru_cache(maxsize=1)
def qualified_names() -> dict[str, str]:
    """Every qualified currency name, singular and plural, to its code: "colombian
    pesos", "sri lankan rupee", "norwegian crowns", "u.s. dollars"."""
    out: dict[str, str] = {}
    for code, (name, plural) in currency_names().items():
        forms = {name, plural}
        words = name.split()
        if len(words) < 2:
            continue
        qualifier, last = " ".join(words[:-1]), words[-1]
        for english, family in WORD_FAMILIES.items():
            if last in family and len(english) > 4 and english.isalpha():
                forms |= {f"{qualifier} {english}", f"{qualifier} {english}s"}
        if qualifier == "us":
            forms |= {f.replace("us ", "u.s. ", 1) for f in forms}
            forms |= {f.replace("us ", "american ", 1) for f in forms}
        if qualifier == "british":
            forms |= {"pounds sterling", "pound sterling", "sterling", "stg"}
        for form in forms:
            out.setdefault(form, code)
    return out


def candidates_of_word(word: str) -> tuple[str, ...]:
    """Every currency a bare word can name: "pesos" -> ARS, CLP, COP, …, "crowns"
    -> CZK, DKK, ISK, NOK, SEK, …; () when it names none."""
    w = singular(WIRE_WORDS.get(_fold(word), word))
    families = WORD_FAMILIES.get(w) or WORD_FAMILIES.get(_fold(word)) or (w,)
    by_word = _codes_by_last_word()
    codes = sorted({c for f in families for c in by_word.get(singular(f), ())})
    return tuple(codes)


# ------------------------------------------------------------------ readings


@dataclass(frozen=True, slots=True)
class CurrencyReading:
    """Which currency a sign, code or word names, and how sure that is.

    ``basis``: "sign", "code" or "name" (the text says it), "places" (the article's
    places chose among the candidates), "default" (nothing told: the word's usual
    reading). ``candidates`` lists every code the words allow.
    """

    code: str
    candidates: tuple[str, ...]
    basis: str

    @property
    def ambiguous(self) -> bool:
        """The text alone did not tell which currency it is."""
        return len(self.candidates) > 1 and self.basis in ("places", "default")


def currency_of_sign(sign: str) -> CurrencyReading | None:
    """The currency of a sign or code written by the number ("HK$", "RM", "JPY")."""
    sign = sign.strip()
    if sign in SHARED_SIGNS:
        candidates = candidates_of_word(SHARED_SIGNS[sign])
        code = DEFAULT_READING[SHARED_SIGNS[sign]]
        return CurrencyReading(code, candidates or (code,), "default")
    code = (
        CURRENCY_SIGNS.get(sign)
        or CURRENCY_SIGNS_AFTER.get(sign)
        or ASCII_FOLDED_SIGNS.get(sign)
    )
    if code:
        return CurrencyReading(code, (code,), "sign")
    if sign in CURRENCY_CODES:
        return CurrencyReading(sign, (sign,), "code")
    return None


def currency_of_words(words: str) -> CurrencyReading | None:
    """The currency named by the words after a number: a qualified name ("Sri
    Lankan rupees", "U.S. dollars") settles it; a bare word ("rupees") gives its
    candidates and its default reading; an ISO code ("5 USD") is that currency."""
    if words.strip() in CURRENCY_CODES:
        return CurrencyReading(words.strip(), (words.strip(),), "code")
    folded = re.sub(r"\s+", " ", _fold(words.strip()))
    code = qualified_names().get(folded) or qualified_names().get(
        WIRE_WORDS.get(folded, "")
    )
    if code:
        return CurrencyReading(code, (code,), "name")
    word = folded.split()[-1] if folded else ""
    word = WIRE_WORDS.get(word, word)
    candidates = candidates_of_word(word)
    if not candidates:
        return None
    base = singular(word)
    default = DEFAULT_READING.get(base)
    if default is None:
        for english, family in WORD_FAMILIES.items():
            if base in family and english in DEFAULT_READING:
                default = DEFAULT_READING[english]
                break
    if default is None or default not in candidates:
        default = candidates[0]
    basis = "name" if len(candidates) == 1 else "default"
    return CurrencyReading(default, candidates, basis)


@lru_cache(maxsize=1)
def _territory_codes() -> dict[str, str]:
    """English place name, folded -> CLDR territory code ("colombia" -> "CO")."""
    try:
        from babel import Locale
    except ImportError:  # pragma: no cover - babel is a dependency
        return dict(PLACE_ALIASES)
    out = {}
    for code, name in Locale("en").territories.items():
        if len(code) == 2 and code.isalpha():
            folded = _fold(name)
            out[folded] = code
            out[re.sub(r"\s+sar china$", "", folded)] = code
    out.update(PLACE_ALIASES)
    return out


def territory_of(place: str) -> str | None:
    """The CLDR territory a place name names: "Sri Lanka" -> "LK", "the U.S." -> "US"."""
    folded = _fold(re.sub(r"^the\s+", "", place.strip(), flags=re.I))
    return _territory_codes().get(folded)


def _in_use(code: str, territory: str, on: dt.date | None) -> bool:
    for where, start, end in _tender().get(code, ()):
        if where != territory:
            continue
        if on is None:
            if end is None:
                return True
            continue
        if (start is None or start <= on) and (end is None or on <= end):
            return True
    return False


def resolve_from_places(
    reading: CurrencyReading,
    places: Iterable[str] = (),
    nationalities: Iterable[str] = (),
    on: dt.date | None = None,
) -> CurrencyReading:
    """Choose among a word's candidates by the places and nationalities named near
    it (GPE and NORP entities: "Colombia", "Colombian"): the candidate named most
    often, when no other is named as often. ``on`` (the article's date) picks the
    currency in use then ("francs" in a French story of 1987 are FRF).

    Returns the reading with basis "places" when they chose, else unchanged.
    """
    if len(reading.candidates) < 2 or reading.basis not in ("default",):
        return reading
    votes: Counter = Counter()
    names = currency_names()
    for place in places:
        territory = territory_of(place)
        if territory is None:
            continue
        for code in reading.candidates:
            if _in_use(code, territory, on):
                votes[code] += 1
    for nationality in nationalities:
        adjective = _fold(nationality.strip()) + " "
        for code in reading.candidates:
            if names.get(code, ("",))[0].startswith(adjective):
                votes[code] += 1
    if not votes:
        return reading
    (best, n), *rest = votes.most_common()
    if rest and rest[0][1] == n:
        return reading
    return CurrencyReading(best, reading.candidates, "places")
