"""What a value measures.

For a figure, in this order:

1. the word the quantity extractor found naming it ("magnitude-6.8" -> magnitude),
   with the noun the phrase modifies as whose it is (``modified_noun``);
2. the noun it counts ("24 clusters", "5.01 million patents": ``counted_noun``, or
   a plural noun right after it the parse did not attach: ``plural_noun_after``);
3. the noun it hangs on, below its verb ("revenue of $5.6 billion":
   ``measure_on_path``);
4. the common-noun subject of its clause (``subjects.SubjectResolver``).

For a ranking list, the noun it ranks ("top 100 clusters": ``list_noun``).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from pipeline.keys import canonical_phrase, singular
from pipeline.lexicon.frames import (
    GENERIC_HEADS,
    NUMBER_ATTACHMENT_DEPS,
    RANKING_NAME,
    RATE_AFTER,
    RATE_AFTER_WINDOW,
    SCORE_HEADS,
)
from pipeline.lexicon.measures import (
    GENERIC_MEASURE_HEADS,
    PRICE_VERBS,
    VALUE_SIZE_WORDS,
)
from pipeline.nlp._extensions import text_of
from pipeline.nlp.frames.parse import governing_verb, tokens_after
from pipeline.nlp.frames.subjects import measure_text
from pipeline.nlp.mentions import QuantityMention, RankMention

# Characters after a value that the nouns it counts or modifies are looked for in.
COUNTED_NOUN_WINDOW = 60
MODIFIED_NOUN_WINDOW = 40
LIST_NOUN_WINDOW = 80
# Steps up the tree from a value to the noun it hangs on, and from digits to a scale.
PATH_CLIMB = 6
SCALE_CLIMB = 3
_SCORE_STEMS = frozenset(h.rstrip("s") for h in SCORE_HEADS)


def counted_noun(doc: Doc, token: Token) -> Token | None:
    """The noun a number counts ("24 clusters", "5.01 million patents")."""
    t = token
    # "31.8 million passengers": climb from the digits to the scale word first
    for _ in range(SCALE_CLIMB):
        if (
            t.dep_ in NUMBER_ATTACHMENT_DEPS
            and t.head.pos_ == "NUM"
            and t.head.i != t.i
        ):
            t = t.head
        else:
            break
    if t.dep_ in NUMBER_ATTACHMENT_DEPS and t.head.pos_ in ("NOUN", "PROPN"):
        head = t.head
        while (
            head.dep_ in NUMBER_ATTACHMENT_DEPS
            and head.head.pos_ in ("NOUN", "PROPN")
            and head.head.i > head.i
        ):
            head = head.head
        return head
    # "24 of the clusters": the number heads an "of" phrase
    for child in t.children:
        if child.dep_ == "prep" and child.text.lower() in ("of", "among"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN":
                    return pobj
    return None


def plural_noun_after(doc: Doc, end: int) -> Token | None:
    """A plural noun right after a number, past adjectives ("31.8 million international
    passengers"), when the parse did not attach the number to it."""
    for tok in tokens_after(doc, end, COUNTED_NOUN_WINDOW):
        if tok.tag_ == "NNS":
            return tok
        if (
            tok.pos_ in ("ADJ", "NOUN")
            and tok.tag_ != "NNS"
            and tok.dep_ in ("amod", "compound")
        ):
            continue
        return None
    return None


def count_measure(noun: Token) -> str:
    """The measure of a count: the counted noun's lemma with its modifiers."""
    mods = [
        t.text for t in noun.lefts if t.dep_ in ("compound", "amod") and t.pos_ != "NUM"
    ]
    return " ".join(mods + [noun.lemma_])


def value_complement(token: Token) -> str | None:
    """The measure written after a value: "38.6 percent of the ballots", "$2bn of
    debt", "four hours of talks" -> the "of" complement of the value's words."""
    heads = [token]
    if token.dep_ in NUMBER_ATTACHMENT_DEPS and token.head.pos_ == "NOUN":
        heads.append(token.head)  # "four" -> "hours" (of talks)
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
                    return measure_text(pobj)
    return None


def measure_on_path(token: Token) -> str | None:
    """The noun a value is attached to on its way up to the verb: "revenue of $5.6
    billion", "a profit of 3 million" -> the measure is that noun; so is the noun an
    amount is written before ("a $7.4 million tax bill", "a $2bn deal")."""
    head = token.head
    if (
        token.dep_ in NUMBER_ATTACHMENT_DEPS
        and head.pos_ == "NOUN"
        and head.i > token.i
        and head.lemma_.lower() not in GENERIC_HEADS
        and head.lemma_.lower() not in GENERIC_MEASURE_HEADS
    ):
        return measure_text(head)
    t = token
    for _ in range(PATH_CLIMB):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return None
        if (
            t.pos_ == "NOUN"
            and t.lemma_.lower() not in GENERIC_HEADS
            and t.lemma_.lower() not in VALUE_SIZE_WORDS
            and t.i < token.i
        ):
            return measure_text(t)
    return None


def cost_of_verb(token: Token) -> str | None:
    """ "cost" for an amount whose verb says it is what something cost ("the site
    cost $4m", "was sold for $9.4bn"), when no noun names the measure. Not "price":
    a price is also a market's quote of the moment (``MOMENT_HEADS``), and a sale's
    amount is no quote."""
    verb = governing_verb(token)
    return "cost" if verb is not None and verb.lemma_.lower() in PRICE_VERBS else None


def reads_as_count(q: QuantityMention, measure: str | None) -> bool:
    """A bare whole or scaled number is a count ("hit 31.8 million", "rose to 52");
    a decimal without a scale word, or anything measured as a score, is not."""
    if measure and measure.split()[-1].lower().rstrip("s") in _SCORE_STEMS:
        return False
    if q.scale_word:
        return True
    return float(mention_point(q)).is_integer() and measure is not None


def mention_point(q: QuantityMention) -> float:
    """A mention's value, or a range's lower end (a range has no single value)."""
    return q.value if q.value is not None else q.low


def modified_noun(doc: Doc, end: int) -> str | None:
    """The noun a measurement phrase modifies ("magnitude-6.8 earthquake" -> earthquake)."""
    text = text_of(doc)
    for tok in tokens_after(doc, end, MODIFIED_NOUN_WINDOW):
        if tok.text == "-" or (
            tok.is_alpha and tok.idx == end + 1 and text[end] == "-"
        ):
            continue
        if tok.pos_ == "NOUN":
            return tok.lemma_.lower()
        if tok.pos_ != "ADJ":
            return None
    return None


def list_noun(doc: Doc, end: int) -> str | None:
    """The noun a 'top N' list ranks: the head of the phrase right after it."""
    last = None
    for tok in tokens_after(doc, end, LIST_NOUN_WINDOW):
        if tok.pos_ in ("NOUN", "PROPN"):
            last = tok
        elif tok.pos_ in ("ADJ", "CCONJ") or tok.text in ("-", "&"):
            continue
        else:
            break
    return singular(last.lower_) if last is not None else None


def rate_unit(text: str, end: int) -> str | None:
    """The unit of a rate written after a value ("per 1 million inhabitants" -> "per
    million inhabitants"), or None."""
    rate = RATE_AFTER.match(text[end : end + RATE_AFTER_WINDOW])
    if not rate:
        return None
    unit = re.sub(r"^(?:1|one|a)\s+", "", rate.group(1).strip())
    return "per " + re.sub(r"(?<=\d),(?=\d{3})", "", unit)  # "1,000" is "1000"


def ranking_name(
    text: str, ranks: list[RankMention], start: int, sent: tuple[int, int]
) -> str | None:
    """The ranking a rank refers to: an Index/Ranking name or a 'top N <noun>' list,
    the nearest in the sentence."""
    names = []
    for m in RANKING_NAME.finditer(text[sent[0] : sent[1]]):
        name = canonical_phrase(re.sub(r"\s+\d{4}$", "", m.group()))
        names.append((sent[0] + m.start(), name))
    for r in ranks:
        if r.is_list and sent[0] <= r.start < sent[1]:
            names.append((r.start, "top-list " + (r.noun or "")))
    if not names:
        return None
    return min(names, key=lambda n: abs(n[0] - start))[1]
