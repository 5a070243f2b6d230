"""The findings.json and claims.jsonl contracts."""

from __future__ import annotations

import json

SCHEMA = "crosscheck.findings/1"


def findings_document(result) -> dict:
    return {
        "schema": SCHEMA,
        "articles": [a.to_dict() for a in result.articles],
        "errors": [e.to_dict() for e in result.errors],
        "findings": [f.to_dict() for f in result.findings],
    }


def claim_line(claim) -> str:
    return json.dumps(claim.to_dict(), ensure_ascii=False)


def claims_lines(claims) -> str:
    return "".join(claim_line(c) + "\n" for c in claims)
