"""Extraction: the map over articles. Articles in, claim frames out."""

from __future__ import annotations

import contextlib
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.checks import (
    KIND_OF,
    PER_ARTICLE,
    TYPES_READ,
    ArticleInfo,
    check_article,
    select_checks,
)
from pipeline.claims import Claim
from pipeline.corpus import Article
from pipeline.dating import (
    base_of,
    is_date_claim,
    may_redate,
    unstated_periods,
    yearless_claim,
)
from pipeline.findings import Finding
from pipeline.keys import canonical_phrase
from pipeline.lexicon.frames import ENTITY_LABELS
from pipeline.lifetime import workers_die_with_parent
from pipeline.nlp._extensions import text_of

# the names that tie articles into stories: every entity type a subject can be, and laws
STORY_ENTITY_LABELS = ENTITY_LABELS | {"LAW"}


@dataclass(frozen=True)
class Plan:
    """What extraction must produce for the checks a run makes.

    A run of all checks needs everything. A run of some kinds disables the
    components whose output none of its checks reads (crosscheck's own; the spaCy
    model's are all read by the claim builder), skips the names and words of story
    grouping when no check compares articles, and skips spaCy altogether when no
    check reads claims (placeholders only).
    """

    checks: tuple[str, ...]
    disable: tuple[str, ...] = ()  # pipeline components not run
    nlp: bool = True  # False: no claims are needed
    stories: bool = True  # articles are grouped into stories

    @property
    def per_article(self) -> tuple[str, ...]:
        return tuple(c for c in self.checks if c in PER_ARTICLE)

    @property
    def reduce(self) -> tuple[str, ...]:
        return tuple(c for c in self.checks if c not in PER_ARTICLE)

    @property
    def key(self) -> str:
        """For the claim cache: facts made under different plans differ."""
        return ",".join(self.checks) + "|" + ",".join(self.disable)


# crosscheck's components (config.cfg) whose output each claim type's claims read.
# Date claims read the dates and the parse only (the claim builder makes them first,
# from cc_dates alone). Every other type needs all three: cc_dates keeps years and
# dates from being read as numbers, cc_ranks keeps ordinals and "top 100" from being
# counts, and the periods of rank and quantity claims are chosen among the dates of
# their sentence with every value span (ranks and quantities) in view.
_COMPONENTS_FOR = {
    "date": ("cc_dates",),
    "rank": ("cc_dates", "cc_ranks", "cc_quantities"),
    "count_in_list": ("cc_dates", "cc_ranks", "cc_quantities"),
    "count": ("cc_dates", "cc_ranks", "cc_quantities"),
    "number": ("cc_dates", "cc_ranks", "cc_quantities"),
    "money": ("cc_dates", "cc_ranks", "cc_quantities"),
    "percent": ("cc_dates", "cc_ranks", "cc_quantities"),
    "quantity": ("cc_dates", "cc_ranks", "cc_quantities"),
}
OPTIONAL_COMPONENTS = ("cc_dates", "cc_ranks", "cc_quantities")


def plan_for(checks: Iterable[str] | None = None) -> Plan:
    """The plan for these checks (names or kinds; all for None)."""
    names = select_checks(checks)
    if checks is None:
        return Plan(names)
    types = {t for n in names for t in TYPES_READ[KIND_OF[n]]}
    needed = {c for t in types for c in _COMPONENTS_FOR[t]}
    return Plan(
        names,
        disable=tuple(c for c in OPTIONAL_COMPONENTS if c not in needed),
        nlp=bool(types),
        stories=any(n not in PER_ARTICLE for n in names),
    )


@dataclass
class ArticleFacts:
    """What extraction learns about one article: its claims and its entities."""

    article: Article
    claims: list[Claim] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)  # components that failed on it
    # findings of the per-article checks (checks.PER_ARTICLE), made here in the map
    findings: list[Finding] = field(default_factory=list)
    # The parse (tokens, tags, dependencies, entities), kept only for an article whose
    # dateline year may be re-read from its story (see ``may_redate``): re-dating it
    # then re-runs crosscheck's own components, not the spaCy model.
    parse: bytes | None = None


def non_english_regions(text: str) -> list[tuple[int, int]]:
    """Lines written mostly in a non-Latin script hold no claims we can read."""
    regions = []
    pos = 0
    for line in text.splitlines(keepends=True):
        letters = [c for c in line if c.isalpha()]
        if letters:
            latin = sum(1 for c in letters if c.isascii())
            if latin / len(letters) < 0.5:
                regions.append((pos, pos + len(line)))
        pos += len(line)
    return regions


def article_info(
    article: Article,
    story: str | None = None,
    batch_date: str | None = None,
    story_given: bool = False,
) -> ArticleInfo:
    """What the checks know of an article besides its claims (``batch_date``: a
    date given for the whole batch; ``story_given``: its story came from the input)."""
    d = article.dateline
    base = base_of(article)
    stand_in = base if base is not None and not base.year_known else None
    return ArticleInfo(
        id=article.id,
        text=article.text,
        published=article.published,
        dateline_date=(
            d.date if d and d.date else (stand_in.iso if stand_in else None)
        ),
        dateline_span=(d.date_start, d.date_end)
        if d and d.date_start is not None
        else None,
        dateline_year_source=(
            d.year_source if d and d.date else ("none" if stand_in else None)
        ),
        story=story if story is not None else article.id,
        batch_date=batch_date,
        story_given=story_given,
    )


def prepare_doc(nlp: Language, article: Article) -> Doc:
    return set_context(nlp.make_doc(article.text), article)


def set_context(doc: Doc, article: Article) -> Doc:
    """What crosscheck's components read about the article besides its text."""
    doc._.cc_article_id = article.id
    base = base_of(article)
    doc._.cc_base_nominal = base is not None and not base.year_known
    doc._.cc_base_date = base.iso if base else None
    doc._.cc_body_start = article.header_end
    if article.dateline:
        d = article.dateline
        doc._.cc_dateline = {
            "start": d.start,
            "end": d.end,
            "date": d.date,
            "date_start": d.date_start,
            "date_end": d.date_end,
        }
    skip = [(0, article.header_end)] if article.header_end else []
    skip += non_english_regions(article.text)
    doc._.cc_skip = skip
    return doc


def _in_credit(text: str, pos: int) -> bool:
    """Agency names in datelines and photo credits tie unrelated stories together."""
    line_start = text.rfind("\n", 0, pos) + 1
    head = text[line_start:pos]
    return bool(re.search(r"[(/]\s*[^()]*$", head)) or (
        len(head) < 40 and "--" in text[pos : pos + 60]
    )


def facts_from_doc(
    doc: Doc, article: Article, keep_parse: bool = False, plan: Plan | None = None
) -> ArticleFacts:
    claims = []
    dateline = article.dateline
    nominal = bool(doc._.cc_base_nominal)
    found = doc._.cc_claims or []
    if nominal:
        found = unstated_periods(found, doc._.cc_dates or [])
    for data in found:
        if not is_date_claim(data):
            continue  # the period of a figure, carried by the figure's claim
        if (
            dateline
            and data["role"] == "dateline"
            and data["type"] == "date"
            and dateline.date
        ):
            data = dict(data, value=dateline.date, granularity="day")
        if nominal and data["type"] == "date":
            data = yearless_claim(data)
        claims.append(Claim.from_dict(data))
    entities: Counter = Counter()
    for ent in doc.ents if plan is None or plan.stories else ():
        if ent.label_ in STORY_ENTITY_LABELS and not any(
            a <= ent.start_char < b for a, b in (doc._.cc_skip or [])
        ):
            key = canonical_phrase(re.sub(r"\s*\([^)]*\)", "", ent.text)).strip("- ")
            if (
                key
                and not re.fullmatch(r"[\d\s-]+", key)
                and not _in_credit(text_of(doc), ent.start_char)
            ):
                entities[f"{ent.label_}:{key}"] += 1
    # the story's vocabulary, for grouping articles into stories
    skip = doc._.cc_skip or []
    for tok in doc if plan is None or plan.stories else ():
        if (
            tok.pos_ in ("NOUN", "VERB")
            and tok.is_alpha
            and not tok.is_stop
            and len(tok.text) > 2
        ):
            if not any(a <= tok.idx < b for a, b in skip):
                entities[f"TERM:{tok.lemma_.lower()}"] += 1
    return ArticleFacts(
        article=article,
        claims=claims,
        entities=entities,
        failures=list(doc._.cc_failures or []),
        findings=check_article(
            claims, article_info(article), plan.per_article if plan else None
        ),
        parse=(
            zlib.compress(doc.to_bytes(exclude=["user_data", "tensor"]), 1)
            if keep_parse and may_redate(article) and (plan is None or plan.stories)
            else None
        ),
    )


ZONE_ARTICLES = 256
POOL_ARTICLES = 2048


def text_facts(article: Article, plan: Plan) -> ArticleFacts:
    """Facts of a run whose checks read no claims (placeholders): no spaCy at all."""
    return ArticleFacts(
        article=article,
        findings=check_article([], article_info(article), plan.per_article),
    )


def extract(
    nlp: Language,
    articles: Iterable[Article],
    batch_size: int = 16,
    n_process: int = 1,
    plan: Plan | None = None,
) -> Iterator[ArticleFacts]:
    """Run the pipeline over articles, yielding their facts in input order.

    Docs go through ``nlp.pipe`` (``n_process`` worker processes when above 1) with
    their article as context, and are dropped as soon as their facts are taken, so
    memory does not grow with the corpus. ``plan`` (all checks by default) says
    which components run.
    """
    articles = list(articles)
    if plan is not None and not plan.nlp:
        for article in articles:
            yield text_facts(article, plan)
        return
    with nlp.select_pipes(disable=list(plan.disable) if plan else []):
        yield from _extract(nlp, articles, batch_size, n_process, plan)


def _extract(nlp, articles, batch_size, n_process, plan) -> Iterator[ArticleFacts]:
    # Articles go through a spaCy memory zone in chunks: the strings and lexemes their
    # words add to the shared vocabulary are evicted at its end, so a long run's
    # vocabulary does not grow with the corpus. Nothing spaCy made inside a zone is
    # used after it (facts are plain Python objects). With worker processes, a chunk
    # is POOL_ARTICLES: the workers are forked for it and end after it, so the strings
    # their own vocabularies gather go with them (the parent rebuilds each Doc with
    # its vocabulary, inside the zone).
    # The workers end with this process, even when it is killed (see lifetime.py).
    size = POOL_ARTICLES if n_process > 1 else ZONE_ARTICLES
    for start in range(0, len(articles), size):
        chunk = articles[start : start + size]
        pool = workers_die_with_parent() if n_process > 1 else contextlib.nullcontext()
        with nlp.memory_zone(), pool:
            docs = ((prepare_doc(nlp, a), i) for i, a in enumerate(chunk))
            for doc, i in nlp.pipe(
                docs, as_tuples=True, batch_size=batch_size, n_process=n_process
            ):
                yield facts_from_doc(doc, chunk[i], keep_parse=True, plan=plan)


def extract_one(
    nlp: Language, article: Article, plan: Plan | None = None
) -> ArticleFacts:
    if plan is not None and not plan.nlp:
        return text_facts(article, plan)
    with nlp.select_pipes(disable=list(plan.disable) if plan else []):
        doc = nlp(prepare_doc(nlp, article))
    return facts_from_doc(doc, article, keep_parse=True, plan=plan)


def own_components(nlp: Language) -> list[str]:
    """crosscheck's components that run after the base model's: the ones that read
    the article's base date."""
    return [name for name in _configured_components() if name in nlp.pipe_names]


@lru_cache(maxsize=1)
def _configured_components() -> tuple[str, ...]:
    """config.cfg's component list, read once (re-dating asks for it per article)."""
    from pipeline.nlp.pipeline import default_config

    return tuple(default_config()["nlp"]["components"])


def reextract(
    nlp: Language, facts: ArticleFacts, article: Article, plan: Plan | None = None
) -> ArticleFacts:
    """``article`` (a re-dated copy of ``facts.article``) extracted again: from the
    kept parse through crosscheck's own components when there is one, else whole."""
    if facts.parse is None:
        return extract_one(nlp, article, plan)
    doc = Doc(nlp.vocab).from_bytes(zlib.decompress(facts.parse))
    set_context(doc, article)
    for name in own_components(nlp):
        if plan is None or name not in plan.disable:
            doc = nlp.get_pipe(name)(doc)
    return facts_from_doc(doc, article, plan=plan)
