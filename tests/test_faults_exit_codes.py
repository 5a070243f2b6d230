"""No fault ends in a traceback, and every way `crosscheck run` ends keeps the
contract's exit codes: 0 finished (cache faults are warnings), 1 only for --fail-on,
2 bad usage, no readable input or reports that could not be written, 3 reports
written but the review store failed."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline import cli
from tests.conftest import ROOT
from tests.forkrun import ForkServer, Outcome
from tests.fsfaults import fill, read_only, small_disk

BODY = "LONDON, 3 May (Wire) - The council will spend [TK] on the new bridge.\n"
SUMMARY = " articles ("  # the run's last line: "N articles (W words), ..."


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    server = ForkServer(tmp_path_factory.mktemp("exit-codes"))
    yield server
    server.close()


def _corpus(root: Path) -> Path:
    corpus = root / "in"
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "story.txt").write_text(BODY)
    return corpus


def _good_cache(folder: Path) -> Path:
    from pipeline.cache import ClaimCache

    folder.mkdir(parents=True, exist_ok=True)
    cache = ClaimCache(folder / "claims.sqlite3", "f")
    cache.close()
    return folder


# --------------------------------------------------------------- the fault classes
# Each prepares tmp_path and returns (extra arguments, expected code, what stderr
# must say). A context manager (a mount) is entered by the test around the run.


def cache_truncated(tmp: Path):
    folder = _good_cache(tmp / "cache")
    data = (folder / "claims.sqlite3").read_bytes()
    (folder / "claims.sqlite3").write_bytes(data[: len(data) // 3] + b"\x00" * 99)
    return ["--cache-dir", folder], 0, "[W00"


def cache_garbage(tmp: Path):
    (tmp / "cache").mkdir()
    (tmp / "cache" / "claims.sqlite3").write_bytes(os.urandom(8192))
    return ["--cache-dir", tmp / "cache"], 0, "[W001]"


def cache_bad_row(tmp: Path):
    from pipeline.cache import ClaimCache, pipeline_fingerprint
    from pipeline.checks import select_checks
    from pipeline.corpus import load_corpus
    from pipeline.extract import ArticleFacts, plan_for

    folder = tmp / "cache"
    corpus = _corpus(tmp)
    fingerprint = pipeline_fingerprint(None, plan_for(select_checks(["placeholder"])))
    cache = ClaimCache(folder / "claims.sqlite3", fingerprint)
    (article,) = load_corpus([corpus]).articles
    cache.put(ArticleFacts(article))
    cache.close()
    with sqlite3.connect(folder / "claims.sqlite3") as db:
        db.execute("UPDATE facts SET body = '{broken'")
    return ["--cache-dir", folder], 0, "[W001]"


def cache_old_schema(tmp: Path):
    (tmp / "cache").mkdir()
    with sqlite3.connect(tmp / "cache" / "claims.sqlite3") as db:
        db.execute("CREATE TABLE facts (key TEXT PRIMARY KEY, claims TEXT)")
    return ["--cache-dir", tmp / "cache"], 0, "[W001]"


def cache_is_a_folder(tmp: Path):
    (tmp / "cache" / "claims.sqlite3").mkdir(parents=True)
    return ["--cache-dir", tmp / "cache"], 0, "[W002]"


def cache_read_only(tmp: Path):
    _good_cache(tmp / "cache")
    return ["--cache-dir", tmp / "cache"], 0, "[W002]", read_only(tmp / "cache")


def cache_full_disk(tmp: Path):
    return (
        ["--cache-dir", tmp / "disk"],
        0,
        "[W002]",
        small_disk(tmp / "disk", 256 * 1024),
    )


def db_corrupt(tmp: Path):
    (tmp / "review.sqlite3").write_bytes(os.urandom(8192))
    return ["--no-cache", "--db", tmp / "review.sqlite3"], 3, "[E051]"


def db_read_only(tmp: Path):
    from pipeline.review.store import ReviewStore

    ReviewStore(tmp / "store" / "review.sqlite3")
    args = ["--no-cache", "--db", tmp / "store" / "review.sqlite3"]
    return args, 3, "[E057]", read_only(tmp / "store")


def db_full_disk(tmp: Path):
    args = ["--no-cache", "--db", tmp / "disk" / "review.sqlite3"]
    return args, 3, "[E05", small_disk(tmp / "disk", 256 * 1024)


def db_is_a_folder(tmp: Path):
    (tmp / "review.sqlite3").mkdir()
    return ["--no-cache", "--db", tmp / "review.sqlite3"], 3, "[E057]"


def out_full_disk(tmp: Path):
    args = ["--no-cache", "--out", tmp / "disk" / "reports"]
    return args, 2, "[E023]", small_disk(tmp / "disk", 256 * 1024)


def out_is_a_file(tmp: Path):
    (tmp / "taken").write_text("a file, not a folder")
    return ["--no-cache", "--out", tmp / "taken"], 2, "error:"


def bad_ids_and_texts(tmp: Path):
    lines = ['{"id": "x/y", "text": "A [TK] day."}', '{"id": "e", "text": ""}']
    (tmp / "in" / "batch.jsonl").write_text("\n".join(lines) + "\n")
    (tmp / "in" / "evil\x1b[2J.txt").write_text(BODY)
    with open(os.path.join(os.fsencode(tmp / "in"), b"caf\xe9.txt"), "w") as fh:
        fh.write(BODY)
    return ["--no-cache"], 0, "[E022]"


def no_readable_input(tmp: Path):
    (tmp / "in" / "story.txt").write_text("")
    return ["--no-cache"], 2, "[E011]"


def bad_usage(tmp: Path):
    return ["--no-cache", "--fail-on", "sometimes"], 2, "--fail-on"


FAULTS: dict[str, Callable] = {
    f.__name__: f
    for f in (
        cache_truncated,
        cache_garbage,
        cache_bad_row,
        cache_old_schema,
        cache_is_a_folder,
        cache_read_only,
        cache_full_disk,
        db_corrupt,
        db_read_only,
        db_full_disk,
        db_is_a_folder,
        out_full_disk,
        out_is_a_file,
        bad_ids_and_texts,
        no_readable_input,
        bad_usage,
    )
}


def _inject_full_disk(monkeypatch, reports: bool) -> None:
    """Where mounting a small disk is refused: the same fault at the write layer,
    for the reports (ENOSPC on write) or for SQLite files (the cache, the store),
    which may then not grow by a page (SQLITE_FULL)."""
    import errno

    import pipeline.report as report

    def no_space(fd, text):
        os.close(fd)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    real = sqlite3.connect

    def no_room(*args, **kwargs):
        conn = real(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    if reports:
        monkeypatch.setattr(report, "_write_file", no_space)
    else:
        monkeypatch.setattr(sqlite3, "connect", no_room)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_no_fault_ends_in_a_traceback_and_every_code_is_the_contracts(
    tmp_path, cli_runs, fault, monkeypatch, capsys
):
    corpus = _corpus(tmp_path)
    prepared = FAULTS[fault](tmp_path)
    args, expected, says = prepared[:3]
    mount = prepared[3] if len(prepared) > 3 else contextlib.nullcontext(True)
    out = tmp_path / "reports"
    argv = ["run", corpus, "--out", out, "--checks", "placeholder", "--quiet", *args]
    with mount as mounted:
        if mounted is None:  # mounting refused: in this process, fault injected
            assert "full_disk" in fault, "a read-only mode is always possible"
            _inject_full_disk(monkeypatch, reports=fault.startswith("out"))
            code = cli._main([str(a) for a in argv])
            monkeypatch.undo()
            done = Outcome(None, code, [], capsys.readouterr().err)
        else:
            if "full_disk" in fault:
                fill(mounted, leave=0)
            done = cli_runs.crosscheck(*argv)
    assert done.signal is None
    assert "Traceback" not in done.stderr, done.stderr
    assert done.code == expected, done.stderr
    assert says in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    for line in lines:  # one coded line per problem, then the summary
        assert line.startswith(("error:", "warning:", "Usage:", "Try ")) or (
            SUMMARY in line or line.startswith(("│", "╭", "╰"))
        ), line
    if expected in (0, 3):
        assert (out / "findings.json").is_file()


def test_an_unexpected_failure_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    import pipeline.run

    def broken(*args, **kwargs):
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(pipeline.run, "run_paths", broken)
    code = cli._main(["run", str(_corpus(tmp_path)), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == cli.EXIT_USAGE and "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert "RuntimeError: a bug\\nover two lines" in line
    assert "CROSSCHECK_DEBUG=1" in line


def test_ctrl_c_is_not_read_as_fail_on(tmp_path, monkeypatch, capsys):
    import pipeline.run

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.run, "run_paths", interrupted)
    code = cli._main(["run", str(_corpus(tmp_path)), "--out", str(tmp_path / "o")])
    assert code == cli.EXIT_INTERRUPTED != cli.EXIT_FAIL_ON
    assert "Traceback" not in capsys.readouterr().err


def test_the_console_script_keeps_the_codes(tmp_path):
    """The installed entry point itself (not the forked server): a store fault."""
    corpus = _corpus(tmp_path)
    (tmp_path / "review.sqlite3").write_bytes(b"garbage" * 1000)
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(corpus), "--out"]
        + [str(tmp_path / "out"), "--db", str(tmp_path / "review.sqlite3")]
        + ["--checks", "placeholder", "--no-cache", "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr
    assert (tmp_path / "out" / "findings.json").is_file()
    script = textwrap.dedent(
        """
        import sys
        from pipeline.cli import main
        sys.argv = ["crosscheck", "run", "--no-such-option"]
        main()
        """
    )
    usage = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT
    )
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
