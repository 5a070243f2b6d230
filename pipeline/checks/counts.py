"""Count checks: a stated count that does not match the items the sentence lists
("four models: the Atlas, the Breeze and the Comet")."""

from __future__ import annotations

import re

from pipeline.checks import Batch, claims_of, evidence, finding, register
from pipeline.claims import Claim
from pipeline.findings import Evidence, Finding

_ITEM = r"(?:the\s+)?[A-Z][\w'’.&-]*(?:\s+(?:[A-Z\d][\w'’.&-]*|of|de|del|la|le|von|van|du))*(?:\s+[a-z][\w-]*)?"
_LIST = re.compile(rf"{_ITEM}(?:\s*,\s*{_ITEM})*(?:\s*,?\s+(?:and|or)\s+{_ITEM})")
_LIST_OPEN = re.compile(
    r"\b(including|such as|among them|among others|like|for example|e\.g\.)\s*$", re.I
)
_LIST_TAIL_OPEN = re.compile(
    r"^\s*(?:,?\s*(?:and|or)\s+(?:other|others|more)|,?\s*etc\b|,?\s*among others)",
    re.I,
)
# The list a count counts comes after a colon or a dash, or right after "of" ("three
# of its models, A, B and C"); a list after another preposition says where, when or
# for what ("four hurricanes in August, September and October"), not what is counted.
_COUNT_THEN = re.compile(
    r"^(?:[^.;!?\n]{0,100}?(?::|—|–| - )|\s+(?:[\w-]+\s+){1,3}of)\s*$"
)
# A count is checked against an enumeration: three items or more, set off by commas.
# "A and B" alone is as often one name ("Secrets and Lies") as a list, and "A or B"
# names alternatives ("one of the four banks, X or Y"), not the whole group.
MIN_ITEMS = 3
_OR_LIST = re.compile(r",?\s+or\s+[^,]*$")
# "number three", "No 9": a position or a shirt, not a count
_POSITION_BEFORE = re.compile(r"\b(?:number|No\.?|#)\s*$", re.I)
_LIST_THEN = re.compile(
    r"^\s+(?:\w+\s+){0,3}?(?:occupy|occupies|occupied|hold|holds|held|take|takes|took|make up|made up|won|win|are|were|account for|accounted for|form|formed)\s+(?:all\s+)?$"
)


_AND_OR = re.compile(r"\s(?:and|or)\s")


def _items(list_text: str) -> list[str]:
    parts = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", list_text)
    return [p for p in parts if p.strip()]


def enumerated(list_text: str) -> int | None:
    """The number of items of an enumeration ("A, B and C"), or None when the words
    are not one a count can be checked against."""
    if "," not in list_text or _OR_LIST.search(list_text):
        return None
    n = len(_items(list_text))
    return n if n >= MIN_ITEMS else None


def find_count_list_conflicts(
    text: str, counts: list[Claim]
) -> list[tuple[Claim, int, int, int]]:
    """(count claim, list start, list end, items) where the numbers disagree."""
    out = []
    for c in counts:
        value = int(float(c.value))
        if value < 2 or value > 12 or float(c.value) != value:
            continue
        if _POSITION_BEFORE.search(text, max(0, c.start - 8), c.start):
            continue
        s_start, s_end = c.sentence
        sentence_end = s_end if s_end > c.end else len(text)
        if not _AND_OR.search(text, s_start, sentence_end):
            continue  # every list reads "A and B" or "A, B or C"
        # count, then the list after a colon or dash
        after = text[c.end : sentence_end]
        m_gap = None
        for m in _LIST.finditer(after):
            if _COUNT_THEN.match(after[: m.start()]):
                m_gap = m
            break
        if m_gap is not None:
            start, end = c.end + m_gap.start(), c.end + m_gap.end()
            if not _LIST_TAIL_OPEN.match(text[end : end + 20]):
                n = enumerated(m_gap.group())
                if n is not None and n != value:
                    out.append((c, start, end, n))
            continue
        # the list, then a verb, then the count ("A, B and C hold three seats")
        before = text[s_start : c.start]
        for m in _LIST.finditer(before):
            if not _LIST_THEN.match(before[m.end() :]):
                continue
            if _LIST_OPEN.search(before[: m.start()]):
                continue
            n = enumerated(m.group())
            if n is not None and n != value:
                out.append((c, s_start + m.start(), s_start + m.end(), n))
    return out


@register(
    "count_list_mismatch",
    kind="count",
    per_article=True,
    description="A stated count does not match the items of the enumeration that follows it.",
    severity="medium",
)
def count_list_mismatch(claims: list[Claim], batch: Batch) -> list[Finding]:
    findings = []
    by_article: dict[str, list[Claim]] = {}
    for c in claims_of(claims, batch, "count"):
        if (
            c.numeric
            and c.change == "="
            and not c.get("count_in_list")
            and c.measure_key != "streak"
        ):
            by_article.setdefault(c.article, []).append(c)
    for article, counts in sorted(by_article.items()):
        info = batch.articles.get(article)
        if info is None:
            continue
        for c, start, end, n in find_count_list_conflicts(info.text, counts):
            if end - start > 120:
                continue
            findings.append(
                finding(
                    "count_list_mismatch",
                    scope="within",
                    severity="medium",
                    confidence=0.75,
                    message=f"'{c.text}' is followed by a list of {n}, not {int(float(c.value))}.",
                    evidence=(
                        evidence(c),
                        Evidence(article, start, end, info.text[start:end], str(n)),
                    ),
                )
            )
    return findings
