"""Quantities and money in the styles news copy writes them (issue 11): agency
abbreviations, currency signs, units glued to numbers, ranges, rates per share or
per unit, currency words shared between countries, and numbers that are no
quantities. Each case is worded here, not taken from a benchmark."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.corpus import make_article
from pipeline.extract import extract_one
from pipeline.lexicon.currencies import (
    candidates_of_word,
    currency_of_sign,
    currency_of_words,
    resolve_from_places,
)
from pipeline.nlp.quantities import find_quantities


def mentions(text: str) -> list[dict]:
    return find_quantities(text, sentences=[(0, len(text))])


def mention(text: str, words: str) -> dict:
    found = [m for m in mentions(text) if m["text"] == words]
    assert found, f"no {words!r} in {[m['text'] for m in mentions(text)]}"
    return found[0]


def claims_of(nlp, text: str, published: str = "2024-05-02"):
    return extract_one(
        nlp, make_article("t", "t.txt", text, published=published)
    ).claims


# ------------------------------------------------------------------ agency style


@pytest.mark.parametrize(
    "text, words, kind, value, unit",
    [
        ("Turnover reached 4.7 mln dlrs last year.", "4.7 mln dlrs", "money", 4.7e6, "USD"),
        ("Assets were 2.3 bln dlrs.", "2.3 bln dlrs", "money", 2.3e9, "USD"),
        ("It paid 9 cts on each unit.", "9 cts", "money", 0.09, "USD"),
        ("The group lost 12.5 mln stg.", "12.5 mln stg", "money", 12.5e6, "GBP"),
        ("Sales rose 14 pct in the year.", "14 pct", "percent", 14.0, "percent"),
        ("Costs were 310 mln yen.", "310 mln yen", "money", 310e6, "JPY"),
        ("Profit was 85 mln marks.", "85 mln marks", "money", 85e6, "DEM"),
    ],
)  # fmt: skip
def test_agency_abbreviations_are_read(text, words, kind, value, unit):
    m = mention(text, words)
    assert (m["type"], m["unit"]) == (kind, unit)
    assert m["value"] == pytest.approx(value)


def test_agency_per_share_row_is_a_rate_and_vs_keeps_the_unit():
    table = "Shr 21 cts vs 17 cts\nNet 3.1 mln vs 2,400,000\nAvg shrs 6.2 mln\n"
    found = {m["text"]: m for m in mentions(table)}
    assert found["21 cts"]["unit"] == "USD per share"
    assert found["21 cts"]["value"] == pytest.approx(0.21)
    assert found["17 cts"]["unit"] == "USD per share"
    assert found["2,400,000"]["type"] == found["3.1 mln"]["type"]
    assert found["6.2 mln"]["counted"] == "share"


def test_a_wire_figure_in_millions_of_dollars_is_money_not_a_count(nlp):
    # "1.2 mln dlrs" was a count of "mln dlrs"; "15 cts a share" gave a subject "cts"
    claims = claims_of(
        nlp,
        "Fourth quarter net profit rose to 2.6 mln dlrs or 31 cts a share "
        "from 1.9 mln dlrs.",
        published="1987-03-03",
    )
    by_text = {c.text: c for c in claims}
    assert by_text["2.6 mln dlrs"].type == "money"
    assert by_text["2.6 mln dlrs"].unit == "USD"
    per_share = next(c for c in claims if c.text.startswith("31 cts"))
    assert per_share.unit == "USD per share"
    assert per_share.value == pytest.approx(0.31)


# ------------------------------------------------------------------ signs


@pytest.mark.parametrize(
    "text, words, code",
    [
        ("It raised US$40 million.", "US$40 million", "USD"),
        ("Homes sold for $US720,000 each.", "$US720,000", "USD"),
        ("The fine was A$3 million.", "A$3 million", "AUD"),
        ("Tickets cost HK$480.", "HK$480", "HKD"),
        ("The deal is worth C$1.5 billion.", "C$1.5 billion", "CAD"),
        ("Shares closed at RM4.15.", "RM4.15", "MYR"),
        ("The bill came to ₹2,500.", "₹2,500", "INR"),
        ("A laptop costs 950€ there.", "950€", "EUR"),
    ],
)
def test_currency_signs(text, words, code):
    assert mention(text, words)["unit"] == code


def test_rupees_sign_and_south_asian_scales():
    m = mention("The project costs Rs 45 crore.", "Rs 45 crore")
    assert m["value"] == pytest.approx(45e7)
    assert m["unit"] == "INR" and m["ambiguous"]
    assert mention("He earns 6 lakh rupees.", "6 lakh rupees")["value"] == 6e5


def test_a_lower_case_a_before_a_dollar_sign_is_no_australian_sign():
    assert mention("She found a $20 note.", "$20")["unit"] == "USD"


# ------------------------------------------------------------------ glued units


@pytest.mark.parametrize(
    "text, words, value, unit",
    [
        ("The phone has 256GB of storage.", "256GB", 256.0, "gigabyte"),
        ("Gusts reached 95km/h overnight.", "95km/h", 95.0, "kilometre per hour"),
        ("The mine shipped 3.2m tonnes of ore.", "3.2m tonnes", 3.2e6, "tonne"),
        ("Highs of 31C are forecast.", "31C", 31.0, "degree Celsius"),
    ],
)
def test_units_glued_to_the_number(text, words, value, unit):
    m = mention(text, words)
    assert m["type"] == "quantity"
    assert m["value"] == pytest.approx(value)
    assert m["unit"].lower() == unit.lower()


@pytest.mark.parametrize(
    "text, words, value, code",
    [
        ("It sold for $2.45bn.", "$2.45bn", 2.45e9, "USD"),
        ("Debts of £730m were written off.", "£730m", 730e6, "GBP"),
    ],
)
def test_a_letter_scale_after_a_currency_sign(text, words, value, code):
    m = mention(text, words)
    assert (m["value"], m["unit"]) == (pytest.approx(value), code)


def test_a_glued_m_without_a_currency_is_metres():
    m = mention("The tower stands 48m (157ft) tall.", "48m")
    assert m["type"] == "quantity" and m["unit"] == "metre"
    assert m["value"] == 48.0


@pytest.mark.parametrize(
    "text", ["a 5G network", "a 3D printer", "the 1990s", "at 7pm"]
)
def test_letters_glued_to_a_number_that_are_no_unit(text):
    assert mentions(text) == []


@pytest.mark.parametrize(
    "text, number",
    [
        ("The new Hover 40 mower ships next month.", "40"),  # "over" inside a name
        ("The handsome 1932 saloon sold quickly.", "1932"),  # "some" inside a word
        ("It stopped 12 trains on the line.", "12"),  # "topped" inside a verb
    ],
)
def test_a_bound_word_inside_another_word_is_no_bound(text, number):
    m = mention(text, number)
    assert m["bound"] is None and m["change"] == "="


def test_a_change_noun_inside_another_word_is_no_change():
    m = mention("The council faces a shortfall of £3.2m next year.", "£3.2m")
    assert m["change"] == "="
    windfall = mention("Each winner gets a windfall of more than £50.", "more than £50")
    assert windfall["change"] == ">"


# ------------------------------------------------------------------ ranges


def test_a_range_keeps_both_ends_and_no_point_value():
    m = mention("Flats sell for $380,000 to $1.6 million.", "$380,000 to $1.6 million")
    assert m["range"] and m["value"] is None
    assert (m["low"], m["high"]) == (380_000, 1.6e6)


def test_the_second_ends_scale_applies_to_a_first_end_without_one():
    m = mention("between 7 and 9 million voters", "7 and 9 million")
    assert (m["low"], m["high"]) == (7e6, 9e6)
    m = mention("a bill of $40 to $55 billion", "$40 to $55 billion")
    assert (m["low"], m["high"]) == (40e9, 55e9)


def test_a_range_of_degrees_is_not_its_mean():
    m = mention("Seas may warm 1.5 to 3 degrees Celsius.", "1.5 to 3 degrees Celsius")
    assert m["value"] is None and (m["low"], m["high"]) == (1.5, 3.0)
    assert m["unit"].lower() == "degree celsius"


def test_percent_on_both_ends_is_one_range():
    m = mention("Fees run between 2% and 4% a year.", "2% and 4%")
    assert (m["type"], m["low"], m["high"]) == ("percent", 2.0, 4.0)


@pytest.mark.parametrize(
    "text",
    [
        "Its share climbed from 18 percent to 27 percent.",
        "Exports fell by $3 billion to $41 billion.",
    ],
)
def test_two_levels_of_a_change_are_not_a_range(text):
    found = mentions(text)
    assert len(found) == 2 and not any(m["range"] for m in found)


def test_a_rate_then_a_level_is_not_a_range():
    found = mentions("Traffic rose 12 percent to 3.4 million.")
    assert [m["type"] for m in found] == ["percent", "number"]
    # the level's scale stays with the level
    assert [m["value"] for m in found] == [12.0, 3.4e6]


def test_two_figures_joined_by_and_without_between_are_two():
    assert [m["text"] for m in mentions("It sold 40 and kept 12.")] == ["40", "12"]


def test_vague_plurals_are_ranges_of_one_to_ten_units():
    m = mention("Tens of thousands of fans marched.", "Tens of thousands")
    assert (m["low"], m["high"], m["value"]) == (1e4, 1e5, None)
    m = mention(
        "It cost hundreds of millions of dollars.", "hundreds of millions of dollars"
    )
    assert (m["type"], m["unit"], m["low"]) == ("money", "USD", 1e8)


def test_a_range_claim_has_no_value_in_claims_jsonl(nlp):
    claims = claims_of(
        nlp, "Repairs will cost $450,000 to $2.1 million, the city said."
    )
    c = next(c for c in claims if c.type == "money")
    data = c.to_dict()
    assert data["value"] is None and (data["low"], data["high"]) == (450_000, 2.1e6)
    assert c.is_range


# ------------------------------------------------------------------ rates


@pytest.mark.parametrize(
    "text, words, unit",
    [
        ("Lunch costs $14 a head.", "$14 a head", "USD per person"),
        ("Crude traded at $81.40 a barrel.", "$81.40 a barrel", "USD per barrel"),
        ("Rent is $2,900 a month.", "$2,900 a month", "USD per month"),
        (
            "It paid a dividend of 44 cents per share.",
            "44 cents per share",
            "USD per share",
        ),
        ("Offices let at £38 per sq ft.", "£38 per sq ft", "GBP per square foot"),
    ],
)
def test_a_figure_per_share_head_or_unit_is_its_own_measure(text, words, unit):
    m = mention(text, words)
    assert m["unit"] == unit and m["per"] == unit.split(" per ")[1]


def test_a_per_share_figure_never_meets_a_total(nlp):
    claims = claims_of(
        nlp, "Acme earned 4.1 mln dlrs, or 22 cts a share, in the quarter."
    )
    units = {c.unit for c in claims if c.type == "money"}
    assert units == {"USD", "USD per share"}


def test_a_year_earlier_says_when_not_per():
    m = mention("Pay was $61,000 a year earlier.", "$61,000")
    assert m["unit"] == "USD" and m["per"] is None


def test_a_minor_unit_takes_the_currency_of_its_sentence():
    m = mention("Lumen gained 7 sen to RM3.10.", "7 sen")
    assert (m["unit"], m["minor"], m["value"]) == ("MYR", "sen", pytest.approx(0.07))


# ------------------------------------------------------------------ shared words


@pytest.mark.parametrize(
    "words, code",
    [
        ("Chilean pesos", "CLP"),
        ("Sri Lankan rupees", "LKR"),
        ("Swedish crowns", "SEK"),
        ("New Zealand dollars", "NZD"),
        ("Swiss francs", "CHF"),
        ("U.S. dollars", "USD"),
    ],
)
def test_a_qualified_currency_name_settles_the_country(words, code):
    reading = currency_of_words(words)
    assert reading.code == code and not reading.ambiguous


@pytest.mark.parametrize("word", ["pesos", "rupees", "dollars", "francs", "crowns"])
def test_a_bare_shared_word_lists_its_candidates_and_says_it_cannot_tell(word):
    reading = currency_of_words(word)
    assert len(reading.candidates) > 1 and reading.ambiguous
    assert reading.code in reading.candidates


def test_the_articles_places_choose_among_the_candidates():
    pesos = currency_of_words("pesos")
    assert resolve_from_places(pesos, ["Uruguay"]).code == "UYU"
    assert resolve_from_places(pesos, [], ["Argentine"]).code == "ARS"
    assert resolve_from_places(pesos, ["Spain"]).basis == "default"  # none of them
    # two places naming two candidates: still cannot tell
    assert resolve_from_places(pesos, ["Chile", "Cuba"]).basis == "default"


def test_a_currency_is_the_one_in_use_on_the_articles_date():
    francs = currency_of_words("francs")
    assert resolve_from_places(francs, ["France"], on=dt.date(1988, 6, 1)).code == "FRF"


def test_crowns_are_the_family_of_kroner_kronor_and_korunas():
    assert {"DKK", "NOK", "SEK", "CZK"} <= set(candidates_of_word("crowns"))


def test_a_shared_word_takes_its_country_from_the_article(nlp):
    claims = claims_of(
        nlp,
        "Bogota, May 2 -- The central bank of Colombia sold bonds on Thursday.\n"
        "Demand reached 900 billion pesos, traders said.",
    )
    c = next(c for c in claims if c.type == "money")
    assert c.unit == "COP"


def test_an_article_that_names_no_country_keeps_the_default_and_flags_it(nlp):
    doc = nlp("The charity raised 300,000 pesos at the fair.")
    m = next(m for m in doc._.cc_quantities if m["type"] == "money")
    assert m["ambiguous"] and m["currency_basis"] == "default"
    assert "COP" in m["currency_candidates"]


def test_pounds_of_weight_are_not_money():
    m = mention("The boxer weighed in at 147 pounds.", "147 pounds")
    assert m["type"] == "quantity" and m["unit"] == "pound-mass"
    assert (
        mention("The club paid 30 million pounds.", "30 million pounds")["unit"]
        == "GBP"
    )


def test_signs_say_which_currency_without_doubt():
    assert currency_of_sign("NZ$").code == "NZD"
    assert not currency_of_sign("NZ$").ambiguous


# ------------------------------------------------------------------ not quantities


def test_parts_of_names_and_codes_are_not_quantities(nlp):
    text = (
        "The Nasdaq 100 and the S&P 500 rose as the Six Nations began. "
        "She bought an iPhone 15 and flew on a Boeing 777 to the Big 10 final."
    )
    doc = nlp(text)
    numbers = [m["text"] for m in doc._.cc_quantities]
    assert numbers == [], numbers


def test_a_figure_after_a_name_word_is_kept_when_it_has_a_unit(nlp):
    doc = nlp("Exports to Kenya rose 12% last year.")
    assert [m["text"] for m in doc._.cc_quantities] == ["12%"]


@pytest.mark.parametrize(
    "text",
    ["Talks resume at 1900 GMT.", "The polls close at 8 p.m.", "Doors open at 9am."],
)
def test_clock_times_are_not_quantities(text):
    assert mentions(text) == []


def test_an_age_after_a_name_is_an_age_not_a_count(nlp):
    claims = claims_of(nlp, "Moreau, 58, will chair the new board, the firm said.")
    age = next(c for c in claims if c.text == "58")
    assert age.type == "quantity" and age.unit == "year of age"


@pytest.mark.parametrize(
    "text, words",
    [("a 72-year-old driver", "72"), ("a 4,000 year-old temple", "4,000")],
)
def test_year_old_is_an_age(text, words):
    assert mention(text, words)["unit"] == "year of age"


def test_a_street_address_is_not_a_quantity():
    assert mentions("The office at 12 Harbour Road reopened.") == []


# ------------------------------------------------------------------ change


@pytest.mark.parametrize(
    "text, words, change",
    [
        ("Shares tumbled 8.5% on Monday.", "8.5%", "down"),
        ("The index is poised to drop 0.4%.", "0.4%", "down"),
        ("Dow +0.6% at the close.", "+0.6%", "up"),
        ("It reported a 4 percent decline.", "4 percent", "down"),
    ],
)
def test_verbs_signs_and_nouns_of_change(text, words, change):
    assert mention(text, words)["change"] == change


def test_a_particle_of_another_verb_is_no_change(nlp):
    doc = nlp("The defence gave up 412 passing yards on Saturday.")
    m = next(m for m in doc._.cc_quantities if m["text"].startswith("412"))
    assert m["change"] == "="


def test_a_verb_of_change_reaches_its_figure_through_by(nlp):
    doc = nlp("The chain plans to grow sales by 12 per cent next year.")
    m = next(m for m in doc._.cc_quantities if m["type"] == "percent")
    assert m["change"] == "up"


def test_a_conversion_in_brackets_keeps_the_bound_of_its_figure():
    found = mentions("deposits of more than 2 million euros ($2.2 million)")
    assert [m["change"] for m in found] == [">", ">"]


def test_a_negative_figure():
    m = mention("Nights fall to minus 40 degrees Celsius.", "minus 40 degrees Celsius")
    assert m["value"] == -40.0


def test_the_counted_noun_keeps_the_words_that_narrow_it(nlp):
    doc = nlp("Surgeons there have done 310 kidney transplants since 2001.")
    m = next(m for m in doc._.cc_quantities if m["text"] == "310")
    assert m["counted"] == "kidney transplant"


@pytest.mark.parametrize(
    "text, words, value, code",
    [
        ("Shares in the grocer closed at 186.5p, down 3p.", "186.5p", 1.865, "GBP"),
        ("Its shares slid from 88p ($1.60) to 41p.", "88p", 0.88, "GBP"),
    ],
)
def test_pence_glued_to_a_figure_near_shares_or_sterling(text, words, value, code):
    m = mention(text, words)
    assert m["type"] == "money" and m["unit"].startswith(code)
    assert m["value"] == pytest.approx(value) and m["minor"] == "penny"


@pytest.mark.parametrize(
    "text",
    [
        "The set records 1080p video and costs £400.",  # a video mode
        "The talks resume at 4p.m. on Friday, shareholders said.",  # a clock time
        "The 5p gene was mapped in mice.",  # no sterling or shares near
    ],
)
def test_a_glued_p_that_is_no_pence(text):
    assert not [m for m in mentions(text) if m.get("minor") == "penny"]
