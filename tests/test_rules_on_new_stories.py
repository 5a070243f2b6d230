"""Each rule on short articles of our own, on other topics and in other wording than
the seeds: the error is caught, and its consistent look-alike is not."""

from __future__ import annotations

import pytest

from pipeline.checks import TYPES_READ
from tests.conftest import run_texts

# Texts that a second version changes in one place (the version_* rules): reports,
# not one-line statements (versions.MIN_SHINGLES).
BREWER = (
    "Published: 2025-03-07\nShares in the brewer Hallam & Vine rose over 5% by noon on "
    "Friday after it reported stronger sales of its lager, traders said. The firm "
    "employs 2,300 people in Sheffield and Leeds.\n"
)
BRIDGE = (
    "Published: 2025-03-10\nThe harbour bridge reopened on 3 March after repairs to its "
    "deck, the port authority said, and lorries may use it again from April. Drivers "
    "had faced a detour of twenty minutes through the town centre while the work went "
    "on.\n"
)
NOVEL = (
    "Published: 2025-03-10\nThe novel is ranked 12th on the paper's list of bestsellers "
    "this week, its publisher said on Monday. The story of two sisters who run a "
    "lighthouse on a remote island has been praised by critics and will be turned "
    "into a television series.\n"
)

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
    "garbled_figure": (
        [
            (
                "painting",
                "Harbour painting fetches $240,000\n\nA harbour scene by a little-known "
                "Cornish painter sold for $240,00 at a Boston auction on Saturday.\n",
            )
        ],
        ["$240,00", "$240,000"],
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
    "share_mismatch": (
        [
            (
                "flu",
                "LIMA, June 3 (Reuters) - Children made up about 60 percent of cases, 210 of "
                "the 840 recorded in the region, the health ministry said on Monday.\n",
            )
        ],
        ["about 60 percent", "210", "840"],
    ),
    "conversion_disagreement": (
        [
            (
                "deal",
                "The insurer paid £400m ($760m) for the Leeds business and later "
                "sold its Glasgow arm for £200m ($270m), it said.\n",
            )
        ],
        ["£200m", "$270m"],
    ),
    "converted_differently": (
        [
            (
                "bid_a",
                "Harlow Foods agreed a $4bn (£2.2bn) takeover of "
                "the Danish dairy group Fjordmelk, Harlow Foods said in London.\n",
            ),
            (
                "bid_b",
                "Harlow Foods will pay $4bn (£2.9bn) for the Danish "
                "dairy group Fjordmelk, Harlow Foods said in a statement in London.\n",
            ),
            (
                "bid_c",
                "Shares in Harlow Foods fell after its $4bn "
                "(£2.2bn) takeover of Fjordmelk, the Danish dairy group, in London.\n",
            ),
        ],
        ["£2.9bn"],
    ),
    "streak_contradiction": (
        [
            (
                "port_a",
                "Published: 2025-01-15\nRotterdam was ranked first in the European Port "
                "Index for the third consecutive year in 2024, the port authority said.\n",
            ),
            (
                "port_b",
                "Published: 2025-01-16\nRotterdam was ranked second in the European Port "
                "Index in 2023, behind Antwerp, the port authority recalled.\n",
            ),
        ],
        ["first", "second"],
    ),
    "series_mismatch": (
        [
            (
                "budget_a",
                "Published: 2005-02-14\nFinance minister Ana Ruiz will present her sixth "
                "budget to parliament in Madrid next month, with spending on schools and "
                "hospitals at its heart, officials said.\n",
            ),
            (
                "budget_b",
                "Published: 2005-02-14\nFinance minister Ana Ruiz will present her seventh "
                "budget to parliament in Madrid next month, with spending on schools and "
                "hospitals at its heart, officials said.\n",
            ),
        ],
        ["sixth budget", "seventh budget"],
    ),
    "list_size_mismatch": (
        [
            (
                "uni_a",
                "Published: 2025-06-03\nRuritania placed nine universities in the top 50 "
                "of the Meridian ranking in 2025, the education ministry said.\n",
            ),
            (
                "uni_b",
                "Published: 2025-06-04\nRuritania placed nine universities in the top 500 "
                "of the Meridian ranking in 2025, the ministry said in a statement.\n",
            ),
        ],
        ["nine universities in the top 50", "nine universities in the top 500"],
    ),
    "event_date_mismatch": (
        [
            (
                "ferry_a",
                "Published: 2025-03-07\nThe ferry Nordlys sank off Bergen on March 4, "
                "the coast guard said, and all 40 passengers were rescued.\n",
            ),
            (
                "ferry_b",
                "Published: 2025-03-07\nThe ferry Nordlys sank off Bergen on March 5, "
                "the coast guard said on Friday, adding that everyone was rescued.\n",
            ),
        ],
        ["March 4", "March 5"],
    ),
    "shares_exceed_whole": (
        [
            (
                "poll_a",
                "Published: 2025-05-12\nThe Greens took 46 percent of the vote in "
                "Sunday's election in Tarnow, the electoral commission said.\n",
            ),
            (
                "poll_b",
                "Published: 2025-05-12\nThe Liberals won 38 percent of the vote in "
                "Sunday's election in Tarnow, the electoral commission said.\n",
            ),
            (
                "poll_c",
                "Published: 2025-05-12\nLabour won 24 percent of the vote in Sunday's "
                "election in Tarnow, the electoral commission said.\n",
            ),
        ],
        ["46 percent", "38 percent", "24 percent"],
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
    # two versions of one text that differ only in a figure
    "version_figure_change": (
        [
            ("brew_a", BREWER),
            ("brew_b", BREWER.replace("over 5%", "over 8%")),
        ],
        ["over 5%", "over 8%"],
    ),
    "version_date_change": (
        [
            ("bridge_a", BRIDGE),
            ("bridge_b", BRIDGE.replace("on 3 March", "on 5 March")),
        ],
        ["3 March", "5 March"],
    ),
    "version_rank_change": (
        [
            ("novel_a", NOVEL),
            ("novel_b", NOVEL.replace("12th", "21st")),
        ],
        ["12th", "21st"],
    ),
}

# trap name -> (the rule whose look-alike it is, the articles)
TRAPS = {
    "future_event_after_dateline": (
        "dateline_before_event",
        [
            (
                "vote",
                "LONDON, 3 May (Reuters) - The borough council will hold its budget vote "
                "on 12 May, officials said.\n",
            )
        ],
    ),
    "deadline_after_dateline": (
        "dateline_before_event",
        [
            (
                "offer",
                "TORONTO, April 2 (Reuters) - Shareholders of record on April 20 will "
                "receive the dividend, which is payable on May 3, the miner said.\n",
            )
        ],
    ),
    "weekday_that_matches": (
        "weekday_mismatch",
        [
            (
                "flood",
                "NAIROBI, March 7 (Reuters) - Floods swept through the capital on "
                "Tuesday, March 5, 2024, the Red Cross said.\n",
            )
        ],
    ),
    "roman_numeral_is_not_a_placeholder": (
        "placeholder",
        [
            (
                "bowl",
                "MIAMI, Feb. 3 (Reuters) - Fans recalled Super Bowl XX and bought XXL "
                "shirts at the stadium on Sunday.\n",
            )
        ],
    ),
    "well_formed_figures_lists_and_scores": (
        "garbled_figure",
        [
            (
                "tennis",
                "Novak lost 1-6,4-6 in the second round, then gave $12,500 of his "
                "$25,000 prize to charity; the euro stood at $1.2945 and rounds 1,2 "
                "and 3 were played indoors.\n",
            )
        ],
    ),
    "question_marks_in_a_comment": (
        "placeholder",
        [
            (
                "letters",
                "Readers wrote in about the new bus lanes. Who decided this??? Nobody "
                "asked the drivers, one wrote.\n",
            )
        ],
    ),
    "list_that_matches_its_count": (
        "count_list_mismatch",
        [
            (
                "cands",
                "MADRID, April 2 (Reuters) - Three candidates are standing for mayor: Ana "
                "Ruiz, Pablo Gil and Marta Soler, the board said.\n",
            )
        ],
    ),
    "list_of_something_else": (
        "count_list_mismatch",
        [
            (
                "storms",
                "MIAMI, Nov. 30 (Reuters) - Five storms struck the coast in July, August "
                "and September, the hurricane centre said.\n",
            )
        ],
    ),
    "compatible_bounds_and_update": (
        "value_mismatch",
        [
            (
                "q_a",
                "Published: 2025-03-04\nThe earthquake in Sancayo province killed more "
                "than 1,400 people in 2025, Peru's civil defence agency said.\n",
            ),
            (
                "q_b",
                "Published: 2025-03-05\nThe earthquake in Sancayo province killed 1,450 "
                "people in 2025, Peru's civil defence agency said on Wednesday.\n",
            ),
        ],
    ),
    "different_years_are_not_a_conflict": (
        "value_mismatch",
        [
            (
                "acme_a",
                "Published: 2025-02-10\nAcme Robotics reported revenue of $5.6 billion in "
                "2024, the Oslo-based company said.\n",
            ),
            (
                "acme_b",
                "Published: 2025-02-11\nAcme Robotics posted revenue of $4.9 billion in "
                "2023, its chief executive Kari Lund told investors in Oslo.\n",
            ),
        ],
    ),
    "growth_that_adds_up": (
        "growth_mismatch",
        [
            (
                "airport",
                "OSAKA, Jan. 20 (Kyodo) - Passenger numbers at Kansai airport rose 10.2 "
                "percent to 19.4 million from 17.6 million last year, the operator said.\n",
            )
        ],
    ),
    # 26 percent rounded: 1,450 to 1,830 is +26.2%
    "growth_rounded_to_a_whole_percent": (
        "growth_mismatch",
        [
            (
                "ferry",
                "HELSINKI, May 2 (STT) - Weekly ferry crossings to Tallinn rose 26 percent "
                "to 1,830 from 1,450 a year earlier, the port authority said.\n",
            )
        ],
    ),
    "levels_of_another_clause": (
        "growth_mismatch",
        [
            (
                "carmaker",
                "DETROIT, Jan. 26 (Reuters) - Profit fell to $2.1bn, down from $3.9bn in "
                "2003, while its annual revenue rose 3.5% to $170bn, the carmaker said.\n",
            )
        ],
    ),
    "plausible_conversion": (
        "conversion_mismatch",
        [
            (
                "fx",
                "AMSTERDAM, Oct. 30 (Reuters) - The chipmaker booked orders worth 2.36 "
                "billion euros ($2.6 billion) in the third quarter.\n",
            )
        ],
    ),
    "conversions_at_one_rate": (
        "conversion_disagreement",
        [
            (
                "deal",
                "Published: 2005-03-10\nThe insurer paid £400m ($760m) for the Leeds "
                "business and later sold its Glasgow arm for £200m ($380m), it said.\n",
            )
        ],
    ),
    "one_amount_converted_alike": (
        "converted_differently",
        [
            (
                "bid_a",
                "Harlow Foods agreed a $4bn (£2.2bn) takeover of "
                "the Danish dairy group Fjordmelk, Harlow Foods said in London.\n",
            ),
            (
                "bid_b",
                "Published: 2005-06-01\nHarlow Foods will pay $4bn (£2.1bn) for the Danish "
                "dairy group Fjordmelk, Harlow Foods said in a statement in London.\n",
            ),
        ],
    ),
    "share_that_fits": (
        "share_mismatch",
        [
            (
                "flu",
                "LIMA, June 3 (Reuters) - Children made up about 25 percent of cases, 210 "
                "of the 840 recorded in the region, the health ministry said on Monday.\n",
            )
        ],
    ),
    "a_revision_is_not_a_part": (
        "part_exceeds_whole",
        [
            (
                "jobs",
                "WASHINGTON, Jan. 7 (Reuters) - Payrolls grew by 157,000 in December, and "
                "November's gain was revised to 137,000 instead of 112,000, the Labor "
                "Department said.\n",
            )
        ],
    ),
    "same_place_in_the_ranking": (
        "rank_mismatch",
        [
            (
                "club_a",
                "Published: 2022-05-30\nLeeds United finished ninth in the Premier League "
                "in 2021, manager Jesse Marsch recalled in Leeds on Monday.\n",
            ),
            (
                "club_b",
                "Published: 2022-05-31\nLeeds United finished ninth in the Premier League "
                "in 2021, according to club records released in Leeds.\n",
            ),
        ],
    ),
    "a_count_inside_a_ranking_named_right": (
        "ranking_size_mismatch",
        [
            (
                "uni_a",
                'Published: June 3, 2025\nThe annual "Top 200 Universities" list shows '
                "Ruritania's Northgate University climbing again, the ministry said.\n",
            ),
            (
                "uni_b",
                "Published: June 4, 2025\nRuritania now has 15 of the world's top 200 "
                "universities, the ministry said, after Northgate rose in the ranking.\n",
            ),
        ],
    ),
    "a_streak_that_holds": (
        "streak_contradiction",
        [
            (
                "port_a",
                "Published: 2025-01-15\nRotterdam was ranked first in the European Port "
                "Index for the third consecutive year in 2024, the port authority said.\n",
            ),
            (
                "port_b",
                "Published: 2025-01-16\nRotterdam was ranked first in the European Port "
                "Index in 2023, ahead of Antwerp, the port authority recalled.\n",
            ),
        ],
    ),
    "the_same_places_in_lists_of_one_size": (
        "list_size_mismatch",
        [
            (
                "uni_a",
                "Published: 2025-06-03\nRuritania placed nine universities in the top 50 "
                "of the Meridian ranking in 2025, the education ministry said.\n",
            ),
            (
                "uni_b",
                "Published: 2025-06-04\nRuritania placed nine universities in the top 50 "
                "of the Meridian ranking in 2025, the ministry said in a statement.\n",
            ),
        ],
    ),
    "shares_that_add_up": (
        "shares_exceed_whole",
        [
            (
                "poll_a",
                "Published: 2025-05-12\nThe Greens took 46 percent of the vote in "
                "Sunday's election in Tarnow, the electoral commission said.\n",
            ),
            (
                "poll_b",
                "Published: 2025-05-12\nThe Liberals won 38 percent of the vote in "
                "Sunday's election in Tarnow, the electoral commission said.\n",
            ),
        ],
    ),
    "one_place_in_the_series": (
        "series_mismatch",
        [
            (
                "budget_a",
                "Published: 2005-02-14\nFinance minister Ana Ruiz will present her sixth "
                "budget to parliament in Madrid next month, with spending on schools and "
                "hospitals at its heart, officials said.\n",
            ),
            (
                "budget_b",
                "Published: 2005-02-14\nFinance minister Ana Ruiz will present her sixth "
                "budget to parliament in Madrid next month, officials said.\n",
            ),
        ],
    ),
    "different_matches_on_different_days": (
        "event_date_mismatch",
        [
            (
                "derby_a",
                "Published: 2025-03-10\nRivermouth beat Castlebridge 2-0 on Saturday, "
                "manager Ole Berg said after the league match.\n",
            ),
            (
                "derby_b",
                "Published: 2025-03-10\nRivermouth lost to Ashgrove on Sunday in the cup, "
                "manager Ole Berg said after the match.\n",
            ),
        ],
    ),
    # the sentence around the figure rewritten: an edit, often an update
    "version_rewrites_the_sentence": (
        "version_figure_change",
        [
            ("brew_a", BREWER),
            ("brew_b", BREWER.replace("rose over 5% by noon", "closed up 4.75%")),
        ],
    ),
    "version_writes_one_figure_two_ways": (
        "version_figure_change",
        [
            ("brew_a", BREWER),
            ("brew_b", BREWER.replace("2,300 people", "2.3 thousand people")),
        ],
    ),
    "version_writes_one_date_two_ways": (
        "version_date_change",
        [
            ("bridge_a", BRIDGE),
            ("bridge_b", BRIDGE.replace("on 3 March", "on March 3")),
        ],
    ),
    "version_writes_one_rank_two_ways": (
        "version_rank_change",
        [("novel_a", NOVEL), ("novel_b", NOVEL.replace("12th", "twelfth"))],
    ),
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
    rule, articles = TRAPS[trap]
    result = run_texts(articles)
    assert result.findings == [], [f.message for f in result.findings]


def test_every_registered_check_has_its_description_a_case_and_a_trap():
    """A rule is complete when editors are told what it checks, and it has an error
    it catches and a look-alike it leaves alone, both in wording of our own."""
    from pipeline.checks import CHECKS

    guarded = {rule for rule, _ in TRAPS.values()}
    for name, spec in sorted(CHECKS.items()):
        assert spec.description.strip(), f"{name} has no description"
        assert name in CASES, f"{name} has no case it catches"
        assert name in guarded, f"{name} has no trap it leaves alone"
        assert set(spec.reads) <= set(TYPES_READ[spec.kind]), name


def test_a_rule_not_trusted_on_real_copy_runs_at_low_severity():
    from dataclasses import replace

    from pipeline import checks

    spec = checks.CHECKS["placeholder"]
    checks.CHECKS["placeholder"] = replace(spec, trusted=False)
    try:
        made = checks.finding(
            "placeholder", message="m", evidence=(), confidence=0.9, severity="high"
        )
    finally:
        checks.CHECKS["placeholder"] = spec
    assert (made.kind, made.rule, made.severity) == (
        "placeholder",
        "placeholder",
        "low",
    )


def test_two_reports_of_one_ranking_edition_must_agree_even_when_worded_as_a_rise(nlp):
    # "has risen to 40th" is the new place, but with the edition named (2026) both
    # reports give that edition's place: 40th against 43rd is a conflict
    result = run_texts(
        [
            ("port_a", "Published: March 3, 2026\nNorvik Harbour has risen to 40th place "
             "in the Atlas Port Index 2026, up from 44th, the port said.\n"),
            ("port_b", "Published: March 4, 2026\nNorvik Harbour is now 43rd in the Atlas "
             "Port Index 2026, the index's publisher said on Tuesday.\n"),
        ]
    )  # fmt: skip
    ranks = [f for f in result.findings if f.rule == "rank_mismatch"]
    assert ranks and {e.text for e in ranks[0].evidence} >= {"40th place", "43rd"}
