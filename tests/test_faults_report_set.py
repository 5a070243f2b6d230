"""A report is one unit: a run killed between any two steps of writing it, or stopped
by a full disk, leaves the previous report whole (or, in a new folder, none at all),
never files of two runs; the next run cleans up what the dead one left; other files
in the folder are never touched."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
from pathlib import Path

import pytest

import pipeline.report as report_module
from pipeline.claims import Claim
from pipeline.corpus import make_article
from pipeline.findings import Evidence, Finding
from pipeline.report import REPORT_FILES, RUNS_DIR, write_reports
from pipeline.review.data import ReportSource
from pipeline.run import RunResult
from tests.forkrun import ForkServer, Outcome
from tests.fsfaults import fill, small_disk

NAMES = list(REPORT_FILES.values())
OTHER = "review.sqlite3"  # an editor's file beside the reports: never touched


def _result(tag: str, n: int) -> RunResult:
    """A run whose every report file differs with ``tag`` and grows with ``n``."""
    sentence = f"{tag} said sales were 5 percent [TK] higher. "
    text = sentence * n
    article = make_article(tag, f"{tag}.txt", text)
    step = len(sentence)
    claims = [
        Claim(tag, i * step, i * step + len(tag), tag, "number", float(i))
        for i in range(n)
    ]
    at = sentence.index("[TK]")
    findings = [
        Finding(
            "placeholder",
            "placeholder",
            "within",
            "high",
            0.95,
            f"Unfilled placeholder number {i} in {tag}",
            (Evidence(tag, i * step + at, i * step + at + 4, "[TK]"),),
        )
        for i in range(n)
    ]
    return RunResult(articles=[article], claims=claims, findings=findings)


SIZES = {"old": 40, "new": 60}


@pytest.fixture(scope="module")
def writers(tmp_path_factory):
    server = ForkServer(tmp_path_factory.mktemp("writers"))
    yield server
    server.close()


@pytest.fixture(scope="module")
def refs(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The bytes of each report file, old and new, written without interruption."""
    root = tmp_path_factory.mktemp("refs")
    out = {}
    for tag, n in SIZES.items():
        write_reports(_result(tag, n), root / tag)
        out[tag] = {name: (root / tag / name).read_bytes() for name in NAMES}
    assert all(out["old"][name] != out["new"][name] for name in NAMES)
    return out


def _prepare(out: Path, layout: str, refs) -> None:
    """The report folder as the killed run finds it."""
    out.mkdir(parents=True)
    (out / OTHER).write_bytes(b"the editors' decisions")
    if layout == "report set":
        write_reports(_result("old", SIZES["old"]), out)
    elif layout == "plain files":  # written by an earlier crosscheck
        for name in NAMES:
            (out / name).write_bytes(refs["old"][name])


def _seen(out: Path, refs) -> dict[str, str]:
    """What a reader finds under each name: old, new, missing or half."""
    seen = {}
    for name in NAMES:
        try:
            data = (out / name).read_bytes()
        except FileNotFoundError:
            seen[name] = "missing"
            continue
        match = [tag for tag in refs if refs[tag][name] == data]
        seen[name] = match[0] if match else "half"
    return seen


def _leftovers(out: Path) -> list[str]:
    runs = out / RUNS_DIR
    names = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    if runs.is_dir():
        names += [
            p.name for p in runs.iterdir() if p.name.endswith((".tmp", ".partial"))
        ]
    return names


@pytest.mark.parametrize("layout", ["report set", "plain files", "new folder"])
def test_a_kill_between_any_two_steps_leaves_one_whole_report(
    tmp_path, refs, writers, layout
):
    probe = tmp_path / "probe"
    _prepare(probe, layout, refs)
    done = writers.write(probe, "new", SIZES["new"])
    assert done.signal is None and done.code == 0, done.stderr
    steps = done.steps
    assert len(steps) >= 6 and "current switched" in steps
    outcomes = []
    for k in range(1, len(steps) + 1):
        out = tmp_path / f"kill-{k}"
        _prepare(out, layout, refs)
        killed = writers.write(out, "new", SIZES["new"], kill_at=k)
        assert killed.signal == signal.SIGKILL, killed.stderr
        seen = _seen(out, refs)
        versions = set(seen.values())
        assert "half" not in versions, (steps[k - 1], seen)
        assert len(versions - {"missing"}) <= 1, (
            f"two runs after {steps[k - 1]}: {seen}"
        )
        if layout != "new folder":  # the old report stays readable until the switch
            assert "missing" not in versions, (steps[k - 1], seen)
        elif seen["findings.json"] != "missing":  # its presence means all is there
            assert versions == {"new"}, (steps[k - 1], seen)
        assert (out / OTHER).read_bytes() == b"the editors' decisions"
        outcomes.append(versions - {"missing"})
        # the next run replaces it whole and cleans what the dead one left
        write_reports(_result("old", SIZES["old"]), out)
        assert set(_seen(out, refs).values()) == {"old"}
        assert _leftovers(out) == []
        assert len(list((out / RUNS_DIR).iterdir())) <= 3  # current, new, previous
        assert (out / OTHER).read_bytes() == b"the editors' decisions"
    # the kills landed before and after the switch
    assert {"new"} in outcomes
    if layout != "new folder":
        assert {"old"} in outcomes


def test_crosscheck_run_killed_at_each_writing_step_shows_one_whole_report(
    tmp_path, writers
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    out = tmp_path / "out"
    db = out / "review.sqlite3"

    def run(kill_at: int, article: str) -> Outcome:
        for old in corpus.iterdir():
            old.unlink()
        (corpus / f"{article}.txt").write_text("LONDON, 3 May - Fares rose [TK].\n")
        argv = ["run", corpus, "--out", out, "--db", db, "--checks", "placeholder"]
        return writers.crosscheck(*argv, "--no-cache", "--quiet", kill_at=kill_at)

    def shown() -> set[str]:
        """The article each report file names (claims.jsonl is empty here)."""
        found = set()
        for name in ("findings.json", "report.md", "report.html"):
            found |= set(re.findall(r"story_\d+", (out / name).read_text("utf-8")))
        return found

    first = run(-1, "story_0")
    assert (first.signal, first.code) == (None, 0), first.stderr
    outcomes = []
    for k in range(1, 40):
        before = shown()
        done = run(k, f"story_{k}")
        if done.signal is None:  # no step left to be killed at
            assert done.code == 0, done.stderr
            break
        assert done.signal == signal.SIGKILL, done.stderr
        now = shown()
        assert now in (before, {f"story_{k}"}), f"killed after step {k}: {now}"
        outcomes.append("new" if now == {f"story_{k}"} else "old")
        assert db.is_file()
    assert shown() == {f"story_{k}"}
    # killed before the switch the old report stays; after it, the new one is whole
    assert "old" in outcomes and "new" in outcomes and len(outcomes) >= 6


def _write_sizes(result: RunResult, tmp_path: Path) -> list[int]:
    """How many bytes each report file takes, in the order they are written."""
    probe = tmp_path / "sizes"
    write_reports(result, probe)
    return [(probe / name).stat().st_size for name in NAMES]


def test_a_full_disk_keeps_the_previous_report_whole(tmp_path, refs, monkeypatch):
    new = _result("new", SIZES["new"] * 40)
    sizes = _write_sizes(new, tmp_path)
    page = 4096
    pages = [-(-s // page) for s in sizes]
    # room for the old report, then room running out while writing each new file
    budgets = [sum(pages[:i]) * page + sizes[i] // 2 for i in range(len(sizes))]
    outcomes = []
    for i, budget in enumerate([*budgets, sum(pages) * page + 64 * page]):
        disk = tmp_path / f"disk-{i}"
        with small_disk(disk, 64 * page + budget) as mounted:
            out = disk / "reports"
            write_reports(_result("old", SIZES["old"]), out)
            (out / OTHER).write_bytes(b"the editors' decisions")
            if mounted is not None:
                fill(disk, leave=budget)
            else:  # the mount is refused here: the disk fills at the write layer
                real = report_module._write_file
                left = [budget]

                def short_of_space(fd, text, real=real, left=left):
                    data = text if isinstance(text, str) else "".join(text)
                    left[0] -= len(data.encode("utf-8"))
                    if left[0] < 0:
                        os.close(fd)
                        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                    real(fd, data)

                monkeypatch.setattr(report_module, "_write_file", short_of_space)
            try:
                write_reports(new, out)
                outcome = "written"
            except OSError as err:
                assert err.errno in (errno.ENOSPC, errno.EDQUOT)
                outcome = "full"
            monkeypatch.undo()
            seen = _seen(out, refs)
            if outcome == "full":
                assert set(seen.values()) == {"old"}, (i, seen)
                assert _leftovers(out) == []  # the partial run gave its space back
            else:
                assert (
                    json.loads((out / "findings.json").read_text("utf-8"))["articles"][
                        0
                    ]["id"]
                    == "new"
                )
                assert {len((out / n).read_bytes()) for n in NAMES} == set(sizes)
            assert (out / OTHER).read_bytes() == b"the editors' decisions"
            outcomes.append(outcome)
    # the disk filled up while writing each file in turn; with room, the run wrote
    assert outcomes == ["full"] * len(budgets) + ["written"]


def test_without_symbolic_links_the_files_are_written_plainly_with_a_warning(
    tmp_path, monkeypatch, refs
):
    def no_links(*args, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "symlink", no_links)
    warnings: list[str] = []
    out = tmp_path / "vfat"
    write_reports(_result("old", SIZES["old"]), out, warn=warnings.append)
    write_reports(_result("new", SIZES["new"]), out, warn=warnings.append)
    assert set(_seen(out, refs).values()) == {"new"}
    assert not any((out / name).is_symlink() for name in NAMES)
    assert len(warnings) == 2 and all("[W003]" in w for w in warnings)
    assert "symbolic links cannot be made" in warnings[0] and str(out) in warnings[0]


def test_an_old_plain_report_becomes_a_report_set_and_other_files_stay(tmp_path, refs):
    out = tmp_path / "reports"
    _prepare(out, "plain files", refs)
    (out / "notes.txt").write_text("mine")
    write_reports(_result("new", SIZES["new"]), out)
    assert set(_seen(out, refs).values()) == {"new"}
    for name in NAMES:
        assert os.readlink(out / name) == f"{RUNS_DIR}/current/{name}"
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / OTHER).read_bytes() == b"the editors' decisions"


def test_the_review_app_reads_findings_and_claims_of_the_same_run(tmp_path):
    out = tmp_path / "reports"
    write_reports(_result("old", 3), out)
    source = ReportSource(out)
    report, _ = source.report()
    assert {c["article"] for c in source.claims()} == {"old"}
    write_reports(_result("new", 5), out)
    report, reread = source.report()
    assert reread and set(report.articles) == {"new"}
    assert {c["article"] for c in source.claims()} == {"new"}
    assert report.folder.parent == (out / RUNS_DIR).resolve()


def test_reports_are_readable_through_their_names_as_plain_files_are(tmp_path):
    out = tmp_path / "reports"
    paths = write_reports(_result("new", 2), out)
    assert sorted(p.name for p in paths.values()) == sorted(NAMES)
    umask = os.umask(0)
    os.umask(umask)
    for path in paths.values():
        assert path.read_bytes() and path.stat().st_mode & 0o777 == 0o666 & ~umask
