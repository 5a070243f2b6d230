"""Helpers for the claim builder's resolvers: parse a text of our own and find the
token of a value in it."""

from __future__ import annotations

import pytest

from pipeline.corpus import make_article
from pipeline.extract import prepare_doc


@pytest.fixture(scope="module")
def parse(nlp):
    """parse(text) -> the Doc as the claim builder sees it (all components run)."""

    def _parse(text: str, published: str = "2024-05-14"):
        article = make_article("t", "t.txt", text, published=published)
        return nlp(prepare_doc(nlp, article))

    return _parse


def token_of(doc, words: str, occurrence: int = 0):
    """The head token of the ``occurrence``-th appearance of ``words``."""
    from pipeline.nlp.frames.parse import token_at

    text = doc.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return token_at(doc, start, start + len(words))
