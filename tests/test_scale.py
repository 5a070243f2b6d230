"""Batch runs at scale: worker processes, a Dask cluster and the claim cache give the
same findings as a plain single-process run."""

from __future__ import annotations

import shutil

import pytest

from pipeline.corpus import load_corpus
from pipeline.run import RunOptions, process
from tests.conftest import GOLD, SEEDS


def _corpus():
    return load_corpus([SEEDS, GOLD / "dev"])


def _signature(result):
    return sorted(
        (f.id, f.rule, tuple((e.article, e.start, e.end) for e in f.evidence))
        for f in result.findings
    )


@pytest.fixture(scope="module")
def single(nlp):
    return process(_corpus(), options=RunOptions(workers=1))


def test_two_worker_processes_give_the_same_findings_and_claims(single):
    parallel = process(_corpus(), options=RunOptions(workers=2, batch_size=4))
    assert _signature(parallel) == _signature(single)
    assert [c.to_dict() for c in parallel.claims] == [
        c.to_dict() for c in single.claims
    ]


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_findings(single):
    from pipeline.distributed import connect

    client, cluster = connect("local", workers=2)
    try:
        info = client.scheduler_info()
        assert len(info["workers"]) == 2
        assert all(addr.startswith("tcp://127.0.0.1") for addr in info["workers"])
    finally:
        client.close()
        cluster.close()
    on_dask = process(_corpus(), options=RunOptions(dask="local", batch_size=4))
    assert _signature(on_dask) == _signature(single)
    assert len(on_dask.claims) == len(single.claims)


def test_cache_reextracts_only_changed_articles(tmp_path, nlp):
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus_dir)
    options = RunOptions(cache_path=tmp_path / "cache.sqlite3")
    first = process(load_corpus([corpus_dir]), options=options)
    target = sorted(corpus_dir.iterdir())[1]
    target.write_text(
        target.read_text("utf-8") + "\nA new closing paragraph.\n", encoding="utf-8"
    )

    from pipeline.cache import ClaimCache, pipeline_fingerprint

    cache = ClaimCache(tmp_path / "cache.sqlite3", pipeline_fingerprint(None))
    for article in load_corpus([corpus_dir]).articles:
        cache.get(article)
    cache.close()
    assert (cache.hits, cache.misses) == (4, 1)
    second = process(load_corpus([corpus_dir]), options=options)
    assert _signature(second) == _signature(first)


def test_cache_never_serves_claims_of_another_pipeline(tmp_path, nlp):
    from pipeline.cache import ClaimCache, pipeline_fingerprint

    articles = load_corpus([SEEDS]).articles
    path = tmp_path / "cache.sqlite3"
    process(load_corpus([SEEDS]), options=RunOptions(cache_path=path))
    same = ClaimCache(path, pipeline_fingerprint(None))
    other = ClaimCache(path, pipeline_fingerprint(None) + "-changed-model-or-code")
    assert all(same.get(a) is not None for a in articles)
    assert all(other.get(a) is None for a in articles)
    same.close()
    other.close()


def test_worker_pools_in_turn_give_the_same_findings_and_keep_the_vocabulary(
    single, nlp, monkeypatch
):
    """Workers are forked anew every POOL_ARTICLES articles (their vocabularies go
    with them) and the parent rebuilds their Docs inside a memory zone."""
    import pipeline.extract as extract

    monkeypatch.setattr(extract, "POOL_ARTICLES", 5)
    strings = len(nlp.vocab.strings)
    pooled = process(_corpus(), options=RunOptions(workers=2, batch_size=2))
    assert _signature(pooled) == _signature(single)
    assert [c.to_dict() for c in pooled.claims] == [c.to_dict() for c in single.claims]
    assert len(nlp.vocab.strings) == strings
