"""The claim cache is an optimisation: whatever is wrong with it, the run goes on,
with one warning line naming the file and what was done (rebuilt, or no cache), and
never a traceback. It commits as it goes, so a killed run keeps what it extracted."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from pipeline.cache import APPLICATION_ID, SCHEMA_VERSION, ClaimCache
from pipeline.claims import Claim
from pipeline.corpus import make_article
from pipeline.extract import ArticleFacts
from tests.conftest import ROOT, SEEDS
from tests.fsfaults import fill, read_only, small_disk

FINGERPRINT = "fingerprint of a test pipeline"


def _facts(i: int, words: int = 8) -> ArticleFacts:
    text = f"Article {i}: the council spent {i} million on roads. " * words
    article = make_article(f"art{i}", f"art{i}.txt", text)
    claims = [Claim(f"art{i}", 30, 31 + len(str(i)), str(i), "number", float(i))]
    return ArticleFacts(article, claims, Counter({f"ORG:council{i}": 1}))


def _filled(path: Path, n: int = 300) -> Path:
    """A cache holding n articles, its WAL folded into the file."""
    cache = ClaimCache(path, FINGERPRINT, warn=pytest.fail)
    for i in range(n):
        cache.put(_facts(i))
    cache.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _open(path: Path, **kwargs) -> tuple[ClaimCache, list[str]]:
    warnings: list[str] = []
    return ClaimCache(path, FINGERPRINT, warn=warnings.append, **kwargs), warnings


def _use(cache: ClaimCache, n: int = 300) -> None:
    """What a run does with its cache: look every article up, store the misses."""
    for i in range(n):
        if cache.get(_facts(i).article) is None:
            cache.put(_facts(i))


def _assert_rebuilt(path: Path, cache: ClaimCache, warnings: list[str]) -> None:
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("[W001]") and str(path) in warnings[0]
    assert "rebuilt" in warnings[0]
    assert cache.active
    cache.close()
    again, more = _open(path)
    assert more == [] and again.get(_facts(2).article).claims == _facts(2).claims
    again.close()


def test_a_truncated_cache_is_rebuilt(tmp_path):
    path = _filled(tmp_path / "claims.sqlite3")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    cache, warnings = _open(path)
    _use(cache)
    _assert_rebuilt(path, cache, warnings)


@pytest.mark.parametrize("where", ["whole file", "after the header"])
def test_a_cache_of_garbage_bytes_is_rebuilt(tmp_path, where):
    path = _filled(tmp_path / "claims.sqlite3")
    data = bytearray(path.read_bytes())
    start = 0 if where == "whole file" else 100
    data[start:] = os.urandom(len(data) - start)
    path.write_bytes(bytes(data))
    cache, warnings = _open(path)
    _use(cache)
    _assert_rebuilt(path, cache, warnings)


@pytest.mark.parametrize(
    "body",
    ["{not json", '{"claims": [{"x": 1}], "entities": {}, "findings": []}', "[]"],
    ids=["not JSON", "a claim without fields", "not an object"],
)
def test_a_bad_row_costs_its_article_one_extraction(tmp_path, body):
    path = _filled(tmp_path / "claims.sqlite3", n=5)
    db = sqlite3.connect(path)
    db.execute("UPDATE facts SET body = ?", (body,))
    db.commit()
    db.close()
    cache, warnings = _open(path)
    assert all(cache.get(_facts(i).article) is None for i in range(5))
    assert len(warnings) == 1 and warnings[0].startswith("[W001]")
    assert str(path) in warnings[0] and "extracted again" in warnings[0]
    cache.put(_facts(3))  # stored anew, over the bad row
    assert cache.get(_facts(3).article).claims == _facts(3).claims
    cache.close()


@pytest.mark.parametrize("layout", ["first layout", "other columns", "newer"])
def test_a_cache_of_another_schema_is_rebuilt(tmp_path, layout):
    path = tmp_path / "claims.sqlite3"
    db = sqlite3.connect(path)
    if layout == "first layout":  # crosscheck before the schema had a version
        db.execute("CREATE TABLE facts (key TEXT PRIMARY KEY, body TEXT NOT NULL)")
        db.execute("INSERT INTO facts VALUES ('k', '{}')")
    elif layout == "other columns":
        db.execute("CREATE TABLE facts (key TEXT PRIMARY KEY, claims TEXT)")
    else:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.execute("CREATE TABLE facts (key TEXT, body TEXT, extra BLOB)")
    db.commit()
    db.close()
    cache, warnings = _open(path)
    _use(cache, 3)
    _assert_rebuilt(path, cache, warnings)


def test_someone_elses_database_is_left_alone(tmp_path):
    path = tmp_path / "claims.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices (id INTEGER, total REAL)")
    db.execute("INSERT INTO invoices VALUES (1, 9.5)")
    db.commit()
    db.close()
    cache, warnings = _open(path)
    _use(cache, 3)
    assert not cache.active
    assert len(warnings) == 1 and warnings[0].startswith("[W002]")
    assert "went on without a cache" in warnings[0] and "invoices" in warnings[0]
    assert sqlite3.connect(path).execute("SELECT total FROM invoices").fetchall() == [
        (9.5,)
    ]


def test_a_folder_where_the_cache_file_should_be(tmp_path):
    path = tmp_path / "claims.sqlite3"
    path.mkdir()
    (path / "keep.txt").write_text("mine")
    cache, warnings = _open(path)
    _use(cache, 3)
    assert not cache.active and cache.hits == 0
    assert len(warnings) == 1 and "is a folder" in warnings[0]
    assert "went on without a cache" in warnings[0]
    assert (path / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("existing", [True, False], ids=["with a cache", "empty"])
def test_a_read_only_cache_folder(tmp_path, monkeypatch, existing):
    folder = tmp_path / "cache"
    folder.mkdir()
    if existing:
        _filled(folder / "claims.sqlite3", n=5)
    with read_only(folder) as locked:
        if locked is None:  # mounting refused: the database says read-only

            def refuse(*args, **kwargs):
                err = sqlite3.OperationalError("attempt to write a readonly database")
                err.sqlite_errorcode = 8  # SQLITE_READONLY
                raise err

            monkeypatch.setattr(sqlite3, "connect", refuse)
        cache, warnings = _open(folder / "claims.sqlite3")
        _use(cache, 5)
        monkeypatch.undo()
        assert not cache.active
        assert len(warnings) == 1 and warnings[0].startswith("[W002]")
        assert "read-only" in warnings[0] and "went on without a cache" in warnings[0]
    if existing:  # nothing was lost
        again, more = _open(folder / "claims.sqlite3")
        assert more == [] and again.get(_facts(4).article) is not None


def test_a_full_disk_stops_the_cache_not_the_run_and_keeps_what_was_stored(
    tmp_path, monkeypatch
):
    disk = tmp_path / "disk"
    with small_disk(disk, 512 * 1024) as mounted:
        cache, warnings = _open(disk / "claims.sqlite3")
        if mounted is not None:
            fill(disk, leave=64 * 1024)
        else:  # mounting refused: the disk fills at the write layer

            class FullAfter:
                def __init__(self, db, inserts):
                    self.db, self.inserts = db, inserts

                def execute(self, sql, *args):
                    if sql.startswith("INSERT"):
                        self.inserts -= 1
                        if self.inserts < 0:
                            err = sqlite3.OperationalError("database or disk is full")
                            err.sqlite_errorcode = 13  # SQLITE_FULL
                            raise err
                    return self.db.execute(sql, *args)

                def close(self):
                    self.db.close()

            cache._db = FullAfter(cache._db, 40)
        stored = 0
        for i in range(2000):  # far more than the disk holds
            cache.put(_facts(i, words=40))
            stored = cache.stored
        assert not cache.active and 0 < stored < 2000
        assert len(warnings) == 1 and warnings[0].startswith("[W002]")
        assert "disk is full" in warnings[0] and str(disk) in warnings[0]
        cache.close()
        (disk / "filler").unlink(missing_ok=True)
        again, more = _open(disk / "claims.sqlite3")
        kept = sum(
            again.get(_facts(i, words=40).article) is not None for i in range(stored)
        )
        assert more == [] and kept == stored
        again.close()


def test_a_cache_locked_by_another_process_is_skipped_after_a_short_wait(tmp_path):
    path = tmp_path / "claims.sqlite3"
    path.write_bytes(b"")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sqlite3, sys, time
                db = sqlite3.connect({str(path)!r}, isolation_level=None)
                db.execute("PRAGMA journal_mode=DELETE")
                db.execute("BEGIN EXCLUSIVE")
                print("locked", flush=True)
                sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        cache, warnings = _open(path, busy_seconds=0.3)
        _use(cache, 3)
        assert not cache.active and time.monotonic() - started < 10
        assert len(warnings) == 1 and warnings[0].startswith("[W002]")
        assert "locked" in warnings[0] and "went on without a cache" in warnings[0]
    finally:
        holder.communicate("done\n", timeout=30)


def test_two_runs_sharing_a_cache_both_store_their_articles(tmp_path):
    path = tmp_path / "claims.sqlite3"
    first, w1 = _open(path)
    second, w2 = _open(path)
    for i in range(50):
        first.put(_facts(i))
        second.put(_facts(1000 + i))
    assert w1 == w2 == []
    assert first.get(_facts(1049).article) is not None
    assert second.get(_facts(49).article) is not None


_KILLED_AFTER_PUTS = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from pipeline.cache import ClaimCache
    from tests.test_faults_cache import FINGERPRINT, _facts

    cache = ClaimCache(Path(sys.argv[1]), FINGERPRINT)
    for i in range(int(sys.argv[2])):
        cache.put(_facts(i))
    os.kill(os.getpid(), signal.SIGKILL)  # no close, no commit at the end
    """
)


def test_a_killed_run_keeps_every_article_it_stored(tmp_path):
    path = tmp_path / "claims.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_AFTER_PUTS, str(path), "25"],
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    cache, warnings = _open(path)
    assert warnings == []
    assert [cache.get(_facts(i).article) is not None for i in range(26)] == [
        True
    ] * 25 + [False]


@pytest.mark.slow
def test_crosscheck_run_killed_half_way_keeps_its_cache_progress(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        for copy in range(3):
            (corpus / f"{p.stem}-{copy}.txt").write_text(
                p.read_text("utf-8") + f"\n\nCopy {copy}.\n", "utf-8"
            )
    cache_dir = tmp_path / "cache"
    command = [sys.executable, "-m", "pipeline", "run", str(corpus), "--quiet"]
    command += ["--cache-dir", str(cache_dir), "--batch-size", "1"]
    killed = subprocess.Popen(
        [*command, "--out", str(tmp_path / "killed")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    path = cache_dir / "claims.sqlite3"
    rows = 0
    try:
        deadline = time.monotonic() + 300
        while rows < 3 and time.monotonic() < deadline and killed.poll() is None:
            time.sleep(0.2)
            try:
                with sqlite3.connect(path, timeout=1) as db:
                    rows = db.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
            except sqlite3.Error:
                rows = 0
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
    assert killed.returncode == -signal.SIGKILL, "the run ended before the kill"
    assert 3 <= rows < 15
    again = subprocess.run(
        [*command, "--out", str(tmp_path / "again")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"{rows} from the cache" in again.stderr or "from the cache" in again.stderr
    served = int(again.stderr.split(" from the cache")[0].rsplit(" ", 1)[-1])
    assert served >= rows


@pytest.mark.parametrize("kind", ["ENOSPC", "EROFS"])
def test_an_unwritable_cache_folder_is_a_warning(tmp_path, monkeypatch, kind):
    """The folder cannot even be created (a full or read-only home)."""
    code = getattr(errno, kind)

    def refuse(self, *args, **kwargs):
        raise OSError(code, os.strerror(code), str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    cache, warnings = _open(tmp_path / "new" / "claims.sqlite3")
    _use(cache, 2)
    monkeypatch.undo()
    assert not cache.active and len(warnings) == 1
    assert warnings[0].startswith("[W002]") and os.strerror(code) in warnings[0]
