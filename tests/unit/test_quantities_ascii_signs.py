"""Currency signs as ASCII-folded copy writes them ("£" as "PS", "¥" as "Y="): read
before an amount, never before a short bare number that names a product."""

from __future__ import annotations

import pytest

from pipeline.nlp.quantities import find_quantities


def money(text: str) -> list[tuple[str, float, str]]:
    found = find_quantities(text, sentences=[(0, len(text))])
    for q in found:
        assert text[q["start"] : q["end"]] == q["text"]
    return [(q["text"], q["value"], q["unit"]) for q in found if q["type"] == "money"]


@pytest.mark.parametrize(
    "text, words, value, code",
    [
        ("The bonus was PS1.4m last year.", "PS1.4m", 1.4e6, "GBP"),
        ("a PS3.2bn bid for the grocer", "PS3.2bn", 3.2e9, "GBP"),
        ("tickets totalling PS12,500 were sold", "PS12,500", 12500, "GBP"),
        ("The shares closed at Y=3,415 in Tokyo.", "Y=3,415", 3415, "JPY"),
        ("a profit of Y=120 billion", "Y=120 billion", 120e9, "JPY"),
    ],
)
def test_an_ascii_folded_sign_before_an_amount_is_its_currency(
    text, words, value, code
):
    assert (words, value, code) in money(text)


@pytest.mark.parametrize(
    "text",
    ["He queued all night for a PS5.", "Sales of the PS4 slowed.", "Solve Y=2 first."],
)
def test_a_folded_sign_before_a_short_bare_number_is_no_money(text):
    assert money(text) == []
