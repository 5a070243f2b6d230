"""NewsQuant (development half): the harness itself, and our scores kept at or above
the level measured when they were set (never loosened; raise them when extraction
improves).

The benchmark lives in the shared folder next to the repository (``../shared`` in
CI), or wherever ``$CROSSCHECK_NEWSQUANT`` points.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.errors import CrosscheckError
from pipeline.quality.newsquant import (
    Quantity,
    Sentence,
    claim_quantity,
    evaluate,
    from_to_pairs,
    load_benchmark,
    main,
    max_matching,
    mention_quantity,
    parse_value,
    score,
    values_match,
)

ROOT = Path(__file__).resolve().parents[2]
NEWSQUANT = Path(
    os.environ.get("CROSSCHECK_NEWSQUANT")
    or ROOT / ".." / "shared" / "benchmarks" / "newsquant-dev" / "newsquant-dev.json"
)
needs_newsquant = pytest.mark.skipif(
    not NEWSQUANT.is_file(), reason=f"NewsQuant not found at {NEWSQUANT}"
)

# Measured on the 295 sentences (461 quantities) with `make bench-quality`, the lower
# of two runs floored to one decimal (the last digit moves between runs on a loaded
# machine, when a quantulum3 call runs into its time limit). Before issue 11: claims
# 72.9 / 50.7 / 65.6. CQE on the whole set: 92.0 / 85.6 / 85.2; quantulum3: 73.0 /
# 47.2. Glued pence ("118.5p") read as money moved value and value+change up and
# value+unit down by 0.3: NewsQuant writes pence as "point" (7 of its quantities),
# where crosscheck's unit is the penny.
MEASURED = [
    ("claims", "value", 92.2),
    ("claims", "value+unit", 82.8),
    ("claims", "value+change", 85.2),
    ("mentions", "value", 92.3),
    ("mentions", "value+unit", 82.7),
    ("mentions", "value+change", 85.4),
]


# ------------------------------------------------------------------ the harness


@pytest.mark.parametrize(
    "raw, value",
    [
        ("3.6", 3.6),
        ("252.0-287.0", (252.0, 287.0)),
        ("1.99E-29", 1.99e-29),
        ("-5", -5.0),
    ],
)
def test_values_and_ranges_are_read_as_the_authors_write_them(raw, value):
    assert parse_value(raw) == value


def test_a_range_matches_only_a_range_with_both_ends():
    assert values_match((2.0, 3.0), (2.0, 3.0))
    assert not values_match((2.0, 3.0), 2.5)
    assert not values_match(2.5, (2.0, 3.0))
    assert values_match(1e6, 1e6 * (1 + 1e-7))


def test_matching_is_one_to_one():
    gold = [Quantity(5.0, "mile", "="), Quantity(5.0, "mile", "=")]
    predicted = [Quantity(5.0, "mile", "=")]
    scores = score([Sentence(0, "", tuple(gold))], [predicted])
    assert scores.matches["value"] == 1
    assert scores.prf("value") == pytest.approx((1.0, 0.5, 2 / 3))


def test_max_matching_finds_the_assignment_a_greedy_pass_misses():
    gold = [Quantity(1.0, "a", "="), Quantity(1.0, "b", "=")]
    predicted = [Quantity(1.0, "b", "="), Quantity(1.0, "a", "=")]
    pairs = max_matching(gold, predicted, lambda g, p: g.unit == p.unit)
    assert pairs == [(0, 1), (1, 0)]


@pytest.mark.parametrize(
    "claim, value, unit, change",
    [
        ({"type": "money", "value": 5e6, "unit": "USD", "change": "up"}, 5e6, "dollar", "up"),
        ({"type": "money", "value": 0.63, "unit": "USD per share", "text": "63 cents a share"},
         63.0, "cent per share", "="),
        ({"type": "money", "value": 2.0, "unit": "MYR"}, 2.0, "malaysian ringgit", "="),
        ({"type": "money", "value": 4.0, "unit": "ILS"}, 4.0, "shekel", "="),
        ({"type": "percent", "value": 8.1, "unit": "percent"}, 8.1, "percentage", "="),
        ({"type": "quantity", "value": 40.0, "unit": "degree celsius"}, 40.0, "celsius", "="),
        ({"type": "count", "value": 3.0, "measure": "new jobs",
          "extra": {"counted": "new jobs"}}, 3.0, "new job", "="),
        ({"type": "count", "value": 1.3e9, "measure": "net worth",
          "extra": {"counted": None}}, 1.3e9, "-", "="),
        ({"type": "percent", "value": 25.0, "unit": "percent", "text": "a quarter",
          "extra": {"share_of": "voters"}}, 0.25, "% voter", "="),
        ({"type": "percent", "value": 50.0, "unit": "percent", "text": "almost half",
          "measure": "half"}, 0.5, "% -", "="),
        ({"type": "percent", "value": 4.5, "unit": "percent", "text": "4.5pc"},
         4.5, "percentage", "="),
        ({"type": "number", "value": 7.0}, 7.0, "-", "="),
        ({"type": "money", "value": None, "low": 1e5, "high": 2e5, "unit": "EUR"},
         (1e5, 2e5), "euro", "="),
    ],
)  # fmt: skip
def test_claims_map_to_newsquant_fields(claim, value, unit, change):
    q = claim_quantity(claim)
    assert (q.value, q.unit, q.change) == (value, unit, change)


@pytest.mark.parametrize("kind", ["date", "rank"])
def test_dates_and_ranks_are_no_quantities(kind):
    assert claim_quantity({"type": kind, "value": 3.0}) is None


def test_from_one_level_to_another_is_one_pair_in_the_order_written():
    text = "Output slid from 90 tonnes to 70 last month, and 12 people left."
    spans = [(17, 26), (30, 32), (49, 51)]
    found = from_to_pairs(
        spans,
        [
            Quantity(90.0, "tonne", "="),
            Quantity(70.0, "-", "="),
            Quantity(12.0, "people", "="),
        ],
        text,
    )
    assert [(q.value, q.unit) for q in found] == [
        ((90.0, 70.0), "tonne"),
        (12.0, "people"),
    ]


def test_two_figures_without_from_stay_two():
    text = "It rose to 52 from 40."
    spans = [(11, 13), (19, 21)]
    found = from_to_pairs(
        spans, [Quantity(52.0, "-", "="), Quantity(40.0, "-", "=")], text
    )
    assert [q.value for q in found] == [52.0, 40.0]


def test_a_mention_counts_its_counted_noun():
    q = mention_quantity({"type": "number", "value": 4.0, "counted": "oil well"})
    assert q.unit == "oil well"


def test_bad_files_give_coded_errors(tmp_path):
    missing = tmp_path / "none.json"
    with pytest.raises(CrosscheckError, match=r"\[Q102\]"):
        load_benchmark(missing)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", "utf-8")
    with pytest.raises(CrosscheckError, match=r"\[Q103\]"):
        load_benchmark(broken)
    bad_value = tmp_path / "bad.json"
    bad_value.write_text(
        json.dumps([{"text": "x", "quantities": [{"value": "lots"}]}]), "utf-8"
    )
    with pytest.raises(CrosscheckError, match=r"\[Q104\].*sentence 0"):
        load_benchmark(bad_value)
    assert main([str(missing)]) == 2


def test_the_harness_scores_a_small_file_end_to_end(nlp, tmp_path):
    data = [
        {
            "text": "Profit rose 12 percent to $3.4 billion last year.",
            "quantities": [
                {"value": "12", "normalized_unit": "percentage", "change": "up"},
                {"value": "3400000000", "normalized_unit": "dollar", "change": "="},
            ],
        }
    ]
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(data), "utf-8")
    report = evaluate(path, nlp)
    assert report.claims.prf("value+unit") == (1.0, 1.0, 1.0)
    assert report.claims.prf("value+change") == (1.0, 1.0, 1.0)


# ------------------------------------------------------------------ our scores


@pytest.fixture(scope="module")
def report(nlp):
    return evaluate(NEWSQUANT, nlp)


@needs_newsquant
@pytest.mark.slow
@pytest.mark.parametrize("view, figure, floor", MEASURED)
def test_newsquant_scores_stay_at_the_measured_level(report, view, figure, floor):
    scores = getattr(report, view)
    f1 = 100 * scores.prf(figure)[2]
    assert f1 >= floor, f"{view} {figure} F1 {f1:.1f} < {floor}"
