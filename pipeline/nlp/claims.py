"""The claim builder: turns a Doc's mentions into claim frames (subject, measure,
period, tense, role, qualifiers), using spaCy's parse, lemmas and entities.

Nothing here knows any seed's names: subjects come from the parse (nominal subjects,
possessors, "of" phrases), pronouns and generic noun phrases ("the country", "the
cluster") resolve to the nearest preceding entity or proper noun phrase with the same
head, and measures are head nouns with their modifiers, canonicalised so that
"R&D investment" and "research and development investment" meet.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.corpus import MONTH
from pipeline.nlp._extensions import install_extensions, record_failure, text_of

GENERIC_HEADS = {
    "country", "nation", "company", "firm", "group", "city", "region", "state",
    "province", "team", "club", "side", "bank", "government", "cluster", "university",
    "school", "airport", "agency", "organization", "organisation", "carrier", "airline",
    "party", "league", "economy", "county", "district", "capital", "automaker", "brand",
}  # fmt: skip
PRONOUNS = {
    "it",
    "they",
    "its",
    "their",
    "he",
    "she",
    "his",
    "her",
    "we",
    "our",
    "this",
    "which",
    "that",
}
ENTITY_LABELS = {
    "GPE",
    "ORG",
    "PERSON",
    "LOC",
    "NORP",
    "FAC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
}
AGGREGATE_HEADS = {
    "number",
    "total",
    "amount",
    "count",
    "share",
    "value",
    "level",
    "volume",
    "sum",
    "figure",
    "tally",
    "toll",
}
PLAN_WORDS = re.compile(
    r"\b(target(?:s|ed)?|aim(?:s|ed|ing)?|plan(?:s|ned|ning)?|goal|expect(?:s|ed)?|"
    r"forecast(?:s)?|project(?:ed|ion)s?|estimate[sd]? to|"
    r"intends?|pledge[sd]?|promise[sd]?|seek(?:s|ing)?|hopes?|after the extension|"
    r"set to|due to|scheduled|upcoming|next|"
    r"proposed)\b",
    re.I,
)
# A value introduced as the point of comparison: "up from 14", "against 3.1% in July".
PREVIOUS_VALUE = re.compile(
    r"\b(?:from|compared with|compared to|against|versus|vs\.?|than|previously|before)\s+"
    r"(?:a\s+|an\s+|the\s+)?$",
    re.I,
)
# Modal verbs in lower case only: "May" is a month.
MODALS = re.compile(r"\b(?:will|would|could|may|might|shall)\b")
UPDATE_WORDS = re.compile(
    r"\b(rose|risen|climbed|increased|grew|jumped|reached|hit|now|updated|revised|"
    r"raised|has risen|had risen|stood at|stands at|fell|dropped|declined)\s+(?:to|at)?\b",
    re.I,
)
CAPTION_CREDIT = re.compile(
    r"\((?:[A-Z][\w .'-]*/[^)]*|(?:AP |Reuters |AFP |Getty )?Photo[^)]*|Photo by[^)]*)\)\s*$"
)

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
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# Period words inside a measure ("third-quarter net profit", "annual inflation") say
# when, not what: they leave the measure and may set the period.
PERIOD_MODIFIER = re.compile(
    r"\b(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter|q[1-4]|quarterly|"
    r"(?:first|second)[- ]half|half[- ]year(?:ly)?|full[- ]year|annual|annualised|annualized|"
    r"yearly|monthly|weekly|daily|year-on-year|year-over-year)\b",
    re.I,
)
_QUARTER_WORD = re.compile(
    r"\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b|\bQ(?P<q>[1-4])\b"
    r"|\b(?P<m1>January|April|July|October)[-–](?:March|June|September|December) quarter\b",
    re.I,
)
_QUARTER_OF = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "january": 1,
    "april": 2,
    "july": 3,
    "october": 4,
}


def quarter_in(text: str) -> int | None:
    m = _QUARTER_WORD.search(text)
    if not m:
        return None
    if m["q"]:
        return int(m["q"])
    return _QUARTER_OF[(m["ord"] or m["m1"]).lower()]


def measure_key(text: str | None) -> str | None:
    if not text:
        return None
    words = canonical_phrase(PERIOD_MODIFIER.sub(" ", text)).split()
    if not words:
        return None
    words[-1] = singular(words[-1])
    return " ".join(words)


# --------------------------------------------------------------------------- parse helpers


def _token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _governing_verb(token: Token) -> Token | None:
    t = token
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX") and t.dep_ != "aux":
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _np_span(head: Token) -> Span:
    """The noun phrase around ``head``: its left modifiers plus 'of' complements."""
    doc = head.doc
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in ("compound", "flat", "appos") or (
            child.dep_ == "prep" and child.text.lower() == "of"
        ):
            right = max(right, child.right_edge.i)
    return doc[left : right + 1]


def _proper_core(head: Token) -> str | None:
    """The proper-noun name in a noun phrase, without possessors, determiners or
    common-noun heads ("the Shenzhen-Hong Kong-Guangzhou sci-tech cluster" ->
    "Shenzhen-Hong Kong-Guangzhou")."""
    toks = {head}
    for child in head.lefts:
        if child.dep_ in ("compound", "flat", "amod", "nmod", "punct"):
            toks.update(t for t in child.subtree if not _under_poss(t, head))
    toks = sorted(toks, key=lambda t: t.i)
    names = [
        t
        for t in toks
        if (t.pos_ == "PROPN" or (t.ent_type_ in ENTITY_LABELS and t.pos_ != "NOUN"))
        and t.text[:1].isupper()
    ]
    if not names:
        return None
    # the contiguous run of name tokens (hyphens between them included)
    first, last = names[0].i, names[-1].i
    doc = head.doc
    return text_of(doc)[doc[first].idx : doc[last].idx + len(doc[last].text)]


def _under_poss(token: Token, head: Token) -> bool:
    t = token
    while t.i != head.i and t.head.i != t.i:
        if t.dep_ == "poss":
            return True
        t = t.head
    return False


class Sentences:
    """The Doc's sentences, computed once: spaCy's ``token.sent`` walks the whole Doc
    on every call, which made claim building quadratic in the article's length."""

    def __init__(self, doc: Doc):
        self.spans = list(doc.sents)
        self.starts = [s.start for s in self.spans]
        self.char_starts = [s.start_char for s in self.spans]

    def of_token(self, token: Token) -> Span:
        return self.spans[max(0, bisect_right(self.starts, token.i) - 1)]

    def bounds_at(self, char: int) -> tuple[int, int]:
        if not self.spans:
            return char, char
        sent = self.spans[max(0, bisect_right(self.char_starts, char) - 1)]
        return sent.start_char, sent.end_char


class SubjectResolver:
    """Finds whose a value is, resolving pronouns and generic noun phrases backwards."""

    def __init__(self, doc: Doc, sentences: Sentences | None = None):
        self.doc = doc
        self.sentences = sentences or Sentences(doc)
        self._mentions: list[tuple[int, str, str, str]] | None = None
        self._lead: dict[frozenset, str | None] = {}

    @property
    def mentions(self) -> list[tuple[int, str, str, str]]:
        """(char, text, label, head lemma) of entities and proper noun phrases, built
        on first use (most articles never need to resolve a pronoun)."""
        if self._mentions is None:
            mentions = []
            for ent in self.doc.ents:
                if ent.label_ in ENTITY_LABELS:
                    mentions.append(
                        (ent.start_char, ent.text, ent.label_, ent.root.lemma_.lower())
                    )
            for chunk in self.doc.noun_chunks:
                if chunk.root.pos_ == "NOUN":
                    core = _proper_core(chunk.root)
                    if core:
                        mentions.append(
                            (chunk.start_char, core, "NP", chunk.root.lemma_.lower())
                        )
            self._mentions = sorted(mentions)
        return self._mentions

    def resolve_generic(self, head: Token) -> str | None:
        lemma = head.lemma_.lower()
        before = [
            m for m in self.mentions if m[0] < head.idx and head.idx - m[0] < 1500
        ]
        if lemma in PRONOUNS or head.pos_ == "PRON":
            # First choice: the subject of an earlier clause of the same sentence.
            for tok in self.sentences.of_token(head):
                if tok.i >= head.i:
                    break
                if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ != "PRON":
                    subject, _ = self._split_np(tok)
                    if subject:
                        return subject
            wanted = {
                "he": {"PERSON"},
                "she": {"PERSON"},
                "his": {"PERSON"},
                "her": {"PERSON"},
            }.get(lemma, {"GPE", "ORG", "NP"})
            for _, text, label, _ in reversed(before):
                if label in wanted:
                    return text
            return None
        if lemma in (
            "country",
            "nation",
            "state",
            "economy",
            "capital",
            "city",
            "province",
            "region",
            "county",
        ):
            wanted = {"GPE", "LOC"}
        elif lemma in (
            "company",
            "firm",
            "group",
            "bank",
            "carrier",
            "airline",
            "automaker",
            "brand",
            "agency",
            "organization",
            "organisation",
            "team",
            "club",
            "side",
            "party",
            "university",
            "school",
        ):
            wanted = {"ORG"}
        else:
            wanted = set()
        for _, text, label, head_lemma in reversed(before):
            if head_lemma == lemma and label == "NP":
                return text
        # "the country", "a side": the lead's subject when it is of the right kind (the
        # story's protagonist), else the most often named such entity so far
        lead = self.lead_subject(wanted, head.idx)
        if lead:
            return lead
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

    def lead_subject(self, wanted: set[str], before: int) -> str | None:
        """The entity that is the grammatical subject of the first body sentence."""
        key = frozenset(wanted)
        if key not in self._lead:
            self._lead[key] = self._find_lead_subject(wanted)
        lead = self._lead[key]
        return lead if lead and text_of(self.doc).find(lead) < before else None

    def _find_lead_subject(self, wanted: set[str]) -> str | None:
        body_start = self.doc._.cc_body_start or 0
        line = self.doc._.cc_dateline
        for sent in self.sentences.spans:
            if sent.end_char <= body_start or (line and sent.end_char <= line["end"]):
                continue
            if len(sent.text.strip()) < 40:
                continue
            for tok in sent:
                if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
                    ent = next((e for e in sent.ents if e.start <= tok.i < e.end), None)
                    if ent is not None and ent.label_ in wanted:
                        return ent.text
                    return None
            return None
        return None

    def subject_of(self, token: Token) -> tuple[str | None, str | None]:
        """(subject, measure) for a value token."""
        verb = _governing_verb(token)
        measure = None
        subject = None
        seen = 0
        while verb is not None and seen < 4:
            seen += 1
            subj = next(
                (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")),
                None,
            )
            if (
                subj is not None
                and subj.lower_ in ("that", "which", "who")
                and verb.dep_ == "relcl"
            ):
                subj = verb.head  # "a side that finished 11th": the side
            if subj is not None:
                subject, measure = self._split_np(subj)
                break
            if (
                verb.dep_ in ("advcl", "xcomp", "acl", "conj", "ccomp", "relcl")
                and verb.head.i != verb.i
            ):
                if verb.dep_ == "relcl":
                    subject, measure = self._split_np(verb.head)
                    break
                verb = _governing_verb(verb.head)
            else:
                break
        if subject is None:
            # No subject in reach: the nearest entity in the sentence, before the value
            # (not in the dateline, which names where the story was filed).
            sent = self.sentences.of_token(token)
            line = self.doc._.cc_dateline or {"start": 0, "end": 0}
            ents = [
                e
                for e in sent.ents
                if e.label_ in ("GPE", "ORG", "LOC", "NORP", "FAC")
                and e.end_char <= token.idx
                and not (line["start"] <= e.start_char < line["end"])
            ]
            if ents:
                subject = ents[-1].text
        return subject, measure

    def _split_np(self, head: Token) -> tuple[str | None, str | None]:
        if head.lemma_.lower() in PRONOUNS or (head.pos_ == "PRON"):
            return self.resolve_generic(head), None
        if (
            head.pos_ == "PROPN"
            or head.ent_type_ in ENTITY_LABELS
            and head.pos_ != "NOUN"
        ):
            return _proper_core(head) or head.text, None
        # A common noun: it is the measure; whose it is comes from a possessor,
        # an "of"/"in" complement naming an entity, or the generic-head resolution.
        measure = self._measure_text(head)
        owner = None
        for child in head.children:
            if child.dep_ == "poss":
                owner = self._owner_text(child)
        if owner is None:
            for child in head.children:
                if child.dep_ == "prep" and child.text.lower() in ("of", "in", "for"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and (
                            pobj.pos_ == "PROPN" or pobj.ent_type_ in ENTITY_LABELS
                        ):
                            owner = _proper_core(pobj) or pobj.text
        if owner is None:
            core = _proper_core(head)
            if core and head.lemma_.lower() in GENERIC_HEADS:
                return core, None
            if head.lemma_.lower() in GENERIC_HEADS and any(
                c.dep_ == "det" for c in head.children
            ):
                return self.resolve_generic(head), None
        return owner, measure

    def _owner_text(self, token: Token) -> str | None:
        if token.lemma_.lower() in PRONOUNS or token.pos_ == "PRON":
            return self.resolve_generic(token)
        if token.pos_ == "NOUN" and token.lemma_.lower() in GENERIC_HEADS:
            return self.resolve_generic(token)
        return _proper_core(token) or token.text

    def _measure_text(self, head: Token) -> str:
        lemma = head.lemma_.lower()
        if lemma in AGGREGATE_HEADS:
            for child in head.children:
                if child.dep_ == "prep" and child.text.lower() == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            return self._measure_text(pobj)
        mods = [
            c
            for c in head.lefts
            if c.dep_ in ("compound", "amod", "nmod") and c.pos_ != "PROPN"
        ]
        words = []
        for mod in mods:
            words.extend(
                t.text
                for t in mod.subtree
                if t.dep_ != "poss" and t.pos_ not in ("DET", "PART")
            )
        words.append(head.lemma_ if head.tag_ in ("NNS", "NNPS") else head.text)
        return " ".join(words)


def counted_noun(doc: Doc, token: Token) -> Token | None:
    """The noun a number counts ("24 clusters", "5.01 million patents")."""
    t = token
    # "31.8 million passengers": climb from the digits to the scale word first
    for _ in range(3):
        if (
            t.dep_ in ("compound", "quantmod", "nummod")
            and t.head.pos_ == "NUM"
            and t.head.i != t.i
        ):
            t = t.head
        else:
            break
    if t.dep_ in ("nummod", "quantmod", "compound") and t.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        head = t.head
        while (
            head.dep_ in ("nummod", "quantmod", "compound")
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


# --------------------------------------------------------------------------- claims


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b < 0 else b)


def role_of(text: str, pos: int, body_start: int, dateline: dict | None) -> str:
    """Where a value stands: dateline, title, caption or body."""
    if (
        dateline
        and dateline.get("date_start") is not None
        and dateline["date_start"] <= pos < dateline["date_end"]
    ):
        return "dateline"
    a, b = _line_bounds(text, pos)
    line = text[a:b].strip()
    if is_meta_line(line):
        return "meta"
    if CAPTION_CREDIT.search(line) or re.search(
        r"\b(?:is|are) pictured\b|\bpictured\b|^Photo\b|^Image\b", line
    ):
        return "caption"
    first_line_start = len(text[body_start:]) - len(text[body_start:].lstrip())
    first_line_start += body_start
    if a <= first_line_start and len(line) < 150 and not line.endswith((".", '"', "”")):
        return "title"
    return "body"


def is_meta_line(line: str) -> bool:
    """A short line holding little but a date and time (a byline timestamp)."""
    if len(line) > 80 or not re.search(r"\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b", line):
        return False
    rest = re.sub(r"\d{1,2}:\d{2}(?::\d{2})?|\b\d{1,4}\b|[^\w\s]", " ", line)
    rest = re.sub(rf"\b{MONTH}", " ", rest)
    return len(rest.split()) <= 3


def tense_of(token: Token) -> str | None:
    verb = _governing_verb(token)
    if verb is None:
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "shall", "'ll") for a in auxes) or verb.tag_ == "MD":
        return "future"
    if any(a.lower_ in ("has", "have", "had", "'s", "'ve") for a in auxes):
        return "past"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"  # "is sworn in", "are expected"
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl"):
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    if verb.tag_ == "VBG" and verb.head.i != verb.i:
        return tense_of_verb(verb.head)
    return None


def tense_of_verb(verb: Token) -> str | None:
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return None


def _qualifiers(sentence_text: str, local: str) -> tuple[str, ...]:
    quals = []
    if re.search(r"\bfor the first time\b", sentence_text, re.I):
        quals.append("first_time")
    if PLAN_WORDS.search(local) or MODALS.search(local):
        quals.append("plan")
    if UPDATE_WORDS.search(local):
        quals.append("update")
    if re.search(
        r"\b(previously|earlier|formerly|used to|had been|before)\b", local, re.I
    ):
        quals.append("previous")
    if re.search(
        r"\b(now|currently|latest|this time|so far|to date)\b", sentence_text, re.I
    ):
        quals.append("current")
    return tuple(quals)


PERIOD_WINDOW = 400  # characters either side of a value that its period may stand in


def _period_for(
    doc: Doc,
    dates: list[dict],
    start: int,
    sent: tuple[int, int],
    token: Token | None,
    base: dt.date | None,
    values: tuple[tuple[int, int], ...] = (),
) -> str | None:
    """The period a value refers to: the nearest date in its clause, else None.

    A date that another value stands closer to belongs to that value ("rose to 2.36
    billion in the quarter from 2.0 billion a year earlier": "a year earlier" is the
    2.0 billion's), unless the other value is a bracketed conversion of this one.
    """
    text = text_of(doc)
    value_starts = [a for a, _ in values]

    def owned_by_other(d: dict) -> bool:
        lo, hi = (start, d["start"]) if d["start"] > start else (d["end"], start)
        for i in range(bisect_right(value_starts, lo), bisect_left(value_starts, hi)):
            a = value_starts[i]
            if a != start and not re.search(
                r"\(\s*(?:about|around|some|roughly)?\s*$", text[max(0, a - 12) : a]
            ):
                return True
        return False

    # dates within the sentence and, in a run-on text, within a few hundred characters
    lo, hi = max(sent[0], start - PERIOD_WINDOW), min(sent[1], start + PERIOD_WINDOW)
    in_sent = [
        d
        for d in dates
        if lo <= d["start"] < hi
        and d.get("role") != "dateline"
        and not (d["start"] <= start < d["end"])
        and not owned_by_other(d)
    ]
    if not in_sent:
        return None

    def clause_gap(d: dict) -> tuple[int, int]:
        a, b = sorted((d["start"], start))
        between = text[a:b]
        breaks = len(re.findall(r"[;:]|,\s+(?:and|but|while|which)\b", between))
        after_penalty = 0 if d["start"] > start else 1
        return breaks, abs(d["start"] - start) + after_penalty * 15

    best = min(in_sent, key=clause_gap)
    if clause_gap(best)[0] > 0:
        return None
    value = best["value"]
    if (
        doc._.cc_base_nominal
        and not best.get("explicit_year")
        and re.match(r"\d{4}", value)
    ):
        # resolved in the stand-in year: only the month and day are known
        if best["granularity"] in ("day", "month") and abs(int(value[:4]) - 2000) <= 1:
            return "--" + value[5:]
        if abs(int(value[:4]) - 2000) <= 1:
            return None
    if best["granularity"] in ("day", "week", "month") and re.search(
        r"\bby the end of\b", text[max(0, best["start"] - 20) : best["start"]]
    ):
        value = value[:4]
    return value


def _in_apposition(text: str, start: int, end: int, sent: tuple[int, int]) -> bool:
    """True when [start, end) sits in a comma-delimited appositive without a verb."""
    before = text[max(sent[0], start - 40) : start]
    after = text[end : min(sent[1], end + 30)]
    m_before = re.search(r",\s*([^,;:]*)$", before)
    m_after = re.match(r"([^,;:]*),", after)
    if not (m_before and m_after):
        return False
    inner = m_before.group(1) + " " + m_after.group(1)
    return len(inner.split()) <= 6 and not re.search(
        r"\b(?:is|are|was|were|has|have|had|ranked|ranks|finished|came|placed|rose|fell)\b",
        inner,
    )


def _ranking_name(
    doc: Doc, ranks: list[dict], start: int, sent: tuple[int, int]
) -> str | None:
    """The ranking a rank refers to: an Index/Ranking name or a 'top N <noun>' list."""
    text = text_of(doc)
    names = []
    for m in re.finditer(
        r"(?:[A-Z][\w&'’-]*\s+){1,6}(?:Index|Ranking|Rankings|League|Table|List|Report|Standings|Survey|Awards?)\b",
        text[sent[0] : sent[1]],
    ):
        names.append(
            (sent[0] + m.start(), canonical_phrase(re.sub(r"\s+\d{4}$", "", m.group())))
        )
    for r in ranks:
        if r["kind"] in ("list", "count_in_list") and sent[0] <= r["start"] < sent[1]:
            names.append((r["start"], "top-list " + (r.get("noun") or "")))
    if not names:
        return None
    return min(names, key=lambda n: abs(n[0] - start))[1]


def _list_noun(doc: Doc, end: int) -> str | None:
    """The noun a 'top N' list ranks: the head of the phrase right after it."""
    span = doc.char_span(end, min(len(text_of(doc)), end + 80), alignment_mode="expand")
    if span is None:
        return None
    last = None
    for tok in span:
        if tok.idx < end:
            continue
        if tok.pos_ in ("NOUN", "PROPN"):
            last = tok
        elif tok.pos_ in ("ADJ", "CCONJ") or tok.text in ("-", "&"):
            continue
        else:
            break
    return singular(last.lower_) if last is not None else None


def build_claims(doc: Doc) -> list[dict]:
    """Claim dicts (Claim.to_dict form) for every mention in the Doc."""
    text = text_of(doc)
    article = doc._.cc_article_id or "doc"
    base = dt.date.fromisoformat(doc._.cc_base_date) if doc._.cc_base_date else None
    dateline = doc._.cc_dateline
    body_start = doc._.cc_body_start or 0
    sentences = Sentences(doc)
    resolver = SubjectResolver(doc, sentences)
    dates = list(doc._.cc_dates or [])
    ranks = list(doc._.cc_ranks or [])
    quantities = list(doc._.cc_quantities or [])
    claims: list[dict] = []

    for d in dates:
        d["role"] = role_of(text, d["start"], body_start, dateline)

    value_spans = tuple(
        sorted(
            (m["start"], m["end"])
            for m in quantities + [r for r in ranks if r["kind"] != "streak"]
        )
    )
    for r in ranks:
        if r["kind"] in ("list", "count_in_list"):
            r["noun"] = _list_noun(
                doc, r["num_end"] if r["kind"] == "list" else r["end"]
            )
            if (
                r["kind"] == "count_in_list"
                and not r["noun"]
                and r.get("counted") not in (None, "them", "which")
            ):
                r["noun"] = singular(r["counted"])

    def frame(start: int, end: int) -> dict:
        sent = sentences.bounds_at(start)
        token = _token_at(doc, start, end)
        local = text[max(sent[0], start - 60) : end]
        before = text[max(sent[0], start - 25) : start]
        subject, measure = (None, None)
        tense = None
        if token is not None:
            subject, measure = resolver.subject_of(token)
            measure = _measure_on_path(token, resolver) or measure
            tense = tense_of(token)
        return {
            "sentence": list(sent),
            "subject": subject,
            "measure": measure,
            "tense": tense,
            "role": role_of(text, start, body_start, dateline),
            "qualifiers": list(_qualifiers(text[sent[0] : sent[1]], local))
            + (["previous"] if PREVIOUS_VALUE.search(before) else []),
            "token": token,
        }

    for d in dates:
        f = frame(d["start"], d["end"])
        event = None
        if f["token"] is not None:
            verb = _event_verb(f["token"])
            event = verb.lemma_.lower() if verb is not None else None
            if f["tense"] is None and verb is not None:
                f = dict(f, tense=tense_of(verb))
        claims.append(
            _claim(
                article,
                d["start"],
                d["end"],
                text,
                "date",
                d["value"],
                d["low"],
                d["high"],
                None,
                "=",
                f,
                None,
                granularity=d["granularity"],
                role=d["role"],
                extra={
                    "weekday": d["weekday"],
                    "explicit_year": d["explicit_year"],
                    "event": event,
                    "source": d["source"],
                    "mood": d.get("mood"),
                    "negated": d.get("negated"),
                    "event_object": d.get("event_object"),
                    "day_known": d.get("day_known"),
                    "modifies": d.get("modifies"),
                },
            )
        )

    def add(
        f,
        period,
        start,
        end,
        ctype,
        value,
        *,
        low=None,
        high=None,
        unit=None,
        change="=",
        **kw,
    ) -> None:
        """A claim of this article in frame ``f``; its bounds default to its value."""
        claims.append(
            _claim(
                article,
                start,
                end,
                text,
                ctype,
                value,
                value if low is None else low,
                value if high is None else high,
                unit,
                change,
                f,
                period,
                **kw,
            )
        )

    for r in ranks:
        f = frame(r["start"], r["end"])
        period = _period_for(
            doc, dates, r["start"], tuple(f["sentence"]), f["token"], base, value_spans
        )
        sent = tuple(f["sentence"])
        if r["kind"] == "rank":
            if _in_apposition(text, r["start"], r["end"], sent):
                # "The airport, Japan's fourth-busiest, served ... in 2024": a description
                # as of the article, not a rank for the clause's period
                period = None
                f = dict(f, tense="present")
            ranking = _ranking_name(doc, ranks, r["start"], sent)
            if r.get("superlative") and (
                ranking is None or ranking.startswith("top-list")
            ):
                # "Japan's third-busiest airport" and "Japan's fourth-busiest": the noun
                # is often elided, so the superlative alone names the ranking (a named
                # ranking in the sentence, "the Meridian Ranking", still wins)
                ranking = r["superlative"]
            streak = next(
                (
                    s
                    for s in ranks
                    if s["kind"] == "streak" and sent[0] <= s["start"] < sent[1]
                ),
                None,
            )
            quals = f["qualifiers"] + (["update"] if r.get("update") else [])
            add(
                f,
                period,
                r["start"],
                r["end"],
                "rank",
                r["value"],
                ranking=ranking,
                streak=streak["value"] if streak else None,
                qualifiers=quals,
            )
        elif r["kind"] == "list":
            add(
                f,
                period,
                r["start"],
                r["end"],
                "rank",
                r["value"],
                low=1,
                change="<",
                list_size=r["list_size"],
                ranking="top-list " + (r.get("noun") or ""),
                measure=r.get("noun"),
                extra={"named": r.get("named", False), "list": True},
            )
        elif r["kind"] == "count_in_list":
            noun = r.get("noun")
            if r.get("top_start") is not None:
                # the list itself ("top 100") is a rank claim of its own
                add(
                    f,
                    period,
                    r["top_start"],
                    r["top_end"],
                    "rank",
                    r["list_size"],
                    low=1,
                    change="<",
                    list_size=r["list_size"],
                    ranking="top-list " + (noun or ""),
                    measure=noun,
                    extra={"list": True, "named": False},
                )
            add(
                f,
                period,
                r["start"],
                r["end"],
                "count",
                r["value"],
                list_size=r["list_size"],
                measure=noun,
                ranking="top-list " + (noun or ""),
                extra={"count_in_list": True},
            )
        elif r["kind"] == "streak":
            add(
                f,
                period,
                r["start"],
                r["end"],
                "count",
                r["value"],
                unit=r["streak_unit"],
                measure="streak",
                extra={"streak": True},
            )

    for q in quantities:
        f = frame(q["start"], q["end"])
        token = _token_at(doc, q["num_start"], q["num_end"])
        kind = q["type"]
        measure = f["measure"]
        unit = q["unit"]
        subject_override = None
        if q.get("unit_word") and kind == "number":
            # "a magnitude-6.8 earthquake": the word names the measure, and the noun the
            # phrase modifies is whose it is
            measure = q["unit_word"]
            modified = _modified_noun(doc, q["end"])
            if modified is not None:
                subject_override = modified
        elif token is not None and kind in ("number", "quantity"):
            noun = counted_noun(doc, token) or _plural_noun_after(doc, q["end"])
            if noun is not None and kind == "number":
                kind = "count"
                measure = _count_measure(noun)
            elif kind == "number" and _reads_as_count(q, measure):
                kind = (
                    "count"  # "the death toll rose to 52", "traffic hit 31.8 million"
                )
            rate = re.match(
                r"\s*(?:[\w-]+\s+){0,5}?per\s+((?:1\s+|one\s+|100,000\s+|1,000\s+|a\s+)?(?:million|thousand|hundred|capita|person|head|km|square)\s*[\w]*)",
                text[q["end"] : q["end"] + 80],
            )
            if rate:
                kind = "quantity"
                unit = "per " + re.sub(r"^(?:1|one|a)\s+", "", rate.group(1).strip())
        if subject_override:
            f = dict(f, subject=subject_override)
        period = _period_for(
            doc, dates, q["start"], tuple(f["sentence"]), token, base, value_spans
        )
        if period is None and base is not None:
            quarter = quarter_in(text[f["sentence"][0] : f["sentence"][1]])
            if quarter:
                period = f"{base.year:04d}-Q{quarter}"
        claims.append(
            _claim(
                article,
                q["start"],
                q["end"],
                text,
                kind,
                q["value"],
                q["low"],
                q["high"],
                unit,
                q["change"],
                f,
                period,
                measure=measure,
                extra={"is_word": q["is_word"], "bound": q["bound"]},
            )
        )
    _reporting_period(claims)
    claims.sort(key=lambda c: (c["start"], c["end"]))
    return claims


def _event_verb(token: Token) -> Token | None:
    """The verb of the event a date belongs to: the first verb up the tree that has a
    subject ("United clinched the title with a match to spare on Sunday" -> clinch)."""
    verb = _governing_verb(token)
    first = verb
    for _ in range(4):
        if verb is None:
            return first
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return verb
        if verb.head.i == verb.i:
            return first
        verb = _governing_verb(verb.head)
    return first


def _measure_on_path(token: Token, resolver: SubjectResolver) -> str | None:
    """The noun a value is attached to on its way up to the verb: "revenue of $5.6
    billion", "a profit of 3 million" -> the measure is that noun."""
    t = token
    for _ in range(6):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return None
        if t.pos_ == "NOUN" and t.lemma_.lower() not in GENERIC_HEADS and t.i < token.i:
            return resolver._measure_text(t)
    return None


# Measures whose values are scores, not counts of things.
SCORE_HEADS = {
    "index", "score", "rating", "ratio", "rate", "magnitude", "reading", "temperature",
    "level", "value", "points", "point", "average", "mark", "grade", "price",
}  # fmt: skip


def _reads_as_count(q: dict, measure: str | None) -> bool:
    """A bare whole or scaled number is a count ("hit 31.8 million", "rose to 52");
    a decimal without a scale word, or anything measured as a score, is not."""
    if measure and measure.split()[-1].lower().rstrip("s") in {
        h.rstrip("s") for h in SCORE_HEADS
    }:
        return False
    if q["scale_word"]:
        return True
    return float(q["value"]).is_integer() and measure is not None


def _modified_noun(doc: Doc, end: int) -> str | None:
    """The noun a measurement phrase modifies ("magnitude-6.8 earthquake" -> earthquake)."""
    span = doc.char_span(end, min(len(text_of(doc)), end + 40), alignment_mode="expand")
    if span is None:
        return None
    for tok in span:
        if (
            tok.idx < end
            or tok.text == "-"
            or (tok.is_alpha and tok.idx == end + 1 and text_of(doc)[end] == "-")
        ):
            continue
        if tok.pos_ == "NOUN":
            return tok.lemma_.lower()
        if tok.pos_ != "ADJ":
            return None
    return None


def _plural_noun_after(doc: Doc, end: int) -> Token | None:
    """A plural noun right after a number, past adjectives ("31.8 million international
    passengers"), when the parse did not attach the number to it."""
    span = doc.char_span(end, min(len(text_of(doc)), end + 60), alignment_mode="expand")
    if span is None:
        return None
    for tok in span:
        if tok.idx < end:
            continue
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


def _reporting_period(claims: list[dict]) -> None:
    """An article about one quarter's or half-year's results states the period once or
    twice and then gives its figures without it ("Net profit came in at 412 million
    euros"). When one quarter or half-year dominates the explicit periods of its
    figures (at least twice as often as any other), figures without a period take it,
    marked as inferred."""
    figures = [
        c
        for c in claims
        if c["type"] in ("money", "count", "number", "percent", "quantity")
    ]
    counts: dict[str, int] = {}
    for c in figures:
        if (
            c["period"]
            and re.fullmatch(r"\d{4}-[QH][1-4]", c["period"])
            and "plan" not in c["qualifiers"]
        ):
            counts[c["period"]] = counts.get(c["period"], 0) + 1
    if not counts:
        return
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    period, top = ranked[0]
    if len(ranked) > 1 and ranked[1][1] * 2 > top:
        return  # no single reporting period stands out
    for c in figures:
        if (
            c["period"] is None
            and c["role"] == "body"
            and c["tense"] in ("past", None)
            and "plan" not in c["qualifiers"]
        ):
            c["period"] = period
            c["qualifiers"] = [*c["qualifiers"], "period_inferred"]


def _count_measure(noun: Token) -> str:
    mods = [
        t.text for t in noun.lefts if t.dep_ in ("compound", "amod") and t.pos_ != "NUM"
    ]
    return " ".join(mods + [noun.lemma_])


def _claim(
    article,
    start,
    end,
    text,
    ctype,
    value,
    low,
    high,
    unit,
    change,
    f,
    period,
    *,
    granularity=None,
    role=None,
    ranking=None,
    streak=None,
    list_size=None,
    measure=None,
    qualifiers=None,
    extra=None,
) -> dict:
    subject = f["subject"]
    measure = measure if measure is not None else f["measure"]
    return {
        "article": article,
        "start": start,
        "end": end,
        "text": text[start:end],
        "type": ctype,
        "value": value,
        "low": low,
        "high": high,
        "unit": unit,
        "change": change,
        "subject": subject,
        "measure": measure,
        "period": period,
        "subject_key": canonical_phrase(subject) if subject else None,
        "measure_key": measure_key(measure),
        "granularity": granularity,
        "list_size": list_size,
        "streak": streak,
        "ranking": ranking,
        "role": role or f["role"],
        "tense": f["tense"],
        "qualifiers": list(qualifiers if qualifiers is not None else f["qualifiers"]),
        "sentence": f["sentence"],
        "extra": {k: v for k, v in (extra or {}).items() if v is not None},
    }


class ClaimBuilder:
    """Writes ``doc._.cc_claims``."""

    def __init__(self, nlp: Language, name: str):
        install_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.cc_claims = build_claims(doc)
        except Exception as err:  # one article's failure must not stop the batch
            doc._.cc_claims = []
            record_failure(doc, self.name, err)
        return doc


@Language.factory(
    "cc_claims",
    requires=[
        "doc._.cc_dates",
        "doc._.cc_ranks",
        "doc._.cc_quantities",
        "token.dep",
        "doc.ents",
    ],
    assigns=["doc._.cc_claims"],
)
def make_claim_builder(nlp: Language, name: str) -> ClaimBuilder:
    return ClaimBuilder(nlp, name)
