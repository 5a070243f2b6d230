"""Shared fixtures: the pipeline loads once per test session."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", module="quantulum3")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "gold"


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def seeds_result(nlp):
    from pipeline.corpus import load_corpus
    from pipeline.run import process

    return process(load_corpus([SEEDS]))


def run_texts(articles: list[tuple[str, str]]):
    """Run the whole pipeline on in-memory articles [(id, text)]."""
    from pipeline.corpus import Corpus, make_article
    from pipeline.run import process

    corpus = Corpus(articles=[make_article(i, f"{i}.txt", t) for i, t in articles])
    return process(corpus)
