"""The inline chart: which claims it draws and how."""

from __future__ import annotations

from pipeline.findings import Evidence, Finding
from pipeline.review.chart import build_chart, nice_ticks, short_number


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


def _finding(kind: str, *spans: tuple[str, int]) -> Finding:
    evidence = tuple(Evidence(a, s, s + 2, "xx") for a, s in spans)
    return Finding(kind, "value_mismatch", "across", "high", 0.7, "m", evidence)


def test_chart_draws_every_value_of_the_subject_and_measure_marking_the_cited():
    claims = [
        _claim("a", 0, 1400, change=">", high=None),
        _claim("b", 10, 1200),
        _claim("c", 20, 1300, period="2023"),
        _claim("c", 30, 9, measure_key="injured"),  # another measure
        _claim("d", 40, 7, subject_key="town"),  # another subject
    ]
    chart = build_chart(_finding("number", ("a", 0), ("b", 10)), claims, {})
    assert chart is not None
    [panel] = chart.panels
    assert [label for _, label in panel.x_ticks] == ["2023", "2024"]
    assert len(panel.points) == 3
    assert sorted(p.conflict for p in panel.points) == [False, True, True]
    [open_point] = [p for p in panel.points if p.arrow is not None]
    assert open_point.arrow < open_point.y  # points up: "more than 1,400"
    assert [r["text"] for r in chart.rows if r["cited"]] == ["xx", "xx"]


def test_ranks_and_counts_get_separate_panels_with_first_place_on_top():
    claims = [
        _claim("a", 0, 3, type="rank", low=3, high=3),
        _claim("b", 10, 1, type="rank", low=1, high=1),
        _claim("b", 20, 24, type="count"),
    ]
    chart = build_chart(_finding("rank", ("a", 0), ("b", 10)), claims, {})
    assert chart is not None
    rank, count = chart.panels
    assert (rank.title, rank.inverted, count.title) == ("rank", True, "count")
    ys = {p.title.split("=")[1].split()[0]: p.y for p in rank.points}
    assert ys["1"] < ys["3"]  # place 1 drawn higher


def test_no_chart_without_claims_or_for_other_kinds():
    claims = [_claim("a", 0, 5), _claim("b", 10, 6)]
    assert build_chart(_finding("number", ("a", 0)), None, {}) is None
    assert build_chart(_finding("date", ("a", 0)), claims, {}) is None
    assert build_chart(_finding("number", ("z", 99)), claims, {}) is None


def test_numbers_are_shortened_for_axes():
    assert [short_number(v) for v in (3.3e12, 2.5e9, 1400, 8.1)] == [
        "3.3T",
        "2.5B",
        "1,400",
        "8.1",
    ]
    assert nice_ticks(1180, 1410) == [1100, 1200, 1300, 1400]
    assert nice_ticks(0, 1) == [0, 0.25, 0.5, 0.75, 1]
