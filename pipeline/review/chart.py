"""A small chart of every value a batch gives for one subject and measure, by period
and by article, computed here and drawn as inline SVG by the template (no JS)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from pipeline.findings import Finding

CHART_KINDS = ("number", "rank")
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#7a6a00",
    "#000000",
)
WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 18, 46


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    y: float
    y_low: float | None
    y_high: float | None
    color: str
    conflict: bool
    label: str
    title: str
    arrow: float | None = None  # y of an open bound's arrow tip ("more than ...")


@dataclass
class ChartPanel:
    """One plot: the values of one type and unit (ranks and money do not share axes)."""

    title: str
    inverted: bool
    points: list[ChartPoint] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    bands: list[tuple[float, float]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


@dataclass
class Chart:
    """Panels plus what the editor needs to read them."""

    subjects: list[str]
    measures: list[str]
    panels: list[ChartPanel]
    legend: list[tuple[str, str]]
    rows: list[dict[str, Any]]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(float(value)) else None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def short_number(value: float) -> str:
    """3.3e12 -> '3.3T', 1400 -> '1,400', 8.1 -> '8.1'."""
    sign = "-" if value < 0 else ""
    v = abs(value)
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if v >= size:
            return f"{sign}{v / size:.3g}{suffix}"
    if v >= 1000 or v == int(v):
        return f"{sign}{v:,.0f}"
    return f"{sign}{v:.3g}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values from just below ``low`` to within half a step of ``high``."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    t = first
    while t <= high + step * 0.5:
        ticks.append(round(t, 10))
        t += step
    return ticks


def _period(claim: dict[str, Any], published: dict[str, str | None]) -> str:
    if claim.get("period"):
        return str(claim["period"])
    pub = published.get(claim.get("article", ""))
    return f"{pub[:4]} (published)" if pub else "no period"


def matching_claims(
    finding: Finding, claims: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], set[tuple[str, int, int]], set[tuple[Any, Any]]]:
    """The claims sharing a subject and measure with the finding's evidence.

    Returns (claims, the evidence positions, the (subject_key, measure_key) pairs).
    """
    cited = {(e.article, e.start, e.end) for e in finding.evidence}
    keys = {
        (c.get("subject_key"), c.get("measure_key"))
        for c in claims
        if (c.get("article"), c.get("start"), c.get("end")) in cited
        and (c.get("subject_key") or c.get("measure_key"))
    }
    seen: set[tuple[Any, ...]] = set()
    picked = []
    for c in claims:
        if (c.get("subject_key"), c.get("measure_key")) not in keys:
            continue
        if _number(c.get("value")) is None:
            continue
        key = (c.get("article"), c.get("start"), c.get("end"), c.get("type"))
        if key in seen:
            continue
        seen.add(key)
        picked.append(c)
    return picked, cited, keys


def build_chart(
    finding: Finding,
    claims: list[dict[str, Any]] | None,
    published: dict[str, str | None],
) -> Chart | None:
    """The chart for a number or rank finding, or None when there is nothing to draw.

    Args:
        finding: the finding (its evidence spans are matched to claims by position).
        claims: the claims of claims.jsonl.
        published: article id -> publication date, for claims without a period.
    """
    if finding.kind not in CHART_KINDS or not claims:
        return None
    picked, cited, keys = matching_claims(finding, claims)
    if not picked:
        return None
    articles = list(dict.fromkeys(c["article"] for c in picked))
    colors = {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(articles)}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in picked:
        groups.setdefault((str(c.get("type")), str(c.get("unit") or "")), []).append(c)

    def cites(group: list[dict[str, Any]]) -> bool:
        return any((c["article"], c["start"], c["end"]) in cited for c in group)

    panels = [
        _panel(kind, unit, members, colors, cited, published)
        for (kind, unit), members in sorted(
            groups.items(), key=lambda kv: (not cites(kv[1]), kv[0])
        )
    ]
    rows = [
        {
            "period": _period(c, published),
            "article": c["article"],
            "text": c.get("text", ""),
            "type": c.get("type"),
            "value": c.get("value"),
            "low": c.get("low"),
            "high": c.get("high"),
            "unit": c.get("unit"),
            "cited": (c["article"], c["start"], c["end"]) in cited,
        }
        for c in sorted(
            picked,
            key=lambda c: (_period(c, published), c["article"], c.get("start", 0)),
        )
    ]
    return Chart(
        subjects=sorted({str(s) for s, _ in keys if s}),
        measures=sorted({str(m) for _, m in keys if m}),
        panels=panels,
        legend=[(a, colors[a]) for a in articles],
        rows=rows,
    )


def _panel(
    kind: str,
    unit: str,
    members: list[dict[str, Any]],
    colors: dict[str, str],
    cited: set[tuple[str, int, int]],
    published: dict[str, str | None],
) -> ChartPanel:
    inverted = kind == "rank"
    panel = ChartPanel(title=f"{kind}{f' ({unit})' if unit else ''}", inverted=inverted)
    periods = sorted(
        {_period(c, published) for c in members}, key=lambda p: (p == "no period", p)
    )
    values: list[float] = []
    for c in members:
        for key in ("value", "low", "high"):
            v = _number(c.get(key))
            if v is not None:
                values.append(v)
    low, high = min(values), max(values)
    if inverted:
        low = min(low, 1.0)
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    ticks = nice_ticks(low, high)
    if inverted:  # places start at 1: no "0th" tick
        ticks = sorted({1.0, *(t for t in ticks if t >= 1)})
    low, high = min(low, ticks[0]), max(high, ticks[-1])
    pad = (high - low) * 0.06  # room for the marks at the edges
    open_above = any(_open(c) == "above" for c in members)
    open_below = any(_open(c) == "below" for c in members)
    # an open bound ("more than 1,400") gets room to point past the others
    low -= pad * (3 if open_below else 1)
    high += pad * (3 if open_above else 1)
    plot_h = panel.bottom - panel.top
    band = (panel.right - panel.left) / len(periods)

    def y_of(v: float) -> float:
        share = (v - low) / (high - low)
        if inverted:
            return round(panel.top + share * plot_h, 1)
        return round(panel.bottom - share * plot_h, 1)

    panel.y_ticks = [(y_of(t), short_number(t)) for t in ticks]
    panel.x_ticks = [
        (round(panel.left + band * (i + 0.5), 1), p) for i, p in enumerate(periods)
    ]
    panel.bands = [
        (round(panel.left + band * i, 1), round(band, 1))
        for i in range(len(periods))
        if i % 2 == 1
    ]
    article_order = list(colors)
    for i, period in enumerate(periods):
        in_period = [c for c in members if _period(c, published) == period]
        present = [
            a for a in article_order if any(c["article"] == a for c in in_period)
        ]
        for c in in_period:
            slot = present.index(c["article"])
            same = [o for o in in_period if o["article"] == c["article"]]
            nudge = (same.index(c) - (len(same) - 1) / 2) * 7
            x = panel.left + band * (i + (slot + 1) / (len(present) + 1)) + nudge
            value = _number(c.get("value"))
            if value is None:  # pragma: no cover - matching_claims drops these
                continue
            c_low, c_high = _number(c.get("low")), _number(c.get("high"))
            conflict = (c["article"], c["start"], c["end"]) in cited
            # an open bound ("more than 1,400") runs to the edge, with an arrow
            y_low = y_of(c_low) if c_low is not None else None
            y_high = y_of(c_high) if c_high is not None else None
            arrow = None
            if _open(c) == "above":
                y_high = arrow = y_of(high)
            elif _open(c) == "below":
                y_low = arrow = y_of(low)
            interval = y_low is not None and y_high is not None and y_low != y_high
            unit_text = f" {c['unit']}" if c.get("unit") else ""
            panel.points.append(
                ChartPoint(
                    x=round(x, 1),
                    y=y_of(value),
                    y_low=y_low if interval else None,
                    y_high=y_high if interval else None,
                    color=colors[c["article"]],
                    conflict=conflict,
                    label=_label(c, value),
                    title=f"{c['article']}: '{c.get('text', '')}' = {value:g}"
                    f"{unit_text} ({period})"
                    f"{' — cited by this finding' if conflict else ''}",
                    arrow=arrow,
                )
            )
    return panel


def _open(claim: dict[str, Any]) -> str | None:
    """'above' for "more than N" (no upper bound), 'below' for "fewer than N"."""
    if claim.get("change") == ">" and _number(claim.get("high")) is None:
        return "above"
    if claim.get("change") == "<" and _number(claim.get("low")) is None:
        return "below"
    return None


def _label(claim: dict[str, Any], value: float) -> str:
    """The claim's own words when short ("more than 1,400"), else the number."""
    words = " ".join(str(claim.get("text") or "").split())
    return words if 0 < len(words) <= 22 else short_number(value)
