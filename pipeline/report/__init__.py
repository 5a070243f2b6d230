"""Report writers: findings.json and claims.jsonl for machines, report.md and a
self-contained report.html for people. Every file is written atomically."""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from pipeline.report.html import render_html
from pipeline.report.json_report import findings_document, iter_claims_lines
from pipeline.report.markdown import render_markdown

__all__ = [
    "write_reports",
    "atomic_write",
    "remove_stale_temp_files",
    "render_html",
    "render_markdown",
    "findings_document",
]


_TEMP_NAME = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp")
_STALE_AFTER = 3600.0  # seconds; a temp file this old is dead whoever made it
_UMASK = os.umask(0o022)  # read once (setting it is the only way to read it) ...
os.umask(_UMASK)  # ... and put back at once


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
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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


def remove_stale_temp_files(folder: Path, names: list[str]) -> list[Path]:
    """Delete temporary files that killed runs left beside the reports ``names``:
    those whose process is gone, or that are over an hour old. Returns what was
    removed. Other files in ``folder`` are never touched."""
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
            age = now - entry.stat().st_mtime
            if age > _STALE_AFTER or not _process_alive(int(m["pid"])):
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue
    return removed


def write_reports(
    result, out_dir: str | Path, eval_section: dict | None = None
) -> dict[str, Path]:
    """Write findings.json, claims.jsonl, report.md and report.html into ``out_dir``."""
    import json

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    document = findings_document(result)
    if eval_section is not None:
        document["eval"] = eval_section
    paths = {
        "findings": out / "findings.json",
        "claims": out / "claims.jsonl",
        "markdown": out / "report.md",
        "html": out / "report.html",
    }
    remove_stale_temp_files(out, [p.name for p in paths.values()])
    atomic_write(paths["claims"], iter_claims_lines(result.claims))
    atomic_write(paths["markdown"], render_markdown(result, eval_section))
    atomic_write(paths["html"], render_html(result, eval_section))
    # findings.json last: its presence means the whole report is there
    atomic_write(
        paths["findings"], json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    )
    return paths
