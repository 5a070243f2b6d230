"""Typed mentions from the components' dicts."""

from __future__ import annotations

from pipeline.nlp.mentions import DateMention, QuantityMention, RankMention


def test_known_keys_become_fields_and_the_rest_is_kept():
    q = QuantityMention.from_dict(
        {"start": 3, "end": 9, "text": "$4 bn", "type": "money", "value": 4e9,
         "unit": "USD", "per": "share"}
    )  # fmt: skip
    assert (q.type, q.value, q.unit) == ("money", 4e9, "USD")
    assert q.more == {"per": "share"}


def test_rank_lists_are_told_from_ranks():
    assert RankMention(0, 7, "top 100", kind="list").is_list
    assert RankMention(0, 5, "third", kind="rank").is_list is False


def test_a_date_mention_starts_in_the_body():
    d = DateMention.from_dict({"start": 0, "end": 4, "text": "2024", "value": "2024"})
    assert d.role == "body" and d.span == (0, 4)
