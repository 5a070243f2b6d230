"""Claims on disk between extraction and the reduce.

A run needs every claim at once only for the checks. Before that, story grouping
needs each article's names and words, and re-dating a few articles' kept parses. The
spool takes each article's claims and parse as extraction yields them (a pickle per
article appended to an unnamed temporary file), so the run holds either the grouping's
data or the claims at its peak, not both; the claims come back once the grouping's
data is freed.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import replace

from pipeline.claims import Claim
from pipeline.extract import ArticleFacts


class FactSpool:
    def __init__(self, directory: str | None = None):
        # unnamed: the file is gone with the process, however the run ends
        self._file = tempfile.TemporaryFile(dir=directory)
        self._where: dict[int, tuple[int, int]] = {}

    def put(self, key: int, facts: ArticleFacts) -> ArticleFacts:
        """Store the article's claims and parse; return its facts without them."""
        data = pickle.dumps((facts.claims, facts.parse), pickle.HIGHEST_PROTOCOL)
        position = self._file.seek(0, os.SEEK_END)
        self._file.write(data)
        self._where[key] = (position, len(data))
        return replace(facts, claims=[], parse=None)

    def __contains__(self, key: int) -> bool:
        return key in self._where

    def _load(self, key: int) -> tuple[list[Claim], bytes | None]:
        position, size = self._where[key]
        self._file.seek(position)
        return pickle.loads(self._file.read(size))

    def restore(self, key: int, facts: ArticleFacts) -> ArticleFacts:
        """The facts with their claims and parse back; the spool forgets them."""
        claims, parse = self._load(key)
        del self._where[key]
        return replace(facts, claims=claims, parse=parse)

    def claims(self, key: int) -> list[Claim]:
        return self._load(key)[0]

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> FactSpool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
