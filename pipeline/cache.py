"""The claim cache: an article's claims keyed by its content and by everything that
could change them (package version, model, pipeline config), so re-running over a
corpus where few articles changed re-extracts only those, and a code, model or
configuration change never serves stale claims. One SQLite file (WAL); safe to share
between processes.

The cache is an optimisation, never a reason for a run to fail: any fault in it (a
truncated or garbled file, a row that cannot be read, an old schema, a folder where
the file should be, a read-only folder, a full disk, a lock held too long) gives one
warning line naming the file and what was done (rebuilt, or the run went on without
a cache), and the run goes on. Each article's facts are committed as soon as they
are stored, so a run that is killed keeps what it extracted.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pipeline import __version__
from pipeline.claims import Claim
from pipeline.corpus import Article
from pipeline.errors import Warnings, one_line
from pipeline.extract import ArticleFacts
from pipeline.findings import Finding

#: The layout of the file: ``facts(key, body)``; files of another version are rebuilt.
SCHEMA_VERSION = 2
#: Marks the file as a crosscheck claim cache (SQLite's header field for it): "cck1".
APPLICATION_ID = 0x63636B31
#: How long a write waits for another process's write (each is one short insert, so
#: two runs sharing the cache wait milliseconds); a lock held longer than this is a
#: stuck process, and the run goes on without the cache rather than wait on it.
BUSY_SECONDS = 5.0

# SQLite's primary result codes (sqlite3.h) that say what kind of fault it is
_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB: the file is damaged
_FULL = 13  # SQLITE_FULL
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_READONLY = 8  # SQLITE_READONLY
_CANTOPEN = 14  # SQLITE_CANTOPEN

_SCHEMA = "CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, body TEXT NOT NULL)"


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
    # surrogatepass: an id or text the loader let through with a lone surrogate
    # still gets a key instead of stopping the run
    return hashlib.sha256(
        "\x1e".join(parts).encode("utf-8", "surrogatepass")
    ).hexdigest()


def _warn_stderr(message: str) -> None:
    print(f"warning: {one_line(message)}", file=sys.stderr)


class CacheFault(Exception):
    """The cache file is damaged or not a claim cache (it can be rebuilt)."""


def _code(err: sqlite3.Error) -> int | None:
    code = getattr(err, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _is_corrupt(err: BaseException) -> bool:
    if isinstance(err, CacheFault):
        return True
    if not isinstance(err, sqlite3.DatabaseError):
        return False
    code = _code(err)
    if code is not None:
        return code in _CORRUPT
    text = str(err).lower()
    return "malformed" in text or "not a database" in text


class ClaimCache:
    """Facts of articles already extracted, in one SQLite file.

    Args:
        path: the cache file (its folder is created when missing).
        fingerprint: what the facts depend on besides the article
            (:func:`pipeline_fingerprint`).
        warn: where the one-line warning about a fault goes (default: stderr).

    A fault never raises: a damaged file is rebuilt (once per run), any other
    fault turns the cache off for the rest of the run (``active`` is then False).
    """

    def __init__(
        self,
        path: str | Path,
        fingerprint: str,
        *,
        warn: Callable[[str], None] | None = None,
        busy_seconds: float = BUSY_SECONDS,
    ):
        self.path = Path(path)
        self.fingerprint = fingerprint
        self.warn = warn or _warn_stderr
        self.busy_seconds = busy_seconds
        self.hits = 0
        self.misses = 0
        self.bad_rows = 0
        self.stored = 0
        self.rebuilt = False
        self.fault: str | None = None  # why the cache was turned off
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except Exception as err:
            self._fault(err, "opening it")

    @property
    def active(self) -> bool:
        return self._db is not None

    # ------------------------------------------------------------------ plumbing

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.is_dir():
            raise IsADirectoryError(f"{self.path} is a folder")
        db = sqlite3.connect(self.path, timeout=self.busy_seconds, isolation_level=None)
        try:
            self._prepare(db)
        except BaseException:
            db.close()
            raise
        return db

    def _prepare(self, db: sqlite3.Connection) -> None:
        """WAL, the schema checked (an older layout is dropped), the table made."""
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # WAL: a killed process loses nothing
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if app_id == APPLICATION_ID and version == SCHEMA_VERSION:
            return
        tables = {
            r[0]
            for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if app_id not in (0, APPLICATION_ID) or tables - {"facts"}:
            raise CacheFault(
                "is not a crosscheck claim cache (it holds tables "
                f"{', '.join(sorted(tables)) or 'none'})"
            )
        # an empty file, or a cache of an earlier layout: its rows are of no use
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DROP TABLE IF EXISTS facts")
            db.execute(_SCHEMA)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        if tables and not self.rebuilt:
            self.rebuilt = True
            self.warn(
                Warnings.W001.format(
                    path=self.path,
                    problem=(
                        f"has another layout (schema {version}; this crosscheck"
                        f" writes {SCHEMA_VERSION})"
                    ),
                    action="rebuilt it; its articles are extracted again",
                )
            )

    def _close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    def _rebuild(self, err: BaseException) -> bool:
        """Delete a damaged file and start an empty one. False when that fails."""
        self._close()
        if isinstance(err, CacheFault) and "not a crosscheck" in str(err):
            return False  # someone else's database: never deleted
        problem = str(err) if isinstance(err, CacheFault) else f"is damaged ({err})"
        try:
            for suffix in ("", "-wal", "-shm"):
                side = Path(f"{self.path}{suffix}")
                if side.is_file() or side.is_symlink():
                    side.unlink()
            self._db = self._open()
        except Exception as again:
            self._close()
            self._turn_off(f"{problem} and could not be rebuilt ({_reason(again)})")
            return True
        self.rebuilt = True
        self.warn(
            Warnings.W001.format(
                path=self.path,
                problem=problem,
                action="rebuilt it; its articles are extracted again",
            )
        )
        return True

    def _turn_off(self, problem: str) -> None:
        self._close()
        if self.fault is None:
            self.fault = problem
            self.warn(Warnings.W002.format(path=self.path, problem=problem))

    def _fault(self, err: BaseException, doing: str) -> None:
        """Rebuild a damaged file (once a run); turn the cache off for any other
        fault. One warning line either way."""
        if _is_corrupt(err) and not self.rebuilt and self._rebuild(err):
            return
        self._turn_off(_describe(err, self.path, doing, self.busy_seconds))

    # ------------------------------------------------------------------ use

    def get(self, article: Article) -> ArticleFacts | None:
        """The cached facts of an article, or None (not cached, or unusable)."""
        if self._db is None:
            self.misses += 1
            return None
        try:
            row = self._db.execute(
                "SELECT body FROM facts WHERE key = ?",
                (article_key(article, self.fingerprint),),
            ).fetchone()
        except Exception as err:
            self._fault(err, "reading it")
            self.misses += 1
            return None
        if row is None:
            self.misses += 1
            return None
        try:
            body = json.loads(row[0])
            facts = ArticleFacts(
                article=article,
                claims=[Claim.from_dict(c) for c in body["claims"]],
                entities=Counter(body["entities"]),
                findings=[Finding.from_dict(f) for f in body["findings"]],
            )
        except Exception as err:  # a row written by a bug, or edited: extract again
            self.bad_rows += 1
            if self.bad_rows == 1:
                self.warn(
                    Warnings.W001.format(
                        path=self.path,
                        problem=(
                            "holds a row that cannot be read "
                            f"({type(err).__name__}: {str(err)[:80]})"
                        ),
                        action="such articles are extracted again and stored anew",
                    )
                )
            self.misses += 1
            return None
        self.hits += 1
        return facts

    def put(self, facts: ArticleFacts) -> None:
        """Store (and commit at once) an article's facts; never a partial one."""
        if facts.failures or self._db is None:
            return  # never cache a partial extraction
        body = json.dumps(
            {
                "claims": [c.to_dict() for c in facts.claims],
                "entities": dict(facts.entities),
                "findings": [f.to_dict() for f in facts.findings],
            }
        )
        key = article_key(facts.article, self.fingerprint)
        for _ in range(2):  # a second time only after a rebuild
            try:
                # autocommit: each article is its own transaction, kept if killed
                self._db.execute(
                    "INSERT OR REPLACE INTO facts (key, body) VALUES (?, ?)",
                    (key, body),
                )
                self.stored += 1
                return
            except Exception as err:
                was_rebuilt = self.rebuilt
                self._fault(err, "storing claims in it")
                if self._db is None or was_rebuilt or not self.rebuilt:
                    return

    def close(self) -> None:
        self._close()


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    return str(err) or type(err).__name__


def _describe(err: BaseException, path: Path, doing: str, busy: float) -> str:
    """What is wrong with the cache, in words an editor understands."""
    if isinstance(err, CacheFault):
        return str(err)
    if isinstance(err, IsADirectoryError) or path.is_dir():
        return "is a folder, not a file"
    if isinstance(err, sqlite3.Error):
        code = _code(err)
        if code == _FULL:
            return f"could not be written: the disk is full ({doing})"
        if code in _BUSY:
            return f"stayed locked by another process for {busy:g} s ({doing})"
        writable = os.access(path.parent, os.W_OK)
        if code == _READONLY or (code == _CANTOPEN and not writable):
            return f"is read-only ({doing}: {err})"
        if code == _CANTOPEN:
            return f"cannot be opened ({err})"
        if _is_corrupt(err):
            return f"is damaged ({err}) and was already rebuilt once in this run"
        return f"failed while {doing} ({err})"
    if isinstance(err, OSError):
        return f"cannot be used ({doing}: {_reason(err)})"
    return f"failed while {doing} ({type(err).__name__}: {err})"
