"""Back to gold: editors' decisions written as gold findings (confirmed) and traps
(dismissed) in the ``crosscheck.gold/1`` format of gold/README.md."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.findings import Evidence
from pipeline.report import atomic_write
from pipeline.review.data import ReportSource, locate, read_article
from pipeline.review.errors import ReportError, ReviewErrors
from pipeline.review.store import ReviewRecord, ReviewStore

GOLD_SCHEMA = "crosscheck.gold/1"
ID_PREFIX = "review-"
STORY = "editors' review decisions (crosscheck review export)"


@dataclass
class ExportSummary:
    """What an export wrote, replaced, withdrew and skipped."""

    path: Path
    findings: int = 0
    traps: int = 0
    added: int = 0
    replaced: int = 0
    withdrawn: int = 0
    skipped: list[str] = field(default_factory=list)
    written: bool = False

    def line(self) -> str:
        if not self.written:
            return f"no decisions to export yet; {self.path} not written"
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return (
            f"{self.path}: {self.findings} findings, {self.traps} traps "
            f"({self.added} added, {self.replaced} replaced, {self.withdrawn} "
            f"withdrawn{skipped})"
        )


def gold_id(fingerprint: str) -> str:
    return f"{ID_PREFIX}{fingerprint}"


def _when(at: str | None) -> str:
    return (at or "")[:10] or "an unknown date"


def _note(record: ReviewRecord, message: str) -> str:
    who = record.updated_by or "unknown"
    if record.status == "confirmed":
        head = f"Confirmed by {who} on {_when(record.updated_at)}: {message}"
    else:
        head = (
            f"Dismissed by {who} on {_when(record.updated_at)} "
            f"({record.reason_label or 'no reason'}): {message}"
        )
    return f"{head} Note: {record.note}" if record.note else head


def _load_existing(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {
            "schema": GOLD_SCHEMA,
            "story": STORY,
            "articles": [],
            "claims": [],
            "findings": [],
            "traps": [],
        }
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ReportError(ReviewErrors.E055.format(path=path, reason=err)) from err
    if not isinstance(data, dict) or data.get("schema") != GOLD_SCHEMA:
        raise ReportError(
            ReviewErrors.E055.format(path=path, reason=f"schema is not {GOLD_SCHEMA}")
        )
    for key in ("articles", "claims", "findings", "traps"):
        if not isinstance(data.setdefault(key, []), list):
            raise ReportError(
                ReviewErrors.E055.format(path=path, reason=f"'{key}' is not a list")
            )
    return data


def export_gold(
    out_dir: str | os.PathLike[str],
    db_path: str | os.PathLike[str],
    report_dir: str | os.PathLike[str] | None = None,
    *,
    base_dir: str | os.PathLike[str] | None = None,
) -> ExportSummary:
    """Write ``out_dir/gold.json`` from the decisions in ``db_path``.

    Confirmed findings become gold findings (each evidence span its own slot);
    dismissed ones become traps (their evidence as spans). An existing file is merged:
    entries with the same id are replaced, entries of findings reopened since are
    withdrawn, everything else is kept. Each span is checked against the article
    text as it is now (and re-found when the article moved it); a finding whose
    words cannot be found is skipped and listed in the summary.

    Args:
        out_dir: the folder of the exported set: a gold folder of its own
            (``crosscheck eval --gold out_dir`` scores it), or a set folder inside
            the project's gold folder when the user asks for that.
        db_path: the review database.
        report_dir: the report whose findings.json gives the latest evidence and
            article paths; findings no longer reported use the store's snapshot.
        base_dir: what relative article paths of findings.json are relative to
            (default: the current directory).

    Raises:
        ReportError: the existing gold file or findings.json cannot be read.
    """
    out_dir = Path(out_dir)
    out_path = out_dir / "gold.json"
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    summary = ExportSummary(out_path)
    store = ReviewStore(db_path)
    records = store.records()

    reported: dict[str, dict[str, Any]] = {}
    paths: dict[str, dict[str, Any]] = {}
    if report_dir is not None and (Path(report_dir) / "findings.json").is_file():
        source = ReportSource(report_dir, base)
        report, _ = source.report()
        reported = {item.id: item.finding.to_dict() for item in report.findings}
        paths = source.article_paths()

    existed = out_path.exists()
    document = _load_existing(out_path)
    entries: dict[str, tuple[str, dict[str, Any]]] = {}
    articles: dict[str, dict[str, Any]] = {}
    texts: dict[str, str | None] = {}

    def article_text(article_id: str, info: dict[str, Any]) -> str | None:
        if article_id not in texts:
            texts[article_id] = read_article({"id": article_id, **info}, base).text
        return texts[article_id]

    for fp, record in sorted(records.items()):
        if record.status not in ("confirmed", "dismissed"):
            continue
        snapshot = record.snapshot or {}
        data = reported.get(fp) or snapshot
        if not data.get("evidence"):
            summary.skipped.append(f"{fp}: no evidence recorded")
            continue
        known = {**snapshot.get("articles", {}), **paths}
        spans: list[dict[str, Any]] = []
        problem = None
        for raw in data["evidence"]:
            ev = Evidence.from_dict(raw)
            info = known.get(ev.article)
            if info is None:
                problem = f"no path known for article {ev.article}"
                break
            text = article_text(ev.article, info)
            found = locate(text, ev) if text is not None else None
            if found is None:
                problem = f"'{ev.text}' not found in {info['path']}"
                break
            span = {
                "article": ev.article,
                "start": found[0],
                "end": found[1],
                "text": ev.text,
            }
            if span not in spans:
                spans.append(span)
            articles[ev.article] = {
                "id": ev.article,
                "path": Path(os.path.relpath(info["path"], out_dir)).as_posix(),
                **({"published": info["published"]} if info.get("published") else {}),
            }
        if problem:
            summary.skipped.append(f"{fp}: {problem}")
            continue
        note = _note(record, str(data.get("message", "")))
        if record.status == "confirmed":
            entries[gold_id(fp)] = (
                "findings",
                {
                    "id": gold_id(fp),
                    "kind": data["kind"],
                    "rule": data.get("rule"),
                    "scope": data.get("scope"),
                    "note": note,
                    "slots": [[span] for span in spans],
                },
            )
        else:
            entries[gold_id(fp)] = (
                "traps",
                {
                    "id": gold_id(fp),
                    "kind": data["kind"],
                    "note": note,
                    "spans": spans,
                },
            )

    withdrawn = {gold_id(fp) for fp, r in records.items() if r.status == "open"}
    existing_ids = {e.get("id") for key in ("findings", "traps") for e in document[key]}
    for key in ("findings", "traps"):
        kept = []
        for entry in document[key]:
            if entry.get("id") in entries:
                continue
            if entry.get("id") in withdrawn:
                summary.withdrawn += 1
                continue
            kept.append(entry)
        kept.extend(e for k, e in entries.values() if k == key)
        document[key] = sorted(kept, key=lambda e: str(e.get("id")))
    summary.replaced = len(existing_ids & set(entries))
    summary.added = len(set(entries) - existing_ids)
    merged = {str(a.get("id")): a for a in document["articles"]}
    merged.update(articles)
    document["articles"] = [merged[k] for k in sorted(merged)]
    summary.findings = len(document["findings"])
    summary.traps = len(document["traps"])
    if not existed and not entries:
        return summary  # an empty gold set would only confuse `crosscheck eval`
    ordered = {"schema": GOLD_SCHEMA, "story": document.get("story") or STORY}
    ordered.update({k: v for k, v in document.items() if k not in ordered})
    atomic_write(out_path, json.dumps(ordered, ensure_ascii=False, indent=2) + "\n")
    summary.written = True
    return summary
