"""The findings.json and claims.jsonl contracts."""

from __future__ import annotations

import json
from collections.abc import Iterator

from pipeline.report.context import stories_of

SCHEMA = "crosscheck.findings/1"


def findings_document(result) -> dict:
    """findings.json: the contract's keys, and the run's stories as an extension
    (``{"id", "articles", "label", "given"}``, in the order of their first article)."""
    return {
        "schema": SCHEMA,
        "articles": [a.to_dict() for a in result.articles],
        "errors": [e.to_dict() for e in result.errors],
        "findings": [f.to_dict() for f in result.findings],
        "stories": [s.to_dict() for s in stories_of(result)],
    }


def claim_line(claim) -> str:
    return json.dumps(claim.to_dict(), ensure_ascii=False)


def claims_lines(claims) -> str:
    return "".join(iter_claims_lines(claims))


def iter_claims_lines(claims) -> Iterator[str]:
    """claims.jsonl a line at a time: a million claims never become one string."""
    for c in claims:
        yield claim_line(c) + "\n"
