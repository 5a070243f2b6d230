"""Scoring a run against the gold set (the scoring contract of DESIGN.md).

Findings: a predicted finding matches a gold finding when, for every slot, one of its
evidence spans (at most 120 characters) overlaps one of the slot's spans; each
predicted finding counts toward at most one gold finding (maximum bipartite matching).
Claims: span overlap plus type agreement, then the accuracy of value, unit and change
on the matched pairs, so a drop can be traced to extraction or to checking.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from pipeline.claims import CLAIM_TYPES, Claim
from pipeline.findings import KINDS, MAX_EVIDENCE_CHARS, Finding
from pipeline.gold import GoldFinding, GoldSpan, Trap


def overlaps(a_article: str, a_start: int, a_end: int, b: GoldSpan) -> bool:
    return a_article == b.article and a_start < b.end and b.start < a_end


def finding_matches(pred: Finding, gold: GoldFinding) -> bool:
    spans = [e for e in pred.evidence if e.end - e.start <= MAX_EVIDENCE_CHARS]
    return all(
        any(overlaps(e.article, e.start, e.end, s) for e in spans for s in slot)
        for slot in gold.slots
    )


def trap_violated(pred: Finding, trap: Trap) -> bool:
    spans = [e for e in pred.evidence if e.end - e.start <= MAX_EVIDENCE_CHARS]
    return all(
        any(overlaps(e.article, e.start, e.end, s) for e in spans) for s in trap.spans
    )


def _max_matching(edges: dict[int, list[int]]) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths); returns gold index -> pred index."""
    match_pred: dict[int, int] = {}

    def try_assign(g: int, seen: set[int]) -> bool:
        for p in edges.get(g, []):
            if p in seen:
                continue
            seen.add(p)
            if p not in match_pred or try_assign(match_pred[p], seen):
                match_pred[p] = g
                return True
        return False

    for g in sorted(edges):
        try_assign(g, set())
    return {g: p for p, g in match_pred.items()}


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    """Precision, recall and F1, or None for each when the set has no gold labels for
    this score: with nothing labelled, every prediction is unjudged, not wrong (a set
    exported from review decisions labels only the findings editors decided on, and
    no claims at all)."""
    out: dict = {"precision": None, "recall": None, "f1": None}
    if n_gold:
        p = tp_pred / n_pred if n_pred else 0.0
        r = tp_gold / n_gold
        f = 2 * p * r / (p + r) if p + r else 0.0
        out = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
    return {
        **out,
        "predicted": n_pred,
        "gold": n_gold,
        "matched": tp_gold,
        "matched_predicted": tp_pred,
    }


def score_text(value: float | None) -> str:
    """A score as eval.md shows it: three decimals, or 'n/a' when there is none."""
    return "n/a" if value is None else f"{value:.3f}"


def score_findings(
    predicted: list[Finding], gold: list[GoldFinding], traps: Iterable[Trap] = ()
) -> dict:
    edges = {
        gi: [pi for pi, p in enumerate(predicted) if finding_matches(p, g)]
        for gi, g in enumerate(gold)
    }
    matching = _max_matching(edges)
    matched_pred = set(matching.values())
    result = prf(len(matched_pred), len(predicted), len(matching), len(gold))
    by_kind = {}
    for kind in KINDS:
        gk = [gi for gi, g in enumerate(gold) if g.kind == kind]
        pk = [pi for pi, p in enumerate(predicted) if p.kind == kind]
        if not gk and not pk:
            continue
        tp_gold = sum(1 for gi in gk if gi in matching)
        tp_pred = sum(1 for pi in pk if pi in matched_pred)
        by_kind[kind] = prf(tp_pred, len(pk), tp_gold, len(gk))
    result["by_kind"] = by_kind
    result["misses"] = [
        {
            "id": g.id,
            "kind": g.kind,
            "rule": g.rule,
            "note": g.note,
            "spans": [[s.to_dict() for s in slot] for slot in g.slots],
        }
        for gi, g in enumerate(gold)
        if gi not in matching
    ]
    result["false_alarms"] = [
        {
            "id": p.id,
            "kind": p.kind,
            "rule": p.rule,
            "message": p.message,
            "evidence": [e.to_dict() for e in p.evidence],
        }
        for pi, p in enumerate(predicted)
        if pi not in matched_pred
    ]
    violated = []
    for t in traps:
        hits = [
            p
            for pi, p in enumerate(predicted)
            if pi not in matched_pred and trap_violated(p, t)
        ]
        if hits:
            violated.append(
                {"id": t.id, "kind": t.kind, "note": t.note, "by": [p.id for p in hits]}
            )
    trap_list = list(traps)
    result["traps"] = {
        "total": len(trap_list),
        "violated": len(violated),
        "list": violated,
    }
    return result


def _same_value(pred, gold) -> bool:
    if pred is None or gold is None:
        return pred is None and gold is None
    if isinstance(gold, (int, float)) and isinstance(pred, (int, float)):
        return math.isclose(float(pred), float(gold), rel_tol=1e-3, abs_tol=1e-9)
    return str(pred) == str(gold)


def score_claims(predicted: list[Claim], gold: list[dict]) -> dict:
    """Per type: span+type precision and recall; value, unit, change accuracy on matches."""
    by_article_pred: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(predicted):
        by_article_pred[c.article].append(i)
    used: set[int] = set()
    pairs: list[tuple[dict, Claim]] = []
    for g in gold:
        best = None
        best_overlap = 0
        for i in by_article_pred.get(g["article"], []):
            if i in used:
                continue
            c = predicted[i]
            if c.type != g["type"]:
                continue
            ov = min(c.end, g["end"]) - max(c.start, g["start"])
            if ov > best_overlap:
                best, best_overlap = i, ov
        if best is not None:
            used.add(best)
            pairs.append((g, predicted[best]))
    out = {}
    for ctype in CLAIM_TYPES:
        n_gold = sum(1 for g in gold if g["type"] == ctype)
        n_pred = sum(1 for c in predicted if c.type == ctype)
        if not n_gold and not n_pred:
            continue
        matched = [(g, c) for g, c in pairs if g["type"] == ctype]
        stats = prf(len(matched), n_pred, len(matched), n_gold)
        if matched:
            stats["value_accuracy"] = round(
                sum(_same_value(c.value, g.get("value")) for g, c in matched)
                / len(matched),
                4,
            )
            stats["unit_accuracy"] = round(
                sum((c.unit or None) == (g.get("unit") or None) for g, c in matched)
                / len(matched),
                4,
            )
            stats["change_accuracy"] = round(
                sum(c.change == g.get("change", "=") for g, c in matched)
                / len(matched),
                4,
            )
        out[ctype] = stats
    total = prf(len(pairs), len(predicted), len(pairs), len(gold))
    total["value_accuracy"] = (
        round(
            sum(_same_value(c.value, g.get("value")) for g, c in pairs) / len(pairs), 4
        )
        if pairs
        else None
    )
    return {"by_type": out, "overall": total}


def evaluate_set(result, gold_set) -> dict:
    """Score one run (``pipeline.run.RunResult``) against one gold set."""
    return {
        "articles": sorted(a.id for a in result.articles),
        "findings": score_findings(result.findings, gold_set.findings, gold_set.traps),
        "claims": score_claims(result.claims, gold_set.claims),
        "stories": _story_report(result.stories),
    }


def _story_report(stories: dict[str, str]) -> list[list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for article, story in stories.items():
        groups[story].append(article)
    return sorted(sorted(v) for v in groups.values())


def combine(per_set: dict[str, dict]) -> dict:
    """Micro-averaged totals over several sets' evaluations."""

    def add(key: str, sub: str | None = None) -> dict:
        tp_pred = n_pred = tp_gold = n_gold = 0
        for ev in per_set.values():
            block = (
                ev["findings"] if sub is None else ev["findings"]["by_kind"].get(sub)
            )
            if not block:
                continue
            n_pred += block["predicted"]
            n_gold += block["gold"]
            tp_gold += block["matched"]
            tp_pred += block["matched_predicted"]
        return prf(tp_pred, n_pred, tp_gold, n_gold)

    findings = add("findings")
    findings["by_kind"] = {
        k: add("findings", k)
        for k in KINDS
        if any(k in ev["findings"]["by_kind"] for ev in per_set.values())
    }
    by_type = {}
    for ctype in CLAIM_TYPES:
        blocks = [
            ev["claims"]["by_type"][ctype]
            for ev in per_set.values()
            if ctype in ev["claims"]["by_type"]
        ]
        if not blocks:
            continue
        n_pred = sum(b["predicted"] for b in blocks)
        n_gold = sum(b["gold"] for b in blocks)
        matched = sum(b["matched"] for b in blocks)
        stats = prf(matched, n_pred, matched, n_gold)
        for acc in ("value_accuracy", "unit_accuracy", "change_accuracy"):
            weighted = [(b[acc], b["matched"]) for b in blocks if acc in b]
            if weighted and sum(w for _, w in weighted):
                stats[acc] = round(
                    sum(a * w for a, w in weighted) / sum(w for _, w in weighted), 4
                )
        by_type[ctype] = stats
    return {
        "articles": sorted(a for ev in per_set.values() for a in ev["articles"]),
        "findings": findings,
        "claims": {"by_type": by_type},
        "traps": {
            "total": sum(ev["findings"]["traps"]["total"] for ev in per_set.values()),
            "violated": sum(
                ev["findings"]["traps"]["violated"] for ev in per_set.values()
            ),
        },
    }


def below_thresholds(evaluation: dict, thresholds: dict) -> list[str]:
    """Which recorded thresholds a run falls below, as readable lines."""
    failures = []
    for set_name, limits in thresholds.get("sets", {}).items():
        ev = evaluation["sets"].get(set_name)
        if ev is None:
            continue
        for key, minimum in limits.items():
            actual = _lookup(ev, key)
            if actual is not None and actual + 1e-9 < minimum:
                failures.append(f"{set_name}: {key} {actual:.4f} < {minimum:.4f}")
    return failures


def _lookup(ev: dict, key: str) -> float | None:
    """'findings.f1', 'findings.by_kind.date.recall', 'claims.by_type.money.f1'."""
    node = ev
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return float(node) if isinstance(node, (int, float)) else None


def render_eval_markdown(evaluation: dict) -> str:
    lines = ["# crosscheck eval", ""]
    for name, ev in evaluation["sets"].items():
        f = ev["findings"]
        lines += [
            f"## {name}: {len(ev['articles'])} articles",
            "",
            "| findings | precision | recall | F1 | predicted | gold |",
            "|---|---|---|---|---|---|",
            f"| **all** | {_scores(f)} | {f['predicted']} | {f['gold']} |",
        ]
        for kind, k in sorted(f["by_kind"].items()):
            lines.append(f"| {kind} | {_scores(k)} | {k['predicted']} | {k['gold']} |")
        lines += [
            "",
            f"Traps violated: {f['traps']['violated']} of {f['traps']['total']}.",
            "",
        ]
        lines += [
            "| claims | precision | recall | F1 | value acc. | unit acc. | change acc. |",
            "|---|---|---|---|---|---|---|",
        ]
        for ctype, c in ev["claims"]["by_type"].items():
            accuracies = " | ".join(
                score_text(c.get(k))
                for k in ("value_accuracy", "unit_accuracy", "change_accuracy")
            )
            lines.append(f"| {ctype} | {_scores(c)} | {accuracies} |")
        lines.append("")
        if f["misses"]:
            lines += ["Misses:", ""]
            for m in f["misses"]:
                words = " / ".join(
                    " | ".join(s["text"] for s in slot) for slot in m["spans"]
                )
                lines.append(f"- {m['id']} ({m['kind']}, {m['rule']}): {words}")
            lines.append("")
        if f["false_alarms"]:
            lines += ["False alarms:", ""]
            for p in f["false_alarms"]:
                lines.append(f"- {p['kind']} · {p['rule']}: {p['message']}")
            lines.append("")
    total = evaluation.get("overall")
    if total:
        f = total["findings"]
        lines += [
            "## All sets",
            "",
            f"precision {score_text(f['precision'])} · recall "
            f"{score_text(f['recall'])} · F1 {score_text(f['f1'])}",
            "",
        ]
    return "\n".join(lines)


def _scores(block: dict) -> str:
    return " | ".join(score_text(block.get(k)) for k in ("precision", "recall", "f1"))
