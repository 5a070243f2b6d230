"""A batch run: load, extract, group into stories, check, and report."""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.checks import ArticleInfo, Batch, run_checks
from pipeline.claims import Claim
from pipeline.corpus import Article, Corpus, LoadError, load_corpus
from pipeline.errors import Errors
from pipeline.extract import ArticleFacts, extract_one, nominal_base
from pipeline.findings import Finding
from pipeline.nlp.pipeline import build_nlp
from pipeline.stories import group_stories

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    stories: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def texts(self) -> dict[str, str]:
        return {a.id: a.text for a in self.articles}


def make_batch(facts: list[ArticleFacts], stories: dict[str, str]) -> Batch:
    batch = Batch()
    for f in facts:
        a = f.article
        d = a.dateline
        nominal = nominal_base(a)
        batch.articles[a.id] = ArticleInfo(
            id=a.id,
            text=a.text,
            published=a.published,
            dateline_date=(d.date if d and d.date else (nominal.isoformat() if nominal else None)),
            dateline_span=(d.date_start, d.date_end) if d and d.date_start is not None else None,
            dateline_year_source=(d.year_source if d and d.date else ("none" if nominal else None)),
            story=stories.get(a.id, a.id),
        )
    return batch


def process(corpus: Corpus, model: str | None = None, progress=None) -> RunResult:
    """Extract and check a loaded corpus. Per-article failures become errors."""
    started = time.perf_counter()
    result = RunResult(errors=list(corpus.errors))
    if not corpus.articles:
        result.seconds = time.perf_counter() - started
        return result
    nlp = build_nlp(model)
    facts: list[ArticleFacts] = []
    for article in corpus.articles:
        try:
            facts.append(extract_one(nlp, article))
        except Exception as err:  # one bad article must not stop the batch
            log.exception("extraction failed for %s", article.path)
            result.errors.append(LoadError(article.path, Errors.E013.format(path=article.path, reason=f"{type(err).__name__}: {err}")))
            continue
        if progress is not None:
            progress(article)
    result.articles = [f.article for f in facts]
    entities = {f.article.id: f.entities for f in facts}
    result.stories = group_stories(entities)
    batch = make_batch(facts, result.stories)
    result.claims = [c for f in facts for c in f.claims]
    result.findings = run_checks(result.claims, batch)
    result.seconds = time.perf_counter() - started
    return result


def run_paths(paths: list[str], model: str | None = None, max_bytes: int | None = None) -> RunResult:
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    corpus = load_corpus(paths, **kwargs)
    for err in corpus.errors:
        print(f"error: {err.reason}", file=sys.stderr)
    return process(corpus, model)


def summary(result: RunResult) -> dict:
    return {
        "articles": len(result.articles),
        "claims": len(result.claims),
        "findings": dict(Counter(f.kind for f in result.findings)),
        "errors": len(result.errors),
        "seconds": round(result.seconds, 2),
    }


def ensure_dir(path: str | Path) -> Path:
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    return out
