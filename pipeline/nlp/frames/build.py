"""The claims of one Doc: each typed mention gets a frame (whose, of what, when, in
which role) from the resolvers, and becomes one claim draft (two for a count inside a
list, which also states the list)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from pipeline.keys import canonical_phrase, measure_key, singular
from pipeline.lexicon.frames import (
    NOMINAL_SUBJECT_DEPS,
    PREVIOUS_CUE_WINDOW,
    PREVIOUS_VALUE,
    QUALIFIER_WINDOW,
    RESTATEMENT_GAP,
)
from pipeline.nlp._extensions import text_of
from pipeline.nlp.frames.measures import (
    cost_of_verb,
    count_measure,
    counted_noun,
    list_noun,
    measure_on_path,
    mention_point,
    modified_noun,
    plural_noun_after,
    ranking_name,
    rate_unit,
    reads_as_count,
    value_complement,
)
from pipeline.nlp.frames.parse import (
    Sentences,
    context_words,
    governing_verb,
    is_name,
    proper_core,
    token_at,
    tokens_after,
)
from pipeline.nlp.frames.periods import PeriodFinder, quarter_period, reporting_period
from pipeline.nlp.frames.roles import (
    change_basis,
    event_verb,
    in_apposition,
    qualifiers,
    role_of,
    tense_of,
)
from pipeline.nlp.frames.subjects import SubjectResolver
from pipeline.nlp.mentions import DateMention, QuantityMention, RankMention

# An age's noun follows within these characters ("-year-old Cornish model").
AGE_NOUN_WINDOW = 40
AGE_WORDS = frozenset({"-", "year", "years", "month", "months", "week", "weeks",
                       "day", "days", "old"})  # fmt: skip


@dataclass(slots=True)
class Frame:
    """What the words around a value say about it."""

    sentence: tuple[int, int]
    subject: str | None = None
    measure: str | None = None
    tense: str | None = None
    role: str = "body"
    qualifiers: tuple[str, ...] = ()
    token: Token | None = None
    context: tuple[str, ...] = ()  # content lemmas around the value, nearest first
    subject_from: str | None = None  # "clause", or "sentence" (nearest entity only)


@dataclass(slots=True)
class ClaimDraft:
    """A claim being built (``to_dict`` gives the ``Claim.to_dict`` form)."""

    article: str
    start: int
    end: int
    text: str
    type: str
    value: object
    low: object = None
    high: object = None
    unit: str | None = None
    change: str = "="
    subject: str | None = None
    measure: str | None = None
    period: str | None = None
    granularity: str | None = None
    list_size: int | None = None
    streak: int | None = None
    ranking: str | None = None
    role: str = "body"
    tense: str | None = None
    qualifiers: tuple[str, ...] = ()
    sentence: tuple[int, int] = (0, 0)
    extra: dict = field(default_factory=dict)
    token: Token | None = None  # the value's head token while building; not written

    def to_dict(self) -> dict:
        return {
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "change": self.change,
            "subject": self.subject,
            "measure": self.measure,
            "period": self.period,
            "subject_key": canonical_phrase(self.subject) if self.subject else None,
            "measure_key": measure_key(self.measure),
            "granularity": self.granularity,
            "list_size": self.list_size,
            "streak": self.streak,
            "ranking": self.ranking,
            "role": self.role,
            "tense": self.tense,
            "qualifiers": list(dict.fromkeys(self.qualifiers)),
            "sentence": list(self.sentence),
            "extra": {k: v for k, v in self.extra.items() if v is not None},
        }


class DocClaims:
    """The claim builder over one Doc: its text, article context, sentences,
    subject resolver and typed mentions, and the drafts made so far."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = text_of(doc)
        self.article = doc._.cc_article_id or "doc"
        base = doc._.cc_base_date
        self.base = dt.date.fromisoformat(base) if base else None
        self.dateline = doc._.cc_dateline
        self.body_start = doc._.cc_body_start or 0
        self.sentences = Sentences(doc)
        self.resolver = SubjectResolver(doc, self.sentences)
        self.dates = [DateMention.from_dict(d) for d in doc._.cc_dates or []]
        self.ranks = [RankMention.from_dict(r) for r in doc._.cc_ranks or []]
        self.quantities = [
            QuantityMention.from_dict(q) for q in doc._.cc_quantities or []
        ]
        for d in self.dates:
            d.role = self.role_at(d.start)
        values = sorted(
            (m.start, m.end)
            for m in [*self.quantities, *(r for r in self.ranks if r.kind != "streak")]
        )
        self.periods = PeriodFinder(
            self.text, self.dates, tuple(values), bool(doc._.cc_base_nominal)
        )
        self.drafts: list[ClaimDraft] = []
        self.last_figure: ClaimDraft | None = None  # for restatements
        # (paragraph start, source) of the last attributed figure (see ``source``)
        self.last_source: tuple[int, str] | None = None

    # ------------------------------------------------------------- frames

    def role_at(self, pos: int) -> str:
        return role_of(self.text, pos, self.body_start, self.dateline)

    def frame(self, start: int, end: int) -> Frame:
        """The frame of the value at [start, end): its sentence, subject and measure
        (from the parse), tense, role and qualifiers."""
        sent = self.sentences.bounds_at(start)
        token = token_at(self.doc, start, end)
        local = self.text[max(sent[0], start - QUALIFIER_WINDOW) : end]
        before = self.text[max(sent[0], start - PREVIOUS_CUE_WINDOW) : start]
        quals = qualifiers(self.text[sent[0] : sent[1]], local)
        if PREVIOUS_VALUE.search(before):
            quals += ("previous",)
        frame = Frame(sent, role=self.role_at(start), qualifiers=quals, token=token)
        if token is not None:
            reading = self.resolver.reading(token)
            frame.subject, frame.measure, frame.subject_from = reading
            frame.measure = measure_on_path(token) or frame.measure
            frame.tense = tense_of(token)
            frame.context = context_words(self.sentences.of_token(token), start, end)
        return frame

    def add(self, f: Frame, ctype: str, start: int, end: int, value, **kw) -> None:
        """A claim of this article in frame ``f``; its bounds default to its value,
        its subject, measure, role, tense and qualifiers to the frame's."""
        kw.setdefault("low", value)
        kw.setdefault("high", value)
        kw["extra"] = {
            **kw.get("extra", {}),
            "context": list(f.context) or None,
            "subject_from": f.subject_from,
        }
        for name in ("subject", "measure", "role", "tense", "qualifiers"):
            if kw.get(name) is None:
                kw[name] = getattr(f, name)
        self.drafts.append(
            ClaimDraft(
                article=self.article,
                start=start,
                end=end,
                text=self.text[start:end],
                type=ctype,
                value=value,
                sentence=f.sentence,
                token=f.token,
                **kw,
            )
        )

    # ------------------------------------------------------------- the builder

    def build(self) -> list[dict]:
        for d in self.dates:
            self.date_claim(d)
        for r in self.ranks:
            if r.is_list:
                r.noun = self.noun_of_list(r)
        for r in self.ranks:
            RANK_MAKERS[r.kind](self, r)
        for q in self.quantities:
            self.quantity_claim(q)
        respective_owners(self.doc, self.drafts)
        reporting_period(self.drafts)
        self.drafts.sort(key=lambda c: (c.start, c.end))
        return [c.to_dict() for c in self.drafts]

    def date_claim(self, d: DateMention) -> None:
        f = self.frame(d.start, d.end)
        event = None
        if f.token is not None:
            verb = event_verb(f.token)
            event = verb.lemma_.lower() if verb is not None else None
            if f.tense is None and verb is not None:
                f.tense = tense_of(verb)
        self.add(
            f,
            "date",
            d.start,
            d.end,
            d.value,
            low=d.low,
            high=d.high,
            granularity=d.granularity,
            role=d.role,
            extra={
                "weekday": d.weekday,
                "explicit_year": d.explicit_year,
                "event": event,
                "source": d.source,
                # what the date is (cc_dates: event, report, plan, comparison,
                # period), whether it is negated, and what the event acts on
                **{
                    k: d.more.get(k)
                    for k in (
                        "mood",
                        "negated",
                        "event_object",
                        "day_known",
                        "modifies",
                    )
                },
            },
        )

    def noun_of_list(self, r: RankMention) -> str | None:
        """What a list ranks: the noun after "top 100", else the counted noun of
        "24 of them"."""
        noun = list_noun(self.doc, r.num_end if r.kind == "list" else r.end)
        if (
            not noun
            and r.kind == "count_in_list"
            and r.counted not in (None, "them", "which")
        ):
            noun = singular(r.counted)
        return noun

    def rank_period(self, r: RankMention, f: Frame) -> str | None:
        return self.periods.period_for(r.start, f.sentence)

    def rank_claim(self, r: RankMention) -> None:
        f = self.frame(r.start, r.end)
        period = self.rank_period(r, f)
        if in_apposition(self.text, r.start, r.end, f.sentence):
            # "The airport, Japan's fourth-busiest, served ... in 2024": a description
            # as of the article, not a rank for the clause's period
            period = None
            f.tense = "present"
        ranking = ranking_name(self.text, self.ranks, r.start, f.sentence)
        if r.superlative and (ranking is None or ranking.startswith("top-list")):
            # "Japan's third-busiest airport" and "Japan's fourth-busiest": the noun
            # is often elided, so the superlative alone names the ranking (a named
            # ranking in the sentence, "the Meridian Ranking", still wins)
            ranking = r.superlative
        streak = next(
            (
                s
                for s in self.ranks
                if s.kind == "streak"
                and f.sentence[0] <= s.start < f.sentence[1]
                and self.same_clause(f.token, s)
            ),
            None,
        )
        quals = f.qualifiers + (("update",) if r.update else ())
        self.add(
            f,
            "rank",
            r.start,
            r.end,
            r.value,
            period=period,
            ranking=ranking,
            streak=streak.value if streak else None,
            qualifiers=quals,
        )

    def same_clause(self, token: Token | None, streak: RankMention) -> bool:
        """Whether a streak phrase belongs to the rank's clause: "finished second for
        the fifth consecutive year", not "has risen to 71st place ..., and remains
        the highest-ranked for the fourth consecutive year" (another verb's)."""
        other = token_at(self.doc, streak.num_start, streak.num_end)
        if token is None or other is None:
            return True
        return governing_verb(token) == governing_verb(other)

    def list_claim(self, r: RankMention) -> None:
        f = self.frame(r.start, r.end)
        self.add(
            f,
            "rank",
            r.start,
            r.end,
            r.value,
            low=1,
            change="<",
            period=self.rank_period(r, f),
            list_size=r.list_size,
            ranking="top-list " + (r.noun or ""),
            measure=r.noun,
            extra={"named": r.named, "list": True},
        )

    def count_in_list_claim(self, r: RankMention) -> None:
        f = self.frame(r.start, r.end)
        period = self.rank_period(r, f)
        ranking = "top-list " + (r.noun or "")
        if r.top_start is not None:
            # the list itself ("top 100") is a rank claim of its own
            self.add(
                f,
                "rank",
                r.top_start,
                r.top_end,
                r.list_size,
                low=1,
                change="<",
                period=period,
                list_size=r.list_size,
                ranking=ranking,
                measure=r.noun,
                extra={"list": True, "named": False},
            )
        self.add(
            f,
            "count",
            r.start,
            r.end,
            r.value,
            period=period,
            list_size=r.list_size,
            measure=r.noun,
            ranking=ranking,
            extra={"count_in_list": True},
        )

    def streak_claim(self, r: RankMention) -> None:
        f = self.frame(r.start, r.end)
        self.add(
            f,
            "count",
            r.start,
            r.end,
            r.value,
            period=self.rank_period(r, f),
            unit=r.streak_unit,
            measure="streak",
            extra={"streak": True},
        )

    def series_claim(self, r: RankMention) -> None:
        """ "his ninth Budget", "Mr Brown's eighth": the owner is the subject, what
        is counted (said, or else the clause's subject: "Next month's Budget will be
        Mr Brown's eighth") names the series."""
        f = self.frame(r.start, r.end)
        owner = r.more.get("owner") or ""
        start = self.text.rfind(owner, max(0, r.start - len(owner) - 2), r.start)
        subject = _owner_words(owner)
        if owner.lower() in ("his", "her", "its", "their") and start >= 0:
            token = token_at(self.doc, start, start + len(owner))
            subject = (
                self.resolver.resolve_generic(token) if token is not None else None
            )
        # an elided noun is the clause's subject: "the Budget will be his eighth"
        said = f.measure or (f.subject if f.subject and " " not in f.subject else None)
        noun = r.more.get("series") or (said.split()[-1].lower() if said else None)
        if not noun:
            return
        self.add(
            replace(f, subject=subject, subject_from="clause"),
            "rank",
            r.start,
            r.end,
            r.value,
            period=self.rank_period(r, f),
            ranking="series:" + singular(noun),
            measure=noun,
            extra={"series": True},
        )

    def age_owner(self, q: QuantityMention) -> str | None:
        """Whose age "N-year-old X" gives: X, or the name X stands beside ("Monica
        Meadows, a 22-year-old model"); "his 6-year-old son" is the son's, not the
        age of the name the sentence is about. None when no noun follows ("Senard,
        65,": the frame's subject is the name)."""
        for tok in tokens_after(self.doc, q.end, AGE_NOUN_WINDOW):
            if tok.lower_ in AGE_WORDS or tok.pos_ in ("ADJ", "PUNCT"):
                continue
            if tok.pos_ == "PROPN":
                return proper_core(tok) or tok.text
            if tok.pos_ != "NOUN":
                return None
            if tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
                return proper_core(tok.head) or tok.head.text
            return tok.lemma_.lower()
        return None

    def restatement(self, f: Frame, q: QuantityMention) -> Frame:
        """A figure restating the one just before it in another unit ("from $794
        million, or 61 cents a share") is a previous value when that one is."""
        last = self.last_figure
        if (
            last is not None
            and "previous" in last.qualifiers
            and "previous" not in f.qualifiers
            and last.end <= q.start
            and RESTATEMENT_GAP.fullmatch(self.text[last.end : q.start])
        ):
            return replace(f, qualifiers=(*f.qualifiers, "previous"))
        return f

    def quantity_claim(self, q: QuantityMention) -> None:
        f = self.restatement(self.frame(q.start, q.end), q)
        token = token_at(self.doc, q.num_start, q.num_end)
        kind, measure, unit = q.type, f.measure, q.unit
        share_of = counted = None
        if f.token is not None and (complement := value_complement(f.token)):
            measure = complement  # "38.6 percent of the ballots"
            share_of = complement if kind == "percent" else None
        if q.unit_word and kind == "number":
            # "a magnitude-6.8 earthquake": the word names the measure, and the noun the
            # phrase modifies is whose it is
            measure = q.unit_word
            if (modified := modified_noun(self.doc, q.end)) is not None:
                f = replace(f, subject=modified, subject_from="clause")
        elif token is not None and kind in ("number", "quantity"):
            kind, measure, unit, counted = self.counted_or_rate(
                q, token, kind, measure, unit
            )
            if kind == "count" and (owner := counted_owner(self.doc, token)):
                # "the resolve of NATO's 19 members": NATO's members, whatever the
                # clause is about
                f = replace(f, subject=owner, subject_from="clause")
            if kind in ("number", "count") and measure is None:
                compared = "previous" in f.qualifiers
                carried = self.carried_over(q, token, f.sentence, compared)
                if carried is not None:
                    kind, measure, counted = carried
        if kind == "money" and measure is None and f.token is not None:
            measure = cost_of_verb(f.token)  # "sold for $9.4bn": what it cost
        if (unit or "").endswith(" of age"):
            # whose age: "a 22-year-old model", "Senard, 65,"; not "model"
            measure = "age"
            if (owner := self.age_owner(q)) is not None:
                f = replace(f, subject=owner, subject_from="clause")
        sent_text = self.text[f.sentence[0] : f.sentence[1]]
        period = self.periods.period_for(q.start, f.sentence) or quarter_period(
            sent_text, self.base, self.periods.nominal
        )
        self.add(
            f,
            kind,
            q.start,
            q.end,
            q.value,
            low=q.low,
            high=q.high,
            unit=unit,
            change=q.change,
            period=period,
            measure=measure,
            extra={
                "is_word": q.is_word,
                "bound": q.bound,
                "basis": change_basis(sent_text) if kind == "percent" else None,
                "share_of": share_of,
                "counted": counted if kind == "count" else None,
                "said_by": self.source(q.start, f.token),
            },
        )
        self.last_figure = self.drafts[-1]

    def source(self, start: int, token: Token | None) -> str | None:
        """Who the figure is attributed to: the subject of its reporting verb, else
        the source an earlier sentence of its paragraph named (news copy attributes
        once and goes on: "..., the bank said. Overall, lending rose by £7.2bn")."""
        said = self.resolver.source_of(token) if token is not None else None
        paragraph = self.text.rfind("\n", 0, start)
        if said:
            self.last_source = (paragraph, said)
            return said
        last = self.last_source
        return last[1] if last and last[0] == paragraph else None

    def carried_over(
        self,
        q: QuantityMention,
        token: Token,
        sent: tuple[int, int],
        compared: bool = False,
    ) -> tuple[str, str, str | None] | None:
        """A bare number counts what an earlier count of its sentence counts when the
        noun is left out: in a parallel clause ("Finland has 14 of the 40 stations,
        while Norway has 11" -> 11 stations) or as the point of comparison
        (``compared``: "2.1 million passengers, compared with 1.8 million"): the
        kind, the measure and the counted noun the earlier count has."""
        verb = governing_verb(token)
        for draft in reversed(self.drafts):
            if draft.sentence != sent or draft.start >= q.start:
                continue
            if draft.type != "count" or not draft.measure or draft.token is None:
                continue
            counted = draft.extra.get("counted")
            if compared:
                return "count", draft.measure, counted  # the nearest earlier count
            other = governing_verb(draft.token)
            if verb is not None and other is not None and parallel_clauses(other, verb):
                return "count", draft.measure, counted
        return None

    def counted_or_rate(
        self, q: QuantityMention, token: Token, kind: str, measure, unit
    ) -> tuple[str, str | None, str | None, str | None]:
        """A bare number that counts a noun is a count of it; one followed by "per
        ..." is a rate quantity. Returns the kind, measure and unit, and the noun the
        number counts: the measure when it is that noun, None when the measure is
        only what the number is a value of ("a net worth of 1.3 billion", "the death
        toll rose to 52")."""
        counted = q.more.get("counted")  # the component read it with the parse
        noun = counted_noun(self.doc, token) or plural_noun_after(self.doc, q.end)
        if counted and kind == "number":
            kind, measure = "count", counted
        elif noun is not None and kind == "number":
            kind, measure = "count", count_measure(noun)
            counted = measure
        elif kind == "number" and reads_as_count(q, measure):
            kind = "count"  # "the death toll rose to 52", "traffic hit 31.8 million"
        elif kind == "number" and stands_for_people(token, q):
            kind = "count"  # "910 were injured": the number is the clause's subject
        if (rate := rate_unit(self.text, q.end)) is not None:
            kind, unit = "quantity", rate
        return kind, measure, unit, counted


def respective_owners(doc: Doc, drafts: list[ClaimDraft]) -> None:
    """ "Jackson and Jodka were sentenced to 21 months and 18 months, respectively":
    the n figures of a "respectively" clause belong, in order, to the n names the
    clause's subject coordinates. ``drafts`` are changed in place."""
    if "respectively" not in text_of(doc).lower():
        return  # the common case: no token to walk
    for word in doc:
        if word.lower_ != "respectively":
            continue
        names = _coordinated_names(governing_verb(word))
        if len(names) < 2:
            continue
        sent = (word.sent.start_char, word.sent.end_char)
        figures = [
            c
            for c in drafts
            if c.type in ("money", "count", "number", "quantity", "percent")
            and sent[0] <= c.start < word.idx
            and c.token is not None
            and c.token.i > names[-1][1]
        ]
        if len(figures) == len(names):
            for c, (name, _) in zip(figures, names, strict=True):
                c.subject = name
                c.extra["subject_from"] = "clause"


def _coordinated_names(verb: Token | None) -> list[tuple[str, int]]:
    """The names a verb's subject coordinates ("Tyler Jackson and John Jodka"; also
    in apposition: "two marines, Jackson and Jodka, were"), with each name's token
    index; a conjoined verb shares the first verb's subject."""
    while verb is not None and not any(
        c.dep_ in NOMINAL_SUBJECT_DEPS for c in verb.children
    ):
        verb = verb.head if verb.dep_ == "conj" and verb.head.i != verb.i else None
    if verb is None:
        return []
    subject = next(c for c in verb.children if c.dep_ in NOMINAL_SUBJECT_DEPS)
    first = next((c for c in subject.children if c.dep_ == "appos"), subject)
    chain = [first]
    while (
        nxt := next((c for c in chain[-1].children if c.dep_ == "conj"), None)
    ) is not None:
        chain.append(nxt)
    names = [(proper_core(t), t.i) for t in chain]
    return [(n, i) for n, i in names if n] if all(n for n, _ in names) else []


def counted_owner(doc: Doc, token: Token) -> str | None:
    """The name that owns the counted noun ("NATO's 19 members", "Acme's 300
    staff"), when a possessor names one."""
    noun = counted_noun(doc, token)
    if noun is None:
        return None
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is None or not is_name(poss):
        return None
    return proper_core(poss) or poss.text


def stands_for_people(token: Token, q: QuantityMention) -> bool:
    """A whole number that is itself the subject of its clause counts the things it
    stands for ("more than 300 were killed", "three of them survived")."""
    head = token
    while head.dep_ in ("compound", "quantmod", "nummod") and head.head.i != head.i:
        if head.head.pos_ != "NUM":
            break
        head = head.head
    value = mention_point(q)
    return (
        head.dep_ in NOMINAL_SUBJECT_DEPS
        and value is not None
        and float(value).is_integer()
    )


def parallel_clauses(first: Token, second: Token) -> bool:
    """Whether ``second``'s clause repeats ``first``'s: conjoined or subordinate to it
    ("..., while Norway has 11") with the same verb, or the same verb conjoined."""
    if first.i == second.i:
        return False
    joined = second.head.i == first.i and second.dep_ in ("conj", "advcl")
    return joined and second.lemma_ == first.lemma_


def _owner_words(owner: str) -> str:
    """ "Mr Brown's" -> "Mr Brown"."""
    return owner[:-2] if owner[-2:] in ("'s", "’s") else owner


RANK_MAKERS = {
    "rank": DocClaims.rank_claim,
    "list": DocClaims.list_claim,
    "count_in_list": DocClaims.count_in_list_claim,
    "streak": DocClaims.streak_claim,
    "series": DocClaims.series_claim,
}


def build_claims(doc: Doc) -> list[dict]:
    """Claim dicts (``Claim.to_dict`` form) for every mention in the Doc."""
    return DocClaims(doc).build()
