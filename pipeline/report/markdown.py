"""report.md: the findings by severity, each with its evidence quoted in context."""

from __future__ import annotations

from pipeline.report.context import grouped, snippets


def _quote(s) -> str:
    words = s.words.replace("\n", " ")
    return f"{s.before}**{words}**{s.after}".replace("\n", " ").strip()


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
            lines.append(f"### {f.kind} · {f.rule} · {f.scope}{status}")
            lines.append("")
            lines.append(f.message)
            lines.append("")
            for s in snippets(f, texts):
                value = f" (value: {s.value})" if s.value else ""
                lines.append(f"- `{s.article}` [{s.start}:{s.end}]{value}: {_quote(s)}")
            lines.append(f"\n<sub>id {f.id} · confidence {f.confidence:.2f}</sub>\n")
    if not shown:
        lines += ["No findings.", ""]
    if dismissed:
        lines += ["<details><summary>Dismissed findings</summary>", ""]
        for f in dismissed:
            lines.append(f"- {f.kind} · {f.rule}: {f.message} (id {f.id})")
        lines += ["", "</details>", ""]
    if result.errors:
        lines += ["## Input errors", ""]
        lines += [f"- `{e.path}`: {e.reason}" for e in result.errors]
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
