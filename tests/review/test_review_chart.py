"""The finding page's charts as data: which values are plotted and marked, which
panels there are, what the ticks and period labels read, and the timeline of a date
finding."""

from __future__ import annotations

import pytest

from pipeline.findings import Evidence, Finding
from pipeline.review.chart import (
    ArticleMeta,
    build_chart,
    build_timeline,
    nice_ticks,
    period_label,
    short_number,
    tick_labels,
)


def _claim(article: str, start: int, value: float, **fields: object) -> dict:
    claim = {
        "article": article,
        "start": start,
        "end": start + 2,
        "text": "xx",
        "type": "count",
        "value": value,
        "low": value,
        "high": value,
        "unit": None,
        "change": "=",
        "period": "2024",
        "subject_key": "city",
        "measure_key": "deaths",
    }
    claim.update(fields)
    return claim


def _finding(
    kind: str, *spans: tuple[str, int], rule: str = "value_mismatch"
) -> Finding:
    evidence = tuple(Evidence(a, s, s + 2, "xx") for a, s in spans)
    return Finding(kind, rule, "across", "high", 0.7, "m", evidence)


def _plotted(chart) -> list[tuple[str, float, bool]]:
    return sorted(
        (p.article, p.value, p.conflict) for panel in chart.panels for p in panel.points
    )


def test_chart_draws_every_value_of_the_subject_and_measure_marking_the_cited():
    claims = [
        _claim("a", 0, 1400, change=">", high=None),
        _claim("b", 10, 1200),
        _claim("c", 20, 1300, period="2023"),
        _claim("c", 30, 9, measure_key="injured"),  # another measure
        _claim("d", 40, 7, subject_key="town"),  # another subject
    ]
    chart = build_chart(_finding("number", ("a", 0), ("b", 10)), claims)
    assert chart is not None
    [panel] = chart.panels
    assert [label for _, label in panel.x_ticks] == ["2023", "2024"]
    assert _plotted(chart) == [("a", 1400, True), ("b", 1200, True), ("c", 1300, False)]
    [open_point] = [p for p in panel.points if p.arrow is not None]
    assert open_point.arrow < open_point.y  # points up: "more than 1,400"


def test_a_cited_value_without_subject_or_measure_is_still_drawn_and_marked():
    # "6.8bn rand ($1.2bn; £910m)": the rand figure has no subject or measure
    claims = [
        _claim(
            "a",
            0,
            6.8e9,
            type="money",
            unit="ZAR",
            subject_key=None,
            measure_key=None,
            period=None,
        ),
        _claim(
            "a",
            10,
            1.2e9,
            type="money",
            unit="USD",
            subject_key=None,
            measure_key="rand",
            period=None,
        ),
        _claim(
            "a",
            20,
            9.1e8,
            type="money",
            unit="GBP",
            subject_key=None,
            measure_key="rand",
            period=None,
        ),
    ]
    finding = _finding("number", ("a", 0), ("a", 10))
    chart = build_chart(finding, claims)
    assert chart is not None
    assert ("a", 6.8e9, True) in _plotted(chart)
    assert all(p.conflict for panel in chart.panels for p in panel.points)
    assert {panel.unit for panel in chart.panels} == {"ZAR", "USD"}  # not the pounds


def test_only_the_kinds_of_value_the_finding_cites_get_a_panel():
    claims = [
        _claim("a", 0, 2.5e8, type="money", unit="GBP"),
        _claim("a", 10, 1.97e9, type="money", unit="GBP"),
        _claim("a", 20, 4.3, type="percent", unit="percent"),  # same subject, measure
    ]
    chart = build_chart(_finding("number", ("a", 0), ("a", 10)), claims)
    assert chart is not None
    assert [(p.kind, p.unit) for p in chart.panels] == [("money", "GBP")]


def test_ticks_are_distinct_and_in_the_values_unit():
    claims = [
        _claim("a", 0, 9.1e8, type="money", unit="GBP", low=9.095e8, high=9.105e8),
        _claim("b", 10, 9.1e8, type="money", unit="GBP", low=9.095e8, high=9.105e8),
    ]
    chart = build_chart(_finding("number", ("a", 0), ("b", 10)), claims)
    assert chart is not None
    labels = [label for _, label in chart.panels[0].y_ticks]
    assert len(labels) == len(set(labels)) >= 3
    assert all(label.startswith("£") and label.endswith("m") for label in labels)


def test_ticks_cover_every_plotted_value():
    claims = [
        _claim("a", 0, 24, list_size=100),
        _claim("b", 10, 24, list_size=100),
        _claim("c", 20, 3),
    ]
    chart = build_chart(
        _finding("rank", ("a", 0), ("b", 10), rule="ranking_size_mismatch"), claims
    )
    assert chart is not None
    [panel] = chart.panels
    top_tick = min(y for y, _ in panel.y_ticks)  # SVG y grows downwards
    bottom_tick = max(y for y, _ in panel.y_ticks)
    assert all(top_tick <= p.y <= bottom_tick for p in panel.points)


@pytest.mark.parametrize(
    ("ticks", "kind", "unit", "labels"),
    [
        ([0, 5e8, 1e9, 1.5e9], "money", "GBP", ["£0", "£0.5bn", "£1.0bn", "£1.5bn"]),
        ([5e9, 1e10], "money", "ZAR", ["ZAR 5bn", "ZAR 10bn"]),
        ([4.2, 4.3, 4.4], "percent", "percent", ["4.2%", "4.3%", "4.4%"]),
        ([1, 25, 50], "rank", "", ["1st", "25th", "50th"]),
        ([1000, 1500, 2000], "count", "", ["1,000", "1,500", "2,000"]),
    ],
)
def test_tick_labels_read_in_the_unit(ticks, kind, unit, labels):
    assert tick_labels(ticks, kind, unit) == labels


def test_ranks_have_first_place_on_top():
    claims = [
        _claim("a", 0, 3, type="rank", low=3, high=3),
        _claim("b", 10, 1, type="rank", low=1, high=1),
        _claim("b", 20, 24, type="count"),  # not cited: no count panel
    ]
    chart = build_chart(_finding("rank", ("a", 0), ("b", 10)), claims)
    assert chart is not None
    [rank] = chart.panels
    assert (rank.title, rank.inverted) == ("rank", True)
    ys = {p.value: p.y for p in rank.points}
    assert ys[1] < ys[3]  # place 1 drawn higher
    assert [label for _, label in rank.y_ticks][0] == "1st"


def test_the_legend_names_articles_by_headline():
    claims = [_claim("a", 0, 5), _claim("b", 10, 6)]
    articles = {"a": ArticleMeta("Dock strike ends"), "b": ArticleMeta("b")}
    chart = build_chart(_finding("number", ("a", 0), ("b", 10)), claims, articles)
    assert chart is not None
    assert [(name, a) for name, _, a in chart.legend] == [
        ("Dock strike ends", "a"),
        ("b", "b"),
    ]


@pytest.mark.parametrize(
    ("period", "meta", "label"),
    [
        ("--05-03", None, "3 May, year not stated"),
        ("--05", None, "May, year not stated"),
        # the stand-in year of an undated article that never writes it
        (
            "2000-Q3",
            ArticleMeta("x", undated=True, text="Sales rose in the third quarter."),
            "Q3, year not stated",
        ),
        (
            "2000-05-03",
            ArticleMeta("x", undated=True, text="On 3 May sales rose."),
            "3 May, year not stated",
        ),
        # a year the undated article does write is stated
        (
            "2000-Q3",
            ArticleMeta("x", undated=True, text="In Q3 2000 sales rose."),
            "Q3 2000",
        ),
        ("2024-Q3", ArticleMeta("x", published="2024-10-01"), "Q3 2024"),
        ("2023-09", None, "Sep 2023"),
        ("2019/2023", None, "2019–2023"),
        (None, None, "period not stated"),
    ],
)
def test_periods_read_as_the_text_gives_them(period, meta, label):
    assert period_label(period, meta) == label


def test_a_stand_in_year_never_reaches_the_axis():
    undated = {
        "a": ArticleMeta("A", undated=True, text="Turnover in the third quarter.")
    }
    claims = [
        _claim("a", 0, 2.5e8, type="money", unit="GBP", period="2000-Q3"),
        _claim("a", 10, 1.97e9, type="money", unit="GBP", period="2000-Q3"),
    ]
    chart = build_chart(_finding("number", ("a", 0), ("a", 10)), claims, undated)
    assert chart is not None
    assert [label for _, label in chart.panels[0].x_ticks] == ["Q3, year not stated"]
    assert all("2000" not in r["period"] for r in chart.rows)


def test_a_conversion_is_drawn_against_the_range_of_plausible_rates():
    claims = [
        _claim("a", 0, 6.8e9, type="money", unit="ZAR", text="6.8bn rand"),
        _claim("a", 12, 1.2e9, type="money", unit="USD", text="$1.2bn"),
    ]
    finding = _finding("number", ("a", 0), ("a", 12), rule="conversion_mismatch")
    chart = build_chart(finding, claims)
    assert chart is not None
    [panel] = chart.panels
    assert panel.unit == "ZAR"
    stated, converted = panel.points
    assert stated.conflict and converted.conflict
    [(range_top, range_bottom, _)] = panel.ranges
    assert stated.y > range_bottom  # 6.8bn rand lies below any plausible conversion
    assert converted.y_high == range_top and converted.y_low == range_bottom
    assert "ZAR per USD" in chart.note


def test_no_chart_without_claims_or_for_other_kinds():
    claims = [_claim("a", 0, 5), _claim("b", 10, 6)]
    assert build_chart(_finding("number", ("a", 0)), None) is None
    assert build_chart(_finding("date", ("a", 0)), claims) is None
    assert build_chart(_finding("number", ("z", 99)), claims) is None


def _date_claim(start: int, day: str, **fields: object) -> dict:
    claim = _claim("a", start, 0, type="date", low=None, high=None, **fields)
    return {**claim, "value": day}


def test_a_dateline_finding_gets_a_timeline_of_dateline_and_event():
    claims = [
        _date_claim(0, "2023-09-09", role="dateline"),
        _date_claim(40, "2023-09-25", role="body"),
    ]
    finding = Finding(
        "date", "dateline_before_event", "within", "high", 0.9, "m",
        (Evidence("a", 0, 2, "9 Sep", "2023-09-09"), Evidence("a", 40, 42, "25 September", "2023-09-25")),
    )  # fmt: skip
    timeline = build_timeline(
        finding, claims, {"a": ArticleMeta("A", published="2023-09-09")}
    )
    assert timeline is not None
    cited = [(m.role, m.date, m.label) for m in timeline.marks if m.cited]
    assert cited == [
        ("dateline", "2023-09-09", "Sat 9 Sep 2023"),
        ("event", "2023-09-25", "Mon 25 Sep 2023"),
    ]
    dateline, event = (m for m in timeline.marks if m.cited)
    assert dateline.x < event.x
    # published on the dateline's day: one mark for the day, saying both
    assert len(timeline.marks) == 2
    assert dateline.role_words == "dateline · published"
    assert [(g[2]) for g in timeline.gaps] == ["16 days"]
    later = build_timeline(
        finding, claims, {"a": ArticleMeta("A", published="2023-09-27")}
    )
    assert ("published", "2023-09-27") in [(m.role, m.date) for m in later.marks]


def test_a_weekday_finding_shows_the_nearest_days_that_are_that_weekday():
    claims = [_date_claim(0, "2025-03-05", extra={"weekday": "friday"})]
    finding = Finding(
        "date", "weekday_mismatch", "within", "medium", 0.9, "m",
        (Evidence("a", 0, 2, "Friday, March 5", "2025-03-05"),),
    )  # fmt: skip
    timeline = build_timeline(finding, claims)
    assert timeline is not None
    marks = [(m.role, m.label) for m in timeline.marks]
    assert marks == [
        ("nearest", "Fri 28 Feb 2025"),
        ("weekday", "Wed 5 Mar 2025"),
        ("nearest", "Fri 7 Mar 2025"),
    ]


def test_a_yearless_timeline_never_shows_the_stand_in_year():
    claims = [
        _date_claim(0, "--05-03", role="dateline", extra={"resolved": "2000-05-03"}),
        _date_claim(40, "--05-12", extra={"resolved": "2000-05-12"}),
    ]
    finding = Finding(
        "date", "dateline_before_event", "within", "high", 0.75, "m",
        (Evidence("a", 0, 2, "3 May", "--05-03"), Evidence("a", 40, 42, "12 May", "--05-12")),
    )  # fmt: skip
    timeline = build_timeline(finding, claims)
    assert timeline is not None and not timeline.year_stated
    # neither the year nor a weekday of the stand-in year
    assert [m.label for m in timeline.marks] == ["3 May", "12 May"]
    assert all("2000" not in label for _, label in timeline.ticks)


def test_numbers_are_shortened_and_ticks_are_round():
    assert [short_number(v) for v in (3.3e12, 2.5e9, 1400, 8.1)] == [
        "3.3T",
        "2.5B",
        "1,400",
        "8.1",
    ]
    assert nice_ticks(1180, 1410) == [1100, 1200, 1300, 1400, 1500]  # covers 1,410
    assert nice_ticks(0, 1) == [0, 0.25, 0.5, 0.75, 1]
