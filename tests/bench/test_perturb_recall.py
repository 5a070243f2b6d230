"""Recall on injected errors at volume: the seeds and gold/dev stories, cycled to 288
articles, carry 1,200 labelled errors (crosscheck perturb); the pipeline runs over them
as one batch and recall is printed per perturbation type and for cross-article errors.

Runs only under `make bench` (--benchmark-enable --benchmark-only).
"""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.corpus import load_corpus
from pipeline.perturb import perturb_paths, recall_by_perturbation, render_recall
from pipeline.run import process

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "seeds", ROOT / "gold" / "dev"]
ARTICLES = 288  # the 24 clean articles twelve times over
ERRORS = 1200
SEED = 13


def test_recall_on_perturbed_corpus(benchmark, capsys, tmp_path, nlp):
    out = tmp_path / "perturbed"
    started = time.perf_counter()
    corpus = perturb_paths(SOURCES, out, errors=ERRORS, seed=SEED, count=ARTICLES)
    perturb_seconds = time.perf_counter() - started
    assert len(corpus.findings) >= 1000

    articles = load_corpus([out])
    result = benchmark.pedantic(process, args=(articles,), rounds=1, iterations=1)
    assert not result.errors

    stats = recall_by_perturbation(result, out)
    benchmark.extra_info.update(
        {
            "articles": len(result.articles),
            "injected": len(corpus.findings),
            "recall": stats["overall"]["recall"],
            "cross_article_recall": stats["cross_article"]["recall"],
            "by_perturbation": {
                k: v["recall"] for k, v in stats["by_perturbation"].items()
            },
        }
    )
    with capsys.disabled():
        print(
            f"\n\ncrosscheck perturb {' '.join(p.name for p in SOURCES)} "
            f"--articles {ARTICLES} --errors {ERRORS} --seed {SEED}: "
            f"{len(corpus.findings)} errors in {len(result.articles)} articles "
            f"({perturb_seconds:.1f} s to make, {result.seconds:.1f} s to check)"
        )
        print(render_recall(stats))
        tried = ", ".join(f"{k} {v}" for k, v in corpus.candidates.items())
        print(f"claims tried per type: {tried}")
    assert stats["overall"]["gold"] == len(corpus.findings)
