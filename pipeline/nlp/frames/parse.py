"""Reading spaCy's parse: a value's token, the verb that governs it, noun phrases and
the proper name inside one, and the Doc's sentences computed once."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from pipeline.lexicon.frames import ENTITY_LABELS, NAME_PART_DEPS
from pipeline.nlp._extensions import text_of

# How far up the tree a value's governing verb is looked for.
VERB_CLIMB = 8


def token_at(doc: Doc, start: int, end: int) -> Token | None:
    """The syntactic head of the tokens covering [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def governing_verb(token: Token) -> Token | None:
    """The nearest verb (not an auxiliary) at or above ``token``."""
    t = token
    for _ in range(VERB_CLIMB):
        if t.pos_ in ("VERB", "AUX") and t.dep_ != "aux":
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


# Entities whose capitalised tokens are names even when tagged as common nouns
# ("Labour won 38.6 percent": the small model tags the party NOUN).
_NAMED_LABELS = frozenset({"ORG", "GPE", "PERSON", "NORP"})


def is_name(token: Token) -> bool:
    """A proper noun, or an entity token the tagger did not call a common noun, or a
    capitalised token of a named entity that it did."""
    if token.pos_ == "PROPN":
        return True
    if token.ent_type_ in ENTITY_LABELS and token.pos_ != "NOUN":
        return True
    return token.ent_type_ in _NAMED_LABELS and token.text[:1].isupper()


def is_pronoun(token: Token, pronouns) -> bool:
    return token.lemma_.lower() in pronouns or token.pos_ == "PRON"


def under_possessor(token: Token, head: Token) -> bool:
    """Whether ``token`` sits inside a possessor of ``head`` ("China's" in "China's
    cluster")."""
    t = token
    while t.i != head.i and t.head.i != t.i:
        if t.dep_ == "poss":
            return True
        t = t.head
    return False


def proper_core(head: Token) -> str | None:
    """The proper-noun name in a noun phrase, without possessors, determiners or
    common-noun heads ("the Shenzhen-Hong Kong-Guangzhou sci-tech cluster" ->
    "Shenzhen-Hong Kong-Guangzhou")."""
    toks = {head}
    for child in head.lefts:
        if child.dep_ in NAME_PART_DEPS:
            toks.update(t for t in child.subtree if not under_possessor(t, head))
    names = [t for t in sorted(toks, key=lambda t: t.i) if is_name(t)]
    names = [t for t in names if t.text[:1].isupper()]
    line = head.doc._.cc_dateline
    if line:
        # the dateline names where the story was filed, never whose figure it is
        # ("SÃO PAULO -- The Federal University of the Planalto is now 74th")
        names = [t for t in names if not (line["start"] <= t.idx < line["end"])]
    if not names:
        return None
    # the contiguous run of name tokens (hyphens between them included)
    first, last = names[0].i, names[-1].i
    doc = head.doc
    return text_of(doc)[doc[first].idx : doc[last].idx + len(doc[last].text)]


def tokens_after(doc: Doc, end: int, window: int) -> list[Token]:
    """The tokens that begin at or after ``end``, within ``window`` characters."""
    span = doc.char_span(
        end, min(len(text_of(doc)), end + window), alignment_mode="expand"
    )
    if span is None:
        return []
    return [tok for tok in span if tok.idx >= end]


class Sentences:
    """The Doc's sentences, computed once: spaCy's ``token.sent`` walks the whole Doc
    on every call, which made claim building quadratic in the article's length."""

    def __init__(self, doc: Doc):
        self.spans = list(doc.sents)
        self.starts = [s.start for s in self.spans]
        self.char_starts = [s.start_char for s in self.spans]

    def of_token(self, token: Token) -> Span:
        return self.spans[self.index_of(token)]

    def index_of(self, token: Token) -> int:
        """The number of the sentence holding ``token``."""
        return max(0, bisect_right(self.starts, token.i) - 1)

    def bounds_at(self, char: int) -> tuple[int, int]:
        if not self.spans:
            return char, char
        sent = self.spans[max(0, bisect_right(self.char_starts, char) - 1)]
        return sent.start_char, sent.end_char


# Words either side of a value, within its sentence, that say what it is about.
CONTEXT_TOKENS = 12
CONTEXT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


def context_words(sent: Span, start: int, end: int) -> tuple[str, ...]:
    """The content lemmas of the value's sentence nearest the value [start, end)
    (its own words left out), nearest first: what the figure is about ("sold",
    "bust", "killed"), for aligning it with figures of other articles."""
    scored = []
    for tok in sent:
        if start <= tok.idx < end or tok.pos_ not in CONTEXT_POS:
            continue
        if tok.is_stop or not tok.is_alpha or len(tok.text) < 3:
            continue
        distance = start - tok.idx if tok.idx < start else tok.idx - end
        scored.append((distance, tok.lemma_.lower()))
    out: list[str] = []
    for _, lemma in sorted(scored):
        if lemma not in out:
            out.append(lemma)
        if len(out) == CONTEXT_TOKENS:
            break
    return tuple(out)
