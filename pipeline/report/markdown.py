"""report.md: the findings by story, each with its evidence quoted in context, written
to read cleanly as plain text and to render right as Markdown.

Article words, ids, file names and messages are untrusted: Markdown renderers pass raw
HTML through, so every one of them goes through :func:`md_text` (one line, with only
what could start markup escaped) or :func:`md_code` (a code span that nothing inside
can close) before it is written. Escaping is kept to what would otherwise change how
the text renders, so the plain text stays readable ("2023-09-09", "<>", "R&D").
"""

from __future__ import annotations

import re

from pipeline.evaluate import score_text
from pipeline.report.context import ArticleView, FindingView, Snippet, report_view

# Line breaks and control characters (terminal escapes included) in article text.
_BREAKS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]+")
# What starts markup anywhere in a line: a backslash escape, a code span, emphasis
# with '*' or with '_' at a word's edge ('snake_case' stays as it is), GFM
# strikethrough, the ']' that opens a link's target or a reference ('[TK]' alone is
# text), an HTML tag, comment or autolink, a character reference.
_MD_INLINE = re.compile(
    r"\\(?=[!-/:-@\[-`{-~])"
    r"|[`*~]"
    r"|(?<![^\W_])_|_(?![^\W_])"
    r"|\](?=[(\[:])"
)
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_CHAR_REF = re.compile(r"&(?=#?\w+;)")
# What opens a block at the start of a line: a heading, a quote, a list item, a
# thematic break or setext underline, an indented code block.
_MD_LINE_START = re.compile(r"^(\d{1,9})([.)])|^([#>+=-])")


def md_text(text: object, *, line_start: bool = False) -> str:
    """Untrusted text as inert Markdown on one line.

    Args:
        text: any text.
        line_start: the text begins a line of the report, so what opens a block
            there (a heading, a list, a quote) is escaped too.
    """
    text = _BREAKS.sub(" ", str(text))
    text = _CHAR_REF.sub("&amp;", text)
    text = _HTML_START.sub("&lt;", text)
    text = _MD_INLINE.sub(lambda m: "\\" + m[0], text)
    if line_start:
        text = text.lstrip()
        text = _MD_LINE_START.sub(
            lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text
        )
    return text


def md_code(text: object) -> str:
    """Untrusted text as a Markdown code span: HTML inside it is never rendered."""
    text = _BREAKS.sub(" ", str(text))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _punct(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace()


def _bold(before: str, words: str, after: str) -> tuple[str, str, str]:
    """Move the edges of a bold span out to the word around it where CommonMark would
    not read '**' as emphasis there (a span starting with punctuation right after a
    letter: 'x**(9)**'), so the evidence renders bold without added spaces."""
    while before and words and before[-1].isalnum() and _punct(words[0]):
        words, before = before[-1] + words, before[:-1]
    while after and words and after[0].isalnum() and _punct(words[-1]):
        words, after = words + after[0], after[1:]
    return before, words, after


def _quote(s: Snippet) -> str:
    before, words, after = _bold(s.before, s.words.strip(), s.after)
    if not words:
        return md_text(before + after)
    return f"{md_text(before)}**{md_text(words)}**{md_text(after)}".strip()


def _article(a: ArticleView) -> str:
    name = (
        md_text(a.title, line_start=True) if a.is_headline else f"“{md_text(a.title)}”"
    )
    extra = ""
    if a.published:
        extra += f", published {md_text(a.published)}"
    if a.dateline:
        extra += f", dateline “{md_text(a.dateline)}”"
    return f"{name} ({md_code(a.id)}{extra})"


def _heading(text: str) -> str:
    """Heading text: a trailing '#' would be read as the heading's closing mark."""
    out = md_text(text)
    return out[:-1] + "\\#" if out.endswith("#") else out


def _finding(item: FindingView, number: int) -> list[str]:
    f = item.finding
    scope = "across articles" if f.scope == "across" else "within one article"
    lines = [
        f"### {number}. {f.severity.capitalize()}: {md_text(f.kind)}, "
        f"{md_code(f.rule)}, {scope}",
        "",
        md_text(f.message, line_start=True),
        "",
    ]
    for article, snips in item.columns:
        for s in snips:
            value = f", value {md_text(s.value)}" if s.value else ""
            where = f"characters {s.start}–{s.end}{value}"
            lines.append(f"- {md_code(article.id)} ({where}): {_quote(s)}")
    status = md_text(item.review.summary)
    link = f" · [review it in the app]({item.link})" if item.link else ""
    lines += [
        "",
        f"Status: {status} · confidence {f.confidence:.2f} · id {md_code(f.id)}{link}",
        "",
    ]
    return lines


def render_markdown(result, eval_section: dict | None = None) -> str:
    view = report_view(result)
    severities = ", ".join(f"{n} {s}" for s, n in view.severities)
    articles = len(view.articles)
    head = (
        f"{articles} article{'' if articles == 1 else 's'} in {view.n_stories} "
        f"stor{'y' if view.n_stories == 1 else 'ies'}, {len(result.claims)} claims, "
        f"{view.shown} finding{'' if view.shown == 1 else 's'} to review"
        + (f" ({severities})" if severities else "")
        + (f", {len(view.dismissed)} dismissed earlier" if view.dismissed else "")
        + (f", {len(result.errors)} input errors" if result.errors else "")
        + "."
    )
    lines = ["# crosscheck report", "", head, ""]
    if view.review_url:
        lines += [
            f"{view.reviewed} of {view.total} reviewed; review them in the app: "
            f"[{view.review_url}]({view.review_url}/)",
            "",
        ]
    if not view.shown:
        lines += ["No findings to review.", ""]
    number = 0
    for block in view.stories:
        count = len(block.findings)
        lines += [
            f"## {_heading(block.story.label)}",
            "",
            f"{count} finding{'' if count == 1 else 's'} in a story of "
            f"{len(block.articles)} article{'' if len(block.articles) == 1 else 's'}:",
            "",
        ]
        lines += [f"- {_article(a)}" for a in block.articles]
        lines.append("")
        for item in block.findings:
            number += 1
            lines += _finding(item, number)
    if view.dismissed:
        lines += [f"## Dismissed earlier ({len(view.dismissed)})", ""]
        for item in view.dismissed:
            f = item.finding
            lines.append(
                f"- {md_text(item.review.summary)}. {md_text(f.kind)}, "
                f"{md_code(f.rule)}: {md_text(f.message)} (id {md_code(f.id)})"
            )
        lines.append("")
    if view.quiet:
        lines += [
            f"## Stories without findings ({len(view.quiet)}, "
            f"{view.quiet_articles} articles)",
            "",
        ]
        for block in view.quiet:
            names = "; ".join(_article(a) for a in block.articles)
            lines.append(f"- {names}")
        lines.append("")
    if result.errors:
        lines += ["## Input errors", ""]
        lines += [f"- {md_code(e.path)}: {md_text(e.reason)}" for e in result.errors]
        lines.append("")
    if eval_section:
        f = eval_section.get("findings", {})
        lines += [
            "## Against the gold set",
            "",
            f"precision {score_text(f.get('precision'))} · recall "
            f"{score_text(f.get('recall'))} · F1 {score_text(f.get('f1'))}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
