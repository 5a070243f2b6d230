"""Placeholder checks: unfilled template or editing marks left in copy."""

from __future__ import annotations

import re

from pipeline.checks import Batch, finding, register
from pipeline.claims import Claim
from pipeline.findings import Evidence, Finding

# Marks that never belong in published copy. "XX" only counts next to a number's
# context (currency, percent, scale), so "Super Bowl XX" and "XXL" are left alone.
PLACEHOLDER_RE = re.compile(
    r"<\s*>|<<\s*>>|\[\s*\]|\{\{[^{}\n]{0,40}\}\}|\{\s*\}"
    r"|\[(?:TK|TKTK|tk|XX+|xx+|\?+|number|figure|amount|date|name|insert[^\]\n]{0,40}|"
    r"citation needed|to come|TBC|TBD|placeholder|NUMBER|FIGURE|DATE|NAME)\]"
    r"|\bTK(?:TK)+\b|(?<![\w-])TK(?![\w-])"
    r"|(?:[$€£¥]\s?)XX+(?:[.,]X+)?(?:\s?(?:million|billion|trillion|bn|m|k))?"
    r"|\bXX+(?:[.,]X+)?\s?(?:%|percent|per cent|million|billion|trillion|people|points?)\b"
    r"|\bX,XXX\b|\bXX,XXX\b"
    r"|(?<=[a-z,] )XX+(?= [a-z]+\b)"
    r"|\blorem ipsum\b"
    # question marks stand for a value only in its slot: after a currency sign or
    # before a unit ("$??? million", "??? people"), not after a reader's question
    r"|(?:[$€£¥]\s?)\?{3,}|(?<![\w?!.])\?{3,}(?=\s?(?:%|percent|per cent|million|"
    r"billion|bn|m\b|people|points?|years?|tonnes?)\b)",
    re.I,
)
# Case-sensitive parts: "TK" and "XX" in lower case are ordinary letters.
_CASE_SENSITIVE = re.compile(r"^(?:tk|xx+)", re.I)


# Every placeholder has one of these (a lower-case "tk" or "xx" is refused below, but
# "x,xxx" is not): a text without them needs no full scan.
_MAYBE = re.compile(r"[<\[{]|\?\?\?|TK|(?i:xx|lorem)")


def find_placeholders(text: str, start_at: int = 0) -> list[tuple[int, int]]:
    if not _MAYBE.search(text, start_at):
        return []
    spans = []
    for m in PLACEHOLDER_RE.finditer(text, start_at):
        word = m.group()
        core = word.lstrip("[$€£¥ ")
        if _CASE_SENSITIVE.match(core) and not (core[:2].isupper()):
            continue
        if word.upper() == "TK":
            # a bare TK is a mark only where it stands alone, not in a name ("TK-Sat 1")
            before = text[max(0, m.start() - 2) : m.start()]
            after = text[m.end() : m.end() + 2]
            if after[:1] in ("-", "'") or before[-1:] in ("-",):
                continue
        if re.fullmatch(r"X+", word):
            # a bare "XX" stands for a number only after a lower-case word ("killed XX
            # people"), not after a name ("Super Bowl XX", "Pope Pius XX")
            prev = re.search(r"(\S+)\s+$", text[max(0, m.start() - 30) : m.start()])
            if prev is None or not prev.group(1)[0].islower():
                continue
        spans.append(m.span())
    return spans


@register(
    "placeholder",
    kind="placeholder",
    per_article=True,
    description="An unfilled template or editing mark is left in the copy ('<>', '[TK]', 'XX' or '???' where a figure belongs).",
    severity="high",
)
def placeholder(claims: list[Claim], batch: Batch) -> list[Finding]:
    findings = []
    for article_id, info in sorted(batch.articles.items()):
        for start, end in find_placeholders(info.text):
            words = info.text[start:end]
            findings.append(
                finding(
                    "placeholder",
                    scope="within",
                    severity="high",
                    confidence=0.95,
                    message=f"Unfilled placeholder '{words}' left in the copy.",
                    evidence=(Evidence(article_id, start, end, words, None),),
                )
            )
    return findings
