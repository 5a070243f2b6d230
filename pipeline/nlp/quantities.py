"""Numbers, money, percentages and quantities with scale, currency, unit and the
bounds their wording allows.

Our own grammar finds the numbers (it keeps scale and currency together, reads number
words, ranges and bounds); quantulum3 is asked only for the physical unit of a number
that has no currency or percent, where it is right, and its known misreadings are
refused (years, ranks, "percentage year", atomic mass units for "U.S. dollars").
"""

from __future__ import annotations

import logging
import math
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import guard
from pipeline.guard import guarded
from pipeline.nlp._extensions import (
    install_extensions,
    record_failure,
    record_lines,
    text_of,
)
from pipeline.nlp.dates import find_durations
from pipeline.nlp.normalize import (
    CURRENCY_PREFIX,
    CURRENCY_SUFFIX,
    NUMBER_WORD,
    SCALES,
    decimals,
    parse_number,
)

log = logging.getLogger(__name__)

_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+|"
    + NUMBER_WORD
    + r"|two-thirds|two thirds|three-quarters|a third|a quarter|a half|half)"
)
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mln|mn|bln|bn|tn|lakh|crore|[kmb](?![\w]))"
_CUR_PRE = r"(?:US\$|U\.S\.\$|HK\$|NZ\$|A\$|C\$|S\$|R\$|\$|€|£|¥|₹|₩|₦|\b(?:RMB|USD|CNY|EUR|GBP|JPY|HKD|INR|CHF|AUD|CAD|KES|ZAR|Rs\.?|KSh)\s?)"
_CUR_SUF = (
    r"(?:yuan renminbi|yuan|renminbi|RMB|U\.S\. dollars|US dollars|American dollars|"
    r"Hong Kong dollars|Australian dollars|Canadian dollars|dollars|euros?|pounds sterling|"
    r"pounds|sterling|yen|rupees|won|Swiss francs|francs|shillings|naira|rand|reais|"
    r"pesos|rubles|roubles|lira|ringgit|baht|dirhams|riyals)"
)
_PCT = r"(?:%|\s?per\s?cent(?:age points?)?|\s?percentage points?|\s?pct\b|\s?pc\b)"
_BOUND = (
    r"(?:more than|over|above|exceed(?:ed|ing|s)?|surpass(?:ed|ing|es)?|topp(?:ed|ing)|"
    r"at least|no (?:less|fewer) than|upwards of|in excess of|well over|just over|"
    r"nearly|almost|about|around|approximately|roughly|some|close to|an estimated|"
    r"estimated|up to|as (?:many|much) as|less than|fewer than|under|below|at most|"
    r"no more than|just under|just below)"
)
_CHANGE = (
    r"(?:(?:a\s+)?(?:year-on-year|year-over-year|annual|an?)?\s*"
    r"(?:increase|rise|growth|gain|jump|decrease|decline|drop|fall|reduction|cut)\s+of"
    r"|(?:up|down|rose|rise[sn]?|rising|increased|increasing|grew|grow(?:n|s|ing)?|gained|"
    r"jumped|climbed|surged|soared|fell|falls|fallen|falling|dropped|declined|decreased|"
    r"slipped|slid|plunged|shrank|contracted|expanded)(?:\s+by)?)"
)
QUANTITY_RE = re.compile(
    rf"(?:(?P<bound>{_BOUND})\s+)?(?:(?P<change>{_CHANGE})\s+)?"
    rf"(?P<body>(?P<cur>{_CUR_PRE})?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE}))?"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<cur2>{_CUR_PRE})?(?P<num2>{_NUM})(?:\s?(?P<scale2>{_SCALE}))?)?"
    rf"(?:(?P<pct>{_PCT})|\s(?P<cursuf>{_CUR_SUF})\b)?)",
    re.IGNORECASE,
)
_UP = re.compile(
    r"increase|rise|growth|gain|jump|up|rose|rising|grew|grow|climbed|surged|soared|expanded",
    re.I,
)
_APPROX = re.compile(
    r"nearly|almost|about|around|approximately|roughly|some|close to|estimated", re.I
)
_LOWER_BOUND = re.compile(
    r"more|over|above|exceed|surpass|topp|at least|no less|no fewer|upwards|excess",
    re.I,
)
_UPPER_BOUND = re.compile(
    r"up to|as many|as much|less|fewer|under|below|at most|no more", re.I
)
_BELOW_ONLY = re.compile(r"nearly|almost|just under|just below|close to", re.I)

# quantulum3 unit names that are misreadings in news text.
_BAD_UNITS = {
    "dimensionless", "atomic mass unit", "tonne hour", "percentage year", "year",
    "month", "day", "week", "hour", "second", "minute", "percentage", "dollar", "euro",
    "pound sterling", "pound-mass", "yen", "chinese yuan", "inch", "ampere", "foot",
}  # fmt: skip


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
    return tuple((q.span[0], q.span[1], q.unit.name) for q in found)


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
    word = m[1].lower().rstrip(".!?")
    known = _unit_words()
    forms = {word, word.split("/")[0], word.split("-")[0]}
    forms |= {f[:-1] for f in forms if f.endswith("s")}
    forms |= {f[:-2] for f in forms if f.endswith("es")}
    return any(f in known for f in forms if f)


def warm_up_quantulum() -> None:
    """quantulum3 builds its unit tables on its first call (about 2 s). Do that once,
    outside the per-call time limit: a first call cut short by the limit leaves the
    library half-initialised and every later call failing."""
    try:
        from quantulum3 import parser

        parser.parse("1 metre")
    except Exception as err:  # noqa: BLE001 - a broken install must not stop loading
        log.warning("quantulum3 failed to initialise: %s", err)


def _interval(value: float, surface_num: str, scale: float, change: str):
    """The interval the wording and rounding allow."""
    step = (
        10 ** (-decimals(surface_num)) * scale
        if (scale > 1 or decimals(surface_num))
        else 0
    )
    low, high = value - step / 2, value + step / 2
    if change == ">":
        return value, None
    if change == "<":
        return None, value
    if change == "~":
        spread = max(step / 2, abs(value) * 0.05)
        return value - spread, value + spread
    return (low, high) if step else (value, value)


def find_quantities(text: str, skip=(), sentences=()) -> list[dict]:
    """Number-like mentions in ``text`` outside the ``skip`` regions.

    Returns dicts: start, end (the value's own words, bound word included), text, type
    (money, percent, quantity, number), value, low, high, unit, change, scale_word,
    num_start, num_end (the bare number), next_text (the words after, for the builder).
    """
    taken = [tuple(r) for r in skip]
    out: list[dict] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in QUANTITY_RE.finditer(text):
        num_start, num_end = m.span("num")
        if not free(num_start, num_end):
            continue
        # A number glued to letters or other digits is part of a name or an id.
        before = text[max(0, m.start("body") - 1) : m.start("body")]
        after = text[m.end("body") : m.end("body") + 1]
        # ... unless a lower-case word names what it measures: "magnitude-6.8"
        unit_word = None
        glued = re.search(
            r"(?<![\w-])([a-z]{4,})-$",
            text[max(0, m.start("body") - 20) : m.start("body")],
        )
        if glued and not m["cur"]:
            unit_word = glued.group(1)
        elif before and (before.isalnum() or before in "-_/#.:") and not m["cur"]:
            continue
        hyphen_after = re.match(
            r"-([a-z]{4,})\b", text[m.end("body") : m.end("body") + 20]
        )
        if hyphen_after and not (m["cur"] or m["pct"] or m["scale"]):
            unit_word = hyphen_after.group(
                1
            )  # "a 6.3-magnitude quake", "a 12-storey block"
        if unit_word is None:
            named = re.search(
                r"\b(magnitude|category|level|grade|force|stage|phase)\s+$",
                text[max(0, m.start("body") - 12) : m.start("body")],
                re.I,
            )
            if named and not (m["cur"] or m["pct"] or m["scale"]):
                unit_word = named.group(1).lower()
        if after and (after.isalnum() or after in "_/") and not m["pct"]:
            continue
        if re.match(r"\s?:\d", text[num_end : num_end + 3]):
            continue  # clock time
        if re.search(r"\bper\s+$", text[max(0, m.start() - 5) : m.start()]):
            continue  # "per 1 million inhabitants" is the unit of a rate
        raw = m["num"]
        value = parse_number(raw)
        if value is None or not math.isfinite(value):
            continue  # "$999…9 billion" overflows to inf: not a number anyone can check
        low_word = raw.lower()
        has_unit = bool(m["cur"] or m["cursuf"] or m["pct"] or m["scale"])
        if low_word in ("one", "a dozen") and not has_unit:
            continue  # "one of the", "one day": rarely a checkable count
        if low_word in ("half", "a half", "a third", "a quarter") and not has_unit:
            continue
        scale_word = m["scale"] or ""
        scale = SCALES.get(scale_word.lower(), 1.0)
        if scale_word.lower() in ("m", "b", "k") and not (m["cur"] or m["cursuf"]):
            scale = 1.0
            scale_word = ""
        value *= scale
        change = "="
        if m["bound"]:
            if _APPROX.search(m["bound"]):
                change = "~"
            elif _UPPER_BOUND.search(m["bound"]):
                change = "<"
            elif _LOWER_BOUND.search(m["bound"]):
                change = ">"
        direction = None
        if m["change"]:
            direction = "up" if _UP.search(m["change"]) else "down"
        cur = None
        if m["cur"]:
            cur = CURRENCY_PREFIX.get(m["cur"].strip().lower())
        elif m["cursuf"]:
            cur = CURRENCY_SUFFIX.get(m["cursuf"].lower())
        pct = m["pct"]
        if cur:
            kind, unit = "money", cur
        elif pct:
            kind = "percent"
            unit = "percentage point" if "point" in pct.lower() else "percent"
        else:
            kind, unit = "number", None
        value2 = None
        if m["num2"]:
            v2 = parse_number(m["num2"])
            if v2 is not None:
                scale2 = (
                    SCALES.get((m["scale2"] or scale_word).lower(), 1.0)
                    if (m["scale2"] or scale_word)
                    else 1.0
                )
                value2 = v2 * scale2
                if scale == 1.0 and m["scale2"]:
                    value *= scale2  # "between 5 and 6 million": the scale is shared
        if (
            value2 is not None
            and kind == "number"
            and not scale_word
            and all(
                1800 <= v <= 2100 and float(v).is_integer() for v in (value, value2)
            )
        ):
            continue  # "2024 and 2025" are years, not a range of quantities
        if value2 is not None and value2 <= value:
            if (
                kind == "number"
                and not scale_word
                and re.fullmatch(r"\d{1,3}[-–]\d{1,3}", text[num_start : m.end("num2")])
            ):
                continue  # "won 3-0", "lost 2-1": a score, not two checkable figures
            value2 = None  # "300 and 50" are not a range
            end = m.end("num")
        else:
            end = m.end("body")
        start = m.start("bound") if m["bound"] else m.start("body")
        if kind == "number" and m["change"]:
            start = m.start("body")
        if value2 is not None:
            low, high = value, value2
            span_value = (value + value2) / 2
            change_out = "~"
        else:
            low, high = _interval(value, raw, scale, change)
            span_value = value
            change_out = change
        if direction:
            change_out = direction
            low, high = _interval(value, raw, scale, "=")
        out.append(
            {
                "start": start,
                "end": end,
                "text": text[start:end],
                "type": kind,
                "value": span_value,
                "low": low,
                "high": high,
                "unit": unit,
                "change": change_out,
                "bound": m["bound"],
                "scale_word": scale_word,
                "num_start": num_start,
                "num_end": m.end("num"),
                "is_word": not raw[0].isdigit() and raw[0] != ".",
                "unit_word": unit_word,
            }
        )
        taken.append((start, end))
    _attach_units(text, out, sentences)
    return out


# quantulum3 is asked about the number and the few words after it, not the sentence:
# a unit follows its number ("12 km", "40 cubic metres per second"), and a short
# window is cheaper to parse and repeats across articles, so the cache hits more.
_UNIT_WINDOW = 40


def unit_window(text: str, mention: dict, sentence_end: int) -> tuple[int, int]:
    """The candidate span for quantulum3: from the number to at most _UNIT_WINDOW
    characters past the mention, within its sentence, ending on a word boundary."""
    start = mention["num_start"]
    limit = min(sentence_end, mention["end"] + _UNIT_WINDOW)
    end = limit
    if limit < sentence_end and not text[limit : limit + 1].isspace():
        cut = text.rfind(" ", mention["end"] + 1, limit)
        end = cut if cut > mention["end"] else limit
    return start, end


# "a year earlier", "a week ago": the period words after a number say when, not per
_TIME_REFERENCE = re.compile(r"\s+(?:earlier|ago|before|later|previously)\b", re.I)
_PER_PERIOD = re.compile(r"per (?:year|month|week|day|hour|minute|quarter|decade)")


def _attach_units(text: str, mentions: list[dict], sentences) -> None:
    """Physical units from quantulum3, for bare numbers only."""
    for mention in mentions:
        if mention["type"] != "number":
            continue
        after = text[mention["end"] : mention["end"] + 25]
        if not re.match(r"\s?[A-Za-z°]", after) or not may_have_unit(after):
            continue
        sent = next(((a, b) for a, b in sentences if a <= mention["start"] < b), None)
        if sent is None:
            continue
        a, b = unit_window(text, mention, sent[1])
        for qs, qe, unit in _quantulum_units(text[a:b]):
            if a + qs <= mention["num_start"] < a + qe and unit not in _BAD_UNITS:
                end = a + qe
                if _PER_PERIOD.fullmatch(unit) and _TIME_REFERENCE.match(text, end):
                    break  # "1,450 a year earlier" is a level and when, not a rate
                if end - mention["start"] > 60:
                    continue
                mention["type"] = "quantity"
                mention["unit"] = unit
                mention["end"] = max(mention["end"], end)
                mention["text"] = text[mention["start"] : mention["end"]]
                break


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
