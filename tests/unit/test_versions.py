"""Versions of one text (pipeline/checks/versions.py): which articles are versions,
which stretches changed, and a change another check already told is not told twice.
The texts are our own."""

from __future__ import annotations

from pipeline.checks import ArticleInfo, Batch
from pipeline.checks.versions import _changed_stretches, already_told, version_pairs
from pipeline.findings import Evidence, Finding

REPORT = (
    "The county council approved its budget on Thursday after a four-hour debate. "
    "Councillors voted 41 to 12 for the plan, which raises spending on roads and "
    "libraries and freezes parking charges for a second year, the leader said. "
    "Opposition members said the cuts to youth services went too far."
)
OTHER = (
    "A river in the north of the county burst its banks on Sunday, flooding farmland "
    "and closing two roads near the market town, the fire service said. Residents "
    "were told to move cars to higher ground as more rain was forecast."
)


def batch_of(**texts: str) -> Batch:
    return Batch(
        articles={a: ArticleInfo(id=a, text=t, story="s") for a, t in texts.items()}
    )


def test_an_edited_copy_is_a_version_and_an_unrelated_report_is_not():
    edited = REPORT.replace("41 to 12", "41 to 14")
    batch = batch_of(a=REPORT, b=edited, c=OTHER)
    assert list(version_pairs(batch, ["a", "b", "c"])) == [("a", "b")]


def test_an_identical_copy_has_nothing_changed():
    batch = batch_of(a=REPORT, b=REPORT)
    assert list(version_pairs(batch, ["a", "b"])) == []


def test_articles_of_different_stories_are_not_versions():
    batch = Batch(
        articles={
            "a": ArticleInfo(id="a", text=REPORT, story="s1"),
            "b": ArticleInfo(id="b", text=REPORT.replace("41", "42"), story="s2"),
        }
    )
    assert list(version_pairs(batch, ["a", "b"])) == []


def test_the_changed_stretch_is_the_replaced_words_only():
    edited = REPORT.replace("four-hour", "five-hour")
    (xs, xe, ys, ye), *_ = list(_changed_stretches(REPORT, edited))
    assert REPORT[xs:xe] == "four-hour" and edited[ys:ye] == "five-hour"


def test_a_stretch_longer_than_a_figure_is_no_changed_figure():
    edited = REPORT.replace(
        "after a four-hour debate", "following long bitter arguments that ran late"
    )
    assert list(_changed_stretches(REPORT, edited)) == []


def _finding(rule: str, *spans: tuple[str, int, int]) -> Finding:
    return Finding(
        kind="number",
        rule=rule,
        scope="across",
        severity="medium",
        confidence=0.8,
        message=rule,
        evidence=tuple(Evidence(a, s, e, "x") for a, s, e in spans),
    )


def test_a_version_change_another_check_made_is_dropped_and_others_stay():
    told = _finding("value_mismatch", ("a", 10, 14), ("b", 10, 14))
    same = _finding("version_figure_change", ("a", 10, 14), ("b", 11, 13))
    new = _finding("version_figure_change", ("a", 40, 44), ("b", 40, 44))
    half = _finding("version_figure_change", ("a", 10, 14), ("b", 40, 44))
    kept = already_told([told, same, new, half])
    assert kept == [told, new, half]


def test_a_figure_changed_in_one_of_several_versions_is_one_finding(nlp):
    from tests.conftest import run_texts

    report = (
        "Published: 2025-05-02\n" + REPORT.replace("on Thursday", "on 1 May") + "\n"
    )
    changed = report.replace("on 1 May", "on 8 May")
    result = run_texts([("v1", report), ("v2", report), ("v3", changed)])
    version = [f for f in result.findings if f.rule == "version_date_change"]
    assert len(version) == 1
    assert {e.article for e in version[0].evidence} == {"v1", "v2", "v3"}


def test_the_sketch_hash_is_the_same_in_every_process():
    import zlib

    from pipeline.checks.versions import _shingles

    # Python's str hash is salted per process; the sketch must not be
    assert _shingles("One two three four five") == {
        zlib.crc32(b"one two three four five")
    }
