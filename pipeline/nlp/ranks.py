"""Ranks, ranking lists, counts within a list, and streaks.

"ranks first", "No. 1 spot", "second-busiest", "came 11th", "12th in the Global
Innovation Index 2023"; "top five", "Top 24 Science and Technology Clusters";
"24 of the top 100"; "for the fifth consecutive year", "five years in a row".
A bare ordinal is a rank only in one of these frames: "for the first time", "the 135th
session" and "the first half" are not ranks.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp._extensions import install_extensions, record_failure, text_of
from pipeline.nlp.normalize import (
    NUMBER_WORD,
    ORDINAL_WORD,
    ordinal_value,
    parse_number,
)

ORD = rf"(?:{ORDINAL_WORD}|\d{{1,3}}(?:st|nd|rd|th))"
_CARD = rf"(?:\d{{1,4}}|{NUMBER_WORD})"
_POSITION = r"(?:place|position|spot|rank|ranking|seat)"
# "is at number 12 in the list", "went in at number one in the UK charts": a number
# followed by the list it is a place in is that place, not an address or a shirt.
_IN_A_LIST_AFTER = re.compile(
    r"\s+(?:in|on|of)\s+(?:the\s+|this\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:list|lists|chart|charts|ranking|rankings|table|league|poll|countdown|top\s+\d+)\b",
    re.I,
)
_RANK_VERB = (
    r"(?:rank(?:s|ed|ing)?|placed|placing|came|comes|coming|finished|finishing|ended|"
    r"stood|stands|standing|sits|sitting|rated|ranked|slipped to|fell to|dropped to|"
    r"rose to|climbed to|moved up to|moved to|jumped to|remained|remains|was|is)"
)
_SUPERLATIVE = (
    r"(?:largest|biggest|busiest|highest|lowest|most|best|worst|richest|poorest|"
    r"fastest|slowest|strongest|weakest|longest|tallest|oldest|youngest|leading|"
    r"greatest|smallest|top)"
)
_LOCATIVE = (
    r"(?:globally|worldwide|in the world|in the country|nationally|overall|"
    r"in (?:the )?(?:world|country|league|table|standings|ranking|rankings|index|list))"
)
_TITLE_WORD = r"(?:[A-Z][\w&'’.-]*|and|of|&|for|the|in)"

RANK_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "count_in_list",
        re.compile(
            rf"\b(?P<count>{_CARD})\s+(?:(?P<noun>[a-z]+(?:\s+[a-z]+)?)\s+)??(?:of|among|in|made|make|join(?:ed)?)\s+"
            rf"(?:it\s+into\s+|into\s+)?(?:the\s+)?(?:world'?s\s+|global\s+|country'?s\s+|"
            rf"nation'?s\s+|[A-Z][\w-]*'s\s+)?(?P<top>top[- ](?P<size>{_CARD}))\b",
            re.I,
        ),
    ),
    (
        "streak",
        re.compile(
            rf"\bfor\s+(?:a|the)\s+(?P<ord>{ORD})\s+(?:consecutive|straight|successive|"
            rf"(?:year|season|time)\s+(?:running|in\s+a\s+row))\s*(?P<unit>year|season|time|"
            rf"month|quarter|week|edition)?s?\b"
            rf"|\b(?:for\s+)?(?P<card>{_CARD})\s+(?P<unit2>year|season|time|month|quarter|"
            rf"edition)s?\s+in\s+a\s+row\b"
            rf"|\b(?:for\s+)?(?P<card2>{_CARD})\s+(?:consecutive|straight|successive)\s+"
            rf"(?P<unit3>year|season|month|quarter|edition)s\b",
            re.I,
        ),
    ),
    (
        "no_n",
        re.compile(
            r"\b(?:No\.|Number|number|#)\s?(?P<n>\d{1,3}|one)\b(?:\s(?P<pos>"
            + _POSITION
            + r"))?"
        ),
    ),
    ("top_spot", re.compile(r"\b(?:the\s+)?top\s+(?:spot|position|place)\b", re.I)),
    (
        "from_to",
        re.compile(
            rf"\bfrom\s+(?P<a>{ORD})\b(?P<mid>[^.;]{{0,40}}?)\bto\s+(?P<b>{ORD})\b"
        ),
    ),
    (
        "ordinal_position",
        re.compile(
            rf"\b(?P<ord>{ORD})(?:[- ]{_POSITION}|[- ](?P<sup>{_SUPERLATIVE})\b)", re.I
        ),
    ),
    (
        "verb_ordinal",
        re.compile(rf"\b{_RANK_VERB}\s+(?:in\s+)?(?:the\s+)?(?P<ord>{ORD})\b", re.I),
    ),
    ("ordinal_locative", re.compile(rf"\b(?P<ord>{ORD})\s+{_LOCATIVE}\b", re.I)),
    (
        "ordinal_in_name",
        re.compile(
            rf"\b(?P<ord>{ORD})\s+(?:in|on)\s+(?:the\s+)?(?:[A-Z][\w&'’-]*\s+){{1,6}}"
            rf"(?:Index|Ranking|Rankings|League|Table|List|Report|Standings|Survey)\b"
        ),
    ),
    ("top_n", re.compile(rf"\b(?P<top>[Tt]op)[- ](?P<size>{_CARD})\b")),
    (
        # "his ninth Budget", "Mr Brown's eighth": the place of one in a series of
        # its owner's (a budget, a title, an album), not a place in a ranking
        "series",
        re.compile(
            rf"\b(?P<owner>his|her|its|their|(?:[A-Z][\w-]*\s+){{0,3}}[A-Z][\w-]*['’]s)"
            rf"\s+(?P<ord>{ORD})\b(?:\s+(?P<noun>[A-Za-z][\w-]*))?"
        ),
    ),
]
# A series ordinal says how many of something its owner has had; "first" says
# something happened for the first time far more often than it counts a series.
_SERIES_MIN = 2

# Words after "his eighth" that are not what is counted ("his eighth since 1997").
_NOT_SERIES_NOUNS = frozenset(
    {"since", "in", "of", "at", "for", "on", "and", "or", "but", "to", "with", "this",
     "that", "after", "before", "from", "as", "by", "was", "is", "will", "has"}
)  # fmt: skip
_NOT_RANK_AFTER = re.compile(
    r"^[- ](?:time|half|quarter|day|week|month|year|session|edition|batch|phase|round|"
    r"anniversary|century|floor|grade|generation|term|lady|minister|secretary|"
    r"consecutive|straight|successive)\b",
    re.I,
)


def _card(text: str) -> int | None:
    value = parse_number(text)
    return int(value) if value is not None and value == int(value) else None


def _title_extent(text: str, pos: int) -> int:
    """End of the title-case words running from ``pos`` ("Science and Technology Clusters")."""
    end = pos
    for m in re.finditer(rf"\s+{_TITLE_WORD}", text[pos : pos + 120]):
        if m.start() != end - pos:
            break
        word = m.group().strip()
        if word in ("and", "of", "&", "for", "the", "in") or word[0].isupper():
            end = pos + m.end()
        else:
            break
    # do not end on a function word
    while True:
        tail = re.search(r"\s+(?:and|of|&|for|the|in)$", text[pos:end])
        if not tail:
            break
        end = pos + tail.start()
    return end


_AT_BEFORE = re.compile(r"\b(?:at|to|from)\s+$", re.I)
_LIST_WORD = re.compile(
    r"\b(?:list|chart|charts|ranking|rankings|countdown|top\s+\d+)\b", re.I
)


def _beside_a_list(text: str, start: int, end: int) -> bool:
    """ "... is at number 12 in the list while the radio is at number 13": a place
    "at number N" in a sentence that names the list."""
    if not _AT_BEFORE.search(text[max(0, start - 6) : start]):
        return False
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right_stop = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(right_stop) if right_stop else len(text)
    return bool(_LIST_WORD.search(text, left, right))


def find_ranks(text: str, skip=()) -> list[dict]:
    """Rank, list, count-in-list and streak mentions.

    Returns dicts with start, end, text, kind (rank, list, count_in_list, streak),
    value, list_size, streak_unit, num_start, num_end, named (a ranking's title).
    """
    taken = [tuple(r) for r in skip]
    out: list[dict] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(**mention) -> None:
        mention.setdefault("num_start", mention["start"])
        mention.setdefault("num_end", mention["end"])
        mention["text"] = text[mention["start"] : mention["end"]]
        out.append(mention)
        taken.append((mention["start"], mention["end"]))

    for name, pattern in RANK_PATTERNS:
        for m in pattern.finditer(text):
            if not free(*m.span()):
                continue
            if name == "count_in_list":
                count, size = _card(m["count"]), _card(m["size"])
                if (
                    count is None
                    or size is None
                    or count > size
                    or m["count"].lower() == "one"
                ):
                    continue
                add(
                    start=m.start(),
                    end=m.end(),
                    kind="count_in_list",
                    value=count,
                    list_size=size,
                    counted=(m["noun"] or "").split()[-1] if m["noun"] else None,
                    top_start=m.start("top"),
                    top_end=m.end("top"),
                )
            elif name == "streak":
                if m["ord"]:
                    n = ordinal_value(m["ord"])
                    unit = m["unit"] or "year"
                else:
                    n = _card(m["card"] or m["card2"])
                    unit = m["unit2"] or m["unit3"] or "year"
                if not n:
                    continue
                add(
                    start=m.start(),
                    end=m.end(),
                    kind="streak",
                    value=n,
                    streak_unit=unit.lower(),
                )
            elif name == "no_n":
                n = 1 if m["n"].lower() == "one" else int(m["n"])
                if (
                    m.group().lower().startswith("number")
                    and not m["pos"]
                    and not _IN_A_LIST_AFTER.match(text, m.end())
                    and not _beside_a_list(text, m.start(), m.end())
                ):
                    continue  # "number 5" is too often an address or a shirt
                add(start=m.start(), end=m.end(), kind="rank", value=n)
            elif name == "top_spot":
                add(start=m.start(), end=m.end(), kind="rank", value=1)
            elif name == "from_to":
                for part in ("a", "b"):
                    n = ordinal_value(m[part])
                    if n and free(*m.span(part)):
                        add(
                            start=m.start(part),
                            end=m.end(part),
                            kind="rank",
                            value=n,
                            update=part == "b",
                        )
            elif name in (
                "ordinal_position",
                "verb_ordinal",
                "ordinal_locative",
                "ordinal_in_name",
            ):
                s, e = m.span("ord")
                if (
                    _NOT_RANK_AFTER.match(text[e : e + 16])
                    and name != "ordinal_position"
                ):
                    continue
                n = ordinal_value(m["ord"])
                if not n or not free(s, e):
                    continue
                end = e
                if name == "ordinal_position":
                    end = m.end()
                    if m["sup"] and m["sup"].lower() == "top":
                        continue
                add(
                    start=s,
                    end=end,
                    kind="rank",
                    value=n,
                    num_start=s,
                    num_end=e,
                    superlative=(
                        m["sup"].lower()
                        if name == "ordinal_position" and m["sup"]
                        else None
                    ),
                )
            elif name == "series":
                n = ordinal_value(m["ord"])
                s, e = m.span("ord")
                after = text[e : e + 16]
                if (
                    not n
                    or n < _SERIES_MIN
                    or not free(s, e)
                    or _NOT_RANK_AFTER.match(after)
                ):
                    continue
                noun = m["noun"]
                if noun and (noun.lower() in _NOT_SERIES_NOUNS or noun[0].isdigit()):
                    noun = None
                add(
                    start=s,
                    end=m.end("noun") if noun else e,
                    kind="series",
                    value=n,
                    num_start=s,
                    num_end=e,
                    owner=m["owner"],
                    series=noun.lower() if noun else None,
                )
            elif name == "top_n":
                size = _card(m["size"])
                if not size or size > 10000:
                    continue
                end = m.end()
                named = False
                if m["top"] == "Top":
                    title_end = _title_extent(text, end)
                    if title_end > end:
                        end, named = title_end, True
                follow = text[end : end + 30].lower()
                if re.match(r"^[\"”’']?\s*(?:ranking|list|index|league table)", follow):
                    named = True
                add(
                    start=m.start(),
                    end=end,
                    kind="list",
                    value=size,
                    list_size=size,
                    named=named,
                    num_start=m.start(),
                    num_end=m.end(),
                )
    out.sort(key=lambda d: d["start"])
    return out


class RankExtractor:
    """Writes ``doc._.cc_ranks``."""

    def __init__(self, nlp: Language, name: str):
        install_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        try:
            skip = list(doc._.cc_skip or [])
            if (
                doc._.cc_dateline
            ):  # the dateline is metadata: its numbers are not claims
                skip.append((doc._.cc_dateline["start"], doc._.cc_dateline["end"]))
            skip += [
                (d["start"], d["end"])
                for d in doc._.cc_dates or []
                if d["source"] != "year"
            ]
            doc._.cc_ranks = find_ranks(text_of(doc), skip)
        except Exception as err:  # one article's failure must not stop the batch
            doc._.cc_ranks = []
            record_failure(doc, self.name, err)
        return doc


@Language.factory("cc_ranks", requires=["doc._.cc_dates"], assigns=["doc._.cc_ranks"])
def make_rank_extractor(nlp: Language, name: str) -> RankExtractor:
    return RankExtractor(nlp, name)
