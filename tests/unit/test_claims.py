"""Claim frames: round trip, normalisation, and what the builder reads off the parse."""

from __future__ import annotations

from pipeline.claims import Claim
from pipeline.corpus import make_article
from pipeline.extract import extract_one
from pipeline.keys import canonical_phrase, measure_key


def test_claim_round_trips_through_dict():
    c = Claim(
        "a",
        1,
        5,
        "3.3%",
        "percent",
        3.3,
        3.25,
        3.35,
        "percent",
        "up",
        "China",
        "investment",
        "2023",
        qualifiers=("plan",),
        sentence=(0, 10),
        extra=(("weekday", "monday"),),
    )
    assert Claim.from_dict(c.to_dict()) == c


def test_spelling_variants_of_a_name_meet():
    assert canonical_phrase("Shenzhen- Hong Kong- Guangzhou") == canonical_phrase(
        "Shenzhen-Hong Kong-Guangzhou"
    )


def test_acronym_and_long_form_meet():
    assert measure_key("R&D investment") == measure_key(
        "research and development investment"
    )


def _claims(nlp, text, published="2024-04-26"):
    return extract_one(
        nlp, make_article("t", "t.txt", text, published=published)
    ).claims


def test_subject_measure_and_period_from_the_parse(nlp):
    claims = _claims(
        nlp,
        "China's research and development investment exceeded 3.3 trillion yuan in 2023.",
    )
    money = next(c for c in claims if c.type == "money")
    assert money.subject_key == "china"
    assert money.measure_key == measure_key("R&D investment")
    assert money.period == "2023"


def test_pronoun_resolves_to_the_earlier_subject(nlp):
    claims = _claims(
        nlp,
        "The country stands as a leader, and it owned 24 of the top 100 clusters. "
        "China, the country, grew.".replace("The country", "Ruritania"),
    )
    count = next(c for c in claims if c.type == "count")
    assert count.subject_key == "ruritania" and count.list_size == 100


def test_caption_dates_are_marked_as_captions(nlp):
    claims = _claims(
        nlp,
        "A barge sails in the harbour, April 30, 2023. (Xinhua/Chen Duo)\n\nThe port grew.",
    )
    date = next(c for c in claims if c.type == "date")
    assert date.role == "caption"


def test_future_tense_is_read(nlp):
    claims = _claims(nlp, "The council will vote on 12 May.")
    assert next(c for c in claims if c.type == "date").tense == "future"
