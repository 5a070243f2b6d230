"""report.md: the findings by severity, each with its evidence quoted in context.

Article words, ids, file names and messages are untrusted: Markdown renderers pass raw
HTML through, so every one of them goes through :func:`md_text` (HTML-escaped, Markdown
punctuation backslashed, one line) or :func:`md_code` (a code span that nothing inside
can close) before it is written.
"""

from __future__ import annotations

import re

from pipeline.report.context import grouped, snippets

# Line breaks and control characters (terminal escapes included) in article text.
_BREAKS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]+")
# Inline punctuation that can start emphasis, code, links, tables or strikethrough
# ("<", ">" and "&" become entities instead); at the start of a line, also what
# opens a heading, a list or a quote.
_MD_PUNCT = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*)(\d*)([#+=.)-])")


def md_text(text: object) -> str:
    """Untrusted text as inert Markdown on one line (safe at the start of a line)."""
    text = _BREAKS.sub(" ", str(text))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_PUNCT.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}", text)


def md_code(text: object) -> str:
    """Untrusted text as a Markdown code span: HTML inside it is never rendered."""
    text = _BREAKS.sub(" ", str(text))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _quote(s) -> str:
    before, after = md_text(s.before.strip()), md_text(s.after.strip())
    return f"{before} **{md_text(s.words)}** {after}".strip()


def render_markdown(result, eval_section: dict | None = None) -> str:
    texts = result.texts
    shown = [f for f in result.findings if f.review != "dismissed"]
    dismissed = [f for f in result.findings if f.review == "dismissed"]
    lines = [
        "# crosscheck report",
        "",
        f"{len(result.articles)} articles, {len(result.claims)} claims, "
        f"{len(shown)} findings to review"
        + (f" ({len(dismissed)} dismissed earlier)" if dismissed else "")
        + (f", {len(result.errors)} input errors" if result.errors else "")
        + ".",
        "",
    ]
    for severity, findings in grouped(shown):
        if not findings:
            continue
        lines += [f"## {severity.capitalize()} ({len(findings)})", ""]
        for f in findings:
            status = "" if f.review == "open" else f" — {f.review}"
            heading = " · ".join(md_text(x) for x in (f.kind, f.rule, f.scope))
            lines.append(f"### {heading}{status}")
            lines.append("")
            lines.append(md_text(f.message))
            lines.append("")
            for s in snippets(f, texts):
                value = f" (value: {md_text(s.value)})" if s.value else ""
                where = f"\\[{s.start}:{s.end}\\]"
                lines.append(f"- {md_code(s.article)} {where}{value}: {_quote(s)}")
            fid = md_text(f.id)
            lines.append(f"\n<sub>id {fid} · confidence {f.confidence:.2f}</sub>\n")
    if not shown:
        lines += ["No findings.", ""]
    if dismissed:
        lines += ["<details><summary>Dismissed findings</summary>", ""]
        for f in dismissed:
            what = f"{md_text(f.kind)} · {md_text(f.rule)}: {md_text(f.message)}"
            lines.append(f"- {what} (id {md_code(f.id)})")
        lines += ["", "</details>", ""]
    if result.errors:
        lines += ["## Input errors", ""]
        lines += [f"- {md_code(e.path)}: {md_text(e.reason)}" for e in result.errors]
        lines.append("")
    if eval_section:
        f = eval_section.get("findings", {})
        lines += [
            "## Against the gold set",
            "",
            f"precision {f.get('precision', 0):.3f} · recall {f.get('recall', 0):.3f} · F1 {f.get('f1', 0):.3f}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
