"""Findings: a flagged conflict with its evidence, and its stable fingerprint."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

KINDS = ("date", "number", "rank", "count", "placeholder")
SEVERITIES = ("high", "medium", "low")
REVIEW_STATES = ("open", "confirmed", "dismissed")
MAX_EVIDENCE_CHARS = 120


@dataclass(frozen=True, slots=True)
class Evidence:
    """The exact words of one compared value."""

    article: str
    start: int
    end: int
    text: str
    value: str | None = None

    def to_dict(self) -> dict:
        return {
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Evidence:
        return cls(
            data["article"], data["start"], data["end"], data["text"], data.get("value")
        )


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    rule: str
    scope: str
    severity: str
    confidence: float
    message: str
    evidence: tuple[Evidence, ...]
    review: str = "open"
    # n-th finding with the very same words in one run (two "<>" in one article): keeps
    # their fingerprints apart; 0 for nearly every finding
    occurrence: int = 0

    @property
    def id(self) -> str:
        return fingerprint(self)

    def with_review(self, status: str) -> Finding:
        return replace(self, review=status)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "rule": self.rule,
            "scope": self.scope,
            "severity": self.severity,
            "confidence": round(self.confidence, 3),
            "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence],
            "review": self.review,
            **({"occurrence": self.occurrence} if self.occurrence else {}),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        return cls(
            kind=data["kind"],
            rule=data["rule"],
            scope=data["scope"],
            severity=data["severity"],
            confidence=float(data["confidence"]),
            message=data["message"],
            evidence=tuple(Evidence.from_dict(e) for e in data["evidence"]),
            review=data.get("review", "open"),
            occurrence=int(data.get("occurrence", 0)),
        )


_SPACES = re.compile(r"\s+")


def _norm_words(text: str) -> str:
    return _SPACES.sub(" ", text).strip().lower()


def fingerprint(finding: Finding) -> str:
    """A hex id that ignores offsets, so an edit elsewhere in an article keeps it.

    Built from the kind, the rule and, for each evidence span, its article and its
    words (whitespace-normalised), sorted so the order of evidence does not matter.
    """
    parts = sorted(f"{e.article}\x1f{_norm_words(e.text)}" for e in finding.evidence)
    key = "\x1e".join([finding.kind, finding.rule, *parts])
    if finding.occurrence:
        key += f"\x1e#{finding.occurrence}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


def sort_findings(
    findings: list[Finding], ids: dict[int, str] | None = None
) -> list[Finding]:
    """Deterministic order: severity, kind, then first evidence position. ``ids``
    maps ``id(finding)`` to its fingerprint when the caller has them already."""

    def key(f: Finding):
        first = f.evidence[0] if f.evidence else Evidence("", 0, 0, "")
        return (
            SEVERITY_ORDER[f.severity],
            f.kind,
            f.rule,
            first.article,
            first.start,
            ids[id(f)] if ids is not None else f.id,
        )

    return sorted(findings, key=key)
