"""crosscheck perturb: labelled errors injected in place, gold spans that hold."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipeline.claims import Claim
from pipeline.corpus import load_corpus, make_article
from pipeline.findings import Evidence, Finding
from pipeline.nlp.normalize import WEEKDAYS, ordinal_value, parse_number
from pipeline.nlp.quantities import find_quantities
from pipeline.perturb import (
    PERTURBATIONS,
    PLACEHOLDER_MARKS,
    Change,
    PerturbError,
    apply_changes,
    check_output_folder,
    cycle_articles,
    find_count_list,
    map_span,
    parse_types,
    perturb_app,
    perturb_articles,
    perturb_count,
    perturb_date,
    perturb_number,
    perturb_placeholder,
    perturb_rank,
    perturb_weekday,
    recall_by_perturbation,
    write_perturbed,
)

WIRE = """LIMA, March 6 (Reuters) - Acme Mining reported revenue of $5.6 billion \
in 2024, the company said on Tuesday, March 4, 2025.

Acme Mining ranked second in the Global Mining Index 2024, its chief executive said.

The company operates three mines: Alta, Bravo and Cerro.

Acme Mining employed 12,400 workers in 2024, up 8.1 percent from a year earlier.
"""
LOCAL = """AREQUIPA, March 6 (AP) - Acme Mining reported revenue of $5.6 billion \
in 2024, executives told reporters.

Acme Mining ranked second in the Global Mining Index 2024, according to the index.

The Acme Mining board met on March 3 to approve a dividend of 45 cents a share.
"""


def claim(text: str, ctype: str, value, start: int = 0, **kw) -> Claim:
    return Claim("a", start, start + len(text), text, ctype, value, **kw)


def reading(text: str) -> dict:
    """How the project's quantity grammar reads a number's words."""
    (q,) = [q for q in find_quantities(text)]
    return q


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("clean")
    (folder / "wire.txt").write_text(WIRE, "utf-8")
    (folder / "local.txt").write_text(LOCAL, "utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(nlp, sources):
    """Every type, as many errors as the two articles allow, cycled to six articles."""
    articles = load_corpus([sources]).articles
    return perturb_articles(articles, errors=40, seed=7, count=6)


# --------------------------------------------------------------------------- offsets


def test_changes_shift_later_offsets_and_spans_keep_their_words():
    text = "Sales rose 5 percent to 1,400 units in March, up from 900 in May."
    changes = [Change(11, 12, "12"), Change(24, 29, "2,100"), Change(54, 57, "XX")]
    new = apply_changes(text, changes)
    assert new == "Sales rose 12 percent to 2,100 units in March, up from XX in May."
    start, end = map_span(changes, 24, 35)  # "1,400 units" holds a change
    assert new[start:end] == "2,100 units"
    start, end = map_span(changes, 39, 44)  # "March" lies between changes
    assert new[start:end] == "March"
    with pytest.raises(ValueError):
        map_span(changes, 25, 35)  # a span cutting a change has no place


def test_every_gold_span_equals_the_new_text_at_its_offsets(corpus):
    texts = {a.id: a.text for a in corpus.articles}
    per_article = {}
    for f in corpus.findings:
        for slot in f["slots"]:
            for s in slot:
                assert texts[s["article"]][s["start"] : s["end"]] == s["text"]
                assert 0 < len(s["text"]) <= 120
        per_article.setdefault(f["slots"][0][0]["article"], []).append(f)
    # several edits in one article shift the later ones
    assert max(len(v) for v in per_article.values()) >= 3


def test_written_corpus_passes_gold_check_and_reloads_with_the_same_ids(
    corpus, tmp_path
):
    from pipeline.gold import check_gold

    out = tmp_path / "perturbed"
    write_perturbed(corpus, out)
    assert check_gold(out) == []
    reloaded = {a.id: a.text for a in load_corpus([out]).articles}
    assert reloaded == {a.id: a.text for a in corpus.articles}
    gold = json.loads((out / "gold.json").read_text("utf-8"))
    assert gold["schema"] == "crosscheck.gold/1" and gold["traps"] == []
    assert all(a["path"] == f"{a['id']}.txt" for a in gold["articles"])


def test_one_change_per_sentence_and_only_in_the_body(corpus):
    seen = set()
    for p in corpus.perturbations:
        key = (p.article, tuple(p.claim.sentence))
        assert key not in seen
        seen.add(key)
        assert p.claim.role == "body"


# --------------------------------------------------------------------------- corpus


def test_same_seed_gives_the_same_corpus_and_another_seed_another(nlp, sources):
    articles = load_corpus([sources]).articles
    first = perturb_articles(articles, errors=8, seed=3)
    again = perturb_articles(articles, errors=8, seed=3)
    other = perturb_articles(articles, errors=8, seed=4)
    assert first.findings == again.findings
    assert [a.text for a in first.articles] == [a.text for a in again.articles]
    assert first.findings != other.findings


def test_the_same_fact_in_other_articles_is_slot_two(nlp, sources):
    articles = load_corpus([sources]).articles
    corpus = perturb_articles(articles, errors=10, seed=1, types=["number", "rank"])
    revenue = [f for f in corpus.findings if f["original"] == "$5.6 billion"]
    second = [f for f in corpus.findings if f["original"] == "second"]
    assert revenue and second
    for f in revenue + second:
        changed = f["slots"][0][0]["article"]
        other = "local" if changed == "wire" else "wire"
        assert f["cross_article"] and f["scope"] == "across"
        assert [(s["article"], s["text"]) for s in f["slots"][1]] == [
            (other, f["original"])
        ]
    # the other article's statement is left as it was
    texts = {a.id: a.text for a in corpus.articles}
    assert "$5.6 billion" in texts["wire"] + texts["local"]


def test_copies_are_renamed_and_state_the_fact_again(corpus):
    ids = [a.id for a in corpus.articles]
    assert ids == ["local", "wire", "local-copy-1", "wire-copy-1"] + [
        "local-copy-2",
        "wire-copy-2",
    ]
    assert corpus.cross_article >= 3
    # one value change per fact over all the copies
    facts = [
        (f["perturbation"], f["original"])
        for f in corpus.findings
        if f["perturbation"] in ("number", "date", "rank")
    ]
    assert len(facts) == len(set(facts))


def test_each_type_is_injected_with_its_kind(corpus):
    kinds = {f["perturbation"]: f["kind"] for f in corpus.findings}
    assert set(kinds) == set(PERTURBATIONS)
    assert kinds["weekday"] == "date" and kinds["placeholder"] == "placeholder"
    count = next(f for f in corpus.findings if f["perturbation"] == "count")
    assert count["slots"][1][0]["text"] == "Alta, Bravo and Cerro"


def test_cycle_articles_suffixes_copies():
    a, b = make_article("a", "a.txt", "One."), make_article("b", "b.txt", "Two.")
    cycled = cycle_articles([a, b], 5)
    assert [(x.id, s) for x, s in cycled] == [
        ("a", 0),
        ("b", 1),
        ("a-copy-1", 0),
        ("b-copy-1", 1),
        ("a-copy-2", 0),
    ]


# --------------------------------------------------------------------------- types


def test_number_keeps_scale_and_currency_and_leaves_the_rounding_interval():
    c = claim("3.3 trillion yuan", "money", 3.3e12, low=3.25e12, high=3.35e12)
    c = Claim(**{**_fields(c), "unit": "CNY"})
    p = perturb_number(c, random.Random(0))
    assert p is not None and p.new_text.endswith(" trillion yuan")
    before, after = reading(c.text), reading(p.new_text)
    assert after["type"] == before["type"] == "money" and after["unit"] == "CNY"
    assert not after["low"] <= 3.3e12 <= after["high"]
    assert (
        p.new_text[: p.new_text.index(" ")].count(".") == 1
    )  # one decimal, as written


def test_lower_bound_is_raised_above_every_statement_of_the_fact():
    c = claim("more than 1,400", "count", 1400.0, low=1400.0, change=">")
    partner = Claim("b", 0, 5, "1,450", "count", 1450.0, low=1449.5, high=1450.5)
    p = perturb_number(c, random.Random(2), [partner])
    assert p is not None and p.new_text.startswith("more than ")
    after = reading(p.new_text)
    assert after["change"] == ">" and after["low"] > 1450.5
    assert "," in p.new_text  # written the same way


def test_lower_bound_against_an_open_bound_is_skipped():
    c = claim("more than 1,400", "count", 1400.0, low=1400.0, change=">")
    partner = Claim(
        "b", 0, 15, "at least 1,300", "count", 1300.0, low=1300.0, change=">"
    )
    assert perturb_number(c, random.Random(0), [partner]) is None


def test_number_words_stay_words_and_percent_stays_percent():
    words = perturb_number(claim("Three", "count", 3.0), random.Random(1))
    assert (
        words is not None and words.new_text.isalpha() and words.new_text[0].isupper()
    )
    assert parse_number(words.new_text) not in (None, 3.0)
    pct = claim("8.1 percent", "percent", 8.1, low=8.05, high=8.15, unit="percent")
    p = perturb_number(pct, random.Random(1))
    assert p is not None and reading(p.new_text)["type"] == "percent"
    assert p.new_text.endswith(" percent") and p.new_value != 8.1


@pytest.mark.parametrize(
    ("text", "value", "pattern"),
    [
        ("second", 2, r"^[a-z]+$"),
        ("Second-busiest", 2, r"^[A-Z][a-z]+-busiest$"),
        ("12th", 12, r"^\d+(st|nd|rd|th)$"),
        ("No. 1 spot", 1, r"^No\. \d+ spot$"),
    ],
)
def test_rank_keeps_its_form_and_changes_place(text, value, pattern):
    import re

    p = perturb_rank(claim(text, "rank", value), random.Random(0))
    assert p is not None and re.match(pattern, p.new_text), p and p.new_text
    word = re.search(r"\d+(?:st|nd|rd|th)?|[A-Za-z]+", p.new_text).group()
    new = int(word) if word.isdigit() else ordinal_value(word) or int(p.new_value)
    assert new != value and new == p.new_value


def test_weekday_no_longer_matches_its_date():
    c = claim(
        "Tuesday, March 4, 2025", "date", "2025-03-04", granularity="day",
        extra=(("source", "weekday_date"), ("weekday", "tuesday")),
    )  # fmt: skip
    p = perturb_weekday(c, random.Random(0))
    assert p is not None and p.new_text.endswith(", March 4, 2025")
    named = p.new_text.split(",")[0].lower()
    assert named in WEEKDAYS and named != "tuesday"  # 2025-03-04 is a Tuesday
    wrong = Claim(**{**_fields(c), "value": "2025-03-03"})
    assert perturb_weekday(wrong, random.Random(0)) is None  # already wrong


def test_date_moves_in_its_own_format_and_not_past_the_dateline():
    text = "The board met on March 3, 2025 to approve a dividend."
    c = Claim(
        "a", 17, 30, "March 3, 2025", "date", "2025-03-03", granularity="day",
        sentence=(0, len(text)), extra=(("source", "mdy"),),
    )  # fmt: skip
    cutoff = dt.date(2025, 3, 6)
    for seed in range(5):
        p = perturb_date(c, random.Random(seed), text, cutoff, cutoff)
        assert p is not None
        assert p.new_text.startswith("March ") and p.new_text.endswith(", 2025")
        assert p.new_value != "2025-03-03" and p.new_value <= "2025-03-06"


def test_date_with_a_weekday_moves_by_whole_weeks():
    text = "Trading resumed on Tuesday, March 18, 2025 after the holiday."
    c = Claim(
        "a", 19, 42, "Tuesday, March 18, 2025", "date", "2025-03-18", granularity="day",
        sentence=(0, len(text)),
        extra=(("source", "weekday_date"), ("weekday", "tuesday")),
    )  # fmt: skip
    p = perturb_date(c, random.Random(0), text, dt.date(2025, 3, 31))
    assert p is not None and p.new_text.startswith("Tuesday, March ")
    assert dt.date.fromisoformat(p.new_value).weekday() == 1


def test_count_changes_against_the_list_its_sentence_holds():
    text = "The company operates three mines: Alta, Bravo and Cerro."
    c = Claim("a", 21, 26, "three", "count", 3.0, sentence=(0, len(text)))
    assert text[slice(*find_count_list(text, c))] == "Alta, Bravo and Cerro"
    p = perturb_count(c, text, random.Random(0))
    assert p is not None and p.new_text in ("two", "four", "five")
    no_list = Claim("a", 21, 26, "three", "count", 3.0, sentence=(0, 32))
    assert perturb_count(no_list, text[:32], random.Random(0)) is None


def test_placeholder_replaces_the_number_and_keeps_its_unit():
    c = claim("$455.4 billion", "money", 455.4e9, unit="USD")
    marks = set()
    for seed in range(12):
        p = perturb_placeholder(c, random.Random(seed))
        assert p.new_text.startswith("$") and p.new_text.endswith(" billion")
        marks.add(p.change.replacement)
    assert marks == set(PLACEHOLDER_MARKS)


# --------------------------------------------------------------------------- refusals


def test_refuses_a_folder_with_files_unless_forced(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(PerturbError, match="P004"):
        check_output_folder(tmp_path)
    check_output_folder(tmp_path, force=True)


def test_refuses_gold_folders_input_folders_and_files(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    with pytest.raises(PerturbError, match="P005"):
        check_output_folder(gold / "perturbed", force=True)
    inputs = tmp_path / "clean"
    inputs.mkdir()
    with pytest.raises(PerturbError, match="P012"):
        check_output_folder(inputs / "out", inputs=[str(inputs)])
    with pytest.raises(PerturbError, match="P006"):
        check_output_folder(tmp_path, force=True, inputs=[str(inputs / "a.txt")])
    afile = tmp_path / "file"
    afile.write_text("x", "utf-8")
    with pytest.raises(PerturbError, match="P008"):
        check_output_folder(afile)


def test_bad_arguments_are_refused():
    with pytest.raises(PerturbError, match="P001"):
        parse_types("number,dates")
    assert parse_types(" rank , count ") == ("rank", "count")
    article = make_article("a", "a.txt", "Sales rose 5 percent.")
    with pytest.raises(PerturbError, match="P002"):
        perturb_articles([article], errors=-1)
    with pytest.raises(PerturbError, match="P003"):
        perturb_articles([article], count=0)
    with pytest.raises(PerturbError, match="P001"):
        perturb_articles([article], types=["typo"])
    with pytest.raises(PerturbError, match="P007"):
        perturb_articles([])


def _cli() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(perturb_app, name="perturb")
    return app


def test_cli_writes_a_corpus_and_exits_2_on_bad_usage(nlp, sources, tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    ok = runner.invoke(
        _cli(), ["perturb", str(sources), "--out", str(out), "--errors", "3"]
    )
    assert ok.exit_code == 0, ok.output
    assert sorted(p.name for p in out.iterdir()) == [
        "gold.json",
        "local.txt",
        "wire.txt",
    ]
    again = runner.invoke(_cli(), ["perturb", str(sources), "--out", str(out)])
    assert again.exit_code == 2 and "P004" in again.output
    forced = runner.invoke(
        _cli(), ["perturb", "--force", str(sources), "--out", str(out)]
    )
    assert forced.exit_code == 0, forced.output
    missing = runner.invoke(
        _cli(), ["perturb", str(tmp_path / "none.txt"), "--out", "x"]
    )
    assert missing.exit_code == 2 and "P007" in missing.output
    bad = runner.invoke(_cli(), ["perturb", str(sources), "--out", "y", "--types", "z"])
    assert bad.exit_code == 2 and "P001" in bad.output


# --------------------------------------------------------------------------- recall


def test_recall_by_perturbation_uses_the_contract_matching(tmp_path):
    (tmp_path / "a.txt").write_text("Revenue was $5 billion.", "utf-8")
    (tmp_path / "b.txt").write_text(
        "Revenue was $9 billion. Sales rose XX percent.", "utf-8"
    )

    def span(article, start, end, text):
        return {"article": article, "start": start, "end": end, "text": text}

    nine, five = span("b", 12, 22, "$9 billion"), span("a", 12, 22, "$5 billion")
    findings = [
        {"id": "g1", "kind": "number", "perturbation": "number", "cross_article": True,
         "slots": [[nine], [five]]},
        {"id": "g2", "kind": "placeholder", "perturbation": "placeholder",
         "cross_article": False, "slots": [[span("b", 35, 37, "XX")]]},
    ]  # fmt: skip
    gold = {
        "schema": "crosscheck.gold/1",
        "articles": [{"id": "a", "path": "a.txt"}, {"id": "b", "path": "b.txt"}],
        "claims": [],
        "findings": findings,
        "traps": [],
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold), "utf-8")

    class Result:  # what a RunResult offers the scorer
        findings = [
            Finding("number", "value_mismatch", "across", "high", 0.7, "m",
                    (Evidence("b", 12, 22, "$9 billion"),
                     Evidence("a", 12, 22, "$5 billion"))),
            Finding("placeholder", "placeholder", "within", "high", 0.9, "m",
                    (Evidence("a", 0, 7, "Revenue"),)),
        ]  # fmt: skip

    stats = recall_by_perturbation(Result(), tmp_path)
    assert stats["by_perturbation"]["number"] == {
        "gold": 1,
        "matched": 1,
        "recall": 1.0,
    }
    assert stats["by_perturbation"]["placeholder"]["recall"] == 0.0
    assert stats["cross_article"]["recall"] == 1.0 and stats["overall"]["recall"] == 0.5
    evaluation = {
        "sets": {"x": {"articles": ["a", "b"], "findings": {"misses": [{"id": "g2"}]}}}
    }
    assert recall_by_perturbation(evaluation, tmp_path / "gold.json") == stats
    with pytest.raises(PerturbError, match="P011"):
        recall_by_perturbation(
            {"sets": {"x": {"articles": ["a"], "findings": {"misses": []}}}}, tmp_path
        )


def _fields(c: Claim) -> dict:
    return {f: getattr(c, f) for f in c.__slots__}
