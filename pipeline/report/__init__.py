"""Report writers: findings.json and claims.jsonl for machines, report.md and a
self-contained report.html for people. Every file is written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pipeline.report.html import render_html
from pipeline.report.json_report import claims_lines, findings_document
from pipeline.report.markdown import render_markdown

__all__ = ["write_reports", "atomic_write", "render_html", "render_markdown", "findings_document"]


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, then rename it into place, so a run
    killed at any moment leaves either the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_reports(result, out_dir: str | Path, eval_section: dict | None = None) -> dict[str, Path]:
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
    atomic_write(paths["claims"], claims_lines(result.claims))
    atomic_write(paths["markdown"], render_markdown(result, eval_section))
    atomic_write(paths["html"], render_html(result, eval_section))
    # findings.json last: its presence means the whole report is there
    atomic_write(paths["findings"], json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return paths
