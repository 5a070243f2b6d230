"""Extraction on a dask.distributed cluster: the model loads once per worker through a
worker plugin; articles go out in chunks and their facts come back in order."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.corpus import Article
from pipeline.extract import ArticleFacts, Plan

try:  # dask is a dependency, but keep import errors readable
    from distributed import Client, LocalCluster, WorkerPlugin, get_worker
except ImportError as err:  # pragma: no cover
    raise ImportError("crosscheck --dask needs the 'distributed' package") from err


class PipelinePlugin(WorkerPlugin):
    """Builds the crosscheck pipeline once when a worker starts."""

    name = "crosscheck-pipeline"

    def __init__(self, model: str | None = None):
        self.model = model

    def setup(self, worker) -> None:
        from pipeline.nlp.pipeline import build_nlp

        worker.crosscheck_nlp = build_nlp(self.model)


def extract_chunk(
    articles: list[Article], plan: Plan | None = None
) -> list[ArticleFacts]:
    from pipeline.extract import extract
    from pipeline.nlp.pipeline import build_nlp

    try:
        nlp = get_worker().crosscheck_nlp
    except (AttributeError, ValueError):
        nlp = build_nlp()
    # one nlp.pipe batch per chunk, in a memory zone (see extract.extract)
    return list(extract(nlp, articles, batch_size=len(articles), plan=plan))


def connect(address: str, workers: int = 2) -> tuple[Client, LocalCluster | None]:
    if address == "local":
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # each worker process ends with this one, even when it is killed
            preload=["pipeline.lifetime"],
        )
        return Client(cluster), cluster
    return Client(address), None


def extract_on_dask(
    articles: list[Article],
    address: str,
    model: str | None = None,
    chunk: int = 16,
    workers: int = 2,
    plan: Plan | None = None,
) -> Iterator[ArticleFacts]:
    client, cluster = connect(address, workers)
    try:
        client.register_plugin(PipelinePlugin(model))
        chunks = [articles[i : i + chunk] for i in range(0, len(articles), chunk)]
        futures = client.map(extract_chunk, chunks, plan=plan, pure=False)
        for future in futures:  # in submission order, so results keep the input order
            yield from future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
