"""A batch run: load, extract (the map: in-process, worker processes or a Dask
cluster; cached by content), group into stories, check (the reduce), report."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.checks import Batch, run_checks
from pipeline.claims import Claim
from pipeline.corpus import Article, Corpus, LoadError, load_corpus
from pipeline.dating import story_dateline, story_dates
from pipeline.errors import Errors, one_line
from pipeline.extract import (
    ArticleFacts,
    Plan,
    article_info,
    extract,
    extract_one,
    plan_for,
    reextract,
    text_facts,
)
from pipeline.findings import Finding
from pipeline.nlp.pipeline import build_nlp
from pipeline.spool import FactSpool
from pipeline.stories import combine_stories, given_stories, group_stories

log = logging.getLogger(__name__)


@dataclass
class RunOptions:
    model: str | None = None
    workers: int = 1
    batch_size: int = 16
    cache_path: Path | None = None  # None: no cache
    dask: str | None = None  # scheduler address, or "local" for a LocalCluster
    progress: bool = False
    checks: tuple[str, ...] | None = None  # check names or kinds; None: all
    stories: str = "auto"  # or "folders" (see stories.given_stories)
    # An ISO date given for the whole batch (run --date): what the checks take an
    # article's date to be when it carries none (conversions at that day's rates).
    date: str | None = None

    @property
    def plan(self) -> Plan:
        return plan_for(self.checks)


@dataclass
class RunResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    stories: dict[str, str] = field(default_factory=dict)
    given_stories: set[str] = field(default_factory=set)  # story ids the input gave
    seconds: float = 0.0
    extract_seconds: float = 0.0
    check_seconds: float = 0.0
    words: int = 0
    cached: int = 0  # articles whose facts came from the claim cache

    @property
    def texts(self) -> dict[str, str]:
        return {a.id: a.text for a in self.articles}


def make_batch(
    facts: Iterable[ArticleFacts],
    stories: dict[str, str],
    batch_date: str | None = None,
    given: set[str] | frozenset[str] = frozenset(),
) -> Batch:
    """The checks' view of the articles; ``given`` are the ids of the stories the
    input gave."""
    batch = Batch()
    for f in facts:
        a = f.article
        story = stories.get(a.id, a.id)
        batch.articles[a.id] = article_info(
            a, story, batch_date=batch_date, story_given=story in given
        )
    return batch


def redate_from_story(
    facts: list[ArticleFacts],
    stories: dict[str, str],
    options: RunOptions,
    spool: FactSpool | None = None,
) -> list[ArticleFacts]:
    """Articles of one story are published within days of each other. An article whose
    dateline year was only guessed from the years its body mentions (a history aside,
    "the 2007 quake", misleads that guess), or not known at all, takes the year that
    puts its dateline nearest the story's other articles, and is extracted again.

    With a ``spool``, facts come without claims or parse: a re-dated article's are
    taken back from it (and its new claims stay in memory)."""
    medians = story_dates(((f.article.id, f.article.published) for f in facts), stories)
    redo: dict[int, Article] = {}
    for i, f in enumerate(facts):
        a = f.article
        median = medians.get(stories.get(a.id, a.id))
        dateline = story_dateline(a, median) if median is not None else None
        if dateline is not None:
            redo[i] = replace(a, dateline=dateline)
    facts = list(facts)
    if redo:
        nlp = build_nlp(options.model)
    for i, article in redo.items():
        if spool is not None and i in spool:
            facts[i] = spool.restore(i, facts[i])
        try:
            with nlp.memory_zone():  # the vocabulary does not keep its words
                facts[i] = reextract(nlp, facts[i], article, options.plan)
        except Exception:  # the first reading stands rather than lose the article
            log.debug("re-dating failed for %s", article.path, exc_info=True)
    for f in facts:
        f.parse = None  # kept for re-dating only
    return facts


def _extract_uncached(
    articles: list[Article], options: RunOptions
) -> Iterator[ArticleFacts]:
    if not articles:
        return
    plan = options.plan
    if not plan.nlp:  # no check reads claims: the model is not even loaded
        yield from (text_facts(a, plan) for a in articles)
        return
    if options.dask:
        from pipeline.distributed import extract_on_dask

        yield from extract_on_dask(
            articles, options.dask, options.model, options.batch_size, plan=plan
        )
        return
    nlp = build_nlp(options.model)
    if options.workers <= 1:
        # Batches through nlp.pipe are faster than one call per article; if spaCy
        # itself raises inside a batch, the rest goes one by one so that the failure
        # costs one article, not the run.
        done = 0
        try:
            for facts in extract(
                nlp, articles, batch_size=options.batch_size, n_process=1, plan=plan
            ):
                done += 1
                yield facts
            return
        except Exception:
            log.debug(
                "batch extraction failed after %d articles; going one by one",
                done,
                exc_info=True,
            )
        for article in articles[done:]:
            try:
                facts = extract_one(nlp, article, plan)
            except Exception as err:  # one article must not stop the run
                log.debug("extraction failed for %s", article.path, exc_info=True)
                reason = f"spaCy pipeline: {type(err).__name__}: {err}"[:200]
                reason += "; the article gives no claims"
                facts = ArticleFacts(article=article, failures=[reason])
            yield facts
        return
    yield from extract(
        nlp,
        articles,
        batch_size=options.batch_size,
        n_process=options.workers,
        plan=plan,
    )


def extract_all(
    articles: list[Article],
    options: RunOptions,
    progress=None,
    result: RunResult | None = None,
) -> Iterator[ArticleFacts]:
    """Facts for every article: from the cache when the article and the pipeline are
    unchanged, else from the pipeline (each article's facts are then cached, and
    committed, as they come: a run killed half way keeps what it extracted).

    A fault in the cache never stops the run (see ``cache.py``): it costs a warning
    line and the cache's help. ``result.cached`` counts the articles it served."""
    cache = None
    if options.cache_path is not None:
        from pipeline.cache import ClaimCache, pipeline_fingerprint

        cache = ClaimCache(
            options.cache_path,
            pipeline_fingerprint(options.model, options.plan),
        )
    try:
        todo = []
        for article in articles:
            hit = cache.get(article) if cache else None
            if hit is not None:
                if result is not None:
                    result.cached += 1
                if progress:
                    progress.advance(len(article.text.split()))
                yield hit
            else:
                todo.append(article)
        for facts in _extract_uncached(todo, options):
            if cache:
                cache.put(facts)
            if progress:
                progress.advance(len(facts.article.text.split()))
            yield facts
    finally:
        if cache:
            cache.close()


def process(
    corpus: Corpus, model: str | None = None, options: RunOptions | None = None
) -> RunResult:
    """Extract and check a loaded corpus. Per-article failures become errors."""
    options = options or RunOptions(model=model)
    if model is not None:
        options.model = model
    started = time.perf_counter()
    result = RunResult(errors=list(corpus.errors))
    if not corpus.articles:
        result.seconds = time.perf_counter() - started
        return result
    progress = None
    if options.progress:
        from pipeline.progress import Progress

        progress = Progress(len(corpus.articles))
    facts: list[ArticleFacts] = []
    with FactSpool() as spool:
        try:
            for f in extract_all(corpus.articles, options, progress, result):
                for failure in f.failures:
                    result.errors.append(
                        LoadError(
                            f.article.path,
                            Errors.E013.format(path=f.article.path, reason=failure),
                        )
                    )
                # claims wait on disk while stories are grouped (see spool.py)
                facts.append(spool.put(len(facts), f))
        finally:
            if progress:
                progress.close()
        _reduce(result, facts, spool, options, started)
    return result


def _reduce(
    result: RunResult,
    facts: list[ArticleFacts],
    spool: FactSpool,
    options: RunOptions,
    started: float,
) -> None:
    """Group stories, re-date, bring the claims back from the spool, check."""
    result.extract_seconds = time.perf_counter() - started
    result.articles = [f.article for f in facts]
    result.words = sum(len(a.text.split()) for a in result.articles)
    plan = options.plan
    if plan.stories:
        given = given_stories(result.articles, options.stories)
        auto = group_stories(
            {f.article.id: f.entities for f in facts if f.article.id not in given},
            dates={
                f.article.id: dt.date.fromisoformat(f.article.published)
                for f in facts
                if f.article.published and f.article.id not in given
            },
        )
        result.stories, result.given_stories = combine_stories(auto, given)
        for f in facts:
            f.entities = Counter()  # the grouping's data, freed before claims return
        facts = redate_from_story(facts, result.stories, options, spool)
    else:  # no check compares articles: each is its own story
        result.stories = {f.article.id: f.article.id for f in facts}
    result.articles = [f.article for f in facts]
    batch = make_batch(facts, result.stories, options.date, result.given_stories)
    result.claims = [
        c
        for i, f in enumerate(facts)
        for c in (spool.claims(i) if i in spool else f.claims)
    ]
    found = [finding for f in facts for finding in f.findings]
    del facts
    checked = time.perf_counter()
    result.findings = run_checks(result.claims, batch, enabled=plan.checks, found=found)
    result.check_seconds = time.perf_counter() - checked
    result.seconds = time.perf_counter() - started


def run_paths(
    paths: list[str],
    model: str | None = None,
    max_bytes: int | None = None,
    options: RunOptions | None = None,
    max_chars: int | None = None,
) -> RunResult:
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    if max_chars:
        kwargs["max_chars"] = max_chars
    corpus = load_corpus(paths, **kwargs)
    for err in corpus.errors:
        print(f"error: {one_line(err.reason)}", file=sys.stderr)
    result = process(corpus, model, options)
    for err in result.errors[len(corpus.errors) :]:  # found while extracting
        print(f"error: {one_line(err.reason)}", file=sys.stderr)
    return result


def summary(result: RunResult) -> dict:
    return {
        "articles": len(result.articles),
        "words": result.words,
        "claims": len(result.claims),
        "findings": dict(Counter(f.kind for f in result.findings)),
        "errors": len(result.errors),
        "cached": result.cached,
        "seconds": round(result.seconds, 2),
        "extract_seconds": round(result.extract_seconds, 2),
        "check_seconds": round(result.check_seconds, 3),
    }


def ensure_dir(path: str | Path) -> Path:
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    return out
