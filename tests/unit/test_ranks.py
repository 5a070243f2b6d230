"""Ranks, lists, counts within lists and streaks."""

from __future__ import annotations

import pytest

from pipeline.nlp.ranks import find_ranks


def kinds(text: str) -> list[tuple[str, str, int]]:
    return [(r["kind"], r["text"], r["value"]) for r in find_ranks(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("China ranks first in the world", ("rank", "first", 1)),
        ("reached the No. 1 spot", ("rank", "No. 1 spot", 1)),
        ("the second-busiest airport", ("rank", "second-busiest", 2)),
        ("Leeds came 11th in the league", ("rank", "11th", 11)),
        ("ranking 12th in the Global Innovation Index 2023", ("rank", "12th", 12)),
        ("held the second position", ("rank", "second position", 2)),
        ("24 of the top 100 clusters", ("count_in_list", "24 of the top 100", 24)),
        (
            "24 of the world's top 100 clusters",
            ("count_in_list", "24 of the world's top 100", 24),
        ),
        ("among the top five clusters", ("list", "top five", 5)),
        (
            "for the fifth consecutive year",
            ("streak", "for the fifth consecutive year", 5),
        ),
        ("for five years in a row", ("streak", "for five years in a row", 5)),
    ],
)
def test_rank_phrases(text, expected):
    assert expected in kinds(text)


def test_named_ranking_title_is_one_span():
    (r,) = find_ranks('the global "Top 24 Science and Technology Clusters" ranking')
    assert (
        r["text"] == "Top 24 Science and Technology Clusters"
        and r["named"]
        and r["list_size"] == 24
    )


@pytest.mark.parametrize(
    "text",
    [
        "for the first time",
        "the 135th session of the fair",
        "in the first half",
        "the first batch of patients",
    ],
)
def test_ordinals_that_are_not_ranks(text):
    assert [r for r in find_ranks(text) if r["kind"] == "rank"] == []


def test_from_to_gives_two_ranks():
    got = kinds("the cluster ascends from 6th in 2022 to 5th this year")
    assert ("rank", "6th", 6) in got and ("rank", "5th", 5) in got


@pytest.mark.parametrize(
    "text, places",
    [
        # a place in a named list, the list after it or elsewhere in the sentence
        ("The kettle is at number 7 in the list and the toaster at number 9.", [7, 9]),
        ("Her single went in at number one in the download chart.", [1]),
        # an address or a shirt stays no place
        ("The family lives at number 7 on a quiet street.", []),
        ("He wore number 9 for the club.", []),
    ],
)
def test_number_n_is_a_place_in_a_list_the_sentence_names(text, places):
    assert [r["value"] for r in find_ranks(text) if r["kind"] == "rank"] == places
