"""The spool keeps claims on disk between extraction and the reduce."""

from __future__ import annotations

from collections import Counter

from pipeline.claims import Claim
from pipeline.corpus import make_article
from pipeline.extract import ArticleFacts
from pipeline.report import atomic_write
from pipeline.spool import FactSpool


def _facts(i: int) -> ArticleFacts:
    article = make_article(f"a{i}", f"a{i}.txt", f"Text {i} with 1,200 people.")
    claims = [Claim(f"a{i}", 10, 15, "1,200", "count", 1200.0 + i)]
    return ArticleFacts(article, claims, Counter({"TERM:people": 1}), parse=b"p%d" % i)


def test_claims_and_parse_leave_memory_and_come_back_whole():
    with FactSpool() as spool:
        light = [spool.put(i, _facts(i)) for i in range(50)]
        assert all(f.claims == [] and f.parse is None for f in light)
        assert light[3].entities == Counter({"TERM:people": 1})
        assert spool.claims(7) == _facts(7).claims
        back = spool.restore(3, light[3])
        assert back.claims == _facts(3).claims and back.parse == b"p3"
        assert 3 not in spool and 4 in spool
        assert [spool.claims(i)[0].value for i in (0, 49)] == [1200.0, 1249.0]


def test_atomic_write_takes_the_text_in_pieces(tmp_path):
    path = tmp_path / "claims.jsonl"
    atomic_write(path, (f"{i}\n" for i in range(1000)))
    assert path.read_text().splitlines() == [str(i) for i in range(1000)]
