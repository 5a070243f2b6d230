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
    result["by_rule"] = _by_rule(predicted, gold, matching, matched_pred)
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


def _by_rule(
    predicted: list[Finding],
    gold: list[GoldFinding],
    matching: dict[int, int],
    matched_pred: set[int],
) -> dict:
    """Per rule: how many findings it made, how many match a gold finding (true) and
    how many do not (false), and its precision; and, by the rule the gold finding is
    labelled with (informative only: another rule may be the one that catches it),
    how many gold findings there are and how many were caught."""
    rules = sorted({p.rule for p in predicted} | {g.rule for g in gold if g.rule})
    out = {}
    for rule in rules:
        made = [pi for pi, p in enumerate(predicted) if p.rule == rule]
        true = sum(1 for pi in made if pi in matched_pred)
        labelled = [gi for gi, g in enumerate(gold) if g.rule == rule]
        out[rule] = {
            "predicted": len(made),
            "true": true,
            "false": len(made) - true,
            "precision": round(true / len(made), 4) if made else None,
            "gold": len(labelled),
            "caught": sum(1 for gi in labelled if gi in matching),
        }
    return out


def score_gold_set(predicted: list[Finding], gold_set, n_articles: int) -> dict:
    """Findings scored against a gold set's findings and traps, with false alarms
    per 1,000 articles; for a set holding labels added after it was shipped, also
    the figures against the shipped labels alone (``shipped``) and the added items
    with their reasons (``added``)."""
    result = score_findings(predicted, gold_set.findings, gold_set.traps)
    result["false_alarms_per_1000"] = per_thousand(result, n_articles)
    added_findings = [g for g in gold_set.findings if g.added]
    added_traps = [t for t in gold_set.traps if t.added]
    if not (added_findings or added_traps):
        return result
    shipped = score_findings(
        predicted,
        [g for g in gold_set.findings if not g.added],
        [t for t in gold_set.traps if not t.added],
    )
    shipped["false_alarms_per_1000"] = per_thousand(shipped, n_articles)
    result["shipped"] = {
        k: shipped[k]
        for k in (
            "precision",
            "recall",
            "f1",
            "predicted",
            "gold",
            "matched",
            "by_kind",
            "by_rule",
            "traps",
            "false_alarms_per_1000",
        )
    }
    missed = {m["id"] for m in result["misses"]}
    violated = {t["id"] for t in result["traps"]["list"]}
    result["added"] = [
        {"id": g.id, "type": "finding", "kind": g.kind, "rule": g.rule,
         "reason": g.reason, "caught": g.id not in missed}
        for g in added_findings
    ] + [
        {"id": t.id, "type": "trap", "kind": t.kind, "reason": t.reason,
         "violated": t.id in violated}
        for t in added_traps
    ]  # fmt: skip
    return result


def per_thousand(scores: dict, n_articles: int) -> float | None:
    """Predicted findings that match no gold finding, per 1,000 articles."""
    if not n_articles:
        return None
    # the matching pairs findings one to one, so "matched" counts true findings too
    false = scores["predicted"] - scores["matched"]
    return round(false * 1000 / n_articles, 2)


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
        "findings": score_gold_set(result.findings, gold_set, len(result.articles)),
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
    by_rule: dict[str, dict] = {}
    for ev in per_set.values():
        for rule, r in ev["findings"].get("by_rule", {}).items():
            total = by_rule.setdefault(
                rule,
                {"predicted": 0, "true": 0, "false": 0, "gold": 0, "caught": 0},
            )
            for key in total:
                total[key] += r[key]
    for r in by_rule.values():
        r["precision"] = (
            round(r["true"] / r["predicted"], 4) if r["predicted"] else None
        )
    findings["by_rule"] = by_rule
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
            if key == "max":
                continue
            actual = _lookup(ev, key)
            if actual is not None and actual + 1e-9 < minimum:
                failures.append(f"{set_name}: {key} {actual:.4f} < {minimum:.4f}")
        # ceilings: counts that must not grow (traps violated, false alarms)
        for key, maximum in limits.get("max", {}).items():
            actual = _lookup(ev, key)
            if actual is not None and actual > maximum + 1e-9:
                failures.append(f"{set_name}: {key} {actual:.4f} > {maximum:.4f}")
    return failures


def _lookup(ev: dict, key: str) -> float | None:
    """'findings.f1', 'findings.by_kind.date.recall', 'claims.by_type.money.f1'."""
    node = ev
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return float(node) if isinstance(node, (int, float)) else None


def _per_thousand_words(f: dict) -> str:
    rate = f.get("false_alarms_per_1000")
    return "" if rate is None else f" False alarms per 1,000 articles: {rate:.2f}."


def rule_table(by_rule: dict, label: str = "") -> list[str]:
    """The per-rule precision table (markdown lines), rules that made findings
    first."""
    if not by_rule:
        return []
    head = f"| rule{f' ({label})' if label else ''} | predicted | true | false | precision | gold labelled | caught |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    for rule, r in sorted(by_rule.items(), key=lambda kv: (-kv[1]["predicted"], kv[0])):
        precision = "–" if r["precision"] is None else f"{r['precision']:.2f}"
        lines.append(
            f"| {rule} | {r['predicted']} | {r['true']} | {r['false']} | {precision} | {r['gold']} | {r['caught']} |"
        )
    return lines + [""]


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
            f"Traps violated: {f['traps']['violated']} of {f['traps']['total']}."
            + _per_thousand_words(f),
            "",
        ]
        lines += rule_table(f["by_rule"])
        if "shipped" in f:
            sh = f["shipped"]
            lines += [
                f"As shipped (without the {len(f['added'])} labels added here): "
                f"precision {sh['precision']:.3f} · recall {sh['recall']:.3f} "
                f"({sh['matched']} of {sh['gold']}) · F1 {sh['f1']:.3f} · traps "
                f"violated {sh['traps']['violated']} of {sh['traps']['total']}"
                + "."
                + _per_thousand_words(sh),
                "",
            ]
            lines += rule_table(sh["by_rule"], "as shipped")
            lines += ["Labels added to this copy, each with its reason:", ""]
            for item in f["added"]:
                state = (
                    ("caught" if item["caught"] else "missed")
                    if item["type"] == "finding"
                    else ("violated" if item["violated"] else "kept")
                )
                lines.append(
                    f"- {item['id']} ({item['type']}, {item['kind']}, {state}): {item['reason']}"
                )
            lines.append("")
        labelled_claims = any(c["gold"] for c in ev["claims"]["by_type"].values())
        if labelled_claims:  # a set without gold claims scores findings only
            lines += [
                "| claims | precision | recall | F1 | value acc. | unit acc. | change acc. |",
                "|---|---|---|---|---|---|---|",
            ]
        for ctype, c in ev["claims"]["by_type"].items() if labelled_claims else ():
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
