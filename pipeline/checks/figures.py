"""Figure checks on the text itself: a figure whose digits are garbled in the copy."""

from __future__ import annotations

import re

from pipeline.checks import Batch, finding, register
from pipeline.claims import Claim
from pipeline.findings import Evidence, Finding

# A figure with a currency sign whose thousands separator is not followed by three
# digits: "$110,00", "£135,00", "$1,8923" (a dropped or extra digit, or a decimal
# comma in a rate). Only with a sign: bare digits with commas are also lists
# ("rounds 1,2 and 3") and scores ("1-6,4-6").
_SIGN = r"(?:[A-Z]{1,2})?[$€£¥]"
GARBLED_RE = re.compile(
    rf"(?<![\w.,-])(?P<sign>{_SIGN})\s?(?P<digits>\d{{1,3}}(?:,\d{{3}})*,(?:\d{{1,2}}|\d{{4,}}))"
    r"(?![\d,]|\.\d|-\d)"
)
_WELL_FORMED = re.compile(
    rf"(?P<sign>{_SIGN})\s?(?P<digits>\d{{1,3}}(?:,\d{{3}})+)(?![\d,])"
)


def find_garbled(text: str) -> list[re.Match]:
    if "," not in text:
        return []
    return list(GARBLED_RE.finditer(text))


def _written_right(text: str, bad: re.Match) -> re.Match | None:
    """The same figure written well elsewhere in the article ("$110,000" in the
    headline for "$110,00"): the same sign, digits that begin or end alike."""
    digits = bad["digits"].replace(",", "")
    for m in _WELL_FORMED.finditer(text):
        if m["sign"] != bad["sign"] or m.start() == bad.start():
            continue
        good = m["digits"].replace(",", "")
        if abs(len(good) - len(digits)) == 1 and (
            good.startswith(digits) or digits.startswith(good)
        ):
            return m
    return None


@register(
    "garbled_figure",
    kind="number",
    reads=(),
    per_article=True,
    description="A figure's digits are garbled in the copy: a thousands separator not followed by three digits ('$110,00').",
    severity="medium",
)
def garbled_figure(claims: list[Claim], batch: Batch) -> list[Finding]:
    findings = []
    for article_id, info in sorted(batch.articles.items()):
        for m in find_garbled(info.text):
            words = m.group()
            spans = [Evidence(article_id, m.start(), m.end(), words, None)]
            right = _written_right(info.text, m)
            also = ""
            if right is not None:
                spans.insert(
                    0,
                    Evidence(
                        article_id, right.start(), right.end(), right.group(), None
                    ),
                )
                also = f" The article also gives '{right.group()}'."
            findings.append(
                finding(
                    "garbled_figure",
                    scope="within",
                    severity="medium",
                    confidence=0.8,
                    message=(
                        f"'{words}' is not a well-formed figure: a thousands separator "
                        f"is followed by three digits, so a digit is missing or extra, "
                        f"or a decimal point was typed as a comma.{also}"
                    ),
                    evidence=tuple(spans),
                )
            )
    return findings
