"""Property tests over the checks: hypothesis-built claims of every kind never crash
a check, every evidence span is its article's text, and the findings do not depend
on the order the claims come in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.checks import (  # noqa: F401
    REGISTRY,
    ArticleInfo,
    Batch,
    counts,
    numeric,
    placeholders,
    ranking,
    run_checks,
    temporal,
)
from tests.fuzz.strategies import ARTICLES, claim_on, date_value, news_text

BODY = (
    "LONDON, 3 May (Reuters) - Acme said revenue rose 8.1 percent to $5.6 billion"
    " in 2023, ranking it 24th of the top 100. [TK] The quake killed 52 people. "
)


@st.composite
def batches(draw):
    texts = {a: BODY + draw(news_text) + " " * 50 for a in ARTICLES}
    batch = Batch()
    for a, body in texts.items():
        dateline_date = draw(st.one_of(st.none(), date_value().map(lambda v: v[0])))
        if dateline_date is not None and (
            len(dateline_date) != 10 or dateline_date[0] == "-"
        ):
            dateline_date = None  # a dateline's date is always a whole ISO date
        batch.articles[a] = ArticleInfo(
            id=a,
            text=body,
            published=draw(
                st.one_of(st.none(), st.just("2024-05-03"), st.just("2023-09-09"))
            ),
            dateline_date=dateline_date,
            dateline_span=(14, 19) if dateline_date else None,
            dateline_year_source=draw(
                st.sampled_from([None, "stated", "published", "body", "none"])
            ),
            story=draw(st.sampled_from(["s1", "s1", "s2"])),
        )
    claims = draw(st.lists(claim_on(texts), max_size=25))
    return batch, claims


def _dicts(findings):
    return [f.to_dict() for f in findings]


@given(batches(), st.randoms(use_true_random=False))
def test_checks_never_crash_and_are_deterministic(generated, rng):
    batch, claims = generated
    findings = run_checks(claims, batch)
    for f in findings:
        assert f.evidence
        for e in f.evidence:
            body = batch.articles[e.article].text
            assert 0 <= e.start <= e.end <= len(body)
            assert body[e.start : e.end] == e.text
    shuffled = list(claims)
    rng.shuffle(shuffled)
    assert _dicts(run_checks(shuffled, batch)) == _dicts(findings)
    assert _dicts(run_checks(claims, batch)) == _dicts(findings)


@given(batches(), st.sampled_from(sorted(REGISTRY)))
def test_each_check_alone_never_crashes(generated, name):
    batch, claims = generated
    run_checks(claims, batch, [name])
