"""Worker processes end when their run dies: SIGKILL a `crosscheck run --workers 2`
or `--dask local` while it extracts, and its workers are gone within seconds instead
of holding a model's memory each for ever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pipeline import lifetime
from tests.conftest import ROOT, SEEDS

# How long the workers may outlive their run: PR_SET_PDEATHSIG acts at once, the
# watchdog within WATCHDOG_SECONDS; the rest is the machine's load (2 shared cores).
GRACE_SECONDS = 15.0


def _children() -> dict[int, list[int]]:
    """parent pid -> pids of its live children, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _corpus(folder: Path, copies: int) -> Path:
    """Enough articles that extraction is still going when the run is killed."""
    folder.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        for copy in range(copies):
            (folder / f"{p.stem}-{copy}.txt").write_text(
                p.read_text("utf-8") + f"\n\nUpdate {copy}.\n", "utf-8"
            )
    return folder


def _kill_while_extracting(tmp_path: Path, options: list[str], workers: int) -> None:
    corpus = _corpus(tmp_path / "corpus", 12)
    run = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(corpus), "--quiet"]
        + ["--no-cache", "--out", str(tmp_path / "out"), *options],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and run.poll() is None:
            seen |= _descendants(run.pid)
            if len([p for p in seen if _alive(p)]) >= workers:
                break
            time.sleep(0.2)
        time.sleep(2.0)  # the workers are at work (model loaded, articles sent)
        seen |= _descendants(run.pid)
        assert run.poll() is None, "the run ended before it could be killed"
        assert len([p for p in seen if _alive(p)]) >= workers, seen
        run.send_signal(signal.SIGKILL)
        run.wait()
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and any(_alive(p) for p in seen):
            time.sleep(0.2)
        left = [p for p in seen if _alive(p)]
        assert left == [], f"{len(left)} worker(s) outlived their run"
    finally:
        run.kill()
        run.wait()
        for pid in seen:  # never leave a stray process behind, pass or fail
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.slow
def test_nlp_pipe_workers_end_when_their_run_is_killed(tmp_path):
    _kill_while_extracting(tmp_path, ["--workers", "2", "--batch-size", "2"], 2)


@pytest.mark.slow
def test_dask_local_workers_end_when_their_run_is_killed(tmp_path):
    _kill_while_extracting(tmp_path, ["--dask", "local", "--batch-size", "2"], 2)


_FORKS = textwrap.dedent(
    """
    import contextlib, os, sys, time
    from pipeline.lifetime import workers_die_with_parent

    guarded = sys.argv[1] == "guarded"
    with workers_die_with_parent() if guarded else contextlib.nullcontext():
        for _ in range(2):
            if os.fork() == 0:
                time.sleep(600)
                os._exit(0)
    if os.fork() == 0:  # forked after the pool: not a worker, lives on
        time.sleep(600)
        os._exit(0)
    print("forked", flush=True)
    time.sleep(600)
    """
)


@pytest.mark.parametrize("guarded", [True, False], ids=["in the pool", "outside"])
def test_only_processes_forked_for_the_pool_die_with_it(guarded):
    parent = subprocess.Popen(
        [sys.executable, "-c", _FORKS, "guarded" if guarded else "plain"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    kids: set[int] = set()
    try:
        assert parent.stdout.readline().strip() == "forked"
        kids = _descendants(parent.pid)
        assert len(kids) == 3
        parent.kill()
        parent.wait()
        time.sleep(1.0)
        alive = [p for p in kids if _alive(p)]
        assert len(alive) == (1 if guarded else 3)
    finally:
        parent.kill()
        for pid in kids:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_the_watchdog_ends_a_worker_whose_parent_died(monkeypatch):
    monkeypatch.setattr(lifetime, "WATCHDOG_SECONDS", 0.1)
    code = textwrap.dedent(
        """
        import os, sys, time
        from pipeline import lifetime
        lifetime.WATCHDOG_SECONDS = 0.1
        lifetime._prctl_deathsig = lambda sig: False  # as where prctl is missing
        child = os.fork()
        if child == 0:
            parent = os.getppid()
            print(lifetime.die_with_parent(parent), flush=True)
            time.sleep(600)
            os._exit(0)
        print(child, flush=True)
        time.sleep(600)
        """
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    lines = sorted(parent.stdout.readline().strip() for _ in range(2))
    child = int(lines[0])  # the child's pid (the other line is how it is armed)
    try:
        assert lines[1] == "watchdog"
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and _alive(child):
            time.sleep(0.1)
        assert not _alive(child)
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)
