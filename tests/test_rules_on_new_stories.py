"""Each rule on short articles of our own, on other topics and in other wording than
the seeds: the error is caught, and its consistent look-alike is not."""

from __future__ import annotations

import pytest

from tests.conftest import run_texts

CASES = {
    "dateline_before_event": (
        [
            (
                "vote",
                "LONDON, 3 May (Reuters) - The borough council held its budget vote on 12 May, "
                "officials said, approving a 4 percent rise in local taxes.\n",
            )
        ],
        ["3 May", "12 May"],
    ),
    "weekday_mismatch": (
        [
            (
                "flood",
                "NAIROBI, March 7 (Reuters) - Floods swept through the capital on Wednesday, "
                "March 5, 2024, forcing thousands from their homes, the Red Cross said.\n",
            )
        ],
        ["Wednesday, March 5, 2024"],
    ),
    "ranking_size_mismatch": (
        [
            (
                "uni_a",
                'Published: June 3, 2025\nThe annual "Top 15 Universities" list published on Monday shows '
                "Ruritania's Northgate University climbing again, the education ministry said.\n",
            ),
            (
                "uni_b",
                "Published: June 4, 2025\nRuritania now has 15 of the world's top 200 universities, the "
                "ministry said, after Northgate University rose in the annual ranking.\n",
            ),
        ],
        ["Top 15 Universities", "15 of the world's top 200"],
    ),
    "placeholder": (
        [
            (
                "profit",
                "FRANKFURT, Feb. 2 (Reuters) - Brauwerk AG said on Friday its net profit rose to "
                "$XX million in the fourth quarter.\n",
            )
        ],
        ["$XX million"],
    ),
    "count_list_mismatch": (
        [
            (
                "cands",
                "MADRID, April 2 (Reuters) - Four candidates are standing for mayor: Ana Ruiz, "
                "Pablo Gil and Marta Soler, the electoral board said on Tuesday.\n",
            )
        ],
        ["Four", "Ana Ruiz, Pablo Gil and Marta Soler"],
    ),
    "value_mismatch": (
        [
            (
                "acme_a",
                "Published: 2025-02-10\nAcme Robotics reported revenue of $5.6 billion in 2024, "
                "the Oslo-based company said on Monday.\n",
            ),
            (
                "acme_b",
                "Published: 2025-02-11\nAcme Robotics posted revenue of $4.9 billion in 2024, "
                "its chief executive Kari Lund told investors in Oslo.\n",
            ),
        ],
        ["$5.6 billion", "$4.9 billion"],
    ),
    "growth_mismatch": (
        [
            (
                "airport",
                "OSAKA, Jan. 20 (Kyodo) - Passenger numbers at Kansai airport rose 21 percent "
                "to 19.4 million from 17.6 million last year, the operator said.\n",
            )
        ],
        ["21 percent", "19.4 million", "17.6 million"],
    ),
    "conversion_mismatch": (
        [
            (
                "fx",
                "AMSTERDAM, Oct. 30 (Reuters) - The chipmaker booked orders worth 2.36 billion euros "
                "($1.6 billion) in the third quarter, it said on Wednesday.\n",
            )
        ],
        ["2.36 billion euros", "$1.6 billion"],
    ),
    "part_exceeds_whole": (
        [
            (
                "sats",
                "BAIKONUR, Nov. 12 (Reuters) - The rocket carried 16 foreign satellites out of 14 "
                "on board, the space agency said after the launch on Tuesday.\n",
            )
        ],
        ["16", "14"],
    ),
    "rank_mismatch": (
        [
            (
                "club_a",
                "Published: 2022-05-30\nLeeds United finished ninth in the Premier League in 2021, "
                "manager Jesse Marsch recalled in Leeds on Monday.\n",
            ),
            (
                "club_b",
                "Published: 2022-05-31\nLeeds United finished 11th in the Premier League in 2021, "
                "according to club records released in Leeds.\n",
            ),
        ],
        ["ninth", "11th"],
    ),
}

TRAPS = {
    "future_event_after_dateline": [
        (
            "vote",
            "LONDON, 3 May (Reuters) - The borough council will hold its budget vote on 12 May, "
            "officials said.\n",
        )
    ],
    "weekday_that_matches": [
        (
            "flood",
            "NAIROBI, March 7 (Reuters) - Floods swept through the capital on Tuesday, "
            "March 5, 2024, the Red Cross said.\n",
        )
    ],
    "roman_numeral_is_not_a_placeholder": [
        (
            "bowl",
            "MIAMI, Feb. 3 (Reuters) - Fans recalled Super Bowl XX and bought XXL shirts "
            "at the stadium on Sunday.\n",
        )
    ],
    "list_that_matches_its_count": [
        (
            "cands",
            "MADRID, April 2 (Reuters) - Three candidates are standing for mayor: Ana Ruiz, "
            "Pablo Gil and Marta Soler, the board said.\n",
        )
    ],
    "compatible_bounds_and_update": [
        (
            "q_a",
            "Published: 2025-03-04\nThe earthquake in Sancayo province killed more than 1,400 people "
            "in 2025, Peru's civil defence agency said.\n",
        ),
        (
            "q_b",
            "Published: 2025-03-05\nThe earthquake in Sancayo province killed 1,450 people in 2025, "
            "Peru's civil defence agency said on Wednesday.\n",
        ),
    ],
    "growth_that_adds_up": [
        (
            "airport",
            "OSAKA, Jan. 20 (Kyodo) - Passenger numbers at Kansai airport rose 10.2 percent "
            "to 19.4 million from 17.6 million last year, the operator said.\n",
        )
    ],
    # 26 percent rounded: 1,450 to 1,830 is +26.2%
    "growth_rounded_to_a_whole_percent": [
        (
            "ferry",
            "HELSINKI, May 2 (STT) - Weekly ferry crossings to Tallinn rose 26 percent to 1,830 "
            "from 1,450 a year earlier, the port authority said.\n",
        )
    ],
    "plausible_conversion": [
        (
            "fx",
            "AMSTERDAM, Oct. 30 (Reuters) - The chipmaker booked orders worth 2.36 billion euros "
            "($2.6 billion) in the third quarter.\n",
        )
    ],
    "different_years_are_not_a_conflict": [
        (
            "acme_a",
            "Published: 2025-02-10\nAcme Robotics reported revenue of $5.6 billion in 2024, "
            "the Oslo-based company said.\n",
        ),
        (
            "acme_b",
            "Published: 2025-02-11\nAcme Robotics posted revenue of $4.9 billion in 2023, "
            "its chief executive Kari Lund told investors in Oslo.\n",
        ),
    ],
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_catches_its_error_in_new_wording(nlp, rule):
    articles, expected_words = CASES[rule]
    result = run_texts(articles)
    hits = [f for f in result.findings if f.rule == rule]
    assert hits, f"{rule} not flagged; findings: {[f.message for f in result.findings]}"
    cited = {e.text for f in hits for e in f.evidence}
    for words in expected_words:
        assert any(words in c or c in words for c in cited), (
            f"{words!r} not cited in {cited}"
        )


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_consistent_look_alike_is_not_flagged(nlp, trap):
    result = run_texts(TRAPS[trap])
    assert result.findings == [], [f.message for f in result.findings]
