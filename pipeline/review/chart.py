"""Charts for the finding page, computed here as data and drawn as inline SVG by the
template (no JS).

Number and rank findings get one panel per kind of value the finding cites (its
type and unit: a money finding in pounds gets a pound panel, not every panel the
subject has), each holding every value the batch gives for the cited subject and
measure in that unit, the cited ones marked. Periods are labelled as the text gives
them ("Q3 2024", "3 May, year not stated"), never with the stand-in year of an
undated article. Axes have distinct ticks in the value's unit ("£905m", "4.3%",
"12th"). A conversion finding is drawn in the first currency: the stated amount
against the range any exchange rate of this century gives its conversion.

Date findings get a timeline instead: the dateline, the event, the named weekday
and the nearest days that are that weekday.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.findings import Evidence, Finding

CHART_KINDS = ("number", "rank")
TIMELINE_KINDS = ("date",)
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
LEFT, RIGHT, TOP, BOTTOM = 78, 20, 18, 46
#: An axis spans at least this share of its largest value: a rounding interval
#: ("£910m": 909.5m to 910.5m) must not fill the plot, while two figures a few
#: percent apart still sit visibly apart.
MIN_SPAN_SHARE = 0.1
#: A legend names an article by at most this many characters of its headline.
LEGEND_CHARS = 48
MAX_TICK_DECIMALS = 6
NOT_STATED = "period not stated"

#: Signs written before an amount; other currencies are written as their code.
CURRENCY_SIGNS = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "INR": "₹"}
#: Scale words of amounts and counts, largest first (newsroom style: "£1.9bn").
SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What a chart needs of an article: its name and whether it is dated."""

    name: str
    published: str | None = None
    undated: bool = False  # no publication date and no dated dateline
    text: str | None = None


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
    value: float = 0.0
    article: str = ""
    period: str = ""

    bound: bool = False  # "top 10": a place somewhere up to the value, not at it
    # where the label of a cited point is written (placed so labels do not overlap)
    label_x: float = 0.0
    label_y: float = 0.0
    label_anchor: str = "start"


@dataclass
class ChartPanel:
    """One plot: the values of one type and unit (ranks and money do not share axes)."""

    title: str
    inverted: bool
    points: list[ChartPoint] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    bands: list[tuple[float, float]] = field(default_factory=list)
    # a shaded range of values (y of its top, y of its bottom, what it is)
    ranges: list[tuple[float, float, str]] = field(default_factory=list)
    kind: str = ""
    unit: str = ""
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
    legend: list[tuple[str, str, str]]  # (article name, colour, article id)
    rows: list[dict[str, Any]]
    note: str = ""
    heading: str = ""  # what the chart shows, when not every value of one measure


# ----------------------------------------------------------------------- numbers


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
    """Round tick values from at or below ``low`` to at or above ``high``."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    n = round((last - first) / step)
    return [round(first + i * step, 10) for i in range(n + 1)]


def ordinal(n: int) -> str:
    """1 -> '1st', 12 -> '12th', 23 -> '23rd'."""
    suffix = (
        "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    )
    return f"{n}{suffix}"


def _scaled(value: float, scale: tuple[float, str] | None, decimals: int) -> str:
    sign = "-" if value < 0 else ""
    v = abs(value)
    if scale is None:
        return f"{sign}{v:,.{decimals}f}"
    return f"{sign}{v / scale[0]:,.{decimals}f}{scale[1]}"


def value_text(value: float, kind: str, unit: str, decimals: int, scale=None) -> str:
    """A value in its unit: '£905m', '$1.2bn', 'ZAR 6.8bn', '4.3%', '12th', '1,400'."""
    if kind == "rank":
        return ordinal(round(value)) if value >= 1 else f"{value:.{decimals}f}"
    number = "0" if value == 0 else _scaled(value, scale, decimals)
    if kind == "money" and unit:
        sign = CURRENCY_SIGNS.get(unit)
        if sign:
            return (
                f"-{sign}{number[1:]}" if number.startswith("-") else f"{sign}{number}"
            )
        return f"{unit} {number}"
    if unit == "percent":
        return f"{number}%"
    if unit == "percentage point":
        return f"{number} pt"
    if kind == "quantity" and unit:
        return f"{number} {unit}"
    return number


def _scale_for(magnitude: float, kind: str) -> tuple[float, str] | None:
    if kind in ("rank",) or magnitude < 1e6:
        return None
    return next((s for s in SCALES if magnitude >= s[0]), None)


def tick_labels(ticks: list[float], kind: str, unit: str) -> list[str]:
    """Labels for ``ticks`` in the unit, with as many decimals as it takes for each
    label to read its tick exactly (so no two read alike: never '910M' five times)."""
    scale = _scale_for(max(abs(t) for t in ticks), kind)
    base = scale[0] if scale else 1.0
    for decimals in range(MAX_TICK_DECIMALS + 1):
        exact = all(
            math.isclose(
                round(t / base, decimals), t / base, rel_tol=1e-9, abs_tol=1e-9
            )
            for t in ticks
        )
        if exact or decimals == MAX_TICK_DECIMALS:
            return [value_text(t, kind, unit, decimals, scale) for t in ticks]
    raise AssertionError("unreachable")  # pragma: no cover


def _point_text(value: float, kind: str, unit: str, change: str = "=") -> str:
    """A plotted value as exactly as it was written, in its unit ('top 10' for a
    place somewhere in a top ten)."""
    if kind == "rank" and change == "<":
        return f"top {round(value)}"
    scale = _scale_for(abs(value), kind)
    for decimals in range(MAX_TICK_DECIMALS + 1):
        text = value_text(value, kind, unit, decimals, scale)
        base = scale[0] if scale else 1.0
        if math.isclose(round(value / base, decimals) * base, value, rel_tol=1e-9):
            return text
    return text  # pragma: no cover


# ----------------------------------------------------------------------- periods

_YEAR = re.compile(r"(?<!\d)(\d{4})")


def period_label(period: Any, meta: ArticleMeta | None = None) -> str:
    """A claim's period as the text gives it: '2024', 'Q3 2024', 'Sep 2023',
    '25 Sep 2023', '3 May, year not stated' (for '--05-03', or for a year an undated
    article never writes, the stand-in it was resolved in)."""
    if not period:
        return NOT_STATED
    text = str(period)
    year_stated = True
    if meta is not None and meta.undated:
        m = _YEAR.search(text)
        if m and (meta.text is None or m[1] not in meta.text):
            year_stated = False
            text = text.replace(m[1], "", 1)
    if m := re.fullmatch(r"-*(\d{2})-(\d{2})", text):
        out = f"{int(m[2])} {calendar.month_abbr[int(m[1])]}"
        return f"{out}, year not stated"
    if m := re.fullmatch(r"-*(\d{2})", text):
        return f"{calendar.month_name[int(m[1])]}, year not stated"
    if m := re.fullmatch(r"(\d{4})?-?([QH])([1-4])", text):
        part = f"{m[2]}{m[3]}"
        return f"{part} {m[1]}" if m[1] else f"{part}, year not stated"
    if m := re.fullmatch(r"(\d{4})?-?W(\d{1,2})", text):
        return (
            f"week {int(m[2])}, {m[1]}"
            if m[1]
            else f"week {int(m[2])}, year not stated"
        )
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return f"{int(m[3])} {calendar.month_abbr[int(m[2])]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return f"{calendar.month_abbr[int(m[2])]} {m[1]}"
    if not year_stated and not text.strip("-/ "):
        return "year not stated"
    return text.replace("/", "–")


def _period_order(label: str) -> tuple:
    if label == NOT_STATED:
        return (2, label)
    years = _YEAR.findall(label)
    return (0 if years else 1, years[:1], label)


# ----------------------------------------------------------------------- claims


def _span(c: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    return (c.get("article"), c.get("start"), c.get("end"))


def cited_claims(
    finding: Finding, claims: Iterable[Mapping[str, Any]]
) -> list[tuple[Evidence, dict[str, Any] | None]]:
    """Each evidence span with the claim it is (the claim at its very offsets, else
    the numeric claim overlapping it most, else None)."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    cited_articles = {e.article for e in finding.evidence}
    for c in claims:
        if c.get("article") in cited_articles:
            by_article.setdefault(c["article"], []).append(dict(c))
    out = []
    for ev in finding.evidence:
        candidates = by_article.get(ev.article, [])
        exact = [
            c
            for c in candidates
            if (c.get("start"), c.get("end")) == (ev.start, ev.end)
        ]
        if exact:
            out.append((ev, exact[0]))
            continue

        def overlap(c: dict[str, Any], ev: Evidence = ev) -> int:
            return min(c.get("end", 0), ev.end) - max(c.get("start", 0), ev.start)

        near = [
            c
            for c in candidates
            if overlap(c) > 0 and _number(c.get("value")) is not None
        ]
        out.append((ev, max(near, key=overlap) if near else None))
    return out


def _from_evidence(ev: Evidence, kind: str) -> dict[str, Any] | None:
    """A plotted value made from an evidence span no claim matches."""
    number = _number(str(ev.value).lstrip("<>=~ ")) if ev.value is not None else None
    if number is None:
        return None
    return {
        "article": ev.article,
        "start": ev.start,
        "end": ev.end,
        "text": ev.text,
        "type": "rank" if kind == "rank" else "number",
        "value": number,
        "low": number,
        "high": number,
        "unit": None,
        "change": "=",
        "period": None,
    }


def matching_claims(
    finding: Finding, claims: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], set[tuple[str, int, int]], set[tuple[Any, Any]]]:
    """The cited values and every other value of their subject and measure in a kind
    of value (type and unit) the finding cites.

    Returns (claims, the cited positions, the (subject_key, measure_key) pairs).
    """
    cited: list[dict[str, Any]] = []
    for ev, claim in cited_claims(finding, claims):
        claim = claim if claim and _number(claim.get("value")) is not None else None
        claim = claim or _from_evidence(ev, finding.kind)
        if claim is not None:
            cited.append(claim)
    positions = {_span(c) for c in cited}
    kinds = {(c.get("type"), c.get("unit")) for c in cited}
    keys = {
        (c.get("subject_key"), c.get("measure_key"))
        for c in cited
        if c.get("subject_key") or c.get("measure_key")
    }
    seen: set[tuple[Any, ...]] = set()
    picked = []
    for c in [*cited, *claims]:
        key = (*_span(c), c.get("type"))
        if key in seen or _number(c.get("value")) is None:
            continue
        is_cited = _span(c) in positions
        if not is_cited and (
            (c.get("subject_key"), c.get("measure_key")) not in keys
            or (c.get("type"), c.get("unit")) not in kinds
        ):
            continue
        if is_cited and c not in cited:
            continue  # another claim at a cited position: the cited one is drawn
        seen.add(key)
        picked.append(c)
    return picked, positions, keys


def _open(claim: Mapping[str, Any]) -> str | None:
    """'above' for "more than N" (no upper bound), 'below' for "fewer than N"."""
    if claim.get("change") == ">" and _number(claim.get("high")) is None:
        return "above"
    if claim.get("change") == "<" and _number(claim.get("low")) is None:
        return "below"
    return None


#: A point is labelled with the claim's own words up to this length, else its value.
LABEL_CHARS = 28


def _label(claim: Mapping[str, Any], value: float) -> str:
    """The claim's own words when short ("more than 1,400"), else the value in its
    unit ("top 24", "£1.97bn")."""
    words = " ".join(str(claim.get("text") or "").split())
    if 0 < len(words) <= LABEL_CHARS:
        return words
    return _point_text(
        value,
        str(claim.get("type")),
        str(claim.get("unit") or ""),
        str(claim.get("change") or "="),
    )


def _names(
    articles: Mapping[str, ArticleMeta] | None, ids: list[str]
) -> dict[str, str]:
    out = {}
    for a in ids:
        meta = (articles or {}).get(a)
        name = meta.name if meta and meta.name else a
        out[a] = (
            name
            if len(name) <= LEGEND_CHARS
            else name[: LEGEND_CHARS - 1].rstrip() + "…"
        )
    return out


def build_chart(
    finding: Finding,
    claims: list[dict[str, Any]] | None,
    articles: Mapping[str, ArticleMeta] | None = None,
) -> Chart | None:
    """The chart for a number or rank finding, or None when there is nothing to draw.

    Args:
        finding: the finding (its evidence spans are matched to claims by position).
        claims: the claims of claims.jsonl.
        articles: article id -> its name, date and text (for the legend and for
            telling a stated year from the stand-in year of an undated article).
    """
    if finding.kind not in CHART_KINDS or not claims:
        return None
    picked, cited, keys = matching_claims(finding, claims)
    if not any(_span(c) in cited for c in picked):
        return None
    articles = articles or {}
    ids = list(dict.fromkeys(c["article"] for c in picked))
    colors = {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(ids)}
    names = _names(articles, ids)

    def period(c: Mapping[str, Any]) -> str:
        return period_label(c.get("period"), articles.get(c.get("article", "")))

    note = heading = ""
    if finding.rule == "conversion_mismatch":
        panels, note = _conversion_panels(finding, picked, cited, colors, names)
        heading = (
            "The conversion at every exchange rate of this century" if note else ""
        )
    else:
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for c in picked:
            groups.setdefault(
                (str(c.get("type")), str(c.get("unit") or "")), []
            ).append(c)
        order = {
            (str(c.get("type")), str(c.get("unit") or "")): n
            for n, c in enumerate(picked)
        }
        panels = [
            _panel(kind, unit, members, colors, names, cited, period)
            for (kind, unit), members in sorted(
                groups.items(), key=lambda kv: order[kv[0]]
            )
        ]
    rows = [
        {
            "period": period(c),
            "article": c["article"],
            "name": names[c["article"]],
            "text": c.get("text", ""),
            "type": c.get("type"),
            "value": c.get("value"),
            "shown": _point_text(
                float(c["value"]), str(c.get("type")), str(c.get("unit") or "")
            ),
            "low": c.get("low"),
            "high": c.get("high"),
            "unit": c.get("unit"),
            "cited": _span(c) in cited,
        }
        for c in sorted(
            picked,
            key=lambda c: (_period_order(period(c)), c["article"], c.get("start", 0)),
        )
    ]
    return Chart(
        subjects=sorted({str(s) for s, _ in keys if s}),
        measures=sorted({str(m) for _, m in keys if m}),
        panels=panels,
        legend=[(names[a], colors[a], a) for a in ids],
        rows=rows,
        note=note,
        heading=heading,
    )


def _title(kind: str, unit: str) -> str:
    if kind == "money":
        return f"money, {unit}" if unit else "money"
    if kind == "rank":
        return "rank"
    if unit and unit != kind:  # "percent, percent" says it twice
        return f"{kind}, {unit}"
    return kind


def _axis(
    values: list[float], inverted: bool, open_above: bool, open_below: bool
) -> tuple[list[float], float, float]:
    """Ticks covering every value, and the plotted range (room for open bounds)."""
    low, high = min(values), max(values)
    if inverted:
        low = min(low, 1.0)  # places start at 1
    span = max(high - low, MIN_SPAN_SHARE * max(abs(high), abs(low)))
    if span == 0:
        span = 1.0
    if high - low < span:
        mid = (high + low) / 2
        low, high = mid - span / 2, mid + span / 2
        if inverted and low < 1:
            low, high = 1.0, 1.0 + span
    ticks = nice_ticks(low, high)
    if inverted:  # no "0th" place
        ticks = sorted({1.0, *(t for t in ticks if t >= 1)})
    low, high = min(low, ticks[0]), max(high, ticks[-1])
    pad = (high - low) * 0.06  # room for the marks at the edges
    low -= pad * (3 if open_below else 1)
    high += pad * (3 if open_above else 1)
    return ticks, low, high


def _panel(
    kind: str,
    unit: str,
    members: list[dict[str, Any]],
    colors: dict[str, str],
    names: dict[str, str],
    cited: set[tuple[str, int, int]],
    period_of,
) -> ChartPanel:
    inverted = kind == "rank"
    panel = ChartPanel(
        title=_title(kind, unit), inverted=inverted, kind=kind, unit=unit
    )
    periods = sorted({period_of(c) for c in members}, key=_period_order)
    values = [
        v
        for c in members
        for v in (_number(c.get(k)) for k in ("value", "low", "high"))
        if v is not None
    ]
    ticks, low, high = _axis(
        values,
        inverted,
        any(_open(c) == "above" for c in members),
        any(_open(c) == "below" for c in members),
    )
    plot_h = panel.bottom - panel.top
    band = (panel.right - panel.left) / len(periods)

    def y_of(v: float) -> float:
        share = (v - low) / (high - low)
        if inverted:
            return round(panel.top + share * plot_h, 1)
        return round(panel.bottom - share * plot_h, 1)

    panel.y_ticks = list(
        zip((y_of(t) for t in ticks), tick_labels(ticks, kind, unit), strict=True)
    )
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
        in_period = [c for c in members if period_of(c) == period]
        present = [
            a for a in article_order if any(c["article"] == a for c in in_period)
        ]
        for c in in_period:
            slot = present.index(c["article"])
            same = [o for o in in_period if o["article"] == c["article"]]
            nudge = (same.index(c) - (len(same) - 1) / 2) * 9
            x = panel.left + band * (i + (slot + 1) / (len(present) + 1)) + nudge
            value = float(c["value"])
            c_low, c_high = _number(c.get("low")), _number(c.get("high"))
            conflict = _span(c) in cited
            y_low = y_of(c_low) if c_low is not None else None
            y_high = y_of(c_high) if c_high is not None else None
            arrow = None
            if _open(c) == "above":
                y_high = arrow = y_of(high)
            elif _open(c) == "below":
                y_low = arrow = y_of(low)
            interval = y_low is not None and y_high is not None and y_low != y_high
            shown = _point_text(value, kind, unit, str(c.get("change") or "="))
            panel.points.append(
                ChartPoint(
                    x=round(x, 1),
                    y=y_of(value),
                    y_low=y_low if interval else None,
                    y_high=y_high if interval else None,
                    color=colors[c["article"]],
                    conflict=conflict,
                    label=_label(c, value),
                    title=f"{names[c['article']]}: '{c.get('text', '')}' = {shown} ({period})"
                    f"{' — cited by this finding' if conflict else ''}",
                    arrow=arrow,
                    value=value,
                    article=c["article"],
                    period=period,
                    bound=kind == "rank" and c.get("change") == "<",
                )
            )
    panel.points = place_labels(panel.points, panel.left, WIDTH)
    return panel


#: Width of a label character at the chart's 12 px bold type, for placing labels.
LABEL_CHAR_PX = 7.0


def place_labels(
    points: list[ChartPoint], left: float, right: float
) -> list[ChartPoint]:
    """Put each cited point's label beside it (right, else left; level, above or
    below) where it overlaps no label placed before it and stays inside the plot."""
    boxes: list[tuple[float, float, float, float]] = []
    out = []
    for p in points:
        if not p.conflict:
            out.append(p)
            continue
        width = LABEL_CHAR_PX * len(p.label)
        chosen = None
        for dy in (4, -14, 22, -32, 40):
            for dx, anchor in ((13, "start"), (-13, "end")):
                x = p.x + dx
                x1, x2 = (x, x + width) if anchor == "start" else (x - width, x)
                y = p.y + dy
                box = (x1, x2, y - 12, y + 3)
                inside = x1 >= left - 4 and x2 <= right
                clear = all(
                    box[1] <= b[0] or box[0] >= b[1] or box[3] <= b[2] or box[2] >= b[3]
                    for b in boxes
                )
                if inside and clear:
                    chosen = (x, y, anchor, box)
                    break
            if chosen:
                break
        if chosen is None:  # nowhere clear: right of the point, as before
            x, y = p.x + 13, p.y + 4
            chosen = (x, y, "start", (x, x + width, y - 12, y + 3))
        boxes.append(chosen[3])
        out.append(
            replace(
                p,
                label_x=round(chosen[0], 1),
                label_y=round(chosen[1], 1),
                label_anchor=chosen[2],
            )
        )
    return out


def _conversion_panels(
    finding: Finding,
    picked: list[dict[str, Any]],
    cited: set[tuple[str, int, int]],
    colors: dict[str, str],
    names: dict[str, str],
) -> tuple[list[ChartPanel], str]:
    """One panel in the first currency: the stated amount, and the range its
    conversion allows at any exchange rate of this century."""
    from pipeline.checks.numeric import plausible_rate

    stated = [c for c in picked if _span(c) in cited and c.get("type") == "money"]
    if len(stated) < 2 or not stated[0].get("unit") or not stated[1].get("unit"):
        return [_panel_of(picked, colors, names, cited)], ""
    a, b = stated[0], stated[1]
    unit_a, unit_b = str(a["unit"]), str(b["unit"])
    try:
        low_rate, high_rate = plausible_rate(unit_b, unit_a)  # units of a per unit of b
    except KeyError:
        return [_panel_of(picked, colors, names, cited)], ""
    converted_low, converted_high = (
        float(b["value"]) * low_rate,
        float(b["value"]) * high_rate,
    )
    label = "stated"
    members = [a, {**b, "value": float(b["value"]) * (low_rate * high_rate) ** 0.5}]
    panel = ChartPanel(
        title=_title("money", unit_a), inverted=False, kind="money", unit=unit_a
    )
    values = [float(a["value"]), converted_low, converted_high]
    ticks, low, high = _axis(values, False, False, False)
    plot_h = panel.bottom - panel.top

    def y_of(v: float) -> float:
        return round(panel.bottom - (v - low) / (high - low) * plot_h, 1)

    panel.y_ticks = list(
        zip((y_of(t) for t in ticks), tick_labels(ticks, "money", unit_a), strict=True)
    )
    third = (panel.right - panel.left) / 2
    panel.x_ticks = [
        (round(panel.left + third * 0.5, 1), f"'{a.get('text', '')}' as written"),
        (round(panel.left + third * 1.5, 1), f"'{b.get('text', '')}' in {unit_a}"),
    ]
    rate_text = f"{low_rate:,.4g}–{high_rate:,.4g} {unit_a} per {unit_b}"
    range_label = f"'{b.get('text', '')}' at any rate of this century ({rate_text})"
    panel.ranges = [(y_of(converted_high), y_of(converted_low), range_label)]
    shown_a = _point_text(float(a["value"]), "money", unit_a)
    panel.points = [
        ChartPoint(
            x=round(panel.left + third * 0.5, 1),
            y=y_of(float(a["value"])),
            y_low=None,
            y_high=None,
            color=colors[a["article"]],
            conflict=True,
            label=f"{a.get('text', '')} ({label})",
            title=f"{names[a['article']]}: '{a.get('text', '')}' = {shown_a} — cited by this finding",
            value=float(a["value"]),
            article=a["article"],
            period="",
        ),
        ChartPoint(
            x=round(panel.left + third * 1.5, 1),
            y=y_of(members[1]["value"]),
            y_low=y_of(converted_low),
            y_high=y_of(converted_high),
            color=colors[b["article"]],
            conflict=True,
            label=f"{b.get('text', '')} = {_approx(converted_low, unit_a)}"
            f"–{_approx(converted_high, unit_a)}",
            title=f"{names[b['article']]}: '{b.get('text', '')}' converted at "
            f"{rate_text or 'any rate'} — cited by this finding",
            value=float(b["value"]),
            article=b["article"],
            period="",
        ),
    ]
    panel.points = place_labels(panel.points, panel.left, WIDTH)
    note = (
        f"'{a.get('text', '')}' lies outside the range '{b.get('text', '')}' converts to "
        f"at any exchange rate of this century ({rate_text})."
    )
    return [panel], note


def _approx(value: float, unit: str) -> str:
    """An amount to three significant figures, in its currency: 'ZAR 7.06bn'."""
    scale = _scale_for(abs(value), "money")
    base = scale[0] if scale else 1.0
    digits = max(0, 2 - math.floor(math.log10(abs(value) / base))) if value else 0
    return value_text(value, "money", unit, digits, scale)


def _panel_of(picked, colors, names, cited) -> ChartPanel:
    members = [c for c in picked if _span(c) in cited]
    first = members[0]
    kind, unit = str(first.get("type")), str(first.get("unit") or "")
    same = [
        c
        for c in members
        if (str(c.get("type")), str(c.get("unit") or "")) == (kind, unit)
    ]
    return _panel(
        kind, unit, same, colors, names, cited, lambda c: period_label(c.get("period"))
    )


# ----------------------------------------------------------------------- timeline


@dataclass(frozen=True, slots=True)
class TimelineMark:
    """One day on the timeline: what it is and where it is drawn."""

    x: float
    date: str  # ISO, in the stand-in year when the year is not stated
    label: str  # "9 Sep" (the year only when stated)
    role: str  # dateline, event, weekday, nearest, published
    text: str  # the words, or what the day is
    cited: bool
    article: str = ""
    row: int = 0  # label row, so neighbours do not overlap
    also: str = ""  # another role of the same day ("published")

    @property
    def role_words(self) -> str:
        words = ROLE_WORDS.get(self.role, self.role)
        return (
            f"{words} · {ROLE_WORDS.get(self.also, self.also)}" if self.also else words
        )

    @property
    def anchor(self) -> str:
        """Where its label hangs, so labels near an edge stay inside the plot."""
        if self.x < WIDTH * 0.2:
            return "start"
        if self.x > WIDTH * 0.8:
            return "end"
        return "middle"

    @property
    def label_x(self) -> float:
        return {"start": self.x - 6, "end": self.x + 6}.get(self.anchor, self.x)


@dataclass
class Timeline:
    marks: list[TimelineMark]
    ticks: list[tuple[float, str]]
    year_stated: bool
    legend: list[tuple[str, str, str]]
    gaps: list[tuple[float, float, str]] = field(
        default_factory=list
    )  # x1, x2, "16 days"
    width: int = WIDTH
    height: int = 170
    left: int = 40
    right: int = WIDTH - 40
    axis_y: int = 110


ROLE_WORDS = {
    "dateline": "dateline",
    "event": "event reported",
    "weekday": "date given",
    "nearest": "nearest",
    "published": "published",
}


def _iso_day(
    value: Any, claim: Mapping[str, Any] | None
) -> tuple[dt.date | None, bool]:
    """The day a date value names, and whether its year is stated."""
    extra = (claim or {}).get("extra") or {}
    text = str(value or "")
    resolved = extra.get("resolved")
    if resolved and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(resolved)):
        return dt.date.fromisoformat(str(resolved)), False
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text), True
    return None, False


def _day_label(day: dt.date, with_year: bool, year_known: bool = True) -> str:
    """'Sat 9 Sep 2023'; without a known year neither the year nor the weekday (that
    of the stand-in year would be made up): '9 Sep'."""
    out = f"{day.day} {calendar.month_abbr[day.month]}"
    if not year_known:
        return out
    out = f"{day.strftime('%a')} {out}"
    return f"{out} {day.year}" if with_year else out


def build_timeline(
    finding: Finding,
    claims: list[dict[str, Any]] | None,
    articles: Mapping[str, ArticleMeta] | None = None,
) -> Timeline | None:
    """A timeline for a date finding: each cited day (the dateline, the event, the
    date a weekday was given for), the publication date, and for a weekday that
    does not fit, the nearest days that are that weekday. None when no cited span
    names a day."""
    if finding.kind not in TIMELINE_KINDS:
        return None
    articles = articles or {}
    days: list[
        tuple[dt.date, str, str, bool, str]
    ] = []  # day, role, text, cited, article
    year_stated = True
    for ev, claim in cited_claims(finding, claims or []):
        day, stated = _iso_day(
            ev.value if ev.value is not None else (claim or {}).get("value"), claim
        )
        if day is None and claim is not None:
            day, stated = _iso_day(claim.get("value"), claim)
        if day is None:
            continue
        year_stated = year_stated and stated
        role = "event"
        if claim is not None and claim.get("role") == "dateline":
            role = "dateline"
        weekday = ((claim or {}).get("extra") or {}).get("weekday")
        if finding.rule == "weekday_mismatch":
            role = "weekday"
        days.append((day, role, ev.text, True, ev.article))
        if finding.rule == "weekday_mismatch" and weekday:
            names = [d.lower() for d in calendar.day_name]
            if str(weekday).lower() in names:
                target = names.index(str(weekday).lower())
                ahead = (target - day.weekday()) % 7
                for delta in (ahead - 7, ahead):
                    if delta:
                        near = day + dt.timedelta(days=delta)
                        days.append(
                            (
                                near,
                                "nearest",
                                f"nearest {calendar.day_name[target]}",
                                False,
                                ev.article,
                            )
                        )
    if not days:
        return None
    also: dict[dt.date, str] = {}
    for article in dict.fromkeys(d[4] for d in days):
        meta = articles.get(article)
        if meta and meta.published and year_stated:
            pub = dt.date.fromisoformat(meta.published)
            if any(d[0] == pub for d in days):
                also[pub] = "published"  # one mark for the day, with both roles
            elif abs((pub - min(d[0] for d in days)).days) <= 400:
                days.append((pub, "published", "publication date", False, article))
    first, last = min(d[0] for d in days), max(d[0] for d in days)
    pad = max(1, (last - first).days // 10)
    start, end = first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)
    timeline = Timeline(marks=[], ticks=[], year_stated=year_stated, legend=[])
    span = max(1, (end - start).days)

    def x_of(day: dt.date) -> float:
        return round(
            timeline.left
            + (day - start).days / span * (timeline.right - timeline.left),
            1,
        )

    step = next(s for s in (1, 2, 7, 14, 30, 61, 91, 182, 365) if span / s <= 8)
    tick = start
    while tick <= end:
        timeline.ticks.append(
            (
                x_of(tick),
                _day_label(tick, False)
                if step < 30
                else f"{calendar.month_abbr[tick.month]}",
            )
        )
        tick += dt.timedelta(days=step)
    used: list[tuple[float, int]] = []
    for day, role, text, cited, article in sorted(days, key=lambda d: (d[0], d[1])):
        x = x_of(day)
        row = 0
        while any(abs(x - ux) < 110 and ur == row for ux, ur in used):
            row += 1
        used.append((x, row))
        timeline.marks.append(
            TimelineMark(
                x=x,
                date=day.isoformat(),
                label=_day_label(day, year_stated, year_stated),
                role=role,
                text=text,
                cited=cited,
                article=article,
                row=row,
                also=also.pop(day, "") if cited or role != "published" else "",
            )
        )
    cited_marks = [m for m in timeline.marks if m.cited]
    for a, b in zip(cited_marks, cited_marks[1:], strict=False):
        days_apart = (
            dt.date.fromisoformat(b.date) - dt.date.fromisoformat(a.date)
        ).days
        if days_apart:
            timeline.gaps.append(
                (a.x, b.x, f"{days_apart} day{'' if days_apart == 1 else 's'}")
            )
    ids = list(dict.fromkeys(m.article for m in timeline.marks))
    names = _names(articles, ids)
    timeline.legend = [
        (names[a], PALETTE[i % len(PALETTE)], a) for i, a in enumerate(ids)
    ]
    return timeline
