"""Faults: a run killed at any moment leaves whole reports (the previous ones or the
new ones), leftover temporary files are cleaned up, a library call that raises or
hangs costs one call, and an article whose extraction fails costs that article."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from pipeline import guard
from pipeline.corpus import Corpus, make_article
from pipeline.report import atomic_write, remove_stale_temp_files, write_reports
from pipeline.run import RunResult, process
from tests.conftest import GOLD, ROOT, SEEDS

REPORT_NAMES = ["findings.json", "claims.jsonl", "report.md", "report.html"]


def _temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


# ------------------------------------------------------------------ atomic writes


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "findings.json"
    atomic_write(target, '{"old": true}\n')

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, '{"new": true}\n')
    assert target.read_text() == '{"old": true}\n'
    assert _temp_files(tmp_path) == []


def test_an_unencodable_character_does_not_fail_the_write(tmp_path):
    target = tmp_path / "findings.json"
    atomic_write(target, json.dumps({"text": "a\udc80b"}, ensure_ascii=False))
    assert json.loads(target.read_text("utf-8")) == {"text": "a\udc80b"}


def test_stale_temp_files_are_removed_and_live_ones_and_others_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".findings.json.{dead.pid}.abc123.tmp"
    live = tmp_path / f".report.md.{os.getpid()}.def456.tmp"
    other = tmp_path / f".notes.txt.{dead.pid}.abc123.tmp"  # not ours: left alone
    user = tmp_path / "findings.json.tmp"
    for p in (stale, live, other, user):
        p.write_text("partial")
    removed = remove_stale_temp_files(tmp_path, REPORT_NAMES)
    assert removed == [stale]
    assert live.exists() and other.exists() and user.exists()


_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from pipeline.claims import Claim
    from pipeline.corpus import make_article
    from pipeline.findings import Evidence, Finding
    from pipeline.report import write_reports
    from pipeline.run import RunResult

    def result(tag, n):
        text = (tag + " [TK] figure. ") * n
        article = make_article(tag, tag + ".txt", text)
        step = len(tag) + 14
        claims = [
            Claim(tag, i * step, i * step + len(tag), tag, "number", float(i))
            for i in range(n)
        ]
        findings = [
            Finding("placeholder", "placeholder", "within", "high", 0.95,
                    f"Unfilled placeholder {i}",
                    (Evidence(tag, i * step + len(tag) + 1, i * step + len(tag) + 5,
                              "[TK]"),))
            for i in range(n)
        ]
        return RunResult(articles=[article], claims=claims, findings=findings)

    out, refs = Path(sys.argv[1]), Path(sys.argv[2])
    versions = [result("old", 1500), result("new", 2500)]
    started = time.monotonic()
    for name, r in zip(("old", "new"), versions):
        write_reports(r, refs / name)
    write_reports(versions[0], out)
    print((time.monotonic() - started) / 3, flush=True)  # one write, in seconds
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:  # the writer: rewrites the reports, old and new in turn
            i = 1
            while True:
                write_reports(versions[i % 2], out)
                i += 1
        print(pid, flush=True)
        sys.stdin.readline()  # the test has killed it
        os.waitpid(pid, 0)
        print("reaped", flush=True)
    """
)


def _leftovers(out: Path) -> list[Path]:
    """What a killed writer can leave: temporary links and files, partial runs."""
    runs = out / ".runs"
    found = [*_temp_files(out), *(_temp_files(runs) if runs.is_dir() else [])]
    if runs.is_dir():
        found += [p for p in runs.iterdir() if p.name.endswith(".partial")]
    return sorted(found)


def test_killing_a_writer_at_random_moments_never_leaves_half_a_report(tmp_path):
    out, refs = tmp_path / "out", tmp_path / "refs"
    helper = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(out), str(refs)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        one_write = float(helper.stdout.readline())
        expected = {
            name: {v: (refs / v / name).read_bytes() for v in ("old", "new")}
            for name in REPORT_NAMES
        }
        rng = random.Random(7)
        seen = set()
        for attempt in range(25):
            helper.stdin.write("go\n")
            helper.stdin.flush()
            pid = int(helper.stdout.readline())
            time.sleep(rng.uniform(0.0, 2.5 * one_write))
            os.kill(pid, signal.SIGKILL)
            helper.stdin.write("killed\n")
            helper.stdin.flush()
            assert helper.stdout.readline().strip() == "reaped"
            versions = set()
            for name in REPORT_NAMES:
                data = (out / name).read_bytes()
                assert data in expected[name].values(), (
                    f"{name}: half written ({attempt})"
                )
                versions.add(data == expected[name]["new"])
            assert len(versions) == 1, f"files of two runs ({attempt})"
            seen |= versions
            assert all(f"{pid}" in p.name for p in _leftovers(out))
        # the kills landed both before and after the switch
        assert seen == {True, False}
    finally:
        helper.kill()
        helper.wait()
    # the next write cleans up what killed writers left behind, and every run but
    # the one it replaced
    write_reports(RunResult(), out)
    assert _leftovers(out) == []
    assert len(list((out / ".runs").iterdir())) == 3  # current, the new, the previous


def test_reports_are_readable_by_others_as_plain_files_are(tmp_path):
    write_reports(RunResult(), tmp_path)
    umask = os.umask(0)
    os.umask(umask)
    for name in REPORT_NAMES:
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.slow
def test_killing_crosscheck_run_at_random_moments_leaves_old_or_new_report(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in [*SEEDS.glob("*.txt"), *sorted(GOLD.glob("dev/*/*.txt"))[:2]]:
        shutil.copy(p, corpus / p.name)
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        str(corpus),
        "--no-cache",
        "--out",
    ]
    # the new report, from a run left to finish, and how long a run takes
    started = time.monotonic()
    done = subprocess.run(
        [*command, str(tmp_path / "new")], capture_output=True, timeout=600
    )
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    new = json.loads((tmp_path / "new" / "findings.json").read_text("utf-8"))
    # the previous report in the folder the killed runs write to
    out = tmp_path / "out"
    write_reports(RunResult(), out)
    (out / "notes.txt").write_text("the editor's own file")
    old = json.loads((out / "findings.json").read_text("utf-8"))
    assert old != new
    rng = random.Random(11)
    outcomes = []
    for _ in range(3):
        proc = subprocess.Popen(
            [*command, str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.3, 1.1) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        document = json.loads((out / "findings.json").read_text("utf-8"))
        assert document in (old, new)
        outcomes.append("new" if document == new else "old")
        for p in _leftovers(out):  # only ever the killed run's own leftovers
            assert f"{proc.pid}" in p.name
    # the next run's writing step cleans up what killed runs left behind
    write_reports(RunResult(), out)
    assert _leftovers(out) == []
    assert (out / "notes.txt").read_text() == "the editor's own file"
    print("kill outcomes:", outcomes)


# ------------------------------------------------------------------ guarded calls


def _sleep_then(value, seconds):
    time.sleep(seconds)
    return value


def _spin(seconds):
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
    return n


def test_a_call_within_its_time_limit_returns_its_value():
    assert guard.call_with_timeout(_sleep_then, "ok", 0.01, seconds=1) == "ok"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("hang", [_sleep_then, _spin])
def test_a_hanging_call_is_stopped_in_the_main_thread(hang):
    args = ("x", 30) if hang is _sleep_then else (30,)
    started = time.monotonic()
    with pytest.raises(guard.CallTimeout):
        guard.call_with_timeout(hang, *args, seconds=0.2)
    assert time.monotonic() - started < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (
        signal.SIG_DFL,
        signal.default_int_handler,
        None,
    )


def test_a_hanging_call_is_abandoned_in_a_worker_thread():
    outcome = {}

    def worker():
        started = time.monotonic()
        try:
            guard.call_with_timeout(_sleep_then, "x", 5, seconds=0.2)
        except guard.CallTimeout:
            outcome["timeout"] = time.monotonic() - started

    t = threading.Thread(target=worker)
    t.start()
    t.join(10)
    assert outcome["timeout"] < 2


def test_an_outer_timer_is_honoured_and_rearmed():
    fired = []
    previous = signal.signal(
        signal.SIGALRM, lambda s, f: fired.append(time.monotonic())
    )
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        assert guard.call_with_timeout(_sleep_then, 1, 0.05, seconds=2) == 1
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 0.2 < remaining <= 0.5
        time.sleep(0.6)
        assert len(fired) == 1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_nested_guards_stop_at_the_inner_limit():
    def inner():
        return guard.call_with_timeout(_sleep_then, "inner", 5, seconds=0.1)

    with pytest.raises(guard.CallTimeout) as caught:
        guard.call_with_timeout(inner, seconds=3)
    assert caught.value.seconds == 0.1


def test_the_library_cannot_swallow_the_timeout():
    def swallowing():
        try:
            time.sleep(5)
        except Exception:  # what sloppy library code does
            return "swallowed"
        return "finished"

    with pytest.raises(guard.CallTimeout):
        guard.call_with_timeout(swallowing, seconds=0.1)


def test_guarded_failures_cost_one_call_and_are_counted_and_collected():
    guard.reset_failure_counts()

    def explode(text):
        raise ZeroDivisionError("bad sentence")

    with guard.collect() as failures:
        assert (
            guard.guarded("dateparser", explode, "next Thursday", default=None) is None
        )
        assert (
            guard.guarded("quantulum3", _sleep_then, "5 km", 5, seconds=0.1, default=())
            == ()
        )
        assert guard.guarded("quantulum3", _sleep_then, "ok", 0, seconds=1) == "ok"
    assert guard.failure_counts() == {
        "dateparser": {"error": 1},
        "quantulum3": {"timeout": 1},
    }
    assert failures == [
        "dateparser raised ZeroDivisionError: bad sentence on 'next Thursday'; skipped",
        "quantulum3 gave up after 0.1 s on '5 km'; skipped",
    ]
    guard.reset_failure_counts()
    assert guard.failure_counts() == {}


def test_guarding_costs_little():
    started = time.perf_counter()
    for _ in range(5000):
        guard.guarded("noop", len, "abc", seconds=1)
    assert time.perf_counter() - started < 1.0


def test_keyboard_interrupt_is_not_swallowed():
    def interrupted():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        guard.guarded("x", interrupted)


# ------------------------------------------------------- one article, not the run


def test_an_article_whose_extraction_fails_costs_only_that_article(nlp, monkeypatch):
    import pipeline.extract as extract_module

    real = extract_module.prepare_doc

    def flaky(nlp, article):
        # fails inside the batch (nlp.pipe) and again when retried on its own
        if article.id == "bad":
            raise MemoryError("simulated")
        return real(nlp, article)

    monkeypatch.setattr(extract_module, "prepare_doc", flaky)
    corpus = Corpus(
        articles=[
            make_article(
                "good", "good.txt", "LONDON, 3 May (Reuters) - Sales rose 5 percent."
            ),
            make_article("bad", "bad.txt", "LONDON, 3 May (Reuters) - Anything."),
        ]
    )
    result = process(corpus)
    assert [c.article for c in result.claims] and {
        c.article for c in result.claims
    } == {"good"}
    (error,) = result.errors
    assert (
        error.path == "bad.txt"
        and "E013" in error.reason
        and "MemoryError" in error.reason
    )
