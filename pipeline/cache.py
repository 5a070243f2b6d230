"""The claim cache: an article's claims keyed by its content and by everything that
could change them (package version, model, pipeline config), so re-running over a
corpus where few articles changed re-extracts only those, and a code, model or
configuration change never serves stale claims. One SQLite file; safe to share
between processes."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections import Counter
from pathlib import Path

from pipeline import __version__
from pipeline.claims import Claim
from pipeline.corpus import Article
from pipeline.extract import ArticleFacts
from pipeline.findings import Finding


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return Path(base) / "crosscheck"


def pipeline_fingerprint(model: str | None, plan=None) -> str:
    """What the claims depend on besides the text: version, model, config, code and
    the run's plan (``extract.Plan``; all checks when None)."""
    import importlib.resources

    import spacy

    from pipeline.nlp.pipeline import default_config, model_candidates

    config = (
        importlib.resources.files("pipeline.nlp")
        .joinpath("config.cfg")
        .read_text("utf-8")
    )
    # the model's name and installed version, without loading it
    meta = ""
    for name in model_candidates(model, default_config()):
        version = (
            spacy.util.get_package_version(name)
            if spacy.util.is_package(name)
            else None
        )
        if version or model:
            meta = f"{name}-{version}"
            break
    source = hashlib.sha256()
    # the package's own code: an edit to any module (a rule, a pattern) changes the key
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        source.update(path.read_bytes())
    from pipeline.extract import plan_for

    plan_key = (plan or plan_for(None)).key
    return hashlib.sha256(
        f"{__version__}\x1f{meta}\x1f{config}\x1f{source.hexdigest()}\x1f{plan_key}".encode()
    ).hexdigest()


def article_key(article: Article, fingerprint: str) -> str:
    parts = [fingerprint, article.id, article.published or "", article.text]
    return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()


class ClaimCache:
    def __init__(self, path: str | Path, fingerprint: str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fingerprint = fingerprint
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, body TEXT NOT NULL)"
        )
        self.hits = 0
        self.misses = 0

    def get(self, article: Article) -> ArticleFacts | None:
        row = self._db.execute(
            "SELECT body FROM facts WHERE key = ?",
            (article_key(article, self.fingerprint),),
        ).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        body = json.loads(row[0])
        return ArticleFacts(
            article=article,
            claims=[Claim.from_dict(c) for c in body["claims"]],
            entities=Counter(body["entities"]),
            findings=[Finding.from_dict(f) for f in body["findings"]],
        )

    def put(self, facts: ArticleFacts) -> None:
        if facts.failures:
            return  # never cache a partial extraction
        body = json.dumps(
            {
                "claims": [c.to_dict() for c in facts.claims],
                "entities": dict(facts.entities),
                "findings": [f.to_dict() for f in facts.findings],
            }
        )
        self._db.execute(
            "INSERT OR REPLACE INTO facts (key, body) VALUES (?, ?)",
            (article_key(facts.article, self.fingerprint), body),
        )

    def commit(self) -> None:
        self._db.commit()

    def close(self) -> None:
        self._db.commit()
        self._db.close()
