"""What the human-readable reports show: findings by severity, each evidence span in
its sentence, with the article's words around it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.findings import SEVERITIES, Finding


@dataclass(frozen=True)
class Snippet:
    article: str
    before: str
    words: str
    after: str
    start: int
    end: int
    value: str | None


_ABBREV_END = re.compile(
    r"\b(?:[A-Z]|No|Sept?|Aug|Jan|Feb|Mar|Apr|Jun|Jul|Oct|Nov|Dec|U\.S|Mr|Ms|Mrs|Dr|St|Gen|Gov)\.$"
)


def _sentence_end_at(text: str, i: int) -> bool:
    """True when text[i] ends a sentence (a full stop not closing an abbreviation)."""
    if text[i] == "\n":
        return True
    if text[i] not in ".!?":
        return False
    if i + 1 < len(text) and not text[i + 1].isspace():
        return False
    return not _ABBREV_END.search(text[max(0, i - 5) : i + 1])


def sentence_around(
    text: str, start: int, end: int, limit: int = 220
) -> tuple[int, int]:
    """Bounds of the sentence holding [start, end), at most ``limit`` characters a side."""
    a = start
    while a > 0 and start - a < limit and not _sentence_end_at(text, a - 1):
        a -= 1
    b = end
    while b < len(text) and b - end < limit:
        b += 1
        if _sentence_end_at(text, b - 1):
            break
    return a, b


def snippets(finding: Finding, texts: dict[str, str]) -> list[Snippet]:
    out = []
    for e in finding.evidence:
        text = texts.get(e.article, "")
        a, b = sentence_around(text, e.start, e.end)
        before, after = text[a : e.start].lstrip(), text[e.end : b].rstrip()
        if a > 0 and not _sentence_end_at(text, a - 1):
            # cut mid-sentence: start at a word and say so
            before = "…" + before.split(" ", 1)[1] if " " in before else "…" + before
        if b < len(text) and not _sentence_end_at(text, b - 1):
            after = (after.rsplit(" ", 1)[0] if " " in after else after) + "…"
        out.append(
            Snippet(
                e.article, before, text[e.start : e.end], after, e.start, e.end, e.value
            )
        )
    return out


def grouped(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    return [(s, [f for f in findings if f.severity == s]) for s in SEVERITIES]


def by_article(snips: list[Snippet]) -> list[tuple[str, list[Snippet]]]:
    order: list[str] = []
    groups: dict[str, list[Snippet]] = {}
    for s in snips:
        if s.article not in groups:
            order.append(s.article)
            groups[s.article] = []
        groups[s.article].append(s)
    return [(a, groups[a]) for a in order]
