"""The singular of a counted noun, as measure keys and the NewsQuant harness read it."""

from __future__ import annotations

import pytest

from pipeline.keys import measure_key, singular


@pytest.mark.parametrize(
    "plural, single",
    [
        ("seats", "seat"),
        ("cities", "city"),
        ("classes", "class"),
        ("taxes", "tax"),
        ("wishes", "wish"),
        ("matches", "match"),
        ("taxis", "taxi"),
        ("menus", "menu"),
        ("houses", "house"),
    ],
)
def test_a_plural_gives_its_singular(plural, single):
    assert singular(plural) == single


@pytest.mark.parametrize(
    "word", ["virus", "bonus", "campus", "status", "crisis", "basis", "hepatitis",
             "class", "bus"]
)  # fmt: skip
def test_a_noun_already_singular_keeps_its_last_letter(word):
    assert singular(word) == word


def test_a_measure_key_keeps_a_latin_singular():
    assert measure_key("new bonus") == "new bonus"
