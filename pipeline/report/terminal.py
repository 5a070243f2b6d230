"""What ``crosscheck run`` prints for a person when it ends: the most severe findings,
where the reports are, and the command that opens them for review.

Messages quote article text, which is untrusted: control characters (terminal escape
sequences) are shown as ``\\xNN``, never sent to the terminal.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from pipeline.findings import SEVERITY_ORDER
from pipeline.report.context import article_view

#: How many findings the end of a run lists (the report has them all).
TOP_FINDINGS = 5
#: A listed message is cut to this many characters (about two terminal lines).
MESSAGE_CHARS = 160

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def terminal_safe(text: object) -> str:
    """One line of text with every control character shown as an escape."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", str(text).replace("\n", " "))


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


def command_name() -> str:
    """How to type crosscheck again in this shell: ``crosscheck`` when that name
    finds this very program on PATH, else the path it was started by (such as
    ``.venv/bin/crosscheck`` before the virtual environment is activated)."""
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    on_path = shutil.which("crosscheck")
    if started is None or started.name != "crosscheck":
        if on_path:
            return "crosscheck"
        python = os.path.relpath(sys.executable)
        return f"{python if len(python) < len(sys.executable) else sys.executable} -m pipeline"
    if on_path and Path(on_path).resolve() == started.resolve():
        return "crosscheck"
    shown = os.path.relpath(started)
    return shown if not shown.startswith("..") else str(started)


def _name(names: dict, article_id: str) -> str:
    view = names.get(article_id)
    if view is None:
        return article_id
    title = _short(view.title, 50)
    return title if view.is_headline else f"“{title}”"


def next_steps(
    result,
    written: dict[str, Path],
    *,
    db: Path | None,
    review_url: str | None,
    command: str | None = None,
) -> str:
    """The end of a run for a person: top findings, the reports, how to review."""
    command = command or command_name()
    names = {a.id: article_view(a) for a in result.articles}
    shown = [f for f in result.findings if f.review != "dismissed"]
    top = sorted(
        enumerate(shown), key=lambda nf: (SEVERITY_ORDER.get(nf[1].severity, 9), nf[0])
    )[:TOP_FINDINGS]
    lines = []
    if not shown:
        lines.append("No findings to review.")
    else:
        lines.append(
            f"Top findings ({len(top)} of {len(shown)} to review, most severe first):"
        )
        for n, (_, f) in enumerate(top, start=1):
            cited = list(dict.fromkeys(e.article for e in f.evidence))
            where = "; ".join(_name(names, a) for a in cited[:2]) + (
                f" and {len(cited) - 2} more" if len(cited) > 2 else ""
            )
            status = "" if f.review == "open" else f" [{f.review}]"
            lines.append(
                f"  {n}. {f.severity.upper()} {f.kind} · {f.rule}{status} · in {where}"
            )
            lines.append(f"     {_short(f.message, MESSAGE_CHARS)}")
    lines.append("")
    lines.append(
        f"Report: {written['html']} (open it in a browser) · {written['markdown']}"
    )
    folder = written["findings"].parent
    if db is not None:
        lines.append(
            f"Review: {command} review --report {folder} --db {db}"
            f"   then open {review_url or 'http://127.0.0.1:8765'}/"
        )
    else:
        lines.append(
            f"Review: {command} review --report {folder}   (add --db PATH to "
            "'run' so the report links to the app and hides dismissed findings)"
        )
    return "\n".join(terminal_safe(line) for line in lines)
