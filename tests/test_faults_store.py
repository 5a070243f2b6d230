"""The review store is the editors' record, the reports are the run's: a `--db` that
is locked, damaged, read-only, full or not a file costs the run its decisions, never
its reports. The reports are written, the cause is on stderr, the run exits 3, and
nothing in the store is half-changed."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.cli import _main
from pipeline.review.store import ReviewStore
from tests.forkrun import ForkServer
from tests.fsfaults import fill, read_only, small_disk

EXIT_STORE = 3


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    server = ForkServer(tmp_path_factory.mktemp("store-runs"))
    yield server
    server.close()


def _corpus(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.txt").write_text(
            f"LONDON, 3 May - The {name} council will spend [TK] on roads.\n"
        )
    return folder


def _run(cli: ForkServer, corpus: Path, out: Path, db: Path):
    return cli.crosscheck(
        "run", corpus, "--out", out, "--db", db, "--checks", "placeholder"
    )


def _dump(db: Path) -> list[str]:
    """Everything the store holds, as SQL (its logical content)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return list(conn.iterdump())


@pytest.fixture
def store(tmp_path, cli) -> Path:
    """A review store with one run registered and one decision in it."""
    db = tmp_path / "store" / "review.sqlite3"
    done = _run(cli, _corpus(tmp_path / "first", "north"), tmp_path / "first-out", db)
    assert done.code == 0, done.stderr
    findings = json.loads((tmp_path / "first-out" / "findings.json").read_text())
    fp = findings["findings"][0]["id"]
    ReviewStore(db).decide(
        fp, "dismiss", editor="Ana", expected_version=1, reason="other", note="test"
    )
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def _assert_reports_written_and_exit_3(done, out: Path, *causes: str) -> None:
    assert done.signal is None and done.code == EXIT_STORE, done.stderr
    assert "Traceback" not in done.stderr
    document = json.loads((out / "findings.json").read_text("utf-8"))
    assert {a["id"] for a in document["articles"]} == {"south"}
    assert all(f["review"] == "open" for f in document["findings"])
    for name in ("claims.jsonl", "report.md", "report.html"):
        assert (out / name).is_file()
    lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, done.stderr
    assert "the reports were written" in lines[0]
    assert any(cause in lines[0] for cause in causes), lines[0]


def test_a_locked_store(tmp_path, cli, store):
    before = _dump(store)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sqlite3, sys
                db = sqlite3.connect({str(store)!r}, isolation_level=None)
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
        out = tmp_path / "out"
        done = _run(cli, _corpus(tmp_path / "second", "south"), out, store)
    finally:
        holder.communicate("done\n", timeout=30)
    _assert_reports_written_and_exit_3(done, out, "[E050]")
    assert _dump(store) == before


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_store(tmp_path, cli, store, damage):
    data = store.read_bytes()
    damaged = os.urandom(len(data)) if damage == "garbage" else data[: len(data) // 2]
    store.write_bytes(damaged)
    out = tmp_path / "out"
    done = _run(cli, _corpus(tmp_path / "second", "south"), out, store)
    _assert_reports_written_and_exit_3(done, out, "[E051]")
    assert store.read_bytes() == damaged  # not "repaired" over the editors' record


def test_a_read_only_store(tmp_path, cli, store, monkeypatch):
    before = _dump(store)
    with read_only(store.parent) as locked:
        assert locked is not None, "neither a read-only mount nor a mode is possible"
        out = tmp_path / "out"
        done = _run(cli, _corpus(tmp_path / "second", "south"), out, store)
    _assert_reports_written_and_exit_3(done, out, "[E057]")
    assert "read-only" in done.stderr or "readonly" in done.stderr
    assert _dump(store) == before


def test_a_store_on_a_full_disk(tmp_path, cli, monkeypatch, capsys):
    disk = tmp_path / "disk"
    with small_disk(disk, 1024 * 1024) as mounted:
        db = disk / "review.sqlite3"
        first = _run(cli, _corpus(tmp_path / "first", "north"), tmp_path / "o1", db)
        assert first.code == 0, first.stderr
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _dump(db)
        out = tmp_path / "out"
        # many new findings to register: the store must grow
        names = ["south", *(f"town{i}" for i in range(200))]
        corpus = _corpus(tmp_path / "second", *names)
        if mounted is not None:
            fill(disk, leave=0)
            done = _run(cli, corpus, out, db)
            code, stderr = done.code, done.stderr
            (disk / "filler").unlink()
        else:  # mounting refused: the store may not grow by a page (SQLITE_FULL)
            real = sqlite3.connect

            def no_room(*args, **kwargs):
                conn = real(*args, **kwargs)
                pages = conn.execute("PRAGMA page_count").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
                return conn

            monkeypatch.setattr(sqlite3, "connect", no_room)
            argv = ["run", corpus, "--out", out, "--db", db, "--checks", "placeholder"]
            code = _main([str(a) for a in argv])
            monkeypatch.undo()
            stderr = capsys.readouterr().err
        assert code == EXIT_STORE, stderr
        assert "disk is full" in stderr and "[E057]" in stderr
        assert "Traceback" not in stderr
        document = json.loads((out / "findings.json").read_text("utf-8"))
        assert len(document["articles"]) == len(names)
        assert _dump(db) == before  # nothing half-registered


def test_a_folder_in_place_of_the_store(tmp_path, cli):
    db = tmp_path / "review.sqlite3"
    db.mkdir()
    out = tmp_path / "out"
    done = _run(cli, _corpus(tmp_path / "second", "south"), out, db)
    _assert_reports_written_and_exit_3(done, out, "is a folder", "[E057]")
    assert list(db.iterdir()) == []


def test_a_store_fault_beats_fail_on_but_both_are_failures(tmp_path, cli):
    db = tmp_path / "review.sqlite3"
    db.write_bytes(b"not a database at all" * 200)
    out = tmp_path / "out"
    corpus = _corpus(tmp_path / "second", "south")
    done = cli.crosscheck(
        "run", corpus, "--out", out, "--db", db, "--checks", "placeholder",
        "--fail-on", "low",
    )  # fmt: skip
    assert done.code == EXIT_STORE, done.stderr
