"""Whose a value is.

``SubjectResolver.subject_of`` tries, in this order:

1. the nominal subject of the value's clause, climbing from dependent clauses
   ("..., making it the third" -> the main clause's subject) and through relative
   clauses ("a side that finished 11th" -> the side);
2. failing that, the nearest place or organisation named earlier in the sentence
   (outside the dateline).

A subject noun phrase is then read (``read_noun_phrase``): a pronoun or a generic
head ("the country", "the company") resolves backwards to what it stands for; a name
is its proper core; a common noun is the measure, and whose it is comes from its
possessor, an "of"/"in"/"for" complement naming an entity, or its generic head.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.keys import canonical_phrase
from pipeline.lexicon.frames import (
    AGGREGATE_HEADS,
    ANTECEDENT_WINDOW,
    CLAUSE_SUBJECT_DEPS,
    DEPENDENT_CLAUSE_DEPS,
    ENTITY_LABELS,
    GENERIC_HEAD_LABELS,
    GENERIC_HEADS,
    LEAD_MIN_CHARS,
    NOMINAL_SUBJECT_DEPS,
    NOUN_MODIFIER_DEPS,
    OWNER_ENTITY_LABELS,
    PERSON_LABELS,
    PERSON_PRONOUNS,
    PRONOUNS,
    RELATIVE_PRONOUNS,
    REPORTING_VERBS,
    THING_LABELS,
)
from pipeline.nlp._extensions import text_of
from pipeline.nlp.frames.parse import (
    Sentences,
    governing_verb,
    is_name,
    is_pronoun,
    proper_core,
)

# How many clauses up the climb to a subject goes.
CLAUSE_CLIMB = 4
# "the revenue of Acme", "sales in Kenya", "demand for Nordvik": owner prepositions.
OWNER_PREPOSITIONS = ("of", "in", "for")


class SubjectResolver:
    """Finds whose a value is, resolving pronouns and generic noun phrases backwards.

    One per Doc: the mentions that pronouns resolve to are built on first use (most
    articles never need them), and the lead's subject once per kind wanted.
    """

    def __init__(self, doc: Doc, sentences: Sentences | None = None):
        self.doc = doc
        self.sentences = sentences or Sentences(doc)
        self._mentions: list[tuple[int, str, str, str]] | None = None
        self._lead: dict[frozenset, str | None] = {}

    # ------------------------------------------------------------- the order

    def subject_of(self, token: Token) -> tuple[str | None, str | None]:
        """(subject, measure) for a value token: the clause's subject, else the
        nearest owner entity of the sentence (a clause subject that is a common noun
        without an owner still gives the measure)."""
        subject, measure, _ = self.reading(token)
        return subject, measure

    def reading(self, token: Token) -> tuple[str | None, str | None, str | None]:
        """(subject, measure, where the subject came from): "clause" when the parse
        ties it to the value, "sentence" when it is only the nearest place or
        organisation of the sentence (weak evidence of whose the figure is)."""
        subject, measure = self.clause_subject(token) or (None, None)
        if subject is not None:
            return subject, measure, "clause"
        subject = self.sentence_owner(token)
        return subject, measure, "sentence" if subject else None

    def clause_subject(self, token: Token) -> tuple[str | None, str | None] | None:
        """The value's clause subject, read as (owner, measure); None when no clause
        in reach has one."""
        verb = governing_verb(token)
        for _ in range(CLAUSE_CLIMB):
            if verb is None:
                return None
            # the subject nearest the verb: a fragment before it that the parse
            # also hangs on the verb ("SÃO PAULO -- The Federal University of the
            # Planalto is now 74th": a place-only dateline) is not whose figure it is
            subj = next(
                (
                    c
                    for c in reversed(list(verb.lefts))
                    if c.dep_ in CLAUSE_SUBJECT_DEPS
                ),
                None,
            ) or next((c for c in verb.children if c.dep_ in CLAUSE_SUBJECT_DEPS), None)
            if subj is not None and self.in_dateline(subj):
                # "LISBON -- The Harbour Authority ... is": the parse makes the
                # dateline's place the subject and the real one its apposition
                subj = next(
                    (c for c in subj.children
                     if c.dep_ == "appos" and not self.in_dateline(c)),
                    None,
                )  # fmt: skip
            if subj is not None and subj.lower_ in RELATIVE_PRONOUNS:
                if verb.dep_ == "relcl":
                    subj = verb.head  # "a side that finished 11th": the side
            if subj is not None:
                return self.read_noun_phrase(subj)
            if verb.dep_ not in DEPENDENT_CLAUSE_DEPS or verb.head.i == verb.i:
                return None
            if verb.dep_ == "relcl":
                return self.read_noun_phrase(verb.head)
            verb = governing_verb(verb.head)
        return None

    def in_dateline(self, token: Token) -> bool:
        line = self.doc._.cc_dateline
        return bool(line) and line["start"] <= token.idx < line["end"]

    def sentence_owner(self, token: Token) -> str | None:
        """The nearest place or organisation before the value in its sentence (not in
        the dateline, which names where the story was filed)."""
        sent = self.sentences.of_token(token)
        line = self.doc._.cc_dateline or {"start": 0, "end": 0}
        ents = [
            e
            for e in sent.ents
            if e.label_ in OWNER_ENTITY_LABELS
            and e.end_char <= token.idx
            and not (line["start"] <= e.start_char < line["end"])
        ]
        return ents[-1].text if ents else None

    def source_of(self, token: Token) -> str | None:
        """Who says what holds the value ("police" in "police said 27 people were
        injured"): the subject of the reporting verb above it, as written."""
        verb = governing_verb(token)
        for _ in range(CLAUSE_CLIMB):
            if verb is None:
                return None
            if verb.lemma_.lower() in REPORTING_VERBS:
                subj = next(
                    (c for c in verb.children if c.dep_ in NOMINAL_SUBJECT_DEPS), None
                )
                if subj is None or is_pronoun(subj, PRONOUNS):
                    return None
                if subj.lemma_.lower() in GENERIC_HEADS and not proper_core(subj):
                    # "the bank said": the bank the story named
                    return self.resolve_generic(subj)
                words = [t for t in subj.lefts if t.pos_ != "DET"] + [subj]
                return " ".join(t.text for t in words)
            if verb.head.i == verb.i:
                return None
            verb = governing_verb(verb.head)
        return None

    # ------------------------------------------------------------- noun phrases

    def read_noun_phrase(self, head: Token) -> tuple[str | None, str | None]:
        """(owner, measure) of a subject noun phrase."""
        if head.pos_ == "NUM" or head.like_num:
            return None, None  # "24 million saw it": the figure itself, not its owner
        if is_pronoun(head, PRONOUNS):
            return self.resolve_generic(head), None
        if is_name(head):
            return proper_core(head) or head.text, None
        # A common noun: it is the measure; whose it is comes from a possessor,
        # an "of"/"in"/"for" complement naming an entity, or the generic-head resolution.
        measure = measure_text(head)
        owner = self.possessor(head) or complement_owner(head)
        if owner is None:
            lemma = head.lemma_.lower()
            core = proper_core(head)
            if core and lemma in GENERIC_HEADS:
                return core, None
            if lemma in GENERIC_HEADS and any(c.dep_ == "det" for c in head.children):
                return self.resolve_generic(head), None
        return owner, measure

    def possessor(self, head: Token) -> str | None:
        """The last possessor of ``head`` ("China's", "its"), resolved."""
        owner = None
        for child in head.children:
            if child.dep_ == "poss":
                owner = self.owner_text(child)
        return owner

    def owner_text(self, token: Token) -> str | None:
        if is_pronoun(token, PRONOUNS):
            return self.resolve_generic(token)
        if token.pos_ == "NOUN" and token.lemma_.lower() in GENERIC_HEADS:
            return self.resolve_generic(token)
        return proper_core(token) or token.text

    # ------------------------------------------------------------- antecedents

    @property
    def mentions(self) -> list[tuple[int, str, str, str]]:
        """(char, text, label, head lemma) of entities and proper noun phrases, built
        on first use (most articles never need to resolve a pronoun)."""
        if self._mentions is None:
            self._mentions = sorted(self._entity_mentions() + self._np_mentions())
        return self._mentions

    def _entity_mentions(self) -> list[tuple[int, str, str, str]]:
        return [
            (ent.start_char, ent.text, ent.label_, ent.root.lemma_.lower())
            for ent in self.doc.ents
            if ent.label_ in ENTITY_LABELS
        ]

    def _np_mentions(self) -> list[tuple[int, str, str, str]]:
        out = []
        for chunk in self.doc.noun_chunks:
            if chunk.root.pos_ == "NOUN" and (core := proper_core(chunk.root)):
                out.append((chunk.start_char, core, "NP", chunk.root.lemma_.lower()))
        return out

    def resolve_generic(self, head: Token) -> str | None:
        """What a pronoun or a generic head ("the country") stands for."""
        before = [
            m
            for m in self.mentions
            if m[0] < head.idx and head.idx - m[0] < ANTECEDENT_WINDOW
        ]
        if is_pronoun(head, PRONOUNS):
            return self.resolve_pronoun(head, before)
        lemma = head.lemma_.lower()
        wanted = GENERIC_HEAD_LABELS.get(lemma, frozenset())
        for _, text, label, head_lemma in reversed(before):
            if head_lemma == lemma and label == "NP":
                return text
        # "the country", "a side": the lead's subject when it is of the right kind (the
        # story's protagonist), else the most often named such entity so far
        return self.lead_subject(wanted, head.idx) or most_named(before, wanted)

    def resolve_pronoun(self, head: Token, before) -> str | None:
        """First choice: the subject of an earlier clause of the same sentence; then
        the nearest earlier mention of the pronoun's kind (a person for he/she)."""
        for tok in self.sentences.of_token(head):
            if tok.i >= head.i:
                break
            if tok.dep_ in NOMINAL_SUBJECT_DEPS and tok.pos_ != "PRON":
                subject, _ = self.read_noun_phrase(tok)
                if subject:
                    return subject
        lemma = head.lemma_.lower()
        wanted = PERSON_LABELS if lemma in PERSON_PRONOUNS else THING_LABELS
        if (previous := self.previous_subject(head, wanted)) is not None:
            return previous
        for _, text, label, _ in reversed(before):
            if label in wanted:
                return text
        return None

    def previous_subject(self, head: Token, wanted: frozenset[str]) -> str | None:
        """The main subject of the sentence before, when it is a name of the wanted
        kind: a pronoun most often continues the previous sentence's topic
        ("Toyota published its results in Tokyo. It sold ..." -> Toyota, not Tokyo)."""
        index = self.sentences.index_of(head)
        if index == 0 or not self.sentences.spans:
            return None
        previous = self.sentences.spans[index - 1]
        for tok in previous:
            if tok.dep_ in NOMINAL_SUBJECT_DEPS and tok.head.dep_ == "ROOT":
                if is_pronoun(tok, PRONOUNS) or not is_name(tok):
                    return None
                if tok.head.lemma_.lower() in REPORTING_VERBS:
                    return None  # "X said ...": X reports, the topic is elsewhere
                label = tok.ent_type_ or ("NP" if tok.pos_ == "PROPN" else "")
                if label in wanted or (label == "NP" and "NP" in wanted):
                    return proper_core(tok) or tok.text
                return None
        return None

    def lead_subject(self, wanted: frozenset[str], before: int) -> str | None:
        """The entity that is the grammatical subject of the first body sentence."""
        key = frozenset(wanted)
        if key not in self._lead:
            self._lead[key] = self._find_lead_subject(wanted)
        lead = self._lead[key]
        return lead if lead and text_of(self.doc).find(lead) < before else None

    def _find_lead_subject(self, wanted: frozenset[str]) -> str | None:
        body_start = self.doc._.cc_body_start or 0
        line = self.doc._.cc_dateline
        for sent in self.sentences.spans:
            if sent.end_char <= body_start or (line and sent.end_char <= line["end"]):
                continue
            if len(sent.text.strip()) < LEAD_MIN_CHARS:
                continue
            for tok in sent:
                if tok.dep_ in NOMINAL_SUBJECT_DEPS and tok.head.dep_ == "ROOT":
                    ent = next((e for e in sent.ents if e.start <= tok.i < e.end), None)
                    if ent is not None and ent.label_ in wanted:
                        return ent.text
                    return None
            return None
        return None


def most_named(before, wanted: frozenset[str]) -> str | None:
    """The entity of the wanted kinds named most often in ``before`` (the latest on a
    tie), as last written."""
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    for pos, text, label, _ in before:
        if label in wanted:
            key = canonical_phrase(text)
            counts[key] = counts.get(key, 0) + 1
            last[key] = pos
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], last[k]))
    return next(
        text
        for pos, text, label, _ in reversed(before)
        if label in wanted and canonical_phrase(text) == best
    )


def complement_owner(head: Token) -> str | None:
    """An entity in an "of"/"in"/"for" complement of ``head`` ("sales in Kenya")."""
    owner = None
    for child in head.children:
        if child.dep_ == "prep" and child.text.lower() in OWNER_PREPOSITIONS:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and (
                    pobj.pos_ == "PROPN" or pobj.ent_type_ in ENTITY_LABELS
                ):
                    owner = proper_core(pobj) or pobj.text
    return owner


def measure_text(head: Token) -> str:
    """A measure's words: the head noun with its modifiers ("net profit"); through an
    aggregate head to its complement ("the number of passengers" -> passengers).

    Only the text's own words: no figures, currency signs or brackets (a value
    written inside the phrase, "the £1.35bn ($2.5bn) offer", is not part of what is
    measured), and nothing of a modifier's own complements or possessors.
    """
    if head.lemma_.lower() in AGGREGATE_HEADS:
        for child in head.children:
            if child.dep_ == "prep" and child.text.lower() == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return measure_text(pobj)
    mods = [c for c in head.lefts if c.dep_ in NOUN_MODIFIER_DEPS and c.pos_ != "PROPN"]
    tokens = sorted({t for mod in mods for t in modifier_words(mod)}, key=_at)
    # a hyphen stays only between two words that stay ("third-quarter"; not the
    # "-meter" left of "24-meter")
    kept = {t.i for t in tokens} | {head.i}
    tokens = [
        t
        for t in tokens
        if t.text not in _HYPHENS or (t.i - 1 in kept and t.i + 1 in kept)
    ]
    head_word = head.lemma_ if head.tag_ in ("NNS", "NNPS") else head.text
    return join_words(tokens) + (" " if tokens else "") + head_word


def _at(token: Token) -> int:
    return token.i


def join_words(tokens: list[Token]) -> str:
    """Tokens as the text spaces them where they are adjacent ("third-quarter"), with
    one space where words were left out between them."""
    out = []
    for i, tok in enumerate(tokens):
        out.append(tok.text)
        if i + 1 < len(tokens):
            adjacent = tokens[i + 1].i == tok.i + 1
            out.append(tok.whitespace_ if adjacent else " ")
    return "".join(out)


# Children of a modifier that are not part of the measure's name.
_NOT_MEASURE_DEPS = frozenset({"poss", "prep", "appos", "det", "case", "nummod"})
_NOT_MEASURE_POS = frozenset({"DET", "PART", "SYM", "PUNCT", "X"})
_HYPHENS = frozenset({"-", "–"})


def modifier_words(mod: Token) -> list[Token]:
    """The words of one modifier of a measure's head, with its own modifiers."""
    out = []
    if is_measure_word(mod):
        out.append(mod)
    for child in mod.children:
        if child.dep_ not in _NOT_MEASURE_DEPS:
            out.extend(modifier_words(child))
    return out


def is_measure_word(token: Token) -> bool:
    """A word that can name part of a measure ("third-quarter", "net", "R&D"): not a
    figure, a currency sign or a bracket."""
    if token.text in _HYPHENS:
        return True
    return (
        token.pos_ not in _NOT_MEASURE_POS
        and token.dep_ != "poss"
        and any(ch.isalpha() for ch in token.text)
        and not any(ch.isdigit() for ch in token.text)
        and not (token.like_num and not token.lower_.endswith(_ORDINAL_ENDINGS))
    )


# English ordinals end so ("third-quarter" names a period); cardinal words
# ("million") are figures.
_ORDINAL_ENDINGS = ("st", "nd", "rd", "th")
