"""Report writers: findings.json and claims.jsonl for machines, report.md and a
self-contained report.html for people.

A run's four files are one unit (a *report set*): they are written into a folder of
their own, ``DIR/.runs/<run id>/``, and become visible together when one symbolic
link, ``DIR/.runs/current``, is switched to that folder by a single rename. The names
in ``DIR`` (``DIR/findings.json`` and the rest) are fixed symbolic links into
``.runs/current``, so a reader sees the whole previous report or the whole new one,
never a mix, whatever moment a run is killed or the disk fills. Other files in DIR (a
review store, an editor's notes) are never touched. See ARCHITECTURE.md, "Bad input
and faults".
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.errors import Warnings, one_line
from pipeline.report.html import render_html
from pipeline.report.json_report import findings_document, iter_claims_lines
from pipeline.report.markdown import render_markdown

__all__ = [
    "REPORT_FILES",
    "RUNS_DIR",
    "write_reports",
    "atomic_write",
    "remove_stale_temp_files",
    "render_html",
    "render_markdown",
    "findings_document",
]

#: The report set: key -> file name in DIR. findings.json is linked last into a
#: fresh DIR: its presence means the whole report is there.
REPORT_FILES = {
    "claims": "claims.jsonl",
    "markdown": "report.md",
    "html": "report.html",
    "findings": "findings.json",
}
RUNS_DIR = ".runs"  # hidden: `crosscheck run DIR` and folder listings pass over it
CURRENT = "current"  # DIR/.runs/current -> <run id>, switched by one rename
PARTIAL = ".partial"  # a run folder being written; renamed without it when whole

_TEMP_NAME = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp")
# <UTC time>-<pid>-<random>[.partial]; ``legacy`` marks a report of the old layout
_RUN_NAME = re.compile(
    r"(?P<stamp>\d{8}T\d{6}(?:\d{6})?)-(?P<pid>\d+)-(?P<rand>[0-9a-f]+)(?:-legacy)?"
    rf"(?P<partial>{re.escape(PARTIAL)})?"
)
# A temporary file or run folder this old is dead whoever made it (a process id can
# be reused); writing a report set takes seconds, even for 10,000 articles.
_STALE_AFTER = 3600.0
_UMASK = os.umask(0o022)  # read once (setting it is the only way to read it) ...
os.umask(_UMASK)  # ... and put back at once

#: Called with the name of each step of :func:`write_reports` once it is done (tests
#: set it to kill the writer between two steps; None in normal use).
STEP_HOOK: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if STEP_HOOK is not None:
        STEP_HOOK(name)


def _warn_stderr(message: str) -> None:
    print(f"warning: {one_line(message)}", file=sys.stderr)


def _write_file(fd: int, text: str | Iterable[str]) -> None:
    # mkstemp makes the file private (0600); a report gets a plain file's mode
    os.fchmod(fd, 0o666 & ~_UMASK)
    with os.fdopen(
        fd, "w", encoding="utf-8", errors="backslashreplace", newline=""
    ) as fh:
        if isinstance(text, str):
            fh.write(text)
        else:
            for piece in text:
                fh.write(piece)
        fh.flush()
        os.fsync(fh.fileno())


def atomic_write(path: Path, text: str | Iterable[str]) -> None:
    """Write to a temporary file beside ``path``, then rename it into place, so a run
    killed at any moment leaves either the old file or the new one, never half.

    The temporary file is ``.<name>.<pid>.<random>.tmp``: a run killed before the
    rename leaves it behind, and :func:`remove_stale_temp_files` recognises it by its
    dead process id. Characters that cannot be encoded (an unpaired surrogate that
    slipped through) are written as backslash escapes rather than failing the run.
    ``text`` may be an iterable of pieces, written as they come (claims.jsonl).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{path.name}.{os.getpid()}."
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        _write_file(fd, text)
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or cannot tell: leave its file alone
    return True


def remove_stale_temp_files(folder: Path, names: Iterable[str]) -> list[Path]:
    """Delete temporary files that killed runs left beside the reports ``names``:
    those whose process is gone, or that are over an hour old. Returns what was
    removed. Other files in ``folder`` are never touched."""
    names = set(names)
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _TEMP_NAME.fullmatch(entry.name)
        if not m or m["name"] not in names:
            continue
        try:
            age = now - entry.lstat().st_mtime
            if age > _STALE_AFTER or not _process_alive(int(m["pid"])):
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue
    return removed


def _fsync_dir(folder: Path) -> None:
    """Make a rename or a new entry in ``folder`` durable (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _replace_link(link: Path, target: str) -> None:
    """Point the symbolic link ``link`` at ``target`` by one rename (atomic)."""
    tmp = link.parent / f".{link.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        _unlink(tmp)
        raise


def _current_run(runs: Path) -> str | None:
    try:
        target = os.readlink(runs / CURRENT)
    except OSError:
        return None
    return target if "/" not in target else None


def remove_dead_runs(runs: Path) -> list[Path]:
    """Delete run folders no reader can reach any more: every one but the current
    one that a finished or dead process left (a superseded report, or a half-written
    one), and stale temporary links. A folder a live process is still writing is
    kept. Returns what was removed."""
    removed: list[Path] = []
    current = _current_run(runs)
    try:
        entries = list(runs.iterdir())
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if entry.name in (CURRENT, current):
            continue
        run = _RUN_NAME.fullmatch(entry.name)
        temp = _TEMP_NAME.fullmatch(entry.name)
        if not run and not (temp and temp["name"] == CURRENT):
            continue  # not ours
        try:
            age = now - entry.lstat().st_mtime
        except OSError:
            continue
        pid = int((run or temp)["pid"])
        mine = pid == os.getpid()
        if run and mine and run["partial"]:
            continue  # another thread of this process may be writing it
        if not (mine or age > _STALE_AFTER or not _process_alive(pid)):
            continue  # a live run's: it may be about to switch to it
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed


def _new_run_name(legacy: bool = False) -> str:
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    name = f"{stamp}-{os.getpid()}-{secrets.token_hex(4)}"
    return name + ("-legacy" if legacy else "")


def _link_target(name: str) -> str:
    return f"{RUNS_DIR}/{CURRENT}/{name}"


def _is_our_link(path: Path, name: str) -> bool:
    try:
        return os.readlink(path) == _link_target(name)
    except OSError:
        return False


def _adopt_old_layout(out: Path, runs: Path) -> bool:
    """A report written as plain files (by an earlier crosscheck, or the fallback)
    becomes a run of its own before its names turn into links: the reader goes on
    seeing the same words at every step."""
    plain = [
        name
        for name in REPORT_FILES.values()
        if (out / name).is_file() and not (out / name).is_symlink()
    ]
    if not plain:
        return False
    name = _new_run_name(legacy=True)
    partial = runs / (name + PARTIAL)
    partial.mkdir()
    try:
        for file in plain:
            try:
                os.link(out / file, partial / file)
            except OSError:  # no hard links here: a copy says the same
                shutil.copy2(out / file, partial / file)
        _fsync_dir(partial)
        os.replace(partial, runs / name)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _step("legacy run written")
    _replace_link(runs / CURRENT, name)
    _fsync_dir(runs)
    _step("current -> legacy run")
    for file in REPORT_FILES.values():
        if file in plain:
            _replace_link(out / file, _link_target(file))
            _step(f"{file} linked")
    return True


def _render(result, eval_section: dict | None) -> dict[str, Callable]:
    def findings() -> str:
        document = findings_document(result)
        if eval_section is not None:
            document["eval"] = eval_section
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    return {
        "claims": lambda: iter_claims_lines(result.claims),
        "markdown": lambda: render_markdown(result, eval_section),
        "html": lambda: render_html(result, eval_section),
        "findings": findings,
    }


def _symlinks_work(runs: Path) -> OSError | None:
    """None when symbolic links can be made in ``runs``, else why not."""
    probe = runs / f".{CURRENT}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        os.symlink("probe", probe)
    except OSError as err:
        if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
            raise  # the disk, not the file system's kind: fail as any write does
        return err
    _unlink(probe)
    return None


def write_reports(
    result,
    out_dir: str | Path,
    eval_section: dict | None = None,
    *,
    warn: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Write findings.json, claims.jsonl, report.md and report.html into ``out_dir``
    as one report set (see the module's docstring).

    Args:
        result: the run (``RunResult``).
        out_dir: the report folder, created when missing.
        eval_section: the comparison with gold (``run --gold``), or None.
        warn: where a warning line goes (default: standard error).

    Returns:
        key -> path in ``out_dir`` (``findings``, ``claims``, ``markdown``, ``html``).

    Raises:
        OSError: the report could not be written (a full disk, a read-only folder);
            the previous report is then still whole, and the partial one removed.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {key: out / name for key, name in REPORT_FILES.items()}
    renders = _render(result, eval_section)
    remove_stale_temp_files(out, REPORT_FILES.values())
    runs = out / RUNS_DIR
    runs.mkdir(exist_ok=True)
    why_not = _symlinks_work(runs)
    if why_not is not None:
        (warn or _warn_stderr)(
            Warnings.W003.format(
                path=out, reason=why_not.strerror or why_not, file=paths["findings"]
            )
        )
        _write_plain(paths, renders)
        return paths
    remove_dead_runs(runs)
    if _adopt_old_layout(out, runs):
        remove_dead_runs(runs)  # a dead run's adoption it replaced
    name = _new_run_name()
    partial = runs / (name + PARTIAL)
    partial.mkdir()
    try:
        for key, file in REPORT_FILES.items():
            fd = os.open(partial / file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            _write_file(fd, renders[key]())
            _step(f"{file} written")
        _fsync_dir(partial)
        os.replace(partial, runs / name)
        _step("run folder complete")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _replace_link(runs / CURRENT, name)
    _fsync_dir(runs)
    _step("current switched")
    for file in REPORT_FILES.values():  # a new folder: findings.json last
        if not _is_our_link(out / file, file):
            _replace_link(out / file, _link_target(file))
            _step(f"{file} linked")
    _fsync_dir(out)
    return paths


def _write_plain(paths: dict[str, Path], renders: dict[str, Callable]) -> None:
    """Where symbolic links cannot be made: each file replaced atomically on its own,
    findings.json last (a run killed in between leaves files of two runs)."""
    for key in REPORT_FILES:
        atomic_write(paths[key], renders[key]())  # replaces a link, not its target
        _step(f"{paths[key].name} replaced")
