"""A unit written as an abbreviation, glued to its number or under a prefix resolves
to the unit's name, and capitals or a following noun are not read into a unit."""

from __future__ import annotations

import pytest

from pipeline.nlp.quantities import find_quantities


def units(text: str) -> list[tuple[str, float, str | None]]:
    found = find_quantities(text, sentences=[(0, len(text))])
    for q in found:
        assert text[q["start"] : q["end"]] == q["text"]
    return [(q["text"], q["value"], q["unit"]) for q in found]


@pytest.mark.parametrize(
    "text, words, value, unit",
    [
        ("It returns 48 mpg on the motorway.", "48 mpg", 48, "mile per gallon"),
        ("a 7-mpg gain over the old model", "7-mpg", 7, "mile per gallon"),
        ("The engine makes 180 PS at 6,000 rpm.", "180 PS", 180, "horsepower"),
        ("its 410bhp flat-six", "410bhp", 410, "brake horsepower"),
        ("with 295 lb-ft of torque", "295 lb-ft", 295, "pound-foot"),
        ("delivering 310 pound-feet of torque", "310 pound-feet", 310, "pound-foot"),
        ("The plant will store 12 GWh of power.", "12 GWh", 12, "gigawatt hour"),
        ("output reached 3 TWh last winter", "3 TWh", 3, "terawatt hour"),
        ("a layer only 40 μm thick", "40 μm", 40, "micrometre"),
        ("Pour in 250 ml of stock.", "250 ml", 250, "millilitre"),
        ("Pour in 250mL of stock.", "250mL", 250, "millilitre"),
    ],
)
def test_an_abbreviated_unit_is_named(text, words, value, unit):
    assert (words, value, unit) in units(text)


def test_a_unit_symbol_does_not_take_in_the_noun_after_it():
    assert ("18 μm", 18, "micrometre") in units("sensors with an 18 μm pixel size")


def test_capitals_that_are_a_name_are_no_unit_symbol():
    # "FA" is the Football Association, not femtoamperes ("fA")
    assert units("She has won three FA Cup medals.") == [("three", 3, None)]


def test_case_is_kept_for_a_unit_written_as_capitals():
    assert ("20 MW", 20, "megawatt") in units("a 20 MW solar farm")


@pytest.mark.parametrize(
    "text, words, code",
    [
        ("The fee rose to 40 USD last year.", "40 USD", "USD"),
        ("a grant of 2.5 million EUR", "2.5 million EUR", "EUR"),
        ("one dollar bought 150 JPY", "150 JPY", "JPY"),
    ],
)
def test_an_iso_code_after_a_number_makes_it_money(text, words, code):
    found = [q for q in find_quantities(text) if q["text"] == words]
    assert [(q["type"], q["unit"]) for q in found] == [("money", code)]
